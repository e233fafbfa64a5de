"""Known discrepancies: a book accepts a violation with a reason; a stale acceptance is reported."""

from __future__ import annotations

from ledgerlang.diagnostic import Diagnostic, warning
from ledgerlang.model import record
from ledgerlang.model.period import label


def apply(book, found: list[Diagnostic]) -> list[Diagnostic]:
    result = list(found)
    for acceptance in book.acceptances:
        period = label(acceptance.period)
        matched = False
        for i, d in enumerate(result):
            if d.code != acceptance.code or d.item != acceptance.item or d.period != period or d.acknowledged:
                continue
            if acceptance.source is not None and acceptance.source not in " ".join(d.notes):
                continue
            result[i] = record.evolve(d, acknowledged=acceptance.reason,
                                     notes=d.notes + (f"acknowledged at {acceptance.span}: {acceptance.reason}",))
            matched = True
        if not matched:
            result.append(warning(
                "stale-accept", f"nothing to accept: no {acceptance.code} at {acceptance.item}@{period}",
                acceptance.span, "hint: the violation is gone (or never was): remove this acceptance",
                item=acceptance.item, period=period))
    return result
