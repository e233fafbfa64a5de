"""`ledger check PATH...`: diagnostics only; exit status 1 on any unacknowledged error."""

from __future__ import annotations

import sys

from ledgerlang.cli.main import access, book_paths
from ledgerlang.load import UNREADABLE
from ledgerlang.load import run as run_pipeline
from ledgerlang.render import diagnostics as render


def add_parser(commands):
    sub = commands.add_parser(
        "check", help="report every rule violation; exit 1 on errors",
        description="Report every violation, rounding-aware: totals, the same fact at several scales, printed "
        "% changes and shares, translations, assertions and claims; guidance against actuals as notes. "
        "Exit status: 0 no errors, 1 errors, 2 bad usage or unreadable input.")
    sub.add_argument("paths", nargs="+", metavar="PATH", help="book files, or directories of .iij books")
    sub.add_argument("--format", choices=("text", "json"), default="text")
    return sub


def run(args) -> int:
    _, _, found = run_pipeline(book_paths(args.paths), access(args, args.paths))
    if args.format == "json":
        sys.stdout.write(render.as_json(found))
    else:
        sys.stdout.write(render.text(found))
        print(render.summary(found))
    return exit_status(found)


def exit_status(found) -> int:
    """2 when a book could not be read at all, 1 when it has errors, else 0."""
    if any(d.code in UNREADABLE for d in found):
        return 2
    return 1 if any(d.counts_as_error for d in found) else 0
