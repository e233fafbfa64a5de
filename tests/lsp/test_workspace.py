"""A ledger of several files, as an author keeps one: definitions in one file, a file per release,
a file that includes the others. The editor opens, saves, closes, creates and deletes them; each
file's diagnostics follow the whole ledger. A raw client over stdio (wire.py), sending what Neovim
sends (no file watching: a new book is known from its didOpen and didSave alone)."""

from __future__ import annotations

import json
import re
import shutil
from urllib.parse import unquote, urlparse

from support import ROOT, linked_iij
from support import ledger as command

from .wire import Wire, uri

DEFS = """entity acme "Acme Inc."
  fiscal year ends 12-31

currency USD "US dollar"

item rev.a "Revenue A" USD flow credit
item rev.b "Revenue B" USD flow credit
item rev.total "Total revenue" USD flow credit
  = rev.a + rev.b
"""
RELEASE = """include "defs.iij"

table "Revenues" in USD millions
  columns    1Q24  1Q23
  rev.a        10     8
  rev.b         5     4
  rev.total    15    12
"""
SUMMARY = 'include "q1.iij"\n\nclaim "Revenue A was USD 12 million"\n  rev.a@1Q24 = 12 USD millions\n'


def ledger(tmp_path):
    (tmp_path / "defs.iij").write_text(DEFS, encoding="utf-8")
    (tmp_path / "q1.iij").write_text(RELEASE, encoding="utf-8")
    return tmp_path / "defs.iij", tmp_path / "q1.iij"


def codes(found) -> list[str]:
    return [d["code"] for d in found or ()]


def test_a_new_book_saved_and_closed_stays_in_the_ledger_of_what_it_includes(wire, tmp_path):
    """A file created in the editor that includes the release, saved and closed: an edit of the
    release still checks it, so its claim's finding comes back when the release contradicts it
    again (the server's list of the workspace's books was read before the file existed)."""
    _, release = ledger(tmp_path)
    u = wire.open(release, RELEASE)
    wire.diagnostics(u, 1)
    summary = tmp_path / "summary.iij"
    s = wire.open(summary, SUMMARY)
    assert codes(wire.diagnostics(s, 1)) == ["claim-mismatch"]
    summary.write_text(SUMMARY, encoding="utf-8")
    wire.notify("textDocument/didSave", {"textDocument": {"uri": s}})
    wire.notify("textDocument/didClose", {"textDocument": {"uri": s}})
    wire.edit(u, (4, 15), (4, 17), "12")  # the release now agrees with the claim
    wire.wait(lambda: wire.published(uri(summary)) == [], "the claim's finding cleared")
    wire.edit(u, (4, 15), (4, 17), "10")  # and again contradicts it
    wire.wait(lambda: codes(wire.published(uri(summary))) == ["claim-mismatch"], "the claim's finding again")


def test_a_rename_the_ledger_cannot_take_is_refused_with_its_reason(wire, tmp_path):
    """A new name that is no name, a word of the language, a period or another declared name is
    refused (no edit, a message that says why); a figure, a comment or a quoted text is nothing to
    rename."""
    defs, release = ledger(tmp_path)
    u = wire.open(release, RELEASE + "# rev.a\n")
    wire.diagnostics(u, 1)

    def rename(line, character, name):
        count = len(wire.messages())
        found = wire.request("textDocument/rename", {"textDocument": {"uri": u}, "newName": name,
                                                     "position": {"line": line, "character": character}})
        assert found.get("result") is None and "error" not in found
        return [m["message"] for m in wire.messages()[count:]]

    def prepare(line, character):
        position = {"line": line, "character": character}
        return wire.request("textDocument/prepareRename", {"textDocument": {"uri": u}, "position": position})["result"]

    assert prepare(4, 3) == {"range": {"start": {"line": 4, "character": 2}, "end": {"line": 4, "character": 7}},
                             "placeholder": "rev.a"}
    assert prepare(4, 15) is None  # a figure
    assert prepare(7, 3) is None  # a comment
    assert prepare(2, 10) is None  # a table's title
    assert "'rev a' is not a name" in rename(4, 3, "rev a")[0]
    assert "'flow' is a word of the language" in rename(4, 3, "flow")[0]
    assert "'rev.a%' ends in %, which is kept for measure functions" in rename(4, 3, "rev.a%")[0]
    assert "'FY2024' reads as a period" in rename(4, 3, "FY2024")[0]
    assert f"rev.b is already declared as an item at {defs}:7" in rename(4, 3, "rev.b")[0]
    assert "USD is already declared as a unit" in rename(4, 3, "USD")[0]
    assert "nothing to rename here" in rename(4, 15, "rev.x")[0]
    assert defs.read_text(encoding="utf-8") == DEFS  # nothing was written


def _rev_total_renamed(wire, u: str, text: str) -> dict:
    """The workspace edit that renames rev.total to rev.whole, asked at its row in the release `text`."""
    line = next(i for i, found in enumerate(text.split("\n")) if found.startswith("  rev.total "))
    return wire.request("textDocument/rename", {"textDocument": {"uri": u}, "newName": "rev.whole",
                                                "position": {"line": line, "character": 4}})["result"]


def test_a_rename_on_the_iij_books_changes_the_name_and_nothing_else(wire, tmp_path):
    """rev.total renamed from the release, applied as an editor applies the edit: `ledger check` of the
    renamed books says what it said of the bundled ones, word for word but the name."""
    books = tmp_path / "iij"
    shutil.copytree(ROOT / "books" / "iij", books)
    release = books / "iij-1q03-earnings-release.iij"
    text = release.read_text(encoding="utf-8")
    u = wire.open(release, text)
    wire.diagnostics(u, 1)
    edit = _rev_total_renamed(wire, u, text)
    assert len(edit["changes"]) == 3  # the definitions and both releases
    for target, edits in edit["changes"].items():
        path = unquote(urlparse(target).path)
        lines = open(path, encoding="utf-8").read().split("\n")
        for e in sorted(edits, key=lambda e: (e["range"]["start"]["line"], e["range"]["start"]["character"]),
                        reverse=True):
            start, end = e["range"]["start"], e["range"]["end"]
            old = lines[start["line"]]
            assert start["line"] == end["line"] and old[start["character"]:end["character"]] == "rev.total"
            lines[start["line"]] = old[:start["character"]] + e["newText"] + old[end["character"]:]
        open(path, "w", encoding="utf-8").write("\n".join(lines))
    before = command("check", "--format", "json", str(ROOT / "books" / "iij")).stdout
    after = command("check", "--format", "json", str(books)).stdout
    before = before.replace(str(ROOT / "books" / "iij"), str(books))
    expected = re.sub(r"(?<![\w.])rev\.total(?![\w.%])", "rev.whole", before)
    assert json.loads(after) == json.loads(expected)
    assert "rev.whole" in after and "rev.total" not in after


def test_a_book_in_nested_workspace_folders_reads_under_the_widest_whatever_their_order(tmp_path):
    """Two workspace folders, one inside the other (a ledger and its releases folder): a release that
    includes `../defs.iij` is checked with it whichever folder the editor names first (named second,
    the outer folder was not looked at, and the include was refused as outside the workspace)."""
    (tmp_path / "releases").mkdir()
    (tmp_path / "defs.iij").write_text(DEFS, encoding="utf-8")
    text = RELEASE.replace('include "defs.iij"', 'include "../defs.iij"').replace("15    12", "17    12")
    release = tmp_path / "releases" / "q1.iij"
    release.write_text(text, encoding="utf-8")
    for folders in ([tmp_path, tmp_path / "releases"], [tmp_path / "releases", tmp_path]):
        client = Wire()
        try:
            client.initialize(folders=folders)
            assert codes(client.diagnostics(client.open(release, text), 1)) == ["total-mismatch"], folders
        finally:
            assert client.close() == 0


def test_the_server_asks_an_editor_that_can_watch_files_to_watch_the_books(tmp_path):
    """A book created or deleted outside the editor (a shell, git) is heard of where the editor watches
    files (Neovim 0.9 and later registers watchers when asked; the server never asked): the server
    registers a watcher of *.iij, and a deletion it is told of is a missing-file at once."""
    defs, release = ledger(tmp_path)
    client = Wire()
    try:
        client.initialize(folders=[tmp_path], workspace={"didChangeWatchedFiles": {"dynamicRegistration": True}})
        asked = client.wait(lambda: [r for r in client.requests if r["method"] == "client/registerCapability"],
                            "client/registerCapability")
        (registration,) = asked[0]["params"]["registrations"]
        assert registration["method"] == "workspace/didChangeWatchedFiles"
        assert registration["registerOptions"]["watchers"] == [{"globPattern": "**/*.iij"}]
        u = client.open(release, RELEASE)
        assert client.diagnostics(u, 1) == []
        defs.unlink()
        client.notify("workspace/didChangeWatchedFiles", {"changes": [{"uri": uri(defs), "type": 3}]})
        client.wait(lambda: "missing-file" in codes(client.published(u)), "the include's missing-file")
    finally:
        assert client.close() == 0
        assert "Traceback" not in "".join(client.stderr)


def test_an_editor_that_cannot_watch_files_is_not_asked_to(wire, tmp_path):
    _, release = ledger(tmp_path)
    wire.diagnostics(wire.open(release, RELEASE), 1)
    assert wire.requests == []


def test_an_entitys_assertions_or_statements_id_that_is_also_an_items_name_is_not_a_use_of_it(wire, tmp_path):
    """An item may share its name with the entity, an assertion or a statement (their ids are their own):
    its references and its rename take the item's places, never those ids."""
    defs = tmp_path / "defs.iij"
    text = DEFS.replace('entity acme "Acme Inc."', 'entity rev.total "Acme Inc."') + (
        "assert rev.total: rev.total = rev.a + rev.b\n"
        'statement rev.total "Revenues" in USD millions\n  columns 1Q24\n  rev.total\n')
    defs.write_text(text, encoding="utf-8")
    (tmp_path / "q1.iij").write_text(RELEASE, encoding="utf-8")
    u = wire.open(defs, text)
    wire.diagnostics(u, 1)
    lines = text.split("\n")
    expected = sorted((i, line.index("rev.total", 10 if line.startswith(("assert", "statement")) else 0))
                      for i, line in enumerate(lines)
                      if "rev.total" in line and not line.startswith("entity") and not line.startswith("statement"))
    position = {"line": 7, "character": 6}  # item rev.total
    found = wire.request("textDocument/references", {"textDocument": {"uri": u}, "position": position,
                                                     "context": {"includeDeclaration": True}})["result"]
    assert sorted((r["range"]["start"]["line"], r["range"]["start"]["character"])
                  for r in found if r["uri"] == u) == expected
    edit = wire.request("textDocument/rename", {"textDocument": {"uri": u}, "position": position,
                                                "newName": "rev.sum"})["result"]
    assert sorted((e["range"]["start"]["line"], e["range"]["start"]["character"])
                  for e in edit["changes"][u]) == expected
    for line in (0, 9, 10):  # the ids of the entity, the assertion and the statement
        position = {"line": line, "character": lines[line].index("rev.total") + 1}
        assert wire.request("textDocument/prepareRename", {"textDocument": {"uri": u}, "position": position})[
            "result"] is None
        assert wire.request("textDocument/definition", {"textDocument": {"uri": u}, "position": position})[
            "result"] is None
        assert wire.request("textDocument/hover", {"textDocument": {"uri": u}, "position": position})[
            "result"] is None


def test_a_didsave_of_a_closed_book_does_not_hold_its_text(wire, tmp_path):
    """A didSave that comes after the didClose of its book (a client's race) is no rename (:saveas has the
    buffer's old name still open with the same text): the book stays closed, read from disk, so that a
    change on disk is checked."""
    _, release = ledger(tmp_path)
    u = wire.open(release, RELEASE)
    assert wire.diagnostics(u, 1) == []
    wire.notify("textDocument/didClose", {"textDocument": {"uri": u}})
    wire.notify("textDocument/didSave", {"textDocument": {"uri": u}})
    wire.request("workspace/symbol", {"query": "rev.a"})  # answered once the didSave is handled
    release.write_text(RELEASE.replace("15    12", "17    12"), encoding="utf-8")
    wire.notify("workspace/didChangeWatchedFiles", {"changes": [{"uri": u, "type": 2}]})
    wire.wait(lambda: codes(wire.published(u)) == ["total-mismatch"], "the total-mismatch of the book on disk")


def test_workspace_symbols_name_each_book_by_its_path_under_the_root(tmp_path):
    """Two books of the same name in two folders of a ledger are told apart: a workspace symbol's
    container is its book's path under the workspace folder (with the folder's name where the editor
    has several), and a book under no folder is named whole."""
    for folder in ("2024", "2025"):
        (tmp_path / "books" / folder).mkdir(parents=True)
        (tmp_path / "books" / folder / "defs.iij").write_text(DEFS, encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()

    def containers(wire: Wire) -> list[str]:
        found = wire.request("workspace/symbol", {"query": "rev.total"})["result"]
        return sorted(s["containerName"] for s in found)

    wire = Wire()
    try:
        wire.initialize(folders=[tmp_path / "books"])
        assert containers(wire) == ["2024/defs.iij", "2025/defs.iij"]
        wire.open(elsewhere / "defs.iij", DEFS)
        assert containers(wire) == sorted(["2024/defs.iij", "2025/defs.iij", str(elsewhere / "defs.iij")])
    finally:
        assert wire.close() == 0
    wire = Wire()
    try:
        wire.initialize(folders=[tmp_path / "books" / "2024", tmp_path / "books" / "2025"])
        assert containers(wire) == ["2024/defs.iij", "2025/defs.iij"]
    finally:
        assert wire.close() == 0


def test_a_book_deleted_unseen_has_its_findings_published_at_the_next_request(tmp_path):
    """An editor that does not watch files (Neovim before 0.9) says nothing when an included book is
    deleted: the next request checks the ledger again, and its findings (the include now missing) are
    published, not left as the last check's while hover answers from the new one."""
    shutil.copytree(ROOT / "books" / "iij", tmp_path / "iij")
    release = tmp_path / "iij" / "iij-1q03-earnings-release.iij"
    wire = Wire()
    try:
        wire.initialize(folders=[tmp_path / "iij"])
        u = wire.open(release, release.read_text(encoding="utf-8"))
        assert "missing-file" not in [d["code"] for d in wire.diagnostics(u, 1)]
        (tmp_path / "iij" / "iij.iij").unlink()
        wire.request("textDocument/hover", {"textDocument": {"uri": u}, "position": {"line": 10, "character": 4}})
        found = wire.wait(lambda: "missing-file" in [d["code"] for d in wire.published(u)] and wire.published(u),
                          "the missing include's diagnostic")
        missing = next(d for d in found if d["code"] == "missing-file")
        assert "iij.iij does not exist" in missing["message"] and missing["range"]["start"]["line"] == 3
    finally:
        assert wire.close() == 0
    assert "Traceback" not in "".join(wire.stderr)


def test_definitions_a_book_includes_through_a_link_are_read_from_the_editor(wire, tmp_path):
    """The IIJ release includes `iij.iij`, here a link to definitions kept in another folder (as ledgers
    that share them keep them), which the editor has open under their own name: an edit there reaches
    the release, as it would once saved. The release read the link from disk, and the edit never came."""
    defs, release, line = linked_iij(tmp_path)
    text = release.read_text(encoding="utf-8")
    r = wire.open(release, text)
    assert not [d for d in wire.diagnostics(r, 1) if d["range"]["start"]["line"] == line]
    shared = defs.read_text(encoding="utf-8")
    d = wire.open(defs, shared)
    wire.diagnostics(d, 1)
    declared = shared.split("\n").index(next(x for x in shared.split("\n") if x.startswith("item rev.dialup ")))
    version = wire.edit(d, (declared, 5), (declared, 15), "rev.dial_up")  # the item renamed, by hand
    wire.diagnostics(d, version)
    wire.wait(lambda: "unknown-item" in [x["code"] for x in wire.published(r) or ()
                                          if x["range"]["start"]["line"] == line], "the release read the edit")
    assert not wire.published(uri(tmp_path / "iij" / "iij.iij"))  # the link's name is no open document


def test_one_file_open_under_two_names_is_checked_at_the_text_last_changed(wire, tmp_path):
    """A book and a link to it, both open (an editor that keeps one buffer per name): the ledger reads
    the one last changed, each name shows its findings, and closing it hands the file back to the other."""
    shutil.copytree(ROOT / "books" / "iij", tmp_path / "iij")
    real = tmp_path / "iij" / "iij-1q03-earnings-release.iij"
    link = tmp_path / "iij" / "release-link.iij"
    link.symlink_to(real.name)
    text = real.read_text(encoding="utf-8")
    line = text.split("\n").index("  rev.dialup          767    822       -6.7%     765        0.3%")
    r = wire.open(real, text)
    wire.diagnostics(r, 1)
    k = wire.open(link, text)
    wire.diagnostics(k, 1)
    version = wire.edit(k, (line, 22), (line, 23), "8")
    found = wire.diagnostics(k, version)
    assert "fact-mismatch" in [d["code"] for d in found if d["range"]["start"]["line"] == line]
    wire.wait(lambda: found == wire.published(r), "the target's findings, the link's")
    wire.notify("textDocument/didClose", {"textDocument": {"uri": k}})
    wire.wait(lambda: not [d for d in wire.published(r) or () if d["range"]["start"]["line"] == line],
              "the target's own text checked again")


def test_a_book_no_workspace_folder_holds_is_renamed_with_the_books_beside_it(tmp_path):
    """The IIJ books opened from a folder the editor's workspace does not hold: their root is their own
    folder, as for `ledger check`, and the books there are of the release's ledger, so that rev.total
    renamed from the release is renamed in the presentation too, which uses it. It was renamed in the
    release and the definitions alone, and the presentation left with an unknown item."""
    (tmp_path / "work").mkdir()
    books = tmp_path / "elsewhere"
    shutil.copytree(ROOT / "books" / "iij", books)
    wire = Wire()
    try:
        wire.initialize(folders=[tmp_path / "work"])
        release = books / "iij-1q03-earnings-release.iij"
        text = release.read_text(encoding="utf-8")
        u = wire.open(release, text)
        wire.diagnostics(u, 1)
        edit = _rev_total_renamed(wire, u, text)
        assert sorted(edit["changes"]) == sorted(uri(p) for p in books.glob("*.iij"))
        presentation = books / "iij-3q02-investor-presentation.iij"
        assert len(edit["changes"][uri(presentation)]) == presentation.read_text(encoding="utf-8").count("rev.total")
    finally:
        assert wire.close() == 0
    assert "Traceback" not in "".join(wire.stderr)


def test_a_rename_names_the_version_of_each_open_document_it_was_made_on(tmp_path):
    """rev.total renamed from the IIJ release after an edit, by a client that takes edits by version
    (VS Code says so; Neovim 0.7 does not): the release's edits are for its version 2, the
    closed books' for what is on disk, so that an editor whose document changed while the rename was
    worked out refuses them, where plain `changes` land at places that moved."""
    books = tmp_path / "iij"
    shutil.copytree(ROOT / "books" / "iij", books)
    wire = Wire()
    try:
        wire.initialize(folders=[books], workspace={"workspaceEdit": {"documentChanges": True}})
        release = books / "iij-1q03-earnings-release.iij"
        text = release.read_text(encoding="utf-8")
        u = wire.open(release, text)
        wire.diagnostics(u, 1)
        version = wire.edit(u, (0, 0), (0, 0), "# IIJ, first quarter\n")
        wire.diagnostics(u, version)
        line = 1 + next(i for i, found in enumerate(text.split("\n")) if found.startswith("  rev.total "))
        edit = wire.request("textDocument/rename", {"textDocument": {"uri": u}, "newName": "rev.whole",
                                                    "position": {"line": line, "character": 4}})["result"]
        assert "changes" not in edit or not edit["changes"]
        versions = {change["textDocument"]["uri"]: change["textDocument"]["version"]
                    for change in edit["documentChanges"]}
        assert versions == {u: version, uri(books / "iij.iij"): None,
                            uri(books / "iij-3q02-investor-presentation.iij"): None}
        mine = next(change["edits"] for change in edit["documentChanges"] if change["textDocument"]["uri"] == u)
        assert len(mine) == text.count("rev.total") and all(e["range"]["start"]["line"] >= 1 for e in mine)
    finally:
        assert wire.close() == 0
    assert "Traceback" not in "".join(wire.stderr)
