"""Numbers in diagnostics, the way the reader saw them: at the figure's scale."""

from __future__ import annotations

from decimal import MAX_EMAX, MIN_EMIN, ROUND_DOWN, Context, Decimal

from ledgerlang.evaluate.interval import Interval
from ledgerlang.model.unit import Unit, in_one_currency

SCALE_WORDS = {3: " thousand", 6: " million", 9: " billion", -2: "%"}


class Naming:
    """How an amount names its unit: not at all in the book's main currency, as every message
    did before units were named ("1,989,090 thousand"); a currency before the number, as a release
    prints it ("USD 16,594 thousand"); any other unit after it ("22,611 shares")."""

    __slots__ = ("before", "after")

    def __init__(self, before: str = "", after: str = "") -> None:
        self.before, self.after = before, after

    def __call__(self, text: str) -> str:
        return f"{self.before}{text}{self.after}"


MAIN = Naming()  # the book's main currency, or a pure number: the amount alone


class Names:
    """The naming of each unit in one book's messages, found when a message first asks: a book
    whose figures all agree never counts its items' currencies."""

    def __init__(self, book) -> None:
        self.book = book
        self._main: Unit | None | bool = False  # not yet found
        self._resolver = None

    @property
    def main(self) -> Unit | None:
        """The currency most of the book's items are declared in (the first declared of those
        equally many): the one its statements are in, which a message need not name."""
        if self._main is False:
            count: dict[Unit, int] = {}
            for item in self.book.items.values():
                unit = item.unit
                if in_one_currency(unit, self.book.units):
                    count[unit] = count.get(unit, 0) + 1
            self._main = max(count, key=count.__getitem__) if count else None  # max keeps the first of a tie
        return self._main

    def of_unit(self, unit: Unit | None, always: bool = False) -> Naming:
        """`always`: the main currency named too, where a message sets it beside another (a
        translation's yen figure beside the dollars it gives)."""
        if unit is None or unit.is_pure or (unit == self.main and not always):
            return MAIN
        if in_one_currency(unit, self.book.units):
            return Naming(before=f"{unit.num[0]} ")
        return Naming(after=f" {unit}")

    def of_item(self, item: str, always: bool = False) -> Naming:
        found = self.book.items.get(item)
        return self.of_unit(found.unit if found is not None else None, always)

    def of_expr(self, expr) -> Naming:
        """The naming of an expression's unit: a translation's currency, a per-share ratio's."""
        if self._resolver is None:
            from ledgerlang.syntax.resolve import Resolver  # the one walk that knows an expression's unit

            self._resolver = Resolver(self.book.items, self.book.units, self.book.rates, lambda diagnostic: None)
        unit = self._resolver.unit_of(expr)
        return self.of_unit(unit if unit else None)


# Wide enough for any figure (30 digits, syntax/figures.py) at any scale and decimals shown: the
# default context's 28 digits would round a figure's last digits away as it is scaled.
_WIDE = Context(prec=100, Emax=MAX_EMAX, Emin=MIN_EMIN)


def number(value: Decimal, scale: int, places: int, rounding: str | None = None) -> str:
    """`value` (base units) at a presentation scale, to `places` decimals, with separators;
    `rounding`: decimal's, where the nearest would not do (a lower bound is cut, never raised)."""
    places = max(places, 0)
    quantum = Decimal(1).scaleb(-places)
    shown = value.scaleb(-scale, _WIDE)
    try:
        shown = shown.quantize(quantum, rounding, _WIDE)
    except ArithmeticError:
        pass
    text = f"{shown:,f}"
    return "0" if text.strip("-0.,") == "" and places == 0 else ("0" + text[2:] if text.startswith("-0") and shown == 0 else text)


def nonzero_places(value: Decimal, scale: int, places: int, rounding: str | None = None) -> int:
    """`places`, or more where a value that is not zero would show as 0 with them (120 yen in
    millions: 0.00012, not "0.0"), up to the digit that shows it; `rounding` as `number` takes it."""
    if value == 0 or number(value, scale, places, rounding).strip("-0.,") != "":
        return places  # shows as what it is (0.01 for 0.005: a digit, not a zero)
    needed = 1 - value.scaleb(-scale, _WIDE).adjusted()  # the decimals that show two significant digits
    return max(places, min(needed, places + 12))


def interval_places(iv: Interval | None, scale: int, places: int) -> int:
    """`nonzero_places` for both ends of an interval: [0.00012, 0.00013] million, not [0.00, 0.00]."""
    if iv is None:
        return places
    return max(nonzero_places(iv.lo, scale, places), nonzero_places(iv.hi, scale, places))


def amount(value: Decimal, scale: int, places: int, rounding: str | None = None, unit: Naming = MAIN) -> str:
    return unit(number(value, scale, places, rounding) + SCALE_WORDS.get(scale, ""))


def at_least(miss: Decimal, scale: int, places: int, unit: Naming = MAIN) -> str:
    """A miss as "off by at least" says it: cut to `places`, so the words stay true (a miss of
    0.1996 is at least 0.199, not at least 0.200); a miss that is not zero is cut to more places
    where those would show none of it, as far as its second significant digit ("at least 0.00
    thousand" said the two agreed, of a miss of 0.0013 thousand)."""
    return amount(miss, scale, nonzero_places(miss, scale, places, ROUND_DOWN), ROUND_DOWN, unit)


def interval(iv: Interval | None, scale: int, places: int, unit: Naming = MAIN) -> str:
    """An interval, its unit named once for both ends: "USD [8,234.5, 8,235.5] thousand"."""
    if iv is None:
        return "(unbounded)"
    left = "(" if iv.lo_open else "["
    right = ")" if iv.hi_open else "]"
    ends = f"{number(iv.lo, scale, places)}, {number(iv.hi, scale, places)}"
    return unit(f"{left}{ends}{right}{SCALE_WORDS.get(scale, '')}")


def places_for(exponent: int, scale: int, extra: int = 0) -> int:
    """Decimals that show a figure with last digit 10**exponent at `scale`, plus `extra`."""
    return max(scale - exponent, 0) + extra


def transposed(typed: str, meant: str) -> str | None:
    """"61 typed as 16" where the digits of `typed` are those of `meant` with two adjacent ones
    swapped, the slip of a hand that types from a page (separators, signs and points aside: both
    figures are laid out alike); else None."""
    typed, meant = "".join(c for c in typed if c.isdigit()), "".join(c for c in meant if c.isdigit())
    if len(typed) != len(meant):
        return None
    differ = [i for i, (a, b) in enumerate(zip(typed, meant)) if a != b]
    if len(differ) != 2 or differ[1] != differ[0] + 1 or typed[differ[0]] != meant[differ[1]] \
            or typed[differ[1]] != meant[differ[0]]:
        return None
    i = differ[0]
    return f"{meant[i:i + 2]} typed as {typed[i:i + 2]}"
