"""Expressions and references printed back in book syntax, with the fewest parentheses.

The printed text parses back to the very same tree: a right operand that is
itself a sum keeps its parentheses, because `a - (b - c)` and `(a - b) - c`
are different rules.

Given the source (`Source`), a number and a period anchor are printed as
written there (`1,000`, `@FY00`, Arabic-Indic digits, `@-4q`): the formatter
changes spacing and parentheses, never the text of a figure or a period.
Without it (a listing of a tree), they are printed from their values.
"""

from __future__ import annotations

from decimal import Decimal

from ledgerlang.model.expr import Bin, Edge, Expr, Neg, Num, Ref, Shift
from ledgerlang.model.period import label

_SUM, _PRODUCT, _UNARY = 1, 2, 3


class Source:
    """The text of a file by line, to print a node's own text back from its span."""

    def __init__(self, text: str) -> None:
        self.lines = text.split("\n")

    def of(self, span) -> str | None:
        """The text a one-line span covers, or None."""
        if span is None or span.line != span.end_line or not 0 < span.line <= len(self.lines):
            return None
        text = self.lines[span.line - 1][span.column - 1:span.end_column - 1]
        return text or None


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


def ref(node: Ref, source: Source | None = None) -> str:
    if node.anchor is None:
        return node.item
    written = source.of(node.span) if source is not None else None
    if written is not None and "@" in written:
        item, _, anchored = written.partition("@")
        if item.strip() == node.item:
            return f"{node.item}@{anchored.strip()}"
    return f"{node.item}@{node.written or anchor(node.anchor)}"


def _level(node: Expr) -> int:
    if isinstance(node, Bin):
        return _SUM if node.op in "+-" else _PRODUCT
    return _UNARY


def expression(node: Expr, source: Source | None = None) -> str:
    """The expression as a book writes it; parses back to an equal tree."""
    if isinstance(node, Num):
        written = source.of(node.span) if source is not None else None
        return written.strip() if written is not None and written.strip() else number(node.value)
    if isinstance(node, Ref):
        return ref(node, source)
    if isinstance(node, Neg):
        inner = node.operand
        # `-5` would lex as a figure where a value may follow (guidance), so a negated number keeps parentheses.
        wrap = isinstance(inner, (Bin, Num))
        return "-" + (f"({expression(inner, source)})" if wrap else expression(inner, source))
    if isinstance(node, Bin):
        level = _level(node)
        left = expression(node.left, source)
        if _level(node.left) < level:
            left = f"({left})"
        right = expression(node.right, source)
        if _level(node.right) <= level:
            right = f"({right})"
        return f"{left} {node.op} {right}"
    return f"{node.function}({', '.join(expression(a, source) for a in node.args)})"
