"""Where a book may read from, as `ledger check` computes it for that book: `--root`, else the
workspace folder that holds it, else its own directory; the folders may change while the server
runs. And where a finding with no line of its own is shown. A raw client over stdio (wire.py)."""

from __future__ import annotations

import json
import os

import pytest

from support import ROOT, ledger

from .wire import Wire, uri

UNIT = 'currency JPY "yen"\n'


@pytest.fixture
def wire():
    client = Wire()
    yield client
    assert client.close() == 0
    assert "Traceback" not in "".join(client.stderr)


def codes(found) -> list[str]:
    return [d["code"] for d in found]


def check(*args) -> list[dict]:
    return json.loads(ledger("check", "--format", "json", *map(str, args)).stdout)["diagnostics"]


def test_with_no_folder_a_book_reads_only_under_its_own_directory(wire, tmp_path):
    """Another open document's directory is no root of this book: the include is refused, named with
    this book's own root, exactly as `ledger check` of the book says, and the file is never read."""
    outside, ws = tmp_path / "outside", tmp_path / "ws"
    outside.mkdir()
    ws.mkdir()
    (outside / "lonely.iij").write_text(UNIT, encoding="utf-8")
    (outside / "secret.iij").write_text('item secret.item "S" JPY flow\n', encoding="utf-8")
    escape = ws / "escape.iij"
    escape.write_text(UNIT + 'include "../outside/secret.iij"\ninclude "/etc/passwd"\n', encoding="utf-8")
    wire.initialize()
    lonely = wire.open(outside / "lonely.iij", (outside / "lonely.iij").read_text(encoding="utf-8"))
    wire.diagnostics(lonely, 1)
    u = wire.open(escape, escape.read_text(encoding="utf-8"))
    found = wire.diagnostics(u, 1)
    expected = check(escape)
    # the same findings, but for the hint: the editor's remedies in place of the command line's
    assert [(d["range"]["start"]["line"], d["code"], d["message"].split("\nhint: ")[0]) for d in found] == \
        [(d["line"] - 1, d["code"], d["message"] + "".join("\n" + n for n in d["notes"] if not n.startswith("hint: ")))
         for d in expected]
    assert codes(found) == ["include-outside-root", "include-outside-root"]
    assert all(f"root {ws}" in d["message"] for d in found)
    assert wire.published(uri(outside / "secret.iij")) is None  # never read, so nothing of it is shown
    completion = wire.request("textDocument/completion", {"textDocument": {"uri": u},
                                                          "position": {"line": 3, "character": 0}})["result"]
    assert not [i for i in completion["items"] if "secret" in i["label"]]


def test_a_folder_added_or_removed_changes_the_root(wire, tmp_path):
    """workspace/didChangeWorkspaceFolders (advertised) is honoured: a folder added holds the book's
    include, and the open document is checked again; removed, the include is refused again."""
    top = tmp_path / "top"
    (top / "sub").mkdir(parents=True)
    other = tmp_path / "other"
    other.mkdir()
    (top / "shared.iij").write_text(UNIT, encoding="utf-8")
    book = top / "sub" / "book.iij"
    book.write_text('include "../shared.iij"\nitem cash "Cash" JPY stock\n', encoding="utf-8")
    result = wire.initialize(folders=[other])
    assert result["result"]["capabilities"]["workspace"]["workspaceFolders"]["changeNotifications"]
    u = wire.open(book, book.read_text(encoding="utf-8"))
    before = wire.diagnostics(u, 1)
    assert "include-outside-root" in codes(before) and f"root {top / 'sub'}" in before[0]["message"]
    assert "unknown-unit" in codes(before)
    count = len(wire.notes)
    wire.notify("workspace/didChangeWorkspaceFolders", {"event": {
        "added": [{"uri": uri(top), "name": "top"}], "removed": []}})
    wire.wait(lambda: any(n.get("method") == "textDocument/publishDiagnostics" and n["params"]["uri"] == u
                          for n in wire.notes[count:]), "diagnostics after the folder was added")
    assert wire.published(u) == []
    count = len(wire.notes)
    wire.notify("workspace/didChangeWorkspaceFolders", {"event": {
        "added": [], "removed": [{"uri": uri(top), "name": "top"}]}})
    wire.wait(lambda: any(n.get("method") == "textDocument/publishDiagnostics" and n["params"]["uri"] == u
                          for n in wire.notes[count:]), "diagnostics after the folder was removed")
    assert "include-outside-root" in codes(wire.published(u))


def test_a_book_of_an_added_folder_joins_the_ledger(wire, tmp_path):
    """A folder added is scanned: its book that includes the open file is checked with it. (The book is
    in a folder below the open file's: the books beside an open file no workspace folder holds are of
    its ledger before any folder is added, as `ledger check` of its folder reads them.)"""
    folder = tmp_path / "books"
    (folder / "users").mkdir(parents=True)
    shared = folder / "shared.iij"
    shared.write_text(UNIT, encoding="utf-8")
    user = folder / "users" / "user.iij"
    user.write_text('include "../shared.iij"\nitem cash "Cash" EUR stock\n', encoding="utf-8")
    wire.initialize(folders=[tmp_path / "elsewhere"])
    u = wire.open(shared, UNIT)
    wire.diagnostics(u, 1)
    assert wire.published(uri(user)) is None
    wire.notify("workspace/didChangeWorkspaceFolders", {"event": {
        "added": [{"uri": uri(folder), "name": "books"}], "removed": []}})
    found = wire.wait(lambda: wire.published(uri(user)), "the including book's diagnostics")
    assert codes(found) == ["unknown-unit"]


def test_an_unreadable_include_is_reported_at_the_include(wire, tmp_path):
    """A file that is not UTF-8 is reported where `ledger check` of its includer reports it, on the
    include line, not on line 1 of whichever book was opened."""
    (tmp_path / "latin1.iij").write_bytes(b'# caf\xe9\n')
    (tmp_path / "shared.iij").write_text(UNIT, encoding="utf-8")
    uses = tmp_path / "uses.iij"
    uses.write_text('include "shared.iij"\ninclude "latin1.iij"\n', encoding="utf-8")
    other = tmp_path / "other.iij"
    other.write_text('include "shared.iij"\nitem cash "Cash" JPY stock\n', encoding="utf-8")
    wire.initialize(folders=[tmp_path])
    u = wire.open(other, other.read_text(encoding="utf-8"))
    assert wire.diagnostics(u, 1) == []
    found = wire.wait(lambda: wire.published(uri(uses)), "the includer's diagnostics")
    assert [(d["range"]["start"]["line"], d["range"]["start"]["character"], d["code"]) for d in found] == \
        [(d["line"] - 1, d["column"] - 1, d["code"]) for d in check(uses)] == [(1, 8, "unreadable")]


def test_an_unreadable_book_included_by_none_is_reported_on_itself(wire, tmp_path):
    """A book of the workspace that cannot be read and that nothing includes (created on disk while
    the editor runs): its finding is on itself, at its bad byte."""
    wire.initialize(folders=[tmp_path])
    book = tmp_path / "book.iij"
    book.write_text(UNIT, encoding="utf-8")
    u = wire.open(book, UNIT)
    assert wire.diagnostics(u, 1) == []
    latin = tmp_path / "latin1.iij"
    latin.write_bytes(b'# caf\xe9\n')
    wire.notify("workspace/didChangeWatchedFiles", {"changes": [{"uri": uri(latin), "type": 1}]})
    found = wire.wait(lambda: wire.published(uri(latin)), "the unreadable book's diagnostics")
    # at the bad byte, as `ledger check` of the folder places it
    assert [(d["range"]["start"], d["code"]) for d in found] == [({"line": 0, "character": 5}, "unreadable")]
    assert [(d["code"], d["path"], d["line"], d["column"]) for d in check(tmp_path)
            if str(latin) in d["message"]] == [("unreadable", str(latin), 1, 6)]
    assert wire.published(u) == []


@pytest.mark.parametrize("the_uri", ["untitled:Untitled-1", "file:///nowhere/notes.ledger"])
def test_a_document_that_is_no_iij_file_gets_syntax_diagnostics(wire, the_uri):
    """An untitled document (or one of another name the editor calls ledgerlang) is the book typed:
    the parser's message, never a `not-a-book` about a path made up from the server's directory."""
    wire.initialize()
    u = wire.open(None, 'currency JPY "yen"\nitem x "y" JPY flw\ninclude "secret.iij"\n', the_uri=the_uri)
    found = wire.diagnostics(u, 1)
    syntax = [d for d in found if d["code"] == "syntax"]
    assert len(syntax) == 1 and syntax[0]["message"].startswith("unexpected 'flw'; expected flow, stock or average")
    assert syntax[0]["range"]["start"] == {"line": 1, "character": 15}
    assert "not-a-book" not in codes(found)
    assert not any(str(ROOT) in d["message"] for d in found)  # the server's directory is read for nothing


def test_an_include_in_an_unsaved_document_says_to_save_it(wire, tmp_path):
    """An untitled document is in no folder: its include is not read, and the diagnostic and the
    hover say why and what to do (save it), not that the file is "outside the ledger's root
    untitled:Untitled-1" or "missing" as looked up from the server's own directory."""
    (tmp_path / "defs.iij").write_text(UNIT, encoding="utf-8")
    wire.initialize(folders=[tmp_path])
    u = wire.open(None, 'include "defs.iij"\n', the_uri="untitled:Untitled-1")
    found = [d for d in wire.diagnostics(u, 1) if d["range"]["start"] == {"line": 0, "character": 8}]
    assert len(found) == 1
    assert found[0]["message"].startswith("defs.iij is not read: this document is not saved")
    assert "hint: save the document" in found[0]["message"] and "root" not in found[0]["message"]
    hover = wire.request("textDocument/hover", {"textDocument": {"uri": u}, "position": {"line": 0, "character": 10}})
    assert hover["result"]["contents"]["value"] == "include **defs.iij**: not read, this document is not saved"


def test_an_include_out_of_the_folder_says_what_to_do_in_the_editor(wire, tmp_path):
    """A draft in drafts/ including ../books/defs.iij (README, "Start a new book") in an editor whose
    folder is drafts/ (README's Neovim setup: the file's directory): the hint names the editor's
    remedies, the workspace folder or `ledger lsp --root`, not `ledger check`'s `--root DIR` alone."""
    (tmp_path / "books").mkdir()
    (tmp_path / "books" / "defs.iij").write_text(UNIT, encoding="utf-8")
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    wire.initialize(folders=[drafts])
    text = 'include "../books/defs.iij"\n'
    (drafts / "draft.iij").write_text(text, encoding="utf-8")
    u = wire.open(drafts / "draft.iij", text)
    found = wire.diagnostics(u, 1)
    assert codes(found) == ["include-outside-root"]
    message = found[0]["message"]
    assert "workspace folder" in message and "ledger lsp --root DIR" in message
    assert "--allow-outside-root" not in message  # an option of the command line, not the editor's remedy
    assert [d["code"] for d in check(drafts / "draft.iij")] == ["include-outside-root"]


def test_a_workspace_too_large_to_scan_is_said_once_and_its_open_books_are_still_checked(tmp_path):
    """An editor opened at a home folder: the scan for books stops at MAX_FOLDERS folders, says
    so once, and the open book is checked all the same."""
    from ledgerlang.lsp.ledger import MAX_FOLDERS

    for k in range(MAX_FOLDERS + 1):
        os.mkdir(tmp_path / f"d{k:05d}")
    wire = Wire()
    wire.initialize(folders=[tmp_path])
    try:
        u = wire.open(tmp_path / "book.iij", 'currency JPY "yen"\nitem a "A" JPY flw\n')
        assert [d["code"] for d in wire.diagnostics(u, 1)] == ["syntax"]
        wire.edit(u, (1, 15), (1, 18), "flow")
        assert wire.diagnostics(u, 2) == []
        said = [m["message"] for m in wire.messages() if "stopped looking for books" in m["message"]]
        assert len(said) == 1 and f"after {MAX_FOLDERS:,} folders" in said[0]
    finally:
        assert wire.close() == 0
    assert "Traceback" not in "".join(wire.stderr)
