"""Evaluate a book: the value of every (item, period) the book reports or can derive.

A value is reported (from the facts printed for it) or derived (from the
item's definition, or for a flow over several quarters from the sum of its
quarters). Each is computed once, on demand, through an explicit stack, so
a long chain of derivations never hits Python's recursion limit; a cycle is
reported with its path.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Context, Decimal

from ledgerlang.model.record import field

from ledgerlang.diagnostic import Diagnostic, error
from ledgerlang.evaluate.interval import Interval, of_reported
from ledgerlang.model.book import Book, Rule
from ledgerlang.model.expr import Bin, Call, Edge, Expr, Neg, Num, Ref, Shift
from ledgerlang.model.fact import Fact
from ledgerlang.model.period import Duration, Period, label, quarters_of, shift
from ledgerlang.model.record import frozen, maker

_POINT = Context(prec=40)
# Its methods, bound once: a method looked up on a Context costs about what the operation does.
_point_add, _point_sub, _point_mul, _point_div = _POINT.add, _POINT.subtract, _POINT.multiply, _POINT.divide

Key = tuple[str, Period]

# The evaluation's dicts are read as `dict.get(d, key)`, as the joint network's build reads its
# own (check/network.py): compiled, that is the lookup in C, where `d.get(key)` on a name Cython
# cannot tell is a dict is a method call; `fill` makes several per key it fills.


@frozen(slots=True)
class Computed:
    """A value and the interval of values it may truly have (None: unbounded)."""

    point: Decimal
    interval: Interval | None


@frozen(slots=True)
class Value:
    point: Decimal
    # _LAZY for a printed figure: its interval (printed_interval(facts)) is built on first
    # use. Most are never asked for (the checks test points first), and at 1M facts they
    # were 700k Intervals and 1.4M Decimals. Not compared: it is a function of the facts.
    _interval: Interval | None = field(eq=False)
    origin: str  # reported | derived | sum
    facts: tuple[Fact, ...] = ()
    rule: Rule | None = None
    # A figure printed once: half its last digit where it was rounded to nearest, else zero,
    # what the exact first test of a check takes around its point (evaluate/point.py); None
    # for any other value. Kept here, that test reads the Value alone, not its Fact and
    # Reported too: at a million figures each read is a cache miss. Not compared: a
    # function of the facts.
    radius: Decimal | None = field(default=None, eq=False)

    @property
    def interval(self) -> Interval | None:
        found = self._interval
        if found is _LAZY:
            found = printed_interval(self.facts)
            object.__setattr__(self, "_interval", found)  # a cache on a frozen value: same result every time
        return found

    @property
    def computed(self) -> Computed:
        return _computed(self.point, self.interval)


_value = maker(Value)  # one per printed key, without the type's call (model/record.py `maker`)
_computed = maker(Computed)  # one per reference read and per operation, likewise


def is_additive(item) -> bool:
    """Flows in currencies or counts add up over quarters; ratios, per-share amounts and averages
    (a weighted average of shares over nine months is none of its quarters' sum) do not."""
    return item.kind == "flow" and not item.unit.is_pure and not item.unit.den


class Evaluation:
    def __init__(self, book: Book) -> None:
        self.book = book
        self.calendar = book.calendar
        # Tuples, not lists: nearly every key has one fact, and its tuple is the Value's
        # `facts` as well (a list and a tuple per figure were 10 MB at 100k facts).
        table: dict[Key, tuple[Fact, ...]] = {}
        claim: dict[Key, tuple[Fact, ...]] = {}
        repeated = []  # keys printed three times or more collect a list, made a tuple after
        restated: set[Key] = set()
        # `target` is only ever one of the two dicts: so Cython (ledgerlang/native) can tell, and
        # `setdefault` below is the dict's own in C, where a method call on an object was about
        # three times as long (72k facts at 100k).
        source, target = None, table
        for fact in book.facts:
            if fact.source is not source:  # a table's facts come one after another, with its one Source
                source = fact.source
                target = table if source.kind == "table" else claim
            key = (fact.item, fact.period)
            one = (fact,)
            found = target.setdefault(key, one)  # the key hashed once, where a lookup and a store hashed it twice
            if found is not one:
                # A figure printed twice (nearly every repeated one: a quarter's table and the
                # year's) is a pair at once, where a list made a tuple after cost a list, a second
                # lookup and a second store (18,798 keys at 100k facts). From the third printing
                # on a list: growing a tuple per fact is quadratic in the repeats, and one figure
                # may be printed thousands of times.
                if found.__class__ is not tuple:
                    found.append(fact)
                elif len(found) == 1:
                    target[key] = found + one
                else:
                    target[key] = [*found, fact]
                    repeated.append((target, key))
                if source.restated or found[0].source.restated:
                    restated.add(key)
        for grouped, key in repeated:
            grouped[key] = tuple(grouped[key])
        # A restated printing supersedes the original ones: the value is the restated figure, and the
        # originals are compared only with each other (and with the measures their own document prints).
        self.superseded: dict[Key, tuple[Fact, ...]] = {}
        for key in restated:
            facts = table[key]
            new = tuple(f for f in facts if f.source.restated)
            old = tuple(f for f in facts if not f.source.restated)
            if new and old:
                table[key], self.superseded[key] = new, old
        self.table_facts = table
        self.claim_facts = claim
        self.definitions: dict[str, Rule] = {}
        for rule in book.rules:
            if rule.defines:
                self.definitions[rule.target] = rule
        for rule in book.rules:
            self.definitions.setdefault(rule.target, rule)
        # Every key printed in a table valued first: a printed figure depends on nothing. From
        # then on a key without a value is no table's, so filling one never asks table_facts (at
        # a million figures, 800k lookups in a dict that large, each of which could only miss).
        values: dict[Key, Value | None] = {}
        for key, facts in table.items():
            values[key] = _from_facts(facts)
        self.values = values
        self.diagnostics: list[Diagnostic] = []
        self._cycles: set[frozenset] = set()
        self._cycle_pairs: set[tuple[str, str]] = set()  # (item met again, item that met it), reported
        self._periods_of: dict[str, list[Period]] | None = None
        self._additive = {item_id: is_additive(item) for item_id, item in book.items.items()}
        self._plans: dict[int, tuple[tuple[Ref, tuple[str, ...]], ...]] = {}
        self._shapes: dict[str, tuple[tuple, bool]] = {}  # `_shape` by item
        # Period arithmetic memoized: a few hundred periods, each shifted or opened
        # hundreds of thousands of times; one object per result also keeps keys small.
        self._periods: dict[tuple, Period | tuple[Duration, ...]] = {}

    def release(self) -> None:
        """Let go of the values and the figures by key, for good: in a process that has
        what it needs of them elsewhere (the joint pass's worker, once its network is built),
        the memory they leave is there for what it does next. Anything that reads them after
        this fails, as a bug."""
        self.values = self.table_facts = self.claim_facts = self.superseded = self._periods_of = None

    # -- periods -------------------------------------------------------------------------

    def at(self, ref: Ref, period: Period, offset: int = 0) -> Period:
        """The period a reference names when its expression is evaluated at `period`."""
        anchor = ref.anchor
        if anchor is None:
            target = period
        elif isinstance(anchor, Shift):
            target = self._shifted(period, anchor.quarters)
        elif isinstance(anchor, Edge):
            if period is None:
                return None
            key = (period, anchor.side)
            target = dict.get(self._periods, key)
            if target is None:
                target = self._periods[key] = (self.calendar.opening(period) if anchor.side == "open"
                                               else self.calendar.closing(period))
        else:
            target = anchor
        return self._shifted(target, offset) if offset else target

    def _shifted(self, period: Period | None, quarters: int) -> Period | None:
        """None past the calendar (model.period.shift): a key there has no value."""
        if period is None:
            return None
        key = (period, quarters)
        found = dict.get(self._periods, key)
        if found is None:
            found = self._periods[key] = shift(period, quarters)
        return found

    def quarters_of(self, period: Duration) -> tuple[Duration, ...]:
        """The quarters that make up a duration (model.period.quarters_of), memoized."""
        found = dict.get(self._periods, period)
        if found is None:
            found = self._periods[period] = quarters_of(period)
        return found

    def reported_periods(self, item: str) -> list[Period]:
        if self._periods_of is None:  # one pass for all items: a scan per item is quadratic
            # Filled, then kept: the language server's hover fills it long after the check, and a
            # request stopped halfway (lsp/interrupt.py) must leave none, not a part, for the next.
            periods_of = defaultdict(list)
            for i, p in self.table_facts:
                periods_of[i].append(p)
            self._periods_of = periods_of
        return list(self._periods_of.get(item, ()))

    # -- the graph -------------------------------------------------------------------------

    def keys_of(self, expr: Expr, period: Period, offset: int = 0):
        """The (item, period) pairs an expression reads at a period."""
        if isinstance(expr, Ref):
            yield (expr.item, self.at(expr, period, offset))
        elif isinstance(expr, Neg):
            yield from self.keys_of(expr.operand, period, offset)
        elif isinstance(expr, Bin):
            yield from self.keys_of(expr.left, period, offset)
            yield from self.keys_of(expr.right, period, offset)
        elif isinstance(expr, Call):
            for arg in expr.args:
                yield from self.keys_of(arg, period, offset)
            back = _change_offset(expr.function, period)
            if back:
                yield from self.keys_of(expr.args[0], period, offset + back)

    def _plan(self, expr: Expr) -> tuple[tuple[Ref, tuple[str, ...]], ...]:
        """The references `keys_of` visits, in its order, each with the change functions
        whose offsets it is read at: walked once per rule, not once per period."""
        plan = dict.get(self._plans, id(expr))
        if plan is None:
            out: list[tuple[Ref, tuple[str, ...]]] = []
            _walk(expr, (), out)
            plan = self._plans[id(expr)] = tuple(out)
        return plan

    def _summed(self, item_id: str, period: Period) -> bool:
        """A flow over several quarters, whose value may be the sum of its quarters."""
        return dict.get(self._additive, item_id, False) and isinstance(period, Duration) and period.quarters > 1

    def _dependencies(self, key: Key) -> list[Key]:
        """The keys a key's value is computed from: its rule's inputs, then, for a sum, its quarters."""
        return self._keys(key)[0]

    def _keys(self, key: Key) -> tuple[list[Key], int]:
        """`_dependencies`, with how many of them, at the start, are the rule's inputs."""
        item_id, period = key
        shape = dict.get(self._shapes, item_id)
        if shape is None:
            shape = self._shapes[item_id] = self._shape(item_id)
        references, additive = shape
        deps: list[Key] = []
        for item, ref, calls in references:
            if ref is None:  # what `at` gives, without the call: most references are to the period
                deps.append((item, period))
            elif calls:
                deps.append((item, self.at(ref, period, sum(_change_offset(f, period) for f in calls))))
            else:
                deps.append((item, self.at(ref, period)))
        inputs = len(deps)
        if additive and isinstance(period, Duration) and period[2] > 1:  # `_summed(item_id, period)`
            deps.extend((item_id, q) for q in self.quarters_of(period))
        return deps, inputs

    def _shape(self, item_id: str) -> tuple[tuple[tuple[str, Ref | None, tuple[str, ...]], ...], bool]:
        """What `_keys` reads of an item, once per item where it was read once per key (at 100k
        facts, 17.5k keys of a few hundred items): its rule's references in `_plan`'s order,
        each as (item, reference, change functions), the reference None where it is to the period
        itself; and whether the item is additive (`_summed`)."""
        rule = dict.get(self.definitions, item_id)
        references = () if rule is None else tuple((ref.item, None if not calls and ref.anchor is None else ref, calls)
                                                   for ref, calls in self._plan(rule.expr))
        return references, dict.get(self._additive, item_id, False)

    def value(self, item: str, period: Period) -> Value | None:
        """The value of an item at a period, reported or derived; None where there is none."""
        key = (item, period)
        found = dict.get(self.values, key, _UNSET)
        if found is _UNSET and period is None:
            return None  # past the calendar: nothing there
        return self.fill(key) if found is _UNSET else found

    def fill(self, key: Key) -> Value | None:
        """Compute a value not computed yet, and every value it depends on."""
        values = self.values
        # Every table figure has its value already (__init__). A claim's figure depends on
        # nothing: computed at once, never through the stack (each dict or set operation there
        # hashes a period, in Python).
        claim_facts, definitions, additive = self.claim_facts, self.definitions, self._additive
        # key -> where in the stack it was expanded; its complement (~where) once one of the
        # rule's inputs is found to have no value (computed to none, or neither printed,
        # derivable nor claimed): nothing gives it one before the key is computed, so the rule
        # gives none, and `_compute` does not evaluate it. At 100k facts, 17,394 of the 17,551
        # keys filled are such (an item's definition at a period its inputs are not printed at).
        expanded: dict[Key, int] = {}
        stack = [key]
        while stack:
            top = stack[-1]
            if top in values:
                stack.pop()
                continue
            if top in expanded:
                values[top] = self._compute(top, expanded.pop(top) < 0)
                stack.pop()
                continue
            where = expanded[top] = len(stack) - 1
            deps, inputs = self._keys(top)
            summed = len(deps) > inputs
            missing = False
            for dep in deps:
                inputs -= 1  # from 0 down, past the rule's inputs: the quarters of a sum
                found = dict.get(values, dep, _UNSET)
                if found is not _UNSET:
                    if found is None:  # computed already, to no value
                        missing = missing or inputs >= 0
                    continue
                item_id, period = dep
                if period is None:  # past the calendar, nothing there
                    missing = missing or inputs >= 0
                    continue
                # `_summed(item_id, period)` in line: asked of every key missing here, a call cost more than the test
                if item_id not in definitions and not (dict.get(additive, item_id, False)
                                                       and isinstance(period, Duration) and period[2] > 1):
                    # Neither printed in a table nor derivable: a claim's figure, or nothing.
                    # Nothing is not stored: a lookup finds no entry, which means the same,
                    # and at 100k facts these were 40k of the 96k keys (flows at instants).
                    claimed = dict.get(claim_facts, dep)
                    if claimed:
                        values[dep] = _from_facts(claimed)
                    else:
                        missing = missing or inputs >= 0
                    continue
                if dep in expanded:
                    self._cycle(dep, top, stack, expanded)
                    continue
                stack.append(dep)
            if len(stack) > where + 1:
                if missing:
                    expanded[top] = ~where
                continue
            # Nothing pushed (nearly every key): each input has its value already or has none, so
            # the key is computed now, where the loop came back to it to find it expanded.
            del expanded[top]
            if missing and not summed:
                # `_compute(top, True)` in line: no rule to evaluate and no quarters to sum, so a
                # claim's figure or nothing (17,394 of the 17,551 keys filled at 100k facts).
                claimed = dict.get(claim_facts, top)
                values[top] = _from_facts(claimed) if claimed else None
            else:
                values[top] = self._compute(top, missing)
            stack.pop()
        return values[key]

    def _cycle(self, dep: Key, top: Key, stack: list[Key], expanded: dict[Key, int]) -> None:
        # A chain of thousands of periods meets its cycle at every step: one report per pair
        # of items, found without walking the stack again (that was quadratic in the chain).
        pair = (dep[0], top[0])
        if pair in self._cycle_pairs:
            return
        self._cycle_pairs.add(pair)
        where = expanded[dep]
        path = [k for k in stack[max(where, ~where):] if k in expanded]  # the expanded keys from dep up
        members = frozenset(k[0] for k in path)
        if members in self._cycles:
            return
        self._cycles.add(members)
        items = self.book.items
        if all(i not in items or items[i].is_flow != p.is_instant for i, p in [*path, dep]):
            names = " -> ".join(f"{i}@{label(p)}" for i, p in [*path, dep])
        else:  # met where an item has no value (a flow at a balance sheet's instant): its periods would mislead
            names = " -> ".join(i for i, _ in [*path, dep])
        rule = self.definitions.get(dep[0])
        self.diagnostics.append(error("cycle", f"{dep[0]} depends on itself: {names}", rule.span if rule else None,
                                      "hint: one of these rules must not define its item; make it a check with "
                                      "`rule`, or report one of the figures", item=dep[0], period=label(dep[1])))

    def _compute(self, key: Key, missing: bool = False) -> Value | None:
        """A key no table prints (those have their values from the start): the item's
        definition, or the sum of its quarters; a figure stated only in the narrative is the
        last resort. `missing`: one of the definition's inputs is known to have no value (`fill`),
        so evaluating it would give none."""
        item_id, period = key
        rule = None if missing else dict.get(self.definitions, item_id)
        if rule is not None:
            found = self.evaluate(rule.expr, period, 0, True)
            if found is not None:
                return Value(found.point, found.interval, "derived", (), rule)
        if dict.get(self._additive, item_id, False) and isinstance(period, Duration) and period[2] > 1:  # `_summed`
            parts = [dict.get(self.values, (item_id, q)) for q in self.quarters_of(period)]
            if all(p is not None for p in parts):
                point, interval = parts[0].point, parts[0].interval
                for part in parts[1:]:
                    point = _point_add(point, part.point)
                    interval = interval + part.interval if interval is not None and part.interval is not None else None
                return Value(point, interval, "sum")
        claimed = dict.get(self.claim_facts, key)
        return _from_facts(claimed) if claimed else None

    # -- expressions -------------------------------------------------------------------------

    def evaluate(self, expr: Expr, period: Period, offset: int = 0, lookup_only: bool = False) -> Computed | None:
        """An expression's value and interval at a period; None where an input is missing."""
        if isinstance(expr, Num):
            return Computed(expr.value, Interval.point(expr.value))
        if isinstance(expr, Ref):
            # `at` in line where the reference is to the period itself, and `value` where the key has none yet
            key = (expr.item, period if expr.anchor is None and not offset else self.at(expr, period, offset))
            found = dict.get(self.values, key, _UNSET)
            if found is _UNSET:
                found = None if lookup_only or key[1] is None else self.fill(key)
            return found.computed if found is not None else None
        if isinstance(expr, Neg):
            inner = self.evaluate(expr.operand, period, offset, lookup_only)
            # copy_negate: exact, where unary minus rounds to the default context's 28 digits.
            return None if inner is None else Computed(inner.point.copy_negate(),
                                                       -inner.interval if inner.interval else None)
        if isinstance(expr, Bin):
            left = self.evaluate(expr.left, period, offset, lookup_only)
            if left is None:
                return None
            right = self.evaluate(expr.right, period, offset, lookup_only)
            return None if right is None else _binary(expr.op, left, right)
        return self._call(expr, period, offset, lookup_only)

    def _call(self, call: Call, period: Period, offset: int, lookup_only: bool) -> Computed | None:
        args = []
        for arg in call.args:
            found = self.evaluate(arg, period, offset, lookup_only)
            if found is None:
                return None
            args.append(found)
        back = _change_offset(call.function, period)
        if back:
            prior = self.evaluate(call.args[0], period, offset + back, lookup_only)
            if prior is None:
                return None
            ratio = _binary("/", args[0], prior)
            return None if ratio is None else _binary("-", ratio, _ONE)
        if call.function == "share%":
            return _binary("/", args[0], args[1])
        rate = self.book.rates[call.rate].value
        return _binary("/", args[0], Computed(rate, Interval.point(rate)))


_UNSET = object()
_LAZY = object()
_ZERO = Decimal(0)
_HALVES: dict[int, Decimal] = {}  # half a last digit, by exponent
_ONE = Computed(Decimal(1), Interval.point(Decimal(1)))


def _walk(e: Expr, calls: tuple[str, ...], out: list) -> None:
    """`Evaluation._plan`'s references, appended to `out` (a function of the module's: a closure
    that calls itself is a reference cycle, which would outlive the evaluation)."""
    if isinstance(e, Ref):
        out.append((e, calls))
    elif isinstance(e, Neg):
        _walk(e.operand, calls, out)
    elif isinstance(e, Bin):
        _walk(e.left, calls, out)
        _walk(e.right, calls, out)
    elif isinstance(e, Call):
        for arg in e.args:
            _walk(arg, calls, out)
        if e.function in ("yoy%", "qoq%"):
            _walk(e.args[0], calls + (e.function,), out)


def _change_offset(function: str, period: Period) -> int:
    if function == "yoy%":
        return -4
    if function == "qoq%":
        return -(period.quarters if isinstance(period, Duration) else 1)
    return 0


def _binary(op: str, a: Computed, b: Computed) -> Computed | None:
    if op == "+":
        point = _point_add(a.point, b.point)
        interval = a.interval + b.interval if a.interval and b.interval else None
    elif op == "-":
        point = _point_sub(a.point, b.point)
        interval = a.interval - b.interval if a.interval and b.interval else None
    elif op == "*":
        point = _point_mul(a.point, b.point)
        interval = a.interval * b.interval if a.interval and b.interval else None
    else:
        if b.point == 0:
            return None
        point = _point_div(a.point, b.point)
        interval = a.interval / b.interval if a.interval and b.interval else None
    return _computed(point, interval)


def _from_facts(facts: tuple[Fact, ...]) -> Value:
    """The value of a figure printed once or more: the most precise printing's."""
    if len(facts) == 1:  # nearly every figure
        reported = facts[0].value
        if reported.rounding != "nearest":
            radius = _ZERO
        else:  # half_digit's table read in line: a call per printed figure cost more than the lookup
            radius = dict.get(_HALVES, reported.exponent)
            if radius is None:
                radius = half_digit(reported.exponent)
        return _value(reported.value, _LAZY, "reported", facts, None, radius)
    return _value(best_printing(facts).value.value, _LAZY, "reported", facts, None)


def half_digit(exponent: int) -> Decimal:
    """Half a last digit worth 10**exponent, one Decimal per exponent."""
    half = _HALVES.get(exponent)
    if half is None:
        half = _HALVES[exponent] = Decimal((0, (5,), exponent - 1))
    return half


def best_printing(facts: tuple[Fact, ...]) -> Fact:
    """The most precise of a figure's printings: the first of those equally precise."""
    if len(facts) == 1:
        return facts[0]
    if len(facts) == 2:  # nearly every repeated figure (a quarter's table and an appendix): no `min`
        first, second = facts
        return second if second.value.exponent < first.value.exponent else first
    return min(facts, key=lambda f: f.value.exponent)


def printed_interval(facts: tuple[Fact, ...]) -> Interval:
    """The values a figure printed once or more stands for: where its printings agree,
    or the most precise printing's interval where they do not (the facts check reports it)."""
    if len(facts) == 1:
        return of_reported(facts[0].value)
    best = best_printing(facts)
    interval = of_reported(best.value)
    for fact in facts:
        if fact is best:
            continue
        joint = interval.intersect(of_reported(fact.value))
        if joint is None:
            return of_reported(best.value)
        interval = joint
    return interval


def evaluate(book: Book) -> tuple[Evaluation, list[Diagnostic]]:
    """Evaluate every reported and derivable value of the book's items."""
    evaluation = Evaluation(book)
    values = evaluation.values  # every table figure's already
    for key in list(evaluation.claim_facts):
        evaluation.value(*key)
    for period in dict.fromkeys(p for (_, p) in evaluation.table_facts):  # not a set: its order differs per process
        for item in evaluation.definitions:
            key = (item, period)
            if key not in values:
                evaluation.fill(key)
    return evaluation, evaluation.diagnostics
