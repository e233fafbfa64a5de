"""`ledger eval PATH...`: the statements and ratios the books declare, then the check summary."""

from __future__ import annotations

import sys

from ledgerlang.cli.check_cmd import exit_status
from ledgerlang.cli.main import UsageError, access, book_paths
from ledgerlang.load import run as run_pipeline
from ledgerlang.render import diagnostics as render_diagnostics
from ledgerlang.render import statements as render


def add_parser(commands):
    sub = commands.add_parser(
        "eval", help="print the statements and ratios the books declare, then a check summary",
        description="Print the statements and ratio tables the books declare, computed from their facts, "
        "then a one-line check summary. Exit status as for `ledger check`.")
    sub.add_argument("paths", nargs="+", metavar="PATH", help="book files, or directories of .iij books")
    sub.add_argument("--format", choices=("text", "markdown", "csv", "json"), default="text")
    sub.add_argument("--statement", action="append", metavar="NAME", help="only this statement (repeatable)")
    sub.add_argument("--period", action="append", metavar="LABEL",
                     help="only columns of this period, such as 1Q03 (repeatable)")
    return sub


def run(args) -> int:
    book, evaluation, found = run_pipeline(book_paths(args.paths), access(args, args.paths))
    statements = list(book.statements) or [render.facts_statement(evaluation)]
    if args.statement:
        known = {s.id for s in statements}
        for name in args.statement:
            if name not in known:
                raise UsageError(f"no statement {name!r}; the books declare: {', '.join(sorted(known)) or 'none'}")
        statements = [s for s in statements if s.id in args.statement]
    periods = None
    if args.period:
        periods, bad = render.parse_periods(args.period)
        if bad is not None:
            raise UsageError(f"{bad!r} is not a period label (1Q03, 9M FY2002, FY2003, 2003-06-30)")
    grids = [render.grid(s, evaluation, periods) for s in statements]
    summary = render_diagnostics.summary(found)
    if args.format == "json":
        counts = {"errors": sum(d.counts_as_error for d in found), "summary": summary}
        sys.stdout.write(render.as_json(grids, counts))
    elif args.format == "csv":
        sys.stdout.write(render.as_csv(grids))
    else:
        sys.stdout.write(render.as_text(grids, markdown=args.format == "markdown"))
        print(summary + ("; run `ledger check` for details" if any(d.severity > 0 for d in found) else ""))
    return exit_status(found)
