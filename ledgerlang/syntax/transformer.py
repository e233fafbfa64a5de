"""The transformer: syntax nodes built as the parser reduces, each with its span.

`parse.py` hands one instance to both of its parsers (the grammar's tables in
`lalr.py`, and Lark's for the text they reject), which call a method per
grammar rule, named as the rule is. Being called inside the parser, it gets
no `meta`: every span is taken from tokens. What one token shows to be wrong
is a diagnostic here, and the node is built all the same: a period outside the
calendar, an overlong number or guidance factor, a control character in a
quoted text. Next in the pipeline, `build.py` turns the tree into the model.
"""

from __future__ import annotations

from decimal import Decimal

from ledgerlang import regexes
from ledgerlang.diagnostic import Diagnostic, error
from ledgerlang.model.expr import Bin, Call, Edge, Neg, Num, Ref, Shift
from ledgerlang.model.period import FIRST_FY, LAST_FY, MAX_SHIFT_QUARTERS, PERIOD_FORMS, parse_period
from ledgerlang.model.span import Span
from ledgerlang.syntax import nodes as n
from ledgerlang.syntax.figures import EXACT, too_long


class _Build:
    """Builds syntax nodes while the parser reduces; spans come from tokens.

    A token is a `str` with its place (Lark's Token, or `lalr.Token`); a node has a span.
    """

    def __init__(self) -> None:
        self.path = ""
        self.offset = 0
        self.diagnostics: list[Diagnostic] = []
        self.comments: list[n.Comment] = []

    # -- helpers ---------------------------------------------------------------

    def span(self, first, last=None) -> Span:
        a = self._as_span(first)
        b = a if last is None else self._as_span(last)
        return Span(a.path, a.line, a.column, b.end_line, b.end_column)

    def _as_span(self, x) -> Span:
        if isinstance(x, str):
            return Span(self.path, x.line + self.offset, x.column, x.end_line + self.offset, x.end_column)
        return x if isinstance(x, Span) else x.span

    def comment(self, token) -> None:
        self.comments.append(n.Comment(str(token), self.span(token)))

    def period(self, token):
        period = parse_period(str(token))
        if period is None and parse_period(str(token), any_year=True) is not None:
            self.diagnostics.append(error(
                "bad-period", f"{token} is outside the fiscal years ledgerlang handles, FY{FIRST_FY} to FY{LAST_FY}",
                self.span(token), "hint: a two-digit year is 1970-2069: 1Q03 is 1Q2003"))
        elif period is None:
            self.diagnostics.append(error(
                "bad-period", f"{token} is not a valid period", self.span(token),
                f"hint: periods are written {PERIOD_FORMS}"))
        return period

    def text(self, token, checked: bool = True) -> str:
        """A quoted text's characters, its escapes read; a control character in it is reported
        where `checked`."""
        value = str(token)
        if not value.startswith('"'):
            return value
        found = _CONTROL.search(value) if checked else None
        if found is not None:
            self.diagnostics.append(control_character(value, found.start(), self.span(token)))
        return value[1:-1].replace('\\"', '"').replace("\\\\", "\\")

    # -- declarations ------------------------------------------------------------

    def start(self, children):
        return tuple(children)

    def include(self, c):
        # A NUL in the file's name is told by the include itself (`unreadable`: no file name holds one).
        return n.Include(self.text(c[0], "\x00" not in c[0]), self.span(c[0]))

    def entity(self, c):
        ident, name, *options = c
        return n.EntityDecl(str(ident), self.text(name), tuple(options), self.span(ident, options[-1][2] if options else name))

    def year_end(self, c):
        return ("year-end", str(c[0]), self.span(c[0]))

    def year_naming(self, c):
        return ("named-by", str(c[0]), self.span(c[0]))

    def document(self, c):
        basis = c.pop() if c and isinstance(c[-1], tuple) else None
        return n.DocumentDecl(self.text(c[0]), str(c[1]) if len(c) > 1 else None,
                              self.span(c[0], basis[1] if basis else c[-1]), basis[0] if basis else None)

    def basis(self, c):
        return (str(c[0]), c[0])

    def currency(self, c):
        return n.UnitDeclNode(str(c[0]), self.text(c[1]) if len(c) > 1 else None, True, self.span(c[0], c[-1]))

    def unit(self, c):
        return n.UnitDeclNode(str(c[0]), self.text(c[1]) if len(c) > 1 else None, False, self.span(c[0], c[-1]))

    def rate(self, c):
        ident, value, quote, base, *rest = c
        date = next((str(t) for t in rest if t.type == "DATE"), None)
        note = next((self.text(t) for t in rest if t.type == "STRING"), None)
        return n.RateDecl(str(ident), str(value), str(quote), str(base), date, note, self.span(ident, c[-1]))

    def item(self, c):
        ident, label, unit, kind, *rest = c
        balance = next((str(t) for t in rest if isinstance(t, str)), None)
        definition = next((x for x in rest if not isinstance(x, str)), None)
        return n.ItemDecl(str(ident), self.text(label), str(unit), str(kind), balance, definition,
                          self.span(ident, definition if definition is not None else c[3 + (balance is not None)]))

    def definition(self, c):
        return c[0]

    def rule(self, c):
        return n.RuleDecl(c[0], c[1], self.span(c[0], c[1]))

    def assertion(self, c):
        name, left, op, right = c
        return n.AssertDecl(str(name), left, op, right, self.span(name, right))

    def comparison(self, c):
        return str(c[0])

    def bound(self, c):
        return str(c[0])

    def table(self, c):
        title, *rest = c
        scale = rest.pop(0) if rest and isinstance(rest[0], n.ScaleNode) else None
        options = tuple(x for x in rest if isinstance(x, n.Option))
        columns = next(x for x in rest if isinstance(x, tuple))
        rows = tuple(x for x in rest if isinstance(x, n.RowNode))
        return n.TableDecl(self.text(title), scale, options, columns, rows, self.span(title, rows[-1] if rows else title))

    def scale(self, c):
        unit = str(c[0]) if c[0].type != "SCALE" else None
        return n.ScaleNode(unit, str(c[-1]) if c[-1].type == "SCALE" else None, self.span(c[0], c[-1]))

    def rounding(self, c):
        # `rounding truncate amounts`: the value keeps the scope, as written (tables.py reads it)
        mode = next(t for t in c if getattr(t, "type", "") == "ROUNDING")
        scope = " amounts" if any(str(t) == "amounts" for t in c) else ""
        return n.Option("rounding", f"{mode}{scope}", self.span(mode))

    def restated(self, c):
        return n.Option("restated", self.text(c[0]), self.span(c[0]))

    def translate_at(self, c):
        return n.Option("translate", str(c[0]), self.span(c[0]))

    def columns(self, c):
        return tuple(c)

    def period_column(self, c):
        return n.ColumnNode(self.period(c[0]), None, None, str(c[0]), self.span(c[0]))

    def measure_column(self, c):
        function, period, *total = c
        text = f"{function}({period}{', ' + str(total[0]) if total else ''})"
        return n.ColumnNode(self.period(period), str(function), str(total[0]) if total else None, text,
                            self.span(function, c[-1]))

    def row(self, c):
        head, *cells = c
        return n.RowNode(head, tuple(cells), self.span(head, cells[-1]))

    def row_head(self, c):
        negated = c[0].type == "MINUS"
        tokens = c[1:] if negated else c
        item = tokens[0]
        edge = scale = None
        for i, t in enumerate(tokens):
            if t == "@":
                edge = str(tokens[i + 1])
            elif t.type == "SCALE":
                scale = str(t)
        return n.RowHead(negated, str(item), edge, scale, self.span(c[0], c[-1]))

    def cell(self, c):
        return self.cell_of(c[0])

    def cell_of(self, token) -> n.Cell:
        span = self.span(token)  # a figure's token is on one line, and ends where its text does
        return n.Cell(span.path, span.line, span.column, str(token))

    def statement(self, c):
        ident, title, *rest = c
        scale = rest.pop(0) if rest and isinstance(rest[0], n.ScaleNode) else None
        columns = rest[0]
        rows = tuple(rest[1:])
        return n.StatementDecl(str(ident), self.text(title), scale, columns, rows, self.span(ident, rows[-1] if rows else title))

    def statement_row(self, c):
        return c[0]

    def claim(self, c):
        text, *lines = c
        return n.ClaimDecl(self.text(text), tuple(lines), self.span(text, lines[-1] if lines else text))

    def claim_line(self, c):
        return n.ClaimLine(c[0], c[1], self.span(c[0], c[1]))

    def value(self, c):
        figure = self.cell_of(c[0])
        unit = next((str(t) for t in c[1:] if t.type == "UNIT"), None)
        scale = next((str(t) for t in c[1:] if t.type == "SCALE"), None)
        exact = any(t.type == "EXACT" for t in c[1:])
        return n.ValueNode(figure, unit, scale, self.span(c[0], c[-1]), exact)

    def guidance(self, c):
        text, given, *lines = c
        lines = [line for line in lines if line is not None]  # a line reported as bad is left out
        return n.GuidanceDecl(self.text(text), str(given), tuple(lines), self.span(text, lines[-1] if lines else given))

    def guidance_range(self, c):
        expr, low, high, *rest = c
        unit = next((str(t) for t in rest if t.type == "UNIT"), None)
        scale = next((str(t) for t in rest if t.type == "SCALE"), None)
        low_node = n.ValueNode(self.cell_of(low), unit, scale, self.span(low))
        high_node = n.ValueNode(self.cell_of(high), unit, scale, self.span(high, c[-1]))
        return n.GuidanceLine(expr, "in", low_node, high_node, None, self.span(expr, c[-1]))

    def guidance_bound(self, c):
        expr, op, value = c
        return n.GuidanceLine(expr, op, value, None, None, self.span(expr, value))

    def guidance_relative(self, c):
        expr, op, rhs = c
        return n.GuidanceLine(expr, op, None, None, rhs, self.span(expr, rhs))

    def guidance_scaled(self, c):
        # "to double": x@FY ~ 2 * x@now. The 2 lexes as a figure after a bound.
        expr, op, factor, rhs = c
        value = guidance_factor(str(factor))
        if isinstance(value, str):
            self.diagnostics.append(error("bad-figure", value, self.span(factor),
                                          "hint: a factor is a number or a percentage: ~ 2 * x, ~ 1.076 * x, ~ 107.6% * x"))
            return None
        number = Num(value, self.span(factor))
        return n.GuidanceLine(expr, op, None, None, Bin("*", number, rhs, self.span(factor, rhs)), self.span(expr, rhs))

    def accept(self, c):
        code, ref, *strings = c
        source = self.text(strings[0]) if len(strings) == 2 else None
        return n.AcceptDecl(str(code), ref, source, self.text(strings[-1]), self.span(code, strings[-1]))

    # -- expressions -------------------------------------------------------------

    def _bin(op):  # noqa: N805 - a factory for the four operators
        def build(self, c):
            return Bin(op, c[0], c[1], self.span(c[0], c[1]))
        return build

    add, sub, mul, div = _bin("+"), _bin("-"), _bin("*"), _bin("/")

    def neg(self, c):
        return Neg(c[0], c[0].span)

    def number(self, c):
        text = str(c[0])
        problem = too_long(text.replace(".", ""))
        if problem is not None:
            self.diagnostics.append(error("bad-figure", f"this number {problem}", self.span(c[0]),
                                          "hint: write the constant with fewer digits"))
        return Num(Decimal(text), self.span(c[0]))  # exact: a Decimal from a string is never rounded

    def call(self, c):
        function, *args = c
        return Call(str(function), tuple(args), None, self.span(function, args[-1]))

    def ref(self, c):
        item = c[0]
        anchor = written = None
        if len(c) > 1:
            token = c[1]
            if token.type == "PERIOD":
                anchor = self.period(token) or str(token)
                written = str(token)
            elif token.type == "SHIFT":
                anchor = shift_of(str(token))
            elif str(token) in ("open", "close"):
                anchor = Edge(str(token))
            else:
                anchor = str(token)
        return Ref(str(item), anchor, self.span(item, c[-1]), written)


# The C0 controls but tab, DEL and the C1 controls: characters no one means to put in a label,
# title or note (a NUL from a broken copy, an escape sequence pasted from a terminal). An editor
# may show one as ^@ or not at all, so the text the reader sees is not the text the book holds.
_CONTROL = regexes.compile("[\\x00-\\x08\\x0a-\\x1f\\x7f-\\x9f]")


def control_character(quoted: str, index: int, span: Span) -> Diagnostic:
    """The `control-character` error of the first control character of a quoted text (a STRING
    token, on one line), at its own column; the text is kept as it is, so the rest still loads."""
    char = quoted[index]
    at = Span(span.path, span.line, span.column + index, span.line, span.column + index + 1)
    shown = f"^{chr(ord(char) ^ 0x40)}" if char < " " or char == "\x7f" else "a box"
    return error("control-character", f"this quoted text holds the control character U+{ord(char):04X} at column "
                 f"{at.column}, which an editor may show as {shown} or not at all",
                 at, "hint: delete it; a label, title or note is plain text, and a tab is the one control "
                 "character it may hold")


def guidance_factor(text: str) -> Decimal | str:
    """A scaled guidance's factor, as the FIGURE terminal lexes it: `2`, `1.076`, `(1.076)`,
    `107.6%` (= 1.076), `1,000`, `+2`; or a message saying what is wrong.

    Parentheses group here, as anywhere in an expression: `(2)` is 2, not a negative figure.
    """
    body = text[1:-1] if text.startswith("(") and text.endswith(")") else text
    if "(" in body or ")" in body:
        return f"{text!r} has an unbalanced parenthesis"
    percent = body.endswith("%")
    digits = body.removesuffix("%").replace(",", "")
    problem = too_long(digits.lstrip("+-").replace(".", ""))
    if problem is not None:
        return f"the factor {problem}"
    try:
        value = Decimal(digits)  # exact: a Decimal from a string is never rounded
    except ArithmeticError:
        return f"{text!r} is not a number"
    if not value.is_finite():
        return f"{text!r} is not a number"
    return value.scaleb(-2, EXACT) if percent else value


def shift_of(text: str) -> Shift | str:
    """`-1y`, `+2q`: the Shift a SHIFT terminal names; the text itself (a bad anchor, reported
    when the reference is resolved) when it shifts past the calendar ledgerlang handles."""
    digits = text[1:-1].lstrip("0") or "0"
    if len(digits) > len(str(MAX_SHIFT_QUARTERS)):
        return text  # and no int(): Python refuses to convert more than 4,300 digits
    count = int(text[:-1])
    quarters = count * 4 if text.endswith("y") else count
    return Shift(quarters) if abs(quarters) <= MAX_SHIFT_QUARTERS else text
