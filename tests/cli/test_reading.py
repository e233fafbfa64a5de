"""What `ledger` reads: only regular book files under the ledger's root, size-limited, never echoed unless a book.

Issue #10: an include took any path, read devices and FIFOs (hanging or
eating memory), and printed back the first line of whatever it read (the
environment from /proc/self/environ, a line of /etc/shadow, a credentials
file). Each test here runs the real command in a subprocess with a timeout,
so a hang fails the test instead of stalling the suite.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from ledgerlang.diagnostic import error
from ledgerlang.model.span import Span
from ledgerlang.render.diagnostics import text as render_text
from support import PRELUDE, ROOT

SECRET = "s3cr3t-4c1d-token"
BOOK = PRELUDE + 'item a "A" JPY flow\ntable "T" in JPY millions\n  columns 1Q03\n  a 10\n'


def ledger(*args: str, cwd=None, timeout: float = 30, env=None) -> subprocess.CompletedProcess:
    environ = dict(os.environ, PYTHONPATH=str(ROOT), **(env or {}))
    return subprocess.run([sys.executable, "-m", "ledgerlang", *args], cwd=cwd or ROOT, env=environ,
                          capture_output=True, text=True, timeout=timeout)


def output(result: subprocess.CompletedProcess) -> str:
    return result.stdout + result.stderr


@pytest.fixture
def ledger_dir(tmp_path):
    """tmp/ledger/ is the ledger; tmp/outside/ is not part of it and holds a secret."""
    (tmp_path / "ledger").mkdir()
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.iij").write_text(f"TOKEN {SECRET}\n", encoding="utf-8")
    return tmp_path / "ledger"


def book_with(directory, line: str, name: str = "book.iij"):
    path = directory / name
    path.write_text(f"{line}\n{BOOK}", encoding="utf-8")
    return path


@pytest.mark.parametrize("include", ['"../outside/secret.iij"', "ABSOLUTE"])
def test_an_include_outside_the_root_is_refused_with_a_diagnostic(ledger_dir, include):
    target = str(ledger_dir.parent / "outside" / "secret.iij")
    book_with(ledger_dir, f'include {include if include != "ABSOLUTE" else chr(34) + target + chr(34)}')
    result = ledger("check", str(ledger_dir / "book.iij"))
    assert result.returncode == 1
    assert f"{ledger_dir / 'book.iij'}:1:9: error[include-outside-root]:" in result.stdout
    assert "--root DIR" in result.stdout and "--allow-outside-root" in result.stdout
    assert SECRET not in output(result)


def test_a_wider_root_or_allow_outside_root_reads_the_include(ledger_dir):
    book_with(ledger_dir, 'include "../outside/secret.iij"')
    for option in (["--root", str(ledger_dir.parent)], ["--allow-outside-root"]):
        result = ledger("check", *option, str(ledger_dir / "book.iij"))
        assert "include-outside-root" not in result.stdout
        assert "error[syntax]" in result.stdout  # it was read (and is no book)


def test_a_symlink_out_of_the_root_is_not_followed(ledger_dir):
    os.symlink(ledger_dir.parent / "outside" / "secret.iij", ledger_dir / "shared.iij")
    book_with(ledger_dir, 'include "shared.iij"')
    result = ledger("check", str(ledger_dir / "book.iij"))
    assert "error[include-outside-root]:" in result.stdout
    assert "shared.iij (through a symlink) is outside the ledger's root" in result.stdout
    assert SECRET not in output(result)


def test_a_symlink_named_on_the_command_line_is_not_followed_out_of_the_root(ledger_dir):
    os.symlink(ledger_dir.parent / "outside" / "secret.iij", ledger_dir / "link.iij")
    book_with(ledger_dir, "")
    result = ledger("check", "--root", str(ledger_dir), str(ledger_dir / "link.iij"))
    assert "error[outside-root]" in result.stdout
    assert SECRET not in output(result)


@pytest.mark.parametrize("command", [
    ["check"], ["check", "--format", "json"], ["eval"], ["eval", "--format", "xlsx", "-o", "OUT"],
    ["report", "-o", "OUT"], ["explain", "a@1Q03"], ["diff", "SELF"], ["facts"], ["fmt", "--check"]])
def test_a_book_named_outside_the_root_is_not_read_and_exits_2(ledger_dir, command):
    """A PATH outside --root is input that cannot be read, as the README's exit status 2 says: `check`,
    `eval` and `report` exited 1 (and `report` wrote a report of nothing), `diff` said "no differences"."""
    path = book_with(ledger_dir.parent / "outside", "", name="book.iij")
    out = ledger_dir.parent / "out"
    argv = [str(path) if word == "SELF" else str(out) if word == "OUT" else word for word in command]
    result = ledger(*argv, "--root", str(ledger_dir), str(path))
    assert result.returncode == 2, output(result)
    assert "is outside the ledger's root" in output(result) and "Traceback" not in output(result)
    assert not out.exists()


def test_proc_self_environ_is_never_printed(ledger_dir):
    """Even when the user allows reading outside the root, a file that is not a book is not echoed."""
    book_with(ledger_dir, 'include "/proc/self/environ"')
    env = {"LEDGER_TEST_SECRET": SECRET}
    refused = ledger("check", str(ledger_dir / "book.iij"), env=env)
    assert "include-outside-root" in refused.stdout and SECRET not in output(refused)
    allowed = ledger("check", "--allow-outside-root", str(ledger_dir / "book.iij"), env=env)
    assert "error[not-a-book]" in allowed.stdout
    assert SECRET not in output(allowed) and "LEDGER_TEST_SECRET" not in output(allowed)


def test_a_credentials_file_inside_the_root_is_not_quoted(ledger_dir):
    (ledger_dir / "credentials").write_text(f"password={SECRET}\n", encoding="utf-8")
    book_with(ledger_dir, 'include "credentials"')
    result = ledger("check", str(ledger_dir / "book.iij"))
    assert "error[not-a-book]" in result.stdout
    assert SECRET not in output(result) and "password" not in output(result)


def test_a_book_that_is_not_utf8_is_not_quoted(ledger_dir):
    (ledger_dir / "latin1.iij").write_bytes(f"password={SECRET} caf\xe9\n".encode("latin-1"))
    book_with(ledger_dir, 'include "latin1.iij"')
    result = ledger("check", str(ledger_dir / "book.iij"))
    assert "latin1.iij cannot be read: it is not UTF-8 text (a bad byte on line 1)" in result.stdout
    assert SECRET not in output(result)
    assert result.returncode == 2


def test_quoting_is_only_from_books():
    """The renderer quotes a source line only from a .iij file of UTF-8 text."""
    diagnostic = error("syntax", "unexpected", Span("/etc/passwd", 1, 1, 1, 5))
    assert render_text([diagnostic]).splitlines() == ["/etc/passwd:1:1: error[syntax]: unexpected"]


@pytest.mark.parametrize("include, kind", [("/dev/zero", "a device"), (".", "a directory")])
def test_devices_and_directories_are_not_read(ledger_dir, include, kind):
    (ledger_dir / "sub").mkdir()
    book_with(ledger_dir, f'include "{include}"')
    result = ledger("check", "--allow-outside-root", str(ledger_dir / "book.iij"), timeout=30)
    assert "error[not-a-file]:" in result.stdout
    assert f"{os.path.normpath(ledger_dir / include) if include == '.' else include} is {kind}, not a book file" \
        in result.stdout
    assert result.returncode == 2


def test_an_included_fifo_does_not_hang(ledger_dir):
    os.mkfifo(ledger_dir / "fifo.iij")
    book_with(ledger_dir, 'include "fifo.iij"')
    result = ledger("check", str(ledger_dir / "book.iij"), timeout=30)
    assert "error[not-a-file]:" in result.stdout and "fifo.iij is a FIFO (named pipe)" in result.stdout
    assert result.returncode == 2


@pytest.mark.parametrize("command", [["check"], ["fmt"], ["eval"], ["explain", "a@1Q03"]])
def test_a_fifo_in_a_directory_given_to_a_command_does_not_hang(ledger_dir, command):
    """check and fmt name the FIFO and exit 2; eval and explain go on with the other books."""
    os.mkfifo(ledger_dir / "fifo.iij")
    book_with(ledger_dir, "")
    result = ledger(*command, str(ledger_dir), timeout=30)
    assert "Traceback" not in output(result)
    if command[0] in ("check", "fmt"):
        assert "fifo.iij is a FIFO (named pipe), not a book file" in output(result)
    if command[0] != "explain":
        assert result.returncode == 2
    else:
        assert "a@1Q03 = 10 million" in result.stdout


def test_facts_of_a_fifo_does_not_hang(ledger_dir):
    os.mkfifo(ledger_dir / "fifo.iij")
    result = ledger("facts", str(ledger_dir / "fifo.iij"), timeout=30)
    assert result.returncode == 2
    assert "fifo.iij is a FIFO (named pipe), not a book file; it is not read" in result.stderr


@pytest.mark.parametrize("release, kind", [("FIFO", "a FIFO (named pipe)"), ("/dev/zero", "a device"),
                                           ("DIRECTORY", "a directory")])
def test_draft_refuses_a_release_that_is_no_file_without_waiting_on_it(ledger_dir, release, kind):
    """A FIFO named as draft's release had draft wait for ever for a writer, and /dev/zero was read
    to the size limit; each is refused at once, as a book would be, and nothing is written."""
    if release == "FIFO":
        release = str(ledger_dir / "release.txt")
        os.mkfifo(release)
    elif release == "DIRECTORY":
        release = str(ledger_dir)
    result = ledger("draft", release, "-o", str(ledger_dir / "draft.iij"), timeout=30)
    assert result.returncode == 2
    assert f"error[draft-unreadable]: the release {release} is {kind}, not a file; it is not read" in result.stderr
    assert "Traceback" not in output(result)
    assert not (ledger_dir / "draft.iij").exists()


@pytest.mark.parametrize("make, code", [
    (lambda path: path.write_text("# " + "x" * 4000, encoding="utf-8"), "file-too-large"),
    (lambda path: os.mkfifo(path), "not-a-file")])
def test_a_book_named_that_cannot_be_read_is_told_at_its_name(ledger_dir, make, code):
    """A book named on the command line that is not read has no line to point at, and its error
    had no place at all: `error[file-too-large]: ...` in text, and "path": null in json, which a
    program that files each finding under its file could not place. Both now name the file."""
    path = ledger_dir / "book.iij"
    make(path)
    shown = ledger("check", "--max-file-size", "0.002", "book.iij", cwd=ledger_dir)
    assert shown.returncode == 2
    assert shown.stdout.startswith(f"book.iij: error[{code}]: book.iij "), shown.stdout
    found = json.loads(ledger("check", "--format", "json", "--max-file-size", "0.002", "book.iij",
                              cwd=ledger_dir).stdout)["diagnostics"]
    assert [(d["code"], d["path"], d["line"], d["column"]) for d in found] == [(code, "book.iij", None, None)]


def test_a_file_past_the_size_limit_is_refused_and_the_limit_can_be_raised(ledger_dir):
    path = book_with(ledger_dir, "# " + "x" * 4000)
    small = ledger("check", "--max-file-size", "0.002", str(path))
    assert "error[file-too-large]" in small.stdout and "--max-file-size" in small.stdout
    assert small.returncode == 2
    raised = ledger("check", "--max-file-size", "1", str(path))
    assert "file-too-large" not in raised.stdout and raised.returncode == 0


@pytest.mark.parametrize("command", [["fmt"], ["fmt", "--check"], ["facts"]])
def test_fmt_and_facts_say_what_to_do_with_a_file_they_cannot_read(ledger_dir, command):
    """fmt and facts, which print no diagnostics, printed a read error's message without its hint:
    "larger than 2097 bytes; it is not read", and not that --max-file-size raises the limit."""
    path = book_with(ledger_dir, "# " + "x" * 4000)
    result = ledger(*command, "--max-file-size", "0.002", str(path))
    assert result.returncode == 2
    assert f"ledger: {path} is larger than 2097 bytes (4" in result.stderr
    assert "it is not read; a book is text a person wrote; if this one is meant to be read, raise the limit " \
           "with --max-file-size MB" in result.stderr


@pytest.mark.parametrize("command", [
    ["check"], ["check", "--format", "json"], ["eval"], ["eval", "--format", "json"], ["explain", "a@1Q03"],
    ["diff", "SELF"], ["fmt", "--check"], ["facts"]])
def test_every_command_keeps_to_the_root(ledger_dir, command):
    """The same rules for every command that reads books: nothing outside is read or shown."""
    path = book_with(ledger_dir, 'include "../outside/secret.iij"')
    argv = [str(path) if word == "SELF" else word for word in command] + [str(path)]
    result = ledger(*argv)
    assert SECRET not in output(result)
    assert "Traceback" not in output(result)
    if command[0] == "check":
        assert "include-outside-root" in output(result)


def test_an_include_path_with_a_nul_is_a_diagnostic(tmp_path):
    """Found by the fuzzer: os.path.realpath raised ValueError on a NUL in an include path."""
    from ledgerlang.load import load

    _, diagnostics = load('include "a\0b.iij"\n', str(tmp_path / "book.iij"))
    assert [(d.code, d.span.line, d.span.column) for d in diagnostics] == [("unreadable", 1, 9)]
    assert "holds a NUL character" in diagnostics[0].message


def test_an_include_that_could_not_be_read_is_named_where_its_names_are_unknown(tmp_path):
    """An unknown item below a failed include says that the include was not read, not "declare it
    first"; an include written with backslashes says / is the separator where that file exists."""
    from ledgerlang.load import load_paths

    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "defs.iij").write_text(PRELUDE + 'item a "A" JPY flow\n', encoding="utf-8")
    book = tmp_path / "book.iij"
    book.write_text('include "sub\\\\defs.iij"\ntable "T" in JPY millions\n  columns 1Q03\n  a 10\n',
                    encoding="utf-8")
    _, found = load_paths([str(book)])
    assert [d.code for d in found] == ["missing-file", "unknown-unit", "unknown-item"]
    assert found[0].notes == (f"hint: paths are written with / on every system: {tmp_path}/sub/defs.iij exists",)
    for unknown in found[1:]:
        assert unknown.notes == (f"note: 1 include could not be read (the first at {book}:1:9); what it "
                                 "declares is not known here",)
    book.write_text('table "T" in JPY millions\n  columns 1Q03\n  a 10\n', encoding="utf-8")
    _, found = load_paths([str(book)])
    # (and, this book declaring no entity either, a note of the calendar its 1Q03 is read on)
    assert [(d.code, d.notes) for d in found if d.code != "calendar-assumed"] == [
        ("unknown-unit", ("hint: declare it first",)), ("unknown-item", ("hint: declare it first",))]


def test_a_mistyped_include_names_the_book_of_a_close_name_beside_it(tmp_path):
    """`include "def.iij"` where defs.iij is in that directory: the hint names it, not only that an
    include path is relative to its file (which the author already knew); a name nothing is close
    to keeps that hint."""
    from ledgerlang.load import load_paths

    (tmp_path / "defs.iij").write_text(PRELUDE + 'item a "A" JPY flow\n', encoding="utf-8")
    book = tmp_path / "book.iij"
    for written, hint in (("def.iij", "hint: did you mean defs.iij? (an include path is relative to the file "
                                      "that includes it)"),
                          ("revenue.iij", "hint: an include path is relative to the file that includes it")):
        book.write_text(f'include "{written}"\n', encoding="utf-8")
        _, found = load_paths([str(book)])
        assert [(d.code, d.notes) for d in found] == [("missing-file", (hint,))]


def test_an_include_that_declares_nothing_is_said_so_at_the_include(tmp_path):
    """`include "defs.iij"` of an empty file, or one of comments alone, brought nothing without a
    word; a book given on the command line that is empty is no include (it is `empty-book`), and an
    include that does not parse is its syntax error, not this."""
    from ledgerlang.load import load_paths

    (tmp_path / "empty.iij").write_text("", encoding="utf-8")
    (tmp_path / "notes.iij").write_text("# to do: the definitions\n\n", encoding="utf-8")
    (tmp_path / "broken.iij").write_text("itme a \"A\" JPY flow\n", encoding="utf-8")
    book = tmp_path / "book.iij"
    book.write_text('include "empty.iij"\ninclude "notes.iij"\ninclude "broken.iij"\n', encoding="utf-8")
    _, found = load_paths([str(book)])
    assert [(d.code, d.span.line, d.message) for d in found if d.code == "empty-include"] == [
        ("empty-include", 1, f"{tmp_path}/empty.iij declares nothing: it is empty"),
        ("empty-include", 2, f"{tmp_path}/notes.iij declares nothing: it holds only comments")]
    assert [d.code for d in found if d.span.path.endswith("broken.iij")] == ["syntax"]
    _, found = load_paths([str(tmp_path / "empty.iij")])
    assert [d.code for d in found] == ["empty-book"]


def test_a_book_named_that_declares_nothing_is_not_a_silent_clean_check(tmp_path):
    """`ledger check` of an empty book, or of one of comments alone (a file saved empty, the wrong
    one of two names), said `0 errors` and exited 0 as of a book whose figures all agree. It still
    exits 0, but a warning at the file says that there was nothing to check, and what to name."""
    (tmp_path / "empty.iij").write_text("", encoding="utf-8")
    (tmp_path / "notes.iij").write_text("# the 1Q03 release, to do\n", encoding="utf-8")
    for name, what in (("empty.iij", "is empty"), ("notes.iij", "holds only comments")):
        run = ledger("check", name, cwd=tmp_path)
        assert run.returncode == 0, run.stderr
        assert run.stdout.startswith(f"{name}:1:1: warning[empty-book]: {name} declares nothing: it {what}, "
                                     "so there is nothing to check\n"), run.stdout
        assert run.stdout.splitlines()[-1] == "check: 0 errors, 1 warning; 0 figures checked, 0 not checkable"
    # a book that declares something, and an empty one it includes, are each told once, as before
    (tmp_path / "book.iij").write_text('include "empty.iij"\n' + PRELUDE, encoding="utf-8")
    codes = [line.split("[")[1].split("]")[0] for line in ledger("check", "book.iij", cwd=tmp_path).stdout.splitlines()
             if "warning[" in line or "error[" in line]
    assert codes == ["empty-include"]
