"""Every printed figure of one file, one per line in a stable order: the text git diffs.

This is the textconv behind `*.iij diff=ledger`. It reads one file's syntax
tree and nothing else, because git hands a textconv a temporary copy of an
old revision where the file's includes do not exist; so figures are listed
as printed, with the table, scale and column they were printed under. The
order is by item, then period, then place, so moving rows changes nothing
and changing one figure changes one line. Declarations that are not figures
(items, rules, rates, statements) follow, one per line, as `ledger fmt`
prints them; then the comments, in file order.
"""

from __future__ import annotations

from ledgerlang.fmt.expr import Source, expression
from ledgerlang.fmt.layout import content_lines, quote, row_head, value_text
from ledgerlang.model.expr import refs
from ledgerlang.model.period import Duration, Instant, parse_period, sort_key
from ledgerlang.syntax import nodes as n

_FIGURES = (n.TableDecl, n.ClaimDecl, n.GuidanceDecl)


def _period_key(text: str | None) -> tuple:
    period = parse_period(text) if text else None
    return (0, sort_key(period), text) if period is not None else (1, (), text or "")


def _scale(node: n.ScaleNode | None) -> str:
    return "" if node is None else " ".join(x for x in (node.unit, node.scale) if x)


def _cell_what(head: n.RowHead, column: n.ColumnNode) -> str:
    row = ("-" if head.negated else "") + head.item + (f"@{head.edge}" if head.edge else "")
    period = column.text if column.function is None else _column_period(column)
    where = f"{row}@{period}" if head.edge is None else f"{row} of {period}"
    if column.function is None:
        return where
    if column.total is not None:
        return f"{column.function}({where}, {column.total})"
    return f"{column.function}({where})"


def _table(decl: n.TableDecl):
    place = [quote(decl.title)] + ([_scale(decl.scale)] if decl.scale else [])
    # a restated table's reason is a text, quoted as the title is: `restated "IFRS 16"`
    place += [f"{o.name} {quote(o.value) if o.name == 'restated' else o.value}" for o in decl.options]
    for row in decl.rows:
        for column, cell in zip(decl.columns, row.cells):
            if cell.text == ".":
                continue
            what = _cell_what(row.head, column)
            scale = f" in {row.head.scale}" if row.head.scale else ""
            key = (row.head.item, _period_key(column.text if column.function is None else _column_period(column)),
                   column.function is not None, what, decl.title, column.text)
            yield key, f"{what} = {cell.text}{scale}  [{', '.join(place)}, column {column.text}]"
        for cell in row.cells[len(decl.columns):]:
            key = (row.head.item, (2,), True, "", decl.title, "")
            yield key, f"{row_head(row.head)} = {cell.text}  [{quote(decl.title)}, a cell without a column]"


def _column_period(column: n.ColumnNode) -> str:
    inner = column.text[column.text.index("(") + 1:-1]
    return inner.split(",")[0].strip()


def _first(expr) -> tuple[str, tuple]:
    """The item and period a claim line speaks of, for sorting."""
    found = list(refs(expr))
    item = found[0].item if found else ""
    period = next((r.anchor for r in found if isinstance(r.anchor, (Duration, Instant))), None)
    return item, ((0, sort_key(period), "") if period is not None else (1, (), ""))


def _claim(decl: n.ClaimDecl, source: Source | None):
    for line in decl.lines:
        item, period = _first(line.expr)
        what = expression(line.expr, source)
        yield (item, period, True, what, decl.text, ""), f"{what} = {value_text(line.value)}  [claim {quote(decl.text)}]"


def _guidance(decl: n.GuidanceDecl, source: Source | None):
    for line in decl.lines:
        item, period = _first(line.expr)
        what = expression(line.expr, source)
        if line.op == "in":
            bound = f"in {line.low.figure.text} .. {value_text(line.high)}"
        elif line.rhs is not None:
            bound = f"{line.op} {expression(line.rhs, source)}"
        else:
            bound = f"{line.op} {value_text(line.low)}"
        place = f"[guidance {quote(decl.text)} given {decl.given}]"
        yield (item, period, True, what, decl.text, ""), f"{what} {bound}  {place}"


def figure_lines(tree: n.SyntaxTree, text: str | None = None) -> list[str]:
    """One line per printed figure, claim and guidance bound, sorted by item, period and place.

    With the file's `text`, numbers and periods in expressions are listed as written there
    (`10% * x`, `1,000 * x`), as `ledger fmt` keeps them, not as their values (`0.10 * x`)."""
    source = Source(text) if text is not None else None
    found = []
    for decl in tree.declarations:
        if isinstance(decl, n.TableDecl):
            found.extend(_table(decl))
        elif isinstance(decl, n.ClaimDecl):
            found.extend(_claim(decl, source))
        elif isinstance(decl, n.GuidanceDecl):
            found.extend(_guidance(decl, source))
    found.sort(key=lambda pair: (pair[0], pair[1]))
    return [line for _, line in found]


def declaration_lines(tree: n.SyntaxTree, text: str | None = None) -> list[str]:
    """Every declaration that is not a figure, one line each (continuations joined), in file order."""
    others = n.SyntaxTree(tree.path, tuple(d for d in tree.declarations if not isinstance(d, _FIGURES)))
    lines: list[str] = []
    for line in content_lines(others, align=False, text=text):
        if line.text.startswith(" ") and lines:
            lines[-1] += " " + line.text.strip()
        else:
            lines.append(line.text)
    return lines


def listing(tree: n.SyntaxTree, diagnostics=(), text: str | None = None) -> str:
    """The textconv text of one file: its syntax errors, its figures, then its other declarations.

    `text` is the file's source, parsed into `tree`: figures are listed as written there."""
    out = [f"# syntax error at line {d.span.line if d.span else '?'}: {d.message}" for d in diagnostics]
    out += figure_lines(tree, text)
    rest = declaration_lines(tree, text)
    if rest:
        out += ["", "# declarations"] + rest
    notes = comment_lines(tree)
    if notes:
        out += ["", "# comments"] + notes
    return "\n".join(out) + "\n"


def comment_lines(tree: n.SyntaxTree) -> list[str]:
    """Every comment that says something, in file order, so that a comment of several lines reads
    as written around the line that changed. Without them, `git diff` of a book whose comments
    alone changed (a source cited, a transcription note) printed nothing at all. Blanks at a
    comment's end are left out, as `ledger fmt` drops them; a bare `#` says nothing."""
    found = (c.text.rstrip(" \t\r") for c in tree.comments)
    return [text for text in found if text.lstrip("#").strip()]
