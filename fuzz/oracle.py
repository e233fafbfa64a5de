"""What a case must satisfy, judged without trusting the code under test.

- The command exits 0, 1 or 2 (3 is ledgerlang's own "this is a bug" status,
  and any uncaught exception is a failure too) and prints no traceback.
- `ledger fmt` never changes the text of a figure or of a comment: outside
  strings and comments, the characters of the file other than blanks and
  parentheses are the same, in order, before and after, and so is the text of
  every comment. This is a plain lexical reading of the file, independent of
  ledgerlang's parser.
"""

from __future__ import annotations

import contextlib
import gc
import io
import os
import signal
import traceback
from pathlib import Path

OK_STATUSES = (0, 1, 2)
_BLANKS = " \t\f\r"  # layout: a formatter may drop these at the end of a comment


def split_line(line: str) -> tuple[str, str | None]:
    """A line's code (strings blanked out) and its comment, or None."""
    code = []
    k = 0
    while k < len(line):
        c = line[k]
        if c == "#":
            return "".join(code), line[k:].rstrip(_BLANKS)
        if c == '"':
            end = k + 1
            while end < len(line) and line[end] != '"':
                end += 2 if line[end] == "\\" else 1
            code.append(" ")
            k = end + 1
            continue
        code.append(c)
        k += 1
    return "".join(code), None


def printed_text(text: str) -> tuple[str, list[str]]:
    """(the code of the file without blanks and parentheses, every comment), in order.

    A formatter may change blanks (spacing, line ends, blank lines) and the
    parentheses of an expression; every other character outside strings and
    comments, and so every character of every figure, stays, in order."""
    code_chars, comments = [], []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):  # a CR alone ends a line, as `ledger` reads it
        code, comment = split_line(line)
        code_chars.append("".join(c for c in code if not c.isspace() and c not in "()"))
        if comment is not None:
            comments.append(comment)
    return "".join(code_chars), comments


def fmt_changed_text(before: str, after: str) -> str | None:
    """Why `after` does not keep every figure and comment of `before`, or None."""
    (s1, c1), (s2, c2) = printed_text(before), printed_text(after)
    if c1 != c2:
        diff = next(((a, b) for a, b in zip(c1, c2) if a != b), (len(c1), len(c2)))
        return f"fmt changed a comment: {diff!r}"
    if s1 != s2:
        k = next((k for k, (a, b) in enumerate(zip(s1, s2)) if a != b), min(len(s1), len(s2)))
        return f"fmt changed the text of the code: {s1[max(k - 20, 0):k + 20]!r} became {s2[max(k - 20, 0):k + 20]!r}"
    return None


class Overtime(BaseException):
    """Raised by the alarm of `run_in_process(seconds=...)`: not an Exception, so no `except` in ledgerlang eats it."""


def _overtime(signum, frame):
    raise Overtime()


def run_in_process(argv: list[str], book: Path | None = None,
                   seconds: int | None = None) -> tuple[int | None, str, str | None]:
    """Run `ledger ARGV` here: (exit status, output, problem or None); with `seconds`, a run
    that takes longer is stopped and is a finding (SIGALRM: the main thread only)."""
    from ledgerlang.cli.main import main

    if seconds is not None:
        previous = signal.signal(signal.SIGALRM, _overtime)
        signal.alarm(seconds)
        try:
            return run_in_process(argv, book)
        except Overtime:  # raised between the run and the disarming below
            return None, "", f"hang: more than {seconds} s"
        finally:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, previous)

    if argv and argv[0] == "lsp-session":
        from fuzz.lsp import session

        try:
            return session(Path(argv[1]), int(argv[2]))
        except Overtime:
            raise
        except Exception as exc:  # noqa: BLE001 - the session's own failure is a finding too
            return None, "", f"{type(exc).__name__}: {exc}\n" + _short_traceback()
    before = _read(book) if book is not None else None
    collecting = gc.isenabled()  # main() turns the cycle collector off for the process: give it back
    out = io.StringIO()
    problem = None
    status: int | None = None
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        try:
            status = main(argv)
        except SystemExit as exc:
            status = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
        except RecursionError:
            problem = "RecursionError\n" + _short_traceback()
        except MemoryError:
            problem = "MemoryError"
        except Overtime:
            problem = "hang: over the time limit\n" + _short_traceback()
        except Exception as exc:  # noqa: BLE001 - every uncaught exception is a finding
            problem = f"{type(exc).__name__}: {exc}\n" + _short_traceback()
        finally:
            if collecting:
                gc.enable()
    output = out.getvalue()
    if problem is None and status not in OK_STATUSES:
        problem = f"exit status {status}"
    if problem is None and "Traceback (most recent call last)" in output:
        problem = "a traceback in the output"
    if problem is None and book is not None and argv and argv[0] == "fmt" and before is not None:
        after = _read(book)
        if after is not None and after != before:
            problem = fmt_changed_text(before, after)
    return status, output, problem


def _read(path: Path) -> str | None:
    try:
        if not path.is_file() or path.is_symlink():
            return None
        return path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None


def _short_traceback() -> str:
    lines = traceback.format_exc().splitlines()
    return "\n".join(lines[-12:])


def in_directory(directory: Path):
    @contextlib.contextmanager
    def _cd():
        old = os.getcwd()
        os.chdir(directory)
        try:
            yield
        finally:
            os.chdir(old)
    return _cd()
