"""Exact point values: the cheap first test of a check, before any interval is built.

A check asks whether a printed figure's interval P meets the interval of
values an expression may take (DESIGN: a rule is violated only when no values
inside the intervals satisfy it). The expression's exact value at its inputs'
reported points lies inside its interval whenever every input point lies
inside its own interval (interval arithmetic is sound); if that value also lies
in P, the two meet and nothing more is needed. Nearly every figure of a book
passes this way, so intervals are only built for the few that do not.

The value is a fraction num/den of Decimals: a quotient is never rounded, and
P's test is a cross-multiplication, so the test is exact. Sums and products
run in the evaluator's 40-digit context with Inexact trapped, so they equal
the evaluator's points digit for digit; a divisor must be such a point, so
"divides by zero" means here what it means there. Anything else (a missing
input, a zero or fractional divisor, a reported point outside the interval
its figures leave, a result that needs more digits) answers None: the caller
takes the interval path, whose verdict is the definition.
"""

from __future__ import annotations

from decimal import Context, Decimal, Inexact, Rounded

from ledgerlang.model.expr import Bin, Call, Neg, Num, Ref
from ledgerlang.model.fact import Reported

_SAME = Context(prec=40, traps=[Inexact, Rounded])  # the evaluator's _POINT, refusing to round
_NEGATE = Context(prec=28, traps=[Inexact, Rounded])  # the default context's unary minus
_WIDE = Context(prec=400, traps=[Inexact, Rounded])  # cross-products of 40-digit terms
ONE = _ONE = Decimal(1)  # the den of a point no division went into
_UNSET = object()

Fraction = tuple[Decimal, Decimal]  # (num, den), den > 0


class Points:
    """Exact points of expressions over one evaluation; derived values' points memoized."""

    def __init__(self, evaluation) -> None:
        self.evaluation = evaluation
        self.exact: dict = {}  # key -> Fraction | None, for values that are not printed figures

    def meets(self, expr, period, reported: Reported) -> bool:
        """True when the expression's exact value at its reported points prints as `reported`.

        False means "not shown here", never "violated": the interval path decides.
        """
        try:
            found = self.of(expr, period, 0, False)
            return found is not None and _inside(reported, *found)
        except ArithmeticError:
            return False

    def sum_meets(self, item: str, quarters, parts, reported: Reported) -> bool:
        """True when the exact sum of the quarters' points prints as `reported` (a year's figure)."""
        try:
            total = None
            for quarter, part in zip(quarters, parts):
                found = self.of_value((item, quarter), part)
                if found is None:
                    return False
                total = found if total is None else _binary("+", total, found)
            return total is not None and _inside(reported, *total)
        except ArithmeticError:
            return False

    def of(self, expr, period, offset: int, lookup_only: bool) -> Fraction | None:
        evaluation = self.evaluation
        if isinstance(expr, Ref):
            key = (expr.item, evaluation.at(expr, period, offset))
            value = evaluation.values.get(key, _UNSET)
            if value is _UNSET:
                value = None if lookup_only else evaluation.value(*key)
            return None if value is None else self.of_value(key, value)
        if isinstance(expr, Bin):
            left = self.of(expr.left, period, offset, lookup_only)
            if left is None:
                return None
            right = self.of(expr.right, period, offset, lookup_only)
            return None if right is None else _binary(expr.op, left, right)
        if isinstance(expr, Num):
            return (expr.value, _ONE)
        if isinstance(expr, Neg):
            inner = self.of(expr.operand, period, offset, lookup_only)
            if inner is None:
                return None
            # The evaluator negates in the default context (28 digits): an undivided point only
            # where that is exact, so that its zeros stay the evaluator's.
            return (_NEGATE.minus(inner[0]), _ONE) if inner[1] is _ONE else (_SAME.minus(inner[0]), inner[1])
        return self._call(expr, period, offset, lookup_only)

    def _call(self, call: Call, period, offset: int, lookup_only: bool) -> Fraction | None:
        from ledgerlang.evaluate.compute import _change_offset

        args = []
        for arg in call.args:
            found = self.of(arg, period, offset, lookup_only)
            if found is None:
                return None
            args.append(found)
        back = _change_offset(call.function, period)
        if back:
            prior = self.of(call.args[0], period, offset + back, lookup_only)
            if prior is None:
                return None
            ratio = _binary("/", args[0], prior)
            return None if ratio is None else _binary("-", ratio, (_ONE, _ONE))
        if call.function == "share%":
            return _binary("/", args[0], args[1])
        return _binary("/", args[0], (self.evaluation.book.rates[call.rate].value, _ONE))

    def of_value(self, key, value) -> Fraction | None:
        """A value's exact point, when it lies inside the value's interval."""
        if value.origin == "reported":
            if len(value.facts) > 1 and (value.interval is None or value.point not in value.interval):
                return None  # figures that narrow each other may leave the best one's point outside
            return (value.point, _ONE)
        found = self.exact.get(key, _UNSET)
        if found is _UNSET:
            found = self.exact[key] = self._derived(key, value)
        return found

    def _derived(self, key, value) -> Fraction | None:
        item, period = key
        if value.origin == "derived":
            return self.of(value.rule.expr, period, 0, True)
        from ledgerlang.model.period import quarters_of  # origin "sum": the sum of its quarters

        total = None
        for quarter in quarters_of(period):
            part = self.evaluation.values.get((item, quarter))
            found = None if part is None else self.of_value((item, quarter), part)
            if found is None:
                return None
            total = found if total is None else _binary("+", total, found)
        return total


def _binary(op: str, a: Fraction, b: Fraction) -> Fraction | None:
    # A den that `is _ONE` marks a point no division went into: the evaluator's own digits.
    (an, ad), (bn, bd) = a, b
    if op == "/":
        if bd is not _ONE or bn == 0:
            return None  # the evaluator divides by its rounded point; only an undivided one is the same
        return (an, _SAME.multiply(ad, bn)) if bn > 0 else (_SAME.minus(an), _SAME.multiply(ad, _SAME.minus(bn)))
    if ad is _ONE and bd is _ONE:
        if op == "*":
            return (_SAME.multiply(an, bn), _ONE)
        return (_SAME.add(an, bn) if op == "+" else _SAME.subtract(an, bn), _ONE)
    if op == "*":
        return (_SAME.multiply(an, bn), _SAME.multiply(ad, bd))
    cross = _SAME.multiply(bn, ad)
    num = _SAME.add(_SAME.multiply(an, bd), cross) if op == "+" else _SAME.subtract(_SAME.multiply(an, bd), cross)
    return (num, _SAME.multiply(ad, bd))


def inside(reported: Reported, num: Decimal, den: Decimal) -> bool:
    """num/den lies in the interval the printed figure stands for (evaluate.interval.of_reported).

    Exact, and never wider than of_reported's (whose ends are rounded outwards): False
    also where a product would need more than 400 digits.
    """
    try:
        return _inside(reported, num, den)
    except ArithmeticError:
        return False


def _inside(reported: Reported, num: Decimal, den: Decimal) -> bool:
    v = reported.value
    vd = v if den is _ONE else _WIDE.multiply(v, den)
    if reported.rounding == "exact":
        return num == vd
    unit = Decimal((0, (1,), reported.exponent))
    ud = unit if den is _ONE else _WIDE.multiply(unit, den)
    if reported.rounding == "truncate":
        if v > 0:
            return vd <= num < _WIDE.add(vd, ud)
        if v < 0:
            return _WIDE.subtract(vd, ud) < num <= vd
        return _WIDE.minus(ud) < num < ud
    # Nearest: [v - u/2, v + u/2], both ends closed; twice over, no half is needed.
    return _WIDE.abs(_WIDE.multiply(2, _WIDE.subtract(num, vd))) <= ud
