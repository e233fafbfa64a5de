"""The exact first test's loops (`Points.chain_meets`, `Points.call_meets`, `Points.sum_meets`)
against its walk of the expression (`Points.meets`), the definition: the same verdict on drawn
books, and the same values asked of the evaluation on the way."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from hypothesis import example, given, settings
from hypothesis import strategies as st

from ledgerlang.evaluate.point import ONE, Points, _meets, chain_of
from ledgerlang.model.expr import Bin, Call, Ref
from ledgerlang.model.period import parse_period

from ledgerlang.syntax.figures import Figures

from strategies import figures
from support import evaluated

ITEMS = ("a", "b", "c")
PERIODS = ("1Q03", "4Q02", "1Q02")
SCALES = ("", " in JPY thousands", " in JPY millions")
ROUNDINGS = ("", "  rounding truncate\n", "  rounding exact\n")
# Figures small enough that sums land on their intervals' ends, with zero and negatives for divisors
# and a decimal for the nearest rounding's half-units.
FIGURES = st.sampled_from(["0", "1", "2", "3", "5", "7", "10", "12", "(3)", "-2", "2.5", "1,000", "999"])
# Rules the loops take (left-deep chains of references, each operator) and ones they leave to
# `meets`; a quotient is a ratio, its total an item in %.
RULES = ("a + b", "a - b", "a + b - c", "a - b + c + a", "a / b", "a / b * c", "a + b * 2", "a / (b + c)",
         "a", "d + c", "d - a", "e / c", "-a + b", "a + 2 * b", "a@-1q + b", "c - b@open", "d / a")
# A total at a half-unit of millions or a unit either side, read in thousands: where the parts'
# rounding (each a half-unit of its own) is all that lets the rule hold.
HALVES = st.builds(lambda k, off: f"{k * 500 + off:,}", st.integers(0, 30), st.sampled_from([-1, 0, 1]))
PERCENTS = st.sampled_from(["0.0%", "50.0", "66.7%", "150%", "(25.0%)", "100", "33.3%", "200.0"])
DERIVED = "item d \"D\" JPY flow\n  = a + b\nitem e \"E\" JPY flow\n  = a - c\n"


@st.composite
def tables(draw):
    """One to three tables of a, b, c at the three periods, each at its own scale and rounding;
    a figure may be left out, and one table may print a figure another prints (agreeing or not)."""
    text = ""
    for n in range(draw(st.sampled_from([1, 1, 2, 3]))):  # most figures printed once, as in most books
        scale, rounding = draw(st.sampled_from(SCALES)), draw(st.sampled_from(ROUNDINGS))
        text += f'table "T{n}"{scale}\n{rounding}  columns {" ".join(PERIODS)}\n'
        for item in ITEMS:
            if draw(st.integers(0, 4)) == 0:
                continue  # not printed in this table
            cells = [draw(FIGURES) if draw(st.integers(0, 5)) else "-" for _ in PERIODS]
            text += f"  {item} {' '.join(cells)}\n"
    return text


@st.composite
def rule_books(draw):
    """A drawn book whose total t is defined by a drawn rule and printed at each period."""
    rule = draw(st.sampled_from(RULES))
    ratio = rule in _RATIOS
    totals = " ".join(draw(PERCENTS if ratio else st.one_of(FIGURES, HALVES)) for _ in PERIODS)
    rounding = draw(st.sampled_from(ROUNDINGS))
    scale = "" if ratio else draw(st.sampled_from(SCALES))
    return ("".join(f'item {i} "{i.upper()}" JPY flow\n' for i in ITEMS) + DERIVED
            + f'item t "T" {"%" if ratio else "JPY"} flow\n  = {rule}\n' + draw(tables())
            + f'table "Totals"{scale}\n{rounding}  columns {" ".join(PERIODS)}\n  t {totals}\n')


_RATIOS = ("a / b", "a / (b + c)", "e / c", "d / a")


def _verdicts(text: str, fast: bool):
    """Each (rule, period)'s verdict by one path, on an evaluation of its own, and the keys the
    evaluation holds after: a path that asked for another value would leave another set."""
    evaluation = evaluated(text)
    points = Points(evaluation)
    found = []
    for rule in evaluation.book.rules:
        chain = chain_of(rule.expr)
        for period in evaluation.reported_periods(rule.target):
            value = evaluation.value(rule.target, period)
            if value is None:
                continue
            reported = value.facts[0].value
            if fast and chain is not None:
                found.append(points.chain_meets(chain, period, reported))
            else:
                found.append(points.meets(rule.expr, period, reported))
    return found, set(evaluation.values), dict(points.exact)


# Parts in millions and a total in thousands that only their two half-units together reach
# (5,600 against 3 + 2): the radius of every term counts.
SUMMED = ('item a "A" JPY flow\nitem b "B" JPY flow\nitem c "C" JPY flow\nitem t "T" JPY flow\n  = a + b - c\n'
          'table "P" in JPY millions\n  columns 1Q03 4Q02 1Q02\n  a 3 3 3\n  b 2 2 2\n  c 0 0 1\n'
          'table "Totals" in JPY thousands\n  columns 1Q03 4Q02 1Q02\n  t 5,600 6,501 4,000\n')


@settings(max_examples=400, deadline=None)
@example(SUMMED)
@example(SUMMED.replace('"P"', '"Q"') + SUMMED[SUMMED.index('table "P"'):SUMMED.index('table "Totals"')])
@example(SUMMED.replace("= a + b - c", "= d - c").replace("item t", DERIVED + "item t"))
@given(rule_books())
def test_a_chain_meets_where_its_expression_does(text):
    """A rule's loop over its steps gives the walk's verdict at every period, asks the evaluation
    for the same values and works out the same exact values of the figures it reads."""
    assert _verdicts(text, fast=True) == _verdicts(text, fast=False)


def test_chains_are_the_left_deep_references():
    """Only a left-deep chain of references at the period checked is flattened, operators in order."""
    evaluation = evaluated("".join(f'item {i} "{i}" JPY flow\n' for i in ITEMS) + DERIVED + "".join(
        f'item t{n} "T" {"%" if rule in _RATIOS else "JPY"} flow\n  = {rule}\n' for n, rule in enumerate(RULES)))
    chains = {rule.target: chain_of(rule.expr) for rule in evaluation.book.rules}
    assert len(chains) == len(RULES) + 2  # every rule drawn from is in the book
    assert chains["t0"] == ((None, "a"), ("+", "b"))
    assert chains["t3"] == ((None, "a"), ("-", "b"), ("+", "c"), ("+", "a"))
    assert chains["t5"] == ((None, "a"), ("/", "b"), ("*", "c"))
    assert chains["t8"] == ((None, "a"),)
    for n in (6, 7, 12, 13, 14, 15):  # a constant, a sum divided by, a negation, anchored references
        assert chains[f"t{n}"] is None


MEASURES = ("share%({p}, b)", "yoy%({p})", "qoq%({p})", "USD({p})", "USD({p}, usd.mar)")


@st.composite
def measure_books(draw):
    """A drawn book with a printed change, share or translation of a in a column of its own."""
    measure = draw(st.sampled_from(MEASURES)).format(p="1Q03")
    printed = draw(st.sampled_from(["0", "1.5", "(20.0)", "50", "66.7", "100.0", "0.8", "1,200"]))
    scale = draw(st.sampled_from(["", " in JPY millions"]))
    rounding = draw(st.sampled_from(ROUNDINGS))
    return ("rate usd: 119.87 JPY per USD on 2003-06-30\nrate usd.mar: 2.5 JPY per USD on 2003-03-31\n"
            + "".join(f'item {i} "{i.upper()}" JPY flow\n' for i in ITEMS) + draw(tables())
            + f'table "M"{scale}\n{rounding}  columns {measure}\n  a {printed}\n')


def _measure_verdicts(text: str, fast: bool):
    evaluation = evaluated(text)
    points = Points(evaluation)
    found = []
    for measured in evaluation.book.measured:
        assert isinstance(measured.expr, Call)
        if fast:
            found.append(points.call_meets(measured.expr, measured.period, measured.value))
        else:
            found.append(points.meets(measured.expr, measured.period, measured.value))
    return found, set(evaluation.values), dict(points.exact)


@settings(max_examples=400, deadline=None)
@given(measure_books())
def test_a_measure_meets_where_its_expression_does(text):
    """A change, share or translation tested inline gives the walk's verdict, asks the evaluation
    for the same values and works out the same exact values of the figures it reads."""
    assert _measure_verdicts(text, fast=True) == _measure_verdicts(text, fast=False)


def test_a_change_reads_its_prior_period():
    """yoy% and qoq% inline divide by the prior year's and the prior quarter's figure."""
    text = ('item a "A" JPY flow\ntable "T"\n  columns 1Q03 4Q02 1Q02\n  a 110 100 50\n'
            'table "M"\n  columns yoy%(1Q03) qoq%(1Q03)\n  a 120.0 10.0\n')
    evaluation = evaluated(text)
    points = Points(evaluation)
    yoy, qoq = evaluation.book.measured
    assert yoy.period == qoq.period == parse_period("1Q03")
    assert points.call_meets(yoy.expr, yoy.period, yoy.value)
    assert points.call_meets(qoq.expr, qoq.period, qoq.value)


@st.composite
def year_books(draw):
    """A drawn book printing a's quarters of FY2003 and its year (or first half), each table at
    its own scale and rounding: a quarter may be missing, derived from b and c, or printed twice."""
    derived = draw(st.booleans())
    quarters = ("1Q03", "2Q03", "3Q03", "4Q03")
    text = 'item b "B" JPY flow\nitem c "C" JPY flow\n'
    text += 'item a "A" JPY flow\n  = b + c\n' if derived else 'item a "A" JPY flow\n'
    for n in range(draw(st.sampled_from([1, 1, 2]))):
        scale, rounding = draw(st.sampled_from(SCALES)), draw(st.sampled_from(ROUNDINGS))
        text += f'table "Q{n}"{scale}\n{rounding}  columns {" ".join(quarters)}\n'
        for item in ("a", "b", "c"):
            cells = [draw(FIGURES) if draw(st.integers(0, 6)) else "-" for _ in quarters]
            text += f"  {item} {' '.join(cells)}\n"
    scale, rounding = draw(st.sampled_from(SCALES)), draw(st.sampled_from(ROUNDINGS))
    text += (f'table "Y"{scale}\n{rounding}  columns FY2003 H1 FY2003\n'
             f"  a {draw(st.one_of(FIGURES, HALVES))} {draw(st.one_of(FIGURES, HALVES))}\n")
    return text


def _sum_verdicts(text: str, fast: bool):
    """Each year's (and half's) verdict: by `sum_meets`, or by `meets` walking q1 + q2 + ... with
    each reference anchored at its quarter, as the definition reads the sum."""
    evaluation = evaluated(text)
    points = Points(evaluation)
    found = []
    for key in sorted(evaluation.table_facts, key=str):
        item, period = key
        if item != "a" or period.quarters == 1:
            continue
        quarters = evaluation.quarters_of(period)
        parts = [evaluation.value(item, q) for q in quarters]
        if any(p is None for p in parts):
            continue  # the check asks nothing here (rules._quarter_sum)
        reported = evaluation.value(item, period).facts[0].value
        if fast:
            found.append(points.sum_meets(item, quarters, parts, reported))
        else:
            expr = Ref(item, quarters[0])
            for quarter in quarters[1:]:
                expr = Bin("+", expr, Ref(item, quarter))
            found.append(points.meets(expr, period, reported))
    return found, set(evaluation.values), dict(points.exact)


# Quarters in millions and a year and a half in thousands that only the quarters' half-units
# together reach (7,900 against 3 + 2 + 1 + 1, 5,900 against 3 + 2).
QUARTERS = ('item a "A" JPY flow\ntable "Q" in JPY millions\n  columns 1Q03 2Q03 3Q03 4Q03\n  a 3 2 1 1\n'
            'table "Y" in JPY thousands\n  columns FY2003 H1 FY2003\n  a 7,900 5,900\n')


@settings(max_examples=300, deadline=None)
@example(QUARTERS)
@example(QUARTERS + 'table "R" in JPY millions\n  columns 1Q03 2Q03\n  a 3 2\n')
@given(year_books())
def test_a_sum_of_quarters_meets_where_its_walk_does(text):
    """A year's or half's sum of quarters tested in one loop gives the verdict of `meets` over the
    sum of its anchored quarters, and works out the same exact values on the way."""
    assert _sum_verdicts(text, fast=True) == _sum_verdicts(text, fast=False)


@settings(max_examples=400, deadline=None)
@given(figures(), st.sampled_from([0, 3, 6]), st.sampled_from(["nearest", "truncate", "exact"]),
       st.integers(-3, 3), st.sampled_from([-1, 0, 1]), st.integers(0, 4))
def test_a_value_with_a_radius_meets_a_figure_where_the_intervals_meet(figure, scale, rounding, halves, nudge,
                                                                        radius_halves):
    """`_meets` for a value not past a quotient (den is ONE, the path nearly every check takes, with
    its own table of half-units and a magnitude read without a context) against the definition over
    fractions: [num - r, num + r] meets the interval the printed figure stands for (closed for the
    nearest rounding, open at a truncated figure's far end), a hair either side of each end."""
    text, percent = figure
    reported = Figures.parse(text, scale, percent, rounding, False)
    assert not isinstance(reported, str), reported
    half = Decimal(5).scaleb(reported.exponent - 1)
    radius = radius_halves * half
    num = reported.value + halves * half + nudge * Decimal(1).scaleb(reported.exponent - 12)
    v, u, q, r = (Fraction(reported.value), Fraction(10) ** reported.exponent, Fraction(num), Fraction(radius))
    if reported.rounding == "exact":
        expected = q - r <= v <= q + r
    elif reported.rounding == "truncate":
        low, high = (v, v + u) if v > 0 else (v - u, v) if v < 0 else (-u, u)
        expected = q + r >= low and q - r < high if v > 0 else q + r > low and q - r <= high if v < 0 \
            else q + r > low and q - r < high
    else:
        expected = abs(q - v) <= r + u / 2
    assert _meets(reported, num, ONE, radius) == expected
