"""Numbers in diagnostics, the way the reader saw them: at the figure's scale."""

from __future__ import annotations

from decimal import Decimal

from ledgerlang.evaluate.interval import Interval

SCALE_WORDS = {3: " thousand", 6: " million", 9: " billion", -2: "%"}


def number(value: Decimal, scale: int, places: int) -> str:
    """`value` (base units) at a presentation scale, to `places` decimals, with separators."""
    shown = value.scaleb(-scale)
    places = max(places, 0)
    quantum = Decimal(1).scaleb(-places)
    try:
        shown = shown.quantize(quantum)
    except ArithmeticError:
        pass
    text = f"{shown:,f}"
    return "0" if text.strip("-0.,") == "" and places == 0 else ("0" + text[2:] if text.startswith("-0") and shown == 0 else text)


def amount(value: Decimal, scale: int, places: int) -> str:
    return number(value, scale, places) + SCALE_WORDS.get(scale, "")


def interval(iv: Interval | None, scale: int, places: int) -> str:
    if iv is None:
        return "(unbounded)"
    left = "(" if iv.lo_open else "["
    right = ")" if iv.hi_open else "]"
    return f"{left}{number(iv.lo, scale, places)}, {number(iv.hi, scale, places)}{right}{SCALE_WORDS.get(scale, '')}"


def places_for(exponent: int, scale: int, extra: int = 0) -> int:
    """Decimals that show a figure with last digit 10**exponent at `scale`, plus `extra`."""
    return max(scale - exponent, 0) + extra
