"""`ledger`: the command line. Exit status 0: no errors; 1: errors found; 2: bad usage or input;
3: a bug in ledgerlang (an uncaught exception: one line on stderr, the traceback with --debug).

Each command is a module of `ledgerlang.cli` with `add_parser(commands)` and
`run(args) -> int`; COMMANDS lists them in the order `ledger --help` shows. A plain
`ledger check` or `ledger eval` command line is read here (`quick`); every other one by
argparse (cli/arguments.py), which gives the help and the usage errors.
"""

from __future__ import annotations

import gc
import os
import sys

from ledgerlang import __version__

# The commands that load and check a ledger, or draft one: they show a progress line while they work.
WITH_PROGRESS = ("check", "eval", "diff", "explain", "report", "draft")
COMMANDS = ("eval_cmd", "check_cmd", "fmt_cmd", "diff_cmd", "explain_cmd", "facts_cmd", "draft_cmd", "report_cmd",
            "lsp_cmd")


class UsageError(Exception):
    """Bad arguments or unreadable input: exit status 2."""


# An uncaught exception is a bug in ledgerlang, never a verdict on a book: it has an
# exit status of its own, so that a CI job can tell a crash from errors found (1).
BUG = 3
DEBUG_VARIABLE = "LEDGERLANG_DEBUG"


def no_standard_input(arguments, what: str = "books", saved: str = "the book as a .iij file") -> None:
    """A UsageError for a `-` given as a file where no file is named so.

    `-` names standard input to many programs, and no file here: a book's includes, the root
    and every diagnostic's place are read from its path, which standard input does not have."""
    if "-" in arguments and not os.path.lexists("-"):
        raise UsageError(f"-: ledger reads {what} from files, not from standard input: save {saved} "
                         "and name that (a file named - is written ./-)")


def with_hint(problem) -> str:
    """A diagnostic said on one line, for a command that prints no diagnostics (fmt, facts): its
    message, then its hint, which says what to do (raise --max-file-size, make the file readable)."""
    hint = next((note.removeprefix("hint: ") for note in problem.notes if note.startswith("hint: ")), None)
    return problem.message + (f"; {hint}" if hint else "")


def book_paths(arguments: list[str]) -> list[str]:
    """Book files from the command line: files as given, directories as their *.iij files, each once.

    Only a path that exists is kept; whether it may be read (a regular file,
    under the root, not too large) is `load.read_source`'s to say, with a
    diagnostic, so a FIFO or a device named here is refused and never opened
    for a blocking read. A file given twice (`books/a.iij books`) is kept once, as
    first named: `fmt` counted it twice, and would have formatted it twice."""
    no_standard_input(arguments)
    paths = []
    for argument in arguments:
        if os.path.isdir(argument or "."):
            paths.extend(directory_books(argument))
        elif os.path.lexists(argument):
            paths.append(argument)
        else:
            rev, colon, inner = argument.partition(":")
            if colon and inner and "/" not in rev and "\\" not in rev and len(rev) > 1:
                # `HEAD:books/iij`, as `ledger diff` reads a side: no other command reads git
                raise UsageError(f"{argument}: no such file or directory; only ledger diff reads books at a git "
                                 f"revision (REV:PATH): to read {inner} as it is at {rev}, check it out first, "
                                 f"such as in a worktree: git worktree add DIR {rev}")
            raise UsageError(f"{argument}: no such file or directory")
    return once(paths)


def once(paths: list[str]) -> list[str]:
    """`paths` without a second name of a file already named (by its real path), in order."""
    seen: set[str] = set()
    kept = []
    for path in paths:
        real = os.path.realpath(path)
        if real not in seen:
            seen.add(real)
            kept.append(path)
    return kept


def directory_books(directory: str) -> list[str]:
    """The books of a directory given as a PATH, or a UsageError that says what to name instead."""
    found = books_in(directory)
    if not found:
        raise UsageError(f"{directory}: no .iij books in this directory" + _books_below(directory))
    return found


def _books_below(directory: str) -> str:
    """What to name instead of a directory whose books are in its subdirectories (`ledger check
    books`, where each ledger is a directory of its own: books/iij, books/iij-annual)."""
    try:
        with os.scandir(directory or ".") as entries:
            below = sorted(entry.path for entry in entries if entry.is_dir() and books_in(entry.path))
    except OSError:
        return ""
    if not below:
        return "; name a .iij book, or a directory that holds some"
    shown = ", ".join(below[:3]) + (", ..." if len(below) > 3 else "")
    return (f"; its subdirectories hold some ({shown}): name one, as a directory's own books form "
            "one ledger and the directories below it are not read")


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


ROOT_DEFAULT = "the directory that holds every PATH given"


def _megabytes(text: str) -> int:
    try:
        value = float(text)
    except ValueError:
        value = None
    if value is None or not 0 < value < 1 << 40:
        import argparse  # only to say what is wrong: a plain command line is read without it

        raise argparse.ArgumentTypeError(f"{text!r} is not a size in MB" if value is None
                                         else f"{text!r}: give a positive size in MB")
    return int(value * 1024 * 1024)


# Arguments as data, ((names...), argparse's add_argument keywords): cli/arguments.py gives them
# to argparse, and `quick` reads a plain command line by them without it. The action "boolean"
# is argparse's BooleanOptionalAction; `{root_default}` is the command's (ROOT_DEFAULT).
PATHS = (("paths",), {"nargs": "+", "metavar": "PATH", "help": "book files, or directories of .iij books"})
READING = (  # what every command that reads books may be allowed to read (see `load.Access`)
    (("--root",), {"metavar": "DIR", "help": "the ledger's root: books and includes must lie under it "
                                               "(default: {root_default})"}),
    (("--allow-outside-root",), {"action": "store_true",
                                 "help": "let includes leave the root (absolute paths, .., symlinks)"}),
    (("--max-file-size",), {"metavar": "MB", "type": _megabytes, "default": None,
                            "help": "the largest book file read, in MB (default: 64)"}),
)
PROGRESS = (("--progress",), {"action": "boolean", "default": None,
                              "help": "name the stage at work on stderr: by default on a terminal only, in place, "
                              "from a second on; --progress: also elsewhere, a line per stage; --no-progress: never"})


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


# The commands whose plain command lines `quick` reads, each module keeping its arguments as data
# (ARGUMENTS): `check`, which a pre-commit hook or a CI job runs on every commit, and `eval`.
QUICK = {"check": "ledgerlang.cli.check_cmd", "eval": "ledgerlang.cli.eval_cmd"}


def quick(argv: list[str]):
    """A plain command line of a QUICK command read without argparse, as argparse reads it; else
    None, and argparse reads it (cli/arguments.py), with its help and its usage errors. Importing
    argparse and building the parser cost a `ledger check` about 4 ms (an eighth of an empty
    book's check). Plain: `--debug` at most once before the command, then every option spelt in
    full (`--format json`, `--format=json`, `-o FILE`), the paths in one run, and no value that
    starts with `-`. tests/cli/test_quick.py holds what this reads equal to argparse's reading."""
    from types import SimpleNamespace

    words = list(argv)
    debug = bool(words) and words[0] == "--debug"
    if debug:
        del words[0]
    if not words or words[0] not in QUICK:
        return None
    command = words[0]
    module = __import__(QUICK[command], fromlist=["ARGUMENTS"])  # the module itself (importlib is 0.35 ms more)
    values = {"debug": debug, "command": command}
    flags: dict = {}  # option string -> (dest, "value", "append" or the value it stores, its keywords)
    positional = None
    for names, options in (*module.ARGUMENTS, *READING, *((PROGRESS,) if command in WITH_PROGRESS else ())):
        action = options.get("action", "store")
        if not names[0].startswith("-"):  # the paths: one positional of one or more words
            if positional is not None or options.get("nargs") != "+":
                return None  # a command line of another shape: argparse's to read
            positional = options.get("dest", names[0])
            continue
        long = next((name for name in names if name.startswith("--")), None)
        if action not in ("store", "append", "store_true", "boolean") or options.get("nargs") is not None \
                or options.get("required") or long is None \
                or (isinstance(options.get("default"), str) and "type" in options):
            return None  # an option of another kind, or a default argparse would convert
        dest = options.get("dest") or long[2:].replace("-", "_")  # as argparse names it: the first long name
        values[dest] = options.get("default", False if action == "store_true" else None)
        kind = {"store": "value", "append": "append", "store_true": True, "boolean": True}[action]
        for name in names:
            flags[name] = (dest, kind, options)
        if action == "boolean":
            flags["--no-" + long[2:]] = (dest, False, options)
    if positional is None:
        return None
    rest, found, run = words[1:], [], 0  # run: 0 before the paths, 1 among them, 2 after them
    at = 0
    while at < len(rest):
        word = rest[at]
        at += 1
        if not word.startswith("-"):
            if run == 2:
                return None  # paths on both sides of an option: argparse refuses them
            run = 1
            found.append(word)
            continue
        if run == 1:
            run = 2
        name, equals, value = word.partition("=") if word.startswith("--") else (word, "", "")
        flag = flags.get(name)
        if flag is None:
            return None  # -h, --, an abbreviation, a short option and its value as one, a number
        dest, kind, options = flag
        if kind is True or kind is False:
            if equals:
                return None
            values[dest] = kind
            continue
        if not equals:
            if at == len(rest) or rest[at].startswith("-"):
                return None
            value = rest[at]
            at += 1
        convert = options.get("type")
        if convert is not None:
            try:
                value = convert(value)
            except Exception:  # noqa: BLE001 - argparse says what is wrong with it
                return None
        if "choices" in options and value not in options["choices"]:
            return None
        values[dest] = value if kind == "value" else [*(values[dest] or ()), value]
    if not found:
        return None
    values[positional] = found
    values["run"] = module.run
    return SimpleNamespace(**values)


def version() -> str:
    """What `--version` prints: the version, and whether the hot modules run compiled (ledgerlang/native)."""
    from ledgerlang import native

    return f"ledgerlang {__version__}\n{native.summary()}"


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
    to are written and a joint-pass worker still ending is reaped (ledgerlang/cache.py
    `at_exit`); nothing else runs at exit, and every file a command writes is closed before
    it returns."""
    status = main(keep=[])
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a pipe closed early (`ledger check | head`), a closed stream
            pass
    from ledgerlang import cache  # the records' module has imported it

    cache.run_at_exit()  # the caches it added to (none, most runs), and a worker still ending
    os._exit(status)


class ReaderMayStop:
    """Standard output whose reader may stop reading before the end (`ledger check | head -1`).

    The first write that finds the pipe closed sends the rest of the output to the null device,
    and the command runs on to its end: its exit status is its verdict whoever reads it. A
    check that found errors exits 1, and `fmt` formats every file it was given, where the
    BrokenPipeError used to end the command at once with status 0 (or 1, for a short output
    the pipe took whole before its reader left: the status depended on the timing)."""

    def __init__(self, stream) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        try:
            return self.stream.write(text)
        except BrokenPipeError:
            self._to_null()
            return len(text)
        except OSError as exc:
            self._failed(exc)

    def writelines(self, lines) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        if getattr(self.stream, "closed", False):  # closed by the command itself (the language server, at its exit)
            return
        try:
            self.stream.flush()
        except BrokenPipeError:
            self._to_null()
        except OSError as exc:
            self._failed(exc)

    def _failed(self, exc: OSError) -> None:
        """A write the system refused (a full disk, `> /dev/full`): bad input's status, 2, and a
        message, where it was an internal error (3), or, buffered until the exit, no word at all."""
        self._to_null()
        raise UsageError(f"standard output cannot be written: {exc.strerror or exc}; the output is incomplete")

    def _to_null(self) -> None:
        """What is buffered and what comes after goes nowhere, the buffer's flush at exit too."""
        try:
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, self.stream.fileno())
            os.close(null)
        except (OSError, ValueError, AttributeError):  # a stream with no descriptor: a test's capture
            pass
        self.write = self._nowhere

    @staticmethod
    def _nowhere(text: str) -> int:
        return len(text)

    def __getattr__(self, name: str):
        return getattr(self.stream, name)


def main(argv: list[str] | None = None, keep: list | None = None) -> int:
    """`keep`: a list that holds what the command loads until the process ends (`command`)."""
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:  # closed by the shell (`>&-`): what is written there goes nowhere
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))
    stdout = sys.stdout
    sys.stdout = ReaderMayStop(stdout)
    try:
        status = _main(argv, keep)
        sys.stdout.flush()  # what is still buffered is written, or said not to be, before the status
        return status
    except UsageError as exc:  # (the flush above)
        print(f"ledger: {exc}", file=sys.stderr)
        return 2
    finally:
        sys.stdout = stdout


def _main(argv: list[str] | None, keep: list | None) -> int:
    # A command is one short process over millions of acyclic nodes: the cycle
    # collector would only walk them (a library caller keeps its own gc policy).
    gc.disable()
    argv = sys.argv[1:] if argv is None else argv
    if argv == ["--version"]:  # as argparse's `--version` answers, without argparse (8 ms of imports)
        print(version())
        raise SystemExit(0)
    if not [word for word in argv if word != "--debug"]:
        # argparse said only "the following arguments are required: COMMAND", naming none
        names = ", ".join(name.removesuffix("_cmd") for name in COMMANDS)
        print(f"usage: ledger COMMAND ...\nledger: name a command: {names} (`ledger -h` says what each does, "
              "`ledger COMMAND -h` its options)", file=sys.stderr)
        return 2
    args = quick(argv)
    if args is None:
        from ledgerlang.cli import arguments

        args = arguments.parse(argv, _chosen(argv))
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
