"""Printed change %, share % and currency columns, and claims: each is a rule's value, checked."""

from __future__ import annotations

from ledgerlang.check.mismatch import compare, meets
from ledgerlang.diagnostic import Diagnostic, info
from ledgerlang.evaluate.compute import Evaluation
from ledgerlang.evaluate.point import Points
from ledgerlang.model.expr import Call, show
from ledgerlang.model.period import label

CODES = {"change": "change-mismatch", "share": "share-mismatch", "translation": "translation-mismatch",
         "claim": "claim-mismatch"}


def check(book, evaluation: Evaluation) -> list[Diagnostic]:
    found = []
    points = Points(evaluation)
    for measured in book.measured:
        if points.meets(measured.expr, measured.period, measured.value):
            continue  # the exact value prints as the figure: no interval needed
        computed = evaluation.evaluate(measured.expr, measured.period)
        if computed is None:
            if measured.family == "claim":
                found.append(_unchecked(measured, evaluation))
            continue
        if meets(measured.value, computed):
            continue
        where = (f"{measured.source.title!r}, column {measured.column}" if measured.source.kind == "table"
                 else f"claim {measured.source.title[:60]!r}")
        how = show(measured.expr)
        if isinstance(measured.expr, Call) and measured.expr.rate:
            rate = book.rates[measured.expr.rate]
            how = f"{how} at {rate.value} {rate.quote} per {rate.base}"
        what = show(measured.expr) if measured.family == "claim" else f"{show(measured.expr)}@{label(measured.period)}"
        diagnostic = compare(CODES[measured.family], what,
                             measured.value, where, computed, how, measured.span, measured.item,
                             label(measured.period))
        if diagnostic is not None:
            found.append(diagnostic)
    return found


def _unchecked(measured, evaluation: Evaluation) -> Diagnostic:
    """A claim no book gives the inputs for is noted, never silently skipped."""
    missing = sorted({f"{i}@{label(p)}" for i, p in evaluation.keys_of(measured.expr, measured.period)
                      if evaluation.value(i, p) is None})
    reason = f"no book gives {', '.join(missing)}" if missing else "it divides by zero"
    return info("claim-unchecked", f"the claim {show(measured.expr)} = {measured.value.text} cannot be checked: "
                f"{reason}", measured.span, "hint: transcribe the figures it depends on, or keep it as a comment",
                item=measured.item, period=label(measured.period))
