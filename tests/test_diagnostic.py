"""Bounded output: at most N diagnostics of a code per file, the rest counted in one (issue #10)."""

from __future__ import annotations

import json

import pytest

from ledgerlang.diagnostic import MAX_PER_CODE, Severity, capped, error, warning
from ledgerlang.model.span import Span
from support import PRELUDE, ledger


def _at(path: str, line: int) -> Span:
    return Span(path, line, 1, line, 2)


def test_capped_keeps_the_first_of_each_code_in_each_file_and_counts_the_rest():
    """Per (file, code): the first N in order, then one diagnostic of that code with the count of the others."""
    found = ([warning("duplicate-fact", f"dup {i}", _at("a.iij", i)) for i in range(1, 8)]
             + [error("syntax", f"bad {i}", _at("a.iij", 100 + i)) for i in range(1, 3)]
             + [warning("duplicate-fact", f"dup b {i}", _at("b.iij", i)) for i in range(1, 4)])
    shown = capped(found, 3)
    assert [d.message for d in shown if d.span.path == "b.iij"] == ["dup b 1", "dup b 2", "dup b 3"]
    a_dups = [d for d in shown if d.span.path == "a.iij" and d.code == "duplicate-fact"]
    assert [d.message for d in a_dups[:3]] == ["dup 1", "dup 2", "dup 3"]
    (summary,) = a_dups[3:]
    assert summary.severity is Severity.WARNING and summary.span.line == 4
    assert summary.message.startswith("4 more duplicate-fact diagnostics in a.iij are not shown")
    assert "dup 4" in summary.notes[0]
    assert len([d for d in shown if d.code == "syntax"]) == 2
    assert capped(found, 0) == found and capped(found, MAX_PER_CODE) == found
    (one,) = [d for d in capped(found[:4], 3) if d.message.startswith("1 more")]
    assert one.message.startswith("1 more duplicate-fact diagnostic in a.iij is not shown")


def test_check_prints_a_hundred_duplicates_and_counts_the_rest(tmp_path):
    """250 repeated rows: 100 warnings shown and one counting 149 more; the summary line and exit status count all."""
    path = tmp_path / "dup.iij"
    path.write_text(PRELUDE + 'item rev "R" JPY flow\ntable "T" in JPY millions\n  columns 1Q03\n'
                    + "  rev 1\n" * 250, encoding="utf-8")
    result = ledger("check", "--format", "json", str(path))
    document = json.loads(result.stdout)
    found = document["diagnostics"]
    assert len(found) == 101 and found[-1]["message"].startswith("149 more duplicate-fact diagnostics")
    assert document["summary"]["warnings"] == 249  # the summary counts every one, as the text's does
    text = ledger("check", str(path)).stdout
    assert text.count("warning[duplicate-fact]") == 101 and "check: 0 errors, 249 warnings" in text
    assert len(json.loads(ledger("check", "--format", "json", "--max-per-code", "0", str(path)).stdout)["diagnostics"]) == 249
    assert len(json.loads(ledger("check", "--format", "json", "--max-per-code", "10", str(path)).stdout)["diagnostics"]) == 11


def test_severities_are_ordered_ints_that_print_their_names_and_stay_one_object_each():
    """Severity is not an IntEnum (the enum module is 3 ms of start-up) but behaves as the one it
    replaced did wherever ledgerlang uses it: ordered, equal to its number, printed and formatted
    as its lower-case name, called by its number, and the very same object after pickling (the
    joint pass's worker sends diagnostics back pickled) or copying."""
    import copy
    import pickle

    members = [Severity.INFO, Severity.WARNING, Severity.ERROR]
    assert members == [0, 1, 2] and sorted(reversed(members)) == members
    assert [str(s) for s in members] == ["info", "warning", "error"]
    assert [f"{s}[x]" for s in members] == ["info[x]", "warning[x]", "error[x]"] and f"{Severity.ERROR:>6}" == " error"
    assert [s.name for s in members] == ["INFO", "WARNING", "ERROR"] and Severity.ERROR.value == 2
    assert repr(Severity.WARNING) == "<Severity.WARNING: 1>"
    for s in members:
        assert Severity(int(s)) is s
        assert pickle.loads(pickle.dumps(s, pickle.HIGHEST_PROTOCOL)) is s
        assert copy.copy(s) is s and copy.deepcopy(s) is s
        assert {s: "found"}[int(s)] == "found"
    for bad in (3, -1, "error", None):
        with pytest.raises(ValueError, match="not a valid Severity"):
            Severity(bad)
    d = error("total-mismatch", "m", _at("a.iij", 1))
    assert pickle.loads(pickle.dumps(d)).severity is Severity.ERROR
    assert json.loads(json.dumps({"severity": str(d.severity)}))["severity"] == "error"
