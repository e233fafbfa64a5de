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


def test_a_miss_between_two_digits_is_cut_in_the_hint_and_the_hover_as_in_the_message(wire, tmp_path):
    """rev printed 100.04 ([100.035, 100.045]) less cost 60 ([59.5, 60.5]) is at most 40.545: 44 printed is at
    least 43.5, a miss of 2.955, which the message, the hint and the hover all say is at least 2.95
    (rounded to the nearest, 2.96 would be more than the figures give)."""
    u = wire.open(tmp_path / "book.iij", BOOK.replace("rev 100", "rev 100.04").replace("gp 45", "gp 44"))
    (found,) = [d for d in wire.diagnostics(u, 1) if d["code"] != "calendar-assumed"]  # (no entity: a note)
    assert "off by at least 2.95 million\n" in found["message"], found["message"]
    hints = wire.request("textDocument/inlayHint", {"textDocument": {"uri": u}, "range": {
        "start": {"line": 0, "character": 0}, "end": {"line": 10, "character": 0}}})["result"]
    assert [h["label"].strip() for h in hints if h["position"]["line"] == 9] == ["= 40.04 ✗ 2.95"]
    hover = wire.request("textDocument/hover", {"textDocument": {"uri": u}, "position": {"line": 9, "character": 6}})
    assert "misses the printed figure by at least 2.95 million" in hover["result"]["contents"]["value"]
