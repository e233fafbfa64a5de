"""The report's charts on books a release could well hold: dollar signs, long or non-Latin labels,
margins that move by tenths of a percent, quarters centuries apart."""

from __future__ import annotations

import re
from html import unescape

import pytest

from support import ledger

pytest.importorskip("jinja2", reason="jinja2 is in the report extra: pip install -e '.[test]'")
pytest.importorskip("matplotlib", reason="matplotlib is in the report extra: pip install -e '.[test]'")

USD = """\
entity acme "Acme Corp."
  fiscal year ends 12-31
  fiscal year named by end
currency USD "US dollar"
item rev.a "Product revenue ($)" USD flow credit
item rev.b "Service $x$ and $\\\\frac$ revenue" USD flow credit
item rev "Total revenue" USD flow credit = rev.a + rev.b
item cost "Cost of revenue" USD flow debit
item gm "Gross margin" % flow = (rev - cost) / rev
statement ops "Operations" in USD millions
  columns 1Q20 2Q20 3Q20 4Q20 share%(4Q20, rev)
  rev.a
  rev.b
  rev
  cost
  gm
table "Results" in USD millions
  columns 1Q20 2Q20 3Q20 4Q20
  rev.a 600 610 620 630
  rev.b 400 405 410 415
  rev 1,000 1,015 1,030 1,045
  cost 988 1,001 1,014 1,027
guidance "Revenue of $1.0B (#1 in market) to $1.1B for 4Q20" given 2020-07
  rev@4Q20 in 1.0 .. 1.1 USD billions
"""


def report(tmp_path, text: str, name: str = "book.iij"):
    """The report of one book: the command's result and index.html's text."""
    book = tmp_path / name
    book.write_text(text, encoding="utf-8")
    done = ledger("report", str(book), "-o", str(tmp_path / "out"))
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr, done.stderr
    page = tmp_path / "out" / "index.html"
    return done, page.read_text(encoding="utf-8") if page.exists() else ""


def chart_texts(page: str, chart: str) -> list[str]:
    """Every SVG text of one chart, as the page holds it (text is kept as SVG text)."""
    start = page.index(f'<figure class="chart" id="chart-{chart}"')
    drawings = page[start:page.index("</figure>", start)]  # a chart in parts has several
    return [unescape(t) for t in re.findall(r"<text\b[^>]*>([^<]*)</text>", drawings)]


def test_dollar_signs_are_drawn_as_text_not_read_as_math(tmp_path):
    """A guidance of "$1.0B ... to $1.1B" and a label with "$x$ and $\\frac$" crashed the report
    (exit 3) or were set as mathtext with the signs gone; each is drawn as it is written."""
    done, page = report(tmp_path, USD)
    assert done.returncode == 0, done.stderr
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("wrote "), done.stderr  # no warnings
    texts = chart_texts(page, "guidance")
    assert any(t.startswith("Revenue of $1.0B (#1 in market) to $1.1B for 4Q20") for t in texts), texts
    legend = chart_texts(page, "revenue")
    assert "Product revenue ($)" in legend and "Service $x$ and $\\frac$ revenue" in legend, legend


def test_japanese_labels_and_a_users_matplotlibrc_leave_stderr_and_the_charts_alone(tmp_path):
    """A label in Japanese printed one "Glyph ... missing" warning per character on stderr; a user's
    matplotlibrc (here one that sets text.usetex and another font) changed the charts, or broke them."""
    import os
    import subprocess
    import sys

    from support import ROOT

    text = USD.replace('"Product revenue ($)"', '"売上高 (製品)"')
    (tmp_path / "book.iij").write_text(text, encoding="utf-8")
    config = tmp_path / "mpl"
    config.mkdir()
    (config / "matplotlibrc").write_text("text.usetex: True\nfont.family: serif\nfont.size: 20\n", encoding="utf-8")
    pages = []
    for name, extra in (("plain", {}), ("rc", {"MPLCONFIGDIR": str(config)})):
        env = dict(os.environ, PYTHONPATH=str(ROOT), **extra)
        done = subprocess.run([sys.executable, "-m", "ledgerlang", "report", str(tmp_path / "book.iij"),
                               "-o", str(tmp_path / name)], cwd=ROOT, env=env, capture_output=True, text=True,
                              timeout=300)
        assert done.returncode == 0 and done.stderr == f"wrote {tmp_path / name / 'index.html'} (2 assets)\n", \
            done.stderr
        pages.append((tmp_path / name / "index.html").read_text(encoding="utf-8"))
    assert "売上高 (製品)" in chart_texts(pages[0], "revenue")
    assert pages[0] == pages[1]


def ticks(page: str, chart: str, axis: str) -> list[str]:
    """The tick labels of one axis of one chart."""
    start = page.index(f'<figure class="chart" id="chart-{chart}"')
    drawings = page[start:page.index("</figure>", start)]
    return [unescape(t) for t in re.findall(rf'<g id="{chart}(?:-\d+)?-{axis}tick_\d+">.*?<text\b[^>]*>([^<]*)</text>',
                                             drawings, re.S)]


def chart_table(page: str, chart: str) -> tuple[list[str], list[list[str]]]:
    """The headers and rows of a chart's text alternative."""
    start = page.index(f'<figure class="chart" id="chart-{chart}"')
    figure = page[start:page.index("</figure>", start)]
    headers = [unescape(h) for h in re.findall(r'<th scope="col">([^<]*)</th>', figure)]
    rows = [[unescape(c) for c in re.findall(r"<t[hd][^>]*>([^<]*)</t[hd]>", row)]
            for row in re.findall(r"<tr><th scope=\"row\">.*?</tr>", figure)]
    return headers, rows


def test_margin_ticks_have_the_decimals_their_spacing_needs(tmp_path):
    """Gross margin moving from 1.2% to 1.7% gave ticks reading 2%, 2%, 1%, 1%, 1%, 0%...: each tick
    is now written with the decimals that tell it from the next (here 0.25% steps)."""
    done, page = report(tmp_path, USD)
    assert done.returncode == 0, done.stderr
    margins = ticks(page, "margins", "y")
    assert len(margins) >= 4 and len(set(margins)) == len(margins), margins
    values = [float(t.rstrip("%")) for t in margins]
    steps = {round(b - a, 9) for a, b in zip(values, values[1:])}
    assert len(steps) == 1 and steps.pop() > 0, margins  # evenly spaced, as drawn: no tick rounded off
    revenue = ticks(page, "revenue", "y")
    assert len(set(revenue)) == len(revenue) and "1,000" in revenue, revenue


GAP = """\
entity g "Gap"
  fiscal year ends 12-31
  fiscal year named by end
currency USD "d"
item a "A" USD flow
item b "{label}" USD flow
item t "Total" USD flow = a + b
statement s "S" in USD millions
  columns 1Q FY2003 1Q FY2200 share%(1Q FY2200, t)
  a
  b
  t
table "T" in USD millions
  columns 1Q FY2003 2Q FY2003 1Q FY2200
  a 1 2 3
  b 4 5 6
  t 5 7 9
"""


def test_quarters_centuries_apart_are_all_drawn_and_only_reported_ones_named(tmp_path):
    """Figures at 1Q FY2003 and 1Q FY2200: the chart stopped after 400 quarters, at 4Q2102, which
    no book reports, and dropped the last point without a word. Every point is drawn, the summary
    names the first and last quarters reported and says what the table leaves out, the table lists
    the reported quarters, and the axis names a few quarters rather than 789 on top of each other."""
    done, page = report(tmp_path, GAP.format(label="B"))
    assert done.returncode == 0, done.stderr
    summary = re.search(r'<p class="alt" id="revenue-summary">([^<]*)</p>', page).group(1)
    assert "from 1Q03 to 1Q2200" in summary and "in 1Q2200 total were 9" in summary, summary
    assert "786 quarters between them with no figure are left out of the table" in summary, summary
    headers, rows = chart_table(page, "revenue")
    assert headers == ["", "1Q03", "2Q03", "1Q2200"], headers
    assert ["Total", "5", "7", "9"] in rows, rows
    axis = ticks(page, "revenue", "x")
    assert 3 <= len(axis) <= 12 and all(t.startswith("1Q") for t in axis), axis


def test_a_label_of_hundreds_of_characters_is_cut_in_the_legend_and_kept_whole_in_the_table(tmp_path):
    """A 640-character label squeezed the plot to nothing (y labels cut, legend gone, a warning);
    the legend shows its start, the table shows it whole."""
    label = "Very long label " * 40
    done, page = report(tmp_path, GAP.format(label=label.strip()))
    assert done.returncode == 0 and "warn" not in done.stderr.lower(), done.stderr
    legend = [t for t in chart_texts(page, "revenue") if t.startswith("Very long label")]
    assert len(legend) == 1 and len(legend[0]) <= 60 and legend[0].endswith("\u2026"), legend
    _, rows = chart_table(page, "revenue")
    assert [r[0] for r in rows if r[0].startswith("Very")] == [label.strip()]


def test_guidance_on_an_amount_and_its_change_have_titles_that_tell_them_apart(tmp_path):
    """iij-annual guides revenue and its YoY change in one sentence: two subplots had the same title."""
    done = ledger("report", "books/iij-annual", "-o", str(tmp_path / "out"))
    assert done.returncode in (0, 1), done.stderr
    page = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    titles = [t for t in chart_texts(page, "guidance") if t.startswith("Financial Target")]
    assert len(titles) >= 4 and len(set(titles)) == len(titles), titles
    assert any("yoy%(rev.total@FY2013)" in t for t in titles), titles
    summary = re.search(r'<p class="alt" id="guidance-summary">([^<]*)</p>', page).group(1)
    assert "% %" not in summary, summary


def test_one_margin_and_one_guidance_are_counted_in_the_singular(tmp_path):
    """"1 margins for each quarter", "1 guidance statements": the summaries agree with their count."""
    done, page = report(tmp_path, USD)
    assert done.returncode == 0, done.stderr
    assert '<p class="alt" id="margins-summary">1 margin for each quarter' in page
    assert '<p class="alt" id="guidance-summary">1 guidance statement against' in page


def test_ticks_of_a_figure_of_thirty_digits_do_not_run_into_each_other(tmp_path):
    """A guidance on a figure of 1E+29 drew ticks of thirty digits each, overlapping into one smear;
    past 16 characters every tick is written with an exponent, distinct from the next."""
    text = USD.replace('guidance "Revenue', 'item big "Big" USD flow\n'
                       'table "B" in USD\n  columns 4Q20\n  big 100,000,000,000,000,000,000,000,000,000\n'
                       'guidance "Big" given 2020-07\n  big@4Q20 ~ 100,000,000,000,000,000,000,000,000,000 USD\n'
                       'guidance "Revenue')
    done, page = report(tmp_path, text)
    assert done.returncode == 0, done.stderr
    axis = ticks(page, "guidance", "x")
    assert "1e+29" in axis and all(len(t) <= 16 for t in axis) and len(set(axis)) == len(axis), axis


def test_two_lines_of_the_same_label_are_told_apart(tmp_path):
    """Two revenue lines both labelled "Other" were two identical entries in the legend and the
    table: a label two items share is followed by the item's id."""
    text = GAP.format(label="A")  # items a and b are both labelled "A"
    done, page = report(tmp_path, text)
    assert done.returncode == 0, done.stderr
    legend = chart_texts(page, "revenue")
    assert "A (a)" in legend and "A (b)" in legend, legend
    _, rows = chart_table(page, "revenue")
    assert [row[0] for row in rows] == ["A (a)", "A (b)", "Total"]


def test_a_bound_set_by_another_figure_is_written_as_that_figure_was_printed(tmp_path):
    """Guidance 'above tiny' where tiny was printed 0.000000000001 (USD) read "> 0 USD millions" in the
    chart's summary and table, a bound no one stated: the other figure keeps its printed decimals."""
    text = USD.replace('guidance "Revenue', 'item tiny "Tiny" USD flow\n'
                       'table "B" in USD\n  columns 4Q20\n  tiny 0.000000000001\n'
                       'guidance "Above tiny" given 2020-07\n  rev@4Q20 > tiny@4Q20\n'
                       'guidance "Revenue')
    done, page = report(tmp_path, text)
    assert done.returncode == 0, done.stderr
    _, rows = chart_table(page, "guidance")
    assert any(row[3] == "> 0.000000000000000001 USD millions" for row in rows), rows
