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
    svg = page[start:page.index("</svg>", start)]
    return [unescape(t) for t in re.findall(r"<text\b[^>]*>([^<]*)</text>", svg)]


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
