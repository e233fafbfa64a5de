"""Known discrepancies: a book accepts a violation with a reason; a stale acceptance is reported."""

from __future__ import annotations

from ledgerlang.diagnostic import Diagnostic, error, warning
from ledgerlang.model import record
from ledgerlang.model.period import label

# Every code ledgerlang reports (the README's table of diagnostics and the codes of reading a
# ledger, formatting and drafting; tests/check/test_acknowledge.py holds them together): an `accept` that names another is a typo, said so, not a stale acceptance.
CODES = frozenset((
    "syntax", "too-many-errors", "bad-period", "bad-figure", "bad-anchor", "bad-calendar", "bad-name", "bad-rate",
    "calendar-assumed", "unit-assumed", "distant-period", "assertion-unchecked", "rule-unchecked", "empty-include",
    "empty-book", "control-character", "unended-period",
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
    # Where each item's findings are in `result`: an acceptance reads its item's alone, so a book of
    # many acceptances and many findings is not their product (a hostile one of 10,000 each).
    of_item: dict = {}
    at: dict = {}  # (item, period) -> where its findings are
    for i, d in enumerate(result):
        of_item.setdefault(d.item, []).append(i)
        at.setdefault((d.item, d.period), []).append(i)

    def add(d: Diagnostic) -> None:
        of_item.setdefault(d.item, []).append(len(result))
        at.setdefault((d.item, d.period), []).append(len(result))
        result.append(d)

    for acceptance in book.acceptances:
        period = label(acceptance.period)
        if acceptance.code not in CODES:
            from ledgerlang.syntax.resolve import did_you_mean

            add(error(
                "unknown-code", f"accept names {acceptance.code}, which is not a code ledgerlang reports",
                acceptance.span, did_you_mean(acceptance.code, sorted(CODES),
                                              "hint: write the code a finding shows, such as total-mismatch"),
                item=acceptance.item, period=period))
            continue
        matched, taken = False, None
        for i in at.get((acceptance.item, period), ()):
            d = result[i]
            if d.code != acceptance.code:
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
            add(warning(
                "stale-accept", f"nothing left to accept: the {acceptance.code} at {acceptance.item}@{period} is "
                f"accepted at {taken.span} already", acceptance.span, "hint: remove one of the two acceptances",
                item=acceptance.item, period=period))
        else:
            add(warning(
                "stale-accept", f"nothing to accept: no {acceptance.code} at {acceptance.item}@{period}"
                + (f" in {acceptance.source!r}" if acceptance.source is not None else ""),
                acceptance.span, _near_miss([result[i] for i in of_item.get(acceptance.item, ())], acceptance, period)
                or "hint: the violation is gone (or never was): remove this acceptance",
                item=acceptance.item, period=period))
    return result


def _near_miss(found: list[Diagnostic], acceptance, period: str) -> str | None:
    """The hint of an acceptance that matches nothing where a finding is there to accept under
    another code, or at the same code in another source: a typo the author should see, not "the
    violation is gone"."""
    here = [d for d in found if d.item == acceptance.item and d.period == period and d.counts_as_error]
    same = [d for d in here if d.code == acceptance.code]
    if same and acceptance.source is not None:
        return (f"hint: there is a {acceptance.code} at {acceptance.item}@{period}, but its notes do not name "
                f"{acceptance.source!r}: correct the source, or drop `in \"...\"`")
    others = sorted({d.code for d in here if d.code != acceptance.code})
    if others:
        return (f"hint: at {acceptance.item}@{period} there is {' and '.join(others)}: did you mean "
                f"`accept {others[0]} at {acceptance.item}@{period}`?")
    elsewhere = sorted({d.period for d in found if d.item == acceptance.item and d.code == acceptance.code
                        and d.counts_as_error and d.period is not None})
    if elsewhere:
        return (f"hint: {acceptance.item} has a {acceptance.code} at {', '.join(elsewhere[:3])}: did you mean "
                f"`accept {acceptance.code} at {acceptance.item}@{elsewhere[0]}`?")
    return None
