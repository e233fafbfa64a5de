"""`ledger`: the command line. Exit status 0: no errors; 1: errors found; 2: bad usage or input.

Each command is a module of `ledgerlang.cli` with `add_parser(commands)` and
`run(args) -> int`; COMMANDS lists them in the order `ledger --help` shows.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import sys
from pathlib import Path

from ledgerlang import __version__

COMMANDS = ("eval_cmd", "check_cmd", "fmt_cmd", "diff_cmd", "explain_cmd", "facts_cmd")


class UsageError(Exception):
    """Bad arguments or unreadable input: exit status 2."""


def book_paths(arguments: list[str]) -> list[str]:
    """Book files from the command line: files as given, directories as their *.iij files.

    Only a path that exists is kept; whether it may be read (a regular file,
    under the root, not too large) is `load.read_source`'s to say, with a
    diagnostic, so a FIFO or a device named here is refused and never opened
    for a blocking read."""
    paths = []
    for argument in arguments:
        path = Path(argument)
        if path.is_dir():
            found = sorted(str(p) for p in path.glob("*.iij"))
            if not found:
                raise UsageError(f"{argument}: no .iij books in this directory")
            paths.extend(found)
        elif path.exists() or path.is_symlink():
            paths.append(argument)
        else:
            raise UsageError(f"{argument}: no such file or directory")
    return paths


def add_reading_options(sub: argparse.ArgumentParser) -> None:
    """What every command that reads books may be allowed to read (see `load.Access`)."""
    group = sub.add_argument_group("what may be read")
    group.add_argument("--root", metavar="DIR",
                       help="the ledger's root: books and includes must lie under it "
                       "(default: the directory that holds every PATH given)")
    group.add_argument("--allow-outside-root", action="store_true",
                       help="let includes leave the root (absolute paths, .., symlinks)")
    group.add_argument("--max-file-size", metavar="MB", type=_megabytes, default=None,
                       help="the largest book file read, in MB (default: 64)")


def _megabytes(text: str) -> int:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a size in MB") from None
    if not 0 < value < 1 << 40:
        raise argparse.ArgumentTypeError(f"{text!r}: give a positive size in MB")
    return int(value * 1024 * 1024)


def access(args, paths: list[str]):
    """The `load.Access` the command line asks for, the root defaulting to the paths' common directory."""
    from ledgerlang.load import DEFAULT_MAX_BYTES, Access, common_root

    max_bytes = getattr(args, "max_file_size", None) or DEFAULT_MAX_BYTES
    if getattr(args, "allow_outside_root", False):
        return Access(None, max_bytes)
    root = getattr(args, "root", None)
    if root is not None and not Path(root).is_dir():
        raise UsageError(f"--root {root}: not a directory")
    return Access(os.path.realpath(root) if root is not None else common_root(paths), max_bytes)


def parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command line; with `only`, the other commands are registered by name alone,
    so that `ledger check` does not import what `ledger diff` needs (start-up time)."""
    top = argparse.ArgumentParser(
        prog="ledger", description="Plain-text books of financial statements: checked, computed, diffed.")
    top.add_argument("--version", action="version", version=f"ledgerlang {__version__}")
    commands = top.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True
    for name in COMMANDS:
        command = name.removesuffix("_cmd")
        if only is not None and command != only:
            commands.add_parser(command)
            continue
        module = importlib.import_module(f"ledgerlang.cli.{name}")
        sub = module.add_parser(commands)
        add_reading_options(sub)
        sub.set_defaults(run=module.run)
    return top


def _chosen(argv: list[str]) -> str | None:
    """The command named on the command line, if it is the first word and a known one."""
    names = {name.removesuffix("_cmd") for name in COMMANDS}
    return argv[0] if argv and argv[0] in names else None


def main(argv: list[str] | None = None) -> int:
    # A command is one short process over millions of acyclic nodes: the cycle
    # collector would only walk them (a library caller keeps its own gc policy).
    gc.disable()
    argv = sys.argv[1:] if argv is None else argv
    args = parser(_chosen(argv)).parse_args(argv)
    try:
        return args.run(args)
    except UsageError as exc:
        print(f"ledger: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
