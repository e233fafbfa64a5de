"""The rules a table shows: a "Total ..." row that is the sum of the rows above it; and the one relation
the check would wrongly ask of an average over a period, that it be the sum of its quarters.

The rows above a total, back to the last total or the table's start, with a
total already proposed standing for its parts, are tried from the nearest
outward; the first run of two or more rows whose sum meets the total within
rounding in every column becomes a proposed rule. A total that meets no run
is left as a comment, never forced; one with fewer than two rows above it
(a table of one row) has no run to meet, and gets neither.
"""

from __future__ import annotations

import re
from decimal import Decimal

from ledgerlang.draft.names import figure_value, last_digit, strip_marks
from ledgerlang.model.record import frozen


@frozen(slots=True)
class Proposal:
    target: str
    terms: tuple  # (item, sign) pairs
    table: str
    line: int
    foots: bool
    note: str = ""


def _foots(rows, total, columns, table_rounding: str = "") -> bool:
    compared = 0
    for c in columns:
        if total.values[c] is None:
            continue
        parts = [r.values[c] for r in rows]
        if any(v is None for v in parts):
            return False
        value = sum(((-v if r.negated else v) for r, v in zip(rows, parts)), Decimal(0))
        target = -total.values[c] if total.negated else total.values[c]
        unit = max([last_digit(total.cells[c])] + [last_digit(r.cells[c]) for r in rows])
        # a total and its parts are amounts: cut where the table cuts them (`truncate amounts` too)
        width = unit * (len(rows) + 1) if table_rounding.startswith("truncate") else unit * (len(rows) + 1) / 2
        if abs(value - target) > width:
            return False
        compared += 1
    return compared > 0


def _is_total(label: str) -> bool:
    """Does the label print a total: "Total revenues", or in Japanese "資産合計", "営業費用計", "小計"?"""
    return label.lower().startswith("total") or strip_marks(label).rstrip("）)").endswith(("合計", "小計", "計"))


def propose(table) -> list[Proposal]:
    """Sum rules for the "Total ..." rows of one drafted table."""
    out = []
    columns = [i for i, k in enumerate(table.kinds) if k in ("period",)]
    if not columns:
        return out
    level: list = []  # rows above, a proposed total standing for its parts
    for row in table.rows:
        if not _is_total(row.label) or row.edge is not None:
            level.append(row)
            continue
        if len(level) < 2:
            # "Total revenues" alone in its table, or under one row: no run of two rows to sum, so
            # nothing is proposed and no note says it fails to foot; the definitions' rule checks it
            level.append(row)
            continue
        found = None
        for start in range(len(level) - 2, -1, -1):
            run = level[start:]
            if _foots(run, row, columns, table.rounding):
                found = start
        if found is not None:
            run = level[found:]
            out.append(Proposal(row.item, tuple((r.item, -1 if r.negated else 1) for r in run),
                                table.title, row.line, True))
            level = level[:found] + [row]
        else:
            out.append(Proposal(row.item, (), table.title, row.line, False,
                                f"{row.label!r} is not the sum of the rows above it in any run"))
            level.append(row)
    return out


def _sum_terms(expr):
    """[(item, sign)] when expr is a plain sum of items at the period, else None."""
    from ledgerlang.model.expr import Bin, Neg, Ref
    if isinstance(expr, Ref):
        return [(expr.item, 1)] if expr.anchor is None else None
    if isinstance(expr, Neg):
        inner = _sum_terms(expr.operand)
        return None if inner is None else [(i, -s) for i, s in inner]
    if isinstance(expr, Bin) and expr.op in "+-":
        left, right = _sum_terms(expr.left), _sum_terms(expr.right)
        if left is None or right is None:
            return None
        return left + [(i, s if expr.op == "+" else -s) for i, s in right]
    return None


def signs_from_rules(table, rules):
    """Rows named by a close match whose sign a definitions' sum fixes: {row index: rule text}.

    A sum of the definitions whose items are all rows of the table, and that fails
    in every column but holds once exactly one closely-named row changes sign,
    says that row prints the item's negative. Rows named by their own label are
    never changed: their sign is the release's, and a failure is a finding.
    """
    columns = [i for i, k in enumerate(table.kinds) if k == "period"]
    by_item = {}
    for idx, row in enumerate(table.rows):
        if row.edge is None:
            by_item.setdefault(row.item, idx)
    out = {}
    for rule in rules:
        terms = _sum_terms(rule.expr)
        if not terms or rule.target not in by_item or any(i not in by_item for i, _ in terms):
            continue
        rows = [(by_item[rule.target], -1)] + [(by_item[i], s) for i, s in terms]

        def holds(flip, rows=rows):
            seen = 0
            for c in columns:
                total, width = Decimal(0), Decimal(0)
                for idx, s in rows:
                    r = table.rows[idx]
                    v = r.values[c]
                    if v is None:
                        break
                    sign = -1 if (r.negated != (idx == flip)) else 1
                    total += s * sign * v
                    width += last_digit(r.cells[c])
                else:
                    seen += 1
                    if abs(total) > width / 2:
                        return False
            return seen > 0

        if holds(None):
            continue
        fits = [idx for idx, _ in rows if holds(idx)]
        if len(fits) == 1 and table.rows[fits[0]].comment.startswith(("close match", "reads as")) or (
                len(fits) == 1 and "labelled like" in table.rows[fits[0]].comment):
            out[fits[0]] = f"{rule.target} = {' + '.join(i for i, _ in terms)}"
    return out


# "Weighted average number of shares outstanding", "Average headcount": a count over the period, whose
# half year is no sum of its quarters. A new item so labelled is drafted an `average`; one the definitions
# declare a flow is acknowledged where its quarters do not sum (`averages`)
AVERAGE = re.compile(r"(?i)\baverage\b|平均")


def averages(tables, items) -> list[tuple]:
    """(item, period label, table, line) of each average printed for a period and every quarter in it
    ("Six Months Ended" beside both quarters): the check's quarter sum would call its figure wrong."""
    from ledgerlang.model.period import Duration, label, parse_period

    printed: dict[str, dict[str, tuple]] = {}
    for table in tables:
        for row in table.rows:
            item = items.get(row.item)
            if row.negated or item is None or item.kind != "flow" or not AVERAGE.search(item.label):
                continue
            for column, kind, cell in zip(table.columns, table.kinds, row.cells):
                if kind == "period" and figure_value(cell) is not None and cell != "-":
                    printed.setdefault(row.item, {}).setdefault(column, (table.title, row.line, cell))
    found = []
    for item_id, columns in printed.items():
        for column, (title, line, cell) in columns.items():
            period = parse_period(column)
            if not isinstance(period, Duration) or period.quarters == 1:
                continue
            quarters = [label(Duration(period.fy, q, 1)) for q in range(period.first, period.first + period.quarters)]
            if not all(q in columns for q in quarters):
                continue
            parts = [columns[q][2] for q in quarters]
            slack = (last_digit(cell) + sum(last_digit(c) for c in parts)) / 2
            if abs(sum(figure_value(c) for c in parts) - figure_value(cell)) > slack:
                found.append((item_id, column, title, line))  # where they happen to sum, nothing to accept
    return found
