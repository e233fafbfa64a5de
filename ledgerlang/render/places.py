"""How many decimals a figure is shown with, where those a column gives it would show it as zero.

Shared by the statements (render/statements.py), the claims and guidance lists (render/reported.py),
the workbook's number formats (render/xlsx.py) and the report, so that all of them show one value
alike. The checks' messages have their own (check/show.py `nonzero_places`): a miss or a computed
value in a message is shown to its second significant digit and rounded as the check rounds, where a
statement's cell shows its first.
"""

from __future__ import annotations

from decimal import MAX_EMAX, MIN_EMIN, Context, Decimal

# The most decimals a figure is widened to: a value so small that even these show none of it is 0
# (the 30 a spreadsheet's number format holds).
MOST_PLACES = 30


def nonzero_places(value: Decimal, scale: int, places: int, percent: bool) -> int:
    """`places`, or more where a value that is not zero would show as 0 with them: as many as show its
    first significant digit. (93) thousand yen in a statement in millions is (0.1), not a "(0)" that
    a reader cannot tell from a rounding, nor a 0 that hid a figure the release printed; a printed
    figure's first digit is never finer than its printed one, so no unprinted digit is shown."""
    if value == 0 or places >= MOST_PLACES:
        return places
    shown = value.copy_abs().scaleb(2 if percent else -scale, _EXACT)
    needed = -shown.adjusted()  # the decimals that reach its first significant digit
    if needed <= places:
        return places  # a digit at the places shown
    if shown.quantize(Decimal(1).scaleb(1 - needed), context=_EXACT) != 0:
        needed -= 1  # 0.096 is 0.1 at one place, which shows it
    return min(max(places, needed), MOST_PLACES)


# Every digit of a figure (scaleb and a quantize to a digit or two never need more).
_EXACT = Context(prec=1000, Emax=MAX_EMAX, Emin=MIN_EMIN)
