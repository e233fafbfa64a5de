"""A solve runs its revisions in the exact context, set once, and revises as each revision did in its caller's."""

from __future__ import annotations

import operator
from decimal import Decimal, getcontext, localcontext

from hypothesis import given, settings
from hypothesis import strategies as st

from ledgerlang.evaluate import propagate as P
from ledgerlang.evaluate.propagate import CONST, INF, LINEAR, NEG, PRINTED, TREE, VAR, ADD, Network, Solution
from tests.evaluate.test_propagate import CALLER, long_revisions, printed_sums, revisions


def _either(compute):
    """What `compute()` gives, written out digit for digit, or that it refused to round."""
    try:
        return repr(compute())
    except ArithmeticError:
        return "refused"


@settings(max_examples=500, deadline=None)
@given(st.one_of(revisions(), long_revisions(), printed_sums()))
def test_the_written_out_exact_sums_are_the_operators_sums(case):
    """_exact_sums gives what _sums gives with the operators in _EXACT, to the digit, or refuses where it does."""
    coefs, domains, _ = case
    every = range(len(coefs))
    with localcontext(P._EXACT):
        written = _either(lambda: P._exact_sums(coefs, every, domains))
        generic = _either(lambda: P._sums(coefs, every, domains, operator.add, operator.add, operator.sub,
                                          operator.sub, operator.mul, operator.mul))
    assert written == generic


def _network(domains, relation_of):
    """A network of one variable per domain, each printed as its domain, and one relation on them all."""
    network = Network()
    variables = tuple(network.variable() for _ in domains)
    for v, domain in zip(variables, domains):
        network.add((PRINTED, v, domain))
    c = network.add(relation_of(variables))
    return network, c


def _by_hand(network, c, domains, method: str):
    """The relation revised from the printed domains by `method`, called in the caller's context."""
    solution = Solution(network, None, frozenset(), True)
    solution.domains = list(domains)
    with localcontext(CALLER):
        result = getattr(solution, method)(c, network.constraints[c])
    conflict = solution.conflict and (solution.conflict.var, solution.conflict.before, solution.conflict.wanted)
    return result is None, repr(solution.domains), conflict


def _solved(network):
    with localcontext(CALLER):
        solution = network.solve()
    conflict = solution.conflict and (solution.conflict.var, solution.conflict.before, solution.conflict.wanted)
    return solution.conflict is not None, repr(solution.domains), conflict


@settings(max_examples=500, deadline=None)
@given(st.one_of(revisions(), long_revisions(), printed_sums()))
def test_a_solve_revises_a_sum_as_the_terms_would_in_the_caller_s_context(case):
    """A solve of one sum over printed figures ends as the term by term revision, made in the
    caller's context, leaves them: the same domains, written the same way, and the same conflict."""
    coefs, domains, wanted = case
    network, c = _network(domains, lambda variables: (LINEAR, coefs, wanted, *variables))
    assert _solved(network) == _by_hand(network, c, domains, "_revise_terms")


# 1.000...0001 with 90 digits: more than the exact context's 80, so that negating it there is refused.
CONSTANT = Decimal("1." + "0" * 88 + "1")


def _long_tree(variables):
    # -CONSTANT + x in [0.5, 1]: the constant is negated as it is, before any operation rounds it
    nodes = ((CONST, (CONSTANT, CONSTANT, False, False), None), (NEG, 0, None), (VAR, 0, None), (ADD, 1, 2))
    return (TREE, nodes, (Decimal("0.5"), Decimal(1), False, False), *variables)


def test_a_tree_that_negates_a_constant_longer_than_the_exact_context_revises_as_before():
    """A rule's constant written to 90 digits, negated: the solve revises its tree as the
    caller's context revises it, where the exact context would refuse the negation."""
    domains = [(Decimal(1), Decimal(3), False, False)]
    network, c = _network(domains, _long_tree)
    solved = _solved(network)
    assert solved == _by_hand(network, c, domains, "_revise_tree")
    assert solved[1] != repr(domains)  # it narrowed x, to about [1.5, 2]


def test_a_solve_gives_its_caller_back_its_own_context():
    """Whatever a solve does (ends, fails, a tree revised again in the caller's context, a first
    wave stopped), the caller's context is its own again after it."""
    cases = [
        ([(Decimal(1), Decimal(2), False, False), (Decimal(3), Decimal(4), False, False)],
         lambda vs: (LINEAR, (P.ONE, P.MINUS_ONE), (Decimal(-2), Decimal(-2), False, False), *vs)),  # narrows
        ([(Decimal(1), Decimal(2), False, False), (Decimal(5), Decimal(6), False, False)],
         lambda vs: (LINEAR, (P.ONE, P.MINUS_ONE), (Decimal(0), Decimal(0), False, False), *vs)),  # fails
        ([(Decimal(1), Decimal(3), False, False)], _long_tree),
    ]
    for domains, relation_of in cases:
        network, _ = _network(domains, relation_of)
        with localcontext(CALLER) as caller:
            for track in (True, False):
                network.solve(track=track)
                assert getcontext() is caller
            network.solve(active=range(len(network.constraints)))
            assert getcontext() is caller
            network.first_wave({}, lambda: getcontext() is not caller)  # asked in the caller's context
            assert getcontext() is caller
            network.first_wave({})
            assert getcontext() is caller


def test_a_relation_revised_often_passes_on_a_cut_of_a_width_of_many_digits():
    """Past _EAGER revisions a relation passes a narrowing on only where it is large, a test
    made in the caller's context: x = y and 2x = y halve each other's range of 1E-40 to 1E+50,
    whose widths have 90 digits (more than the exact context's 80), revision after revision."""
    network = Network()
    x, y = network.variable(), network.variable()
    wide = (Decimal("1E-40"), Decimal("1E+50"), False, False)
    network.add((PRINTED, x, wide))
    network.add((PRINTED, y, wide))
    zero = (Decimal(0), Decimal(0), False, False)
    network.add((LINEAR, (P.ONE, P.MINUS_ONE), zero, x, y))
    network.add((LINEAR, (Decimal(2), P.MINUS_ONE), zero, x, y))
    with localcontext(CALLER) as caller:
        solution = network.solve()
        assert getcontext() is caller
    # each round of the two relations halves x's upper end: far more rounds than _EAGER were passed on
    assert solution.conflict is None
    assert solution.domains[x][1] < Decimal("1E+50") / 2 ** (4 * P._EAGER)


def _finite(case) -> bool:
    _, domains, _ = case
    return all(end.is_finite() for domain in domains for end in domain[:2])


def _revised_with(coefs, domains, wanted, method: str):
    """What `method` makes of sum coefs x in wanted over the domains, each term a printed
    figure, called in the caller's context as a solve calls it: its result, the domains after
    it and the conflict, each written out digit for digit."""
    network, c = _network(domains, lambda variables: (LINEAR, coefs, wanted, *variables))
    solution = Solution(network, None, frozenset(), True)
    solution.domains = list(domains)
    with localcontext(CALLER):
        result = getattr(solution, method)(c, network.constraints[c])
    conflict = solution.conflict and (solution.conflict.constraint, solution.conflict.var, solution.conflict.before,
                                      solution.conflict.wanted)
    return repr(result), repr(solution.domains), repr(conflict), repr(solution.why), repr(solution.step)


@settings(max_examples=1000, deadline=None)
@given(st.one_of(revisions(), long_revisions(), printed_sums()).filter(_finite))
def test_the_finite_terms_revision_is_the_term_by_term_revision(case):
    """Where every term's ends are finite (wanted's may not be), `_revise_finite_terms` narrows
    as `_revise_terms` does: the same result, the same domains to the digit, the same conflict
    and the same proofs (which constraint set each end, and when)."""
    coefs, domains, wanted = case
    assert (_revised_with(coefs, domains, wanted, "_revise_finite_terms")
            == _revised_with(coefs, domains, wanted, "_revise_terms"))
