"""Printed figures become exact values that keep their precision."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from ledgerlang.evaluate.interval import of_reported
from ledgerlang.syntax.figures import parse_figure, read_figure
from strategies import figures


def test_figures_as_printed():
    """Separators, parentheses, minus signs, percentages and scales."""
    assert parse_figure("3,321", 6, False).value == Decimal("3321000000")
    assert parse_figure("3,321", 6, False).exponent == 6
    assert parse_figure("(1,059,574)", 3, False).value == Decimal("-1059574000")
    assert parse_figure("-5.7%", 0, True).value == Decimal("-0.057")
    assert parse_figure("(5.7)", 0, True).exponent == -3
    assert parse_figure("0.0", 0, True).value == 0
    assert parse_figure("(47.52)", 0, False).value == Decimal("-47.52")
    assert parse_figure("-", 6, False).value == 0


def test_bad_figures_say_why():
    """A figure that cannot be read gives a message, not an exception."""
    assert "parenthesis" in parse_figure("(1,000", 0, False)
    assert "percentage" in parse_figure("5%", 0, False)
    assert "twice" in parse_figure("(-5)", 0, False)


@given(figures())
def test_figure_text_round_trips(drawn):
    """The value of a printed figure, printed back at its precision, reads the same."""
    text, percent = drawn
    reported = parse_figure(text, 0, percent)
    shown = reported.value.scaleb(2 if percent else 0)
    digits = text.strip("()-%").replace(",", "")
    assert abs(shown) == Decimal(digits)
    assert (shown < 0) == ((text.startswith("(") or text.startswith("-")) and Decimal(digits) != 0)
    assert reported.value in of_reported(reported)


@given(st.one_of(figures().map(lambda drawn: drawn[0]), st.integers(0, 10**25).map(lambda n: f"{n:,}"),
                 st.integers(0, 10**25).map(str), st.text("0123456789,٣", max_size=24)),
       st.integers(-3, 12), st.booleans(), st.sampled_from(["nearest", "truncate", "exact"]))
def test_the_plainest_figures_read_as_the_whole_pattern_reads_them(text, scale, percent, rounding):
    """Digits, and digits grouped by thousands, take a shorter way than the figure's whole pattern:
    to the same value, to the digit (its exponent too), or the same message."""
    short, whole = parse_figure(text, scale, percent, rounding), read_figure(text, scale, percent, rounding)
    assert short == whole
    if not isinstance(short, str):
        assert short.value.as_tuple() == whole.value.as_tuple()



def test_a_figure_printed_again_in_the_same_context_is_one_object():
    """A build makes one Reported per distinct figure in its context (its text, the table's
    scale and rounding, whether the item is a percentage and the row negated): every cell
    that prints it shares that one; the same text in another context is another value, and
    another object."""
    from support import book

    loaded, diagnostics = book("""
item a "A" JPY flow
item b "B" JPY flow
item c "C" JPY flow
item margin "Margin" % flow
table "T" in JPY millions
  columns 1Q03 2Q03 3Q03
  a       10   10   12
  b       10   11   10
  -c      10   .    .
  margin  10   .    .
table "Thousands" in JPY thousands
  columns 4Q03
  a 10
""")
    assert not diagnostics
    by_place = {(f.item, f.period.first if not f.period.is_instant else None, f.source.title): f.value
                for f in loaded.facts}
    shared = by_place["a", 1, "T"]
    assert shared.value == Decimal("10E6")
    assert by_place["a", 2, "T"] is shared and by_place["b", 1, "T"] is shared and by_place["b", 3, "T"] is shared
    others = [by_place["c", 1, "T"], by_place["margin", 1, "T"], by_place["a", 4, "Thousands"]]
    assert [r.value for r in others] == [Decimal("-10E6"), Decimal("0.10"), Decimal("10E3")]
    assert len({id(r) for r in [shared, *others]}) == 4
