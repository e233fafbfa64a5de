"""The pipeline up to the model: read files, follow includes, parse, build.

    text --parse--> syntax tree --build--> Book

Books given together (and the files they include) form one ledger: one Book.
"""

from __future__ import annotations

import gc
import os
import stat

from ledgerlang import progress
from ledgerlang.diagnostic import Diagnostic, Severity, error, warning
from ledgerlang.model.book import Book
from ledgerlang.model.record import frozen
from ledgerlang.model.span import Span
from ledgerlang.syntax.build import build_book
from ledgerlang.syntax.nodes import Include, SyntaxTree
from ledgerlang.syntax.parse import parse


# A book is text a person wrote: far below this. A larger file is refused with a
# diagnostic (`--max-file-size` raises it); a generated 1M-fact book is about 21 MB.
DEFAULT_MAX_BYTES = 64 * 1024 * 1024
BOOK_SUFFIX = ".iij"
# A book that cannot be read at all: exit status 2 (bad input), not 1 (errors found).
UNREADABLE = frozenset({"unreadable", "not-a-file", "file-too-large"})


@frozen(slots=True)
class Access:
    """What a ledger may read: regular files under `root` (None: anywhere), of at most `max_bytes`.

    The root is the directory that holds the books given on the command line
    (their common directory) unless the user names one. An include that
    leaves it, by an absolute path, by `..` or through a symlink, is refused
    with a diagnostic, as is anything that is not a regular file (a device, a
    FIFO, a socket, a directory): a book from someone else must not make
    `ledger` read the user's secrets, block on a pipe or read `/dev/zero`.
    """

    root: str | None
    max_bytes: int = DEFAULT_MAX_BYTES


def common_root(arguments: list[str]) -> str:
    """The directory that holds every argument: a directory argument itself, a file's own directory."""
    dirs = [os.path.abspath(a) if os.path.isdir(a) else os.path.dirname(os.path.abspath(a)) for a in arguments]
    return os.path.realpath(os.path.commonpath(dirs)) if dirs else os.path.realpath(os.curdir)


def default_access(paths: list[str]) -> Access:
    return Access(common_root(paths))


def is_book_name(path: str) -> bool:
    return path.endswith(BOOK_SUFFIX)


def _near_file(real: str) -> str | None:
    """`did you mean defs.iij?` for a missing `def.iij` whose directory (under the root, as `real` is)
    holds a book of a close name."""
    import difflib

    folder, name = os.path.split(real)
    try:
        books = sorted(n for n in os.listdir(folder) if n.endswith(".iij") and n != name)
    except OSError:
        return None
    close = difflib.get_close_matches(name, books, n=1, cutoff=0.75)
    return (f"hint: did you mean {close[0]}? (an include path is relative to the file that includes it)"
            if close else None)


def read_source(path: str, access: Access, span: Span | None = None, include: bool = False,
                raw: bool = False) -> tuple[str | None, Diagnostic | None]:
    """A book's text, or None and the diagnostic that says why it may not or cannot be read.

    Reads only a regular file, under the root, of at most `access.max_bytes`,
    without blocking (a FIFO is refused, not waited on). Line ends become
    "\\n" as in Python's text mode, and a UTF-8 byte order mark is dropped, unless
    `raw` (the formatter keeps both, to write the file back as it was).
    """
    named = {} if span is not None else {"file": path}  # a book named, not included: its name is its place
    if "\0" in path:
        return None, error("unreadable", f"{path!r} is no file name: it holds a NUL character", span,
                           "hint: a book is named by its path, in plain text", **named)
    real = os.path.realpath(path)
    if access.root is not None and not under(real, access.root):
        how = " (through a symlink)" if real != os.path.abspath(path) else ""
        code = "include-outside-root" if include else "outside-root"
        return None, error(code, f"{path}{how} is outside the ledger's root {access.root}; it is not read", span,
                           "hint: keep every book of a ledger under one directory, or name a wider one with "
                           "--root DIR (or allow any path with --allow-outside-root)", **named)
    try:
        fd = open_regular(path)
    except NotAFile as exc:
        return None, error("not-a-file", f"{path} is {exc.kind}, not a book file; it is not read",
                           span, "hint: a book is a regular .iij text file", **named)
    except FileNotFoundError:
        if "\\" in path and os.path.exists(path.replace("\\", "/")):
            hint = f"hint: paths are written with / on every system: {path.replace(chr(92), '/')} exists"
        else:
            hint = _near_file(real) or "hint: an include path is relative to the file that includes it"
        return None, error("missing-file", f"{path} does not exist", span, hint, **named)
    except OSError as exc:
        return None, error("unreadable", f"{path} cannot be read: {_reason(exc)}", span, _unreadable_hint(exc), **named)
    try:
        info = os.fstat(fd)
        if info.st_size > access.max_bytes:
            return None, _too_large(path, info.st_size, access, span, named)
        chunks, size = [], 0
        while size <= access.max_bytes:  # the size may grow while we read: never past the limit
            chunk = os.read(fd, min(1 << 20, access.max_bytes + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > access.max_bytes:
            return None, _too_large(path, size, access, span, named)
    except OSError as exc:
        return None, error("unreadable", f"{path} cannot be read: {_reason(exc)}", span, _unreadable_hint(exc), **named)
    finally:
        os.close(fd)
    data = b"".join(chunks)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        if span is None:  # a file named on the command line: the place is the bad byte's own
            start = data.rfind(b"\n", 0, exc.start) + 1
            column = len(data[start:exc.start].decode("utf-8", "replace")) + 1
            span = Span(path, line, column, line, column + 1)
        return None, error("unreadable", f"{path} cannot be read: it is not UTF-8 text (a bad byte on line {line})",
                           span, "hint: a book is a UTF-8 text file; save it as UTF-8")
    return (text if raw else line_ends(text.removeprefix("\ufeff"))), None


class NotAFile(OSError):
    """A path that names no regular file: a directory, a device, a FIFO or a socket (`kind` says which)."""

    def __init__(self, path: str, kind: str) -> None:
        super().__init__(f"{path} is {kind}")
        self.kind = kind


def open_regular(path: str) -> int:
    """A descriptor of the regular file at `path`, or OSError (NotAFile for anything else).

    It is opened without blocking, so that a FIFO is refused instead of waited on for a writer
    that never comes, and a device (`/dev/zero`, a terminal) is never read. Every command that
    reads a file a user names reads it through this: a book, and `draft`'s release."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        mode = os.fstat(fd).st_mode
    except OSError:
        os.close(fd)
        raise
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise NotAFile(path, _kind(mode))
    return fd


def line_ends(text: str) -> str:
    """`text` with each line end a "\n", as every command reads a book: "\r\n", and a CR alone
    (Python's text mode; the editor's protocol)."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def _too_large(path: str, size: int, access: Access, span: Span | None, named: dict) -> Diagnostic:
    return error("file-too-large", f"{path} is larger than {_mib(access.max_bytes)} ({_mib(size)} or more); "
                 "it is not read", span,
                 "hint: a book is text a person wrote; if this one is meant to be read, raise the limit "
                 "with --max-file-size MB", **named)


def _mib(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB" if size >= 1024 * 1024 else f"{size} bytes"


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def under(real: str, root: str) -> bool:
    """Whether a resolved path lies in (or is) a resolved root."""
    return real == root or real.startswith(root.rstrip(os.sep) + os.sep)


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def _unreadable_hint(exc: OSError) -> str:
    """What to do about a file the system would not open or read, by why."""
    import errno

    if exc.errno in (errno.EACCES, errno.EPERM):
        return "hint: its permissions do not let this user read it: make it readable (chmod a+r), or check it as its owner"
    if exc.errno == errno.ENAMETOOLONG:
        return "hint: a file name this long is none the system can open: shorten the name (at most 255 bytes)"
    if exc.errno == errno.ELOOP:
        return "hint: a symlink on its path leads back to itself: name the file by its real path"
    if exc.errno == errno.ENOTDIR:
        return "hint: a part of its path is a file, not a directory: check the path"
    return "hint: check that the path names a book file this user can read"


def load(text: str, path: str = "<book>", access: Access | None = None) -> tuple[Book, list[Diagnostic]]:
    """One book from its text; its includes are read relative to `path`, under its directory by default."""
    trees, diagnostics = Reader(access or default_access([path])).read_text(text, path)
    book, more = build_book(trees)
    return book, diagnostics + explain_unknown(diagnostics, trees, more)


def load_paths(paths: list[str], access: Access | None = None) -> tuple[Book, list[Diagnostic]]:
    """One ledger from book files (and what they include), each file read once."""
    reader = Reader(access or default_access(paths))
    reader.named_empty = True
    for path in paths:
        reader.read_file(path, None, ())
    progress.stage(f"building the book from {progress.count(len(reader.trees), 'file')}")
    book, more = build_book(reader.trees)
    return book, reader.diagnostics + explain_unknown(reader.diagnostics, reader.trees, more)


# What an include that could not be read leaves undeclared: a name unknown for that reason
_NOT_INCLUDED = frozenset({"missing-file", "include-outside-root", "unreadable", "not-a-file", "file-too-large"})


def explain_unknown(read: list[Diagnostic], trees, built: list[Diagnostic]) -> list[Diagnostic]:
    """The build's diagnostics, where an unknown name may be unknown for a reason the author should
    hear instead of "declare it first" or "did you mean": an include that could not be read (it may
    be declared there: "declare it first" sent authors to declare again what a mistyped include
    path had left out), or a declaration of that very name that failed to parse ("did you mean
    rev.b?" for the rev.a whose `item` line has a typo)."""
    failed = [d for d in read if d.code in _NOT_INCLUDED and d.span is not None]
    unread = {}  # name -> (keyword, name, span) of its first declaration that failed
    for tree in trees:
        for u in getattr(tree, "unread", ()):
            unread.setdefault(u[1], u)
    if not failed and not unread:
        return built
    if failed:
        # no entity, where an include that was not read may declare it: the include's error says so
        from ledgerlang.syntax.build import NO_ENTITY

        built = [d for d in built if not (d.code == "calendar-assumed" and d.message.startswith(NO_ENTITY))]
    from ledgerlang.model import record
    from ledgerlang.syntax.build import names_in

    note = ""
    if failed:
        first = failed[0]
        note = (f"note: {progress.count(len(failed), 'include')} could not be read (the first at {first.span}); "
                "what it declares is not known here")
    out = []
    for d in built:
        if d.code.startswith("unknown-"):
            # the names the message gives, each looked up: linear in the diagnostics, however many failed
            own = next((unread[w] for w in names_in(d.message) if w in unread), None) if unread else None
            if own is not None:
                keyword, name, span = own
                d = record.evolve(d, notes=tuple(n for n in d.notes if not n.startswith("hint:")) + (
                    f"note: the {keyword} declaration of {name} at {span.path}:{span.line} could not be read "
                    "(its syntax error is reported there): fix it, and this goes too",))
            elif note:
                d = record.evolve(d, notes=tuple(n for n in d.notes if not n.startswith("hint: declare it")) + (note,))
        out.append(d)
    return out


def read_trees(paths: list[str], access: Access | None = None) -> tuple[list[SyntaxTree], list[Diagnostic]]:
    """The syntax trees of files and their includes, without building."""
    reader = Reader(access or default_access(paths))
    for path in paths:
        reader.read_file(path, None, ())
    return reader.trees, reader.diagnostics


class Reader:
    """The books of a ledger and what they include, each file once, includes before their includer.

    `source(path, span)` gives a file's text or the diagnostic that says why it cannot be had
    (by default the disk, under `access`); `parser(text, path)` its syntax tree. The language
    server passes its own (the editor's texts, parses kept per file) and reads as this does."""

    def __init__(self, access: Access | None, source=None, parser=None, is_book=None) -> None:
        self.access = access
        self.source = source  # None: the disk (a bound method kept here would make a reference cycle)
        self.parse = parser or parse
        self.is_book = is_book or is_book_name  # whose syntax errors may be shown
        self.trees: list[SyntaxTree] = []
        self.diagnostics: list[Diagnostic] = []
        self.seen: set[str] = set()
        self.shown: dict[str, str] = {}
        # Whether a book named by the user that declares nothing is said to (load_paths: the command
        # line's books); the language server's open documents start empty as a matter of course.
        self.named_empty = False

    def read_text(self, text: str, path: str):
        self.seen.add(_key(path))
        self.shown.setdefault(_key(path), path)
        self._tree(text, path, ())
        return self.trees, self.diagnostics

    def read_file(self, path: str, span: Span | None, chain: tuple[str, ...]) -> None:
        if "\0" in path:  # no file has such a name, and the OS refuses to look it up
            self.diagnostics.append(error("unreadable", f"{path!r} is no file name: it holds a NUL character", span,
                                          "hint: an include names a .iij file by its path, in plain text"))
            return
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
        progress.stage(f"reading {progress.shown(path)}")
        text, problem = self._disk(path, span) if self.source is None else self.source(path, span)
        if problem is not None:
            self.diagnostics.append(problem)
            return
        tree, problems = self._tree(text, path, chain + (key,))
        if tree.declarations or problems:
            return
        what = "holds only comments" if tree.comments else "is empty"
        if span is not None:
            # An include that brings nothing (an empty file, or comments alone) includes nothing, and
            # everything it was meant to declare is then "unknown" or missing: say so at the include.
            self.diagnostics.append(warning(
                "empty-include", f"{path} declares nothing: it {what}", span,
                "hint: include the book that declares what this one needs, or remove the include"))
        elif self.named_empty:
            # `0 errors` of a book with nothing in it read as a clean check of the figures it was meant
            # to hold (a file saved empty, the wrong one of two names).
            self.diagnostics.append(warning(
                "empty-book", f"{path} declares nothing: it {what}, so there is nothing to check",
                Span(path, 1, 1, 1, 1),
                "hint: name the book that holds the figures; a new one starts with its entity, units and items "
                "(README, \"A book, by example\")"))

    def _disk(self, path: str, span: Span | None):
        return read_source(path, self.access, span, include=span is not None)

    def _tree(self, text: str, path: str, chain: tuple[str, ...]):
        """The file's syntax tree, read with its includes, and its own syntax errors."""
        tree, diagnostics = self.parse(text, path)
        self.diagnostics.extend(diagnostics if self.is_book(path) else not_a_book(diagnostics, path))
        for decl in tree.declarations:
            if isinstance(decl, Include):
                target = include_target(path, decl.path)
                self.read_file(target, decl.span, chain or (_key(path),))
        self.trees.append(tree)
        return tree, diagnostics


def include_target(path: str, include: str) -> str:
    """Where an include points: relative to the including file."""
    return os.path.normpath(os.path.join(os.path.dirname(path), include))


def not_a_book(diagnostics: list[Diagnostic], path: str) -> list[Diagnostic]:
    """A file that is not named as a book and does not parse is not echoed back: one diagnostic, no text.

    Its syntax errors would quote its tokens, and it may be anything (a key, a password file)."""
    syntax = [d for d in diagnostics if d.code == "syntax" and d.severity is Severity.ERROR]
    if not syntax:
        return diagnostics
    first = syntax[0].span
    return [d for d in diagnostics if d.code != "syntax"] + [error(
        "not-a-book", f"{path} is not a .iij book and does not parse (first at line {first.line if first else 1}); "
        "its text is not shown", first, "hint: include only .iij books")]


def _key(path: str) -> str:
    return os.path.realpath(path)


# Where a one-shot process keeps what it loads to its end (cli/main.py `command`), which
# frees none of it; None elsewhere (a library, the language server), where it is freed as
# soon as it is let go.
kept: list | None = None


def run(paths: list[str], access: Access | None = None):
    """The whole pipeline: load, evaluate, check. Returns (book, evaluation, diagnostics)."""
    return run_counted(paths, access)[:3]


def run_counted(paths: list[str], access: Access | None = None, release: bool = False):
    """As `run`, and how many printed figures were checked: (book, evaluation, diagnostics, counts).
    `release`: the caller reads only the diagnostics and counts (`ledger check`), and the checks
    may let go of the evaluation's values and figures as they go (check_counted): the evaluation
    returned is then not to be read."""
    from ledgerlang.check import check_counted
    from ledgerlang.diagnostic import sort_key
    from ledgerlang.evaluate.compute import evaluate

    with no_cycle_collection():
        book, diagnostics = load_paths(paths, access)
        progress.stage(f"evaluating {progress.figures(book)}")
        evaluation, more = evaluate(book)
        checked, counts = check_counted(book, evaluation, fork=True, release=release)
        # `more` is the evaluation's own list: checks may evaluate (and find cycles) too.
        found = diagnostics + more + checked
    progress.clear()  # the command's output comes next
    if kept is not None:
        kept.append((book, evaluation, found))
    return book, evaluation, sorted(found, key=sort_key), counts


class no_cycle_collection:  # noqa: N801 - used as a function is: `with no_cycle_collection():`
    """The pipeline allocates millions of acyclic, long-lived nodes: the cycle
    collector would walk them over and over (40% of the time at 1M facts) and
    free nothing. Refcounting still frees everything; collection resumes after.
    (A class, not contextlib's decorator: contextlib is 0.4 ms of every command's start-up.)"""

    def __enter__(self) -> None:
        self.enabled = gc.isenabled()
        gc.disable()

    def __exit__(self, *exception) -> None:
        if self.enabled:
            gc.enable()
