"""Guidance is data: kept with the date it was given and compared with the actual figure."""

from support import diagnose

TEXT = """
item rev "Revenues" JPY flow
guidance "4Q02 revenues between JPY12.5 billion and JPY13.0 billion" given 2003-02
  rev@4Q02 in 12.5 .. 13.0 JPY billions
table "T" in JPY millions
  columns 4Q02
  rev {actual}
"""


def verdict(actual: str) -> str:
    return next(d.code for d in diagnose(TEXT.format(actual=actual)))


def test_guidance_against_actuals():
    """The actual figure is below, within or above the range (the bounds are exact)."""
    assert verdict("12,400") == "guidance-below"
    assert verdict("12,800") == "guidance-within"
    assert verdict("13,036") == "guidance-above"


def test_a_range_written_backwards_is_an_error_not_a_verdict():
    """`in 13.0 .. 12.5` holds no value: said at the line, with the bounds the other way round,
    rather than compared (12,800 would be "below" a range it lies within)."""
    found = diagnose(TEXT.replace("12.5 .. 13.0", "13.0 .. 12.5").format(actual="12,800"))
    assert [d.code for d in found] == ["bad-figure", "not-checkable"]  # and the table's lone figure
    assert found[0].message == "the range 13.0 .. 12.5 runs backwards: no value is in it"
    assert found[0].notes == ("hint: write the lower bound first: 12.5 .. 13.0",)


def test_guidance_without_an_actual_is_pending():
    """Guidance for a period no book reports yet is noted as pending."""
    found = diagnose(TEXT.replace("columns 4Q02", "columns 3Q02").format(actual="10,600"))
    assert [d.code for d in found] == ["guidance-pending", "not-checkable"]  # and the table's lone figure
    assert all(d.severity == 0 for d in found)


GROWTH = """
item rev "Revenues" JPY flow
table "Results" in JPY billions
  columns FY2013
  rev 140.0
guidance "Revenues of JPY150 billion, up {growth}" given 2014-05
  rev@FY2014 ~ 150 JPY billions
  yoy%(rev@FY2014) ~ {growth}
"""


def test_a_target_and_its_growth_are_checked_against_the_prior_actual():
    """150 billion "up 9.0%" over an actual of 140.0 billion is a guidance-mismatch (150 / 140 is +7.1%)."""
    found = diagnose(GROWTH.format(growth="9.0%"))
    mismatch = [d for d in found if d.code == "guidance-mismatch"]
    assert len(mismatch) == 1 and mismatch[0].severity == 2
    assert mismatch[0].message == (
        "yoy%(rev@FY2014) is guided as 9.0% but the target 150 JPY billions (line 13) over 140.0 billion "
        "(test.iij:11), the actual of rev@FY2013, gives 7.14%; off by at least 1.41%")


def test_a_growth_that_agrees_with_its_target_says_so_and_what_it_implies():
    """Before the year's actual, a growth guidance gives the amount it implies and agrees with its target."""
    found = diagnose(GROWTH.format(growth="7.1%"))
    assert "guidance-mismatch" not in [d.code for d in found]
    growth = next(d for d in found if d.code == "guidance-pending" and d.message.endswith("yoy%(rev@FY2014) "
                                                                                           "has no actual yet"))
    assert growth.notes[1].startswith("implies rev@FY2014 of 149.9 billion")
    assert growth.notes[2] == "agrees with the target 150 JPY billions at line 13 within rounding"


def test_guidance_notes_carry_their_unit_and_scale():
    """A pending target reads `~ 123,000 JPY millions`, not `~ 123,000`."""
    found = diagnose("""
    item rev "Revenues" JPY flow
    guidance "Revenues of JPY123,000 million" given 2014-05
      rev@FY2014 ~ 123,000 JPY millions
    """)
    assert found[0].notes == ("guidance: ~ 123,000 JPY millions",)


def test_a_claims_quoted_text_is_never_cut_inside_a_figure():
    """A long claim is shortened at a space in messages, never inside JPY 8,344."""
    from ledgerlang.check.mismatch import quote

    text = "Revenues in 1Q03 totaled JPY 8,344 million, a decrease of 15.3% compared to 1Q02"
    assert quote(text) == "Revenues in 1Q03 totaled JPY 8,344 million, a decrease of..."
    for limit in range(10, len(text)):
        shown = quote(text, limit).removesuffix("...")
        assert text.startswith(shown) and (len(shown) == len(text) or text[len(shown)] in " ,")


def test_a_guidance_lines_other_side_is_read_at_the_period_of_the_first():
    """`rev@4Q02 ~ 1.18 * rev@-4q`: the shift is from 4Q02, as it would be in a rule, not a
    missing period; a line with no period at all says it is a guidance line, not a claim."""
    text = TEXT.replace("rev@4Q02 in 12.5 .. 13.0 JPY billions", "rev@4Q02 ~ 1.25 * rev@-4q").replace(
        "columns 4Q02", "columns 4Q02 4Q01").format(actual="12,500 10,000")
    found = diagnose(text)
    assert [d.code for d in found if d.code != "not-checkable"] == ["guidance-within"]
    assert "1.25 * rev@-1y" in next(d.message for d in found if d.code == "guidance-within")
    missing = diagnose(TEXT.replace("rev@4Q02 in", "rev in").format(actual="12,800"))
    assert [(d.code, d.message) for d in missing if d.code == "missing-period"] == [
        ("missing-period", "a guidance line needs the period it speaks of")]


BOUNDS = """
item rev "Revenues" JPY flow
item op "Operating income" JPY flow
guidance "Revenues under JPY13 billion, an operating profit, and better than last quarter" given 2003-02
  rev@4Q02 < 13 JPY billions
  op@4Q02 > 0 JPY millions
  op@4Q02 > op@3Q02
  op@2Q02 > op@1Q02
table "T" in JPY millions
  columns 4Q02 3Q02 2Q02
  rev {rev} . .
  op {op} (567) 5
"""


def test_a_bound_met_only_within_rounding_says_so():
    """13,000 million is any value in [12,999.5, 13,000.5]: it may or may not be under 13 billion,
    and an operating income printed 0 may be a loss. `met` (the benefit of the doubt, as `within`
    gives a `~`) must not read as certain; a figure clear of the bound is met without a "but"."""
    doubt = ", but only within rounding: the figures allow values on either side of the bound"
    found = [d for d in diagnose(BOUNDS.format(rev="13,000", op="0")) if d.code == "guidance-met"]
    assert [(d.message.split(":")[0], d.message.endswith(doubt)) for d in found] == [
        ("rev@4Q02 is 13.00 billion", True), ("op@4Q02 is 0.00 million", True), ("op@4Q02 is 0.0 million", False)]
    clear = [d for d in diagnose(BOUNDS.format(rev="12,000", op="1")) if d.code == "guidance-met"]
    assert [d.message.split(": ")[1] for d in clear] == [
        "met the guidance of 2003-02 (< 13 JPY billions)", "met the guidance of 2003-02 (> 0 JPY millions)",
        "met the guidance of 2003-02 (> op@3Q02)"]


def test_a_comparison_whose_other_side_has_no_actual_is_pending_on_it():
    """op@2Q02 is in, op@1Q02 is not: the note says what it waits for, not 'pending the guidance'."""
    found = [d for d in diagnose(BOUNDS.format(rev="12,000", op="1")) if d.period == "2Q02"]
    assert [d.code for d in found] == ["guidance-pending"]
    assert found[0].message == ("op@2Q02 is 5.0 million, but op@1Q02 has no actual yet: the guidance of 2003-02 "
                                "(> op@1Q02) waits for it")


def test_an_actual_far_below_the_bounds_scale_is_shown_to_its_digits():
    """5 million against a bound of 13 billion was "0.00 billion: met": the actual is shown to the
    digits that say what it is, 0.0050 billion."""
    found = diagnose('item op "OP" JPY flow\ntable "T" in JPY millions\n  columns 2Q03\n  op 5\n'
                     'guidance "under 13 billion" given 2003-05\n  op@2Q03 < 13 JPY billions\n')
    [met] = [d for d in found if d.code == "guidance-met"]
    assert met.message.startswith("op@2Q03 is 0.0050 billion: met the guidance"), met.message
