"""Interval arithmetic is sound, and printed figures map to the intervals DESIGN.md fixes."""

from decimal import Decimal
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from ledgerlang.evaluate.interval import Interval, of_reported
from ledgerlang.model.fact import Reported
from strategies import intervals, members


@given(st.data(), intervals(), intervals(), st.sampled_from(["+", "-", "*"]))
def test_operations_are_sound(data, a, b, op):
    """A result computed from any values inside the operands lies inside the result interval."""
    x, y = Fraction(data.draw(members(a))), Fraction(data.draw(members(b)))
    result = {"+": a + b, "-": a - b, "*": a * b}[op]
    value = {"+": x + y, "-": x - y, "*": x * y}[op]  # exact, whatever the digits
    assert value in result


@given(st.data(), intervals(), intervals(nonzero=True))
def test_division_is_sound(data, a, b):
    """Quotients of members lie in the quotient interval, even where it is rounded outwards."""
    x, y = data.draw(members(a)), data.draw(members(b))
    result = a / b
    assert result is not None
    assert Fraction(x) / Fraction(y) in result  # the exact quotient, not a rounded one


def test_division_by_an_interval_around_zero_is_unbounded():
    """Dividing by something that may be zero gives no bound at all."""
    assert Interval(Decimal(1), Decimal(2)) / Interval(Decimal(-1), Decimal(1)) is None


def test_rounded_figure_is_a_closed_interval():
    """3,321 in millions stands for [3,320.5, 3,321.5] million."""
    iv = of_reported(Reported(Decimal("3321E6"), 6))
    assert (iv.lo, iv.hi, iv.lo_open, iv.hi_open) == (Decimal("3320.5E6"), Decimal("3321.5E6"), False, False)


def test_truncated_figures_are_half_open():
    """Truncation: [v, v+u) above zero, (v-u, v] below, (-u, u) at zero."""
    up = of_reported(Reported(Decimal(5), 0, "truncate"))
    down = of_reported(Reported(Decimal(-5), 0, "truncate"))
    zero = of_reported(Reported(Decimal(0), 0, "truncate"))
    assert (up.lo, up.hi, up.lo_open, up.hi_open) == (5, 6, False, True)
    assert (down.lo, down.hi, down.lo_open, down.hi_open) == (-6, -5, True, False)
    assert (zero.lo, zero.hi, zero.lo_open, zero.hi_open) == (-1, 1, True, True)


def test_open_ends_matter_where_intervals_touch():
    """Two intervals that share one end point meet only if both hold it."""
    closed = Interval(Decimal(0), Decimal(1))
    assert not closed.disjoint(Interval(Decimal(1), Decimal(2)))
    assert closed.disjoint(Interval(Decimal(1), Decimal(2), lo_open=True))
    assert (-Interval(Decimal(0), Decimal(1), hi_open=True)).lo_open


@given(intervals())
def test_negation_mirrors_open_ends(a):
    """Negating a half-open interval mirrors its open end."""
    n = -a
    assert (n.lo, n.hi, n.lo_open, n.hi_open) == (-a.hi, -a.lo, a.hi_open, a.lo_open)


@given(intervals(), intervals())
def test_disjoint_means_no_common_member(a, b):
    """When two intervals are disjoint, their intersection is empty, and the reverse."""
    assert a.disjoint(b) == (a.intersect(b) is None)
