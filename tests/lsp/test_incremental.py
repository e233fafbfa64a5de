"""Parsing one declaration at a time gives the tree a whole-file parse gives, and parses only what changed."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledgerlang.lsp.incremental import ChunkedParser
from ledgerlang.syntax.parse import parse

from support import ROOT

BOOKS = sorted([*ROOT.glob("books/**/*.iij"), *ROOT.glob("tests/golden/**/*.iij")])
RELEASE = ROOT / "books" / "iij" / "iij-1q03-earnings-release.iij"


def same(text: str, path: str, parser: ChunkedParser | None = None) -> None:
    tree, diagnostics = (parser or ChunkedParser()).parse(text, path)
    whole, expected = parse(text, path)
    assert tree.declarations == whole.declarations
    assert tree.comments == whole.comments
    assert sorted(diagnostics, key=repr) == sorted(expected, key=repr)


@pytest.mark.parametrize("path", BOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_chunks_parse_to_the_whole_file_tree(path):
    """Every bundled and golden book: the same declarations, comments and diagnostics as a whole parse."""
    same(path.read_text(encoding="utf-8"), str(path))


def test_an_edit_parses_only_its_declaration_again():
    """Changing a figure in one table row parses one chunk again, and the tree is still the whole parse's."""
    text = RELEASE.read_text(encoding="utf-8")
    parser = ChunkedParser()
    parser.parse(text, str(RELEASE))
    assert parser.parsed > 50
    edited = text.replace("  rev.dialup          767", "  rev.dialup          768", 1)
    same(edited, str(RELEASE), parser)
    parser.parse(edited, str(RELEASE))
    assert parser.parsed == 0  # the same text again: nothing to parse
    again = ChunkedParser()
    again.parse(text, str(RELEASE))
    again.parse(edited, str(RELEASE))
    assert again.parsed == 1


LINES = RELEASE.read_text(encoding="utf-8").split("\n")
typed = st.text(alphabet='abcrevtl.@,()"=%-+ 0123456789QFYitemablcoumns#\t', max_size=30)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, 120), typed, st.booleans()), min_size=1, max_size=4))
def test_any_edit_gives_the_whole_parse(edits):
    """Lines replaced or inserted with anything (half-typed words, stray quotes): still the whole parse's tree."""
    lines = LINES[:120]
    parser = ChunkedParser()
    parser.parse("\n".join(lines), "edited.iij")
    for where, text, insert in edits:
        lines = lines[:where] + [text] + lines[where + (0 if insert else 1):]
        same("\n".join(lines), "edited.iij", parser)


def test_a_book_opened_or_pasted_is_parsed_in_one_pass_not_once_a_declaration(monkeypatch):
    """New chunks in a row (a book opened, the release pasted into itself ten times) are parsed as one
    text: what the parser reads is about the text's length, where each chunk parsed behind its own
    run of line ends read the lines before it again (6.5 s for a 1 MB paste); the tree is the same."""
    import ledgerlang.lsp.incremental as incremental

    read = []
    real = incremental.parse
    monkeypatch.setattr(incremental, "parse", lambda text, path: read.append(len(text)) or real(text, path))
    text = RELEASE.read_text(encoding="utf-8")
    parser = ChunkedParser()
    same(text, str(RELEASE), parser)
    assert sum(read) <= 2 * len(text)
    middle = text.index("\ntable ") + 1
    pasted = text[:middle] + text * 10 + text[middle:]
    read.clear()
    same(pasted, str(RELEASE), parser)
    assert sum(read) <= 2 * len(text) * 10


def test_a_file_of_more_syntax_errors_than_a_parse_reads_is_parsed_whole_once(monkeypatch):
    """A paste of 2,000 broken claims (the release's first claim with its period mistyped, built here:
    no real document has one) is parsed as `ledger check` parses it, stopping at the limit, in one pass:
    its chunks parsed one at a time, each behind the lines before it, took minutes. An edit of it is
    again one pass, and a file brought back under the limit is parsed in chunks again."""
    import ledgerlang.lsp.incremental as incremental

    read = []
    real = incremental.parse
    monkeypatch.setattr(incremental, "parse", lambda text, path: read.append(len(text)) or real(text, path))
    text = RELEASE.read_text(encoding="utf-8")
    first = text.index("\nclaim ") + 1
    claim = text[first:text.index("\n", text.index("\n", first) + 1) + 1]  # its first two lines
    broken = claim.replace("@1Q03", "@2003")
    assert broken != claim
    pasted = text + broken * 2_000
    parser = ChunkedParser()
    tree, diagnostics = parser.parse(pasted, str(RELEASE))
    assert [d.code for d in diagnostics].count("too-many-errors") == 1
    assert sum(read) <= 2 * len(pasted)
    same(pasted, str(RELEASE), ChunkedParser())
    read.clear()
    edited = pasted.replace("  rev.dialup          767", "  rev.dialup          768", 1)
    same(edited, str(RELEASE), parser)
    assert sum(read) <= 2 * len(edited)
    same(text, str(RELEASE), parser)
    parser.parse(text.replace("767", "768", 1), str(RELEASE))
    assert parser.parsed == 1
