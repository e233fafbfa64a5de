"""The exact first test of a check (evaluate/point.py): what its shortcuts take for granted."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from ledgerlang.evaluate.point import ONE, Points, inside
from ledgerlang.model.period import parse_period
from ledgerlang.syntax.figures import Figures

from strategies import figures
from support import evaluated

ROUNDINGS = ("nearest", "truncate", "exact")


@settings(max_examples=400, deadline=None)
@given(figures(), st.sampled_from([0, 3, 6, 9]), st.sampled_from(ROUNDINGS), st.booleans())
def test_a_printed_figure_stands_for_its_own_value_in_every_rounding(figure, scale, rounding, negated):
    """A figure printed more than once is taken at its best printing's value where every
    printing stands for it; the printings whose value that is are not tested (`_agreed`)."""
    text, percent = figure
    reported = Figures.parse(text, scale, percent, rounding, negated)
    assert not isinstance(reported, str), reported
    assert inside(reported, reported.value, ONE)


@settings(max_examples=150, deadline=None)
@given(st.integers(-10**9, 10**9), st.sampled_from([0, 1, -1, 499, 500, 501, 1000]),
       st.sampled_from(ROUNDINGS), st.sampled_from(ROUNDINGS))
def test_a_figure_printed_twice_is_its_best_printing_where_both_stand_for_it(millions, off, first, second):
    """In millions and in thousands, the thousands' figure up to a million's unit off: the point is
    the thousands' figure where the millions' stands for it, and there is none (the intervals
    decide) where it does not."""
    thousands = millions * 1000 + off
    book = ('item rev "Revenues" JPY flow\n'
            f'table "T" in JPY millions\n  rounding {first}\n  columns 1Q03\n  rev {millions}\n'
            f'table "U" in JPY thousands\n  rounding {second}\n  columns 1Q03\n  rev {thousands}\n')
    evaluation = evaluated(book)
    key = ("rev", parse_period("1Q03"))
    value = evaluation.values[key]
    coarse, fine = sorted(value.facts, key=lambda f: -f.value.exponent)
    found = Points(evaluation).of_value(key, value)
    if inside(coarse.value, fine.value.value, ONE):
        assert found == (fine.value.value, ONE, 0)
    else:
        assert found is None


def _stands_for(reported, q: Fraction) -> bool:
    """The definition a printed figure's interval has (evaluate/interval.py), over fractions."""
    v, u = Fraction(reported.value), Fraction(10) ** reported.exponent
    if reported.rounding == "exact":
        return q == v
    if reported.rounding == "truncate":
        return v <= q < v + u if v > 0 else v - u < q <= v if v < 0 else -u < q < u
    return abs(q - v) <= u / 2


@settings(max_examples=400, deadline=None)
@given(figures(), st.sampled_from([0, 3, 6]), st.sampled_from(ROUNDINGS), st.integers(1, 10**7),
       st.integers(-3, 3), st.sampled_from([-1, 0, 1]))
def test_a_quotient_meets_a_figure_exactly_where_its_interval_holds_it(figure, scale, rounding, den, halves,
                                                                       nudge):
    """Past a quotient the test is |num - v * den| <= den * u/2 for a figure rounded to nearest:
    a quotient a half-unit or less from the figure meets it, a hair further does not, as in the
    interval's own definition (each rounding)."""
    text, percent = figure
    reported = Figures.parse(text, scale, percent, rounding, False)
    assert not isinstance(reported, str), reported
    den = Decimal(den)
    half = Decimal(5).scaleb(reported.exponent - 1)
    # A numerator some half-units off the figure times den, then a hair either way.
    num = reported.value * den + halves * half * den + nudge * Decimal(1).scaleb(reported.exponent - 12)
    assert inside(reported, num, den) == _stands_for(reported, Fraction(num) / Fraction(den))
