"""The server's copy of a document is the editor's: incremental changes counted in the protocol's
lines (ended by \\r\\n, \\r or \\n only), positions past a line's end or the document's end as the
protocol says, lone-CR line ends and a byte order mark read as `ledger check` reads them."""

from __future__ import annotations

import json

import pytest

from support import ledger

from .wire import Wire

BOOK = 'currency JPY "yen"\n# page one{sep}page two\nitem a.x "A" JPY flow\n'


def symbols(wire: Wire, u: str) -> list[str]:
    return [s["name"] for s in wire.request("textDocument/documentSymbol", {"textDocument": {"uri": u}})["result"]]


def places(found) -> list[tuple[int, int, str]]:
    return [(d["range"]["start"]["line"], d["range"]["start"]["character"], d["code"]) for d in found]


def checked(tmp_path, text: str) -> list[tuple[int, int, str]]:
    """`ledger check` on the same text, as a file."""
    folder = tmp_path / "check"
    folder.mkdir(exist_ok=True)
    (folder / "book.iij").write_bytes(text.encode("utf-8"))
    found = json.loads(ledger("check", "--format", "json", str(folder)).stdout)["diagnostics"]
    return [(d["line"] - 1, d["column"] - 1, d["code"]) for d in found]


@pytest.mark.parametrize("sep", ["\f", "\u2028", "\u2029", "\x85", "\x0b", "\x1c"])
def test_an_edit_after_a_character_python_splits_lines_at_lands_where_the_editor_put_it(wire, tmp_path, sep):
    """A form feed or U+2028 in a comment is no line end to the protocol: renaming a.x on line 2
    renames it, and a syntax error typed there is reported on line 2, as `ledger check` reports it."""
    u = wire.open(tmp_path / "book.iij", BOOK.format(sep=sep))
    assert wire.diagnostics(u, 1) == []
    version = wire.edit(u, (2, 5), (2, 8), "a.y")
    assert wire.diagnostics(u, version) == []
    assert symbols(wire, u) == ["JPY", "a.y"]
    version = wire.edit(u, (2, 17), (2, 21), "flw")
    expected = BOOK.format(sep=sep).replace("a.x", "a.y").replace("JPY flow", "JPY flw")
    assert places(wire.diagnostics(u, version)) == checked(tmp_path, expected) == [(2, 17, "syntax")]


def test_positions_past_a_lines_end_or_the_documents_end_are_their_ends(wire, tmp_path):
    """The protocol: a character past the line's length is the line's end, a line past the last
    line is the document's end; the edit lands there, not after the line break or a character early."""
    u = wire.open(tmp_path / "book.iij", 'currency JPY "yen"\nitem a.x "A" JPY')
    version = wire.edit(u, (0, 19), (0, 40), " # note")  # past the end of the 18-character line
    version = wire.edit(u, (1, 100), (1, 100), " stock")
    assert wire.diagnostics(u, version) == []
    assert symbols(wire, u) == ["JPY", "a.x"]
    version = wire.edit(u, (9, 3), (12, 0), "\nitem b \"B\" JPY flw")  # past the last line: appended
    assert places(wire.diagnostics(u, version)) == [(2, 15, "syntax")]
    assert symbols(wire, u) == ["JPY", "a.x"]


def test_lone_cr_line_ends_are_line_ends(wire, tmp_path):
    """Diagnostics, symbols and hover on a book whose lines end with a lone CR, as `ledger check`
    reads it; formatting replaces the whole document, to its real end, so no client duplicates it."""
    text = 'currency JPY "yen"\ritem a.x "A" JPY flw\ritem b.x "B" JPY flow\r'
    u = wire.open(tmp_path / "book.iij", text)
    assert places(wire.diagnostics(u, 1)) == checked(tmp_path, text) == [(1, 17, "syntax")]
    assert symbols(wire, u) == ["JPY", "b.x"]
    version = wire.edit(u, (1, 17), (1, 20), "flow")
    assert wire.diagnostics(u, version) == []
    hover = wire.request("textDocument/hover", {"textDocument": {"uri": u},
                                                "position": {"line": 2, "character": 6}})["result"]
    assert "b.x" in hover["contents"]["value"] and hover["range"]["start"]["line"] == 2
    edits = wire.request("textDocument/formatting", {"textDocument": {"uri": u},
                                                     "options": {"tabSize": 2, "insertSpaces": True}})["result"]
    assert len(edits) == 1
    assert edits[0]["range"] == {"start": {"line": 0, "character": 0}, "end": {"line": 3, "character": 0}}
    assert edits[0]["newText"] == text.replace("flw", "flow").replace("\r", "\n")


def test_a_byte_order_mark_is_ignored_as_ledger_check_ignores_it(wire, tmp_path):
    """A BOM the editor keeps is no syntax error, and a finding on line 1 is at the editor's column
    (one code unit after the mark)."""
    text = '\ufeffcurrency JPY "yen"\nitem a.x "A" JPY flow\n'
    u = wire.open(tmp_path / "book.iij", text)
    assert wire.diagnostics(u, 1) == [] == checked(tmp_path, text)
    version = wire.edit(u, (0, 10), (0, 13), "EUR")  # after the mark: "currency " is 9 characters
    found = wire.diagnostics(u, version)
    assert ("unknown-unit" in [d["code"] for d in found]) and symbols(wire, u) == ["EUR", "a.x"]
    version = wire.edit(u, (0, 1), (0, 9), "curency")
    syntax = [d for d in wire.diagnostics(u, version) if d["code"] == "syntax"]
    assert syntax[0]["range"]["start"] == {"line": 0, "character": 1}


def test_a_burst_of_changes_is_checked_at_its_last_version(wire, tmp_path):
    """100 changes written at once (keystrokes faster than a check): the server checks the text they
    end with and publishes it, not each version in turn, seconds after the editor moved on."""
    import shutil

    from support import ROOT

    shutil.copytree(ROOT / "books" / "iij", tmp_path / "iij")
    book = tmp_path / "iij" / "iij-1q03-earnings-release.iij"
    u = wire.open(book, book.read_text(encoding="utf-8"))
    wire.diagnostics(u, 1)
    before = len(wire.notes)
    burst = [wire.edit(u, (0, 0), (0, 0), "# " if k == 0 else "x", send=False) for k in range(100)]
    burst.append(wire.edit(u, (1, 0), (1, 0), "bogus line\n", send=False))
    wire.send(*burst)
    last = wire.versions[u]
    assert "syntax" in [d["code"] for d in wire.diagnostics(u, last)]
    versions = [note["params"]["version"] for note in wire.notes[before:]
                if note.get("method") == "textDocument/publishDiagnostics" and note["params"]["uri"] == u]
    assert versions[-1] == last and versions == sorted(versions)
    assert len(versions) <= 3  # the burst's first change may be checked before the rest is read
