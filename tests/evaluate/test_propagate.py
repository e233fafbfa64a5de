"""The linear revision's shortcut (the sum's ends alone) agrees with the term-by-term revision."""

from __future__ import annotations

import itertools
from decimal import Context, Decimal, localcontext

from hypothesis import example, given, settings
from hypothesis import strategies as st

from ledgerlang.evaluate.propagate import INF, LINEAR, MINUS_ONE, ONE, Network, Solution

# Small whole numbers as well, so that ends meet exactly and their openness decides.
ENDS = st.one_of(st.decimals(min_value=-1000, max_value=1000, places=2, allow_nan=False, allow_infinity=False),
                 st.integers(-6, 6).map(Decimal))


@st.composite
def intervals(draw, infinite: bool = True):
    lo, hi = sorted((draw(ENDS), draw(ENDS)))
    lo_open, hi_open = (draw(st.booleans()), draw(st.booleans())) if lo < hi else (False, False)
    if infinite and draw(st.integers(0, 9)) == 0:
        lo, lo_open = -INF, True
    if infinite and draw(st.integers(0, 9)) == 0:
        hi, hi_open = INF, True
    return (lo, hi, lo_open, hi_open)


@st.composite
def revisions(draw):
    size = draw(st.integers(1, 6))
    coefs = tuple(Decimal(draw(st.sampled_from([1, -1, 1, -1, 2, -3, 1000]))) for _ in range(size))
    domains = [draw(intervals()) for _ in range(size)]
    if size >= 2 and draw(st.integers(0, 3)) == 0:
        # A culprit's trial: figures taken out are unbounded, often two or more in one sum,
        # each both ways or one way only.
        for j in draw(st.lists(st.integers(0, size - 1), min_size=2, max_size=size, unique=True)):
            lo, hi, lo_open, hi_open = domains[j]
            side = draw(st.sampled_from(["both", "below", "above"]))
            if side != "above":
                lo, lo_open = -INF, True
            if side != "below":
                hi, hi_open = INF, True
            domains[j] = (lo, hi, lo_open, hi_open)
    kind = draw(st.sampled_from(["point", "interval", "below", "above", "whole"]))
    if kind == "point":
        value = draw(ENDS)
        wanted = (value, value, False, False)
    elif kind == "interval":
        wanted = draw(intervals(infinite=False))
    elif kind == "below":
        wanted = (-INF, draw(ENDS), True, draw(st.booleans()))
    elif kind == "above":
        wanted = (draw(ENDS), INF, draw(st.booleans()), True)
    else:
        wanted = (-INF, INF, True, True)
    return coefs, domains, wanted


def revised(coefs, domains, wanted, method: str):
    network = Network()
    variables = tuple(network.variable() for _ in coefs)
    c = network.add((LINEAR, coefs, wanted, *variables))
    solution = Solution(network, None, frozenset(), True)
    solution.domains = list(domains)
    result = getattr(solution, method)(c, network.constraints[c])
    conflict = solution.conflict and (solution.conflict.var, solution.conflict.before, solution.conflict.wanted)
    return result, solution.domains, conflict


CALLER = Context(prec=100)  # as check/joint.py runs a solve


def assert_decides_as_terms(case) -> None:
    """The sum's ends decide a linear revision as the term-by-term revision does: the same result,
    domains and conflict."""
    coefs, domains, wanted = case
    with localcontext(CALLER):
        assert revised(coefs, domains, wanted, "_revise_linear") == revised(coefs, domains, wanted, "_revise_terms")


@settings(max_examples=500, deadline=None)
@given(revisions())
def test_the_sum_s_ends_decide_as_the_terms_would(case):
    assert_decides_as_terms(case)


# Ends of 78 to 85 digits, shifted in a context that holds them all (a shift in the default
# context would round them to its 28): their sums, and their negations, need more than 80.
LONG = st.integers(10**77, 10**84).map(lambda n: Decimal(n).scaleb(-40, CALLER))


@st.composite
def long_revisions(draw):
    coefs, domains, wanted = draw(revisions())
    domains = [(draw(LONG) if lo.is_finite() else lo, CALLER.add(draw(LONG), 10**50) if hi.is_finite() else hi, lo_open, hi_open)
               for lo, hi, lo_open, hi_open in domains]
    return coefs, domains, wanted


@given(long_revisions())
def test_the_long_ends_are_long(case):
    """The strategy's finite ends have 78 digits or more, as the properties that draw them need."""
    _, domains, _ = case
    assert all(len(end.as_tuple().digits) >= 78 for domain in domains for end in domain[:2] if end.is_finite())


@settings(max_examples=300, deadline=None)
@given(long_revisions())
def test_sums_that_round_decide_as_the_terms_would(case):
    # _revise_linear works the sums out exactly where it can (operators in a context that refuses
    # to round) and with the directed contexts where they round: here, most of the time.
    assert_decides_as_terms(case)


@settings(max_examples=500, deadline=None)
@given(st.one_of(revisions(), long_revisions()))
@example(((Decimal(-1),), [(CALLER.add(Decimal("1E37"), Decimal("1E-40")), Decimal("Infinity"), False, True)],
          (Decimal("0.00"), Decimal("0.00"), False, False)))  # a 78-digit end negated
def test_an_exact_sum_is_the_directed_one_or_refused(case):
    import operator

    from ledgerlang.evaluate import propagate as P

    coefs, domains, _ = case
    every = range(len(coefs))
    # A term's ends are negated in the caller's context, which holds them; the default one's 28
    # digits would round an end of 78 or more.
    with localcontext(CALLER):
        directed = P._sums(coefs, every, domains, P._add_d, P._add_u, P._sub_d, P._sub_u, P._mul_d, P._mul_u)
    with localcontext(P._EXACT):
        try:
            exact = P._sums(coefs, every, domains, operator.add, operator.add, operator.sub, operator.sub,
                            operator.mul, operator.mul)
        except ArithmeticError:
            return  # it would have rounded: the directed sums decide
    assert exact == directed


def test_the_exact_sums_refuse_to_round():
    import operator

    from ledgerlang.evaluate import propagate as P

    long = Decimal(9 * 10**79 + 1)  # 80 digits; the sum of two of them has 81, and would round
    domains = [(long, long, False, False), (long, long, False, False)]
    with localcontext(P._EXACT):
        small = P._sums((ONE,), range(1), domains, operator.add, operator.add, operator.sub, operator.sub,
                        operator.mul, operator.mul)
        assert small == (long, long, Decimal(0))
        try:
            P._sums((ONE, ONE), range(2), domains, operator.add, operator.add, operator.sub, operator.sub,
                    operator.mul, operator.mul)
        except ArithmeticError:
            pass
        else:
            raise AssertionError("a sum of 81 digits was not refused")


def test_a_sum_that_holds_with_room_narrows_nothing_and_a_tight_one_narrows_its_total():
    # total = a + b printed 10, 4 and 6 at a unit of 1: each term's bound from the others is wider than it
    half = Decimal("0.5")
    domains = [(Decimal(10) - half, Decimal(10) + half, False, False), (Decimal(4) - half, Decimal(4) + half, False, False),
               (Decimal(6) - half, Decimal(6) + half, False, False)]
    coefs = (Decimal(1), Decimal(-1), Decimal(-1))
    zero = (Decimal(0), Decimal(0), False, False)
    assert revised(coefs, domains, zero, "_revise_linear") == ([], domains, None)
    # printed 10, 3 and 6: the terms sum to at most 10, so the total comes down to [9.5, 10]
    domains[1] = (Decimal(3) - half, Decimal(3) + half, False, False)
    result, after, conflict = revised(coefs, domains, zero, "_revise_linear")
    assert conflict is None and after[0] == (Decimal("9.5"), Decimal("10.0"), False, False)


@st.composite
def printed_sums(draw):
    """Sums of figures printed to a unit, as rules and quarter sums are: ends meet exactly (ties)
    far more often than in `revisions`, and an end is open only now and then."""
    size = draw(st.integers(2, 5))
    # the network's shared 1 and -1 (tested by identity) and others equal to them
    coefs = tuple(draw(st.sampled_from([ONE, MINUS_ONE, Decimal(1), Decimal(-1)])) for _ in range(size))
    half = Decimal("0.5")
    domains = []
    for _ in range(size):
        value = Decimal(draw(st.integers(-20, 20)))
        domains.append((value - half, value + half, draw(st.integers(0, 5)) == 0, draw(st.integers(0, 5)) == 0))
    centre = sum((k * (lo + hi) / 2 for k, (lo, hi, _, _) in zip(coefs, domains)), Decimal(0))
    target = centre + Decimal(draw(st.integers(-10, 10))) / 4
    if draw(st.booleans()):
        wanted = (target, target, False, False)
    else:
        width = draw(st.sampled_from([half, half / 2]))  # a wanted interval narrower than a term, too
        wanted = (target - width, target + width, draw(st.booleans()), draw(st.booleans()))
    return coefs, domains, wanted


@settings(max_examples=500, deadline=None)
@given(printed_sums())
def test_ties_between_printed_figures_decide_as_the_terms_would(case):
    assert_decides_as_terms(case)


@st.composite
def factors(draw):
    """Intervals of either sign, with zero ends, point intervals and infinite ends among them."""
    lo, hi, lo_open, hi_open = draw(intervals())
    if draw(st.integers(0, 5)) == 0 and hi > 0:
        lo, lo_open = Decimal(0), draw(st.booleans())
    if draw(st.integers(0, 5)) == 0 and hi.is_finite():
        lo = hi  # a point: printed exactly, or a rate
    if lo == hi:
        lo_open = hi_open = False  # as the network keeps them: a point is closed, an infinite end open
    return (lo, hi, lo_open or lo.is_infinite(), hi_open or hi.is_infinite())


@settings(max_examples=1000, deadline=None)
@given(factors(), factors())
def test_a_product_s_shortcuts_agree_with_the_four_products(a, b):
    from ledgerlang.evaluate.propagate import _products, mul
    with localcontext(Context(prec=100)):
        assert mul(a, b) == _products(a, b)


@st.composite
def networks(draw):
    """Printed figures (none, one or two on a variable) tied by sums and a ratio or two, as the
    book's network is; near-consistent often enough that trials narrow, and fail, in places."""
    from ledgerlang.evaluate.propagate import DIV, PRINTED, TREE, VAR
    network = Network()
    size = draw(st.integers(3, 8))
    variables = [network.variable() for _ in range(size)]
    half = Decimal("0.5")
    values = [Decimal(draw(st.integers(1, 40))) for _ in variables]
    for v, value in zip(variables, values):
        for _ in range(draw(st.sampled_from([0, 1, 1, 1, 2]))):
            printed = value + Decimal(draw(st.sampled_from([0, 0, 0, 1, -1])))
            network.add((PRINTED, v, (printed - half, printed + half, False, False)))
    for _ in range(draw(st.integers(1, 5))):
        chosen = draw(st.lists(st.sampled_from(variables), min_size=2, max_size=4, unique=True))
        if draw(st.integers(0, 7)) == 0:
            # One figure twice in a tree (x and x@1Q03 at 1Q03 are one variable): its second
            # node can empty what its first narrowed, a revision failing half-way.
            # x - x = 1 does it; x / x = 2 where x is near 1.
            from ledgerlang.evaluate.propagate import SUB
            code = draw(st.sampled_from([SUB, DIV]))
            nodes = ((VAR, 0, None), (VAR, 0, None), (code, 0, 1))
            lo = Decimal(draw(st.sampled_from(["0", "0.5", "1", "2"] if code == SUB else ["1", "1.5", "2", "3"])))
            network.add((TREE, nodes, (lo, lo + Decimal(draw(st.sampled_from([0, 0, 1]))), False, False), chosen[0]))
            continue
        if draw(st.integers(0, 4)) == 0:  # a share: the first over the second, printed to a hundredth
            share = (values[chosen[0]] / values[chosen[1]]).quantize(Decimal("0.01"))
            nodes = ((VAR, 0, None), (VAR, 1, None), (DIV, 0, 1))
            network.add((TREE, nodes, (share - Decimal("0.005"), share + Decimal("0.005"), False, False), *chosen[:2]))
            continue
        coefs = (MINUS_ONE,) + tuple(draw(st.sampled_from([ONE, ONE, Decimal(2)])) for _ in chosen[1:])
        centre = sum((k * values[v] for k, v in zip(coefs, chosen)), Decimal(0))
        target = centre + Decimal(draw(st.sampled_from([0, 0, 1, -2])))
        network.add((LINEAR, coefs, (-target, -target, False, False), *chosen))
    return network


def outcome(solution):
    conflict = solution.conflict and (solution.conflict.constraint, solution.conflict.var, solution.conflict.before,
                                      solution.conflict.wanted)
    return solution.domains, conflict, solution.revisions, getattr(solution, "idle", None)


def assert_as_alone(network, first: dict, **solve) -> None:
    """A solve reading (and adding to) `first` ends exactly as the same solve of its own does,
    proof and explanation included where it keeps them."""
    alone = network.solve(**solve)
    shared = network.solve(first=first, **solve)
    assert outcome(shared) == outcome(alone)
    if solve.get("track", True):
        assert (shared.why, shared.explanation()) == (alone.why, alone.explanation())


@settings(max_examples=300, deadline=None)
@given(networks(), st.data())
def test_first_revisions_read_back_give_the_solve_itself(network, data):
    # A culprit search: a tracked solve of the neighbourhood, then trials each taking out one
    # or two constraints, every solve sharing the first revisions, and (where the search makes
    # it, Network.start) the printed phase; each must end exactly as a solve of its own does,
    # step for step.
    # The neighbourhood: every constraint, or some of them (a figure's other figures outside it).
    every = range(len(network.constraints))
    local = sorted(set(data.draw(st.lists(st.sampled_from(every), min_size=1)))) if data.draw(st.booleans()) \
        else every
    with localcontext(Context(prec=100)):
        first: dict = {}
        assert_as_alone(network, first, active=local)
        if data.draw(st.booleans()):
            network.start(local, first)
        for _ in range(6):
            removed = frozenset(data.draw(st.lists(st.sampled_from(list(local)), min_size=1, max_size=2)))
            assert_as_alone(network, first, active=local, removed=removed, track=False)


def _without_memo(network, **solve):
    """The solve with no revision read back from the network's earlier solves (Network.revised)."""
    kept, network.revised = network.revised, None
    try:
        return network.solve(**solve)
    finally:
        network.revised = kept


@settings(max_examples=300, deadline=None)
@given(networks(), st.data(), st.sampled_from([None, 1, 3]))
def test_revisions_read_back_from_earlier_solves_give_each_solve_itself(network, data, bound):
    # A culprit's trials, and the trials of the errors after it, revise most relations from
    # domains an earlier trial revised them from; each such revision is read back
    # (Network.revised), and each trial must end exactly as a solve that revises everything
    # itself: the same domains, written the same way, the same conflict, the same revisions,
    # and where the solve keeps it the same proof.
    # `bound`: the memo forgotten every few revisions (propagate.REVISED), as a book with many
    # errors forgets it.
    from ledgerlang.evaluate import propagate
    every = list(range(len(network.constraints)))
    kept = propagate.REVISED
    if bound is not None:
        propagate.REVISED = bound
    try:
        with localcontext(Context(prec=100)):
            for _ in range(8):
                active = frozenset(data.draw(st.lists(st.sampled_from(every), min_size=1))) \
                    if data.draw(st.booleans()) else frozenset(every)
                removed = frozenset(data.draw(st.lists(st.sampled_from(every), max_size=2)))
                track = data.draw(st.booleans())  # a neighbourhood's own solve keeps the proof
                alone = _without_memo(network, active=active, removed=removed, track=track)
                memo = network.solve(active=active, removed=removed, track=track)
                assert outcome(memo) == outcome(alone)
                assert repr(sorted(memo.domains.items())) == repr(sorted(alone.domains.items()))
                assert (memo.why, memo.step, memo.explanation()) == (alone.why, alone.step, alone.explanation())
                assert len(network.revised) <= propagate.REVISED
    finally:
        propagate.REVISED = kept


def test_a_trial_reads_back_what_an_earlier_trial_revised():
    # x, y and their sum printed, and a trial taking out x's figure: the sum and y give x
    # again. A second such trial revises nothing itself, and ends as the first did.
    from ledgerlang.evaluate.propagate import PRINTED
    network = Network()
    x, y, total = network.variable(), network.variable(), network.variable()
    for v, value in ((x, 10), (y, 20), (total, 31)):
        network.add((PRINTED, v, (Decimal(value) - Decimal("0.5"), Decimal(value) + Decimal("0.5"), False, False)))
    network.add((LINEAR, (ONE, ONE, MINUS_ONE), (Decimal(0), Decimal(0), False, False), x, y, total))
    every = range(len(network.constraints))
    with localcontext(Context(prec=100)):
        first = network.solve(active=every, removed=frozenset((0,)), track=False)
        assert len(network.revised) == 1
        revised = Solution._revise_linear
        calls = []
        Solution._revise_linear = lambda self, *args: calls.append(args) or revised(self, *args)
        try:
            second = network.solve(active=every, removed=frozenset((0,)), track=False)
        finally:
            Solution._revise_linear = revised
    assert calls == []
    assert len(network.revised) == 1
    assert outcome(second) == outcome(first)
    assert second.domain(x) == (Decimal("10.0"), Decimal("12.0"), False, False)  # 31 - 20, give or take 1


@settings(max_examples=300, deadline=None)
@given(networks(), st.data())
def test_a_solve_of_every_constraint_named_is_the_solve_of_the_whole_network(network, data):
    # A solve of named constraints (a culprit's neighbourhood) keeps only the domains it sets,
    # in a dict; a solve of the whole network keeps every variable's in a list. Named all, the
    # constraints must give the same solve: every domain, the conflict, the proof.
    every = range(len(network.constraints))
    removed = frozenset(data.draw(st.lists(st.sampled_from(list(every)), max_size=2)))
    track = data.draw(st.booleans())
    with localcontext(Context(prec=100)):
        named = network.solve(active=every, removed=removed, track=track)
        whole = network.solve(removed=removed, track=track)
    assert [named.domain(v) for v in range(network.var_count)] == whole.domains
    _, *rest = outcome(named)
    assert rest == list(outcome(whole))[1:]
    assert (named.why, named.explanation()) == (whole.why, whole.explanation())


@settings(max_examples=300, deadline=None)
@given(networks(), st.data())
def test_a_first_wave_made_ahead_gives_every_solve_of_the_whole_network_itself(network, data):
    # The joint pass's worker revises every relation once from the printed domains while it
    # waits (Network.first_wave), and stops when the pairwise diagnostics come, anywhere; the
    # solves of the whole network then read those back, whatever they remove, and must end
    # exactly as solves of their own do.
    from ledgerlang.evaluate import propagate
    every = range(len(network.constraints))
    asked = data.draw(st.none() | st.integers(min_value=0, max_value=len(network.constraints)))
    with localcontext(Context(prec=100)):
        first: dict = {}
        questions = itertools.count()  # the wave stops at the `asked`-th relation
        kept, propagate.ASK_EVERY = propagate.ASK_EVERY, 1
        try:
            network.first_wave(first, None if asked is None else lambda: next(questions) >= asked)
        finally:
            propagate.ASK_EVERY = kept
        for _ in range(4):
            removed = frozenset(data.draw(st.lists(st.sampled_from(list(every)), max_size=3)))
            assert_as_alone(network, first, removed=removed, track=data.draw(st.booleans()))


@settings(max_examples=1000, deadline=None)
@given(factors(), factors())
def test_within_is_the_intersection_being_the_first_interval(a, b):
    from ledgerlang.evaluate.propagate import intersect, within
    assert within(a, b) == (intersect(a, b) == a)
