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


def test_guidance_without_an_actual_is_pending():
    """Guidance for a period no book reports yet is noted as pending."""
    found = diagnose(TEXT.replace("columns 4Q02", "columns 3Q02").format(actual="10,600"))
    assert [d.code for d in found] == ["guidance-pending", "not-checkable"]  # and the table's lone figure
    assert all(d.severity == 0 for d in found)
