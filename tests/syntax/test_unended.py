"""A table's column or a claim's line of a period that ends after its document's date (unended-period)."""

from __future__ import annotations

import json
import shutil

import pytest

from ledgerlang.load import load_paths
from ledgerlang.lsp.incremental import ChunkedParser
from ledgerlang.lsp.rebuild import TableCache
from ledgerlang.syntax.build import build_book

from support import ROOT, book, ledger

IIJ = ROOT / "books" / "iij"
RELEASE = "iij-1q03-earnings-release.iij"  # document "IIJ 1Q FY2003 earnings release" dated 2003-08-12
PRESENTATION = "iij-3q02-investor-presentation.iij"  # dated 2003-02: a month
CAPEX_COLUMNS = "  columns        1Q03   1Q02  4Q02"  # Table 10 of the 1Q03 release, as printed


def copied(tmp_path, folder="iij"):
    shutil.copytree(ROOT / "books" / folder, tmp_path / folder)
    return tmp_path / folder


def edit(path, old: str, new: str) -> int:
    """Replace the one `old` in the file by `new`; the line it is on (1-based)."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")
    return text[:text.index(old)].count("\n") + 1


def unended(diagnostics) -> list:
    return [d for d in diagnostics if d.code == "unended-period"]


def test_the_bundled_books_say_nothing_of_unended_periods():
    """The real releases (with guidance for FY2003 and 2Q03 beside their tables) have no column or
    claim of a period ended after their documents' dates."""
    for folder in ("iij", "iij-annual"):
        _, diagnostics = load_paths([str(p) for p in sorted((ROOT / "books" / folder).glob("*.iij"))])
        assert unended(diagnostics) == []


def test_a_column_typed_a_quarter_late_in_a_real_release_is_the_one_word_said(tmp_path):
    """Table 10 of the IIJ 1Q03 release with its 1Q03 column typed 2Q03 (made in tmp_path from the
    book's real text): every other finding of `ledger check` is as before, and the column is warned
    of at its heading, with the period's end and the document's date."""
    folder = copied(tmp_path)
    before = json.loads(ledger("check", "--format", "json", str(folder), cwd=tmp_path).stdout)
    line = edit(folder / RELEASE, CAPEX_COLUMNS, CAPEX_COLUMNS.replace("1Q03", "2Q03"))
    result = ledger("check", "--format", "json", str(folder), cwd=tmp_path)
    after = json.loads(result.stdout)
    assert result.returncode == 0  # a warning: the exit status is the book's errors'
    found = [d for d in after["diagnostics"] if d["code"] == "unended-period"]
    assert [d for d in after["diagnostics"] if d["code"] != "unended-period"] == before["diagnostics"]
    assert len(found) == 1
    (warning,) = found
    assert warning["severity"] == "warning"
    assert (warning["line"], warning["column"]) == (line, CAPEX_COLUMNS.index("1Q03") + 1)
    assert warning["message"] == "column 2Q03 ends 2003-09-30, after the day its document is dated, 2003-08-12"
    assert "note: 2Q03 is read as 2003-07-01..2003-09-30 on the book's fiscal calendar" in warning["notes"]
    hint = warning["notes"][-1]
    assert hint.startswith("hint:") and "check the heading against the release" in hint
    assert f"{RELEASE}:6" in hint and "`guidance`" in hint


def test_a_balance_sheet_dated_after_its_release_is_warned_of_once_for_its_columns(tmp_path):
    """Appendix 2's columns of 2003-06-30 typed 2003-09-30: one warning for the table, naming its
    three columns (a translation and a share of that date among them) at the first."""
    folder = copied(tmp_path)
    columns = "  columns                  USD(2003-06-30)    2003-06-30  share%(2003-06-30, assets.total)"
    line = edit(folder / RELEASE, columns, columns.replace("2003-06-30", "2003-09-30"))
    found = unended(load_paths([str(folder / RELEASE)])[1])
    assert [(d.span.line, d.span.column) for d in found] == [(line, columns.index("USD") + 1)]
    assert found[0].message == ("columns USD(2003-09-30), 2003-09-30, share%(2003-09-30, assets.total) are at "
                                "2003-09-30, after the day its document is dated, 2003-08-12")
    assert "(the date it prints)" in found[0].notes[-1]


def whole(folder) -> list[str]:
    return [str(p) for p in sorted(folder.glob("*.iij"))]


def test_a_date_of_a_month_is_taken_as_late_as_the_months_last_day(tmp_path):
    """The 3Q02 presentation is dated 2003-02: a claim of a balance at 2003-02-28 may be of a day
    before it, one at 2003-03-01 cannot (its real claim of 2002-12-31, retyped in tmp_path). The
    book's other document, the release of 2003-08-12, rules its own file only."""
    folder = copied(tmp_path)
    real = "  xsell.vas@2002-12-31 = 67%"
    edit(folder / PRESENTATION, real, real.replace("2002-12-31", "2003-02-28"))
    assert unended(load_paths(whole(folder))[1]) == []
    edit(folder / PRESENTATION, "xsell.vas@2003-02-28", "xsell.vas@2003-03-01")
    found = unended(load_paths(whole(folder))[1])
    assert [d.message for d in found] == [
        "this claim's line speaks of 2003-03-01, after the month its document is dated, 2003-02"]


def test_a_quarter_ending_after_a_month_date_is_warned_of_but_its_guidance_is_not(tmp_path):
    """In the presentation dated 2003-02, its claim of 3Q02 typed 4Q02 (which ends 2003-03-31) is
    warned of; its guidance for 4Q02 and FY2002, forecasts of periods not ended, is not."""
    folder = copied(tmp_path)
    line = edit(folder / PRESENTATION, "  rev.total@3Q02 = 10.6 JPY billions", "  rev.total@4Q02 = 10.6 JPY billions")
    text = (folder / PRESENTATION).read_text(encoding="utf-8")
    assert "rev.total@4Q02 in 12.5 .. 13.0 JPY billions" in text and "rev.total@FY2002 in" in text
    found = unended(load_paths([str(folder / PRESENTATION)])[1])
    assert [d.span.line for d in found] == [line]
    assert found[0].message == ("this claim's line speaks of 4Q02, which ends 2003-03-31, after the month its "
                                "document is dated, 2003-02")


def test_a_guidance_line_is_never_warned_of_and_the_same_line_as_a_claim_is(tmp_path):
    """The 1Q03 release's guidance `op.income@2Q03 >= 0` is of a quarter not ended on 2003-08-12, as a
    forecast is; the line stated as a fact of the release (a claim, made in tmp_path from it) is not."""
    folder = copied(tmp_path)
    text = (folder / RELEASE).read_text(encoding="utf-8")
    assert "  op.income@2Q03 >= 0 JPY millions" in text
    assert unended(load_paths([str(folder / RELEASE)])[1]) == []
    with (folder / RELEASE).open("a", encoding="utf-8") as f:
        f.write('\nclaim "operating income in 2Q03 of JPY 0 million"\n  op.income@2Q03 = 0 JPY millions\n')
    found = unended(load_paths([str(folder / RELEASE)])[1])
    assert [d.span.line for d in found] == [len(text.split("\n")) + 2]


def test_a_fiscal_label_ends_where_the_books_calendar_says(tmp_path):
    """The FY2012 results release (dated 2013-05-15) states FY2012, April 2012 to March 2013 on
    IIJ's calendar: FY2013 typed for it is warned of, with the dates the label is read as; the
    release's guidance for FY2013 is not."""
    folder = copied(tmp_path, "iij-annual")
    release = folder / "iij-fy2012-results.iij"
    line = edit(release, "  rev.total@FY2012 = 106,248 JPY millions", "  rev.total@FY2013 = 106,248 JPY millions")
    found = unended(load_paths([str(release)])[1])
    assert [d.span.line for d in found] == [line]
    assert found[0].message == ("this claim's line speaks of FY2013, which ends 2014-03-31, after the day its "
                                "document is dated, 2013-05-15")
    assert "note: FY2013 is read as 2013-04-01..2014-03-31 on the book's fiscal calendar" in found[0].notes


def test_a_year_named_by_its_start_on_a_japanese_calendar_shows_in_the_note(tmp_path):
    """The draft of a real 決算短信 (2020年3月期, dated 2020年5月13日 on its first page, as the draft
    writes it) names FY2020 by the year it ends in: nothing is said at that date, and a calendar declared
    `named by start` puts each FY2020 column a year late, which the warning and its note show."""
    drafted = tmp_path / "tanshin.iij"
    assert ledger("draft", "--no-progress", str(ROOT / "tests/draft/data/fujitsu-frontech-fy2019-tanshin.html"),
                  "-o", str(drafted)).returncode == 0
    assert 'document "2020年3月期 決算短信〔日本基準〕(連結)" dated 2020-05-13\n' in drafted.read_text(encoding="utf-8")
    assert "  columns        FY2020  yoy%(FY2020)   FY2019  yoy%(FY2019)" in drafted.read_text(encoding="utf-8")
    assert unended(load_paths([str(drafted)])[1]) == []
    edit(drafted, "  fiscal year named by end", "  fiscal year named by start")
    found = unended(load_paths([str(drafted)])[1])
    assert found and all(d.message.startswith(("column FY2020 ends 2021-03-31", "columns FY2020, yoy%(FY2020) "))
                         for d in found)
    assert "note: FY2020 is read as 2020-04-01..2021-03-31 on the book's fiscal calendar" in found[0].notes


# The table of the real release's Table 10 with its column typed 2Q03, in the inline books below.
CAPEX = """
item capex "Capital expenditures" JPY flow
table "Table 10. CAPEX (JPY in millions)" in JPY millions
  columns 2Q03 1Q02 4Q02
  capex 1,421 1,015 936
"""


@pytest.mark.parametrize("documents", [
    "",  # no document: shared definitions
    'document "IIJ 1Q FY2003 earnings release"\n',  # undated: nothing to compare
    'document "IIJ 1Q FY2003 earnings release" dated 2003-10-01\n',  # after 2Q03 ended
    # a file of two releases (as a draft of several writes it): the later may print 2Q03
    'document "IIJ 1Q FY2003 earnings release" dated 2003-08-12\ndocument "2Q03" dated 2003-11\n',
    # one of them undated: the table may be its, of which nothing is known
    'document "IIJ 1Q FY2003 earnings release" dated 2003-08-12\ndocument "2Q03"\n',
])
def test_nothing_is_said_where_no_document_date_rules_the_column_out(documents):
    """A file with no document, an undated one, a date after the period, or several documents one of
    which may be the table's: no warning."""
    assert unended(book(documents + CAPEX)[1]) == []


def test_a_file_of_several_dated_documents_is_taken_at_the_latest():
    """Two dated documents, both before 2Q03 ended: the warning gives the later date."""
    found = unended(book('document "A" dated 2003-05-20\ndocument "B" dated 2003-08-12\n' + CAPEX)[1])
    assert [d.message for d in found] == [
        "column 2Q03 ends 2003-09-30, after the day its document is dated, 2003-08-12"]


def test_a_table_belongs_to_its_own_files_document(tmp_path):
    """A dated release that includes a file of tables without a document says nothing of them; the
    same table in the release's own file is warned of."""
    (tmp_path / "tables.iij").write_text(CAPEX, encoding="utf-8")
    release = tmp_path / "release.iij"
    release.write_text('entity acme "Acme"\n  fiscal year ends 03-31\n  fiscal year named by start\ncurrency JPY\n'
                       'include "tables.iij"\ndocument "IIJ 1Q FY2003 earnings release" dated 2003-08-12\n',
                       encoding="utf-8")
    assert unended(load_paths([str(release)])[1]) == []
    release.write_text(release.read_text(encoding="utf-8").replace('include "tables.iij"\n', "")
                       + CAPEX, encoding="utf-8")
    assert [d.span.path for d in unended(load_paths([str(release)])[1])] == [str(release)]


def test_a_document_date_that_is_no_date_is_its_own_error_only():
    """`dated 2003-02-30` is a bad-period; no unended-period is worked out from it."""
    _, diagnostics = book('document "IIJ 1Q FY2003 earnings release" dated 2003-02-30\n' + CAPEX)
    assert "bad-period" in [d.code for d in diagnostics]
    assert unended(diagnostics) == []


def test_a_document_date_edited_in_the_editor_is_seen_by_the_tables_it_rules():
    """The language server reuses a table's facts while its names are unchanged: a release's date
    moved before 1Q03 ended warns of its tables as a fresh build does, and moved back, not."""
    files = ("iij.iij", RELEASE)
    texts = {name: (IIJ / name).read_text(encoding="utf-8") for name in files}
    parsers = {name: ChunkedParser() for name in files}
    cache = TableCache()

    def built(texts):
        trees = [parsers[name].parse(texts[name], str(IIJ / name))[0] for name in files]
        cached, fresh = cache.build(trees), build_book(trees)
        assert cached[1] == fresh[1]
        return unended(cached[1])

    assert built(texts) == []
    early = dict(texts, **{RELEASE: texts[RELEASE].replace("dated 2003-08-12", "dated 2003-06-01", 1)})
    assert len(built(early)) > 1  # each table of 1Q03, and the claims of it
    assert built(texts) == []

