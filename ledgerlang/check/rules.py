"""Rules, assertions and quarter sums, checked at every period where their inputs exist."""

from __future__ import annotations

from decimal import Decimal

from ledgerlang.check import show
from ledgerlang.check.mismatch import compare, meets, quotient_inputs, where
from ledgerlang.diagnostic import Diagnostic, error, info, warning
from ledgerlang.evaluate.compute import Computed, Evaluation, best_printing, is_additive
from ledgerlang.evaluate.interval import of_reported
from ledgerlang.evaluate.point import Points, chain_of
from ledgerlang.model.expr import Bin, Neg, Num, Ref, refs, show as show_expr
from ledgerlang.model.period import Duration, Instant, label
from ledgerlang.model.record import evolve

_UNSET = object()


def check(book, evaluation: Evaluation, coverage) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    points = Points(evaluation)
    mark, marked = coverage.mark, coverage.at
    superseded = evaluation.superseded
    names = show.Names(book)  # asked only by a rule that misses
    values_get, marked_get = evaluation.values.get, coverage.marked.get
    for rule in book.rules:
        found.extend(_balance(book, rule))
        code = "total-mismatch" if _is_weighted_sum(rule.expr) else "rule-mismatch"
        how = None
        # What a deciding check marks (coverage): the target and each input, tested inline because
        # nearly every key is marked already and this runs once per rule and period.
        plain, rest = coverage.plan(rule.expr)
        chain = chain_of(rule.expr)  # most rules: their exact test as a loop, not a walk per period
        target = rule.target
        periods = evaluation.reported_periods(target)
        # The rule's periods in the exact tests' context (Points.enter), set once for them: what is
        # not a test (a value worked out, an interval, a message) runs outside it, as before. The
        # rest reads dicts and marks sets, with no Decimal arithmetic.
        try:
            points.enter()
            for period in periods:
                if superseded and on_two_bases(evaluation, rule, period):
                    with points.outside():
                        found.extend(_on_originals(evaluation, rule, period, coverage, code, names))
                    continue
                # `evaluation.value` and `_printed`, inline where the value is there and printed once,
                # as at nearly every period: this runs once per rule and period.
                value = values_get((target, period), _UNSET)
                if value is _UNSET:
                    with points.outside():
                        value = evaluation.value(target, period)
                if value is not None:
                    facts = value.facts
                    printed = (facts[0] if len(facts) == 1 else best_printing(facts)).value
                    exact = (points.meets(rule.expr, period, printed) if chain is None
                             else points.chain_meets(chain, period, printed))
                else:
                    exact = False
                if not exact:
                    with points.outside():
                        computed = evaluation.evaluate(rule.expr, period)
                    if value is None or computed is None:
                        continue  # an input is missing: this check cannot decide
                row = marked_get(period)  # the items marked at the period, as `mark` adds to them
                if row is None:
                    row = marked(period)  # Coverage.at, inline where the period has its set already
                if target not in row:
                    mark((target, period))
                for item in plain:
                    if item not in row:
                        mark((item, period))
                if rest:
                    coverage.mark_parts(rest, period)
                if exact:
                    continue  # the rule's exact value prints as the figure: no interval needed
                with points.outside():
                    how = _interval_path(evaluation, rule, period, value, computed, code, how, names, found)
        finally:
            points.leave()
    for assertion in book.assertions:
        found.extend(_assertion(book, evaluation, assertion, coverage, names))
    found.extend(_quarter_sums(book, evaluation, points, coverage, names))
    return found


def _interval_path(evaluation: Evaluation, rule, period, value, computed: Computed, code: str, how: str | None,
                   names: show.Names, found: list) -> str | None:
    """A rule at a period its exact test did not show to hold: its printed figure against the
    interval of values the expression may take, a diagnostic appended where they do not meet.
    Returns `how`, the rule's expression as a message shows it, made at the first miss."""
    fact = _printed(value)
    if meets(fact.value, computed):
        return how
    how = how or show_expr(rule.expr)
    diagnostic = compare(code, f"{rule.target}@{label(period)}", fact.value, where(fact), computed,
                         how, fact.span, rule.target, label(period),
                         (f"note: the rule is declared at {rule.span}",), negated=fact.negated,
                         unit=names.of_item(rule.target),
                         inputs=quotient_inputs(evaluation, rule.expr, period, names))
    if diagnostic is not None:
        if code == "total-mismatch":
            diagnostic = _flipped_term(evaluation, rule, period, fact, computed, diagnostic)
        found.append(diagnostic)
    return how


def _flipped_term(evaluation: Evaluation, rule, period, fact, computed, diagnostic: Diagnostic) -> Diagnostic:
    """A total that holds once a subtracted term printed negative is taken as positive gets a hint
    saying so: a cost printed in parentheses (`cost (120)`) under a rule `gp = rev - cost` reads as
    -120, and the table's sign convention, not a figure, is what the row should say (`-cost`).
    (Only a subtracted negative: a figure whose sign is simply wrong is the culprit's to name.)"""
    terms: list[tuple[int, Ref]] = []
    _terms(rule.expr, 1, terms, products=False)
    printed = of_reported(fact.value)
    for sign, ref in terms:
        value = evaluation.value(ref.item, period) if ref.anchor is None else None
        if sign > 0 or value is None or value.origin != "reported" or value.point >= 0:
            continue
        flipped = computed.interval - value.interval.scale(Decimal(2 * sign))
        if printed.disjoint(flipped):
            continue
        shown = best_printing(value.facts)
        hint = (f"hint: the rule holds with {ref.item}@{label(period)}'s sign flipped (printed "
                f"{shown.value.text} at {shown.span}): if the table prints {ref.item} as a negative (a cost in "
                f"parentheses) where the rule subtracts it, write its row -{ref.item}")
        return evolve(diagnostic, notes=diagnostic.notes + (hint,))
    return diagnostic


def on_two_bases(evaluation: Evaluation, rule, period) -> bool:
    """Whether a rule at a period would weigh a restated figure against figures printed only on
    the original basis (a total restated under IFRS, its parts only in last year's US GAAP
    release): those do not add up on any one basis, and the rule is checked on the originals."""
    return _two_bases(evaluation, [(rule.target, period), *evaluation.keys_of(rule.expr, period)])


def quarters_on_two_bases(evaluation: Evaluation, item: str, period) -> bool:
    """`on_two_bases` for a year (half, nine months) and its quarters."""
    return _two_bases(evaluation, [(item, period), *((item, q) for q in evaluation.quarters_of(period))])


def _two_bases(evaluation: Evaluation, keys) -> bool:
    superseded, values = evaluation.superseded, evaluation.values
    if not any(key in superseded for key in keys):
        return False
    for key in keys:
        value = values.get(key)
        if value is None or not value.facts or not all(f.source.restated for f in value.facts):
            return True  # a figure printed only as originally (or derived): not the restated basis
    return False  # every figure restated: checked on the restated basis, as any rule is


def _use_originals(evaluation: Evaluation, keys) -> dict:
    """The originals of the restated figures among `keys` put in their values; returns what to put back."""
    from ledgerlang.evaluate.compute import _from_facts

    values, restore = evaluation.values, {}
    for key in keys:
        old = evaluation.superseded.get(key)
        if old and key not in restore:
            restore[key] = values.get(key)
            values[key] = _from_facts(old)
    return restore


def _put_back(evaluation: Evaluation, restore: dict) -> None:
    """Undo `_use_originals`: each value as it was, and a key that had none without one again
    (never a None in `values`, which every reader of the evaluation iterates)."""
    for key, value in restore.items():
        if value is None:
            evaluation.values.pop(key, None)
        else:
            evaluation.values[key] = value


ORIGINALS = "note: checked on the figures as first printed, as some of them are restated"


def _on_originals(evaluation: Evaluation, rule, period, coverage, code: str, names: show.Names) -> list[Diagnostic]:
    """A rule on two bases (`on_two_bases`), checked with the originals of its restated figures."""
    restore = _use_originals(evaluation, [(rule.target, period), *evaluation.keys_of(rule.expr, period)])
    try:
        value = evaluation.value(rule.target, period)
        computed = evaluation.evaluate(rule.expr, period)
        if value is None or computed is None:
            return []
        coverage.mark((rule.target, period))
        coverage.mark_expr(rule.expr, period)
        fact = _printed(value)
        if meets(fact.value, computed):
            return []
        diagnostic = compare(code, f"{rule.target}@{label(period)}", fact.value, where(fact), computed,
                             show_expr(rule.expr), fact.span, rule.target, label(period),
                             (f"note: the rule is declared at {rule.span}", ORIGINALS),
                             negated=fact.negated, unit=names.of_item(rule.target),
                             inputs=quotient_inputs(evaluation, rule.expr, period, names))
        return [] if diagnostic is None else [diagnostic]
    finally:
        _put_back(evaluation, restore)


def _printed(value):
    """The figure a rule is checked against: the most precise one printed."""
    return best_printing(value.facts)


def is_weighted_sum(expr) -> bool:
    """A total or a difference (terms with constant weights): a miss is in the total or one term."""
    return _is_weighted_sum(expr)


def _is_weighted_sum(expr) -> bool:
    if isinstance(expr, Ref):
        return True
    if isinstance(expr, Neg):
        return _is_weighted_sum(expr.operand)
    if isinstance(expr, Bin):
        if expr.op in "+-":
            return _is_weighted_sum(expr.left) and _is_weighted_sum(expr.right)
        if expr.op == "*":
            return (isinstance(expr.left, Num) and _is_weighted_sum(expr.right)) or (
                isinstance(expr.right, Num) and _is_weighted_sum(expr.left))
    return False


def _balance(book, rule) -> list[Diagnostic]:
    """XBRL-style balance check: a credit item added into a debit total (or back) is suspect."""
    target = book.items.get(rule.target)
    if target is None or target.balance is None or not _is_weighted_sum(rule.expr):
        return []
    terms: list[tuple[int, Ref]] = []
    _terms(rule.expr, 1, terms)
    balances = [book.items[r.item].balance for _, r in terms if r.item in book.items]
    if target.balance not in balances:
        return []  # assets = liabilities + equity balances two sides; it does not roll one up
    found = []
    for sign, ref in terms:
        item = book.items.get(ref.item)
        if item is None or item.balance is None:
            continue
        expected = 1 if item.balance == target.balance else -1
        if sign != expected:
            found.append(warning(
                "balance-weight", f"{ref.item} ({item.balance}) is {'added to' if sign > 0 else 'subtracted from'} "
                f"{rule.target} ({target.balance})", ref.span,
                f"hint: a {item.balance} item {'subtracts from' if expected < 0 else 'adds to'} a "
                f"{target.balance} total; check the sign in the rule or the item's balance",
                item=rule.target))
    return found


def _terms(expr, sign: int, out, products: bool = True) -> None:
    """The (sign, reference) of each term of a weighted sum; without `products`, only those of
    weight 1 (a term times a constant is left out)."""
    if isinstance(expr, Ref):
        out.append((sign, expr))
    elif isinstance(expr, Neg):
        _terms(expr.operand, -sign, out, products)
    elif isinstance(expr, Bin) and expr.op in "+-":
        _terms(expr.left, sign, out, products)
        _terms(expr.right, sign if expr.op == "+" else -sign, out, products)
    elif products and isinstance(expr, Bin) and expr.op == "*":
        number = expr.left if isinstance(expr.left, Num) else expr.right
        other = expr.right if number is expr.left else expr.left
        _terms(other, sign if number.value >= 0 else -sign, out)


def _assertion(book, evaluation: Evaluation, assertion, coverage, names: show.Names) -> list[Diagnostic]:
    periods = set()
    for ref in refs(assertion.left):
        if ref.anchor is None:
            periods.update(evaluation.reported_periods(ref.item))
    if not periods:
        # Every reference names its period (rev@1Q03 > 10 billion): one check is enough.
        fixed = [r.anchor for side in (assertion.left, assertion.right) for r in refs(side)
                 if isinstance(r.anchor, (Duration, Instant))]
        periods.update(fixed[:1])
    found = []
    decided = False
    ordered = sorted(periods, key=lambda p: (p.is_instant, label(p)))
    for period in ordered:
        left = evaluation.evaluate(assertion.left, period)
        right = evaluation.evaluate(assertion.right, period)
        if left is None or right is None or left.interval is None or right.interval is None:
            continue
        decided = True
        coverage.mark_expr(assertion.left, period)
        coverage.mark_expr(assertion.right, period)
        if _holds(assertion.op, left.interval, right.interval):
            continue
        miss = left.interval.distance(right.interval)
        scale = _scale_of(evaluation, assertion, period)
        places = 1 if scale >= 0 else 2
        # Each side in its own unit: a side in another currency than the other is what the assertion caught.
        unit, other = names.of_expr(assertion.left), names.of_expr(assertion.right)
        found.append(error(
            "assertion-failed", f"{assertion.name} fails at {label(period)}: {show_expr(assertion.left)} is "
            f"{show.amount(left.point, scale, places, unit=unit)} but {show_expr(assertion.right)} is "
            f"{show.amount(right.point, scale, places, unit=other)}", assertion.span,
            f"left: any value in {show.interval(left.interval, scale, places + 1, unit)}",
            f"right: any value in {show.interval(right.interval, scale, places + 1, other)}",
            f"miss: {show.amount(miss, scale, places + 1, unit=unit)} beyond what rounding allows",
            item=next((r.item for r in refs(assertion.left)), None), period=label(period)))
    if not decided:
        found.append(_never_checked(evaluation, assertion, ordered))
    return found


def _never_checked(evaluation: Evaluation, assertion, periods: list) -> Diagnostic:
    """An assertion that none of the `periods` it was tried at (in order) could decide: a check
    that checks nothing, said so with what it waits for, not left to pass in silence."""
    left = sorted({r.item for r in refs(assertion.left) if r.anchor is None})
    if not periods:
        why = (f"no table prints {' or '.join(left) or 'its left side'}, and an assertion is checked at the "
               "periods a table prints the items on its left")
    else:
        missing = sorted({r.item for side in (assertion.left, assertion.right) for r in refs(side)
                          if evaluation.evaluate(r, periods[0]) is None})
        at = ", ".join(label(p) for p in periods[:3])
        why = (f"at the periods its left side is printed ({at}{', ...' if len(periods) > 3 else ''}), "
               f"{', '.join(missing) or 'a side'} {'has' if len(missing) < 2 else 'have'} no value")
    return info("assertion-unchecked", f"assert {assertion.name} is never checked: {why}", assertion.span,
                "hint: transcribe the figures it compares, or remove it", item=next(iter(left), None))


def _holds(op: str, left, right) -> bool:
    """Some values inside both intervals satisfy the comparison."""
    if op == "=":
        return not left.disjoint(right)
    if op in ("<", "<="):
        return left.lo < right.hi or (op == "<=" and left.lo == right.hi and not (left.lo_open or right.hi_open))
    return left.hi > right.lo or (op == ">=" and left.hi == right.lo and not (left.hi_open or right.lo_open))


def _scale_of(evaluation: Evaluation, assertion, period) -> int:
    for ref in refs(assertion.left):
        value = evaluation.values.get((ref.item, evaluation.at(ref, period)))
        if value is not None and value.facts:
            return value.facts[0].value.scale
    return 0


def _quarter_sums(book, evaluation: Evaluation, points: Points, coverage, names: show.Names) -> list[Diagnostic]:
    """A flow reported for a year (or half, or nine months) must be the sum of its quarters."""
    found = []
    additive = {item_id: is_additive(item) for item_id, item in book.items.items()}
    superseded = evaluation.superseded
    try:
        points.enter()  # the sums' exact tests' context, set once for them as in `check`
        for (item_id, period), facts in evaluation.table_facts.items():
            if not additive.get(item_id) or not isinstance(period, Duration) or period.quarters == 1:
                continue
            if superseded and quarters_on_two_bases(evaluation, item_id, period):
                keys = [(item_id, period), *((item_id, q) for q in evaluation.quarters_of(period))]
                with points.outside():
                    restore = _use_originals(evaluation, keys)
                    try:
                        diagnostic = _quarter_sum(evaluation, Points(evaluation), coverage, item_id, period,
                                                  (ORIGINALS,), names)
                    finally:
                        _put_back(evaluation, restore)
            else:
                diagnostic = _quarter_sum(evaluation, points, coverage, item_id, period, (), names)
            if diagnostic is not None:
                found.append(diagnostic)
    finally:
        points.leave()
    return found


def _quarter_sum(evaluation: Evaluation, points: Points, coverage, item_id: str, period, notes: tuple,
                 names: show.Names):
    parts_of = evaluation.quarters_of(period)
    # Each quarter's value, as `evaluation.value` gives it, asked only where the values have none;
    # all of them before any is judged, as a value asked for may be derived and kept.
    values = evaluation.values
    parts = []
    for q in parts_of:
        part = values.get((item_id, q), _UNSET)
        if part is _UNSET:
            with points.outside():  # a value worked out: the caller's context, in a window (`_quarter_sums`)
                part = evaluation.value(item_id, q)
        parts.append(part)
    for part in parts:
        # A printed figure always has an interval; asking would build it.
        if part is None or (part.origin != "reported" and part.interval is None):
            return None
    value = values.get((item_id, period), _UNSET)  # a table's figure: there already, as `evaluation.value` reads it
    if value is _UNSET:
        with points.outside():
            value = evaluation.value(item_id, period)
    fact = best_printing(value.facts)  # _printed's figure
    # What the sum marks, tested against the marked items of each period inline (`Coverage.at`
    # without its call): mark makes a period's set where it has none.
    marked = coverage.marked
    row = marked.get(period)
    if row is None or item_id not in row:
        coverage.mark((item_id, period))
    for q in parts_of:
        row = marked.get(q)
        if row is None or item_id not in row:
            coverage.mark((item_id, q))
    if points.sum_meets(item_id, parts_of, parts, fact.value):
        return None  # the exact sum of the quarters prints as the figure
    with points.outside():
        point, interval = parts[0].point, parts[0].interval
        for part in parts[1:]:
            point, interval = point + part.point, interval + part.interval
        return compare("period-sum-mismatch", f"{item_id}@{label(period)}", fact.value, where(fact),
                       Computed(point, interval), " + ".join(f"{item_id}@{label(q)}" for q in parts_of),
                       fact.span, item_id, label(period), notes, unit=names.of_item(item_id))
