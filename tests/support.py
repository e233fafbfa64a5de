"""Helpers for tests: books from inline text, the pipeline, and the `ledger` command.

The command is always this project's, run as `python -m ledgerlang` with the
interpreter running the tests, never whatever `ledger` is first on PATH
(Debian's Ledger has the same name).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

from ledgerlang.check import check
from ledgerlang.diagnostic import sort_key
from ledgerlang.evaluate.compute import evaluate
from ledgerlang.load import load

ROOT = Path(__file__).resolve().parent.parent

PRELUDE = """\
entity acme "Acme Corp."
  fiscal year ends 03-31
  fiscal year named by start
currency JPY
currency USD
unit shares
"""


# A claim whose 57th character falls inside a figure ("... were JPY 8,344 million"): where
# messages shorten it, they must cut before that word.
LONG_CLAIM = """
item rev "Revenues" JPY flow
table "T" in JPY thousands
  columns 1Q03 1Q02
  rev 8,344,046 9,849,202
claim "Revenues for the first quarter of fiscal 2003 were JPY 8,344 million, down {change} year on year"
  yoy%(rev@1Q03) = -{change}
"""


def book(text: str, path: str = "test.iij", prelude: bool = True):
    """Load a book from inline text (with a small entity prelude); returns (book, diagnostics)."""
    source = (PRELUDE if prelude else "") + textwrap.dedent(text)
    return load(source, path)


def diagnose(text: str, prelude: bool = True):
    """Every diagnostic of a book: loading, evaluation and checks."""
    loaded, diagnostics = book(text, prelude=prelude)
    evaluation, more = evaluate(loaded)
    checked = check(loaded, evaluation)  # checks may evaluate more, and add to `more`
    return sorted(diagnostics + more + checked, key=sort_key)


def codes(text: str, prelude: bool = True) -> list[str]:
    return [d.code for d in diagnose(text, prelude)]


def evaluated(text: str):
    loaded, diagnostics = book(text)
    evaluation, _ = evaluate(loaded)
    return evaluation


def ledger(*args: str, cwd: Path | None = None, stdin: str | None = None) -> subprocess.CompletedProcess:
    """Run this project's `ledger` command."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "ledgerlang", *args], cwd=cwd or ROOT, env=env,
                          capture_output=True, text=True, input=stdin, timeout=300)


DIALUP_ROW = "  rev.dialup          767    822       -6.7%     765        0.3%"  # the IIJ release's row


def linked_iij(tmp_path: Path) -> tuple[Path, Path, int]:
    """The IIJ books copied to `tmp_path/iij`, their definitions kept in `tmp_path/shared` and included
    through a link (as ledgers that share definitions keep them): (the definitions, the 1Q03 release,
    the line of its dial-up row)."""
    shutil.copytree(ROOT / "books" / "iij", tmp_path / "iij")
    (tmp_path / "shared").mkdir()
    defs = tmp_path / "shared" / "iij.iij"
    (tmp_path / "iij" / "iij.iij").rename(defs)
    (tmp_path / "iij" / "iij.iij").symlink_to(defs)
    release = tmp_path / "iij" / "iij-1q03-earnings-release.iij"
    return defs, release, release.read_text(encoding="utf-8").split("\n").index(DIALUP_ROW)

