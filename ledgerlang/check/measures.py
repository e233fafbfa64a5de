"""Printed change %, share % and currency columns, and claims: each is a rule's value, checked."""

from __future__ import annotations

from decimal import Decimal

from ledgerlang.check.mismatch import compare, meets, quotient_inputs, where
from ledgerlang.diagnostic import Diagnostic
from ledgerlang.evaluate.compute import Evaluation
from ledgerlang.evaluate.point import Points
from ledgerlang.check import show as numbers
from ledgerlang.evaluate.compute import _change_offset, best_printing
from ledgerlang.evaluate.interval import Interval, of_reported
from ledgerlang.model.expr import Call, Ref, show
from ledgerlang.model.period import label

CODES = {"change": "change-mismatch", "share": "share-mismatch", "translation": "translation-mismatch",
         "claim": "claim-mismatch"}


def check(book, evaluation: Evaluation, coverage) -> list[Diagnostic]:
    found = []
    points = Points(evaluation)
    superseded = evaluation.superseded
    names = numbers.Names(book)  # asked only by a measure that misses
    # The measures in the exact tests' context (Points.enter), set once for them all: what is not a
    # test runs outside it (`check_one`), as before.
    try:
        points.enter()
        for measured in book.measured:
            if superseded and not measured.source.restated:
                with points.outside():
                    restore = _as_printed_there(evaluation, measured)
                    if restore:
                        try:
                            found.extend(check_one(book, evaluation, Points(evaluation), coverage, measured, names))
                        finally:
                            evaluation.values.update(restore)
                if restore:
                    continue
            found.extend(check_one(book, evaluation, points, coverage, measured, names))
    finally:
        points.leave()
    return found


def _as_printed_there(evaluation: Evaluation, measured) -> dict:
    """A measure printed beside the original of a restated figure is computed from that original:
    the document's own figures. Returns the values to put back."""
    from ledgerlang.evaluate.compute import _from_facts

    restore = {}
    for key in evaluation.keys_of(measured.expr, measured.period):
        old = evaluation.superseded.get(key)
        if old and key not in restore and any(f.source.path == measured.source.path for f in old):
            restore[key] = evaluation.values.get(key)
            evaluation.values[key] = _from_facts(old)
    return restore


def check_one(book, evaluation: Evaluation, points, coverage, measured, names=None) -> list[Diagnostic]:
    """One printed measure against its inputs; marks what it decides. `names`: the book's
    show.Names, which a message that misses asks how to name its amounts' units. In a window of
    `points` (Points.enter) or not: what is not its exact test runs outside it."""
    expr = measured.expr
    if (points.call_meets(expr, measured.period, measured.value) if type(expr) is Call
            else points.meets(expr, measured.period, measured.value)):
        coverage.mark_expr(measured.expr, measured.period)  # keys and sets: no Decimal arithmetic
        return []  # the exact value prints as the figure: no interval needed
    with points.outside():
        return _interval_path(book, evaluation, coverage, measured, names)


def _interval_path(book, evaluation: Evaluation, coverage, measured, names) -> list[Diagnostic]:
    """`check_one` for a measure its exact test did not show to hold: its printed figure against
    the interval of values its expression may take."""
    found = []
    computed = evaluation.evaluate(measured.expr, measured.period)
    if computed is None:
        coverage.undecided.append(measured)  # reported with every other figure no check reached
        return found
    coverage.mark_expr(measured.expr, measured.period)
    if meets(measured.value, computed):
        return found
    place = where(measured)
    names = names or numbers.Names(book)
    how = inputs(book, evaluation, measured.expr, measured.period, names)
    what = show(measured.expr) if measured.family == "claim" else f"{show(measured.expr)}@{label(measured.period)}"
    diagnostic = compare(CODES[measured.family], what,
                         measured.value, place, computed, how, measured.span, measured.item,
                         label(measured.period),
                         _copied(evaluation, measured.expr, measured.period, names)
                         or _scaled(evaluation, measured, computed, names)
                         or _untranslated(evaluation, measured, computed, names),
                         unit=names.of_expr(measured.expr),
                         inputs=quotient_inputs(evaluation, measured.expr, measured.period, names))
    if diagnostic is not None:
        found.append(diagnostic)
    return found


def inputs(book, evaluation: Evaluation, expr, period, names: numbers.Names | None = None) -> str:
    """What a measure is computed from, by its inputs' figures: "2,000 million (b.iij:13) over 2,300
    million (b.iij:12)" for a change, "... of ..." for a share, "... at 119.87 JPY per USD" for a
    translation; the expression itself where its arguments are not plain items. Each figure names
    its unit where that is not the book's main currency (`names`)."""
    if isinstance(expr, Call) and all(isinstance(a, Ref) for a in expr.args):
        args = expr.args
        if expr.function in ("yoy%", "qoq%"):
            now = _figure(evaluation, args[0], period, 0, names)
            prior = _figure(evaluation, args[0], period, _change_offset(expr.function, period), names)
            if now and prior:
                return f"{now} over {prior}"
        elif expr.function == "share%":
            part, total = _figure(evaluation, args[0], period, 0, names), _figure(evaluation, args[1], period, 0, names)
            if part and total:
                return f"{part} of {total}"
        elif expr.rate:
            rate = book.rates[expr.rate]
            amount = _figure(evaluation, args[0], period, 0, names, always=True)
            return f"{amount or show(expr)} at {rate.value} {rate.quote} per {rate.base}"
    return show(expr)


def _copied(evaluation: Evaluation, expr, period, names: numbers.Names) -> tuple[str, ...]:
    """A hint where a change is computed from two periods printed as the same figure (7,753 over
    7,753): a figure typed from the column or the release of the period before does that, and the
    culprit notes, which count last digits moved, may name the percentage first."""
    if not (isinstance(expr, Call) and expr.function in ("yoy%", "qoq%") and len(expr.args) == 1
            and isinstance(expr.args[0], Ref)):
        return ()
    ref = expr.args[0]
    keys = [(ref.item, evaluation.at(ref, period, offset))
            for offset in (0, _change_offset(expr.function, period))]
    values = [evaluation.value(*key) for key in keys]
    if any(v is None or not v.facts for v in values):
        return ()
    now, prior = (best_printing(v.facts).value for v in values)
    if now.value != prior.value or now.value == 0:
        return ()
    said = names.of_item(ref.item)(f"{now.text}{numbers.SCALE_WORDS.get(now.scale, '')}")
    return (f"hint: {keys[0][0]}@{label(keys[0][1])} is printed as {said}, "
            f"the same figure as {keys[1][0]}@{label(keys[1][1])}: check that it was not copied from the period "
            "before",)


def _scaled(evaluation: Evaluation, measured, computed, names: numbers.Names) -> tuple[str, ...]:
    """A hint where a change matches once one of its two figures is read at another scale: a prior
    year's revenue written `106,248 JPY thousands` for millions gives a growth of 107,452%, which
    no culprit puts right by a digit. Which of the two is at the wrong scale the figures cannot
    tell; the hint names both readings."""
    expr, period = measured.expr, measured.period
    if not (isinstance(expr, Call) and expr.function in ("yoy%", "qoq%") and isinstance(expr.args[0], Ref)
            and computed.interval is not None):
        return ()
    ref = expr.args[0]
    keys = [(ref.item, evaluation.at(ref, period, offset)) for offset in (0, _change_offset(expr.function, period))]
    values = [evaluation.value(*key) for key in keys]
    if any(v is None or not v.facts for v in values):
        return ()
    now, prior = (best_printing(v.facts) for v in values)
    printed, one = of_reported(measured.value), Interval.point(Decimal(1))
    for shift in (3, 6, 9, -3, -6, -9):
        # now / prior read 10**shift smaller: now at a scale `shift` lower, or prior at one `shift` higher
        if printed.disjoint((computed.interval + one).scale(Decimal(1).scaleb(-shift)) - one):
            continue
        readings = []
        for fact, other in ((prior, prior.value.scale + shift), (now, now.value.scale - shift)):
            if other in (0, 3, 6, 9):
                name = f"{fact.item}@{label(fact.period)}"
                said = names.of_item(fact.item)
                readings.append(f"{name}'s {said(fact.value.text + numbers.SCALE_WORDS.get(fact.value.scale, ''))} "
                                f"is {said(fact.value.text + numbers.SCALE_WORDS.get(other, ''))}"
                                f"{'' if other else ' in units'}")
        if readings:
            return (f"hint: the change matches if {' or if '.join(readings)}: one of the two was written at the "
                    "wrong scale; check the scale its table (`in ...`) or claim states",)
    return ()


def _untranslated(evaluation: Evaluation, measured, computed, names: numbers.Names) -> tuple[str, ...]:
    """A hint where a currency column prints the very figure it translates: the yen figure typed
    into the dollar column, which the translation then misses by the whole rate."""
    expr = measured.expr
    if measured.family != "translation" or not isinstance(expr.args[0], Ref):
        return ()
    value = evaluation.value(expr.args[0].item, measured.period)
    if value is None or not value.facts:
        return ()
    source = best_printing(value.facts)
    if source.value.value != measured.value.value or source.value.value == 0:
        return ()
    scale = measured.value.scale
    meant = numbers.number(computed.point, scale, numbers.places_for(measured.value.exponent, scale))
    untranslated = names.of_item(source.item, always=True)(source.value.text + numbers.SCALE_WORDS.get(
        source.value.scale, ""))
    return (f"hint: {measured.value.text} is the figure it translates ({untranslated} in {where(source)}), "
            f"untranslated: if it was typed from that column, the {measured.column} column prints {meant}",)


def _figure(evaluation: Evaluation, ref: Ref, period, offset: int, names: numbers.Names | None = None,
            always: bool = False) -> str | None:
    """One input as the reader finds it: its printed text and where, or its derived value and how;
    with its unit where `names` says it is not the book's main currency, or `always` (a
    translation's input, set beside the currency it is translated into)."""
    key = (ref.item, evaluation.at(ref, period, offset))
    value = evaluation.value(*key)
    if value is None:
        return None
    unit = names.of_item(ref.item, always) if names is not None else numbers.MAIN
    if value.facts:
        best = best_printing(value.facts)
        line = f" ({best.span.path.replace(chr(92), '/').rsplit('/', 1)[-1]}:{best.span.line})" if best.span else ""
        scale = best.value.scale
        if best.negated:  # printed as the item's negative: show the item's value
            text = numbers.number(best.value.value, scale, numbers.places_for(best.value.exponent, scale))
        else:
            text = best.value.text
        words = ("" if "%" in text else "%") if scale == -2 else numbers.SCALE_WORDS.get(scale, "")
        return f"{unit(text + words)}{line}"
    scale = _scale_near(evaluation, value, key)
    how = show(value.rule.expr) if value.rule is not None else "its quarters"
    return f"{numbers.amount(value.point, scale, 1 if scale else 2, unit=unit)} ({key[0]}@{label(key[1])} from {how})"


def _scale_near(evaluation: Evaluation, value, key) -> int:
    """The presentation of a derived value: that of the printed figures it is derived from."""
    if value.rule is None:
        parts = [evaluation.values.get((key[0], q)) for q in evaluation.quarters_of(key[1])]
    else:
        parts = [evaluation.values.get(k) for k in evaluation.keys_of(value.rule.expr, key[1])]
    return max((f.value.scale for p in parts if p is not None for f in p.facts), default=0)
