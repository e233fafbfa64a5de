"""What the editor shows on a line still being typed: a quoted text not closed yet is said to be
one, under the text, as `ledger check` says it of the saved file; an include whose name is half typed leads to no folder.
A raw client."""

from __future__ import annotations

import json

from support import ledger

from .wire import uri


def test_an_open_quote_is_said_to_be_a_quoted_text_not_closed(wire, tmp_path):
    book = tmp_path / "book.iij"
    text = 'currency USD "US dollar"\nentity acme "Acme Corp\n'
    u = wire.open(book, text)
    found = wire.diagnostics(u, 1)
    assert [(d["code"], d["range"]) for d in found] == [
        ("syntax", {"start": {"line": 1, "character": 12}, "end": {"line": 1, "character": 22}})]
    assert found[0]["message"].startswith('this quoted text is not closed: it needs a " before the end of the line')
    assert "expected a \"quoted text\"" not in found[0]["message"]
    book.write_text(text, encoding="utf-8")
    checked = json.loads(ledger("check", "--format", "json", str(book)).stdout)["diagnostics"]
    assert [(d["line"], d["column"], d["message"]) for d in checked] == [(2, 13, found[0]["message"].split("\n")[0])]


def test_the_definition_of_an_include_is_its_file_never_a_folder(wire, tmp_path):
    """Go to definition on an include: the file, even one not written yet (the editor opens it to be
    written), but never a folder (`include "."` while the name is being typed)."""
    (tmp_path / "defs").mkdir()
    u = wire.open(tmp_path / "book.iij", 'include "defs"\ninclude "new.iij"\n')
    wire.diagnostics(u, 1)

    def definition(line: int):
        return wire.request("textDocument/definition", {"textDocument": {"uri": u},
                                                         "position": {"line": line, "character": 10}})["result"]

    assert definition(0) is None
    assert [d["uri"] for d in definition(1)] == [uri(tmp_path / "new.iij")]


def test_a_name_with_a_letter_outside_ascii_is_said_to_be_one(wire, tmp_path):
    """`item umsätze ...` or a row `cøst 60`: the letter cannot be in a name (and a label can hold it),
    not "unexpected 'ø'; expected "-", ".", "@", "in", a figure ..." as if the row had ended early."""
    text = ('currency EUR "euro"\nitem umsätze "Umsätze" EUR flow\nitem cost "Kosten" EUR flow\n'
            'table "T 😀" in EUR millions\n  columns FY2024\n  cøst 60\n')
    u = wire.open(tmp_path / "book.iij", text)
    found = [d for d in wire.diagnostics(u, 1) if d["code"] == "syntax"]
    assert [d["range"]["start"] for d in found] == [{"line": 1, "character": 8}, {"line": 5, "character": 3}]
    assert [d["message"].split("\n")[0] for d in found] == [
        "'ä' cannot be part of a name: names are written with the letters A-Z and a-z, digits, _ and .",
        "'ø' cannot be part of a name: names are written with the letters A-Z and a-z, digits, _ and ."]
    assert all("hint: a label, in double quotes, may hold any text" in d["message"] for d in found)


def test_a_claim_figure_followed_by_a_symbol_names_what_may_follow_in_words(wire, tmp_path):
    """The list of what may follow a claim's figure says `exact`, never the grammar's EXACT."""
    text = 'currency EUR "euro"\nitem rev "R" EUR flow\nclaim "x"\n  rev@FY2024 = 100 €\n'
    u = wire.open(tmp_path / "book.iij", text)
    found = [d for d in wire.diagnostics(u, 1) if d["code"] == "syntax"]
    assert len(found) == 1 and "EXACT" not in found[0]["message"] and ", exact," in found[0]["message"]
