"""A claim's quoted text and its lines must state the same figures."""

import json
import shutil

from hypothesis import example, given, settings
from hypothesis import strategies as st

from strategies import rescaled_copies, scaled_amounts
from support import ROOT, diagnose, ledger

ITEMS = """
item rev "Revenues" JPY flow
item op "Operating income" JPY flow
"""


def drift(text: str, *lines: str):
    body = "\n".join(f"  {line}" for line in lines)
    return [d for d in diagnose(ITEMS + f'claim "{text}"\n{body}\n') if d.code == "claim-text-drift"]


def test_a_figure_in_the_text_that_no_line_states_is_a_warning():
    """The text says JPY2,300 million, the line says 2,030: warned, naming the figure."""
    found = drift("Operating income was JPY2,300 million", "op@1Q03 = 2,030 JPY millions")
    assert len(found) == 1 and found[0].severity == 1
    assert found[0].message == ("the claim's text says JPY2,300 million but none of its lines states it "
                                "(the lines state 2,030)")


def test_dates_periods_counts_and_stated_figures_raise_nothing():
    """Dates, years, periods, a decrease stated as a negative line and a rounded scale are no drift."""
    assert drift("On June 30, 2003, 1Q03 revenues were JPY 8,344 million, a decrease of 15.3% from 1Q02 "
                 "(see note 1)", "rev@1Q03 = 8,344 JPY millions", "yoy%(rev@1Q03) = -15.3%") == []
    assert drift("It raised a total of JPY 1.37 billion", "rev@1Q03 = 1,365,423 JPY thousands exact") == []
    assert drift("An operating loss of JPY567 million", "op@1Q03 = -567 JPY millions") == []


def test_a_rounded_figure_that_cannot_be_the_line_is_drift():
    """JPY 1.47 billion is not 1,365,423 thousand, however it is rounded."""
    assert len(drift("It raised a total of JPY 1.47 billion", "rev@1Q03 = 1,365,423 JPY thousands exact")) == 1


def test_amounts_as_european_reports_write_them_are_read_both_ways_they_may_mean():
    """£745.1m, 1.102,3 Mio. € and €1.2bn are amounts (they went unread: no drift said), read as a
    figure with a decimal comma where its marks allow; 1,234 may be either, and is stated by 1,234."""
    items = 'item revenue "Revenue" GBP flow\nitem costs "Costs" GBP flow\n'
    assert [d.message for d in diagnose(
        'currency GBP "pound"\n' + items + 'claim "Revenue for 1H25 was £812.4m and costs were £745.1m."\n'
        '  revenue@1H25 = 812.4 GBP millions\n') if d.code == "claim-text-drift"] == [
        "the claim's text says £745.1m but none of its lines states it (the lines state 812.4)"]
    assert drift("Umsatz von 1.102,3 Mio. € und 812,4 Mio. €", "rev@1Q03 = 1,102.3 JPY millions",
                 "op@1Q03 = 812.4 JPY millions") == []
    assert len(drift("Umsatz von 1.102,3 Mio. € und 812,4 Mio. €", "rev@1Q03 = 1,102.3 JPY millions")) == 1
    assert drift("revenue of €1.2bn", "rev@1Q03 = 1,234 JPY millions") == []  # 1.234 billion is 1.2bn
    assert drift("revenue of 1,234 (thousand) euros", "rev@1Q03 = 1,234 JPY thousands") == []
    assert len(drift("revenue of €1.5bn", "rev@1Q03 = 1,234 JPY millions")) == 1


def test_a_figure_with_a_scale_word_is_stated_by_its_value_not_its_digits_alone():
    """"JPY 8,344 million" typed 8,344 JPY thousands agreed by its digits and passed; it is told now, at
    the line, with both amounts and the scale to write. A rounding at a coarser word (8.3 billion) and a
    decimal point the text settles (8.344 million) are the same amount, and no drift."""
    [found] = drift("Revenues totaled JPY 8,344 million", "rev@1Q03 = 8,344 JPY thousands")
    assert found.message == ("the claim's text says JPY 8,344 million but its line states 8,344 JPY thousands, "
                             "a thousandth of that")
    assert found.notes[-1] == ("hint: the line is typed at another scale than its text: write 8,344 JPY millions, "
                               "as the text states it")
    assert drift("Revenues totaled JPY 8.3 billion", "rev@1Q03 = 8,344 JPY millions") == []
    assert drift("Revenues totaled JPY 8.344 million", "rev@1Q03 = 8,344 JPY thousands") == []


def test_a_decimal_comma_the_text_settles_reads_its_other_figures_so():
    """1,234 Mio. € beside 812,4 Mio. € is 1.234 million, which 1,234 JPY thousands states; beside 15.3%
    it is 1,234 million, which it does not."""
    assert drift("Umsatz von 1,234 Mio. € und 812,4 Mio. €", "rev@1Q03 = 1,234 JPY thousands",
                 "op@1Q03 = 812.4 JPY millions") == []
    [found] = drift("Revenues of JPY 1,234 million, up 15.3%", "rev@1Q03 = 1,234 JPY thousands",
                    "yoy%(rev@1Q03) = 15.3%")
    assert "a thousandth of that" in found.message


def test_a_text_figure_a_thousand_times_its_line_names_the_text_as_the_slip_where_the_line_is_precise():
    """"JPY 8.3 million" over a line of 8,344 JPY millions: the line has digits the text rounds away, so it
    was not typed from this text; the hint points at the text's scale word and what the release may read."""
    [found] = drift("Revenues totaled JPY 8.3 million", "rev@1Q03 = 8,344 JPY millions")
    assert found.message == ("the claim's text says JPY 8.3 million but its line states 8,344 JPY millions, "
                             "a thousand times that")
    assert "the text's 'million' is the slip (the release may read billion)" in found.notes[-1]
    # the other way round, the line rounds the text's figure, and is the one to change
    [found] = drift("Revenues totaled JPY 8,344 million, a decrease of 15.3%", "rev@1Q03 = 8.3 JPY millions",
                    "yoy%(rev@1Q03) = -15.3%")
    assert found.notes[-1] == ("hint: the line is typed at another scale than its text: write 8,344 JPY millions, "
                               "as the text states it")


def test_a_line_with_no_scale_is_left_to_unit_assumed():
    """A line with no unit or scale under "JPY 200 million" is told by unit-assumed, which gives the scale
    to write; the drift would say it twice. A one-digit text figure names no line by a power of ten."""
    found = diagnose(ITEMS + 'claim "Revenues were JPY 200 million"\n  rev@1Q03 = 200\n')
    assert [d.code for d in found if d.code in ("unit-assumed", "claim-text-drift")] == ["unit-assumed"]
    [found] = drift("Revenues were JPY 8 billion", "rev@1Q03 = 8,344 JPY thousands")
    assert found.message.endswith("none of its lines states it (the lines state 8,344)")


# A Japanese narrative as a 決算短信 writes one, built from the figures of IIJ's 1Q FY2017 決算短信 (its
# table in tests/draft/test_japanese.py: 営業収益 36,179 百万円, up 15.0%; 営業利益 836 百万円, down 26.7%),
# which prints them in a table alone.
TANSHIN = "営業収益は{revenues}（前年同期比15.0％増）、営業利益は836百万円（同26.7％減）となりました。"
TANSHIN_LINES = ("yoy%(rev@1Q16) = 15.0%", "op@1Q16 = 836 JPY millions", "yoy%(op@1Q16) = -26.7%")


def test_a_japanese_amount_is_read_with_its_scale_and_a_line_at_another_is_told():
    """36,179百万円, and 361億79百万円 written in two powers, are 36,179 JPY millions; typed in thousands
    they were passed unread (a figure after a kana was no figure), and are told now."""
    for revenues in ("36,179百万円", "361億79百万円"):
        text = TANSHIN.format(revenues=revenues)
        assert drift(text, "rev@1Q16 = 36,179 JPY millions", *TANSHIN_LINES) == []
        [found] = drift(text, "rev@1Q16 = 36,179 JPY thousands", *TANSHIN_LINES)
        assert found.message == (f"the claim's text says {revenues} but its line states 36,179 JPY thousands, "
                                 "a thousandth of that")
        assert found.notes[-1] == ("hint: the line is typed at another scale than its text: write 36,179 JPY "
                                   "millions, as the text states it")
    [found] = drift(TANSHIN.format(revenues="362億円"), "rev@1Q16 = 362 JPY millions", *TANSHIN_LINES)
    assert found.message.endswith("but its line states 362 JPY millions, a hundredth of that")
    assert found.notes[-1].endswith("write 36,200 JPY millions, as the text states it")
    assert drift(TANSHIN.format(revenues="362億円"), "rev@1Q16 = 36,179 JPY millions", *TANSHIN_LINES) == []


RELEASE = "iij-1q03-earnings-release.iij"
REVENUES = "Revenues totaled JPY 8,344 million ($ 69.6 million), a decrease of 15.3% compared to 1Q02"


def drifts_of_iij(tmp_path, old: str, new: str) -> list[dict]:
    """The claim-text-drift findings of a copy of the IIJ book whose 1Q03 release has its first `old`
    replaced by `new` (a slip made to a real line or text of the release)."""
    copy = tmp_path / "iij"
    shutil.copytree(ROOT / "books" / "iij", copy)
    text = (copy / RELEASE).read_text(encoding="utf-8")
    assert old in text
    (copy / RELEASE).write_text(text.replace(old, new, 1), encoding="utf-8")
    result = ledger("check", "--format", "json", str(copy))
    return [d for d in json.loads(result.stdout)["diagnostics"]
            if d["code"] == "claim-text-drift" and not d.get("acknowledged")]


def test_the_release_revenues_line_typed_in_thousands_is_told_to_write_millions(tmp_path):
    """The 1Q03 release's "Revenues totaled JPY 8,344 million" with its line typed 8,344 JPY thousands: told
    at that line, as the text and Table 1 state it in millions."""
    [found] = drifts_of_iij(tmp_path, "  rev.total@1Q03 = 8,344 JPY millions", "  rev.total@1Q03 = 8,344 JPY thousands")
    assert found["message"] == ("the claim's text says JPY 8,344 million but its line states 8,344 JPY thousands, "
                                "a thousandth of that")
    assert found["line"] == 112 and found["item"] == "rev.total" and found["period"] == "1Q03"
    assert found["notes"][-1] == ("hint: the line is typed at another scale than its text: write 8,344 JPY millions, "
                                  "as the text and 'Table 1. Revenues (JPY in millions)' state it")


def test_the_release_revenues_text_with_a_mistyped_scale_word_is_told_the_text_is_the_slip(tmp_path):
    """The same sentence with its "million" typed "thousand": the line agrees with Table 1, so the hint
    names the text's word as the slip, and what the release may read."""
    [found] = drifts_of_iij(tmp_path, REVENUES, REVENUES.replace("8,344 million", "8,344 thousand"))
    assert found["message"] == ("the claim's text says JPY 8,344 thousand but its line states 8,344 JPY millions, "
                                "a thousand times that")
    assert found["notes"][-1].startswith(
        "hint: the line's figure is as 'Table 1. Revenues (JPY in millions)' prints it: the text's 'thousand' is "
        "the slip (the release may read million); correct the claim's text from the release")


POWERS = {"thousand": 3, "million": 6, "billion": 9}
WORDS = {power: word for word, power in POWERS.items()}


# The sentence is the 1Q03 release's ("Revenues totaled JPY 8,344 million, a decrease of 15.3% ..."), or
# TANSHIN's above, its figure and scale drawn.
@settings(max_examples=150, deadline=None)
@given(scaled_amounts())
def test_a_text_that_rounds_its_own_lines_amount_at_the_same_or_a_coarser_word_is_no_drift(amount):
    """However the line's figure is rounded for the text (8,344 millions as 8.3 billion or 83億円,
    8,344,046 thousands as 8,344 million), the text states what the line states."""
    line, scale, figure, word = amount
    text = f"Revenues totaled JPY {figure} {word}, a decrease of 15.3%" if word.isascii() else \
        f"営業収益は{figure}{word}円（前年同期比15.3％減）となりました。"
    assert drift(text, f"rev@1Q03 = {line} JPY {scale}", "yoy%(rev@1Q03) = -15.3%") == []


@settings(max_examples=100, deadline=None)
@given(rescaled_copies())
def test_a_line_that_copies_its_texts_digits_at_another_scale_is_always_told(copy):
    """The text's digits typed on the line at another scale are a drift at that line, a power of a
    thousand away, with the scale to write."""
    figure, word, other = copy
    [found] = drift(f"Revenues totaled JPY {figure} {word}, a decrease of 15.3%",
                    f"rev@1Q03 = {figure} JPY {other}", "yoy%(rev@1Q03) = -15.3%")
    shift = POWERS[other.rstrip("s")] - POWERS[word]
    times = f"a {WORDS[abs(shift)]} times" if shift > 0 else f"a {WORDS[abs(shift)]}th of"
    assert found.message == (f"the claim's text says JPY {figure} {word} but its line states {figure} JPY {other}, "
                             f"{times} that")
    assert found.notes[-1].startswith(f"hint: the line is typed at another scale than its text: write {figure} JPY "
                                      f"{word}s")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["1", "23", "456", "0", ",", ".", " ", "%", "％", "億", "百万", "千万", "千", "万", "兆", "円",
                                 "は", "JPY ", "$", "€", " million", " thousand", "bn", "m", " Mio.", "３", "△", "("]),
                max_size=16).map("".join))
@example("1,456,1億")  # marks no notation reads as one number: a reading of them was a traceback
@example("1,456,1億1億")
@example("JPY 1,2.3,4 million")
def test_any_text_of_figures_and_scale_words_is_read_without_an_error(text):
    """Figures, marks and scale words in any order, English or Japanese, give at most drift findings."""
    for found in drift(text.replace('"', ""), "rev@1Q03 = 1,234 JPY millions", "op@1Q03 = 5.6 JPY billions"):
        assert found.message.startswith("the claim's text says ")
