"""Earnings releases of American companies, as EDGAR prints their exhibit 99.1: fiscal years that do
not end in December, columns of three, six and nine months, figures in whole dollars or thousands.

Each release under `data/` names its source in its first lines and is transcribed as printed; a
form the releases do not print is made in the test from one of them, and the test says how."""

from __future__ import annotations

import re
from pathlib import Path

from ledgerlang.cli.main import main
from ledgerlang.load import run
from ledgerlang.syntax.parse import parse

DATA = Path(__file__).resolve().parent / "data"
MEADE = DATA / "meade-3q07-exhibit-99-1.html"  # fiscal year ending in February
CIK832767 = DATA / "cik832767-2q08-exhibit-99-1.html"  # fiscal year ending in September
INNOVEX = DATA / "innovex-4q05-exhibit-99-1.html"  # two statements, one units line
PARK = DATA / "park-2q10-exhibit-99-1.html"  # a year of 52 or 53 weeks, dates as 8/30/09
CIK890564 = DATA / "cik890564-2q08-exhibit-99-1.html"  # a half year beside both its quarters


def drafted(tmp_path, release: Path, capsys) -> tuple[str, str, list]:
    """(book, summary, the check's errors) of a release drafted through the command; the book parses."""
    book = tmp_path / "draft.iij"
    assert main(["draft", str(release), "-o", str(book), "--force"]) == 0
    out = capsys.readouterr().out
    text = book.read_text(encoding="utf-8")
    assert not parse(text, str(book))[1]
    _, _, found = run([str(book)])
    return text, out, [(d.code, d.message) for d in found if d.counts_as_error]


def rows(text: str) -> dict[str, list[str]]:
    """Each table row of a book: its head and cells, comments aside (a later table's `columns` last)."""
    out = {}
    for line in text.splitlines():
        if line.startswith("  ") and not line.strip().startswith("#") and not line.startswith("  fiscal"):
            words = line.split("#")[0].split()
            out[words[0]] = words[1:]
    return out


def first_columns(html: str, width: int) -> str:
    """Each `<tr>` of the page cut to its first `width` columns (colspans counted)."""
    def cut(m):
        kept, n = [], 0
        for td in re.findall(r"<td[^>]*>.*?</td>", m.group(1)):
            if n >= width:
                break
            kept.append(td)
            span = re.search(r'colspan="(\d+)"', td)
            n += int(span.group(1)) if span else 1
        return "<tr>" + "".join(kept) + "</tr>"
    return re.sub(r"<tr>(.*?)</tr>", cut, html)


def test_nine_months_ended_november_give_a_year_ending_in_february(tmp_path, capsys):
    """Meade prints "Nine Months Ended November 30": a year from March, so the quarter is its third,
    where the calendar year read the columns as balances at November 30 and dropped the nine months."""
    text, out, errors = drafted(tmp_path, MEADE, capsys)
    got = rows(text)
    assert "fiscal year ends 02-28" in text
    assert got["columns"] == ["3Q07", "3Q06", "9M", "FY2007", "9M", "FY2006"]
    assert got["net_income_loss"] == ["(1,181,000)", "1,481,000", "(10,690,000)", "(765,000)"]
    assert re.search(r"item net_sales +\"Net sales\" +USD flow", text)
    assert "check: fiscal year ends 02-28" in out  # a guess from one header, said
    assert not errors


def test_a_weighted_average_of_shares_is_of_the_period_not_a_balance(tmp_path, capsys):
    """"Weighted average number of shares outstanding" differs between the quarter and the nine months
    ending the same day: drafted as a balance at that day, each pair was a false fact-mismatch."""
    text, _, errors = drafted(tmp_path, MEADE, capsys)
    assert re.search(r'item weighted_average_number_shares_outstanding +"[^"]*" +shares average', text)
    assert "@close" not in text
    assert rows(text)["weighted_average_number_shares_outstanding"] == [
        "19,641,000", "19,410,000", "19,585,000", "19,326,000"]
    assert not errors


def test_three_months_off_the_calendar_are_left_out_not_drafted_as_balances(tmp_path, capsys):
    """Meade's table cut to its three months' columns (made here; the release prints the nine months
    beside them): a quarter ending in November fits no year ending in December, and no header says
    which quarter it is, so its figures are left out with the reason, never claimed at November 30."""
    release = tmp_path / "three-months.html"
    release.write_text(first_columns(MEADE.read_text(encoding="utf-8"), 7), encoding="utf-8")
    text, out, errors = drafted(tmp_path, release, capsys)
    assert "2006-11-30" not in rows(text).get("columns", [])
    assert "\nitem " not in text
    assert "# line 28: 'Net income (loss)' (1,181,000)  1,481,000" in text  # kept, as printed
    assert ("3 months ending 2006-11-30 fit no period of a fiscal year ending in December; give the calendar "
            "in the definitions") in out
    assert not errors


def test_six_months_ended_march_give_a_year_ending_in_september(tmp_path, capsys):
    """"Three months ended March 31" beside "Six months ended March 31": the second quarter of a year
    ending in September, and the balance sheet at its dates."""
    text, _, errors = drafted(tmp_path, CIK832767, capsys)
    got = rows(text)
    assert "fiscal year ends 09-30" in text
    assert "columns 2008-03-31 2007-09-30" in re.sub(" +", " ", text)
    assert "columns 2Q08 2Q07 1H08 1H07" in re.sub(" +", " ", text)
    assert got["total_revenues"] == ["17,060", "9,048", "34,424", "18,772"]
    assert got["accumulated_deficit"] == ["(54,436)", "(55,311)"]
    assert not errors


def test_a_label_printed_again_under_another_heading_is_named_with_it(tmp_path, capsys):
    """"License fees" under "Revenues:" and again under "Cost of revenues:" are two items whose ids and
    labels say which is which, where `license_fees_2`, labelled "License fees", left it to line numbers."""
    text, _, errors = drafted(tmp_path, CIK832767, capsys)
    got = rows(text)
    squeezed = re.sub(" +", " ", text)
    assert 'item license_fees "License fees" USD flow' in squeezed
    assert 'item license_fees_cost_revenues "License fees (Cost of revenues)" USD flow' in squeezed
    assert got["license_fees_cost_revenues"] == ["83", "227", "242", "492"]
    assert ("rule total_cost_revenues = license_fees_cost_revenues + service_fees_cost_revenues + "
            "amortization_purchased_technology") in text
    assert not errors


def test_a_second_statement_under_the_first_ones_units_line_is_in_its_units(tmp_path, capsys):
    """Innovex prints "(In thousands)" once, over the three months' statement; the twelve months' below it,
    untitled, was drafted in whole dollars: net sales of $200,247 for the year beside $47,462 thousand for
    its last quarter. It repeats the rows above, so it takes their title and units, and says so."""
    text, out, errors = drafted(tmp_path, INNOVEX, capsys)
    tables = re.findall(r'^table "([^"]*)" in (.*)$', text, re.M)
    assert tables == [("CONSOLIDATED STATEMENTS OF OPERATIONS", "USD thousands"),
                      ("CONSOLIDATED STATEMENTS OF OPERATIONS, continued", "USD thousands")]
    assert "fiscal year ends 09-30" in text
    assert "columns FY2005 FY2004" in re.sub(" +", " ", text)
    assert re.search(r"\n  net_sales +200,247 +155,946", text)
    assert "its rows repeat those of the table above (line 11): drafted with its title and units" in out
    assert not errors


def test_an_exhibits_statement_is_titled_by_its_name_not_the_exhibits_number(tmp_path, capsys):
    """"Exhibit 99.1", "INNOVEX, INC.", "CONSOLIDATED STATEMENTS OF OPERATIONS", "(In thousands)", none in
    bold: the table was titled "Exhibit 99.1", the first line that is not a sentence."""
    text, _, _ = drafted(tmp_path, INNOVEX, capsys)
    assert 'table "Exhibit 99.1"' not in text
    assert 'table "CONSOLIDATED STATEMENTS OF OPERATIONS" in USD thousands' in text


def test_a_table_under_no_title_but_the_exhibits_number_is_named_by_its_rows(tmp_path, capsys):
    """CIK 832767 prints "EXHIBIT 99.1" over its balance sheet and nothing over its statement of
    operations: the tables were titled "EXHIBIT 99.1" and "Table at line 48", a name no reader gives them
    and one the analyst had to open the release to tell apart. They are named by the statement their
    rows make, and the summary says so."""
    text, out, _ = drafted(tmp_path, CIK832767, capsys)
    titles = re.findall(r'^table "([^"]*)"', text, re.M)
    assert titles == ["Balance sheet", "Statement of operations"]
    assert "named by its rows: 'Balance sheet'" in out
    # Park prints "Exhibit 99.1" and "NEWS RELEASE" over a summary that makes no statement: named by
    # its first rows; its balance sheet and statement of operations, printed under no title, by theirs
    text, _, _ = drafted(tmp_path, PARK, capsys)
    assert re.findall(r'^table "([^"]*)"', text, re.M) == [
        "Sales, Net Earnings, Basic and Diluted Earnings Per Share, …", "Balance sheet", "Statement of operations"]


def test_dates_of_slashes_and_two_digit_years_are_read_in_the_order_the_table_prints(tmp_path, capsys):
    """Park prints its balance sheet at "8/30/09" and "3/01/09": neither was read (a year of two digits),
    and 3/01/09 alone could be March 1 or January 3; 8/30/09 beside it says the month comes first."""
    text, _, errors = drafted(tmp_path, PARK, capsys)
    # read month first (March 1, not January 3), each at the month's end nearest, as the quarters are
    assert "columns 2009-08-31 2009-02-28" in re.sub(" +", " ", text)
    assert rows(text)["total_assets"] == ["333,033", "327,579"]
    assert not errors


def test_a_balance_in_a_year_of_weeks_is_at_the_end_of_the_quarter_it_closes(tmp_path, capsys):
    """Park's "13 Weeks Ended 8/30/09" is read as the quarter ending August 31, but its balance sheet
    "8/30/09" was drafted at August 30: a day inside the quarter, so no balance of the book closed 2Q10
    and the reviewer had to move each column by hand. Both are read on the month's end, and listed."""
    text, out, errors = drafted(tmp_path, PARK, capsys)
    assert "columns 2009-08-31 2009-02-28" in re.sub(" +", " ", text)
    checks = out.split("to check")[1]
    assert "is read as the balance at 2009-08-31, the month's end nearest the 2009-08-30 printed" in checks
    assert "is read as the balance at 2009-02-28, the month's end nearest the 2009-03-01 printed" in checks
    assert not errors
    # a release whose periods end on months' ends keeps the dates it prints (CIK 832767: March 31)
    text, _, _ = drafted(tmp_path, CIK832767, capsys)
    assert "columns 2008-03-31 2007-09-30" in re.sub(" +", " ", text)


def test_weeks_are_read_as_the_quarters_ending_on_the_months_end_nearest(tmp_path, capsys):
    """"13 Weeks Ended 8/30/09" named no period (a year of weeks), so every statement was kept as
    comments; read as the quarter ending August 31, with a check that says so, it is the second quarter
    of the year from March that "26 Weeks Ended" shows."""
    text, out, errors = drafted(tmp_path, PARK, capsys)
    assert "fiscal year ends 02-28" in text
    assert "columns 2Q10 2Q09 1H10 1H09" in re.sub(" +", " ", text)
    assert rows(text)["sales"] == ["42,518", "55,599", "79,215", "115,399"]
    assert ("column 1 ('13 Weeks Ended 8/30/09') is read as ending 2009-08-31, the month's end nearest the "
            "2009-08-30 printed: the release's periods end on a day of the week (a year of 52 or 53 weeks)") in out
    assert not errors


def test_months_ending_on_a_day_of_the_week_are_read_as_the_quarters_ending_on_the_months_end(tmp_path, capsys):
    """"Three Months Ended June 28, 2003", as Giga-tronics words its quarters of a year of weeks: such a
    column was left out as no period, where the same quarter headed "13 Weeks Ended" is read."""
    # Park's page with its headers worded in months (made here; Park prints weeks, and the Giga-tronics
    # filings that word them so are not stored with their tables)
    page = PARK.read_text(encoding="utf-8").replace("13 Weeks Ended", "Three Months Ended").replace(
        "26 Weeks Ended", "Six Months Ended").replace("13 weeks Ended", "Three Months Ended").replace(
        "26 weeks Ended", "Six Months Ended")
    release = tmp_path / "months.html"
    release.write_text(page, encoding="utf-8")
    text, out, errors = drafted(tmp_path, release, capsys)
    assert "columns 2Q10 2Q09 1H10 1H09" in re.sub(" +", " ", text)
    assert "column 1 ('Three Months Ended 8/30/09') is read as ending 2009-08-31" in out
    assert not errors


def test_a_percent_row_under_a_line_is_named_after_that_line(tmp_path, capsys):
    """Park prints each line's percentage of sales as a row "%" under it: five new items `item_line53`…
    labelled "%", which the reviewer could tell apart only by reading the release."""
    text, _, _ = drafted(tmp_path, PARK, capsys)
    squeezed = re.sub(" +", " ", text)
    assert 'item cost_sales_pct "Cost of Sales (%)" % flow' in squeezed
    assert 'item other_income_pct "Other Income (%)" % flow' in squeezed
    assert rows(text)["gross_profit_pct"] == ["25.7%", "19.7%", "25.4%", "22.1%"]


def test_rows_told_apart_only_by_their_heading_or_last_word_are_named_by_them(tmp_path, capsys):
    """Innovex prints "Basic" and "Diluted" under "Net income (loss) per share:", and Meade "Weighted
    average number of shares outstanding — basic" and "—diluted": they were drafted as `basic` (a
    per-share amount named like a count) and as `…_outstanding` and `…_outstanding_2`, which only the
    labels told apart."""
    text, _, _ = drafted(tmp_path, INNOVEX, capsys)
    squeezed = re.sub(" +", " ", text)
    assert 'item basic_net_income_loss_per "Basic (Net income (loss) per share)" USD/shares' in squeezed
    assert rows(text)["diluted_net_income_loss_per"] == ["(0.38)", "(0.12)"]
    assert rows(text)["basic_shares"] == ["19,203", "19,080"]  # "Basic shares" says what it is
    text, _, _ = drafted(tmp_path, MEADE, capsys)
    assert rows(text)["weighted_average_number_shares_outstanding"][1] == "19,410,000"
    assert rows(text)["weighted_average_number_shares_diluted"][1] == "19,446,000"


def test_an_average_over_a_half_year_beside_both_its_quarters_is_no_false_error(tmp_path, capsys):
    """CIK 890564 prints the weighted average of diluted shares for 1Q08, 2Q08 and the six months: an
    average, whose six months (35,612) a flow's check took for the sum of its quarters (35,375 +
    35,838) and called wrong. The new item is declared an `average`, which no quarter sum checks."""
    text, out, errors = drafted(tmp_path, CIK890564, capsys)
    assert errors == []
    item = "weighted_average_common_common_equivalent"
    assert rows(text)[item] == ["35,838", "35,813", "35,375", "35,612", "35,660"]
    assert re.search(rf'^item {item} +"[^"]*" +shares average', text, re.M)
    assert "accept period-sum-mismatch" not in text


def test_an_average_the_definitions_declare_a_flow_is_acknowledged_where_its_quarters_do_not_sum(tmp_path, capsys):
    """The same release drafted against definitions (written here, with the release's own label) that
    declare the weighted average a flow: the draft keeps their kind, and acknowledges the one relation
    the check would call wrong, with its reason, and lists it."""
    item = "shares.diluted"
    defs = tmp_path / "defs.iij"
    defs.write_text('currency USD "US dollar"\nunit shares "shares"\n'
                    f'item {item} "Weighted Average Common and Common Equivalent Shares Outstanding—Diluted" shares flow\n',
                    encoding="utf-8")
    book = tmp_path / "draft.iij"
    assert main(["draft", str(CIK890564), "--defs", str(defs), "-o", str(book), "--force"]) == 0
    out = capsys.readouterr().out
    text = book.read_text(encoding="utf-8")
    assert rows(text)[item] == ["35,838", "35,813", "35,375", "35,612", "35,660"]
    assert re.search(rf'^accept period-sum-mismatch at {item}@1H08 "an average over 1H08', text, re.M)
    assert f"check: {item}@1H08 is an average over the period" in out.split("to check")[1]
    assert f"{item}@1H07" not in text  # no quarters printed beside 1H07: nothing to acknowledge there
    _, _, found = run([str(defs), str(book)])
    assert [d.code for d in found if d.counts_as_error] == []
    assert "period-sum-mismatch" in [d.code for d in found if d.acknowledged]


def test_a_per_share_column_beside_each_amount_is_left_out_never_read_as_the_amount(tmp_path, capsys):
    """The reconciliation prints, under each quarter, the amount and its per-share part ("$6,092" and
    "$0.17"): the second column of each date is left out and listed, and the amounts keep their own
    figures; "Other Expense (Income)" is the summary's "Other (Expense) Income" with the opposite sign."""
    text, out, _ = drafted(tmp_path, CIK890564, capsys)
    reconciliation = text.split('table "RECONCILIATION')[1]
    assert "0.17" not in reconciliation and "(0.03)" not in reconciliation
    got = rows(reconciliation)
    assert got["columns"] == ["2Q08", "2Q07", "1Q08"]
    assert got["net_income"] == ["6,092", "2,938", "2,403"]
    assert got["-other_expense_income"] == ["(1,071)", "(431)", "1,222"]
    assert rows(text.split('table "RECONCILIATION')[0])["other_expense_income"] == [
        "1,071", "431", "(1,222)", "(151)", "431"]
    assert "column 2 ('Quarter Ended June 30, 2008') reads as column 1 does" in out
