"""A derivation chain thousands of periods long is evaluated and checked without recursion (issue #10)."""

from __future__ import annotations

from support import diagnose, evaluated

ITEMS = 'item cash "Cash" JPY stock\nrule cash = cash@-1q\n'


def diagnose_chain(text: str) -> list:
    """The diagnostics but the warning that the two columns lie 2,000 years apart, as they do on purpose."""
    return [d for d in diagnose(text) if d.code != "distant-period"]


def test_a_self_referencing_rule_across_two_thousand_years_is_checked():
    """cash@2003-06-30 derives from cash@-1q back to 0003-06-30 (8,000 quarters): no RecursionError, and 9 against 5 is found."""
    text = ITEMS + 'table "T" in JPY millions\n  columns 2003-06-30 0003-06-30\n  cash 9 5\n'
    found = diagnose_chain(text)
    assert [(d.code, d.period) for d in found] == [("total-mismatch", "2003-06-30")]
    evaluation = evaluated(text)
    assert evaluation.value("cash", evaluation.reported_periods("cash")[0]).point == 9_000_000


def test_a_long_chain_that_agrees_is_quiet():
    """The same chain with equal figures at both ends holds."""
    assert diagnose_chain(ITEMS + 'table "T" in JPY millions\n  columns 2003-06-30 0003-06-30\n  cash 5 5\n') == []
