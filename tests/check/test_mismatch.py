"""What a "reported versus computed" diagnostic says: numbers the reader can check, and why (check/mismatch.py)."""

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
