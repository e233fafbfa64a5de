"""The shorter ways the load reads a table's commonest cells, each held to its definition: the fast
path's digits pattern to the grammar's FIGURE terminal (syntax/fastpath.py), and a plain figure's
value as the product of its digits and a power of ten to `scaleb` (syntax/figures.py `read_cell`)."""

from __future__ import annotations

from decimal import Context, Decimal, localcontext

from hypothesis import given, settings
from hypothesis import strategies as st

from ledgerlang import regexes
from ledgerlang.syntax import figures
from ledgerlang.syntax.fastpath import DIGITS, FastRows
from ledgerlang.syntax.figures import EXACT, parse_figure, read_cell
from ledgerlang.syntax.parse import declaration_keywords, fast_rows, tables

FIGURE = regexes.compile(tables().terminals["FIGURE"][2]).fullmatch
digits_pattern = regexes.compile(DIGITS).fullmatch

# Words of the characters the digits pattern reads and the ones near them: what it must refuse
# (`1,2345`, `,123`, `1,,234`, `١٢`) as well as what it must read.
near_digits = st.text(alphabet="0123456789,,,.%()-+\u0661\u00b2 ", min_size=1, max_size=16)


@settings(max_examples=2000)
@given(st.one_of(st.from_regex(DIGITS, fullmatch=True), near_digits,
                 st.integers(0, 10**40).map(lambda number: f"{number:,}")))
def test_a_word_the_digits_pattern_reads_is_a_figure(word):
    """The fast path tries a new word against the digits pattern before the FIGURE terminal: any word
    the pattern takes whole, FIGURE takes whole (one it refuses is left to FIGURE), so a row reads
    the same cells either way."""
    if digits_pattern(word) is not None:
        assert FIGURE(word) is not None, word


def test_the_digits_pattern_reads_the_commonest_figures():
    """The shapes of nearly every cell of a large book are the pattern's, and the ones near them are not."""
    for word in ("0", "35", "2,759", "11,727,831", "0,001", "12345"):
        assert digits_pattern(word) is not None, word
    for word in ("1,2345", "12,34", ",123", "1,,234", "1,234,", "-1", "(1)", "1.5", "5%", "\u0661\u0662", ""):
        assert digits_pattern(word) is None, word


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(0, 10**25).map(lambda number: f"{number:,}") | st.integers(0, 10**12).map(str)
                | st.sampled_from(["1,2345", "12,34", "\u0661", "-", ".", "(5.7%)"]), min_size=1, max_size=5))
def test_a_row_reads_the_same_cells_without_the_digits_pattern(words):
    """A row read with the digits pattern tried first is the row read by FIGURE alone, or no row for both."""
    line = "  rev  " + "  ".join(words) + "\n"
    with_digits = fast_rows()
    without = FastRows(tables().terminals, declaration_keywords())  # its own: fast_rows() is shared
    without.digits = lambda word: None
    read = [rows.row(line, 0, len(line), 3, "t.iij", [], {}, {}) for rows in (with_digits, without)]
    assert read[0] == read[1]
    if read[0] is not None:
        assert [cell.text for cell in read[0].cells] == words


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
