"""Building the Book: what the builder takes by default, it says (syntax/build.py)."""

import pytest

from support import diagnose

REVENUE = """
currency USD
item rev "Revenue" USD flow
table "Revenues" in USD millions
  columns 1Q24
  rev 100
"""


def _calendar(text: str) -> list:
    return [d for d in diagnose(text, prelude=False) if d.code == "calendar-assumed"]


def test_a_year_end_without_its_naming_says_which_year_fy_is_taken_for():
    """`fiscal year ends 03-31` alone: FY2024 may be the year that starts or the one that ends in
    2024, and every label moves a year with it. The default (end) is said, with the first label."""
    [found] = _calendar('entity acme "Acme"\n  fiscal year ends 03-31\n' + REVENUE)
    assert found.severity.name == "WARNING"
    assert found.message == ("entity acme does not say how its fiscal years are named: FY2024 is taken to be the "
                             "year that ends in 2024 (2023-04-01..2024-03-31), and 1Q24 is read as "
                             "2023-04-01..2023-06-30")
    assert (found.span.line, found.span.column) == (1, 8)
    assert "fiscal year named by start" in found.notes[-1]


def test_a_book_without_an_entity_says_its_labels_are_read_on_the_calendar_year():
    """No entity: a note at the first column that names a fiscal period, with what it is read as."""
    [found] = _calendar(REVENUE)
    assert found.severity.name == "INFO"
    assert "fiscal years are taken to end 12-31, and 1Q24 is read as 2024-01-01..2024-03-31" in found.message
    assert (found.span.line, found.span.column) == (5, 11)  # `columns 1Q24`
    [found] = _calendar('entity acme "Acme"\n' + REVENUE)
    assert found.message.startswith("entity acme does not say when its fiscal year ends: 12-31 is taken")


def test_a_calendar_said_in_full_or_needing_no_naming_or_never_used_is_not_mentioned():
    """Nothing to say where the book declares the calendar, where a December year end makes the
    naming moot, or where only dates are written (a date is the same on any calendar)."""
    assert _calendar('entity acme "Acme"\n  fiscal year ends 03-31\n  fiscal year named by start\n' + REVENUE) == []
    assert _calendar('entity acme "Acme"\n  fiscal year ends 12-31\n' + REVENUE) == []
    assert _calendar('currency USD\nitem cash "Cash" USD stock\n'
                     'table "T" in USD millions\n  columns 2024-03-31\n  cash 100\n') == []


def test_a_claim_alone_is_a_fiscal_label_too():
    """A book of claims, no table: the claim's period is the label the note speaks of."""
    [found] = _calendar('currency USD\nitem rev "Revenue" USD flow\n'
                        'claim "Revenue was $100 million"\n  rev@FY2024 = 100 USD millions\n')
    assert "FY2024 is read as 2024-01-01..2024-12-31" in found.message and found.span.line == 4


def _assumed(text: str) -> list:
    return [d for d in diagnose(text) if d.code == "unit-assumed"]


CLAIMS = 'item rev "Revenue" JPY flow\nitem rev.a "A" JPY flow\nitem margin "Margin" % flow\n'


def test_a_claims_amount_without_unit_or_scale_says_it_is_read_in_whole_units():
    """`rev@1Q03 = 8,344` is JPY 8,344: the author who meant millions learns it at the figure."""
    [found] = _assumed(CLAIMS + 'claim "Revenues were JPY 8,344 million"\n  rev@1Q03 = 8,344\n')
    assert found.message == "8,344 states no unit or scale: it is read as JPY 8,344, in whole JPY"
    assert found.notes == ("hint: write 8,344 JPY millions (or thousands, billions) as the text states it, "
                           "or 8,344 JPY if it is in whole JPY",)
    for said in ("8,344 JPY millions", "8,344 millions", "8,344 JPY", "8,344 exact"):
        assert _assumed(CLAIMS + f'claim "Revenues"\n  rev@1Q03 = {said}\n') == [], said


def test_a_ratios_figure_without_percent_says_it_is_read_as_a_percentage():
    """`= 0.6` of a share is 0.6%, not 60%: said, with both readings; `60%` says it outright."""
    [found] = _assumed(CLAIMS + 'claim "A was 0.6 of revenue"\n  rev.a@1Q03 / rev@1Q03 = 0.6\n')
    assert found.message == "0.6 is read as 0.6%, as rev.a@1Q03 / rev@1Q03 is a ratio stated in percent"
    assert found.notes == ("hint: write 0.6% to say so, or 60% for a ratio of 0.6",)
    [found] = _assumed(CLAIMS + 'claim "margin"\n  margin@1Q03 = 40\n')
    assert found.notes == ("hint: write 40% to say so",)  # no "4000% for a ratio of 40"
    assert _assumed(CLAIMS + 'claim "up 5.7%"\n  yoy%(rev@1Q03) = 5.7%\n') == []


def test_a_guidance_range_says_its_unit_once():
    """`in 12.5 .. 13.0` with no unit: one warning for the range, at its low end."""
    found = _assumed(CLAIMS + 'guidance "between 12.5 and 13.0 billion" given 2003-02\n  rev@4Q02 in 12.5 .. 13.0\n')
    assert [(d.span.line, d.span.column) for d in found] == [(11, 15)]


def test_a_statement_row_that_no_column_can_show_is_an_error():
    """`cash` in a statement of quarters showed as a blank row in `eval`, and nothing said why; a
    statement of flows and balances shows each row under the columns of its kind."""
    rows = 'item rev "Revenue" JPY flow\nitem cash "Cash" JPY stock\n'
    found = [d for d in diagnose(rows + 'statement is "Income" in JPY millions\n  columns 1Q03 1Q02\n  rev\n  cash\n')
             if d.severity > 0]
    assert [(d.code, d.message) for d in found] == [(
        "stock-on-duration", "cash is a stock, but every column of statement 'is' is a duration: its row would show "
                             "nothing")]
    assert found[0].notes == ("hint: write cash@close (or @open) for the balance at the end (or start) of each period",)
    found = [d for d in diagnose(rows + 'statement bs "BS" in JPY millions\n  columns 2003-06-30\n  rev\n  cash@close\n')
             if d.severity > 0]
    assert [d.code for d in found] == ["flow-on-instant", "bad-anchor"]
    mixed = rows + 'statement s "S" in JPY millions\n  columns 1Q03 2003-06-30\n  rev\n  cash\n  cash@close\n'
    assert [d for d in diagnose(mixed) if d.severity > 0] == []
    assert [d for d in diagnose(rows + 'statement cf "CF" in JPY millions\n  columns 1Q03\n  cash@open\n')
            if d.severity > 0] == []


def test_a_claim_may_state_its_figures_whole_unit_as_eval_prints_it():
    """`eps@1Q03 = 1.50 USD/shares`, the unit `eval` prints, was a syntax error; it reads now, as
    `1.50 USD` still does, and a unit that is not the expression's, or not declared, is said so."""
    per_share = 'item eps "EPS" USD/shares flow\n'
    table = 'table "Per share" in USD\n  columns 1Q03\n  eps 1.50\n'
    for stated in ("1.50 USD/shares", "1.50 USD"):
        assert diagnose(per_share + table + f'claim "EPS was $1.50"\n  eps@1Q03 = {stated}\n') == [], stated
    found = diagnose(per_share + 'claim "EPS"\n  eps@1Q03 = 1.50 shares/USD\n  eps@1Q02 = 1.50 USD/share\n'
                     '  eps@4Q02 = 1.50 JPY/shares\n')
    assert [(d.code, d.message) for d in found if d.severity.name == "ERROR"] == [
        ("unit-mismatch", "the figure is in shares/USD but eps@1Q03 is in USD/shares"),
        ("unknown-unit", "share is not a declared unit"),
        ("unit-mismatch", "the figure is in JPY/shares but eps@4Q02 is in USD/shares")]
    found = diagnose(per_share + 'guidance "EPS of $6.00 to $6.40" given 2003-02\n  eps@FY2003 in 6.00 .. 6.40 USD/shares\n')
    assert [d.code for d in found] == ["guidance-pending"]


def test_a_date_that_is_no_date_and_a_rate_into_its_own_currency_are_errors():
    """`given 2024-13`, `dated 2024-02-30` and `rate usd: 150 USD per USD` were taken as written."""
    found = diagnose('document "Q1" dated 2024-13\nrate usd: 150 JPY per USD on 2024-02-30\n'
                     'rate same: 1 USD per USD\nitem rev "Revenue" JPY flow\n'
                     'guidance "FY" given 2024-02-30\n  rev@FY2024 ~ 800 JPY millions\n')
    assert [(d.code, d.message) for d in found if d.severity.name == "ERROR"] == [
        ("bad-period", "document 'Q1' is dated 2024-13, which is not a date"),
        ("bad-period", "rate usd is dated 2024-02-30, which is not a date"),
        ("bad-rate", "rate same translates USD into USD"),
        ("bad-period", "guidance is given 2024-02-30, which is not a date")]
    assert [d.code for d in diagnose('document "Q1" dated 2024-06\nrate usd: 150 JPY per USD on 2024-02-29\n')] == []


def test_a_use_of_an_item_whose_declaration_has_an_error_says_so_not_declare_it_first():
    """`item rev "R" EUR flow` with EUR undeclared is not kept: each use of rev said 'rev is not a
    declared item; hint: declare it first', sending the author to declare it a second time. Each
    use now points at the declaration and its error; a name never declared keeps its hint."""
    found = diagnose('item rev "R" EUR flow\nitem bad% "B" JPY flow\ntable "T" in JPY millions\n'
                     '  columns 1Q24\n  rev 1\n  bad% 2\n  nope 3\n')
    unknown = [d for d in found if d.code == "unknown-item"]
    assert [d.message.split()[0] for d in unknown] == ["rev", "bad%", "nope"]
    for d, code in zip(unknown, ("unknown-unit", "bad-name")):
        [note] = d.notes
        assert note.startswith(f"note: item {d.message.split()[0]} is declared at test.iij:") and f"({code}," in note
    assert unknown[2].notes and all("declared at" not in n for n in unknown[2].notes)


# The entity and Table 10 of IIJ's 1Q03 earnings release (tests/draft/data/iij-1q03-earnings-release.txt),
# its calendar lines written as a newcomer may write them.
CAPEX = """
entity iij "Internet Initiative Japan Inc."
fiscal year ends {ends}
fiscal year named by {named}
currency JPY
item capex "Capital expenditures" JPY flow
table "Table 10. CAPEX (JPY in millions)" in JPY millions
  columns 1Q03 1Q02 4Q02
  capex 1,421 1,015 936
"""


@pytest.mark.parametrize(("ends", "told"), [("3-31", "03-31"), ("March", "03-31"), ("3/31", "03-31"), ("Feb", "02-29")])
def test_a_year_end_the_grammar_cannot_read_is_told_its_spelling_and_not_called_unsaid(ends, told):
    """`fiscal year ends 3-31`: the syntax error gives 03-31, and the calendar taken in its place is said
    to stand for the line that could not be read, on that line (it said the entity "does not say when its
    fiscal year ends", under the entity, and told the author to add the line they had written)."""
    found = diagnose(CAPEX.format(ends=ends, named="start"), prelude=False)
    [syntax] = [d for d in found if d.code == "syntax"]
    assert syntax.notes == (f"hint: a month and day is written with two digits each, month first: {told}",)
    [assumed] = [d for d in found if d.code == "calendar-assumed"]
    assert assumed.message.startswith("the `fiscal year ends` line of entity iij could not be read: until it is, "
                                      "12-31 is taken")
    assert (assumed.span.line, syntax.span.line) == (3, 3)


def test_a_naming_the_grammar_cannot_read_is_said_on_its_line():
    """`fiscal year named by begin`: the year named by its end, taken in its place, is said on that line."""
    found = diagnose(CAPEX.format(ends="03-31", named="begin"), prelude=False)
    [assumed] = [d for d in found if d.code == "calendar-assumed"]
    assert assumed.message.startswith("the `fiscal year named by` line of entity iij could not be read")
    assert "1Q03 is read as 2002-04-01..2002-06-30" in assumed.message
    assert assumed.span.line == 4
