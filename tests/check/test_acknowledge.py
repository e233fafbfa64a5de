"""Known discrepancies are acknowledged, not deleted; a stale acknowledgement is reported."""

from support import diagnose

TEXT = """
item a "A" JPY flow
item total "Total" JPY flow = a * 2
table "T" in JPY millions
  columns 1Q03
  a 10
  total {total}
accept total-mismatch at total@1Q03 "the source prints it so"
"""


def test_accepted_violation_is_acknowledged_not_counted():
    """An accepted violation is still shown, as acknowledged, and is not an error."""
    found = diagnose(TEXT.format(total="25"))
    assert [(d.code, d.acknowledged) for d in found] == [("total-mismatch", "the source prints it so")]
    assert not any(d.counts_as_error for d in found)


def test_stale_acceptance_is_reported():
    """When the violation goes away, the acceptance is reported as stale."""
    found = diagnose(TEXT.format(total="20"))
    assert [d.code for d in found] == ["stale-accept"]


def test_an_acceptance_that_misses_a_finding_by_its_code_period_or_source_names_the_finding():
    """"the violation is gone (or never was)" told the author to remove an acceptance whose code,
    period or source had a typo while the finding it meant stood as an error beside it."""
    def hint(accept: str) -> str:
        found = diagnose(TEXT.format(total="25").replace('accept total-mismatch at total@1Q03 "the source prints it so"',
                                                         accept))
        [stale] = [d for d in found if d.code == "stale-accept"]
        return stale.notes[-1]

    assert hint('accept rule-mismatch at total@1Q03 "x"') == (
        "hint: at total@1Q03 there is total-mismatch: did you mean `accept total-mismatch at total@1Q03`?")
    assert hint('accept total-mismatch at total@2Q03 "x"') == (
        "hint: total has a total-mismatch at 1Q03: did you mean `accept total-mismatch at total@1Q03`?")
    assert hint('accept total-mismatch at total@1Q03 in "Table 9" "x"') == (
        "hint: there is a total-mismatch at total@1Q03, but its notes do not name 'Table 9': correct the source, "
        'or drop `in "..."`')
    assert hint('accept total-mismatch at a@1Q03 "x"') == (
        "hint: the violation is gone (or never was): remove this acceptance")


def total_line() -> int:
    """The line of the row `total` in the book `diagnose` reads (its prelude first)."""
    return next(d for d in diagnose(TEXT.format(total="25")) if d.code == "total-mismatch").span.line


def test_an_accept_of_a_code_ledgerlang_does_not_report_is_an_error_with_the_likely_code():
    """A misspelt code is not a stale acceptance (which a fixed finding would also give): it is an
    error, with the code meant, and the finding it meant to accept stays an error."""
    found = diagnose(TEXT.format(total="25").replace("accept total-mismatch", "accept totals-mismatch"))
    assert sorted(d.code for d in found) == ["total-mismatch", "unknown-code"]
    unknown = next(d for d in found if d.code == "unknown-code")
    assert unknown.counts_as_error and "totals-mismatch" in unknown.message
    assert unknown.notes == ("hint: did you mean total-mismatch?",)
    assert unknown.span.line == total_line() + 1


def test_a_second_accept_of_one_finding_names_the_first():
    """Two acceptances of one finding: the second is stale, and says which acceptance took it."""
    text = TEXT.format(total="25") + 'accept total-mismatch at total@1Q03 "again"\n'
    found = diagnose(text)
    assert [(d.code, bool(d.acknowledged)) for d in found] == [("total-mismatch", True), ("stale-accept", False)]
    stale = found[1]
    assert stale.span.line == total_line() + 2
    assert f"accepted at test.iij:{total_line() + 1}:" in stale.message


def test_every_code_in_the_readme_is_one_an_accept_may_name():
    """The codes `accept` knows are the README's table of diagnostics, and every golden reproducer's."""
    import re

    from ledgerlang.check.acknowledge import CODES
    from support import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("## Diagnostics"):readme.index("## Limits, and hostile input")]
    documented = set()
    for line in table.splitlines():
        if line.startswith("| `"):
            cell = line.split("|")[1]
            codes = re.findall(r"`([a-z-]+)`", cell)
            stem = codes[0].rsplit("-", 1)[0] if codes[0].startswith("guidance-") else None
            documented |= {f"{stem}{c}" if c.startswith("-") else c for c in codes}
    assert documented and documented <= CODES, documented - CODES
    for out in (ROOT / "tests" / "golden" / "diagnostics").glob("*.out"):
        shown = set(re.findall(r"(?:error|warning|info)\[([a-z-]+)\]", out.read_text(encoding="utf-8")))
        assert shown <= CODES, (out.name, shown - CODES)
    for source in (ROOT / "ledgerlang").rglob("*.py"):
        made = set(re.findall(r"\b(?:error|warning|info)\(\s*\"([a-z-]+)\"", source.read_text(encoding="utf-8")))
        assert made <= CODES, (source.name, made - CODES)
