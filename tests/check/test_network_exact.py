"""The joint network's build works out figures' intervals with operators, and the methods stay the definition.

check/network.py makes a table figure's interval, and a translated figure's interval scaled and
shrunk, with Decimal operators in a context that traps every signal (`_EXACT_DOWN`), where
interval.py and propagate.py round each step outwards through their contexts' methods (`ends`,
`_linear`, `_scaled`, `shrink`, as `_general_measure` states a measure). Where no signal is
raised the two must agree digit for digit: exponent, and the sign of a zero. Each property
builds the network both ways and compares them (tests/check/test_network_build.py's `_General`).

The book is the IIJ ledger's real text (books/iij), its figures and its rate replaced by drawn
ones. Three forms no release prints are made here from it, to reach the paths that differ:
figures of more digits than the exact context holds (so that the methods' rounding is taken,
and at a scaling of more digits than interval.py's contexts hold but fewer than propagate.py's),
a figure of minus half its last digit (its interval's upper end is an exact zero sum, which
rounding down signs -0 and rounding up +0), and a negative rate (a translation's coefficient
below zero, whose interval is shrunk with its ends swapped).
"""

from __future__ import annotations

from decimal import Context, Decimal, getcontext, localcontext

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledgerlang.check.network import BookNetwork
from ledgerlang.evaluate.interval import ends
from ledgerlang.evaluate.propagate import PRINTED
from ledgerlang.model.fact import Reported
from tests.check.test_network_build import _drawn_book, _General, _same

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def _figure(draw):
    """A printed figure: its digits at a drawn exponent, ordinary or wider than 40 digits, zero,
    or minus half its last digit; with each rounding a printer uses."""
    exponent = draw(st.integers(-6, 12))
    form = draw(st.sampled_from(["digits", "digits", "wide", "minus half", "zero"]))
    if form == "digits":
        digits = draw(st.integers(-10**15, 10**15))
    elif form == "wide":  # 36 to 46 digits: past 40 once scaled, or already
        digits = draw(st.integers(10**35, 10**46)) * draw(st.sampled_from([1, -1]))
    elif form == "zero":
        digits = 0
    else:
        return Reported(Decimal((1, (5,), exponent - 1)), exponent, "nearest")
    rounding = draw(st.sampled_from(["nearest", "nearest", "nearest", "truncate", "exact"]))
    return Reported(Decimal(f"{digits}E{exponent}"), exponent, rounding)


@st.composite
def _rate(draw):
    """The rate a translation divides by, as the ledger declares one (119.87 JPY per USD), or
    drawn: a few digits, many, or below zero."""
    digits = draw(st.one_of(st.integers(1, 10**6), st.integers(10**20, 10**30), st.integers(-10**6, -1)))
    return Decimal(f"{digits}E{draw(st.integers(-6, 2))}")


def _built(cls, book, evaluation):
    """A network built in the context `ledger check` builds it in, which the build leaves as it was."""
    with localcontext(Context(prec=100)) as caller:
        network = cls(book, evaluation)
        assert getcontext() is caller
    return network


@SETTINGS
@given(st.lists(_figure(), min_size=1, max_size=12), st.lists(_figure(), min_size=1, max_size=12), _rate())
def test_drawn_figures_intervals_are_the_ones_the_methods_give(figures, measured, rate):
    """Each table figure's constraint is `ends` of its figure, and each measure's (a translation's
    included) the one `_general_measure` states, digit for digit, whatever the figures: rounded
    by the methods where the operators would round, an exact zero end signed as they sign it."""
    book, evaluation = _drawn_book(figures, measured, rate)
    fast, general = _built(BookNetwork, book, evaluation), _built(_General, book, evaluation)
    table = fast.net.runs[-1]
    assert table > 400  # the ledger's 432 table figures
    for c in range(table):
        assert repr(fast.net.constraints[c]) == repr(ends(fast.origin_of(c)[1].value))
    translated = [c for c in range(len(fast.origin)) if fast.origin_of(c)[0] == "measured"
                  and fast.net.constraints[c][0] == PRINTED]
    assert translated  # the ledger's USD columns
    _same(fast, general)


def test_a_figure_of_minus_half_its_digit_has_an_upper_end_of_plus_zero():
    """The case the operators alone get wrong: -0.5 printed to the unit is [-1, 0], and its upper
    end, rounded up, is +0 (Decimal's repr tells -0 from 0), in a table and translated."""
    figure = Reported(Decimal("-0.5"), 0, "nearest")
    book, evaluation = _drawn_book([figure], [figure], Decimal("119.87"))
    fast, general = _built(BookNetwork, book, evaluation), _built(_General, book, evaluation)
    assert repr(fast.net.constraints[0]) == "(Decimal('-1.0'), Decimal('0.0'), False, False)"
    translated = next(fast.net.constraints[c] for c in range(len(fast.origin))
                      if fast.origin_of(c)[0] == "measured" and fast.net.constraints[c][0] == PRINTED)
    assert repr(translated[2][1]) == "Decimal('0.0')"  # (0.0 * 11987 - 0) / 100, rounded up
    _same(fast, general)
