"""Interval constraint propagation: narrow every figure's interval by every relation it is in.

check/joint.py builds a Network from a book (printed figures, rules, quarter
sums, measures, assertions) and asks it for the fixpoint; this module knows
nothing of books. A variable is a number; a domain is an interval of exact
decimals (lo, hi, lo_open, hi_open), where an infinite end is always open; a
constraint is a printed interval on one variable, a linear sum of variables
with integer coefficients inside an interval, or an expression tree inside
an interval.

HC4 (Benhamou, Goualard, Granvilliers, Puget 1999): each constraint is
revised in both directions -- forward, the interval of its expression from
its terms'; backward, each term's interval from the others' -- and a
variable that narrows puts the other constraints it is in back on the queue,
to a fixpoint or a bound on the revisions. Narrowing only intersects, and
every operation rounds outwards, so a domain always holds every value its
variable can truly take: an empty domain proves that no choice of values
satisfies all the constraints at once. Stopping at the bound only leaves
domains wider than they could be, never wrong.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections import deque
from decimal import (ROUND_CEILING, ROUND_FLOOR, Clamped, Context, Decimal, DivisionByZero, Inexact, InvalidOperation,
                     Overflow, Rounded, Subnormal, Underflow, getcontext, setcontext)
from itertools import accumulate, chain, filterfalse, islice

_D = Context(prec=80, rounding=ROUND_FLOOR, traps=[])
_U = Context(prec=80, rounding=ROUND_CEILING, traps=[])
# Their methods, bound once: a method looked up on a Context costs about what the operation does.
_add_d, _add_u, _sub_d, _sub_u = _D.add, _U.add, _D.subtract, _U.subtract
_mul_d, _mul_u, _div_d, _div_u = _D.multiply, _U.multiply, _D.divide, _U.divide
# A linear relation's sums, worked out first with operators in a context where any rounding or other
# signal is an error: where none is raised, each is exactly what _D's and _U's give (only compared,
# so the sign of a zero does not matter), without the methods' parsing of a tuple of arguments each.
# So are a finite sum's bounds on its terms (`_exact_needs`, which writes a zero as _D would).
_EXACT = Context(prec=80, traps=[Clamped, DivisionByZero, Inexact, InvalidOperation, Overflow, Rounded, Subnormal,
                                 Underflow])
ZERO = Decimal(0)
ONE = Decimal(1)
MINUS_ONE = Decimal(-1)  # with ONE, the coefficients a network shares, tested by identity
INF = Decimal("Infinity")
WHOLE = (-INF, INF, True, True)

# Node codes of an expression tree, in postorder: (code, a, b).
VAR, CONST, NEG, ADD, SUB, MUL, DIV = range(7)
# Constraint kinds: (PRINTED, var, interval), (LINEAR, coefs, interval, *vars), (TREE, nodes, interval,
# *vars), where a tree's VAR node (VAR, j, None) reads vars[j]: constraint[2] is always the interval,
# and a relation's variables are the rest of its tuple (constraint[3:], `variables_of`), not a tuple of
# their own (460k of them were 24 MiB at a million figures). A printed figure in a run (Network.runs)
# is kept as its interval alone: read it with Network.constraint.
PRINTED, LINEAR, TREE = range(3)

ROUNDS = 30  # revisions of one constraint before it is left as it is (sound: domains stay wider)
# Revisions a network keeps for solves of a part of it (Network.revised), before it forgets them all
# and starts again: a book with hundreds of errors must not hold every trial's revisions at once.
REVISED = 50_000  # about 9 MiB: 130 to 190 bytes each on the bundled and generated books
_EAGER = 4  # revisions during which any narrowing re-queues the neighbours; after, only a large one


# -- interval arithmetic on tuples -----------------------------------------------------------


def point(value: Decimal):
    return (value, value, False, False)


def closed(lo: Decimal, hi: Decimal, lo_open: bool = False, hi_open: bool = False):
    return (lo, hi, lo_open or lo == -INF, hi_open or hi == INF)


def add(a, b):
    return (_add_d(a[0], b[0]), _add_u(a[1], b[1]), a[2] or b[2], a[3] or b[3])


def neg(a):
    return (-a[1], -a[0], a[3], a[2])


def sub(a, b):
    return (_sub_d(a[0], b[1]), _sub_u(a[1], b[0]), a[2] or b[3], a[3] or b[2])


def mul(a, b):
    if a[0] > 0 and b[0] > 0:  # the common case (amounts, counts, rates): no sign to sort out
        return (_mul_d(a[0], b[0]), _mul_u(a[1], b[1]), a[2] or b[2], a[3] or b[3])
    a0, a1, b0, b1 = a[0], a[1], b[0], b[1]
    if a0 and a1 and b0 and b1:  # no end zero (a loss, a negative rate): the four products, as below, unrolled
        o00, o01, o10, o11 = a[2] or b[2], a[2] or b[3], a[3] or b[2], a[3] or b[3]
        l00, l01, l10, l11 = _mul_d(a0, b0), _mul_d(a0, b1), _mul_d(a1, b0), _mul_d(a1, b1)
        h00, h01, h10, h11 = _mul_u(a0, b0), _mul_u(a0, b1), _mul_u(a1, b0), _mul_u(a1, b1)
        lo = min(l00, l01, l10, l11)
        hi = max(h00, h01, h10, h11)
        return (lo, hi,
                (l00 != lo or o00) and (l01 != lo or o01) and (l10 != lo or o10) and (l11 != lo or o11),
                (h00 != hi or o00) and (h01 != hi or o01) and (h10 != hi or o10) and (h11 != hi or o11))
    return _products(a, b)


def _products(a, b):
    """a * b from the four products of the ends, whatever their signs, zeros and infinities."""
    los = []
    his = []
    for x, xo in ((a[0], a[2]), (a[1], a[3])):
        for y, yo in ((b[0], b[2]), (b[1], b[3])):
            if x.is_zero() or y.is_zero():
                # A closed zero factor attains zero; 0 * infinity is taken as 0 for the hull.
                lo = hi = ZERO
                opened = (xo or yo) and not ((x.is_zero() and not xo) or (y.is_zero() and not yo))
            else:
                lo, hi, opened = _mul_d(x, y), _mul_u(x, y), xo or yo
            los.append((lo, opened))
            his.append((hi, opened))
    lo = min(v for v, _ in los)
    hi = max(v for v, _ in his)
    return (lo, hi, all(o for v, o in los if v == lo), all(o for v, o in his if v == hi))


def scale(a, k: Decimal):
    """k * a for a nonzero constant k."""
    if k > 0:
        return (_mul_d(a[0], k), _mul_u(a[1], k), a[2], a[3])
    return (_mul_d(a[1], k), _mul_u(a[0], k), a[3], a[2])


def shrink(a, k: Decimal):
    """a / k for a nonzero constant k, rounded outwards."""
    if k > 0:
        return (_div_d(a[0], k), _div_u(a[1], k), a[2], a[3])
    return (_div_d(a[1], k), _div_u(a[0], k), a[3], a[2])


def reciprocal(b):
    """1/x over the interval, or None where it holds zero (the whole line)."""
    lo, hi, lo_open, hi_open = b
    if lo > 0 or hi < 0:
        return (_div_d(ONE, hi), _div_u(ONE, lo), hi_open, lo_open)
    if lo.is_zero() and lo_open and hi > 0:
        return (_div_d(ONE, hi), INF, hi_open, True)
    if hi.is_zero() and hi_open and lo < 0:
        return (-INF, _div_u(ONE, lo), True, lo_open)
    return None


def div(a, b):
    inverse = reciprocal(b)
    return WHOLE if inverse is None else mul(a, inverse)


def intersect(a, b):
    """The values in both, or None."""
    if a[0] > b[0] or (a[0] == b[0] and a[2]):
        lo, lo_open = a[0], a[2]
    else:
        lo, lo_open = b[0], b[2]
    if a[1] < b[1] or (a[1] == b[1] and a[3]):
        hi, hi_open = a[1], a[3]
    else:
        hi, hi_open = b[1], b[3]
    if lo > hi or (lo == hi and (lo_open or hi_open)):
        return None
    return (lo, hi, lo_open, hi_open)


def within(a, b) -> bool:
    """Whether every value of a is in b: intersect(a, b) == a, without making the intersection."""
    return ((a[0] > b[0] or (a[0] == b[0] and (a[2] or not b[2])))
            and (a[1] < b[1] or (a[1] == b[1] and (a[3] or not b[3]))))


def _large(old, new, context: Context) -> bool:
    """A narrowing worth passing on once a constraint has been revised often: an end
    that was infinite, or a cut of more than a thousandth of the old width. Worked out in
    `context`, the solve's caller's (the solve itself runs in _EXACT, where a width of
    more digits than it holds would be refused)."""
    width = context.subtract(old[1], old[0])
    if not width.is_finite():
        return True
    return context.multiply(context.subtract(width, context.subtract(new[1], new[0])), 1000) > width


# -- the network -----------------------------------------------------------------------------


class Conflict:
    """Where the propagation found no value: the constraint being revised and the
    variable whose domain came out empty (None: the constraint's own interval)."""

    __slots__ = ("constraint", "var", "before", "wanted")

    def __init__(self, constraint: int, var: int | None, before=None, wanted=None) -> None:
        self.constraint, self.var, self.before, self.wanted = constraint, var, before, wanted


class Uses:
    """A network's uses once no constraint is added (a book's, read off its constraints, `of`):
    variable v's constraints are flat[starts[v]:starts[v + 1]], read as `uses[v]`, in order."""

    __slots__ = ("flat", "starts")

    def __init__(self, flat: array, starts: array) -> None:
        self.flat, self.starts = flat, starts

    @classmethod
    def of(cls, constraints: list, first: int, count: int) -> Uses:
        """The uses of `count` variables by constraints[first:], each read off its constraint
        (`variables_of`), in the constraints' order."""
        ends = [0] * count  # how many uses each variable has
        for constraint in islice(constraints, first, None):
            if constraint[0] == PRINTED:
                ends[constraint[1]] += 1
            else:  # indexed in place, where a slice of the tuple was made for each constraint twice
                for j in range(3, len(constraint)):
                    ends[constraint[j]] += 1
        starts = array("i", accumulate(ends, initial=0))
        at = starts.tolist()  # where each variable's next use goes
        flat = array("i", bytes(4 * at[-1]))
        for c in range(first, len(constraints)):
            constraint = constraints[c]
            if constraint[0] == PRINTED:
                var = constraint[1]
                i = at[var]
                flat[i] = c
                at[var] = i + 1
            else:
                for j in range(3, len(constraint)):
                    var = constraint[j]
                    i = at[var]  # read once, where += read it again
                    flat[i] = c
                    at[var] = i + 1
        return cls(flat, starts)

    def __getitem__(self, var: int) -> array:
        starts = self.starts
        return self.flat[starts[var]:starts[var + 1]]

    def __len__(self) -> int:
        return len(self.starts) - 1


class Network:
    """Variables and constraints; `solve` propagates over any subset of the constraints."""

    def __init__(self) -> None:
        self.constraints: list[tuple] = []
        self.var_count = 0
        # variable -> constraints it is in (read `uses_of`): a list each, or, once no constraint
        # is to be added (a book's network once built), all of them in one array (Uses)
        self.uses: list | Uses = []
        # The network's first constraints may be printed figures grouped by variable, kept out
        # of `uses`: variable v's (for v < len(runs) - 1) are constraints runs[v] to
        # runs[v + 1] - 1, and no other constraint is numbered before them. A revision never
        # passes a narrowing on to a figure; the 715k of a million-figure book in `uses` were 21 MB.
        # In `constraints` such a figure is its interval alone, its kind and variable known from
        # the run it is in (`constraint`): a tuple (PRINTED, v, interval) each was 44 MiB there.
        self.runs = ()  # array('i'), where there are runs
        # What a relation's revision did from given domains, for the solves of a part of the
        # network (a culprit search's, the ranking's): (c, each variable's domain) -> True idle,
        # False nothing narrowed, its effects (Solution._effects), or [its Conflict, (variable,
        # domain) for what it narrowed before failing]. A revision depends on nothing else, and
        # two trials of one error, or of two errors that share figures, revise most relations from
        # the same domains (see `Solution._revised`).
        self.revised: dict = {}

    def constraint(self, c: int) -> tuple:
        """Constraint c as a tuple of its kind, whether or not it is a figure of a run."""
        runs = self.runs
        if runs and c < runs[-1]:
            return (PRINTED, bisect_right(runs, c) - 1, self.constraints[c])
        return self.constraints[c]

    def uses_of(self, var: int):
        """Every constraint `var` is in, in order: its figures in `runs`, then those in `uses`."""
        runs = self.runs
        if var + 1 < len(runs):
            return chain(range(runs[var], runs[var + 1]), self.uses[var])
        return self.uses[var]

    def variable(self) -> int:
        self.uses.append([])
        self.var_count += 1
        return self.var_count - 1

    def add(self, constraint: tuple) -> int:
        index = len(self.constraints)
        self.constraints.append(constraint)
        for var in variables_of(constraint):
            uses = self.uses[var]
            if not uses or uses[-1] != index:
                uses.append(index)
        return index

    def solve(self, active=None, removed=frozenset(), track: bool = True, first: dict | None = None,
              learn: bool = True) -> Solution:
        """Propagate over the constraints in `active` (all when None) except `removed`;
        `track`: remember which constraint set each end, for `explanation`; `first`: what
        each constraint's first revision gave in earlier solves of the same `active` (see
        `Solution.run`), read, and added to if `learn`."""
        return Solution(self, active, removed, track, first, learn).run()

    def first_wave(self, first: dict, stop=None) -> None:
        """Fill `first` (see `Solution.run`) for solves of every constraint: each relation
        revised once, in order, from the domains the printed intervals give, what it did kept
        and the domains put back after it; and those domains, with the relations in order
        (`first[START]`). Solves of every constraint, whatever they remove, read them back.
        `stop()`, asked every ASK_EVERY relations, ends the wave early: what it kept so far
        stands. (The joint pass's worker does this while the pairwise checks run.)"""
        solution = self.start(None, first)
        constraints, domains = self.constraints, solution.domains
        printed, relations, _ = first[START]
        revision = solution._revision
        solution.caller = previous = getcontext()
        solution.negates = _negates_as_exact(previous)
        setcontext(_EXACT)  # the revisions' context (Solution._revision), set once for them all
        try:
            for n, c in enumerate(relations):
                if stop is not None and not n % ASK_EVERY:
                    setcontext(previous)  # `stop` is the caller's code, run in the caller's context
                    if stop():
                        return
                    setcontext(_EXACT)
                constraint = constraints[c]
                narrowed = revision(c, constraint)
                if narrowed is None:  # a relation that fails on its own: a solve revises it itself
                    solution.conflict = None
                else:
                    first[c] = solution._effects(narrowed) if narrowed else _UNCHANGED[narrowed == ()]
                if narrowed is None or narrowed:  # each relation from the printed domains alone: undo it
                    for v in constraint[3:]:
                        domains[v] = printed[v]
        finally:
            setcontext(previous)

    def start(self, active, first: dict) -> Solution:
        """Fill first[START] for untracked solves of `active` (None: every constraint) that read
        `first`: the printed phase made once for them all, each then working out again only the
        variables of the figures it removes (`Solution._started`). A first wave, and a culprit
        search for its trials, make it. Returns the solve whose printed phase it was, its
        domains those of the printed figures."""
        solution = Solution(self, active, frozenset(), False)
        # Figures that cannot both hold: a solve that keeps both stops at them, and one that
        # removes either reads back nothing on their variable (it is in `moved`).
        relations, disagree = solution._printed(solution.order, True)
        domains = solution.domains
        # Every variable's domain a first wave then changes and puts back: kept as they are now.
        first[START] = (tuple(domains) if active is None else domains, relations, frozenset(disagree))
        return solution


START = "start"  # in a first wave's dict: the printed domains, and the relations in order
# What a first revision that narrowed nothing is kept as, shared: [False] nothing narrowed (falsy and
# not ()), [True] idle (()). A revision's own empty list, kept for each of a million relations, was
# 56 bytes apiece.
_UNCHANGED = (frozenset(), ())
ASK_EVERY = 256  # relations a first wave revises between two questions to `stop`


def _kept(count: int, removed):
    """range(count) less `removed`, in order: the ranges between the removed ones, chained, so
    that each number is made and handed on in C, where a generator testing each against
    `removed` was resumed once a constraint (about 280 instructions each, 45 M at 100k facts)."""
    parts = []
    start = 0
    for c in sorted(c for c in removed if 0 <= c < count):
        parts.append(range(start, c))
        start = c + 1
    parts.append(range(start, count))
    return chain.from_iterable(parts)


def variables_of(constraint: tuple):
    kind = constraint[0]
    if kind == PRINTED:
        return (constraint[1],)
    return constraint[3:]


class _Few(dict):
    """A solve's domains by variable, WHOLE where it has set none (see Solution)."""

    __slots__ = ()

    def __missing__(self, var: int):
        return WHOLE


class Solution:
    """The fixpoint of one propagation: domains, why each end is where it is, or a conflict."""

    def __init__(self, network: Network, active, removed, track: bool = True, first: dict | None = None,
                 learn: bool = True) -> None:
        self.network = network
        self.track = track
        self.first = first
        self.learn = learn
        # Every variable's domain, by its number: a list (indexed, not hashed) for a solve of every
        # constraint; for a solve of a few (a culprit's neighbourhood and its trials) only those
        # it sets, where a list of every variable would cost more to make than the solve.
        self.domains = [WHOLE] * network.var_count if active is None else _Few()
        self.why: dict[int, tuple[int, int]] = {}  # variable -> (constraint of its lo, of its hi)
        self.step: dict[int, int] = {}  # constraint -> the last step it narrowed something
        self.conflict: Conflict | None = None
        # constraint -> how often it was revised, where more than once: the first pass revises
        # every relation once (a dict entry each would be most of them, and a lot of memory)
        self.revisions: dict[int, int] = {}
        if active is None:
            self.active = None
            # every constraint, in order, read once by run (a list of them would be held as long as the solution)
            self.order = _kept(len(network.constraints), removed)
        else:
            self.active = set(active) - set(removed)
            self.order = sorted(self.active)
        self.removed = removed
        self.caller: Context | None = None  # the context a solve's caller set (`run`): its revisions run in _EXACT
        self.negates = False  # whether the caller's context negates as _EXACT does (`_negates_as_exact`)
        self._clock = 0
        self.memo = network.revised if active is not None else None

    def domain(self, var: int):
        return self.domains[var]

    def run(self) -> Solution:
        """The propagation, in _EXACT: its revisions' context (`_revision`), set once for them
        all, where each linear revision set it and put the caller's back (two writes of the
        interpreter's context variable a revision, each about 1,000 instructions)."""
        previous = getcontext()
        setcontext(_EXACT)
        self.caller = previous
        self.negates = _negates_as_exact(previous)
        try:
            return self._run(previous)
        finally:
            setcontext(previous)

    def _run(self, previous: Context) -> Solution:
        """`run` in _EXACT; `previous`: the caller's context."""
        constraints = self.network.constraints
        first, learn, active, removed = self.first, self.learn, self.active, self.removed
        # A solve of part of the network reads back what earlier ones revised (Network.revised).
        revise = self._revision if self.memo is None else self._revised
        # Printed intervals first: they are the starting domains.
        start = first.get(START) if first is not None and not self.track else None
        rest = self._started(start) if start is not None else None
        if rest is None:
            printed = self._printed(self.order, False)
            if printed is None:
                return self
            rest = printed[0]
        queue: deque = deque()
        queued: set = set()
        uses = self.network.uses
        # A book network's uses read here straight off its arrays (a call of Uses.__getitem__
        # for each narrowing passed on was 1% of `ledger check` at 100k)
        flat, starts = (uses.flat, uses.starts) if type(uses) is Uses else (None, None)
        revisions = self.revisions
        # A relation whose whole range is wanted can never narrow (its range only shrinks
        # as its terms do, and stays wanted): it is not revised again. A solve of every
        # constraint marks it in a byte of its own (a set of them was 8 MiB at a million
        # figures); a solve of a few, in a set.
        whole = active is None
        idle = bytearray(len(constraints)) if whole else set()
        # A constraint's first revision, while none of its variables has moved from the domain
        # the printed intervals give it, depends on nothing else: solves of one set of
        # constraints that differ only in what they remove (a culprit's trials, the joint
        # pass's solves of the whole network) read it back from `first` (() idle, [] nothing
        # narrowed, else what it narrowed each variable to, done again) for every constraint
        # none of whose variables lost a printed interval or has narrowed since.
        moved = set()  # variables narrowed by a relation in this solve
        if first is not None:
            # A printed figure taken out changes its variable's starting domain; a relation taken
            # out changes none (each first revision is made from the printed domains alone).
            for c in removed:
                constraint = self.network.constraint(c)
                if constraint[0] == PRINTED:
                    moved.add(constraint[1])
            if start is not None:
                moved.update(start[2])  # their figures disagreed in the first wave

        def passed_on(c: int, narrowed, sweeping: bool) -> None:
            """Queue the relations a revision's narrowings reach (`sweeping`: while the first
            pass is still to reach those after c, which are as good as queued)."""
            for var, old in narrowed:
                if first is not None:
                    moved.add(var)
                new = self.domains[var]
                # a table's figures are not among them (`runs`); a claim's are skipped
                for other in (uses[var] if flat is None else flat[starts[var]:starts[var + 1]]):
                    if other == c or (sweeping and other > c) or other in queued \
                            or (idle[other] if whole else other in idle) or constraints[other][0] == PRINTED:
                        continue
                    if (other in removed) if active is None else (other not in active):
                        continue
                    if revisions.get(other, 1) >= _EAGER and not _large(old, new, previous):
                        continue
                    queue.append(other)
                    queued.add(other)

        # The first pass: every relation once, in order, as a queue of them all would take them
        # (what a narrowing passes on goes behind the rest).
        for c in rest:
            constraint = constraints[c]
            known = fresh = None
            if first is not None and moved.isdisjoint(constraint[3:]):
                known = first.get(c)
                if known is not None and not known:  # nothing narrowed, or idle: nothing to do
                    if known == ():
                        if whole:
                            idle[c] = 1
                        else:
                            idle.add(c)
                    continue
                fresh = known is None  # from the printed intervals: kept, where the solve learns
            if known is not None:
                narrowed = self._replay(c, known)
            else:
                narrowed = revise(c, constraint)
                if narrowed is None:
                    return self
                if fresh and learn:
                    first[c] = self._effects(narrowed) if narrowed else _UNCHANGED[narrowed == ()]
            if narrowed == ():
                if whole:
                    idle[c] = 1
                else:
                    idle.add(c)
            elif narrowed:
                passed_on(c, narrowed, True)
        # Then what the narrowings passed on, to a fixpoint or the bound on revisions.
        while queue:
            c = queue.popleft()
            queued.discard(c)
            count = revisions.get(c, 1)  # a queued relation has been through the first pass
            if count >= ROUNDS:
                continue
            revisions[c] = count + 1
            constraint = constraints[c]
            narrowed = revise(c, constraint)
            if narrowed is None:
                return self
            if narrowed == ():
                if whole:
                    idle[c] = 1
                else:
                    idle.add(c)
            elif narrowed:
                passed_on(c, narrowed, False)
        return self

    def _printed(self, order, past_disagreement: bool):
        """The printed phase: each variable's domain from its printed intervals, the constraints
        taken in `order`. Returns the relations among them, and the variables whose printed
        intervals do not meet: with `past_disagreement` noted and gone past (a first wave),
        else the phase stops at the first, its conflict kept, and returns None."""
        network = self.network
        constraints, domains, track, runs = network.constraints, self.domains, self.track, network.runs
        # A run's figures are their intervals alone (Network.runs): their variable is the run
        # they are in, found walking the runs as c grows (`order` is ascending).
        end = runs[-1] if runs else 0
        var, following = -1, 0  # the run c is in, and where the next one starts
        # A solve of every constraint keeps its relations' numbers in an array: a list of them
        # held an int object for each as long as the solve ran (17 MiB at a million figures).
        relations, disagree = array("i") if self.active is None else [], set()
        for c in order:
            if c < end:
                if c >= following:  # the next run (no run is empty), or a later one past removed figures
                    var += 1
                    following = runs[var + 1]
                    if c >= following:
                        var = bisect_right(runs, c) - 1
                        following = runs[var + 1]
                interval = constraints[c]
            else:
                constraint = constraints[c]
                if constraint[0] != PRINTED:
                    relations.append(c)
                    continue
                var, interval = constraint[1], constraint[2]
            if not track and domains[var] is WHOLE:
                domains[var] = interval  # a variable's first figure: its interval, as intersecting gives
            elif self._narrow(c, var, interval) is False:
                if not past_disagreement:
                    return None
                self.conflict = None
                disagree.add(var)
        return relations, disagree

    def _started(self, start) -> list[int] | array | None:
        """The printed phase of an untracked solve, from the domains a first wave (of every
        constraint) or `Network.start` (of the same active ones) found: a variable that lost a
        printed figure, or whose figures disagreed there, is worked out again from the figures
        it keeps. Returns the relations to revise, or None where its figures still disagree
        (the solve then starts as any other does, and stops at the first that disagrees)."""
        domains, relations, disagree = start
        active = self.active
        self.domains = domains = list(domains) if active is None else _Few(domains)
        removed = self.removed
        if not removed and not disagree:
            return relations
        constraint, uses_of = self.network.constraint, self.network.uses_of
        again = set(disagree)
        again.update(figure[1] for figure in map(constraint, removed) if figure[0] == PRINTED)
        for var in again:
            domain = WHOLE
            for other in uses_of(var):
                if other in removed or (active is not None and other not in active):
                    continue
                figure = constraint(other)
                if figure[0] == PRINTED:
                    domain = intersect(domain, figure[2])
                    if domain is None:
                        self.domains = [WHOLE] * self.network.var_count if active is None else _Few()
                        return None
            if domain is WHOLE and active is not None:
                domains.pop(var, None)  # no figure left: unset, as a solve of its own leaves it
            else:
                domains[var] = domain
        if not removed:
            return relations
        kept = filterfalse(removed.__contains__, relations)
        return array("i", kept) if type(relations) is array else list(kept)

    def _narrow(self, c: int, var: int, wanted) -> bool | None:
        """Intersect a domain; False on an empty one (the conflict is kept), else whether it changed."""
        old = self.domains[var]
        new = intersect(old, wanted)
        if new is None:
            self.conflict = Conflict(c, var, old, wanted)
            return False
        if new == old:
            return None
        self.domains[var] = new
        if self.track:
            self._proof(c, var, old, new)
        return True

    def _proof(self, c: int, var: int, old, new) -> None:
        """Remember that constraint c narrowed var from old to new, and when."""
        lo_why, hi_why = self.why.get(var, (-1, -1))
        self.why[var] = (c if new[0] != old[0] or new[2] != old[2] else lo_why,
                         c if new[1] != old[1] or new[3] != old[3] else hi_why)
        self._clock += 1
        self.step[c] = self._clock

    def _effects(self, narrowed) -> tuple:
        """What a revision did, as ((var, new domain), ...) in order, from its ((var, old), ...)."""
        effects = []
        later: dict = {}
        for var, old in reversed(narrowed):  # a variable narrowed twice: its first new is its second old
            effects.append((var, later.get(var, self.domains[var])))
            later[var] = old
        effects.reverse()
        return tuple(effects)

    def _revise(self, c: int, constraint):
        """A relation revised, in any context: `_revision` in _EXACT."""
        previous = getcontext()
        setcontext(_EXACT)
        self.caller = previous
        self.negates = _negates_as_exact(previous)
        try:
            return self._revision(c, constraint)
        finally:
            setcontext(previous)

    def _revision(self, c: int, constraint):
        """A relation revised, in _EXACT: `_revise_linear` or `_revise_tree`, by its kind.

        A solve sets _EXACT once for all its revisions (`run`), which a linear relation's
        sums want, and a finite sum's term by term bounds (`_exact_needs`). Past them, a
        revision's arithmetic is the directed contexts' methods and comparisons, which no
        context changes, and negation: a sum's terms are negated in the caller's context
        (`_terms`), or in _EXACT where the caller negates as it does, and a tree's ends in
        _EXACT, exactly as in any context of 80 digits or more, wherever an end has no more
        (a printed figure has at most 30, an end worked out the directed contexts' 80)."""
        if constraint[0] == LINEAR:
            return self._revise_linear(c, constraint)
        try:
            return self._revise_tree(c, constraint)
        except ArithmeticError:
            # A negated end of more digits than _EXACT holds: only a constant a rule writes out
            # so long could be one. Nothing has narrowed yet (the backward half negates the root
            # first, then only ends the forward half's negations and the directed operations
            # made), so the revision is made again as it was made before the solve set _EXACT.
            setcontext(self.caller)
            try:
                return self._revise_tree(c, constraint)
            finally:
                setcontext(_EXACT)

    def _revised(self, c: int, constraint):
        """A relation revised, or its revision from the same domains in an earlier solve done
        again (`Network.revised`): the same result, the same narrowings in the same order, and
        for a tracked solve the same proof of each. Domains are the same when their ends are
        equal numbers: a revision's results are the same numbers whatever trailing zeros its
        inputs carry, and are written as the earlier revision wrote them (what a culprit says
        is rounded to the printed places first). A revision that ends in a conflict is kept
        with the domains it left (a tree narrows its terms one by one, and can fail after the
        first); a tracked solve revises it again, for the proofs of those narrowings."""
        domains, memo = self.domains, self.memo
        variables = constraint[3:]
        key = (c, *[domains[v] for v in variables])
        found = memo.get(key)
        if found is None or (self.track and type(found) is list):
            narrowed = self._revision(c, constraint)
            if found is not None:
                return narrowed
            if len(memo) >= REVISED:
                memo.clear()
            if narrowed is None:  # [the conflict, then (variable, domain) for each it narrowed first]
                found = [self.conflict]
                found += [(v, domains[v]) for j, v in enumerate(variables) if domains[v] is not key[j + 1]]
            else:
                found = self._effects(narrowed) if narrowed else narrowed == ()
            memo[key] = found
            return narrowed
        if found is False:
            return []
        if found is True:
            return ()
        if type(found) is list:
            self.conflict = found[0]
            for v, domain in found[1:]:
                domains[v] = domain
            return None
        return self._replay(c, found)

    def _replay(self, c: int, effects) -> list:
        """A first revision read back (`_effects` of the same revision from the same domains): done again."""
        domains, narrowed = self.domains, []
        for var, new in effects:
            old = domains[var]
            domains[var] = new
            narrowed.append((var, old))
            if self.track:
                self._proof(c, var, old, new)
        return narrowed

    def _revise_linear(self, c: int, constraint):
        """sum k_j x_j in wanted: first the sum's ends alone, which decide most revisions (four
        in five narrow nothing); the terms one by one only where that cannot (`_revise_terms`).

        A term's own bound from the others is wanted less their sum, so it can narrow only
        where its width reaches the gap between the sum's far end and wanted's near one:
        a widest term narrower than both gaps (the width rounded up, the gaps down) leaves
        every term all its values, as the term by term revision would find. So does one
        exactly as wide where every end is closed (two figures that must be equal and print
        the same: a common tie). The sums are added in the same order and rounding as there,
        so the two agree on every end."""
        if getcontext() is not _EXACT:  # revised on its own, not in a solve (`run`): the sums want _EXACT
            return self._revise(c, constraint)
        coefs, wanted, variables = constraint[1], constraint[2], constraint[3:]
        domains = self.domains
        try:
            s_lo, s_hi, widest = _exact_sums(coefs, variables, domains)
        except ArithmeticError:  # a sum that rounds, or an infinity less itself: the directed ones decide
            setcontext(self.caller)  # where a term of coefficient -1 is negated, as it always was
            try:
                s_lo, s_hi, widest = _sums(coefs, variables, domains, _add_d, _add_u, _sub_d, _sub_u, _mul_d, _mul_u)
            finally:
                setcontext(_EXACT)
        if s_lo.is_infinite() or s_hi.is_infinite():
            if _blocked(coefs, variables, domains) and not (wanted[0].is_infinite() and wanted[1].is_infinite()):
                return []  # every term's others are unbounded both ways: none can narrow
            return self._terms(c, constraint)
        w_lo, w_hi = wanted[0], wanted[1]
        if s_lo < w_lo and w_hi < s_hi:  # wanted strictly inside the sum's range: no conflict, not idle
            try:  # only compared, as the sums are: exact (in _EXACT) where nothing rounds
                above, below = s_hi - w_lo, w_hi - s_lo
            except ArithmeticError:
                above, below = _sub_d(s_hi, w_lo), _sub_d(w_hi, s_lo)
            if widest < above and widest < below:
                return []
            if widest <= above and widest <= below and not (wanted[2] or wanted[3]):
                # a loop, where a generator made the revision a closure's scope each time it ran
                for v in variables:
                    domain = domains[v]
                    if domain[2] or domain[3]:
                        break
                else:
                    return []  # a term exactly as wide as the room: its bound from the others is its own closed end
        elif w_lo < s_lo and s_hi < w_hi:
            return ()  # the sum's every value is wanted, whatever the ends' openness
        return self._terms(c, constraint, True)

    def _terms(self, c: int, constraint, finite: bool = False):
        """`_revise_terms` from _EXACT, in the caller's context, as it always ran: a term's
        negated ends there are exact however many digits they have. `finite`: both sums are
        (so is every term's every end), and `_revise_finite_terms` revises it; first with the
        operators in _EXACT (`_exact_needs`), which give what the directed methods give
        wherever they raise no signal, and where the caller negates as _EXACT does."""
        if finite and self.negates:
            try:
                needs = _exact_needs(constraint[1], constraint[2], constraint[3:], self.domains)
            except ArithmeticError:  # a sum or a bound that rounds: the directed methods, as below
                pass
            else:
                return self._narrow_terms(c, constraint, needs)
        setcontext(self.caller)
        try:
            if finite:
                return self._revise_finite_terms(c, constraint)
            return self._revise_terms(c, constraint)
        finally:
            setcontext(_EXACT)

    def _revise_terms(self, c: int, constraint):
        """sum k_j x_j in wanted, term by term. Ends are added once; each term's bound from the
        others is the total less its own end (Jacobi: every term from the domains as they were on entry)."""
        coefs, wanted, variables = constraint[1], constraint[2], constraint[3:]
        domains = self.domains
        los, his, lo_opens, hi_opens = [], [], [], []
        s_lo = s_hi = ZERO
        inf_lo = inf_hi = open_lo = open_hi = 0
        for k, v in zip(coefs, variables):
            lo, hi, lo_open, hi_open = domains[v]
            if k is ONE or k == 1:
                pass
            elif k is MINUS_ONE or k == -1:
                lo, hi, lo_open, hi_open = -hi, -lo, hi_open, lo_open
            elif k > 0:
                lo, hi = _mul_d(lo, k), _mul_u(hi, k)
            else:
                lo, hi, lo_open, hi_open = _mul_d(hi, k), _mul_u(lo, k), hi_open, lo_open
            if lo.is_infinite():
                inf_lo += 1
            else:
                s_lo = _add_d(s_lo, lo)
            if hi.is_infinite():
                inf_hi += 1
            else:
                s_hi = _add_u(s_hi, hi)
            open_lo += lo_open
            open_hi += hi_open
            los.append(lo)
            his.append(hi)
            lo_opens.append(lo_open)
            hi_opens.append(hi_open)
        total = (-INF if inf_lo else s_lo, INF if inf_hi else s_hi, open_lo > 0, open_hi > 0)
        met = intersect(total, wanted)
        if met is None:
            self.conflict = Conflict(c, None, total, wanted)
            return None
        if met == total:
            return ()  # every value of the sum is wanted: no term can narrow
        w_lo, w_hi, w_lo_open, w_hi_open = wanted
        narrowed = []
        for j, k in enumerate(coefs):
            lo, hi = los[j], his[j]
            # the others' sum: the total less this term's own end
            if hi.is_infinite():
                others_hi = INF if inf_hi > 1 else s_hi
            else:
                others_hi = INF if inf_hi else _sub_u(s_hi, hi)
            if lo.is_infinite():
                others_lo = -INF if inf_lo > 1 else s_lo
            else:
                others_lo = -INF if inf_lo else _sub_d(s_lo, lo)
            need_lo = -INF if others_hi.is_infinite() or w_lo.is_infinite() else _sub_d(w_lo, others_hi)
            need_hi = INF if others_lo.is_infinite() or w_hi.is_infinite() else _sub_u(w_hi, others_lo)
            if need_lo < lo and need_hi > hi:
                continue  # the others leave this term all its values
            need = (need_lo, need_hi, w_lo_open or open_hi - hi_opens[j] > 0 or need_lo.is_infinite(),
                    w_hi_open or open_lo - lo_opens[j] > 0 or need_hi.is_infinite())
            if k is MINUS_ONE or k == -1:
                need = neg(need)
            elif k is not ONE and k != 1:
                need = shrink(need, k)
            var = variables[j]
            old = domains[var]
            changed = self._narrow(c, var, need)
            if changed is False:
                return None
            if changed:
                narrowed.append((var, old))
        return narrowed

    def _revise_finite_terms(self, c: int, constraint):
        """`_revise_terms` for a sum whose terms' ends are all finite, as `_revise_linear` finds
        most: the same operations in the same order, less the counts of infinite ends and the
        tests of each (eight calls of `is_infinite` a term). Only wanted's ends may be infinite."""
        return self._narrow_terms(c, constraint, _finite_needs(constraint[1], constraint[2], constraint[3:],
                                                               self.domains))

    def _narrow_terms(self, c: int, constraint, needs):
        """A finite sum's revision from what `_finite_needs` (or `_exact_needs`) found: its
        terms narrowed in order, its conflict, or () where every value of the sum is wanted."""
        if type(needs) is not list:
            if needs:  # the sum's interval, which meets nothing wanted
                self.conflict = Conflict(c, None, needs, constraint[2])
                return None
            return ()  # every value of the sum is wanted: no term can narrow
        variables, domains = constraint[3:], self.domains
        narrowed = []
        for j, need in needs:
            var = variables[j]
            old = domains[var]
            changed = self._narrow(c, var, need)
            if changed is False:
                return None
            if changed:
                narrowed.append((var, old))
        return narrowed

    def _revise_tree(self, c: int, constraint):
        nodes, wanted, variables = constraint[1], constraint[2], constraint[3:]
        domains = self.domains
        vals = forward(nodes, variables, domains)
        if within(vals[-1], wanted):
            return ()  # the inverse of each operation gives back a superset: nothing narrows
        root = intersect(vals[-1], wanted)
        if root is None:
            self.conflict = Conflict(c, None, vals[-1], wanted)
            return None
        vals[-1] = root
        narrowed = []
        for k in range(len(nodes) - 1, -1, -1):
            code, a, b = nodes[k]
            z = vals[k]
            if code == VAR:
                var = variables[a]
                old = domains[var]
                changed = self._narrow(c, var, z)
                if changed is False:
                    return None
                if changed:
                    narrowed.append((var, old))
                continue
            if code == CONST:
                continue
            if code == NEG:
                pairs = ((a, neg(z)),)
            else:
                x, y = vals[a], vals[b]
                if code == ADD:
                    nx = sub(z, y)
                    pairs = ((a, nx), (b, None))
                elif code == SUB:
                    nx = add(z, y)
                    pairs = ((a, nx), (b, None))
                elif code == MUL:
                    pairs = ((a, div(z, y)), (b, None))
                else:
                    pairs = ((a, mul(z, y)), (b, None))
            for child, want in pairs:
                if want is None:  # the right operand, from the narrowed left one
                    x = vals[a]
                    if code == ADD:
                        want = sub(z, x)
                    elif code == SUB:
                        want = sub(x, z)
                    elif code == MUL:
                        want = div(z, x)
                    else:
                        inverse = reciprocal(z)
                        want = WHOLE if inverse is None else mul(x, inverse)
                new = intersect(vals[child], want)
                if new is None:
                    self.conflict = Conflict(c, None, vals[child], want)
                    return None
                vals[child] = new
        return narrowed

    # -- explanations ----------------------------------------------------------------------

    def explanation(self, limit: int = 12) -> list[int]:
        """The constraints that led to the conflict, in the order they narrowed: the
        conflicting one last, each earlier one having set an end some later one used."""
        if self.conflict is None:
            return []
        constraint = self.network.constraint
        start = self.conflict.constraint
        seen = [start]
        frontier = [start]
        while frontier and len(seen) < limit:
            c = frontier.pop(0)
            for var in variables_of(constraint(c)):
                for why in self.why.get(var, ()):
                    if why >= 0 and why not in seen and len(seen) < limit:
                        seen.append(why)
                        frontier.append(why)
        return sorted(seen[1:], key=lambda c: self.step.get(c, 0)) + [start]

    def consistent(self) -> bool:
        return self.conflict is None


def _sums(coefs, variables, domains, add_d, add_u, sub_d, sub_u, mul_d, mul_u):
    """The ends of sum k_j x_j over the domains, rounded down and up, and its widest term
    (rounded up): with the operations given (_D's and _U's, or exact ones)."""
    s_lo = s_hi = widest = ZERO
    for k, v in zip(coefs, variables):
        d = domains[v]
        if k is ONE:
            s_lo = add_d(s_lo, d[0])
            s_hi = add_u(s_hi, d[1])
            width = sub_u(d[1], d[0])
        elif k is MINUS_ONE:  # adding the negated ends is subtracting them, digit for digit
            s_lo = sub_d(s_lo, d[1])
            s_hi = sub_u(s_hi, d[0])
            width = sub_u(d[1], d[0])
        else:
            if k == 1:
                lo, hi = d[0], d[1]
            elif k == -1:
                lo, hi = -d[1], -d[0]
            elif k > 0:
                lo, hi = mul_d(d[0], k), mul_u(d[1], k)
            else:
                lo, hi = mul_d(d[1], k), mul_u(d[0], k)
            s_lo = add_d(s_lo, lo)
            s_hi = add_u(s_hi, hi)
            width = sub_u(hi, lo)
        if width > widest:
            widest = width
    return s_lo, s_hi, widest


def _exact_sums(coefs, variables, domains):
    """`_sums` with the operators, in _EXACT: the same steps written out, so that the compiled
    module makes each operation itself, where it called operator.add and its kin for each (a
    tenth of the sums' instructions)."""
    s_lo = s_hi = widest = ZERO
    for k, v in zip(coefs, variables):
        d = domains[v]
        if k is ONE:
            s_lo = s_lo + d[0]
            s_hi = s_hi + d[1]
            width = d[1] - d[0]
        elif k is MINUS_ONE:
            s_lo = s_lo - d[1]
            s_hi = s_hi - d[0]
            width = d[1] - d[0]
        else:
            if k == 1:
                lo, hi = d[0], d[1]
            elif k == -1:
                lo, hi = -d[1], -d[0]
            elif k > 0:
                lo, hi = d[0] * k, d[1] * k
            else:
                lo, hi = d[1] * k, d[0] * k
            s_lo = s_lo + lo
            s_hi = s_hi + hi
            width = hi - lo
        if width > widest:
            widest = width
    return s_lo, s_hi, widest


def _finite_needs(coefs, wanted, variables, domains):
    """What a finite sum's term by term revision asks of each term (`_revise_terms`, less the
    tests of infinite ends): a list of (j, the interval term j must be in) for each term the
    others can narrow, in order; or the sum's interval where it meets nothing wanted; or ()
    where every value of it is wanted. Made with the directed methods, in the caller's context
    (a term's ends negated there, as `_revise_terms` negates them); nothing narrowed yet."""
    los, his, lo_opens, hi_opens = [], [], [], []
    s_lo = s_hi = ZERO
    open_lo = open_hi = 0
    for k, v in zip(coefs, variables):
        lo, hi, lo_open, hi_open = domains[v]
        if k is ONE or k == 1:
            pass
        elif k is MINUS_ONE or k == -1:
            lo, hi, lo_open, hi_open = -hi, -lo, hi_open, lo_open
        elif k > 0:
            lo, hi = _mul_d(lo, k), _mul_u(hi, k)
        else:
            lo, hi, lo_open, hi_open = _mul_d(hi, k), _mul_u(lo, k), hi_open, lo_open
        s_lo = _add_d(s_lo, lo)
        s_hi = _add_u(s_hi, hi)
        open_lo += lo_open
        open_hi += hi_open
        los.append(lo)
        his.append(hi)
        lo_opens.append(lo_open)
        hi_opens.append(hi_open)
    total = (s_lo, s_hi, open_lo > 0, open_hi > 0)
    met = intersect(total, wanted)
    if met is None:
        return total
    if met == total:
        return ()
    w_lo, w_hi, w_lo_open, w_hi_open = wanted
    no_lo, no_hi = w_lo.is_infinite(), w_hi.is_infinite()  # a sum wanted one way only
    needs = []
    for j, k in enumerate(coefs):
        lo, hi = los[j], his[j]
        need_lo = -INF if no_lo else _sub_d(w_lo, _sub_u(s_hi, hi))
        need_hi = INF if no_hi else _sub_u(w_hi, _sub_d(s_lo, lo))
        if need_lo < lo and need_hi > hi:
            continue  # the others leave this term all its values
        need = (need_lo, need_hi, w_lo_open or open_hi - hi_opens[j] > 0 or need_lo.is_infinite(),
                w_hi_open or open_lo - lo_opens[j] > 0 or need_hi.is_infinite())
        if k is MINUS_ONE or k == -1:
            need = neg(need)
        elif k is not ONE and k != 1:
            need = shrink(need, k)
        needs.append((j, need))
    return needs


def _exact_needs(coefs, wanted, variables, domains):
    """`_finite_needs` with the operators, in _EXACT, which raises where any operation would
    round (or signal anything else): where none does, each result is the exact one, which the
    directed methods give too, but for the sign of a zero, which _D's make negative where a sum
    of opposite signs cancels (IEEE 754 §6.3). Where _D's method is meant and a result is zero,
    the method makes it again. Its negations are exact in _EXACT, as they are in the caller's
    context where it negates as _EXACT does (`_negates_as_exact`); an operation that raises
    leaves nothing changed, and the revision is made with the methods from the start."""
    los, his, lo_opens, hi_opens = [], [], [], []
    s_lo = s_hi = ZERO
    open_lo = open_hi = 0
    for k, v in zip(coefs, variables):
        lo, hi, lo_open, hi_open = domains[v]
        if k is ONE or k == 1:
            pass
        elif k is MINUS_ONE or k == -1:
            lo, hi, lo_open, hi_open = -hi, -lo, hi_open, lo_open
        elif k > 0:  # a product's sign is its factors', in every rounding
            lo, hi = lo * k, hi * k
        else:
            lo, hi, lo_open, hi_open = hi * k, lo * k, hi_open, lo_open
        sum_lo = s_lo + lo
        s_lo = sum_lo if sum_lo else _add_d(s_lo, lo)
        s_hi = s_hi + hi
        open_lo += lo_open
        open_hi += hi_open
        los.append(lo)
        his.append(hi)
        lo_opens.append(lo_open)
        hi_opens.append(hi_open)
    total = (s_lo, s_hi, open_lo > 0, open_hi > 0)
    met = intersect(total, wanted)
    if met is None:
        return total
    if met == total:
        return ()
    w_lo, w_hi, w_lo_open, w_hi_open = wanted
    # An exact result from finite operands is finite: an end needed is infinite where wanted's is.
    no_lo, no_hi = w_lo.is_infinite(), w_hi.is_infinite()
    needs = []
    for j, k in enumerate(coefs):
        lo, hi = los[j], his[j]
        if no_lo:
            need_lo = -INF
        else:
            others_hi = s_hi - hi
            need_lo = w_lo - others_hi
            if not need_lo:
                need_lo = _sub_d(w_lo, others_hi)
        if no_hi:
            need_hi = INF
        else:
            others_lo = s_lo - lo
            if not others_lo:
                others_lo = _sub_d(s_lo, lo)
            need_hi = w_hi - others_lo
        if need_lo < lo and need_hi > hi:
            continue  # the others leave this term all its values
        need = (need_lo, need_hi, w_lo_open or open_hi - hi_opens[j] > 0 or no_lo,
                w_hi_open or open_lo - lo_opens[j] > 0 or no_hi)
        if k is MINUS_ONE or k == -1:
            need = neg(need)
        elif k is not ONE and k != 1:
            need = shrink(need, k)
        needs.append((j, need))
    return needs


def _negates_as_exact(context: Context) -> bool:
    """Whether `context` negates every number _EXACT negates without a signal as _EXACT does:
    as many digits or more, the same exponents or wider, no clamping, and a zero negated to a
    positive one (a context rounding down makes it -0)."""
    return (context.prec >= _EXACT.prec and context.rounding != ROUND_FLOOR and context.Emax >= _EXACT.Emax
            and context.Emin <= _EXACT.Emin and context.clamp <= _EXACT.clamp)


def _blocked(coefs, variables, domains) -> bool:
    """Whether two terms of a sum are unbounded below and two above (a culprit's trial leaves
    a removed figure unbounded): then each term's others are unbounded both ways, no term can
    narrow and the sum is unbounded, as the term by term revision would find."""
    below = above = 0
    for k, v in zip(coefs, variables):
        d = domains[v]
        lo, hi = (d[0], d[1]) if k > 0 else (d[1], d[0])
        below += lo.is_infinite()
        above += hi.is_infinite()
    return below >= 2 and above >= 2


def forward(nodes, variables, domains) -> list:
    """The interval of every node of an expression tree: a VAR node's is domains[variables[a]]."""
    vals = []
    append = vals.append
    for code, a, b in nodes:
        if code == VAR:
            append(domains[variables[a]])
        elif code == CONST:
            append(a)
        elif code == DIV:
            x, y = vals[a], vals[b]
            if y[0] > 0 and x[0] > 0:  # a share or a change of positive amounts: div's own steps, inline
                r_lo = _div_d(ONE, y[1])
                if r_lo > 0:
                    append((_mul_d(x[0], r_lo), _mul_u(x[1], _div_u(ONE, y[0])), x[2] or y[3],
                            x[3] or y[2]))
                    continue
            append(div(x, y))
        elif code == SUB:
            append(sub(vals[a], vals[b]))
        elif code == ADD:
            append(add(vals[a], vals[b]))
        elif code == MUL:
            append(mul(vals[a], vals[b]))
        else:
            append(neg(vals[a]))
    return vals
