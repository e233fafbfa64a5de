"""The progress line: drawn in place on a real terminal (a pseudo-terminal here), wiped before the
output, never on a pipe unless asked for, and gone after Ctrl-C.

Each test runs this project's `ledger` as a process, its standard error on a pty or a pipe, on
the IIJ books or a book from the benchmark's generator."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import shutil
import signal
import struct
import subprocess
import sys
import termios
import time

import pytest

from ledgerlang.load import load_paths
from tests.support import ROOT, ledger

STAGES = ["reading ", "building the book from 1 file", "evaluating ", "checking ", "checking all relations at once"]


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """A generated book of about 20,000 printed figures, and one of about 300,000 (seconds to check)."""
    books = {}
    for name, facts in (("small", "20000"), ("large", "300000")):
        out = tmp_path_factory.mktemp(name)
        subprocess.run([sys.executable, "bench/generate.py", facts, "--out", str(out)], cwd=ROOT, check=True,
                       capture_output=True)
        books[name] = str(out / "book.iij")
    return books


def _environment(delay: str | None) -> dict:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("LEDGERLANG_PROGRESS_DELAY", None)
    env.pop("COLUMNS", None)  # the pty's width is the test's to set
    if delay is not None:
        env["LEDGERLANG_PROGRESS_DELAY"] = delay
    return env


def _on_terminal(args, tmp_path, delay: str | None = None, columns: int = 0, interrupt_at: str | None = None,
                 env: dict | None = None):
    """Run `ledger ARGS` with standard error on a pty of `columns` (0: unset); returns (exit status,
    what the terminal received, standard output). `interrupt_at`: send SIGINT once the terminal
    has shown this text."""
    master, slave = pty.openpty()
    if columns:
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    out = tmp_path / "stdout"
    with open(out, "wb") as stdout:
        # Ctrl-C as a terminal sends it, whatever the tests were started with: a runner started in the
        # background by a shell without job control hands its children SIGINT ignored.
        process = subprocess.Popen([sys.executable, "-m", "ledgerlang", *args], cwd=ROOT,
                                   env={**_environment(delay), **(env or {})},
                                   stdin=subprocess.DEVNULL, stdout=stdout, stderr=slave,
                                   preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    os.close(slave)
    received, deadline = b"", time.monotonic() + 300
    try:
        while time.monotonic() < deadline:
            if not select.select([master], [], [], 1)[0]:
                if process.poll() is not None:
                    break
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:  # EIO: every copy of the pty's other end is closed
                break
            if not chunk:
                break
            received += chunk
            if interrupt_at is not None and interrupt_at.encode() in received:
                process.send_signal(signal.SIGINT)
                interrupt_at = None
        status = process.wait(timeout=60)
    finally:
        os.close(master)
        if process.poll() is None:
            process.kill()
    return status, received.decode(), out.read_text()


def _drawn(received: str) -> list[str]:
    """The lines drawn in place, each without the spaces that cover a longer one before it."""
    return [part.rstrip(" ") for part in received.split("\r") if part.strip(" ")]


def _in_order(lines: list[str], stages: list[str]) -> bool:
    at = 0
    for line in lines:
        if at < len(stages) and stages[at] in line:
            at += 1
    return at == len(stages)


def test_a_terminal_sees_each_stage_in_place_then_nothing(generated, tmp_path):
    book = generated["small"]
    status, received, stdout = _on_terminal(["check", book], tmp_path, delay="0")
    piped = ledger("check", book)
    assert status == piped.returncode == 1  # the generated book holds deliberate errors
    assert stdout == piped.stdout and piped.stderr == ""
    assert "\n" not in received  # redrawn in place: not a line of it scrolls
    lines = _drawn(received)
    assert all(re.fullmatch(r"ledger check \(\d+ s\): .+", line) for line in lines), lines
    assert _in_order(lines, STAGES), lines
    # Wiped at the end: blanks over the line drawn last (which blanked the rest of any longer
    # one before it), and the cursor back at its start.
    wipe = re.search(r"\r( +)\r$", received)
    assert wipe is not None and len(wipe.group(1)) >= len(lines[-1])


def test_the_line_fits_the_terminal(generated, tmp_path):
    status, received, _ = _on_terminal(["check", generated["small"]], tmp_path, delay="0", columns=40)
    lines = _drawn(received)
    assert status == 1 and lines
    assert all(len(line) <= 39 for line in lines), lines  # a line that wrapped could not be redrawn
    assert all(line.startswith("ledger check (") for line in lines)  # cut at its end, the time kept


@pytest.mark.parametrize("columns, env", [(20, {}), (0, {"COLUMNS": "20"})])
def test_a_terminal_of_20_columns_sees_each_stage(generated, tmp_path, columns, env):
    """`ledger check (3 s): ` alone fills 20 columns: there the line gives the time and the stage,
    never a figure cut short (`checking 20,0` of 20,086), on a pty that says so or where COLUMNS does."""
    status, received, _ = _on_terminal(["check", generated["small"]], tmp_path, delay="0", columns=columns,
                                       env=env)
    lines = _drawn(received)
    assert status == 1 and all(len(line) <= 19 for line in lines), lines
    assert all(re.fullmatch(r"\d+ s: \S.*", line) for line in lines), lines
    assert _in_order(lines, ["s: reading ", "s: building", "s: evaluating", "s: checking", "s: checking all"]), lines
    assert not any(re.search(r"\d,\d{0,2}$", line) for line in lines), lines


def test_a_book_checked_before_the_delay_shows_nothing(tmp_path):
    # The IIJ ledger takes a tenth of the default second here; five leave room for a slow machine.
    status, received, stdout = _on_terminal(["check", "books/iij"], tmp_path, delay="5")
    assert status == 0 and received == "" and "check:" in stdout


@pytest.mark.parametrize("command", [["check"], ["eval"], ["check", "--format", "json"]])
def test_no_progress_on_a_terminal_shows_nothing(generated, tmp_path, command):
    status, received, stdout = _on_terminal([*command, "--no-progress", generated["small"]], tmp_path, delay="0")
    assert received == "" and stdout


def test_a_pipe_sees_nothing_unless_asked(generated):
    book = generated["small"]
    quiet, asked = ledger("check", book), ledger("check", "--progress", book)
    assert quiet.stderr == ""
    assert asked.stdout == quiet.stdout and asked.returncode == quiet.returncode
    lines = asked.stderr.splitlines()
    assert all(re.fullmatch(r"ledger check \(\d+\.\d s\): .+", line) for line in lines), lines
    loaded, _ = load_paths([book])
    figures = f"{len(loaded.facts) + len(loaded.measured):,} printed figures"
    assert [line.split("): ", 1)[1] for line in lines] == [
        f"reading {book}", "building the book from 1 file", f"evaluating {figures}",
        f"checking {figures}, relation by relation", "checking all relations at once (the joint pass)"]


def test_diff_shows_the_stages_of_each_side_and_names_files_read_from_git(tmp_path):
    books = tmp_path / "books"
    shutil.copytree(ROOT / "books" / "iij", books)
    for args in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", "the IIJ books"]):
        subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=tmp_path,
                       check=True, capture_output=True)
    result = ledger("diff", "--progress", "HEAD:books", "books", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    stages = [line.split("): ", 1)[1] for line in result.stderr.splitlines()]
    assert stages.count("building the book from 3 files") == 2
    assert stages.count("checking all relations at once (the joint pass)") == 2
    read = sorted(stage.removeprefix("reading ") for stage in stages if stage.startswith("reading "))
    # the old side as the reader named it, not the temporary directory it was read into
    names = [p.name for p in books.glob("*.iij")]
    assert read == sorted([f"HEAD:books/{name}" for name in names] + [f"books/{name}" for name in names])


def test_ctrl_c_leaves_no_line_behind(generated, tmp_path):
    status, received, stdout = _on_terminal(["check", generated["large"]], tmp_path, delay="0",
                                            interrupt_at="ledger check (")
    assert status == 130 and stdout == ""
    assert re.search(r"\r +\r$", received), received[-200:]  # the line drawn last was wiped


def test_a_line_of_wide_characters_is_cut_to_the_columns_they_take(tmp_path):
    """A Japanese file name takes two columns a character: the line is cut by columns, not characters."""
    named = tmp_path / ("決算短信" * 12 + ".iij")
    shutil.copy(ROOT / "books" / "iij" / "iij.iij", named)
    status, received, _ = _on_terminal(["check", str(named)], tmp_path, delay="0", columns=60)
    lines = _drawn(received)
    assert lines and all(_columns(line) <= 59 for line in lines), lines
    assert any(_columns(line) >= 58 for line in lines)  # the reading stage filled the line


def _columns(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)


def test_report_names_the_writing_after_the_check(tmp_path):
    pytest.importorskip("jinja2")
    pytest.importorskip("matplotlib")
    result = ledger("report", "--progress", "books/iij", "-o", str(tmp_path / "out"))
    stages = [line.split("): ", 1)[1] for line in result.stderr.splitlines() if line.startswith("ledger report (")]
    assert stages[-2:] == ["checking all relations at once (the joint pass)", "writing the report"]
    assert result.stderr.splitlines()[-1].startswith("wrote ")


def test_eval_names_the_writing_of_the_workbook_after_the_check(tmp_path):
    """The workbook of a large ledger takes longer to write than its check (20 s of 27 at 100,000
    figures), and the line said "the joint pass" all the while."""
    pytest.importorskip("openpyxl")
    result = ledger("eval", "--progress", "--format", "xlsx", "books/iij", "-o", str(tmp_path / "iij.xlsx"))
    stages = [line.split("): ", 1)[1] for line in result.stderr.splitlines() if line.startswith("ledger eval (")]
    assert stages[-2:] == ["checking all relations at once (the joint pass)", "writing the workbook"]
    assert result.stderr.splitlines()[-1].startswith(f"wrote {tmp_path / 'iij.xlsx'}; check: ")


def test_a_dumb_terminal_of_20_columns_gets_no_escape_sequence(generated, tmp_path):
    """The line is drawn with carriage returns and blanks alone, and nothing is coloured: a dumb
    terminal (TERM=dumb), and one that asks for no colour (NO_COLOR), show it as any other does."""
    status, received, stdout = _on_terminal(["check", generated["small"]], tmp_path, delay="0", columns=20,
                                            env={"TERM": "dumb", "NO_COLOR": "1"})
    assert status == 1 and _drawn(received)
    assert "\x1b" not in received + stdout
    assert all(len(line) <= 19 for line in _drawn(received))
