"""Exact means exact: long figures are carried digit for digit, or refused with a diagnostic (issue #10)."""

from __future__ import annotations

from decimal import Context, Decimal, Inexact, localcontext

from hypothesis import given, settings
from hypothesis import strategies as st

from support import book, codes, diagnose

ITEMS = 'item a "A" JPY flow\nitem b "B" JPY flow\nitem c "C" JPY flow = a + b\n'


def exact_table(a: str, b: str, c: str) -> str:
    return ITEMS + f'table "T"\n  rounding exact\n  columns 1Q03\n  a {a}\n  b {b}\n  c {c}\n'


def test_two_printings_that_differ_in_the_29th_digit_are_a_mismatch():
    """...6780 and ...6784 round to the same 28 digits; as printed they are four units apart."""
    text = ITEMS + ('table "T" in JPY millions\n  columns 1Q03\n  a 12345678901234567890123456780\n'
                    'table "U" in JPY millions\n  columns 1Q03\n  a 12345678901234567890123456784\n')
    assert codes(text) == ["fact-mismatch"]


def test_a_sum_of_exact_thirty_digit_figures_holds():
    """c = a + b with every digit printed exactly is no mismatch (it was "off by at least 0.50")."""
    assert codes(exact_table("123456789012345678901234567891", "1", "123456789012345678901234567892")) == []
    assert codes(exact_table("123456789012345678901234567891", "1", "123456789012345678901234567893")) == [
        "total-mismatch"]


def test_a_figure_longer_than_the_limit_is_refused_with_its_place():
    """3321. followed by 5,000 zeros and a 1 is a diagnostic, not a figure with a zero-width interval."""
    figure = "3321." + "0" * 5000 + "1"
    found = diagnose(ITEMS + f'table "T" in JPY millions\n  columns 1Q03\n  a {figure}\n')
    assert [(d.code, d.span.line, d.span.column) for d in found] == [("bad-figure", 12, 5)]
    assert "5,005 digits" in found[0].message and "at most 30" in found[0].message and len(found[0].message) < 200
    loaded, _ = book(ITEMS + f'table "T" in JPY millions\n  columns 1Q03\n  a {figure}\n')
    assert not loaded.facts


def test_a_rate_or_a_constant_longer_than_the_limit_is_reported():
    """A rate of 40 digits is refused; a 40-digit constant in a rule is reported where it is written."""
    found = diagnose(ITEMS + "rate usd: 1." + "1" * 40 + " JPY per USD\nrule c = a * 1." + "1" * 40 + "\n")
    assert sorted(d.code for d in found) == ["bad-figure", "bad-rate"]


digits = st.integers(min_value=0, max_value=10**30 - 1)


@settings(max_examples=150, deadline=None)
@given(digits, digits, st.integers(min_value=0, max_value=12), st.booleans())
def test_exact_sums_hold_and_a_one_unit_miss_is_found(a, b, places, negative):
    """For exact figures of up to 30 digits, c = a + b holds when printed right, and one last-digit unit off is reported."""
    with localcontext(Context(prec=100, traps=[Inexact])):  # the test's own arithmetic is exact
        unit = Decimal(1).scaleb(-places)
        x, y = Decimal(a) * unit, (-Decimal(b) if negative else Decimal(b)) * unit
        total, off = x + y, x + y + unit
    if max(len(total.as_tuple().digits), len(off.as_tuple().digits)) > 30:
        return

    def text(v: Decimal) -> str:
        return f"{v:f}"

    assert codes(exact_table(text(x), text(y), text(total))) == []
    assert codes(exact_table(text(x), text(y), text(off))) == ["total-mismatch"]
