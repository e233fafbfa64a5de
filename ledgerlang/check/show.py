"""Numbers in diagnostics, the way the reader saw them: at the figure's scale."""

from __future__ import annotations

from decimal import MAX_EMAX, MIN_EMIN, ROUND_DOWN, Context, Decimal

from ledgerlang.evaluate.interval import Interval

SCALE_WORDS = {3: " thousand", 6: " million", 9: " billion", -2: "%"}


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


def amount(value: Decimal, scale: int, places: int, rounding: str | None = None) -> str:
    return number(value, scale, places, rounding) + SCALE_WORDS.get(scale, "")


def at_least(miss: Decimal, scale: int, places: int) -> str:
    """A miss as "off by at least" says it: cut to `places`, so the words stay true (a miss of
    0.1996 is at least 0.199, not at least 0.200); a miss that is not zero is cut to more places
    where those would show none of it, as far as its second significant digit ("at least 0.00
    thousand" said the two agreed, of a miss of 0.0013 thousand)."""
    return amount(miss, scale, nonzero_places(miss, scale, places, ROUND_DOWN), ROUND_DOWN)


def interval(iv: Interval | None, scale: int, places: int) -> str:
    if iv is None:
        return "(unbounded)"
    left = "(" if iv.lo_open else "["
    right = ")" if iv.hi_open else "]"
    return f"{left}{number(iv.lo, scale, places)}, {number(iv.hi, scale, places)}{right}{SCALE_WORDS.get(scale, '')}"


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
