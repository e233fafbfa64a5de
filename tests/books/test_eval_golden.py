"""Golden: `ledger eval books/iij` (text) is pinned, but for its last line, the check summary,
which tests/golden/books/iij-check.json pins in full.

A figure derived rather than printed is marked `*`, one printed with fewer digits than shown `~`,
each table with a legend line; regenerate deliberately and read the diff:

    LEDGER_REGENERATE=1 .venv/bin/python -m pytest tests/books/test_eval_golden.py
"""

from __future__ import annotations

import os

from support import ROOT, ledger

GOLDEN = ROOT / "tests" / "golden" / "books" / "iij-eval.txt"


def test_eval_output_matches_the_golden_file():
    result = ledger("eval", "books/iij", cwd=ROOT)
    assert result.returncode == 0, result.stderr
    statements, summary = result.stdout.rstrip("\n").rsplit("\n", 1)
    assert summary.startswith("check: ")
    if os.environ.get("LEDGER_REGENERATE") == "1":
        GOLDEN.write_text(statements + "\n", encoding="utf-8")
    assert statements + "\n" == GOLDEN.read_text(encoding="utf-8")


def test_the_golden_file_marks_what_the_books_did_not_print():
    """The sum of four quarters and the ratios are derived; 10.6 billion is shown as 10,600~."""
    text = GOLDEN.read_text(encoding="utf-8")
    assert "(1,672)*" in text and "10,600~" in text
    assert "(Total revenues 3Q02 was printed as 10.6 billions)" in text
