"""`ledger eval --format xlsx` on books that are someone else's: what a spreadsheet shows of them.

Each workbook is opened by openpyxl (what the file holds) and recalculated by
LibreOffice (what a reader sees), as tests/report/test_xlsx.py does.
"""

from __future__ import annotations

import os
import re
import textwrap
from pathlib import Path

import pytest

from report.test_xlsx import SOFFICE, _recalculate, needs_calc
from support import ledger

openpyxl = pytest.importorskip("openpyxl", reason="openpyxl is in the report extra: pip install -e '.[test]'")

HEAD = """\
entity acme "Acme"
  fiscal year ends 03-31
  fiscal year named by start
currency JPY "Japanese yen"
currency USD "US dollar"
"""

# Every text a book gives the workbook, each one a formula, an error value or a number to a
# spreadsheet that took it for what it looks like.
HOSTILE = HEAD + """\
rate usd.q1: 119.87 JPY per USD on 2003-06-30 "=HYPERLINK(\\"http://evil.example/\\",\\"click\\")"
item a "=SUM(A1)" JPY flow credit
item b "+1" JPY flow credit
item c "-1" JPY flow credit
item d "@x" JPY flow credit
item e "#N/A" JPY flow credit
item total "=1+2 Total" JPY flow credit
  = a + b + c + d + e
statement ops "=cmd|' /C calc'!A0" in JPY millions
  columns 1Q03 1Q02 yoy%(1Q03) share%(1Q03, total) USD(1Q03)
  a
  b
  c
  d
  e
  total
table "=HYPERLINK(\\"http://evil\\")" in JPY millions
  columns 1Q03 1Q02
  a  100 90
  b  200 180
  c  300 270
  d  400 360
  e  500 450
  total 1,500 1,350
claim "=2+2 total was JPY 1,500 million"
  total@1Q03 = 1,500 JPY millions
"""


def _write(tmp_path: Path, text: str, name: str = "book.iij") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _workbook(tmp_path: Path, text: str, *extra: str, status: int = 0) -> Path:
    book = _write(tmp_path, text)
    out = tmp_path / "out.xlsx"
    done = ledger("eval", str(book), "--format", "xlsx", "-o", str(out), *extra)
    assert done.returncode == status, done.stderr
    assert "Traceback" not in done.stderr
    return out


def _formula_cells(wb) -> set[tuple[str, str]]:
    return {(ws.title, c.coordinate) for ws in wb for row in ws.iter_rows() for c in row if c.data_type == "f"}


def _row(sheets, sheet: str, first: str) -> list[str]:
    return next(r for r in sheets[sheet] if r and r[0] == first)


def test_every_text_of_the_book_is_a_string_never_a_formula(tmp_path):
    """Titles, labels, a rate's note, a table's title and a claim's words that begin with = + - @ #
    are strings in the file; the only formulas are the statement's own, in its value columns."""
    wb = openpyxl.load_workbook(_workbook(tmp_path, HOSTILE))
    ops = wb["ops"]
    assert ops["A1"].value == "=cmd|' /C calc'!A0 (in JPY millions)" and ops["A1"].data_type == "s"
    labels = {ops.cell(r, 1).value: ops.cell(r, 2) for r in range(4, 10)}
    assert {k: (c.value, c.data_type) for k, c in labels.items()} == {
        "a": ("=SUM(A1)", "s"), "b": ("+1", "s"), "c": ("-1", "s"), "d": ("@x", "s"), "e": ("#N/A", "s"),
        "total": ("=1+2 Total", "s")}
    assert ops["F2"].value == "% of =1+2 Total" and ops["F2"].data_type == "s"
    assert wb["Rates"]["F2"].value == '=HYPERLINK("http://evil.example/","click")'
    printed = list(wb["Printed"].iter_rows(min_row=2))
    assert {r[6].value for r in printed} == {'=HYPERLINK("http://evil")', "=2+2 total was JPY 1,500 million"}
    formulas = _formula_cells(wb)
    assert formulas and all(sheet == "ops" and ops[cell].column >= 3 and ops[cell].row >= 4
                            for sheet, cell in formulas)


@needs_calc
def test_a_spreadsheet_shows_the_texts_as_written(tmp_path):
    """LibreOffice shows each text as written: no link, no Err:509, no #N/A; the totals still compute."""
    sheets = _recalculate(_workbook(tmp_path, HOSTILE), tmp_path / "calc")
    assert sheets["ops"][0][0] == "=cmd|' /C calc'!A0 (in JPY millions)"
    assert [r[1] for r in sheets["ops"][3:9]] == ["=SUM(A1)", "+1", "-1", "@x", "#N/A", "=1+2 Total"]
    assert _row(sheets, "Rates", "usd.q1")[5] == '=HYPERLINK("http://evil.example/","click")'
    assert _row(sheets, "ops", "total")[2:4] == ["1500", "1350"]
    shown = [(name, text) for name, rows in sheets.items() for row in rows for text in row]
    assert not [text for _, text in shown if "Err:" in text]
    assert [name for name, text in shown if text == "#N/A"] == ["ops"]  # the label, and no error value


CONTROLS = HEAD + """\
item a "Rev \x1b[31mRED\x1b[0m" USD flow
item b "B\x01\x7f \x9b \u202e \uffff" USD flow
item t "Total" USD flow = a + b
statement s "S \x1b[2J" in USD millions
  columns FY2020
  a
  b
  t
table "T\x0b" in USD millions
  columns FY2020
  a 1
  b 3
  t 4
"""


@needs_calc
def test_control_characters_are_shown_as_the_text_formats_show_them(tmp_path):
    """A control character in a label or title is no crash: the cell shows it as `ledger eval` does
    (ESC as a control picture, a C1 control and a bidi override as escapes); a noncharacter XML cannot
    hold as its escape."""
    text = ledger("eval", str(_write(tmp_path, CONTROLS)))
    # Each quoted text above with a control character is a `control-character` error (exit 1), and
    # its label is still shown.
    assert text.returncode == 1 and "Rev ␛[31mRED␛[0m" in text.stdout
    assert "check: 4 errors" in text.stdout
    sheets = _recalculate(_workbook(tmp_path, CONTROLS, status=1), tmp_path / "calc")
    assert sheets["s"][0][0] == "S ␛[2J (in USD millions)"
    assert [r[1] for r in sheets["s"][3:5]] == ["Rev ␛[31mRED␛[0m", "B␁␡ \\x9b \\u202e \\uffff"]
    assert _row(sheets, "s", "t")[2] == "4"
    assert _row(sheets, "Printed", "a")[6] == "T␋"


def test_a_text_longer_than_a_cell_holds_is_cut_saying_so(tmp_path):
    """A cell holds 32,767 characters: a longer label is cut to that, and says it was cut."""
    long = "word " * 8000  # 40,000 characters
    book = HEAD + f'item a "{long}" JPY flow\ntable "T" in JPY millions\n  columns 1Q03\n  a 1\n'
    wb = openpyxl.load_workbook(_workbook(tmp_path, book))
    shown = wb["facts"]["B4"].value
    assert len(shown) == 32_767 and shown.startswith("word word")
    assert shown.endswith("… (cut: a cell holds 32,767 characters)")
    # wrapped, its row as tall as a row may be (409 points, Excel's limit), not the thousands of
    # points its lines would take, which a spreadsheet repairs the file for
    assert wb["facts"]["B4"].alignment.wrap_text and wb["facts"].row_dimensions[4].height == 409


def test_a_note_cut_at_the_cell_limit_says_where_to_read_it_whole():
    """The Diagnostics sheet's notes: cut at the limit, counting characters as Excel does (an emoji is
    two), ending with where to read them whole."""
    from ledgerlang.diagnostic import info
    from ledgerlang.evaluate.compute import evaluate
    from ledgerlang.load import load
    from ledgerlang.render import xlsx

    book, _ = load(HEAD + "item a \"A\" JPY flow\n", "b.iij")
    evaluation, _ = evaluate(book)
    notes = tuple(f"note {n} 💰" for n in range(5000))  # an emoji counts two
    wb = xlsx.workbook(evaluation, [info("not-checkable", "many", None, *notes)], [])
    shown = wb["Diagnostics"]["J2"].value
    assert len(shown.encode("utf-16-le")) // 2 == 32_767
    assert shown.endswith("… (cut: a cell holds 32,767 characters; `ledger check` shows it whole)")
    assert shown.startswith("note 0 💰\nnote 1 💰\n")


def test_the_rate_date_is_a_date(tmp_path):
    wb = openpyxl.load_workbook(_workbook(tmp_path, HOSTILE))
    cell = wb["Rates"]["E2"]
    assert cell.is_date and cell.value.date().isoformat() == "2003-06-30"


# -- where -o writes ----------------------------------------------------------------------------

SMALL = HEAD + """\
item a "A" JPY flow
table "T" in JPY millions
  columns 1Q03
  a 1
"""


def _eval_to(tmp_path: Path, target, *books) -> object:
    books = books or (str(_write(tmp_path, SMALL)),)
    done = ledger("eval", *books, "--format", "xlsx", "-o", str(target))
    assert "Traceback" not in done.stderr
    return done


def _left_behind(directory: Path) -> list[str]:
    return [p.name for p in directory.iterdir() if ".ledger-" in p.name]


def test_output_that_is_not_a_regular_file_is_refused(tmp_path):
    """-o replaces a regular file, never a FIFO, a socket, a directory or a device: exit 2, saying what it is."""
    import os
    import socket
    import stat

    fifo, folder, sock = tmp_path / "fifo", tmp_path / "folder", tmp_path / "sock"
    os.mkfifo(fifo)
    folder.mkdir()
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(str(sock))
    targets = {fifo: "a FIFO", folder: "a directory", sock: "a socket"}
    if os.geteuid() == 0:  # a null device of our own, never the system's
        device = tmp_path / "null"
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
        targets[device] = "a character device"
    try:
        for target, kind in targets.items():
            before = os.lstat(target)
            done = _eval_to(tmp_path, target)
            assert done.returncode == 2 and f"it is {kind}" in done.stderr, (target, done.stderr)
            assert "not written" in done.stderr
            after = os.lstat(target)
            assert (after.st_ino, stat.S_IFMT(after.st_mode)) == (before.st_ino, stat.S_IFMT(before.st_mode))
    finally:
        listener.close()
    assert _left_behind(tmp_path) == []


def test_a_symlink_is_followed_and_stays_a_link(tmp_path):
    """-o through a symlink writes the file it points to, keeping that file's permissions; the link stays."""
    import os

    real, link = tmp_path / "real.xlsx", tmp_path / "link.xlsx"
    real.write_bytes(b"old")
    real.chmod(0o640)
    link.symlink_to(real.name)
    done = _eval_to(tmp_path, link)
    assert done.returncode == 0, done.stderr
    assert link.is_symlink() and os.readlink(link) == real.name
    assert real.read_bytes()[:2] == b"PK" and real.stat().st_mode & 0o777 == 0o640
    assert openpyxl.load_workbook(real)["facts"]["B4"].value == "A"
    assert _left_behind(tmp_path) == []


def test_output_that_is_a_book_read_is_refused(tmp_path):
    """-o never replaces a book the command reads: named, in a directory given, included, or a hard link to one."""
    import os

    folder = tmp_path / "books"
    folder.mkdir()
    shared = _write(folder, HEAD + 'item a "A" JPY flow\n', "shared.iij")
    main = _write(folder, 'include "shared.iij"\ntable "T" in JPY millions\n  columns 1Q03\n  a 1\n', "main.iij")
    os.link(shared, tmp_path / "other-name.xlsx")
    texts = {p: p.read_bytes() for p in (shared, main)}
    for target, given in ((main, main), (shared, main), (main, folder), (tmp_path / "other-name.xlsx", main)):
        done = _eval_to(tmp_path, target, str(given))
        assert done.returncode == 2 and "a book this command reads" in done.stderr, (target, done.stderr)
    assert {p: p.read_bytes() for p in texts} == texts
    assert _left_behind(folder) == [] and _left_behind(tmp_path) == []


def test_unreadable_input_writes_nothing_and_says_why(tmp_path):
    """A book that cannot be read: exit 2, the reason on stderr, and no workbook (an old one is left as it was)."""
    import os

    fifo = tmp_path / "pipe.iij"
    os.mkfifo(fifo)
    out = tmp_path / "out.xlsx"
    done = _eval_to(tmp_path, out, str(_write(tmp_path, SMALL)), str(fifo))
    assert done.returncode == 2 and "error[not-a-file]" in done.stderr and "not written" in done.stderr
    assert not out.exists()
    out.write_bytes(b"old")
    assert _eval_to(tmp_path, out, str(fifo)).returncode == 2 and out.read_bytes() == b"old"


def test_a_workbook_written_says_so_with_the_check_summary(tmp_path):
    out = tmp_path / "out.xlsx"
    done = _eval_to(tmp_path, out)
    assert done.returncode == 0 and done.stdout == ""
    assert done.stderr.startswith(f"wrote {out}; check: 0 errors")


# -- formulas a spreadsheet accepts -------------------------------------------------------------

def _total_of(parts: int, order: str, long_name: bool = False) -> str:
    """A total of `parts` items, shown on a statement of its own after the parts' statement, in which
    each part is in `order` ("reverse": reverse order, adjacent; "apart": a row of another item between
    each two)."""
    lines = [HEAD]
    for n in range(parts):
        lines.append(f'item p{n} "Part {n}" USD flow\nitem q{n} "Other {n}" USD flow\n')
    lines.append('item tot "Total" USD flow\n  = ' + " + ".join(f"p{n}" for n in range(parts)) + "\n")
    name = "a_statement_with_a_long_name_abc" if long_name else "parts"
    lines.append(f'statement {name} "Parts" in USD millions\n  columns FY2020\n')
    rows = [f"p{n}" for n in range(parts)]
    if order == "reverse":
        rows.reverse()
    else:
        rows = [row for n, p in enumerate(rows) for row in (p, f"q{n}")]
    lines.append("".join(f"  {row}\n" for row in rows))
    lines.append('statement totals "Totals" in USD millions\n  columns FY2020\n  tot\n')
    lines.append('table "T" in USD millions\n  columns FY2020\n')
    lines.append("".join(f"  p{n} {n + 1}\n  q{n} 1000\n" for n in range(parts)))
    return "".join(lines)


@needs_calc
def test_a_total_of_300_terms_is_a_formula_a_spreadsheet_computes(tmp_path):
    """300 parts: in ranges where rows are adjacent (in any order), else in nested SUMs of at most 255
    arguments; where even that is longer than 8,192 characters, the value, with a comment that says why.
    LibreOffice computes 45,150 for each, as `ledger eval` does."""
    expected = str(sum(range(1, 301)))
    for order, long_name, kind in (("reverse", False, "range"), ("apart", False, "nested"),
                                   ("apart", True, "value")):
        folder = tmp_path / f"{order}-{long_name}"
        folder.mkdir()
        book = _total_of(300, order, long_name)
        assert f"{int(expected):,}" in ledger("eval", str(_write(folder, book)), "--statement", "totals").stdout
        out = _workbook(folder, book)
        cell = openpyxl.load_workbook(out)["totals"]["C4"]
        if kind == "range":
            assert cell.value.endswith("!C4:C303)")
        elif kind == "nested":
            assert cell.value.startswith("=SUM(SUM('parts'!C4,'parts'!C6,") and cell.value.count("'parts'!C") == 300
            assert cell.value.count("SUM(") == 3  # 255 arguments, then 45
            assert len(cell.value) <= 8192
        else:
            assert cell.data_type == "n" and "8,192 characters" in cell.comment.text
        sheets = _recalculate(out, folder / "calc")
        assert _row(sheets, "totals", "tot")[2] == expected, (order, long_name)


CYCLE = HEAD + """\
item x "X" USD flow = y
item y "Y" USD flow = w
item w "W" USD flow = x
item z "Z" USD flow = x + x
statement s "S" in USD millions
  columns FY2020
  x
  z
table "T" in USD millions
  columns FY2020
  x 5
  y 5
  w 5
"""


@needs_calc
def test_rules_in_a_cycle_give_values_not_circular_formulas(tmp_path):
    """x = y, y = w, w = x (a `cycle` error, exit 1), y and w only on Other figures: each is its printed
    value, with a comment; a figure derived from them is still a formula; LibreOffice shows no error."""
    out = _workbook(tmp_path, CYCLE, status=1)
    wb = openpyxl.load_workbook(out)
    other = {wb["Other figures"].cell(r, 1).value: wb["Other figures"].cell(r, 4) for r in range(2, 4)}
    for cell in (wb["s"]["C4"], other["y"], other["w"]):
        assert cell.data_type == "n" and cell.value == 5 and "cycle" in cell.comment.text
    assert wb["s"]["C5"].data_type == "f"
    sheets = _recalculate(out, tmp_path / "calc")
    assert _row(sheets, "s", "x")[2] == "5" and _row(sheets, "s", "z")[2] == "10"
    assert not [text for rows in sheets.values() for row in rows for text in row if "Err:" in text]


WRONG_TOTAL = HEAD + """\
item a "A" JPY flow
item b "B" JPY flow
item total "Total" JPY flow
  = a + b
item c "C" JPY flow
item sum "Sum" JPY flow
  = c + total
statement s "S" in JPY millions
  columns 1Q03 1Q02 yoy%(1Q03) share%(1Q03, total)
  a
  b
  total
  c
  sum
table "T" in JPY millions
  columns 1Q03 1Q02
  a 100 90
  b 200 180
  total 400 270
  c 50 50
  sum 450 320
"""


@needs_calc
def test_a_printed_figure_that_fails_its_rule_is_shown_as_printed_and_marked(tmp_path):
    """total printed 400 where its rule gives 300 (a total-mismatch): the workbook shows 400, as `ledger eval`
    does, red, with the result and its Diagnostics row in a comment; what depends on it computes from 400,
    as eval's does. Acknowledged, the mark is amber."""
    import json

    book = _write(tmp_path, WRONG_TOTAL)
    evaluated = json.loads(ledger("eval", str(book), "--format", "json").stdout)["statements"][0]
    shown = {row["item"]: row["values"] for row in evaluated["rows"]}
    assert shown["total"][0] == "400" and shown["sum"][0] == "450"
    out = _workbook(tmp_path, WRONG_TOTAL, status=1)
    wb = openpyxl.load_workbook(out)
    cell = wb["s"]["C6"]
    assert wb["s"]["A6"].value == "total" and cell.value == 400 and cell.fill.fgColor.rgb.endswith("F8D0D0")
    assert "error[total-mismatch]: total@1Q03 is reported as 400" in cell.comment.text
    assert "(Diagnostics sheet, row 2)" in cell.comment.text
    assert wb["Diagnostics"]["B2"].value == "total-mismatch"
    assert wb["s"]["C8"].data_type == "f"  # sum: its rule holds, so it is still its formula
    sheets = _recalculate(out, tmp_path / "calc")
    for item in ("total", "sum", "a"):
        row = _row(sheets, "s", item)
        assert [round(float(v.rstrip("%")), 6) for v in row[2:6]] == \
            [round(float(v), 6) for v in shown[item]], item
    accepted = WRONG_TOTAL + 'accept total-mismatch at total@1Q03 in "T" "a typo in the release"\n'
    wb = openpyxl.load_workbook(_workbook(tmp_path, accepted))
    cell = wb["s"]["C6"]
    assert cell.value == 400 and cell.fill.fgColor.rgb.endswith("FBE7B5") and "(acknowledged)" in cell.comment.text


def _annual_claims_and_guidance(tmp_path: Path) -> tuple[dict, Path]:
    """The annual book's claims and guidance as `ledger eval --format json` lists them, and written
    as a workbook of those two sheets alone."""
    import json

    books = str(Path(__file__).resolve().parents[2] / "books" / "iij-annual")
    asked = ("--statement", "claims", "--statement", "guidance")
    listed = json.loads(ledger("eval", books, *asked, "--format", "json").stdout)
    out = tmp_path / "annual.xlsx"
    assert ledger("eval", books, *asked, "--format", "xlsx", "-o", str(out)).returncode == 0
    return listed, out


def test_claims_and_guidance_asked_for_are_sheets_as_eval_lists_them(tmp_path):
    """`--statement claims --statement guidance` gives a Claims and a Guidance sheet, one row per figure as
    `ledger eval --format json` lists it; asked for alone, the claims are not dropped for an empty workbook."""
    listed, out = _annual_claims_and_guidance(tmp_path)
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames[:2] == ["Claims", "Guidance"]
    for kind in ("claims", "guidance"):
        rows = list(wb[kind.capitalize()].iter_rows(min_row=2, values_only=True))
        assert len(rows) == len(listed[kind]) > 3
        for row, entry in zip(rows, listed[kind]):
            # the file named from the books' directory, as the report names it, not by the path given
            assert row[:6] == (entry["text"], os.path.basename(entry["path"]), entry["line"], entry["expression"],
                               entry["period"], entry["printed"])
            assert (row[6] is None) == (entry["value"] is None)
            if entry["value"] is not None:
                value = float(entry["value"]) / (100 if entry["scale"] == "%" else 1)
                assert row[6] == pytest.approx(value)
    wb = openpyxl.load_workbook(_workbook(tmp_path, HOSTILE, "--statement", "claims"))
    assert wb.sheetnames[0] == "Claims"
    cell = wb["Claims"]["A2"]
    assert cell.value == "=2+2 total was JPY 1,500 million" and cell.data_type == "s"
    assert wb["Claims"]["G2"].value == 1500


def test_a_sheet_larger_than_a_spreadsheet_holds_is_refused_not_a_crash(tmp_path):
    """A statement of 16,383 periods needs 16,385 columns, one more than a sheet holds: exit 2, saying
    so and what to do, and no workbook (openpyxl would raise, an internal error)."""
    periods = " ".join([f"{q}Q{y}" for y in range(2000, 6096) for q in range(1, 5)][:16_383])
    book = HEAD + f'item a "A" JPY flow\nstatement s "S" in JPY millions\n  columns {periods}\n  a\n'
    out = tmp_path / "out.xlsx"
    done = ledger("eval", str(_write(tmp_path, book)), "--format", "xlsx", "-o", str(out))
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "the s sheet would need 16,385 columns, and a sheet holds 16,384" in done.stderr
    assert "--format csv or json" in done.stderr and not out.exists()


def test_the_printed_sheet_is_held_to_the_row_limit(monkeypatch):
    """More printed figures than a sheet has rows (1,048,576: a ledger of a million figures is just below)
    is refused before any sheet is built; shown here with the limit lowered to 4 rows."""
    from ledgerlang.evaluate.compute import evaluate
    from ledgerlang.load import load
    from ledgerlang.render import xlsx

    book, _ = load(SMALL.replace("columns 1Q03\n  a 1", "columns 1Q03 1Q02 4Q02 3Q02\n  a 1 2 3 4"), "b.iij")
    evaluation, _ = evaluate(book)
    monkeypatch.setattr(xlsx, "MAX_ROWS", 5)
    assert xlsx.workbook(evaluation, [], []).sheetnames[-2] == "Printed"  # a heading and 4 rows: 5
    book, _ = load(SMALL.replace("columns 1Q03\n  a 1", "columns 1Q03 1Q02 4Q02 3Q02 2Q02\n  a 1 2 3 4 5"), "b.iij")
    evaluation, _ = evaluate(book)
    with pytest.raises(xlsx.TooLarge, match="the Printed sheet would need 6 rows, and a sheet holds 5"):
        xlsx.workbook(evaluation, [], [])


# -- what a reader sees -------------------------------------------------------------------------

READER = HEAD + """\
rate usd.q1: 119.87 JPY per USD on 2003-06-30
item a "A" JPY flow
item b "B" JPY flow
item t "Total" JPY flow = a + b
item big "Big" JPY flow
item tiny "Tiny" JPY flow
table "T" in JPY thousands
  columns 1Q03 USD(1Q03) share%(1Q03, t)
  a 1,989,123 16,594 66.0
  b 1,000,000 8,342 34.0
  t 2,989,123 24,936 100.0
table "X" in JPY
  columns 1Q03
  big 100,000,000,000,000,000,000,000,000,000
  tiny 0.000000000001
accept share-mismatch at b@1Q03 "checked by hand"
statement Printed "Clash" in JPY millions
  columns 1Q03 USD(1Q03) share%(1Q03, t)
  a
  b
  t
statement history "Reserved" in JPY millions
  columns 1Q03
  big
  tiny
"""


@needs_calc
def test_a_reader_sees_every_figure_whole_and_at_its_printed_precision(tmp_path):
    """In LibreOffice, as shown: a USD figure printed in thousands keeps its digits in a statement in
    millions (it read (17) for 16,594 thousand); every column is wider than the figures it shows (a
    30-digit figure was ### in a column of 14); the Printed sheet writes 1E+29 and 1E-12 out."""
    path = _workbook(tmp_path, READER, status=1)
    sheets = _recalculate(path, tmp_path / "calc", shown=True)
    clash = next(rows for name, rows in sheets.items() if rows[0][0].startswith("Clash"))
    assert _row(sheets, "Printed", "a")[3] == "1,989,123"
    assert next(r for r in clash if r[0] == "a")[3] == "16.594 "  # the room of a negative's ")"
    reserved = next(rows for name, rows in sheets.items() if rows[0][0].startswith("Reserved"))
    assert next(r for r in reserved if r[0] == "big")[2] == "100,000,000,000,000,000,000,000 "
    assert _row(sheets, "Printed", "tiny")[3] == "0.000000000001"
    assert _row(sheets, "Printed", "big")[3] == "100,000,000,000,000,000,000,000,000,000"
    wb = openpyxl.load_workbook(path)
    for name, rows in sheets.items():
        sheet = wb[name]
        for r, row in enumerate(rows, 1):
            for c, text in enumerate(row, 1):
                if sheet.cell(r, c).data_type in ("n", "f") and text:
                    width = sheet.column_dimensions[openpyxl.utils.get_column_letter(c)].width
                    assert width >= len(text) + 1, (name, r, c, text, width)


def test_a_printed_measure_a_check_finds_wrong_is_marked_where_it_is_shown(tmp_path):
    """A share printed 66.0% where its figures give 66.5% is a cell the workbook computes (66.5%): it
    is filled red, with a comment giving the figure as printed and the check's result; an
    acknowledged one amber. The findings were on the Diagnostics sheet only."""
    wb = openpyxl.load_workbook(_workbook(tmp_path, READER, status=1))
    clash = next(ws for ws in wb if str(ws["A1"].value).startswith("Clash"))
    rows = {clash.cell(r, 1).value: r for r in range(4, 7)}
    share = clash.cell(rows["a"], 5)
    assert share.value == f"=C{rows['a']}/C{rows['t']}" and share.fill.fgColor.rgb.endswith("F8D0D0")
    assert "printed 66.0% in T" in share.comment.text and "error[share-mismatch]: " in share.comment.text
    acknowledged = clash.cell(rows["b"], 5)
    assert acknowledged.fill.fgColor.rgb.endswith("FBE7B5") and "(acknowledged)" in acknowledged.comment.text
    assert clash.cell(rows["t"], 5).comment is None


def test_sheets_named_by_the_workbook_keep_their_names(tmp_path):
    """A statement named Printed does not take the Printed sheet's name (it took it, and the list of
    printed figures became 'Printed 2'), and none is named History, which Excel keeps for itself."""
    wb = openpyxl.load_workbook(_workbook(tmp_path, READER, status=1))
    assert wb["Printed"]["A1"].value == "figure"
    assert wb["Printed 2"]["A1"].value.startswith("Clash")
    assert "history" not in [ws.title.lower() for ws in wb]
    assert wb["history 2"]["A1"].value.startswith("Reserved")


@needs_calc
def test_claims_and_guidance_values_are_numbers_shown_as_eval_shows_them(tmp_path):
    """The Claims and Guidance sheets held each value twice, as a number and as text ("106,248"), a
    column a spreadsheet cannot add up: the value is the number alone, shown by LibreOffice as
    `ledger eval` shows it, at its printed precision; where the ledger has none the note says so."""
    import re

    listed, out = _annual_claims_and_guidance(tmp_path)
    wb = openpyxl.load_workbook(out)
    number = re.compile(r"^[-(]?[\d,]+(\.\d+)?%?\)?$")
    texts = [c.value for ws in (wb["Claims"], wb["Guidance"]) for row in ws.iter_rows(min_row=2, min_col=7, max_col=8)
             for c in row if c.data_type == "s"]
    assert not [t for t in texts if number.match(t)], texts
    sheets = _recalculate(out, tmp_path / "calc", shown=True)
    for kind in ("claims", "guidance"):
        for row, entry in zip(sheets[kind.capitalize()][1:], listed[kind]):
            shown = row[6].replace("(", "-").replace(")", "").rstrip(" ")  # the room of a negative's ")"
            if entry["shown"] is None:
                assert shown == "" and row[7].startswith("none"), (row, entry)
            else:
                assert shown == entry["shown"].split(" ")[0], (row, entry)


def test_the_diagnostics_sheet_shows_them_as_check_does(tmp_path):
    """150 printings of one row: the Diagnostics sheet holds the first 100 warnings of the code and a
    row that counts the other 49, as `ledger check` shows them (a book of 170,000 repeated rows
    took a minute and a gigabyte to list every one)."""
    book = HEAD + 'item rev "Revenue" JPY flow\ntable "T" in JPY millions\n  columns 1Q03\n' + "  rev 1,234\n" * 150
    wb = openpyxl.load_workbook(_workbook(tmp_path, book))
    rows = list(wb["Diagnostics"].iter_rows(min_row=2, values_only=True))
    assert len(rows) == 101 and {r[1] for r in rows} == {"duplicate-fact"}
    assert "49 more duplicate-fact diagnostics" in rows[-1][8]


def test_each_claim_and_guidance_line_says_what_its_check_found(tmp_path):
    """The Claims and Guidance sheets gave a figure and the ledger's value but not the verdict on
    it (a claim that disagrees with the tables, guidance missed), which sat on the Diagnostics sheet
    alone: a last column names it, an error filled red with its message in a comment."""
    book = HEAD + """\
item rev "Revenue" JPY flow
table "T" in JPY millions
  columns 1Q03
  rev 1,500
claim "Revenue was JPY 1,600 million"
  rev@1Q03 = 1,600 JPY millions
guidance "Revenue of 2 billion" given 2003-02
  rev@1Q03 ~ 2.0 JPY billions
"""
    wb = openpyxl.load_workbook(_workbook(tmp_path, book, "--statement", "claims", "--statement", "guidance",
                                          status=1))
    claims, guidance = wb["Claims"], wb["Guidance"]
    assert claims["J1"].value == "check" and claims["J2"].value == "claim-mismatch"
    assert claims["J2"].fill.fgColor.rgb.endswith("F8D0D0") and "1,600" in claims["J2"].comment.text
    assert guidance["K1"].value == "check" and guidance["K2"].value == "guidance-below"
    assert guidance["K2"].comment is None


def test_a_total_of_the_sheets_rows_is_bold(tmp_path):
    """The total row's label and figures are bold, in the cell style Total, keeping their number
    formats (its formulas still italic); the rows it adds are neither."""
    wb = openpyxl.load_workbook(_workbook(tmp_path, HOSTILE))
    ops = wb["ops"]
    rows = {ops.cell(r, 1).value: r for r in range(4, 10)}
    total = rows["total"]
    assert all(ops.cell(total, c).font.b and ops.cell(total, c).style == "Total" for c in range(2, 8))
    assert ops.cell(total, 3).number_format == ops.cell(rows["a"], 3).number_format != "General"
    assert not any(ops.cell(rows["a"], c).style == "Total" for c in range(2, 8))
    assert ops.cell(total, 3).font.i and ops.cell(total, 3).value.startswith("=SUM(")
    assert not any(ops.cell(rows["a"], c).font.b for c in range(2, 8))


def test_a_statement_printed_on_several_pages_repeats_its_headings_and_labels(tmp_path):
    """A statement wider or longer than a page printed its headings and labels on the first page
    only: every page repeats the title (which names the currency and scale), the column headings
    and the item and label columns, landscape."""
    wb = openpyxl.load_workbook(_workbook(tmp_path, HOSTILE))
    ops = wb["ops"]
    assert (ops.print_title_rows, ops.print_title_cols) == ("$1:$3", "$A:$B")
    assert ops.page_setup.orientation == "landscape"


# The release's treasury stock of (93) thousand yen (Appendix 2 of the 1Q03 release, books/iij),
# and a claim of it in millions built from that figure: the release states none.
TREASURY = HEAD + """\
item treasury "Treasury stock" JPY stock credit
table "Appendix 2. Consolidated balance sheets, Jun 30, 2003" in JPY thousands
  columns 2003-06-30
  treasury (93)
statement bs "Consolidated balance sheets" in JPY millions
  columns 2003-06-30
  treasury
claim "Treasury stock was JPY 0 million"
  treasury@2003-06-30 = 0 JPY millions
"""


@needs_calc
def test_a_value_that_is_not_zero_is_never_shown_as_zero_on_any_sheet(tmp_path):
    """(93) thousand yen read (0) on the statement's sheet and on the Claims sheet, whose number
    formats know no rounding, while `ledger eval` printed 0: a sign with nothing beside it, and a
    figure hidden. Both sheets now show (0.1), the places that reach its first digit, as eval does."""
    out = _workbook(tmp_path, TREASURY, "--statement", "bs", "--statement", "claims")
    sheets = _recalculate(out, tmp_path / "calc", shown=True)
    assert _row(sheets, "bs", "treasury")[2] == "(0.1)"
    assert sheets["Claims"][1][6] == "(0.1)"
    evaluated = ledger("eval", str(tmp_path / "book.iij"), "--statement", "bs", "--statement", "claims").stdout
    assert re.search(r"Treasury stock +\(0\.1\)\n", evaluated) and "ledger value: -0.1" in evaluated, evaluated
