"""Every unit-mismatch says what to do, and what it says mends the book.

The figures are real: IIJ's revenues for 1Q03, JPY 8,344 million ($69.6 million at the rate
its release states), and Meade's third-quarter net sales and basic share count (see
test_meade.py). The mistakes are built here, one per test, around them."""

from __future__ import annotations

import pytest

from support import diagnose

# The rate and the figures of IIJ's 1Q03 earnings release (books/iij).
IIJ = """
rate usd.2003q1: 119.87 JPY per USD on 2003-06-30 "the approximate rate on June 30, 2003"
item rev "Total revenues" JPY flow credit
table "Revenues" in JPY millions
  columns 1Q03
  rev 8,344
"""

# Meade's third quarter of fiscal 2007 (tests/authoring/meade-3q07.iij).
MEADE = """
item sales "Net sales" USD flow credit
item shares.basic "Weighted average number of shares outstanding - basic" shares flow
table "Consolidated statements of operations" in USD
  columns 3Q07
  sales 48,498,000
  shares.basic 19,641,000
"""


def mismatches(text: str) -> list:
    found = [d for d in diagnose(text) if d.code == "unit-mismatch"]
    assert found and all(d.notes and d.notes[-1].startswith("hint: ") for d in found), found
    return found


def test_a_claim_in_another_currency_is_told_to_translate_and_the_translation_holds():
    """"$69.6 million" written as the yen item's figure: the hint's USD(rev@1Q03) is checked, and holds."""
    found = mismatches(IIJ + 'claim "Revenues totaled JPY 8,344 million ($ 69.6 million)"\n'
                             "  rev@1Q03 = 69.6 USD millions\n")
    assert found[0].notes[-1].startswith("hint: a figure in USD of an amount in JPY is its translation: write "
                                         "USD(rev@1Q03) = ...")
    mended = diagnose(IIJ + 'claim "Revenues totaled JPY 8,344 million ($ 69.6 million)"\n'
                            "  USD(rev@1Q03) = 69.6 USD millions\n")
    assert [d for d in mended if d.severity.name == "ERROR"] == []


def test_a_count_stated_in_dollars_is_told_its_unit():
    found = mismatches(MEADE + 'claim "19,641,000 shares"\n  shares.basic@3Q07 = 19,641,000 USD\n')
    assert found[0].notes == ("hint: write the figure in shares, the unit of shares.basic@3Q07 as `ledger eval` "
                              "prints it",)


@pytest.mark.parametrize("line, hint", [
    ("assert odd: sales = shares.basic\n", "hint: both sides of an assertion are in one unit"),
    ('item ratio "Sales per share?" % flow = share%(sales, shares.basic)\n',
     "hint: share%(part, total) takes a part and its total in one unit"),
])
def test_two_units_compared_are_told_to_check_the_items(line, hint):
    assert mismatches(MEADE + line)[0].notes[-1].startswith(hint)


def test_a_translation_at_a_rate_into_another_currency_names_the_rate_to_write():
    """JPY(x, usd.2003q1) names a rate into USD; USD(x) of shares is no amount of money; USD(x) of
    dollars needs none."""
    into = mismatches(IIJ + 'claim "Revenues totaled JPY 8,344 million"\n'
                            "  JPY(rev@1Q03, usd.2003q1) = 8,344 JPY millions\n")
    assert into[0].notes == ("hint: name a rate declared `... per JPY`, or write USD(x, usd.2003q1) if USD is the "
                             "currency meant",)
    of = mismatches(IIJ + MEADE + 'item shares.usd "Shares, translated" USD flow = USD(shares.basic)\n')
    assert of[0].notes == ("hint: only an amount of money is translated, and shares is none: check the item it "
                           "names",)
    again = mismatches(IIJ + MEADE + 'item sales.usd "Net sales, translated" USD flow = USD(sales)\n')
    assert again[0].notes == ("hint: the figure is in USD already: write it without USD(...)",)
