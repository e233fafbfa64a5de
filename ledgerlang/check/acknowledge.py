"""Known discrepancies: a book accepts a violation with a reason; a stale acceptance is reported."""

from __future__ import annotations

from ledgerlang.diagnostic import Diagnostic, error, warning
from ledgerlang.model import record
from ledgerlang.model.period import label

# Every code ledgerlang reports (the README's table of diagnostics and the codes of reading a
# ledger, formatting and drafting; tests/check/test_acknowledge.py holds them together): an `accept` that names another is a typo, said so, not a stale acceptance.
CODES = frozenset((
    "syntax", "too-many-errors", "bad-period", "bad-figure", "bad-anchor", "bad-calendar", "bad-name", "bad-rate",
    "calendar-assumed", "unit-assumed", "assertion-unchecked", "empty-include",
    "missing-period", "unknown-item", "unknown-unit", "unknown-rate", "unknown-function", "unknown-code",
    "duplicate-definition", "entity-conflict", "missing-file", "include-cycle", "unreadable", "not-a-file",
    "file-too-large", "not-a-book", "outside-root", "include-outside-root", "fmt-unproven", "draft-empty", "draft-unparsed",
    "draft-unreadable", "unit-mismatch", "flow-on-instant", "stock-on-duration", "stock-summed", "cell-count",
    "expression-too-deep", "cycle", "total-mismatch", "rule-mismatch", "period-sum-mismatch", "assertion-failed",
    "fact-mismatch", "change-mismatch", "share-mismatch", "translation-mismatch", "claim-mismatch",
    "joint-inconsistent", "duplicate-fact", "balance-weight", "stale-accept", "guidance-below", "guidance-within",
    "guidance-above", "guidance-met", "guidance-missed", "guidance-pending", "claim-unchecked", "not-checkable",
    "guidance-mismatch", "claim-text-drift",
))


def apply(book, found: list[Diagnostic]) -> list[Diagnostic]:
    result = list(found)
    by = {}  # id() of a diagnostic acknowledged here -> the acceptance that did it
    for acceptance in book.acceptances:
        period = label(acceptance.period)
        if acceptance.code not in CODES:
            from ledgerlang.syntax.resolve import did_you_mean

            result.append(error(
                "unknown-code", f"accept names {acceptance.code}, which is not a code ledgerlang reports",
                acceptance.span, did_you_mean(acceptance.code, sorted(CODES),
                                              "hint: write the code a finding shows, such as total-mismatch"),
                item=acceptance.item, period=period))
            continue
        matched, taken = False, None
        for i, d in enumerate(result):
            if d.code != acceptance.code or d.item != acceptance.item or d.period != period:
                continue
            if acceptance.source is not None and acceptance.source not in " ".join(d.notes):
                continue
            if d.acknowledged:
                taken = taken or by.get(id(d))
                continue
            result[i] = record.evolve(d, acknowledged=acceptance.reason,
                                     notes=d.notes + (f"acknowledged at {acceptance.span}: {acceptance.reason}",))
            by[id(result[i])] = acceptance
            matched = True
        if matched:
            continue
        if taken is not None:
            result.append(warning(
                "stale-accept", f"nothing left to accept: the {acceptance.code} at {acceptance.item}@{period} is "
                f"accepted at {taken.span} already", acceptance.span, "hint: remove one of the two acceptances",
                item=acceptance.item, period=period))
        else:
            result.append(warning(
                "stale-accept", f"nothing to accept: no {acceptance.code} at {acceptance.item}@{period}",
                acceptance.span, "hint: the violation is gone (or never was): remove this acceptance",
                item=acceptance.item, period=period))
    return result
