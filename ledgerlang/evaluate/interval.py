"""Intervals of exact decimals, with open or closed ends.

A printed figure stands for every value that prints the same way; an
interval holds them all. Arithmetic is sound: the result of an operation on
any values inside the operands lies inside the result. Ends are rounded
outwards where a quotient does not terminate, which only ever widens.
"""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_FLOOR, Context, Decimal

from ledgerlang.model.fact import Reported
from ledgerlang.model.record import frozen

_DOWN = Context(prec=40, rounding=ROUND_FLOOR)
_UP = Context(prec=40, rounding=ROUND_CEILING)
# Their methods, bound once: a method looked up on a Context costs about what the operation does.
_down_add, _down_sub, _down_mul, _down_div = _DOWN.add, _DOWN.subtract, _DOWN.multiply, _DOWN.divide
_up_add, _up_sub, _up_mul, _up_div = _UP.add, _UP.subtract, _UP.multiply, _UP.divide
ZERO = Decimal(0)
_HALVES: dict[int, Decimal] = {}  # half the last digit, by exponent: a handful of exponents, a million figures


@frozen(slots=True)
class Interval:
    lo: Decimal
    hi: Decimal
    lo_open: bool = False
    hi_open: bool = False

    @classmethod
    def point(cls, value: Decimal) -> Interval:
        return cls(value, value)

    def __contains__(self, value: Decimal) -> bool:
        above = value > self.lo or (value == self.lo and not self.lo_open)
        below = value < self.hi or (value == self.hi and not self.hi_open)
        return above and below

    def __add__(self, other: Interval) -> Interval:
        return Interval(_down_add(self.lo, other.lo), _up_add(self.hi, other.hi),
                        self.lo_open or other.lo_open, self.hi_open or other.hi_open)

    def __neg__(self) -> Interval:
        # copy_negate, not unary minus: that rounds to the default context's 28 digits.
        return Interval(self.hi.copy_negate(), self.lo.copy_negate(), self.hi_open, self.lo_open)

    def __sub__(self, other: Interval) -> Interval:
        return self + (-other)

    def __mul__(self, other: Interval) -> Interval:
        candidates = []
        for a, a_open in ((self.lo, self.lo_open), (self.hi, self.hi_open)):
            for b, b_open in ((other.lo, other.lo_open), (other.hi, other.hi_open)):
                # A closed zero factor makes an attained zero, whatever the other end.
                closed_zero = (a == 0 and not a_open) or (b == 0 and not b_open)
                candidates.append((_down_mul(a, b), _up_mul(a, b), (a_open or b_open) and not closed_zero))
        lo = min(c[0] for c in candidates)
        hi = max(c[1] for c in candidates)
        lo_open = all(c[2] for c in candidates if c[0] == lo)
        hi_open = all(c[2] for c in candidates if c[1] == hi)
        return Interval(lo, hi, lo_open, hi_open)

    def reciprocal(self) -> Interval | None:
        """1/x over the interval, or None where it holds (or touches) zero: unbounded."""
        if self.contains_zero_or_touches():
            return None
        return Interval(_down_div(1, self.hi), _up_div(1, self.lo), self.hi_open, self.lo_open)

    def contains_zero_or_touches(self) -> bool:
        return self.lo <= 0 <= self.hi

    def __truediv__(self, other: Interval) -> Interval | None:
        inverse = other.reciprocal()
        return None if inverse is None else self * inverse

    def scale(self, factor: Decimal) -> Interval:
        return self * Interval.point(factor)

    def disjoint(self, other: Interval) -> bool:
        """True when no value lies in both: the rule cannot hold."""
        return _before(self, other) or _before(other, self)

    def distance(self, other: Interval) -> Decimal:
        """How far apart two intervals are; zero when they meet."""
        if self.hi <= other.lo:
            return _up_sub(other.lo, self.hi)
        if other.hi <= self.lo:
            return _up_sub(self.lo, other.hi)
        return ZERO

    def intersect(self, other: Interval) -> Interval | None:
        if self.disjoint(other):
            return None
        if self.lo > other.lo or (self.lo == other.lo and self.lo_open):
            lo, lo_open = self.lo, self.lo_open
        else:
            lo, lo_open = other.lo, other.lo_open
        if self.hi < other.hi or (self.hi == other.hi and self.hi_open):
            hi, hi_open = self.hi, self.hi_open
        else:
            hi, hi_open = other.hi, other.hi_open
        return Interval(lo, hi, lo_open, hi_open)

    @property
    def width(self) -> Decimal:
        return self.hi - self.lo


def _before(a: Interval, b: Interval) -> bool:
    return a.hi < b.lo or (a.hi == b.lo and (a.hi_open or b.lo_open))


def of_reported(reported: Reported) -> Interval:
    """The values a printed figure stands for (DESIGN: every reported number is an interval)."""
    return Interval(*ends(reported))


def ends(reported: Reported) -> tuple[Decimal, Decimal, bool, bool]:
    """`of_reported` as a tuple (lo, hi, lo_open, hi_open), as the joint network keeps it.

    Round-to-nearest: [v - u/2, v + u/2]. Truncation: [v, v + u) for v > 0,
    (v - u, v] for v < 0, (-u, u) for zero. Exact: the point v.
    """
    v = reported.value
    if reported.rounding == "exact":
        return (v, v, False, False)
    if reported.rounding == "nearest":
        half = _HALVES.get(reported.exponent)
        if half is None:
            half = _HALVES[reported.exponent] = Decimal(1).scaleb(reported.exponent) / 2
        return (_down_sub(v, half), _up_add(v, half), False, False)
    unit = Decimal(1).scaleb(reported.exponent)
    if reported.rounding == "truncate":
        if v > 0:
            return (v, _up_add(v, unit), False, True)
        if v < 0:
            return (_down_sub(v, unit), v, True, False)
        return (-unit, unit, True, True)
    half = unit / 2
    return (_down_sub(v, half), _up_add(v, half), False, False)
