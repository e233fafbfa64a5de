"""`ledger eval` shows every reported figure, each in the units it was printed in, and never
with more precision than was printed without saying so."""

import csv
import io
import json

from support import PRELUDE, ledger

CLAIMS_ONLY = PRELUDE + """
item rev "Revenues" JPY flow
item op "Operating income" JPY flow
item dps "Annual cash dividend per share" JPY/shares flow
claim "Revenues JPY83.0 billion (up 12.0% YoY)"
  rev@1H17 = 83.0 JPY billions
  yoy%(rev@1H17) = 12.0%
claim "Operating income JPY2.3 billion"
  op@H1 FY2017 = 2.3 JPY billions
guidance "Targets for FY2017: revenues JPY176.0 billion, a dividend of JPY22.00 per share" given 2017-11
  rev@FY2017 ~ 176.0 JPY billions
  dps@FY2017 ~ 22.00 JPY
"""


def write(tmp_path, text):
    path = tmp_path / "book.iij"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_a_book_of_claims_alone_shows_its_claims_and_guidance(tmp_path):
    """No tables, no statement: eval still prints each stated figure, in every format."""
    path = write(tmp_path, CLAIMS_ONLY)
    text = ledger("eval", path)
    assert text.returncode == 0, text.stderr
    out = text.stdout
    assert out.startswith("Reported figures (in JPY billions)")
    assert "Claims: figures stated in the text" in out and "Guidance: targets and ranges" in out
    assert '"Revenues JPY83.0 billion (up 12.0% YoY)"' in out
    line = next(x for x in out.splitlines() if x.strip().startswith("yoy%(rev@1H17)"))
    assert line.split() == ["yoy%(rev@1H17)", "12.0%", "ledger", "value:", "none"]
    line = next(x for x in out.splitlines() if x.strip().startswith("rev@FY2017"))
    assert line.split()[:4] == ["rev@FY2017", "~", "176.0", "JPY"]
    revenues = next(x for x in out.splitlines() if x.startswith("Revenues "))
    assert revenues.split() == ["Revenues", "83.0"]
    assert next(x for x in out.splitlines() if x.startswith("Operating income")).split()[-1] == "2.3"

    markdown = ledger("eval", path, "--format", "markdown").stdout
    assert "## Claims: figures stated in the text" in markdown
    assert "| Operating income JPY2.3 billion" in markdown and "op@1H17" in markdown

    rows = list(csv.DictReader(io.StringIO(ledger("eval", path, "--format", "csv").stdout)))
    claims = [r for r in rows if r["statement"] == "claims"]
    assert [(r["item"], r["column"], r["value"], r["printed"]) for r in claims] == [
        ("rev@1H17", "1H17", "83.0", "83.0 JPY billions"),
        ("yoy%(rev@1H17)", "1H17", "", "12.0%"),
        ("op@1H17", "1H17", "2.3", "2.3 JPY billions"),
    ]
    assert [(r["item"], r["printed"]) for r in rows if r["statement"] == "guidance"] == [
        ("rev@FY2017", "~ 176.0 JPY billions"), ("dps@FY2017", "~ 22.00 JPY/shares")]

    data = json.loads(ledger("eval", path, "--format", "json").stdout)
    assert [c["expression"] for c in data["claims"]] == ["rev@1H17", "yoy%(rev@1H17)", "op@1H17"]
    assert data["claims"][0] | {"path": None} == {
        "text": "Revenues JPY83.0 billion (up 12.0% YoY)", "path": None, "line": 12, "expression": "rev@1H17",
        "period": "1H17", "printed": "83.0 JPY billions", "value": "83.0", "shown": "83.0", "origin": "reported",
        "scale": "billions"}
    assert data["guidance"][1]["given"] == "2017-11" and data["guidance"][1]["value"] is None

    only = ledger("eval", path, "--statement", "guidance").stdout
    assert "Guidance" in only and "Claims" not in only and "Reported figures" not in only


STATEMENT = PRELUDE + """
item rev "Revenues" JPY flow
item cost "Costs" JPY flow
item op "Operating income" JPY flow = rev - cost
item dps "Dividend per share" JPY/shares flow
item holders "Shareholders" shares stock
claim "Revenues were JPY12.5 billion in FY2012"
  rev@FY2012 = 12.5 JPY billions
table "T" in JPY millions
  columns FY2013 FY2012
  rev 13,000 .
  cost 12,000 11,000
  dps 22.00 18.75
table "Shareholders"
  columns 2014-03-31
  holders 1,234,567
statement s "Statement of income" in JPY millions
  columns FY2013 FY2012
  rev
  op
  dps
statement h "Shareholders" in JPY millions
  columns 2014-03-31
  holders
"""


def test_per_share_amounts_and_counts_are_shown_in_units(tmp_path):
    """A statement in JPY millions shows money in millions, a dividend per share and a count in units,
    each row naming its own unit: "(in units)" alone left yen per share to a guess."""
    path = write(tmp_path, STATEMENT)
    lines = ledger("eval", path).stdout.splitlines()
    dps = next(x for x in lines if x.startswith("Dividend per share"))
    assert dps.split() == ["Dividend", "per", "share", "(in", "JPY/shares)", "22.00", "18.75"]
    holders = next(x for x in lines if x.startswith("Shareholders (in shares)"))
    assert holders.split()[-1] == "1,234,567"
    rows = list(csv.DictReader(io.StringIO(ledger("eval", path, "--format", "csv").stdout)))
    dps_rows = [(r["column"], r["value"], r["unit_scale"]) for r in rows if r["item"] == "dps"]
    assert dps_rows == [("FY2013", "22.00", "units"), ("FY2012", "18.75", "units")]
    assert [r["value"] for r in rows if r["item"] == "holders"] == ["1234567"]
    data = json.loads(ledger("eval", path, "--format", "json").stdout)
    row = data["statements"][0]["rows"][2]
    assert row["values"] == ["22.00", "18.75"] and row["scale"] == "units"


def test_figures_shown_finer_than_printed_or_derived_are_marked(tmp_path):
    """12.5 billion in a millions statement is marked ~, a derived figure *, each with a legend line;
    csv and json carry the origin and the figure as printed."""
    path = write(tmp_path, STATEMENT)
    lines = ledger("eval", path).stdout.splitlines()
    revenues = next(x for x in lines if x.startswith("Revenues"))
    assert revenues.split() == ["Revenues", "13,000", "12,500~"]
    op = next(x for x in lines if x.startswith("Operating income"))
    assert op.split() == ["Operating", "income", "1,000*", "1,500*"]
    assert ("* derived: computed from other figures, never printed; ~ printed with fewer digits than shown "
            "(Revenues FY2012 was printed as 12.5 billions)") in lines

    rows = list(csv.DictReader(io.StringIO(ledger("eval", path, "--format", "csv").stdout)))
    found = {(r["item"], r["column"]): (r["value"], r["origin"], r["printed"]) for r in rows}
    assert found[("rev", "FY2012")] == ("12500", "reported-coarser", "12.5 billions")
    assert found[("rev", "FY2013")] == ("13000", "reported", "13,000 millions")
    assert found[("op", "FY2012")] == ("1500", "derived", "")

    data = json.loads(ledger("eval", path, "--format", "json").stdout)
    rev = data["statements"][0]["rows"][0]
    assert rev["origin"] == ["reported", "reported-coarser"] and rev["printed"] == ["13,000 millions", "12.5 billions"]
    assert rev["values"] == ["13000", "12500"]


def test_a_figure_longer_than_the_default_precision_is_shown_not_a_traceback(tmp_path):
    """A claim of 29 digits (past Decimal's default 28) in billions goes through every format of eval
    without a traceback; one past the reader's limit of 30 digits is refused with a diagnostic."""
    path = write(tmp_path, PRELUDE + """
item rev "Revenues" JPY flow
claim "huge"
  rev@FY2012 = 99,999,999,999,999,999,999,999,999,999 JPY billions
guidance "g" given 2013-05
  rev@FY2012 ~ 99,999,999,999,999,999,999,999,999,999 JPY billions
""")
    for form in ("text", "markdown", "csv", "json"):
        result = ledger("eval", path, "--format", form)
        assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
        assert "999,999,999" in result.stdout or "99999999999" in result.stdout
    longer = write(tmp_path, PRELUDE + """
item rev "Revenues" JPY flow
claim "huge"
  rev@FY2012 = 999,999,999,999,999,999,999,999,999,999,999 JPY billions
""")
    result = ledger("check", longer)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "bad-figure" in result.stdout


def test_eval_of_a_book_that_prints_nothing_says_so(tmp_path):
    """`ledger eval defs.iij` printed the summary line alone: the author was left to guess why no
    table came. It says that nothing prints a figure, and that definitions are shown through the
    release that includes them; an empty listing asked for by name says which."""
    defs = tmp_path / "defs.iij"
    defs.write_text('currency JPY\nitem rev "Revenue" JPY flow\n', encoding="utf-8")
    shown = ledger("eval", str(defs))
    assert shown.returncode == 0
    assert shown.stdout.splitlines()[0] == ("nothing to show: no table, claim or guidance prints a figure; the books "
                                            "declare 1 item (definitions: `ledger eval` a release that includes them)")
    book = tmp_path / "q1.iij"
    book.write_text('include "defs.iij"\ntable "T" in JPY millions\n  columns FY2024\n  rev 100\n', encoding="utf-8")
    assert ledger("eval", "--statement", "claims", str(book)).stdout.startswith(
        "nothing to show: the books state no claims\n")
    assert "nothing to show" not in ledger("eval", str(book)).stdout


PER_SHARE_GUIDANCE = PRELUDE + """
item eps "EPS" USD/shares flow
item shares.out "Shares outstanding" shares stock
table "T" in USD
  columns FY2024
  eps 1.52
guidance "EPS between 1.50 and 1.60, at least 3,265 shares" given 2024-02
  eps@FY2024 in 1.50 .. 1.60 USD/shares
  eps@FY2024 > 1.40 USD/shares
  shares.out@2025-03-31 >= 3,265 shares exact
"""


def test_the_guidance_eval_shows_is_written_as_a_book_writes_it(tmp_path):
    """eval printed a range `in 1.50 .. 1.60 USD/shares exact`, which no book can write (a range's
    ends take no `exact`): each line it shows, pasted under a guidance, reads back as the same line."""
    out = ledger("eval", write(tmp_path, PER_SHARE_GUIDANCE), "--statement", "guidance").stdout
    shown = [line.split("  actual:")[0].split("  ledger value:")[0].strip() for line in out.splitlines()
             if line.startswith("    ") and "@" in line]
    assert " ".join(shown[0].split()) == "eps@FY2024 in 1.50 .. 1.60 USD/shares", shown
    again = PER_SHARE_GUIDANCE.split("guidance ")[0] + 'guidance "again" given 2024-02\n' + "".join(
        f"  {' '.join(line.split())}\n" for line in shown)
    result = ledger("check", write(tmp_path, again), "--format", "json")
    assert not [d for d in json.loads(result.stdout)["diagnostics"] if d["code"] == "syntax"], result.stdout
    assert len(shown) == 3
