"""Properties of `ledger fmt`: idempotent, and the book means the same before and after."""

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from ledgerlang.fmt import format_text
from ledgerlang.fmt.prove import book_shape, comment_anchors
from ledgerlang.load import load
from ledgerlang.syntax.parse import parse
from strategies import messy_books
from support import ROOT

BUNDLED = sorted((ROOT / "books").rglob("*.iij"))


def _same_meaning(text: str, output: str, path: str) -> None:
    # fast=False: the fast row path misnumbers lines after a comment holding \x85 or \f (see fmt/prove.py).
    before, after = parse(text, path, fast=False)[0], parse(output, path, fast=False)[0]
    assert [c.text.rstrip() for c in before.comments] == [c.text.rstrip() for c in after.comments]
    assert comment_anchors(before) == comment_anchors(after)
    assert book_shape(load(text, path)[0]) == book_shape(load(output, path)[0])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(messy_books())
def test_fmt_is_idempotent_and_keeps_the_book_for_generated_books(text):
    """Formatting a carelessly laid out book, then formatting the result, changes nothing more."""
    output, diagnostics = format_text(text, "generated.iij")
    assert diagnostics == []
    assert format_text(output, "generated.iij") == (output, [])
    _same_meaning(text, output, "generated.iij")


@pytest.mark.parametrize("path", BUNDLED, ids=[p.name for p in BUNDLED])
def test_fmt_is_idempotent_and_keeps_the_book_for_bundled_books(path: Path):
    """Every bundled book formats, formats again to the same text, and loads to the same book."""
    text = path.read_text(encoding="utf-8")
    output, diagnostics = format_text(text, str(path))
    assert diagnostics == []
    assert format_text(output, str(path)) == (output, [])
    _same_meaning(text, output, str(path))
