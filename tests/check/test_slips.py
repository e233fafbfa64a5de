"""A transcriber's slips, made one at a time in a copy of a bundled IIJ book: what `ledger check`
says of each names the figure that is wrong, the value it should print, and why.

Each slip is made to a real figure of the book, as a transcriber's eye or hand could make it (the
year before's total typed for this year's, two figures in each other's columns, two digits
transposed, a last digit one off, a loss's minus left out); no other figure is made up.
"""

import json
import shutil

from support import ROOT, ledger

RELEASE = "iij-1q03-earnings-release.iij"


def slip(tmp_path, old: str, new: str, on: str, name: str = RELEASE, book: str = "iij", first: bool = False):
    """A copy of `book` with `old` replaced by `new` on the one line that holds `on` (`first`: the first of
    the lines that hold it, a line two claims state alike): the copy's folder."""
    copy = tmp_path / book
    shutil.copytree(ROOT / "books" / book, copy)
    lines = (copy / name).read_text().split("\n")
    at = [n for n, line in enumerate(lines) if on in line][:1 if first else None]
    assert len(at) == 1 and old in lines[at[0]], (on, old)
    lines[at[0]] = lines[at[0]].replace(old, new, 1)
    (copy / name).write_text("\n".join(lines))
    return copy


def errors_of(copy) -> list[dict]:
    """The errors `ledger check --format json` reports of a book's folder that no `accept` acknowledges."""
    result = ledger("check", "--format", "json", str(copy))
    assert result.returncode == 1, result.stderr
    found = json.loads(result.stdout)["diagnostics"]
    return [d for d in found if d["severity"] == "error" and not d.get("acknowledged")]


def slipped(tmp_path, old: str, new: str, on: str, name: str = RELEASE, book: str = "iij",
            first: bool = False) -> list[dict]:
    """The unacknowledged errors of `book` with the slip `slip` makes."""
    return errors_of(slip(tmp_path, old, new, on, name, book, first))


def first_culprit(d: dict) -> str:
    return next(n for n in d["notes"] if n.startswith("culprit: "))


def test_a_total_copied_from_the_year_before_is_the_first_culprit_of_every_error_it_causes(tmp_path):
    """Appendix 1's 1Q03 total revenues typed as 1Q02's (9,849,202 for 8,344,046): each of the dozens of
    errors it causes names that figure first, with the one value that resolves them all and their count,
    though two percentages of it the release itself misprints cannot be resolved by it."""
    errors = slipped(tmp_path, "8,344,046", "9,849,202", on="  rev.total           69,609")
    change = ("'Appendix 1. Consolidated statements of operations, three months ended Jun 30, 2003', column 1Q03: "
              "rev.total@1Q03 from 9,849,202 to 8,344,046")
    named = [d for d in errors if first_culprit(d).startswith(f"culprit: changing {change} resolves ")]
    assert len(named) == len(errors) > 30
    assert all(first_culprit(d).endswith(f"resolves {len(named)} errors") for d in named)


def test_a_joint_finding_names_a_printed_percentage_as_printed_and_its_chain_reads_as_a_proof(tmp_path):
    """Table 2's rev.ded.other@1Q03 typed 788 for 787: every relation still holds alone, but with Appendix 1's
    rev.dedicated in thousands, rev.ded.ip is at most 2,533.73 million, and its change cannot print -1.5%. The
    finding names the percentage it is placed at, each step says only the end of an interval it proves (a
    figure printed 2,534 is at least 2,533.50, not in [2,533.50, 2,533.73] by its own rounding), the last
    step shows the printed figure's own interval beside what the others give, the hint gives the `accept`
    line that matches, and the slipped figure is among the culprits."""
    copy = slip(tmp_path, "787    949", "788    949", on="  rev.ded.other ")
    [d] = errors_of(copy)
    assert d["code"] == "joint-inconsistent"
    assert d["message"].startswith("yoy%(rev.ded.ip)@1Q03 cannot be right together with ")
    chain = [n for n in d["notes"] if n.startswith("chain ")]
    assert any(n.endswith("prints rev.ded.ip@1Q03 as 2,534: rev.ded.ip@1Q03 at least 2,533.50 million") for n in chain)
    assert any(n.startswith("chain ") and "rule rev.dedicated = rev.ded.ip + rev.ded.other at 1Q03" in n
               and n.endswith("rev.ded.ip@1Q03 at most 2,533.73 million; rev.ded.other@1Q03 at most 787.73 million")
               for n in chain)
    empty = next(n for n in d["notes"] if n.startswith("empty: "))
    assert "but it is printed -1.5%, any value in [-1.55, -1.45]%" in empty
    hint = next(n for n in d["notes"] if n.startswith("hint: "))
    accept = 'accept joint-inconsistent at rev.ded.ip@1Q03 "REASON"'
    assert f"`{accept}`" in hint
    assert any("rev.ded.other@1Q03 from 788 to 787" in n for n in d["notes"] if n.startswith("culprit: "))
    # The line the hint gives, with a reason written in, acknowledges the finding.
    with open(copy / RELEASE, "a") as book:
        book.write("\n" + accept.replace("REASON", "rev.ded.other is printed one million over") + "\n")
    assert ledger("check", str(copy)).returncode == 0


def test_a_culprit_value_no_figure_of_its_digits_can_print_is_not_proposed():
    """The bundled book's placement: the price (418,200, exact) would have to be 418,200.1531393568 for the cash
    flow's 1,365,424 thousand, which the note proposed "which takes more digits than it is printed with"; no
    culprit is a value with more digits than its figure is printed with, and the cash flow's is named alone."""
    result = ledger("check", "--format", "json", str(ROOT / "books" / "iij"))
    notes = [n for d in json.loads(result.stdout)["diagnostics"] for n in d["notes"] if n.startswith("culprit: ")]
    assert not [n for n in notes if "placement.price" in n or "more digits" in n or " to a value in [" in n]
    assert any("cf.fin.stock@1Q03 from 1,365,424 to 1,365,423 resolves 1 error" in n for n in notes)


def test_a_figure_copied_from_the_year_before_is_told_beside_the_change_it_breaks(tmp_path):
    """The FY2013 release's operating income typed as FY2012's 7,753 (for 5,723): its "down 26.2%" is computed
    7,753 over 7,753, and the culprit notes, counting last digits moved, name the percentage first; a hint says
    the two years print one figure, which a copy from the year before does."""
    errors = slipped(tmp_path, "5,723", "7,753", on="  op.income@FY2013 = ", name="iij-fy2013-results.iij",
                     book="iij-annual")
    [change] = [d for d in errors if d["code"] == "claim-mismatch"]
    assert change["message"].startswith("yoy%(op.income@FY2013) is reported as -26.2%")
    assert ("hint: op.income@FY2013 is printed as 7,753 million, the same figure as op.income@FY2012: check that it "
            "was not copied from the period before") in change["notes"]


def test_two_figures_typed_into_each_others_columns_are_each_told_which_column_they_belong_to(tmp_path):
    """Table 6's sales and marketing expenses, 827 (1Q03) and 749 (1Q02), typed the other way round: each
    fact-mismatch says its figure is the other quarter's, printed precisely in that quarter's Appendix 1."""
    errors = slipped(tmp_path, "827     749", "749     827", on="  exp.sales         827")
    hints = {d["period"]: [n for n in d["notes"] if n.startswith("hint: ")] for d in errors}
    assert sorted(hints) == ["1Q02", "1Q03"]
    assert hints["1Q03"] == [
        "hint: 749 million is exp.sales@1Q02's figure (749,361 thousand in 'Appendix 1. Consolidated statements of "
        "operations, three months ended Jun 30, 2002', column 1Q02): it may have been typed from the 1Q02 column"]
    assert hints["1Q02"][0].startswith("hint: 827 million is exp.sales@1Q03's figure (826,979 thousand in ")


def test_a_precise_figure_copied_from_the_year_before_is_named_where_the_right_figure_is_blamed(tmp_path):
    """With Appendix 1's 1Q03 total revenues typed as 1Q02's, Table 1's 8,344 (right) is reported against it:
    the hint says the figure it is compared with is 1Q02's too, and which one to correct if it was copied."""
    errors = slipped(tmp_path, "8,344,046", "9,849,202", on="  rev.total           69,609")
    [table] = [d for d in errors if d["code"] == "fact-mismatch"]
    assert table["message"].startswith("rev.total@1Q03 is reported as 8,344 million")
    assert ("hint: the figure it is compared with, 9,849,202 thousand in 'Appendix 1. Consolidated statements of "
            "operations, three months ended Jun 30, 2003', column 1Q03, is also rev.total@1Q02's figure (9,849,202 "
            "thousand in 'Appendix 1. Consolidated statements of operations, three months ended Jun 30, 2002', column "
            "1Q02): if it was copied from 1Q02, it is the one to correct") in table["notes"]


def test_a_transposition_is_said_and_put_first_where_another_figure_would_move_as_many_digits(tmp_path):
    """Appendix 2's total assets at Jun 30, 2003 typed 35,283,816 for 35,283,861: changing ppe by the same 45
    would foot the assets too, and resolve as many errors, so the order alone named ppe first. The total, whose
    right value is its own digits with 61 typed as 16, is named first and the transposition said."""
    errors = slipped(tmp_path, "35,283,861", "35,283,816", on="  assets.total                     294,351")
    [total] = [d for d in errors if d["code"] == "total-mismatch"]
    assert first_culprit(total) == (
        "culprit: changing 'Appendix 2. Consolidated balance sheets, Jun 30, 2003', column 2003-06-30: "
        "assets.total@2003-06-30 from 35,283,816 to 35,283,861 (digits transposed: 61 typed as 16) resolves 2 errors")


def test_a_loss_stated_without_its_minus_is_told_how_a_claim_writes_it(tmp_path):
    """"Operating loss of JPY 1,060 million" transcribed op.income@1Q03 = 1,060, without the minus that makes
    the amount a loss: the hint says how the line is written, not only that the sign looks flipped."""
    errors = slipped(tmp_path, "-op.income@1Q03 = 1,060", "op.income@1Q03 = 1,060", on="-op.income@1Q03 = 1,060",
                     first=True)
    [claim] = errors
    assert ("hint: the sign looks flipped: the figure matches with the opposite sign; a loss or an outflow the text "
            "states as an amount is written with a minus before the item: -op.income@1Q03 = 1,060") in claim["notes"]


def test_an_expense_stated_with_a_minus_is_told_the_minus_states_its_opposite(tmp_path):
    """"an expense of JPY 161 million in 1Q02" transcribed -tax@1Q02 = 161: the line is a negated line, not a
    row, and the hint says the minus states the item's opposite."""
    errors = slipped(tmp_path, "  tax@1Q02 = 161", "  -tax@1Q02 = 161", on="  tax@1Q02 = 161 JPY millions")
    [claim] = errors
    assert claim["message"].startswith("tax@1Q02 is reported as -161 million (printed 161 in a negated line) but ")
    assert ("hint: the sign looks flipped: the figure matches with the opposite sign; the minus before the item "
            "(-tax@1Q02) states its opposite: remove it if the text states tax@1Q02 itself") in claim["notes"]


def test_a_claims_figure_typed_with_two_digits_transposed_is_told_which_against_its_text(tmp_path):
    """The FY2013 release's "Revenues JPY114,272 million" transcribed 114,227: the claim-text-drift says the
    line's figure is the text's with two digits transposed, and where that line is; the growth it breaks
    (claim-mismatch) points at the percentage, which the figures alone cannot tell apart from it."""
    errors = slipped(tmp_path, "114,272", "114,227", on="  rev.total@FY2013 = 114,272", name="iij-fy2013-results.iij",
                     book="iij-annual")
    assert [d["code"] for d in errors] == ["claim-mismatch", "guidance-mismatch"]
    result = ledger("check", "--format", "json", str(tmp_path / "iij-annual"))
    [drift] = [d for d in json.loads(result.stdout)["diagnostics"]
               if d["code"] == "claim-text-drift" and not d.get("acknowledged")]
    hint = next(n for n in drift["notes"] if "transposed" in n)
    assert hint.startswith("hint: the line's 114,227 is the text's 114,272 with two digits transposed (72 typed as "
                           "27), at ")
    assert hint.endswith("iij-fy2013-results.iij:16:3")


def test_a_figure_typed_at_another_tables_scale_is_told_both_ways_and_the_culprit_picks_it(tmp_path):
    """Table 1 (JPY millions) with value-added services typed as Appendix 1 prints them in thousands (987,198
    for 987): the hint said "check the scale its table states", though every other figure of Table 1 is in
    millions. It now says that one of the two printings was typed at the other's scale, and the culprit names
    the Table 1 figure as a slip of scale, with its value in millions and the row's scale to write."""
    [d] = slipped(tmp_path, "987    865", "987,198    865", on="  rev.vas             987    865")
    assert d["code"] == "fact-mismatch" and d["message"].startswith("rev.vas@1Q03 is reported as 987,198 million")
    assert ("hint: the figure matches if it is 987,198 thousand: one of the two printings was typed from a table at "
            "the other's scale, or its table states the wrong scale (`in ...`); the culprit note names the one to "
            "change") in d["notes"]
    assert first_culprit(d) == ("culprit: changing 'Table 1. Revenues (JPY in millions)', column 1Q03: rev.vas@1Q03 "
                                "from 987,198 million to 987,198 thousand (a slip of scale: write 987 if it was typed "
                                "from a table in thousands, or write `rev.vas in thousands` on its row, or correct the "
                                "scale the table states (`in ...`) if all its figures are in thousands) resolves 1 "
                                "error")


def test_the_more_precise_printing_typed_at_another_scale_is_not_the_one_the_hint_tells_to_keep(tmp_path):
    """Appendix 1 (JPY thousands) with value-added services typed in millions (987 for 987,198): the fact-mismatch
    falls on Table 1's 987 million, which is right, and its hint said to check Table 1's scale. The hint no longer
    picks a side; the sum of the service lines tells Appendix 1's figure what it should be: the culprit said
    987,198, digits no release printed beside the 987; it says the figure is 987 million, a slip of scale."""
    errors = slipped(tmp_path, "987,198", "987", on="  rev.vas              8,235      987,198")
    [table1] = [d for d in errors if d["code"] == "fact-mismatch" and d["line"] == 14]
    assert not [n for n in table1["notes"] if "check the scale" in n], table1["notes"]
    assert "one of the two printings was typed from a table at the other's scale" in "\n".join(table1["notes"])
    [total] = [d for d in errors if d["code"] == "total-mismatch" and d["item"] == "rev.vas"]
    assert ("hint: the figure matches if it is 987 million, which this table's thousands print as 987,000: write "
            "987,000 if it was typed from a table in millions, or correct the scale the table states (`in ...`) if "
            "all its figures are in millions") in total["notes"]
    assert all(first_culprit(d).startswith(
        "culprit: changing 'Appendix 1. Consolidated statements of operations, three months ended Jun 30, 2003', "
        "column 1Q03: rev.vas@1Q03 from 987 thousand to 987 million (a slip of scale: write `rev.vas in millions` on "
        "its row, or correct the scale the table states (`in ...`) if all its figures are in millions) resolves 14 "
        "errors") for d in errors)


def test_a_per_share_figure_with_its_decimal_point_moved_is_told_the_figure_it_should_print(tmp_path):
    """Appendix 1's net loss per ADS equivalent typed (439.8) for (43.98): the rule said only that net income over
    the ADS count gives -43.98, and the culprit asks for (44.0) together with another ADS count, as the figure's
    one printed decimal cannot hold -43.98. The hint says the point moved and what the figure prints."""
    errors = slipped(tmp_path, "(43.98)", "(439.8)", on="  eps.ads                  .      (43.98)")
    [rule] = [d for d in errors if d["code"] == "rule-mismatch"]
    assert rule["message"].startswith("eps.ads@1Q03 is reported as (439.8) JPY/ADS but net.income / ads.weighted "
                                      "gives -43.98 JPY/ADS")
    assert "hint: the figure matches with its decimal point moved 1 place left: (43.98)" in rule["notes"]
    [claim] = [d for d in errors if d["code"] == "claim-mismatch"]  # the narrative's -43.98, which is right
    assert ("hint: the figure matches with its decimal point moved 1 place right (-439.8): one of the two printings "
            "was typed with its point in the wrong place; the culprit note names the one to change") in claim["notes"]


def test_a_dollar_figure_typed_into_the_yen_column_is_named_as_the_rows_translation(tmp_path):
    """Appendix 1's value-added services with the USD column's 8,235 typed into the yen column as well: the
    fact-mismatch falls on Table 1's 987 million, which is right, against Appendix 1's 8,235 thousand. The hint
    says that 8,235 is the row's USD(1Q03) figure, the one to correct if it was typed from there."""
    errors = slipped(tmp_path, "987,198", "8,235", on="  rev.vas              8,235      987,198")
    [table1] = [d for d in errors if d["code"] == "fact-mismatch" and d["line"] == 14]
    assert ("hint: the figure it is compared with, 8,235 thousand in 'Appendix 1. Consolidated statements of "
            "operations, three months ended Jun 30, 2003', column 1Q03, is also the row's USD(1Q03) figure (USD 8,235 "
            "thousand): if it was typed from the currency column, it is the one to correct") in table1["notes"]


def test_a_column_whose_period_is_typed_wrong_is_named_where_the_claim_is_blamed(tmp_path):
    """Table 1's 4Q02 column headed 3Q02: its total revenues, 13,036, meet the presentation's claim that 3Q02
    revenues were JPY 10.6 billion, and the claim-mismatch, placed at the claim, which is right, said only that
    the table gives 13.04 billion. The hint says the table's figure is 4Q02's, and that its column's period may
    be typed wrong."""
    errors = slipped(tmp_path, "4Q02", "3Q02", on="  columns            1Q03   1Q02  yoy%(1Q03)    4Q02  qoq%(1Q03)")
    [claim] = errors
    assert claim["code"] == "claim-mismatch" and claim["item"] == "rev.total" and claim["period"] == "3Q02"
    assert ("hint: the figure it is compared with, 13,036 million in 'Table 1. Revenues (JPY in millions)', column "
            "3Q02, is also rev.total@4Q02's figure (13,036,439 thousand in 'Appendix 1. Consolidated statements of "
            "operations, three months ended Mar 31, 2003', column 4Q02): if it was copied from 4Q02, or its column's "
            "period typed 3Q02 for 4Q02, it is the one to correct") in claim["notes"]


def test_a_prior_year_written_at_another_scale_is_told_by_the_change_that_uses_it(tmp_path):
    """The FY2012 release's revenues written `106,248 JPY thousands` for millions: the FY2013 release's +7.6%
    is then computed as 107,452%, and the first culprit asked to change FY2013's revenues to 114. The hint says
    the change matches with either figure read at the other's scale."""
    errors = slipped(tmp_path, "JPY millions", "JPY thousands", on="  rev.total@FY2012 = 106,248 JPY millions",
                     name="iij-fy2012-results.iij", book="iij-annual")
    [claim] = [d for d in errors if d["code"] == "claim-mismatch"]
    assert claim["message"].startswith("yoy%(rev.total@FY2013) is reported as 7.6% but 114,272 million")
    assert ("hint: the change matches if rev.total@FY2012's 106,248 thousand is 106,248 million or if "
            "rev.total@FY2013's 114,272 million is 114,272 thousand: one of the two was written at the wrong scale; "
            "check the scale its table (`in ...`) or claim states") in claim["notes"]


def test_a_guidance_target_whose_prior_year_is_at_another_scale_is_not_told_the_source_disagrees(tmp_path):
    """The same slip under the FY2012 release's targets for FY2013 (JPY 117,000 million, up 10.1%): the
    guidance-mismatch said the source's target and growth disagree, though the source prints them alike. The
    hint says they agree with either figure read at the other's scale."""
    errors = slipped(tmp_path, "JPY millions", "JPY thousands", on="  rev.total@FY2012 = 106,248 JPY millions",
                     name="iij-fy2012-results.iij", book="iij-annual")
    [guidance] = [d for d in errors if d["code"] == "guidance-mismatch"]
    assert not [n for n in guidance["notes"] if "the source's target and its growth disagree" in n]
    assert ("hint: the target and its growth agree if rev.total@FY2012's 106,248 thousand is 106,248 million or if "
            "the target 117,000 million is 117,000 thousand: one of the two was written at the wrong scale; check the "
            "scale its table (`in ...`), claim or guidance states") in guidance["notes"]


def test_a_yen_figure_typed_into_the_dollar_column_is_told_it_is_untranslated(tmp_path):
    """Appendix 1's dedicated access revenues with the yen figure, 3,321,229, typed into the USD column as
    well: the translation misses by the whole rate, and the hint says the figure is the one it translates,
    and what the USD column prints."""
    [d] = slipped(tmp_path, "27,707   ", "3,321,229", on="  rev.dedicated       27,707    3,321,229")
    assert d["code"] == "translation-mismatch"
    assert d["message"].startswith("USD(rev.dedicated)@1Q03 is reported as USD 3,321,229 thousand but JPY 3,321,229 "
                                   "thousand (")
    assert ("hint: 3,321,229 is the figure it translates (JPY 3,321,229 thousand in 'Appendix 1. Consolidated "
            "statements of operations, three months ended Jun 30, 2003', column 1Q03), untranslated: if it was typed "
            "from that column, the USD(1Q03) column prints 27,707") in d["notes"]


def test_a_claims_line_whose_period_is_typed_wrong_is_told_by_the_claims_other_lines(tmp_path):
    """The FY2013 release's revenues line written rev.total@FY2012 = 114,272: the claim-mismatch is at that line,
    against the FY2012 release's 106,248, and its first culprit asks to change the FY2012 figure, which is right.
    The hint says the claim's other line (its growth) states FY2013, and which period to correct."""
    errors = slipped(tmp_path, "FY2013", "FY2012", on="  rev.total@FY2013 = 114,272 JPY millions",
                     name="iij-fy2013-results.iij", book="iij-annual")
    [claim] = [d for d in errors if d["code"] == "claim-mismatch"]
    assert claim["message"].startswith("rev.total@FY2012 is reported as 114,272 million but claim 'Revenues "
                                       "JPY106,248 million")
    assert ("hint: the claim's other lines state FY2013: if this line's period was typed FY2012 for FY2013, it is "
            "the one to correct") in claim["notes"]
