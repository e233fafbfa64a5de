"""Periods: labels, fiscal calendars and period arithmetic."""

import datetime

from hypothesis import given
from hypothesis import strategies as st

from ledgerlang.model.period import (
    Calendar, Duration, Instant, label, parse_period, prior_period, prior_year, quarters_of, shift,
)
from strategies import durations, periods

IIJ = Calendar(year_end_month=3, named_by="start")


@given(periods)
def test_label_round_trips(period):
    """Every labelled period parses back from its label."""
    assert parse_period(label(period)) == period


def test_labels_as_printed():
    """The labels books print name the periods they mean."""
    assert parse_period("1Q03") == Duration(2003, 1, 1)
    assert parse_period("4Q02") == Duration(2002, 4, 1)
    assert parse_period("FY2003") == parse_period("FY03") == Duration(2003, 1, 4)
    assert parse_period("9M FY2002") == parse_period("9M02") == Duration(2002, 1, 3)
    assert parse_period("2H02") == Duration(2002, 3, 2)
    assert parse_period("2003-06-30") == Instant(datetime.date(2003, 6, 30))
    assert parse_period("FY98") == Duration(1998, 1, 4)
    assert parse_period("2003-02-30") is None
    assert parse_period("5Q03") is None


def test_fiscal_year_named_by_its_start():
    """IIJ's FY2003 runs from April 2003 to March 2004, and 4Q02 ends on March 31, 2003."""
    assert IIJ.start(Duration(2003, 1, 4)) == datetime.date(2003, 4, 1)
    assert IIJ.end(Duration(2003, 1, 4)) == datetime.date(2004, 3, 31)
    assert IIJ.end(Duration(2002, 4, 1)) == datetime.date(2003, 3, 31)
    assert IIJ.closing(Duration(2003, 1, 1)) == Instant(datetime.date(2003, 6, 30))
    assert IIJ.opening(Duration(2003, 1, 1)) == Instant(datetime.date(2003, 3, 31))


def test_fiscal_year_named_by_its_end():
    """A March year end named by its end makes FY2004 the year from April 2003."""
    calendar = Calendar(3, "end")
    assert calendar.start(Duration(2004, 1, 4)) == datetime.date(2003, 4, 1)
    assert Calendar(12, "end").end(Duration(2003, 2, 1)) == datetime.date(2003, 6, 30)


def test_period_arithmetic():
    """Prior quarter, same quarter a year earlier, and the quarters of a year."""
    assert prior_period(Duration(2003, 1, 1)) == Duration(2002, 4, 1)
    assert prior_year(Duration(2003, 1, 1)) == Duration(2002, 1, 1)
    assert quarters_of(Duration(2002, 1, 4)) == tuple(Duration(2002, q, 1) for q in (1, 2, 3, 4))
    assert shift(Instant(datetime.date(2003, 6, 30)), -1) == Instant(datetime.date(2003, 3, 31))
    assert shift(Instant(datetime.date(2004, 2, 29)), -4) == Instant(datetime.date(2003, 2, 28))


@given(durations)
def test_closing_of_a_quarter_opens_the_next(period):
    """The instant that closes a quarter is the instant that opens the next one."""
    quarter = Duration(period.fy, period.first, 1)
    assert IIJ.closing(quarter) == IIJ.opening(shift(quarter, 1))


@given(periods)
def test_shift_back_and_forth(period):
    """Shifting a duration forward and back lands where it started."""
    if isinstance(period, Duration):
        assert shift(shift(period, 5), -5) == period


@given(st.integers(min_value=2, max_value=9998), st.sampled_from([(1, 1), (2, 1), (3, 1), (4, 1), (1, 2), (3, 2),
                                                                  (1, 3), (1, 4)]))
def test_every_label_in_the_calendar_reads_back(fy, shape):
    """FY0002 to FY9998: a label reads back as its period (two-digit years only where they mean 1970-2069)."""
    from ledgerlang.model.period import Duration, label, parse_period

    period = Duration(fy, *shape)
    assert parse_period(label(period)) == period


def test_shifts_past_the_calendar_name_no_period():
    """A shift that leaves fiscal years 2-9998 (or dates 1-9999) gives None, not an exception."""
    import datetime

    from ledgerlang.model.period import Duration, Instant, shift

    assert shift(Duration(9998, 4, 1), 1) is None and shift(Duration(2, 1, 1), -1) is None
    assert shift(Duration(2003, 1, 1), 40_000) is None and shift(Duration(2003, 1, 1), -(10**20)) is None
    assert shift(Instant(datetime.date(9999, 12, 31)), 1) is None
    assert shift(Instant(datetime.date(1, 3, 31)), -1) is None
    assert shift(Instant(datetime.date(2003, 6, 30)), 10**20) is None
    assert shift(Duration(9998, 1, 4), 1) is None  # its last quarter would be in FY9999
    assert shift(Duration(2003, 1, 1), -4) == Duration(2002, 1, 1)


def test_month_lengths_agree_with_the_standard_calendar_in_every_year():
    """period.py counts month lengths without importing calendar: the same in years 1 to 9999,
    December of 9999 included (its next January is no date)."""
    import calendar

    from ledgerlang.model.period import _days_in_month

    for year in (*range(1, 10), *range(1896, 1905), *range(1996, 2005), *range(9990, 10000)):
        for month in range(1, 13):
            assert _days_in_month(year, month) == calendar.monthrange(year, month)[1], (year, month)
