"""A document that is closed and is on no disk (a new file closed unsaved, an untitled buffer, a book
deleted while closed) is no book: its diagnostics are cleared, never replaced by a `missing-file`
about itself, and the books that included it are told their include now misses. A raw client."""

from __future__ import annotations

import pytest

from .wire import uri

BOOK = 'currency JPY "yen"\nitem a.x "A" FOO flow\n'


def close(wire, u: str) -> None:
    wire.notify("textDocument/didClose", {"textDocument": {"uri": u}})


@pytest.mark.parametrize("named", ["file", "untitled"])
def test_a_document_closed_unsaved_has_its_diagnostics_cleared(wire, tmp_path, named):
    path = tmp_path / "new.iij"
    u = wire.open(path, BOOK, the_uri=None if named == "file" else "untitled:Untitled-1")
    assert [d["code"] for d in wire.diagnostics(u, 1)] == ["unknown-unit"]
    count = len(wire.notes)
    close(wire, u)
    # what the server publishes for it next is empty, and nothing else follows
    found = wire.wait(lambda: [n for n in wire.notes[count:] if n.get("params", {}).get("uri") == u],
                      "diagnostics of the closed document")
    assert found[0]["params"]["diagnostics"] == []
    other = wire.open(tmp_path / "other.iij", 'currency USD "dollar"\n')
    wire.diagnostics(other, 1)  # the server has handled the close by now
    assert wire.published(u) == []
    assert not path.exists()


def test_closing_an_unsaved_include_tells_its_includer_the_include_misses(wire, tmp_path):
    book = tmp_path / "book.iij"
    u = wire.open(book, 'include "defs.iij"\nitem b.y "B" JPY flow\n')
    defs = wire.open(tmp_path / "defs.iij", 'currency JPY "yen"\n')
    wire.diagnostics(defs, 1)
    assert wire.wait(lambda: wire.published(u) == [], "the includer, clean")
    close(wire, defs)
    found = wire.wait(lambda: [d["code"] for d in wire.published(u) or ()] or None, "the includer's findings")
    assert found[0] == "missing-file" and wire.published(defs) == []


def test_a_book_deleted_while_closed_has_its_diagnostics_cleared(wire, tmp_path):
    book = tmp_path / "book.iij"
    book.write_text(BOOK, encoding="utf-8")
    u = wire.open(book, BOOK)
    wire.diagnostics(u, 1)
    close(wire, u)
    wire.wait(lambda: wire.published(u), "the closed book's findings, from disk")
    book.unlink()
    wire.notify("workspace/didChangeWatchedFiles", {"changes": [{"uri": uri(book), "type": 3}]})
    assert wire.wait(lambda: wire.published(u) == [], "the deleted book's diagnostics, cleared")

