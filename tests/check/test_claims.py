"""A claim's quoted text and its lines must state the same figures."""

from support import diagnose

ITEMS = """
item rev "Revenues" JPY flow
item op "Operating income" JPY flow
"""


def drift(text: str, *lines: str):
    body = "\n".join(f"  {line}" for line in lines)
    return [d for d in diagnose(ITEMS + f'claim "{text}"\n{body}\n') if d.code == "claim-text-drift"]


def test_a_figure_in_the_text_that_no_line_states_is_a_warning():
    """The text says JPY2,300 million, the line says 2,030: warned, naming the figure."""
    found = drift("Operating income was JPY2,300 million", "op@1Q03 = 2,030 JPY millions")
    assert len(found) == 1 and found[0].severity == 1
    assert found[0].message == ("the claim's text says JPY2,300 million but none of its lines states it "
                                "(the lines state 2,030)")


def test_dates_periods_counts_and_stated_figures_raise_nothing():
    """Dates, years, periods, a decrease stated as a negative line and a rounded scale are no drift."""
    assert drift("On June 30, 2003, 1Q03 revenues were JPY 8,344 million, a decrease of 15.3% from 1Q02 "
                 "(see note 1)", "rev@1Q03 = 8,344 JPY millions", "yoy%(rev@1Q03) = -15.3%") == []
    assert drift("It raised a total of JPY 1.37 billion", "rev@1Q03 = 1,365,423 JPY thousands exact") == []
    assert drift("An operating loss of JPY567 million", "op@1Q03 = -567 JPY millions") == []


def test_a_rounded_figure_that_cannot_be_the_line_is_drift():
    """JPY 1.47 billion is not 1,365,423 thousand, however it is rounded."""
    assert len(drift("It raised a total of JPY 1.47 billion", "rev@1Q03 = 1,365,423 JPY thousands exact")) == 1


def test_amounts_as_european_reports_write_them_are_read_both_ways_they_may_mean():
    """£745.1m, 1.102,3 Mio. € and €1.2bn are amounts (they went unread: no drift said), read as a
    figure with a decimal comma where its marks allow; 1,234 may be either, and is stated by 1,234."""
    items = 'item revenue "Revenue" GBP flow\nitem costs "Costs" GBP flow\n'
    assert [d.message for d in diagnose(
        'currency GBP "pound"\n' + items + 'claim "Revenue for 1H25 was £812.4m and costs were £745.1m."\n'
        '  revenue@1H25 = 812.4 GBP millions\n') if d.code == "claim-text-drift"] == [
        "the claim's text says £745.1m but none of its lines states it (the lines state 812.4)"]
    assert drift("Umsatz von 1.102,3 Mio. € und 812,4 Mio. €", "rev@1Q03 = 1,102.3 JPY millions",
                 "op@1Q03 = 812.4 JPY millions") == []
    assert len(drift("Umsatz von 1.102,3 Mio. € und 812,4 Mio. €", "rev@1Q03 = 1,102.3 JPY millions")) == 1
    assert drift("revenue of €1.2bn", "rev@1Q03 = 1,234 JPY millions") == []  # 1.234 billion is 1.2bn
    assert drift("revenue of 1,234 (thousand) euros", "rev@1Q03 = 1,234 JPY thousands") == []
    assert len(drift("revenue of €1.5bn", "rev@1Q03 = 1,234 JPY millions")) == 1
