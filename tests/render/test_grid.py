"""`ledger eval`'s grids are tabulate's, whether drawn by render/grid.py or handed to tabulate.

render/grid.py draws a plain grid itself (strings of printable ASCII on one line, a row as long
as the headers, columns aligned left or right), so that `ledger eval` need not import tabulate,
and hands every other grid to tabulate. Here grids are made from cells of every kind either
might meet, and each must come out exactly as tabulate draws it.
"""

from __future__ import annotations

import contextlib
import subprocess
import sys
import types
from unittest import mock

from hypothesis import given, settings
from hypothesis import strategies as st
import tabulate as tabulate_module
from tabulate import tabulate

from ledgerlang.render import grid
from support import PRELUDE, ROOT

# Mostly what a statement holds (labels, figures, blanks), and now and then what a book's text
# could put in a title or a claim: spaces at either end, a tab, a line break, a wide character,
# an accent, a control character, tabulate's separating-line mark.
PLAIN = st.text(alphabet=st.sampled_from("abcXYZ019 .,()%-|:$*#"), max_size=12)
ODD = st.text(alphabet=st.sampled_from("a \t\n\r\x01\x1b[m\u00e9\u65e5\u2014\u00a0"), max_size=5)
CELLS = st.one_of(PLAIN, PLAIN, PLAIN, PLAIN, ODD, st.just(""))


@st.composite
def grids(draw):
    width = draw(st.integers(1, 5))
    headers = draw(st.lists(CELLS, min_size=width, max_size=width))
    rows = draw(st.lists(st.lists(CELLS, min_size=width, max_size=width), min_size=1, max_size=6))
    if draw(st.integers(0, 9)) == 0:  # now and then a row of another length, or a cell not a string
        rows[draw(st.integers(0, len(rows) - 1))] = draw(st.lists(st.one_of(CELLS, st.integers(-5, 5)), max_size=6))
    colalign = draw(st.none() | st.lists(st.sampled_from(["left", "right", "right", "center"]), min_size=width,
                                         max_size=width).map(tuple))
    return rows, headers, colalign


@settings(max_examples=1500, deadline=None)
@given(grids(), st.booleans())
def test_a_grid_comes_out_as_tabulate_draws_it(drawn, markdown):
    rows, headers, colalign = drawn
    given_rows, given_headers = rows, headers
    if markdown:  # a | in a Markdown cell is escaped first, so that it stays in its cell
        def escaped(cell):
            return cell.replace("|", "\\|") if isinstance(cell, str) else cell

        given_rows, given_headers = [[escaped(c) for c in row] for row in rows], [escaped(c) for c in headers]
    with wide_characters():
        expected = tabulate(given_rows, headers=given_headers, tablefmt="github" if markdown else "simple",
                            disable_numparse=True, colalign=colalign)
        assert grid.table(rows, headers, markdown, colalign=colalign) == expected


@contextlib.contextmanager
def wide_characters():
    """tabulate as it draws where wcwidth is installed (a wide character two columns), whether it
    is or not: with grid.width standing in for wcwidth's count."""
    with mock.patch.object(tabulate_module, "wcwidth", types.SimpleNamespace(wcswidth=grid.width)), \
            mock.patch.object(tabulate_module, "WIDE_CHARS_MODE", True):
        yield


def test_a_statement_s_grid_is_drawn_here():
    # A statement's shape: labels left, figures right, a blank corner header; and a listing's.
    rows = [["Revenues", "83,012", "(1,234)"], ["  Operating income ", "-", "12.5%"]]
    headers = ["", "1Q03", "1Q02"]
    for markdown in (False, True):
        drawn = grid._drawn(rows, headers, markdown, ("left", "right", "right"))
        assert drawn is not None
        assert drawn == tabulate(rows, headers=headers, tablefmt="github" if markdown else "simple",
                                 disable_numparse=True, colalign=("left", "right", "right"))
    assert grid._drawn(rows, ["", "1Q03", "日本"], False, None) is not None  # a wide character too
    assert grid._drawn(rows, ["", "1Q03", "a\tb"], False, None) is None  # a control character: tabulate's


def test_a_wide_label_keeps_its_row_s_figures_in_their_columns():
    """日本 takes four columns on a terminal: tabulate without wcwidth (not a dependency) counted two,
    and pushed the row's figures two columns right of the others. Escapes that `visible` puts in
    place of a bidi override or an ESC are counted as printed, too."""
    from ledgerlang.render.statements import as_text, grid as statement_grid
    from support import evaluated as evaluate_book

    evaluation = evaluate_book(PRELUDE + 'item a "日本の売上 🍣" JPY flow\nitem b "Plain" JPY flow\n'
                               'item c "Evil \u202e\x1b[31m" JPY flow\n'
                               'table "T" in JPY millions\n  columns 1Q03\n  a 1,234\n  b 5\n  c 7\n'
                               'statement s "S" in JPY millions\n  columns 1Q03\n  a\n  b\n  c\n')
    for markdown in (False, True):
        text = as_text([statement_grid(evaluation.book.statements[0], evaluation)], markdown=markdown)
        lines = [line for line in text.splitlines()[1:] if line.strip() and not line.startswith("#")]
        assert len({grid.width(line) for line in lines}) == 1, lines


def test_ledger_eval_draws_the_iij_books_without_tabulate():
    code = ("import sys; from ledgerlang.cli.main import main; status = main(['eval', 'books/iij']); "
            "print(status, 'tabulate' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.split()[-2:] == ["0", "False"]
