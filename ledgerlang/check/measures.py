"""Printed change %, share % and currency columns, and claims: each is a rule's value, checked."""

from __future__ import annotations

from ledgerlang.check.mismatch import compare, meets
from ledgerlang.diagnostic import Diagnostic
from ledgerlang.evaluate.compute import Evaluation
from ledgerlang.evaluate.point import Points
from ledgerlang.model.expr import Call, show
from ledgerlang.model.period import label

CODES = {"change": "change-mismatch", "share": "share-mismatch", "translation": "translation-mismatch",
         "claim": "claim-mismatch"}


def check(book, evaluation: Evaluation, coverage) -> list[Diagnostic]:
    found = []
    points = Points(evaluation)
    mark_expr = coverage.mark_expr
    for measured in book.measured:
        if points.meets(measured.expr, measured.period, measured.value):
            mark_expr(measured.expr, measured.period)
            continue  # the exact value prints as the figure: no interval needed
        computed = evaluation.evaluate(measured.expr, measured.period)
        if computed is None:
            coverage.undecided.append(measured)  # reported with every other figure no check reached
            continue
        mark_expr(measured.expr, measured.period)
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
