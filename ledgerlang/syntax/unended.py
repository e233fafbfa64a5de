"""Periods that had not ended when their document was dated: a column or a claim's line of one.

Part of `build` (syntax tree to Book). A release prints figures of periods that have ended:
its tables and its narrative's statements of fact are about the past. A table's column of a
period that ends after the day its document is dated (2Q03 in a release of 2003-08-12, typed
for 1Q03) cannot be what the release printed, and where nothing else prints that period every
rule still holds inside the column, so nothing else would say so. Guidance is left alone: a
forecast is about a period not ended yet. A table or claim belongs to the document of its own
file; a file without one (shared definitions) has nothing to say.
"""

from __future__ import annotations

from ledgerlang.diagnostic import Diagnostic, warning
from ledgerlang.model import book as m
from ledgerlang.model.expr import Edge, Expr, Shift, refs
from ledgerlang.model.period import Duration, Instant, Period, label, month_end, parse_period, shift
from ledgerlang.model.span import Span


class Dated:
    """The last day each file's document may be dated, by path, with that document.

    `dated 2016-05` may be any day of May: the month's last day is the latest, so a period
    that ends within the month is not said to be unended. A file of several documents (a
    draft of several releases) is dated by its latest, and a file any of whose documents is
    undated, or dated with no real date (reported as bad-period), by none: its table may be
    the undated one's, of which nothing can be said.
    """

    def __init__(self, documents) -> None:
        self.by_path: dict[str, tuple | None] = {}
        for document in documents:
            day = _last_day(document.date)
            known = self.by_path.get(document.path, ())
            if day is None or known is None:
                self.by_path[document.path] = None
            elif not known or day > known[0]:
                self.by_path[document.path] = (day, document)

    def of(self, path: str) -> tuple | None:
        """(last day, document) of the file at `path`, or None where nothing can be said."""
        return self.by_path.get(path)


def _last_day(text: str | None):
    """The last day a `dated` may mean: the day written, or the month's last (`2016-05`); None for none."""
    if text is None:
        return None
    if len(text) > 7:
        found = parse_period(text)
        return found.date if isinstance(found, Instant) else None
    found = parse_period(f"{text}-01")
    return month_end(found.date.year, found.date.month) if isinstance(found, Instant) else None


def _dated_as(document: m.Document) -> str:
    """`the day its document is dated, 2003-08-12` (or `the month ..., 2003-02`). Not its title: a
    table's message is made for every table, and a title may be as long as a file."""
    return f"the {'day' if len(document.date) > 7 else 'month'} its document is dated, {document.date}"


def _hint_date(document: m.Document) -> str:
    where = f" at {document.span.path}:{document.span.line}" if document.span is not None else ""
    return f"the document's date{where}"


def _read_as(period: Period, calendar) -> tuple[str, ...]:
    """A note of the dates a fiscal label is read as: a calendar declared wrong (`named by start`
    for a company that names its years by their end) puts every label a year late."""
    if isinstance(period, Instant):
        return ()
    return (f"note: {label(period)} is read as {calendar.describe(period)} on the book's fiscal calendar",)


def columns(nodes, dated: tuple, calendar) -> Diagnostic | None:
    """One warning for a table whose columns name periods ending after its document's date, at the
    first of them. A measure's column (`yoy%(2Q03)`) is of its period, as a plain one is."""
    last, document = dated
    late = []
    for node in nodes:
        if node.period is None:  # not a period: reported as such
            continue
        end = calendar.closing(node.period).date
        if end > last:
            late.append((node, end))
    if not late:
        return None
    texts = ", ".join(node.text for node, _ in late)
    named = f"column{'s' if len(late) > 1 else ''} {texts}"
    periods = {node.period for node, _ in late}
    first = late[0][0].period
    if len(periods) > 1:
        said = ", ".join(f"{node.text} ({end.isoformat()})" for node, end in late)
        said = f"columns {said} end"
    elif first.is_instant:
        said = f"{named} {'are' if len(late) > 1 else 'is'} at {late[0][1].isoformat()},"
    else:
        said = f"{named} {'end' if len(late) > 1 else 'ends'} {late[0][1].isoformat()},"
    printed = "date" if first.is_instant else "quarter or year"
    return warning("unended-period", f"{said} after {_dated_as(document)}", late[0][0].span,
                   *_read_as(first, calendar),
                   "hint: a release's table prints periods that have ended: check the heading against the "
                   f"release (the {printed} it prints), or {_hint_date(document)}; a forecast belongs in `guidance`")


def claim_line(expr: Expr, period: Period, span: Span, dated: tuple, calendar) -> Diagnostic | None:
    """A warning for a claim's line that speaks of a period ending after its document's date: the
    narrative's claims are what the release states as fact (`guidance` holds its forecasts)."""
    last, document = dated
    spoken = []  # (end, period) of each reference
    for ref in refs(expr):
        anchor = ref.anchor
        if isinstance(anchor, Shift):
            anchor = shift(period, anchor.quarters)
        elif isinstance(anchor, Edge):
            anchor = calendar.opening(period) if anchor.side == "open" else calendar.closing(period)
        elif not isinstance(anchor, (Duration, Instant)):
            continue
        if anchor is not None:
            spoken.append((calendar.closing(anchor).date, anchor))
    if not spoken:
        return None
    end, latest = max(spoken, key=lambda found: found[0])
    if end <= last:
        return None
    said = f"{label(latest)}," if latest.is_instant else f"{label(latest)}, which ends {end.isoformat()},"
    return warning("unended-period", f"this claim's line speaks of {said} after {_dated_as(document)}", span,
                   *_read_as(latest, calendar),
                   "hint: a claim states what the release reports of periods that have ended: check the line's "
                   f"period against the text, or {_hint_date(document)}; a forecast belongs in `guidance`")
