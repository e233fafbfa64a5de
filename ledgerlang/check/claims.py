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
from ledgerlang.check.mismatch import quote
from ledgerlang.diagnostic import Diagnostic, warning
from ledgerlang.model.period import label

_FIGURE = regexes.compile(
    r"(?:(?P<currency>JPY|USD|US\$|\$|¥|yen)\s?|(?<![\w.,]))(?P<digits>\d{1,3}(?:,\d{3})+|\d+)(?P<decimals>\.\d+)?(?![\w,]\d)(?P<percent>\s?%)?"
    r"(?:\s?(?P<scale>thousand|million|billion|trillion)s?\b)?(?![\w])")
_SCALES = {"thousand": 3, "million": 6, "billion": 9, "trillion": 12}


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
            f"claim: {quote(text, 120)!r}",
            "hint: correct the line that transcribes this figure, or add a line for it; if the text's figure "
            "cannot be stated as a line, accept this with the reason",
            item=first.item, period=label(first.period)))
    return found


def _amounts(text: str):
    for m in _FIGURE.finditer(text):
        if "," in m.group("digits") or m.group("decimals") or m.group("percent") or m.group("scale") \
                or m.group("currency"):
            plain = not (m.group("decimals") or m.group("percent") or "," in m.group("digits"))
            if plain and 1900 <= int(m.group("digits")) <= 2100 and not m.group("scale"):
                continue  # a year ("JPY ... in 2003"), not an amount
            yield m


def _digits(text: str) -> str:
    return text.strip().strip("()+-−%").replace(",", "").lstrip("-+") if text else ""


def _states(line, m) -> bool:
    """Whether a claim line states the text figure `m`."""
    figure = m.group("digits") + (m.group("decimals") or "")
    if _digits(line.value.text).rstrip("%") == figure.replace(",", ""):
        return True
    scale = m.group("scale")
    if scale is None:
        return False
    value = Decimal(figure.replace(",", "")).scaleb(_SCALES[scale])
    unit = Decimal(1).scaleb(_SCALES[scale] - len((m.group("decimals") or ".")[1:]))
    low, high = value - unit / 2, value + unit / 2
    reported = abs(line.value.value)
    half = Decimal(1).scaleb(line.value.exponent) / 2 if line.value.rounding != "exact" else Decimal(0)
    return reported + half >= low and reported - half <= high
