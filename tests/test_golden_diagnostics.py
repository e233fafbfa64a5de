"""Every diagnostic code has one reproducer under tests/golden/diagnostics/, with its expected output.

Regenerate the expected outputs with `LEDGER_REGENERATE=1 python -m pytest tests/test_golden_diagnostics.py`
and review the diff.
"""

from __future__ import annotations

import os

import pytest

from support import ROOT, ledger

FOLDER = ROOT / "tests" / "golden" / "diagnostics"
# Books that exist only to be included by a reproducer.
HELPERS = {"include-cycle-other.iij", "empty-include-other.iij"}
CASES = sorted(p.name for p in FOLDER.glob("*.iij") if p.name not in HELPERS)


def output_of(name: str) -> str:
    result = ledger("check", f"tests/golden/diagnostics/{name}")
    assert "Traceback" not in result.stderr
    return f"{result.stdout}exit: {result.returncode}\n"


@pytest.mark.parametrize("name", CASES)
def test_golden_diagnostic(name):
    """`ledger check` on the reproducer prints exactly the reviewed output."""
    expected_path = FOLDER / name.replace(".iij", ".out")
    actual = output_of(name)
    if os.environ.get("LEDGER_REGENERATE"):
        expected_path.write_text(actual, encoding="utf-8")
    assert expected_path.exists(), f"no expected output for {name}: run with LEDGER_REGENERATE=1"
    assert actual == expected_path.read_text(encoding="utf-8")


def test_each_reproducer_shows_its_code():
    """A reproducer named after a code produces a diagnostic with that code."""
    for name in CASES:
        code = name.removesuffix(".iij")
        text = (FOLDER / name.replace(".iij", ".out")).read_text(encoding="utf-8")
        if code == "guidance":
            assert "[guidance-" in text
        elif code == "acknowledged":
            assert "(acknowledged)" in text
        else:
            assert f"[{code}]" in text, name


def test_the_readmes_joint_check_excerpt_is_the_golden_output():
    """Each line of the README's excerpt of a joint-inconsistent finding is in the reproducer's
    output, but for what it elides ("..."): an excerpt that drifts from the output is caught."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("    error[joint-inconsistent]: eps.basic@1Q03")
    excerpt = readme[start:readme.index("\n\n", start)].splitlines()
    golden = (FOLDER / "joint-inconsistent.out").read_text(encoding="utf-8")
    assert len(excerpt) >= 6
    for line in excerpt:
        for fragment in line.strip().split("..."):
            fragment = fragment.strip(" ()")
            assert fragment in golden, line


def test_no_message_shows_pythons_names_for_what_the_book_wrote():
    """A message quotes the book (`drop @-1q`), never the object ledgerlang holds for it
    (`drop @Shift(quarters=-1)`): across every reproducer's output."""
    import re

    python = re.compile(r"\b(Shift|Duration|Instant|Edge|Ref|Bin|Call|Neg|Num|Decimal|Reported|Fact|Measured|"
                        r"Interval|Period|Unit|Span|Source)\((?:[a-z_]+=|')")
    for name in CASES:
        out = (FOLDER / name.replace(".iij", ".out")).read_text(encoding="utf-8")
        assert not python.search(out), (name, python.search(out).group(0))


# Codes no book read by `ledger check` alone can show: another command's, or a command line's
# (`--root`; an include outside the root names the root, an absolute path), or a file too large to
# keep in the repository. Each is tested with its command.
ELSEWHERE = {"draft-empty", "draft-unparsed", "draft-unreadable", "fmt-unproven", "not-a-book", "outside-root",
             "include-outside-root", "file-too-large"}


def test_every_code_a_check_reports_has_a_reproducer():
    """The README's promise: each code in the registry (check/acknowledge.py) is shown by a golden
    reproducer's output, but those of other commands and command lines."""
    from ledgerlang.check.acknowledge import CODES

    shown = "".join((FOLDER / name.replace(".iij", ".out")).read_text(encoding="utf-8") for name in CASES)
    assert sorted(c for c in CODES if f"[{c}]" not in shown and c not in ELSEWHERE) == []
    assert sorted(c for c in ELSEWHERE if f"[{c}]" in shown) == []  # a code shown here is no exception
