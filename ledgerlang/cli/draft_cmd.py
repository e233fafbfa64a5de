"""`ledger draft RELEASE... [--defs SHARED.iij] -o BOOK.iij`: a book drafted from a release, to review.

Reads plain-text releases (fixed-width tables) and HTML releases (`<table>`
markup), writes every table it finds with each figure as printed, names rows
from the shared definitions, proposes sum rules and turns the narrative's
numbers into claims. Prints a summary of what it found and what it could not
place, with the release's line numbers. Exit status: 0 written; 2 bad usage,
an unreadable release or definitions that do not load.

`--root`, `--allow-outside-root` and `--max-file-size` bound what is read as for
every command: the definitions and their includes lie under the root (by default
the directory of the definitions), and no release or book larger than the limit
is read. `-o` never names a file being read (a release, the definitions), not even
with `--force`; `-o -` writes the book to standard output, and the summary to
standard error.
"""

from __future__ import annotations

import os
import shlex
import sys
import tempfile

from ledgerlang.cli.main import UsageError, no_standard_input
from ledgerlang.visible import visible


def add_parser(commands):
    sub = commands.add_parser(
        "draft", help="draft a book from an earnings release (text or HTML) for a person to review",
        description="Draft a book from one or more releases: every table found (title, scale, currency, "
        "columns and rows, each figure exactly as printed), rows named from --defs where a label matches "
        "(close matches are said so in a comment) or declared as new items to review, sum rules proposed "
        "for 'Total' rows that foot, and the narrative's numbers as claims. The book is written atomically; "
        "an existing file is kept unless --force. Exit status: 0 written, 2 bad usage or unreadable input.")
    sub.add_argument("releases", nargs="+", metavar="RELEASE", help="release files: plain text or HTML")
    sub.add_argument("--defs", metavar="SHARED.iij",
                     help="the shared definitions to name rows from (included by the draft)")
    sub.add_argument("-o", "--output", required=True, metavar="BOOK.iij",
                     help="the book to write; - writes it to standard output (and the summary to standard error)")
    sub.add_argument("--force", action="store_true",
                     help="replace BOOK.iij if it exists (never a release or the definitions being read)")
    return sub


ROOT_DEFAULT = "the directory of the --defs file"


def write_new(path: str, text: str) -> None:
    """Write a whole file or nothing: a temporary file beside it, then renamed over it."""
    directory = os.path.dirname(os.path.abspath(path))
    fd, temporary = tempfile.mkstemp(prefix=f".{os.path.basename(path)}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def run(args) -> int:
    from ledgerlang import progress
    from ledgerlang.cli.main import access
    from ledgerlang.render import diagnostics as render
    from ledgerlang.draft import draft

    no_standard_input(args.releases, "releases", "the release as a text or HTML file")  # (`-o -` writes to it)
    to_stdout = args.output == "-"
    if not args.output:
        raise UsageError("-o: give the book's file name (or - for standard output)")
    for i, release in enumerate(args.releases):
        if any(_same_file(release, other) for other in args.releases[:i]):
            raise UsageError(f"{release}: given twice; name each release once")
    if args.defs is not None and not os.path.isfile(args.defs):
        raise UsageError(f"{args.defs}: no such definitions file")
    if not to_stdout:
        if os.path.isdir(args.output):
            raise UsageError(f"{args.output}: is a directory; name the book's file with -o")
        for read in [*args.releases, *([args.defs] if args.defs else [])]:
            if _same_file(read, args.output):
                raise UsageError(f"{args.output}: is {'the definitions' if read == args.defs else 'a release'} "
                                 "being read; choose another -o (--force never replaces an input)")
        if os.path.exists(args.output) and not args.force:
            raise UsageError(f"{args.output}: already exists; choose another -o or pass --force to replace it")
        from ledgerlang.cli.output import in_a_directory

        in_a_directory(args.output, "the book")
    allowed = access(args, [args.defs] if args.defs else list(args.releases))
    out_path = "draft.iij" if to_stdout else args.output
    result, diagnostics = draft(list(args.releases), args.defs, out_path, access=allowed)
    progress.clear()
    if diagnostics:
        sys.stderr.write(render.text(diagnostics))
    if result is None:
        return 2
    from ledgerlang.visible import unicode_text

    text = unicode_text(result.text)  # a release named by bytes that are not UTF-8 is named in its comments
    report = sys.stderr if to_stdout else sys.stdout
    if to_stdout:
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        try:
            write_new(args.output, text)
        except OSError as exc:
            raise UsageError(f"{args.output}: cannot be written: {exc.strerror or exc}") from None
    for line in result.summary:
        print(visible(line), file=report)
    where = "standard output" if to_stdout else args.output
    # with --defs, the include is written from here: a book saved elsewhere would not find the definitions
    where_to = " in this directory (its include of the definitions is written from here)" if args.defs else ""
    # a command to copy: a path with a space (or a quote) is quoted as the shell reads it
    then = (f"then save it{where_to} and run `ledger check {_root_option(args.defs, out_path)}BOOK.iij`" if to_stdout else
            f"then run `ledger check {_root_option(args.defs, args.output)}{shlex.quote(args.output)}`")
    print(visible(f"wrote {where}: review the `# new items`, the row comments and the proposed rules, {then}"),
          file=report)
    return 0


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)


def _root_option(defs: str | None, output: str) -> str:
    """`--root DIR ` where the draft's include of the definitions leaves the draft's directory,
    which is the ledger's root a check takes by default: DIR holds both (relative to here)."""
    if defs is None:
        return ""
    here = os.path.dirname(os.path.realpath(output))
    shared = os.path.dirname(os.path.realpath(defs))
    if os.path.commonpath((here, shared)) == here:
        return ""
    root = os.path.relpath(os.path.commonpath((here, shared)))
    return f"--root {shlex.quote(root)} "
