"""Statements render every value, however many digits it has (issue #10)."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from ledgerlang.render.statements import cell
from support import PRELUDE, ROOT, ledger


def test_a_cell_with_more_digits_than_the_default_context_is_shown_exactly():
    """quantize to 29 places of a 3-digit value needs 32 digits: shown, not decimal.InvalidOperation."""
    value = Decimal("910.41879174420233298317225923015")
    assert cell(value, 0, 29, False, True) == "910.41879174420233298317225923015"
    assert cell(-value, 0, 2, False, True) == "(910.42)"
    assert cell(Decimal("1E+40"), 6, 2, False, False) == f"{10**34:,}.00"
    assert cell(Decimal("-0.0001"), 0, 1, True, True) == "(0.01%)"  # not zero: shown to its first digit
    assert cell(Decimal("-0E-7"), 0, 1, True, True) == "0.0%"


@settings(max_examples=300, deadline=None)
@given(st.decimals(allow_nan=False, allow_infinity=False, min_value=Decimal("-1E+12"), max_value=Decimal("1E+12"),
                   places=12),
       st.integers(0, 9), st.integers(0, 3), st.booleans())
def test_a_figure_shows_as_zero_only_where_it_is_zero(value, scale, places, percent):
    """A figure that is not zero shows a digit that is not zero, in parentheses where it is negative;
    where the column's places already show one it keeps them, and where they do not it gets no more
    than its first significant digit needs. Zero is 0, never (0)."""
    text = cell(value, scale, places, percent, True)
    digits = text.strip("()%").replace(",", "")
    assert (value == 0) == (set(digits.replace(".", "")) == {"0"}), text
    assert (value < 0) == text.startswith("("), text
    shown = len(digits.partition(".")[2])
    if shown > places:
        assert len(digits.replace(".", "").lstrip("0")) == 1, text


def test_a_rate_translating_a_long_figure_in_a_statement_column(tmp_path):
    """A per-share figure with 29 decimals shown in a USD(1Q03) column at a tiny rate."""
    path = tmp_path / "r.iij"
    path.write_text(PRELUDE + 'item eps "EPS" JPY/shares flow\nrate usd: 0.001234 JPY per USD on 2003-06-30\n'
                    'table "T" in JPY millions\n  columns 1Q03\n  eps 1.12345678901234567890123456789\n'
                    'statement s "S"\n  columns 1Q03 USD(1Q03)\n  eps\n', encoding="utf-8")
    for form in ("text", "markdown", "csv", "json"):
        result = ledger("eval", "--format", form, str(path))
        assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    text = ledger("eval", str(path)).stdout
    assert "1.12345678901234567890123456789 " in text  # every printed digit, none rounded away


MEASURES = PRELUDE + """\
item rev "Revenues" JPY flow
item margin "Margin" % flow = rev / rev
item eps "EPS" JPY/shares flow
item shares.n "Shares" shares flow
item sales.us "US sales" USD flow
rate usd: 100 JPY per USD on 2003-06-30
table "T" in JPY millions
  columns 1Q03 1Q02
  rev 1,000 800
  eps 10.00 8.00
  shares.n 100 100
table "U" in USD millions
  columns 1Q03 1Q02
  sales.us 5 4
statement s "S" in JPY millions
  columns 1Q03 yoy%(1Q03) share%(1Q03, rev) USD(1Q03)
  rev
  margin
  eps
  shares.n
  sales.us
"""


def _measure_cells(rows: dict) -> dict:
    return {item: values[2:] for item, values in rows.items()}  # share% and USD


def test_a_measure_that_means_nothing_for_a_row_is_left_empty_in_every_format(tmp_path):
    """A margin, a per-share amount or a share count is no % of revenues in JPY; a ratio or a count
    is not translated, nor a figure already in USD at a JPY rate. Those cells were computed anyway
    (EPS 0.0% of revenues, shares 10.0% of it, the margin translated to 0.010): now empty, in text,
    csv and json alike, while a money row keeps both."""
    path = tmp_path / "m.iij"
    path.write_text(MEASURES, encoding="utf-8")
    statement = json.loads(ledger("eval", "--format", "json", str(path)).stdout)["statements"][0]
    got = _measure_cells({row["item"]: row["values"] for row in statement["rows"]})
    assert got == {"rev": ["100", "10"], "margin": [None, None], "eps": [None, "0.10"],
                   "shares.n": [None, None], "sales.us": [None, None]}
    rows = list(csv.reader(io.StringIO(ledger("eval", "--format", "csv", str(path)).stdout)))
    by_cell = {(r[1], r[3]): r[4] for r in rows[1:]}
    assert by_cell[("eps", "share%(1Q03, rev)")] == "" and by_cell[("shares.n", "USD(1Q03)")] == ""
    text = ledger("eval", str(path)).stdout
    margin = next(line for line in text.splitlines() if line.startswith("Margin"))
    assert margin.split() == ["Margin", "100.0%*", "0.0%"]  # the value and its yoy%, nothing after


def test_money_in_another_currency_than_the_statement_s_says_so_on_its_row(tmp_path):
    """A statement `in JPY millions` showed a subsidiary's USD 12 million as a bare 12 under a
    "(in millions)" title, read as yen; the statement of every reported figure did the same
    for the currency fewer figures are in. Now the row says "(in USD)", in every format, and a
    statement in a currency no book declares is an unknown-unit error, as a table's is."""
    path = tmp_path / "c.iij"
    path.write_text(PRELUDE + 'item rev "Revenues" JPY flow\nitem cost "Costs" JPY flow\nitem sub "US sales" USD flow\n'
                    'table "T" in JPY millions\n  columns 1Q03\n  rev 1,000\n  cost 800\n'
                    'table "U" in USD millions\n  columns 1Q03\n  sub 12\n', encoding="utf-8")
    for statement in ("", 'statement s "S" in JPY millions\n  columns 1Q03\n  rev\n  sub\n'):
        path.write_text(path.read_text(encoding="utf-8") + statement, encoding="utf-8")
        text = ledger("eval", str(path)).stdout
        assert "US sales (in USD)" in text and "Revenues (in" not in text, text
        rows = {r[1]: r for r in csv.reader(io.StringIO(ledger("eval", "--format", "csv", str(path)).stdout))}
        assert rows["sub"][2] == "US sales (in USD)" and rows["sub"][4:6] == ["12", "millions"]
    path.write_text(path.read_text(encoding="utf-8") + 'statement e "E" in EUR millions\n  columns 1Q03\n  rev\n',
                    encoding="utf-8")
    done = ledger("check", str(path))
    assert "error[unknown-unit]: statement is in EUR, which is not declared" in done.stdout


TWO_RATES = PRELUDE + """\
rate usd.2002: 120 JPY per USD on 2003-03-31
rate usd.2003: 100 JPY per USD on 2004-03-31
item rev "Revenues" JPY flow
table "T" in JPY millions
  columns FY2002 FY2003
  rev 1,200 1,500
statement s "S" in JPY millions
  columns FY2002 FY2003 USD(FY2003)
  rev
"""


def test_a_statement_s_currency_column_takes_the_rate_dated_at_its_period_s_end(tmp_path):
    """The prelude's fiscal year ends on 03-31 and is named by its start: FY2003 ends 2004-03-31,
    so USD(FY2003) is 1,500 at 100, not at the 120 declared first."""
    path = tmp_path / "r.iij"
    path.write_text(TWO_RATES, encoding="utf-8")
    result = ledger("eval", "--format", "json", str(path))
    assert result.returncode == 0, result.stdout + result.stderr
    (row,) = json.loads(result.stdout)["statements"][0]["rows"]
    assert row["values"][-1] == "15"


def test_a_statement_s_currency_column_with_no_rate_of_its_own_is_an_error(tmp_path):
    """No rate is dated 2004-03-31: the column cannot say which, and the check says so at it."""
    path = tmp_path / "r.iij"
    path.write_text(TWO_RATES.replace("on 2004-03-31", "on 2004-06-30"), encoding="utf-8")
    result = ledger("check", str(path))
    assert result.returncode == 1
    assert "error[unknown-rate]: column USD(FY2003): 2 rates translate JPY into USD (usd.2002 on 2003-03-31, " \
           "usd.2003 on 2004-06-30), and none is dated 2004-03-31, the end of FY2003" in result.stdout
    lines = TWO_RATES.splitlines()
    row = next(k for k, line in enumerate(lines, 1) if "USD(FY2003)" in line)
    assert f"r.iij:{row}:{lines[row - 1].index('USD(') + 1}: error[unknown-rate]" in result.stdout  # at the column


def test_eval_names_each_statement_s_currency_as_the_report_does():
    """The report and the workbook titled a statement "in JPY millions", `ledger eval` still
    "(in millions)": one book, two headings. Each heading of books/iij now comes from the same
    function (render/heading.py), in text and Markdown, and json carries it as `unit`."""
    from ledgerlang.cli.main import book_paths
    from ledgerlang.load import run
    from ledgerlang.render.heading import unit_note

    _, evaluation, _ = run(book_paths([str(ROOT / "books" / "iij")]))
    notes = {s.title: unit_note(s, evaluation) for s in evaluation.book.statements}
    assert notes["Consolidated balance sheets"] == "in JPY millions" and notes["Per share data"] == ""
    text = ledger("eval", "books/iij", cwd=ROOT).stdout
    markdown = ledger("eval", "--format", "markdown", "books/iij", cwd=ROOT).stdout
    document = json.loads(ledger("eval", "--format", "json", "books/iij", cwd=ROOT).stdout)
    for title, note in notes.items():
        heading = f"{title} ({note})" if note else title
        assert heading + "\n" in text and f"## {heading}\n" in markdown, heading
        assert next(s for s in document["statements"] if s["title"] == title)["unit"] == note
    assert "(in millions)" not in text and "(in millions)" not in markdown


def test_a_translated_column_names_its_own_currency_and_scale():
    """The cash-flow statement of books/iij is in JPY millions with a USD(1Q03) column: its
    header said "USD" under a heading naming JPY, leaving the scale of the dollars to a guess.
    The header now says "USD millions", and its figures show the places that make their last digit
    worth about a JPY million's (two at 119.87 yen to the dollar): at the statement's own places,
    net income's USD 16,594 thousand was (17) and foreign exchange losses of USD 27 thousand were 0."""
    text = ledger("eval", "--statement", "cash_flows", "books/iij", cwd=ROOT).stdout
    lines = text.splitlines()
    assert lines[0] == "Condensed consolidated statements of cash flows (in JPY millions)"
    assert lines[1].split() == ["USD", "millions", "1Q03", "1Q02", "4Q02"]
    assert next(x for x in lines if x.startswith("Net income")).split()[-4:] == ["(16.59)", "(1,989)", "(2,595)",
                                                                                   "(2,137)"]
    assert next(x for x in lines if x.startswith("Foreign exchange losses")).split()[-4:] == ["0.03", "3", "135",
                                                                                              "149"]
    document = json.loads(ledger("eval", "--format", "json", "--statement", "cash_flows", "books/iij",
                                 cwd=ROOT).stdout)
    statement = document["statements"][0]
    assert statement["columns"][0] == "USD(1Q03)" and statement["headings"][0] == "USD millions"


def test_csv_and_json_name_each_cell_s_unit():
    """csv said `millions` of a USD(1Q03) cell as of the JPY cells beside it, and nothing of either
    currency: a spreadsheet summing `value` by `unit_scale` added dollars to yen. Each cell now
    names its unit as a book writes it, in a last csv column `unit` and json `units`: the
    translated column's currency, a per-share amount's JPY/shares, none for a percentage."""
    rows = list(csv.DictReader(io.StringIO(ledger("eval", "--format", "csv", "books/iij", cwd=ROOT).stdout)))
    cash = {r["column"]: r for r in rows if r["statement"] == "cash_flows" and r["item"] == "net.income"}
    assert (cash["USD(1Q03)"]["value"][:6], cash["USD(1Q03)"]["unit"]) == ("-16.59", "USD")
    assert (cash["1Q03"]["value"], cash["1Q03"]["unit"]) == ("-1989.090", "JPY")
    eps = {r["column"]: r for r in rows if r["statement"] == "per_share" and r["item"] == "eps.basic"}
    assert (eps["1Q03"]["value"], eps["1Q03"]["unit_scale"], eps["1Q03"]["unit"]) == ("-87970", "units", "JPY/shares")
    assert (eps["yoy%(1Q03)"]["unit_scale"], eps["yoy%(1Q03)"]["unit"]) == ("%", "")
    listed = list(csv.DictReader(io.StringIO(ledger("eval", "--format", "csv", "books/iij-annual", cwd=ROOT).stdout)))
    dividend = next(r for r in listed if r["statement"] == "guidance" and r["item"] == "dividend@FY2014")
    assert dividend["unit"] == "JPY/shares"
    document = json.loads(ledger("eval", "--format", "json", "--statement", "cash_flows", "books/iij", cwd=ROOT).stdout)
    row = next(r for r in document["statements"][0]["rows"] if r["item"] == "net.income")
    assert row["units"] == ["USD", "JPY", "JPY", "JPY"]


def test_a_per_share_amount_names_its_unit_where_the_heading_does_not():
    """"Per share data" of books/iij names no currency: its rows read "(87,970)" and "(43.98)" with
    nothing to say yen per share, beside counts of shares in the same table. The per-share rows now
    name their unit; the counts, whose labels say what they count, and the figures are unchanged."""
    lines = ledger("eval", "--statement", "per_share", "books/iij", cwd=ROOT).stdout.splitlines()
    assert lines[0] == "Per share data"
    rows = {line.split("  ")[0]: line.split()[-5:] for line in lines[3:7]}
    assert rows == {
        "Basic net income (loss) per share (in JPY/shares)": ["(87,970)", "(115,437)", "(23.8%)", "(95,041)", "(7.4%)"],
        "Basic net income (loss) per ADS equivalent (in JPY/ADS)": ["(43.98)", "(57.72)", "(23.8%)", "(47.52)", "(7.4%)"],
        "Weighted average number of shares": ["22,611", "22,480", "0.6%", "22,480", "0.6%"],
        "Weighted average number of ADS equivalents": ["45,222,494", "44,960,000", "0.6%", "44,960,000", "0.6%"],
    }
