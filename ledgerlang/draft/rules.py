"""The rules a table shows: a "Total ..." row that is the sum of the rows above it.

The rows above a total, back to the last total or the table's start, with a
total already proposed standing for its parts, are tried from the nearest
outward; the first run of two or more rows whose sum meets the total within
rounding in every column becomes a proposed rule. A total that meets no run
is left as a comment, never forced.
"""

from __future__ import annotations

from decimal import Decimal

from ledgerlang.draft.names import last_digit
from ledgerlang.model.record import frozen


@frozen(slots=True)
class Proposal:
    target: str
    terms: tuple  # (item, sign) pairs
    table: str
    line: int
    foots: bool
    note: str = ""


def _foots(rows, total, columns) -> bool:
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
        if abs(value - target) > unit * (len(rows) + 1) / 2:
            return False
        compared += 1
    return compared > 0


def propose(table) -> list[Proposal]:
    """Sum rules for the "Total ..." rows of one drafted table."""
    out = []
    columns = [i for i, k in enumerate(table.kinds) if k in ("period",)]
    if not columns:
        return out
    level: list = []  # rows above, a proposed total standing for its parts
    for row in table.rows:
        if not row.label.lower().startswith("total") or row.edge is not None:
            level.append(row)
            continue
        found = None
        for start in range(len(level) - 2, -1, -1):
            run = level[start:]
            if _foots(run, row, columns):
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
