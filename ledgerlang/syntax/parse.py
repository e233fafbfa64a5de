"""Text to syntax tree: the grammar's LALR parser with a transformer applied while parsing.

The grammar (`grammar/ledger.lark`) is the only definition of the syntax.
Lark analyses it; `lalr.py` runs the analysed tables without importing Lark,
and Lark itself parses only text the tables reject (so every syntax
diagnostic is Lark's own). Both parsers build their nodes with
`transformer.py`'s methods; plain table rows are read by `fastpath.py`
beside them.
Parse errors become diagnostics: when a file does not parse, it is parsed
again declaration by declaration (`recovery.py`), so one bad line does not
hide the others and every good declaration is kept.
"""

from __future__ import annotations

import sys
import gc
import os
import _thread

from ledgerlang.diagnostic import Diagnostic, error
from ledgerlang.model.expr import Bin, Call, Neg
from ledgerlang.model.span import Span
from ledgerlang.syntax import lalr
from ledgerlang.syntax import nodes as n
from ledgerlang.syntax.fastpath import FastRows
from ledgerlang.syntax.transformer import _Build

# os.path, not pathlib, on the way to a check: pathlib imports urllib and ipaddress (start-up).
_HERE = os.path.dirname(os.path.realpath(__file__))


def _grammar_file() -> str:
    """The grammar file: beside the package in a checkout, inside it when installed."""
    package = os.path.dirname(_HERE)
    for candidate in (os.path.join(os.path.dirname(package), "grammar", "ledger.lark"),
                      os.path.join(package, "grammar", "ledger.lark")):
        if os.path.exists(candidate):
            return candidate
    raise FileNotFoundError("grammar/ledger.lark is missing from this installation")


def grammar_path():
    """The grammar file as a `pathlib.Path`."""
    from pathlib import Path

    return Path(_grammar_file())


def _grammar_text() -> str:
    with open(_grammar_file(), encoding="utf-8") as file:
        return file.read()


# The one transformer both parsers call (bound in `parser` and `tables`): `_run` gives it the
# file and line offset of each text it parses, and takes its comments and diagnostics after.
_build = _Build()


def _once(make):
    """`make()` made on the first call and kept (functools' lru_cache would import functools,
    0.7 ms of every command's start-up, for four functions of no arguments)."""
    made = []

    def once():
        if not made:
            made.append(make())
        return made[0]

    once.__name__, once.__qualname__, once.__doc__, once.__wrapped__ = (make.__name__, make.__qualname__,
                                                                        make.__doc__, make)
    return once


@_once
def parser():
    """Lark's own parser: it analyses the grammar, and parses what the tables reject."""
    from lark import Lark

    return Lark(
        _grammar_text(),
        parser="lalr",
        lexer="contextual",
        transformer=_build,
        lexer_callbacks={"COMMENT": lambda token: _build.comment(token)},
        propagate_positions=False,
        maybe_placeholders=False,
        # The analysed grammar is pickled under the user's own cache directory (keyed by
        # the grammar's hash and these options), never the shared temp directory, where
        # another user could plant the file Lark unpickles; a syntax error's message is
        # then about 100 ms faster than analysing the grammar again.
        cache=_lark_cache() or False,
    )


def _lark_cache() -> str | None:
    """Where Lark may keep its analysis: a file in ledgerlang's cache directory, which is made
    user-only, and used only while it is the user's own and no one else may write to it (nor to
    the file); None (no cache) otherwise."""
    from hashlib import sha256

    from ledgerlang import cache

    key = sha256(_grammar_text().encode("utf-8")).hexdigest()[:16]
    where = cache.path(f"lark-{key}-py{sys.version_info[0]}{sys.version_info[1]}.pickle")
    if where is None or not hasattr(os, "getuid"):
        return None
    folder = os.path.dirname(where)
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
        for place in (folder, where):
            try:
                info = os.lstat(place)
            except FileNotFoundError:
                continue  # the file is not made yet: Lark writes it, in the user's folder
            if info.st_uid != os.getuid() or info.st_mode & 0o022 or os.path.islink(place):
                return None
    except OSError:
        return None
    return where


@_once
def tables() -> lalr.Tables:
    """The analysed grammar, loaded from the cache (Lark is imported only to make it)."""
    found = lalr.load(_grammar_text(), parser)
    found.bind(_build, {"COMMENT": _build.comment})
    return found


@_once
def fast_rows() -> FastRows:
    return FastRows(tables().terminals, declaration_keywords())


@_once
def declaration_keywords() -> frozenset[str]:
    """The words that start a declaration, read off the grammar's start state."""
    return tables().declaration_keywords()


_LOCK = _thread.allocate_lock()  # threading.Lock itself, without threading's import (0.6 ms of start-up)


def parse(text: str, path: str, fast: bool = True) -> tuple[n.SyntaxTree, list[Diagnostic]]:
    """Parse one file's text into a syntax tree, with a diagnostic per bad declaration.

    Thread-safe: the parser's transformer keeps per-file state, so parses take turns.
    """
    with _LOCK:
        # A parse allocates a few objects per figure and frees none of them, so
        # the cycle collector would only walk the growing tree again and again.
        enabled = gc.isenabled()
        gc.disable()
        try:
            tree, diagnostics = _parse(text, path, fast)
        finally:
            if enabled:
                gc.enable()
    return _limit_depth(tree, diagnostics)


# Every stage walks expressions recursively; a deeper one is refused here, with a
# diagnostic, rather than crash a later stage. Python's own limit is raised to fit:
# a few frames per level, and CPython 3.11 keeps Python-to-Python calls off the C stack.
MAX_DEPTH = 1000
sys.setrecursionlimit(max(sys.getrecursionlimit(), 20 * MAX_DEPTH))


def _limit_depth(tree: n.SyntaxTree, diagnostics: list[Diagnostic]):
    kept = []
    for decl in tree.declarations:
        deepest = max((_depth(e) for e in _expressions(decl)), default=0)
        if deepest > MAX_DEPTH:
            diagnostics.append(error(
                "expression-too-deep", f"this expression nests {deepest} levels deep; the limit is {MAX_DEPTH}",
                decl.span, "hint: a sum of more than a thousand terms, or nesting that deep: split it into "
                "intermediate items (subtotals)"))
        else:
            kept.append(decl)
    if len(kept) == len(tree.declarations):
        return tree, diagnostics
    return n.SyntaxTree(tree.path, tuple(kept), tree.comments, tree.unread), diagnostics


def _expressions(decl):
    if isinstance(decl, n.ItemDecl):
        return (decl.definition,) if decl.definition is not None else ()
    if isinstance(decl, n.RuleDecl):
        return (decl.expr,)
    if isinstance(decl, n.AssertDecl):
        return (decl.left, decl.right)
    if isinstance(decl, n.ClaimDecl):
        return tuple(line.expr for line in decl.lines)
    if isinstance(decl, n.GuidanceDecl):
        return tuple(e for line in decl.lines for e in (line.expr, line.rhs) if e is not None)
    return ()


def _depth(expr) -> int:
    deepest, stack = 0, [(expr, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        if isinstance(node, Bin):
            stack.append((node.left, depth + 1))
            stack.append((node.right, depth + 1))
        elif isinstance(node, Neg):
            stack.append((node.operand, depth + 1))
        elif isinstance(node, Call):
            stack.extend((arg, depth + 1) for arg in node.args)
    return deepest


# After this many syntax errors in one file the rest of it is not read (one more
# diagnostic says where reading stopped): a file of a million broken lines would
# otherwise cost a parse and a diagnostic per line. `ledger --max-per-code` sets it here,
# and recovery.py reads it here at each use.
MAX_SYNTAX_ERRORS = 100


def _parse(text: str, path: str, fast: bool) -> tuple[n.SyntaxTree, list[Diagnostic]]:
    """The file's tree: plain table rows read by the fast path (when `fast`), the rest by the grammar.

    The grammar sees the text with the fast rows blanked (and a long bad row
    shortened to what its error needs, fastpath.FastRows.shorten); a line the
    fast path takes is one the grammar would read the same way, so every
    diagnostic is still the grammar's own.
    """
    if not text.endswith("\n"):
        text += "\n"
    grammar_text, rows, row_comments, shortened = fast_rows().split(text, path) if fast else (text, {}, [], [])
    failed: list[tuple[int, int]] = []
    unread: tuple = ()
    try:
        declarations, comments, diagnostics = _run(grammar_text, path, 0)
    except _Unparsed:
        # Imported here: a book that parses, as most do, is checked without them.
        from ledgerlang.syntax.recovery import by_declaration, unread_names

        declarations, comments, diagnostics, failed = by_declaration(grammar_text, path)
        unread = unread_names(grammar_text, path, failed)

    def dropped(line: int) -> bool:  # in a declaration that failed to parse
        return any(first <= line <= last for first, last in failed)

    if not all(dropped(line) for line in shortened):
        return _parse(text, path, False)  # a shortened row parsed: it was good after all
    if not rows:
        return n.SyntaxTree(path, tuple(declarations), tuple(comments), unread), list(diagnostics)
    merged = []
    for decl in declarations:
        if isinstance(decl, n.TableDecl) and decl.span.line in rows:
            # (not those in lines that failed below the table: `_kept_before` kept the table above them)
            fast_found = rows.pop(decl.span.line)
            if failed:
                fast_found = [(line, row) for line, row in fast_found if not dropped(line)]
            if not fast_found:
                merged.append(decl)
                continue
            if decl.rows:
                every = sorted([*decl.rows, *(row for _, row in fast_found)], key=lambda row: row.span.line)
            else:  # every row a fast one, in the order of their lines (FastRows.split): nothing to sort
                every = [row for _, row in fast_found]
            last = every[-1].span
            decl = n.TableDecl(decl.title, decl.scale, decl.options, decl.columns, tuple(every),
                               Span(path, decl.span.line, decl.span.column, last.end_line, last.end_column))
        merged.append(decl)
    if not all(dropped(line) for line in rows):
        # Rows whose table the grammar did not see (nor reported): let it parse everything.
        return _parse(text, path, False)
    if row_comments:
        comments = sorted([*comments, *row_comments], key=lambda c: (c.span.line, c.span.column))
    return n.SyntaxTree(path, tuple(merged), tuple(comments), unread), list(diagnostics)


class _Unparsed(Exception):
    """The text is not in the grammar; with `diagnose`, `error` is Lark's exception saying where."""

    def __init__(self, error=None) -> None:
        super().__init__(error)
        self.error = error


def _run(text: str, path: str, offset: int, diagnose: bool = False):
    """Declarations, comments and diagnostics of a text the grammar takes whole, else _Unparsed.

    The tables parse first; where they reject the text, Lark parses it when
    `diagnose` asks for its error, so a rejection is always Lark's verdict.
    """
    _build.path, _build.offset, _build.diagnostics, _build.comments = path, offset, [], []
    if lalr.enabled():
        try:
            return tables().parse(text), _build.comments, _build.diagnostics
        except lalr.Reject:
            if not diagnose:
                raise _Unparsed() from None
    from lark import UnexpectedInput

    _build.path, _build.offset, _build.diagnostics, _build.comments = path, offset, [], []
    try:
        declarations = parser().parse(text)
    except UnexpectedInput as exc:
        raise _Unparsed(exc) from None
    return declarations, _build.comments, _build.diagnostics
