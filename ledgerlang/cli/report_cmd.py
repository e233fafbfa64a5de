"""`ledger report PATH... -o DIR`: a static HTML report (index.html and assets) of the books."""

from __future__ import annotations

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
    from ledgerlang.cli.check_cmd import exit_status
    from ledgerlang.load import run_counted as run_pipeline

    paths = book_paths(args.paths)
    output = Path(args.output)
    if output.exists() and not output.is_dir():
        raise UsageError(f"{args.output}: exists and is not a directory")
    try:
        from ledgerlang.report import page
        import jinja2  # noqa: F401
        import matplotlib  # noqa: F401
    except ImportError as exc:
        raise UsageError(f"{MISSING} ({exc})") from None
    book, evaluation, found, counts = run_pipeline(paths, access(args, args.paths))
    progress.stage("writing the report")  # its charts take about as long as the check
    html = page.render(book, evaluation, found, paths, counts)
    try:
        written = page.write(output, html)
    except OSError as exc:
        raise UsageError(f"{args.output}: cannot write the report: {exc.strerror or exc}") from None
    progress.clear()
    print(visible(f"wrote {written[-1]} ({len(written) - 1} assets)"), file=sys.stderr)
    return exit_status(found)
