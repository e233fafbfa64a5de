"""Japanese releases (決算短信) and their narratives: the periods a sentence names in its own words
(当第２四半期連結会計期間, …末), amounts in 億円 and 万円, read exactly with their printed precision.
Every figure is tied where the release says it, or kept in a comment: never to another period."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledgerlang.cli.main import main
from ledgerlang.load import run
from ledgerlang.draft.claims import ClaimWriter
from ledgerlang.draft.japanese import PERIOD, japanese_period, yen
from ledgerlang.model.period import Calendar, Duration, Instant, label
from support import ledger

from .test_hard_releases import drafted, rows

DATA = Path(__file__).resolve().parent / "data" / "layouts"


def claim_lines(text: str) -> list[str]:
    """The placed lines of a book's claims (`item@period = figure`), in order."""
    return [line.strip() for line in text.splitlines()
            if line.startswith("  ") and "@" in line and " = " in line and not line.lstrip().startswith("#")]


def with_narrative(name: str, paragraph: str) -> str:
    """A release of tests/draft/data with a paragraph of narrative added before its end."""
    return (DATA / name).read_text(encoding="utf-8").replace("</body>", f"<p>{paragraph}</p></body>")


def test_the_end_of_the_quarter_is_its_balance_sheet_date_and_the_quarter_alone_its_three_months(tmp_path):
    """当第１四半期連結会計期間末 is the quarter's last day, as the balance sheet prints a stock; it was tied
    to the quarter's months (a stock at a duration), or to the period a sentence before had named."""
    # The Q1 release's narrative is written in the test from its own tables' figures, in the words a
    # 決算短信 uses: the release in tests/draft/data has tables only.
    text, _ = drafted(tmp_path, with_narrative(
        "h17_japanese_quarter.html",
        "当第１四半期連結累計期間の売上高は1,023,456千円となりました。"
        "当第１四半期連結会計期間末の資産合計は1,591,501千円となりました。"
        "当第１四半期連結会計期間の売上高は1,023,456千円となりました。"), suffix=".html")
    assert claim_lines(text) == ["item_line18@1Q25 = 1,023,456 JPY thousands",
                                 "item_line12@2024-06-30 = 1,591,501 JPY thousands",
                                 "item_line18@1Q25 = 1,023,456 JPY thousands"]


@pytest.mark.parametrize("words, period", [
    ("当第２四半期連結累計期間の売上高は", Duration(2025, 1, 2)),
    ("当第２四半期連結会計期間の売上高は", Duration(2025, 2, 1)),
    ("当第２四半期連結会計期間末の総資産は", Instant(Calendar(3, "end").end(Duration(2025, 2, 1)))),
    # as a quarterly report words both (EDINET, 四半期報告書 of the third quarter): the last one named counts
    ("当第3四半期連結累計期間及び当第3四半期連結会計期間に係る売上高は", Duration(2025, 3, 1)),
    ("当連結会計年度末の総資産は", Instant(Calendar(3, "end").end(Duration(2025, 1, 4)))),
    ("当連結会計年度の売上高は", Duration(2025, 1, 4)),
    ("当第２四半期連結累計期間の親会社株主に帰属する当期純利益は", Duration(2025, 1, 2)),
    ("前第２四半期連結累計期間の売上高は", Duration(2024, 1, 2)),
    ("前連結会計年度末の総資産は", Instant(Calendar(3, "end").end(Duration(2024, 1, 4)))),
    ("当第２四半期連結会計期間末の総資産は、前連結会計年度末に比べ", Instant(Calendar(3, "end").end(Duration(2025, 2, 1)))),
    ("当第２四半期連結累計期間の売上高は、前年同期比", Duration(2025, 1, 2)),
    # the half year as a 中間決算短信 has named it since quarterly reports ended (2024)
    ("当中間連結会計期間の売上高は", Duration(2025, 1, 2)),
    ("当中間連結会計期間末の総資産は", Instant(Calendar(3, "end").end(Duration(2025, 1, 2)))),
    ("前中間連結会計期間の売上高は", Duration(2024, 1, 2)),
    # a shorter release's words: 当第２四半期 alone is the quarter, 累計 its first quarters, 末 its end
    ("当第２四半期の売上高は", Duration(2025, 2, 1)),
    ("当第２四半期累計の売上高は", Duration(2025, 1, 2)),
    ("当第２四半期末の総資産は", Instant(Calendar(3, "end").end(Duration(2025, 2, 1)))),
    ("前第２四半期の売上高は", Duration(2024, 2, 1)),
], ids=["cumulative", "quarter", "quarter-end", "both", "year-end", "year", "label-with-当期", "prior-cumulative",
        "prior-year-end", "compared-with-the-prior-end", "compared-with-the-prior-period", "half", "half-end",
        "prior-half", "bare-quarter", "bare-cumulative", "bare-quarter-end", "prior-bare-quarter"])
def test_a_japanese_sentence_names_its_period_in_its_own_words(words, period):
    """The last period a sentence names before its figure is the figure's: the first quarters from the
    year's start, the quarter alone, the end of either or of the year; 当期 in a label names none."""
    writer = ClaimWriter({}, {"JPY"}, None, calendar=Calendar(3, "end"), year=Duration(2025, 1, 4),
                         durations=[Duration(2024, 1, 2), Duration(2025, 1, 2), Duration(2025, 1, 3),
                                    Duration(2025, 1, 4)])
    found = None
    for found in PERIOD.finditer(words):
        pass
    assert found is not None
    assert label(japanese_period(found, writer.year, writer.cumulative, writer.calendar, None)) == label(period)


def test_an_amount_a_figure_changed_by_is_no_level_and_the_year_before_is_its_own_period(tmp_path):
    """前連結会計年度末に比べ87,855千円減少し, 前年同四半期比35,802千円増の: the changes were claimed as the
    levels (a claim-mismatch of the release's own true sentence); 前第１四半期連結累計期間 was tied to this
    year's quarter; 営業損失, one side of 営業利益又は営業損失（△）, named no item."""
    # Sentences as the financial-position and results paragraphs of a 決算短信 word them, written in the
    # test from the Q1 release's own tables (87,855 = 1,679,356 - 1,591,501; 35,802 = 1,023,456 - 987,654).
    text, _ = drafted(tmp_path, with_narrative(
        "h17_japanese_quarter.html",
        "当第１四半期連結会計期間末の資産合計は、前連結会計年度末に比べ87,855千円減少し、1,591,501千円となりました。"
        "当第１四半期連結累計期間の売上高は、前年同四半期比35,802千円増の1,023,456千円となりました。"
        "前第１四半期連結累計期間は営業損失1,234千円でした。"), suffix=".html")
    assert claim_lines(text) == ["item_line12@2024-06-30 = 1,591,501 JPY thousands",
                                 "item_line18@1Q25 = 1,023,456 JPY thousands",
                                 "-item_line19@1Q24 = 1,234 JPY thousands"]
    assert text.count("a change on the period before, in amounts, which no claim states: not placed") == 2


def test_a_japanese_forecast_in_the_narrative_is_no_claim(tmp_path):
    """通期の業績予想 in a sentence is an expectation: kept as a comment to write as guidance, never claimed
    as the year's figure."""
    # the forecast of h23_oku_and_forecasts.html (2025年３月期（予想）, 300,000 百万円), said in a sentence
    # in the test as a 決算短信's outlook paragraph says it
    release = (DATA / "t46_japanese_narrative.txt").read_text(encoding="utf-8") + \
        "\n次期の売上高は300,000百万円を見込んでおります。\n"
    text, _ = drafted(tmp_path, release)
    assert "300,000" not in "\n".join(claim_lines(text)) and "forward-looking (予想, 見込み, 計画)" in text


def test_yen_in_oku_and_man_are_read_exactly_and_checked_against_the_table(tmp_path):
    """2,748億87百万円 is 274,887 million and 158億円 is 15.8 billion, to the 億 as printed: both were
    'not placed'. Drafted, they check against the table's 274,887 and 15,822; 168億円 does not."""
    # The narrative of tests/draft/data's summary, its amounts written in the test in 億 and 百万 as
    # Japanese narratives print them (the same figures as its table, 274,887 and 15,822 百万円).
    release = (DATA / "t46_japanese_narrative.txt").read_text(encoding="utf-8").replace(
        "売上高は274,887百万円", "売上高は2,748億87百万円").replace("営業利益は15,822百万円", "営業利益は158億円")
    text, _ = drafted(tmp_path, release)
    assert claim_lines(text) == ["item_line8@FY2024 = 274,887 JPY millions", "yoy%(item_line8@FY2024) = 4.1%",
                                 "item_line8_2@FY2024 = 15.8 JPY billions", "yoy%(item_line8_2@FY2024) = -4.6%"]
    misprinted = tmp_path / "misprinted.txt"
    misprinted.write_text(release.replace("158億円", "168億円"), encoding="utf-8")
    assert main(["draft", str(misprinted), "-o", str(tmp_path / "misprinted.iij")]) == 0
    found = ledger("check", str(tmp_path / "misprinted.iij"))
    assert found.returncode == 1
    assert "error[claim-mismatch]: item_line8_2@FY2024 is reported as 16.8 billion" in found.stdout


@pytest.mark.parametrize("printed, figure, scale", [
    # as news reports of IIJ's results print them (Nikkei ITpro, 11 August and 13 November 2009;
    # Mynavi, 11 August 2009)
    ("158億3500万", "15,835.00", "million"),
    ("3億5,100万", "351.00", "million"),
    ("3億", "0.3", "billion"),
    ("322億7500万", "32,275.00", "million"),
    ("16億8,900", "1,600,008,900", None),  # a 万 left out in print: read as printed, for the check to find
    ("1,000万", "10.00", "million"),
    ("274,887百万", "274,887", "million"),
    ("2,748億", "274.8", "billion"),
    ("12億34百万", "1,234", "million"),
    ("45兆953億", "45,095.3", "billion"),
    ("1.5億", "0.15", "billion"),
    ("2兆", None, None),  # to 10^12: no figure in billions has that precision
    ("158億13,500万", None, None),  # more 万 than an 億 holds
    ("3億5億", None, None),
    # 30 digits, every one kept (the decimal context's 28 digits rounded them, or raised), and no more
    ("9" * 30 + "億", "99,999,999,999,999,999,999,999,999,999.9", "billion"),
    ("1" * 31 + "億", None, None),
])
def test_a_japanese_amount_is_its_exact_value_with_the_printed_precision(printed, figure, scale):
    """The figure's last digit is the printed last digit's power of ten, in the smallest scale that has
    it: its interval is the printed one's, never narrower (15,835 million for 158億3500万 would be)."""
    assert yen(printed) == ((figure, scale) if figure else None)


def test_each_clause_of_a_japanese_sentence_is_tied_to_its_own_label(tmp_path):
    """売上収益は…（前期比4.1％増）、営業利益は…（同4.6％減）、…: one sentence, a clause per item, as a
    決算短信 states its results. Every change was claimed of the first item (revenue 'down 4.6%', a
    claim-mismatch of a true sentence) and the other amounts were not placed; each is now its own."""
    # The results sentence written in the test from the summary's own figures (tests/draft/data).
    release = (DATA / "t34_japanese_summary_wide.txt").read_text(encoding="utf-8") + (
        "\n当連結会計年度の売上収益は274,887百万円（前期比4.1％増）、営業利益は15,822百万円（同4.6％減）、"
        "税引前利益は15,001百万円（同9.9％減）、当期利益は10,520百万円（前期比3.6％減）となりました。\n"
        "\n当連結会計年度の売上収益は274,887百万円（前期比4.1％増）、その他の収益808百万円（同4.6％減）となりました。\n")
    text, _ = drafted(tmp_path, release)
    assert claim_lines(text) == [
        "item_line8@FY2024 = 274,887 JPY millions", "yoy%(item_line8@FY2024) = 4.1%",
        "item_line8_2@FY2024 = 15,822 JPY millions", "yoy%(item_line8_2@FY2024) = -4.6%",
        "item_line8_3@FY2024 = 15,001 JPY millions", "yoy%(item_line8_3@FY2024) = -9.9%",
        "item_line8_4@FY2024 = 10,520 JPY millions", "yoy%(item_line8_4@FY2024) = -3.6%",
        # a clause naming no item the tables print: neither its amount nor its change is the revenue's
        "item_line8@FY2024 = 274,887 JPY millions", "yoy%(item_line8@FY2024) = 4.1%"]


def test_a_label_printed_over_two_lines_or_with_its_unit_is_found_in_a_sentence(tmp_path):
    """親会社株主に帰属する<br>当期純利益 is one phrase in a sentence, and １株当たり<br>当期純利益 with its
    unit row 円 銭 is named without it: their figures were 'not placed', or their changes another's."""
    # The summary's results and per-share sentences written in the test from its own tables.
    text, _ = drafted(tmp_path, with_narrative(
        "h18_japanese_summary.html",
        "当連結会計年度の売上高は274,887百万円（前期比4.1％増）、親会社株主に帰属する当期純利益は10,520百万円"
        "（同3.6％減）となりました。1株当たり当期純利益は58.73円となりました。"), suffix=".html")
    assert claim_lines(text) == ["item_line5@FY2024 = 274,887 JPY millions", "yoy%(item_line5@FY2024) = 4.1%",
                                 "item_line5_3@FY2024 = 10,520 JPY millions", "yoy%(item_line5_3@FY2024) = -3.6%",
                                 "item_line11@FY2024 = 58.73 JPY"]
    assert '"親会社株主に帰属する 当期純利益"' in text and '"１株当たり 当期純利益"' in text  # the labels as printed


def test_a_per_share_row_in_a_table_in_oku_yen_is_left_out_never_moved(tmp_path, capsys):
    """In a table in 億円 only the amounts are written in billions: a row in yen per share is no amount
    of 億円, and moving its point would write 58.73 yen as 5.873 billion. It is left out and listed."""
    # h23's table in 億円 with the per-share row of h18 (58.73 yen for 2024年３月期; no forecast, ―) added in the test
    page = (DATA / "h23_oku_and_forecasts.html").read_text(encoding="utf-8").replace(
        "<tr><td>営業利益</td><td>158</td><td>180</td></tr>",
        "<tr><td>営業利益</td><td>158</td><td>180</td></tr><tr><td>１株当たり当期純利益（円）</td><td>58.73</td>"
        "<td>―</td></tr>")
    book = tmp_path / "draft.iij"
    (tmp_path / "release.html").write_text(page, encoding="utf-8")
    assert main(["draft", str(tmp_path / "release.html"), "-o", str(book)]) == 0
    out = capsys.readouterr().out
    text = book.read_text(encoding="utf-8")
    assert "5.873" not in text and "58.73" not in text.replace("# '１株当たり当期純利益（円）'", "")
    assert "'１株当たり当期純利益（円）' is printed in a table in 億円 but is no amount of yen: left out" in out


def test_a_change_printed_before_its_amount_is_the_change_of_that_amount(tmp_path):
    """売上収益は前期比4.1％増の…, 営業利益は同4.6％減の… (as news reports of IIJ's results word them:
    "売上高は前年同期比3.0%減の158億3500万円,営業利益は同14.7%減の3億5100万円", Nikkei ITpro, 11 August
    2009) and …となり、前期比で9.9％の減少: the amounts were 'another subject', the changes not placed."""
    # Sentences of those forms written in the test from the summary's own figures (tests/draft/data).
    release = (DATA / "t34_japanese_summary_wide.txt").read_text(encoding="utf-8") + (
        "\n当連結会計年度の売上収益は前期比4.1％増の2,748億87百万円、営業利益は同4.6％減の158億2,200万円と"
        "なりました。税引前利益は15,001百万円となり、前期比で9.9％の減少となりました。\n")
    text, _ = drafted(tmp_path, release)
    assert claim_lines(text) == [
        "item_line8@FY2024 = 274,887 JPY millions", "yoy%(item_line8@FY2024) = 4.1%",
        "item_line8_2@FY2024 = 15,822.00 JPY millions", "yoy%(item_line8_2@FY2024) = -4.6%",
        "item_line8_3@FY2024 = 15,001 JPY millions", "yoy%(item_line8_3@FY2024) = -9.9%"]


def _within(seconds: int, read):
    """`read()`, stopped by an alarm far above the time a linear read takes."""
    import signal

    def overtime(signum, frame):
        raise TimeoutError(f"took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, overtime)
    signal.alarm(seconds)
    try:
        return read()
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_a_long_japanese_sentence_is_read_in_linear_time():
    """Tried from every "1" to the end, "1億" 20,000 times took a minute (200,000 would take hours), and a
    sentence of 4,000 clauses another minute, each clause's period and change looked for from its start."""
    from ledgerlang.draft.claims import _figures
    from ledgerlang.model.book import Item
    from ledgerlang.model.unit import Unit

    assert _within(20, lambda: _figures("1億" * 200_000)) == []
    # the summary's labels and a results sentence of its clauses repeated (tests/draft/data's t34)
    items = {i: Item(i, label, Unit(("JPY",)), "flow") for i, label in (("revenue", "売上収益"), ("op", "営業利益"))}
    writer = ClaimWriter(items, {"JPY"}, None, calendar=Calendar(3, "end"), year=Duration(2024, 1, 4),
                         durations=[Duration(2024, 1, 4)])
    sentence = ("当連結会計年度の売上収益は274,887百万円（前期比4.1％増）"
                + "、営業利益は前期比4.6％減の15,822百万円" * 8_000 + "となりました。")
    claim = _within(20, lambda: writer.claim(sentence, 1, "release.txt"))
    assert len(claim.lines) == 2 + 2 * 8_000 and claim.lines[-1] == "yoy%(op@FY2024) = -4.6%"


def test_a_change_signed_with_a_triangle_is_a_fall_and_a_ratio_to_the_year_before_is_no_change(tmp_path):
    """前期比△4.6％ is a fall of 4.6% (it was not placed, the △ unread); 前年同期比90.1％ is the year
    before's ratio, not a change of 90.1%, and 前期比4.1％ says no direction: both stay comments."""
    # written in the test from the summary's own figures and changes (tests/draft/data's t34)
    release = (DATA / "t34_japanese_summary_wide.txt").read_text(encoding="utf-8") + (
        "\n当連結会計年度の売上収益は274,887百万円（前期比4.1％）、営業利益は15,822百万円（前期比△4.6％）、"
        "税引前利益は15,001百万円（前年同期比90.1％）となりました。\n")
    text, _ = drafted(tmp_path, release)
    assert claim_lines(text) == ["item_line8@FY2024 = 274,887 JPY millions",
                                 "item_line8_2@FY2024 = 15,822 JPY millions", "yoy%(item_line8_2@FY2024) = -4.6%",
                                 "item_line8_3@FY2024 = 15,001 JPY millions"]
    assert "# not placed: '90.1％'" in text and "# not placed: '4.1％'" in text


def test_a_half_years_narrative_in_the_words_of_a_2025_release_names_its_half_year(tmp_path):
    """当中間連結会計期間 is the half year (1H25) as a 中間決算短信 words it: its figures were 'no period'."""
    # the half-year summary of tests/draft/data (its title: 第２四半期（中間期）) with its results sentence
    # written in the test from its own table
    text, _ = drafted(tmp_path, with_narrative(
        "h26_japanese_half_year_summary.html",
        "当中間連結会計期間の売上高は140,000百万円（前年同期比5.0％増）、営業利益は8,000百万円（同2.0％減）"
        "となりました。"), suffix=".html")
    assert claim_lines(text) == ["item_line4@1H25 = 140,000 JPY millions", "yoy%(item_line4@1H25) = 5.0%",
                                 "item_line4_2@1H25 = 8,000 JPY millions", "yoy%(item_line4_2@1H25) = -2.0%"]


@pytest.mark.parametrize("encoding, hint", [("cp932", "CP932"), ("euc_jp", "EUC-JP"), ("latin-1", "LATIN1")])
def test_a_release_not_in_utf8_is_told_the_encoding_it_reads_in(tmp_path, capsys, encoding, hint):
    """A 決算短信 saved on a Japanese system is Shift_JIS or EUC-JP: the hint said to convert it from
    Latin-1, which makes its Japanese mojibake. It names CP932 or EUC-JP where the file reads so, and
    Latin-1 otherwise."""
    # a Japanese release of tests/draft/data saved in Shift_JIS and in EUC-JP, and a European one (with its
    # € and ä) in Latin-1
    name = "t44_ifrs_half_year.txt" if encoding == "latin-1" else "t46_japanese_narrative.txt"
    path = tmp_path / "release.txt"
    path.write_bytes((DATA / name).read_text(encoding="utf-8").encode(encoding, errors="replace"))
    assert main(["draft", str(path), "-o", str(tmp_path / "draft.iij")]) == 2
    err = capsys.readouterr().err
    assert "error[draft-unreadable]: the release is not UTF-8 text" in err
    assert f"hint: convert it with iconv -f {hint} -t UTF-8, or save it as UTF-8" in err
    if encoding != "latin-1":  # converted as the hint says, it is the release
        path.write_text(path.read_bytes().decode(hint), encoding="utf-8")
        assert main(["draft", str(path), "-o", str(tmp_path / "draft.iij")]) == 0
        assert "item_line8@FY2024 = 274,887 JPY millions" in (tmp_path / "draft.iij").read_text(encoding="utf-8")


@pytest.mark.parametrize("encoding", ["cp932", "euc_jp"])
def test_a_japanese_page_that_declares_no_charset_is_read_in_the_one_it_reads_in(tmp_path, encoding):
    """Read as lxml's default (Latin-1), its labels were mojibake and no narrative label was found; a page
    in EUC-JP still was, as Shift_JIS does not read it."""
    # the summary page of tests/draft/data without its <meta charset>, saved in Shift_JIS and in EUC-JP (whose
    # tilde is the wave dash: "～" is written "〜", as EUC-JP has no full-width tilde)
    page = with_narrative("h18_japanese_summary.html", "当連結会計年度の売上高は274,887百万円（前期比4.1％増）となりました。")
    path = tmp_path / "release.html"
    page = page.replace('<meta charset="utf-8">', "")
    path.write_bytes((page.replace("～", "〜") if encoding == "euc_jp" else page).encode(encoding))
    assert main(["draft", str(path), "-o", str(tmp_path / "draft.iij")]) == 0
    text = (tmp_path / "draft.iij").read_text(encoding="utf-8")
    assert '"売上高"' in text and claim_lines(text)[:2] == ["item_line5@FY2024 = 274,887 JPY millions",
                                                          "yoy%(item_line5@FY2024) = 4.1%"]


_POWERS = (("兆", 12), ("億", 8), ("万", 4), ("", 0))


@given(st.lists(st.integers(0, 9999), min_size=4, max_size=4), st.integers(0, 3), st.integers(0, 3))
def test_an_amount_in_oku_and_man_is_its_exact_sum_to_its_last_printed_digit(numbers, first, last):
    """Parts 1兆2345億6789万1234 written from `first` to `last`: the figure is their exact sum, and its last
    digit is the last part's power of ten, in the smallest scale that has it, or None past the billions."""
    from ledgerlang.draft.japanese import yen

    last = max(first, last)
    chosen = [(f"{n:,}" if i == first else str(n), word, power)
              for i, (n, (word, power)) in enumerate(zip(numbers, _POWERS)) if first <= i <= last]
    body = "".join(f"{n}{word}" for n, word, _ in chosen)
    exact = sum(Decimal(n.replace(",", "")) * Decimal(10) ** power for n, _, power in chosen)
    precision = chosen[-1][2]
    read = yen(body)
    if precision > 9:
        assert read is None
        return
    figure, scale = read
    exponent = {None: 0, "thousand": 3, "million": 6, "billion": 9}[scale]
    assert Decimal(figure.replace(",", "")).scaleb(exponent) == exact
    assert Decimal(figure.replace(",", "")).as_tuple().exponent + exponent == precision
    assert exponent == min(e for e in (0, 3, 6, 9) if e >= precision)


@given(st.text(alphabet="0123456789,.億万千百十兆円△▲ 売上高は、。％%", max_size=60))
def test_any_text_of_figures_and_powers_is_read_without_an_error(text):
    """A sentence of any digits, separators and powers gives figures or none, never an exception."""
    from ledgerlang.draft.claims import _figures

    for _, _, kind, num, _, _ in _figures(text):
        assert kind != "money" or Decimal(num.replace(",", "")) is not None


def test_a_space_after_a_power_keeps_the_amount_whole():
    """"12億 34万円", as a PDF's text may space it, is one amount: its 34万円 was claimed alone."""
    from ledgerlang.draft.claims import _figures

    assert [(kind, num, scale) for _, _, kind, num, _, scale in _figures("売上高は12億 34万円")] == [
        ("money", "1,200.34", "million")]


def test_a_row_of_personnel_costs_in_a_table_in_oku_yen_is_an_amount():
    """人件費 has 人 and 件 in it, and is an amount: only a count's or a ratio's label leaves a row out."""
    from ledgerlang.draft.compose import _NOT_YEN

    assert not _NOT_YEN.search("人件費") and not _NOT_YEN.search("売上高")
    assert all(_NOT_YEN.search(label) for label in ("営業利益率", "１株当たり当期純利益（円）", "従業員数（人）", "ROE（％）"))


# The first page of IIJ's 決算短信 for the first quarter of the year to March 2017, as printed: "平成29年3月期
# 第1四半期決算短信〔米国基準〕(連結)", Internet Initiative Japan Inc., 5 August 2016 (平成28年8月5日), its
# heading lines and 1.(1) 連結経営成績(累計), every figure as printed, laid out as text.
IIJ_1Q_FY2017 = """平成29年3月期 第1四半期決算短信〔米国基準〕(連結)
                                                                                  平成28年8月5日
上場会社名　株式会社インターネットイニシアティブ　　　上場取引所　東
コード番号　3774　　　URL http://www.iij.ad.jp/
                                                                          (百万円未満四捨五入)
1.平成29年3月期第1四半期の連結業績(平成28年4月1日~平成28年6月30日)
(1) 連結経営成績(累計)                                              (%表示は対前年同四半期増減率)

                      営業収益            営業利益        税引前四半期純利益    当社株主に帰属する四半期純利益
                     百万円      %      百万円      %      百万円      %      百万円      %
29年3月期第1四半期   36,179    15.0       836   △26.7       994   △22.2       529   △26.6
28年3月期第1四半期   31,464    14.2     1,141    48.5     1,278    54.5       721    46.8
"""


def test_years_of_the_heisei_era_are_read_in_the_western_calendar(tmp_path):
    """A 決算短信 of before 2020 names its years in an era (平成29年3月期) and prints them in two digits
    beside a month (29年3月期第1四半期): the table was not understood, every row kept as comments. Read in
    the release's era, 29年3月期第1四半期 is 1Q17 and its changes check against the year before."""
    text, _ = drafted(tmp_path, IIJ_1Q_FY2017)
    assert "fiscal year ends 03-31" in text
    assert "  columns         1Q17  yoy%(1Q17)    1Q16  yoy%(1Q16)" in text
    assert "  item_line9_2     836       -26.7   1,141        48.5" in text
    # its changes are checked: one misprinted in the test is found
    misprinted = tmp_path / "misprinted.txt"
    misprinted.write_text(IIJ_1Q_FY2017.replace("△26.7", "△36.7"), encoding="utf-8")
    assert main(["draft", str(misprinted), "-o", str(tmp_path / "misprinted.iij")]) == 0
    _, _, found = run([str(tmp_path / "misprinted.iij")])
    assert [d.code for d in found if d.counts_as_error] == ["change-mismatch"]


def test_a_release_naming_two_eras_reads_its_years_of_two_digits_in_the_one_they_fit(tmp_path):
    """A release of 2019 names its year in 平成 and its date in 令和: with two eras named, 29年3月期 was read
    in neither, and the table was kept as comments. Each year of two digits is read in the era that puts
    it nearest the years the release names in full."""
    # IIJ's first page above, its dateline written in the test in the other era (as a release dated after
    # 1 May 2019 prints it): the form of a text naming both eras, which the page of 2016 does not have
    release = IIJ_1Q_FY2017.replace("平成28年8月5日", "令和元年8月5日")
    text, out = drafted(tmp_path, release)
    assert "  columns         1Q17  yoy%(1Q17)    1Q16  yoy%(1Q16)" in text
    assert "  item_line9_2     836       -26.7   1,141        48.5" in text
    assert "no column of the table understood" not in out


@pytest.mark.parametrize("printed, era, western", [
    ("平成29年3月期", None, "2017年3月期"), ("令和元年6月30日", None, "2019年6月30日"),
    ("令和６年３月期", None, "2024年3月期"), ("29年3月期第1四半期", "平成", "2017年3月期第1四半期"),
    ("29年3月期第1四半期", None, "29年3月期第1四半期"),  # no era named: two digits are not guessed
    ("2017年3月期", "平成", "2017年3月期"),
    # two eras named (平成31年, 令和元年: 2019): 31年 and 30年 are 平成's, never 令和's 2049 and 2048
    ("31年3月期", (2019,), "2019年3月期"), ("30年3月期", (2019,), "2018年3月期"),
    ("29年3月期", (), "29年3月期"),  # two eras, no year named in either: not guessed
])
def test_a_year_of_an_era_is_its_western_year(printed, era, western):
    """平成 counts from 1989 and 令和 from 2019 (元年 their first); two digits only in the release's era,
    or where it names two, in the one that puts them nearest the years it names."""
    from ledgerlang.draft.japanese import western_years

    assert western_years(printed, era) == western


def test_the_year_before_is_named_for_its_own_sentence_only(tmp_path):
    """A sentence on the year before is an aside: the sentence after it, naming no period, speaks of the
    release's own period again. It was tied to the year before (営業利益@1Q24 = 45,678, this year's figure)."""
    # written in the test from the Q1 release's own tables (tests/draft/data's h17)
    text, _ = drafted(tmp_path, with_narrative(
        "h17_japanese_quarter.html",
        "当第１四半期連結累計期間の売上高は1,023,456千円となりました。前第１四半期連結累計期間の売上高は987,654千円"
        "でした。営業利益は45,678千円となりました。"), suffix=".html")
    assert claim_lines(text) == ["item_line18@1Q25 = 1,023,456 JPY thousands",
                                 "item_line18@1Q24 = 987,654 JPY thousands", "item_line19@1Q25 = 45,678 JPY thousands"]


def test_the_second_quarter_named_alone_is_its_three_months_not_the_half_year(tmp_path):
    """当第２四半期 without 連結会計期間 names the quarter alone: its figure was tied to the half year the
    tables print (1H25), a claim the release does not make, or to no period at all."""
    # h26's half-year summary, with a sentence written in the test in the words of a shorter release
    # (当第２四半期 alone), its figures those the existing test of 当第２四半期連結累計期間 uses
    summary = (DATA / "h26_japanese_half_year_summary.html").read_text(encoding="utf-8")
    text, _ = drafted(tmp_path, summary.replace(
        "</body>", "<p>当第２四半期の売上高は140,000百万円となりました。"
                   "当第２四半期累計の営業利益は8,000百万円となりました。</p></body>"), suffix=".html")
    assert claim_lines(text) == ["item_line4@2Q25 = 140,000 JPY millions", "item_line4_2@1H25 = 8,000 JPY millions"]


def test_a_ratio_stated_as_a_level_is_its_level_never_a_change_of_the_amount_it_is_named_after(tmp_path):
    """営業利益率 starts with 営業利益: its 0.5％ after 前期比…減 was claimed as operating income's change on
    the year (-0.5%, where the release says -4.6%); a ratio the tables print in % is claimed at its level."""
    # h18's summary, with sentences written in the test as a 決算短信's results paragraph words them; the
    # margin 5.8％ is h18's own 15,822 / 274,887 百万円, and 8.1％ its printed 自己資本当期純利益率
    text, _ = drafted(tmp_path, with_narrative(
        "h18_japanese_summary.html",
        "当連結会計年度の売上高は274,887百万円（前期比4.1％増）となりました。"
        "営業利益は15,822百万円（前期比4.6％減）で営業利益率は前期比0.5％減の5.8％となりました。"
        "営業利益は15,822百万円（前期比4.6％減）、営業利益率は5.8％（前期比0.4％減）となりました。"
        "自己資本当期純利益率は8.1％となりました。"), suffix=".html")
    assert claim_lines(text) == [
        "item_line5@FY2024 = 274,887 JPY millions", "yoy%(item_line5@FY2024) = 4.1%",
        "item_line5_2@FY2024 = 15,822 JPY millions", "yoy%(item_line5_2@FY2024) = -4.6%",
        "item_line5_2@FY2024 = 15,822 JPY millions", "yoy%(item_line5_2@FY2024) = -4.6%",
        "item_line11_3@FY2024 = 8.1%"]
    assert text.count("said of a ratio (…率), not of an amount") == 4


def test_a_ratio_column_between_amounts_leaves_the_next_change_with_its_amount(tmp_path):
    """A 売上高営業利益率 ％ column printed between 営業利益 and 当期純利益 took the place of the amount
    before the next ％, so that 当期純利益's change (△3.6) was drafted as a ratio of its own, a level."""
    # h18's summary with a margin column added in the test (a 決算短信 prints one in its second block), its
    # figures h18's own: 15,822 / 274,887 is 5.8％ and 16,581 / 264,073 is 6.3％
    page = (DATA / "h18_japanese_summary.html").read_text(encoding="utf-8")
    page = page.replace('<td colspan="2">営業利益</td>', '<td colspan="2">営業利益</td><td>売上高<br>営業利益率</td>', 1)
    page = page.replace("<td>百万円</td><td>％</td><td>百万円</td><td>％</td>",
                        "<td>百万円</td><td>％</td><td>百万円</td><td>％</td><td>％</td>", 1)
    page = page.replace("<td>15,822</td><td>△4.6</td>", "<td>15,822</td><td>△4.6</td><td>5.8</td>")
    page = page.replace("<td>16,581</td><td>11.2</td>", "<td>16,581</td><td>11.2</td><td>6.3</td>")
    text, _ = drafted(tmp_path, page, suffix=".html")
    got = rows(text)
    assert got["item_line5_3"] == ["5.8", ".", "6.3", "."]  # the margin, a level of its own
    assert got["item_line5_4"] == ["10,520", "-3.6", "10,910", "."]  # 当期純利益 and its change
    assert "当期純利益 ％" not in text
