"""The book: every declaration of one ledger, resolved, with spans."""

from __future__ import annotations

from decimal import Decimal
from types import MappingProxyType
from collections.abc import Mapping

from ledgerlang.model.record import field

from ledgerlang.model.expr import Expr
from ledgerlang.model.fact import Fact, Measured, Reported, Source
from ledgerlang.model.period import Calendar, Period
from ledgerlang.model.record import frozen
from ledgerlang.model.span import Span
from ledgerlang.model.unit import Unit


def _frozen_map(value) -> Mapping:
    return value if isinstance(value, MappingProxyType) else MappingProxyType(dict(value))


@frozen(slots=True)
class Entity:
    id: str
    name: str
    calendar: Calendar = Calendar()
    span: Span | None = field(default=None, eq=False)


@frozen(slots=True)
class Document:
    title: str
    date: str | None
    path: str
    span: Span | None = field(default=None, eq=False)
    basis: str | None = None  # the accounting basis of the file's figures (US-GAAP, IFRS)


@frozen(slots=True)
class UnitDecl:
    """A declared currency or unit (shares, contracts, Gbps)."""

    id: str
    label: str
    currency: bool
    span: Span | None = field(default=None, eq=False)


@frozen(slots=True)
class Rate:
    """1 `base` = `value` `quote`, as declared (exact): `rate usd: 119.87 JPY per USD`."""

    id: str
    value: Decimal
    quote: str
    base: str
    date: str | None = None
    note: str | None = None
    span: Span | None = field(default=None, eq=False)


def a_kind(item: Item) -> str:
    """The item's kind with its article, for a message: `a flow`, `an average`, `a stock`."""
    return f"an {item.kind}" if item.kind == "average" else f"a {item.kind}"


@frozen(slots=True)
class Item:
    id: str
    label: str
    unit: Unit
    kind: str  # flow | stock | average (over a duration, as a flow, but not the sum of its quarters)
    balance: str | None = None  # debit | credit
    percent: bool = False  # a ratio printed as a percentage
    span: Span | None = field(default=None, eq=False)

    @property
    def is_flow(self) -> bool:
        """Lives on durations: a flow, or an average over the period (weighted average shares)."""
        return self.kind != "stock"


@frozen(slots=True)
class Rule:
    """`target = expr`, applied to every period where its inputs exist.

    `defines` is true for an item's own definition, which the evaluator uses
    to derive the item where it is not reported; every rule is checked.
    """

    target: str
    expr: Expr
    defines: bool
    span: Span | None = field(default=None, eq=False)


@frozen(slots=True)
class Assertion:
    name: str
    left: Expr
    op: str
    right: Expr
    span: Span | None = field(default=None, eq=False)


@frozen(slots=True)
class Guidance:
    """A range or bound for a measure, stated on `given`, checked against actuals."""

    text: str
    given: str
    expr: Expr
    period: Period
    op: str  # in | < | > | <= | >= | ~
    low: Reported | None
    high: Reported | None
    rhs: Expr | None
    path: str
    span: Span | None = field(default=None, eq=False)


@frozen(slots=True)
class Acceptance:
    """A known violation, acknowledged with a reason."""

    code: str
    item: str
    period: Period
    source: str | None
    reason: str
    span: Span | None = field(default=None, eq=False)


def column_rates(rates, currency: str, unit: Unit) -> list[Rate]:
    """The rates that translate a figure in `unit` (its currency) into `currency`."""
    return [r for r in rates.values() if r.base == currency and r.quote in unit.num]


def column_rate(rates, calendar: Calendar, currency: str, unit: Unit, period: Period) -> Rate | None:
    """The rate a statement's currency column (`USD(FY2004)`) shows a figure in `unit` at: the
    only one there is, else the one dated at the end of the column's period, as a release
    translates its latest figures at the rate of that date. None where no one rate is that."""
    found = column_rates(rates, currency, unit)
    if len(found) <= 1:
        return found[0] if found else None
    end = calendar.closing(period).date.isoformat()
    dated = [r for r in found if r.date == end]
    return dated[0] if len(dated) == 1 else None


@frozen(slots=True)
class Column:
    """A column of a table or statement: a period, or a measure of the row at a period."""

    period: Period
    function: str | None = None  # yoy% qoq% share% or a currency code
    total: str | None = None  # share%: the item the share is of
    text: str = ""


@frozen(slots=True)
class Line:
    """A row of a statement: an item, possibly negated or at an edge of the period."""

    item: str
    negated: bool = False
    edge: str | None = None


@frozen(slots=True)
class Statement:
    id: str
    title: str
    scale: int
    columns: tuple[Column, ...]
    lines: tuple[Line, ...]
    span: Span | None = field(default=None, eq=False)
    currency: str | None = None  # `in JPY millions`: JPY; a money row in another is marked so


@frozen(slots=True)
class Book:
    entity: Entity | None = None
    documents: tuple[Document, ...] = ()
    units: Mapping[str, UnitDecl] = field(factory=dict, converter=_frozen_map)
    rates: Mapping[str, Rate] = field(factory=dict, converter=_frozen_map)
    items: Mapping[str, Item] = field(factory=dict, converter=_frozen_map)
    rules: tuple[Rule, ...] = ()
    assertions: tuple[Assertion, ...] = ()
    facts: tuple[Fact, ...] = ()
    measured: tuple[Measured, ...] = ()
    guidance: tuple[Guidance, ...] = ()
    acceptances: tuple[Acceptance, ...] = ()
    statements: tuple[Statement, ...] = ()
    paths: tuple[str, ...] = ()

    @property
    def calendar(self) -> Calendar:
        return self.entity.calendar if self.entity else Calendar()


__all__ = [
    "Acceptance", "Assertion", "Book", "Column", "Document", "Entity", "Fact",
    "Guidance", "Item", "Line", "Measured", "Rate", "Reported", "Rule", "Source",
    "Statement", "UnitDecl",
]
