"""A restated figure is compared with the restated value, never flagged against the original it replaces."""

from support import PRELUDE, diagnose, ledger

ITEMS = """
item rev "Revenues" JPY flow
"""

FY2014 = """
document "FY2014 results" dated 2015-05 basis US_GAAP
table "Results" in JPY billions
  columns FY2014 FY2013 yoy%(FY2014)
  rev 100.0 90.0 11.1%
"""

FY2015 = """
document "FY2015 results" dated 2016-05 basis IFRS
table "Results (IFRS; FY2014 restated)" in JPY billions
  restated "FY2014 restated under IFRS"
  columns FY2015 FY2014 yoy%(FY2015)
  rev 105.0 98.0 7.1%
"""


def test_a_restated_prior_year_is_not_flagged_against_the_original(tmp_path):
    """Books of two bases given together: no fact-mismatch; each document's yoy% checks with its own figures."""
    (tmp_path / "shared.iij").write_text(PRELUDE + ITEMS)
    (tmp_path / "a.iij").write_text('include "shared.iij"\n' + FY2014)
    (tmp_path / "b.iij").write_text('include "shared.iij"\n' + FY2015)
    result = ledger("check", str(tmp_path / "a.iij"), str(tmp_path / "b.iij"))
    assert result.returncode == 0, result.stdout
    assert "error" not in result.stdout.split("check:")[0]


def test_without_the_restated_mark_the_two_printings_disagree():
    """The same books without `restated` report the restatement as a fact-mismatch (and a yoy% against it)."""
    found = diagnose(ITEMS + FY2014 + FY2015.replace('  restated "FY2014 restated under IFRS"\n', ""))
    assert "fact-mismatch" in [d.code for d in found]


def test_a_wrong_change_against_the_restated_figure_is_still_found():
    """The restating document's yoy% is checked against the restated value: 105 / 98 is +7.1%, not 5.0%."""
    found = diagnose(ITEMS + FY2014 + FY2015.replace("7.1%", "5.0%"))
    assert [d.code for d in found if d.severity == 2] == ["change-mismatch"]
    assert "98.0 billion" in next(d.message for d in found if d.code == "change-mismatch")


def test_basis_and_restated_survive_the_formatter():
    """`basis` and `restated` are part of the syntax: the formatter keeps them."""
    from ledgerlang.fmt import format_text

    text = PRELUDE + ITEMS + FY2014 + FY2015
    formatted, diagnostics = format_text(text, "t.iij")
    assert diagnostics == [] and formatted is not None
    assert "dated 2016-05 basis IFRS" in formatted and 'restated "FY2014 restated under IFRS"' in formatted


def test_two_originals_that_disagree_are_compared_with_each_other():
    """The originals a restatement replaces still meet each other: a second original that differs
    is a fact-mismatch against the most precise one, its note naming that original figure;
    neither is compared with the restatement."""
    FY2014_AGAIN = """
document "FY2014 annual report" dated 2015-06 basis US_GAAP
table "Annual results" in JPY billions
  columns FY2014
  rev 101.0
"""
    found = diagnose(ITEMS + FY2014 + FY2014_AGAIN + FY2015)
    mismatches = [d for d in found if d.code == "fact-mismatch"]
    assert len(mismatches) == 1
    (mismatch,) = mismatches
    assert mismatch.message.startswith("rev@FY2014 is reported as 101.0 billion but 'Results', column FY2014 (100.0)")
    assert "98.0" not in mismatch.message  # the restatement is never what an original is compared with
    assert mismatch.notes[-1] == f"note: the same original figure is printed at {mismatch.span.path}:13:7"


PARTS = """
item seg.a "Segment A" JPY flow
item seg.b "Segment B" JPY flow
item total "Total" JPY flow = seg.a + seg.b
"""

PARTS_FY2014 = """
document "FY2014 results" dated 2015-05 basis US_GAAP
table "Segments" in JPY billions
  columns FY2014
  seg.a 60.0
  seg.b 40.0
  total {total}
"""

TOTAL_FY2015 = """
document "FY2015 results" dated 2016-05 basis IFRS
table "Results (FY2014 restated under IFRS)" in JPY billions
  restated "FY2014 restated under IFRS"
  columns FY2015 FY2014 yoy%(FY2015)
  total 105.0 98.0 7.1%
"""


def test_a_restated_total_is_not_weighed_against_parts_printed_only_as_originally():
    """The release restates the total (98.0 under IFRS) but not its segments, printed only in last
    year's US GAAP release (60.0 + 40.0 = 100.0, which foots). The sum cannot be checked on the new
    basis, whose parts no book gives; checking it on the old one holds. It was a total-mismatch
    (98.0 against 100.0) whose culprit was a segment of the original, correct table."""
    found = diagnose(PARTS + PARTS_FY2014.format(total="100.0") + TOTAL_FY2015)
    assert [d.code for d in found if d.severity > 0] == []


def test_a_rule_on_two_bases_is_still_checked_on_the_originals():
    """The originals must foot among themselves: 60.0 + 40.0 printed with a total of 101.0 does not."""
    found = [d for d in diagnose(PARTS + PARTS_FY2014.format(total="101.0") + TOTAL_FY2015) if d.severity > 0]
    assert [(d.code, d.item, d.period) for d in found] == [("total-mismatch", "total", "FY2014")]
    assert "101.0 billion" in found[0].message
    assert "note: checked on the figures as first printed, as some of them are restated" in found[0].notes


def test_a_rule_whose_figures_are_all_restated_is_checked_on_the_restated_basis():
    """Segments restated with their total: 59.0 + 40.0 is 99.0, so a restated total of 98.0 is wrong."""
    restated = TOTAL_FY2015.replace("  total 105.0 98.0 7.1%\n", "  seg.a . 59.0 .\n  seg.b . 40.0 .\n  total 105.0 {t} .\n")
    assert [d.code for d in diagnose(PARTS + PARTS_FY2014.format(total="100.0") + restated.format(t="98.0"))
            if d.severity > 0] == ["total-mismatch"]
    assert [d.code for d in diagnose(PARTS + PARTS_FY2014.format(total="100.0") + restated.format(t="99.0"))
            if d.severity > 0] == []


def test_a_restated_year_is_not_weighed_against_quarters_printed_only_as_originally():
    """FY2014 restated (98.0) over quarters printed only in the original release (4 x 25.0 = 100.0):
    no period-sum-mismatch, and the original year must still be the sum of its quarters."""
    quarters = """
document "FY2014 results" dated 2015-05 basis US_GAAP
table "Quarters" in JPY billions
  columns 1Q14 2Q14 3Q14 4Q14 FY2014
  total 25.0 25.0 25.0 25.0 {year}
"""
    assert [d.code for d in diagnose(PARTS + quarters.format(year="100.0") + TOTAL_FY2015) if d.severity > 0] == []
    found = [d for d in diagnose(PARTS + quarters.format(year="101.0") + TOTAL_FY2015) if d.severity > 0]
    assert [(d.code, d.message.split(" but ")[0]) for d in found] == [
        ("period-sum-mismatch", "total@FY2014 is reported as 101.0 billion")]
