"""`ledger fmt PATH...`: rewrite books in the canonical layout, after the layout has proved itself.

Exit status: 0 when every file is formatted (or already was); 1 when a file
has syntax errors, when the formatter refuses its own output, or with
`--check` or `--diff` when a file would change; 2 when a file cannot be read
or written (then the summary counts it as not written; a file with errors,
as not formatted).

Writing: the new text goes to a temporary file beside the file (named
`.NAME.ledger-fmt-PID-XXXX.tmp`), is flushed to disk, and replaces the file
with `os.replace`, keeping its mode: a crash leaves the old file or the new,
never half of one. A symlink is followed: its target is formatted in place
and the link stays a link. A file with more than one hard link is refused:
replacing it would leave the other names with the old text. A temporary file
is removed when the write fails or fmt is stopped by SIGINT, SIGTERM or
SIGHUP; one left by a fmt that was killed outright (SIGKILL, power loss) is
removed by the next fmt of the same file, once its process is gone.
"""

from __future__ import annotations

import contextlib
import difflib
import os
import re
import signal
import sys
import tempfile

from ledgerlang.cli.main import PATHS, access, book_paths, with_hint
from ledgerlang.cli.output import sync_directory
from ledgerlang.fmt import format_text
from ledgerlang.load import line_ends, read_source
from ledgerlang.render import diagnostics as render
from ledgerlang.visible import visible

TEMPORARY = ".ledger-fmt-"  # in our temporary files' names, and in no one else's


def add_parser(commands):
    from ledgerlang.cli.arguments import add_arguments  # the module that calls this, with argparse

    sub = commands.add_parser(
        "fmt", help="lay out books canonically: aligned tables, kept comments and figures",
        description="Rewrite books in the canonical layout: one declaration or row per line, normalized "
        "spacing, table cells aligned in columns, figures and comments exactly as written, every comment "
        "kept on the line it annotates. The output is proved before it is written: it must parse and load "
        "to the same book, keep the text of every figure and comment, and be stable under a second run. "
        "Files with syntax errors are left alone. Files are replaced atomically; a symlink's target is "
        "formatted in place; a file with several hard links is refused. Exit status: 0 done, 1 syntax "
        "errors or (with --check or --diff) files that would change, 2 unreadable or unwritable files, 3 a bug in "
        "ledgerlang.")
    add_arguments(sub, (PATHS,))
    sub.add_argument("--check", action="store_true", help="write nothing; name the files that would change, exit 1")
    sub.add_argument("--diff", action="store_true",
                     help="write nothing; print the change as a unified diff, exit 1 if there is one")
    return sub


def run(args) -> int:
    status = 0
    changed = unchanged = failed = refused = 0
    reading = access(args, args.paths)
    with _stopped_cleanly():
        for path in book_paths(args.paths):
            # A regular file under the root, not too large, read without blocking (a FIFO is refused).
            text, problem = read_source(path, reading, raw=True)
            if problem is not None:
                print(visible(f"ledger: {with_hint(problem)}"), file=sys.stderr)
                failed += 1
                status = 2
                continue
            # Line ends read as every other command reads them (load.read_source): a CR alone ends
            # a line too. The file's own text is what the output is compared with, so a file of CR
            # or CRLF line ends is one to reformat, to LF. A byte order mark is kept, as the
            # editor that wrote it would write it again: never a change of its own.
            bom = "\ufeff" if text.startswith("\ufeff") else ""
            output, diagnostics = format_text(line_ends(text[len(bom):]), path)
            if output is not None:
                output = bom + output
            if output is None:
                sys.stdout.write(render.text(diagnostics))
                marker = _conflict_marker(text)
                if marker:
                    # The parser's hint at `<<<<<<< HEAD` is about names; the fix is the merge's.
                    print(visible(f"ledger fmt: {path} is not formatted: line {marker} is a merge conflict "
                                  "marker: resolve the conflict first"), file=sys.stderr)
                else:
                    print(visible(f"ledger fmt: {path} is not formatted: fix the errors above first"), file=sys.stderr)
                refused += 1
                status = max(status, 1)
                continue
            if output == text:
                unchanged += 1
                continue
            ends = _line_ends_note(text, output, bom)
            if args.diff:
                sys.stdout.writelines(_diff(text, output, path))
                if ends:
                    # A CR is not seen on a terminal: its lines' - and + would read the same.
                    print(visible(f"ledger fmt: {path}: {ends}"), file=sys.stderr)
            if args.check or args.diff:
                if not args.diff:
                    print(visible(f"would reformat {path}" + (f" ({ends})" if ends else "")))
                changed += 1
                status = max(status, 1)
                continue
            try:
                write_atomically(path, output)
            except (OSError, RefusedWrite) as exc:
                print(visible(f"ledger: {path}: not written: {_reason(exc)}"), file=sys.stderr)
                failed += 1
                status = 2
                continue
            changed += 1
            print(visible(f"reformatted {path}"))
    verb = "would be reformatted" if args.check or args.diff else "reformatted"
    summary = f"fmt: {changed} file{'' if changed == 1 else 's'} {verb}, {unchanged} unchanged"
    if refused:
        summary += f", {refused} not formatted (errors)"
    if failed:
        summary += f", {failed} not written"
    print(summary, file=sys.stderr)
    return status


# The lines git writes around the two versions of a conflict (and diff3's base): seven marks at
# the start of a line, then a space or the line's end.
CONFLICT_MARKER = re.compile(r"^(?:<{7}|\|{7}|={7}|>{7})(?: |$)", re.MULTILINE)


def _conflict_marker(text: str) -> int | None:
    """The line (from 1) of the first merge conflict marker in `text`, if it has one."""
    lines = line_ends(text)
    found = CONFLICT_MARKER.search(lines)
    return None if found is None else lines.count("\n", 0, found.start()) + 1


def _line_ends_note(text: str, output: str, bom: str) -> str:
    """What a file's CRLF or CR line ends change, said in words: "only its CRLF line ends, to LF"
    when they are the whole change; "" for a file of LF line ends."""
    if "\r" not in text:
        return ""
    ends = "CRLF" if "\r\n" in text else "CR"
    if bom + line_ends(text[len(bom):]) == output:
        return f"only its {ends} line ends, to LF"
    return f"its {ends} line ends to LF, and its layout"


def _diff(text: str, output: str, path: str):
    for line in difflib.unified_diff(_lines(text), _lines(output), f"{path}", f"{path} (formatted)"):
        yield line if line.endswith("\n") else line + "\n\\ No newline at end of file\n"


def _lines(text: str) -> list[str]:
    """The lines of a patch: ended by LF alone, as patch and git apply read them. (str.splitlines
    also ends a line at a CR, a form feed, U+0085 or U+2028, which a label or a comment may hold:
    the patch then had lines the file has not, each marked as lacking a newline.)"""
    lines = [line + "\n" for line in text.split("\n")]
    lines[-1] = lines[-1][:-1]
    return lines if lines[-1] else lines[:-1]


class RefusedWrite(Exception):
    """A file fmt will not replace (several hard links): it is left as it is."""


def write_atomically(path: str, text: str) -> None:
    """Replace a file by a complete new one: a crash leaves either the old file or the new, never half.

    A symlink is followed, so its target is what is replaced (the link stays a link)."""
    target = os.path.realpath(path)
    info = os.stat(target)
    if info.st_nlink > 1:
        raise RefusedWrite(f"it has {info.st_nlink} hard links, and replacing it would leave the others with the "
                           "old text; format it under a single name (or break the links first)")
    directory = os.path.dirname(target)
    base = os.path.basename(target)
    remove_stale_temporaries(directory, base)
    fd, temporary = tempfile.mkstemp(prefix=f".{base}{TEMPORARY}{os.getpid()}-", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        if hasattr(os, "chown") and (info.st_uid, info.st_gid) != (os.getuid(), os.getgid()):
            # the file's owner and group too, where this user may give them (root; a group of one's own)
            with contextlib.suppress(OSError):
                os.chown(temporary, info.st_uid, info.st_gid)
        os.chmod(temporary, info.st_mode & 0o7777)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    sync_directory(directory)  # the rename is durable once the directory is on disk


def remove_stale_temporaries(directory: str, base: str) -> list[str]:
    """Remove temporary files of `base` left by a fmt that was killed: ours by name, of a process that is gone.

    Only `.BASE.ledger-fmt-PID-XXXX.tmp`, a regular file owned by this user, whose
    PID is not a running process; anything else, another tool's file or a live
    fmt's, is left alone."""
    pattern = re.compile(re.escape(f".{base}{TEMPORARY}") + r"(\d+)-[A-Za-z0-9_]+\.tmp")
    removed = []
    try:
        names = os.listdir(directory)
    except OSError:
        return removed
    for name in names:
        match = pattern.fullmatch(name)
        if match is None or _alive(int(match.group(1))):
            continue
        path = os.path.join(directory, name)
        with contextlib.suppress(OSError):
            info = os.lstat(path)
            if os.path.isfile(path) and not os.path.islink(path) and info.st_uid == os.geteuid():
                os.unlink(path)
                removed.append(path)
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return True  # someone else's process, or no such number: not ours to judge
    return True


@contextlib.contextmanager
def _stopped_cleanly():
    """SIGTERM and SIGHUP raise here (as SIGINT does) so a write in progress removes its temporary file."""
    def stop(signum, frame):
        raise SystemExit(128 + signum)

    previous = {}
    for sig in (signal.SIGTERM, signal.SIGHUP):
        try:
            previous[sig] = signal.signal(sig, stop)
        except (ValueError, OSError):  # not the main thread: leave signals alone
            pass
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _reason(exc: Exception) -> str:
    return exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
