"""The shorter ways the load reads a table's commonest cells, each held to its definition: a plain
figure's value as the product of its digits and a power of ten, to `scaleb` (syntax/figures.py
`read_cell`)."""

from __future__ import annotations

from decimal import Context, Decimal, localcontext

from hypothesis import given, settings
from hypothesis import strategies as st

from ledgerlang.syntax import figures
from ledgerlang.syntax.figures import EXACT, parse_figure, read_cell

# Digit strings of every length about the bound where `read_cell` stops taking the product
# (under 20 digits) and past the contexts' precisions (28 by default, 40 for EXACT); leading
# zeros and zero itself.
digit_texts = st.one_of(st.integers(0, 10**45).map(str), st.from_regex(r"0{0,3}[0-9]{1,25}", fullmatch=True))


@settings(max_examples=1500)
@given(digit_texts, st.booleans(), st.integers(-3, 12), st.booleans(), st.sampled_from(["nearest", "truncate"]))
def test_a_plain_figures_product_is_its_digits_shifted(digits, grouped, scale, percent, rounding):
    """The value `read_cell` makes as digits times 10**shift is the value `scaleb` makes exactly (as
    `parse_figure` does), to the representation: coefficient, exponent and trailing zeros. A figure
    of too many digits is refused by both alike."""
    text = f"{int(digits):,}" if grouped else digits
    made = read_cell(text, scale, percent, rounding)
    shift = scale - 2 if percent else scale
    if len(digits.lstrip("0")) > figures.MAX_DIGITS:
        assert isinstance(made, str) and made == parse_figure(text, scale, percent, rounding)
        return
    exact = Decimal(text.replace(",", "")).scaleb(shift, EXACT)
    assert made.value.as_tuple() == exact.as_tuple()
    assert str(made.value) == str(exact)
    assert (made.exponent, made.scale, made.text) == (shift, shift, text)


@settings(max_examples=300)
@given(st.integers(0, 10**19 - 1).map(str), st.integers(-3, 12))
def test_a_plain_figure_is_read_alike_under_any_current_context(digits, shift):
    """The product runs in the thread's current context, as `scaleb` did: a figure of under 20 digits
    needs no rounding at any precision of at least 20, with every signal trapped, so no context the
    pipeline sets (the solver's included) changes it or raises."""
    expected = read_cell(digits, shift, False)
    every_signal = list(EXACT.traps)
    for context in (Context(prec=20, traps=every_signal), Context(prec=80, traps=every_signal)):
        with localcontext(context):
            assert read_cell(digits, shift, False).value.as_tuple() == expected.value.as_tuple()
