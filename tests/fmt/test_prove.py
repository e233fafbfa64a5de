"""The formatter proves its output before it is used, and refuses when the proof fails."""

from ledgerlang.fmt import prove
from support import PRELUDE

BOOK = PRELUDE + """
item a "A" JPY flow
table "T" in JPY millions
  columns 1Q03
  a    1,234   # note
"""


def test_a_layout_that_changes_a_figure_is_refused(monkeypatch):
    """If the layout ever printed a different figure, fmt would refuse with fmt-unproven."""
    monkeypatch.setattr(prove, "layout", lambda tree, text: text.replace("1,234", "1,235").replace("    ", " "))
    output, diagnostics = prove.format_text(BOOK, "book.iij")
    assert output is None
    assert [d.code for d in diagnostics] == ["fmt-unproven"]
    assert "declaration" in diagnostics[0].message


def test_a_layout_that_drops_a_comment_is_refused(monkeypatch):
    """A lost comment is caught by comparing every comment's anchor line."""
    monkeypatch.setattr(prove, "layout", lambda tree, text: text.replace("   # note", ""))
    output, diagnostics = prove.format_text(BOOK, "book.iij")
    assert output is None
    assert "comment" in diagnostics[0].message


def test_a_layout_that_is_not_stable_is_refused(monkeypatch):
    """Output that a second run would change again is not idempotent, and refused."""
    monkeypatch.setattr(prove, "layout", lambda tree, text: text + "\n")
    output, diagnostics = prove.format_text(BOOK, "book.iij")
    assert output is None
    assert "idempotent" in diagnostics[0].message


def test_comment_anchors_name_the_line_a_comment_trails_or_precedes():
    """A trailing comment anchors to its own line, an own-line comment to the next content line."""
    from ledgerlang.syntax.parse import parse

    tree, _ = parse("# head\ncurrency JPY  # yen\n", "x.iij")
    assert prove.comment_anchors(tree) == [("# head", "precedes", 0), ("# yen", "trails", 0)]
