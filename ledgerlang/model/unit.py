"""Typed units: currencies, declared units (shares, contracts, Gbps) and ratios.

A unit is a product of named base units over another (`JPY/share`); a scale
(thousands, millions) is how a table presents a unit, never part of it.
"""

from __future__ import annotations

from ledgerlang.model.record import frozen

SCALES = {"units": 0, "thousands": 3, "millions": 6, "billions": 9}
SCALE_NAMES = {exponent: name for name, exponent in SCALES.items()}


@frozen(slots=True)
class Unit:
    num: tuple[str, ...] = ()
    den: tuple[str, ...] = ()

    @property
    def is_pure(self) -> bool:
        return not self.num and not self.den

    def __mul__(self, other: Unit) -> Unit:
        return _reduce(self.num + other.num, self.den + other.den)

    def __truediv__(self, other: Unit) -> Unit:
        return _reduce(self.num + other.den, self.den + other.num)

    def replace(self, old: str, new: str) -> Unit:
        return Unit(tuple(new if u == old else u for u in self.num), self.den)

    def __str__(self) -> str:
        if self.is_pure:
            return "ratio"
        top = "*".join(self.num) or "1"
        return f"{top}/{'*'.join(self.den)}" if self.den else top


PURE = Unit()


def _reduce(num: tuple[str, ...], den: tuple[str, ...]) -> Unit:
    top, bottom = list(num), list(den)
    for name in list(top):
        if name in bottom:
            top.remove(name)
            bottom.remove(name)
    return Unit(tuple(sorted(top)), tuple(sorted(bottom)))


def parse_unit(text: str) -> Unit:
    """`JPY` -> JPY, `JPY/share` -> JPY per share, `%` or `ratio` -> a pure number."""
    if text in ("%", "ratio"):
        return PURE
    top, _, bottom = text.partition("/")
    return _reduce((top,), (bottom,) if bottom else ())


def names_in(unit: Unit) -> tuple[str, ...]:
    return unit.num + unit.den


def in_one_currency(unit: Unit, units) -> bool:
    """An amount in one declared currency (`units`: the book's declarations by name), not per share,
    not a count or a ratio: what a table's scale applies to and a rate translates."""
    return len(unit.num) == 1 and not unit.den and unit.num[0] in units and units[unit.num[0]].currency
