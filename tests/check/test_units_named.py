"""A message names the unit of every amount that is not in the book's main currency, on the IIJ
release as it is bundled: the findings read here are the book's own, acknowledged ones."""

import json

from support import ROOT, ledger


def findings(book: str = "iij") -> list[dict]:
    """Every diagnostic `ledger check --format json` reports of a bundled book."""
    result = ledger("check", "--format", "json", str(ROOT / "books" / book))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["diagnostics"]


def at(found: list[dict], code: str, item: str, period: str) -> dict:
    (d,) = [d for d in found if d["code"] == code and d.get("item") == item and d.get("period") == period]
    return d


def test_a_translation_names_the_dollars_it_prints_and_the_yen_it_is_computed_from():
    """Appendix 1's USD column prints 8,235 (thousand dollars) for 987,198 thousand yen at 119.87: the
    message said "8,235 thousand but 987,198 thousand", which an auditor cannot tell apart."""
    d = at(findings(), "translation-mismatch", "rev.vas", "1Q03")
    assert d["message"].startswith("USD(rev.vas)@1Q03 is reported as USD 8,235 thousand but JPY 987,198 thousand ("), \
        d["message"]
    assert d["message"].endswith("at 119.87 JPY per USD gives USD 8,235.6 thousand; off by at least USD 0.06 thousand")
    reported, computed, miss = d["notes"][:3]
    assert reported.startswith("reported: USD 8,235 thousand (") and reported.endswith(
        "any value in USD [8,234.5, 8,235.5] thousand")
    assert computed.startswith("computed: USD 8,235.57 thousand from JPY 987,198 thousand (")
    assert miss == "miss: USD 0.06 thousand beyond what rounding allows"


def test_a_percentage_its_column_printed_without_a_sign_is_said_with_one():
    """Appendix 1 prints "39.8%" atop its share column and bare figures below it: "reported as 67.0 but
    ... gives 67.06%" set a bare number beside a percentage."""
    d = at(findings(), "share-mismatch", "rev.cvas", "1Q03")
    assert "is reported as 67.0% but 5,595,554 thousand (" in d["message"], d["message"]
    assert d["notes"][0].startswith("reported: 67.0% (")


def test_a_joint_chain_names_per_share_figures_and_share_counts():
    """The loss per share, the share count and the ADS count the joint finding pins down are yen per
    share, shares and ADS equivalents, not thousands of yen as the net loss beside them is."""
    d = at(findings(), "joint-inconsistent", "eps.basic", "1Q03")
    notes = "\n".join(d["notes"])
    assert "net.income@1Q03 in [-1,989,090.5, -1,989,089.5] thousand\n" in notes  # the main currency: unnamed
    assert "eps.basic@1Q03 in [-87,970.5, -87,969.5] JPY/shares\n" in notes
    assert "ads.weighted@1Q03 in [45,222,493.5, 45,222,494.5] ADS\n" in notes
    assert "shares.weighted@1Q03 in [22,610.87, 22,611.14] shares\n" in notes
    assert "gives [45,221,739, 45,222,276] ADS but ads.weighted@1Q03 is in [45,222,493.5, 45,222,494.5] ADS" in notes


def test_a_claim_no_check_reaches_names_its_count_as_its_line_does():
    """The release's 25,745 shares issued, stated only in the narrative: the note said "= 25,745", a bare
    number beside "= 38 million" of yen two lines away."""
    d = at(findings(), "claim-unchecked", "shares.issued", "2003-06-30")
    assert d["message"].startswith("the claim shares.issued@2003-06-30 = 25,745 shares cannot be checked: "), \
        d["message"]


def test_the_annual_books_dividend_is_named_per_share_and_its_yen_are_not():
    """The naming the guidance notes use, on the annual book: its items are in yen, so a revenue target is
    said in millions alone, and the dividend, in yen per share, says so (no actual of it is transcribed yet,
    so no finding of the book shows it)."""
    from ledgerlang.check.show import Names
    from ledgerlang.load import load_paths

    book, _ = load_paths(sorted(str(p) for p in (ROOT / "books" / "iij-annual").glob("*.iij")))
    names = Names(book)
    assert str(names.main) == "JPY"
    assert names.of_item("rev.total")("106,248 million") == "106,248 million"
    assert names.of_item("dividend")("22.00") == "22.00 JPY/shares"
    assert names.of_item("rev.total", always=True)("106,248 million") == "JPY 106,248 million"
