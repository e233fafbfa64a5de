"""Totals and rules are checked rounding-aware: rounding is never an error, a wrong figure is."""

from support import codes, diagnose

PARTS = """
item a "A" JPY flow credit
item b "B" JPY flow credit
item total "Total" JPY flow credit = a + b
table "T" in JPY millions
  columns 1Q03
  a      3,321
  b        767
  total  {total}
"""


def test_off_by_one_from_separate_rounding_is_not_reported():
    """3,321 + 767 = 4,088, printed 4,089 because the parts were rounded separately: no error."""
    assert codes(PARTS.format(total="4,089")) == []
    assert codes(PARTS.format(total="4,087")) == []


def test_a_plugged_total_is_reported():
    """A total two units off cannot come from rounding three figures."""
    found = diagnose(PARTS.format(total="4,091"))
    assert [d.code for d in found] == ["total-mismatch"]
    d = found[0]
    assert d.item == "total" and d.period == "1Q03"
    assert "4,091" in d.message and "1.50 million" in d.message
    assert d.span.line == 15 and d.span.column == 10


def test_a_flipped_sign_is_reported_with_a_hint():
    """A total printed with the wrong sign is an error, and the hint says so."""
    found = diagnose(PARTS.format(total="(4,088)"))
    assert [d.code for d in found] == ["total-mismatch"]
    assert any("sign looks flipped" in note for note in found[0].notes)


TRUNCATED = """
item a "A" JPY flow
item b "B" JPY flow
item total "Total" JPY flow = a + b
table "T" in JPY millions
  rounding truncate
  columns {columns}
  a {a}
  b {b}
  total {total}
"""


def test_truncated_tables_allow_the_truncation_interval():
    """Truncated parts 1.9 + 1.9 (printed 1 and 1) can make a truncated total of 3."""
    text = TRUNCATED.format(columns="1Q03", a="1", b="1", total="{total}")
    assert codes(text.format(total="3")) == []
    assert codes(text.format(total="4")) == ["total-mismatch"]



def test_a_miss_only_at_a_truncated_end_says_so_rather_than_off_by_zero():
    """1 and 1 truncated are [1, 2) each, so a + b is [2, 4): a truncated total of 4, [4, 5),
    misses it only at 4, which neither reaches. "off by at least 0.00" read as an agreement."""
    found = diagnose(TRUNCATED.format(columns="1Q03 1Q02", a="1 1", b="1 1", total="4 5"))
    assert [(d.code, d.period) for d in found] == [("total-mismatch", "1Q03"), ("total-mismatch", "1Q02")]
    touching, apart = found
    assert "off by at least 0" not in touching.message
    assert "could meet only at 4.00 million, an end that truncation excludes" in touching.message
    assert any(n.startswith("miss: they meet only at 4.00 million") for n in touching.notes)
    assert apart.message.endswith("off by at least 1.00 million")


def test_rules_hold_at_every_period_with_inputs():
    """A rule declared once is checked in each column where its inputs are printed."""
    text = """
    item a "A" JPY flow
    item b "B" JPY flow
    rule a = b * 2
    table "T" in JPY millions
      columns 1Q03 1Q02 4Q02
      a 20 30 40
      b 10 10 .
    """
    found = diagnose(text)
    # 4Q02 has no b: a@4Q02 is reported as not checkable, never passed in silence.
    assert [(d.code, d.period) for d in found] == [("total-mismatch", "1Q02"), ("not-checkable", "4Q02")]
    assert "a@4Q02 40 at line" in found[1].notes[0] and "needs b@4Q02" in found[1].notes[0]


def test_assertions_compare_both_sides():
    """An assertion fails only when no values within rounding satisfy it."""
    text = """
    item assets "Assets" JPY stock
    item claims "Liabilities and equity" JPY stock
    assert balance: assets = claims
    table "BS" in JPY millions
      columns 2003-06-30 2003-03-31
      assets  100 200
      claims  102 197
    """
    assert codes(text) == ["assertion-failed", "assertion-failed"]
    assert codes(text.replace("102 197", "101 199")) == []


def test_a_cost_printed_in_parentheses_where_the_rule_subtracts_it_gets_a_hint_of_the_row():
    """`cost (120)` under `gp = rev - cost` reads as -120 and gp misses by 240: the hint names the
    table's sign convention and the `-cost` row, not only a culprit that changes the figure; a
    revenue printed negative where the rule adds it is a wrong sign, and gets no such hint."""
    text = """
    item rev "Revenue" JPY flow credit
    item cost "Cost" JPY flow debit
    item gp "Gross profit" JPY flow credit = rev - cost
    table "T" in JPY millions
      columns 1Q03
      rev   200
      cost  (120)
      gp     80
    """
    [found] = [d for d in diagnose(text) if d.code == "total-mismatch"]
    assert any(n.startswith("hint: the rule holds with cost@1Q03's sign flipped (printed (120) at ")
               and n.endswith("where the rule subtracts it, write its row -cost") for n in found.notes)
    assert codes(text.replace("  cost  (120)", "  -cost  (120)")) == []
    added = text.replace("rev   200", "rev   (200)").replace("cost  (120)", "cost  120").replace("gp     80", "gp  320")
    [found] = [d for d in diagnose(added) if d.code == "total-mismatch"]
    assert not any("sign flipped" in n for n in found.notes)


def test_an_assertion_no_period_can_decide_is_said_to_check_nothing():
    """`assert balanced` over a balance sheet no table prints passed in silence: a note now says it
    is never checked and why; once printed on the left but never on the right, it names what is missing."""
    text = """
    item assets "Assets" JPY stock
    item liab "Liabilities" JPY stock
    item equity "Equity" JPY stock
    assert balanced: assets = liab + equity
    table "BS" in JPY millions
      columns 2003-06-30
      liab  60
    """
    found = [d for d in diagnose(text) if d.code == "assertion-unchecked"]
    assert [(d.severity.name, d.message) for d in found] == [(
        "INFO", "assert balanced is never checked: no table prints assets, and an assertion is checked at the "
                "periods a table prints the items on its left")]
    found = [d for d in diagnose(text.replace("liab  60", "liab  60\n      assets 100"))
             if d.code == "assertion-unchecked"]
    assert [d.message for d in found] == [
        "assert balanced is never checked: at the periods its left side is printed (2003-06-30), equity has no value"]
    assert "assertion-unchecked" not in codes(text.replace("liab  60", "liab  60\n      assets 100\n      equity 40"))


def test_cash_roll_forward():
    """Closing cash is opening cash plus the net change, across instants and durations."""
    text = """
    item cash "Cash" JPY stock
    item cash.change "Net change in cash" JPY flow
    rule cash.change = cash@close - cash@open
    table "CF" in JPY thousands
      columns 1Q03 1Q02
      cash.change   (769,345)  (5,031,226)
      cash@open     3,588,352  11,045,919
      cash@close    2,819,007   6,014,693
    """
    assert codes(text) == []
    assert codes(text.replace("2,819,007", "2,819,070")) == ["total-mismatch"]


def test_balance_weights_are_checked():
    """A debit item added into a credit total is flagged as suspicious."""
    text = """
    item rev "Revenue" JPY flow credit
    item cost "Cost" JPY flow debit
    item gross "Gross" JPY flow credit = rev + cost
    item net "Net" JPY flow credit = rev - cost
    """
    assert codes(text) == ["balance-weight"]
