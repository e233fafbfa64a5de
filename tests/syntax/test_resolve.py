"""Resolving expressions: messages that name what the expression is read for (syntax/resolve.py)."""

from support import diagnose


def _errors(text: str) -> list:
    return [d for d in diagnose(text) if d.severity.name == "ERROR"]


def test_a_rate_written_backwards_is_named_where_no_rate_translates_into_the_currency():
    """`rate usd: 150 USD per JPY` translates USD into JPY: "no rate is declared to translate into
    USD" sent the author to declare a rate they had; the hint names theirs and how it reads."""
    [found] = _errors('item rev "Revenue" JPY flow\nrate usd: 150 USD per JPY on 2024-06-30\n'
                      'table "T" in JPY millions\n  columns 1Q03 USD(1Q03)\n  rev 1,500 10\n')
    assert found.code == "unknown-rate" and found.message == "no rate is declared to translate into USD"
    assert found.notes == ("hint: rate usd is written 150 USD per JPY, which translates USD into JPY; a rate into USD "
                           "is written `JPY per USD`, such as `rate usd: 150 JPY per USD`",)
    [found] = _errors('item rev "Revenue" JPY flow\n'
                      'table "T" in JPY millions\n  columns 1Q03 USD(1Q03)\n  rev 1,500 10\n')
    assert found.notes == ("hint: rate usd: 119.87 JPY per USD on 2003-06-30",)


def test_a_claim_of_the_wrong_kind_of_period_is_said_to_be_a_claim_not_a_rule():
    """`cash@1Q03 = 55` in a claim: "this rule is about a duration" named a rule the author never
    wrote, and its hint (cash@close) wrote a claim with no period; both now speak of the claim."""
    found = _errors('item cash "Cash" JPY stock\nitem rev "Revenue" JPY flow\n'
                    'claim "Cash was 55, revenue 10"\n  cash@1Q03 = 55 JPY millions\n'
                    '  rev@2003-06-30 = 10 JPY millions\n'
                    'guidance "cash" given 2003-01\n  cash@FY2003 > 0 JPY millions\n'
                    'rule rev = cash\n')
    assert [(d.code, d.message, d.notes[-1]) for d in found] == [
        ("stock-on-duration", "cash is a stock, but this claim (1Q03) is about a duration",
         "hint: a stock has a value at a date, such as cash@2003-06-30"),
        ("flow-on-instant", "rev is a flow, but this claim (2003-06-30) is about an instant",
         "hint: a flow needs a duration, such as rev@FY2003"),
        ("stock-on-duration", "cash is a stock, but this guidance line (FY2003) is about a duration",
         "hint: a stock has a value at a date, such as cash@2003-06-30"),
        ("stock-on-duration", "cash is a stock, but this rule is about a duration", "hint: write cash@close or cash@open"),
    ]
