"""A linear revision made with the operators in the exact context gives what the directed
contexts' methods give, to the digit, and falls back to them wherever it would round; a solve of
every constraint takes them in order, less the removed."""

from __future__ import annotations

from decimal import ROUND_FLOOR, Context, Decimal, getcontext, localcontext, setcontext

from hypothesis import given, settings
from hypothesis import strategies as st

from ledgerlang.evaluate import propagate as P
from ledgerlang.evaluate.propagate import LINEAR, PRINTED, Network, Solution
from tests.evaluate.test_propagate import printed_sums, revisions
from tests.evaluate.test_solve_context import CALLER, _by_hand, _network, _solved, long_revisions

# The caller check/joint.py is, and one rounding down, which negates a zero to -0 where the exact
# context makes it 0: its revisions take the directed methods from the start (`_negates_as_exact`).
CALLERS = (CALLER, Context(prec=100, rounding=ROUND_FLOOR))


@st.composite
def cancelling_sums(draw):
    """Sums of figures printed to a unit whose wanted value is what the others' ends add up
    to, so that a term's bound from the others comes out an exact zero: the directed method
    rounding down writes it -0, the exact operator 0, and the revision must keep the -0."""
    coefs, domains, _ = draw(printed_sums())
    j = draw(st.integers(0, len(coefs) - 1))
    others_hi = sum((k * (hi if k > 0 else lo) for i, (k, (lo, hi, _, _)) in enumerate(zip(coefs, domains))
                     if i != j), Decimal(0))
    return coefs, domains, (others_hi, others_hi + draw(st.sampled_from([0, 1, 2])), False, False)


def _finite(case) -> bool:
    _, domains, _ = case
    return all(end.is_finite() for domain in domains for end in domain[:2])


FINITE = st.one_of(revisions(), long_revisions(), printed_sums(), cancelling_sums()).filter(_finite)


def _revised(coefs, domains, wanted, caller: Context, exact: bool):
    """Sum coefs x in wanted revised term by term from the domains, each term a printed figure:
    through `_terms` as a solve calls it (from _EXACT) where `exact`, else by `_revise_terms`,
    the definition, in the caller's context. Its result, the domains after it, the conflict and
    the proofs, each written out digit for digit."""
    network = Network()
    variables = tuple(network.variable() for _ in domains)
    for v, domain in zip(variables, domains):
        network.add((PRINTED, v, domain))
    c = network.add((LINEAR, coefs, wanted, *variables))
    solution = Solution(network, None, frozenset(), True)
    solution.domains = list(domains)
    with localcontext(caller):
        if exact:
            solution.caller = previous = getcontext()
            solution.negates = P._negates_as_exact(previous)
            setcontext(P._EXACT)
            try:
                result = solution._terms(c, network.constraints[c], True)
            finally:
                setcontext(previous)
        else:
            result = solution._revise_terms(c, network.constraints[c])
    conflict = solution.conflict and (solution.conflict.constraint, solution.conflict.var, solution.conflict.before,
                                      solution.conflict.wanted)
    return repr(result), repr(solution.domains), repr(conflict), repr(solution.why), repr(solution.step)


@settings(max_examples=1000, deadline=None)
@given(FINITE, st.sampled_from(CALLERS))
def test_a_finite_sum_revised_from_the_exact_context_is_the_term_by_term_revision(case, caller):
    """From _EXACT, a finite sum's terms narrow as `_revise_terms` narrows them in the caller's
    context: the same result, domains (a zero's sign included), conflict and proofs, whether the
    operators made it, or the directed methods where a sum of long ends would round."""
    coefs, domains, wanted = case
    assert _revised(coefs, domains, wanted, caller, True) == _revised(coefs, domains, wanted, caller, False)


def _needs(case, exact: bool):
    coefs, domains, wanted = case
    every = range(len(coefs))
    if exact:
        with localcontext(P._EXACT):
            try:
                return repr(P._exact_needs(coefs, wanted, every, domains))
            except ArithmeticError:
                return "refused"
    with localcontext(CALLER):
        return repr(P._finite_needs(coefs, wanted, every, domains))


@settings(max_examples=500, deadline=None)
@given(st.one_of(revisions(), printed_sums(), cancelling_sums()).filter(_finite))
def test_the_exact_needs_are_the_directed_needs(case):
    """On ends of a few digits nothing rounds: `_exact_needs` gives what `_finite_needs` gives, to the digit."""
    assert _needs(case, True) == _needs(case, False)


@settings(max_examples=200, deadline=None)
@given(long_revisions().filter(_finite))
def test_the_exact_needs_refuse_a_sum_of_long_ends(case):
    """Ends of 78 digits or more, scattered over 50 places, add up to more than 80: `_exact_needs`
    refuses them (the revision then takes the directed methods) rather than round one of them."""
    assert _needs(case, True) == "refused"


def test_a_caller_negates_as_the_exact_context_only_with_its_digits_and_rounding():
    """The exact path is taken for a caller that negates as _EXACT does, and for no other."""
    assert P._negates_as_exact(CALLER)
    assert P._negates_as_exact(Context(prec=80))
    assert not P._negates_as_exact(Context(prec=79))
    assert not P._negates_as_exact(Context(prec=100, rounding=ROUND_FLOOR))
    assert not P._negates_as_exact(Context(prec=100, Emax=99))
    assert not P._negates_as_exact(Context(prec=100, clamp=1))


@st.composite
def long_wanted_sums(draw):
    """Sums of terms about 1E+31 wide, their ends of 40 places, which add up exactly in 80
    digits, wanted inside an interval whose ends have 50 places: the gaps between them and
    the sum's far ends (about 1E+31 too) need 81 digits or more, which _EXACT refuses, so
    `_revise_linear` takes them from the directed methods. The gaps are drawn about as wide
    as the widest term, where the shortcut's decision turns on them."""
    size = draw(st.integers(2, 4))
    coefs = tuple(P.ONE for _ in range(size))
    with localcontext(CALLER):
        domains = []
        for _ in range(size):
            lo = Decimal(draw(st.integers(10**69, 10**70 - 1))).scaleb(-40)
            domains.append((lo, lo + draw(st.integers(1, 10)) * 10**31, False, False))
        s_lo, s_hi = sum(d[0] for d in domains), sum(d[1] for d in domains)
        tail = Decimal(draw(st.integers(1, 10**10 - 1))).scaleb(-50)
        w_lo = s_lo + draw(st.integers(1, 12)) * 10**31 - tail
        w_hi = s_hi - draw(st.integers(1, 12)) * 10**31 + tail
    if w_lo > w_hi:
        w_lo, w_hi = w_hi, w_lo
    return coefs, domains, (w_lo, w_hi, False, False)


@settings(max_examples=300, deadline=None)
@given(long_wanted_sums())
def test_a_sum_whose_gaps_to_wanted_round_decides_as_the_terms_would(case):
    """Where the gaps between the sum's ends and wanted's would round in _EXACT, a solve
    decides from the directed methods' gaps, and ends as the term by term revision leaves
    the terms in the caller's context."""
    coefs, domains, wanted = case
    network, c = _network(domains, lambda variables: (LINEAR, coefs, wanted, *variables))
    with localcontext(P._EXACT):  # the case is what it says: the sums are exact, a gap is refused
        P._exact_sums(coefs, range(len(coefs)), domains)
        s_hi = sum((d[1] for d in domains), Decimal(0))
        try:
            s_hi - wanted[0]
            refused = False
        except ArithmeticError:
            refused = True
    assert refused
    assert _solved(network) == _by_hand(network, c, domains, "_revise_terms")


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 60), st.frozensets(st.integers(-5, 70)))
def test_a_solve_of_every_constraint_takes_them_in_order_less_the_removed(count, removed):
    """The order a solve of every constraint takes them in (`_kept`) is every number below the
    count that is not removed, ascending, whatever the removed hold (none, the first, the last,
    neighbours, numbers out of range)."""
    assert list(P._kept(count, removed)) == [c for c in range(count) if c not in removed]
