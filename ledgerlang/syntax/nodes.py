"""The syntax tree of one .iij file: declarations as written, with spans.

Nodes keep the text of every figure, so a formatter can print them back;
names are not resolved yet (that is `build`'s job).
"""

from __future__ import annotations

from ledgerlang.model.record import field

from ledgerlang.model.expr import Expr, Ref
from ledgerlang.model.period import Period
from ledgerlang.model.record import frozen
from ledgerlang.model.span import Span


@frozen(slots=True)
class Include:
    path: str
    span: Span


@frozen(slots=True)
class EntityDecl:
    id: str
    name: str
    options: tuple[tuple[str, str, Span], ...]  # ("year-end", "03-31", span)
    span: Span


@frozen(slots=True)
class DocumentDecl:
    title: str
    date: str | None
    span: Span
    basis: str | None = None  # the accounting basis of the file's figures: US-GAAP, IFRS, ...


@frozen(slots=True)
class UnitDeclNode:
    id: str
    label: str | None
    currency: bool
    span: Span


@frozen(slots=True)
class RateDecl:
    id: str
    value: str
    quote: str
    base: str
    date: str | None
    note: str | None
    span: Span


@frozen(slots=True)
class ItemDecl:
    id: str
    label: str
    unit: str
    kind: str
    balance: str | None
    definition: Expr | None
    span: Span


@frozen(slots=True)
class RuleDecl:
    target: Ref
    expr: Expr
    span: Span


@frozen(slots=True)
class AssertDecl:
    name: str
    left: Expr
    op: str
    right: Expr
    span: Span


@frozen(slots=True)
class ScaleNode:
    unit: str | None
    scale: str | None  # None: the unit's own (`in USD`)
    span: Span


@frozen(slots=True)
class Option:
    name: str  # rounding | translate | restated
    value: str
    span: Span


@frozen(slots=True)
class ColumnNode:
    period: Period | None  # None: the label is not a valid period (reported)
    function: str | None
    total: str | None
    text: str
    span: Span


@frozen(slots=True)
class RowHead:
    negated: bool
    item: str
    edge: str | None
    scale: str | None
    span: Span


@frozen(slots=True)
class Cell:
    """A printed cell's text and where it is, read as a Span (path, line, column, end_line,
    end_column): one object per figure of a book. A cell is on one line and ends where its
    text does, so its end is worked out, not kept: four fields are the 64-byte allocator
    class, where a Span's five with the text were the 80-byte one. (A Cell and its Span were
    once two objects.)"""

    path: str
    line: int
    column: int
    text: str

    @property
    def end_line(self) -> int:
        return self.line

    @property
    def end_column(self) -> int:
        return self.column + len(self.text)

    @property
    def span(self) -> Cell:
        return self

    __str__ = Span.__str__


@frozen(slots=True)
class RowNode:
    head: RowHead
    cells: tuple[Cell, ...]
    span: Span


@frozen(slots=True)
class TableDecl:
    title: str
    scale: ScaleNode | None
    options: tuple[Option, ...]
    columns: tuple[ColumnNode, ...]
    rows: tuple[RowNode, ...]
    span: Span


@frozen(slots=True)
class StatementDecl:
    id: str
    title: str
    scale: ScaleNode | None
    columns: tuple[ColumnNode, ...]
    rows: tuple[RowHead, ...]
    span: Span


@frozen(slots=True)
class ValueNode:
    figure: Cell
    unit: str | None
    scale: str | None
    span: Span
    exact: bool = False  # stated in full: a count, a price, not a rounded figure


@frozen(slots=True)
class ClaimLine:
    expr: Expr
    value: ValueNode
    span: Span


@frozen(slots=True)
class ClaimDecl:
    text: str
    lines: tuple[ClaimLine, ...]
    span: Span


@frozen(slots=True)
class GuidanceLine:
    expr: Expr
    op: str  # in < > <= >= ~
    low: ValueNode | None
    high: ValueNode | None
    rhs: Expr | None
    span: Span


@frozen(slots=True)
class GuidanceDecl:
    text: str
    given: str
    lines: tuple[GuidanceLine, ...]
    span: Span


@frozen(slots=True)
class AcceptDecl:
    code: str
    ref: Ref
    source: str | None
    reason: str
    span: Span


@frozen(slots=True)
class Comment:
    text: str
    span: Span


@frozen(slots=True)
class SyntaxTree:
    """A parsed file: its declarations in order, and its comments; and what the declarations that
    failed to parse would have declared, (keyword, name, span of their first line), so that a use
    of such a name is told why it is unknown (load.explain_unknown)."""

    path: str
    declarations: tuple = ()
    comments: tuple[Comment, ...] = field(default=())
    unread: tuple = field(default=())
