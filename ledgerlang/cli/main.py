"""`ledger`: the command line. Exit status 0: no errors; 1: errors found; 2: bad usage or input;
3: a bug in ledgerlang (an uncaught exception: one line on stderr, the traceback with --debug).

Each command is a module of `ledgerlang.cli` with `add_parser(commands)` and
`run(args) -> int`; COMMANDS lists them in the order `ledger --help` shows.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import sys

from ledgerlang import __version__

# The commands that load and check a ledger: they show a progress line while they work.
WITH_PROGRESS = ("check", "eval", "diff", "explain", "report")
COMMANDS = ("eval_cmd", "check_cmd", "fmt_cmd", "diff_cmd", "explain_cmd", "facts_cmd", "draft_cmd", "report_cmd",
            "lsp_cmd")


class UsageError(Exception):
    """Bad arguments or unreadable input: exit status 2."""


# An uncaught exception is a bug in ledgerlang, never a verdict on a book: it has an
# exit status of its own, so that a CI job can tell a crash from errors found (1).
BUG = 3
DEBUG_VARIABLE = "LEDGERLANG_DEBUG"


def book_paths(arguments: list[str]) -> list[str]:
    """Book files from the command line: files as given, directories as their *.iij files.

    Only a path that exists is kept; whether it may be read (a regular file,
    under the root, not too large) is `load.read_source`'s to say, with a
    diagnostic, so a FIFO or a device named here is refused and never opened
    for a blocking read."""
    paths = []
    for argument in arguments:
        if os.path.isdir(argument or "."):
            found = books_in(argument)
            if not found:
                raise UsageError(f"{argument}: no .iij books in this directory")
            paths.extend(found)
        elif os.path.lexists(argument):
            paths.append(argument)
        else:
            raise UsageError(f"{argument}: no such file or directory")
    return paths


def books_in(directory: str) -> list[str]:
    """The directory's entries named *.iij, sorted, each as `pathlib` names it: `sorted(str(p) for p
    in Path(directory).glob("*.iij"))` (tests/cli/test_cli.py holds the two equal), without
    importing pathlib, which imports urllib and ipaddress (3 ms of start-up). As with pathlib's
    glob, a directory that may not be listed (or is gone) has none."""
    # pathlib's form of the directory: its root (two leading slashes are POSIX's own, more are
    # one), then its parts without empty and `.` ones; a book in `.` is named by its name alone
    stripped = directory.lstrip("/")
    root = "//" if len(directory) - len(stripped) == 2 else "/" if stripped != directory else ""
    parts = [part for part in stripped.split("/") if part and part != "."]
    base = root + "/".join(parts)
    if parts:
        base += "/"
    try:
        with os.scandir(directory or ".") as entries:
            names = [entry.name for entry in entries if entry.name.endswith(".iij")]
    except OSError:
        return []
    return sorted(base + name for name in names)


class _FullHelp(argparse.Action):
    """`-h` before any command: the help lists every command's own text, so only now are they all imported."""

    def __init__(self, option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS, help=None):
        super().__init__(option_strings=option_strings, dest=dest, default=default, nargs=0, help=help)

    def __call__(self, top, namespace, values, option_string=None):
        parser().print_help()
        top.exit()


class _Version(argparse.Action):
    """`--version`: the version, and whether the hot modules run compiled (ledgerlang/native), worked out only when asked."""

    def __init__(self, option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS, help=None):
        super().__init__(option_strings=option_strings, dest=dest, default=default, nargs=0, help=help)

    def __call__(self, top, namespace, values, option_string=None):
        from ledgerlang import native

        print(f"ledgerlang {__version__}\n{native.summary()}")
        top.exit()


ROOT_DEFAULT = "the directory that holds every PATH given"


def _columns() -> int:
    """The terminal's width, as shutil.get_terminal_size gives it to argparse: COLUMNS, else
    the terminal on standard output, else 80."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = 0
        columns = columns or 80
    return columns


class _Formatter(argparse.HelpFormatter):
    """argparse's help formatter, told the width it would work out with shutil, which it
    imports to do so (with bz2 and lzma: 2 ms of every `ledger` started, help or not, as
    every argument added makes a formatter)."""

    def __init__(self, prog, indent_increment=2, max_help_position=24, width=None) -> None:
        super().__init__(prog, indent_increment, max_help_position, _columns() - 2 if width is None else width)


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose help is formatted by `_Formatter`; its subparsers are too."""

    def __init__(self, *args, formatter_class=_Formatter, **kwargs) -> None:
        super().__init__(*args, formatter_class=formatter_class, **kwargs)


def add_reading_options(sub: argparse.ArgumentParser, root_default: str = ROOT_DEFAULT) -> None:
    """What every command that reads books may be allowed to read (see `load.Access`)."""
    group = sub.add_argument_group("what may be read")
    group.add_argument("--root", metavar="DIR",
                       help=f"the ledger's root: books and includes must lie under it (default: {root_default})")
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
    if root is not None and not os.path.isdir(root):
        raise UsageError(f"--root {root}: not a directory")
    return Access(os.path.realpath(root) if root is not None else common_root(paths), max_bytes)


def parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command line; with `only`, the other commands are registered by name alone,
    so that `ledger check` does not import what `ledger diff` needs (start-up time).
    With `only=""` no command module is imported (`ledger --version`); `-h` then imports them all."""
    top = _Parser(
        prog="ledger", description="Plain-text books of financial statements: checked, computed, diffed.",
        add_help=only is None)
    if only is not None:
        top.add_argument("-h", "--help", action=_FullHelp, help="show this help message and exit")
    top.add_argument("--version", action=_Version, help="show the version, and whether the hot modules run compiled")
    top.add_argument("--debug", action="store_true",
                     help=f"show the traceback of a bug in ledgerlang (exit status {BUG}) instead of one line; "
                     f"or set {DEBUG_VARIABLE}=1")
    commands = top.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True
    for name in COMMANDS:
        command = name.removesuffix("_cmd")
        if only is not None and command != only:
            commands.add_parser(command)
            continue
        module = importlib.import_module(f"ledgerlang.cli.{name}")
        sub = module.add_parser(commands)
        add_reading_options(sub, getattr(module, "ROOT_DEFAULT", ROOT_DEFAULT))
        if command in WITH_PROGRESS:
            sub.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                             help="name the stage at work on stderr: by default on a terminal only, in place, "
                             "from a second on; --progress: also elsewhere, a line per stage; --no-progress: never")
        sub.set_defaults(run=module.run)
    return top


def _chosen(argv: list[str]) -> str:
    """The command named on the command line, if it is the first word (after --debug) and a known one; else ""
    (`--version`, `--help`, a usage error: no command's module is needed)."""
    names = {name.removesuffix("_cmd") for name in COMMANDS}
    first = next((word for word in argv if word != "--debug"), None)  # `ledger --debug check ...`
    return first if first in names else ""


def command() -> None:
    """The `ledger` command and `python -m ledgerlang`: `main`, then the process ends.

    It ends without freeing anything: what the command loaded (kept to this point by
    `load.kept`) would take longer to free object by object than the rest of the exit (0.04 s
    at 100k facts, 0.4 s at 1M). The output is flushed first, then the caches this run added
    to are written (ledgerlang/cache.py `at_exit`); nothing else runs at exit, and every file
    a command writes is closed before it returns."""
    status = main(keep=[])
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a pipe closed early (`ledger check | head`), a closed stream
            pass
    from ledgerlang import cache  # the records' module has imported it

    cache.run_at_exit()  # what this process made that the next one can read (nothing, most runs)
    os._exit(status)


def main(argv: list[str] | None = None, keep: list | None = None) -> int:
    """`keep`: a list that holds what the command loads until the process ends (`command`)."""
    # A command is one short process over millions of acyclic nodes: the cycle
    # collector would only walk them (a library caller keeps its own gc policy).
    gc.disable()
    argv = sys.argv[1:] if argv is None else argv
    args = parser(_chosen(argv)).parse_args(argv)
    if keep is not None:
        from ledgerlang import load
        load.kept = keep
    progress = None
    if args.command in WITH_PROGRESS:
        from ledgerlang import progress
        progress.start(args.command, {None: "auto", True: "always", False: "never"}[args.progress])
    try:
        try:
            return args.run(args)
        finally:
            if progress is not None:
                progress.stop()  # before anything below is printed
    except UsageError as exc:
        from ledgerlang.visible import visible  # a message may quote a path or a book's text

        print(visible(f"ledger: {exc}"), file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # noqa: BLE001 - the last line of defence: a bug, said so in one line
        if args.debug or os.environ.get(DEBUG_VARIABLE, "") not in ("", "0"):
            raise
        where = exc.__traceback__
        while where is not None and where.tb_next is not None:
            where = where.tb_next
        place = f" at {os.path.basename(where.tb_frame.f_code.co_filename)}:{where.tb_lineno}" if where else ""
        print(f"ledger: internal error, a bug in ledgerlang {__version__}: {type(exc).__name__}{place} "
              f"(please report it with the book that causes it and the traceback from "
              f"`{DEBUG_VARIABLE}=1 ledger {' '.join(argv[:1])} ...` or `ledger --debug ...`)", file=sys.stderr)
        return BUG
