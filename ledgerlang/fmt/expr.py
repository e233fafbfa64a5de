"""Expressions and references printed back in book syntax, with the fewest parentheses.

The printed text parses back to the very same tree: a right operand that is
itself a sum keeps its parentheses, because `a - (b - c)` and `(a - b) - c`
are different rules.
"""

from __future__ import annotations

from decimal import Decimal

from ledgerlang.model.expr import Bin, Edge, Expr, Neg, Num, Ref, Shift
from ledgerlang.model.period import label

_SUM, _PRODUCT, _UNARY = 1, 2, 3


def number(value: Decimal) -> str:
    """A Decimal the way the grammar's NUMBER writes it: digits, never an exponent."""
    return format(value, "f")


def anchor(value) -> str:
    if isinstance(value, Shift):
        q = value.quarters
        return f"{q // 4:+d}y" if q % 4 == 0 and q != 0 else f"{q:+d}q"
    if isinstance(value, Edge):
        return value.side
    if isinstance(value, str):
        return value
    return label(value)


def ref(node: Ref) -> str:
    if node.anchor is None:
        return node.item
    return f"{node.item}@{node.written or anchor(node.anchor)}"


def _level(node: Expr) -> int:
    if isinstance(node, Bin):
        return _SUM if node.op in "+-" else _PRODUCT
    return _UNARY


def expression(node: Expr) -> str:
    """The expression as a book writes it; parses back to an equal tree."""
    if isinstance(node, Num):
        return number(node.value)
    if isinstance(node, Ref):
        return ref(node)
    if isinstance(node, Neg):
        inner = node.operand
        # `-5` would lex as a figure where a value may follow (guidance), so a negated number keeps parentheses.
        wrap = isinstance(inner, (Bin, Num))
        return "-" + (f"({expression(inner)})" if wrap else expression(inner))
    if isinstance(node, Bin):
        level = _level(node)
        left = expression(node.left)
        if _level(node.left) < level:
            left = f"({left})"
        right = expression(node.right)
        if _level(node.right) <= level:
            right = f"({right})"
        return f"{left} {node.op} {right}"
    return f"{node.function}({', '.join(expression(a) for a in node.args)})"
