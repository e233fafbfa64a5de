"""The evaluation's shortcuts held to the plain definitions they stand for, on drawn books.

`Evaluation.__init__` groups the facts by key with one `setdefault` per fact, a figure
printed twice as a pair at once and one printed more often through a list; the
definition is the plain grouping of `book.facts` by key, in the book's order. `_keys` reads
each item's references once per item (`_shape`); the definition is `keys_of`, the walk of the
item's rule at the period.
"""

from hypothesis import given, settings
from hypothesis import strategies as st

from ledgerlang.evaluate.compute import best_printing, evaluate
from ledgerlang.model.period import parse_period
from support import book, evaluated

_ITEMS = ["a", "b", "c"]
_COLUMNS = ["1Q03", "2Q03", "FY2003", "2003-06-30"]
_FIGURES = ["12", "12.0", "-3", "40.5", "7", "1,234", "-", "."]


@st.composite
def repeating_books(draw) -> str:
    """Tables and claims that print the same few keys up to six times each, some tables restated,
    so that a key is printed once, twice (the pair) or more (the list), in tables and in claims."""
    lines = [f'item {name} "Item {name}" JPY flow' for name in _ITEMS]
    for t in range(draw(st.integers(1, 6))):
        columns = draw(st.lists(st.sampled_from(_COLUMNS), min_size=1, max_size=3, unique=True))
        lines.append(f'table "T{t}" in JPY millions')
        if draw(st.integers(0, 3)) == 0:
            lines.append(f'  restated "restated in T{t}"')
        lines.append("  columns " + " ".join(columns))
        for name in draw(st.lists(st.sampled_from(_ITEMS), min_size=1, max_size=3, unique=True)):
            lines.append(f"  {name} " + " ".join(draw(st.sampled_from(_FIGURES)) for _ in columns))
    for c in range(draw(st.integers(0, 3))):
        name, column = draw(st.sampled_from(_ITEMS)), draw(st.sampled_from(_COLUMNS[:3]))
        lines += [f'claim "C{c}"', f"  {name}@{column} = {draw(st.sampled_from(['7', '12']))} JPY millions"]
    return "\n".join(lines) + "\n"


def _grouped(facts) -> tuple[dict, dict]:
    """The definition: (table figures, claim figures) by key, each a tuple in the book's order."""
    table: dict = {}
    claim: dict = {}
    for fact in facts:
        (table if fact.source.kind == "table" else claim).setdefault((fact.item, fact.period), []).append(fact)
    return {k: tuple(v) for k, v in table.items()}, {k: tuple(v) for k, v in claim.items()}


@settings(max_examples=300, deadline=None)
@given(repeating_books())
def test_the_facts_are_grouped_by_key_in_the_books_order(text):
    """Every key's facts are a tuple of exactly its printings, in order, whether printed once, twice
    or more; a restated printing's originals are set aside, and the value is the best printing's."""
    loaded, _ = book(text)
    table, claim = _grouped(loaded.facts)
    ev, _ = evaluate(loaded)
    superseded = {}
    for key, facts in table.items():
        new = tuple(f for f in facts if f.source.restated)
        old = tuple(f for f in facts if not f.source.restated)
        if new and old:
            table[key], superseded[key] = new, old
    assert ev.claim_facts == claim and ev.superseded == superseded, text
    assert ev.table_facts == table, text
    for key, facts in ev.table_facts.items():
        # equal tuples of equal facts: the facts themselves, each once, and tuples, never lists
        assert facts.__class__ is tuple and [id(f) for f in facts] == [id(f) for f in table[key]], text
        value = ev.values[key]
        assert value.facts is facts and value.point == best_printing(table[key]).value.value, text


def test_a_figure_printed_many_times_keeps_every_printing():
    """One key printed in a thousand rows keeps all thousand, in order (the list past the pair)."""
    rows = "".join(f"  a {k}\n" for k in range(1000))
    ev = evaluated('item a "A" JPY flow\ntable "T" in JPY millions\n  columns 1Q03\n' + rows)
    [(key, facts)] = ev.table_facts.items()
    assert facts.__class__ is tuple and [f.value.value for f in facts] == [k * 10**6 for k in range(1000)]



@st.composite
def _reading(draw, depth: int = 2) -> str:
    """An expression that reads its inputs at the period, shifted, at an edge, at a fixed period, and
    under changes (each inside a product, so the unit stays a currency), nested."""
    if depth == 0 or draw(st.integers(0, 2)) == 0:
        return draw(st.sampled_from(["a", "a", "b", "a@-1q", "b@-4q", "c@close", "c@open", "a@1Q03", "b@FY2002"]))
    left, right = draw(_reading(depth - 1)), draw(_reading(depth - 1))
    shape = draw(st.sampled_from(["{l} + {r}", "{l} - ({r})", "-({l})", "({l}) * yoy%({r})", "({l}) * qoq%({r})"]))
    return shape.format(l=left, r=right)


@settings(max_examples=300, deadline=None)
@given(st.lists(_reading(), min_size=1, max_size=3),
       st.sampled_from(["1Q02", "4Q02", "1Q03", "2Q03", "1H03", "9M03", "FY2003", "FY2002", "2003-06-30"]))
def test_a_keys_inputs_are_what_its_definition_reads(expressions, label):
    """`_keys`, read through each item's shape (its references worked out once per item), gives the
    keys `keys_of` walks the item's rule for, at any period, then the quarters of a sum."""
    lines = ['item a "A" JPY flow', 'item b "B" JPY flow', 'item c "C" JPY stock']
    lines += [f'item d{k} "D{k}" JPY flow = {e}' for k, e in enumerate(expressions)]
    ev = evaluated("\n".join(lines) + "\n")
    period = parse_period(label)
    assert len(ev.definitions) == len(expressions)
    for item in ev.book.items:
        deps, inputs = ev._keys((item, period))
        rule = ev.definitions.get(item)
        read = [] if rule is None else list(ev.keys_of(rule.expr, period))
        quarters = [(item, q) for q in ev.quarters_of(period)] if ev._summed(item, period) else []
        assert (deps, inputs) == (read + quarters, len(read)), (item, expressions)
