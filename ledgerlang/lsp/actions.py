"""Code actions where the fix is mechanical: accept a finding, declare a missing item or unit.

Each action is an insertion of one line: an `accept` at the end of the
file's acceptances (its reason left for the author to write), an `item`
declaration after the ledger's other item declarations, with the unit and
kind its table suggests, or a `currency` (a three-letter code, ISO 4217's
form) or `unit` declaration after the ledger's other units, before its items.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from ledgerlang.diagnostic import Diagnostic
from ledgerlang.lsp.ledger import Analysis
from ledgerlang.syntax import nodes as n

_ID = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_]+)*%?")
# Findings about the source, not about the book's own text: these can be accepted.
_NOT_ACCEPTABLE = ("syntax", "stale-accept", "missing-file", "include-cycle", "unreadable")
END = 0  # an Insertion's line: at the end of the file
REASON = "TODO: why this figure is accepted as printed"


class Insertion(NamedTuple):
    title: str
    path: str
    line: int  # 1-based: the new text goes before this line (END: after the last line)
    text: str  # whole lines, ending with a newline
    kind: str  # quickfix


def for_diagnostic(analysis: Analysis, d: Diagnostic, texts) -> list[Insertion]:
    out = []
    if d.code == "unknown-item" and d.span is not None:
        found = declare_item(analysis, d, texts)
        if found is not None:
            out.append(found)
    if d.code == "unknown-unit" and d.span is not None:
        found = declare_unit(analysis, d)
        if found is not None:
            out.append(found)
    if d.code == "calendar-assumed" and d.span is not None:
        out.extend(name_the_years(analysis, d))
    if d.item and d.period and not d.acknowledged and d.code not in _NOT_ACCEPTABLE and d.span is not None \
            and not d.code.startswith("unknown-"):
        out.append(accept(analysis, d, texts))
    return out


def name_the_years(analysis: Analysis, d: Diagnostic) -> list[Insertion]:
    """`fiscal year named by end` or `... start` under the entity, for the warning that a book with a
    year ending off December does not say which of two years FY2024 is: the two answers, each the
    line the hint names, to choose from (the entity's own lines are indented under it)."""
    if "does not say how its fiscal years are named" not in d.message:
        return []
    entity = next((decl for tree in analysis.trees.values() for decl in tree.declarations
                   if isinstance(decl, n.EntityDecl) and decl.span.path == d.span.path
                   and decl.span.line == d.span.line), None)
    if entity is None:
        return []
    return [Insertion(f"Say FY names the year that {how}s (fiscal year named by {how})", d.span.path,
                      entity.span.end_line + 1, f"  fiscal year named by {how}\n", "quickfix")
            for how in ("end", "start")]


def accept(analysis: Analysis, d: Diagnostic, texts) -> Insertion:
    path = d.span.path
    tree = analysis.trees.get(path)
    last = max((decl.span.end_line for decl in (tree.declarations if tree else ()) if isinstance(decl, n.AcceptDecl)),
               default=None)
    line = last + 1 if last is not None else END
    body = f'accept {d.code} at {d.item}@{d.period} "{REASON}"\n'
    return Insertion(f"Accept {d.code} at {d.item}@{d.period}", path, line, body, "quickfix")


def declare_item(analysis: Analysis, d: Diagnostic, texts) -> Insertion | None:
    text = texts(d.span.path) or ""
    lines = text.split("\n")
    source = lines[d.span.line - 1] if d.span.line <= len(lines) else ""
    column = d.span.column - 1
    while source[column:column + 1] in ("-", " "):  # a negated row: -tax
        column += 1
    match = _ID.match(source, column)
    while match is not None and source[match.end():match.end() + 1] == "(":
        # a measure's column, share%(rev.total), or a translation, USD(rev): the item is inside
        match = _ID.match(source, match.end() + 1)
    if match is None or match.group() in analysis.book.items:
        return None
    name = match.group()
    if any(isinstance(decl, n.ItemDecl) and decl.id == name for tree in analysis.trees.values()
           for decl in tree.declarations):
        return None  # declared, but with an error (an unknown unit): a second declaration would be a duplicate
    unit, kind = _guess(analysis, d)
    path, line = _after_the_most(analysis, d, n.ItemDecl)
    body = f'item {name} "{name}" {unit} {kind}\n'
    return Insertion(f"Declare item {name} ({unit} {kind})", path, line, body, "quickfix")


# The messages of syntax/build.py and syntax/tables.py that name a unit nobody declared.
_UNDECLARED = re.compile(r"(?:has unit|is in|names) (\S+), which is not (?:a )?declared|^(\S+) is not a declared unit")
_CURRENCY = re.compile(r"[A-Z]{3}")


def declare_unit(analysis: Analysis, d: Diagnostic) -> Insertion | None:
    """`currency USD "USD"` (a three-letter code) or `unit shares "shares"` for a unit used but not
    declared, after the ledger's other units (in the file that declares the most), else after the
    file's header: before the items and tables that use it."""
    found = _UNDECLARED.search(d.message)
    name = found and (found.group(1) or found.group(2))
    if not name or not _ID.fullmatch(name) or name in analysis.book.units:
        return None
    keyword = "currency" if _CURRENCY.fullmatch(name) else "unit"
    path, line = _after_the_most(analysis, d, n.UnitDeclNode)
    return Insertion(f"Declare {keyword} {name}", path, line, f'{keyword} {name} "{name}"\n', "quickfix")


def _after_the_most(analysis: Analysis, d: Diagnostic, kind) -> tuple[str, int]:
    """Where a new declaration of `kind` goes: after the last of its kind in the file that declares
    the most of them (the diagnostic's own file first among equals), else after the header of the
    diagnostic's file."""
    counts: dict[str, list[int]] = {}
    for path, tree in analysis.trees.items():
        for decl in tree.declarations:
            if isinstance(decl, kind):
                counts.setdefault(path, []).append(decl.span.end_line)
    if counts:
        path = max(counts, key=lambda p: (len(counts[p]), p == d.span.path))
        return path, max(counts[path]) + 1
    return d.span.path, _first_line_after_header(analysis, d.span.path)


def _first_line_after_header(analysis: Analysis, path: str) -> int:
    tree = analysis.trees.get(path)
    header = [decl.span.end_line for decl in (tree.declarations if tree else ())
              if isinstance(decl, (n.Include, n.EntityDecl, n.DocumentDecl, n.UnitDeclNode, n.RateDecl))]
    return max(header) + 1 if header else 1


def _guess(analysis: Analysis, d: Diagnostic) -> tuple[str, str]:
    """The unit and kind the row's table suggests: its scale's currency, stock if its columns are instants."""
    currencies = [u.id for u in analysis.book.units.values() if u.currency]
    unit = currencies[0] if currencies else "JPY"
    kind = "flow"
    tree = analysis.trees.get(d.span.path)
    for decl in tree.declarations if tree else ():
        if isinstance(decl, (n.TableDecl, n.StatementDecl)) and decl.span.line <= d.span.line <= decl.span.end_line:
            if decl.scale is not None and decl.scale.unit:
                unit = decl.scale.unit
            periods = [c.period for c in decl.columns if c.period is not None]
            if periods and all(p.is_instant for p in periods):
                kind = "stock"
    return unit, kind
