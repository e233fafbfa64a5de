"""The evaluator: reported and derived values, quarter sums, cycles, order independence."""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from ledgerlang.model.period import parse_period
from support import PRELUDE, book, codes, diagnose, evaluated
from ledgerlang.evaluate.compute import evaluate
from ledgerlang.evaluate.interval import of_reported
from ledgerlang.load import load

BOOK = """
item a "A" JPY flow
item b "B" JPY flow
item total "Total" JPY flow = a + b
item margin "Share of A" % flow = a / total
item cash "Cash" JPY stock
item flow.net "Net change in cash" JPY flow
table "T" in JPY millions
  columns 1Q03 2Q03 3Q03 4Q03
  a   10  11  12  13
  b   20  21  22  23
table "Cash" in JPY millions
  columns 1Q03
  cash@open  100
  cash@close 130
  flow.net    30
"""


def test_derived_values_are_computed_exactly():
    """A total nobody printed is derived from its parts, exactly."""
    ev = evaluated(BOOK)
    value = ev.value("total", parse_period("1Q03"))
    assert value.origin == "derived"
    assert value.point == Decimal("30E6")
    assert abs(ev.value("margin", parse_period("1Q03")).point - Decimal(1) / Decimal(3)) < Decimal("1e-27")


def test_year_of_a_flow_is_the_sum_of_its_quarters():
    """FY2003 of a currency flow adds its four quarters, intervals included."""
    ev = evaluated(BOOK)
    value = ev.value("a", parse_period("FY2003"))
    assert value.origin == "sum"
    assert value.point == Decimal("46E6")
    assert value.interval.width == Decimal("4E6")
    assert ev.value("total", parse_period("FY2003")).point == Decimal("132E6")


def test_open_and_close_rows_land_on_instants():
    """cash@open under 1Q03 is cash at 2003-03-31; cash@close is at 2003-06-30."""
    ev = evaluated(BOOK)
    assert ev.value("cash", parse_period("2003-03-31")).point == Decimal("100E6")
    assert ev.value("cash", parse_period("2003-06-30")).point == Decimal("130E6")


def test_missing_inputs_mean_no_value():
    """A rule applies only where its inputs exist."""
    ev = evaluated(BOOK)
    assert ev.value("total", parse_period("1Q02")) is None


def test_cycles_are_reported_with_their_path():
    """Two items that define each other are a cycle, named with its path."""
    assert codes("""
    item a "A" JPY flow = b + c
    item b "B" JPY flow = a - c
    item c "C" JPY flow
    table "T" in JPY millions
      columns 1Q03
      c 1
    """) == ["cycle", "not-checkable"]
    loaded, _ = book("""
    item a "A" JPY flow = b
    item b "B" JPY flow = a
    item c "C" JPY flow
    table "T" in JPY millions
      columns 1Q03
      c 1
    """)
    ev, diagnostics = evaluate(loaded)
    assert ev.value("a", parse_period("1Q03")) is None
    assert any(d.code == "cycle" and "a@1Q03 -> b@1Q03 -> a@1Q03" in d.message for d in ev.diagnostics)


def test_a_long_chain_does_not_recurse():
    """Thousands of chained definitions evaluate without hitting the recursion limit."""
    lines = ['item x0 "X0" JPY flow']
    lines += [f'item x{i} "X{i}" JPY flow = x{i - 1} + x0' for i in range(1, 3000)]
    lines += ['table "T" in JPY millions', "  columns 1Q03", "  x0 1"]
    ev = evaluated("\n".join(lines) + "\n")
    assert ev.value("x2999", parse_period("1Q03")).point == Decimal("3000E6")


def _declarations(text: str) -> list[str]:
    """Split a book into its declarations (each starts at an unindented line)."""
    blocks: list[list[str]] = []
    for line in text.strip("\n").splitlines():
        if line and not line[0].isspace():
            blocks.append([line])
        elif blocks:
            blocks[-1].append(line)
    return ["\n".join(b) + "\n" for b in blocks]


@settings(max_examples=25, deadline=None)
@given(st.randoms(use_true_random=False))
def test_evaluation_does_not_depend_on_declaration_order(rng):
    """Shuffling the declarations of a book changes no value and no diagnostic."""
    text = BOOK.replace("  b   20  21  22  23", "  b   20  21  22  23\n  total 31 32 34 36")
    blocks = _declarations(text)
    shuffled = blocks[:]
    rng.shuffle(shuffled)

    def outcome(parts):
        loaded, diags = load(PRELUDE + "".join(parts), "order.iij")
        ev, _ = evaluate(loaded)
        keys = [(i, p) for i in loaded.items for p in map(parse_period, ["1Q03", "2Q03", "4Q03", "FY2003"])]
        values = {k: (v.point, v.interval) if (v := ev.value(*k)) else None for k in keys}
        from ledgerlang.check import check
        found = sorted((d.code, d.item, d.period) for d in diags + check(loaded, ev))
        return values, found

    assert outcome(blocks) == outcome(shuffled)


def test_a_narrative_figure_never_overrides_a_derivation():
    """A claim about a derived figure is checked against the derivation, not taken as its value."""
    text = """
    item a "A" JPY flow
    item b "B" JPY flow
    item total "Total" JPY flow = a + b
    table "T" in JPY millions
      columns 1Q03
      a 10
      b 20
    claim "Total of 35 million"
      total@1Q03 = 35 JPY millions
    """
    ev = evaluated(text)
    assert ev.value("total", parse_period("1Q03")).origin == "derived"
    assert codes(text) == ["claim-mismatch"]


def test_a_figure_only_the_narrative_states_is_a_value():
    """Where no table prints a figure, the narrative's figure is the value."""
    ev = evaluated("""
    item accounts "Mail gateway accounts" JPY stock
    claim "captured 100,000 accounts"
      accounts@2003-06-30 = 100,000
    """)
    assert ev.value("accounts", parse_period("2003-06-30")).point == 100000


def test_cycles_found_while_checking_are_reported():
    """A cycle first met by a check (a claim at a period no table prints) is still reported."""
    found = codes("""
    item a "A" JPY flow = b
    item b "B" JPY flow = a
    claim "A was 5 million in 1Q04"
      yoy%(a@1Q04) = 5%
    """)
    assert "cycle" in found


def test_a_figure_printed_once_carries_the_room_its_rounding_leaves():
    """Value.radius, what the exact first test of a check takes around a figure printed once
    (evaluate/point.py): for one rounded to nearest, its printed interval, ends closed; for a
    truncated or exact one, the point alone. A figure printed twice, or a derived value,
    carries none: that test works those out from the facts."""
    ev = evaluated(BOOK + """
table "Truncated" in JPY millions
  rounding truncate
  columns 2Q03
  cash@close 140
table "Exact"
  rounding exact
  columns 3Q03
  cash@close 150
table "Again" in JPY thousands
  columns 1Q03
  a 10,000
""")
    kinds = set()
    for key, value in ev.values.items():
        if value is None or value.origin != "reported" or len(value.facts) > 1:
            assert value is None or value.radius is None, key
            continue
        reported = value.facts[0].value
        interval = of_reported(reported)
        kinds.add(reported.rounding)
        if reported.rounding == "nearest":
            assert (value.point - value.radius, value.point + value.radius) == (interval.lo, interval.hi)
            assert not (interval.lo_open or interval.hi_open)
        else:
            assert value.radius == 0
    assert kinds == {"nearest", "truncate", "exact"}
    assert ev.value("a", parse_period("1Q03")).radius is None  # printed in millions and in thousands


def test_an_evaluation_values_its_table_figures_first_and_fills_the_rest_in_any_order():
    """An Evaluation values every key printed in a table as it is made, so a fill never asks
    table_facts (a key it meets without a value is no table's). Asked one derived key at a
    time, in an order of its own, a fresh one agrees with evaluate() on every value of the
    IIJ ledger."""
    from support import ROOT

    from ledgerlang.evaluate.compute import Evaluation
    from ledgerlang.load import load_paths

    loaded, _ = load_paths(sorted(str(path) for path in (ROOT / "books" / "iij").glob("*.iij")))
    ev, _ = evaluate(loaded)
    derived = [key for key, value in ev.values.items() if value is not None and value.origin != "reported"]
    assert len(derived) > 30
    fresh = Evaluation(loaded)
    assert list(fresh.values) == list(fresh.table_facts)  # the table's figures, and nothing asked yet
    for key in reversed(derived):  # an order of its own: the last derived first
        assert fresh.value(*key) == ev.values[key], key
    assert all(fresh.value(*key) == value for key, value in ev.values.items())


def test_a_cycle_met_at_a_period_its_flows_have_no_value_is_told_by_item():
    """Flows in a cycle, met as a balance sheet's instant was evaluated: 'rev@2003-06-30 -> ...'
    named a period a flow has no value at; the items alone are named then."""
    text = ('item a "A" JPY flow = b + c\nitem b "B" JPY flow = a\nitem c "C" JPY flow\nitem k "K" JPY stock\n'
            'table "T" in JPY millions\n  columns 2003-06-30\n  k 5\n')
    [cycle] = [d for d in diagnose(text) if d.code == "cycle"]
    assert cycle.message in ("a depends on itself: a -> b -> a", "b depends on itself: b -> a -> b")
    quarterly = text.replace("columns 2003-06-30\n  k 5", "columns 1Q03\n  c 5")
    [cycle] = [d for d in diagnose(quarterly) if d.code == "cycle"]
    assert "@1Q03 -> " in cycle.message
