"""The release's own date, read from its dateline or heading, written as its document's `dated`."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledgerlang.cli.main import main
from ledgerlang.draft.japanese import printed_date
from ledgerlang.load import run

DATA = Path(__file__).resolve().parent / "data"

# each real release, with the date it prints as its own (None: the stored copy prints none, only its tables)
DATES = {
    "fujitsu-frontech-fy2019-tanshin.html": "2020-05-13",  # "2020年5月13日" under the title
    "iij-1q03-earnings-release.txt": "2003-08-12",  # "--(BUSINESS WIRE)--Aug. 12, 2003--"
    "iij-1q03-tables.html": "2003-08-12",
    "iij-3q02-investor-presentation.txt": "2003-02",  # "February, 2003" under the title
    "cik832767-2q08-exhibit-99-1.html": None,
    "cik890564-2q08-exhibit-99-1.html": None,
    "innovex-4q05-exhibit-99-1.html": None,
    "meade-3q07-exhibit-99-1.html": None,
    "park-2q10-exhibit-99-1.html": None,
}


def drafted(tmp_path, release: Path, capsys) -> tuple[str, str, list]:
    """(book, summary, the check's diagnostics) of a release drafted through the command."""
    book = tmp_path / "draft.iij"
    assert main(["draft", str(release), "-o", str(book), "--force", "--root", str(release.parent)]) == 0
    summary = capsys.readouterr().out
    _, _, found = run([str(book)])
    return book.read_text(encoding="utf-8"), summary, found


def dated(book: str) -> list[str | None]:
    """The `dated` of each `document` line of a book, None for one without."""
    return [m[1] for m in re.finditer(r'^document "[^\n]*?"(?: dated (\S+))?$', book, re.M)]


@pytest.mark.parametrize("name", sorted(DATES))
def test_each_real_release_is_dated_as_it_prints_its_date_and_its_tables_are_of_ended_periods(tmp_path, capsys, name):
    """The draft of each real release is dated as the release prints its date (or not, where it prints
    none, and the summary says so), and no column of its tables ends after that date."""
    book, summary, found = drafted(tmp_path, DATA / name, capsys)
    assert dated(book) == [DATES[name]]
    if DATES[name] is None:
        assert f"not dated: {DATA / name} prints no date in a dateline's place" in summary
    else:
        assert f"dated {DATES[name]}: {DATA / name}:" in summary
    assert not [d for d in found if d.code == "unended-period"]


def test_a_japanese_release_dated_in_its_era_is_dated_in_the_western_calendar(tmp_path, capsys):
    """令和2年5月13日 on a 決算短信's first page is written `dated 2020-05-13`. Built from the real
    決算短信: its date as a company writing the era prints it."""
    page = (DATA / "fujitsu-frontech-fy2019-tanshin.html").read_text(encoding="utf-8")
    release = tmp_path / "release.html"
    release.write_text(page.replace("<p>2020年5月13日</p>", "<p>令和２年５月13日</p>"), encoding="utf-8")
    book, summary, _ = drafted(tmp_path, release, capsys)
    assert dated(book) == ["2020-05-13"]
    assert "prints '令和２年５月13日'" in summary


def test_two_dates_that_disagree_date_nothing_and_the_summary_names_both(tmp_path, capsys):
    """A release that prints two dates of its own that disagree is written without `dated`, and the summary
    names both. Built from the real 決算短信: its date printed again, a day later, under the first."""
    page = (DATA / "fujitsu-frontech-fy2019-tanshin.html").read_text(encoding="utf-8")
    release = tmp_path / "release.html"
    release.write_text(page.replace("<p>2020年5月13日</p>", "<p>2020年5月13日</p>\n<p>2020年5月14日</p>"),
                       encoding="utf-8")
    book, summary, _ = drafted(tmp_path, release, capsys)
    assert dated(book) == [None]
    assert (f"not dated: {release}:14 prints '2020年5月13日' (2020-05-13) and line 15 '2020年5月14日' (2020-05-14)"
            in summary)


@pytest.mark.parametrize("dateline", ["TOKYO, Japan, Aug. 12, 2003 --", "Tokyo, Japan -- Aug. 12, 2003 --",
                                      "TOKYO, Aug. 12, 2003 /PRNewswire/ --"])
def test_a_city_and_country_dateline_dates_the_release(tmp_path, capsys, dateline):
    """A dateline of a city (in capitals or not), its country and the date opening the first paragraph dates
    the release, and the end of the fiscal year the same sentence names does not. Built from the real IIJ
    release: its dateline written in those forms."""
    text = (DATA / "iij-1q03-earnings-release.txt").read_text(encoding="utf-8")
    release = tmp_path / "release.txt"
    release.write_text(text.replace("TOKYO & NEW YORK--(BUSINESS WIRE)--Aug. 12, 2003--Internet",
                                    f"{dateline} Internet"), encoding="utf-8")
    book, _, _ = drafted(tmp_path, release, capsys)
    assert dated(book) == ["2003-08-12"]


def test_a_column_typed_a_year_late_is_unended_in_the_dated_draft(tmp_path, capsys):
    """With the date the drafter now writes, a year typed late in the 決算短信's table is an
    unended-period warning. Built from the real 決算短信: its 2019年3月期 row printed as 2021年3月期."""
    page = (DATA / "fujitsu-frontech-fy2019-tanshin.html").read_text(encoding="utf-8")
    release = tmp_path / "release.html"
    release.write_text(page.replace("<td>2019年3月期</td>", "<td>2021年3月期</td>", 1), encoding="utf-8")
    _, _, found = drafted(tmp_path, release, capsys)
    assert [d.code for d in found if d.code == "unended-period"] == ["unended-period"]


# the first day of each era, by which the test writes a day in the era it fell in
_ERAS = (("令和", datetime.date(2019, 5, 1)), ("平成", datetime.date(1989, 1, 8)), ("昭和", datetime.date(1926, 12, 25)))


def test_the_first_years_of_reiwa_and_the_last_of_heisei_are_2019():
    """令和元年 and 平成31年 are both 2019."""
    assert printed_date("令和元年5月14日") == ("令和元年5月14日", "2019-05-14")
    assert printed_date("平成31年4月26日") == ("平成31年4月26日", "2019-04-26")


@given(st.dates(min_value=datetime.date(1926, 12, 25), max_value=datetime.date(2099, 12, 31)),
       st.booleans(), st.booleans())
def test_a_day_in_its_era_or_in_western_years_reads_back_as_itself(day, in_era, wide):
    """A day written in western years, or in the era it fell in (元年 for the first), in ASCII or
    full-width digits, reads back as that day."""
    if in_era:
        era, first = next((era, first) for era, first in _ERAS if day >= first)
        n = day.year - first.year + 1
        text = f"{era}{'元' if n == 1 else n}年{day.month}月{day.day}日"
    else:
        text = f"{day.year}年{day.month}月{day.day}日"
    if wide:
        text = text.translate({ord(c): 0xFF10 + int(c) for c in "0123456789"})
    assert printed_date(text) == (text, day.isoformat())


def test_a_date_in_the_cell_after_another_events_label_is_not_the_releases(tmp_path, capsys):
    """A date in the cell after the label of another event (a 決算短信's `定時株主総会開催予定日`) neither dates
    the release nor disagrees with its date; after `発表日` it is the release's. Built from the real
    決算短信: its header rows in the form 決算短信 print them, the dates taken from the release's own text."""
    page = (DATA / "fujitsu-frontech-fy2019-tanshin.html").read_text(encoding="utf-8")
    release = tmp_path / "release.html"
    rows = "<table><tr><td>定時株主総会開催予定日</td><td>2020年3月31日</td></tr></table>"
    release.write_text(page.replace("<p>2020年5月13日</p>", f"<p>2020年5月13日</p>\n{rows}"), encoding="utf-8")
    book, summary, _ = drafted(tmp_path, release, capsys)
    assert dated(book) == ["2020-05-13"]
    rows = "<table><tr><td>発表日</td><td>2020年5月13日</td></tr></table>"
    release.write_text(page.replace("<p>2020年5月13日</p>", rows), encoding="utf-8")
    book, summary, _ = drafted(tmp_path, release, capsys)
    assert dated(book) == ["2020-05-13"]
