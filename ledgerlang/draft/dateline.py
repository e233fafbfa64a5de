"""The release's own date, as a reader takes it, for the draft's `document ... dated`.

Part of reading a release: `text.py` and `html.py` hand over the blocks at its
head (lines, cells and paragraphs before its first table of figures) and get
back the date its dateline or its heading prints. A release prints many dates:
the ends of its periods in table headings, "the fiscal year ending March 31,
2004" and a forecast's in sentences, a meeting's in a notice. None of those is
the release's, and `ledger check` warns of every column ending after the date
written (`unended-period`), so a wrong date is worse than none. A date counts
only where it stands in a dateline's place:

- a dateline opening a paragraph: "TOKYO, Japan, Aug. 12, 2003 --",
  "TOKYO & NEW YORK--(BUSINESS WIRE)--Aug. 12, 2003--";
- a date alone on its line or in its cell ("February, 2003" under a
  presentation's title, "2020年5月13日" or "令和2年5月13日" on a 決算短信's first
  page), or after a label that says it is the release's ("For Immediate
  Release: Aug. 12, 2003", "発表日 2020年5月13日"); never in the cell after a
  label of something else ("定時株主総会開催予定日", "Record date:").

Where two such dates disagree, none is written, and the summary names both.
"""

from __future__ import annotations

import datetime
import re

from ledgerlang.draft import japanese
from ledgerlang.draft.columns import month_of
from ledgerlang.model.record import frozen

# How much of a release's head is read for its date: a dateline is in its first paragraph and a
# 決算短信's date on its first lines, long before the text a table of figures would start after.
HEAD_CHARACTERS = 4000
_LONGEST = 400  # of a block, the characters a dateline is read in

_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?"
          r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)")
# "July 23, 2008", "Aug. 12, 2003", "23 July 2008"
_DAY = (rf"(?:(?P<month>{_MONTH})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})"
        rf"|(?P<day2>\d{{1,2}})\s+(?P<month2>{_MONTH})\.?,?\s+(?P<year2>\d{{4}}))")
# "February, 2003", as a presentation's title page prints its month alone
_MONTH_ALONE = rf"(?P<month3>{_MONTH})\.?,?\s+(?P<year3>\d{{4}})"
_WEEKDAY = r"(?:\s*[(（]\s*(?:[月火水木金土日]|(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?)\s*[)）])?"
# the labels a release puts before its own date; never "as of", "ended" or "予定日", which date something else
_LABEL = (r"(?:(?:for\s+(?:immediate\s+)?release|release\s+date|date\s+of\s+release|press\s+release|news\s+release"
          r"|released|dated|date)\s*[:\-–—]?\s*|(?:発表日|公表日|開示日|発表|公表)\s*[:：]?\s*)?")
_ALONE = re.compile(rf"(?i){_LABEL}(?P<date>{_DAY}|{_MONTH_ALONE}){_WEEKDAY}")
# a wire's dateline: a city (and its state or country), each word capitalised, a wire's name, the date, then
# a dash or the wire's name; "Three Months ended June 30, 2008" is no city, nor a sentence's "In the quarter"
_PLACE = r"[A-Z][A-Za-z.&'’-]*(?:\s+(?:&\s+)?[A-Z][A-Za-z.&'’-]*)*"
_DATELINE = re.compile(
    rf"(?:{_PLACE}(?:\s*,\s*{_PLACE})*\s*(?:,|--|—|–)\s*)"
    r"(?:\(?[A-Z][A-Za-z ]*WIRE\)?\s*(?:--|—|–)\s*|/?PRNewswire(?:-FirstCall)?/?\s*(?:--|—|–)?\s*)?"
    rf"(?P<date>{_DAY})(?=\s*(?:--|—|–|-\s|/|\(|$))")
# a paragraph that opens with its date and a dash: "Aug. 12, 2003 -- Internet Initiative Japan Inc. ..."
_OPENING = re.compile(rf"(?P<date>{_DAY})\s*(?:--|—|–)")


# a block that ends as a label does, awaiting the date in the next cell
_AWAITS = re.compile(r"(?:日|[:：]|\bdate)\s*$", re.I)


@frozen(slots=True)
class Dateline:
    date: str | None  # "2003-08-12" (or "2003-02" for a month alone); None where none is sure
    seen: tuple = ()  # (line, printed text, ISO date) of each date in a dateline's place, in the release's order


def _iso(m: re.Match) -> str | None:
    """The ISO date of a match of `_DAY` or `_MONTH_ALONE`, or None for no real day (February 30)."""
    found = m.groupdict()
    if found.get("year3"):
        return f"{int(found['year3']):04d}-{month_of(found['month3']):02d}"
    month = found["month"] or found["month2"]
    day, year = found["day"] or found["day2"], found["year"] or found["year2"]
    try:
        return datetime.date(int(year), month_of(month), int(day)).isoformat()
    except ValueError:
        return None


def date_of(block: str) -> tuple[str, str] | None:
    """(printed text, ISO date) of the release's date where `block` (a line, a cell, a paragraph) prints
    it in a dateline's place; None where it prints none there, or a date of something else."""
    if len(block) > _LONGEST:
        block = block[:_LONGEST]  # a dateline opens its paragraph; a date alone is short
        whole = False
    else:
        whole = True
    text = re.sub(r"\s+", " ", block).strip()
    if not whole:
        m = _DATELINE.match(text) or _OPENING.match(text)
        iso = _iso(m) if m is not None else None
        return None if iso is None else (m.group("date"), iso)
    alone = re.sub(rf"{_WEEKDAY}$", "", re.sub(r"^(?:発表日|公表日|開示日|発表|公表)\s*[:：]?\s*", "", text))
    found = japanese.printed_date(alone)
    if found is not None and found[0] == alone:
        return found
    m = _ALONE.fullmatch(text) or _DATELINE.match(text) or _OPENING.match(text)
    iso = _iso(m) if m is not None else None
    return None if iso is None else (m.group("date"), iso)


def _agree(a: str, b: str) -> bool:
    """Whether two dates can be the same day: equal, or a month and a day of it."""
    return a.startswith(b) or b.startswith(a)


def read(blocks) -> Dateline:
    """The release's date from the (line, text) blocks at its head, in order: the earliest date in a
    dateline's place, unless another disagrees with it; the most precise of those that agree."""
    seen, before = [], ""
    for line, text in blocks:
        found = date_of(text)
        if found is not None and _AWAITS.search(before) and date_of(before) is None:
            # the cell after a label is the label's ("定時株主総会開催予定日 | 2020年6月24日", "Record date: | ..."):
            # the release's own only where the label says so ("発表日", "Date:")
            found = date_of(f"{before} {text}")
        if found is not None and (line, *found) not in seen:
            seen.append((line, *found))
        before = text
    if not seen:
        return Dateline(None)
    first = seen[0][2]
    if any(not _agree(first, iso) for _, _, iso in seen):
        return Dateline(None, tuple(seen))
    return Dateline(max((iso for _, _, iso in seen), key=len), tuple(seen))


def text_blocks(lines, before: int, paragraphs) -> list[tuple[int, str]]:
    """The blocks of a fixed-width release's head, its lines before line `before` (its first table's) and
    within `HEAD_CHARACTERS`: each cell of a line (text apart by three spaces or more, as a 決算短信's title
    and date share a line), and each paragraph whole, where a dateline may wrap."""
    out, budget = [], HEAD_CHARACTERS
    for k, line in enumerate(lines[:max(before - 1, 0)]):
        if budget <= 0:
            before = k + 1
            break
        budget -= len(line)
        out += [(k + 1, cell) for cell in re.split(r" {3,}|\t|\u3000", line.strip()) if cell]
    out += [(p.line, p.text) for p in paragraphs if p.line < before]
    return sorted(out, key=lambda block: block[0])


def disagreeing(dateline: Dateline) -> tuple | None:
    """The first two dates seen that disagree, each (line, printed, ISO); None where all agree."""
    if not dateline.seen:
        return None
    first = dateline.seen[0]
    other = next((s for s in dateline.seen if not _agree(first[2], s[2])), None)
    return None if other is None else (first, other)
