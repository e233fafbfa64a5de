"""What a statement's heading says of its figures: the currency and the scale, "in JPY millions".

Read by the report and the workbook, which are passed around without the book
beside them: a heading that says "in millions" leaves the reader to guess
millions of what, and an investor-relations reader of a JPY book and a USD one
cannot tell the two apart.
"""

from __future__ import annotations

from ledgerlang.evaluate.compute import Evaluation
from ledgerlang.model.book import Statement
from ledgerlang.model.unit import SCALE_NAMES, in_one_currency


def unit_note(statement: Statement, evaluation: Evaluation) -> str:
    """"in JPY millions", "in JPY", "in millions" or "": the statement's currency and scale as its
    heading names them. The currency is the one the statement declares (`in JPY millions`), else the
    one currency every money row of it is in; a row in another currency says so on its label."""
    currency = statement.currency or _only_currency(statement, evaluation)
    words = [w for w in (currency, SCALE_NAMES[statement.scale] if statement.scale else None) if w]
    return f"in {' '.join(words)}" if words else ""


def _only_currency(statement: Statement, evaluation: Evaluation) -> str | None:
    """The currency of the statement's money rows where they share one (`statement ... in millions`,
    or the figures of a book that declares no statement); None where there are none, or several."""
    items = evaluation.book.items
    found = {items[line.item].unit.num[0] for line in statement.lines
             if line.item in items and is_money(items[line.item], evaluation)}
    return found.pop() if len(found) == 1 else None


def is_money(item, evaluation: Evaluation) -> bool:
    """An amount in one currency (not per share, not a count or a ratio): what a scale applies to."""
    return in_one_currency(item.unit, evaluation.book.units)
