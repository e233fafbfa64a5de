"""The fast path's row reader (str methods, word by word) reads exactly what the one pattern built from the
grammar's terminals reads (`FastRows.matched_row`, its definition): the same nodes, or None for both."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from ledgerlang.syntax import fastpath
from ledgerlang.syntax.parse import fast_rows
from support import ROOT

digits = st.from_regex(r"[0-9]{1,7}", fullmatch=True)


@st.composite
def figures(draw):
    """Figures as printed: 1,234  (5.7%)  -12  +3.5  0.0%."""
    number = draw(digits)
    if len(number) > 3 and draw(st.booleans()):
        number = f"{int(number):,}"
    if draw(st.booleans()):
        number += "." + draw(st.sampled_from(["5", "25"]))
    if draw(st.booleans()):
        number += "%"
    number = draw(st.sampled_from(["", "", "-", "+"])) + number
    return f"({number})" if draw(st.booleans()) else number


# Each part of a line is drawn as the pattern's own, or now and then as something near it that is
# not: a name that is no ID or is a keyword, a word that is no cell or holds a character the reader
# must not cut at or past ("#", "@", a quote, a control character, a letter beyond ASCII), whitespace
# str.split cuts at and the pattern does not (every such ASCII character, some beyond ASCII), none.
NAMES = ["rev", "rev.a.b", "x%", "_r", "r9", "close", "open.x2"]
ODD_NAMES = ["rev.", "9rev", "r%x", "r..a", "in", "table", "columns", "é", "rev\u00e9", "", "-rev", "r@"]
ODD_WORDS = ["--", "..", "1,2345", "1,23", "(12", "12)", "5.", "--5", "1,234-", "+-1", "1#2", "#", "@", "1@2",
             '"1"', "1\x00", "1\x01", "\u0661", "١٢", "1e3", "1Q03", "(", ")", "%", "+", "1\u00a02", "rev"]
SEPARATORS = [" ", "  ", "      ", "\t", "\f", " \t\f "]
ODD_SEPARATORS = ["", "\x0b", "\r", "\x1c", "\x1d", "\x1e", "\x1f", "\x85", "\xa0", "\u2028", "\u3000", " \x0b "]
ENDINGS = ["\n", "  # note\n", "# n\n", " #\n", "#\n", " # \u00e9 \x0b\n", "  #  -rev 1 2\n"]
ODD_ENDINGS = [" # a\rb\n", "\r\n", " \r\n", "", " # last line", " \x1c\n"]
LEADS = ["", "  ", "\t", "\f "]
ODD_LEADS = [" \x0b", "\u00a0", "\r"]


def part(draw, plain, odd):
    """A part as the pattern has it, or (one time in eight) one near it."""
    if draw(st.integers(0, 7)):
        return draw(plain if isinstance(plain, st.SearchStrategy) else st.sampled_from(plain))
    return draw(st.sampled_from(odd))


@st.composite
def lines(draw):
    """A line where a table row may stand: [-]ITEM[@EDGE], cells, a comment, the line's end."""
    head = part(draw, NAMES, ODD_NAMES)
    if draw(st.booleans()):
        head += "@" + part(draw, NAMES, ODD_NAMES)
    if not draw(st.integers(0, 7)):
        head += "@" + part(draw, NAMES, ODD_NAMES)
    if draw(st.booleans()):
        head = part(draw, ["-"], ["- ", "--", "#", "+"]) + head
    line = part(draw, LEADS, ODD_LEADS) + head
    for _ in range(draw(st.integers(0, 6))):
        line += part(draw, SEPARATORS, ODD_SEPARATORS) + part(draw, figures() | st.sampled_from(["-", "."]), ODD_WORDS)
    return line + draw(st.sampled_from(["", " ", "\t"])) + part(draw, ENDINGS, ODD_ENDINGS)


def read_both(text: str, path: str = "t.iij"):
    """Each line of `text` read by `row` and by `matched_row`, each with its own comments and with the
    words it has read before kept across lines, as `split` keeps them across a file."""
    rows = fast_rows()
    texts, names_read, comments = {}, {}, []
    pattern_texts, pattern_comments = {}, []
    start, number = 0, 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end + 1
        number += 1
        by_words = rows.row(text, start, end, number, path, comments, texts, names_read)
        by_pattern = rows.matched_row(text, start, end, number, path, pattern_comments, pattern_texts)
        yield text[start:end], by_words, by_pattern
        assert comments == pattern_comments, text[start:end]
        start = end


@settings(max_examples=1500, deadline=None)
@given(st.lists(lines(), min_size=1, max_size=4))
def test_the_row_reader_reads_what_the_pattern_reads(drawn):
    """Every drawn line is a row for both readers, with equal nodes and comments, or for neither."""
    for line, by_words, by_pattern in read_both("".join(drawn)):
        assert by_words == by_pattern, line


@settings(max_examples=300, deadline=None)
@given(st.lists(lines(), min_size=1, max_size=4))
def test_the_row_reader_reads_what_the_pattern_reads_a_part_at_a_time(drawn):
    """With every row counted long, the pattern's reading a part at a time (`long_line`) is the same too."""
    saved, fastpath.LONG_ROW = fastpath.LONG_ROW, 0
    try:
        for line, by_words, by_pattern in read_both("".join(drawn)):
            assert by_words == by_pattern, line
    finally:
        fastpath.LONG_ROW = saved


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="ab_.%-@#(),+09 \t\f\x0b\r\x1c\x85\xa0\u2028\u00e9\n", max_size=40))
def test_any_text_is_read_alike(text):
    """Lines of any characters the two readers treat apart are read alike, mostly as no row at all."""
    for line, by_words, by_pattern in read_both(text):
        assert by_words == by_pattern, line


def test_rows_of_every_bundled_and_golden_book_are_read_alike():
    """Every line of the repository's books (transcribed releases) and golden files is read alike by both,
    and the rows among them are read at all: the tables' rows are not all left to the grammar."""
    read = 0
    for path in sorted([*ROOT.glob("books/**/*.iij"), *ROOT.glob("tests/golden/**/*.iij")]):
        text = path.read_text(encoding="utf-8")
        for line, by_words, by_pattern in read_both(text if text.endswith("\n") else text + "\n", str(path)):
            assert by_words == by_pattern, (path, line)
            read += by_words is not None
    assert read > 250


def test_a_row_read_by_words_has_the_grammars_places():
    """A row of tabs, form feeds and a comment right after its last cell: each part where the line has it."""
    rows = fast_rows()
    text = "\t-rev@close \f1,234\t(5.7%)  -  .#note\n"
    comments: list = []
    node = rows.row(text, 0, len(text), 7, "t.iij", comments, {}, {})
    assert (node.head.negated, node.head.item, node.head.edge) == (True, "rev", "close")
    assert (node.head.span.column, node.head.span.end_column) == (2, 12)
    assert [(cell.text, cell.column) for cell in node.cells] == [("1,234", 14), ("(5.7%)", 20), ("-", 28), (".", 31)]
    assert (node.span.line, node.span.column, node.span.end_column) == (7, 2, 32)
    assert [(c.text, c.span.column, c.span.end_column) for c in comments] == [("#note", 32, 37)]


def test_a_name_or_figure_read_twice_is_one_string():
    """Equal names and figures on two rows are one string each (every cell outlives the parse)."""
    rows = fast_rows()
    first, second = "  rev  1,234  -\n", "  rev@close  1,234  -\n"
    texts, names_read = {}, {}
    one = rows.row(first, 0, len(first), 1, "t.iij", [], texts, names_read)
    two = rows.row(second, 0, len(second), 2, "t.iij", [], texts, names_read)
    assert one.head.item is two.head.item
    assert [a.text is b.text for a, b in zip(one.cells, two.cells)] == [True, True]
