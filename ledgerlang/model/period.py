"""Typed periods: fiscal durations and instants, their labels and arithmetic.

A label such as `1Q03` names a fiscal period without reference to dates; the
entity's calendar turns it into dates. `FY2003` is the fiscal year the book's
calendar names 2003, whether that is the year the period starts or ends in.
"""

from __future__ import annotations

from operator import itemgetter

try:
    # The C module behind `datetime`, whose classes the module gives: `datetime.py` defines the whole
    # module again in Python first (1 ms of every command's start-up), then takes them from it.
    import _datetime as datetime
except ImportError:  # an interpreter without it
    import datetime

from ledgerlang import regexes
from ledgerlang.model.record import frozen


class Duration(tuple):
    """Consecutive fiscal quarters: `first` (1-4) of fiscal year `fy`, `quarters` long.

    A tuple underneath, (fy, first, quarters), as Instant is (date,): periods are
    hashed and compared millions of times as parts of dict keys, and a tuple does
    both in C where a frozen class does them in Python (820k calls at 100k facts).
    Immutable, ordered within its kind, and never equal to an Instant.
    """

    __slots__ = ()
    is_instant = False

    def __new__(cls, fy: int, first: int, quarters: int) -> Duration:
        return tuple.__new__(cls, (fy, first, quarters))

    def __getnewargs__(self) -> tuple:
        return tuple(self)

    fy = property(itemgetter(0), doc="the fiscal year")
    first = property(itemgetter(1), doc="the first quarter, 1-4")
    quarters = property(itemgetter(2), doc="how many quarters")

    def __repr__(self) -> str:
        return f"Duration(fy={self[0]!r}, first={self[1]!r}, quarters={self[2]!r})"


class Instant(tuple):
    """A balance-sheet date (a tuple underneath, (date,): see Duration)."""

    __slots__ = ()
    is_instant = True

    def __new__(cls, date: datetime.date) -> Instant:
        return tuple.__new__(cls, (date,))

    def __getnewargs__(self) -> tuple:
        return tuple(self)

    date = property(itemgetter(0), doc="the date")

    def __repr__(self) -> str:
        return f"Instant(date={self[0]!r})"


Period = Duration | Instant

# The calendar ledgerlang handles: every date a period spans, or opens at, lies in
# the years 1 to 9999 (Python's dates). Fiscal years 2 to 9998 guarantee that
# under any fiscal calendar (a fiscal year may start in the year before its name
# and end in the year after it). A label outside is not a period (the reader
# reports it); a shift that leaves the range names no period (`shift` gives None),
# so nothing can be reported or derived there.
FIRST_FY, LAST_FY = 2, 9998
# A shift by more quarters than the range holds never lands inside it.
MAX_SHIFT_QUARTERS = 4 * 10_000


def in_range(period: Period) -> bool:
    """The period lies in the calendar ledgerlang handles (see FIRST_FY)."""
    if isinstance(period, Instant):
        return True  # a date is in the years 1 to 9999 by construction
    last_fy = period.fy + (period.first + period.quarters - 2) // 4
    return FIRST_FY <= period.fy and last_fy <= LAST_FY

_LABEL = regexes.compile(
    r"(?P<q>[1-4])Q(?: ?FY ?)?(?P<qy>[0-9]{4}|[0-9]{2})"
    r"|Q(?P<fq>[1-4]) ?FY ?(?P<fqy>[0-9]{4}|[0-9]{2})"
    r"|(?P<h>[12])H(?: ?FY ?)?(?P<hy>[0-9]{4}|[0-9]{2})"
    r"|H(?P<fh>[12]) ?FY ?(?P<fhy>[0-9]{4}|[0-9]{2})"
    r"|(?:9M ?(?:FY ?)?|1Q-3Q(?: ?FY ?)?|Q1-Q3 ?FY ?)(?P<ny>[0-9]{4}|[0-9]{2})"
    r"|FY(?P<fy>[0-9]{4}|[0-9]{2})"
    r"|(?P<date>[0-9]{4}-[0-9]{2}-[0-9]{2})"
)


def _year(text: str) -> int:
    year = int(text)
    if len(text) == 2:
        year += 2000 if year < 70 else 1900
    return year


# Every form a period may be written in, for hints and the README.
PERIOD_FORMS = ("1Q03, 1Q FY2003 or Q1 FY2003 (a quarter), 1H03, 2H02 or H1 FY2003 (a half), 9M FY2002, 9M02, "
                "1Q-3Q02 or Q1-Q3 FY2002 (nine months), FY2003 or FY03 (a year), 2003-06-30 (an instant)")

# A word that looks meant as a period (Q1, H1, 1H, FY.., 9M.., 1Q-..): a syntax error at or
# just after one gets the list of period forms rather than a generic hint. Upper case, as
# periods are written, so that an item's name (h2o, q1.sales) is never taken for one.
PERIOD_LIKE = regexes.compile(r"(?:[0-9][QH]|[QH][0-9]|FY|[0-9]M|CY)(?:[\w.\-/]*)")


def parse_period(text: str, any_year: bool = False) -> Period | None:
    """The period a label names (`1Q03`, `Q1 FY2003`, `2H02`, `H1 FY2017`, `9M FY2002`, `1Q-3Q19`,
    `FY2003`, `2003-06-30`), or None.

    None also for a fiscal period outside FIRST_FY..LAST_FY, unless `any_year`.
    """
    m = _LABEL.fullmatch(text.strip())
    if not m:
        return None
    if m["q"]:
        found = Duration(_year(m["qy"]), int(m["q"]), 1)
    elif m["fq"]:
        found = Duration(_year(m["fqy"]), int(m["fq"]), 1)
    elif m["h"]:
        found = Duration(_year(m["hy"]), 1 if m["h"] == "1" else 3, 2)
    elif m["fh"]:
        found = Duration(_year(m["fhy"]), 1 if m["fh"] == "1" else 3, 2)
    elif m["ny"]:
        found = Duration(_year(m["ny"]), 1, 3)
    elif m["fy"]:
        found = Duration(_year(m["fy"]), 1, 4)
    else:
        found = None
    if found is not None:
        return found if any_year or in_range(found) else None
    try:
        return Instant(datetime.date.fromisoformat(m["date"]))
    except ValueError:
        return None


def label(period: Period) -> str:
    """The canonical label of a period; `parse_period(label(p)) == p` for labelled shapes.

    None is where a shift past the calendar lands (`shift`): it has a label for messages.
    """
    if period is None:
        return "(outside the calendar)"
    if isinstance(period, Instant):
        return period.date.isoformat()
    # Two digits where they read back as this year (1970-2069, as _year reads them), else four.
    yy = f"{period.fy % 100:02d}" if 1970 <= period.fy <= 2069 else f"{period.fy:04d}"
    if period.quarters == 1:
        return f"{period.first}Q{yy}"
    if period.quarters == 2 and period.first in (1, 3):
        return f"{1 if period.first == 1 else 2}H{yy}"
    if period.quarters == 3 and period.first == 1:
        return f"9M FY{period.fy:04d}"
    if period.quarters == 4 and period.first == 1:
        return f"FY{period.fy:04d}"
    last = period.first + period.quarters - 1
    return f"{period.first}Q{yy}..{last}Q{yy}"


def _days_in_month(year: int, month: int) -> int:
    """As `calendar.monthrange(year, month)[1]`, without importing calendar (and locale) at start-up."""
    if month == 12:  # December has 31 days in every year, 9999 too (whose next January is no date)
        return 31
    return (datetime.date(year, month + 1, 1) - datetime.timedelta(days=1)).day


def month_end(year: int, month: int) -> datetime.date:
    """The last day of a month (of a real year, 1 to 9999)."""
    return datetime.date(year, month, _days_in_month(year, month))


def _shift_date(date: datetime.date, months: int) -> datetime.date | None:
    index = date.year * 12 + date.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    if not datetime.MINYEAR <= year <= datetime.MAXYEAR:
        return None
    if date == month_end(date.year, date.month):
        return month_end(year, month)
    return datetime.date(year, month, min(date.day, _days_in_month(year, month)))


def shift(period: Period, quarters: int) -> Period | None:
    """The same kind of period `quarters` quarters later (negative: earlier); None
    past the calendar ledgerlang handles (FIRST_FY), where nothing is reported."""
    if quarters == 0:
        return period
    if isinstance(period, Instant):
        date = _shift_date(period.date, 3 * quarters)
        return None if date is None else Instant(date)
    index = period.fy * 4 + period.first - 1 + quarters
    fy, first = divmod(index, 4)
    # A shape that straddles two fiscal years keeps its start; labels show it.
    found = Duration(fy, first + 1, period.quarters)
    return found if in_range(found) else None


def prior_year(period: Period) -> Period:
    return shift(period, -4)


def prior_period(period: Period) -> Period:
    """The period of the same length just before: the prior quarter of a quarter."""
    if isinstance(period, Instant):
        return shift(period, -1)
    return shift(period, -period.quarters)


def quarters_of(period: Duration) -> tuple[Duration, ...]:
    """The quarters that make up a duration, in order."""
    return tuple(shift(Duration(period.fy, period.first, 1), k) for k in range(period.quarters))


@frozen(slots=True)
class Calendar:
    """An entity's fiscal calendar: the month its year ends, and how years are named.

    `named_by` is "start" when FY2003 is the year that starts in 2003 (IIJ:
    April 2003 to March 2004), "end" when it is the year that ends in 2003.
    """

    year_end_month: int = 12
    named_by: str = "end"

    def _first_month(self, fy: int) -> int:
        """Index (year * 12 + month - 1) of the first month of fiscal year `fy`."""
        if self.named_by == "start":
            return fy * 12 + self.year_end_month % 12
        return fy * 12 + self.year_end_month - 1 - 11

    def start(self, period: Duration) -> datetime.date:
        year, month = divmod(self._first_month(period.fy) + 3 * (period.first - 1), 12)
        return datetime.date(year, month + 1, 1)

    def end(self, period: Duration) -> datetime.date:
        index = self._first_month(period.fy) + 3 * (period.first - 1) + 3 * period.quarters - 1
        year, month = divmod(index, 12)
        return month_end(year, month + 1)

    def opening(self, period: Period) -> Instant:
        """The instant a duration opens at: the balance-sheet date just before it."""
        if isinstance(period, Instant):
            return period
        return Instant(self.start(period) - datetime.timedelta(days=1))

    def closing(self, period: Period) -> Instant:
        """The instant a duration closes at."""
        if isinstance(period, Instant):
            return period
        return Instant(self.end(period))

    def describe(self, period: Period) -> str:
        if isinstance(period, Instant):
            return period.date.isoformat()
        return f"{self.start(period).isoformat()}..{self.end(period).isoformat()}"


def sort_key(period: Period) -> tuple:
    """Chronological order by end (instants by date), shorter periods first."""
    if isinstance(period, Instant):
        return (period.date.year * 4 + (period.date.month - 1) // 3, 1, 0, period.date.toordinal())
    end = period.fy * 4 + period.first - 1 + period.quarters
    return (end, 0, period.quarters, 0)
