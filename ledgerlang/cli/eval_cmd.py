"""`ledger eval PATH...`: the statements and ratios the books declare, then the check summary."""

from __future__ import annotations

import sys

from ledgerlang.cli.check_cmd import exit_status
from ledgerlang.cli.main import UsageError, book_paths
from ledgerlang.load import run as run_pipeline
from ledgerlang.render import diagnostics as render_diagnostics
from ledgerlang.model.period import PERIOD_FORMS
from ledgerlang.render import reported
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


# Claims and guidance are reported figures too: listed when the books declare no statement,
# or when asked for by these names (unless a book declares a statement so named).
LISTINGS = {"claims": reported.claims, "guidance": reported.guidance}


def run(args) -> int:
    book, evaluation, found = run_pipeline(book_paths(args.paths))
    declared = list(book.statements)
    statements = declared or [render.facts_statement(evaluation)]
    if not declared and not statements[0].lines:
        statements = []  # only claims or guidance: no empty grid before them
    listed = [name for name in LISTINGS if name not in {s.id for s in declared}]
    if args.statement:
        own = {s.id for s in statements} | ({"facts"} if not declared else set())
        for name in args.statement:
            if name not in own and name not in listed:
                also = f"; {' and '.join(listed)} list the figures stated in text" if listed else ""
                raise UsageError(f"no statement {name!r}; the books declare: {', '.join(sorted(own)) or 'none'}{also}")
        statements = [s for s in statements if s.id in args.statement]
        listed = [name for name in listed if name in args.statement]
    elif declared:
        listed = []
    periods = None
    if args.period:
        periods, bad = render.parse_periods(args.period)
        if bad is not None:
            raise UsageError(f"{bad!r} is not a period label ({PERIOD_FORMS})")
    grids = [render.grid(s, evaluation, periods, printed_places=not declared) for s in statements]
    listings = [LISTINGS[name](evaluation, periods) for name in listed]
    summary = render_diagnostics.summary(found)
    if args.format == "json":
        counts = {"errors": sum(d.counts_as_error for d in found), "summary": summary}
        sys.stdout.write(render.as_json(grids, counts, listings))
    elif args.format == "csv":
        sys.stdout.write(render.as_csv(grids, listings))
    else:
        markdown = args.format == "markdown"
        sys.stdout.write(render.as_text(grids, markdown=markdown) + reported.as_text(listings, markdown=markdown))
        print(summary + ("; run `ledger check` for details" if any(d.severity > 0 for d in found) else ""))
    return exit_status(found)
