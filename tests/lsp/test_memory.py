"""The server's memory between edits: what a check makes is freed as it is let go.

`ledger lsp` runs with the cycle collector off, as every command does (a check
is faster without it). So nothing a check makes may sit in a reference cycle:
an edit's analysis replaces the last one, and a cycle in it would keep the
whole book alive for the life of the editor. What others leave in cycles is
collected every COLLECT_EVERY checks.
"""

from __future__ import annotations

import gc
import weakref

import pytest

from ledgerlang import load
from ledgerlang.lsp import ledger
from ledgerlang.lsp.ledger import Workspace, normal

from support import ROOT

RELEASE = ROOT / "books" / "iij" / "iij-1q03-earnings-release.iij"


@pytest.fixture
def no_collector():
    """The cycle collector off, as in the server; what it would have found is counted by gc.collect()."""
    enabled = gc.isenabled()
    gc.disable()
    gc.collect()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def edits(count: int):
    """The release with its first figure's last digit changed, then back, `count` times in all."""
    text = RELEASE.read_text(encoding="utf-8")
    changed = text.replace("8,235", "8,236", 1)
    assert changed != text
    return [changed if k % 2 == 0 else text for k in range(count)]


def test_an_edit_leaves_nothing_for_the_cycle_collector(no_collector):
    workspace = Workspace([str(ROOT / "books" / "iij")])
    path = normal(str(RELEASE))
    workspace.set_open(path, RELEASE.read_text(encoding="utf-8"))
    first = workspace.analyse(path)
    assert first.book.facts
    analysis = weakref.ref(first)
    del first
    gc.collect()  # the first analysis's own start-up (indexes of the workspace) is not the point
    for text in edits(3):
        workspace.set_open(path, text)
        assert workspace.analyse(path).diagnostics
    assert analysis() is None  # the first edit's analysis replaced it, and refcounting freed it
    assert gc.collect() == 0


def test_a_check_from_the_command_line_leaves_nothing_for_the_cycle_collector(no_collector):
    books = sorted(str(p) for p in (ROOT / "books" / "iij").glob("*.iij"))
    load.run_counted(books)
    gc.collect()  # what importing the checks' modules the first time left (class definitions)
    book, evaluation, diagnostics, _ = load.run_counted(books)
    assert book.facts and evaluation.values and diagnostics
    del book, evaluation, diagnostics
    assert gc.collect() == 0


def test_what_others_leave_in_cycles_is_collected_every_so_many_checks(no_collector, monkeypatch):
    monkeypatch.setattr(ledger, "COLLECT_EVERY", 3)
    workspace = Workspace([str(ROOT / "books" / "iij")])
    path = normal(str(RELEASE))

    class Node:
        pass

    node = Node()
    node.self = node  # a cycle, as a library or a traceback leaves one
    gone = weakref.ref(node)
    del node
    for text in edits(2):
        workspace.set_open(path, text)
        workspace.analyse(path)
    assert gone() is not None  # two checks: not yet
    workspace.set_open(path, RELEASE.read_text(encoding="utf-8") + "\n")
    workspace.analyse(path)
    assert gone() is None
