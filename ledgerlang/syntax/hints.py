"""The hints of syntax errors: what a line that the grammar rejects most likely meant, written as
the grammar reads it.

`errors.diagnose` turns Lark's error into a diagnostic; it asks these functions, each given the
line's text and the error's column, for a hint that names the author's mistake (`$1,234`, `Jun-03`,
`in millions JPY`) instead of the grammar's list of what it expected there. Each returns None
where its mistake is not the one at the column.
"""

from __future__ import annotations

from ledgerlang import regexes
from ledgerlang.model.period import PERIOD_FORMS, PERIOD_LIKE, parse_period
from ledgerlang.syntax.figures import decimal_comma

_WORD = regexes.compile(r"[^\s\"@(),=]+")


def period_like(text: str, column: int) -> tuple[str, int] | None:
    """The period-like word (Q1, H1 2017, FY17/3) at or just before a syntax error, with its column,
    when it is not a period: a wrong period should be told the period forms, not a generic hint."""
    words = [(m.start() + 1, m.group()) for m in _WORD.finditer(text)]
    at = next((k for k, (start, word) in enumerate(words) if column < start + len(word)), len(words))
    current = words[at] if at < len(words) else None
    previous = words[at - 1] if at > 0 else None
    following = words[at + 1] if at + 1 < len(words) else None

    def spaced(a, b) -> bool:  # two words separated by spaces only, as in "H1 2017"
        return a is not None and b is not None and text[a[0] - 1 + len(a[1]):b[0] - 1].isspace()

    # a pair whose second word is a period of its own ("Q124 1Q23" in a columns line) is two columns, not one
    candidates = [(f"{a[1]} {b[1]}", a[0], a[1]) for a, b in ((previous, current), (current, following))
                  if spaced(a, b) and parse_period(b[1]) is None]
    candidates += [(w[1], w[0], w[1]) for w in (current, previous) if w is not None]
    for whole, start, first in candidates:
        if PERIOD_LIKE.fullmatch(first) and parse_period(whole) is None and parse_period(first) is None:
            return whole, start
    return None


def decimal_comma_hint(source: str, column: int) -> str | None:
    """`1.200,5` in a row or a claim: the grammar stops at its comma, and the reader should be told the
    notation, not that a cell is a figure."""
    for found in regexes.compile(r"\S+").finditer(source):
        word, start = found.group(), found.start() + 1
        if start <= column < start + len(word):
            written = decimal_comma(word)
            if written is not None and regexes.compile(r"\(?-?[0-9]{1,3},[0-9]{1,2}%?\)?").fullmatch(word):
                # `1,42`: a decimal comma, or `1,421` with a digit lost in typing; the hint says both
                return (f"hint: {word} is printed with a decimal comma, or is short of a digit: figures are "
                        f"written with a decimal point, {written}, and three digits follow each comma "
                        "between thousands (1,234)")
            if written is not None:
                return (f"hint: {word} is printed with a decimal comma; figures are written with a decimal "
                        f"point and commas between thousands: {written}")
            return None
    return None


# A currency sign printed before a figure, as releases print `$1,234`, `¥1,234` or `$(1,234)`.
_SIGNED_FIGURE = regexes.compile(r"(\(?-?)[$¥￥€£]\s?(\(?-?[0-9][0-9,]*(?:\.[0-9]+)?\)?)")


def currency_sign_hint(source: str, column: int) -> str | None:
    """`$1,234` in a row or a claim: a figure is written bare, and its unit is said once, by the
    table's `in` or after the claim's figure; say that, and the figure as it is written."""
    for found in _SIGNED_FIGURE.finditer(source):
        if found.start() + 1 <= column <= found.end():
            written = found.group(1) + found.group(2)
            return (f"hint: {found.group().strip()} carries a currency sign; a figure is written without one, as "
                    f"{written}: a table's currency is its `in` (in USD millions), a claim's follows the figure "
                    f"(= {written} USD millions)")
    return None


# Periods as other documents and spreadsheets write them, which the language does not read: a
# month (`Jun-03`, `June 2003`), a year then its quarter (`2003Q1`, `2003-Q1`), a quarter with an
# apostrophe (`1Q'03`). Each is told the period it most likely means, written as the language reads it.
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTH_YEAR = regexes.compile(r"([A-Za-z]{3,9})\.?[-/ '.]?((?:19|20)?[0-9]{2})")
_YEAR_QUARTER = regexes.compile(r"((?:19|20)[0-9]{2})[- ]?([QH])([1-4])")
_APOSTROPHE = regexes.compile(r"([1-4][QH]|[QH][1-4]|FY)\s?[\'\u2019]([0-9]{2})")


def misspelt_period(source: str, column: int) -> tuple[str, int, str] | None:
    """The misspelt period at the syntax error's column, its column and a hint with its spelling."""
    import calendar  # only for a month's last day

    for pattern in (_MONTH_YEAR, _YEAR_QUARTER, _APOSTROPHE):
        for found in pattern.finditer(source):
            start, word = found.start() + 1, found.group()
            if not start <= column < start + len(word) or not _alone(source, found):
                continue
            if pattern is _MONTH_YEAR:
                month = found.group(1).lower()
                if month[:3] not in _MONTHS or not (len(month) == 3 or
                                                     any(m.startswith(month) for m in _long_months())):
                    continue
                mm = _MONTHS.index(month[:3]) + 1
                yy = int(found.group(2))
                yyyy = yy if yy > 99 else yy + (1900 if yy >= 70 else 2000)  # Dec-99 is 1999, Jun-03 2003
                day = calendar.monthrange(yyyy, mm)[1]
                return word, start, (f"hint: a month is not a period the language reads: write the balance-sheet date "
                                     f"{yyyy}-{mm:02d}-{day:02d}, or the fiscal period that ends then; "
                                     f"periods are written {PERIOD_FORMS}")
            if pattern is _YEAR_QUARTER:
                yyyy, kind, k = found.groups()
                what = "quarter" if kind == "Q" else "half"
                return word, start, (f"hint: a fiscal {what} is written {k}{kind}{yyyy[2:]} or {kind}{k} FY{yyyy}, on "
                                     f"the entity's fiscal calendar; if {word} is a calendar {what}, write the "
                                     f"fiscal {what} it is; periods are written {PERIOD_FORMS}")
            label, yy = found.groups()
            written = f"FY{yy}" if label == "FY" else f"{label}{yy}"
            return word, start, f"hint: write it without the apostrophe, {written}; periods are written {PERIOD_FORMS}"
    return None


def unit_first_hint(source: str, column: int, row: bool) -> str | None:
    """`= JPY 1,421 millions` in a claim, as a release's sentence reads: the figure comes first; and
    `capex JPY 1,421` in a table's `row`, where the table's `in` says the unit of every cell."""
    words = [(m.start() + 1, m.group()) for m in regexes.compile(r"\S+").finditer(source)]
    for k, (start, word) in enumerate(words):
        if start <= column < start + len(word) and word.isalpha() and word.isupper() and k + 1 < len(words):
            figure = words[k + 1][1]
            if regexes.compile(r"\(?-?[0-9][0-9,]*(?:\.[0-9]+)?%?\)?").fullmatch(figure):
                if row:
                    return (f"hint: a row's cells are figures alone: drop {word}; the table's `in` (in {word} "
                            f"millions) gives the unit of its figures")
                rest = [w for _, w in words[k + 2:]]
                rest = rest[:next((i for i, w in enumerate(rest) if w.startswith("#")), len(rest))]
                if rest[:1] == [".."] and len(rest) > 1:  # a guidance's range: `in 1,000 .. 2,000 JPY millions`
                    figure, rest = f"{figure} .. {rest[1]}", rest[2:]
                written = " ".join([figure, word, *rest])
                return f"hint: the figure comes first, then its unit and scale: {written}"
    return None


def order_hint(source: str, column: int) -> str | None:
    """Lines whose words are all there but in another shape than the grammar's: `in millions JPY`,
    a columns line with commas, a rule named as an assertion is (`rule check: a = b`)."""
    words = [(m.start() + 1, m.group()) for m in regexes.compile(r"\S+").finditer(source)]
    at = next((k for k, (start, word) in enumerate(words) if start <= column < start + len(word)), None)
    if not words or at is None:
        return None
    word, before = words[at][1], words[at - 1][1] if at > 0 else ""
    if before in ("thousands", "millions", "billions") and word.isupper() and word.isalpha():
        return f"hint: the unit comes before its scale: in {word} {before}"
    at_char = source[column - 1] if 0 < column <= len(source) else ""
    if words[0][1] == "columns" and at_char == "," and parse_period(word.strip(",")) is not None:
        spaced = " ".join(w for w in (w.strip(",") for _, w in words) if w)
        return f"hint: columns are separated by spaces, not commas: {spaced}"
    if words[0][1] == "rule" and at_char == ":" and len(words) > 1:
        return ("hint: a rule is an item's equation, `rule ITEM = expression`; a named check is an assertion: "
                f"assert {words[1][1].rstrip(':')}: expression = expression")
    return None


def month_day_hint(source: str, column: int) -> str | None:
    """`fiscal year ends 3-31` or `fiscal year ends March`: the month and day as the grammar reads them."""
    import calendar  # only for a month's last day

    for found in regexes.compile(r"\S+").finditer(source):
        word, start = found.group(), found.start() + 1
        if not start <= column < start + len(word):
            continue
        digits = regexes.compile(r"([0-9]{1,2})[-/.]([0-9]{1,2})").fullmatch(word)
        name = word.lower().rstrip(".")
        if digits is not None:
            mm, dd = int(digits.group(1)), int(digits.group(2))
        elif name[:3] in _MONTHS and (len(name) == 3 or any(m.startswith(name) for m in _long_months())):
            mm = _MONTHS.index(name[:3]) + 1
            dd = 29 if mm == 2 else calendar.monthrange(2001, mm)[1]  # 02-29: February's end, leap or not
        else:
            return None
        if 1 <= mm <= 12 and 1 <= dd <= 31:
            return f"hint: a month and day is written with two digits each, month first: {mm:02d}-{dd:02d}"
    return None


def _long_months() -> tuple[str, ...]:
    return ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
            "november", "december")


def _alone(source: str, found) -> bool:
    """The match is a word of its own, not the end of a name (`rev.jun-03`) or the start of a longer word."""
    before = source[found.start() - 1] if found.start() > 0 else " "
    after = source[found.end()] if found.end() < len(source) else " "
    return not (before.isalnum() or before in "._") and not (after.isalnum() or after in "._%")


def script_digits_hint(source: str, column: int) -> str | None:
    """`１２３` or `١٢٣` where a figure, a period or a date goes: the language reads ASCII digits only
    (so a book checks the same on every machine and in every editor), and says how to write it."""
    for found in regexes.compile(r"\S+").finditer(source):
        word, start = found.group(), found.start() + 1
        if start <= column < start + len(word):
            if not any(c.isdigit() and not c.isascii() for c in word):  # `¥1,234` is a currency sign's
                return None
            import unicodedata  # only for this hint

            written = "".join(str(unicodedata.decimal(c)) if c.isdecimal() and not c.isascii() else c
                              for c in unicodedata.normalize("NFKC", word))
            return (f"hint: {word} is written in digits other than 0-9 (full-width, or another script's); "
                    f"figures, periods and dates are written in ASCII: {written}")
    return None


def control_hint(source: str, column: int) -> str | None:
    """A control character (a NUL, an escape) where the error is, or in the word it cuts short: the
    lexer stops at it, so `fl<NUL>ow` reads as `fl`, and the message names a word the author never
    typed. Said with its code point and column, since an editor may show it as ^@ or not at all."""
    at = max(column - 1, 0)
    end = at
    while end < len(source) and not source[end].isspace():
        end += 1
    for index in range(at, min(end + 1, len(source))):
        char = source[index]
        if char < " " and char not in "\t\f\r\n" or char == "\x7f":
            return (f"hint: column {index + 1} holds the control character U+{ord(char):04X}, which ends a word where "
                    f"it stands (an editor may show it as ^{chr(ord(char) ^ 0x40)} or not at all): delete it")
    return None

