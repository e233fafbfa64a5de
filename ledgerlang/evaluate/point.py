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

That context, EXACT, is the thread's current one while the tests run, and
their arithmetic is written with operators: a method of a Context
(`ctx.add(a, b)`) makes a tuple of its arguments and parses it, about 850
instructions an operation where an operator takes about 300. A stage that
runs many tests sets it once around its loop (`Points.enter`) and steps out
of it for what is not a test (`Points.outside`: an interval, a message, a
value the evaluation works out); a test called outside such a window sets it
for itself.
"""

from __future__ import annotations

from decimal import Context, Decimal, FloatOperation, Inexact, InvalidOperation, Rounded, getcontext, setcontext

from ledgerlang.evaluate.compute import _change_offset, half_digit as _half
from ledgerlang.model.expr import Bin, Call, Neg, Num, Ref
from ledgerlang.model.fact import Reported

# The tests' context: the evaluator's _POINT refusing to round. Its precision, exponent limits,
# rounding and traps of Inexact and Rounded make each sum and product, and each signal that stops a
# test, what they were as `Context(prec=40, traps=[Inexact, Rounded])`'s methods. It traps two more
# signals, neither of which an operation of finite Decimals raises: InvalidOperation, as the default
# context does, so that a comparison (which runs in the current context) means inside a window what
# it means outside one; and FloatOperation, as the test suite does (tests/conftest.py).
EXACT = Context(prec=40, traps=[Inexact, Rounded, InvalidOperation, FloatOperation])
_WIDE = Context(prec=400, traps=[Inexact, Rounded])  # cross-products of 40-digit terms (`_wide_meets`)
# Its methods, bound once: a method looked up on a Context costs about what the operation does.
_wide_add, _wide_sub, _wide_mul, _wide_minus = _WIDE.add, _WIDE.subtract, _WIDE.multiply, _WIDE.minus
ONE = _ONE = Decimal(1)  # the den of a point no division went into (tested by identity)
_ZERO = Decimal(0)
_UNITS: dict[int, Decimal] = {}  # a last digit, by exponent
_HALVES: dict[int, Decimal] = {}  # half a last digit, by exponent: half_digit's own objects
_UNSET = object()
_DEEP = 50  # derived values nested deeper than this are filled through a stack (Points._fill)

Exact = tuple[Decimal, Decimal, Decimal]  # (num, den, radius): [num/den - radius, num/den + radius]; den > 0


class Points:
    """Exact values of expressions over one evaluation; derived values memoized.

    Its tests (`meets` and the loops beside it, `of_value`) run in EXACT: inside a window of
    `enter`, or in one each opens for itself."""

    def __init__(self, evaluation) -> None:
        self.evaluation = evaluation
        self.exact: dict = {}  # key -> Exact | None, for values that are not printed figures
        self.depth = 0  # derived values being worked out, one inside another
        self.caller = None  # the context `enter` found, while EXACT is set for these tests

    def enter(self) -> None:
        """Make EXACT the thread's context for a run of these tests, until `leave`. A test called
        outside such a window sets it and puts the caller's back itself: two writes of the
        interpreter's context variable, about what the operators of a test save. Call it inside
        the `try` whose `finally` leaves: an exception that lands as it returns (the language
        server's interrupts) then leaves the window too."""
        caller = getcontext()
        if caller is EXACT:  # another object's window, whose caller (see `outside`) is not known here
            raise RuntimeError("the exact tests' context entered inside another window")
        self.caller = caller
        setcontext(EXACT)

    def leave(self) -> None:
        """Put back the context `enter` found, if it was entered."""
        caller, self.caller = self.caller, None
        if caller is not None:
            setcontext(caller)

    def outside(self) -> _Outside:
        """`with points.outside():` for code that is not a test (an interval, a message, a value the
        evaluation works out), run in the caller's context as it would be without a window; a test
        of this object called there opens a window of its own. Nothing outside a window."""
        return _Outside(self)

    def _alone(self, test, *args):
        """`test(*args)` in a window of its own: a test called outside one."""
        try:
            self.enter()
            return test(*args)
        finally:
            self.leave()

    def meets(self, expr, period, reported: Reported) -> bool:
        """True when some values inside the inputs' intervals give a result `reported` stands for.

        False means "not shown here", never "violated": the interval path decides.
        """
        if self.caller is None:
            return self._alone(self.meets, expr, period, reported)
        try:
            found = self.of(expr, period, 0, False)
            if found is None:
                return False
            num, den, radius = found  # passed as they are: a starred call makes a tuple of them again
            return _exact_meets(reported, num, den, radius)
        except ArithmeticError:
            return False

    def chain_meets(self, chain, period, reported: Reported) -> bool:
        """`meets` for an expression `chain_of` flattened: the same values asked for, the same
        Decimal operations in the same order, as one loop instead of a call per node."""
        if self.caller is None:
            return self._alone(self.chain_meets, chain, period, reported)
        try:
            evaluation = self.evaluation
            values, exact = evaluation.values, self.exact
            num = den = radius = None
            for op, item in chain:
                key = (item, period)
                value = values.get(key, _UNSET)
                if value is _UNSET:
                    with self.outside():
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
                    num = num + bn if op == "+" else num - bn
                    radius = radius + br
                else:
                    found = _binary(op, (num, den, radius), (bn, bd, br))
                    if found is None:
                        return False
                    num, den, radius = found
            return _exact_meets(reported, num, den, radius)
        except ArithmeticError:
            return False

    def call_meets(self, call: Call, period, reported: Reported) -> bool:
        """`meets` for a change, share or translation (a Call): where its arguments are references
        at the period checked (nearly every printed measure), `of` and `_call`'s steps inline, the
        same values asked for and the same Decimal operations in the same order."""
        if self.caller is None:
            return self._alone(self.call_meets, call, period, reported)
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
                    with self.outside():
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
                num, den = an, ad * bn
            else:
                num, den = -an, ad * -bn
            if back:
                num = num - den
            return _exact_meets(reported, num, den, _ZERO)
        except ArithmeticError:
            return False

    def sum_meets(self, item: str, quarters, parts, reported: Reported) -> bool:
        """As `meets`, for the sum of a year's (or half's) quarters, `parts` their values: what
        `meets` does for q1 + q2 + ... with each quarter anchored, as one loop (`chain_meets`'s)."""
        if self.caller is None:
            return self._alone(self.sum_meets, item, quarters, parts, reported)
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
                    num, radius = num + bn, radius + br
                else:
                    num, den, radius = _binary("+", (num, den, radius), (bn, bd, br))
            if num is None:
                return False
            return _exact_meets(reported, num, den, radius)
        except ArithmeticError:
            return False

    def of(self, expr, period, offset: int, lookup_only: bool) -> Exact | None:
        """An expression's exact value (in EXACT: a test's step)."""
        evaluation = self.evaluation
        if isinstance(expr, Ref):
            key = (expr.item, period if expr.anchor is None and not offset else evaluation.at(expr, period, offset))
            value = evaluation.values.get(key, _UNSET)
            if value is _UNSET:
                if lookup_only:
                    value = None
                else:
                    with self.outside():
                        value = evaluation.value(*key)
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
            return (num - den, den, _ZERO)
        if call.function == "share%":
            return _binary("/", args[0], args[1])
        return _binary("/", args[0], (self.evaluation.book.rates[call.rate].value, _ONE, _ZERO))

    def of_value(self, key, value) -> Exact | None:
        """A value's point, with a closed interval around it that lies inside the value's interval."""
        if self.caller is None:
            return self._alone(self.of_value, key, value)
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
    that narrow each other may leave it outside: then the intervals decide. (In EXACT: only
    `of_value` asks.)"""
    point = value.point
    for fact in value.facts:
        # A printing whose own value is the point (the best one's is: `_from_facts`) stands for
        # it whatever its rounding, and is not tested.
        if fact.value.value is not point:
            try:  # `inside`, without its test of the context
                if not _exact_meets(fact.value, point, _ONE, _ZERO):
                    return None
            except ArithmeticError:
                return None
    return (point, _ONE, _ZERO)


def _binary(op: str, a: Exact, b: Exact) -> Exact | None:
    """`op` of two exact values, in EXACT."""
    # A den that `is _ONE` marks a point no division went into: the evaluator's own digits.
    (an, ad, ar), (bn, bd, br) = a, b
    if op == "/":
        if bd is not _ONE or bn == 0:
            return None  # the evaluator divides by its rounded point; only an undivided one is the same
        if bn > 0:
            return (an, ad * bn, _ZERO)
        return (-an, ad * -bn, _ZERO)
    if ad is _ONE and bd is _ONE:
        if op == "*":
            # A constant multiple keeps its box; a product of two uncertain values only its point.
            radius = abs(an) * br if not ar else abs(bn) * ar if not br else _ZERO
            return (an * bn, _ONE, radius)
        num = an + bn if op == "+" else an - bn
        return (num, _ONE, ar + br)
    if op == "*":
        return (an * bn, ad * bd, _ZERO)
    cross = bn * ad
    num = an * bd + cross if op == "+" else an * bd - cross
    return (num, ad * bd, _ZERO)


def inside(reported: Reported, num: Decimal, den: Decimal) -> bool:
    """num/den (den > 0) lies in the interval the printed figure stands for.

    Exact, and never wider than evaluate.interval.of_reported's (whose ends are
    rounded outwards): False also where a product would need more than 400 digits.
    In any context: where EXACT is not the current one, it is set for the test.
    """
    caller = getcontext()
    if caller is not EXACT:
        setcontext(EXACT)
    try:
        return _exact_meets(reported, num, den, _ZERO)
    except ArithmeticError:
        return False
    finally:
        if caller is not EXACT:
            setcontext(caller)


def _meets(reported: Reported, num: Decimal, den: Decimal, radius: Decimal) -> bool:
    """`_exact_meets` in any context, as `inside` is."""
    caller = getcontext()
    if caller is EXACT:
        return _exact_meets(reported, num, den, radius)
    setcontext(EXACT)
    try:
        return _exact_meets(reported, num, den, radius)
    finally:
        setcontext(caller)


def _exact_meets(reported: Reported, num: Decimal, den: Decimal, radius: Decimal) -> bool:
    """`_wide_meets`'s verdict, in EXACT: its operations made with operators at 40 digits, where
    an operation that raises no signal is exact, so its value is the one _WIDE gives (a zero's
    exponent aside, and only values are compared); where one would need more digits, or rounding,
    `_wide_meets` decides, the same operations at 400 digits."""
    v = reported.value
    rounding = reported.rounding
    try:
        if rounding != "exact" and rounding != "truncate":  # nearest: [v - u/2, v + u/2], closed
            exponent = reported.exponent
            try:
                half = _HALVES[exponent]  # read here: a call to half_digit costs more than the lookup
            except KeyError:
                half = _HALVES[exponent] = _half(exponent)
            # abs(), not copy_abs: in EXACT a difference that raised nothing has at most 40 digits, which
            # its magnitude keeps, and an operator costs less than a method's call.
            if den is _ONE:  # nearly every check: |num - v| <= radius + u/2
                return abs(num - v) <= (radius + half if radius else half)
            # Past a quotient the radius is zero: |num/den - v| <= u/2, times den (> 0).
            return abs(num - v * den) <= half * den
        unit = _UNITS.get(reported.exponent)
        if unit is None:
            unit = _UNITS[reported.exponent] = Decimal((0, (1,), reported.exponent))
        if den is _ONE:
            vd, ud = v, unit
            lo, hi = (num, num) if not radius else (num - radius, num + radius)
        else:  # past a quotient the radius is zero: num against the figure's ends times den
            vd, ud = v * den, unit * den
            lo = hi = num
        if rounding == "exact":
            return lo <= vd <= hi
        if v > 0:  # truncated: [v, v + u)
            return hi >= vd and lo < vd + ud
        if v < 0:  # (v - u, v]
            return hi > vd - ud and lo <= vd
        return hi > -ud and lo < ud  # (-u, u)
    except ArithmeticError:
        return _wide_meets(reported, num, den, radius)


def _wide_meets(reported: Reported, num: Decimal, den: Decimal, radius: Decimal) -> bool:
    """[num/den - radius, num/den + radius] meets the printed figure's interval; radius is
    zero unless den is _ONE. Open ends count where the two only touch. The definition of
    `_exact_meets`, its operations made by _WIDE's methods, which read no current context
    (its comparisons do, and see only finite values)."""
    v = reported.value
    rounding = reported.rounding
    if rounding != "exact" and rounding != "truncate":  # nearest: [v - u/2, v + u/2], closed
        half = _half(reported.exponent)
        # The difference's magnitude by copy_abs, which reads no context: a difference _WIDE made
        # fits its precision already, so _WIDE.abs would give the same number at the cost of a call.
        if den is _ONE:  # nearly every check: |num - v| <= radius + u/2
            return _wide_sub(num, v).copy_abs() <= _wide_add(radius, half)
        # Past a quotient the radius is zero: |num/den - v| <= u/2, times den (> 0).
        return _wide_sub(num, _wide_mul(v, den)).copy_abs() <= _wide_mul(half, den)
    unit = Decimal((0, (1,), reported.exponent))
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


class _Outside:
    """`Points.outside`: the caller's context for the block, and the window back after it."""

    __slots__ = ("points", "caller")

    def __init__(self, points: Points) -> None:
        self.points = points
        self.caller = None

    def __enter__(self) -> None:
        points = self.points
        caller = self.caller = points.caller
        if caller is not None:
            points.caller = None  # a test of this object called in the block opens a window of its own
            setcontext(caller)

    def __exit__(self, *exc) -> None:
        caller = self.caller
        if caller is not None:
            setcontext(EXACT)
            self.points.caller = caller
