"""What the editor shows on a line still being typed: a quoted text not closed yet is said to be
one, under the text, as `ledger check` says it of the saved file. A raw client."""

from __future__ import annotations

import json

from support import ledger


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
