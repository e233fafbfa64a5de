"""A real 決算短信's first page: 富士通フロンテック's summary of its year to March 2020
(`data/fujitsu-frontech-fy2019-tanshin.html`, its source named in the file), drafted as an analyst
would draft it: its years in the western calendar and in the era's, its ratios named as a Japanese
reader names them, its tables titled by their headings, its balances at the year's end."""

from __future__ import annotations

from pathlib import Path

from ledgerlang.cli.main import main
from ledgerlang.load import run
from ledgerlang.syntax.parse import parse

TANSHIN = Path(__file__).resolve().parent / "data" / "fujitsu-frontech-fy2019-tanshin.html"


def drafted(tmp_path, page: str, *options: str) -> tuple[str, list]:
    """(book, the check's diagnostics) of a page drafted through the command; the book parses."""
    release = tmp_path / "release.html"
    release.write_text(page, encoding="utf-8")
    book = tmp_path / "draft.iij"
    assert main(["draft", str(release), *options, "-o", str(book), "--force", "--root", str(tmp_path)]) == 0
    text = book.read_text(encoding="utf-8")
    assert not parse(text, str(book))[1]
    _, _, found = run([str(book), "--root", str(tmp_path)])
    return text, found


def table_lines(text: str) -> list[str]:
    """The lines of a book's tables, their comments aside: `rounding`, `columns` and the rows."""
    out, inside = [], False
    for line in text.splitlines():
        inside = line.startswith("table ") or inside and line.startswith("  ")
        if inside and line.startswith("  ") and not line.lstrip().startswith("#"):
            out.append(line.split("#")[0].rstrip())
    return out


def in_reiwa(page: str) -> str:
    """The release as a company writing its years in the era prints it: 令和2年3月期 in its title, and
    its rows, as 決算短信 of 2020 print them, `2年3月期` and `31年3月期` (平成31年)."""
    page = page.replace("<td>2020年3月期</td>", "<td>2年3月期</td>").replace("<td>2019年3月期</td>", "<td>31年3月期</td>")
    return page.replace("2020年", "令和2年").replace("2019年", "平成31年")


def test_a_year_of_one_digit_in_the_era_is_read_as_the_years_of_two_are(tmp_path):
    """`2年3月期` (令和2年) is the year to March 2020, as `31年3月期` is the year to March 2019; it was
    no period, and every row of every table was lost."""
    # The real release prints its years in the western calendar; the era's form is made from it here.
    text, _ = drafted(tmp_path, in_reiwa(TANSHIN.read_text(encoding="utf-8")))
    western, _ = drafted(tmp_path, TANSHIN.read_text(encoding="utf-8"))
    assert table_lines(text)[1].split() == ["columns", "FY2020", "yoy%(FY2020)", "FY2019", "yoy%(FY2019)"]
    assert table_lines(text)[2].split()[1:] == ["90,941", "-11.1", "102,301", "5.8"]  # 売上高, as printed
    assert table_lines(text) == table_lines(western)
