"""The fast path for table rows parses exactly what the grammar parses, or leaves the line to it."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ledgerlang.syntax.parse import fast_rows, parse

HEADER = 'item rev "Revenue" JPY flow\ntable "T" in JPY millions\n  columns 1Q03 1Q02 yoy%(1Q03)\n'

digits = st.from_regex(r"[0-9]{1,7}", fullmatch=True)


@st.composite
def figures(draw):
    """Figures as printed: 1,234  (5.7%)  -12  +3.5  0.0%, sometimes malformed."""
    number = draw(digits)
    if draw(st.booleans()) and len(number) > 3:
        number = f"{int(number):,}"
    if draw(st.booleans()):
        number += "." + draw(st.from_regex(r"[0-9]{1,3}", fullmatch=True))
    if draw(st.booleans()):
        number += "%"
    sign = draw(st.sampled_from(["", "", "-", "+"]))
    if draw(st.booleans()):
        return f"({sign}{number})" if draw(st.booleans()) else f"({number}"
    return sign + number


odd_cells = st.sampled_from(["1,2345", "12%)", "-.", "1.2.3", "abc", "1Q03", "in", "millions", "--", "..",
                             "H1", "FY2017", "1H17", "1Q-3Q19", "Q1-Q3", "9M",
                             "1,234-", "(5.7%", "5,7", "+", "%", "@", "(", ")", "1e3", "\u00a0", "١٢"])
cells = st.one_of(figures(), st.sampled_from(["-", "."]), odd_cells)
heads = st.sampled_from(["rev", "rev.a.b", "x%", "-rev", "- rev", "rev@close", "rev@open", "rev @close", "rev@in",
                         "in", "table", "columns", "rev in millions", "rev.", "_r", "9rev", "rev@1Q03", "rev@-1y"])
# Form feed, a lone CR, U+2028 and friends end a line for str.splitlines, never for the grammar.
separators = st.sampled_from([" ", "  ", "\t", "\f", " \t ", "", "\r", "\x0b", "\x1c", "\x85", "\u2028"])
endings = st.sampled_from(["", "", " ", "  # note", "# n", " #", "\r", ' "q"'])


@st.composite
def row_lines(draw):
    """A line where a table row may stand: mostly plain rows, often with something unusual."""
    parts = [draw(heads)]
    for cell in draw(st.lists(cells, min_size=0, max_size=5)):
        parts.append(draw(separators) + cell)
    return draw(st.sampled_from(["  ", "", "\t"])) + "".join(parts) + draw(endings)


@st.composite
def plain_rows(draw):
    """A row of the shape the fast path exists for."""
    head = draw(st.sampled_from(["rev", "rev.a.b", "-rev", "cash@close", "x%"]))
    row = "  " + head + "".join(" " * draw(st.integers(1, 4)) + draw(st.sampled_from(["-", "."]) | figures()
                                                                     .filter(lambda f: f.count("(") == f.count(")")))
                                 for _ in range(draw(st.integers(1, 5))))
    return row + draw(st.sampled_from(["", "  # comment"]))


@settings(max_examples=400, deadline=None)
@given(st.lists(row_lines(), min_size=1, max_size=4), st.sampled_from(["in JPY millions", "in JPY", "in thousands", ""]))
def test_fast_path_parses_as_the_grammar(lines, scale):
    """A table whose rows take the fast path parses to the same tree and diagnostics as the grammar alone."""
    text = HEADER.replace("in JPY millions", scale) + "\n".join(lines) + "\n"
    assert parse(text, "t.iij") == parse(text, "t.iij", fast=False)


@settings(max_examples=200, deadline=None)
@given(st.lists(plain_rows(), min_size=1, max_size=4))
def test_plain_rows_take_the_fast_path(lines):
    """Plain rows are read by the fast path (so the property above is not vacuous), and parse as the grammar does."""
    text = HEADER + "\n".join(lines) + "\n"
    grammar_text, rows, _, _ = fast_rows().split(text, "t.iij")
    assert sum(len(found) for found in rows.values()) == len(lines)
    assert grammar_text.count("\n") == text.count("\n")
    assert parse(text, "t.iij") == parse(text, "t.iij", fast=False)


def test_rows_of_statements_and_other_declarations_are_left_to_the_grammar():
    """Only the rows of a table, after its columns line, are fast: statements and claims are not."""
    text = ('statement s "S"\n  columns 1Q03\n  rev\n'
            'claim "c"\n  rev@1Q03 = 1 JPY\n'
            'table "T"\n  rounding truncate\n  rev 1 2\n  columns 1Q03\n  rev 3\n')
    _, rows, _, _ = fast_rows().split(text, "t.iij")
    assert [line for found in rows.values() for line, _ in found] == [10]


def test_a_bad_row_keeps_the_grammars_diagnostic():
    """A row the grammar rejects is reported by the grammar, with its own message and place."""
    text = HEADER + "  rev 1 2 3\n  rev 1,2345 x\n  rev 4 5 6\n"
    fast, fast_diagnostics = parse(text, "t.iij")
    slow, slow_diagnostics = parse(text, "t.iij", fast=False)
    assert fast_diagnostics == slow_diagnostics and fast_diagnostics
    assert fast == slow


@settings(max_examples=300, deadline=None)
@given(st.lists(row_lines(), min_size=1, max_size=4))
def test_shortened_bad_rows_keep_the_grammars_diagnostic(lines):
    """With every row counted long, a bad row the grammar sees shortened gives the grammar's own tree and diagnostics."""
    from ledgerlang.syntax import fastpath

    text = HEADER + "\n".join(lines) + "\n"
    saved, fastpath.LONG_ROW = fastpath.LONG_ROW, 0
    try:
        assert parse(text, "t.iij") == parse(text, "t.iij", fast=False)
    finally:
        fastpath.LONG_ROW = saved


def test_a_long_row_ending_in_a_bad_cell_is_reported_without_reading_every_cell():
    """A 20,000-cell row with a bad last cell: the grammar's diagnostic, at its column, from a shortened line."""
    text = HEADER + "  rev" + " 1,234" * 20_000 + " 1x2 # note\n  rev 1 2 3\n"
    grammar_text, _, _, _ = fast_rows().split(text, "t.iij")
    assert grammar_text.count("1,234") == 1 and grammar_text.count("\n") == text.count("\n")
    fast, fast_diagnostics = parse(text, "t.iij")
    slow, slow_diagnostics = parse(text, "t.iij", fast=False)
    assert fast_diagnostics == slow_diagnostics
    assert [(d.code, d.span.line, d.span.column) for d in fast_diagnostics] == [("syntax", 4, len("  rev") + 6 * 20_000 + len(" 1x"))]
    assert fast == slow and [c.text for c in fast.comments] == ["# note"]


def test_a_long_row_is_read_by_the_fast_path_into_the_nodes_the_grammar_makes():
    """A row over LONG_ROW, which the one pattern (`matched_row`, the definition) reads part by part
    (`long_line`), is taken by the fast path's reading by words as any row is, and gives the
    grammar's nodes: its head with an edge, every cell, its comment."""
    from ledgerlang.syntax import fastpath

    row = "  -rev@close" + "  1,234 (5) - ." * 400 + "   # note"
    assert len(row) > fastpath.LONG_ROW
    text = HEADER + row + "\n  rev 1 2 3\n"
    grammar_text, rows, comments, _ = fast_rows().split(text, "t.iij")
    assert [line for taken in rows.values() for line, _ in taken] == [4, 5]  # both rows, the long one too
    assert grammar_text.count("\n") == text.count("\n") and "1,234" not in grammar_text
    (_, node), _ = next(iter(rows.values()))
    assert (node.head.negated, node.head.item, node.head.edge, len(node.cells)) == (True, "rev", "close", 1600)
    assert [c.text for c in comments] == ["# note"]
    assert parse(text, "t.iij") == parse(text, "t.iij", fast=False)


@settings(max_examples=300, deadline=None)
@given(st.lists(row_lines(), min_size=1, max_size=4), st.booleans())
def test_a_cells_place_covers_its_text(lines, fast):
    """A cell keeps its start and text, and its end is worked out from them (model: Cell): on
    either path, what its place covers in the source (what a diagnostic underlines and the
    editor marks) is its text, on its own line."""
    text = HEADER + "\n".join(lines) + "\n"
    source = text.split("\n")  # the grammar's lines: no other character ends one
    tree, _ = parse(text, "t.iij", fast=fast)
    cells = [cell for decl in tree.declarations for row in getattr(decl, "rows", ()) for cell in row.cells]
    for cell in cells:
        assert cell.end_line == cell.line
        assert source[cell.line - 1][cell.column - 1:cell.end_column - 1] == cell.text
