"""`ledger`: the command line. Exit status 0: no errors; 1: errors found; 2: bad usage or input."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ledgerlang import __version__


class UsageError(Exception):
    """Bad arguments or unreadable input: exit status 2."""


def book_paths(arguments: list[str]) -> list[str]:
    """Book files from the command line: files as given, directories as their *.iij files."""
    paths = []
    for argument in arguments:
        path = Path(argument)
        if path.is_dir():
            found = sorted(str(p) for p in path.glob("*.iij"))
            if not found:
                raise UsageError(f"{argument}: no .iij books in this directory")
            paths.extend(found)
        elif path.is_file():
            paths.append(argument)
        else:
            raise UsageError(f"{argument}: no such file or directory")
    return paths


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="ledger", description="Plain-text books of financial statements: checked, computed, diffed.")
    top.add_argument("--version", action="version", version=f"ledgerlang {__version__}")
    commands = top.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True

    evaluate = commands.add_parser("eval", help="print the statements and ratios the books declare, then a check summary",
                                   description="Print the statements and ratio tables the books declare, computed "
                                   "from their facts, then a one-line check summary.")
    evaluate.add_argument("paths", nargs="+", metavar="PATH", help="book files or directories of .iij books")
    evaluate.add_argument("--format", choices=("text", "markdown", "csv", "json"), default="text")
    evaluate.add_argument("--statement", action="append", metavar="NAME", help="only this statement (repeatable)")
    evaluate.add_argument("--period", action="append", metavar="LABEL", help="only this period's columns, e.g. 1Q03 (repeatable)")

    check = commands.add_parser("check", help="report every rule violation; exit 1 on errors",
                                description="Report every violation, rounding-aware: totals, the same fact at "
                                "several scales, printed % changes and shares, translations, assertions, claims "
                                "and guidance.")
    check.add_argument("paths", nargs="+", metavar="PATH", help="book files or directories of .iij books")
    check.add_argument("--format", choices=("text", "json"), default="text")
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        if args.command == "eval":
            from ledgerlang.cli.eval_cmd import run
        else:
            from ledgerlang.cli.check_cmd import run
        return run(args, book_paths(args.paths))
    except UsageError as exc:
        print(f"ledger: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
