"""What a "reported versus computed" diagnostic says: numbers the reader can check, and why (check/mismatch.py)."""

from ledgerlang.load import run
from support import diagnose


def _errors(text: str) -> list:
    return [d for d in diagnose(text) if d.severity.name == "ERROR"]


def test_a_figure_that_matches_at_another_scale_gets_a_hint_of_its_scale():
    """A claim of 8,344 (read in whole yen) against a table's 8,344 in millions: the mismatch says the
    figure matches as 8,344 million, where the joint pass's culprit proposes 8,344,000,000."""
    [found] = _errors('item rev "Revenue" JPY flow\ntable "T" in JPY millions\n  columns 1Q03\n  rev 8,344\n'
                      'claim "Revenues were JPY 8,344 million"\n  rev@1Q03 = 8,344\n')
    assert found.code == "claim-mismatch"
    assert ("hint: the figure matches if it is 8,344 million: check the scale its table (`in ...`) or claim states"
            in found.notes)


def test_a_ratio_printed_in_a_row_of_percentages_gets_a_hint():
    """0.40 in a margin row is read as 0.40%, and the rule gives 40%: the hint says the figure is a ratio."""
    [found] = _errors('item rev "Revenue" JPY flow\nitem gp "Gross profit" JPY flow\nitem margin "Margin" % flow\n'
                      '  = gp / rev\ntable "T" in JPY millions\n  columns 1Q03\n  rev 200\n  gp 80\n  margin 0.40\n')
    assert found.code == "rule-mismatch"
    assert "hint: 0.40 matches if it is a ratio (0.40 = 40%): a percentage's figure is written in percent" in found.notes


def test_a_computed_value_too_small_for_the_figures_places_is_not_shown_as_zero():
    """120 yen against 120 million: "gives 0.0 million" said the two tables disagreed about a zero."""
    [found] = _errors('item rev "Revenue" JPY flow\ntable "T" in JPY\n  columns 1Q03\n  rev 120\n'
                      'table "U" in JPY millions\n  columns 1Q03\n  rev 120\n')
    assert "gives 0.00012 million" in found.message
    assert found.notes[1].startswith("computed: 0.00012 million from 'T', column 1Q03 (120), any value in "
                                     "[0.00012, 0.00012] million")
    assert ("hint: the figure matches if it is 120 in units: one of the two printings was typed from a table at "
            "the other's scale, or its table states the wrong scale (`in ...`); the culprit note names the one to "
            "change") in found.notes


def test_nil_or_zero_gets_no_hint_of_another_scale():
    """A dash against 0.30 "matched if it is - thousand": zero is zero at any scale, and only its
    rounding widens there. A zero figure gets no such hint; 0 that is wrong is wrong."""
    for printed in ("-", "0.00"):
        [found] = _errors('item dps "DPS" JPY/shares flow\nrate r: 120 JPY per USD on 2024-12-31 "rate"\n'
                          'table "Per share" in JPY millions\n  columns 1Q24 1Q23 USD(1Q24) USD(1Q23)\n'
                          f'  dps 36.00 12.00 {printed} 0.10\n')
        assert found.code == "translation-mismatch"
        assert not [note for note in found.notes if "matches if it is" in note], found.notes


# Park Electrochemical's release for the 13 weeks ended August 30, 2009 (tests/draft/data/
# park-2q10-exhibit-99-1.html, from EDGAR): net earnings and weighted average shares in thousands,
# earnings per share in dollars. The copy prints no units line; its sales of $42,518 are thousands.
PARK_ITEMS = ('currency USD "US dollars"\nunit shares "shares of common stock"\n'
              'item ni "Net earnings" USD flow\nitem shares.basic "Weighted average shares, basic" shares average\n'
              'item eps "Basic and diluted earnings per share" USD/shares flow\n  = ni / shares.basic\n')


def _checked(tmp_path, text: str) -> list:
    """The errors `ledger check` finds in a book written to a file."""
    path = tmp_path / "park.iij"
    path.write_text(text, encoding="utf-8")
    return [d for d in run([str(path)])[2] if d.severity.name == "ERROR"]


def _hint(found: list, code: str) -> str:
    """The hint of the one error of `code` among `found`."""
    [mismatch] = [d for d in found if d.code == code]
    [hint] = [note for note in mismatch.notes if note.startswith("hint:")]
    return hint


def test_a_per_share_figure_whose_count_the_money_table_reads_in_units_names_the_counts_scale(tmp_path):
    """Park's 0.23 against 4,755 thousand / 20,534 shares: the hint said the figure "matches if it is
    0.23 thousand", a per-share figure no release prints; the fix is the count's scale, written on
    its row, or the amount's, and the hint names both with what to write."""
    table = 'table "Summary" in USD thousands\n  columns 2Q10 2Q09\n  ni 4,755 4,937\n  {row} 20,534 20,458\n' \
            '  eps 0.23 0.24\n'
    found = _checked(tmp_path, PARK_ITEMS + table.format(row="shares.basic"))
    assert [d.code for d in found] == ["rule-mismatch", "rule-mismatch"]
    hints = [note for note in found[0].notes if note.startswith("hint:")]
    assert hints == [
        "hint: the figure matches if shares.basic@2Q10 is in thousands (20,534 thousand shares), not in units as "
        "'Summary' reads it: write `shares.basic in thousands` on its row, as a table of money reads a count in "
        "units unless its row names a scale; or if ni@2Q10 is in units (4,755), not in thousands as 'Summary' "
        "reads it: correct the scale its table or row states (`in ...`)"]
    assert "shares.basic@2Q09 is in thousands (20,458 thousand shares)" in found[1].notes[3]
    # and what the hint says to write is the fix
    assert _checked(tmp_path, PARK_ITEMS + table.format(row="shares.basic in thousands")) == []


def test_a_per_share_figure_whose_count_is_in_millions_names_millions(tmp_path):
    """Park's count written as the millions it is (20.534, a form the release does not print, made
    here from its 20,534 thousand) without a scale on its row: the hint says millions, not thousands."""
    found = _checked(tmp_path, PARK_ITEMS + 'table "Summary" in USD thousands\n  columns 2Q10\n  ni 4,755\n'
                                           '  shares.basic 20.534\n  eps 0.23\n')
    [hint] = [note for note in found[0].notes if note.startswith("hint:")]
    assert hint.startswith("hint: the figure matches if shares.basic@2Q10 is in millions (20.534 million shares), "
                           "not in units as 'Summary' reads it: write `shares.basic in millions` on its row")
    assert "or if ni@2Q10" not in hint  # thousands less six places is no scale a table states


def test_a_ratio_of_two_amounts_read_at_different_scales_names_the_amount_to_rescale(tmp_path):
    """Park's gross profit and its % of sales in a table written without the release's thousands,
    beside sales in the summary's thousands (the statement's own sales row left out here, so that
    only the two scales meet): 25.7% against 0.0257%, and the hint names the amount whose scale
    differs, where it said nothing."""
    found = _checked(tmp_path, 'currency USD "US dollars"\nitem sales "Net sales" USD flow\n'
                               'item gp "Gross profit" USD flow\nitem margin "Gross profit %" % flow\n'
                               '  = gp / sales\ntable "Summary" in USD thousands\n  columns 2Q10\n  sales 42,518\n'
                               'table "Operations" in USD\n  columns 2Q10\n  gp 10,948\n  margin 25.7%\n')
    hint = _hint(found, "rule-mismatch")
    assert hint == ("hint: the figure matches if sales@2Q10 is in units (42,518), not in thousands as 'Summary' "
                    "reads it: correct the scale its table or row states (`in ...`); or if gp@2Q10 is in thousands "
                    "(10,948 thousand), not in units as 'Operations' reads it: write `gp in thousands` on its row, "
                    "or correct the scale the table states (`in ...`) if all its figures are in thousands")


def test_a_claim_of_a_per_share_figure_derived_from_a_count_read_in_units_names_the_counts_scale(tmp_path):
    """The release's "$0.23" as a claim, where the tables print no per-share row and eps is derived
    from Park's net earnings and count (a form made here from its summary table): the hint said
    "check the scale its table or claim states" of a figure whose scale is right."""
    found = _checked(tmp_path, PARK_ITEMS + 'table "Summary" in USD thousands\n  columns 2Q10\n  ni 4,755\n'
                                           '  shares.basic 20,534\n'
                                           'claim "Basic and diluted earnings per share of $0.23"\n'
                                           '  eps@2Q10 = 0.23 USD/shares\n')
    hint = _hint(found, "claim-mismatch")
    assert hint.startswith("hint: the figure matches if shares.basic@2Q10 is in thousands (20,534 thousand "
                           "shares), not in units as 'Summary' reads it: write `shares.basic in thousands` on its row")


def test_a_share_of_a_total_read_at_another_scale_names_the_input_to_rescale(tmp_path):
    """Park's gross profit printed with its % of net sales (the release's "%" row, here a share%
    column) in a table written without the release's thousands, net sales in the summary's: 25.7%
    against 0.026%, which had no hint at all."""
    found = _checked(tmp_path, 'currency USD "US dollars"\nitem sales "Net sales" USD flow\n'
                               'item gp "Gross profit" USD flow\ntable "Summary" in USD thousands\n  columns 2Q10\n'
                               '  sales 42,518\ntable "Operations" in USD\n  columns 2Q10 share%(2Q10, sales)\n'
                               '  gp 10,948 25.7%\n')
    hint = _hint(found, "share-mismatch")
    assert "or if gp@2Q10 is in thousands (10,948 thousand), not in units as 'Operations' reads it: write " \
           "`gp in thousands` on its row" in hint
