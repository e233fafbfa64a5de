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
from ledgerlang.cli.main import UsageError, access
from ledgerlang.diff import render
from ledgerlang.diff.compare import Ledger, compare
from ledgerlang.diff.sides import SideError, open_side
from ledgerlang.load import UNREADABLE, Access
from ledgerlang.load import run as run_pipeline
from ledgerlang.visible import visible


def add_parser(commands):
    sub = commands.add_parser(
        "diff", help="figures that differ between two books, directories or git revisions",
        description="Compare two versions of a ledger: reported figures added, removed and changed (item, "
        "period, source, old and new value), then every computed figure they moved (derived values, rule "
        "totals, printed ratios recomputed), then check results that appeared, disappeared or changed. "
        "OLD and NEW are each a book file, a directory of books, or REV:PATH read from git, for example "
        "HEAD:books/iij. Exit status: 0 no differences, 1 differences, 2 bad usage.")
    sub.add_argument("old", metavar="OLD", help="book, directory, or REV:PATH")
    sub.add_argument("new", metavar="NEW", help="book, directory, or REV:PATH")
    sub.add_argument("--format", choices=("text", "json"), default="text")
    return sub


def _ledger(side, args) -> Ledger:
    # A side read from git is materialized under its own temporary root: that is its ledger's root.
    reading = access(args, [side.root] if side.root else [side.label])
    if side.root and reading.root is not None:
        reading = Access(os.path.realpath(side.root), reading.max_bytes)
    progress.showing(side.show)  # a file read from git is named REV:path on the progress line too
    book, evaluation, diagnostics = run_pipeline(list(side.paths), reading)
    if any(d.code in UNREADABLE for d in diagnostics):
        bad = next(d for d in diagnostics if d.code in UNREADABLE)
        raise UsageError(f"{side.label}: {side.show_in(bad.message)}")
    return Ledger(book, evaluation, tuple(diagnostics), side.show)


def run(args) -> int:
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
