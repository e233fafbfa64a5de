"""`ledger eval` on a terminal narrower than a statement: the statement in panels that fit it.

A terminal wraps a line longer than itself: the operations statement of books/iij (117 columns)
printed at 80 put each row's last figures on a line of their own, under no period. The tests run
the command on a real pseudo-terminal of the width, and read each panel back into rows to hold
that nothing is lost or moved: every figure is under the same header as when piped whole.
"""

from __future__ import annotations

import fcntl
import os
import pty
import struct
import subprocess
import sys
import termios

from support import ROOT, ledger


def _on_terminal(columns: int, *args: str) -> str:
    """The command's standard output as a terminal `columns` wide shows it."""
    main, child = pty.openpty()
    fcntl.ioctl(child, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    env["PYTHONPATH"] = str(ROOT)
    process = subprocess.Popen([sys.executable, "-m", "ledgerlang", *args], cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
                               stdout=child, stderr=subprocess.DEVNULL)
    os.close(child)
    chunks = []
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # EIO: the command has exited and closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(main)
    assert process.wait(timeout=300) == 0
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


def _cells(text: str) -> dict[str, list[tuple[str, str]]]:
    """Each row label's (header, cell) pairs in order, across every panel of the text."""
    lines = text.splitlines()
    found: dict[str, list[tuple[str, str]]] = {}
    for k, line in enumerate(lines):
        if not line or set(line) != {"-", " "}:
            continue
        spans, start = [], 0
        for run in line.split("  "):  # the columns' dash runs, two spaces between
            if run:
                spans.append((start, start + len(run)))
            start += len(run) + 2
        header = lines[k - 1]
        for row in lines[k + 1:]:
            if not row.strip():
                break
            label = row[:spans[0][1]].strip()
            found.setdefault(label, []).extend(
                (header[a:b].strip(), row[a:b].strip()) for a, b in spans[1:])
    return found


def test_a_statement_wider_than_the_terminal_is_drawn_in_panels_that_fit():
    for statement in ("operations", "cash_flows"):
        whole = ledger("eval", "--statement", statement, "books/iij", cwd=ROOT).stdout
        assert max(map(len, whole.splitlines()[:3])) > 80  # piped: drawn whole, as the golden pins it
        shown = _on_terminal(80, "eval", "--statement", statement, "books/iij")
        table = shown.split("\n\n* ")[0].split("\ncheck: ")[0]  # the legend and summary are prose
        assert max(map(len, table.splitlines())) <= 80, table
        assert table.count("\n\n") >= 1  # more than one panel
        assert _cells(table) == _cells(whole)
        assert shown.splitlines()[0] == whole.splitlines()[0]  # one heading, above the first panel


def test_a_statement_that_fits_is_drawn_as_when_piped():
    whole = ledger("eval", "--statement", "cash_flows", "books/iij", cwd=ROOT).stdout
    assert _on_terminal(200, "eval", "--statement", "cash_flows", "books/iij") == whole


def test_the_legend_under_a_statement_is_broken_between_words():
    """The legend of the guidance actuals is 160 characters: at 80 the terminal cut it mid-word."""
    whole = ledger("eval", "--statement", "guidance_actuals", "books/iij", cwd=ROOT).stdout
    shown = _on_terminal(80, "eval", "--statement", "guidance_actuals", "books/iij")
    legend = next(p for p in whole.split("\n\n") if p.startswith("* derived"))
    assert len(legend) > 80
    wrapped = next(p for p in shown.split("\n\n") if p.startswith("* derived"))
    assert max(map(len, wrapped.splitlines())) <= 80 and " ".join(wrapped.split()) == " ".join(legend.split())


def test_the_summary_under_the_statements_is_broken_between_words():
    """The check summary under books/iij's statements is 125 characters: at 80 the terminal cut it
    mid-word, under statements drawn to fit. It is broken between words now, and piped it stays one
    line, the last, for a script that reads it."""
    whole = ledger("eval", "--statement", "cash_flows", "books/iij", cwd=ROOT).stdout
    summary = whole.rstrip("\n").splitlines()[-1]
    assert summary.startswith("check: ") and len(summary) > 80
    shown = _on_terminal(80, "eval", "--statement", "cash_flows", "books/iij")
    tail = shown[shown.rindex("check: "):].rstrip("\n").splitlines()
    assert len(tail) > 1 and max(map(len, tail)) <= 80 and " ".join(tail) == summary
