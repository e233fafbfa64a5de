"""Printed figures to exact values: `3,321` in millions, `(5.7%)`, `-` for nil."""

from __future__ import annotations

from decimal import Context, Decimal, Inexact, Rounded

from ledgerlang import regexes
from ledgerlang.model.fact import Reported
from ledgerlang.model.record import maker

# The most digits a figure (or a number in an expression, a rate, a guidance factor)
# may have. Every figure is exact: within this, a figure's value and the ends of its
# interval fit the evaluator's 40 digits without rounding; a longer one is refused
# with a diagnostic rather than rounded in silence (the same figure printed twice
# as ...678000 and ...678999 must be told apart).
MAX_DIGITS = 30
EXACT = Context(prec=MAX_DIGITS + 10, Emax=10**6, Emin=-10**6, traps=[Inexact, Rounded])


def too_long(digits: str) -> str | None:
    """A message when a figure's digits (separators, sign and point removed) are more than MAX_DIGITS."""
    count = len(digits.lstrip("0"))
    if count > MAX_DIGITS:
        return f"has {count:,} digits; ledgerlang reads figures of at most {MAX_DIGITS} digits, exactly"
    return None


def decimal_comma(text: str) -> str | None:
    """The language's spelling of a figure printed with a decimal comma (`1.200,5`, `456,7`, `20,0%`) or
    with dots between thousands (`1.234.567`): `1,200.5`, `456.7`, `20.0%`, `1,234,567`; None for any other
    text. `1,234` and `1.234` are figures of the language's own, never taken for one. (Only a syntax
    error's hint asks, so the pattern is compiled then.)"""
    match = regexes.compile(r"\(?[-+]?(?:[0-9]{1,3}(?:\.[0-9]{3}){2,}|[0-9]{1,3}(?:\.[0-9]{3})+,[0-9]+|[0-9]+,[0-9]{1,2})%?\)?").fullmatch(text)
    return text.translate(str.maketrans(".,", ",.")) if match else None


_FIGURE = regexes.compile(r"(?P<open>\()?(?P<sign>[-+])?(?P<digits>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?P<frac>\.[0-9]+)?(?P<pct>%)?(?P<close>\))?")
_GROUPED = regexes.compile(r"[0-9]{1,3}(?:,[0-9]{3})+").fullmatch  # 1,234 and 1,234,567: most amounts
_reported = maker(Reported)  # one per distinct figure, without the type's call (model/record.py `maker`)
_UNITS: dict[int, Decimal] = {}  # 10**shift as a Decimal of coefficient 1, by the shift (`read_cell`)


def parse_figure(text: str, scale: int, percent: bool, rounding: str = "nearest") -> Reported | str:
    """The figure's exact value in base units, or a message saying what is wrong.

    `scale` is the presentation's power of ten (6 for millions); a percentage
    is scaled by -2. Parentheses and a leading minus both mean negative.
    """
    if text == "-":
        # A dash prints nil: zero to the column's last digit.
        exponent = -3 if percent else scale
        return _reported(Decimal(0).scaleb(exponent), exponent, rounding, -2 if percent else scale, text)
    if len(text) < 20 and ((text.isascii() and text.isdigit()) or _GROUPED(text) is not None):
        # The plainest figures: digits, or digits grouped by thousands; no sign or fraction,
        # and too short for the context's 28 digits to round them, so the exponent is the shift.
        shift = scale - 2 if percent else scale
        return _reported(Decimal(text.replace(",", "")).scaleb(shift), shift, rounding, shift, text)
    return read_figure(text, scale, percent, rounding)


def read_figure(text: str, scale: int, percent: bool, rounding: str = "nearest") -> Reported | str:
    """`parse_figure` of any figure but a dash, by the figure's whole pattern (its plainest
    shapes take a shorter way there, to the same value: tests/syntax/test_figures.py)."""
    m = _FIGURE.fullmatch(text)
    if not m:
        return f"{_quoted(text)} is not a figure"
    opening, sign, digits, frac, pct, closing = m.groups()
    if bool(opening) != bool(closing):
        return f"{_quoted(text)} has an unbalanced parenthesis"
    if opening and sign:
        return f"{_quoted(text)} is negative twice: use either parentheses or a minus sign"
    if pct and not percent:
        return f"{_quoted(text)} is a percentage in a column of amounts"
    digits = digits.replace(",", "") + (frac or "")
    problem = too_long(digits.replace(".", ""))
    if problem is not None:
        return f"{_quoted(text)} {problem}"
    value = Decimal(digits)  # exact, as is every step below (EXACT traps any rounding)
    if opening or sign == "-":
        value = value.copy_negate()
    shift = scale - 2 if percent else scale
    value = value.scaleb(shift, EXACT)
    return _reported(value, shift - len(frac) + 1 if frac else shift, rounding, shift, text)


def _quoted(text: str) -> str:
    """A figure as a message quotes it: a 5,000-digit one is not printed whole."""
    return repr(text) if len(text) <= 40 else repr(f"{text[:16]}...{text[-16:]}")


def negate(reported: Reported) -> Reported:
    """The figure of a `-item` row: the item's value is the printed figure's opposite."""
    return _reported(reported.value.copy_negate(), reported.exponent, reported.rounding, reported.scale, reported.text,
                     True)


def read_cell(text: str, scale: int, percent: bool, rounding: str = "nearest", negated: bool = False) -> Reported | str:
    """`parse_figure` of a table cell's text, which the grammar's FIGURE terminal has matched (or
    which is `-`): the cell's text is one token, from the lexer or from the fast path's row
    pattern, which is built from that terminal (syntax/fastpath.py). Such a text of digits and
    commas alone has its commas between thousands already, so it needs no pattern of its own to
    tell it from `12,34`; any other text of digits and commas would be read here as if it had.
    `negated`: printed in a `-item` row, so the item's value is the figure's opposite.
    tests/syntax/test_table_cells.py holds this to `parse_figure` on the terminal's texts."""
    # str's and dict's methods through the type: compiled, Python's C function itself (syntax/fastpath.py `row`).
    digits = str.replace(text, ",", "")
    if digits.isdecimal() and len(digits) < 20 and not negated:
        # Too short for the context's 28 digits to round them: the exponent is the shift. The
        # digits times 10**shift (coefficient 1) are `scaleb`'s value to the representation, as
        # `parse_figure` makes it: the coefficient times one, the exponents added. An operator
        # is an operand's slot, where `scaleb` is a method that parses a tuple of its arguments
        # and makes a Decimal of its int: about 900 instructions fewer a distinct figure
        # (tests/syntax/test_cell_shortcuts.py holds the two equal).
        shift = scale - 2 if percent else scale
        unit = dict.get(_UNITS, shift)
        if unit is None:
            unit = _UNITS[shift] = Decimal((0, (1,), shift))
        return _reported(Decimal(digits) * unit, shift, rounding, shift, text)
    found = parse_figure(text, scale, percent, rounding)
    if negated and not isinstance(found, str):
        found = negate(found)
    return found


class Figures:
    """`read_cell`, once per distinct (text, scale, percent, rounding, negated).

    Half the cells of a large book repeat a figure already seen (percentages,
    dashes, small amounts); a Reported is immutable, so one object serves them
    all. A builder keeps one for its own run, so the memo dies with it. The
    memo is a dict of texts per (scale, percent, rounding, negated): a row's
    cells share those, so a row takes its dict once (`memo`) and each cell is
    one lookup by its text, not a key tuple made, hashed and compared.
    """

    def __init__(self) -> None:
        self.seen: dict[tuple[int, bool, str, bool], dict[str, Reported | str]] = {}

    def memo(self, scale: int, percent: bool, rounding: str = "nearest", negated: bool = False) -> dict:
        """The figures made so far in this context, by their text (fill it with `parse`)."""
        key = (scale, percent, rounding, negated)
        found = self.seen.get(key)
        if found is None:
            found = self.seen[key] = {}
        return found

    def __call__(self, text: str, scale: int, percent: bool, rounding: str = "nearest",
                 negated: bool = False) -> Reported | str:
        """`negated`: printed in a `-item` row, so the item's value is the figure's opposite."""
        seen = self.memo(scale, percent, rounding, negated)
        found = seen.get(text)
        if found is None:
            found = seen[text] = self.parse(text, scale, percent, rounding, negated)
        return found

    # A table cell's figure not made yet in its context (`memo` keeps it): `read_cell` itself, so
    # that a row's loop calls it with no call between.
    parse = staticmethod(read_cell)
