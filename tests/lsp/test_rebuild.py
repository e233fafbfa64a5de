"""Reusing unchanged tables builds the same Book, with the same diagnostics, as a fresh build."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledgerlang.lsp.incremental import ChunkedParser
from ledgerlang.lsp.rebuild import TableCache
from ledgerlang.syntax.build import build_book

from support import ROOT

IIJ = ROOT / "books" / "iij"
FILES = ("iij.iij", "iij-1q03-earnings-release.iij", "iij-3q02-investor-presentation.iij")  # load order
TEXTS = {name: (IIJ / name).read_text(encoding="utf-8") for name in FILES}


class Ledger:
    """The IIJ ledger parsed one declaration at a time, built with a table cache."""

    def __init__(self) -> None:
        self.parsers = {name: ChunkedParser() for name in FILES}
        self.tables = TableCache()

    def build(self, texts: dict[str, str]):
        trees = [self.parsers[name].parse(texts[name], str(IIJ / name))[0] for name in FILES]
        cached = self.tables.build(trees)
        fresh = build_book(trees)
        return cached, fresh


def same(cached, fresh) -> None:
    assert cached[0] == fresh[0]
    assert [f.span for f in cached[0].facts] == [f.span for f in fresh[0].facts]
    assert cached[1] == fresh[1]


def test_an_edit_to_one_table_reuses_the_others():
    """After a figure changes, every other table is reused and the book equals a fresh build."""
    ledger = Ledger()
    same(*ledger.build(TEXTS))
    assert ledger.tables.reused == 0
    edited = dict(TEXTS)
    edited[FILES[1]] = TEXTS[FILES[1]].replace("  rev.dialup          767", "  rev.dialup          676", 1)
    same(*ledger.build(edited))
    tables = sum(text.count("\ntable ") for text in TEXTS.values())
    assert ledger.tables.reused >= tables - 2  # the edited table, and any that report something, are rebuilt


def test_a_changed_item_rebuilds_every_table():
    """Tables are read against the items: when an item changes, no table is reused."""
    ledger = Ledger()
    ledger.build(TEXTS)
    edited = dict(TEXTS)
    edited[FILES[0]] = TEXTS[FILES[0]].replace('"Dial-up access services"', '"Dial-up"', 1)
    same(*ledger.build(edited))
    assert ledger.tables.reused == 0


LINES = TEXTS[FILES[1]].split("\n")
typed = st.text(alphabet='abcrevtl.@,()"=%-+ 0123456789QFYitemablcoumns#', max_size=30)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, len(LINES) - 1), typed, st.booleans()), min_size=1, max_size=3))
def test_any_sequence_of_edits_builds_what_a_fresh_build_does(edits):
    """Lines of the release replaced or inserted with anything: the cached build stays equal to a fresh one."""
    ledger = Ledger()
    ledger.build(TEXTS)
    lines = list(LINES)
    for where, text, insert in edits:
        lines = lines[:where] + [text] + lines[where + (0 if insert else 1):]
        same(*ledger.build({**TEXTS, FILES[1]: "\n".join(lines)}))
