"""Table rows as the builder reads them (syntax/tables.py, syntax/figures.py): a cell's figure as
`parse_figure` reads it, by a shorter way for the commonest texts, and a row's head worked out once
and still checked at every row."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from ledgerlang import regexes
from ledgerlang.model.period import parse_period
from ledgerlang.syntax import nodes as n
from ledgerlang.syntax.figures import negate, parse_figure, read_cell
from ledgerlang.syntax.parse import parse, tables
from support import PRELUDE, book

# The grammar's own FIGURE terminal: every cell's text but `-` and `.` is one of its tokens.
FIGURE = tables().terminals["FIGURE"][2]
figure_texts = st.one_of(st.from_regex(FIGURE, fullmatch=True),
                         st.integers(0, 10**40).map(lambda number: f"{number:,}"),
                         st.integers(0, 10**40).map(str), st.just("-"))


@given(figure_texts, st.integers(-3, 12), st.booleans(), st.sampled_from(["nearest", "truncate", "exact"]),
       st.booleans())
def test_a_cells_figure_reads_as_parse_figure_reads_it(text, scale, percent, rounding, negated):
    """Digits, and digits grouped by thousands, read without the figure's patterns: to the same
    value, to the digit (its exponent too), or to the same message, for every text the grammar
    takes as a cell, in a `-item` row (`negated`) or not."""
    short, whole = read_cell(text, scale, percent, rounding, negated), parse_figure(text, scale, percent, rounding)
    if negated and not isinstance(whole, str):
        whole = negate(whole)
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


TWO_YEARS = """
item rev "Revenue" JPY flow
item cash "Cash" JPY stock
item price "Price" USD flow
table "Q1" in JPY millions
  columns 1Q03 2Q03
  rev    1,200  1,300
  -rev   1,200  1,300
  price  5  6
  cash@close  10  11
table "Q2" in JPY millions
  columns 3Q03 4Q03
  rev    1,400  1,500  1,600
  -rev   1,400  1,500
  price  7  8
  cash@close  12  13
table "Balances" in JPY millions
  columns 2003-06-30
  rev    1,700
table "Q3" in JPY millions
  columns 1Q04 2Q04
  rev    1,800  1,900
  cash@close  14  15
"""


def test_a_rows_head_read_in_one_table_is_checked_again_in_the_next():
    """An item's row is read with what its head and the table decide, worked out at its first
    row and kept; each later row of it is still checked on its own: its count of cells, whether
    it fits the table's columns, and a unit that contradicts its table's currency, which is
    never kept."""
    loaded, diagnostics = book(TWO_YEARS)
    lines = (PRELUDE + TWO_YEARS).splitlines()
    found = [(d.code, lines[d.span.line - 1].split()[0]) for d in diagnostics]
    assert found == [("unit-mismatch", "price"), ("cell-count", "rev"), ("unit-mismatch", "price"),
                     ("flow-on-instant", "rev")]
    assert [d.span.line for d in diagnostics] == sorted(d.span.line for d in diagnostics)
    values = {(f.item, f.period, f.negated): f.value.value for f in loaded.facts}
    assert values[("rev", parse_period("1Q03"), False)] == Decimal("1200E6")
    assert values[("rev", parse_period("4Q03"), True)] == Decimal("-1500E6")
    assert values[("rev", parse_period("2Q04"), False)] == Decimal("1900E6")
    assert ("rev", parse_period("3Q03"), False) not in values  # a cell too many: none of its row is read
    assert values[("cash", parse_period("2004-09-30"), False)] == Decimal("15E6")
