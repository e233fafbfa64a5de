"""The fill's shortcut: a key whose definition has an input without a value is not evaluated.

`Evaluation.fill` notes, as it expands a key, whether one of its rule's inputs has no
value (computed to none already, or neither printed, derivable nor claimed), and
`_compute` then skips the rule. The general path, `_compute` evaluating the rule, is the definition; these tests
hold every filled value equal to it on drawn books.
"""

from hypothesis import given, settings
from hypothesis import strategies as st

from ledgerlang.model.period import parse_period
from support import evaluated

_COLUMNS = ["1Q02", "2Q02", "1Q03", "2Q03", "3Q03", "4Q03", "FY2003", "2003-06-30"]


@st.composite
def _expression(draw, names: list[str], depth: int = 2) -> str:
    """A definition over earlier items: sums, differences, products, changes, shifts and edges."""
    if depth == 0 or draw(st.integers(0, 2)) == 0:
        name = draw(st.sampled_from(names))
        return draw(st.sampled_from([name, name, name, f"{name}@-1q", f"{name}@close"]))
    left = draw(_expression(names, depth - 1))
    right = draw(_expression(names, depth - 1))
    shape = draw(st.sampled_from(["{l} + {r}", "{l} + {r}", "{l} - ({r})", "({l}) * 2", "yoy%({l})", "-({l})"]))
    return shape.format(l=left, r=right)


@st.composite
def chained_books(draw) -> str:
    """A book of flows (and a stock), most defined from earlier ones, so that definitions read
    derived values, printed with gaps (".") in quarter, year and instant columns, and a figure
    stated only in a claim."""
    count = draw(st.integers(3, 8))
    names = [f"i{k}" for k in range(count)]
    lines = []
    for k, name in enumerate(names):
        kind = "stock" if k == count - 1 and draw(st.booleans()) else "flow"
        line = f'item {name} "Item {k}" JPY {kind}'
        if k >= 2 and draw(st.integers(0, 4)) > 0:
            line += f" = {draw(_expression(names[:k]))}"
        lines.append(line)
    columns = draw(st.lists(st.sampled_from(_COLUMNS), min_size=2, max_size=7, unique=True))
    lines += ['table "T" in JPY millions', "  columns " + " ".join(columns)]
    printed = names[:2] + draw(st.lists(st.sampled_from(names[2:]), max_size=2, unique=True))
    for name in printed:
        cells = [draw(st.sampled_from([".", "12", "-3", "40.5", "-", "7"])) for _ in columns]
        lines.append(f"  {name} " + " ".join(cells))
    if draw(st.booleans()):
        name, column = draw(st.sampled_from(names)), draw(st.sampled_from(_COLUMNS))
        lines += ['claim "A claim"', f"  {name}@{column} = 7 JPY millions"]
    return "\n".join(lines) + "\n"


@settings(max_examples=300, deadline=None)
@given(chained_books())
def test_a_filled_value_is_what_its_definition_gives(text):
    """Every key the fill computed has the value `_compute` gives by evaluating its rule, interval
    included, where the shortcut skipped that rule (the books are acyclic: a key's inputs have
    their final values before it is computed)."""
    ev = evaluated(text)
    filled = [(key, value) for key, value in ev.values.items() if key not in ev.table_facts]
    for key, value in filled:
        deps, inputs = ev._keys(key)  # the quarters of a sum after the rule's inputs, where `_summed` says
        assert deps == ev._dependencies(key) and (len(deps) > inputs) == bool(ev._summed(*key)), (key, text)
        general = ev._compute(key)
        assert general == value, (key, text)
        if value is not None:
            assert general.interval == value.interval, (key, text)


def test_a_definition_whose_input_is_missing_is_a_sum_a_claim_or_nothing():
    """Where a definition lacks an input, a year is the sum of its quarters, a quarter is what the
    narrative states, or there is no value."""
    ev = evaluated("""
    item a "A" JPY flow
    item b "B" JPY flow
    item t "T" JPY flow = a + b
    table "T" in JPY millions
      columns 1Q03 2Q03 3Q03 4Q03 1Q04
      a 1 2 3 4 5
      b 5 6 7 . .
      t . . . 20 .
    claim "T was 8 million in 1Q04"
      t@1Q04 = 8 JPY millions
    """)
    year = ev.value("t", parse_period("FY2003"))
    assert year.origin == "sum" and year.point == 44_000_000  # b@4Q03 is missing: 6 + 8 + 10 + 20
    assert ev.value("t", parse_period("1Q04")).origin == "reported"  # the claim's
    assert ev.value("t", parse_period("2Q04")) is None
    assert ev.value("t", parse_period("1Q03")).origin == "derived"
