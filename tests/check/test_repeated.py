"""A figure printed twice: the facts check's path for two printings finds what its general loop finds."""

from __future__ import annotations

from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from ledgerlang.check import facts as facts_check
from ledgerlang.check.show import Names
from ledgerlang.evaluate.compute import best_printing
from ledgerlang.model.period import parse_period

from support import codes, diagnose, evaluated

SCALES = {"": 1, " in JPY thousands": 1_000, " in JPY millions": 1_000_000}


def shown(value: int) -> str:
    return f"({-value:,})" if value < 0 else f"{value:,}"


@st.composite
def printings(draw):
    """Two printings of rev@1Q03 of one true value, each in a table of its own or both in one,
    at any scale and rounding, right or a unit off, in a plain or a negated row."""
    truth = draw(st.integers(-10**10, 10**10))
    one_table = draw(st.booleans())
    tables = []
    for _ in range(2):
        scale = draw(st.sampled_from(sorted(SCALES)))
        rounding = draw(st.sampled_from(["", "  rounding truncate\n", "  rounding exact\n"]))
        printed = truth // SCALES[scale] if rounding else round(truth / SCALES[scale])
        printed += draw(st.sampled_from([0, 0, 1, -1]))
        negated = draw(st.booleans())
        row = f"  -rev {shown(-printed)}\n" if negated else f"  rev {shown(printed)}\n"
        column = draw(st.sampled_from(["1Q03", "Q1 FY2003"]))  # one period, two texts
        title = draw(st.sampled_from(["T", "U"]))
        tables.append((f'table "{title}"{scale}\n{rounding}  columns {column}\n', row))
    if one_table:
        head = tables[0][0]
        return head + tables[0][1] + tables[1][1]
    return "".join(head + row for head, row in tables)


def _findings(run, facts, names) -> list:
    found: list = []
    run("rev", parse_period("1Q03"), facts, found, names)
    return found


@settings(max_examples=300, deadline=None)
@given(printings())
def test_two_printings_are_found_as_the_general_loop_finds_them(tables):
    evaluation = evaluated('item rev "Revenues" JPY flow\n' + tables)
    facts = evaluation.table_facts[("rev", parse_period("1Q03"))]
    assert len(facts) == 2
    names = Names(evaluation.book)
    for ordered in (facts, facts[::-1]):
        assert _findings(facts_check._two, ordered, names) == _findings(facts_check._every, ordered, names)


def test_a_figure_printed_twice_in_one_place_and_off_is_both_a_duplicate_and_a_mismatch():
    """The warning comes with the second row, the mismatch with whichever printing is less precise."""
    book = 'item rev "Revenues" JPY flow\ntable "T" in JPY millions\n  columns 1Q03\n  rev 100\n  rev 102\n'
    assert codes(book) == ["duplicate-fact", "fact-mismatch"]
    assert codes(book.replace("rev 102", "rev 100")) == ["duplicate-fact"]


@given(st.lists(st.integers(-12, 6), min_size=1, max_size=4))
def test_the_best_printing_is_the_first_of_the_most_precise(exponents):
    """`best_printing`, two printings compared without `min`, is `min` by exponent: ties to the first."""
    printings = tuple(SimpleNamespace(value=SimpleNamespace(exponent=e)) for e in exponents)
    assert best_printing(printings) is min(printings, key=lambda f: f.value.exponent)


def test_tables_of_the_same_title_in_two_releases_are_not_one_table():
    """Each quarter's release has its "Revenues" table, and the next prints this quarter again as
    its prior-year column: a figure printed by two tables of one title is no repeated row."""
    two_releases = ('item rev "Revenues" JPY flow\n'
                    'table "Revenues" in JPY millions\n  columns 1Q03 1Q02\n  rev 100 90\n'
                    'table "Revenues" in JPY millions\n  columns 1Q04 1Q03\n  rev 110 100\n')
    assert _warned(two_releases) == []


def test_a_repeated_column_is_said_to_be_a_column():
    """`columns 1Q03 1Q02 1Q03`, or one period under two spellings: the hint names the columns, not a row."""
    found = _warnings('item rev "Revenues" JPY flow\n'
                      'table "T" in JPY millions\n  columns 1Q03 1Q02 1Q03\n  rev 100 90 100\n')
    assert [d.code for d in found] == ["duplicate-fact"]
    assert found[0].notes[-1] == "hint: the columns name 1Q03 twice: one column per period, remove the repeated one"
    found = _warnings('item rev "Revenues" JPY flow\n'
                      'table "T" in JPY millions\n  columns 1Q03 Q1 FY2003\n  rev 100 100\n')
    assert [d.code for d in found] == ["duplicate-fact"]
    assert found[0].notes[-1] == ("hint: the columns 1Q03 and Q1 FY2003 name the same period: one column per "
                                  "period, remove the repeated one")


def test_an_instant_that_closes_one_column_and_opens_the_next_is_no_repeat():
    """A cash-flow table prints cash@close under 1Q03 and cash@open under 2Q03: one instant, two places."""
    assert _warned('item cash "Cash" JPY stock\n'
                 'table "Cash flows" in JPY millions\n  columns 1Q03 2Q03\n  cash@open 90 100\n  cash@close 100 120\n'
                 ) == []


def _warnings(text: str) -> list:
    """The warnings and errors of a book (not its notes: figures printed once are not-checkable)."""
    return [d for d in diagnose(text) if d.severity > 0]


def _warned(text: str) -> list[str]:
    return [d.code for d in _warnings(text)]
