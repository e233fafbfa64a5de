"""Every printed figure ends as checked, acknowledged, or reported as not checkable, and is counted."""

from __future__ import annotations

from ledgerlang.check import check_counted
from ledgerlang.diagnostic import sort_key
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


# A margin printed beside a divisor that may be zero: the rule's own check cannot decide it, and the
# joint pass proves 10% impossible (op 5 over a rev in [-0.5, 0.5] is at least 9 in size).
MARGIN_OVER_ZERO = """
item op "Operating income" JPY flow
item rev "Revenues" JPY flow
item margin "Margin" % flow = op / rev
item staff "Employees" shares flow
table "T" in JPY millions
  columns 1Q03
  op 5
  rev 0
  margin 10%
  staff 12
"""


def test_figures_a_joint_finding_names_are_checked_not_called_not_checkable():
    """An error about op, rev and margin beside a note saying no check reaches them would mislead:
    the joint pass decided them. Only the figure nothing reads is left in the note, and counted so."""
    found, counts = counted(MARGIN_OVER_ZERO)
    found.sort(key=sort_key)
    assert [d.code for d in found] == ["joint-inconsistent", "not-checkable"]
    note = found[1]
    assert note.message == "1 figure in 'T' is not checked: no rule, other printing or measure reaches it"
    assert [n.split(" at line")[0] for n in note.notes[:-1]] == ["staff@1Q03 12"]
    assert (note.item, note.span.line) == ("staff", found[0].span.line + 3)  # the staff row, not op's
    assert (counts.checked, counts.not_checkable) == (3, 1)
    assert len(counts.unchecked) == 1


def test_without_the_joint_finding_the_same_figures_stay_not_checkable():
    """A margin of 1,000% can hold (op 5 over a rev of 0.5): no finding, and the four figures stay
    not checkable, as the pairwise checks left them."""
    found, counts = counted(MARGIN_OVER_ZERO.replace("10%", "1,000%"))
    assert [d.code for d in found] == ["not-checkable"]
    assert found[0].message.startswith("4 figures in 'T' are not checked")
    assert (counts.checked, counts.not_checkable) == (0, 4)


def test_a_claim_a_joint_finding_names_is_not_called_unchecked():
    """The claim's margin is the figure the joint pass finds impossible: no claim-unchecked beside it."""
    table = MARGIN_OVER_ZERO.replace("  margin 10%\n  staff 12\n", "")
    assert table.endswith("  rev 0\n")
    found, counts = counted(table + 'claim "The margin was 10%"\n  margin@1Q03 = 10%\n')
    assert [d.code for d in found] == ["joint-inconsistent"]
    assert (counts.checked, counts.not_checkable) == (3, 0)
