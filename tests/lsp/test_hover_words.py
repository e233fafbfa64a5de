"""A hover on what a book writes beside its figures: an anchor (`@close`, `@-1y`), a function
(`yoy%`), and a date that stamps a rate, a document or a guidance, which is no balance-sheet date
of the ledger. A raw client."""

from __future__ import annotations

BOOK = ('currency JPY "yen"\ncurrency USD "US dollar"\n'
        'document "Q1 results" dated 2024-08-09\n'
        'rate usd.q1: 150.5 JPY per USD on 2024-06-30 "approx"\n'
        'item cash "Cash" JPY stock debit\nitem rev "Revenue" JPY flow credit\n'
        'item g "Growth" % flow\n  = yoy%(rev)\nrule rev = rev@-1y\n'
        'table "CF" in JPY millions\n  columns FY2024\n  cash@open 5\n  cash@close 7\n'
        'guidance "FY2024 revenue of 100" given 2024-05\n  rev@FY2024 ~ 10%\n')


def hover(wire, u: str, line: int, word: str) -> str | None:
    text = BOOK.split("\n")[line]
    found = wire.request("textDocument/hover", {"textDocument": {"uri": u},
                                                "position": {"line": line, "character": text.index(word) + 1}})
    return found["result"] and found["result"]["contents"]["value"]


def test_a_hover_says_what_an_anchor_a_function_and_a_stamping_date_mean(wire, tmp_path):
    u = wire.open(tmp_path / "book.iij", BOOK)
    wire.diagnostics(u, 1)
    assert hover(wire, u, 12, "close") == ("**cash@close**: cash at the instant the period closes at\n\n"
                                            "in this table's columns:\n- FY2024: 2024-12-31")
    assert hover(wire, u, 11, "open").endswith("- FY2024: 2023-12-31")
    assert hover(wire, u, 8, "-1y") == "**rev@-1y**: rev 1 year earlier than the period it is evaluated at"
    assert hover(wire, u, 7, "yoy%").startswith("**yoy%(x)**: the change of x on the same period a year earlier")
    assert hover(wire, u, 3, "2024-06-30") == "**2024-06-30**: the date of the rate"
    assert hover(wire, u, 2, "2024-08-09") == "**2024-08-09**: the date of the document"
    assert hover(wire, u, 13, "2024-05").startswith("**2024-05**: when the guidance was given")


ACCEPTS = ('currency EUR "euro"\nitem a "A" EUR flow\nitem b "B" EUR flow\nitem t "T" EUR flow\n  = a + b\n'
           'table "T" in EUR millions\n  columns FY2024 FY2023\n  a 1 1\n  b 2 2\n  t 5 3\n'
           'accept total-mismatch at t@FY2024 "as printed"\naccept total-mismatch at t@FY2023 "as printed"\n')


def test_a_hover_on_an_accepted_code_shows_the_finding_it_acknowledges(wire, tmp_path):
    """`accept CODE at x@P`: the finding it acknowledges, as `ledger check` states it, or that there
    is none (the line's stale-accept says the same)."""
    u = wire.open(tmp_path / "book.iij", ACCEPTS)
    wire.diagnostics(u, 1)
    lines = ACCEPTS.split("\n")
    found = []
    for line in (10, 11):
        answer = wire.request("textDocument/hover", {"textDocument": {"uri": u},
                                                     "position": {"line": line, "character": 9}})["result"]
        found.append(answer["contents"]["value"])
        assert answer["range"]["start"]["character"] == lines[line].index("total-mismatch")
    assert found[0].startswith("**accept total-mismatch** at t@FY2024 acknowledges:\n- error[total-mismatch]: "
                               "t@FY2024 is reported as 5 million but a + b gives 3.0 million")
    assert found[1] == "**accept total-mismatch** at t@FY2023: accepts nothing, no such finding now"


def test_a_hover_on_a_word_of_a_claims_expression_tells_that_word(wire, tmp_path):
    """The IIJ release's claim of revenues in dollars, `USD(rev.total@1Q03) = 69.6 USD millions`: on
    `rev.total` the hover is the item at 1Q03 (its value, its printings), on the figure the claim's
    measure, named as written; the whole line was the claim's, named `USD(rev.total@1Q03)@1Q03`."""
    import shutil

    from support import ROOT

    shutil.copytree(ROOT / "books" / "iij", tmp_path, dirs_exist_ok=True)
    text = (tmp_path / "iij-1q03-earnings-release.iij").read_text(encoding="utf-8")
    u = wire.open(tmp_path / "iij-1q03-earnings-release.iij", text)
    wire.diagnostics(u, 1)
    line = text.split("\n").index("  USD(rev.total@1Q03) = 69.6 USD millions")
    words = text.split("\n")[line]

    def at(word: str) -> dict:
        found = wire.request("textDocument/hover", {"textDocument": {"uri": u},
                                                    "position": {"line": line, "character": words.index(word) + 1}})
        return found["result"]

    item = at("rev.total")
    assert item["contents"]["value"].startswith("**rev.total@1Q03**: Total revenues")
    assert "value **8,344,046 thousand** (reported)" in item["contents"]["value"]
    assert item["range"] == {"start": {"line": line, "character": 6}, "end": {"line": line, "character": 20}}
    claim = at("69.6")
    assert claim["contents"]["value"].startswith("**USD(rev.total@1Q03)**\n\n")
    assert claim["range"]["start"] == {"line": line, "character": 2}
