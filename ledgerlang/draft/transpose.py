"""A table printed with its periods as rows, laid out with them as columns, as the language writes tables.

A 決算短信's first page prints its results so: a row per fiscal year ("2024年３月期",
"2023年３月期"), a column per item ("売上高 百万円") and beside each a "％" column,
its change on the year before ("％表示は対前期増減率"). Such a table has no column
that reads as a period and rows whose labels are periods alone. Its draft has a
row per item and a column per period, each followed by the period's `yoy%`
column where the table prints changes; every figure keeps its printed text and
its notes, and the table says it was printed the other way round. A row whose
label is not a period alone is not moved: it is kept, as printed, in a note.
"""

from __future__ import annotations

import re

from ledgerlang.draft.columns import _JP_PART, _JP_YEAR, _LABEL, period_in
from ledgerlang.draft.japanese import era_of, western_years
from ledgerlang.draft.release import RawRow, RawTable
from ledgerlang.model.period import Duration, Instant
from ledgerlang.model.period import label as period_label
from ledgerlang.model.record import evolve

_PERCENT = re.compile(r"[%％]\s*$|増減率|前期比|前年同期比|(?i:yoy|% change)")
_UNIT_WORDS = re.compile(r"[(（]?(?:十億円|百万円|千円|円\s*銭|円|銭|[%％])[)）]?")
# A statement of balances, whose rows of years are the balances at their ends: 連結財政状態, 貸借対照表
_BALANCES = re.compile(r"財政状態|貸借対照表")
_WIDE_DIGITS = str.maketrans({chr(0xFF10 + i): str(i) for i in range(10)})


def _period_alone(text: str, context: str, calendar):
    """The period a row's label is and nothing more ("2024年３月期", "FY2024"), else None."""
    plain = western_years(text.translate(_WIDE_DIGITS).strip(), era_of(context))  # "29年3月期": 2017年3月期
    if not (_JP_YEAR.fullmatch(plain) or _JP_PART.fullmatch(plain) or _LABEL.fullmatch(plain)):
        return None
    return period_in(plain, context, calendar)


def transposed(raw: RawTable, calendar) -> RawTable:
    """The table with its periods as columns where it prints them as rows, else the table as it is."""
    from ledgerlang.draft.columns import read_columns

    context = f"{raw.title} {raw.context}"
    if any(s.kind in ("period", "translated") for s in read_columns(raw.headers, context, None, calendar)):
        return raw
    periods, seen = [], set()
    for r in raw.rows:
        p = _period_alone(r.label, context, calendar)
        periods.append(p if p not in seen else None)  # a period again: a block below, kept as printed
        seen.add(p)
    moved = [(r, p) for r, p in zip(raw.rows, periods) if p is not None]
    if len(moved) < 2:
        return raw
    balances = bool(_BALANCES.search(context)) and calendar is not None
    if balances:
        # "(2)連結財政状態" prints its balances in rows named by the year ("2020年3月期"): each is the
        # balance at the year's last day, a stock, never the year's flow
        moved = [(r, calendar.closing(p) if isinstance(p, Duration) else p) for r, p in moved]
    # a "％" column is the change of the amount column before it where it names nothing else ("％", or
    # "売上高 ％" under a heading spanning both); "自己資本当期純利益率 ％" is a ratio, an item of its own
    names = [re.sub(r"\s+", " ", _UNIT_WORDS.sub(" ", h)).strip() for h in raw.headers]
    percent = [bool(_PERCENT.search(h)) for h in raw.headers]
    amounts = [j for j in range(len(raw.headers)) if not percent[j]]
    change_of, own = {}, set()
    for j in range(len(raw.headers)):
        if percent[j]:
            # the nearest amount before it: never a ratio of its own ("売上高営業利益率 ％") printed between,
            # which `amounts` lists after the amounts, so that its last entry is not the nearest
            before = sorted(a for a in amounts if a < j and a not in own)
            if before and before[-1] not in change_of.values() and names[j] in ("", names[before[-1]]):
                change_of[j] = before[-1]
            else:
                amounts.append(j)  # a percentage of its own, not a change: an item
                own.add(j)
    amounts.sort()
    changes = bool(change_of)
    headers = []
    for _, p in moved:
        # a balance's date as a 決算短信 prints one ("2020年3月31日"), which the columns' reader takes as a date
        headers.append(f"{p.date.year}年{p.date.month}月{p.date.day}日" if isinstance(p, Instant) else period_label(p))
        if changes:
            headers.append(f"yoy%({period_label(p)})")
    step = 2 if changes else 1
    rows = []
    for j in amounts:
        cells = [""] * len(headers)
        notes = []
        pct = next((k for k, a in change_of.items() if a == j), None)
        for i, (row, _) in enumerate(moved):
            cells[step * i] = row.cells[j] if j < len(row.cells) else ""
            notes += [(step * i, f"{row.label}: {n}") for c, n in row.notes if c == j]
            if pct is not None:
                cells[step * i + 1] = row.cells[pct] if pct < len(row.cells) else ""
                notes += [(step * i + 1, f"{row.label}: {n}") for c, n in row.notes if c == pct]
        name = re.sub(r"\s+", " ", raw.headers[j]).strip() if j in own else names[j]  # "… ％": a percentage
        rows.append(RawRow(label=name, section="", cells=tuple(cells), line=raw.header_line or raw.line,
                           notes=tuple(notes)))
    left = [r for r, p in zip(raw.rows, periods) if p is None]
    for r in left:
        printed = "  ".join(c or "." for c in r.cells)
        rows.append(RawRow(label=r.label, section="", cells=("",) * len(headers), line=r.line,
                           notes=((None, f"printed {printed!r} in a row that is not a period: not moved"),)))
    said = ", ".join(r.label for r, _ in moved)
    units = " ".join(h for h in raw.headers if _UNIT_WORDS.search(h))
    how = (f"check: printed with its periods as rows ({said}) and its items as columns; drafted the other way "
           "round" + (", each '％' column the change on the year before" if changes else "")
           + (", each year's figures the balances at its last day" if balances else ""))
    return evolve(raw, headers=tuple(headers), rows=tuple(rows), context=f"{raw.context} {units}".strip(),
                  printed_as=how)
