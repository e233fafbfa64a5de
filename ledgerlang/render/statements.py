"""Statements and ratio tables as the book declares them, from evaluated values."""

from __future__ import annotations

import csv
import io
import json
from decimal import MAX_EMAX, MIN_EMIN, Context, Decimal

from tabulate import tabulate

from ledgerlang.evaluate.compute import Evaluation
from ledgerlang.model.book import Column, Line, Statement
from ledgerlang.model.expr import Call, Edge, Neg, Ref
from ledgerlang.model.period import label, parse_period, sort_key
from ledgerlang.model.record import frozen
from ledgerlang.model.unit import SCALE_NAMES


@frozen
class Grid:
    """A rendered statement before formatting: header, row labels, exact values."""

    id: str
    title: str
    scale: int
    header: tuple[str, ...]  # each column as declared: 1Q03, yoy%(1Q03), share%(1Q03, rev.total)
    rows: tuple[tuple[str, str, tuple[Decimal | None, ...], tuple[int, ...], tuple[bool, ...]], ...]
    # (item, label, values, places per cell, percent per cell)
    titles: tuple[str, ...] = ()  # the headings a reader sees


def grid(statement: Statement, evaluation: Evaluation, periods=None) -> Grid:
    exponents = _Exponents(evaluation)
    columns = [c for c in statement.columns if periods is None or c.period in periods]
    rows = []
    for line in statement.lines:
        item = evaluation.book.items[line.item]
        values, places, percents = [], [], []
        for column in columns:
            expr = Ref(line.item, Edge(line.edge) if line.edge else None)
            if line.negated:
                expr = Neg(expr)
            percent = item.percent
            if column.function is not None:
                args = (expr, Ref(column.total, Edge(line.edge) if line.edge else None)) if column.total else (expr,)
                rate = None
                if column.function not in ("yoy%", "qoq%", "share%"):
                    rate = next((r.id for r in evaluation.book.rates.values() if r.base == column.function), None)
                    if rate is None:
                        values.append(None), places.append(0), percents.append(False)
                        continue
                expr = Call(column.function, args, rate)
                percent = column.function in ("yoy%", "qoq%", "share%")
            found = evaluation.evaluate(expr, column.period)
            values.append(found.point if found else None)
            percents.append(percent)
            places.append(_places(item, evaluation, percent, exponents))
        label_text = ("  " if line.edge or line.negated else "") + item.label
        if line.edge:
            label_text += f" ({'beginning' if line.edge == 'open' else 'end'} of period)"
        rows.append((line.item, label_text, tuple(values), tuple(places), tuple(percents)))
    header = tuple(c.text for c in columns)
    return Grid(statement.id, statement.title, statement.scale, header, tuple(rows), titles(columns, evaluation))


def titles(columns, evaluation: Evaluation) -> tuple[str, ...]:
    """Column headings for a reader: "YoY %", "% of Total revenues", "USD"; with the
    period when a statement has several columns of the same kind."""
    kinds = [c.function for c in columns if c.function]
    out = []
    for c in columns:
        if c.function is None:
            out.append(c.text)
            continue
        if c.function == "yoy%":
            name = "YoY %"
        elif c.function == "qoq%":
            name = "QoQ %"
        elif c.function == "share%":
            total = evaluation.book.items.get(c.total)
            name = f"% of {total.label if total else c.total}"
        else:
            name = c.function
        out.append(f"{name} {c.text[c.text.index('(') + 1:].split(',')[0].rstrip(')')}" if kinds.count(c.function) > 1
                   else name)
    return tuple(out)


class _Exponents:
    """The finest printed digit of each item, found only for the items whose cells need it:
    a scan of every fact per statement cost 0.5 s at 1M facts for the few non-money rows."""

    def __init__(self, evaluation: Evaluation) -> None:
        self.evaluation = evaluation
        self.seen: dict[str, int | None] = {}

    def of(self, item_id: str) -> int | None:
        if item_id not in self.seen:
            table_facts = self.evaluation.table_facts
            found = [f.value.exponent for p in self.evaluation.reported_periods(item_id)
                     for f in table_facts[(item_id, p)]]
            self.seen[item_id] = min(found) if found else None
        return self.seen[item_id]


def _places(item, evaluation: Evaluation, percent: bool, exponents: _Exponents) -> int:
    """Decimals to show: one for percentages, none for money at the statement's scale,
    and otherwise as many as the finest printed figure of the item."""
    if percent:
        return 1
    units = evaluation.book.units
    if len(item.unit.num) == 1 and not item.unit.den and item.unit.num[0] in units and units[item.unit.num[0]].currency:
        return 0
    exponent = exponents.of(item.id)
    if exponent is not None:
        return max(0, -exponent)
    return 2 if item.unit.den else 0


def facts_statement(evaluation: Evaluation) -> Statement:
    """When a book declares no statement: every item against every period it reports."""
    periods = sorted({p for (_, p) in evaluation.table_facts}, key=sort_key)
    items = [i for i in evaluation.book.items if any(k[0] == i for k in evaluation.table_facts)]
    columns = tuple(Column(p, None, None, label(p)) for p in periods)
    return Statement("facts", "Reported figures", 0, columns, tuple(Line(i) for i in items))


def cell(value: Decimal | None, scale: int, places: int, percent: bool, parens: bool) -> str:
    if value is None:
        return ""
    # A context wide enough for the value's every digit: the default's 28 would round
    # a long figure before it is shown, and quantize to more digits than that fails.
    # (copy_abs, not abs(): that rounds in the default context too.)
    context = Context(prec=max(28, max(value.adjusted(), 0) + abs(scale) + places + 4),
                      Emax=MAX_EMAX, Emin=MIN_EMIN)
    shown = value.scaleb(2, context) if percent else value.scaleb(-scale, context)
    shown = shown.quantize(Decimal(1).scaleb(-places, context), context=context)
    if shown == 0:
        shown = shown.copy_abs()
    text = f"{shown.copy_abs():,f}" if parens else f"{shown:,f}"
    if percent:
        text += "%"
    return f"({text})" if parens and shown < 0 else text


def _scale_note(g: Grid) -> str:
    return f" (in {SCALE_NAMES[g.scale]})" if g.scale else ""


def as_text(grids: list[Grid], markdown: bool = False) -> str:
    out = []
    for g in grids:
        rows = [[label_text] + [cell(v, g.scale, p, pc, True) for v, p, pc in zip(values, places, percents)]
                for _, label_text, values, places, percents in g.rows]
        title = f"{g.title}{_scale_note(g)}"
        out.append(f"## {title}\n" if markdown else f"{title}\n")
        out.append(tabulate(rows, headers=["", *(g.titles or g.header)], tablefmt="github" if markdown else "simple",
                            disable_numparse=True, colalign=("left",) + ("right",) * len(g.header)))
        out.append("\n\n")
    return "".join(out)


def as_csv(grids: list[Grid]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["statement", "item", "label", "column", "value", "unit_scale"])
    for g in grids:
        for item, label_text, values, places, percents in g.rows:
            for header, value, percent in zip(g.header, values, percents):
                shown = "" if value is None else str(value * 100 if percent else value.scaleb(-g.scale))
                writer.writerow([g.id, item, label_text.strip(), header, shown, "%" if percent else SCALE_NAMES[g.scale]])
    return buffer.getvalue()


def as_dicts(grids: list[Grid]) -> list[dict]:
    return [
        {
            "id": g.id,
            "title": g.title,
            "scale": SCALE_NAMES[g.scale],
            "columns": list(g.header),
            "rows": [
                {"item": item, "label": label_text.strip(),
                 "values": [None if v is None else str(v * 100 if pc else v.scaleb(-g.scale)) for v, pc in zip(values, percents)],
                 "percent": list(percents)}
                for item, label_text, values, places, percents in g.rows
            ],
        }
        for g in grids
    ]


def as_json(grids: list[Grid], summary: dict) -> str:
    return json.dumps({"statements": as_dicts(grids), "check": summary}, indent=2) + "\n"


def parse_periods(labels: list[str]):
    periods = set()
    for text in labels:
        period = parse_period(text)
        if period is None:
            return None, text
        periods.add(period)
    return periods, None
