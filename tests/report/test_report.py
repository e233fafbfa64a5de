"""`ledger report` without a browser: the files it writes, their markup, and what `ledger check` leaves unloaded."""

from __future__ import annotations

import subprocess
import sys
from html.parser import HTMLParser

import pytest

from support import PRELUDE, ROOT, ledger

pytest.importorskip("jinja2", reason="jinja2 is in the report extra: pip install -e '.[test]'")
pytest.importorskip("matplotlib", reason="matplotlib is in the report extra: pip install -e '.[test]'")

BOOK = PRELUDE + """
item a "A" JPY flow
item b "B" JPY flow
item total "Total" JPY flow = a + b
item margin "Margin" % flow = a / total
table "T" in JPY millions
  columns 1Q03 4Q02 3Q02 qoq%(1Q03)
  a 10 8 7 25.0%
  b 20 22 21 (9.1%)
  total 30 30 29 0.0%
statement s "Summary" in JPY millions
  columns 1Q03 4Q02 qoq%(1Q03)
  a
  b
  total
  margin
"""


class _Markup(HTMLParser):
    """Tags with their attributes, and the text of the page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def _write(tmp_path, text: str):
    path = tmp_path / "book.iij"
    path.write_text(text, encoding="utf-8")
    return path


def _markup(tmp_path, text: str):
    out = tmp_path / "out"
    done = ledger("report", str(_write(tmp_path, text)), "-o", str(out))
    parser = _Markup()
    parser.feed((out / "index.html").read_text(encoding="utf-8"))
    return done, out, parser


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    return _markup(tmp_path_factory.mktemp("clean"), BOOK)


def test_report_writes_index_and_assets_with_nothing_from_the_network(clean):
    """index.html and its assets are written; nothing the page loads is outside the report's directory."""
    done, out, markup = clean
    assert done.returncode == 0, done.stderr
    assert (out / "assets" / "report.css").is_file() and (out / "assets" / "report.js").is_file()
    for tag, attrs in markup.tags:
        for name in ("src", "href"):
            target = attrs.get(name, "")
            if tag in ("script", "link", "img") and target and not target.startswith("data:"):
                assert "//" not in target and (out / target).is_file(), target


def test_statement_markup_has_scoped_headers_and_marks_printed_and_derived(clean):
    """Column and row headers carry their scope (the title a printed page repeats over the columns,
    colgroup); a printed figure and a derived one are told apart."""
    done, _, markup = clean
    headers = [attrs for tag, attrs in markup.tags if tag == "th"]
    assert headers and all(attrs.get("scope") in ("col", "row", "colgroup") for attrs in headers)
    cells = {attrs["data-key"]: attrs["class"] for tag, attrs in markup.tags if tag == "td" and "data-key" in attrs}
    assert "origin-printed" in cells["total@1Q03"]
    assert "origin-derived" in cells["margin@1Q03"]
    assert "origin-printed" in cells["qoq%(a)@1Q03"]  # printed in table T
    svgs = [attrs for tag, attrs in markup.tags if tag == "svg"]
    assert svgs and all(a.get("role") == "img" and a.get("aria-labelledby") for a in svgs)


def test_a_violation_is_marked_with_a_focusable_control_and_the_exit_status_says_error(tmp_path):
    """A wrong total is an error cell whose button controls a details panel; the command exits 1, as check does."""
    done, _, markup = _markup(tmp_path, BOOK.replace("total 30 30 29", "total 33 30 29"))
    assert done.returncode == 1
    cells = {attrs["data-key"]: attrs["class"] for tag, attrs in markup.tags if tag == "td" and "data-key" in attrs}
    assert "state-error" in cells["total@1Q03"]
    buttons = [attrs for tag, attrs in markup.tags if tag == "button"]
    panels = {attrs["id"] for tag, attrs in markup.tags if tag == "div" and "detail" in attrs.get("class", "")}
    assert buttons and all(b["aria-controls"] in panels and b["aria-expanded"] == "false" for b in buttons)
    assert "total-mismatch" in "".join(markup.text)


def test_bad_usage_is_a_message_not_a_traceback(tmp_path):
    """-o naming a file, and a missing book, exit 2 with a message."""
    book = _write(tmp_path, BOOK)
    done = ledger("report", str(book), "-o", str(book))
    assert done.returncode == 2 and "not a directory" in done.stderr and "Traceback" not in done.stderr
    done = ledger("report", str(tmp_path / "nope.iij"), "-o", str(tmp_path / "out"))
    assert done.returncode == 2 and "no such file" in done.stderr


def test_ledger_check_never_imports_the_report_libraries():
    """`ledger check` starts without jinja2, matplotlib or openpyxl (start-up time)."""
    code = ("import sys; from ledgerlang.cli.main import main; main(['check', 'books/iij']); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('jinja2', 'matplotlib', 'openpyxl', "
            "'numpy') or m.startswith('ledgerlang.report') or m == 'ledgerlang.render.xlsx'))")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stdout + done.stderr


def test_a_figure_printed_coarsely_is_shown_to_its_printed_digit(tmp_path):
    """A figure only stated as "0.1 billion" shows as 100 in a statement in millions, marked, not as 100.000."""
    text = BOOK + """
item c "C" JPY flow
claim "C came to JPY 0.1 billion"
  c@1Q03 = 0.1 JPY billions
statement t "Other" in JPY millions
  columns 1Q03
  c
"""
    done, _, markup = _markup(tmp_path, text.replace("statement s", "statement s"))
    cells = {attrs["data-key"]: attrs for tag, attrs in markup.tags if tag == "td" and "data-key" in attrs}
    assert "coarse" in cells["c@1Q03"]["class"] and "nearest 100" in cells["c@1Q03"]["title"]
    assert "origin-printed" in cells["c@1Q03"]["class"]


class _SummaryRows(HTMLParser):
    """The report's summary table: the cells of each body row."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self._in_summary = self._in_body = self._in_cell = False

    def handle_starttag(self, tag, attrs):
        if tag == "table" and dict(attrs).get("class") == "summary":
            self._in_summary = True
        elif self._in_summary and tag == "tbody":
            self._in_body = True
        elif self._in_body and tag == "tr":
            self.rows.append([])
        elif self._in_body and tag in ("th", "td"):
            self._in_cell = True
            self.rows[-1].append("")

    def handle_endtag(self, tag):
        if tag in ("th", "td"):
            self._in_cell = False
        elif tag == "tbody":
            self._in_body = self._in_summary = False

    def handle_data(self, data):
        if self._in_cell:
            self.rows[-1][-1] += data.strip()


@pytest.mark.parametrize("books", ["books/iij", "books/iij-annual"])
def test_the_summary_counts_checked_and_not_checkable_figures_as_ledger_check_does(tmp_path, books):
    """Per file, the report's Checked and Not checkable add up to `ledger check`'s summary: one count, not two."""
    import json

    done = ledger("report", books, "-o", str(tmp_path / "out"))
    assert done.returncode in (0, 1), done.stderr
    parser = _SummaryRows()
    parser.feed((tmp_path / "out" / "index.html").read_text(encoding="utf-8"))
    rows = [r for r in parser.rows if not r[6].startswith("–")]  # (a dash, said "not applicable")
    assert rows, parser.rows
    summary = json.loads(ledger("check", "--format", "json", books).stdout)["summary"]
    assert sum(int(r[6].replace(",", "")) for r in rows) == summary["figures_checked"]
    assert sum(int(r[7].replace(",", "")) for r in rows) == summary["figures_not_checkable"]
    assert all(int(r[5].replace(",", "")) == int(r[6].replace(",", "")) + int(r[7].replace(",", "")) for r in rows)


def test_the_reading_options_decide_what_the_report_reads(tmp_path):
    """`--allow-outside-root` and `--max-file-size` mean for `report` what they mean for `check`:
    they were accepted and then ignored (the default root was always used)."""
    (tmp_path / "books").mkdir()
    (tmp_path / "shared.iij").write_text(PRELUDE, encoding="utf-8")
    book = tmp_path / "books" / "book.iij"
    book.write_text('include "../shared.iij"\nitem a "A" JPY flow\ntable "T" in JPY millions\n'
                    '  columns 1Q03\n  a 10\n', encoding="utf-8")
    pages = {}
    for name, options in (("default", []), ("allowed", ["--allow-outside-root"])):
        ledger("report", str(book), "-o", str(tmp_path / name), *options)
        pages[name] = (tmp_path / name / "index.html").read_text(encoding="utf-8")
    assert "include-outside-root" in pages["default"]
    assert "include-outside-root" not in pages["allowed"] and "file-too-large" not in pages["allowed"]
    # a book too large to read is unreadable input: exit 2, said on stderr, and no report
    done = ledger("report", str(book), "-o", str(tmp_path / "small"), "--allow-outside-root",
                  "--max-file-size", "0.00001")
    assert done.returncode == 2 and "file-too-large" in done.stderr and not (tmp_path / "small").exists()


LONGEST = "100,000,000,000,000,000,000,000,000,009"  # 30 digits, the most a figure has


def test_a_figure_of_thirty_digits_is_reported_whole(tmp_path):
    """A 30-digit figure printed in billions under a statement in millions, a guidance on it and a
    margin over a figure of 1E-12: the report crashed (the default context's 28 digits could not
    round them: InvalidOperation, exit 3); now each shows every digit, in the statement and in the
    guidance chart's table."""
    text = PRELUDE + f"""
item big "Big" JPY flow
item tiny "Tiny" JPY flow
item r "Ratio" % flow = big / tiny
table "T" in JPY billions
  columns 1Q03 4Q02
  big {LONGEST} 1
table "U" in JPY
  columns 1Q03 4Q02
  tiny 0.000000000001 1
statement s "S" in JPY millions
  columns 1Q03 4Q02
  big
  tiny
  r
guidance "Big, as big as it gets" given 2003-02
  big@1Q03 ~ {LONGEST} JPY billions
"""
    done, _, markup = _markup(tmp_path, text)
    assert done.returncode == 0, done.stderr
    page = "".join(markup.text)
    assert LONGEST + ",000" in page  # the statement: billions shown in millions, marked as coarse
    assert f"actual {LONGEST}.0 JPY billions" in page  # the guidance chart's summary, a digit finer


REPEATED = PRELUDE + 'item rev "Revenue" JPY flow\ntable "T" in JPY millions\n  columns 1Q03\n' + "  rev 1,234\n" * 150


def test_a_book_of_repeated_rows_is_reported_as_check_shows_it(tmp_path):
    """150 printings of one row: the summary counts all 149 warnings (with separators at any size),
    the list shows the first 100 and one result that counts the rest, as `ledger check` does, and
    the figure's panel names 20 printings and counts the others. A book of 170,000 repeated rows
    made a page of 166 MB (every result, and every printing in each panel and tooltip)."""
    done, out, markup = _markup(tmp_path, REPEATED)
    assert done.returncode == 0, done.stderr
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "149 warnings" in " ".join(page.split())
    items = [attrs for tag, attrs in markup.tags if tag == "li" and attrs.get("id", "").startswith("finding-")]
    assert len(items) == 101
    assert "49 more duplicate-fact diagnostics" in page and "ledger check --max-per-code 0" in page
    assert "Printed 150 times" in page and "and 130 more" in page and "and 145 more" in page
    assert len(page) < 200_000


def test_a_statement_of_no_lines_says_so(tmp_path):
    """A statement that names no line item said 'The books report no figure for it', as if the books
    lacked figures it asks for; a statement whose lines have no figure is still its table."""
    text = BOOK + 'statement none "No lines" in JPY millions\n  columns 1Q03\n'
    text += 'item q "Q" JPY flow\nstatement blank "Blank" in JPY millions\n  columns 1Q03\n  q\n'
    done, _, markup = _markup(tmp_path, text)
    assert done.returncode == 0, done.stderr
    page = " ".join("".join(markup.text).split())
    assert "No lines (in JPY millions) The statement names no line item." in page
    assert page.count("names no line item") == 1 and "Blank, in JPY millions Blank (in JPY millions) Line item 1Q03 Q" in page


def test_a_blank_name_is_shown_by_its_id(tmp_path):
    """An entity, a statement and items named "" or "   " left the page without a heading, an empty
    link in the contents, rows nobody could tell apart and lines missing from the chart's legend:
    where a name is blank the report shows the id."""
    text = BOOK.replace('entity acme "Acme Corp."', 'entity acme ""').replace('item a "A"', 'item a ""') \
        .replace('item b "B"', 'item b "   "').replace('statement s "Summary"', 'statement s ""')
    done, _, markup = _markup(tmp_path, text)
    assert done.returncode == 0, done.stderr
    page = " ".join("".join(markup.text).split())
    assert page.startswith("acme: checked statements") and "Contents Chartss Every check result" in page
    assert "QoQ % a 10 8 25.0% b 20 22 (9.1%)minus 9.1% Total" in page  # (9.1%) and what a screen reader says


def test_a_total_of_the_statements_rows_is_set_apart(clean, tmp_path):
    """A total of rows of the statement is set apart (bold, a rule above) as a printed statement sets
    it; one that adds up rows shown only elsewhere, and a ratio, are lines like the others."""
    _, _, markup = clean
    rows = {attrs["data-item"]: attrs.get("class") for tag, attrs in markup.tags if tag == "tr" and "data-item" in attrs}
    assert rows == {"a": None, "b": None, "total": "total", "margin": None}
    text = BOOK + 'statement t "Total alone" in JPY millions\n  columns 1Q03\n  total\n'
    _, _, markup = _markup(tmp_path, text)
    classes = [attrs.get("class") for tag, attrs in markup.tags if tag == "tr" and attrs.get("data-item") == "total"]
    assert classes == ["total", None]
