"""A book written by hand from a real release, as a newcomer writes one: the figures are the
release's, the book checks clean, and the mistakes made on the way are each told, with what to do.

The book is tests/authoring/meade-3q07.iij, transcribed from the release the draft tests keep
(tests/draft/data/meade-3q07-exhibit-99-1.html)."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import lxml.html

from ledgerlang.load import load
from support import ROOT, diagnose, ledger

HERE = Path(__file__).parent
BOOK = HERE / "meade-3q07.iij"
RELEASE = ROOT / "tests" / "draft" / "data" / "meade-3q07-exhibit-99-1.html"


def _release_rows() -> list[list[Decimal]]:
    """The figures of each row of the release's statement, in order: `(8,922,000` and its `)` are
    printed in cells of their own, so a row's text is read whole."""
    rows = []
    for tr in lxml.html.parse(str(RELEASE)).getroot().iter("tr"):
        cells = [td.text_content().strip() for td in tr.iter("td")]
        if not cells or not cells[0]:  # the headings' rows (the years) have no label
            continue
        text = " ".join(cells[1:])
        figures = re.findall(r"(\(?)\s*\$?\s*(\d[\d,]*(?:\.\d+)?)(?=\s*\)?)", text)
        numbers = [Decimal(f.replace(",", "")) * (-1 if sign else 1) for sign, f in figures]
        if len(numbers) == 4:
            rows.append(numbers)
    return rows


def test_every_figure_of_the_book_is_the_release_s():
    """Row by row and column by column, the book's figures are the ones the release prints."""
    book, found = load(BOOK.read_text(encoding="utf-8"), str(BOOK))
    assert found == []
    rows: dict[str, list[Decimal]] = {}
    for fact in book.facts:
        rows.setdefault(fact.item, []).append(fact.value.value)
    release = _release_rows()
    assert len(release) == 15 and list(rows.values()) == release


def test_the_book_checks_clean_and_says_what_it_cannot_check():
    """No error, no warning, and the one row no rule reaches, the diluted shares, is named."""
    result = ledger("check", str(BOOK))
    assert result.returncode == 0, result.stdout
    assert result.stdout.splitlines()[-1] == "check: 0 errors, 0 warnings, 1 note; 56 figures checked, 4 not checkable"
    assert "info[not-checkable]: 4 figures in 'Consolidated statements of operations'" in result.stdout
    assert "shares.diluted@3Q07 19,641,000" in result.stdout
    # a weighted average is no sum of its quarters: the note does not ask for them
    assert "shares.diluted@9M FY2007 19,585,000 at line 51: printed once, and no rule or measure uses it" in result.stdout


# The stored copy of the release prints no narrative: the claims below state the table's net sales
# of the third quarter, $48,498,000, as a release's text would, to the tenth of a million.
CLAIM = ('\nclaim "Net sales for the third quarter of fiscal 2007 were $48.5 million"\n'
         "  sales@{period} = 48.5 USD millions\n")


def test_a_claim_at_a_period_no_table_prints_its_item_at_names_the_periods_they_do():
    """A claim typed at 3Q08 for 3Q07 was "stated only here", which it is not: the hint names
    where the tables print the item, and the period to check."""
    text = BOOK.read_text(encoding="utf-8")
    mistyped = [d for d in diagnose(text + CLAIM.format(period="3Q08"), prelude=False) if d.code == "claim-unchecked"]
    assert len(mistyped) == 1
    hint = mistyped[0].notes[-1]
    assert hint.startswith("hint: the tables print sales at 3Q07, 3Q06, 9M FY2007, 9M FY2006, never at 3Q08: "
                           "check the period the text states"), hint
    typed = diagnose(text + CLAIM.format(period="3Q07"), prelude=False)
    assert [d.code for d in typed] == ["not-checkable"]  # the claim is checked, and holds


def test_shares_subtracted_from_dollars_are_not_told_to_translate():
    """No rate turns shares into dollars: the hint names each item's unit instead of a translation."""
    text = BOOK.read_text(encoding="utf-8").replace("  = op.income - interest", "  = op.income - shares.basic")
    found = [d for d in diagnose(text, prelude=False) if d.code == "unit-mismatch"]
    assert len(found) == 1 and found[0].message == "cannot subtract shares from USD: op.income - shares.basic"
    assert found[0].notes == ("hint: no rate turns shares into USD: check the unit each item is declared in "
                              "(op.income in USD, shares.basic in shares), and that the expression names the "
                              "items it means",)


def test_a_definition_whose_input_is_misnamed_is_said_to_check_nothing():
    """`pretax = op.income - interest.paid`, where the row is `interest`: pretax is still checked by
    net income's rule, so no figure went unchecked to say so, and the book checked clean."""
    text = BOOK.read_text(encoding="utf-8").replace("  = op.income - interest\n", "  = op.income - interest.paid\n")
    text += 'item interest.paid "Interest paid" USD flow debit\n'
    found = [d for d in diagnose(text, prelude=False) if d.code == "rule-unchecked"]
    assert [d.message for d in found] == [
        "rule pretax = op.income - interest.paid is never checked: at the periods a table prints pretax "
        "(3Q07, 3Q06, 9M FY2007, ...), interest.paid has no value"]
    assert found[0].span.line == text.splitlines().index(next(
        line for line in text.splitlines() if line.startswith("item pretax"))) + 1
    assert not [d for d in diagnose(BOOK.read_text(encoding="utf-8"), prelude=False) if d.code == "rule-unchecked"]


def test_a_rule_whose_target_no_table_prints_is_said_to_check_nothing():
    """A `rule` (not a definition) only checks: on an item the release never prints it does nothing."""
    text = BOOK.read_text(encoding="utf-8") + (
        'item exp.total "Total operating expenses" USD flow debit\n'
        "rule exp.total = exp.selling + exp.ga + exp.esop + exp.rd\n")
    found = [d for d in diagnose(text, prelude=False) if d.code == "rule-unchecked"]
    assert [d.message for d in found] == [
        "rule exp.total = exp.selling + exp.ga + exp.esop + exp.rd is never checked: no table prints exp.total, "
        "and a rule checks its target where a table prints it"]


def test_a_column_whose_year_is_mistyped_is_said_so():
    """3Q06 typed 3Q60: every rule holds inside the column, and the book checked clean."""
    text = BOOK.read_text(encoding="utf-8")
    heading = next(line for line in text.splitlines() if line.lstrip().startswith("columns"))
    mistyped = text.replace(heading, heading.replace("3Q06", "3Q60"))
    found = [d for d in diagnose(mistyped, prelude=False) if d.code == "distant-period"]
    assert [(d.severity.name, d.message) for d in found] == [
        ("WARNING", "column 3Q60 lies 53 years from the table's other columns (3Q07, 9M FY2007, 9M FY2006)")]
    assert not [d for d in diagnose(text, prelude=False) if d.code == "distant-period"]


def test_a_weighted_average_of_shares_is_not_the_sum_of_its_quarters():
    """Declared a flow, nine months' weighted average shares were checked as the sum of their quarters, an
    error in every ledger that prints both; declared `average`, they are not summed."""
    # The release prints no quarter before the third: the table below takes the diluted count, which no
    # rule reads, to have stayed at the third quarter's 19,641,000 all year, so that each quarter's
    # average and the nine months' are that figure, as a release of a company whose shares did not
    # change would print them. It replaces the release's row of diluted shares.
    quarters = ('table "Three quarters" in USD\n  columns 1Q07 2Q07 3Q07 9M FY2007\n'
                "  shares.diluted 19,641,000 19,641,000 19,641,000 19,641,000\n")
    lines = BOOK.read_text(encoding="utf-8").splitlines(keepends=True)
    text = "".join(line for line in lines if not line.startswith("  shares.diluted "))  # the release's row, replaced
    assert len(text.splitlines()) == len(lines) - 1
    averaged = diagnose(text + quarters, prelude=False)
    assert not [d for d in averaged if d.severity.name == "ERROR"]
    summed = diagnose(text.replace("shares average", "shares flow") + quarters, prelude=False)
    assert [(d.code, d.item, d.period) for d in summed if d.severity.name == "ERROR"] == [
        ("period-sum-mismatch", "shares.diluted", "9M FY2007")]


def test_an_average_at_a_date_is_called_an_average_and_a_flow_at_close_is_told_what_to_write():
    """An average at an instant was said to be "a flow"; a flow's row @close had no hint. Both rows
    below restate the release's figures under a column they cannot have, built here."""
    text = BOOK.read_text(encoding="utf-8") + (
        'table "At the quarter\'s end" in USD\n  columns 2006-11-30\n  shares.diluted 19,641,000\n'
        'table "Sales at the close" in USD\n  columns 3Q07\n  sales@close 48,498,000\n')
    found = {d.message: d.notes for d in diagnose(text, prelude=False) if d.code == "flow-on-instant"}
    assert "shares.diluted is an average but column 2006-11-30 is an instant" in found
    assert found["sales is a flow; it has no value @close"] == (
        "hint: @open and @close are a stock's balances: write the row sales, its value over each column's period",)
