"""`ledger eval` as markdown, csv and json: what a reader or a program gets of a book's text and zeros."""

import csv
import io
import json
import re

from support import PRELUDE, ledger

BOOK = PRELUDE + """
item a "Rev | pipe" JPY flow
item z "Zero" JPY flow
item n "=SUM(A1)" JPY flow
table "T | t" in JPY millions
  columns 1Q03 1Q02 4Q02
  a 1 2 3
  z (0) -0 0
  n 1 1 1
claim "Zero = -0"
  z@3Q02 = -0 JPY millions
"""


def _write(tmp_path):
    path = tmp_path / "book.iij"
    path.write_text(BOOK, encoding="utf-8")
    return str(path)


def test_a_bar_in_a_label_stays_inside_its_markdown_cell(tmp_path):
    """`|` in a label is escaped, so each row has as many cells as the header (GitHub Markdown)."""
    done = ledger("eval", _write(tmp_path), "--format", "markdown")
    assert done.returncode == 0, done.stderr
    tables = [[line for line in block.splitlines() if line.startswith("|")] for block in done.stdout.split("\n\n")]
    tables = [rows for rows in tables if rows]
    assert [len(rows) for rows in tables] == [5, 3], done.stdout
    for rows in tables:
        assert len({len(re.split(r"(?<!\\)\|", line)) for line in rows}) == 1, rows
    assert "| Rev \\| pipe " in done.stdout


def test_a_zero_printed_negative_is_0_in_csv_and_json(tmp_path):
    """A figure printed (0) or -0 is 0 as a value, as the text and xlsx formats show it; never -0."""
    path = _write(tmp_path)
    rows = list(csv.DictReader(io.StringIO(ledger("eval", path, "--format", "csv").stdout)))
    zeros = [r["value"] for r in rows if r["item"] in ("z", "z@3Q02")]
    assert zeros == ["0"] * 5, zeros  # printed (0), -0, -0, 0 and the claim's -0
    document = json.loads(ledger("eval", path, "--format", "json").stdout)
    row = next(r for r in document["statements"][0]["rows"] if r["item"] == "z")
    assert row["values"] == ["0"] * 4
    assert [c["value"] for c in document["claims"]] == ["0"]


def test_csv_keeps_a_label_exactly_as_written(tmp_path):
    """CSV is data for programs, exact: a label that begins with = is not altered (README: what
    `ledger` reads; open a CSV in a spreadsheet as text, or use --format xlsx)."""
    rows = list(csv.DictReader(io.StringIO(ledger("eval", _write(tmp_path), "--format", "csv").stdout)))
    assert {r["label"] for r in rows if r["item"] == "n"} == {"=SUM(A1)"}
