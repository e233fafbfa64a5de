"""Exact values without Interval objects: the cheap first test of a check.

A check asks whether a printed figure's interval P meets the interval of
values an expression may take (DESIGN: a rule is violated only when no values
inside the intervals satisfy it). It is enough to find some values inside the
inputs' intervals whose result lies in P. This module takes each input's
reported point with, for a figure rounded to nearest, its whole closed
interval [v - u/2, v + u/2], and follows them exactly through sums, negations
and constant multiples (a weighted sum maps a box onto [c - r, c + r]); past a
quotient or a product of two uncertain values only the point is kept. The set
reached is inside the expression's interval however that is computed, so when
it meets P the rule holds; nearly every figure of a book passes this way and
intervals are built only for the few that do not.

A value is (num, den, radius) of Decimals: a quotient is never rounded, and P's
test is a cross-multiplication, so the test is exact. Sums and products run in
the evaluator's 40-digit context with Inexact trapped, so an undivided point
equals the evaluator's digit for digit and a divisor must be such a point:
"divides by zero" means here what it means there. Anything else (a missing
input, a zero or fractional divisor, a reported point outside the interval its
figures leave, a result that needs more digits) answers None or False: the
caller takes the interval path, whose verdict is the definition.
"""

from __future__ import annotations

from decimal import Context, Decimal, Inexact, Rounded

from ledgerlang.evaluate.compute import _change_offset, half_digit as _half
from ledgerlang.model.expr import Bin, Call, Neg, Num, Ref
from ledgerlang.model.fact import Reported

_SAME = Context(prec=40, traps=[Inexact, Rounded])  # the evaluator's _POINT, refusing to round
_WIDE = Context(prec=400, traps=[Inexact, Rounded])  # cross-products of 40-digit terms
# Their methods, bound once: a method looked up on a Context costs about what the operation does.
_same_add, _same_sub, _same_mul, _same_minus, _same_abs = (_SAME.add, _SAME.subtract, _SAME.multiply, _SAME.minus,
                                                           _SAME.abs)
_wide_add, _wide_sub, _wide_mul, _wide_minus = _WIDE.add, _WIDE.subtract, _WIDE.multiply, _WIDE.minus
ONE = _ONE = Decimal(1)  # the den of a point no division went into (tested by identity)
_ZERO = Decimal(0)
_UNITS: dict[int, Decimal] = {}  # a last digit, by exponent
_HALVES: dict[int, Decimal] = {}  # half a last digit, by exponent: half_digit's own objects
_UNSET = object()
_DEEP = 50  # derived values nested deeper than this are filled through a stack (Points._fill)

Exact = tuple[Decimal, Decimal, Decimal]  # (num, den, radius): [num/den - radius, num/den + radius]; den > 0


class Points:
    """Exact values of expressions over one evaluation; derived values memoized."""

    def __init__(self, evaluation) -> None:
        self.evaluation = evaluation
        self.exact: dict = {}  # key -> Exact | None, for values that are not printed figures
        self.depth = 0  # derived values being worked out, one inside another

    def meets(self, expr, period, reported: Reported) -> bool:
        """True when some values inside the inputs' intervals give a result `reported` stands for.

        False means "not shown here", never "violated": the interval path decides.
        """
        try:
            found = self.of(expr, period, 0, False)
            if found is None:
                return False
            num, den, radius = found  # passed as they are: a starred call makes a tuple of them again
            return _meets(reported, num, den, radius)
        except ArithmeticError:
            return False

    def chain_meets(self, chain, period, reported: Reported) -> bool:
        """`meets` for an expression `chain_of` flattened: the same values asked for, the same
        Decimal operations in the same order, as one loop instead of a call per node."""
        try:
            evaluation = self.evaluation
            values, exact = evaluation.values, self.exact
            num = den = radius = None
            for op, item in chain:
                key = (item, period)
                value = values.get(key, _UNSET)
                if value is _UNSET:
                    value = evaluation.value(item, period)
                if value is None:
                    return False
                found_radius = value.radius
                if found_radius is not None:  # printed once, as in `of`
                    bn, bd, br = value.point, _ONE, found_radius
                else:
                    # of_value's answer, from its memo where it has one (of_value memoizes every
                    # value that has no radius)
                    found = exact.get(key, _UNSET)
                    if found is _UNSET:
                        found = self.of_value(key, value)
                    if found is None:
                        return False
                    bn, bd, br = found
                if op is None:  # the first term
                    num, den, radius = bn, bd, br
                elif den is _ONE and bd is _ONE and (op == "+" or op == "-"):
                    # `_binary`'s sum of two undivided points, without its call and tuples
                    num = _same_add(num, bn) if op == "+" else _same_sub(num, bn)
                    radius = _same_add(radius, br)
                else:
                    found = _binary(op, (num, den, radius), (bn, bd, br))
                    if found is None:
                        return False
                    num, den, radius = found
            return _meets(reported, num, den, radius)
        except ArithmeticError:
            return False

    def call_meets(self, call: Call, period, reported: Reported) -> bool:
        """`meets` for a change, share or translation (a Call): where its arguments are references
        at the period checked (nearly every printed measure), `of` and `_call`'s steps inline, the
        same values asked for and the same Decimal operations in the same order."""
        evaluation = self.evaluation
        args = call.args
        keys = []
        for ref in args:
            if type(ref) is not Ref or ref.anchor is not None:
                return self.meets(call, period, reported)
            keys.append((ref.item, period))
        try:
            function = call.function
            back = _change_offset(function, period) if function == "yoy%" or function == "qoq%" else 0
            if back:  # the prior period's value, asked for after the arguments', as `_call` does
                keys.append((args[0].item, evaluation.at(args[0], period, back)))
            values, exact = evaluation.values, self.exact
            found = []
            for key in keys:
                value = values.get(key, _UNSET)
                if value is _UNSET:
                    value = evaluation.value(*key)
                if value is None:
                    return False
                radius = value.radius
                if radius is not None:  # printed once, as in `of`
                    found.append((value.point, _ONE, radius))
                    continue
                point = exact.get(key, _UNSET)  # of_value's memo, which holds every value without a radius
                if point is _UNSET:
                    point = self.of_value(key, value)
                if point is None:
                    return False
                found.append(point)
            if back:
                divisor = found[len(args)]
            elif function == "share%":
                divisor = found[1]
            else:
                divisor = (evaluation.book.rates[call.rate].value, _ONE, _ZERO)
            # `_binary`'s quotient, and for a change its ratio less one, as `_call` makes them
            (an, ad, _), (bn, bd, _) = found[0], divisor
            if bd is not _ONE or bn == 0:
                return False
            if bn > 0:
                num, den = an, _same_mul(ad, bn)
            else:
                num, den = _same_minus(an), _same_mul(ad, _same_minus(bn))
            if back:
                num = _same_sub(num, den)
            return _meets(reported, num, den, _ZERO)
        except ArithmeticError:
            return False

    def sum_meets(self, item: str, quarters, parts, reported: Reported) -> bool:
        """As `meets`, for the sum of a year's (or half's) quarters, `parts` their values: what
        `meets` does for q1 + q2 + ... with each quarter anchored, as one loop (`chain_meets`'s)."""
        try:
            exact = self.exact
            num = den = radius = None
            for quarter, part in zip(quarters, parts):
                part_radius = part.radius
                if part_radius is not None:  # printed once, as in `of`
                    bn, bd, br = part.point, _ONE, part_radius
                else:
                    found = exact.get((item, quarter), _UNSET)  # of_value's memo
                    if found is _UNSET:
                        found = self.of_value((item, quarter), part)
                    if found is None:
                        return False
                    bn, bd, br = found
                if num is None:  # the first quarter
                    num, den, radius = bn, bd, br
                elif den is _ONE and bd is _ONE:  # `_binary`'s sum of two undivided points, inline
                    num, radius = _same_add(num, bn), _same_add(radius, br)
                else:
                    num, den, radius = _binary("+", (num, den, radius), (bn, bd, br))
            if num is None:
                return False
            return _meets(reported, num, den, radius)
        except ArithmeticError:
            return False

    def of(self, expr, period, offset: int, lookup_only: bool) -> Exact | None:
        evaluation = self.evaluation
        if isinstance(expr, Ref):
            key = (expr.item, period if expr.anchor is None and not offset else evaluation.at(expr, period, offset))
            value = evaluation.values.get(key, _UNSET)
            if value is _UNSET:
                value = None if lookup_only else evaluation.value(*key)
            if value is None:
                return None
            # A figure printed once (nearly every input): `of_value`'s first answer, read here
            # without calling it. Only `_from_facts` gives a Value a radius, and only such a figure.
            radius = value.radius
            if radius is not None:
                return (value.point, _ONE, radius)
            return self.of_value(key, value)
        if isinstance(expr, Bin):
            left = self.of(expr.left, period, offset, lookup_only)
            if left is None:
                return None
            right = self.of(expr.right, period, offset, lookup_only)
            return None if right is None else _binary(expr.op, left, right)
        if isinstance(expr, Num):
            return (expr.value, _ONE, _ZERO)
        if isinstance(expr, Neg):
            inner = self.of(expr.operand, period, offset, lookup_only)
            if inner is None:
                return None
            num, den, radius = inner
            return (num.copy_negate(), den, radius)  # exact, as the evaluator negates
        return self._call(expr, period, offset, lookup_only)

    def _call(self, call: Call, period, offset: int, lookup_only: bool) -> Exact | None:
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
            if ratio is None:
                return None
            # ratio - 1 as _binary makes it, (num * 1 - 1 * den, den * 1, 0), without its three
            # multiplications by one: each gives its operand back, digits and exponent alike.
            num, den, _ = ratio
            return (_same_sub(num, den), den, _ZERO)
        if call.function == "share%":
            return _binary("/", args[0], args[1])
        return _binary("/", args[0], (self.evaluation.book.rates[call.rate].value, _ONE, _ZERO))

    def of_value(self, key, value) -> Exact | None:
        """A value's point, with a closed interval around it that lies inside the value's interval."""
        if value.origin == "reported":
            # Printed once: the figure's whole interval [v - u/2, v + u/2] where it was rounded to
            # nearest, else the point alone, as `_from_facts` worked it out (Value.radius).
            radius = value.radius
            if radius is not None:
                return (value.point, _ONE, radius)
            found = self.exact.get(key, _UNSET)  # printed more than once: worked out once
            if found is _UNSET:
                found = self.exact[key] = _agreed(value)
            return found
        found = self.exact.get(key, _UNSET)
        if found is _UNSET:
            if self.depth > _DEEP:
                self._fill(key)
                found = self.exact.get(key, _UNSET)
                if found is not _UNSET:
                    return found
            self.depth += 1
            try:
                found = self.exact[key] = self._derived(key, value)
            finally:
                self.depth -= 1
        return found

    def _fill(self, key) -> None:
        """The derived values a chain reaches, deepest first, through a stack (as the
        evaluator computes them): `rule cash = cash@-1q` over eight thousand quarters
        would otherwise nest a call per quarter, past Python's recursion limit."""
        values, exact, dependencies = self.evaluation.values, self.exact, self.evaluation._dependencies
        stack = [(key, False)]
        while stack:
            top, ready = stack.pop()
            if top in exact:
                continue
            value = values.get(top)
            if value is None or value.origin == "reported":
                continue
            if ready:
                exact[top] = self._derived(top, value)
                continue
            stack.append((top, True))
            stack.extend((dep, False) for dep in dependencies(top) if dep[1] is not None and dep not in exact)

    def _derived(self, key, value) -> Exact | None:
        item, period = key
        if value.origin == "derived":
            return self.of(value.rule.expr, period, 0, True)
        total = None  # origin "sum": the sum of its quarters
        for quarter in self.evaluation.quarters_of(period):
            part = self.evaluation.values.get((item, quarter))
            found = None if part is None else self.of_value((item, quarter), part)
            if found is None:
                return None
            total = found if total is None else _binary("+", total, found)
        return total


def chain_of(expr) -> tuple | None:
    """A left-deep chain of binary operations over references at the period checked (`a + b + c`,
    `a - b`, `a / b`: most rules) as its (op, item) steps, the first op None; None for any other
    expression. `Points.chain_meets` walks the steps where `Points.meets` walks the tree."""
    steps = []
    while isinstance(expr, Bin):
        right = expr.right
        if not isinstance(right, Ref) or right.anchor is not None:
            return None
        steps.append((expr.op, right.item))
        expr = expr.left
    if not isinstance(expr, Ref) or expr.anchor is not None:
        return None
    steps.append((None, expr.item))
    steps.reverse()
    return tuple(steps)


def _agreed(value) -> Exact | None:
    """A figure printed more than once: the best printing's point, where every printing
    stands for it (it then lies where they agree, inside the value's interval). Figures
    that narrow each other may leave it outside: then the intervals decide."""
    point = value.point
    for fact in value.facts:
        # A printing whose own value is the point (the best one's is: `_from_facts`) stands for
        # it whatever its rounding, and is not tested.
        if fact.value.value is not point and not inside(fact.value, point, _ONE):
            return None
    return (point, _ONE, _ZERO)


def _binary(op: str, a: Exact, b: Exact) -> Exact | None:
    # A den that `is _ONE` marks a point no division went into: the evaluator's own digits.
    (an, ad, ar), (bn, bd, br) = a, b
    if op == "/":
        if bd is not _ONE or bn == 0:
            return None  # the evaluator divides by its rounded point; only an undivided one is the same
        if bn > 0:
            return (an, _same_mul(ad, bn), _ZERO)
        return (_same_minus(an), _same_mul(ad, _same_minus(bn)), _ZERO)
    if ad is _ONE and bd is _ONE:
        if op == "*":
            # A constant multiple keeps its box; a product of two uncertain values only its point.
            radius = _same_mul(_same_abs(an), br) if not ar else _same_mul(_same_abs(bn), ar) if not br else _ZERO
            return (_same_mul(an, bn), _ONE, radius)
        num = _same_add(an, bn) if op == "+" else _same_sub(an, bn)
        return (num, _ONE, _same_add(ar, br))
    if op == "*":
        return (_same_mul(an, bn), _same_mul(ad, bd), _ZERO)
    cross = _same_mul(bn, ad)
    num = _same_add(_same_mul(an, bd), cross) if op == "+" else _same_sub(_same_mul(an, bd), cross)
    return (num, _same_mul(ad, bd), _ZERO)


def inside(reported: Reported, num: Decimal, den: Decimal) -> bool:
    """num/den (den > 0) lies in the interval the printed figure stands for.

    Exact, and never wider than evaluate.interval.of_reported's (whose ends are
    rounded outwards): False also where a product would need more than 400 digits.
    """
    try:
        return _meets(reported, num, den, _ZERO)
    except ArithmeticError:
        return False


def _meets(reported: Reported, num: Decimal, den: Decimal, radius: Decimal) -> bool:
    """[num/den - radius, num/den + radius] meets the printed figure's interval; radius is
    zero unless den is _ONE. Open ends count where the two only touch."""
    v = reported.value
    rounding = reported.rounding
    if rounding != "exact" and rounding != "truncate":  # nearest: [v - u/2, v + u/2], closed
        exponent = reported.exponent
        try:
            half = _HALVES[exponent]  # read here: a call to half_digit costs more than the lookup
        except KeyError:
            half = _HALVES[exponent] = _half(exponent)
        # The difference's magnitude by copy_abs, which reads no context: a difference _WIDE made
        # fits its precision already, so _WIDE.abs would give the same number at the cost of a call.
        if den is _ONE:  # nearly every check: |num - v| <= radius + u/2
            return _wide_sub(num, v).copy_abs() <= _wide_add(radius, half)
        # Past a quotient the radius is zero: |num/den - v| <= u/2, times den (> 0).
        return _wide_sub(num, _wide_mul(v, den)).copy_abs() <= _wide_mul(half, den)
    unit = _UNITS.get(reported.exponent)
    if unit is None:
        unit = _UNITS[reported.exponent] = Decimal((0, (1,), reported.exponent))
    if den is _ONE:
        vd, ud = v, unit
        lo, hi = (num, num) if not radius else (_wide_sub(num, radius), _wide_add(num, radius))
    else:  # past a quotient the radius is zero: num against the figure's ends times den
        vd, ud = _wide_mul(v, den), _wide_mul(unit, den)
        lo = hi = num
    if rounding == "exact":
        return lo <= vd <= hi
    if v > 0:  # truncated: [v, v + u)
        return hi >= vd and lo < _wide_add(vd, ud)
    if v < 0:  # (v - u, v]
        return hi > _wide_sub(vd, ud) and lo <= vd
    return hi > _wide_minus(ud) and lo < ud  # (-u, u)
