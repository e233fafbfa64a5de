"""The exact first test's context (evaluate/point.py EXACT): its operators give what the
context's methods gave, `_exact_meets` gives the verdict of `_wide_meets`, its definition, and a
window of it (`Points.enter`) leaves the caller's context to everything that is not a test."""

from __future__ import annotations

from decimal import Context, Decimal, Inexact, Rounded, getcontext, localcontext, setcontext

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from ledgerlang.evaluate.point import EXACT, ONE, Points, _exact_meets, _meets, _wide_meets, chain_of, inside
from ledgerlang.model.fact import Reported
from ledgerlang.model.period import parse_period

from support import diagnose, evaluated

# The context whose methods made the tests' sums and products before they were operators in EXACT.
SAME = Context(prec=40, traps=[Inexact, Rounded])
# Wide enough for every value drawn here and what it is built from: these draws are exact.
DRAWN = Context(prec=2000, Emax=10**7, Emin=-10**7)
# Lengths of coefficient about both precisions (EXACT's 40 digits, _WIDE's 400) and well past them,
# where the old methods raised and the tests caught it.
LENGTHS = (1, 2, 4, 8, 20, 30, 39, 40, 41, 60, 399, 400, 401, 450)
# Exponents of figures, and ones near the limits, where EXACT (prec 40) and _WIDE (prec 400) differ in
# their smallest exponent (Emin - prec + 1): a result there is exact in one and rounded in the other.
EXPONENTS = st.one_of(st.integers(-12, 12), st.sampled_from([-999_999, -1_000_030, -1_000_300, 999_960, 999_999]))


@st.composite
def decimals(draw, exponents=EXPONENTS):
    """A finite Decimal of a drawn length and exponent, either sign."""
    digits = draw(st.sampled_from(LENGTHS))
    coefficient = draw(st.integers(10 ** (digits - 1) if digits > 1 else 0, 10**digits - 1))
    return Decimal(f"{'-' if draw(st.booleans()) else ''}{coefficient}E{draw(exponents)}")


def _outcome(operation, *args):
    """What an operation gives: its result's sign, digits and exponent, or the signal it raised."""
    try:
        return operation(*args).as_tuple()
    except ArithmeticError as e:
        return type(e)


def _in(context, function, *args):
    """`function(*args)` with `context` the thread's own, the caller's put back after."""
    caller = getcontext()
    setcontext(context)
    try:
        return function(*args)
    finally:
        setcontext(caller)


OPERATIONS = (
    ("a + b", lambda a, b: a + b, SAME.add),
    ("a - b", lambda a, b: a - b, SAME.subtract),
    ("a * b", lambda a, b: a * b, SAME.multiply),
    ("-a", lambda a, b: -a, lambda a, b: SAME.minus(a)),
    ("abs(a)", lambda a, b: abs(a), lambda a, b: SAME.abs(a)),
)


@settings(max_examples=1500, deadline=None)
@example(Decimal("1E+39"), Decimal("1"))  # a sum of 40 digits: exact
@example(Decimal("1E+40"), Decimal("1"))  # of 41: rounded, so refused
@example(Decimal("0E-1000030"), Decimal("0E-1000030"))  # a zero below EXACT's smallest exponent
@given(decimals(), decimals())
def test_an_operator_in_the_exact_context_is_the_method_it_replaced(a, b):
    """Each sum, difference, product, negation and magnitude the exact tests make as an operator in
    EXACT has the value, digits and exponent the old context's method gave, or raises the signal it
    raised, on Decimals of up to 450 digits."""
    for name, operator, method in OPERATIONS:
        assert _in(EXACT, _outcome, operator, a, b) == _outcome(method, a, b), name


@st.composite
def checked_values(draw):
    """A printed figure and a value [num/den - radius, num/den + radius] to test against it: near the
    figure's ends (whole half-units and a hair beyond) or anywhere, of any length; den ONE (with a
    radius) or past a quotient (a positive den, radius zero)."""
    exponent = draw(st.one_of(st.integers(-12, 12), st.sampled_from([-1_000_020, 999_950])))
    v = draw(st.one_of(decimals(exponents=st.just(exponent)), st.just(Decimal(f"0E{exponent}"))))  # zero: its own ends
    reported = Reported(v, exponent, draw(st.sampled_from(["nearest", "truncate", "exact"])))
    half = Decimal(5).scaleb(exponent - 1, DRAWN)
    with localcontext(DRAWN):
        quotient = draw(st.booleans())
        den = draw(decimals(st.integers(-6, 6)).map(abs).filter(bool)) if quotient else ONE
        radius = Decimal(0) if quotient else draw(st.integers(0, 4)) * half
        if draw(st.integers(0, 4)):  # near an end: a few half-units from v, maybe a hair more
            hair = Decimal(1).scaleb(exponent - draw(st.sampled_from([1, 12, 45])))
            hair *= draw(st.sampled_from([0, 0, 1, -1]))
            num = (v + draw(st.integers(-4, 4)) * half + hair) * den
        else:
            num = draw(decimals())
    return reported, num, den, radius


@settings(max_examples=2000, deadline=None)
@example((Reported(Decimal("12345"), 0), Decimal("12345.5"), ONE, Decimal(0)))  # the nearest end, closed
@example((Reported(Decimal("7"), 0, "truncate"), Decimal("8"), ONE, Decimal(0)))  # a truncated end, open
@example((Reported(Decimal("-7"), 0, "truncate"), Decimal("-8"), ONE, Decimal(0)))  # and below zero
@example((Reported(Decimal("0"), 0, "truncate"), Decimal("-1"), ONE, Decimal(0)))  # and at zero
@example((Reported(Decimal("3"), 0), Decimal("1" * 45), Decimal("1" * 44), Decimal(0)))  # v * den of 45 digits
@given(checked_values())
def test_the_exact_test_at_40_digits_gives_the_verdict_of_its_definition(drawn):
    """`_exact_meets` (operators in EXACT, 40 digits) gives `_wide_meets`'s verdict (_WIDE's methods,
    400 digits), or raises what it raises, in every rounding, at a figure's ends and a hair beyond,
    with values whose operations need more than 40 and more than 400 digits."""
    reported, num, den, radius = drawn
    expected = _outcome_of(_wide_meets, reported, num, den, radius)
    assert _in(EXACT, _outcome_of, _exact_meets, reported, num, den, radius) == expected
    assert _outcome_of(_meets, reported, num, den, radius) == expected  # from outside a window


def _outcome_of(test, *args):
    try:
        return test(*args)
    except ArithmeticError as e:
        return type(e)


# IIJ's revenues and one part of them for the first quarter of fiscal 2003 and the quarters it is
# compared with, in JPY thousands, as tests/check/test_measures.py transcribes them; the part's share
# of revenues (67.1%) as that release prints it, here the value of a rule.
REVENUES = """
item rev "Revenues" JPY flow
item part "Part" JPY flow
item ratio "Part of revenues" % flow
  = part / rev
table "A" in JPY thousands
  columns 1Q03 1Q02 yoy%(1Q03)
  part 5,595,554 5,619,688 (0.4)
  rev 8,344,046 9,849,202 {yoy}
table "B"
  columns 1Q03
  ratio 67.1%
"""


def _ratio(evaluation):
    """The rule of `ratio` as its exact test's loop, and the figure printed for it at 1Q03."""
    period = parse_period("1Q03")
    return chain_of(evaluation.definitions["ratio"].expr), period, evaluation.values[("ratio", period)].facts[0].value


def test_a_window_leaves_the_callers_context_to_what_is_not_a_test():
    """Inside a window of `enter` the tests run in EXACT, and `outside` (where a value is worked
    out, an interval built, a message made) runs in the caller's own context object; `leave` puts
    it back, and a test called without a window, or in `outside`, runs in one of its own and leaves
    the caller's in place: a caller's context of three digits, which would round the quotient's
    den (8,344,046), changes no verdict."""
    evaluation = evaluated(REVENUES.format(yoy="(15.3)"))
    chain, period, printed = _ratio(evaluation)
    previous = getcontext()
    caller = Context(prec=3)
    setcontext(caller)
    try:
        points = Points(evaluation)
        assert points.chain_meets(chain, period, printed)
        assert getcontext() is caller
        try:
            points.enter()
            assert getcontext() is EXACT
            assert points.chain_meets(chain, period, printed)
            with points.outside():
                assert getcontext() is caller
                assert points.chain_meets(chain, period, printed)  # in a window of its own
                assert getcontext() is caller
            assert getcontext() is EXACT
            with pytest.raises(RuntimeError):
                Points(evaluation).enter()  # inside another's window, whose caller it cannot know
        finally:
            points.leave()
        assert getcontext() is caller
    finally:
        setcontext(previous)


def test_a_value_a_test_asks_for_is_worked_out_in_the_callers_context():
    """A value not worked out before a test asks for it (an input at a period no table prints) is
    computed by the evaluation in the caller's context, not EXACT, by either path of the test."""
    evaluation = evaluated(REVENUES.format(yoy="(15.3)"))
    chain, _, printed = _ratio(evaluation)
    period = parse_period("2Q03")  # printed nowhere: its inputs are asked of the evaluation there
    assert ("part", period) not in evaluation.values
    asked = []
    value = evaluation.value

    def recording(item, at):
        asked.append((item, getcontext()))
        return value(item, at)

    evaluation.value = recording  # the evaluation's own method, the context it is asked in noted
    caller = getcontext()
    points = Points(evaluation)
    try:
        points.enter()
        assert not points.chain_meets(chain, period, printed)
        assert not points.meets(evaluation.definitions["ratio"].expr, parse_period("3Q03"), printed)
    finally:
        points.leave()
    assert [item for item, _ in asked] == ["part", "part"]
    assert all(context is caller for _, context in asked)


def test_a_check_puts_the_callers_context_back():
    """After a book is checked (a rule, changes, a figure printed twice, with misses among them),
    the thread's context is the very one it was before, in the same state."""
    caller = getcontext()
    before = (caller.prec, caller.rounding, dict(caller.traps))
    # revenues printed a second time, in millions, a unit off: a form the release does not have
    found = diagnose(REVENUES.format(yoy="15.3") + 'table "C" in JPY millions\n  columns 1Q03\n  rev 8,345\n')
    assert [d.code for d in found] == ["change-mismatch", "fact-mismatch"]
    assert getcontext() is caller
    assert (caller.prec, caller.rounding, dict(caller.traps)) == before


def test_inside_gives_its_verdict_in_any_context():
    """`inside` (the facts check's, outside any window) is the same in the caller's context as in
    EXACT, and leaves the caller's in place."""
    caller = getcontext()
    reported = Reported(Decimal("1.5"), -1)
    assert inside(reported, Decimal("1.55"), ONE) and not inside(reported, Decimal("1.5501"), ONE)
    assert getcontext() is caller
