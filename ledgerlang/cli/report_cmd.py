"""`ledger report PATH... -o DIR`: a static HTML report (index.html and assets) of the books."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from ledgerlang import progress
from ledgerlang.cli.main import PATHS, UsageError, access, book_paths
from ledgerlang.visible import visible

MISSING = ("`ledger report` needs jinja2 and matplotlib: install them with "
           "`pip install -e '.[report]'` (the test extra includes them)")


def add_parser(commands):
    from ledgerlang.cli.arguments import add_arguments  # the module that calls this, with argparse

    sub = commands.add_parser(
        "report", help="write a static HTML report: statements, check results and charts",
        description="Write a self-contained HTML report of the books into DIR: index.html and its assets, "
        "to open from a file, share or print. Exit status as for `ledger check`.")
    add_arguments(sub, (PATHS,))
    sub.add_argument("-o", "--output", required=True, metavar="DIR", help="the directory to write the report into")
    return sub


def run(args) -> int:
    from ledgerlang.cli.check_cmd import NOT_READ, exit_status
    from ledgerlang.load import run_counted as run_pipeline
    from ledgerlang.render import diagnostics as render_diagnostics

    if not args.output:
        raise UsageError("-o '': name the directory to write the report into")
    paths = book_paths(args.paths)
    output = Path(args.output)
    if output.exists() and not output.is_dir():
        raise UsageError(f"{args.output}: exists and is not a directory")
    # matplotlib logs, rather than warns, what a reader cannot act on (a cache directory it made
    # in /tmp because HOME is not writable, a font it did not find): not on the report's stderr.
    logging.getLogger("matplotlib").setLevel(logging.ERROR)
    try:
        from ledgerlang.report import page
        import jinja2  # noqa: F401
        import matplotlib  # noqa: F401
    except ImportError as exc:
        raise UsageError(f"{MISSING} ({exc})") from None
    reading = access(args, args.paths)
    book, evaluation, found, counts = run_pipeline(paths, reading)
    summary = render_diagnostics.summary(found, counts)
    unreadable = [d for d in found if d.code in NOT_READ]
    if unreadable:
        # A report of books that could not be read would look like a report of empty books.
        progress.clear()
        sys.stderr.write(render_diagnostics.text(unreadable))
        print(summary, file=sys.stderr)
        print(visible(f"ledger: {args.output}: no report is written: "
                      f"{'a book' if len(unreadable) == 1 else f'{len(unreadable)} books'} could not be read"),
              file=sys.stderr)
        return exit_status(found)
    progress.stage("writing the report")  # its charts take about as long as the check
    from ledgerlang.load import common_root

    html = page.render(book, evaluation, found, paths, counts, reading.root or common_root(args.paths))
    from ledgerlang.visible import unicode_text

    try:
        written = page.write(output, unicode_text(html))  # a book named by bytes that are not UTF-8
    except page.WriteError as exc:
        raise UsageError(f"{exc.path}: cannot write the report: {exc.reason}") from None
    progress.clear()
    print(summary + ("; run `ledger check` for details" if any(d.severity > 0 for d in found) else ""))
    print(visible(f"wrote {written[-1]} ({len(written) - 1} assets)"), file=sys.stderr)
    return exit_status(found)
