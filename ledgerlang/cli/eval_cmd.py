"""`ledger eval PATH...`: the statements and ratios the books declare, then the check summary."""

from __future__ import annotations

import sys

from ledgerlang.cli.check_cmd import NOT_READ, exit_status
from ledgerlang.cli.main import PATHS, UsageError, access, book_paths
from ledgerlang.load import run_counted as run_pipeline
from ledgerlang.render import diagnostics as render_diagnostics
from ledgerlang.model.period import PERIOD_FORMS
from ledgerlang.render import reported
from ledgerlang.render import statements as render
from ledgerlang.visible import visible


# As data, ((names...), argparse's add_argument keywords): argparse is given them (cli/arguments.py
# `parser`), and a plain command line is read by them without it (cli/main.py `quick`).
ARGUMENTS = (
    PATHS,
    (("--format",), {"choices": ("text", "markdown", "csv", "json", "xlsx"), "default": "text"}),
    (("-o", "--output"), {"metavar": "FILE", "help": "with --format xlsx: the workbook to write"}),
    (("--statement",), {"action": "append", "metavar": "NAME", "help": "only this statement (repeatable)"}),
    (("--period",), {"action": "append", "metavar": "LABEL",
                     "help": "only columns of this period, such as 1Q03 (repeatable)"}),
)


def add_parser(commands):
    """The command's subparser; its ARGUMENTS are added to it by cli/arguments.py `parser`."""
    return commands.add_parser(
        "eval", help="print the statements and ratios the books declare, then a check summary",
        description="Print the statements and ratio tables the books declare, computed from their facts, "
        "then a one-line check summary. Exit status as for `ledger check`.")


# Claims and guidance are reported figures too: listed when the books declare no statement,
# or when asked for by these names (unless a book declares a statement so named).
LISTINGS = {"claims": reported.claims, "guidance": reported.guidance}


def run(args) -> int:
    paths = book_paths(args.paths)
    book, evaluation, found, figures = run_pipeline(paths, access(args, args.paths))
    unreadable = [d for d in found if d.code in NOT_READ]
    if unreadable and args.format != "xlsx":  # (xlsx says so itself, and writes nothing)
        # Why the exit status will be 2, where the statements shown leave out what could not be read
        sys.stderr.write(visible(render_diagnostics.text(unreadable)))
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
        _shown_somewhere(periods, statements, listed)
        columns = {c.period for s in statements for c in s.columns}
        # a statement with no column at the periods asked for would be its labels alone
        statements = [s for s in statements if any(c.period in periods for c in s.columns)]
    listings = [LISTINGS[name](evaluation, periods) for name in listed]
    if periods is not None and not statements and not any(listing.entries for listing in listings):
        # claims and guidance listed (a book with no statement), none of them at the period: the
        # summary line alone would say nothing of why
        from ledgerlang.model.period import label, sort_key

        # the periods there are, as for a statement's columns: a period mistyped (3Q08 for 3Q07) is seen
        have = ", ".join(label(p) for p in sorted(columns, key=sort_key))
        raise UsageError(f"nothing to show at {', '.join(label(p) for p in sorted(periods, key=sort_key))}: "
                         f"no statement has a column there, and none of the {' or '.join(listed)} listed speaks of it"
                         + (f"; the columns are at: {have}" if have else ""))
    if args.format == "xlsx":
        return _xlsx(args, evaluation, found, figures, statements, listings, periods, paths)
    if args.output:
        raise UsageError("-o FILE is for --format xlsx; the other formats print to standard output")
    grids = [render.grid(s, evaluation, periods, printed_places=not declared) for s in statements]
    summary = render_diagnostics.summary(found, figures)
    if args.format == "json":
        counts = {"errors": sum(d.counts_as_error for d in found), "summary": summary,
                  "figures_checked": figures.checked, "figures_not_checkable": figures.not_checkable}
        sys.stdout.write(render.as_json(grids, counts, listings))
    elif args.format == "csv":
        sys.stdout.write(render.as_csv(grids, listings))
    else:
        markdown = args.format == "markdown"
        # labels and titles are the book's: shown, not sent to the terminal (ledgerlang/visible.py)
        shown = (render.as_text(grids, markdown=markdown, width=render.terminal_width(sys.stdout))
                 + reported.as_text(listings, markdown=markdown))
        if not grids and not any(listing.entries for listing in listings):
            # the summary line alone would leave the author to guess why nothing is shown
            shown = _nothing_to_show(book, [] if args.statement is None else listed)
        sys.stdout.write(visible(shown))
        print(_fitted(summary + ("; run `ledger check` for details" if any(d.severity > 0 for d in found) else "")))
    return exit_status(found)


def _fitted(line: str) -> str:
    """The summary line broken between words on a terminal narrower than it, as the statements
    above it are drawn to fit (render.as_text): the terminal cut a 125-column summary mid-word.
    Piped or redirected, it stays one line for a script that reads the last one."""
    width = render.terminal_width(sys.stdout)
    if width is None or len(line) <= width:
        return line
    import textwrap

    return "\n".join(textwrap.wrap(line, max(width, 20), break_long_words=False, break_on_hyphens=False))


def _nothing_to_show(book, asked: list[str]) -> str:
    """Why `eval` shows no table: the listings asked for are empty, or the books print nothing
    (a book of definitions, given without the release that includes it)."""
    if asked:
        return f"nothing to show: the books state no {' and no '.join(asked)}\n\n"
    count = len(book.items)
    also = (f"; the books declare {count} item{'s' if count != 1 else ''} (definitions: `ledger eval` a release "
            "that includes them)" if count else "")
    return f"nothing to show: no table, claim or guidance prints a figure{also}\n\n"


def _shown_somewhere(periods, statements, listed) -> None:
    """A --period that no statement has a column at is a usage error, not a table of labels alone
    (where claims or guidance are listed too, their own periods may be the ones asked for)."""
    from ledgerlang.model.period import label, sort_key

    if listed or not statements:
        return
    columns = {c.period for s in statements for c in s.columns}
    missing = sorted(periods - columns, key=sort_key)
    if missing:
        have = ", ".join(label(p) for p in sorted(columns, key=sort_key)) or "none"
        raise UsageError(f"no statement has a column at {', '.join(label(p) for p in missing)}; "
                         f"their columns are at: {have}")


def _xlsx(args, evaluation, found, figures, statements, listings, periods, paths) -> int:
    """The statements as a workbook whose derived figures are formulas (render/xlsx.py). Nothing is
    written where a book could not be read (exit 2), or where -o names what must not be replaced."""
    if not args.output:
        raise UsageError("--format xlsx writes a workbook: name it with -o FILE")
    try:
        from ledgerlang.render import xlsx  # openpyxl: loaded for this format only
    except ImportError as exc:
        raise UsageError(f"--format xlsx needs openpyxl: pip install -e '.[report]' ({exc})") from None
    from ledgerlang.cli import output

    status = exit_status(found)
    if status == 2:
        sys.stderr.write(visible(render_diagnostics.text([d for d in found if d.code in NOT_READ])))
        print(visible(f"ledger: {args.output}: not written: a book could not be read (above)"), file=sys.stderr)
        return status
    reads = [*paths, *evaluation.book.paths, *(d.span.path for d in found if d.span)]
    target = output.target(args.output, list(dict.fromkeys(reads)), "the workbook")
    if periods is not None:
        from ledgerlang.model.record import evolve

        statements = [evolve(s, columns=tuple(c for c in s.columns if c.period in periods)) for s in statements]
    from ledgerlang import progress

    # the workbook of a large ledger takes longer than its check: the line said "the joint pass" meanwhile
    progress.stage("writing the workbook")
    try:
        xlsx.write(target, evaluation, found, statements, listings)
    except OSError as exc:
        raise UsageError(f"{args.output}: cannot write the workbook: {exc.strerror or exc}") from None
    except xlsx.TooLarge as exc:
        raise UsageError(f"{args.output}: not written: {exc}; --statement or --period chooses less, "
                         "and --format csv or json has no such limit") from None
    progress.clear()
    summary = render_diagnostics.summary(found, figures)
    more = "; run `ledger check` for details" if any(d.severity > 0 for d in found) else ""
    print(visible(f"wrote {args.output}; {summary}{more}"), file=sys.stderr)
    return status
