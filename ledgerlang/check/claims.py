"""A claim's quoted text against its lines: a figure the text states that no line states is a warning.

A claim transcribes a sentence and states its figures as lines; the two can
drift apart (the text says JPY 2,300 million, the line says 2,030). Only
what reads as an amount is compared, so dates, years, days, counts in words,
periods (1Q03, FY2003) and footnote marks never raise it: a figure with a
thousands separator, a decimal point or a % sign, or one next to a currency
(JPY, $, ¥, USD, 円) or a scale word (thousand, million, billion; 千円, 百万円,
億円, and 2,748億87百万円 as one amount, 274,887 百万). A text figure
is stated by a line when their digits agree (sign and parentheses aside: "a
decrease of 15.3%" is the line -15.3%); a figure with a scale word is
stated only where the values meet within rounding, in base units (JPY 1.37
billion and 1,365,423 thousand), so that "8,344 million" is not stated by a
line typed 8,344 JPY thousands. Where a line states it at another scale
(a thousand, a million times), the finding says so at that line, and which
of the two to change: the one a table of the release disagrees with, else
the one that copies the other's digits at the wrong scale.
"""

from __future__ import annotations

from decimal import Decimal

from ledgerlang import regexes
from ledgerlang.check import show
from ledgerlang.check.mismatch import quote
from ledgerlang.diagnostic import Diagnostic, warning
from ledgerlang.model.fact import Measured
from ledgerlang.model.period import label
from ledgerlang.model.unit import SCALE_NAMES, in_one_currency

# A word character that is not a kana or a kanji: Japanese writes a figure between words with no space
# (売上高は274,887百万円となりました), so these alone end a figure as a letter or digit does.
_LETTER = r"[^\W\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]"
_FIGURE = regexes.compile(
    rf"(?:(?P<currency>JPY|USD|EUR|GBP|CHF|US\$|\$|€|£|¥|yen)\s?|(?<![.,])(?<!{_LETTER}))"
    # 1,234.5 and 1.234,5 (and 1 234,5 with a no-break space, 1'234.5): read both ways where either could be meant
    r"(?P<digits>\d{1,3}(?:[,.\u00a0\u202f']\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)"
    rf"(?![,.]\d|{_LETTER}\d)(?P<percent>\s?[%％])?"
    # £812.4m, €1.2bn written on the figure; a word, or Mio. and Mrd., after a space or none; 百万円, 億円 on it
    r"(?:(?P<short>bn|mn|m|k)(?![\w])|\s?(?P<scale>thousand|million|billion|trillion|milliard|Millionen|Milliarden"
    r"|Mio|Mrd)(?:s|\.)?(?![\w])"
    r"|(?P<kanji>(?:千万|百万|千|億|兆|万)(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:千万|百万|千|億|万))*))?"
    rf"(?:\s?(?P<after>€|EUR|CHF|£|円))?(?!{_LETTER})")
_SCALES = {"thousand": 3, "million": 6, "billion": 9, "trillion": 12, "milliard": 9, "millionen": 6,
           "milliarden": 9, "mio": 6, "mrd": 9, "bn": 9, "mn": 6, "m": 6, "k": 3,
           "千": 3, "万": 4, "百万": 6, "千万": 7, "億": 8, "兆": 12}
# 2,748億87百万円: a Japanese amount in more than one power, each with its digits (the first's are `digits`)
_POWER = regexes.compile(r"([\d,]*)(千万|百万|千|億|兆|万)")
_GROUPING = regexes.compile(r"\d{1,3}(?:([,.])\d{3})+").fullmatch
_CURRENCIES = {"jpy": "JPY", "yen": "JPY", "¥": "JPY", "円": "JPY", "usd": "USD", "us$": "USD", "$": "USD",
               "eur": "EUR", "€": "EUR", "gbp": "GBP", "£": "GBP", "chf": "CHF"}
# The words a scale word may have been typed for, in its own language (thousand for million, 千 for
# 百万): a figure a line states at another power of ten is told as a scale slip only where the power
# is the step between two such words, or between the text's word and the line's scale; others are a
# decimal point's slip, which the figures alone cannot tell from drift.
_ENGLISH = {3: "thousand", 6: "million", 9: "billion", 12: "trillion"}
_JAPANESE = {3: "千", 4: "万", 6: "百万", 7: "千万", 8: "億", 12: "兆"}
_POWERS = ("ten", "hundred", "thousand", "ten thousand", "hundred thousand", "million", "ten million",
           "hundred million", "billion", "ten billion", "hundred billion", "trillion")


def check(book, evaluation, coverage=None) -> list[Diagnostic]:
    found = []
    claims: dict[int, list] = {}
    for line in (*book.facts, *book.measured):
        if line.source.kind == "claim" and line.span is not None:
            claims.setdefault(id(line.source), []).append(line)
    for lines in claims.values():
        lines.sort(key=lambda f: (f.span.line, f.span.column))
        text = lines[0].source.title
        missing = []
        point = _point(text)
        for m in _amounts(text):
            readings = _combined(m, _readings(m.group("digits"), point))
            if not readings:
                continue  # marks no notation reads as one number: not a figure for a line to state
            if any(_states(line, m, readings, book) for line in lines):
                continue
            rescaled = _rescaled(m, readings, lines, book)
            if rescaled is None:
                missing.append(m)
            else:
                found.append(_scale_drift(m, *rescaled, text, book, evaluation))
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
    """The figure's scale word, in lower case, as _SCALES names it."""
    found = _word(m)
    return found.lower() if found else None


def _word(m) -> str | None:
    """The figure's scale word as printed (of a Japanese amount in more than one power, the last: 百万
    of 2,748億87百万)."""
    if m.group("kanji"):
        return _POWER.findall(m.group("kanji"))[-1][1]
    return m.group("short") or m.group("scale")


def _combined(m, readings: list[str]) -> list[str]:
    """The readings of a Japanese amount in more than one power as one figure in its last power:
    2,748億87百万 is 274,887 百万, printed to the 百万."""
    parts = _POWER.findall(m.group("kanji") or "")
    if len(parts) < 2:
        return readings
    last = _SCALES[parts[-1][1]]
    rest = sum(Decimal(digits.replace(",", "")).scaleb(_SCALES[power] - last) for digits, power in parts[1:])
    return [f"{Decimal(figure).scaleb(_SCALES[parts[0][1]] - last) + rest:f}" for figure in readings]


def _point(text: str) -> str | None:
    """The decimal mark the text's own figures settle, where they agree: a point in "15.3%" or a
    comma in "1,365,423" says a point; "812,4" or "1.102,3" a comma; None where none says or they
    disagree, so that a figure such as 1,234 is read both ways."""
    said = set()
    for m in _FIGURE.finditer(text):
        digits = m.group("digits").replace("\u00a0", "").replace("\u202f", "").replace("'", "")
        marks = [c for c in digits if c in ",."]
        if len(set(marks)) == 2 or marks and _GROUPING(digits) is None:
            said.add(marks[-1])  # 1.102,3 and 1,234.5: the last mark; 15.3 and 812,4: the only one
        elif len(marks) > 1:
            said.add("," if marks[0] == "." else ".")  # 1,365,423: commas that group
    return said.pop() if len(said) == 1 else None


def _readings(digits: str, point: str | None = None) -> list[str]:
    """The values a text's figure may be, as digits with a decimal point: 1,234.5 and 1.234,5 are
    1234.5; 1,234 is 1234 or, written with a decimal comma, 1.234, unless the text's `point` says
    which; 12,3 only 12.3. None for marks no notation reads as one number (1,456,1 or 1,2.3,4,
    which a quoted text may print): such a figure is nothing a line could state."""
    return [r for r in _marked(digits, point) if r.count(".") <= 1 and r.replace(".", "").isdecimal()]


def _marked(digits: str, point: str | None) -> list[str]:
    """`_readings` before a reading that is no number is dropped."""
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
            if digits.count(mark) > 1 or point is not None and point != mark:  # 1.234.567 groups only
                return [whole]
            return [decimal] if point == mark else [whole, decimal]
    return [digits]


def _digits(text: str) -> str:
    return text.strip().strip("()+-−%").replace(",", "").lstrip("-+") if text else ""


def _states(line, m, readings, book) -> bool:
    """Whether a claim line states the text figure `m`, read either way its marks allow: by its
    digits, or, where the text gives a scale word, by its value in base units."""
    scale = _scale(m)
    stated = _digits(line.value.text).rstrip("%")
    if scale is None:
        return stated in readings
    return any(_meets(line, figure, _SCALES[scale]) for figure in _as_copied(line, m, readings)) \
        or (stated in readings and _scale_unsaid(line, book))


def _copies(line, m, readings) -> bool:
    """Whether the line's figure is the text's as printed, marks and all (8,344 for "8,344 million"),
    or, of a Japanese amount in more than one power, its digits in the last (274,887 for 2,748億87百万)."""
    printed = line.value.text.strip().strip("()+-−").lstrip("-+")
    if len(_POWER.findall(m.group("kanji") or "")) > 1:
        return _digits(printed) in readings
    return printed == m.group("digits")


def _as_copied(line, m, readings) -> list[str]:
    """The readings of the text figure to judge the line by: a line that copies the figure read its
    marks as the line's grammar does (8,344 JPY thousands is "8,344 million" read as grouped, not
    8.344 million with a decimal comma); any other, every reading."""
    return [_digits(line.value.text)] if _copies(line, m, readings) and _digits(line.value.text) in readings \
        else readings


def _meets(line, figure: str, scale: int) -> bool:
    """Whether the text's `figure` at 10**`scale` and the line's value may be one amount: the text's
    rounding interval (half its last digit) and the line's meet."""
    value = Decimal(figure).scaleb(scale)
    half = Decimal(1).scaleb(scale - len(figure.partition(".")[2])) / 2
    return _overlap((value - half, value + half), _bounds(line.value))


def _bounds(reported) -> tuple[Decimal, Decimal]:
    """A printed figure's magnitude, as low and high ends in base units (a sign is the line's way of
    saying a loss, which the text says in words)."""
    half = Decimal(1).scaleb(reported.exponent) / 2 if reported.rounding != "exact" else Decimal(0)
    return abs(reported.value) - half, abs(reported.value) + half


def _overlap(a: tuple[Decimal, Decimal], b: tuple[Decimal, Decimal]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def _scale_unsaid(line, book) -> bool:
    """Whether the line may be an amount of money written with no unit or scale, read in whole units:
    unit-assumed tells that line to write the scale its text states, which a drift would say again.
    (A translation's or a ratio's line gives no item's unit to tell; it is taken as unsaid too.)"""
    if line.value.scale != 0 or line.value.rounding == "exact":
        return False
    item = book.items.get(line.item) if not isinstance(line, Measured) else None
    return item is None or in_one_currency(item.unit, book.units)


def _currency(line, book) -> str | None:
    """The one currency the line's amount is in, where its item or its translation names it."""
    if not isinstance(line, Measured):
        item = book.items.get(line.item)
        unit = item.unit if item is not None else None
        return unit.num[0] if unit is not None and in_one_currency(unit, book.units) else None
    function = getattr(line.expr, "function", None)
    declared = book.units.get(function) if function else None
    return function if declared is not None and declared.currency else None


def _rescaled(m, readings, lines, book):
    """The line that states the text figure `m` at another scale, and by what power of ten its value is
    the text's (-3: a thousandth); None where none does, or the text names no scale. A line whose
    digits are the text's is taken first; another must meet a figure of two significant digits or more,
    as a one-digit "1 billion" meets too many amounts to name one."""
    scale = _scale(m)
    if scale is None:
        return None
    said = m.group("currency") or m.group("after")
    currency = _CURRENCIES.get(said.lower()) if said else None
    best = None
    for line in lines:
        if line.value.scale < 0 or (currency is not None and _currency(line, book) not in (None, currency)):
            continue
        same = _copies(line, m, readings)
        for figure in _as_copied(line, m, readings):
            if not same and len(figure.replace(".", "").lstrip("0")) < 2:
                continue
            for shift in _shifts(m, line):
                if _meets(line, figure, _SCALES[scale] + shift):
                    rank = (not same, abs(shift))
                    if best is None or rank < best[0]:
                        best = (rank, line, figure, shift, same)
    return None if best is None else best[1:]


def _words(m) -> dict[int, str]:
    """The scale words of the text figure's language, by their power of ten."""
    return _JAPANESE if m.group("kanji") else _ENGLISH


def _shifts(m, line) -> list[int]:
    """The powers of ten by which the text's figure may be the line's through a scale slip: another
    word of its language for the text's, or the line's scale for the text's word; the nearest first."""
    said = _SCALES[_scale(m)]
    return sorted({power - said for power in _words(m)} | {line.value.scale - said} - {0}, key=abs)


def _scale_drift(m, line, figure: str, shift: int, same: bool, text: str, book, evaluation) -> Diagnostic:
    """The finding of a text figure that `line` states `shift` powers of ten away: at that line, with
    the side to change."""
    currency = _currency(line, book)
    named = SCALE_NAMES.get(line.value.scale) if line.value.scale else None  # whole units are written bare
    written = " ".join(part for part in (line.value.text, currency, named) if part)
    power = _POWERS[abs(shift) - 1]
    times = ("" if power.startswith("ten") else "a ") + f"{power} times" if shift > 0 \
        else f"a {power.replace(' ', '-')}th of"
    return warning(
        "claim-text-drift", f"the claim's text says {m.group(0).strip()} but its line states {written}, "
        f"{times} that", line.span, f"claim: {quote(text, 120)!r}",
        _which(m, line, figure, shift, same, _SCALES[_scale(m)], currency, evaluation),
        item=line.item, period=label(line.period))


def _which(m, line, figure: str, shift: int, same: bool, scale: int, currency: str | None, evaluation) -> str:
    """The hint: change the side a table printing the line's item disagrees with; without one, the text's
    scale word where the line has digits the text rounds away (typed from a table, not from the text),
    else the line (a copy of the text's digits, or a rounding of them, at another scale)."""
    word = _word(m)
    table = None
    if not isinstance(line, Measured):
        for fact in evaluation.table_facts.get((line.item, line.period), ()):
            agrees_line = _overlap(_bounds(fact.value), _bounds(line.value))
            if agrees_line or _meets(fact, figure, scale):
                table = (fact, agrees_line)
                break
    precise = not same and line.value.exponent < scale + shift - len(figure.partition(".")[2])
    if (table is not None and table[1]) or (table is None and precise):
        where = (f"as {table[0].source.title!r} prints it" if table is not None
                 else "more precise than the text's, as a table prints it")
        other = _words(m).get(scale + shift)
        meant = f" (the release may read {other})" if other else ""
        return (f"hint: the line's figure is {where}: the text's {word!r} is the slip{meant}; correct the claim's "
                "text from the release, or, if the release printed it so, accept this with the reason")
    # the text's amount at the largest scale a line can name (a trillion is written in billions)
    at = max(named for named in SCALE_NAMES if named <= scale)
    amount = f"{Decimal(figure).scaleb(scale - at):,f}"
    rewrite = " ".join(part for part in (amount, currency, SCALE_NAMES[at]) if part)
    where = f"as the text and {table[0].source.title!r} state it" if table is not None else "as the text states it"
    return f"hint: the line is typed at another scale than its text: write {rewrite}, {where}"
