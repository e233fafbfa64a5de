"""A hover's interval tells its ends apart: a translated figure's interval, a few thousandths of a
million wide, is shown with the decimals that separate them, never as the empty-looking
[2.66, 2.66). A raw client."""

from __future__ import annotations

BOOK = ('currency JPY "yen"\ncurrency USD "US dollar"\n'
        'rate usd.q1: 150.5 JPY per USD on 2024-06-30 "approx"\n'
        'item gp "Gross profit" JPY flow credit\n'
        'table "Income" in JPY millions\n  rounding truncate\n  columns 1Q24 USD(1Q24)\n  gp 400 -\n')


def test_a_narrow_interval_is_shown_with_the_decimals_that_tell_its_ends_apart(wire, tmp_path):
    u = wire.open(tmp_path / "book.iij", BOOK)
    assert "translation-mismatch" in [d["code"] for d in wire.diagnostics(u, 1)]
    line = BOOK.split("\n")[7]
    found = wire.request("textDocument/hover", {"textDocument": {"uri": u},
                                                "position": {"line": 7, "character": line.index("-")}})
    text = found["result"]["contents"]["value"]
    assert text.startswith("**USD(gp)@1Q24**")
    assert "any value in [2.658, 2.664) million" in text  # 400 to 401 million yen at 150.5
    assert "[2.66, 2.66)" not in text
    hints = wire.request("textDocument/inlayHint", {"textDocument": {"uri": u}, "range": {
        "start": {"line": 0, "character": 0}, "end": {"line": 8, "character": 0}}})["result"]
    assert [h["tooltip"] for h in hints if h["position"]["line"] == 7] == \
        ["computed by the measure: any value in [2.658, 2.664) million"]
