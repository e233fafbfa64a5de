"""Every printed figure ends as checked, acknowledged, or reported as not checkable, and is counted."""

from __future__ import annotations

from ledgerlang.check import check_counted
from ledgerlang.evaluate.compute import evaluate

from support import PRELUDE, book, diagnose, ledger

ITEMS = """
item rev "Revenues" JPY flow
item cost "Costs" JPY flow
item op "Operating income" JPY flow
  = rev - cost
"""


def counted(text: str):
    loaded, _ = book(text)
    evaluation, _ = evaluate(loaded)
    return check_counted(loaded, evaluation)


def test_a_claim_on_a_derived_item_without_inputs_is_reported():
    """A claim on an item its rule derives, with the rule's inputs missing, is claim-unchecked, naming them."""
    found = diagnose(ITEMS + """
    claim "Operating income was JPY 2,000 million"
      op@9M FY2016 = 2,000 JPY millions
    """)
    assert [d.code for d in found] == ["claim-unchecked"]
    assert found[0].message == ("the claim op@9M FY2016 = 2,000 million cannot be checked: op = rev - cost needs "
                                "cost@9M FY2016, rev@9M FY2016, which no book gives")


def test_a_claim_on_a_derived_item_with_inputs_is_checked():
    """The same claim is checked (and counted) once the rule's inputs are printed."""
    found, counts = counted(ITEMS + """
    table "T" in JPY millions
      columns 9M FY2016
      rev 5,000
      cost 3,000
    claim "Operating income was JPY 2,000 million"
      op@9M FY2016 = 2,000 JPY millions
    """)
    assert found == []
    assert (counts.checked, counts.not_checkable) == (3, 0)


def test_uncheckable_change_cells_are_one_note_per_table():
    """A yoy% column whose prior year no book gives is one not-checkable note listing each cell."""
    found, counts = counted(ITEMS + """
    table "Highlights" in JPY millions
      columns FY2016 yoy%(FY2016)
      rev 5,000  7.6%
      cost 3,000 2.0%
    """)
    assert [d.code for d in found] == ["not-checkable"]
    note = found[0]
    assert note.message.startswith("4 figures in 'Highlights' are not checked")
    assert any(n.startswith("yoy%(rev)@FY2016 7.6% at line") and "no book gives rev@FY2015" in n for n in note.notes)
    assert (counts.checked, counts.not_checkable) == (0, 4)


def test_a_share_cell_checks_its_inputs():
    """A share% cell whose total is printed checks the cell and both its inputs."""
    found, counts = counted(ITEMS + """
    item total "Total" JPY flow
    table "T" in JPY millions
      columns FY2016 share%(FY2016, total)
      rev   5,000 50.0%
      total 10,000 100.0%
    """)
    assert found == []
    assert (counts.checked, counts.not_checkable) == (4, 0)


def test_the_summary_line_counts_figures(tmp_path):
    """`ledger check` ends with how many figures were checked and how many could not be."""
    path = tmp_path / "b.iij"
    path.write_text(PRELUDE + ITEMS + 'table "T" in JPY millions\n  columns 1Q03 1Q02 yoy%(1Q03)\n'
                    '  rev 110 100 10.0%\n  cost 50 . .\n')
    result = ledger("check", str(path))
    assert result.stdout.splitlines()[-1] == "check: 0 errors, 0 warnings, 1 note; 3 figures checked, 1 not checkable"
    assert "cost@1Q03 50 at line" in result.stdout


def test_a_figure_an_undecided_rule_or_measure_reads_is_not_said_to_be_unused():
    """rev@1Q03 is read by op = rev - cost (which lacks cost) and by its yoy% (which lacks the prior
    year), and margin = op / rev lacks op. None of them decides, but each reads the
    figure: the note says which, and what it lacks, not "no rule or measure uses it"."""
    found = diagnose(ITEMS + """
    item margin "Margin" % flow = op / rev
    item other "Other" JPY flow
    table "T" in JPY millions
      columns 1Q03 yoy%(1Q03) 4Q02
      rev 1,000 5.0% 0
      margin 10% . 12%
      other 7 . .
    """)
    assert [d.code for d in found] == ["not-checkable"]
    notes = [n.split(": ", 1)[1] for n in found[0].notes if not n.startswith("hint")]
    assert notes == [
        "rule op = rev - cost uses it, but needs cost@1Q03",  # rev@1Q03
        "no book gives rev@1Q02",  # its yoy%
        "rule op = rev - cost uses it, but needs cost@4Q02",  # rev@4Q02
        "its rule margin = op / rev needs op@1Q03",  # margin@1Q03
        "its rule margin = op / rev needs op@4Q02",  # margin@4Q02
        "printed once, and no rule or measure uses it",  # other@1Q03
    ], found[0].notes


def test_a_figure_a_rule_only_derives_from_or_divides_by_says_so():
    """margin = op / rev with op and rev printed 0 at 1Q03 (intervals holding zero: 10% may be) and no
    margin printed at 4Q02: rev@4Q02 only derives a margin no book prints; margin@1Q03's own rule
    divides by zero."""
    found = diagnose("""
    item op "Operating income" JPY flow
    item rev "Revenues" JPY flow
    item margin "Margin" % flow = op / rev
    table "T" in JPY millions
      columns 1Q03 4Q02
      op 0 6
      rev 0 100
      margin 10% .
    """)
    notes = [n.split(": ", 1)[1] for n in found[0].notes if not n.startswith("hint")]
    assert notes == [
        "rule margin = op / rev uses it, but it divides by zero",  # op@1Q03
        "rule margin = op / rev uses it, but it derives margin@4Q02, which no book prints to check it against",
        "rule margin = op / rev uses it, but it divides by zero",  # rev@1Q03
        "rule margin = op / rev uses it, but it derives margin@4Q02, which no book prints to check it against",
        "its rule margin = op / rev divides by zero",  # margin@1Q03
    ], found[0].notes


def test_a_year_whose_quarters_are_missing_says_which():
    """Nine months of revenue with its third quarter unprinted: the sum of its quarters cannot be
    checked, and the note names the missing quarter rather than "no rule or measure uses it"."""
    found = diagnose("""
    item rev "Revenues" JPY flow
    table "T" in JPY millions
      columns 1Q03 2Q03 1H03 9M FY2003
      rev 100 100 200 300
    """)
    assert [d.code for d in found] == ["not-checkable"]
    assert found[0].notes[0] == "rev@9M FY2003 300 at line 11: the sum of its quarters needs rev@3Q03"
