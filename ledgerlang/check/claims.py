"""A claim's quoted text against its lines: a figure the text states that no line states is a warning.

A claim transcribes a sentence and states its figures as lines; the two can
drift apart (the text says JPY 2,300 million, the line says 2,030). Only
what reads as an amount is compared, so dates, years, days, counts in words,
periods (1Q03, FY2003) and footnote marks never raise it: a figure with a
thousands separator, a decimal point or a % sign, or one next to a currency
(JPY, $, ¥, USD) or a scale word (thousand, million, billion). A text figure
is stated by a line when their digits agree (sign and parentheses aside: "a
decrease of 15.3%" is the line -15.3%), or, with a scale word, when the
values may meet within rounding (JPY 1.37 billion and 1,365,423 thousand).
"""

from __future__ import annotations

from decimal import Decimal

from ledgerlang import regexes
from ledgerlang.check import show
from ledgerlang.check.mismatch import quote
from ledgerlang.diagnostic import Diagnostic, warning
from ledgerlang.model.period import label

_FIGURE = regexes.compile(
    r"(?:(?P<currency>JPY|USD|EUR|GBP|CHF|US\$|\$|€|£|¥|yen)\s?|(?<![\w.,]))"
    # 1,234.5 and 1.234,5 (and 1 234,5 with a no-break space, 1'234.5): read both ways where either could be meant
    r"(?P<digits>\d{1,3}(?:[,.\u00a0\u202f']\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)(?![\w,.]\d)(?P<percent>\s?%)?"
    # £812.4m, €1.2bn written on the figure; a word, or Mio. and Mrd., after a space or none
    r"(?:(?P<short>bn|mn|m|k)(?![\w])|\s?(?P<scale>thousand|million|billion|trillion|milliard|Millionen|Milliarden"
    r"|Mio|Mrd)(?:s|\.)?(?![\w]))?(?:\s?(?P<after>€|EUR|CHF|£))?(?![\w])")
_SCALES = {"thousand": 3, "million": 6, "billion": 9, "trillion": 12, "milliard": 9, "millionen": 6,
           "milliarden": 9, "mio": 6, "mrd": 9, "bn": 9, "mn": 6, "m": 6, "k": 3}
_GROUPING = regexes.compile(r"\d{1,3}(?:([,.])\d{3})+").fullmatch


def check(book, evaluation, coverage=None) -> list[Diagnostic]:
    found = []
    claims: dict[int, list] = {}
    for line in (*book.facts, *book.measured):
        if line.source.kind == "claim" and line.span is not None:
            claims.setdefault(id(line.source), []).append(line)
    for lines in claims.values():
        lines.sort(key=lambda f: (f.span.line, f.span.column))
        text = lines[0].source.title
        missing = [m for m in _amounts(text) if not any(_states(line, m) for line in lines)]
        if not missing:
            continue
        first = lines[0]
        shown = ", ".join(m.group(0).strip() for m in missing)
        stated = ", ".join(line.value.text for line in lines)
        found.append(warning(
            "claim-text-drift", f"the claim's text says {shown} but none of its lines states "
            f"{'it' if len(missing) == 1 else 'them'} (the lines state {stated})", first.span,
            f"claim: {quote(text, 120)!r}", *_transpositions(missing, lines),
            "hint: correct the line that transcribes this figure, or add a line for it; if the text's figure "
            "cannot be stated as a line, accept this with the reason",
            item=first.item, period=label(first.period)))
    return found


def _transpositions(missing, lines) -> list[str]:
    """A hint for each text figure a line states with two adjacent digits swapped (114,272 typed
    114,227): the line to correct, and the digits, which the figures alone leave to be found."""
    hints = []
    for m in missing:
        for line in lines:
            if (found := show.transposed(line.value.text, m.group("digits"))) is not None:
                hints.append(f"hint: the line's {line.value.text} is the text's {m.group('digits')} with two "
                             f"digits transposed ({found}), at {line.span}")
                break
    return hints


def _amounts(text: str):
    for m in _FIGURE.finditer(text):
        digits = m.group("digits")
        if not digits.isdigit() or m.group("percent") or _scale(m) is not None or m.group("currency") \
                or m.group("after"):
            if digits.isdigit() and 1900 <= int(digits) <= 2100 and not _scale(m) and not m.group("percent"):
                continue  # a year ("JPY ... in 2003"), not an amount
            yield m


def _scale(m) -> str | None:
    found = m.group("short") or m.group("scale")
    return found.lower() if found else None


def _readings(digits: str) -> list[str]:
    """The values a text's figure may be, as digits with a decimal point: 1,234.5 and 1.234,5 are
    1234.5; 1,234 is 1234 or, written with a decimal comma, 1.234; 12,3 only 12.3."""
    digits = digits.replace("\u00a0", "").replace("\u202f", "").replace("'", "")
    if "," in digits and "." in digits:  # the last of the two is the decimal point
        point = "," if digits.rindex(",") > digits.rindex(".") else "."
        return [digits.replace("." if point == "," else ",", "").replace(",", ".")]
    for mark in (",", "."):
        if mark in digits:
            grouped = _GROUPING(digits) is not None
            whole, decimal = digits.replace(mark, ""), digits.replace(mark, ".")
            if not grouped:
                return [decimal]  # 12,3 and 1.5: a decimal mark
            return [whole, decimal] if digits.count(mark) == 1 else [whole]  # 1.234.567 groups only
    return [digits]


def _digits(text: str) -> str:
    return text.strip().strip("()+-−%").replace(",", "").lstrip("-+") if text else ""


def _states(line, m) -> bool:
    """Whether a claim line states the text figure `m`, read either way its marks allow."""
    scale = _scale(m)
    stated = _digits(line.value.text).rstrip("%")
    for figure in _readings(m.group("digits")):
        if stated == figure:
            return True
        if scale is None:
            continue
        value = Decimal(figure).scaleb(_SCALES[scale])
        unit = Decimal(1).scaleb(_SCALES[scale] - len(figure.partition(".")[2]))
        low, high = value - unit / 2, value + unit / 2
        reported = abs(line.value.value)
        half = Decimal(1).scaleb(line.value.exponent) / 2 if line.value.rounding != "exact" else Decimal(0)
        if reported + half >= low and reported - half <= high:
            return True
    return False
