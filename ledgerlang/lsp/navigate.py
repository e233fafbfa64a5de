"""Where things are: the name under the cursor, its definitions, its references, and each file's symbols.

Names are found with the line lexer, so a half-typed line still has them;
what they mean comes from the checked ledger (an item, a rate, a unit).
"""

from __future__ import annotations

from typing import NamedTuple

from ledgerlang.load import include_target
from ledgerlang.lsp import lexer
from ledgerlang.lsp.ledger import Analysis
from ledgerlang.model.fact import Fact
from ledgerlang.model.period import label
from ledgerlang.model.span import Span
from ledgerlang.syntax import nodes as n


class Target(NamedTuple):
    kind: str  # item | rate | unit | include
    name: str


def target_at(analysis: Analysis, path: str, line_text: str, line: int, column: int) -> Target | None:
    """What the cursor names (1-based line and column): an item, a rate, a unit or an included file."""
    words = lexer.around(line_text, column - 1)
    token = lexer.token_in(words, column - 1)
    book = analysis.book
    if token is not None:
        if token.kind == "string":
            if words and words[0].text == "include":
                return Target("include", include_target(path, token.text[1:-1]))
        if token.kind in ("name", "function") and not lexer.own_id(words, token):
            if token.text in book.items:
                return Target("item", token.text)
            if token.text in book.rates:
                return Target("rate", token.text)
            if token.text in book.units:
                return Target("unit", token.text)
    figure = analysis.figure_at(path, line, column)
    if isinstance(figure, Fact):
        return Target("item", figure.item)
    return None


def name_span(span: Span, name: str) -> Span:
    """The span of a declaration's name: declarations start at their name's token."""
    return Span(span.path, span.line, span.column, span.line, span.column + len(name))


def definitions(analysis: Analysis, target: Target) -> list[Span]:
    """An item's declaration and the rules about it; a rate's or unit's declaration; an included file."""
    book = analysis.book
    if target.kind == "include":
        return [Span(target.name, 1, 1, 1, 1)]
    if target.kind == "item":
        item = book.items[target.name]
        found = [name_span(item.span, item.id)] if item.span else []
        found += [r.span for r in book.rules if r.target == target.name and r.span is not None and not r.defines]
        return found
    if target.kind == "rate":
        rate = book.rates[target.name]
        return [name_span(rate.span, rate.id)] if rate.span else []
    unit = book.units[target.name]
    return [name_span(unit.span, unit.id)] if unit.span else []


def references(analysis: Analysis, texts, name: str, declaration: bool) -> list[Span]:
    """Every place a name is written in the ledger's files: rows, rules, claims, statements, columns."""
    out = []
    item = analysis.book.items.get(name)
    declared = name_span(item.span, name) if item is not None and item.span else None
    for path in analysis.paths:
        text = texts(path)
        if text is None or name not in text:
            continue
        for number, line in enumerate(text.split("\n"), start=1):
            if name not in line:
                continue
            found = lexer.tokens(line)
            for token in found:
                if token.text == name and token.kind in ("name", "function") and not lexer.own_id(found, token):
                    span = Span(path, number, token.start + 1, number, token.end + 1)
                    if declaration or span != declared:
                        out.append(span)
    return out


class Symbol(NamedTuple):
    name: str
    detail: str
    kind: str  # table statement item claim guidance rate entity include unit rule assert accept document row
    span: Span
    selection: Span
    children: tuple = ()


def _short(text: str, size: int = 60) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


def symbols(tree: n.SyntaxTree) -> list[Symbol]:
    """A file's declarations as an outline: tables with their rows, statements, items, claims, guidance."""
    out = []
    for decl in tree.declarations:
        span = decl.span
        if isinstance(decl, n.TableDecl):
            rows = tuple(Symbol(r.head.item, " ".join(c.text for c in r.cells), "row", r.span, r.head.span)
                         for r in decl.rows)
            out.append(Symbol(_short(decl.title), "table", "table", span, span, rows))
        elif isinstance(decl, n.StatementDecl):
            rows = tuple(Symbol(h.item, "", "row", h.span, h.span) for h in decl.rows)
            out.append(Symbol(decl.id, decl.title, "statement", span, name_span(span, decl.id), rows))
        elif isinstance(decl, n.ItemDecl):
            out.append(Symbol(decl.id, f"{decl.label} ({decl.unit} {decl.kind})", "item", span,
                              name_span(span, decl.id)))
        elif isinstance(decl, n.ClaimDecl):
            out.append(Symbol(_short(decl.text), "claim", "claim", span, span))
        elif isinstance(decl, n.GuidanceDecl):
            out.append(Symbol(_short(decl.text), f"guidance given {decl.given}", "guidance", span, span))
        elif isinstance(decl, n.RateDecl):
            out.append(Symbol(decl.id, f"{decl.value} {decl.quote} per {decl.base}", "rate", span,
                              name_span(span, decl.id)))
        elif isinstance(decl, n.UnitDeclNode):
            out.append(Symbol(decl.id, decl.label or "", "unit", span, name_span(span, decl.id)))
        elif isinstance(decl, n.EntityDecl):
            out.append(Symbol(decl.id, decl.name, "entity", span, name_span(span, decl.id)))
        elif isinstance(decl, n.RuleDecl):
            out.append(Symbol(f"rule {decl.target.item}", "", "rule", span, span))
        elif isinstance(decl, n.AssertDecl):
            out.append(Symbol(decl.name, "assert", "assert", span, name_span(span, decl.name)))
        elif isinstance(decl, n.AcceptDecl):
            anchor = decl.ref.anchor
            at = f"@{anchor if isinstance(anchor, str) else label(anchor)}" if anchor is not None else ""
            out.append(Symbol(f"accept {decl.code}", f"{decl.ref.item}{at}", "accept", span, span))
        elif isinstance(decl, n.Include):
            out.append(Symbol(decl.path, "include", "include", span, span))
        elif isinstance(decl, n.DocumentDecl):
            out.append(Symbol(_short(decl.title), decl.date or "document", "document", span, span))
    return out
