"""Guidance against actuals: below, within or above the range stated when it was given.

What a guidance line means (README "How guidance is checked"):

- `expr ~ 10%`, `expr ~ 150 JPY billions`: about that figure, as precise as it
  is printed (10% is any value in [9.5%, 10.5%]);
- `expr in 12.5 .. 13.0 JPY billions`: between the two bounds, which are exact;
- `expr > figure`, `>=`, `<`, `<=`: a bound, exact;
- `expr > other`, `expr ~ 2 * other`: against another figure of the ledger
  (scaled by an exact factor).

Each line gets a verdict once its actual is in the ledger (`guidance-below`,
`-within`, `-above`, `-met`, `-missed`) and is `guidance-pending` until then.
A growth (`yoy%(rev@FY2014) ~ 7.6%`) does not wait for the year: as soon as
the prior year's actual is in the ledger the pending note gives the amount it
implies, and a target for the same item, period and date (`rev@FY2014 ~ 150
JPY billions`) is checked against it: a target of 150 billion "up 9.0%" over
an actual of 140.0 billion is a `guidance-mismatch` (150 / 140 is +7.1%).
"""

from __future__ import annotations

from decimal import Decimal

from ledgerlang.check import show
from ledgerlang.check.measures import _figure as figure_text
from ledgerlang.diagnostic import Diagnostic, Figures, error, info
from ledgerlang.evaluate.compute import Evaluation, _change_offset, best_printing
from ledgerlang.evaluate.interval import Interval, of_reported
from ledgerlang.model.expr import Call, Ref, refs, show as show_expr
from ledgerlang.model.period import label

SCALE_NAMES = {3: "thousands", 6: "millions", 9: "billions"}
_ONE = Interval.point(Decimal(1))


def check(book, evaluation: Evaluation, coverage=None) -> list[Diagnostic]:
    found = []
    names = show.Names(book)
    implied = {}  # growth guidance -> notes on what it implies, once its prior actual is known
    for growth, prior_key, prior, target in _growths(book, evaluation):
        notes, mismatch = _against_target(book, evaluation, growth, prior_key, prior, target, names)
        implied[id(growth)] = notes
        if target is not None and coverage is not None:
            coverage.mark(prior_key)  # the prior actual took part in a check that decides
        if mismatch is not None:
            found.append(mismatch)
    for g in book.guidance:
        what = f"{show_expr(g.expr)}"
        actual = evaluation.evaluate(g.expr, g.period)
        stated = _stated(g, book)
        if actual is None or actual.interval is None:
            found.append(info("guidance-pending", f"guidance of {g.given} for {what} has no actual yet", g.span,
                              f"guidance: {stated}", *implied.get(id(g), ()), item=_item(g),
                              period=label(g.period)))
            continue
        verdict = _verdict(g, actual.interval, evaluation)
        bound = g.high or g.low
        if bound is not None and bound.value == 0 and bound.scale == 0:
            bound = None  # `> 0` says no scale: the actual is shown as its figures print it (-567 million)
        scale = bound.scale if bound else _scale_of(g, evaluation)
        places = show.places_for(bound.exponent, scale, 2) if bound else (1 if scale != 0 else 2)
        # an actual far below the bound's scale is shown to its digits: 5 million is 0.005 billion, not 0.00
        places = show.nonzero_places(actual.point, scale, places)
        # A dividend's actual in JPY/shares, as its stated bound says it: "is 22.00", of a bound of
        # "22.00 JPY/shares", read as a bare number.
        said = show.amount(actual.point, scale, places, unit=names.of_expr(g.expr))
        if verdict == "pending":  # the actual is in, the figure it is compared with is not
            found.append(info("guidance-pending", f"{what} is {said}, but "
                              f"{show_expr(g.rhs)} has no actual yet: the guidance of {g.given} ({stated}) waits "
                              "for it", g.span, f"guidance: {g.text}", item=_item(g), period=label(g.period)))
            continue
        doubt = ", but only within rounding: the figures allow values on either side of the bound" \
            if verdict == "met" and not _surely_met(g, actual.interval, evaluation) else ""
        found.append(info(f"guidance-{verdict}", f"{what} is {said}: "
                          f"{verdict} the guidance of {g.given} ({stated}){doubt}", g.span,
                          f"guidance: {g.text}", item=_item(g), period=label(g.period)))
    return found


def _growths(book, evaluation: Evaluation):
    """Each growth guidance whose prior actual is in the ledger, with the target it states beside it."""
    targets = {}
    for g in book.guidance:
        if isinstance(g.expr, Ref) and g.rhs is None and g.op in ("~", "in"):
            targets.setdefault((g.given, g.expr.item, g.period), g)
    for g in book.guidance:
        e = g.expr
        if not (isinstance(e, Call) and e.function in ("yoy%", "qoq%") and len(e.args) == 1
                and isinstance(e.args[0], Ref)) or g.rhs is not None or g.op not in ("~", "in"):
            continue
        ref = e.args[0]
        prior_period = evaluation.at(ref, g.period, _change_offset(e.function, g.period))
        prior = evaluation.value(ref.item, prior_period)
        if prior is None or prior.interval is None:
            continue
        yield g, (ref.item, prior_period), prior, targets.get((g.given, ref.item, g.period))


def _against_target(book, evaluation, growth, prior_key, prior, target,
                    names: show.Names) -> tuple[list[str], Diagnostic | None]:
    """The amount a growth implies over the prior actual; a mismatch when the stated target disagrees."""
    item, prior_period = prior_key
    unit = names.of_item(item)
    prior_figure = (figure_text(evaluation, Ref(item, prior_period), prior_period, 0, names)
                    or show.amount(prior.point, 0, 2, unit=unit))
    rate = _interval(growth)
    scale = max((f.value.scale for f in prior.facts), default=target.low.scale if target else 0)
    places = 1 if scale > 0 else 2
    prior_text = f"{show.amount(prior.point, scale, places, unit=unit)}, the actual of {item}@{label(prior_period)}"
    amount = prior.interval * (rate + _ONE)
    point = prior.point * (_point(growth) + 1)
    notes = [f"implies {item}@{label(growth.period)} of {show.amount(point, scale, places, unit=unit)} "
             f"(any value in {show.interval(amount, scale, places, unit)}): {_stated(growth, book)} over {prior_text}"]
    if target is None:
        return notes, None
    wanted = _interval(target)
    stated_target = _stated(target, book).removeprefix("~ ")
    target_text = f"{stated_target} at line {target.span.line}" if target.span else stated_target
    given = wanted / prior.interval
    if given is None:
        return notes, None
    given = given - _ONE
    if not given.disjoint(rate):
        return notes + [f"agrees with the target {target_text} within rounding"], None
    miss = given.distance(rate)
    computed_point = _point(target) / prior.point - 1
    at = f" (line {target.span.line})" if target.span else ""
    message = (f"{show_expr(growth.expr)} is guided as {_stated(growth, book).removeprefix('~ ')} but the target "
               f"{stated_target}{at} over {prior_figure}, the actual of {item}@{label(prior_period)}, gives "
               f"{show.amount(computed_point, -2, 2)}; off by at least {show.at_least(miss, -2, 2)}")
    lines = [f"guidance: {growth.text}",
             f"target: {target_text} ({target.text})",
             f"computed: {show.amount(computed_point, -2, 3)} from the target over the prior actual, any value in "
             f"{show.interval(given, -2, 3)}",
             f"stated: any value in {show.interval(rate, -2, 3)}",
             f"miss: {show.amount(miss, -2, 3)} beyond what rounding allows",
             _scale_hint(given, rate, prior, target, item, prior_period) or
             "hint: the source's target and its growth disagree: check both against the source; if it prints "
             "them so, accept this with the reason"]
    figures = Figures(growth.low.text, _point(growth), rate, computed_point, given, miss, -2)
    return notes, error("guidance-mismatch", message, growth.span, *lines, item=item,
                        period=label(growth.period), figures=figures)


def _scale_hint(given: Interval, rate: Interval, prior, target, item: str, prior_period) -> str | None:
    """Where the target and its growth agree once the prior actual or the target is read at another
    scale (a prior year written `106,248 JPY thousands` for millions): that is the slip to look for,
    not a source whose target and growth disagree. The figures cannot tell which of the two it is."""
    best = best_printing(prior.facts) if prior.facts else None
    if best is None:
        return None
    for shift in (3, 6, 9, -3, -6, -9):
        # target / prior read 10**shift smaller: the prior at a scale `shift` higher, or the target `shift` lower
        if rate.disjoint((given + _ONE).scale(Decimal(1).scaleb(-shift)) - _ONE):
            continue
        readings = []
        for text, scale, other, name in (
                (best.value.text, best.value.scale, best.value.scale + shift, f"{item}@{label(prior_period)}'s"),
                (target.low.text, target.low.scale, target.low.scale - shift, "the target")):
            if other in (0, 3, 6, 9):
                readings.append(f"{name} {text}{show.SCALE_WORDS.get(scale, '')} is {text}"
                                f"{show.SCALE_WORDS.get(other, '') or ' in units'}")
        if readings:
            return (f"hint: the target and its growth agree if {' or if '.join(readings)}: one of the two was "
                    "written at the wrong scale; check the scale its table (`in ...`), claim or guidance states")
    return None


def _interval(g) -> Interval:
    """The values a `~` or `in` guidance line stands for."""
    if g.op == "in":
        return Interval(g.low.value, g.high.value)
    return of_reported(g.low)


def _point(g):
    return (g.low.value + g.high.value) / 2 if g.op == "in" else g.low.value


def _scale_of(g, evaluation: Evaluation) -> int:
    for ref in refs(g.expr):
        value = evaluation.value(ref.item, evaluation.at(ref, g.period))
        if value is not None and value.facts:
            return max(f.value.scale for f in value.facts)
    return 0


def _item(g):
    return next((r.item for r in refs(g.expr)), None)


def _unit(g, book, figure) -> str:
    """` JPY millions`, ` accounts`: what a stated figure is in, as the book wrote it."""
    if figure.scale == -2 or figure.text.endswith("%") or isinstance(g.expr, Call):
        return ""
    item = book.items.get(_item(g)) if _item(g) else None
    unit = "" if item is None or item.unit.is_pure else str(item.unit)
    words = " ".join(w for w in (unit, SCALE_NAMES.get(figure.scale, "")) if w)
    return f" {words}" if words else ""


def _stated(g, book=None) -> str:
    if g.op == "in":
        unit = _unit(g, book, g.high) if book is not None else ""
        return f"between {g.low.text} and {g.high.text}{unit}"
    if g.rhs is not None:
        return f"{g.op} {show_expr(g.rhs)}"
    unit = _unit(g, book, g.low) if book is not None else ""
    return f"{g.op} {g.low.text}{unit}"


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


def _surely_met(g, actual: Interval, evaluation: Evaluation) -> bool:
    """Whether every value the actual may take meets a bound (`met` says only that some value does)."""
    bound = of_reported(g.low) if g.rhs is None else evaluation.evaluate(g.rhs, g.period).interval
    if g.op == ">":
        return actual.lo > bound.hi or (actual.lo == bound.hi and (actual.lo_open or bound.hi_open))
    if g.op == ">=":
        return actual.lo >= bound.hi
    if g.op == "<":
        return actual.hi < bound.lo or (actual.hi == bound.lo and (actual.hi_open or bound.lo_open))
    return actual.hi <= bound.lo
