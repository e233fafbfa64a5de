"""Inlay hints and code lenses: what the ledger computes, beside what the book prints.

Beside a printed figure that something checks (a rule, a printed measure
such as a change % or a share, the sum of its quarters, another printing
of it), the value computed for it and the verdict: `= 8,344.05 ✓`,
`= 67.06% ✗ 0.01`. Beside each row of a statement, the values the ledger
settles on. Above each table, how many figures it prints, how many a check
reaches, how many none does, and its errors.
"""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal
from typing import NamedTuple

from ledgerlang.check import show
from ledgerlang.check.mismatch import meets
from ledgerlang.evaluate.compute import Computed, best_printing, is_additive
from ledgerlang.evaluate.interval import of_reported
from ledgerlang.lsp.hover import distinct_interval
from ledgerlang.lsp.ledger import Analysis
from ledgerlang.model.fact import Fact, Measured
from ledgerlang.model.period import Duration
from ledgerlang.render import statements
from ledgerlang.syntax import nodes as n


class Hint(NamedTuple):
    line: int  # 1-based
    column: int  # 1-based: the hint sits before this column
    text: str
    kind: str  # figure | statement
    tooltip: str


class Verdict(NamedTuple):
    computed: Computed
    how: str  # what computed it
    holds: bool
    miss: Decimal | None


def verdict(analysis: Analysis, figure: Fact | Measured) -> Verdict | None:
    """What checks a printed figure computes for it, and whether the figure agrees; None if nothing does."""
    ev = analysis.evaluation
    if isinstance(figure, Measured):
        computed = ev.evaluate(figure.expr, figure.period)
        how = "the measure"
    else:
        computed, how = _for_fact(analysis, figure)
    if computed is None or computed.interval is None:
        return None
    value = figure.value
    holds = meets(value, computed)
    miss = None if holds else of_reported(value).distance(computed.interval)
    return Verdict(computed, how, holds, miss)


def _for_fact(analysis: Analysis, fact: Fact):
    ev = analysis.evaluation
    book = analysis.book
    for rule in analysis.rules_of(fact.item):
        computed = ev.evaluate(rule.expr, fact.period)
        if computed is not None:
            return computed, "the rule"
    item = book.items.get(fact.item)
    if item is not None and is_additive(item) and isinstance(fact.period, Duration) and fact.period.quarters > 1:
        parts = [ev.value(fact.item, q) for q in ev.quarters_of(fact.period)]
        if all(p is not None and p.interval is not None for p in parts):
            point, interval = parts[0].point, parts[0].interval
            for part in parts[1:]:
                point, interval = point + part.point, interval + part.interval
            return Computed(point, interval), "the sum of its quarters"
    key = (fact.item, fact.period)
    others = [f for f in (*ev.table_facts.get(key, ()), *ev.claim_facts.get(key, ())) if f.span != fact.span]
    if others:
        best = best_printing(others)
        return Computed(best.value.value, of_reported(best.value)), f"the printing in {best.source.title!r}"
    return None, ""


def hint_text(figure: Fact | Measured, found: Verdict, accepted: bool) -> str:
    value = figure.value
    scale = value.scale
    places = detail = show.places_for(value.exponent, scale) + (1 if scale == -2 else 2)
    point = found.computed.point
    try:
        if point == point.quantize(Decimal(1).scaleb(value.exponent)):
            places = show.places_for(value.exponent, scale)  # exact at the printed digit: no more digits
    except ArithmeticError:
        pass
    shown = show.amount(found.computed.point, scale, places) if scale == -2 else show.number(
        found.computed.point, scale, places)
    if found.holds:
        return f"= {shown} ✓"
    # The miss at the check's own precision, as its message gives it ("at least 3.50"): rounded to
    # the printed digit it could read as more than it is ("✗ 4"). Cut, as "at least" is a bound.
    miss = show.number(found.miss, scale, detail, ROUND_DOWN)
    return f"= {shown} ✗ {miss}" + (" (accepted)" if accepted else "")


def figure_hints(analysis: Analysis, path: str, first: int, last: int) -> list[Hint]:
    accepted = {d.span for d in analysis.diagnostics if d.acknowledged and d.span is not None}
    out = []
    for figure in analysis.figures_in(path, first, last):
        found = verdict(analysis, figure)
        if found is None:
            continue
        text = hint_text(figure, found, figure.span in accepted)
        interval = distinct_interval(found.computed.interval, figure.value.scale,
                                     show.places_for(figure.value.exponent, figure.value.scale) + 2)
        out.append(Hint(figure.span.end_line, figure.span.end_column, text, "figure",
                        f"computed by {found.how}: any value in {interval}"))
    return out


def statement_hints(analysis: Analysis, path: str, first: int, last: int) -> list[Hint]:
    tree = analysis.trees.get(path)
    if tree is None:
        return []
    by_id = {s.id: s for s in analysis.book.statements}
    out = []
    for decl in tree.declarations:
        if not isinstance(decl, n.StatementDecl) or decl.span.end_line < first or decl.span.line > last:
            continue
        statement = by_id.get(decl.id)
        if statement is None or statement.span != decl.span:
            continue
        grid = statements.grid(statement, analysis.evaluation)
        for head, row in zip(decl.rows, grid.rows):
            if not first <= head.span.line <= last:
                continue
            cells = [statements.cell(v, row.scale, p, pc, False) if v is not None else "·"
                     for v, p, pc in zip(row.values, row.places, row.percents)]
            out.append(Hint(head.span.end_line, head.span.end_column, "= " + "  ".join(cells), "statement",
                            " | ".join(grid.header)))
    return out


class Lens(NamedTuple):
    line: int
    title: str


def table_lenses(analysis: Analysis, path: str) -> list[Lens]:
    """Above each table: figures, checked, not checkable, errors (worked out once per analysis and file)."""
    key = ("lenses", path)
    if key not in analysis.memo:
        analysis.memo[key] = _table_lenses(analysis, path)
    return analysis.memo[key]


def _table_lenses(analysis: Analysis, path: str) -> list[Lens]:
    tree = analysis.trees.get(path)
    if tree is None:
        return []
    counts = analysis.counts
    by_line: dict[int, list] = {}
    for d in analysis.diagnostics:
        if d.span is not None and d.span.path == path:
            by_line.setdefault(d.span.line, []).append(d)
    out = []
    for decl in tree.declarations:
        if not isinstance(decl, n.TableDecl):
            continue
        first, last = decl.span.line, decl.span.end_line
        figures = list(analysis.figures_in(path, first, last))
        checked = sum(1 for f in figures if counts.is_checked(f))  # as `ledger check` counts them
        found = [d for line in range(first, last + 1) for d in by_line.get(line, ())]
        errors = sum(1 for d in found if d.counts_as_error)
        accepted = sum(1 for d in found if d.acknowledged)
        title = (f"{len(figures)} figures · {checked} checked · {len(figures) - checked} not checkable · "
                 f"{errors} error{'' if errors == 1 else 's'}" + (f" · {accepted} accepted" if accepted else ""))
        out.append(Lens(first, title))
    return out
