"""The two sides of a diff: a book file, a directory of books, or `REV:PATH` read from git.

A side at a git revision is materialized into a temporary directory: the
file (or the directory's books) and every file they include, all read at
that same revision, under their paths in the repository. Paths shown to the
reader are mapped back to `REV:path`.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from ledgerlang.model.record import frozen
from ledgerlang.syntax.nodes import Include
from ledgerlang.syntax.parse import parse


class SideError(Exception):
    """A side that names nothing readable: bad usage, exit status 2."""


@frozen
class Side:
    label: str  # as the user wrote it
    paths: tuple[str, ...]  # the book files to load
    root: str | None = None  # a temporary directory standing for `prefix`
    prefix: str = ""
    top: str | None = None  # the repository's top directory, which `root` mirrors

    def show(self, path: str) -> str:
        """A path as the reader knows it: `REV:books/x.iij` for a file read from git."""
        if self.root and path.startswith(self.root + os.sep):
            return self.prefix + path[len(self.root) + 1:].replace(os.sep, "/")
        return path

    def show_in(self, text: str) -> str:
        """A message with every path of the temporary directory shown as `REV:path`."""
        if not self.root:
            return text
        return text.replace(self.root + os.sep, self.prefix).replace(self.root, self.prefix + ".")


def open_side(argument: str, scratch: str) -> Side:
    """The side an argument names; a git revision is materialized under `scratch`."""
    path = Path(argument)
    if path.is_dir():
        found = tuple(sorted(str(p) for p in path.glob("*.iij")))
        if not found:
            raise SideError(f"{argument}: no .iij books in this directory")
        return Side(argument, found)
    if os.path.lexists(argument):
        # a FIFO, a device or a symlink loop too: reading it says what it is (`not-a-file`,
        # `unreadable`), where "no such file" sent the user to look for a file that is there
        return Side(argument, (argument,))
    if ":" in argument:
        rev, _, inner = argument.partition(":")
        return _from_git(argument, rev or "HEAD", inner, scratch)
    raise SideError(f"{argument}: no such file or directory (a git revision is written REV:PATH)")


def _git(*args: str, cwd: str | None = None) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, timeout=60)
    except (OSError, subprocess.SubprocessError) as exc:
        raise SideError(f"git cannot be run: {exc}") from None


def _from_git(argument: str, rev: str, inner: str, scratch: str) -> Side:
    top = _git("rev-parse", "--show-toplevel")
    if top.returncode != 0:
        raise SideError(f"{argument}: not inside a git repository")
    top_dir = top.stdout.decode().strip()
    if _git("rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}", cwd=top_dir).returncode != 0:
        raise SideError(f"{argument}: {rev!r} is not a git revision")
    # As in git itself, REV:PATH is relative to the top of the repository, REV:./PATH to the current directory.
    if inner.startswith(("./", "../")) or inner in (".", ".."):
        here = _git("rev-parse", "--show-prefix").stdout.decode().strip()
        inner = os.path.normpath(os.path.join(here, inner))
    relative = os.path.normpath(inner or ".").replace(os.sep, "/")
    if relative.startswith("../"):
        raise SideError(f"{argument}: {inner} is outside the repository")
    kind = _git("cat-file", "-t", f"{rev}:{'' if relative == '.' else relative}", cwd=top_dir)
    if kind.returncode != 0:
        raise SideError(f"{argument}: {relative} does not exist at {rev}")
    root = os.path.join(scratch, f"side{len(os.listdir(scratch))}")
    os.makedirs(root)
    reader = _Materializer(rev, top_dir, root)
    if kind.stdout.decode().strip() == "tree":
        # -z: the names as they are, NUL-ended; without it git quotes a name that is not ASCII
        # ("b/\345\243\262.iij"), which then ends in `.iij"` and was not taken for a book.
        listed = _git("ls-tree", "-z", "--name-only", rev, "--", "" if relative == "." else relative + "/",
                      cwd=top_dir)
        names = listed.stdout.decode("utf-8", "surrogateescape").split("\0")
        books = sorted(name for name in names if name.endswith(".iij"))
        if not books:
            raise SideError(f"{argument}: no .iij books in this directory at {rev}")
    else:
        books = [relative]
    paths = tuple(reader.fetch(book) for book in books)
    return Side(argument, paths, root, f"{rev}:", top_dir)


class _Materializer:
    """Writes files of one revision into a directory, following includes at that revision."""

    def __init__(self, rev: str, top: str, root: str) -> None:
        self.rev, self.top, self.root = rev, top, root
        self.done: set[str] = set()

    def fetch(self, relative: str) -> str:
        target = os.path.join(self.root, *relative.split("/"))
        if relative in self.done:
            return target
        self.done.add(relative)
        kind = _git("cat-file", "-t", f"{self.rev}:{relative}", cwd=self.top)
        if kind.returncode != 0:
            return target  # missing at this revision: loading reports it as a missing include
        if kind.stdout.strip() != b"blob":
            # A directory (`include "."`, `include "sub"`) or a submodule: `git show` would
            # print its listing as if it were a book. It stands as a directory, so loading
            # reports it as one that cannot be read, as it would in a working tree.
            os.makedirs(target, exist_ok=True)
            return target
        shown = _git("show", f"{self.rev}:{relative}", cwd=self.top)
        if shown.returncode != 0 or os.path.isdir(target):
            return target  # unreadable at this revision, or a directory by now: loading reports it
        os.makedirs(os.path.dirname(target), exist_ok=True)
        Path(target).write_bytes(shown.stdout)
        try:
            tree, _ = parse(shown.stdout.decode("utf-8"), target)
        except UnicodeDecodeError:
            return target
        for decl in tree.declarations:
            if isinstance(decl, Include):
                included = os.path.normpath(os.path.join(os.path.dirname(relative), decl.path)).replace(os.sep, "/")
                if not included.startswith("../") and not os.path.isabs(decl.path):
                    self.fetch(included)
        return target
