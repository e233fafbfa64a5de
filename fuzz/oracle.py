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
import re
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
    writes = argv[:1] == ["report"] or argv[:1] == ["draft"] or argv[:3] == ["eval", "--format", "xlsx"]
    tree = _tree(Path(".")) if writes else None
    status, output, problem = _run_main(argv)
    if problem is None and book is not None and argv and argv[0] == "fmt" and before is not None:
        after = _read(book)
        if after is not None and after != before:
            problem = fmt_changed_text(before, after)
    if problem is None and tree is not None:
        problem = written_problem(argv, status, tree, _tree(Path(".")))
    return status, output, problem


def _run_main(argv: list[str]) -> tuple[int | None, str, str | None]:
    """`ledger ARGV` by `main`, here: (exit status, output, problem or None)."""
    from ledgerlang.cli.main import main

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
    return status, output, problem


# -- what the commands that write files leave behind -----------------------------------------------

REPORT_FILES = ("index.html", "assets/report.css", "assets/report.js")


def _tree(root: Path) -> dict[str, object]:
    """Every entry under `root` (not following symlinks): path -> the bytes of a regular file, or
    its kind ("dir", "link -> target", "other")."""
    entries: dict[str, object] = {}
    for directory, subdirectories, names in os.walk(root):
        for name in [*subdirectories, *names]:
            path = Path(directory, name)
            key = path.relative_to(root).as_posix()
            if path.is_symlink():
                entries[key] = f"link -> {os.readlink(path)}"
            elif path.is_dir():
                entries[key] = "dir"
            elif path.is_file():
                entries[key] = path.read_bytes()
            else:
                entries[key] = "other"
    return entries


def written_problem(argv: list[str], status: int | None, before: dict, after: dict) -> str | None:
    """Why what `report`, `eval --format xlsx` or `draft` left in the directory breaks their promise,
    or None: the file (or report) is written whole and nothing else, or nothing is written at all;
    and what is written opens (the page parses and names no file outside its directory, the
    workbook loads, the draft is a book `ledger check` reads)."""
    from fuzz.cases import DRAFTED, REPORT_DIR, WORKBOOK

    changed = sorted(k for k in {*before, *after} if before.get(k) != after.get(k))
    if argv[0] == "report":
        made = {REPORT_DIR, f"{REPORT_DIR}/assets", *(f"{REPORT_DIR}/{name}" for name in REPORT_FILES)}
        written = isinstance(after.get(f"{REPORT_DIR}/index.html"), bytes) and f"{REPORT_DIR}/index.html" in changed
    elif argv[0] == "eval":
        made, written = {WORKBOOK}, isinstance(after.get(WORKBOOK), bytes) and WORKBOOK in changed
    else:
        made = set() if argv[-1] == "-" else {DRAFTED}
        written = DRAFTED in made and isinstance(after.get(DRAFTED), bytes) and DRAFTED in changed
    stray = [k for k in changed if k not in made]
    if stray:
        return f"{argv[0]} left or changed what it does not write: {stray[:5]}"
    if not written:
        if changed:
            return f"{argv[0]} wrote part of its output ({changed[:5]}) and exited {status}"
        if status in (0, 1) and made:
            return f"{argv[0]} exited {status} and wrote nothing"
        return None
    if status == 2:
        return f"{argv[0]} exited 2 and wrote its output"
    if argv[0] == "report":
        missing = [name for name in REPORT_FILES if not isinstance(after.get(f"{REPORT_DIR}/{name}"), bytes)]
        if missing:
            return f"report written without {missing}"
        return page_problem(after[f"{REPORT_DIR}/index.html"], Path(REPORT_DIR))
    if argv[0] == "eval":
        return workbook_problem(Path(WORKBOOK))
    return draft_problem(Path(DRAFTED))


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
REFERENCES = {"href", "src", "xlink:href", "action", "formaction", "data", "poster", "srcset", "background"}


def page_problem(data: bytes, directory: Path) -> str | None:
    """Why the report's page is not well-formed (by Python's html.parser: every element closed in
    order, nothing left open) or names a file outside `directory` (or one not there, or another site)."""
    from html.parser import HTMLParser

    problems: list[str] = []
    ids: set[str] = set()
    references: list[str] = []

    class Page(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.open: list[str] = []

        def handle_starttag(self, tag, attrs):
            self._attributes(attrs)
            if tag not in VOID:
                self.open.append(tag)

        def handle_startendtag(self, tag, attrs):
            self._attributes(attrs)

        def handle_endtag(self, tag):
            if tag in VOID:
                return
            if not self.open or self.open[-1] != tag:
                problems.append(f"</{tag}> at line {self.getpos()[0]} closes <{self.open[-1] if self.open else ''}>")
                if tag in self.open:
                    del self.open[len(self.open) - 1 - self.open[::-1].index(tag):]
                return
            self.open.pop()

        def _attributes(self, attrs):
            for name, value in attrs:
                if name == "id" and value:
                    ids.add(value)
                if name in REFERENCES and value is not None:
                    references.append(value)
                if name == "style" and value:
                    references.extend(re.findall(r"url\(\s*['\"]?([^'\")]*)", value))

        def handle_data(self, text):
            if self.open and self.open[-1] == "style":
                references.extend(re.findall(r"url\(\s*['\"]?([^'\")]*)", text))

    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return f"the report's index.html is not UTF-8: {exc}"
    parser = Page()
    try:
        parser.feed(text)
        parser.close()
    except Exception as exc:  # noqa: BLE001 - html.parser gave up on the page
        return f"html.parser cannot read the report: {type(exc).__name__}: {exc}"
    if parser.open:
        problems.append(f"elements left open: {parser.open[-5:]}")
    for reference in references:
        target = reference.strip()
        if target.startswith("#"):
            if target[1:] not in ids:
                problems.append(f"a link to #{target[1:]}, which no element of the page is")
            continue
        scheme = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", target)
        if scheme and scheme.group(1).lower() == "data":
            continue
        if scheme or target.startswith(("/", "\\")) or not target:
            problems.append(f"the report names {target!r}, outside its directory")
            continue
        path = (directory / target.split("#")[0].split("?")[0]).resolve()
        if not path.is_relative_to(directory.resolve()) or not path.is_file():
            problems.append(f"the report names {target!r}, no file of its directory")
    return "; ".join(problems[:3]) or None


def workbook_problem(path: Path) -> str | None:
    """Why the workbook does not open with openpyxl, or None."""
    import warnings

    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = load_workbook(path)
            for sheet in workbook.worksheets:
                for _ in sheet.iter_rows(values_only=True):
                    pass
            workbook.close()
    except Exception as exc:  # noqa: BLE001 - any failure to open is the finding
        return f"the workbook does not open with openpyxl: {type(exc).__name__}: {exc}\n" + _short_traceback()
    return None


def draft_problem(path: Path) -> str | None:
    """Why `ledger check` on the drafted book does not end in a verdict, or None."""
    status, output, problem = _run_main(["check", str(path)])
    if problem is not None:
        return f"ledger check on the draft: {problem}\n{output[-1500:]}"
    return None


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
