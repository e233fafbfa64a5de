"""A culprit note tells the slip an author makes: a figure read at another scale, a column typed with
another period, never a value with more digits than its figure prints (check/joint.py)."""

from hypothesis import given, settings
from hypothesis import strategies as st

from ledgerlang.load import run

# Park Electrochemical's release for the 13 and 26 weeks ended August 30, 2009 (tests/draft/data/
# park-2q10-exhibit-99-1.html, from EDGAR): its summary table's sales, net earnings and weighted
# average basic shares in thousands, its earnings per share in dollars, and its statement of
# operations' net sales (the same figures), by column as printed: (13 weeks 8/30/09, 13 weeks 8/31/08, 26 weeks 8/30/09, 26 weeks
# 8/31/08), here 2Q10, 2Q09, 1H10 and 1H09. The copy prints no units line; its sales are thousands.
PARK = {"2Q10": ("42,518", "4,755", "0.23", "20,534"), "2Q09": ("55,599", "4,937", "0.24", "20,458"),
        "1H10": ("79,215", "7,829", "0.38", "20,503"), "1H09": ("115,399", "12,494", "0.61", "20,412")}
ITEMS = ('currency USD "US dollars"\nunit shares "shares of common stock"\n'
         'item sales "Net sales" USD flow\nitem ni "Net earnings" USD flow\n'
         'item shares.basic "Weighted average shares, basic" shares average\n'
         'item eps "Basic and diluted earnings per share" USD/shares flow\n  = ni / shares.basic\n')


def summary(columns, shares_row: str = "shares.basic in thousands") -> str:
    """The release's summary table at `columns` (its own column names), its count row headed `shares_row`."""
    rows = [("sales", 0), ("ni", 1), ("eps", 2), (shares_row, 3)]
    lines = ['table "Summary" in USD thousands', "  columns " + " ".join(columns)]
    lines += [f"  {head} " + " ".join(PARK[column][at] for column in columns) for head, at in rows]
    return "\n".join(lines) + "\n"


def statement(columns, typed=None) -> str:
    """The statement of operations' net sales at `columns`, each headed as `typed` says (else as it is)."""
    typed = typed or {}
    return ('table "Statement of operations" in USD thousands\n  columns '
            + " ".join(typed.get(column, column) for column in columns) + "\n  sales "
            + " ".join(PARK[column][0] for column in columns) + "\n")


def errors(tmp_path, text: str) -> list:
    """The errors `ledger check` finds in a book written to a file."""
    path = tmp_path / "park.iij"
    path.write_text(text, encoding="utf-8")
    return [d for d in run([str(path)])[2] if d.severity.name == "ERROR"]


def culprits(diagnostic) -> list[str]:
    return [note for note in diagnostic.notes if note.startswith("culprit: ")]


def test_a_count_read_in_units_in_a_table_of_money_is_named_as_its_rows_scale(tmp_path):
    """The count row written without its scale (the slip; the release's figures as printed): the notes
    proposed eps 231.57, shares 20,683,735 and net earnings 5, numbers no release prints. The count is
    named first, as the slip of scale it is, with what to write; net earnings, the other input, as a
    slip of scale too; earnings per share, printed in units whatever its table's scale, not at all."""
    [found] = errors(tmp_path, ITEMS + summary(["2Q10"], shares_row="shares.basic"))
    assert found.code == "rule-mismatch"
    assert culprits(found) == [
        "culprit: changing 'Summary', column 2Q10: shares.basic@2Q10 from 20,534 to 20,534 thousand (a slip of "
        "scale: write `shares.basic in thousands` on its row, as a table of money reads a count in units unless its "
        "row names a scale) resolves 1 error",
        "culprit: or changing 'Summary', column 2Q10: ni@2Q10 from 4,755 thousand to 4,755 in units (a slip of "
        "scale: write 5 if it was typed from a table in units, or correct the scale its table or row states "
        "(`in ...`); resolves 1)"]
    # and what the first note says to write is the fix
    assert errors(tmp_path, ITEMS + summary(["2Q10"])) == []


@settings(max_examples=15, deadline=None)
@given(st.lists(st.sampled_from(sorted(PARK)), min_size=1, max_size=4, unique=True))
def test_each_column_of_a_count_read_in_units_names_the_count_first(tmp_path_factory, columns):
    """Any of the release's columns, in any order, with the count row's scale left out: each column's error
    names its count first, as a slip of scale to thousands, and no note proposes a new number."""
    found = errors(tmp_path_factory.mktemp("park"), ITEMS + summary(columns, shares_row="shares.basic"))
    assert sorted(d.period for d in found) == sorted(columns)
    for d in found:
        notes = culprits(d)
        assert notes[0].startswith(f"culprit: changing 'Summary', column {d.period}: shares.basic@{d.period} from "
                                   f"{PARK[d.period][3]} to {PARK[d.period][3]} thousand (a slip of scale: ")
        assert all("a slip of scale: " in note for note in notes), notes


def test_a_column_typed_with_another_period_is_named_not_the_figure_it_disagrees_with(tmp_path):
    """The statement's 13 weeks ended 8/30/09 typed 1Q10 (the slip): its net sales and the summary's 2Q10
    make 1H10 85,036 against 79,215 printed, and the culprit named the summary's 2Q10 sales, which are
    right, to be 36,697. The statement's column is named first, with the period it should have."""
    columns = ["2Q10", "2Q09", "1H10", "1H09"]
    [found] = errors(tmp_path, ITEMS + summary(columns) + statement(columns, typed={"2Q10": "1Q10"}))
    assert found.code == "period-sum-mismatch"
    assert culprits(found)[0] == (
        "culprit: changing 'Statement of operations', column 1Q10: its column's period from 1Q10 to 2Q10 "
        "(sales@2Q10 is printed 42,518 in 'Summary', column 2Q10 too, and 2Q10 goes with the table's 2Q09 and "
        "1H10) resolves 1 error")
    assert errors(tmp_path, ITEMS + summary(columns) + statement(columns)) == []


def test_the_right_column_is_not_told_as_a_period_slip(tmp_path):
    """The same slip made in the summary instead, its first column typed 1Q10 (only its sales row kept, so
    that the statement's sales alone say what 2Q10 prints): the summary's column is named, the
    statement's, which is right, is not."""
    columns = ["2Q10", "2Q09", "1H10", "1H09"]
    typed = ["1Q10", "2Q09", "1H10", "1H09"]
    text = (ITEMS + 'table "Summary" in USD thousands\n  columns ' + " ".join(typed) + "\n  sales "
            + " ".join(PARK[column][0] for column in columns) + "\n" + statement(columns))
    [found] = errors(tmp_path, text)
    notes = culprits(found)
    assert notes[0].startswith("culprit: changing 'Summary', column 1Q10: its column's period from 1Q10 to 2Q10 ")
    assert not [note for note in notes if "changing 'Statement of operations', column 2Q10: its column's period"
                in note]
