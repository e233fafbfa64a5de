"""Guidance against actuals: below, within or above the range stated when it was given."""

from __future__ import annotations

from ledgerlang.check import show
from ledgerlang.diagnostic import Diagnostic, info
from ledgerlang.evaluate.compute import Evaluation
from ledgerlang.evaluate.interval import Interval, of_reported
from ledgerlang.model.expr import show as show_expr
from ledgerlang.model.period import label


def check(book, evaluation: Evaluation, coverage=None) -> list[Diagnostic]:
    found = []
    for g in book.guidance:
        what = f"{show_expr(g.expr)}"
        actual = evaluation.evaluate(g.expr, g.period)
        stated = _stated(g)
        if actual is None or actual.interval is None:
            found.append(info("guidance-pending", f"guidance of {g.given} for {what} has no actual yet", g.span,
                              f"guidance: {stated}", item=_item(g), period=label(g.period)))
            continue
        verdict = _verdict(g, actual.interval, evaluation)
        bound = g.high or g.low
        scale = bound.scale if bound else _scale_of(g, evaluation)
        places = show.places_for(bound.exponent, scale, 2) if bound else (1 if scale != 0 else 2)
        found.append(info(f"guidance-{verdict}", f"{what} is {show.amount(actual.point, scale, places)}: "
                          f"{verdict} the guidance of {g.given} ({stated})", g.span,
                          f"guidance: {g.text}", item=_item(g), period=label(g.period)))
    return found


def _scale_of(g, evaluation: Evaluation) -> int:
    from ledgerlang.model.expr import refs
    for ref in refs(g.expr):
        value = evaluation.value(ref.item, evaluation.at(ref, g.period))
        if value is not None and value.facts:
            return max(f.value.scale for f in value.facts)
    return 0


def _item(g):
    from ledgerlang.model.expr import refs
    return next((r.item for r in refs(g.expr)), None)


def _stated(g) -> str:
    if g.op == "in":
        return f"between {g.low.text} and {g.high.text}"
    if g.rhs is not None:
        return f"{g.op} {show_expr(g.rhs)}"
    return f"{g.op} {g.low.text}"


def _verdict(g, actual: Interval, evaluation: Evaluation) -> str:
    if g.op == "in":
        low, high = of_reported(g.low), of_reported(g.high)
        if actual.hi < low.lo:
            return "below"
        if actual.lo > high.hi:
            return "above"
        return "within" if not actual.disjoint(Interval(low.lo, high.hi)) else "outside"
    if g.rhs is not None:
        other = evaluation.evaluate(g.rhs, g.period)
        if other is None or other.interval is None:
            return "pending"
        bound = other.interval
    else:
        bound = of_reported(g.low)
    if g.op == "~":
        if actual.hi < bound.lo:
            return "below"
        if actual.lo > bound.hi:
            return "above"
        return "within"
    if g.op in (">", ">="):
        return "met" if actual.hi > bound.lo or (g.op == ">=" and actual.hi >= bound.lo) else "missed"
    return "met" if actual.lo < bound.hi or (g.op == "<=" and actual.lo <= bound.hi) else "missed"
