"""`ledger diff OLD NEW`: the figures, computed figures and check results that differ.

Each side is a book file, a directory of books, or `REV:PATH` read from git
(with its includes read at the same revision). Exit status: 0 when nothing
differs, 1 when something does, 2 for bad usage or an unreadable side.
"""

from __future__ import annotations

import os
import sys
import tempfile

from ledgerlang import progress
from ledgerlang.cli.check_cmd import NOT_READ
from ledgerlang.cli.fmt_cmd import CONFLICT_MARKER
from ledgerlang.cli.main import UsageError, access, directory_books, no_standard_input, with_hint
from ledgerlang.diff import render
from ledgerlang.diff.compare import Ledger, compare
from ledgerlang.diff.sides import SideError, open_side
from ledgerlang.load import Access
from ledgerlang.load import run as run_pipeline
from ledgerlang.visible import visible


def add_parser(commands):
    sub = commands.add_parser(
        "diff", help="figures that differ between two books, directories or git revisions",
        description="Compare two versions of a ledger: reported figures added, removed and changed (item, "
        "period, source, old and new value), then every computed figure they moved (derived values, rule "
        "totals, printed ratios recomputed), then check results that appeared, disappeared or changed. "
        "OLD and NEW are each a book file, a directory of books, or REV:PATH read from git, for example "
        "HEAD:books/iij. Exit status: 0 no differences, 1 differences, 2 bad usage, 3 a bug in ledgerlang.")
    sub.add_argument("old", metavar="OLD", help="book, directory, or REV:PATH")
    sub.add_argument("new", metavar="NEW", help="book, directory, or REV:PATH")
    sub.add_argument("--format", choices=("text", "json"), default="text")
    return sub


def _ledger(side, args) -> Ledger:
    progress.showing(side.show)  # a file read from git is named REV:path on the progress line too
    book, evaluation, diagnostics = run_pipeline(list(side.paths), _reading(side, args))
    # A side that cannot be read whole (an include outside the root too) has no figures to compare:
    # on both sides alike it would make a changed figure no difference at all.
    refused = [d for d in diagnostics if d.code in NOT_READ or d.code == "include-outside-root"]
    if refused:
        message = side.show_in(with_hint(refused[0]))
        named = message.startswith(side.label + " ")  # the side is the file: named once, not twice
        raise UsageError(("" if named else f"{side.label}: ") + message)
    syntax = [d for d in diagnostics if d.code == "syntax" and d.span is not None]
    # A book in a merge conflict holds both versions of the lines between its markers, and the
    # parser drops the rest of the table at the first marker: the diff listed those figures as
    # removed (73 of them in the IIJ release), as if the change had deleted them.
    conflicted = next((d for d in syntax if _conflict_marker(d.span.path, d.span.line)), None)
    if conflicted is not None:
        raise UsageError(f"{side.label}: {side.show(conflicted.span.path)}:{conflicted.span.line} is a merge "
                         "conflict marker: resolve the conflict (git mergetool, or edit the book), then diff")
    # What the diff cannot show is said first: figures on a line that does not parse are not read,
    # so they are listed as removed (or not listed as added).
    for d in syntax:
        print(f"ledger diff: {side.label}: {side.show(d.span.path)}:{d.span.line}:{d.span.column}: syntax error: "
              f"{d.message}; the figures it keeps from being read are listed as removed", file=sys.stderr)
    return Ledger(book, evaluation, tuple(diagnostics), side.show)


def _conflict_marker(path: str, line: int) -> bool:
    """Line `line` (from 1) of the file at `path` is a merge conflict marker."""
    try:
        with open(path, encoding="utf-8", errors="replace", newline=None) as handle:
            for number, text in enumerate(handle, 1):
                if number == line:
                    return CONFLICT_MARKER.match(text.rstrip("\n")) is not None
    except OSError:
        return False
    return False


def _reading(side, args) -> Access:
    """What a side may read: a side read from git gets the root a working tree would give it,
    in the temporary copy of its revision (the directory that holds its books, or --root DIR)."""
    if not side.root:
        return access(args, [side.label])
    reading = access(args, list(side.paths))
    if reading.root is None or args.root is None:
        return reading
    inner = os.path.relpath(os.path.realpath(args.root), os.path.realpath(side.top))
    if inner == ".." or inner.startswith(".." + os.sep):  # a root above the repository holds all of it
        return Access(os.path.realpath(side.root), reading.max_bytes)
    return Access(os.path.realpath(os.path.join(side.root, inner)), reading.max_bytes)


def run(args) -> int:
    no_standard_input((args.old, args.new))
    for side in (args.old, args.new):
        if os.path.isdir(side):
            directory_books(side)  # a directory of no books says what to name, as for every command
    with tempfile.TemporaryDirectory(prefix="ledger-diff-") as scratch:
        try:
            old_side, new_side = open_side(args.old, scratch), open_side(args.new, scratch)
        except SideError as exc:
            raise UsageError(str(exc)) from None
        changes = compare(_ledger(old_side, args), _ledger(new_side, args))
    if args.format == "json":
        sys.stdout.write(render.as_json(changes, args.old, args.new))
    else:
        sys.stdout.write(visible(render.text(changes, args.old, args.new)))
    return 1 if changes else 0
