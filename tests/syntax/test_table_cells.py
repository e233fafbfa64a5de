"""A table cell's figure is read as `parse_figure` reads it, by a shorter way for the commonest texts."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ledgerlang import regexes
from ledgerlang.syntax import nodes as n
from ledgerlang.syntax.figures import parse_figure, read_cell
from ledgerlang.syntax.parse import parse, tables

# The grammar's own FIGURE terminal: every cell's text but `-` and `.` is one of its tokens.
FIGURE = tables().terminals["FIGURE"][2]
figure_texts = st.one_of(st.from_regex(FIGURE, fullmatch=True),
                         st.integers(0, 10**40).map(lambda number: f"{number:,}"),
                         st.integers(0, 10**40).map(str), st.just("-"))


@given(figure_texts, st.integers(-3, 12), st.booleans(), st.sampled_from(["nearest", "truncate", "exact"]))
def test_a_cells_figure_reads_as_parse_figure_reads_it(text, scale, percent, rounding):
    """Digits, and digits grouped by thousands, read without the figure's patterns: to the same
    value, to the digit (its exponent too), or to the same message, for every text the grammar
    takes as a cell."""
    short, whole = read_cell(text, scale, percent, rounding), parse_figure(text, scale, percent, rounding)
    assert short == whole
    if not isinstance(short, str):
        assert short.value.as_tuple() == whole.value.as_tuple()
        assert (short.text, short.scale, short.negated) == (whole.text, whole.scale, whole.negated)


cell_texts = st.one_of(st.from_regex(FIGURE, fullmatch=True), st.sampled_from(
    ["-", ".", "12,34", "1,2345", "1,234,56", "١٢", "1.2.3", "(5.7%", "1e3", "--"]))


@settings(max_examples=200, deadline=None)
@given(st.lists(cell_texts, min_size=1, max_size=4), st.booleans())
def test_the_parser_hands_the_builder_only_the_grammars_figures(texts, long_row):
    """`read_cell` relies on a cell's text being a FIGURE token, `-` or `.`: whichever way a row is
    read (the fast path's pattern, a long row a cell at a time, or the grammar), a cell the
    builder is given is one of those, and a text that is none of them (`12,34`) is a syntax
    error, not a cell."""
    padding = " " * 4100 if long_row else ""  # past the fast path's LONG_ROW: read a cell at a time
    columns = " ".join(["1Q03"] * len(texts))
    text = (f'item rev "Revenue" JPY flow\ntable "T" in JPY millions\n  columns {columns}\n'
            f"  rev {padding}{' '.join(texts)}\n")
    tree, _ = parse(text, "t.iij")
    figure = regexes.compile(FIGURE).fullmatch
    cells = [cell for declaration in tree.declarations if isinstance(declaration, n.TableDecl)
             for row in declaration.rows for cell in row.cells]
    assert all(cell.text in ("-", ".") or figure(cell.text) for cell in cells)
    if all(t in ("-", ".") or figure(t) for t in texts):
        assert [cell.text for cell in cells] == texts
