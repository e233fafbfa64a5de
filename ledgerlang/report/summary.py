"""The summary at the top of a report: check results and figure coverage, per book file.

Coverage (figures checked, figures not checkable) is the checker's own
(check/coverage.py), counted per file: the report's numbers add up to
`ledger check`'s summary line.
"""

from __future__ import annotations

from ledgerlang.check.coverage import Counts
from ledgerlang.diagnostic import Diagnostic, Severity
from ledgerlang.model.book import Book
from ledgerlang.model.record import frozen


@frozen
class BookSummary:
    path: str
    errors: int
    warnings: int
    acknowledged: int
    notes: int
    printed: int
    checked: int | None
    not_checkable: int | None


def coverage(book: Book, counts: Counts) -> dict[str, tuple[int, int]]:
    """Per file: printed figures some check decided, and printed figures none could."""
    out: dict[str, list[int]] = {}
    for printed in (*book.facts, *book.measured):
        path = printed.span.path if printed.span else ""
        found = out.setdefault(path, [0, 0])
        found[0 if counts.is_checked(printed) else 1] += 1
    return {path: (c[0], c[1]) for path, c in out.items()}


def summarise(book: Book, diagnostics: list[Diagnostic], counts: Counts, given=()) -> list[BookSummary]:
    """One line per book file that prints figures or has findings, and per file `given` (on the
    command line: a book with nothing in it is still a row of zeros), in the order the ledger read them."""
    counted = coverage(book, counts)
    printed = {path: checked + not_checkable for path, (checked, not_checkable) in counted.items() if path}
    paths = list(dict.fromkeys([*book.paths, *printed, *(d.span.path for d in diagnostics if d.span)]))
    out = []
    for path in paths:
        mine = [d for d in diagnostics if d.span and d.span.path == path]
        if not mine and not printed.get(path) and path not in given:
            continue
        cover = counted.get(path)
        out.append(BookSummary(
            path,
            sum(1 for d in mine if d.counts_as_error),
            sum(1 for d in mine if d.severity is Severity.WARNING and not d.acknowledged),
            sum(1 for d in mine if d.acknowledged),
            sum(1 for d in mine if d.severity is Severity.INFO),
            printed.get(path, 0),
            cover[0] if cover else None,
            cover[1] if cover else None))
    unplaced = [d for d in diagnostics if d.span is None]
    if unplaced:
        out.append(BookSummary("(no file)", sum(d.counts_as_error for d in unplaced),
                               sum(1 for d in unplaced if d.severity is Severity.WARNING and not d.acknowledged),
                               sum(1 for d in unplaced if d.acknowledged),
                               sum(1 for d in unplaced if d.severity is Severity.INFO), 0, None, None))
    return out
