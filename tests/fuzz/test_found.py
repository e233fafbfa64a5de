"""Every input the long fuzz runs found (fuzz/found/) now ends as a verdict: exit 0, 1 or 2, no traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FOUND = sorted((ROOT / "fuzz" / "found").glob("*.iij"))


@pytest.mark.parametrize("path", FOUND, ids=lambda p: p.name)
@pytest.mark.parametrize("command", [["check"], ["eval", "--format", "json"], ["fmt", "--check"], ["facts"]])
def test_a_found_input_gets_a_verdict(path, command, tmp_path):
    book = tmp_path / path.name
    book.write_bytes(path.read_bytes())
    done = subprocess.run([sys.executable, "-m", "ledgerlang", *command, str(book)], capture_output=True,
                          text=True, timeout=120, cwd=tmp_path)
    assert done.returncode in (0, 1, 2), done.stderr[-2000:]
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr


@pytest.mark.parametrize("path", FOUND, ids=lambda p: p.name)
def test_a_found_input_gets_answers_from_the_language_server(path, tmp_path, monkeypatch):
    """The book opened in the server, every request asked (fuzz/lsp.py): no bug logged, done in time."""
    book = tmp_path / path.name
    book.write_bytes(path.read_bytes())
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(ROOT))
    from fuzz.oracle import run_in_process

    status, output, problem = run_in_process(["lsp-session", str(book), "4029241"], seconds=60)
    assert problem is None, output[-2000:]
