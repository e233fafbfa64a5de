"""Printed % changes, shares, translations and narrative claims are checked like any fact."""

from support import codes, diagnose

REVENUES = """
rate usd: 119.87 JPY per USD on 2003-06-30
item rev "Revenues" JPY flow
item part "Part" JPY flow
table "A" in JPY thousands
  columns USD(1Q03) 1Q03 share%(1Q03, rev) 1Q02 yoy%(1Q03) 4Q02 qoq%(1Q03)
  part {usd} 5,595,554 {share} 5,619,688 (0.4) 5,418,818 3.3
  rev 69,609 8,344,046 100.0 9,849,202 {yoy} 13,036,439 (36.0)
"""


def fill(usd="46,680", share="67.1", yoy="(15.3)"):
    return REVENUES.format(usd=usd, share=share, yoy=yoy)


def test_consistent_columns_pass():
    """Translations, shares and changes that match within rounding raise nothing."""
    assert codes(fill()) == []


def test_each_kind_of_printed_measure_is_checked():
    """A wrong USD figure, share or change gets its own code."""
    assert codes(fill(usd="46,690")) == ["translation-mismatch"]
    assert codes(fill(share="67.0")) == ["share-mismatch"]
    assert codes(fill(yoy="15.3")) == ["change-mismatch"]


def test_claims_are_checked_against_the_tables():
    """A narrative figure or percentage that disagrees with the tables is a claim mismatch."""
    text = fill() + """
claim "Revenues totaled JPY 8,344 million ($ 69.6 million), a decrease of 15.3%"
  rev@1Q03 = 8,344 JPY millions
  USD(rev@1Q03) = 69.6 USD millions
  yoy%(rev@1Q03) = -15.3%
  qoq%(rev@1Q03) = -36.1%
"""
    found = diagnose(text)
    assert [(d.code, d.span.line) for d in found] == [("claim-mismatch", 20)]


def test_same_fact_at_two_scales_must_agree():
    """Millions and thousands of the same figure agree within rounding, or it is reported."""
    text = """
    item tax "Income tax" JPY flow
    table "Appendix" in JPY thousands
      columns 1Q03 4Q02
      tax (390,035) 97,256
    table "Table 9" in JPY millions
      columns 1Q03 4Q02
      -tax 390 -96
    """
    found = diagnose(text)
    assert [(d.code, d.period) for d in found] == [("fact-mismatch", "4Q02")]
    assert "97,256" in found[0].message


def test_duplicates_across_books_are_checked(tmp_path):
    """Books given together form one ledger: a figure two books disagree on is reported."""
    from support import PRELUDE, ledger

    (tmp_path / "shared.iij").write_text(PRELUDE + 'item rev "Revenues" JPY flow\n')
    for name, figure in (("a.iij", "100"), ("b.iij", "103")):
        (tmp_path / name).write_text(f'include "shared.iij"\ntable "{name}" in JPY millions\n  columns 1Q03\n  rev {figure}\n')
    result = ledger("check", str(tmp_path / "a.iij"), str(tmp_path / "b.iij"), "--format", "json")
    assert result.returncode == 1
    assert '"fact-mismatch"' in result.stdout
