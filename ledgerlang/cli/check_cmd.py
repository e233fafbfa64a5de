"""`ledger check PATH...`: diagnostics only; exit status 1 on any unacknowledged error."""

from __future__ import annotations

import sys

from ledgerlang.cli.main import PATHS, UsageError, access, book_paths
from ledgerlang.diagnostic import MAX_PER_CODE, capped
from ledgerlang.load import UNREADABLE
from ledgerlang.load import run_counted as run_pipeline
from ledgerlang.render import diagnostics as render
from ledgerlang.syntax import parse


# A book given that was not read at all: exit status 2. A PATH outside --root is not read either
# (`outside-root`): it is the command line at fault, as with a PATH that does not exist.
NOT_READ = UNREADABLE | {"outside-root"}


# As data, ((names...), argparse's add_argument keywords): argparse is given them (cli/arguments.py
# `parser`), and a plain command line is read by them without it (cli/main.py `quick`).
ARGUMENTS = (
    PATHS,
    (("--format",), {"choices": ("text", "json"), "default": "text"}),
    (("--max-per-code",), {"type": int, "default": MAX_PER_CODE, "metavar": "N",
                           "help": f"show at most N diagnostics of each code in each file, then one that counts "
                           f"the rest (default {MAX_PER_CODE}; 0: all); a file stops being read after N syntax "
                           f"errors"}),
)


def add_parser(commands):
    """The command's subparser; its ARGUMENTS are added to it by cli/arguments.py `parser`."""
    return commands.add_parser(
        "check", help="report every rule violation; exit 1 on errors",
        description="Report every violation, rounding-aware: totals, the same fact at several scales, printed "
        "% changes and shares, translations, assertions and claims; guidance against actuals as notes. "
        "Exit status: 0 no errors, 1 errors, 2 bad usage or unreadable input, 3 a bug in ledgerlang.")


def run(args) -> int:
    if args.max_per_code < 0:
        raise UsageError(f"--max-per-code must be 0 (show every diagnostic) or more, not {args.max_per_code}")
    parse.MAX_SYNTAX_ERRORS = args.max_per_code
    # Nothing here reads the evaluation: in one process, the joint pass lets go of it as it goes.
    _, _, found, counts = run_pipeline(book_paths(args.paths), access(args, args.paths), release=True)
    shown = capped(found, args.max_per_code)
    if args.format == "json":
        sys.stdout.write(render.as_json(shown, counts, found))
    else:
        sys.stdout.write(render.text(shown))
        print(render.summary(found, counts))
    return exit_status(found)


def exit_status(found) -> int:
    """2 when a book could not be read at all, 1 when it has errors, else 0."""
    if any(d.code in NOT_READ for d in found):
        return 2
    return 1 if any(d.counts_as_error for d in found) else 0
