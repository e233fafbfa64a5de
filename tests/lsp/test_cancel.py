"""A request the editor cancels is stopped and answered RequestCancelled, and a check that a newer change
makes stale is dropped for the newer one, on a book large enough that either takes a second or more.

The large book is the project's generated benchmark book (bench/generate.py), 100,000 facts.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time

from support import ROOT

from .test_protocol import BOOK, quiet
from .wire import Wire

FACTS = 100_000
CANCELLED = -32800


def big_book(folder):
    subprocess.run([sys.executable, "bench/generate.py", str(FACTS), "--out", str(folder)], cwd=ROOT, check=True,
                   capture_output=True)
    for journal in folder.iterdir():
        if journal.suffix != ".iij":
            journal.unlink()  # the peers' journals: not books
    return folder / "book.iij"


def formatting(wire: Wire, u: str, number: int) -> dict:
    return {"jsonrpc": "2.0", "id": number, "method": "textDocument/formatting",
            "params": {"textDocument": {"uri": u}, "options": {"tabSize": 2, "insertSpaces": True}}}


def test_a_request_cancelled_before_it_runs_is_answered_cancelled_and_not_run(wire, tmp_path):
    """A cancel that arrives with its request (an editor that moved on at once) is answered
    RequestCancelled, not with the result nobody waits for; the next request is answered."""
    u = wire.open(tmp_path / "book.iij", BOOK)
    wire.diagnostics(u, 1)
    wire.ids += 1
    number = wire.ids
    wire.send({"jsonrpc": "2.0", "id": number, "method": "textDocument/references",
               "params": {"textDocument": {"uri": u}, "position": {"line": 1, "character": 6},
                          "context": {"includeDeclaration": True}}},
              {"jsonrpc": "2.0", "method": "$/cancelRequest", "params": {"id": number}})
    found = wire.wait(lambda: wire.responses.pop(number, None), "the cancelled request's answer")
    assert found["error"]["code"] == CANCELLED and "result" not in found
    hover = wire.request("textDocument/hover", {"textDocument": {"uri": u}, "position": {"line": 1, "character": 6}})
    assert "a.x" in hover["result"]["contents"]["value"]
    assert "Cancel notification" not in "".join(wire.stderr)  # a cancel of an answered request is no warning
    quiet(wire)


def test_a_cancelled_formatting_of_a_large_book_stops_where_it_is(wire, tmp_path):
    """Formatting 100,000 facts takes seconds; cancelled a quarter of the way in, it is answered
    RequestCancelled in well under half that time (compared with the same request run to its end, on
    the same machine), and the server then formats the book as before."""
    book = big_book(tmp_path)
    u = wire.open(book, book.read_text(encoding="utf-8"))
    wire.diagnostics(u, 1)
    began = time.monotonic()
    whole = wire.request("textDocument/formatting", formatting(wire, u, 0)["params"])
    took = time.monotonic() - began
    assert len(whole["result"]) == 1 and whole["result"][0]["newText"].startswith("# A generated book")
    wire.ids += 1
    number = wire.ids
    wire.send(formatting(wire, u, number))
    time.sleep(took / 4)
    asked = time.monotonic()
    wire.notify("$/cancelRequest", {"id": number})
    found = wire.wait(lambda: wire.responses.pop(number, None), "the cancelled formatting's answer")
    answered = time.monotonic() - asked
    assert found["error"]["code"] == CANCELLED, found.keys()
    assert answered < took / 2, (answered, took)
    again = wire.request("textDocument/formatting", formatting(wire, u, 0)["params"])
    assert again["result"] == whole["result"]
    quiet(wire)


def test_a_check_made_stale_by_a_newer_change_is_dropped_for_it(wire, tmp_path):
    """A change typed while the last version is being checked stops that check: the stale version's
    diagnostics are never published, and the newer version's are those of a server that was given its
    text at once."""
    book = big_book(tmp_path)
    text = book.read_text(encoding="utf-8")
    u = wire.open(book, text)
    wire.diagnostics(u, 1)
    lines = text.split("\n")
    line = next(i for i, row in enumerate(lines) if row.startswith("  rev.s024.p01 "))
    column = re.search(r"\d", lines[line][16:]).start() + 16
    digit = lines[line][column]
    stale = wire.edit(u, (line, column), (line, column + 1), "9" if digit != "9" else "8")
    time.sleep(0.3)  # the stale version's check (a second or more on this book) has begun
    newer = wire.edit(u, (line, column), (line, column + 1), "7" if digit != "7" else "6")
    found = wire.diagnostics(u, newer)
    versions = [n["params"].get("version") for n in wire.notes if n.get("method") == "textDocument/publishDiagnostics"]
    assert stale not in versions, versions
    lines[line] = lines[line][:column] + ("7" if digit != "7" else "6") + lines[line][column + 1:]
    fresh = Wire()
    try:
        fresh.initialize(folders=[tmp_path])
        expected = fresh.diagnostics(fresh.open(book, "\n".join(lines)), 1)
    finally:
        assert fresh.close() == 0
    assert found and found == expected  # the generated book has errors planted in it
    quiet(wire)


def test_a_cancel_heard_while_writing_to_the_editor_stops_the_work_only_once_the_write_is_done():
    """A message to the editor is never cut in half: a cancel heard while one is written stops the
    request's work right after it, and a cancel heard once the work is done stops nothing."""
    import pytest

    from ledgerlang.lsp.interrupt import Cancelled, Interrupter

    interrupter = Interrupter()
    written = []
    with pytest.raises(Cancelled):
        with interrupter.watching(request=7):
            with interrupter.shielded():
                interrupter.heard({"method": "$/cancelRequest", "params": {"id": 7}})
                for _ in range(10000):  # bytecodes the stop would have landed on, were it not held
                    written.append(1)
                written.append("whole")
            for _ in range(10000):
                pass
            written.append("after")  # never reached: the stop landed as the write ended
    assert written[-1] == "whole" and len(written) == 10001
    with interrupter.watching(request=8):
        pass
    interrupter.heard({"method": "$/cancelRequest", "params": {"id": 8}})
    for _ in range(10000):
        pass  # the work is done: nothing is raised here
