"""Building the Book: what the builder takes by default, it says (syntax/build.py)."""

from support import diagnose

REVENUE = """
currency USD
item rev "Revenue" USD flow
table "Revenues" in USD millions
  columns 1Q24
  rev 100
"""


def _calendar(text: str) -> list:
    return [d for d in diagnose(text, prelude=False) if d.code == "calendar-assumed"]


def test_a_year_end_without_its_naming_says_which_year_fy_is_taken_for():
    """`fiscal year ends 03-31` alone: FY2024 may be the year that starts or the one that ends in
    2024, and every label moves a year with it. The default (end) is said, with the first label."""
    [found] = _calendar('entity acme "Acme"\n  fiscal year ends 03-31\n' + REVENUE)
    assert found.severity.name == "WARNING"
    assert found.message == ("entity acme does not say how its fiscal years are named: FY2024 is taken to be the "
                             "year that ends in 2024 (2023-04-01..2024-03-31), and 1Q24 is read as "
                             "2023-04-01..2023-06-30")
    assert (found.span.line, found.span.column) == (1, 8)
    assert "fiscal year named by start" in found.notes[-1]


def test_a_book_without_an_entity_says_its_labels_are_read_on_the_calendar_year():
    """No entity: a note at the first column that names a fiscal period, with what it is read as."""
    [found] = _calendar(REVENUE)
    assert found.severity.name == "INFO"
    assert "fiscal years are taken to end 12-31, and 1Q24 is read as 2024-01-01..2024-03-31" in found.message
    assert (found.span.line, found.span.column) == (5, 11)  # `columns 1Q24`
    [found] = _calendar('entity acme "Acme"\n' + REVENUE)
    assert found.message.startswith("entity acme does not say when its fiscal year ends: 12-31 is taken")


def test_a_calendar_said_in_full_or_needing_no_naming_or_never_used_is_not_mentioned():
    """Nothing to say where the book declares the calendar, where a December year end makes the
    naming moot, or where only dates are written (a date is the same on any calendar)."""
    assert _calendar('entity acme "Acme"\n  fiscal year ends 03-31\n  fiscal year named by start\n' + REVENUE) == []
    assert _calendar('entity acme "Acme"\n  fiscal year ends 12-31\n' + REVENUE) == []
    assert _calendar('currency USD\nitem cash "Cash" USD stock\n'
                     'table "T" in USD millions\n  columns 2024-03-31\n  cash 100\n') == []


def test_a_claim_alone_is_a_fiscal_label_too():
    """A book of claims, no table: the claim's period is the label the note speaks of."""
    [found] = _calendar('currency USD\nitem rev "Revenue" USD flow\n'
                        'claim "Revenue was $100 million"\n  rev@FY2024 = 100 USD millions\n')
    assert "FY2024 is read as 2024-01-01..2024-12-31" in found.message and found.span.line == 4
