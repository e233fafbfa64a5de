"""Parsing: declarations with spans, comments kept, one bad line never hides the next."""

import os
import subprocess
import sys
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledgerlang.load import load
from ledgerlang.syntax import nodes as n
from ledgerlang.syntax.parse import declaration_keywords, parse
from support import PRELUDE, ROOT, book, codes, diagnose


def test_comments_are_kept_with_their_spans():
    """A formatter can put every comment back: each keeps its text and position."""
    tree, diagnostics = parse('# head\nitem a "A" JPY flow   # trailing\n', "c.iij")
    assert diagnostics == []
    assert [(c.text, c.span.line, c.span.column) for c in tree.comments] == [("# head", 1, 1), ("# trailing", 2, 23)]


def test_a_bad_declaration_does_not_hide_the_others():
    """After a syntax error, the next declarations are still parsed and loaded."""
    tree, diagnostics = parse('item a A JPY flow\nitem b "B" JPY flow\nitem c "C" JPY\nitem d "D" JPY stock\n', "e.iij")
    assert [d.span.line for d in diagnostics] == [1, 3]
    assert [decl.id for decl in tree.declarations] == ["b", "d"]


def test_figures_keep_their_printed_text():
    """Table cells keep the text as printed, for diagnostics and the formatter."""
    tree, _ = parse('table "T" in JPY millions\n  columns 1Q03 yoy%(1Q03)\n  a (1,234) -5.7%\n', "t.iij")
    table = tree.declarations[0]
    assert isinstance(table, n.TableDecl)
    assert [c.text for c in table.rows[0].cells] == ["(1,234)", "-5.7%"]
    assert table.rows[0].cells[0].span.column == 5


def test_declaration_keywords_come_from_the_grammar():
    """The words that start a declaration are read off the grammar, not listed by hand."""
    assert {"item", "table", "claim", "guidance", "accept", "include", "entity"} <= declaration_keywords()


def test_unknown_names_suggest_the_closest():
    """A misspelt item gets a did-you-mean hint."""
    found = diagnose('item rev.total "T" JPY flow = rev.servics\nitem rev.services "S" JPY flow\n')
    assert found[0].code == "unknown-item"
    assert "did you mean rev.services?" in found[0].notes[0]


def test_a_name_written_in_another_case_is_suggested_and_an_unknown_currency_is_told_once():
    """`in usd millions` is one unknown-unit that suggests USD (difflib finds nothing close between the
    two), not also a unit-mismatch on every row advising to declare the row's item in usd."""
    found = diagnose("""
        item rev "Revenues" USD flow
        table "T" in usd millions
          columns 1Q03 1Q02
          rev 1,200 1,000
        rate Usd.q1: 119.87 JPY per USD on 2003-06-30 "rate"
        table "U" in JPY millions
          translate at usd.Q1
          columns USD(1Q03)
          cost 10
        item cost "Cost" JPY flow
        """)
    errors = [(d.code, d.notes[-1]) for d in found if d.severity >= 2]
    assert errors == [("unknown-unit", "hint: did you mean USD?"), ("unknown-rate", "hint: did you mean Usd.q1?")]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from([
    'item a "A" JPY flow', "item", '"', "table \"T\" in JPY millions", "  columns 1Q03 1Q02", "  a 1 2",
    "  a (1", "  b 1 2", "claim \"c\"", "  a@1Q03 = 5 JPY millions", "  yoy%(a@1Q03) = 5%", "= a +",
    "rule a = a@-1y", "assert x: a = a", "accept total-mismatch at a@1Q03 \"r\"", "#", "include \"x.iij\"",
    "  cash@open 1 2", "guidance \"g\" given 2003-02", "  a@1Q03 in 1 .. 2 JPY billions", "\t", "@@", "1Q03",
]), max_size=12))
def test_no_input_raises(lines):
    """Whatever lines a book holds, loading it yields diagnostics, never an exception."""
    text = PRELUDE + "\n".join(lines) + "\n"
    load(text, "fuzz.iij")
    codes("\n".join(lines) + "\n")


def test_guidance_can_scale_another_figure():
    """"Expected to double" reads x@FY ~ 2 * x@now: a factor may lead the other side."""
    from ledgerlang.model.expr import Bin, Num

    tree, diagnostics = parse('guidance "double" given 2003-08\n  x@FY2003 ~ 2 * x@1Q03\n', "g.iij")
    assert diagnostics == []
    rhs = tree.declarations[0].lines[0].rhs
    assert isinstance(rhs, Bin) and rhs.op == "*" and isinstance(rhs.left, Num) and rhs.left.value == 2


def test_only_newlines_end_lines():
    """A form feed in a comment does not shift the line numbers after it, even after an error."""
    text = 'item a "A" JPY flow # \x0c\nitem b B JPY flow\nitem c "C" JPY flow\n'
    tree, diagnostics = parse(text, "ff.iij")
    assert [d.span.line for d in diagnostics] == [2]
    assert [(decl.id, decl.span.line) for decl in tree.declarations] == [("a", 1), ("c", 3)]


def test_a_fiscal_year_ends_on_the_last_day_of_its_month():
    """Every month's last day is a year end (February's 28 or 29); any other day of any month is
    `bad-calendar`, not read as the month's end in silence."""
    import calendar

    for month in range(1, 13):
        last = calendar.monthrange(2001, month)[1]
        for day in range(1, 32):
            found = codes(f'entity acme "Acme"\n  fiscal year ends {month:02}-{day:02}\n', prelude=False)
            good = day == last or (month == 2 and day == 29)
            assert found == ([] if good else ["bad-calendar"]), (month, day)


def test_a_misspelt_keyword_fails_its_own_line_not_the_declaration_above():
    """A line that starts, unindented, with a word that is no keyword is read as part of the
    declaration above it, and used to fail that one too (an include, a table) in silence: the
    declaration above is kept, and the error says which keyword was meant."""
    tree, diagnostics = parse('include "defs.iij"\ndocumnet "Q1 results" dated 2024-04-25\n', "q.iij")
    assert [type(d).__name__ for d in tree.declarations] == ["Include"]
    assert [(d.code, d.span.line, d.span.column) for d in diagnostics] == [("syntax", 2, 1)]
    assert diagnostics[0].notes == ("hint: did you mean document? A line that starts with any other word is read "
                                    "as part of the declaration above it",)
    text = ('table "Revenue" in JPY millions\n  columns 1Q03\n  a 10\n  b 20\n'
            'Table "Balance sheet" in JPY millions\n  columns 2003-06-30\n  cash 450\n')
    for fast in (True, False):
        tree, diagnostics = parse(text, "q.iij", fast)
        [table] = tree.declarations
        assert [row.head.item for row in table.rows] == ["a", "b"]  # not the cash row below the typo
        assert [(d.code, d.span.line) for d in diagnostics] == [("syntax", 5)]
        assert "did you mean table?" in diagnostics[0].notes[0]


def test_an_unindented_word_that_is_no_near_keyword_gets_the_grammars_hint():
    """Only a near miss of a keyword is told "did you mean": a bad row keeps the cells' hint."""
    _, diagnostics = parse('table "T" in JPY millions\n  columns 1Q03\nrevenue 1x\n', "q.iij")
    assert [(d.code, d.span.line) for d in diagnostics] == [("syntax", 3)]
    assert diagnostics[0].notes[0].startswith("hint: a cell is a figure")


def test_a_table_whose_currency_contradicts_its_row_is_an_error_and_the_row_is_not_read():
    """`in USD millions` over an item declared in JPY: nothing says which currency the figures are
    in, so it is an error (it was a warning, and the figures were read in the item's currency)."""
    text = ('item a "A" JPY flow\nitem n "Count" shares flow\ntable "T" in USD millions\n'
            "  columns 1Q03\n  a 10\n  n 5\n")
    loaded, diagnostics = load(PRELUDE + text, "t.iij")
    assert [(d.code, d.severity.name) for d in diagnostics] == [("unit-mismatch", "ERROR")]
    assert diagnostics[0].message == "a is in JPY but the table says USD"
    assert [f.item for f in loaded.facts] == ["n"]  # a count is in no currency: read as printed


def test_a_rule_that_repeats_an_items_definition_is_reported_once_and_not_checked_twice():
    """`item total ... = a + b` and `rule total = a + b`: every total-mismatch was reported twice."""
    text = ('item a "A" JPY flow\nitem b "B" JPY flow\nitem total "T" JPY flow = a + b\n'
            "rule total = a  +  b\nrule total = b + a\n"
            'table "T" in JPY millions\n  columns 1Q03\n  a 10\n  b 20\n  total 35\n')
    found = diagnose(text)
    assert sorted(d.code for d in found) == ["duplicate-definition", "total-mismatch", "total-mismatch"]
    duplicate = next(d for d in found if d.code == "duplicate-definition")
    assert duplicate.message.startswith("this rule for total repeats the one at test.iij:")
    assert duplicate.span.line == next(d for d in found if d.code == "total-mismatch").span.line - 6


def test_a_bad_row_fails_itself_not_its_table():
    """One bad cell used to take every figure of its table away (0 figures checked where one row
    was wrong): the table is kept without its bad rows, each with the grammar's own error."""
    text = ('table "T" in JPY millions  # t\n  columns 1Q03 1Q02\n  a 10 8  # a\n  b 1\u00a0200 7  # b\n'
            "  c 30 20\n  d 5,0 4\n  e 1 2  # e\n")
    for fast in (True, False):
        tree, diagnostics = parse(text, "t.iij", fast)
        [table] = tree.declarations
        assert [row.head.item for row in table.rows] == ["a", "c", "e"]
        assert [(d.code, d.span.line) for d in diagnostics] == [("syntax", 4), ("syntax", 6)]
        assert [c.text for c in tree.comments] == ["# t", "# a", "# b", "# e"]
    assert sorted(codes(PRELUDE + 'item a "A" JPY flow\nitem b "B" JPY flow\nitem t "T" JPY flow = a + b\n'
                        'table "T" in JPY millions\n  columns 1Q03\n  a 10\n  b 2O\n  t 35\n',
                        prelude=False)) == ["not-checkable", "syntax"]  # t is not checked against a b no one read


def test_a_bad_line_of_a_claim_or_guidance_leaves_its_other_lines():
    """One line of a claim that does not parse (`$120`) took the claim's every line with it, out of
    `eval` and the checks, with an error at that line alone; a guidance the same. Their good lines
    are read now, as a table's good rows are."""
    text = ('item rev "Revenue" JPY flow\nitem a "A" JPY flow\n'
            'claim "Revenue was JPY 200 million, A JPY 120 million"\n  rev@1Q03 = 200 JPY millions\n'
            '  a@1Q03 = $120 JPY millions\n  a@1Q02 = 110 JPY millions\n'
            'guidance "Revenue" given 2003-04\n  rev@2Q03 > 200 JPY millions\n  a@2Q03 >> 100 JPY millions\n')
    loaded, diagnostics = book(text)
    assert [(d.code, d.span.line) for d in diagnostics] == [("syntax", 11), ("syntax", 15)]
    assert [(f.item, f.value.text) for f in loaded.facts] == [("rev", "200"), ("a", "110")]
    assert [(g.expr.item, g.span.line) for g in loaded.guidance] == [("rev", 14)]


def test_a_table_in_a_currencys_own_units_needs_no_scale():
    """`in USD` (per-share data, printed in dollars) is the currency at its units, as `in USD millions` is
    at millions; `in thousands` a scale alone; a misspelt scale is still a syntax error."""
    loaded, diagnostics = book('item eps "EPS" USD flow\nitem rev "Revenue" USD flow\n'
                               'table "Per share (in U.S. dollars)" in USD\n  columns 1Q03\n  eps 1.20\n'
                               'table "T" in USD millions\n  columns 1Q03\n  rev 1,234\n')
    assert diagnostics == []
    eps, rev = (next(f for f in loaded.facts if f.item == item) for item in ("eps", "rev"))
    assert (eps.value.value, eps.value.exponent) == (Decimal("1.20"), -2)
    assert rev.value.value == Decimal("1234E6")
    tree, diagnostics = parse('table "T" in USD milions\n  columns 1Q03\n', "t.iij")
    assert [d.code for d in diagnostics] == ["syntax"] and "'milions'" in diagnostics[0].message
    tree, diagnostics = parse('table "T" in USD\n  columns 1Q03\nstatement s "S" in USD\n  columns 1Q03\n', "t.iij")
    assert diagnostics == [] and [(d.scale.unit, d.scale.scale) for d in tree.declarations] == [("USD", None)] * 2


@pytest.mark.parametrize("broken, code", [
    ('item rev.a "Revenue A" JPY flw credit', "unknown-item"),  # a typo in the declaration
    ('itme rev.a "Revenue A" JPY flow credit', "unknown-item"),  # a misspelt keyword
    ('currency EUR "Euro" extra', "unknown-unit"),
    ('rate usd.q1: 119.87 JPY per', "unknown-item"),  # a translation's rate, unknown, is read as an item
])
def test_a_name_whose_declaration_failed_to_parse_is_said_so_at_its_uses(broken, code):
    """"did you mean rev.b?" sent the author to rename a use of rev.a, whose own line had the typo."""
    uses = {"unknown-item": "item rev.b \"Revenue B\" JPY flow credit\nitem rev.t \"T\" JPY flow\n  = rev.a + rev.b\n",
            "unknown-unit": "item sales \"Sales\" EUR flow\n",
            "rate": "item rev.b \"Revenue B\" JPY flow\nitem rev.c \"C\" USD flow\n  = USD(rev.b, usd.q1)\n"
                            "rate usd.q2: 118.2 JPY per USD\n"}["rate" if broken.startswith("rate") else code]
    found = diagnose(broken + "\n" + uses)
    unknown = [d for d in found if d.code == code]
    assert unknown, [(d.code, d.message) for d in found]
    name = broken.split()[1].rstrip(":")
    for d in unknown:
        assert f"the {'item' if broken.startswith('itme') else broken.split()[0]} declaration of {name} at test.iij:" \
               f"{len(PRELUDE.splitlines()) + 1} could not be read" in d.notes[-1]
        assert not any(n.startswith("hint:") for n in d.notes)  # no "did you mean", no "declare it first"
    assert [d.code for d in found].count("syntax") == 1


def test_an_unknown_name_with_no_failed_declaration_still_gets_did_you_mean():
    found = diagnose('item rev.a "A" JPY flow\nitem rev.b "B" JPY flow\n  = rev.x + 1\nitem c "C" JPY flw\n')
    unknown = next(d for d in found if d.code == "unknown-item")
    assert unknown.notes[-1].startswith("hint: did you mean rev.")


def test_a_row_may_leave_the_columns_of_the_other_kind_empty():
    """A table of a quarter's flows and its closing balances: the flow prints only under the
    quarter, the stock only under the dates, each `.` elsewhere. That is no flow on an instant,
    and the figures are read and checked (cf = 1,100 - 1,000); printing one where it cannot be
    still is an error, naming the column."""
    text = """
    item cf "Net change in cash" JPY flow = cash@close - cash@open
    item cash "Cash" JPY stock
    table "Cash" in JPY millions
      columns 1Q03 2003-06-30 2003-03-31
      cf 100 . .
      cash . 1,100 1,000
    """
    assert codes(text) == []
    assert codes(text.replace("cf 100 . .", "cf 90 . .")) == ["total-mismatch"]
    found = diagnose(text.replace("cf 100 . .", "cf 100 100 ."))
    assert [(d.code, d.message) for d in found if d.severity > 0] == [
        ("flow-on-instant", "cf is a flow but column 2003-06-30 is an instant")]
    found = diagnose(text.replace("cash . 1,100", "cash 5 1,100"))
    assert [(d.code, d.message) for d in found if d.severity > 0] == [
        ("stock-on-duration", "cash is a stock but column 1Q03 is a duration")]


@pytest.mark.parametrize("fast", [True, False])
def test_a_figure_printed_with_a_decimal_comma_is_told_the_notation(fast):
    """`1.200,5`, `456,7`, `20,0%` in a row or a claim stop the grammar at the comma, and `1.234.567`
    reads as three cells: each is told the language's spelling of the figure, not only that a cell
    is a figure or the row has too many cells."""
    text = PRELUDE + """
item rev "Revenues" JPY flow
table "T" in JPY millions
  columns 1Q03 1Q02 yoy%(1Q03)
  rev 1.200,5 1.000,0 20,0%
table "U" in JPY millions
  columns 1Q03 1Q02
  rev 456,7 .
table "V" in JPY millions
  columns 1Q03 1Q02
  rev 1.234.567 1,000
claim "Revenues"
  rev@1Q03 = 1,5 JPY billions
"""
    _, diagnostics = parse(text, "q.iij", fast)
    notes = [d.notes[-1] for d in diagnostics if d.code == "syntax"]
    assert notes == [
        "hint: 1.200,5 is printed with a decimal comma; figures are written with a decimal point and commas "
        "between thousands: 1,200.5",
        # one comma and fewer than three digits after it may also be a figure typed a digit short
        # (`1,42` for Table 10's 1,421): the hint says both
        "hint: 456,7 is printed with a decimal comma, or is short of a digit: figures are written with a decimal "
        "point, 456.7, and three digits follow each comma between thousands (1,234)",
        "hint: 1,5 is printed with a decimal comma, or is short of a digit: figures are written with a decimal "
        "point, 1.5, and three digits follow each comma between thousands (1,234)"]
    counted = [d for d in diagnose(text) if d.code == "cell-count"]
    assert [d.notes for d in counted] == [(
        "hint: 1.234.567 is read as 3 cells; printed with dots between thousands, it is written 1,234,567 "
        "(a decimal point, commas between thousands)",)]
    # figures of the language's own keep the usual hint
    _, plain = parse(PRELUDE + 'item rev "R" JPY flow\ntable "T" in JPY millions\n  columns 1Q03\n  rev 1,2345\n',
                     "q.iij", fast)
    assert all("decimal comma" not in " ".join(d.notes) for d in plain)


@pytest.mark.parametrize("line, meant", [
    ("  colums 1Q03", "columns"), ("  rouding truncate", "rounding"), ("  restaed \"IFRS 16\"", "restated"),
])
def test_a_near_miss_of_a_keyword_inside_a_declaration_gets_did_you_mean(line, meant):
    """`tabel` got "did you mean table?"; a table's own lines (`colums`) only the list of what may
    stand there. Both now name the keyword meant."""
    _, diagnostics = parse(f'table "T" in JPY\n{line}\n  columns 1Q03\n', "t.iij")
    assert [d.code for d in diagnostics] == ["syntax"]
    assert f"hint: did you mean {meant}?" in diagnostics[0].notes


def test_a_near_miss_of_a_word_of_an_alternation_gets_did_you_mean_beside_the_usual_hint():
    _, diagnostics = parse('item a "A" JPY flw\nitem b "B" JPY flow credt\n', "t.iij")
    assert [d.notes[0] for d in diagnostics] == ["hint: did you mean flow?", "hint: did you mean credit?"]
    assert diagnostics[0].notes[1].startswith("hint: say flow")
    _, diagnostics = parse('item a "A" JPY flow xyzzy\n', "t.iij")
    assert not any("did you mean" in note for note in diagnostics[0].notes)


def test_a_date_that_is_not_one_is_told_both_forms_the_grammar_takes():
    """`given Feb 2024`: a guidance is dated by a day or by a month (2003-02); the message says both."""
    _, diagnostics = parse('guidance "x" given Feb 2024\n  a@1Q03 > 1\n', "t.iij")
    assert diagnostics[0].message == "unexpected 'Feb'; expected a date such as 2003-06-30 (or a month, 2003-02)"
    _, diagnostics = parse('guidance "x" given 2024-02\n  a@1Q03 > 1\n', "t.iij")
    assert diagnostics == []


@pytest.mark.parametrize("fast", [True, False])
@pytest.mark.parametrize("printed, written", [("１，２３４", "1,234"), ("١٢٣", "123"), ("(４５.６%)", "(45.6%)")])
def test_a_figure_in_digits_other_than_ascii_is_an_error_that_says_how_to_write_it(fast, printed, written):
    """`\\d` in the grammar matched any script's digits: `rev １２３` checked as 123 without a word, and
    the message then quoted １２３. Figures are ASCII, and the error gives the spelling."""
    text = PRELUDE + f'item rev "R" JPY flow\ntable "T" in JPY millions\n  columns 1Q03\n  rev {printed}\n'
    _, diagnostics = parse(text, "d.iij", fast)
    assert [d.code for d in diagnostics] == ["syntax"]
    (d,) = diagnostics
    if printed[0].isdigit():  # else the lexer stops at the "(" before it, and the hint says the rest
        assert d.message.endswith("is not a digit the language reads: figures, periods and dates are written "
                                  "with the digits 0-9"), d.message
    assert d.notes[-1].endswith(f"written in ASCII: {written}")
    assert (d.span.line, d.span.column) == (text.count("\n"), text.splitlines()[-1].index(printed[0]) + 1)
    assert codes(text, prelude=False) == ["syntax"]  # nothing of the row is read as a figure


def test_a_period_in_full_width_digits_is_no_period():
    from ledgerlang.model.period import parse_period
    assert parse_period("１Q03") is None and parse_period("FY２００３") is None
    assert parse_period("1Q03") is not None


# The row of Table 10 of IIJ's 1Q03 earnings release (tests/draft/data/iij-1q03-earnings-release.txt),
# `Capital expenditures  1,421  1,015  936`, with its first figure as a newcomer may type it.
CAPEX = 'item capex "Capital expenditures" JPY flow\ntable "Table 10" in JPY millions\n  columns 1Q03 1Q02 4Q02\n'


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from("$¥￥€£"), st.sampled_from(["1,421", "1421", "1,421.5", "(1,421)"]), st.sampled_from(["", " "]))
def test_a_figure_with_a_currency_sign_is_told_the_figure_without_it(sign, figure, space):
    """`$1,421` or `¥1,421` in a row: the hint gives the figure as it is written, without its sign (the
    hint for digits of another script took `¥1,421` for one, and told the author to write `¥1,421`)."""
    _, diagnostics = book(f"{CAPEX}  capex {sign}{space}{figure} 1,015 936\n")
    hints = [note for d in diagnostics if d.code == "syntax" for note in d.notes]
    assert any(f"a figure is written without one, as {figure}:" in h for h in hints), hints
    assert not any("digits other than 0-9" in h for h in hints), hints


@pytest.mark.parametrize(("written", "told"), [
    ("Jun-03", "2003-06-30"), ("Sep 2002", "2002-09-30"), ("February-04", "2004-02-29"), ("Dec-99", "1999-12-31"),
    ("2003Q1", "1Q03 or Q1 FY2003"), ("2003-H2", "2H03 or H2 FY2003"), ("1Q'03", "1Q03"), ("FY'03", "FY03"),
])
def test_a_period_as_a_spreadsheet_writes_it_is_told_how_to_write_it(written, told):
    """A columns line in another style of period is a bad-period error under the whole word, whose hint
    spells the period the language reads; before, `Jun-03` was "unexpected '-03'; expected "("" (the
    month was taken for a function's name)."""
    _, diagnostics = book(f'item capex "Capital expenditures" JPY flow\ntable "T" in JPY millions\n'
                          f"  columns {written} 1Q02\n  capex 1,421 1,015\n")
    [found] = [d for d in diagnostics if d.code == "bad-period"]
    assert found.message == f"{written!r} looks like a period but is not one"
    assert (found.span.column, found.span.end_column) == (11, 11 + len(written))
    assert told in found.notes[0]


def test_a_table_without_its_columns_line_is_told_to_write_one():
    """A row straight after the title: the error says a columns line comes first, and what it holds."""
    _, diagnostics = book('item capex "Capital expenditures" JPY flow\ntable "T" in JPY millions\n  capex 1,421 1,015\n')
    [found] = diagnostics
    assert (found.code, found.span.line) == ("syntax", 9)
    assert "columns 1Q03 1Q02" in found.notes[-1]


@pytest.mark.parametrize(("line", "told"), [
    ('claim "Capital expenditures were JPY 1,421 million"\n  capex@1Q03 = JPY 1,421 millions\n',
     "hint: the figure comes first, then its unit and scale: 1,421 JPY millions"),
    ('guidance "capex" given 2003-05\n  capex@2Q03 in JPY 1,000 .. 2,000 millions\n',
     "hint: the figure comes first, then its unit and scale: 1,000 .. 2,000 JPY millions"),
    ("table \"T\" in JPY millions\n  columns 1Q03\n  capex JPY 1,421\n",
     "hint: a row's cells are figures alone: drop JPY; the table's `in` (in JPY millions) gives the unit of its figures"),
])
def test_a_unit_before_its_figure_is_told_where_it_goes(line, told):
    """`= JPY 1,421 millions`, as the release's sentence reads it (the claim of Table 10's row; the
    guidance range is built in the test on that row's figures): the hint rewrites the line's figure in
    the order the grammar reads; in a row, whose unit is the table's, it says to drop the unit."""
    _, diagnostics = book(f'item capex "Capital expenditures" JPY flow\n{line}')
    [found] = [d for d in diagnostics if d.code == "syntax"]
    assert found.notes == (told,)


@pytest.mark.parametrize("scale", ["million", "Million", "Millions", "thousand"])
def test_a_scale_where_a_claims_unit_goes_is_told_the_unit_and_scale(scale):
    """`capex@1Q03 = 1,421 million`: the word is a scale, and the hint gives the claim's unit before
    it (it said `million is not a declared unit`, and to declare it)."""
    _, diagnostics = book('item capex "Capital expenditures" JPY flow\n'
                          f'claim "Capital expenditures were JPY 1,421 million"\n  capex@1Q03 = 1,421 {scale}\n')
    [found] = [d for d in diagnostics if d.code == "unknown-unit"]
    assert found.message == f"{scale} is a scale, not a unit"
    plural = scale.lower().rstrip("s") + "s"
    assert found.notes == (f"hint: write the unit, then the scale in the plural: 1,421 JPY {plural}",)


@pytest.mark.parametrize(("text", "told"), [
    ('table "Table 10. CAPEX (JPY in millions)" in millions JPY\n  columns 1Q03\n  capex 1,421\n',
     "hint: the unit comes before its scale: in JPY millions"),
    ('table "Table 10. CAPEX (JPY in millions)" in JPY millions\n  columns 1Q03, 1Q02, 4Q02\n  capex 1,421 1,015 936\n',
     "hint: columns are separated by spaces, not commas: columns 1Q03 1Q02 4Q02"),
    ("rule capex.check: capex = capex + 0\n",
     "hint: a rule is an item's equation, `rule ITEM = expression`; a named check is an assertion: "
     "assert capex.check: expression = expression"),
])
def test_a_line_in_another_shape_is_told_the_grammars(text, told):
    """Table 10's title and columns (tests/draft/data/iij-1q03-earnings-release.txt) with their words
    in another order or separated by commas, and a rule named as an assertion is: the hint writes the
    line as the grammar reads it (it said `text goes in double quotes` for the rule's colon)."""
    _, diagnostics = book(f'item capex "Capital expenditures" JPY flow\n{text}')
    [found] = [d for d in diagnostics if d.code == "syntax"]
    assert found.notes == (told,)


def test_commas_inside_a_columns_measure_are_not_called_separators():
    """`share%(1Q03, rev.total)` is one column with a comma in it: a columns line with one is read."""
    _, diagnostics = book('item capex "Capital expenditures" JPY flow\n'
                          'table "T" in JPY millions\n  columns 1Q03 share%(1Q03, capex)\n  capex 1,421 100.0%\n')
    assert [d.code for d in diagnostics if d.code == "syntax"] == []


@pytest.mark.parametrize("line, char, caret, column", [
    ('item rev "Revenue" JPY fl\x00ow credit', "U+0000", "^@", 26),
    ("  rev 1,2\x1b34", "U+001B", "^[", 10),
    ("\x7f", "U+007F", "^?", 1),
])
def test_a_control_character_that_cuts_a_word_is_named_with_its_column(line, char, caret, column):
    """`fl<NUL>ow` was told "unexpected 'fl'; expected flow or stock", a word the author never typed, and
    some editors show a NUL as nothing at all: the hint names the character and where it is."""
    text = PRELUDE + 'item rev "Revenue" JPY flow credit\ntable "T" in JPY millions\n  columns 1Q03\n'
    _, diagnostics = parse(text + line + "\n", "book.iij")
    assert [d.code for d in diagnostics] == ["syntax"]
    hint = diagnostics[0].notes[-1]
    assert hint.startswith(f"hint: column {column} holds the control character {char}, "), hint
    assert f"show it as {caret} or not at all): delete it" in hint, hint


_ON_ERROR = ("ledgerlang.syntax.errors", "ledgerlang.syntax.hints", "ledgerlang.syntax.recovery")


def test_only_a_parse_that_fails_imports_error_recovery_and_the_syntax_errors_messages(tmp_path):
    """Recovery, the wording of a syntax error and its hints are imported by the first parse that
    fails, not on every command's way (README "Start-up"): the IIJ definitions parse without them,
    and the same text with a keyword misspelt brings them in."""
    good = ROOT / "books" / "iij" / "iij.iij"
    bad = tmp_path / "iij.iij"
    # The misspelt keyword is made here, in the real definitions: a book no one has written.
    bad.write_text(good.read_text(encoding="utf-8").replace("\nitem ", "\nitme ", 1), encoding="utf-8")
    code = ("import sys\n"
            "from ledgerlang.syntax.parse import parse\n"
            "for path in sys.argv[1:]:\n"
            "    _, found = parse(open(path, encoding='utf-8').read(), path)\n"
            f"    print([d.code for d in found], [m for m in {_ON_ERROR!r} if m in sys.modules])\n")
    done = subprocess.run([sys.executable, "-c", code, str(good), str(bad)], capture_output=True, text=True,
                          timeout=120, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["[] []", f"['syntax'] {list(_ON_ERROR)}"], done.stdout
