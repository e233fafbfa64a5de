"""An inlay hint's miss is the check's: beside a total printed 45 where its rule gives 40 (each
figure rounded to the million), `✗ 3.50`, as the diagnostic says "off by at least 3.50 million",
never the miss rounded up to the printed digit. A raw client."""

from __future__ import annotations

BOOK = ('currency USD "US dollar"\nitem rev "Revenue" USD flow credit\nitem cost "Cost" USD flow debit\n'
        'item gp "Gross profit" USD flow credit\n  = rev - cost\n'
        'table "Income" in USD millions\n  columns FY2024\n  rev 100\n  cost 60\n  gp 45\n')


def test_the_hints_miss_is_the_checks_miss(wire, tmp_path):
    u = wire.open(tmp_path / "book.iij", BOOK)
    # (beside the note of the calendar FY2024 is read on: the book declares no entity)
    found = [d for d in wire.diagnostics(u, 1) if d["code"] != "calendar-assumed"]
    assert [d["code"] for d in found] == ["total-mismatch"]
    assert "off by at least 3.50 million" in found[0]["message"]
    hints = wire.request("textDocument/inlayHint", {"textDocument": {"uri": u}, "range": {
        "start": {"line": 0, "character": 0}, "end": {"line": 10, "character": 0}}})["result"]
    assert [h["label"].strip() for h in hints if h["position"]["line"] == 9] == ["= 40 ✗ 3.50"]
