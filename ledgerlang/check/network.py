"""The book as one constraint network: every printed figure, rule, quarter sum, measure and assertion.

check/joint.py propagates over it (evaluate/propagate.py). A variable is an
(item, period) the evaluation gives a value; a constraint remembers where it
came from (`origin`), so a chain of narrowings can be told in the book's
words and a pairwise diagnostic can be matched to the constraint it reports.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from decimal import (ROUND_FLOOR, Clamped, Context, Decimal, DivisionByZero, Inexact, InvalidOperation, Overflow,
                     Rounded, Subnormal, Underflow, getcontext, setcontext)
from itertools import chain, islice
from math import gcd, lcm

from ledgerlang.check.rules import on_two_bases, quarters_on_two_bases
from ledgerlang.evaluate.compute import Evaluation, _change_offset, is_additive
from ledgerlang.evaluate.interval import _HALVES, _down_sub, _up_add, ends
from ledgerlang.evaluate.propagate import _div_d, _div_u, _mul_d, _mul_u, _sub_d, _sub_u, shrink
from ledgerlang.evaluate.propagate import (ADD, CONST, DIV, INF, LINEAR, MINUS_ONE, MUL, NEG, ONE, PRINTED, SUB,
                                           TREE, VAR, Network, Uses, point)
from ledgerlang.model.expr import Bin, Call, Neg, Num, Ref, refs
from ledgerlang.model.fact import Measured
from ledgerlang.model.period import Duration, Instant, label

_ZERO = point(Decimal(0))
# A printed figure's interval (and a translated one's, scaled), worked out first with operators in a
# context where any signal is an error, as propagate.py's sums are: where none is raised, each end is
# exactly what the directed contexts' methods give (interval.py's, propagate.py's), digits and
# exponent alike, since a result that needed no rounding is the same in every rounding mode and at
# every precision that holds it. The one difference is the sign of an exact zero sum: rounding down
# makes it -0, up +0, so an upper end of zero is made again with the methods. Under a context set
# once, an operator costs about a third of a bound method's call, which parses a tuple of its
# arguments. Precision 40, interval.py's: a result of more digits, which it would round (and
# propagate.py's 80 might hold), is made again with the methods. (tests/check/test_network_exact.py)
_EXACT_DOWN = Context(prec=40, rounding=ROUND_FLOOR, traps=[Clamped, DivisionByZero, Inexact, InvalidOperation,
                                                            Overflow, Rounded, Subnormal, Underflow])
_QUARTERS: dict[int, tuple] = {}  # a quarter sum's coefficients, by its number of quarters: (1, -1, ...)
_OPS = {"+": ADD, "-": SUB, "*": MUL, "/": DIV}
_COMPARISONS = {"=": (Decimal(0), Decimal(0), False, False), "<": (-INF, Decimal(0), True, True),
                "<=": (-INF, Decimal(0), True, False), ">": (Decimal(0), INF, True, True),
                ">=": (Decimal(0), INF, False, True)}


class _Missing(Exception):
    """An input without a value: the relation cannot be stated at this period."""


# A linear template's coefficients and constant are exact ratios of integers, (numerator,
# denominator > 0) in lowest terms, as Fraction keeps them; but the fractions module imports `re`
# (and `enum` with it), which a check otherwise does without (regexes.py): 5.8 ms of a fresh
# process's imports, for the few operations below. tests/check/test_joint_properties.py holds the
# templates made so to Fraction's.


def _ratio(value: Decimal) -> tuple[int, int]:
    return value.as_integer_ratio()


def _q_add(a: tuple[int, int], b: tuple[int, int]) -> tuple[int, int]:
    return _lowest(a[0] * b[1] + b[0] * a[1], a[1] * b[1])


def _q_mul(a: tuple[int, int], b: tuple[int, int]) -> tuple[int, int]:
    return _lowest(a[0] * b[0], a[1] * b[1])


def _q_neg(a: tuple[int, int]) -> tuple[int, int]:
    return -a[0], a[1]


def _q_div(a: tuple[int, int], b: tuple[int, int]) -> tuple[int, int]:
    """a / b, b not zero."""
    return _lowest(a[0] * b[1], a[1] * b[0])


def _lowest(numerator: int, denominator: int) -> tuple[int, int]:
    if denominator < 0:
        numerator, denominator = -numerator, -denominator
    common = gcd(numerator, denominator)  # the denominator where the numerator is 0: (0, 1)
    return numerator // common, denominator // common


_ONE_Q = (1, 1)
_ZERO_Q = (0, 1)


def _decimal(value: tuple[int, int]) -> Decimal:
    """A ratio (numerator, denominator) as a Decimal, divided in the current context."""
    return Decimal(value[0]) / Decimal(value[1]) if value[1] != 1 else Decimal(value[0])


def _quarters(count: int) -> tuple:
    """A quarter sum's coefficients, the whole's and its parts' (1, -1, ...), one tuple per count."""
    coefs = dict.get(_QUARTERS, count)
    if coefs is None:
        coefs = _QUARTERS[count] = (ONE,) + (MINUS_ONE,) * count
    return coefs


def _shared(k: Decimal) -> Decimal:
    """1 and -1 as the propagation's own objects, which it tests by identity."""
    return ONE if k == 1 else MINUS_ONE if k == -1 else k


def _linear(variables, coefs, big: Decimal, const: tuple[int, int], shift: Decimal, wanted):
    """sum k_j x_j / big + const in wanted, as a constraint and its scaling (big, const, and the
    coefficient of a lone variable): an interval on that variable where there is one."""
    scaled = _scaled(wanted, big, shift)
    if len(variables) == 1:  # a translation or a claim of one figure: an interval on it
        return (PRINTED, variables[0], shrink(scaled, coefs[0])), (big, const, coefs[0])
    return (LINEAR, coefs, scaled, *variables), (big, const, None)


def _scaled(wanted, big: Decimal, shift: Decimal):
    """wanted * big - shift, rounded outwards: the interval a linear template's integer sum must lie in."""
    lo, hi, lo_open, hi_open = wanted
    return (_sub_d(_mul_d(lo, big), shift) if lo.is_finite() else lo,
            _sub_u(_mul_u(hi, big), shift) if hi.is_finite() else hi, lo_open, hi_open)


def _in(context, function, *args):
    """function(*args) in `context`, the current context put back after (setcontext, not
    localcontext, which copies it)."""
    previous = getcontext()
    setcontext(context)
    try:
        return function(*args)
    finally:
        setcontext(previous)


def _plain(slots) -> tuple | None:
    """The slots' items, where each is read at the period the relation is stated at (None
    stands for the rule's target); else None."""
    items = []
    for ref, calls in slots:
        if ref is None:
            items.append(None)
        elif ref.anchor is None and not calls:
            items.append(ref.item)
        else:
            return None
    return tuple(items)


def _recipe_key(call) -> tuple | None:
    """A measure's recipe key (`BookNetwork._recipe`): its function, rate and its arguments'
    anchors, where its arguments are distinct references; else None, for the general path."""
    args = call.args
    if len(args) == 1:
        return (call.function, call.rate, args[0].anchor) if type(args[0]) is Ref else None
    if len(args) == 2:  # a share: two references compared by their fields, not through a set's hashes
        first, second = args
        if type(first) is Ref and type(second) is Ref and (
                first.item != second.item or first.anchor != second.anchor):
            return (call.function, call.rate, (first.anchor, second.anchor), 2)
        return None
    if all(type(a) is Ref for a in args) and len(set(args)) == len(args):
        return (call.function, call.rate, tuple(a.anchor for a in args), len(args))
    return None


# From this many constraints (a book of about 60k figures) a releasing build hands the C library's
# free memory back to the system once it is built (`_give_back`): at a million figures the large
# blocks that the checks before it and the build itself let go were 34 MiB of the C library's
# heap, unused by anything after, and `ledger check`'s peak in one process is 12 MiB lower for it
# (680-682 -> 668-673 MiB). Below, importing ctypes (2.6 ms) would cost more than it is worth.
GIVE_BACK_FROM = 100_000


def _give_back() -> None:
    """The C library's free heap pages returned to the system (glibc's malloc_trim(0)); nothing
    where the C library has no such call (musl, macOS, Windows) or ctypes is missing."""
    try:
        import ctypes

        ctypes.CDLL(None).malloc_trim(0)
    except (ImportError, OSError, AttributeError, TypeError):
        pass


class Keys:
    """The network's key of each variable, read as `keys[v]`: (item, period), made when read
    from the variable's item and period, numbered in two arrays (BookNetwork, `release`)."""

    __slots__ = ("items", "periods", "item_of", "period_of", "numbers")

    def __init__(self, keys) -> None:
        items: dict = {}
        periods: dict = {}
        self.item_of = array("I", [items.setdefault(item, len(items)) for item, _ in keys])
        self.period_of = array("I", [periods.setdefault(period, len(periods)) for _, period in keys])
        self.items, self.periods = list(items), list(periods)
        self.numbers = (items, periods)  # each item's number, and each period's

    def append(self, key: tuple) -> None:
        """A variable's key, after the others'."""
        items, periods = self.numbers
        item, period = key
        found = items.get(item)
        if found is None:
            found = items[item] = len(self.items)
            self.items.append(item)
        self.item_of.append(found)
        found = periods.get(period)
        if found is None:
            found = periods[period] = len(self.periods)
            self.periods.append(period)
        self.period_of.append(found)

    def __getitem__(self, v: int) -> tuple:
        return self.items[self.item_of[v]], self.periods[self.period_of[v]]

    def __len__(self) -> int:
        return len(self.item_of)

    def __iter__(self):
        return zip(map(self.items.__getitem__, self.item_of), map(self.periods.__getitem__, self.period_of))


class BookNetwork:
    """A Network with the book's names for its variables and constraints."""

    def __init__(self, book, evaluation: Evaluation, release: bool = False) -> None:
        """`release`: the evaluation is this process's to use up (a worker's copy): from the
        relations on, the build reads only whether a key has a value, so each Value is let go
        there and its memory taken by the constraints; and once built, the rest of the
        evaluation's values and figures (Evaluation.release), which nothing reads after."""
        self.book = book
        self.ev = evaluation
        self.net = Network()
        # A variable by its key, (item, period): a dict of items per period. Each is small enough
        # to stay in the caches while the relations of one period are stated; one dict of every
        # key missed them three times a lookup at a million figures (its slot, entry and key).
        self.by_period: dict = {}
        self.key_of: list[tuple] | Keys = []  # a list; with `release`, Keys from the relations on
        # per constraint, read with `origin_of`: a printed figure's Fact (("printed", fact)); a
        # measure's Measured where it has no scaling (("measured", measured, None)); a rule's or
        # a quarter sum's period, its rule or item that of the block it is in (`_owners`:
        # ("rule", rule, period), ("quarters", item, period)); else ("measured", measured,
        # scaling) | ("assertion", assertion, period). (A tuple for each was 28 MB at a million
        # figures.)
        self.origin: list = []
        self._starts: list[int] = []  # where each block of a rule's or an item's quarter sums starts
        self._owners: list[tuple] = []  # its ("rule", rule) or ("quarters", item)
        self._blocks: dict | None = None  # (kind, target, item or span) -> its constraints: by the first `at_place`
        self.printed = 0  # constraints 0 to printed - 1 are the printed figures'
        # A variable that no table prints, whose value is a claim's figures: those figures
        # (`facts_of`; a table's variable has its run of them)
        self.claimed: dict[int, tuple] = {}
        # Where the blocks of rules and quarter sums end (the measures' constraints start), and
        # where the assertions' constraints start: `at_place` reads the constraints between.
        self._measures = self._assertions = 0
        self.first: dict = {}  # the first revisions that solves of the whole network share (Solution.run)
        self._templates: dict = {}
        self._recipes: dict = {}  # a measure's function, rate and anchors -> what `_printed_measures` reads
        self._intervals: dict[int, tuple] = {}
        self._keep: list = []
        self._valued: dict | None = None  # see `_build`
        self._build(release)
        # No variable or constraint is added from here on: each variable's uses are read off
        # the constraints, into one array (Uses.of). (A list of each variable's, grown as the
        # build went and then put into one array, raised the build's peak by 49 MiB at a million
        # figures, and the blocks it left were too small for anything the solve makes.)
        self.net.var_count = len(self.key_of)
        self.net.uses = Uses.of(self.net.constraints, self.net.runs[-1] if self.net.runs else 0,
                                self.net.var_count)
        if release:
            evaluation.release()
            # Nor does anything read the variables by period after the build.
            self.by_period = self._valued = None
        # Only the build reads these: the network keeps its constraints, not the means of making them.
        self._intervals, self._templates, self._recipes, self._keep = {}, {}, {}, []
        if release and len(self.net.constraints) >= GIVE_BACK_FROM:
            _give_back()

    # -- variables and constraints ---------------------------------------------------------

    # The build's dicts are read as `dict.get(d, key)`: compiled (ledgerlang/native), that is a
    # lookup in C, where `d.get(key)` on a name Cython cannot tell is a dict is a method call,
    # about three times as long; the build makes some 400k lookups at 100k figures.

    def var(self, key) -> int:
        item, period = key
        row = dict.get(self.by_period, period)
        if row is None:
            row = self.by_period[period] = {}
        found = dict.get(row, item)
        if found is None:
            valued = self._valued
            if (self.ev.values.get(key) is None) if valued is None else item not in dict.get(valued, period, ()):
                raise _Missing
            found = row[item] = len(self.key_of)  # the network's var_count, set after the build
            self.key_of.append(key)
        return found

    def _row(self, period) -> dict:
        """The variables at a period by item, as `var` adds to them."""
        row = dict.get(self.by_period, period)
        if row is None:
            row = self.by_period[period] = {}
        return row

    def _interval(self, reported):
        """A printed figure's interval as a tuple: one per distinct Reported (half the cells repeat one)."""
        found = self._intervals.get(id(reported))
        if found is None:
            found = self._intervals[id(reported)] = ends(reported)
        return found

    def _add(self, constraint, origin) -> int:
        """A constraint of a relation (its variables are distinct: `_constraint` merges repeats)."""
        constraints = self.net.constraints
        c = len(constraints)
        constraints.append(constraint)
        self.origin.append(origin)
        return c

    def at_spans(self, spans: set[int]) -> dict[int, list[int]]:
        """The constraints of the figures printed at these spans, by the spans' id()s: a printed
        figure's, and a printed measure's. One pass over the origins, made for the diagnostics
        that ask: a dict of every figure's span would cost the build a tenth of its time, and
        most books have a handful of such diagnostics, if any."""
        found: dict[int, list[int]] = {}
        if not spans:
            return found
        origin = self.origin
        for c, fact in enumerate(islice(origin, self.printed)):
            if id(fact.span) in spans:
                found.setdefault(id(fact.span), []).append(c)
        for c, source in enumerate(islice(origin, self.printed, None), self.printed):
            if type(source) is tuple:
                if source[0] != "measured":
                    continue
                source = source[1]
            elif type(source) is not Measured:
                continue  # a rule's or a quarter sum's period
            if id(source.span) in spans:
                found.setdefault(id(source.span), []).append(c)
        return found

    def origin_of(self, c: int) -> tuple:
        found = self.origin[c]
        if type(found) is tuple:
            return found
        if c < self.printed:
            return ("printed", found)
        if type(found) is Measured:
            return ("measured", found, None)
        return (*self._owners[bisect_right(self._starts, c) - 1], found)  # a rule's or a quarter sum's

    def _own(self, kind: str, what) -> None:
        """A constraint added from here on, up to the next call, whose origin is a period is
        `what`'s: its rule's equation or its quarter sum at that period."""
        self._starts.append(len(self.net.constraints))
        self._owners.append((kind, what))

    def at_place(self, kind: str, what, period_label: str) -> list[int]:
        """The constraints of a rule's target, an item's quarter sum or an assertion at a period,
        by the period's label (a diagnostic's), in order. Read off the blocks of its rules or
        quarter sums (`_own`), or the assertion's constraints, where each constraint's origin names
        its period; those are indexed by their rule's target, item or assertion at the first call
        (a few thousand entries at a million figures, where a dict of every place was 11 MiB)."""
        origin = self.origin
        if self._blocks is None:
            # A few thousand blocks at a million figures, and the assertions' constraints by the
            # assertion's span: a book of thousands of errors places each by a lookup, not by a
            # pass over every block or every assertion.
            self._blocks = {}
            ends = self._starts[1:] + [self._measures]
            for start, end, (owner_kind, owner) in zip(self._starts, ends, self._owners):
                key = (owner_kind, owner.target if owner_kind == "rule" else owner)
                self._blocks.setdefault(key, []).append(range(start, end))
            for c in range(self._assertions, len(origin)):
                self._blocks.setdefault(("assertion", origin[c][1].span), []).append((c,))
        found, at = [], None
        for c in chain.from_iterable(self._blocks.get((kind, what), ())):
            period = origin[c][2] if kind == "assertion" else origin[c]
            if at is None and label(period) == period_label:
                at = period  # the first period by that label, as the diagnostic names it
            if at is not None and period == at:
                found.append(c)
        return found

    def _build(self, release: bool = False) -> None:
        ev, book = self.ev, self.book
        # Rules that would weigh a restated figure against originals: checked on the originals
        # (check/rules.py), not here, where each figure has its restated value.
        two_bases = set()
        if ev.superseded:
            for rule in book.rules:
                for period in ev.reported_periods(rule.target):
                    if on_two_bases(ev, rule, period):
                        two_bases.add((id(rule), period))
            for item, period in ev.table_facts:
                if isinstance(period, Duration) and period.quarters > 1 and quarters_on_two_bases(ev, item, period):
                    two_bases.add((item, period))
        # Printed figures: a constraint each, added in place (half the network; calls cost here).
        constraints, origin = self.net.constraints, self.origin
        intervals, values, var, by_period = self._intervals, ev.values, self.var, self.by_period
        key_of, net = self.key_of, self.net
        # A table's keys are variables first, numbered in the table's order: evaluate() values
        # every key printed in a table before anything else, and the network has no variable
        # yet, so none needs the lookup a claim's key does.
        table = ev.table_facts
        key_of.extend(table)
        numbers = list(range(len(table)))  # one int object per variable, wherever it is named
        for (item, period), v in zip(table, numbers):
            row = dict.get(by_period, period)
            if row is None:
                row = by_period[period] = {}
            row[item] = v
        claimed = []  # (variable, facts) for a claim's key: it may be a table's too, or have no value
        for key, printed in ev.claim_facts.items():
            row = self._row(key[1])
            v = row.get(key[0])
            if v is None:  # self.var(key), inline
                value = values.get(key)
                if value is None:
                    continue
                v = row[key[0]] = len(key_of)
                key_of.append(key)
                if value.facts:  # the claim's own figures, unless a rule or quarters give the value
                    self.claimed[v] = value.facts
            claimed.append((v, printed))
        net.var_count = len(key_of)
        # A table's figures are the first constraints, each variable's together: they are its
        # run (Network.runs), not in its uses, and each is kept as its interval alone
        # (Network.constraint). A claim's are in its uses, as a relation's are.
        c = len(constraints)  # 0: the network is new
        runs = net.runs = array("i")  # constraint numbers: 32-bit, as the uses'
        add_run = runs.append
        # The figures' intervals in _EXACT_DOWN, set once for the loop; `ends` runs in the
        # caller's context, as it always did.
        caller = getcontext()
        setcontext(_EXACT_DOWN)
        try:
            for v, printed in zip(numbers, table.values()):
                add_run(c)
                for fact in printed:
                    reported = fact.value
                    interval = dict.get(intervals, id(reported))
                    if interval is None:
                        # ends(reported), its round-to-nearest case inline (nearly every figure):
                        # the call, two attribute reads and a string comparison were a quarter of it
                        half = dict.get(_HALVES, reported.exponent) if reported.rounding == "nearest" else None
                        if half is None:  # and the first of an exponent fills _HALVES
                            interval = _in(caller, ends, reported)
                        else:
                            figure = reported.value
                            try:
                                lo, hi = figure - half, figure + half
                                if not hi:  # -0 here, +0 rounded up
                                    hi = _up_add(figure, half)
                            except ArithmeticError:  # rounded, or a signal the methods' contexts may not raise
                                lo, hi = _down_sub(figure, half), _up_add(figure, half)
                            interval = (lo, hi, False, False)
                        intervals[id(reported)] = interval
                    constraints.append(interval)
                    origin.append(fact)
                    c += 1
        finally:
            setcontext(caller)
        add_run(c)
        for v, printed in claimed:
            for fact in printed:
                constraints.append((PRINTED, v, self._interval(fact.value)))
                origin.append(fact)
                c += 1
        self.printed = c
        if release:
            # Nor does the rest of the build read the figures by key (a claim's own are in
            # `claimed`): let them go now, and the relations take their memory (at a million
            # figures, 524k lists and their dict). The assertions' periods, which are read off
            # the table's keys, are gathered first.
            if book.assertions:
                ev.reported_periods("")
            ev.table_facts = ev.claim_facts = table = claimed = numbers = None
            # The figures' intervals by Reported too: the measures' figures, printed as % or
            # in another currency, are rarely a table's, and make a smaller dict of their own.
            self._intervals = intervals = {}
        # In the evaluation's order (a set's would differ from one process to the next, and with
        # it the order of the constraints, the propagation's and the chains it tells)
        periods_of: dict[str, list] = {}
        valued: dict = {}  # with `release`: a key's items by period, where it has a value and no variable
        for key, value in values.items():
            if value is not None:
                item, period = key
                found = periods_of.get(item)
                if found is None:
                    periods_of[item] = [period]
                else:
                    found.append(period)
                if release:
                    row = dict.get(by_period, period)
                    if row is None or item not in row:
                        items = valued.get(period)
                        if items is None:
                            valued[period] = {item}
                        else:
                            items.add(item)
        if release:
            # From here on `var` asks only whether a key it has no variable for has a value
            # (`_valued`): the values go now, and with them and the keys' list the last holders of
            # each (item, period) tuple, 524k at a million figures, whose memory the relations
            # then take. The keys are numbered instead (Keys).
            self._valued = valued
            ev.values = values = None
            self.key_of = key_of = Keys(key_of)
        for rule in book.rules:
            periods = periods_of.get(rule.target)
            if periods and two_bases:
                periods = [p for p in periods if (id(rule), p) not in two_bases]
            if periods:
                self._rule(rule, periods)
        self._quarter_sums(periods_of, two_bases)
        self._measures = len(constraints)  # the blocks of rules and quarter sums end here
        self._printed_measures(book.measured)
        self._assertions = len(constraints)
        for assertion in book.assertions:
            for period in self._assertion_periods(assertion):
                try:
                    self._comparison(assertion, period)
                except _Missing:
                    pass

    def _quarter_sums(self, periods_of: dict, two_bases: set) -> None:
        """Each additive item's sum of quarters at each period of more than one quarter where
        every part has a value: a block per item (`_own`). Each key is looked up here first, as
        `var` would look it up (most are there), and `var` asked only for the rest; stating each
        through `var` stays the definition (tests/check/test_network_build.py holds the two equal)."""
        ev, var, by_period = self.ev, self.var, self.by_period
        constraints, origin = self.net.constraints, self.origin
        additive = {item_id: is_additive(item) for item_id, item in self.book.items.items()}
        for item, periods in periods_of.items():
            if not additive.get(item):
                continue
            self._own("quarters", item)
            for period in periods:
                if not isinstance(period, Duration) or period.quarters == 1:
                    continue
                if two_bases and (item, period) in two_bases:
                    continue  # a restated year and original quarters: checked on the originals (rules.py)
                parts = []
                try:
                    for q in ev.quarters_of(period):
                        row = dict.get(by_period, q)
                        found = dict.get(row, item) if row is not None else None
                        parts.append(found if found is not None else var((item, q)))
                    row = dict.get(by_period, period)
                    whole = dict.get(row, item) if row is not None else None
                    if whole is None:
                        whole = var((item, period))
                except _Missing:
                    continue
                constraints.append((LINEAR, _quarters(len(parts)), _ZERO, whole, *parts))
                origin.append(period)  # its item is the block's (`_own`)

    def _rule(self, rule, periods) -> None:
        """A rule's equation at each period its target has a value. Its template, and the
        interval its sum must lie in, are the same at every period: worked out once here, and
        the constraint added in place where every slot is read at the period itself and names
        a distinct item (the common case); else as `_equation` states it, which stays the
        definition (tests/check/test_network_build.py holds the two equal)."""
        target = rule.target
        self._own("rule", rule)
        template, _, plain = self._template(rule.expr, True)
        kind = template[0]
        items = None if plain is None else tuple(target if item is None else item for item in plain)
        # An item twice (the target in its own sum, say) is one variable twice at every period,
        # which `_constraint` merges: `_equation` states it. Read at one period, distinct items
        # are distinct variables.
        if items is None or (kind == "linear" and (len(plain) < 2 or 0 in template[2])) \
                or len(set(items)) != len(items):
            for period in periods:
                try:
                    self._equation(rule.expr, period, (target, period), period)
                except _Missing:
                    pass
            return
        if kind == "linear":
            _, _, coefs, big, _, shift = template
            code, body, wanted = LINEAR, coefs, _scaled(_ZERO, big, shift)
        else:
            code, body, wanted = TREE, template[1], _ZERO
        var, by_period, constraints, origin = self.var, self.by_period, self.net.constraints, self.origin
        for period in periods:
            row = dict.get(by_period, period)
            if row is None:
                row = by_period[period] = {}
            constraint = [code, body, wanted]
            try:
                for item in items:
                    found = dict.get(row, item)  # `var` adds to this very dict
                    constraint.append(found if found is not None else var((item, period)))
            except _Missing:
                continue
            constraints.append(tuple(constraint))
            origin.append(period)  # its rule is the block's (`_own`)

    def _assertion_periods(self, assertion):
        # As check/rules.py chooses them: the periods of the left side's unanchored items.
        periods: dict = {}  # in the book's order, as a set's would differ per process
        for ref in refs(assertion.left):
            if ref.anchor is None:
                periods.update(dict.fromkeys(self.ev.reported_periods(ref.item)))
        if not periods:
            fixed = [r.anchor for side in (assertion.left, assertion.right) for r in refs(side)
                     if isinstance(r.anchor, (Duration, Instant))]
            periods.update(dict.fromkeys(fixed[:1]))
        return periods

    # -- expressions -----------------------------------------------------------------------

    def _linear(self, expr, calls, weight: tuple[int, int], terms: dict, const: list) -> bool:
        """Add weight * expr to `terms` (slot -> coefficient) and `const`, exact ratios (`_ratio`);
        False where it is not linear."""
        if isinstance(expr, Ref):
            slot = (expr, calls)
            found = terms.get(slot)
            terms[slot] = weight if found is None else _q_add(found, weight)
            return True
        if isinstance(expr, Num):
            const[0] = _q_add(const[0], _q_mul(weight, _ratio(expr.value)))
            return True
        if isinstance(expr, Neg):
            return self._linear(expr.operand, calls, _q_neg(weight), terms, const)
        if isinstance(expr, Bin):
            if expr.op in "+-":
                return (self._linear(expr.left, calls, weight, terms, const)
                        and self._linear(expr.right, calls, weight if expr.op == "+" else _q_neg(weight), terms,
                                         const))
            if expr.op == "*" and isinstance(expr.left, Num):
                return self._linear(expr.right, calls, _q_mul(weight, _ratio(expr.left.value)), terms, const)
            if expr.op == "*" and isinstance(expr.right, Num):
                return self._linear(expr.left, calls, _q_mul(weight, _ratio(expr.right.value)), terms, const)
            if expr.op == "/" and isinstance(expr.right, Num) and expr.right.value != 0:
                return self._linear(expr.left, calls, _q_div(weight, _ratio(expr.right.value)), terms, const)
            return False
        if isinstance(expr, Call) and expr.rate is not None and expr.function not in ("yoy%", "qoq%", "share%"):
            rate = _ratio(self.book.rates[expr.rate].value)
            if rate[0] == 0:
                return False  # the tree divides by the zero interval, which narrows nothing
            return self._linear(expr.args[0], calls, _q_div(weight, rate), terms, const)
        return False

    def _tree(self, expr, calls, nodes: list) -> int:
        if isinstance(expr, Ref):
            nodes.append((VAR, (expr, calls), None))
        elif isinstance(expr, Num):
            nodes.append((CONST, point(expr.value), None))
        elif isinstance(expr, Neg):
            inner = self._tree(expr.operand, calls, nodes)
            nodes.append((NEG, inner, None))
        elif isinstance(expr, Bin):
            left = self._tree(expr.left, calls, nodes)
            right = self._tree(expr.right, calls, nodes)
            nodes.append((_OPS[expr.op], left, right))
        elif expr.function in ("yoy%", "qoq%"):
            now = self._tree(expr.args[0], calls, nodes)
            before = self._tree(expr.args[0], calls + (expr.function,), nodes)
            nodes.append((DIV, now, before))
            nodes.append((CONST, point(Decimal(1)), None))
            nodes.append((SUB, len(nodes) - 2, len(nodes) - 1))
        elif expr.function == "share%":
            part = self._tree(expr.args[0], calls, nodes)
            whole = self._tree(expr.args[1], calls, nodes)
            nodes.append((DIV, part, whole))
        else:
            amount = self._tree(expr.args[0], calls, nodes)
            nodes.append((CONST, point(self.book.rates[expr.rate].value), None))
            nodes.append((DIV, amount, len(nodes) - 1))
        return len(nodes) - 1

    def _template(self, expr, minus: bool = False):
        """An expression compiled once, for every period it is stated at, and its slots here:
        (template, slots, plain). The template is a linear form ("linear", slots, coefs, scale,
        const, shift) with integer coefficients where the expression is a weighted sum, else
        ("tree", nodes, slots) whose VAR nodes hold slot numbers. A slot is a reference and the
        change functions it is read under (its period depends on them); `plain` lists the
        slots' items where every one is read at the period itself (no anchor, no change
        function), the common case, and `slots` is then not needed (None); else plain is None.
        `minus`: the expression less the rule's target, stated as the last slot, (None, ())."""
        if isinstance(expr, Call) and all(isinstance(a, Ref) for a in expr.args):
            # A printed measure's cell: its row's function of its row's items. Compiled once per
            # function, rate and anchors (the items' places in it kept), then given each row's items.
            args = expr.args
            if len(args) == 1:  # a change or a translation: the common case, keyed without building tuples
                key = (expr.function, expr.rate, args[0].anchor, minus)
            else:
                pattern = tuple(args.index(a) for a in args)  # share%(x, x): one item twice
                key = (expr.function, expr.rate, tuple(a.anchor for a in args), pattern, minus)
            generic = self._templates.get(key)
            if generic is None:
                generic = self._templates[key] = self._generic(expr, minus)
            template, places, plain = generic
            if plain:
                return template, None, tuple(None if j is None else args[j].item for j in places)
            slots = tuple((None, calls) if j is None else (args[j], calls)
                          for j, (_, calls) in zip(places, template[2 if template[0] == "tree" else 1]))
            return template, slots, None
        key = (id(expr), minus)
        found = self._templates.get(key)
        if found is None:
            template = self._compile(expr, minus)
            slots = template[2 if template[0] == "tree" else 1]
            found = self._templates[key] = (template, slots, _plain(slots))
            self._keep.append(expr)  # ids stay unique while the template is cached
        return found

    def _generic(self, call, minus: bool):
        """A measure's template, for each slot the place of its reference among the call's
        arguments, and whether every slot is read at the period itself."""
        template = self._compile(call, minus)
        slots = template[2 if template[0] == "tree" else 1]
        places = tuple(None if ref is None else next(j for j, a in enumerate(call.args) if a is ref)
                       for ref, _ in slots)
        return template, places, _plain(slots) is not None

    def _compile(self, expr, minus: bool):
        terms: dict = {}
        const = [_ZERO_Q]
        if self._linear(expr, (), _ONE_Q, terms, const):
            slots = tuple(terms)
            ratios = [terms[slot] for slot in slots]
            scale = lcm(*(k[1] for k in ratios), const[0][1]) if ratios else 1
            coefs = tuple(_shared(Decimal(k[0] * (scale // k[1]))) for k in ratios)
            big = Decimal(scale)
            if minus:
                slots += ((None, ()),)
                coefs += (_shared(-big),)
            shift = _decimal(_q_mul(const[0], (scale, 1))) if const[0][0] else Decimal(0)
            return ("linear", slots, coefs, big, const[0], shift)
        nodes: list = []
        self._tree(expr, (), nodes)
        slots = list(dict.fromkeys(a for code, a, _ in nodes if code == VAR))
        if minus:
            root = len(nodes) - 1
            nodes.append((VAR, (None, ()), None))
            nodes.append((SUB, root, len(nodes) - 1))
            slots.append((None, ()))
        number = {slot: j for j, slot in enumerate(slots)}
        nodes = tuple((code, number[a], b) if code == VAR else (code, a, b) for code, a, b in nodes)
        return ("tree", nodes, tuple(slots))

    def _slot_var(self, slot, period, target) -> int:
        ref, calls = slot
        if ref is None:
            return self.var(target)
        offset = sum(_change_offset(f, period) for f in calls) if calls else 0
        return self.var((ref.item, self.ev.at(ref, period, offset)))

    def _variables(self, slots, plain, period, target) -> list[int]:
        """The slots' variables at a period (target: the rule's own key, for its slot)."""
        if plain is None:
            return [self._slot_var(slot, period, target) for slot in slots]
        variables, row = [], self._row(period)
        for item in plain:
            if item is None:
                variables.append(self.var(target))
                continue
            found = row.get(item)
            variables.append(found if found is not None else self.var((item, period)))
        return variables

    def _constraint(self, expr, period, wanted, minus_key=None):
        """expr (minus the variable of `minus_key`) in `wanted`, at a period. Returns the
        constraint and, for a linear one, (scale, const) such that expr = sum / scale + const."""
        template, slots, plain = self._template(expr, minus_key is not None)
        variables = self._variables(slots, plain, period, minus_key)
        if template[0] == "linear":
            _, _, coefs, big, const, shift = template
            if len(set(variables)) != len(variables) or 0 in coefs:
                # x and x@1Q03 at 1Q03: one variable; a term times 0 (0 * x) constrains nothing
                # (and 0 times an unbounded domain is no number)
                merged: dict = {}
                for v, k in zip(variables, coefs):
                    merged[v] = merged.get(v, 0) + k
                merged = {v: k for v, k in merged.items() if k != 0}
                variables, coefs = list(merged), tuple(_shared(k) for k in merged.values())
            if not variables:
                return None, None
            return _linear(variables, coefs, big, const, shift, wanted)
        nodes = template[1]
        if len(set(variables)) != len(variables):  # two slots, one variable: its nodes name it once
            unique = tuple(dict.fromkeys(variables))
            at = [unique.index(v) for v in variables]
            nodes = tuple((code, at[a], b) if code == VAR else (code, a, b) for code, a, b in nodes)
            variables = unique
        return (TREE, nodes, wanted, *variables), None

    def _equation(self, expr, period, target, origin) -> None:
        constraint, _ = self._constraint(expr, period, _ZERO, minus_key=target)
        if constraint is not None:
            self._add(constraint, origin)

    def _printed_measures(self, measures) -> None:
        """Each printed measure's constraint, in the book's order. Most are a function of one
        item or of two distinct ones (a change, a translation, a share): their template, the
        periods its slots are read at and their scaling are worked out once per function, rate
        and anchors (`_recipe`), and the constraint is made in this one loop, with what it reads
        bound once (a call or two per measure, and the key's tuples, were most of its cost); it
        is the constraint `_general_measure` states, which stays the definition
        (tests/check/test_network_build.py holds the two equal). Anything else is stated there.

        A translated figure's interval is made with operators in _EXACT_DOWN, set once for the
        loop (`_in_exact`): a switch of context costs about what the operators save on a figure."""
        caller = getcontext()
        setcontext(_EXACT_DOWN)
        try:
            self._in_exact(measures, caller)
        finally:
            setcontext(caller)

    def _in_exact(self, measures, caller) -> None:
        """`_printed_measures`' loop, in _EXACT_DOWN. Nothing else it runs makes a Decimal
        (the periods a reference reads are worked out in integers), but the general path
        (`_recipe`, `_general_measure`, `ends`), which runs in `caller`, the context the build
        was called in, as it always did."""
        ev, by_period, var, recipes = self.ev, self.by_period, self.var, self._recipes
        superseded = ev.superseded
        constraints, origin, intervals = self.net.constraints, self.origin, self._intervals
        shifted: dict = {}  # (period, offset) -> the period an unanchored reference reads (ev.at)
        for measured in measures:
            if superseded and self._replaced(measured):
                continue
            expr = measured.expr
            if type(expr) is not Call:
                key = None
            elif len(expr.args) == 1:  # a change or a translation: keyed without a call
                key = (expr.function, expr.rate, expr.args[0].anchor) if type(expr.args[0]) is Ref else None
            else:
                key = _recipe_key(expr)
            recipe = None if key is None else dict.get(recipes, key, False)
            if recipe is False:
                recipe = recipes[key] = _in(caller, self._recipe, expr)
            try:
                if recipe is None:
                    _in(caller, self._general_measure, measured)
                    continue
                nodes, reads, translation = recipe
                period, args = measured.period, expr.args
                variables = []
                for j, calls in reads:
                    ref = args[j]
                    if calls:
                        offset = _change_offset(calls[0], period) if len(calls) == 1 else sum(
                            _change_offset(f, period) for f in calls)
                        if ref.anchor is None:  # as ev.at reads it: the period shifted
                            at = dict.get(shifted, (period, offset))
                            if at is None:
                                at = shifted[(period, offset)] = ev.at(ref, period, offset)
                        else:
                            at = ev.at(ref, period, offset)
                    else:
                        at = period if ref.anchor is None else ev.at(ref, period)
                    row = dict.get(by_period, at)
                    found = dict.get(row, ref.item) if row is not None else None
                    variables.append(found if found is not None else var((ref.item, at)))
                if len(variables) > 1 and (variables[0] == variables[1] if len(variables) == 2
                                           else len(set(variables)) != len(variables)):
                    _in(caller, self._general_measure, measured)  # x and x@1Q03 at 1Q03: merged there
                    continue
            except _Missing:
                continue
            value = measured.value
            if translation is None:  # a tree: its figure's interval is shared by every measure printing it
                interval = dict.get(intervals, id(value))
                if interval is None:
                    interval = intervals[id(value)] = _in(caller, ends, value)
                constraints.append((TREE, nodes, interval, *variables))
                origin.append(measured)
                continue
            # The figure's interval is read here only to be scaled, so it is not kept for the build
            # (`_intervals`): the constraint holds the scaled one. At a million figures the intervals
            # of 80k translated figures were 24 MiB more at the build's peak.
            coefs, big, const, shift, scaling, positive = translation
            if len(variables) == 1:  # a translation: _linear's interval on its variable, its steps inline
                k, interval = coefs[0], None
                # ends(value), scaled and shrunk, with operators where it is rounded to nearest (nearly
                # every figure); the methods make it where one would round or an upper end is zero
                half = dict.get(_HALVES, value.exponent) if value.rounding == "nearest" else None
                if half is not None:
                    figure = value.value
                    try:
                        top = figure + half
                        hi = top * big - shift
                        if top and hi:  # an exact zero sum is -0 here, +0 rounded up: made below
                            lo = (figure - half) * big - shift
                            interval = (lo / k, hi / k, False, False) if positive else (hi / k, lo / k, False, False)
                    except ArithmeticError:  # rounded, or a signal the methods' contexts may not raise
                        interval = None
                if interval is None:  # the definition, as the methods round each step outwards
                    lo, hi, lo_open, hi_open = _in(caller, ends, value)  # finite: a printed figure's
                    lo, hi = _sub_d(_mul_d(lo, big), shift), _sub_u(_mul_u(hi, big), shift)
                    interval = ((_div_d(lo, k), _div_u(hi, k), lo_open, hi_open) if positive else
                                (_div_d(hi, k), _div_u(lo, k), hi_open, lo_open))  # shrink's
                constraints.append((PRINTED, variables[0], interval))
            else:  # `_linear` makes no Decimal but through the methods
                constraints.append(_linear(variables, coefs, big, const, shift, _in(caller, ends, value))[0])
            # The scaling is the same for every measure of the recipe: one tuple for them all, as
            # the recipe is one (96k of them at a million figures)
            origin.append(("measured", measured, scaling))

    def _replaced(self, measured) -> bool:
        """Whether a measure is printed beside originals a restatement replaced: it is checked
        on them (measures.py), not here."""
        superseded = self.ev.superseded
        return bool(superseded) and not measured.source.restated and any(
            key in superseded for key in self.ev.keys_of(measured.expr, measured.period))

    def _recipe(self, call):
        """(nodes, reads, translation) for a measure that is a function of distinct references
        (`_recipe_key`): `reads` gives each slot's argument and change functions; a tree's
        `nodes`, or for a linear template with no zero coefficient its `translation`, (coefs,
        scale, const, shift, scaling, positive), the scaling `_linear` gives for that many
        variables, and whether a lone variable's coefficient is positive; or
        None where the general path must state it."""
        template, places, _ = self._generic(call, False)
        slots = template[2 if template[0] == "tree" else 1]
        reads = tuple(zip(places, (calls for _, calls in slots)))
        if template[0] == "tree":
            return template[1], reads, None
        _, _, coefs, big, const, shift = template
        if not coefs or 0 in coefs:
            return None
        # the scaling, and whether a lone variable's coefficient is positive (as `shrink` asks)
        return None, reads, (coefs, big, const, shift, (big, const, coefs[0] if len(coefs) == 1 else None),
                             len(coefs) == 1 and coefs[0] > 0)

    def _general_measure(self, measured) -> None:
        wanted = self._interval(measured.value)
        constraint, scaling = self._constraint(measured.expr, measured.period, wanted)
        if constraint is not None:
            self._add(constraint, measured if scaling is None else ("measured", measured, scaling))

    def _comparison(self, assertion, period) -> None:
        expr = Bin("-", assertion.left, assertion.right)
        constraint, _ = self._constraint(expr, period, _COMPARISONS.get(assertion.op, _COMPARISONS["="]))
        if constraint is not None:
            self._add(constraint, ("assertion", assertion, period))

    # -- reading constraints back ----------------------------------------------------------

    def facts_of(self, v: int) -> tuple:
        """The printed figures variable v's value is made of, in order: its Value's `facts` in
        the evaluation (none for a value a rule or quarters give), read from the network, so
        that a worker can let the evaluation go once the network is built (`release`)."""
        runs = self.net.runs
        if v + 1 < len(runs):
            return tuple(self.origin[runs[v]:runs[v + 1]])
        return self.claimed.get(v, ())

    def is_figure(self, c: int) -> bool:
        found = self.origin[c]
        if type(found) is tuple:
            return found[0] == "measured"
        return c < self.printed or type(found) is Measured
