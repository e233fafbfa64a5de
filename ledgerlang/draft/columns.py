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
from ledgerlang.model.record import frozen

_MONTHS = {m: i + 1 for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split())}
_DATE = re.compile(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? (\d{1,2}),? (\d{4})\b", re.I)
# A period as releases print it: 1Q03, Q1 FY2019, 1Q FY2019, Q1 2024, 2024 Q1, FY2024 Q1, Q1'24, H1 FY2017, 1H17,
# "Second Quarter 2024", "the second quarter of fiscal 2024",
# 1Q-3Q19, Q1-Q3 FY2019, 9M FY2019, FY2003. One pattern, so that "Q1 FY2024" is never read as its "FY2024".
PERIOD_WORDS = (r"(?<![\w.])(?:(?:[1-4]Q|Q[1-4])-(?:[1-4]Q|Q[1-4]) ?(?:FY ?)?(?:\d{4}|\d{2})"
                r"|(?:[1-4]Q|Q[1-4]|[12]H|H[12]) ?(?:FY ?|')?(?:(?:19|20)\d{2}|\d{2})"
                r"|(?:FY ?(?:\d{4}|\d{2})|(?:19|20)\d{2}) ?(?:Q[1-4]|[1-4]Q|H[12]|[12]H)"
                r"|(?i:(?:first|second|third|fourth) quarter,?(?: of)?(?: fiscal(?: year)?)? (?:19|20)\d{2})"
                r"|FY ?\d{2,4}|9M ?(?:FY ?)?\d{2,4})(?!\w|\.\w)")  # "in 1Q02." ends a sentence
_LABEL = re.compile(f"({PERIOD_WORDS})")
_PARTS = re.compile(r"(?:([1-4])([QH])|([QH])([1-4])) ?(?:FY ?|')?((?:19|20)\d{2}|\d{2})$"
                    r"|(?:FY ?)?((?:19|20)\d{2}|\d{2}) ?(?:([1-4])([QH])|([QH])([1-4]))$")


_ORDINAL = re.compile(r"(?i)(first|second|third|fourth) quarter\D*((?:19|20)\d{2})$")


def period_word(text: str):
    """The period a printed period word names (`PERIOD_WORDS`), or None."""
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


_CURRENCIES = (
    (re.compile(r"\bJPY\b|\byen\b|¥|円", re.I), "JPY"),
    (re.compile(r"\bUSD\b|U\.S\. ?dollars?|US ?dollars?|US\$|\$", re.I), "USD"),
    (re.compile(r"\bEUR\b|\beuros?\b|€", re.I), "EUR"),
    (re.compile(r"\bGBP\b|pounds? sterling|£", re.I), "GBP"),
)
_SCALE = re.compile(r"\b(thousands|millions|billions)\b", re.I)
# A forecast column ("2025年３月期（予想）", "FY2025 Outlook", "2025E"): guidance, not a figure reported.
_FORECAST = re.compile(r"予想|予測|見通し|計画|(?i:\b(?:forecasts?|outlook|guidance|estimated?|projected|"
                       r"budget|targets?|plan)\b)|(?<![\w.])(?:FY ?)?\d{2,4}E\b")
_OWN = re.compile(r"(yoy|qoq)%\(([^()]+)\)")  # "yoy%(FY2024)": the language's own spelling of a column


@frozen(slots=True)
class ColumnSpec:
    kind: str  # period | translated | yoy | qoq | share | unknown
    period: object  # a Period, or None
    currency: str | None = None  # translated: the currency
    total: str | None = None  # share: "% of Total Revenues" -> "Total Revenues"
    header: str = ""


def parse_date(text: str) -> datetime.date | None:
    m = _DATE.search(text)
    if not m:
        return None
    try:
        return datetime.date(int(m.group(3)), _MONTHS[m.group(1).lower()[:3]], int(m.group(2)))
    except ValueError:
        return None


def duration_length(text: str) -> int | None:
    """Quarters in the duration a text speaks of ("three months ended"), None for none."""
    low = text.lower()
    for words, n in (("three months", 1), ("3 months", 1), ("quarter ended", 1), ("six months", 2),
                     ("6 months", 2), ("nine months", 3), ("9 months", 3), ("twelve months", 4),
                     ("year ended", 4), ("years ended", 4), ("fiscal year", 4)):
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


def period_in(text: str, context: str, calendar: Calendar):
    """The period a header names: a label, or a date read with the table's context."""
    m = _LABEL.search(text)
    if m:
        if re.search(r"(?:\b[QH]\d+|\b\d+[QH])[\s'-]*$", text[:m.start()], re.I):
            return None  # "Q5 FY2024", "Q0 2024": a quarter that is none, not the year after it
        return period_word(m.group(1))
    if re.search(r"[年月日]", text):
        return japanese_period(text, calendar)
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
        return ending(date, n, calendar) or Instant(date)
    return Instant(date)


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


def scale_of(text: str) -> str | None:
    m = _SCALE.search(text)
    if m:
        return m.group(1).lower()
    m = _JP_SCALE.search(text)
    return _JP_SCALES[m.group(1)] if m else None


def read_columns(headers, context: str, main_currency: str | None, calendar: Calendar, known=()):
    """ColumnSpecs for a table's headers. `known`: periods seen in the release's other columns."""
    specs = []
    for header in headers:
        low = header.lower()
        if _FORECAST.search(header):  # never a figure reported: guidance, for a person to write
            specs.append(ColumnSpec("forecast", None, header=header))
            continue
        own = _OWN.fullmatch(header)
        if own:  # a column the draft names itself (`transpose.py`): its period as written
            specs.append(ColumnSpec(own.group(1), parse_period(own.group(2)), header=header))
            continue
        period = period_in(header, context, calendar)
        found = currencies(header)
        foreign = next((c for c in found if c != main_currency), None) if main_currency else None
        if re.search(r"構成比", header):  # a share of the total, in a Japanese table
            specs.append(ColumnSpec("share", period, header=header))
        elif re.search(r"前四半期比|前四半期増減率", header):
            specs.append(ColumnSpec("qoq", period, header=header))
        elif re.search(r"前年同期比|前年同四半期比|前期比|前年比|増減率", header):
            specs.append(ColumnSpec("yoy", period, header=header))
        elif "% of" in low or re.search(r"\bshare\b", low):
            total = re.split(r"% of", header, flags=re.I)[-1].strip() if "% of" in low else None
            specs.append(ColumnSpec("share", period, total=total, header=header))
        elif re.search(r"%|chg|change", low):
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
