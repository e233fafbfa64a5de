"""The server's view of the books: every file's text and parse, include graphs, and checked ledgers.

    open documents + files on disk --parse (kept per file)--> trees --build, evaluate, check--> Analysis

A file is parsed again only where its text changed (one declaration at a
time, incremental.py); a ledger is built (reusing unchanged tables,
rebuild.py), evaluated and checked again only when one of its files changed. The ledger
of a file is every book that shares its include graph (what it includes,
and the workspace's books that include it), read the way `ledger check`
reads the books of a directory: sorted, each file once, includes first.
"""

from __future__ import annotations

import gc
import os
import re

from ledgerlang.check import check_counted
from ledgerlang.check.coverage import Counts
from ledgerlang.check.joint import Culprits
from ledgerlang.diagnostic import Diagnostic, error, sort_key
from ledgerlang.evaluate.compute import Evaluation, evaluate
from ledgerlang.load import (DEFAULT_MAX_BYTES, Access, Reader, explain_unknown, include_target, is_book_name,
                             line_ends, no_cycle_collection, read_source, under)
from ledgerlang.lsp.incremental import ChunkedParser
from ledgerlang.lsp.rebuild import TableCache
from ledgerlang.model.book import Book
from ledgerlang.model.fact import Fact, Measured
from ledgerlang.model.record import evolve
from ledgerlang.model.span import Span
from ledgerlang.syntax.nodes import SyntaxTree

_INCLUDE = re.compile(r'^[ \t\f]*include[ \t\f]+"((?:\\.|[^"\\\n])*)"', re.MULTILINE)
# Folders a workspace scan never enters: tools' caches and environments.
_SKIP = {".git", ".hg", ".venv", "venv", "node_modules", "__pycache__", ".tox", ".mypy_cache", ".pytest_cache"}
MAX_SCANNED = 2000
# Folders visited looking for books, per workspace folder: a workspace opened at a home folder or
# at / would otherwise be walked whole (seconds to minutes) before the first diagnostic.
MAX_FOLDERS = 5000
EDITOR_ROOT_HINT = ("hint: the editor checks a book under the workspace folder that holds it (else under the "
                    "book's own directory): open a folder that holds every book of the ledger as the workspace "
                    "(Neovim: the client's root_dir), or start the server as `ledger lsp --root DIR`")
UNSAVED_HINT = "hint: save the document in the folder of its books (or of the workspace) to check it with them"
# The server runs with the cycle collector off, as every command does (cli/main.py): a check is
# faster without it. Nothing of a check's own is left in a reference cycle (tests/lsp/test_memory.py),
# but what is (the protocol library's, an exception's traceback) is collected every so many checks.
COLLECT_EVERY = 100


def normal(path: str) -> str:
    """An absolute, normalised path; a document that is no file (`untitled:Untitled-1`) keeps its name."""
    return path if is_virtual(path) else os.path.normpath(os.path.abspath(path))


_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+:")


def is_virtual(path: str) -> bool:
    """A document the editor has that is no file on disk: named by its URI, never looked up on disk."""
    return not os.path.isabs(path) and _SCHEME.match(path) is not None


def analysed(text: str) -> str:
    """The editor's text as `ledger check` reads a file's: without a byte order mark, each line end a
    "\n" (a lone CR is a line end to the protocol and to `read_source` alike)."""
    return line_ends(text.removeprefix("\ufeff"))


class Analysis:
    """One ledger, checked: its book, evaluation and diagnostics, and indexes over them."""

    def __init__(self, paths: tuple[str, ...], trees: dict[str, SyntaxTree], book: Book, evaluation: Evaluation,
                 diagnostics: list[Diagnostic], counts: Counts) -> None:
        self.paths = paths
        self.counts = counts  # the checker's coverage: which printed figures a check decided
        self.trees = trees
        self.book = book
        self.evaluation = evaluation
        self.diagnostics = diagnostics
        self._figures: dict[str, dict[int, list]] = {}
        self.memo: dict = {}  # what the features work out once per analysis (indexes, lenses)
        self.homes: dict[Diagnostic, str] = {}  # the file a finding with no place is about
        self.root: str | None = None  # what its includes were read under

    def rules_of(self, item: str) -> list:
        """The rules whose target is an item, indexed on first use."""
        index = self.memo.get("rules")
        if index is None:
            # built whole, then kept: a request stopped halfway (interrupt.py) leaves no partial index
            index = {}
            for rule in self.book.rules:
                index.setdefault(rule.target, []).append(rule)
            self.memo["rules"] = index
        return index.get(item, [])

    def figures_on(self, path: str, line: int) -> list[Fact | Measured]:
        """Printed figures (facts and measures) on a 1-based line of a file, left to right."""
        index = self._figures.get(path)
        if index is None:
            index = {}
            for figure in (*self.book.facts, *self.book.measured):
                span = figure.span
                if span is not None and span.path == path:
                    index.setdefault(span.line, []).append(figure)
            for found in index.values():
                found.sort(key=lambda f: f.span.column)
            self._figures[path] = index
        return index.get(line, [])

    def figure_at(self, path: str, line: int, column: int) -> Fact | Measured | None:
        """The printed figure under a 1-based line and column."""
        for figure in self.figures_on(path, line):
            if figure.span.column <= column <= figure.span.end_column:
                return figure
        return None

    def figures_in(self, path: str, first: int, last: int):
        """The printed figures on lines `first` to `last` of a file. The lines are the editor's range,
        which may run far past the file (0 to 2**31 - 1 for "everything"): only the lines that hold a
        figure are visited."""
        self.figures_on(path, first)
        index = self._figures[path]
        for line in range(max(first, 1), min(last, max(index, default=0)) + 1):
            yield from index.get(line, ())


class Workspace:
    """Texts, parses and analyses, keyed by absolute path."""

    def __init__(self, roots: list[str] | None = None, root: str | None = None, allow_outside_root: bool = False,
                 max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.roots = [normal(r) for r in roots or ()]
        # What may be read from disk, as `ledger check` allows it (load.Access): under the `root` the
        # command line named, else under a workspace folder, else beside an open document.
        self.root = os.path.realpath(root) if root is not None else None
        self.allow_outside_root = allow_outside_root
        self.max_bytes = max_bytes
        self.cut: list[str] = []  # workspace folders whose scan for books stopped at MAX_FOLDERS
        self.open: dict[str, str] = {}  # the texts of open documents, as `ledger check` reads them
        self.raw: dict[str, str] = {}  # the same as the editor has them (line ends, byte order mark)
        self._disk: dict[str, tuple[tuple, str | None]] = {}
        self._parses: dict[str, tuple[str, SyntaxTree, list[Diagnostic]]] = {}
        self._chunked: dict[str, ChunkedParser] = {}
        self._includes: dict[str, tuple[str, tuple[str, ...]]] = {}
        self._analyses: dict[tuple[str, ...], tuple[tuple, Analysis]] = {}
        self._books: set[str] | None = None
        self._beside: dict[str, frozenset[str]] = {}  # a folder no workspace folder holds -> its books
        self._tables: dict[tuple[str, ...], TableCache] = {}
        self._culprits: dict[tuple[str, ...], Culprits] = {}  # per ledger: culprit searches, reused between edits
        self._checks = 0
        # The real file -> the name the editor has it open under: where a link names it too (an include
        # of a link to shared definitions, a book opened through a link), the ledger reads that
        # document's text and places its findings there, whichever name it comes by.
        self._named: dict[str, str] = {}
        self._reals: dict[str, str] = {}  # path -> its real path (cleared as the books are scanned again)

    # -- texts ---------------------------------------------------------------------------

    def set_open(self, path: str, text: str) -> None:
        path = normal(path)
        self.raw[path] = text
        self.open[path] = analysed(text)
        if not is_virtual(path):
            self._named[self.real(path)] = path  # of two open names of one file, the last changed

    def close(self, path: str) -> None:
        path = normal(path)
        self.open.pop(path, None)
        self.raw.pop(path, None)
        if is_virtual(path):
            return
        real = self.real(path)
        if self._named.get(real) == path:
            del self._named[real]
            other = next((p for p in self.open if not is_virtual(p) and self.real(p) == real), None)
            if other is not None:
                self._named[real] = other

    def real(self, path: str) -> str:
        """A file's path with every link resolved (kept: a check asks it of every book)."""
        found = self._reals.get(path)
        if found is None:
            found = self._reals[path] = os.path.realpath(path)
        return found

    def named(self, path: str) -> str:
        """The name under which the editor has a file open (the link it opened it through, or the file
        a link names), else `path`."""
        if not self._named or is_virtual(path):
            return path
        return self._named.get(self.real(path), path)

    def twins(self, path: str) -> list[str]:
        """The other open names of the file the editor has open as `path` (a link and its target)."""
        if not self._named:
            return []
        return [p for p in self.open if p != path and self.named(p) == path]

    def editor_text(self, path: str) -> str | None:
        """A file's text with the editor's line ends: what the protocol's positions count in."""
        found = self.raw.get(path)
        return found if found is not None else self.text(path)

    def set_roots(self, roots: list[str]) -> None:
        """The workspace folders changed: every ledger is read again under its new root."""
        self.roots = [normal(r) for r in roots]
        self._books = None
        self._analyses.clear()
        self._disk.clear()
        self._reals.clear()

    def text(self, path: str) -> str | None:
        """The text of a file: the editor's, if it is open, else the disk's (None when it may not or
        cannot be read: `_source` says why)."""
        found = self.open.get(path)
        if found is not None:
            return found
        if is_virtual(path):
            return None
        named = self.named(path)
        if named != path and named in self.open:
            return self.open[named]
        try:
            stat = os.stat(path)
        except (OSError, ValueError):
            self._disk.pop(path, None)
            return None
        stamp = (stat.st_mtime_ns, stat.st_size, stat.st_mode)
        cached = self._disk.get(path)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        text, _ = read_source(path, self.access(path))
        self._disk[path] = (stamp, text)
        return text

    def root_of(self, path: str) -> str | None:
        """The root a book is checked under, as `ledger check` would compute it: `--root`, else the
        workspace folder that holds it, else its own directory (None: anywhere). A document that is
        no file reads nothing from disk: its root holds nothing but itself."""
        if self.allow_outside_root:
            return None
        if self.root is not None:
            return self.root
        if is_virtual(path):
            return path
        real = os.path.realpath(path)
        # Of nested workspace folders, the widest that holds it: the editor may read all of it, and the
        # root is the same whatever order the folders were added in.
        holding = [root for root in map(os.path.realpath, self.roots) if under(real, root)]
        if holding:
            return min(holding, key=lambda r: (len(r), r))
        # as load.common_root: the book's own directory, the symlink it may be not followed
        return os.path.realpath(os.path.dirname(os.path.abspath(path)))

    def ledger_root(self, paths) -> str | None:
        """The root of a ledger: the widest of its books' roots (which holds the others: a book is
        in a ledger only through an include its own root allows)."""
        roots = {self.root_of(p) for p in paths}
        if None in roots:
            return None
        return min(roots, key=lambda r: (len(r), r))

    def access(self, path: str) -> Access:
        """What reading `path` as a book of its own may read: its own root."""
        return Access(self.root_of(path), self.max_bytes)

    def allowed(self, target: str, root: str | None) -> bool:
        """Whether an include of `target` may be read by a ledger under `root`."""
        if root is None:
            return True
        return not is_virtual(target) and under(os.path.realpath(target), root)

    def _source(self, path: str, span: Span | None, root: str | None) -> tuple[str | None, Diagnostic | None]:
        """A file's text for load.Reader, or the diagnostic `ledger check` gives where there is none.
        An include is refused before it is looked at when it leaves the ledger's root."""
        if span is not None and not self.allowed(path, root):
            found = read_source(path, Access(root, self.max_bytes), span, include=True)[1]
            if found is not None and root is not None and is_virtual(root):
                # A document never saved (untitled:Untitled-1) is in no folder: not "outside" one.
                found = evolve(found, message=f"{path} is not read: this document is not saved, and an include is "
                                              "read from the folder of the book that names it",
                               notes=(UNSAVED_HINT,))
            elif found is not None and self.root is None and found.code == "include-outside-root":
                # What the author can do is the editor's, not `ledger check`'s `--root DIR`.
                found = evolve(found, notes=(EDITOR_ROOT_HINT,))
            return None, found
        text = self.text(normal(path))
        if text is not None:
            return text, None
        if is_virtual(path):
            return None, error("unreadable", f"{path} is not open in the editor", span,
                               "hint: a document that is not saved is read only while the editor has it open: "
                               "open it again, or save it to a file")
        _, found = read_source(path, self.access(path), span, include=span is not None)
        return None, found or error("unreadable", f"{path} cannot be read", span,
                                    "hint: it changed or went away as it was read: save it, or edit to check again")

    def parsed(self, path: str, text: str) -> tuple[SyntaxTree, list[Diagnostic]]:
        """A file's syntax tree, parsed again only when its text changed."""
        cached = self._parses.get(path)
        if cached is not None and (cached[0] is text or cached[0] == text):
            return cached[1], cached[2]
        chunked = self._chunked.get(path)
        if chunked is None:
            chunked = self._chunked[path] = ChunkedParser()
        tree, diagnostics = chunked.parse(text, path)
        self._parses[path] = (text, tree, diagnostics)
        return tree, diagnostics

    def parsed_edit(self, path: str, text: str) -> tuple[SyntaxTree, list[Diagnostic]]:
        """A text an edit would give a file (a rename's, before it is offered), parsed where it differs
        from the file's last parse. Its parses are kept beside the file's own until the next parse of the
        file: the check of the edit, once the editor applies it, reads them back."""
        chunked = self._chunked.get(path)
        trial = ChunkedParser()
        if chunked is not None:
            trial.chunks = dict(chunked.chunks)
        found = trial.parse(text, path)
        if chunked is not None:
            chunked.chunks = {**chunked.chunks, **trial.chunks}  # replaced whole: a request may be stopped
        return found

    # -- the include graph -----------------------------------------------------------------

    def includes(self, path: str) -> tuple[str, ...]:
        """The files a file includes, read off its include lines (no parse needed)."""
        text = self.text(path)
        if text is None:
            return ()
        cached = self._includes.get(path)
        if cached is not None and cached[0] == text:
            return cached[1]
        found = tuple(normal(include_target(path, m.group(1).replace('\\"', '"').replace("\\\\", "\\")))
                      for m in _INCLUDE.finditer(text))
        self._includes[path] = (text, found)
        return found

    def books(self) -> set[str]:
        """Every .iij file under the workspace roots, every open one, and those beside an open one that
        no workspace folder holds (its own folder is its root: the books there that include what it
        includes are of its ledger, and a rename from it renames there too)."""
        if self._books is None:
            found: set[str] = set()
            self.cut = []
            for root in self.roots:
                for visited, (directory, folders, files) in enumerate(os.walk(root), 1):
                    if visited > MAX_FOLDERS:
                        self.cut.append(root)  # the books of an open document's ledger are still read
                        break
                    folders[:] = sorted(f for f in folders if f not in _SKIP and not f.startswith("."))
                    found.update(normal(os.path.join(directory, f)) for f in files if f.endswith(".iij"))
                    if len(found) > MAX_SCANNED:
                        break
            self._books = found
        return self._books | set(self.open) | self._beside_open()

    def _beside_open(self) -> set[str]:
        if self.root is not None or self.allow_outside_root:
            return set()  # --root names where the books are
        found: set[str] = set()
        roots = [self.real(r) for r in self.roots]
        for path in self.open:
            if is_virtual(path) or any(under(self.real(path), r) for r in roots):
                continue
            folder = os.path.dirname(path)
            books = self._beside.get(folder)
            if books is None:
                try:
                    with os.scandir(folder) as entries:
                        books = frozenset(normal(e.path) for e in entries
                                          if e.name.endswith(".iij") and e.is_file())
                except OSError:
                    books = frozenset()
                if len(books) > MAX_SCANNED:
                    books = frozenset()  # a folder of thousands of books is no ledger's: its open books alone
                self._beside[folder] = books
            found |= books
        return found

    def forget_books(self) -> None:
        """Files were created or deleted: scan again when next asked."""
        self._books = None
        self._beside.clear()
        self._reals.clear()

    def noticed(self, path: str) -> bool:
        """A book the editor opened, saved or closed: whether the workspace's books changed with it (a
        book saved for the first time, one deleted), in which case they are scanned again. An editor
        without file watching (Neovim before 0.9) says nothing else of a new book, and one saved and
        closed would otherwise drop out of the ledgers of the books it includes."""
        if self._books is None or is_virtual(path) or not is_book_name(path):
            return False
        real = os.path.realpath(path)
        if not any(under(real, os.path.realpath(root)) for root in self.roots):
            beside = self._beside.get(os.path.dirname(path))
            if beside is None or (path in beside) == os.path.isfile(path):
                return False
            del self._beside[os.path.dirname(path)]  # a book beside an open one no folder holds
            return True
        if (path in self._books) == os.path.isfile(path):
            return False
        self.forget_books()
        return True

    def ledger_of(self, path: str) -> tuple[str, ...]:
        """The books that share a file's include graph (what it includes and what includes it), sorted.
        An include that leaves its book's root joins nothing: it is refused, never read."""
        path = self.named(normal(path))
        books = {self.named(b) for b in self.books()} | {path}
        edges: dict[str, set[str]] = {}
        for book in books:
            root = self.root_of(book)
            for target in self.includes(book):
                if not self.allowed(target, root):
                    continue
                target = self.named(target)
                edges.setdefault(book, set()).add(target)
                edges.setdefault(target, set()).add(book)
        seen, stack = {path}, [path]
        while stack:
            for other in edges.get(stack.pop(), ()):
                if other not in seen:
                    seen.add(other)
                    stack.append(other)
        # A file included but missing is not a book: its include reports it.
        return tuple(sorted(p for p in seen if p == path or p in books or self.text(p) is not None))

    # -- analyses ------------------------------------------------------------------------------

    def analyse(self, path: str) -> Analysis:
        """The checked ledger a file belongs to, computed again only when one of its files changed."""
        paths = self.ledger_of(path)
        stamp = tuple(self.text(p) for p in paths)
        cached = self._analyses.get(paths)
        if cached is not None and len(cached[0]) == len(stamp) and all(a is b or a == b for a, b in zip(cached[0], stamp)):
            return cached[1]
        analysis = self._check(paths)
        # A file's ledger may grow or shrink with an edit: drop analyses that overlap this one.
        for key in [k for k in self._analyses if set(k) & set(paths)]:
            del self._analyses[key]
        for key in [k for k in self._tables if k != paths and set(k) & set(paths)]:
            del self._tables[key]
        for key in [k for k in self._culprits if k != paths and set(k) & set(paths)]:
            del self._culprits[key]
        self._analyses[paths] = (stamp, analysis)
        return analysis

    def _check(self, paths: tuple[str, ...]) -> Analysis:
        root = self.ledger_root(paths)
        homes: dict[Diagnostic, str] = {}

        def source(path: str, span: Span | None):
            text, found = self._source(path, span, root)
            if found is not None and found.span is None:
                homes[found] = normal(path)  # a book that cannot be read: its finding is its own
            return text, found

        included = {self.named(target) for p in paths for target in self.includes(p) if self.allowed(target, root)}
        with no_cycle_collection():
            # as `ledger check` reads them, from the editor's texts and the parses kept per file, each
            # file's places under the name the editor has it open under (`named`)
            reader = Reader(None, source=source, parser=lambda text, path: self.parsed(self.named(normal(path)), text),
                            is_book=lambda path: is_book_name(path) or self.named(normal(path)) in self.open)
            for p in paths:
                # A book that cannot be read and is included by another is read through its include:
                # its finding is placed there, as `ledger check` of the includer places it.
                if p in included and self.text(p) is None:
                    continue
                reader.read_file(p, None, ())
            tables = self._tables.get(paths)
            if tables is None:
                tables = self._tables[paths] = TableCache()
            book, more = tables.build(reader.trees)
            evaluation, evaluated = evaluate(book)
            culprits = self._culprits.get(paths)
            if culprits is None:
                culprits = self._culprits[paths] = Culprits()
            checked, counts = check_counted(book, evaluation, culprits)
            more = explain_unknown(reader.diagnostics, reader.trees, more)  # as `ledger check` says it
            found = sorted(reader.diagnostics + more + evaluated + checked, key=sort_key)
        trees = {t.path: t for t in reader.trees}
        self._checks += 1
        if not self._checks % COLLECT_EVERY and not gc.isenabled():
            gc.collect()
        analysis = Analysis(paths, trees, book, evaluation, found, counts)
        analysis.homes = homes
        analysis.root = root
        return analysis
