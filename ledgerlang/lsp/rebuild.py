"""Build a ledger again after an edit, reusing the facts of every table that did not change.

A table's facts and measures are a function of its declaration and of the
names it is read against: the entity's calendar, the units, the rates and
the items. The incremental parser gives back the very same declaration
objects for the chunks an edit did not touch, so a table whose declaration
and whose names are the same objects as in the last build gives the same
facts: they are reused instead of built again. A table that reported
anything is always built again, so every diagnostic comes from a fresh
build (tests/lsp/test_rebuild.py proves the Book and diagnostics equal to
`build_book`'s).
"""

from __future__ import annotations

from ledgerlang.diagnostic import Diagnostic
from ledgerlang.model.book import Book
from ledgerlang.syntax import nodes as n
from ledgerlang.syntax.build import _Builder

# The declarations a table is read against.
_CONTEXT = (n.EntityDecl, n.UnitDeclNode, n.RateDecl, n.ItemDecl)


class TableCache:
    """The facts of each table of the last build, with the names they were built against."""

    def __init__(self) -> None:
        self.entries: dict[int, tuple] = {}  # id(decl) -> (decl, context, facts, measured)
        self.reused = 0  # tables reused by the last build, for tests and benchmarks

    def build(self, trees) -> tuple[Book, list[Diagnostic]]:
        builder = _Reusing(self)
        book = builder.build(trees)
        self.entries = builder.kept
        self.reused = builder.reused
        return book, builder.diagnostics


class _Reusing(_Builder):
    def __init__(self, cache: TableCache) -> None:
        super().__init__()
        self.cache = cache
        self.kept: dict[int, tuple] = {}
        self.reused = 0
        self.context: tuple = ()

    def build(self, trees) -> Book:
        self.context = tuple(d for tree in trees for d in tree.declarations if isinstance(d, _CONTEXT))
        return super().build(trees)

    def _same_context(self, other: tuple) -> bool:
        return len(other) == len(self.context) and all(a is b for a, b in zip(other, self.context))

    def table(self, decl: n.TableDecl) -> None:
        found = self.cache.entries.get(id(decl))
        if found is not None and found[0] is decl and self._same_context(found[1]):
            self.facts.extend(found[2])
            self.measured.extend(found[3])
            self.kept[id(decl)] = found
            self.reused += 1
            return
        facts, measured, reported = len(self.facts), len(self.measured), len(self.diagnostics)
        super().table(decl)
        if len(self.diagnostics) == reported:
            self.kept[id(decl)] = (decl, self.context, tuple(self.facts[facts:]), tuple(self.measured[measured:]))
