"""Golden: the full `ledger check books/iij/*.iij --format json` output is pinned.

Any change to a finding in the IIJ books (a new violation, a lost one, a
changed message or note) shows up as a diff of tests/golden/books/iij-check.json
in review. The output changes whenever the core's diagnostics change; then
regenerate, read the diff, and commit it with the change:

    LEDGER_REGENERATE=1 .venv/bin/python -m pytest tests/books/test_golden.py
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from support import ROOT, ledger

GOLDEN = ROOT / "tests" / "golden" / "books" / "iij-check.json"


def check_output():
    books = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "books" / "iij").glob("*.iij"))
    return ledger("check", *books, "--format", "json", cwd=ROOT)


def test_check_output_matches_the_golden_file():
    """`ledger check` on the IIJ books prints exactly the pinned JSON (LEDGER_REGENERATE=1 rewrites it)."""
    result = check_output()
    assert result.returncode in (0, 1), result.stderr
    if os.environ.get("LEDGER_REGENERATE") == "1":
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(result.stdout, encoding="utf-8")
    expected = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert json.loads(result.stdout) == expected


def test_exit_status_follows_the_findings():
    """The exit status is 1 exactly when some error is not acknowledged."""
    result = check_output()
    found = json.loads(result.stdout)["diagnostics"]
    open_errors = [d for d in found if d["severity"] == "error" and not d["acknowledged"]]
    assert result.returncode == (1 if open_errors else 0)


def test_every_violation_in_the_sources_is_acknowledged():
    """Each error the IIJ books produce is an inconsistency of the sources, acknowledged with its reason."""
    found = json.loads(GOLDEN.read_text(encoding="utf-8"))["diagnostics"]
    errors = [d for d in found if d["severity"] == "error"]
    assert errors and all(d["acknowledged"] for d in errors)
    assert not [d for d in found if d["code"] == "stale-accept"]


def test_paths_are_relative_to_the_repository():
    """The pinned output names books by repository-relative paths, so it holds on any machine."""
    found = json.loads(GOLDEN.read_text(encoding="utf-8"))["diagnostics"]
    assert all(d["path"] is None or not Path(d["path"]).is_absolute() for d in found)
