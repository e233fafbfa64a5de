"""Reported figures: a value with the precision and rounding it was printed with."""

from __future__ import annotations

from decimal import Decimal

from ledgerlang.model.record import field

from ledgerlang.model.expr import Expr
from ledgerlang.model.period import Period
from ledgerlang.model.record import frozen
from ledgerlang.model.span import Span


@frozen(slots=True)
class Reported:
    """A printed figure, exact, in base units (JPY, not JPY millions).

    The last printed digit is worth 10**exponent base units; `rounding` says
    how the printer got there: "nearest", "truncate", or "exact" (a count, a
    declared rate). `scale` is the presentation's exponent (6 for millions,
    -2 for a percentage), kept to show numbers the way the reader saw them.
    """

    value: Decimal
    exponent: int
    rounding: str = "nearest"
    scale: int = 0
    text: str = field(default="", eq=False)
    # printed in a "-item" row: `value` is the printed figure's opposite (syntax/figures.py `negate`)
    negated: bool = field(default=False, eq=False)


@frozen(slots=True)
class Source:
    """Where a figure was printed: a table or a claim, and the column."""

    title: str
    kind: str = "table"  # table | claim
    path: str = ""
    basis: str | None = None  # the accounting basis its document declares (US-GAAP, IFRS), if any
    restated: str | None = None  # a table's `restated "reason"`: its figures supersede earlier printings


@frozen(slots=True)
class Fact:
    """An item's value at a period, as printed in one place."""

    item: str
    period: Period
    value: Reported
    source: Source = field(eq=False)
    column: str = field(default="", eq=False)
    span: Span | None = field(default=None, eq=False)

    @property
    def negated(self) -> bool:
        """Printed as the item's negative (a "-item" row). Kept on the Reported, which has room for
        it: a seventh field here would put each of a million Facts in the next allocator size, 16
        bytes up."""
        return self.value.negated


@frozen(slots=True)
class Measured:
    """A printed value of an expression: a change %, a share %, a translation, a claim.

    `family` picks the diagnostic code (change, share, translation, claim);
    `item` is the row item it describes, for reports.
    """

    expr: Expr
    period: Period
    value: Reported
    family: str
    item: str | None
    source: Source = field(eq=False)
    column: str = field(default="", eq=False)
    span: Span | None = field(default=None, eq=False)
