"""Properties of joint checking: sound on honestly rounded books, exact on trees of sums."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import diagnose

from ledgerlang.diagnostic import Severity

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def rounded(value: Fraction, unit: Fraction) -> Fraction:
    """To the nearest multiple of `unit`, halves away from zero: how a printer rounds."""
    steps = abs(value) / unit
    whole = int(steps)
    if steps - whole >= Fraction(1, 2):
        whole += 1
    return (whole if value >= 0 else -whole) * unit


def text(value: Fraction, places: int = 0) -> str:
    """A figure as printed: 1,234,567 or 12.3, negatives in parentheses."""
    scaled = abs(value) * 10**places
    assert scaled.denominator == 1
    whole, part = divmod(scaled.numerator, 10**places)
    body = f"{whole:,}" + (f".{part:0{places}d}" if places else "")
    return f"({body})" if value < 0 else body


@st.composite
def trees(draw, leaves: int):
    """A tree of sums over `leaves` leaves: (name, children) with leaves as (name, ())."""
    nodes = [(f"n{i}", ()) for i in range(leaves)]
    count = leaves
    while len(nodes) > 1:
        size = draw(st.integers(min_value=2, max_value=min(3, len(nodes))))
        start = draw(st.integers(min_value=0, max_value=len(nodes) - size))
        group = nodes[start:start + size]
        nodes[start:start + size] = [(f"n{count}", tuple(group))]
        count += 1
    return nodes[0]


def walk(tree):
    yield tree
    for child in tree[1]:
        yield from walk(child)


def declarations(tree, unit: str = "JPY") -> list[str]:
    lines = []
    for name, children in walk(tree):
        lines.append(f'item {name} "{name}" {unit} flow')
        if children:
            lines.append("  = " + " + ".join(child[0] for child in children))
    return lines


# -- (a) soundness -----------------------------------------------------------------------------


@SETTINGS
@given(data=st.data())
def test_books_rounded_from_true_values_have_no_errors(data):
    """Sums, shares, changes, a translation and a per-share ratio, each printed rounded from
    exact true values: whatever the joint pass narrows, it never finds an error."""
    tree = data.draw(trees(data.draw(st.integers(min_value=2, max_value=5))))
    names = [name for name, _ in walk(tree)]
    leaves = [name for name, children in walk(tree) if not children]
    now, before = {}, {}
    for name in leaves:
        now[name] = Fraction(data.draw(st.integers(min_value=1, max_value=10**10)))
        before[name] = Fraction(data.draw(st.integers(min_value=1, max_value=10**10)))
    for name, children in reversed(list(walk(tree))):
        if children:
            now[name] = sum(now[c[0]] for c in children)
            before[name] = sum(before[c[0]] for c in children)
    root = tree[0]
    rate = Fraction(data.draw(st.integers(min_value=10000, max_value=15000)), 100)
    ads = data.draw(st.integers(min_value=10**4, max_value=10**9))
    shares = Fraction(ads, 2000)
    eps = now[root] / shares
    thousand, million = Fraction(1000), Fraction(10**6)
    lines = ["unit ADS", f"rate usd: {text(rate, 2)} JPY per USD on 2003-06-30", *declarations(tree),
             'item shares "Weighted shares" shares flow', 'item ads "ADS equivalents" ADS flow',
             'item eps "Per share" JPY/shares flow', f"  = {root} / shares",
             'item ads.per_share "ADS per share" ADS/shares flow', "  = 2000",
             "rule ads = shares * ads.per_share",
             'table "Appendix" in JPY thousands',
             f"  columns USD(1Q03) 1Q03 share%(1Q03, {root}) 1Q02 yoy%(1Q03)"]
    for name in names:
        usd = rounded(now[name] / rate, thousand) / thousand
        share = rounded(now[name] / now[root] * 100, Fraction(1, 10))
        change = rounded((now[name] / before[name] - 1) * 100, Fraction(1, 10))
        lines.append(f"  {name} {text(usd)} {text(rounded(now[name], thousand) / thousand)} {text(share, 1)} "
                     f"{text(rounded(before[name], thousand) / thousand)} {text(change, 1)}")
    lines.append(f"  eps . {text(rounded(eps, Fraction(1, 100)), 2)} . . .")
    lines.append(f"  shares . {text(rounded(shares, Fraction(1)))} . . .")
    lines.append(f"  ads . {text(Fraction(ads))} . . .")
    lines += ['table "Table 1" in JPY millions', "  columns 1Q03 1Q02"]
    for name in names:
        lines.append(f"  {name} {text(rounded(now[name], million) / million)} "
                     f"{text(rounded(before[name], million) / million)}")
    book = "\n".join(lines) + "\n"
    errors = [d for d in diagnose(book) if d.severity is Severity.ERROR]
    assert errors == [], book


# -- (b) exactness on trees of sums ------------------------------------------------------------


def feasible(tree, printed) -> tuple[Fraction, Fraction] | None:
    """The values a node can truly take, given its subtree: its printed interval met with the
    sum of its children's; None when some node of the subtree has none. Exact for a tree,
    where every figure is in at most one sum."""
    name, children = tree
    lo, hi = printed[name] - Fraction(1, 2), printed[name] + Fraction(1, 2)
    if children:
        parts = [feasible(child, printed) for child in children]
        if any(part is None for part in parts):
            return None
        lo, hi = max(lo, sum(p[0] for p in parts)), min(hi, sum(p[1] for p in parts))
    return (lo, hi) if lo <= hi else None


def printed_figures(data, tree, low: int, high: int) -> dict[str, Fraction]:
    """A figure for each node of a tree of sums: a leaf's drawn from low..high, a total the sum of
    its children's, mostly off by a slip rounding can explain, so the joint boundary is exercised."""
    printed: dict[str, Fraction] = {}
    for name, children in reversed(list(walk(tree))):
        if children:
            slip = data.draw(st.sampled_from([-3, -2, -1, -1, 0, 0, 0, 1, 1, 2, 3]))
            printed[name] = sum(printed[c[0]] for c in children) + slip
        else:
            printed[name] = Fraction(data.draw(st.integers(min_value=low, max_value=high)))
    return printed


@SETTINGS
@given(data=st.data())
def test_an_error_is_reported_exactly_when_no_values_fit(data):
    """On a tree of sums, some error is reported if and only if no true values inside the
    printed intervals satisfy every sum, computed independently with exact fractions."""
    tree = data.draw(trees(data.draw(st.integers(min_value=2, max_value=7))))
    printed = printed_figures(data, tree, -50, 500)
    lines = [*declarations(tree), 'table "T" in JPY millions', "  columns 1Q03"]
    lines += [f"  {name} {text(value)}" for name, value in printed.items()]
    book = "\n".join(lines) + "\n"
    errors = [d for d in diagnose(book) if d.severity is Severity.ERROR]
    assert (feasible(tree, printed) is None) == bool(errors), book



def truncated(value: Fraction) -> tuple[Fraction, Fraction, bool, bool]:
    """(lo, hi, lo_open, hi_open) of a figure a `rounding truncate` table prints as `value` in
    units: [v, v + 1) above zero, (v - 1, v] below it, (-1, 1) at zero (DESIGN.md)."""
    if value > 0:
        return value, value + 1, False, True
    if value < 0:
        return value - 1, value, True, False
    return Fraction(-1), Fraction(1), True, True


def feasible_truncated(tree, printed):
    """`feasible` with open ends: a sum's end is open where any term's is, and where two ends
    meet at one value the point must be in both. Exact for a tree."""
    name, children = tree
    lo, hi, lo_open, hi_open = truncated(printed[name])
    if children:
        parts = [feasible_truncated(child, printed) for child in children]
        if any(part is None for part in parts):
            return None
        s_lo, s_hi = sum(p[0] for p in parts), sum(p[1] for p in parts)
        s_lo_open, s_hi_open = any(p[2] for p in parts), any(p[3] for p in parts)
        if s_lo > lo or (s_lo == lo and s_lo_open):
            lo, lo_open = s_lo, s_lo_open
        if s_hi < hi or (s_hi == hi and s_hi_open):
            hi, hi_open = s_hi, s_hi_open
    if lo < hi or (lo == hi and not (lo_open or hi_open)):
        return lo, hi, lo_open, hi_open
    return None


@SETTINGS
@given(data=st.data())
def test_on_truncated_figures_an_error_is_reported_exactly_when_no_values_fit(data):
    """As above, in a `rounding truncate` table, negatives and zeros included: where sums meet a
    figure only at an end truncation excludes, that is an error; where they meet inside, none."""
    tree = data.draw(trees(data.draw(st.integers(min_value=2, max_value=6))))
    printed = printed_figures(data, tree, -20, 20)
    lines = [*declarations(tree), 'table "T" in JPY millions', "  rounding truncate", "  columns 1Q03"]
    lines += [f"  {name} {text(value)}" for name, value in printed.items()]
    book = "\n".join(lines) + "\n"
    errors = [d for d in diagnose(book) if d.severity is Severity.ERROR]
    assert (feasible_truncated(tree, printed) is None) == bool(errors), book

# -- the joint network's exact coefficients ----------------------------------------------------

_DECIMALS = st.decimals(allow_nan=False, allow_infinity=False, min_value=-10**6, max_value=10**6, places=4)


def _fraction_template(network, expr, minus: bool):
    """A linear template made with Fraction, as check/network.py made it before its exact
    ratios of ints: the oracle for `BookNetwork._compile`."""
    from decimal import Decimal
    from math import lcm

    from ledgerlang.check.network import _shared
    from ledgerlang.model.expr import Bin, Call, Neg, Num, Ref

    def linear(expr, weight, terms, const) -> bool:
        if isinstance(expr, Ref):
            terms[(expr, ())] = terms.get((expr, ()), 0) + weight
            return True
        if isinstance(expr, Num):
            const[0] += weight * Fraction(expr.value)
            return True
        if isinstance(expr, Neg):
            return linear(expr.operand, -weight, terms, const)
        if isinstance(expr, Bin):
            if expr.op in "+-":
                return linear(expr.left, weight, terms, const) and linear(
                    expr.right, weight if expr.op == "+" else -weight, terms, const)
            if expr.op == "*" and isinstance(expr.left, Num):
                return linear(expr.right, weight * Fraction(expr.left.value), terms, const)
            if expr.op == "*" and isinstance(expr.right, Num):
                return linear(expr.left, weight * Fraction(expr.right.value), terms, const)
            if expr.op == "/" and isinstance(expr.right, Num) and expr.right.value != 0:
                return linear(expr.left, weight / Fraction(expr.right.value), terms, const)
            return False
        if isinstance(expr, Call) and expr.rate is not None:
            rate = Fraction(network.book.rates[expr.rate].value)
            return rate != 0 and linear(expr.args[0], weight / rate, terms, const)
        return False

    terms: dict = {}
    const = [Fraction(0)]
    if not linear(expr, Fraction(1), terms, const):
        return None
    slots = tuple(terms)
    fractions = [terms[slot] for slot in slots]
    scale = lcm(*(k.denominator for k in fractions), const[0].denominator) if fractions else 1
    coefs = tuple(_shared(Decimal(int(k * scale))) for k in fractions)
    big = Decimal(scale)
    if minus:
        slots += ((None, ()),)
        coefs += (_shared(-big),)
    value = const[0] * scale
    shift = (Decimal(value.numerator) / Decimal(value.denominator) if value.denominator != 1
             else Decimal(value.numerator)) if const[0] else Decimal(0)
    return slots, coefs, big, const[0], shift


@st.composite
def _linear_expressions(draw, depth: int = 3):
    from ledgerlang.model.expr import Bin, Call, Neg, Num, Ref

    if depth == 0 or draw(st.integers(0, 3)) == 0:
        if draw(st.booleans()):
            return Ref(draw(st.sampled_from(["a", "b", "c"])))
        return Num(draw(_DECIMALS))
    kind = draw(st.sampled_from(["+", "-", "*", "/", "neg", "rate"]))
    inner = draw(_linear_expressions(depth - 1))
    if kind == "neg":
        return Neg(inner)
    if kind == "rate":
        return Call("usd", (inner,), draw(st.sampled_from(["r1", "r2", "zero"])))
    other = draw(_linear_expressions(depth - 1))
    if kind in "*/":  # a number on one side keeps it linear; on neither side it is not
        number = Num(draw(_DECIMALS))
        return Bin(kind, inner, number) if kind == "/" or draw(st.booleans()) else Bin(kind, number, inner)
    return Bin(kind, inner, other)


@settings(max_examples=400, deadline=None)
@given(_linear_expressions(), st.booleans())
def test_a_linear_templates_coefficients_are_those_fractions_give(expr, minus):
    """check/network.py keeps a linear template's coefficients and constant as exact ratios of
    ints (`fractions` imports `re`: 5.8 ms of a fresh process's imports): its template, digit for
    digit, and its constant as a ratio, are the ones Fraction's arithmetic gives."""
    from decimal import Context, Decimal, localcontext
    from types import SimpleNamespace

    from ledgerlang.check.joint import EXACT_DIGITS
    from ledgerlang.check.network import BookNetwork, _decimal

    network = BookNetwork.__new__(BookNetwork)
    network.book = SimpleNamespace(rates={name: SimpleNamespace(value=Decimal(v)) for name, v in
                                          (("r1", "119.87"), ("r2", "0.0083"), ("zero", "0"))})
    with localcontext(Context(prec=EXACT_DIGITS)):
        expected = _fraction_template(network, expr, minus)
        made = network._compile(expr, minus)
        if expected is None:
            assert made[0] == "tree"
            return
        slots, coefs, big, const, shift = expected
        assert made[0] == "linear"
        assert made[1:4] == (slots, coefs, big) and made[5] == shift
        assert [str(k) for k in made[2]] == [str(k) for k in coefs] and str(made[5]) == str(shift)
        assert Fraction(*made[4]) == const and made[4][1] > 0
        assert str(_decimal(made[4])) == str(Decimal(const.numerator) / Decimal(const.denominator))


_IIJ_NETWORK: list = []


def _iij_network():
    """The IIJ ledger's network, built once for the properties that only read it."""
    if not _IIJ_NETWORK:
        from decimal import Context, localcontext

        from support import ROOT

        from ledgerlang.check.network import BookNetwork
        from ledgerlang.evaluate.compute import evaluate
        from ledgerlang.load import load_paths

        loaded, _ = load_paths(sorted(str(path) for path in (ROOT / "books" / "iij").glob("*.iij")))
        evaluation, _ = evaluate(loaded)
        with localcontext(Context(prec=100)):
            _IIJ_NETWORK.append(BookNetwork(loaded, evaluation))
    return _IIJ_NETWORK[0]


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_the_printed_phase_finds_each_figures_variable_in_any_part_of_the_network(data):
    """A table's figure is its interval alone (propagate.py `Network.runs`), and the printed phase
    steps from run to run as it goes: over any part of the network (a culprit search's
    neighbourhood and its trials skip figures and whole runs), each variable's starting domain is
    the intersection of its figures' intervals read through `Network.constraint`, and the
    relations are the rest, in order."""
    from decimal import Context, localcontext

    from ledgerlang.evaluate.propagate import PRINTED, WHOLE, Solution, intersect

    network = _iij_network()
    net = network.net
    count = len(net.constraints)
    active = data.draw(st.sets(st.integers(min_value=0, max_value=count - 1), max_size=300)
                       | st.just(set(range(count))))
    with localcontext(Context(prec=100)):
        solution = Solution(net, active, frozenset(), track=False)
        relations, disagree = solution._printed(solution.order, True)
    expected: dict = {}  # variable -> the intersection of its figures' intervals, None if empty
    for c in sorted(active):
        kind, var, interval, *_ = net.constraint(c)
        if kind == PRINTED and expected.get(var, WHOLE) is not None:
            expected[var] = intersect(expected.get(var, WHOLE), interval)
    assert relations == [c for c in sorted(active) if net.constraint(c)[0] != PRINTED]
    assert disagree == {var for var, domain in expected.items() if domain is None}
    for var, domain in expected.items():
        if domain is not None:
            assert solution.domains[var] == domain


@given(st.integers(min_value=1, max_value=12).flatmap(lambda count: st.tuples(
    st.just(count),
    st.integers(min_value=0, max_value=5),
    st.lists(st.sets(st.integers(min_value=0, max_value=count - 1), min_size=1, max_size=count), max_size=30))))
def test_uses_read_off_the_constraints_are_each_variables_in_order(made):
    """A book's network reads each variable's uses off its constraints once built (propagate.py
    `Uses.of`), past its run of figures: each variable reads back exactly the constraints it is
    in, in order, none of another's, whatever their kind, and a variable in none reads back
    nothing."""
    from ledgerlang.evaluate.propagate import LINEAR, PRINTED, TREE, Uses

    count, first, named = made
    constraints = [(PRINTED, 0, None)] * first  # figures of a run: not in any variable's uses
    for c, variables in enumerate(named):
        if len(variables) == 1 and c % 2:
            constraints.append((PRINTED, *variables, None))
        else:  # a relation names its variables in any order
            constraints.append((LINEAR if c % 3 else TREE, None, None, *sorted(variables, reverse=c % 2 == 1)))
    uses = Uses.of(constraints, first, count)
    assert len(uses) == count
    assert [list(uses[v]) for v in range(count)] == [[first + c for c, variables in enumerate(named) if v in variables]
                                                     for v in range(count)]


@given(st.lists(st.tuples(st.sampled_from(["rev", "cost", "gross", "cash"]), st.integers(min_value=0, max_value=9)),
                max_size=40), st.integers(min_value=0, max_value=40))
def test_a_networks_keys_numbered_read_back_as_made(keys, made):
    """A releasing build numbers its variables' keys (check/network.py `Keys`) from the
    relations on: the keys it had, then each it adds, read back in order, as tuples."""
    from ledgerlang.check.network import Keys

    numbered = Keys(keys[:made])
    for key in keys[made:]:
        numbered.append(key)
    assert len(numbered) == len(keys)
    assert [numbered[v] for v in range(len(keys))] == list(numbered) == keys
    assert len(numbered.items) == len({item for item, _ in keys})  # each item once
