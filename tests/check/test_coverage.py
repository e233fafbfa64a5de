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
