"""What a table's columns and title say: periods, % columns, translations, scale and currency.

A column's header text ("YoY % change", "Jun 30, 2003 USD (1)", "% of Total
Revenues", "Three months ended June 30, 2003", "FY2002") becomes a column of
the language: `1Q03`, `yoy%(1Q03)`, `share%(1Q03, TOTAL)`, `USD(1Q03)` or a
date. A column it cannot read is left out of the book and reported.
"""

from __future__ import annotations

import datetime
import re

from ledgerlang.model.period import (FIRST_FY, LAST_FY, Calendar, Duration, Instant, label, month_end, parse_period,
                                     shift)
from ledgerlang.model.record import evolve, frozen

_MONTHS = {m: i + 1 for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split())}
_DATE = re.compile(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? (\d{1,2}),? (\d{4})\b", re.I)
# A month's name in English, German or French, as European releases print it ("June", "Juni", "juin",
# "Dez.", "déc."), and its number by its first letters ("juil" before "jui": July, not June).
MONTH_WORD = (r"(?i:jan(?:uary|uar|vier|v)?|feb(?:ruary|ruar)?|f[ée]v(?:rier|r)?|mar(?:ch|s)?|m[äa]rz|mrz|apr(?:il)?"
              r"|avr(?:il)?|may|mai|june?|juni|juin|july?|juli|juil(?:let)?|aug(?:ust)?|ao[ûu]t?|sept?(?:ember|embre)?"
              r"|o[ck]t(?:ober|obre)?|nov(?:ember|embre)?|d[ée][cz](?:ember|embre)?)\.?")
_MONTH_PREFIXES = (("juil", 7), ("juin", 6), ("jan", 1), ("feb", 2), ("fév", 2), ("fev", 2), ("mär", 3), ("mrz", 3),
                   ("mar", 3), ("apr", 4), ("avr", 4), ("may", 5), ("mai", 5), ("jun", 6), ("jul", 7), ("aug", 8),
                   ("aoû", 8), ("aou", 8), ("sep", 9), ("oct", 10), ("okt", 10), ("nov", 11), ("dec", 12),
                   ("déc", 12), ("dez", 12))
# "30 June 2025", "31 Dec 2024", "30. Juni 2025", "31 décembre 2024"; "31.12.2024", "30.06.2025"
DAY_MONTH_YEAR = (rf"\d{{1,2}}\.? {MONTH_WORD} (?:19|20)\d{{2}}|(?<![\d.])\d{{1,2}}\.\d{{1,2}}\.(?:19|20)\d{{2}}(?![\d.])"
                  r"|(?<![\d/])\d{1,2}/\d{1,2}/(?:19|20)\d{2}(?![\d/])")
_DMY = re.compile(rf"(?<!\w)(\d{{1,2}})\.? ({MONTH_WORD}) ((?:19|20)\d{{2}})(?!\w)")
_NUMERIC_DATE = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.((?:19|20)\d{2})(?![\d.])")
_SLASH_DATE = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/((?:19|20)?\d{2})(?![\d/])")
# "Jan–Jun 2025", "January-June 2025", "janv.-juin 2025": the months of a duration
MONTH_RANGE = rf"{MONTH_WORD} ?[-–—] ?{MONTH_WORD} (?:19|20)\d{{2}}(?![\d/])"
_MONTH_RANGE = re.compile(rf"({MONTH_WORD}) ?[-–—] ?({MONTH_WORD}) ((?:19|20)\d{{2}})")
# A period as releases print it: 1Q03, Q1 FY2019, 1Q FY2019, Q1 2024, 2024 Q1, FY2024 Q1, Q1'24, H1 FY2017, 1H17,
# "Second Quarter 2024", "the second quarter of fiscal 2024",
# 1Q-3Q19, Q1-Q3 FY2019, 9M FY2019, FY2003. One pattern, so that "Q1 FY2024" is never read as its "FY2024".
# European ones too: 6M 2025 (3M, 9M, 12M), S1 2025 (a semestre), T2 2025 (a trimestre), "Jan–Jun 2025", and a
# fiscal year across two calendar years, "H1 2025/26" or "FY 2024/25", never read as its first year alone.
PERIOD_WORDS = (r"(?<![\w.])(?:(?:(?:[1-4]Q|Q[1-4]|[12]H|H[12]|S[12]|[369]M|12M|FY) ?)?(?:19|20)\d{2}/(?:(?:19|20)?\d{2})"
                r"|(?:[1-4]Q|Q[1-4])-(?:[1-4]Q|Q[1-4]) ?(?:FY ?)?(?:\d{4}|\d{2})"
                r"|(?:[1-4]Q|Q[1-4]|[12]H|H[12]) ?(?:FY ?|')?(?:(?:19|20)\d{2}|\d{2})"
                r"|(?:S[12]|T[1-4]|[36]M|12M) ?(?:FY ?)?(?:19|20)\d{2}"
                r"|(?:FY ?(?:\d{4}|\d{2})|(?:19|20)\d{2}) ?(?:Q[1-4]|[1-4]Q|H[12]|[12]H)"
                r"|(?i:(?:first|second|third|fourth) quarter,?(?: of)?(?: fiscal(?: year)?)? (?:19|20)\d{2})"
                rf"|{MONTH_RANGE}"
                r"|FY ?\d{2,4}|9M ?(?:FY ?)?\d{2,4})(?!\w|\.\w|/\d)")  # "in 1Q02." ends a sentence
_LABEL = re.compile(f"({PERIOD_WORDS})")
_PARTS = re.compile(r"(?:([1-4])([QH])|([QH])([1-4])) ?(?:FY ?|')?((?:19|20)\d{2}|\d{2})$"
                    r"|(?:FY ?)?((?:19|20)\d{2}|\d{2}) ?(?:([1-4])([QH])|([QH])([1-4]))$")
# The same periods in other words: a semestre is a half, a trimestre a quarter, six months the first half.
_OTHER_WORDS = re.compile(r"(S([12])|T([1-4])|(3|6|9|12)M) ?(?:FY ?)?((?:19|20)\d{2})$")
_SPLIT_YEAR = re.compile(r"(?:([1-4]Q|Q[1-4]|[12]H|H[12]|S[12]|[369]M|12M|FY) ?)?((?:19|20)\d{2})/((?:19|20)?\d{2})$")


def month_of(word: str) -> int | None:
    """The month a printed month's name names ("June", "Juni", "juin", "Dez."), or None."""
    low = word.lower().rstrip(".")
    return next((n for prefix, n in _MONTH_PREFIXES if low.startswith(prefix)), None)


_ORDINAL = re.compile(r"(?i)(first|second|third|fourth) quarter\D*((?:19|20)\d{2})$")


def period_word(text: str, calendar: Calendar | None = None):
    """The period a printed period word names (`PERIOD_WORDS`), or None. A fiscal year across two
    calendar years ("2025/26") and a span of months name a period only on a `calendar` whose
    fiscal year they fit: none on the calendar year."""
    calendar = calendar or Calendar()
    m = _SPLIT_YEAR.match(text)
    if m:
        return _split_year(m, calendar)
    m = _MONTH_RANGE.fullmatch(text)
    if m:
        first, last, year = month_of(m.group(1)), month_of(m.group(2)), int(m.group(3))
        months = last - first + 1
        if first is None or last is None or months <= 0 or months % 3:
            return None
        period = ending(month_end(year, last), months // 3, calendar)
        # a span the language has no label for ("Jan–Jun" of a year that ends in September) is no column
        return period if period is not None and parse_period(label(period)) == period else None
    m = _OTHER_WORDS.match(text)
    if m:
        if m.group(2):
            n, kind = m.group(2), "H"
        elif m.group(3):
            n, kind = m.group(3), "Q"
        else:
            return parse_period({"3": "1Q FY", "6": "1H FY", "9": "9M FY", "12": "FY"}[m.group(4)] + m.group(5))
        return parse_period(f"{n}{kind} FY{m.group(5)}")
    m = _ORDINAL.match(text)
    if m:  # "second quarter of 2023", "Third Quarter Fiscal 2024"
        n = ("first", "second", "third", "fourth").index(m.group(1).lower()) + 1
        return parse_period(f"{n}Q FY{m.group(2)}")
    m = _PARTS.match(text)
    if m:
        if m.group(6):
            year, n, kind = m.group(6), m.group(7) or m.group(10), m.group(8) or m.group(9)
        else:
            year, n, kind = m.group(5), m.group(1) or m.group(4), m.group(2) or m.group(3)
        return parse_period(f"{n}{kind} FY{year}" if len(year) == 4 else f"{n}{kind}{year}")
    return parse_period(text) or parse_period(text.replace(" ", ""))


def _split_year(m, calendar: Calendar):
    """The period of "H1 2025/26" or "2024/25": a part of the fiscal year that starts in the first year
    and ends in the second, on a calendar whose years do so; None on any other."""
    first = int(m.group(2))
    second = int(m.group(3)) if len(m.group(3)) == 4 else first // 100 * 100 + int(m.group(3))
    if second != first + 1 or calendar.year_end_month == 12:
        return None
    year = next((Duration(fy, 1, 4) for fy in range(first - 1, second + 2)
                 if calendar.start(Duration(fy, 1, 4)).year == first and calendar.end(Duration(fy, 1, 4)).year == second),
                None)
    if year is None:
        return None
    part = (m.group(1) or "FY").upper()
    shapes = {"FY": (1, 4), "12M": (1, 4), "9M": (1, 3), "6M": (1, 2), "3M": (1, 1), "1H": (1, 2), "H1": (1, 2),
              "S1": (1, 2), "2H": (3, 2), "H2": (3, 2), "S2": (3, 2)}
    if part in shapes:
        first_q, quarters = shapes[part]
    else:
        first_q, quarters = int(part.strip("Q")), 1
    return Duration(year.fy, first_q, quarters)


_CURRENCIES = (
    (re.compile(r"\bJPY\b|\byen\b|¥|円", re.I), "JPY"),
    (re.compile(r"\bUSD\b|U\.S\. ?dollars?|US ?dollars?|US\$|\$", re.I), "USD"),
    # "TEUR", "kEUR", "EURm", "EUR'000" as much as "EUR"; "d'euros", "€m", "T€"
    (re.compile(r"(?<![A-Za-z])[TtkK]?EUR(?:m|mn|bn|k)?(?![A-Za-z])|\beuros?\b|€", re.I), "EUR"),
    (re.compile(r"(?<![A-Za-z])GBP(?:m|bn|k)?(?![A-Za-z])|pounds? sterling|£", re.I), "GBP"),
    (re.compile(r"(?<![A-Za-z])[TtkK]?CHF(?:m|mn|bn|k)?(?![A-Za-z])|\bSwiss francs?\b|\bFranken\b", re.I), "CHF"),
    (re.compile(r"(?<![A-Za-z])[Tk]?SEK(?:m|bn|k)?(?![A-Za-z])|\bkronor\b", re.I), "SEK"),
    (re.compile(r"(?<![A-Za-z])[Tk]?NOK(?:m|bn|k)?(?![A-Za-z])", re.I), "NOK"),
    (re.compile(r"(?<![A-Za-z])[Tk]?DKK(?:m|bn|k)?(?![A-Za-z])", re.I), "DKK"),
)
# A scale as European releases print it: a word ("million", "Mio.", "Mrd.", "Tsd.", "milliers", "milliards")
# or a letter at a currency ("€m", "£bn", "CHF m", "EURm", "TEUR", "kEUR", "T€", "k€", "M€", "€'000").
_MONEY = r"(?:€|£|\$|EUR|GBP|CHF|USD|SEK|NOK|DKK)"
_SCALES = (
    (re.compile(rf"(?i:\b(?:thousands?|tausend|tsd\.?|milliers|migliaia|miles)(?![A-Za-z]))"
                rf"|(?<![A-Za-z])[TtkK](?:EUR|CHF|SEK|NOK|DKK|€)(?![A-Za-z])|(?<![A-Za-z])k(?:USD|GBP|\$|£)"
                rf"|{_MONEY} ?(?:k|'000|’000|000s?)(?![A-Za-z0-9])"), "thousands"),
    (re.compile(rf"(?i:\b(?:millions?|mio\.?|millionen|mn|milioni|millones)(?![A-Za-z]))|(?<![A-Za-z])M€"
                rf"|{_MONEY} ?m(?:n|io\.?)?(?![A-Za-z²³])"), "millions"),
    (re.compile(rf"(?i:\b(?:billions?|mrd\.?|milliarden|milliards?|miliardi|bn)(?![A-Za-z]))|(?<![A-Za-z])Mds?€"
                rf"|{_MONEY} ?bn(?![A-Za-z])"), "billions"),
)
# A forecast column ("2025年３月期（予想）", "FY2025 Outlook", "2025E"): guidance, not a figure reported.
_FORECAST = re.compile(r"予想|予測|見通し|計画|(?i:\b(?:forecasts?|outlook|guidance|estimated?|projected|"
                       r"budget|targets?|plan)\b)|(?<![\w.])(?:FY ?)?\d{2,4}E\b")
_POINTS = re.compile(r"(?i)\bpp\b|\bppts?\b|%-?\s?pkt|prozentpunkt|percentage points?|basis points?|\bbps?\b"
                     r"|points? de (?:%|pourcentage)|\bpts\b")
_SHARE_WORDS = re.compile(r"\banteil\b|%\s*(?:vom|von|am|des|du|de la|of)\b|\ben\s*%\s*(?:du|de|des)\b|\bpoids\b")
_OWN = re.compile(r"(yoy|qoq)%\(([^()]+)\)")  # "yoy%(FY2024)": the language's own spelling of a column


@frozen(slots=True)
class ColumnSpec:
    kind: str  # period | translated | yoy | qoq | share | unknown
    period: object  # a Period, or None
    currency: str | None = None  # translated: the currency
    total: str | None = None  # share: "% of Total Revenues" -> "Total Revenues"
    header: str = ""
    restated: bool = False  # "2024 restated", "H1 2024 angepasst": figures that restate an earlier printing


# A column's footnote mark ("H1 2024¹", "2024 (1)", "30 June 2025*") and its "restated" word: aside from its period.
_HEADER_MARK = re.compile(r"\s*(?:[\u00b9\u00b2\u00b3\u2070-\u2079]+|\((?:\d{1,2}|[a-z])\)|\*{1,3}|[†‡])(?=\s|$)")
_RESTATED = re.compile(r"(?i)\s*\(?\b(?:restated|as restated|adjusted|angepasst|retrait[ée]e?s?|re-presented|"
                       r"represented)\b\)?")


def _full_year(printed: str) -> int:
    """A year printed in two digits ("8/30/09") read as POSIX's %y reads it: 69 and after in the 1900s."""
    year = int(printed)
    return year if len(printed) == 4 else year + (1900 if year >= 69 else 2000)


def slashes_read(headers) -> str | None:
    """The order a table's headers print their dates of slashes in, where one of them tells it ("8/30/09"
    beside "3/01/09": month first; "30/06/2025": day first), else None."""
    for header in headers:
        for m in _SLASH_DATE.finditer(header):
            a, b = int(m.group(1)), int(m.group(2))
            if b > 12 >= a:
                return "month first"
            if a > 12 >= b:
                return "day first"
    return None


def with_slashes_read(header: str, order: str | None) -> str:
    """The header with each date of slashes that its day does not tell the order of ("3/01/09") written
    in words, in the `order` the table's other dates print, so that `parse_date` reads it."""
    if order is None:
        return header

    def words(m):
        a, b = int(m.group(1)), int(m.group(2))
        if a > 12 or b > 12:
            return m.group(0)
        month, day = (a, b) if order == "month first" else (b, a)
        return f"{_MONTH_NAMES[month - 1]} {day}, {_full_year(m.group(3))}"
    return _SLASH_DATE.sub(words, header)


_MONTH_NAMES = ("January February March April May June July August September October November "
                "December").split()


def parse_date(text: str) -> datetime.date | None:
    """The date a text prints first: "Jun 30, 2003", "30 June 2025", "30. Juni 2025", "31.12.2024"."""
    found = []
    m = _DATE.search(text)
    if m:
        found.append((m.start(), int(m.group(3)), _MONTHS[m.group(1).lower()[:3]], int(m.group(2))))
    m = _DMY.search(text)
    if m and month_of(m.group(2)):
        found.append((m.start(), int(m.group(3)), month_of(m.group(2)), int(m.group(1))))
    m = _NUMERIC_DATE.search(text)
    if m:
        found.append((m.start(), int(m.group(3)), int(m.group(2)), int(m.group(1))))
    m = _SLASH_DATE.search(text)
    if m:  # "30/06/2025" (day first) or "06/30/2025", "8/30/09" (month first): only where the day tells which
        a, b, year = int(m.group(1)), int(m.group(2)), _full_year(m.group(3))
        if a > 12 >= b:
            found.append((m.start(), year, b, a))
        elif b > 12 >= a:
            found.append((m.start(), year, a, b))
    if not found:
        return None
    _, year, month, day = min(found)
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def duration_length(text: str) -> int | None:
    """Quarters in the duration a text speaks of ("three months ended"), None for none."""
    low = text.lower()
    weeks = re.search(r"\b(1[34]|2[67]|39|40|5[23]) weeks\b", low)  # a year of 52 or 53 weeks, by quarters
    if weeks:
        return {13: 1, 14: 1, 26: 2, 27: 2, 39: 3, 40: 3, 52: 4, 53: 4}[int(weeks.group(1))]
    for words, n in (("three months", 1), ("3 months", 1), ("quarter ended", 1), ("six months", 2),
                     ("6 months", 2), ("nine months", 3), ("9 months", 3), ("twelve months", 4),
                     ("year ended", 4), ("years ended", 4), ("fiscal year", 4), ("year to", 4), ("years to", 4),
                     ("12 months", 4)):
        if words in low:
            return n
    return None


def is_balance_sheet(text: str) -> bool:
    low = text.lower()
    return "balance sheet" in low or re.search(r"\bas of\b|\bas at\b", low) is not None


def ending(date: datetime.date, quarters: int, calendar: Calendar) -> Duration | None:
    """The fiscal duration of `quarters` quarters that ends on `date`: of a fiscal year ledgerlang
    handles (FIRST_FY..LAST_FY), whose end the calendar can compute (a date of the year 1 has none)."""
    for fy in range(max(date.year - 2, FIRST_FY), min(date.year + 2, LAST_FY + 1)):
        for first in range(1, 5):
            if first + quarters - 1 > 4:
                continue
            d = Duration(fy, first, quarters)
            if calendar.end(d) == date:
                return d
    return None


# Japanese headers: a date "2024年３月31日", a span "(自 2023年４月１日 至 2024年３月31日)", and the
# fiscal year named by the month it ends "2024年３月期" (a quarter of it, "第１四半期", is not read).
_JP_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_JP_SPAN = re.compile(rf"自\s*{_JP_DATE.pattern}\s*至\s*{_JP_DATE.pattern}")
_JP_YEAR = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月期(?!\s*(?:第|中間|四半期|上期|下期))")
# "2025年３月期第２四半期" (a quarter of the year ending March 2025), "2025年３月期中間期" (its first half)
_JP_PART = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月期\s*(?:第\s*([1-4])\s*四半期|中間期?)")
_WIDE_DIGITS = str.maketrans({chr(0xFF10 + i): str(i) for i in range(10)})


def _jp_date(year: str, month: str, day: str) -> datetime.date | None:
    try:
        return datetime.date(int(year), int(month), int(day))
    except ValueError:
        return None


def _month_end(year: int, month: int) -> datetime.date | None:
    """The last day of a month a release names, or None where it names no month of the calendar."""
    if not 1 <= month <= 12 or not 1 <= year <= 9998:
        return None
    return month_end(year, month)


def japanese_period(text: str, calendar: Calendar):
    """The period a Japanese header names, or None: a span of whole quarters, a fiscal year
    "2024年３月期", or a date (an instant)."""
    text = text.translate(_WIDE_DIGITS)
    m = _JP_SPAN.search(text)
    if m:
        start, end = _jp_date(*m.group(1, 2, 3)), _jp_date(*m.group(4, 5, 6))
        if start is None or end is None or end <= start:
            return None
        months = (end.year - start.year) * 12 + end.month - start.month + 1
        if start.day != 1 or months % 3 or not 3 <= months <= 12:
            return None
        return ending(end, months // 3, calendar)
    m = _JP_YEAR.search(text)
    if m and "四半期" not in text and "中間" not in text:
        end = _month_end(int(m.group(1)), int(m.group(2)))
        return ending(end, 4, calendar) if end is not None else None
    m = _JP_PART.search(text)
    if m and not _JP_DATE.search(text):
        end = _month_end(int(m.group(1)), int(m.group(2)))
        year = ending(end, 4, calendar) if end is not None else None
        if year is None:
            return None
        if m.group(3) is None:  # 中間期: the first half
            return Duration(year.fy, 1, 2)
        n = int(m.group(3))
        if "会計期間" in text and "累計" not in text:
            return Duration(year.fy, n, 1)  # 第２四半期連結会計期間: the quarter alone
        return Duration(year.fy, 1, n) if n <= 3 else None  # a 決算短信 prints the year to date (累計)
    m = _JP_DATE.search(text)
    if m and not re.search(r"自|至|～|〜", text):
        date = _jp_date(*m.group(1, 2, 3))
        return Instant(date) if date is not None else None
    return None


# "1 Jan – 30 Jun 2025", "1. Januar bis 30. Juni 2025", "du 1er janvier au 30 juin 2025", "01.01.–30.06.2025"
DAY_SPAN = re.compile(rf"(\d{{1,2}})(?:er)?\.? ({MONTH_WORD})(?: ((?:19|20)\d{{2}}))? ?(?:[-–—]|to|bis|au|until) ?"
                       rf"(\d{{1,2}})\.? ({MONTH_WORD}) ((?:19|20)\d{{2}})"
                       r"|(\d{1,2})\.(\d{1,2})\.((?:19|20)\d{2})? ?[-–—] ?(\d{1,2})\.(\d{1,2})\.((?:19|20)\d{2})")


def _day_span(m, calendar: Calendar):
    """The duration a span of two dates names, where it is whole quarters of the calendar; else None."""
    if m.group(1):
        start_year = int(m.group(3) or m.group(6))
        start = _jp_date(str(start_year), str(month_of(m.group(2)) or 0), m.group(1))
        end = _jp_date(m.group(6), str(month_of(m.group(5)) or 0), m.group(4))
    else:
        start = _jp_date(m.group(9) or m.group(12), m.group(8), m.group(7))
        end = _jp_date(m.group(12), m.group(11), m.group(10))
    if start is None or end is None or start.day != 1 or end <= start:
        return None
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    if months % 3 or not 3 <= months <= 12 or _month_end(end.year, end.month) != end:
        return None
    period = ending(end, months // 3, calendar)
    return period if period is not None and parse_period(label(period)) == period else None


def period_in(text: str, context: str, calendar: Calendar):
    """The period a header names: a label, or a date read with the table's context."""
    m = DAY_SPAN.search(text)
    if m:  # a span of two dates is a duration, never the instant of its last day
        return _day_span(m, calendar)
    m = _LABEL.search(text)
    if m:
        if re.search(r"(?:\b[QH]\d+|\b\d+[QH])[\s'-]*$", text[:m.start()], re.I):
            return None  # "Q5 FY2024", "Q0 2024": a quarter that is none, not the year after it
        return period_word(m.group(1), calendar)
    if re.search(r"[年月日]", text):
        from ledgerlang.draft.japanese import era_of, western_years
        return japanese_period(western_years(text, era_of(f"{context} {text}")), calendar)
    date = parse_date(text)
    if date is None:
        year = re.fullmatch(r"(?:fiscal\s+(?:year\s+)?|year\s+)?((?:19|20)\d\d)", text.strip(), re.I)
        if year and not is_balance_sheet(context) and (
                calendar.year_end_month == 12 or re.search(r"\byears?\b|\bfiscal\b|\bannual", f"{text} {context}",
                                                           re.I)):
            return parse_period(f"FY{year.group(1)}")  # "2003" over a year's figures: the fiscal year
        return None
    n = duration_length(text) or (None if is_balance_sheet(context) else duration_length(context))
    if n:
        # a duration that is no period of the calendar ("Three Months Ended November 30" on a year ending in
        # December) is left out, never read as the balance at its last day: a flow is no stock
        return ending(in_months(text, date), n, calendar)
    return Instant(date)


def in_months(header: str, date: datetime.date) -> datetime.date:
    """The last day of a duration as ledgerlang's periods (months) count it: a year of 52 or 53 weeks
    ("13 Weeks Ended 8/30/09", or in months, "Three Months Ended June 28, 2003") ends its quarters within
    a week of a month's end, which is that quarter's; any other date is its own."""
    for end in (month_end(date.year, date.month),
                datetime.date(date.year, date.month, 1) - datetime.timedelta(days=1)):
        if abs((end - date).days) <= 7:
            return end
    return date


def read_in_weeks(header: str, context: str) -> str | None:
    """What a check says of a duration read as ending on the month's end nearest the day it prints, or
    None for one that ends on a month's end."""
    date = parse_date(header)
    n = duration_length(header) or (None if is_balance_sheet(context) else duration_length(context))
    if date is None or not n or in_months(header, date) == date:
        return None
    return (f"read as ending {in_months(header, date).isoformat()}, the month's end nearest the "
            f"{date.isoformat()} printed: the release's periods end on a day of the week (a year of 52 or "
            "53 weeks)")


def off_calendar(header: str, context: str, calendar: Calendar) -> str | None:
    """Why a header that names a duration and its last day reads as no period, or None: its months
    fit no quarter of the calendar's fiscal year, or its end is no month's end (a year of 52 weeks)."""
    date = parse_date(header)
    n = duration_length(header) or (None if is_balance_sheet(context) else duration_length(context))
    if date is None or not n or ending(in_months(header, date), n, calendar) is not None:
        return None
    date = in_months(header, date)
    import calendar as _calendar
    month = _calendar.month_name[calendar.year_end_month]
    if date.day != _calendar.monthrange(date.year, date.month)[1]:
        return (f"{n * 3} months ending {date.isoformat()}, more than a week from a month's end: a period "
                "ledgerlang (which counts months) does not name")
    return (f"{n * 3} months ending {date.isoformat()} fit no period of a fiscal year ending in {month}; "
            "give the calendar in the definitions (`--defs` with an entity's `fiscal year ends MM-DD`)")


def currencies(text: str) -> list[str]:
    """Currencies a text names, in the order it names them."""
    found = []
    for pattern, code in _CURRENCIES:
        m = pattern.search(text)
        if m:
            found.append((m.start(), code))
    return [code for _, code in sorted(found)]


# Japanese scales of the yen, as a table's unit line prints them: （単位：百万円）.
_JP_SCALE = re.compile(r"(十億|百万|千)円")
_JP_SCALES = {"十億": "billions", "百万": "millions", "千": "thousands"}


def scales_in(text: str) -> set[str]:
    """Every scale a text names ("millions" and "billions" in "2,1 Mrd. € ... in Mio. €")."""
    found = {scale for pattern, scale in _SCALES if pattern.search(text)}
    return found | ({_JP_SCALES[m.group(1)] for m in _JP_SCALE.finditer(text)})


def scale_of(text: str) -> str | None:
    """The scale a table's title or units line names, the first it names: "millions" for
    "in millions", "€m", "Mio. €" or "en millions d'euros"; None for none."""
    found = [(m.start(), scale) for pattern, scale in _SCALES for m in [pattern.search(text)] if m]
    if found:
        return min(found)[1]
    m = _JP_SCALE.search(text)
    return _JP_SCALES[m.group(1)] if m else None


def read_columns(headers, context: str, main_currency: str | None, calendar: Calendar, known=()):
    """ColumnSpecs for a table's headers. `known`: periods seen in the release's other columns."""
    specs = []
    order = slashes_read(headers)
    for printed in headers:
        header = _HEADER_MARK.sub("", printed)
        restated = bool(_RESTATED.search(header))
        header = _RESTATED.sub("", header).strip() if restated else header
        low = header.lower()
        if _FORECAST.search(header):  # never a figure reported: guidance, for a person to write
            specs.append(ColumnSpec("forecast", None, header=header))
            continue
        own = _OWN.fullmatch(header)
        if own:  # a column the draft names itself (`transpose.py`): its period as written
            specs.append(ColumnSpec(own.group(1), parse_period(own.group(2)), header=header))
            continue
        period = period_in(with_slashes_read(header, order), context, calendar)
        found = currencies(header)
        foreign = next((c for c in found if c != main_currency), None) if main_currency else None
        if _POINTS.search(header):
            # "Change in pp", "Δ %-Pkt.", "bp": a difference of two percentages, which no column of the language
            # states; never a % change
            specs.append(ColumnSpec("unknown", None, header=header))
        elif re.search(r"構成比", header):  # a share of the total, in a Japanese table
            specs.append(ColumnSpec("share", period, header=header))
        elif re.search(r"前四半期比|前四半期増減率", header):
            specs.append(ColumnSpec("qoq", period, header=header))
        elif re.search(r"前年同期比|前年同四半期比|前期比|前年比|増減率", header):
            specs.append(ColumnSpec("yoy", period, header=header))
        elif "% of" in low or re.search(r"\bshare\b", low) or _SHARE_WORDS.search(low):
            # "Anteil in %", "in % vom Umsatz", "en % du CA", "% du chiffre d'affaires": a share, not a change
            total = re.split(r"% of", header, flags=re.I)[-1].strip() if "% of" in low else None
            specs.append(ColumnSpec("share", period, total=total, header=header))
        elif re.search(r"%|chg|change|variation|ver[äa]nderung|abweichung|[ée]volution|\bvar\.|δ|\+/[-–]", low):
            if re.search(r"yoy|year[- ]over[- ]year|y-o-y|year on year", low) and not re.search(r"qoq|sequential", low):
                kind = "yoy"
            elif re.search(r"qoq|sequential|quarter[- ]over[- ]quarter|q-o-q", low):
                kind = "qoq"
            elif low.strip() == "%" or re.fullmatch(r"[\w ,]*\d{4} ?%", low.strip()):
                kind = "share"
            else:
                kind = "change"
            specs.append(ColumnSpec(kind, period, header=header))
        elif foreign and period is not None:
            specs.append(ColumnSpec("translated", period, currency=foreign, header=header))
        elif period is not None:
            specs.append(ColumnSpec("period", period, header=header))
        else:
            specs.append(ColumnSpec("unknown", None, header=header))
        if header != printed:
            specs[-1] = evolve(specs[-1], header=printed, restated=restated)
    # A change column measures the change of the period it compares with: "1Q02 | YoY %"
    # is the change of 1Q03 from 1Q02. Share columns take the period of their column group.
    out = []
    periods = [s.period for s in specs if s.kind in ("period", "translated") and s.period is not None]
    pool = set(periods) | set(known)
    for idx, s in enumerate(specs):
        if s.kind in ("yoy", "qoq", "change") and _OWN.fullmatch(s.header):
            out.append(s)
        elif s.kind in ("yoy", "qoq", "change"):
            base = next((specs[j].period for j in range(idx - 1, -1, -1)
                         if specs[j].kind in ("period",) and specs[j].period is not None), None)
            if base is None or isinstance(base, Instant):
                out.append(ColumnSpec("unknown", None, header=s.header))
                continue
            kind = s.kind
            if kind == "change":
                kind = "yoy" if shift(base, 4) in pool else "qoq" if shift(base, 1) in pool else None
                if kind is None:
                    out.append(ColumnSpec("unknown", None, header=s.header))
                    continue
            step = 4 if kind == "yoy" else 1
            target = shift(base, step) if shift(base, step) in pool or shift(base, -step) not in pool else base
            out.append(ColumnSpec(kind, target, header=s.header))
        elif s.kind == "share" and s.period is None:
            base = next((specs[j].period for j in range(idx - 1, -1, -1)
                         if specs[j].kind == "period" and specs[j].period is not None), None)
            out.append(ColumnSpec("share", base, total=s.total, header=s.header) if base is not None
                       else ColumnSpec("unknown", None, header=s.header))
        else:
            out.append(s)
    return out


def column_text(spec: ColumnSpec, total_id: str | None) -> str | None:
    """The column as the language writes it, or None when it cannot be written."""
    if spec.period is None:
        return None
    p = label(spec.period)
    if spec.kind == "period":
        return p
    if spec.kind == "translated":
        return f"{spec.currency}({p})"
    if spec.kind in ("yoy", "qoq"):
        return f"{spec.kind}%({p})"
    if spec.kind == "share":
        return f"share%({p}, {total_id})" if total_id else None
    return None
