"""Hypothesis strategies shared by the tests: figures, periods, intervals, books."""

from __future__ import annotations

import datetime
from decimal import Decimal

from hypothesis import strategies as st

from ledgerlang.evaluate.interval import Interval
from ledgerlang.model.period import Duration, Instant

# ---- numbers and intervals ---------------------------------------------------------

decimals = st.decimals(min_value=Decimal("-1e12"), max_value=Decimal("1e12"), allow_nan=False,
                       allow_infinity=False, places=4)


@st.composite
def intervals(draw, nonzero: bool = False):
    """An interval with any mix of open and closed ends (a point when both ends meet closed)."""
    lo = draw(decimals)
    width = draw(st.decimals(min_value=Decimal(0), max_value=Decimal("1e6"), places=4))
    hi = lo + width
    if nonzero and lo <= 0 <= hi:
        lo, hi = (abs(hi) + Decimal("0.5"), abs(hi) + Decimal("0.5") + width)
    lo_open = draw(st.booleans()) if width else False
    hi_open = draw(st.booleans()) if width else False
    return Interval(lo, hi, lo_open, hi_open)


@st.composite
def members(draw, interval: Interval):
    """A value inside an interval: an end where it is closed, or a point strictly between."""
    choices = []
    if not interval.lo_open:
        choices.append(interval.lo)
    if not interval.hi_open:
        choices.append(interval.hi)
    if interval.hi > interval.lo:
        fraction = draw(st.integers(min_value=1, max_value=999))
        choices.append(interval.lo + (interval.hi - interval.lo) * Decimal(fraction) / Decimal(1000))
    return draw(st.sampled_from(choices))


# ---- periods ------------------------------------------------------------------------------

durations = st.one_of(
    st.builds(Duration, st.integers(1970, 2069), st.integers(1, 4), st.just(1)),
    st.builds(Duration, st.integers(1970, 2069), st.sampled_from([1, 3]), st.just(2)),
    st.builds(Duration, st.integers(1970, 2069), st.just(1), st.just(3)),
    st.builds(Duration, st.integers(1970, 2069), st.just(1), st.just(4)),
)
instants = st.builds(Instant, st.dates(min_value=datetime.date(1970, 1, 1), max_value=datetime.date(2069, 12, 31)))
periods = st.one_of(durations, instants)

# ---- printed figures --------------------------------------------------------------------------


@st.composite
def figures(draw):
    """A figure as a table prints it: separators, parentheses or minus, decimals, maybe %."""
    whole = draw(st.integers(0, 10**9))
    decimals_text = draw(st.sampled_from(["", ".0", ".5", ".25", ".123"]))
    body = f"{whole:,}{decimals_text}"
    percent = draw(st.booleans())
    if percent:
        body += "%"
    style = draw(st.sampled_from(["plain", "minus", "parens"]))
    text = {"plain": body, "minus": f"-{body}", "parens": f"({body})"}[style]
    return text, percent
