"""Expressions of rules, assertions, claims and printed measures.

An expression is evaluated at a context period. A reference may carry an
anchor: an absolute period (`rev@1Q03`), a shift (`rev@-1y`, `rev@-1q`), or
the instant that opens or closes the context duration (`cash@open`).
"""

from __future__ import annotations

from decimal import Decimal

from ledgerlang.model.record import field

from ledgerlang.model.period import Period
from ledgerlang.model.record import frozen
from ledgerlang.model.span import Span


@frozen(slots=True)
class Shift:
    quarters: int


@frozen(slots=True)
class Edge:
    side: str  # "open" | "close"


Anchor = Period | Shift | Edge


@frozen(slots=True)
class Num:
    value: Decimal
    span: Span | None = field(default=None, eq=False)


@frozen(slots=True)
class Ref:
    item: str
    anchor: Anchor | str | None = None  # str: not yet resolved (build checks it)
    span: Span | None = field(default=None, eq=False)
    written: str | None = field(default=None, eq=False)  # a period anchor as the book writes it (H1 FY2017)


@frozen(slots=True)
class Neg:
    operand: Expr
    span: Span | None = field(default=None, eq=False)


@frozen(slots=True)
class Bin:
    op: str  # + - * /
    left: Expr
    right: Expr
    span: Span | None = field(default=None, eq=False)


@frozen(slots=True)
class Call:
    """A measure function: yoy%, qoq%, share%, or a translation such as USD(x).

    `rate` names the exchange rate a translation uses; build fills it in.
    """

    function: str
    args: tuple[Expr, ...]
    rate: str | None = None
    span: Span | None = field(default=None, eq=False)


Expr = Num | Ref | Neg | Bin | Call

CHANGE_FUNCTIONS = ("yoy%", "qoq%")
SHARE_FUNCTION = "share%"


def refs(expr: Expr):
    """Every reference in an expression, left to right."""
    stack = [expr]
    while stack:
        node = stack.pop()
        if isinstance(node, Ref):
            yield node
        elif isinstance(node, Neg):
            stack.append(node.operand)
        elif isinstance(node, Bin):
            stack.append(node.right)
            stack.append(node.left)
        elif isinstance(node, Call):
            stack.extend(reversed(node.args))


def show(expr: Expr) -> str:
    """The expression in book syntax."""
    from ledgerlang.model.period import label

    if isinstance(expr, Num):
        return str(expr.value)
    if isinstance(expr, Ref):
        anchor = expr.anchor
        if anchor is None:
            return expr.item
        if isinstance(anchor, Shift):
            text = f"{anchor.quarters // 4:+d}y" if anchor.quarters % 4 == 0 else f"{anchor.quarters:+d}q"
        elif isinstance(anchor, Edge):
            text = anchor.side
        elif isinstance(anchor, str):
            text = anchor
        else:
            text = label(anchor)
        return f"{expr.item}@{text}"
    if isinstance(expr, Neg):
        return f"-{_wrap(expr.operand)}"
    if isinstance(expr, Bin):
        right = show(expr.right) if isinstance(expr.right, (Num, Ref, Call)) else f"({show(expr.right)})"
        if expr.op in "*/":
            return f"{_wrap(expr.left)} {expr.op} {_wrap(expr.right)}"
        if expr.op == "+" and not isinstance(expr.right, Bin):
            right = show(expr.right)
        return f"{show(expr.left)} {expr.op} {right}"
    return f"{expr.function}({', '.join(show(a) for a in expr.args)})"


def _wrap(expr: Expr) -> str:
    return show(expr) if isinstance(expr, (Num, Ref, Call, Neg)) else f"({show(expr)})"
