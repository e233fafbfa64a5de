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


def test_claims_that_disagree_with_each_other_are_reported():
    """Two narrative statements of a figure no table prints must agree with each other."""
    text = """
    item accounts "Accounts" JPY stock
    claim "100 thousand accounts"
      accounts@2003-06-30 = 100 JPY thousands
    claim "200 thousand accounts"
      accounts@2003-06-30 = 200 JPY thousands
    """
    assert codes(text) == ["claim-mismatch"]


def test_a_negated_claim_states_the_figure():
    """"An operating loss of JPY 567 million" written -op@3Q02 = 567 gives op@3Q02 = -567 million."""
    from decimal import Decimal

    from ledgerlang.model.period import parse_period
    from support import evaluated

    ev = evaluated("""
    item op "Operating income (loss)" JPY flow
    claim "Operating loss was JPY567 million"
      -op@3Q02 = 567 JPY millions
    """)
    assert ev.value("op", parse_period("3Q02")).point == Decimal("-567E6")


def test_a_claim_can_name_its_rate():
    """USD(x, rate) translates at the named rate when a ledger declares several."""
    text = """
    rate usd.jun: 119.87 JPY per USD on 2003-06-30
    rate usd.dec: 118.75 JPY per USD on 2002-12-31
    item rev "Revenues" JPY flow
    table "T" in JPY millions
      columns 3Q02
      rev 10,600
    claim "JPY10.6 billion ($89.3 million)"
      rev@3Q02 = 10.6 JPY billions
      USD(rev@3Q02, usd.dec) = 89.3 USD millions
    """
    assert codes(text) == []
    assert codes(text.replace("89.3", "88.4")) == ["claim-mismatch"]


def test_exact_figures_have_no_rounding_slack():
    """A figure marked exact (a share count, a price) is a point, so products of them are checked exactly."""
    text = """
    item proceeds "Proceeds from issuance" JPY flow
    item issued "Shares issued" shares flow
    item price "Price per share" JPY/shares flow
    rule proceeds = issued * price
    table "CF" in JPY thousands
      columns 1Q03
      proceeds 1,365,424
    claim "3,265 new shares at JPY 418,200 per share"
      issued@1Q03 = 3,265 shares exact
      price@1Q03 = 418,200 JPY exact
    """
    found = diagnose(text)
    assert [d.code for d in found] == ["total-mismatch"] or [d.code for d in found] == ["rule-mismatch"]
    assert codes(text.replace("1,365,424", "1,365,423")) == []


def test_an_uncheckable_claim_says_so():
    """A claim whose inputs no book gives is noted, not silently skipped."""
    found = diagnose("""
    item rev "Revenues" JPY flow
    claim "Revenues fell 54%"
      yoy%(rev@1Q03) = -54%
    """)
    assert [(d.code, d.severity) for d in found] == [("claim-unchecked", 0)]
    assert "rev@1Q02" in found[0].message


def test_a_rate_that_cannot_translate_the_row_is_reported_once():
    """USD(x) at a JPY-per-USD rate of a row in euros: one unit-mismatch for the row, no crash, no checks.
    (The table names no currency: under `in JPY thousands` the row itself is the unit-mismatch, and is not read.)"""
    found = diagnose("""
        currency EUR
        rate usd: 119.87 JPY per USD on 2003-06-30
        item rev "Revenues in euros" EUR flow
        table "Revenues" in thousands
          translate at usd
          columns 1Q03 USD(1Q03) USD(1Q02)
          rev  1,000  8  9
    """)
    mismatches = [d for d in found if d.code == "unit-mismatch" and d.severity.name == "ERROR"]
    assert len(mismatches) == 1
    assert "translates JPY, but the figure is in EUR" in mismatches[0].message
    assert (mismatches[0].span.line, mismatches[0].span.column) == (14, 15)  # the first USD cell
    assert not [d for d in found if d.code == "translation-mismatch"]


def test_a_change_mismatch_names_its_inputs_not_the_expression_twice():
    """The message says which figures the change is computed from, each with its text and line."""
    from support import diagnose

    found = diagnose("""
    item op "Operating income" JPY flow
    table "T" in JPY millions
      columns 9M FY2015
      op 2,300
    claim "Operating income was JPY 2,000 million, down 12.0%"
      op@9M FY2016 = 2,000 JPY millions
      yoy%(op@9M FY2016) = -12.0%
    """)
    message = next(d.message for d in found if d.code == "claim-mismatch")
    assert message.startswith("yoy%(op@9M FY2016) is reported as -12.0% but 2,000 million (test.iij:13) over "
                              "2,300 million (test.iij:11) gives -13.04%")


def test_a_dash_in_a_change_column_is_no_figure_not_a_change_of_zero():
    """Releases print '-' where a change means nothing ('n/m'); read as the nil 0.0%, 120 over 100
    was a change-mismatch the release never made. A dash in a share column is still a nil share."""
    book = """
    item rev "Revenues" JPY flow
    item cost "Costs" JPY flow
    table "T" in JPY millions
      columns FY2024 yoy%(FY2024) FY2023 share%(FY2024, rev)
      rev   120  -  100  100.0%
      cost  -    -  0    {share}
    """
    assert "change-mismatch" not in codes(book.format(share="-"))
    assert "share-mismatch" not in codes(book.format(share="-"))  # nil over 120 is a nil share
    assert "share-mismatch" in codes(book.format(share="5.0%"))
