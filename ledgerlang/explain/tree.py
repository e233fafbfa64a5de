"""Walk from one figure down to the printed figures it is derived from."""

from __future__ import annotations

import re

from decimal import Decimal

from ledgerlang.check.rules import is_weighted_sum
from ledgerlang.diagnostic import Diagnostic
from ledgerlang.evaluate.compute import Evaluation, best_printing, is_additive
from ledgerlang.evaluate.interval import Interval, of_reported
from ledgerlang.model.expr import Expr, show
from ledgerlang.model.period import Duration, Period, label, quarters_of
from ledgerlang.model.record import frozen


@frozen
class Printed:
    """One place a figure is printed: its text, where, and the values it stands for."""

    text: str
    where: str
    location: str | None
    value: Decimal
    interval: Interval


@frozen
class RuleNode:
    """A rule at one period: what it computes from its inputs, and whether the printed figure agrees."""

    rule: str
    location: str | None
    value: Decimal | None
    interval: Interval | None
    status: str  # holds | violated | derives | unknown (an input is missing)
    miss: Decimal | None
    inputs: tuple[Node, ...]
    kind: str = "sum"  # sum (a total, a difference, a quarter sum) | other (a ratio, a product, a change)


@frozen
class Node:
    """A figure: an item at a period, or a printed measure such as yoy%(rev.total@1Q03)."""

    what: str
    origin: str  # reported | derived | sum | measure | missing
    value: Decimal | None
    interval: Interval | None
    scale: int  # the presentation: 6 for millions, -2 for a percentage
    exponent: int  # the last printed digit, 10**exponent base units
    printed: tuple[Printed, ...]
    rules: tuple[RuleNode, ...]
    checks: tuple[Diagnostic, ...]
    repeated: bool = False  # explained earlier in the same tree
    superseded: tuple[Printed, ...] = ()  # the earlier printings a restated figure replaces

    @property
    def violated(self) -> bool:
        return any(r.status == "violated" or any(i.violated for i in r.inputs) for r in self.rules)


def _location(span) -> str | None:
    return f"{span.path}:{span.line}" if span is not None else None


def _where(figure) -> str:
    if figure.source.kind == "claim":
        return f"claim {figure.source.title!r}"
    restated = f", restated {figure.source.restated!r}" if figure.source.restated else ""
    return f"{figure.source.title!r}{restated}, column {figure.column}"


# The deepest an explanation goes without --depth: a derivation chain can be
# thousands of periods long (`rule cash = cash@-1q` over centuries), and a tree
# that deep is neither walkable by recursion nor readable.
MAX_LEVELS = 100

_CULPRIT = re.compile(r": ([^\s:@()]+)@([^\s:@()]+) from ")


class _Walker:
    def __init__(self, evaluation: Evaluation, diagnostics, depth: int | None) -> None:
        self.ev = evaluation
        self.book = evaluation.book
        self.depth = MAX_LEVELS if depth is None else min(depth, MAX_LEVELS)
        self.seen: set = set()
        self.checks: dict[tuple, list[Diagnostic]] = {}
        self.blamed: dict[tuple, list[Diagnostic]] = {}
        for d in diagnostics:
            self.checks.setdefault((d.item, d.period), []).append(d)
            # An error reported elsewhere whose culprit is this figure (a total that fails
            # because a part is wrong) is shown at the part too.
            culprit = next((n for n in d.notes if n.startswith("culprit: changing ")), None)
            found = _CULPRIT.search(culprit) if culprit else None
            if found and (found[1], found[2]) != (d.item, d.period):
                self.blamed.setdefault((found[1], found[2]), []).append(d)
        self.finest: dict[str, tuple[int, int]] = {}
        for fact in self.book.facts:
            seen = self.finest.get(fact.item)
            if seen is None or fact.value.exponent < seen[1]:
                self.finest[fact.item] = (fact.value.scale, fact.value.exponent)

    def presentation(self, item: str) -> tuple[int, int]:
        found = self.book.items.get(item)
        if found is not None and found.percent:
            return -2, -5
        return self.finest.get(item, (0, -2))

    def figure(self, item: str, period: Period, level: int = 0) -> Node:
        key = (item, period)
        what = f"{item}@{label(period)}"
        scale, exponent = self.presentation(item)
        value = self.ev.value(item, period) if item in self.book.items else None
        if value is None:
            checks = tuple(self.checks.get((item, label(period)), ()))
            rules = ()
            if key not in self.seen and (self.depth is None or level < self.depth):
                # the rules that would derive it, and the inputs they lack ("no rule derives it"
                # was said of an item whose rule has no inputs at that period)
                self.seen.add(key)
                rules = tuple(self.rule(f"{item} = {show(r.expr)}", r.expr, period, _location(r.span), [], level)
                              for r in self.book.rules if r.target == item)
            return Node(what, "missing", None, None, scale, exponent, (), rules, checks,
                        repeated=key in self.seen and not rules and self._derivable(item))
        facts = list(value.facts) + [f for f in self.ev.claim_facts.get(key, ()) if f not in value.facts]
        printed = tuple(Printed(f.value.text, _where(f), _location(f.span), f.value.value, of_reported(f.value))
                        for f in facts)
        # A restated printing replaces the earlier ones as the figure's value: they are named, so that
        # a reviewer sees what the restatement changed (it was a figure printed once, from nowhere).
        superseded = tuple(Printed(f.value.text, _where(f), _location(f.span), f.value.value, of_reported(f.value))
                           for f in self.ev.superseded.get(key, ()))
        # The checks about this figure itself (totals, other printings), not about measures of its row.
        spans = {f.span for f in facts}
        checks = tuple(d for d in self.checks.get((item, label(period)), ()) if d.span in spans)
        checks += tuple(self.blamed.get((item, label(period)), ()))
        if key in self.seen or (self.depth is not None and level >= self.depth):
            return Node(what, value.origin, value.point, value.interval, scale, exponent, printed, (), checks,
                        repeated=key in self.seen, superseded=superseded)
        self.seen.add(key)
        rules = []
        # A derived value printed only in the narrative: the checker compares each claim with the
        # derivation (claim-mismatch), and so does the explanation.
        claimed = [of_reported(f.value) for f in facts if f.source.kind == "claim"] if not value.facts else []
        if value.origin == "sum":
            rules.append(self.quarters(item, period, level, claimed))
        else:
            chosen = [value.rule] if value.origin == "derived" else [r for r in self.book.rules if r.target == item]
            best = best_printing(value.facts) if value.facts else None
            for rule in chosen:
                # The checker compares a rule with the most precise printed figure; so does the explanation.
                printed_intervals = [of_reported(best.value)] if best is not None else claimed
                rules.append(self.rule(f"{item} = {show(rule.expr)}", rule.expr, period, _location(rule.span),
                                       printed_intervals, level))
            if value.origin == "reported" and not chosen and self._summable(item, period):
                rules.append(self.quarters(item, period, level, [of_reported(best.value)] if best else []))
        return Node(what, value.origin, value.point, value.interval, scale, exponent, printed, tuple(rules), checks,
                    superseded=superseded)

    def _derivable(self, item: str) -> bool:
        return any(r.target == item for r in self.book.rules)

    def _summable(self, item: str, period: Period) -> bool:
        found = self.book.items.get(item)
        return found is not None and is_additive(found) and isinstance(period, Duration) and period.quarters > 1

    def rule(self, text: str, expr: Expr, period: Period, location, printed: list[Interval], level: int) -> RuleNode:
        computed = self.ev.evaluate(expr, period)
        inputs = []
        for item, at in dict.fromkeys(self.ev.keys_of(expr, period)):
            inputs.append(self.figure(item, at, level + 1))
        kind = "sum" if is_weighted_sum(expr) else "other"
        if computed is None:
            return RuleNode(text, location, None, None, "unknown", None, tuple(inputs), kind)
        status, miss = _status(printed, computed.interval)
        return RuleNode(text, location, computed.point, computed.interval, status, miss, tuple(inputs), kind)

    def quarters(self, item: str, period: Duration, level: int, printed: list[Interval] = ()) -> RuleNode:
        parts = [self.figure(item, q, level + 1) for q in quarters_of(period)]
        text = f"{item}@{label(period)} = " + " + ".join(p.what for p in parts)
        if any(p.value is None for p in parts):
            return RuleNode(text, None, None, None, "unknown", None, tuple(parts))
        point = sum((p.value for p in parts), Decimal(0))
        interval = None
        if all(p.interval is not None for p in parts):
            interval = parts[0].interval
            for p in parts[1:]:
                interval = interval + p.interval
        status, miss = _status(printed, interval)
        return RuleNode(text, None, point, interval, status, miss, tuple(parts))


def _status(printed, computed: Interval | None) -> tuple[str, Decimal | None]:
    """Whether every printed interval meets the computed one; the largest miss when one does not."""
    if not printed:
        return "derives", None
    if computed is None:
        return "unknown", None
    misses = [p.distance(computed) for p in printed if p.disjoint(computed)]
    return ("violated", max(misses)) if misses else ("holds", None)


def explain_figure(evaluation: Evaluation, diagnostics, item: str, period: Period, depth: int | None = None) -> Node:
    """The derivation tree of an item at a period: printed figures, rules and their inputs."""
    return _Walker(evaluation, diagnostics, depth).figure(item, period)


def explain_measure(evaluation: Evaluation, diagnostics, what: str, expr: Expr, period: Period, printed_figures,
                    depth: int | None = None) -> Node:
    """The tree of a printed measure (a change %, share %, translation or claim): printed against computed."""
    walker = _Walker(evaluation, diagnostics, depth)
    printed = tuple(Printed(m.value.text, _where(m), _location(m.span), m.value.value, of_reported(m.value))
                    for m in printed_figures)
    scale = printed_figures[0].value.scale if printed_figures else -2
    exponent = min((m.value.exponent for m in printed_figures), default=-5)
    rule = walker.rule(show(expr), expr, period, None, [p.interval for p in printed], 0)
    item = printed_figures[0].item if printed_figures else None
    checks = tuple(d for d in diagnostics if item is not None and d.item == item and d.period == label(period)
                   and any(d.span == m.span for m in printed_figures))
    return Node(what, "measure", rule.value, rule.interval, scale, exponent, printed, (rule,), checks)
