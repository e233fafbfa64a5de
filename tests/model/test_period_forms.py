"""The period forms releases print (H1 FY2017, 1H17, 1Q-3Q19, Q1-Q3 FY2019, Q1 FY2019):
the grammar and the model read the same words, books use them, fmt keeps them, and a
period-like word that is no period is told the forms."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from ledgerlang.fmt import format_text
from ledgerlang.model.period import PERIOD_FORMS, Duration, parse_period
from ledgerlang.syntax.parse import parser
from support import PRELUDE, book, diagnose, evaluated


def test_release_forms_name_the_periods_they_mean():
    """Each pasted form names the fiscal period of the canonical label."""
    assert parse_period("H1 FY2017") == parse_period("1H FY2017") == parse_period("1H17") == Duration(2017, 1, 2)
    assert parse_period("H2 FY17") == parse_period("2H17") == Duration(2017, 3, 2)
    assert parse_period("1Q-3Q19") == parse_period("Q1-Q3 FY2019") == parse_period("9M FY2019") == Duration(2019, 1, 3)
    assert parse_period("Q1 FY2019") == parse_period("1Q FY2019") == parse_period("1Q19") == Duration(2019, 1, 1)
    assert parse_period("Q4FY19") == Duration(2019, 4, 1)
    for bad in ("H3 FY2017", "Q5 FY2019", "2Q-3Q19", "Q1-Q2 FY2019", "H1 2017", "1H FY", "Q1 FY201"):
        assert parse_period(bad) is None, bad


pieces = st.sampled_from(["1", "2", "3", "4", "5", "9", "0", "Q", "H", "M", "FY", " ", "-", "17", "2019", "Q1-Q3",
                          "1Q-3Q", "03", "-06-30"])


@settings(max_examples=500, deadline=None)
@given(st.lists(pieces, min_size=1, max_size=6).map("".join))
def test_grammar_and_model_accept_the_same_period_words(text):
    """The grammar's PERIOD terminal and model.period read exactly the same words (dates aside; a fiscal
    year outside the years a calendar can hold, such as 1Q-3Q0001, is the checker's bad-period, not the
    reader's, so the model is asked with `any_year`)."""
    terminal = re.compile(parser().get_terminal("PERIOD").pattern.to_regexp())
    if text != text.strip() or re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):  # parse_period strips spaces
        return  # a date the terminal accepts may still be no calendar day (bad-period)
    assert bool(terminal.fullmatch(text)) == (parse_period(text, any_year=True) is not None), text


BOOK = """
item rev "Revenues" JPY flow
claim "Revenues JPY83.0 billion in H1 FY2017, JPY150.7 billion in 1Q-3Q19"
  rev@H1 FY2017 = 83.0 JPY billions
  rev@1Q-3Q19 = 150.7 JPY billions
  rev@Q1-Q3 FY2019 = 150.7 JPY billions
table "T" in JPY millions
  columns Q1 FY2019  1H17  Q1-Q3 FY2019
  rev         50,000  83,000  150,700
"""


def test_a_book_written_with_release_periods_loads_and_checks():
    """A claim at H1 FY2017 meets the table's 1H17; 1Q-3Q19 and Q1-Q3 FY2019 are one period."""
    loaded, diagnostics = book(BOOK)
    assert diagnostics == []
    evaluation = evaluated(BOOK)
    assert evaluation.value("rev", Duration(2017, 1, 2)).point == 83_000_000_000
    assert evaluation.value("rev", Duration(2019, 1, 3)).point == 150_700_000_000
    assert [d.code for d in diagnose(BOOK) if d.severity >= 1] == []


def test_fmt_keeps_periods_as_written():
    """The formatter prints each period as the book wrote it, in claims and columns alike."""
    output, diagnostics = format_text(PRELUDE + BOOK, "book.iij")
    assert diagnostics == []
    for written in ("rev@H1 FY2017", "rev@1Q-3Q19", "rev@Q1-Q3 FY2019", "Q1 FY2019", "1H17"):
        assert written in output
    assert "1H17 =" not in output and "9M FY2019" not in output


def test_a_period_like_word_gets_the_period_forms():
    """H1 2017 is no period: the diagnostic says so and lists the forms, not "text goes in double quotes"."""
    found = diagnose("""
        item rev "Revenues" JPY flow
        claim "Revenues"
          rev@H1 2017 = 83.0 JPY billions
        table "T" in JPY millions
          columns 1H 2017
          rev 83,000
        """)
    bad = [d for d in found if d.code == "bad-period"]
    assert [(d.span.line, d.span.column) for d in bad] == [(10, 7), (12, 11)]
    assert "'H1 2017' looks like a period" in bad[0].message
    assert all(PERIOD_FORMS in " ".join(d.notes) for d in bad)
    assert not any("double quotes" in " ".join(d.notes) for d in found)


def test_a_wrong_period_before_a_good_one_is_told_alone():
    """`columns Q124 1Q23`: the wrong period is Q124; 1Q23 is a column of its own, not part of it."""
    found = diagnose("""
        item rev "Revenues" JPY flow
        table "T" in JPY millions
          columns Q124 1Q23
          rev 1 2
        """)
    bad = [d for d in found if d.code == "bad-period"]
    assert len(bad) == 1 and bad[0].message == "'Q124' looks like a period but is not one"
    assert bad[0].span.end_column - bad[0].span.column == len("Q124")


def test_a_mistyped_period_in_a_claim_guidance_or_accept_is_no_missing_period():
    """`rev@Q124` reads as an anchor that is no period: the line has a period, written wrong, so the
    diagnostic says that (bad-anchor), not that the line "needs the period it speaks of"."""
    found = diagnose("""
        item rev "Revenues" JPY flow
        claim "Revenues"
          rev@Q124 = 83.0 JPY billions
        guidance "Revenues" given 2024-01
          rev@Q124 > 80 JPY billions
        accept total-mismatch at rev@Q124 "checked"
        claim "Revenues, with no period"
          rev = 83.0 JPY billions
        """)
    assert [(d.code, d.span.line) for d in found] == [
        ("bad-anchor", 10), ("bad-anchor", 12), ("bad-anchor", 13), ("missing-period", 15)]
    assert all("rev@Q124" in d.message for d in found[:3])


def test_a_wrong_word_after_a_good_period_is_no_period_error():
    """After a valid period, an unexpected word keeps the grammar's own message."""
    found = diagnose("""
        item rev "Revenues" JPY flow
        claim "Revenues"
          rev@1Q03 bogus = 1 JPY
        """)
    assert [d.code for d in found] == ["syntax"]


def test_fast_path_rows_under_release_period_columns_parse_as_the_grammar():
    """Rows under columns written H1 FY2017 or Q1-Q3 FY2019 take the fast path and parse as the grammar does."""
    from ledgerlang.syntax.parse import parse

    text = PRELUDE + BOOK + "table \"U\" in JPY millions\n  columns H1 FY2018  1Q-3Q18  Q4 FY18\n  rev 1 2 3\n  rev@close - . (4)\n"
    assert parse(text, "t.iij") == parse(text, "t.iij", fast=False)
