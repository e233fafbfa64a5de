"""The summary at the top of a report: check results and figure coverage, per book file.

Coverage (figures checked, figures not checkable) is worked out here from
the evaluation: a printed figure is checked when some check compares it with
something else (another printing, a rule, a printed measure, its quarters).
When the checker counts coverage itself, `COVERAGE` is the one place to plug
its count in: a function (book, evaluation, diagnostics) -> {path: (checked,
not checkable)}.
"""

from __future__ import annotations

from collections import Counter

from ledgerlang.diagnostic import Diagnostic, Severity
from ledgerlang.evaluate.compute import Evaluation, is_additive
from ledgerlang.model.book import Book
from ledgerlang.model.expr import refs
from ledgerlang.model.period import Duration
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


def coverage(book: Book, evaluation: Evaluation, diagnostics: list[Diagnostic]) -> dict[str, tuple[int, int]]:
    """Per file: printed figures some check tests, and printed figures none can."""
    checked: set[int] = set()

    def mark(key) -> None:
        for fact in evaluation.table_facts.get(key, ()) + evaluation.claim_facts.get(key, ()):
            checked.add(id(fact))

    for key, facts in evaluation.table_facts.items():
        if len(facts) > 1:
            mark(key)
    for key in evaluation.claim_facts:
        if evaluation.value(*key) is not None and (key in evaluation.table_facts or
                                                   evaluation.value(*key).origin != "reported"):
            mark(key)
    for rule in book.rules:
        for period in evaluation.reported_periods(rule.target):
            if evaluation.evaluate(rule.expr, period) is None:
                continue
            mark((rule.target, period))
            for key in evaluation.keys_of(rule.expr, period):
                mark(key)
    for measured in book.measured:
        if evaluation.evaluate(measured.expr, measured.period) is None:
            continue
        checked.add(id(measured))
        for key in evaluation.keys_of(measured.expr, measured.period):
            mark(key)
    for assertion in book.assertions:
        periods = {p for r in refs(assertion.left) if r.anchor is None for p in evaluation.reported_periods(r.item)}
        for period in periods:
            if evaluation.evaluate(assertion.left, period) and evaluation.evaluate(assertion.right, period):
                for side in (assertion.left, assertion.right):
                    for key in evaluation.keys_of(side, period):
                        mark(key)
    for (item_id, period) in list(evaluation.table_facts):
        item = book.items.get(item_id)
        if item is None or not is_additive(item) or not isinstance(period, Duration) or period.quarters == 1:
            continue
        quarters = evaluation.quarters_of(period)
        if all(evaluation.value(item_id, q) is not None for q in quarters):
            mark((item_id, period))
            for q in quarters:
                mark((item_id, q))
    out: dict[str, list[int]] = {}
    for printed in (*book.facts, *book.measured):
        path = printed.span.path if printed.span else ""
        counts = out.setdefault(path, [0, 0])
        counts[0 if id(printed) in checked else 1] += 1
    return {path: (c[0], c[1]) for path, c in out.items()}


COVERAGE = coverage


def summarise(book: Book, evaluation: Evaluation, diagnostics: list[Diagnostic]) -> list[BookSummary]:
    """One line per book file that prints figures or has findings, in the order the ledger read them."""
    counted = COVERAGE(book, evaluation, diagnostics) if COVERAGE else {}
    printed = Counter(p.span.path for p in (*book.facts, *book.measured) if p.span)
    paths = list(dict.fromkeys([*book.paths, *printed, *(d.span.path for d in diagnostics if d.span)]))
    out = []
    for path in paths:
        mine = [d for d in diagnostics if d.span and d.span.path == path]
        if not mine and not printed.get(path):
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
