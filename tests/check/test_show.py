"""How a miss is shown: "off by at least X" is a lower bound, so X never exceeds the miss."""

from decimal import Decimal

from hypothesis import given, strategies as st

from ledgerlang.check import show

from support import diagnose


@given(st.decimals(min_value=Decimal("0.000001"), max_value=Decimal("1e12"), places=6),
       st.sampled_from([0, 3, 6, -2]), st.integers(min_value=0, max_value=4))
def test_at_least_never_says_more_than_the_miss(miss, scale, places):
    text = show.at_least(miss, scale, places).removesuffix(show.SCALE_WORDS.get(scale, ""))
    shown = Decimal(text.replace(",", "")).scaleb(scale)
    assert shown <= miss
    assert miss - shown < Decimal(1).scaleb(scale - places)  # and it is cut at the last place, no more
    assert shown > 0  # a miss is never said as "at least 0.00": that reads as the two agreeing


def test_a_miss_under_the_last_place_is_cut_at_its_second_significant_digit():
    """USD(costs.total)@1Q03 in the IIJ release, 78,449 thousand against 78,448.49 at 119.87: the
    miss of 0.00997 thousand was said "off by at least 0.00 thousand"."""
    assert show.at_least(Decimal("9.969"), 3, 2) == "0.0099 thousand"  # misses are in yen
    assert show.at_least(Decimal("0.0000056"), -2, 3) == "0.00056%"
    assert show.at_least(Decimal("250"), 3, 2) == "0.25 thousand"  # a miss that shows keeps its places


def test_a_translation_off_by_0_135_is_at_least_0_13():
    """(1,059,574) thousand at 119.87 is -8,839.37 thousand; (8,840) is at most -8,839.5: the miss is
    0.13 and a little, which rounding to the nearest had shown as "at least 0.14"."""
    found = diagnose("""
    rate usd: 119.87 JPY per USD on 2003-06-30
    item op "Operating income" JPY flow
    table "T" in JPY thousands
      columns 1Q03 USD(1Q03)
      op (1,059,574) (8,840)
    """)
    (d,) = [d for d in found if d.code == "translation-mismatch"]
    assert d.message.endswith("off by at least USD 0.13 thousand"), d.message
    assert Decimal("130") < d.figures.miss < Decimal("140")


def test_a_thirty_digit_figure_keeps_its_last_digit_in_a_message():
    """Scaled to billions in the default context's 28 digits, the trailing 9 was rounded away."""
    value = Decimal("100000000000000000000000000009E9")
    assert show.number(value, 9, 0) == "100,000,000,000,000,000,000,000,000,009"
    found = diagnose("""
    item big "Big" JPY flow
    table "T" in JPY billions
      columns 1Q03
      big 100,000,000,000,000,000,000,000,000,009
    guidance "g" given 2003-02
      big@1Q03 ~ 100,000,000,000,000,000,000,000,000,009 JPY billions
    """)
    (d,) = [d for d in found if d.code.startswith("guidance-")]
    assert d.message.startswith("big@1Q03 is 100,000,000,000,000,000,000,000,000,009"), d.message
