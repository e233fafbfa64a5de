"""The pipeline up to the model: read files, follow includes, parse, build.

    text --parse--> syntax tree --build--> Book

Books given together (and the files they include) form one ledger: one Book.
"""

from __future__ import annotations

import contextlib
import gc
import os

from ledgerlang.diagnostic import Diagnostic, error
from ledgerlang.model.book import Book
from ledgerlang.model.span import Span
from ledgerlang.syntax.build import build_book
from ledgerlang.syntax.nodes import Include, SyntaxTree
from ledgerlang.syntax.parse import parse


def load(text: str, path: str = "<book>") -> tuple[Book, list[Diagnostic]]:
    """One book from its text; its includes are read relative to `path`."""
    trees, diagnostics = _Reader().read_text(text, path)
    book, more = build_book(trees)
    return book, diagnostics + more


def load_paths(paths: list[str]) -> tuple[Book, list[Diagnostic]]:
    """One ledger from book files (and what they include), each file read once."""
    reader = _Reader()
    for path in paths:
        reader.read_file(path, None, ())
    book, more = build_book(reader.trees)
    return book, reader.diagnostics + more


def read_trees(paths: list[str]) -> tuple[list[SyntaxTree], list[Diagnostic]]:
    """The syntax trees of files and their includes, without building."""
    reader = _Reader()
    for path in paths:
        reader.read_file(path, None, ())
    return reader.trees, reader.diagnostics


class _Reader:
    def __init__(self) -> None:
        self.trees: list[SyntaxTree] = []
        self.diagnostics: list[Diagnostic] = []
        self.seen: set[str] = set()
        self.shown: dict[str, str] = {}

    def read_text(self, text: str, path: str):
        self.seen.add(_key(path))
        self.shown.setdefault(_key(path), path)
        self._tree(text, path, ())
        return self.trees, self.diagnostics

    def read_file(self, path: str, span: Span | None, chain: tuple[str, ...]) -> None:
        key = _key(path)
        self.shown.setdefault(key, path)
        if key in chain:
            cycle = " -> ".join(self.shown.get(k, k) for k in [*chain[chain.index(key):], key])
            self.diagnostics.append(error("include-cycle", f"{path} includes itself: {cycle}", span,
                                          "hint: move shared definitions into a file that includes nothing"))
            return
        if key in self.seen:
            return
        self.seen.add(key)
        try:
            with open(path, encoding="utf-8-sig") as file:  # not pathlib: it imports urllib (start-up)
                text = file.read()
        except FileNotFoundError:
            self.diagnostics.append(error("missing-file", f"{path} does not exist", span,
                                          "hint: an include path is relative to the file that includes it"))
            return
        except (OSError, UnicodeDecodeError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            self.diagnostics.append(error("unreadable", f"{path} cannot be read: {reason}", span,
                                          "hint: a book is a UTF-8 text file"))
            return
        self._tree(text, path, chain + (key,))

    def _tree(self, text: str, path: str, chain: tuple[str, ...]) -> None:
        tree, diagnostics = parse(text, path)
        self.diagnostics.extend(diagnostics)
        for decl in tree.declarations:
            if isinstance(decl, Include):
                target = os.path.normpath(os.path.join(os.path.dirname(path), decl.path))
                self.read_file(target, decl.span, chain or (_key(path),))
        self.trees.append(tree)


def _key(path: str) -> str:
    return os.path.realpath(path)


def run(paths: list[str]):
    """The whole pipeline: load, evaluate, check. Returns (book, evaluation, diagnostics)."""
    return run_counted(paths)[:3]


def run_counted(paths: list[str]):
    """As `run`, and how many printed figures were checked: (book, evaluation, diagnostics, counts)."""
    from ledgerlang.check import check_counted
    from ledgerlang.diagnostic import sort_key
    from ledgerlang.evaluate.compute import evaluate

    with no_cycle_collection():
        book, diagnostics = load_paths(paths)
        evaluation, more = evaluate(book)
        checked, counts = check_counted(book, evaluation)
        # `more` is the evaluation's own list: checks may evaluate (and find cycles) too.
        found = diagnostics + more + checked
    return book, evaluation, sorted(found, key=sort_key), counts


@contextlib.contextmanager
def no_cycle_collection():
    """The pipeline allocates millions of acyclic, long-lived nodes: the cycle
    collector would walk them over and over (40% of the time at 1M facts) and
    free nothing. Refcounting still frees everything; collection resumes after."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
