"""`ledger fmt PATH...`: rewrite books in the canonical layout, after the layout has proved itself.

Exit status: 0 when every file is formatted (or already was); 1 when a file
has syntax errors, when the formatter refuses its own output, or with
`--check` when a file would change; 2 when a file cannot be read or written.
"""

from __future__ import annotations

import difflib
import os
import sys
import tempfile

from ledgerlang.cli.main import access, book_paths
from ledgerlang.fmt import format_text
from ledgerlang.load import read_source
from ledgerlang.render import diagnostics as render


def add_parser(commands):
    sub = commands.add_parser(
        "fmt", help="lay out books canonically: aligned tables, kept comments and figures",
        description="Rewrite books in the canonical layout: one declaration or row per line, normalized "
        "spacing, table cells aligned in columns, figures exactly as printed, every comment kept on the "
        "line it annotates. The output is proved before it is written: it must parse and load to the same "
        "book and be stable under a second run. Files with syntax errors are left alone. Files are "
        "replaced atomically. Exit status: 0 done, 1 syntax errors or (with --check) files that would "
        "change, 2 unreadable or unwritable files.")
    sub.add_argument("paths", nargs="+", metavar="PATH", help="book files, or directories of .iij books")
    sub.add_argument("--check", action="store_true", help="write nothing; name the files that would change, exit 1")
    sub.add_argument("--diff", action="store_true", help="write nothing; print the change as a unified diff")
    return sub


def run(args) -> int:
    status = 0
    changed = unchanged = 0
    reading = access(args, args.paths)
    for path in book_paths(args.paths):
        # A regular file under the root, not too large, read without blocking (a FIFO is refused).
        text, problem = read_source(path, reading, raw=True)
        if problem is not None:
            print(f"ledger: {problem.message}", file=sys.stderr)
            status = 2
            continue
        output, diagnostics = format_text(text, path)
        if output is None:
            sys.stdout.write(render.text(diagnostics))
            print(f"ledger fmt: {path} is not formatted: fix the errors above first", file=sys.stderr)
            status = max(status, 1)
            continue
        if output == text:
            unchanged += 1
            continue
        changed += 1
        if args.diff:
            sys.stdout.writelines(difflib.unified_diff(
                text.splitlines(keepends=True), output.splitlines(keepends=True), f"{path}", f"{path} (formatted)"))
        if args.check:
            if not args.diff:
                print(f"would reformat {path}")
            status = max(status, 1)
        elif not args.diff:
            try:
                write_atomically(path, output)
            except OSError as exc:
                print(f"ledger: {path}: cannot be written: {_reason(exc)}", file=sys.stderr)
                status = 2
                continue
            print(f"reformatted {path}")
    verb = "would be reformatted" if args.check or args.diff else "reformatted"
    print(f"fmt: {changed} file{'' if changed == 1 else 's'} {verb}, {unchanged} unchanged", file=sys.stderr)
    return status


def write_atomically(path: str, text: str) -> None:
    """Replace a file by a complete new one: a crash leaves either the old file or the new, never half."""
    directory = os.path.dirname(os.path.abspath(path))
    fd, temporary = tempfile.mkstemp(prefix=f".{os.path.basename(path)}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, os.stat(path).st_mode & 0o7777)
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def _reason(exc: Exception) -> str:
    return exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
