"""An uncaught exception is a bug in ledgerlang: one line and exit status 3, never 1 (issue #10)."""

from __future__ import annotations

import gc
import os
import subprocess
import sys

import pytest

from ledgerlang import __version__
from ledgerlang.cli import check_cmd, eval_cmd, main
from support import ROOT, ledger


@pytest.fixture(autouse=True)
def collector_kept():
    """`main` turns the cycle collector off for its process; in-process here, it is turned back on."""
    enabled = gc.isenabled()
    yield
    if enabled:
        gc.enable()


def _boom(args):
    raise ZeroDivisionError("a bug")


@pytest.mark.parametrize("module, command", [(check_cmd, "check"), (eval_cmd, "eval")])
def test_a_crash_exits_3_with_one_line_saying_it_is_a_bug(monkeypatch, capsys, module, command):
    """Exit status 3 (1 means errors found), one line naming the version and how to get the traceback."""
    monkeypatch.setattr(module, "run", _boom)
    monkeypatch.delenv("LEDGERLANG_DEBUG", raising=False)
    status = main.main([command, str(ROOT / "books" / "iij")])
    err = capsys.readouterr().err
    assert status == 3
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "bug in ledgerlang" in err and __version__ in err and "ZeroDivisionError" in err
    assert "LEDGERLANG_DEBUG=1" in err and "--debug" in err


def test_debug_shows_the_traceback(monkeypatch):
    """With --debug (or LEDGERLANG_DEBUG=1) the exception propagates, traceback and all."""
    monkeypatch.setattr(check_cmd, "run", _boom)
    with pytest.raises(ZeroDivisionError):
        main.main(["--debug", "check", str(ROOT / "books" / "iij")])
    monkeypatch.setenv("LEDGERLANG_DEBUG", "1")
    with pytest.raises(ZeroDivisionError):
        main.main(["check", str(ROOT / "books" / "iij")])


def test_usage_errors_keep_exit_status_2(capsys):
    """Bad usage is not a bug: status 2, as before."""
    assert main.main(["check", "no/such/book.iij"]) == 2
    assert "no such file" in capsys.readouterr().err


def test_the_command_ends_with_its_output_whole_and_its_status(capsys):
    """`ledger` ends its process without freeing what it loaded (cli/main.py `command`): what it
    printed is all there, through a pipe, and the status is the command's."""
    books = str(ROOT / "books" / "iij")
    assert main.main(["eval", "--format", "json", books]) == 0
    expected = capsys.readouterr().out
    assert len(expected) > 100_000  # more than a pipe holds: written while the reader reads
    done = ledger("eval", "--format", "json", books)
    assert done.returncode == 0 and done.stderr == ""
    assert done.stdout == expected
    failing = ledger("check", str(ROOT / "tests" / "golden" / "diagnostics" / "fact-mismatch.iij"))
    assert failing.returncode == 1 and "fact-mismatch" in failing.stdout


def test_a_reader_that_stops_early_is_not_an_error():
    """`ledger eval ... | head`: the pipe closes under the command; it stops quietly, status 0."""
    process = subprocess.Popen([sys.executable, "-m", "ledgerlang", "eval", "--format", "json",
                                str(ROOT / "books" / "iij")], cwd=ROOT, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert process.stdout.read(100)
    process.stdout.close()
    assert process.wait(timeout=300) == 0
    assert process.stderr.read() == b""
    process.stderr.close()


@pytest.mark.parametrize("command, status", [
    (["check", "tests/golden/diagnostics/fact-mismatch.iij"], 1),
    (["check", "--format", "json", "tests/golden/diagnostics/fact-mismatch.iij"], 1),
    (["eval", "tests/golden/diagnostics/fact-mismatch.iij"], 1),
    (["fmt", "--check", "books/iij"], 1),
    (["explain", "rev.total@1Q03", "books/iij"], 0),
])
def test_a_reader_that_stops_early_leaves_the_exit_status_the_commands_verdict(tmp_path, command, status):
    """`ledger check BOOK | head -1` under `set -o pipefail`: the pipe is closed before the command
    writes, and the status is still what the command found (a check with errors is 1, not 0)."""
    if command[0] == "fmt":  # a copy whose layout fmt would change: books/iij is formatted already
        book = tmp_path / "book.iij"
        book.write_text((ROOT / "tests" / "golden" / "diagnostics" / "fact-mismatch.iij").read_text(
            encoding="utf-8").replace("\n  ", "\n      "), encoding="utf-8")
        command = ["fmt", "--check", str(book)]
    process = subprocess.Popen([sys.executable, "-m", "ledgerlang", *command], cwd=ROOT, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    process.stdout.close()  # the reader is gone before the first line is written
    assert process.wait(timeout=300) == status
    assert b"Traceback" not in process.stderr.read()
    process.stderr.close()


def _run_with_stdout(stdout, *argv):
    """`ledger` with its standard output as given: a file, or None for one the shell closed (`>&-`)."""
    return subprocess.run([sys.executable, "-m", "ledgerlang", *argv], cwd=ROOT, stdout=stdout,
                          stderr=subprocess.PIPE, text=True, timeout=300, env=dict(os.environ, PYTHONPATH=str(ROOT)),
                          preexec_fn=(lambda: os.close(1)) if stdout is None else None)


def test_a_standard_output_the_shell_closed_is_no_traceback():
    """`ledger check BOOK >&-` ended in a traceback from flushing a stream Python had set to None,
    and so exited 1 whatever the check found; the output goes nowhere and the status is the verdict."""
    book = "tests/golden/diagnostics/fact-mismatch.iij"
    for argv, status in ((["check", book], 1), (["check", "books/iij"], 0), (["eval", book], 1)):
        done = _run_with_stdout(None, *argv)
        assert done.returncode == status, argv
        assert done.stderr == ""


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full, whose every write fails: the disk is full")
@pytest.mark.parametrize("argv", [["eval", "books/iij"], ["check", "--format", "json", "books/iij"],
                                  ["facts", "books/iij/iij.iij"], ["check", "--help"]])
def test_an_output_that_cannot_be_written_is_said_so_and_exits_2(argv):
    """A full disk (`> /dev/full`) was an internal error (exit 3) for a large output, and for a
    short one, buffered until the exit, no word at all and the check's status."""
    with open("/dev/full", "w") as full:
        done = _run_with_stdout(full, *argv)
    assert done.returncode == 2
    assert done.stderr.endswith("ledger: standard output cannot be written: No space left on device; "
                                "the output is incomplete\n")
