"""A syntax tree printed in the canonical layout, keeping its comments and blank lines.

The layout keeps the line structure of the book: every source line that
holds a declaration, an option, a column header or a row becomes exactly one
output line, so a comment at the end of a line stays at the end of that
line, and a comment on a line of its own stays just before the line that
followed it. Within a line the layout is canonical: one space between words,
two-space indentation for continuation lines, item labels aligned, and the
cells of a table right-aligned in columns. Figures are printed as written.
Runs of blank lines become one blank line.
"""

from __future__ import annotations

from ledgerlang.fmt.expr import Source, expression, ref
from ledgerlang.model.record import frozen
from ledgerlang.render.grid import width  # the columns a label takes on screen, as eval counts them
from ledgerlang.syntax import nodes as n

INDENT = "  "
GAP = "  "  # between table columns, and before a trailing comment
# What the layout may drop at the end of a comment: blanks and a CR. Any other
# character (a no-break or ideographic space, a mark) is the comment's text.
BLANKS = " \t\f\r"


@frozen
class Line:
    """One output line and the source line it came from (None: a blank or comment line)."""

    source: int | None
    text: str


def quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _scale(node: n.ScaleNode | None) -> str:
    if node is None:
        return ""
    return " in " + " ".join(w for w in (node.unit, node.scale) if w)


def value_text(node: n.ValueNode) -> str:
    exact = "exact" if node.exact else None
    return " ".join(x for x in (node.figure.text, node.unit, node.scale, exact) if x)


def row_head(head: n.RowHead) -> str:
    text = ("-" if head.negated else "") + head.item
    if head.edge is not None:
        text += "@" + head.edge
    if head.scale is not None:
        text += " in " + head.scale
    return text


def _columns_line(columns: tuple[n.ColumnNode, ...]) -> Line:
    return Line(columns[0].span.line, INDENT + "columns " + " ".join(c.text for c in columns))


class _Printer:
    def __init__(self, tree: n.SyntaxTree, breaks: frozenset[int], align: bool = True,
                 source: Source | None = None) -> None:
        self.align = align
        self.source = source
        # Items are aligned in paragraphs: runs of declarations without a blank or comment line between them.
        self.widths: dict[int, tuple[int, int]] = {}
        block: list[n.ItemDecl] = []
        last_line = None
        for decl in tree.declarations:
            if last_line is not None and any(line in breaks for line in range(last_line + 1, decl.span.line)):
                self._close(block)
                block = []
            if isinstance(decl, n.ItemDecl):
                block.append(decl)
            last_line = decl.span.end_line
        self._close(block)

    def _close(self, block: list[n.ItemDecl]) -> None:
        # The longest id and label of the paragraph set the columns: a capped width would let
        # a longer label push its unit out of line (issue #11). A blank line starts a new paragraph.
        id_width = max((len(d.id) for d in block), default=0)
        label_width = max((width(quote(d.label)) for d in block), default=0)
        for d in block:
            self.widths[id(d)] = (id_width, label_width)

    def declaration(self, decl) -> list[Line]:
        method = getattr(self, type(decl).__name__)
        return method(decl)

    def Include(self, d: n.Include) -> list[Line]:  # noqa: N802 - named after the node class
        return [Line(d.span.line, f"include {quote(d.path)}")]

    def EntityDecl(self, d: n.EntityDecl) -> list[Line]:  # noqa: N802
        lines = [Line(d.span.line, f"entity {d.id} {quote(d.name)}")]
        for key, value, span in d.options:
            words = "fiscal year ends" if key == "year-end" else "fiscal year named by"
            lines.append(Line(span.line, f"{INDENT}{words} {value}"))
        return lines

    def DocumentDecl(self, d: n.DocumentDecl) -> list[Line]:  # noqa: N802
        dated = f" dated {d.date}" if d.date else ""
        basis = f" basis {d.basis}" if d.basis else ""
        return [Line(d.span.line, f"document {quote(d.title)}{dated}{basis}")]

    def UnitDeclNode(self, d: n.UnitDeclNode) -> list[Line]:  # noqa: N802
        label = f" {quote(d.label)}" if d.label is not None else ""
        return [Line(d.span.line, f"{'currency' if d.currency else 'unit'} {d.id}{label}")]

    def RateDecl(self, d: n.RateDecl) -> list[Line]:  # noqa: N802
        text = f"rate {d.id}: {d.value} {d.quote} per {d.base}"
        if d.date:
            text += f" on {d.date}"
        if d.note is not None:
            text += f" {quote(d.note)}"
        return [Line(d.span.line, text)]

    def ItemDecl(self, d: n.ItemDecl) -> list[Line]:  # noqa: N802
        words = [d.unit, d.kind] + ([d.balance] if d.balance else [])
        id_width, label_width = self.widths[id(d)] if self.align else (0, 0)
        label = quote(d.label)
        text = f"item {d.id.ljust(id_width)} {label}{' ' * (label_width - width(label))} {' '.join(words)}"
        if d.definition is None:
            return [Line(d.span.line, text)]
        definition = f"= {expression(d.definition, self.source)}"
        if d.definition.span.line == d.span.line:
            return [Line(d.span.line, f"{text} {definition}")]
        return [Line(d.span.line, text), Line(d.definition.span.line, INDENT + definition)]

    def RuleDecl(self, d: n.RuleDecl) -> list[Line]:  # noqa: N802
        return [Line(d.span.line, f"rule {ref(d.target, self.source)} = {expression(d.expr, self.source)}")]

    def AssertDecl(self, d: n.AssertDecl) -> list[Line]:  # noqa: N802
        return [Line(d.span.line, f"assert {d.name}: {expression(d.left, self.source)} {d.op} {expression(d.right, self.source)}")]

    def TableDecl(self, d: n.TableDecl) -> list[Line]:  # noqa: N802
        lines = [Line(d.span.line, f"table {quote(d.title)}{_scale(d.scale)}")]
        for option in d.options:
            if option.name == "restated":
                lines.append(Line(option.span.line, f"{INDENT}restated {quote(option.value)}"))
                continue
            words = "rounding" if option.name == "rounding" else "translate at"
            lines.append(Line(option.span.line, f"{INDENT}{words} {option.value}"))
        grid = [("columns", [c.text for c in d.columns], d.columns[0].span.line)]
        grid += [(row_head(r.head), [c.text for c in r.cells], r.span.line) for r in d.rows]
        lines.extend(aligned(grid))
        return lines

    def StatementDecl(self, d: n.StatementDecl) -> list[Line]:  # noqa: N802
        lines = [Line(d.span.line, f"statement {d.id} {quote(d.title)}{_scale(d.scale)}"), _columns_line(d.columns)]
        lines.extend(Line(head.span.line, INDENT + row_head(head)) for head in d.rows)
        return lines

    def ClaimDecl(self, d: n.ClaimDecl) -> list[Line]:  # noqa: N802
        lines = [Line(d.span.line, f"claim {quote(d.text)}")]
        lines.extend(Line(x.span.line, f"{INDENT}{expression(x.expr, self.source)} = {value_text(x.value)}") for x in d.lines)
        return lines

    def GuidanceDecl(self, d: n.GuidanceDecl) -> list[Line]:  # noqa: N802
        lines = [Line(d.span.line, f"guidance {quote(d.text)} given {d.given}")]
        for x in d.lines:
            if x.op == "in":
                rest = " ".join(w for w in (x.high.unit, x.high.scale) if w)
                text = f"{expression(x.expr, self.source)} in {x.low.figure.text} .. {x.high.figure.text}" + (f" {rest}" if rest else "")
            elif x.rhs is not None:
                text = f"{expression(x.expr, self.source)} {x.op} {expression(x.rhs, self.source)}"
            else:
                text = f"{expression(x.expr, self.source)} {x.op} {value_text(x.low)}"
            lines.append(Line(x.span.line, INDENT + text))
        return lines

    def AcceptDecl(self, d: n.AcceptDecl) -> list[Line]:  # noqa: N802
        source = f" in {quote(d.source)}" if d.source is not None else ""
        return [Line(d.span.line, f"accept {d.code} at {ref(d.ref, self.source)}{source} {quote(d.reason)}")]


def aligned(grid: list[tuple[str, list[str], int]]) -> list[Line]:
    """Table lines: the head column left-aligned, every cell column right-aligned."""
    head_width = max(len(head) for head, _, _ in grid)
    widths: list[int] = []
    for _, cells, _ in grid:
        for k, cell in enumerate(cells):
            if k == len(widths):
                widths.append(0)
            widths[k] = max(widths[k], len(cell))
    lines = []
    for head, cells, source in grid:
        text = INDENT + head.ljust(head_width) + "".join(GAP + cell.rjust(w) for cell, w in zip(cells, widths))
        lines.append(Line(source, text.rstrip()))
    return lines


def content_lines(tree: n.SyntaxTree, breaks: frozenset[int] = frozenset(), align: bool = True,
                  text: str | None = None) -> list[Line]:
    """Every line the declarations print, in source order; `breaks` are the blank and comment lines.

    With the source `text`, numbers and period anchors in expressions are printed as written there."""
    printer = _Printer(tree, breaks, align, Source(text) if text is not None else None)
    return [line for decl in tree.declarations for line in printer.declaration(decl)]


def layout(tree: n.SyntaxTree, text: str) -> str:
    """The canonical text of a parsed file; `text` is its source, read only for blank lines."""
    comments = {c.span.line: c.text.rstrip(BLANKS) for c in tree.comments}
    blank = {number for number, raw in enumerate(text.split("\n"), start=1) if not raw.strip()}
    content = content_lines(tree, frozenset(blank | set(comments)), text=text)
    used = {line.source for line in content}
    # What lies between content lines: own-line comments and blank lines, by source line.
    between = sorted([(number, text) for number, text in comments.items() if number not in used]
                     + [(number, "") for number in blank if number not in used and number not in comments])
    out: list[str] = []
    waiting: list[str] = []  # own-line comments, and "" for a blank line, before the next content line
    k = 0
    for line in content:
        while k < len(between) and between[k][0] < line.source:
            waiting.append(between[k][1])
            k += 1
        _flush(out, waiting, _indent(line.text))
        tail = comments.get(line.source)
        out.append(line.text if tail is None or line.source not in used else f"{line.text}{GAP}{tail}")
        comments.pop(line.source, None)
    waiting.extend(text for _, text in between[k:])
    _flush(out, waiting, "")
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n" if out else ""


def _flush(out: list[str], waiting: list[str], indent: str) -> None:
    for text in waiting:
        if text == "":
            if out and out[-1] != "":
                out.append("")
        else:
            out.append(indent + text)
    waiting.clear()


def _indent(text: str) -> str:
    return text[: len(text) - len(text.lstrip())]
