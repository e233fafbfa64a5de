"""A real 決算短信's first page: 富士通フロンテック's summary of its year to March 2020
(`data/fujitsu-frontech-fy2019-tanshin.html`, its source named in the file), drafted as an analyst
would draft it: its years in the western calendar and in the era's, its ratios named as a Japanese
reader names them, its tables titled by their headings, its balances at the year's end."""

from __future__ import annotations

import re
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
    _, _, found = run([str(book)])
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
    page = page.replace("<td>2020年3月期</td>", "<td>2年3月期</td>")
    page = page.replace("<td>2019年3月期</td>", "<td>31年3月期</td>")
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


DEFS = """entity frontech "富士通フロンテック株式会社"
  fiscal year ends 03-31
  fiscal year named by end

currency JPY "Japanese yen"
item net_sales "売上高"   JPY flow
item op_income "営業利益" JPY flow
item op_margin "{margin}" % flow
"""


def with_defs(tmp_path, margin: str) -> str:
    """The option naming a definitions file whose operating margin is labelled `margin`."""
    (tmp_path / "defs.iij").write_text(DEFS.format(margin=margin), encoding="utf-8")
    return str(tmp_path / "defs.iij")


def named(text: str, item: str) -> list[str]:
    """The figures of the rows a book names `item`."""
    return [line.split()[1:] for line in table_lines(text) if line.split()[0] == item]


def test_the_ratio_to_sales_is_the_line_a_book_names_with_or_without_its_denominator(tmp_path):
    """The release's 売上高営業利益率 is the item a book calls 営業利益率, and the other way round, as a
    Japanese reader takes them; it was a new item, and a ratio row was offered only items of yen."""
    page = TANSHIN.read_text(encoding="utf-8")
    text, _ = drafted(tmp_path, page, "--defs", with_defs(tmp_path, "営業利益率"))
    assert named(text, "op_margin") == [["1.3", "2.6"]]
    assert "売上高営業利益率" not in text.split("# ---- new items")[1].split("\n\n")[0]
    # a release printing the shorter name, against a book naming the denominator: made from the real page
    text, _ = drafted(tmp_path, page.replace("<th>売上高営業利益率</th>", "<th>営業利益率</th>"),
                      "--defs", with_defs(tmp_path, "売上高営業利益率"))
    assert named(text, "op_margin") == [["1.3", "2.6"]]
    # a ratio to another denominator is another line: 総資産経常利益率 is not 経常利益率 on sales
    assert named(text, "op_income") == [["1,203", "-54.1", "2,619", "-33.6"]]
    assert "1.2" not in " ".join(" ".join(f) for f in named(text, "op_margin"))


def test_a_sentence_naming_the_ratio_without_its_denominator_claims_the_books_line(tmp_path):
    """"営業利益率は1.3％" is a claim on the item labelled 売上高営業利益率; it was left a comment, no item
    bearing the words the sentence writes."""
    # The release prints no narrative on this page; the sentence is written here in a 決算短信's words,
    # from the figure its table prints (1.3%, the year to March 2020).
    page = TANSHIN.read_text(encoding="utf-8").replace(
        "</body>", "<p>当連結会計年度の営業利益率は1.3％となりました。</p></body>")
    text, _ = drafted(tmp_path, page, "--defs", with_defs(tmp_path, "売上高営業利益率"))
    assert "  op_margin@FY2020 = 1.3%" in text.splitlines()


def test_each_table_is_titled_by_its_numbered_heading_never_by_a_note_on_the_table_above(tmp_path):
    """(2)連結財政状態 was passed over as a parenthesis, and the note over it on the table above,
    "(参考)持分法投資損益 …", titled the table; the per-share table under "(注)包括利益 …" is the rest
    of (1)連結経営成績, which prints no heading of its own over it."""
    text, _ = drafted(tmp_path, TANSHIN.read_text(encoding="utf-8"))
    titles = [line.split('"')[1] for line in text.splitlines() if line.startswith("table ")]
    assert titles == ["(1)連結経営成績", "(1)連結経営成績, continued", "(2)連結財政状態",
                      "(3)連結キャッシュ・フローの状況"]


def test_the_financial_positions_rows_of_years_are_the_balances_at_their_ends(tmp_path):
    """(2)連結財政状態 prints 総資産 in a row named "2020年3月期": the balance on 31 March 2020. It was
    drafted as the year's flow (FY2020), a period no balance has, for the reviewer to redo."""
    text, _ = drafted(tmp_path, TANSHIN.read_text(encoding="utf-8"))
    balances = text.split('table "(2)連結財政状態"')[1].split("\n\n")[0]
    assert table_lines(f'table "x"{balances}')[1].split() == ["columns", "2020-03-31", "2019-03-31"]
    assert [line.split()[1:] for line in table_lines(f'table "x"{balances}')[2:]] == [
        ["67,482", "73,695"], ["46,216", "47,642"], ["67.6", "63.8"], ["1,902.45", "1,965.35"]]
    stocks = [line.split('"')[1] for line in text.splitlines() if line.startswith("item ") and " stock" in line]
    assert stocks[:4] == ["総資産", "純資産", "自己資本比率 %", "1株当たり純資産"]


def test_a_dash_for_a_per_share_amount_is_no_figure_not_zero_yen(tmp_path):
    """The release prints "-" for 潜在株式調整後1株当たり当期純利益 in its year of loss: not stated, as a
    決算短信 says of it. The draft wrote the nil dash, and the book claimed 0.00 yen a share."""
    text, found = drafted(tmp_path, TANSHIN.read_text(encoding="utf-8"))
    diluted = next(line for line in text.splitlines() if line.startswith("item ") and "潜在株式調整後" in line)
    item = diluted.split()[1]
    assert [line.split()[1:] for line in table_lines(text) if line.split()[0] == item] == [[".", "64.93"]]
    # the amounts' nil dash stays: "-" under 親会社株主に帰属する当期純利益's change is the change column's rule
    assert not [d for d in found if d.counts_as_error]


def test_the_releases_date_is_no_claim(tmp_path, capsys):
    """"2020年5月13日", the date under the title, was a claim whose "13" no item could take, listed for
    the reviewer among the figures the draft could not place."""
    text, _ = drafted(tmp_path, TANSHIN.read_text(encoding="utf-8"))
    out = capsys.readouterr().out
    assert "'13'" not in out and "claim " not in text
    assert "0 claims from the narrative" in out


def test_the_cash_at_the_years_end_is_the_balance_at_its_close(tmp_path):
    """現金及び現金同等物期末残高, in the cash-flow table's row of the year, is the balance on its last
    day: it was drafted as the year's flow, an amount of cash the year never "made"."""
    text, found = drafted(tmp_path, TANSHIN.read_text(encoding="utf-8"))
    cash = next(line for line in text.splitlines() if line.startswith("item ") and "現金及び現金同等物" in line)
    assert cash.split()[2:4] == ['"現金及び現金同等物"', "JPY"] and " stock" in cash
    assert [line.split()[1:] for line in table_lines(text) if line.split()[0] == f"{cash.split()[1]}@close"] == [
        ["16,230", "15,411"]]
    assert not [d for d in found if d.counts_as_error]


def test_a_japanese_label_is_not_named_by_its_digit(tmp_path):
    """"1株当たり当期純利益" and "潜在株式調整後1株当たり当期純利益" were `n1` and `n1_2`, ids that say
    nothing and read as numbers; like every label of no English word, each is named by its line."""
    text, _ = drafted(tmp_path, TANSHIN.read_text(encoding="utf-8"))
    ids = {line.split('"')[1]: line.split()[1] for line in text.splitlines() if line.startswith("item ")}
    assert ids["1株当たり当期純利益"] == "item_line26"
    assert ids["潜在株式調整後1株当たり当期純利益"] == "item_line26_2"
    assert not [i for i in ids.values() if re.fullmatch(r"n\d+(?:_\d+)?", i)]
