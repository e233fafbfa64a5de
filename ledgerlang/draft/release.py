"""A release as the drafter sees it: its tables (title, column headers, rows) and its prose.

Both readers (`text.py` for fixed-width text, `html.py` for `<table>` markup)
return this shape, so everything downstream is the same for both.
Line numbers are the release's own (1-based), for the summary and comments.
"""

from __future__ import annotations

from ledgerlang.model.record import frozen


@frozen(slots=True)
class RawRow:
    label: str  # the printed label, continuation lines joined
    section: str  # the nearest section heading above it ("Operating Activities"), or ""
    cells: tuple  # one figure per column as the language writes it (cells.py), "" where none is
    line: int
    notes: tuple = ()  # (column index, note): a cell printed otherwise, or printed but not a figure


@frozen(slots=True)
class RawTable:
    title: str
    context: str  # the title block: scale, currency, "three months ended", "as of"
    headers: tuple  # one header text per column, top line first
    rows: tuple  # RawRow
    line: int  # the title's line
    end_line: int
    header_line: int = 0  # the first line of the column headers
    notation: str = ""  # how its figures' notation was decided (`cells.notations`): "" for the decimal point
    symbols: tuple = ()  # currencies whose symbol its figures print ("$ 1,234", "$(12.4)"), for a title without one
    printed_as: str = ""  # how the table was printed, where the draft lays it out otherwise (periods as rows)


@frozen(slots=True)
class Paragraph:
    text: str  # whitespace collapsed
    line: int
    lines: tuple = ()  # the release line of each word, in order (for sentences)


@frozen(slots=True)
class Release:
    path: str
    title: str
    date: str | None  # ISO date of the release (`dateline.py`), where its dateline or heading gives one
    tables: tuple
    paragraphs: tuple
    line_count: int
    date_seen: tuple = ()  # (line, printed, ISO date) of each date in a dateline's place, the summary's account
