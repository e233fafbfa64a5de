"""The joint network's build: its fast paths state each relation as the general path does.

check/network.py states the common relations in loops of their own (a printed measure of one
item or of two, a rule read at its own period, an item's quarter sum), where the general path
(`_general_measure`, `_equation`) works each out from the expression: the loops must make the
very constraints, variables and origins the general path makes, in the same order, or the
propagation and every chain it tells would differ. Each property builds the network both ways
and compares them.

The books are the IIJ ledger's real text (books/iij). The forms it does not print (a share of
an item by itself, a reference anchored where the release has none, a change function swapped)
are made in the test from its own measures and rules, as drawn.
"""

from __future__ import annotations

import copy
from decimal import Context, Decimal, localcontext

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import ROOT

from ledgerlang.check.network import BookNetwork, _Missing, _quarters
from ledgerlang.evaluate.compute import evaluate, is_additive
from ledgerlang.evaluate.interval import ends
from ledgerlang.evaluate.propagate import LINEAR, point
from ledgerlang.load import load_paths
from ledgerlang.model.expr import Bin, Call, Num, Ref, refs
from ledgerlang.model.fact import Reported
from ledgerlang.model.period import Duration
from ledgerlang.model.record import evolve

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

_LOADED: list = []


def _iij():
    """The IIJ ledger and its evaluation, made once: a build reads them and changes neither."""
    if not _LOADED:
        loaded, _ = load_paths(sorted(str(path) for path in (ROOT / "books" / "iij").glob("*.iij")))
        evaluation, _ = evaluate(loaded)
        _LOADED.append((loaded, evaluation))
    return _LOADED[0]


class _General(BookNetwork):
    """The network as the general path states it: every printed measure through
    `_general_measure`, in the book's order, the replaced ones skipped as the loop skips them;
    every rule's equation through `_equation` at each period; each quarter sum's keys through
    `var`, the parts before the whole."""

    def _printed_measures(self, measures) -> None:
        for measured in measures:
            if self._replaced(measured):
                continue
            try:
                self._general_measure(measured)
            except _Missing:
                pass

    def _rule(self, rule, periods) -> None:
        self._own("rule", rule)
        for period in periods:
            try:
                self._equation(rule.expr, period, (rule.target, period), period)
            except _Missing:
                pass

    def _quarter_sums(self, periods_of, two_bases) -> None:
        for item, periods in periods_of.items():
            if item not in self.book.items or not is_additive(self.book.items[item]):
                continue
            self._own("quarters", item)
            for period in periods:
                if not isinstance(period, Duration) or period.quarters == 1 or (item, period) in two_bases:
                    continue
                try:
                    parts = [self.var((item, q)) for q in self.ev.quarters_of(period)]
                    whole = self.var((item, period))
                except _Missing:
                    continue
                self._add((LINEAR, _quarters(len(parts)), point(Decimal(0)), whole, *parts), period)


def _built(cls, book, evaluation):
    with localcontext(Context(prec=100)):
        return cls(book, evaluation)


def _same(fast, general) -> None:
    """The two networks alike, digit for digit: constraints (a Decimal's repr shows its exponent),
    variables in order, and each constraint's origin."""
    assert len(fast.net.constraints) == len(general.net.constraints)
    assert [repr(c) for c in fast.net.constraints] == [repr(c) for c in general.net.constraints]
    assert list(fast.key_of) == list(general.key_of)
    assert [fast.origin_of(c) for c in range(len(fast.origin))] == \
        [general.origin_of(c) for c in range(len(general.origin))]
    assert [list(fast.net.uses[v]) for v in range(fast.net.var_count)] == \
        [list(general.net.uses[v]) for v in range(general.net.var_count)]


def test_the_iij_ledger_is_stated_as_the_general_path_states_it():
    """The real ledger as it is: 396 printed measures, shares, changes of every kind and
    translations, some anchored at a quarter or at a balance sheet's edge; 40 rules, sums and
    trees; and its items' sums of quarters."""
    loaded, evaluation = _iij()
    fast, general = _built(BookNetwork, loaded, evaluation), _built(_General, loaded, evaluation)
    assert len(fast.net.constraints) > 1000
    assert {"printed", "measured", "rule"} <= {fast.origin_of(c)[0] for c in range(len(fast.origin))}
    _same(fast, general)


def test_a_generated_books_quarter_sums_and_rules_are_stated_as_the_general_path_states_them(tmp_path):
    """The IIJ ledger sums no quarters; the benchmark's generated book (bench/generate.py) has
    hundreds of items whose years and halves are sums of quarters, and rules at every period."""
    import subprocess
    import sys

    subprocess.run([sys.executable, "bench/generate.py", "3000", "--out", str(tmp_path)], cwd=ROOT, check=True,
                   capture_output=True, timeout=120)
    loaded, _ = load_paths([str(tmp_path / "book.iij")])
    evaluation, _ = evaluate(loaded)
    fast, general = _built(BookNetwork, loaded, evaluation), _built(_General, loaded, evaluation)
    kinds = [fast.origin_of(c)[0] for c in range(len(fast.origin))]
    assert kinds.count("quarters") > 100 and kinds.count("rule") > 100 and kinds.count("measured") > 100
    _same(fast, general)


@st.composite
def _measures(draw):
    """Some of the IIJ ledger's measures in a drawn order, each kept or changed into a form the
    ledger may not print: a change function swapped, a share of one item by itself (as written,
    or anchored at the measure's own period, which reads the same figure) or with its arguments
    swapped, a reference anchored at a period or an edge another measure names."""
    loaded, _ = _iij()
    measures = list(loaded.measured)
    anchors = sorted({a.anchor for m in measures if type(m.expr) is Call for a in m.expr.args
                      if type(a) is Ref and a.anchor is not None}, key=repr)
    chosen = draw(st.lists(st.sampled_from(measures), min_size=1, max_size=60))
    made = []
    for measured in chosen:
        expr = measured.expr
        change = draw(st.sampled_from(["keep", "function", "same", "itself", "swap", "anchor"]))
        if type(expr) is Call and all(type(a) is Ref for a in expr.args):
            args = expr.args
            if change == "function" and len(args) == 1 and expr.function in ("yoy%", "qoq%"):
                expr = evolve(expr, function=draw(st.sampled_from(["yoy%", "qoq%"])))
            elif change == "same" and len(args) == 2:
                expr = evolve(expr, args=(args[0], args[0]))
            elif change == "itself" and len(args) == 2:  # x and x@P at P: one variable twice
                expr = evolve(expr, args=(args[0], evolve(args[0], anchor=measured.period)))
            elif change == "swap" and len(args) == 2:
                expr = evolve(expr, args=(args[1], args[0]))
            elif change == "anchor":
                j = draw(st.integers(min_value=0, max_value=len(args) - 1))
                anchored = evolve(args[j], anchor=draw(st.sampled_from([None, *anchors])))
                expr = evolve(expr, args=args[:j] + (anchored,) + args[j + 1:])
        made.append(evolve(measured, expr=expr))
    return tuple(made)


@SETTINGS
@given(_measures())
def test_drawn_measures_are_stated_as_the_general_path_states_them(measures):
    """Whatever measures a book prints, in whatever order: each recipe's constraint is the one
    `_general_measure` states, a share of x by x and a change read at an anchor included (these
    the general path states; the loop must send them there), and a measure whose figure has no
    value at the period it reads is left out by both."""
    loaded, evaluation = _iij()
    book = evolve(loaded, measured=measures)
    _same(_built(BookNetwork, book, evaluation), _built(_General, book, evaluation))


@st.composite
def _rules(draw):
    """Some of the IIJ ledger's rules in a drawn order, each kept or changed: its target added
    to its own expression (an item read twice at one period, which the general path merges),
    a reference anchored at a quarter (read at another period than the rule's), or a term
    times zero (which constrains nothing)."""
    loaded, _ = _iij()
    rules = list(loaded.rules)
    chosen = draw(st.lists(st.sampled_from(rules), min_size=1, max_size=40))
    made = []
    for rule in chosen:
        expr = rule.expr
        item = next(iter(refs(expr)), Ref(rule.target)).item  # a rule of a constant reads none
        change = draw(st.sampled_from(["keep", "keep", "itself", "itself times", "anchor", "zero"]))
        if change == "itself":
            expr = Bin("+", expr, Ref(rule.target))
        elif change == "itself times":
            expr = Bin("*", expr, Ref(rule.target))
        elif change == "anchor":
            expr = Bin("+", expr, Bin("-", Ref(item, anchor=Duration(2003, 1, 1)), Ref(item)))
        elif change == "zero":
            expr = Bin("+", expr, Bin("*", Num(Decimal(0)), Ref(item)))
        made.append(evolve(rule, expr=expr))
    return tuple(made)


@SETTINGS
@given(_rules())
def test_drawn_rules_are_stated_as_the_general_path_states_them(rules):
    """Whatever rules a book has, in whatever order: each rule's constraint at each period is the
    one `_equation` states, and the variables are made in the same order, whether the rule's
    loop makes it or sends it there (an item twice, an anchored reference, a zero term)."""
    loaded, evaluation = _iij()
    book = evolve(loaded, rules=rules)
    _same(_built(BookNetwork, book, evaluation), _built(_General, book, evaluation))


@st.composite
def _printed(draw):
    """A printed figure as a reader makes one: its digits at a drawn exponent (some no figure of
    the ledger has, so the build meets an exponent first), with each rounding a printer uses."""
    exponent = draw(st.integers(-4, 9))
    digits = draw(st.integers(-10**12, 10**12))
    rounding = draw(st.sampled_from(["nearest", "nearest", "truncate", "exact"]))
    return Reported(Decimal(digits).scaleb(exponent), exponent, rounding)


def _drawn_book(figures, measured, rate=None):
    """The IIJ ledger and its evaluation, its table figures, measures' figures and rate as drawn
    (a drawn figure shared by several cells, as a reader shares a repeated cell's; the ledger's
    own rates where none is drawn)."""
    loaded, evaluation = _iij()
    drawn = copy.copy(evaluation)
    facts = [fact for printed in evaluation.table_facts.values() for fact in printed]
    replaced = {id(fact): evolve(fact, value=figures[i % len(figures)]) for i, fact in enumerate(facts)}
    drawn.table_facts = {key: tuple(replaced[id(fact)] for fact in printed)
                         for key, printed in evaluation.table_facts.items()}
    rates = loaded.rates if rate is None else {name: evolve(declared, value=rate)
                                               for name, declared in loaded.rates.items()}
    book = evolve(loaded, rates=rates, measured=tuple(evolve(m, value=measured[i % len(measured)])
                                                      for i, m in enumerate(loaded.measured)))
    return book, drawn


@SETTINGS
@given(st.lists(_printed(), min_size=1, max_size=12), st.lists(_printed(), min_size=1, max_size=12))
def test_drawn_figures_intervals_are_the_ones_ends_gives(figures, measured):
    """The build states a table figure's interval without calling `ends` where the figure is
    rounded to nearest: on the IIJ ledger with its table figures and measures printed as drawn
    (one drawn figure shared by several cells, as a reader shares a repeated cell's), each table
    figure's constraint is `ends` of its figure, digit for digit, and each measure's is the one
    `_general_measure` states."""
    book, drawn = _drawn_book(figures, measured)
    fast, general = _built(BookNetwork, book, drawn), _built(_General, book, drawn)
    table = fast.net.runs[-1]
    assert table > 400  # the ledger's 432 table figures
    for c in range(table):
        assert repr(fast.net.constraints[c]) == repr(ends(fast.origin_of(c)[1].value))
    _same(fast, general)
