"""`ledger report` in a real headless browser (Debian's chromium driven by selenium), from file://."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from support import PRELUDE, ROOT, ledger

webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is in the test extra: pip install -e '.[test]'")
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None or DRIVER is None,
    reason="no headless browser: Debian's chromium and chromium-driver are not installed (.ci/run installs them)")

RELEASE = "iij-1q03-earnings-release.iij"
ACCEPT = "accept share-mismatch at rev.cvas@1Q03"


def _report(books: Path, out: Path) -> Path:
    done = ledger("report", str(books), "-o", str(out))
    assert "Traceback" not in done.stderr, done.stderr
    return out / "index.html"


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    """The IIJ books as they are (every violation acknowledged), and with one acceptance removed."""
    base = tmp_path_factory.mktemp("report")
    books = base / "books"
    shutil.copytree(ROOT / "books" / "iij", books)
    clean = _report(books, base / "clean")
    text = (books / RELEASE).read_text(encoding="utf-8")
    assert ACCEPT in text
    (books / RELEASE).write_text("\n".join(line for line in text.split("\n") if not line.startswith(ACCEPT)),
                                 encoding="utf-8")
    broken = _report(books, base / "broken")
    return {"clean": clean, "broken": broken}


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    profile = tmp_path_factory.mktemp("chromium-profile")
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
                 f"--user-data-dir={profile}", "--window-size=1280,1000"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(DRIVER), options=options)
    yield driver
    driver.quit()


def _open(browser, page: Path):
    browser.get(page.as_uri())
    browser.get_log("browser")  # start each page with an empty console


def _column(table, heading: str) -> int:
    headings = [th.text.strip() for th in table.find_elements(By.CSS_SELECTOR, "thead tr:last-child th")]
    return headings.index(heading)


def _cell(browser, statement: str, row_label: str, heading: str):
    table = browser.find_element(By.CSS_SELECTOR, f"#st-{statement} table")
    index = _column(table, heading)
    for row in table.find_elements(By.CSS_SELECTOR, "tbody tr"):
        if _label(browser, row.find_element(By.CSS_SELECTOR, "th")) == row_label:
            return row.find_elements(By.CSS_SELECTOR, "th, td")[index]
    raise AssertionError(f"no row {row_label!r} in {statement}")


def _label(browser, heading) -> str:
    """A row's label as the eye reads it: without the "(total)" a screen reader is told of a total."""
    return browser.execute_script(
        "var copy = arguments[0].cloneNode(true);"
        "copy.querySelectorAll('.sr-only').forEach(function (e) { e.remove(); });"
        "return copy.textContent.trim();", heading)


def _seen(browser, element) -> str:
    """The text of an element as the eye reads it: without what is there for a screen reader only."""
    return browser.execute_script(
        "var copy = arguments[0].cloneNode(true);"
        "copy.querySelectorAll('.sr-only').forEach(function (e) { e.remove(); });"
        "return copy.textContent.replace(/\\s+/g, '');", element)


def test_statement_of_operations_shows_1q03_total_revenues(browser, reports):
    """The statement of operations, read in the browser, shows total revenues of 8,344 million for 1Q03."""
    _open(browser, reports["clean"])
    heading = browser.find_element(By.CSS_SELECTOR, "#st-operations h3").text
    assert heading.startswith("Consolidated statements of operations") and "millions" in heading
    cell = _cell(browser, "operations", "Total revenues", "1Q03")
    assert cell.text.startswith("8,344")
    assert "origin-printed" in cell.get_attribute("class")
    assert _cell(browser, "operations", "Total revenues", "YoY %").text.startswith("(15.3%)")


def test_a_violation_is_highlighted_and_opens_on_click(browser, reports):
    """With its acceptance removed, Appendix 1's 67.0% share is an error, highlighted; a click shows
    the reported and computed values, the interval, the miss, the rule and every printing."""
    _open(browser, reports["broken"])
    assert "1 error" in browser.find_element(By.CSS_SELECTOR, ".verdict").text
    cell = _cell(browser, "operations", "Total connectivity and value-added services", "% of Total revenues")
    assert "state-error" in cell.get_attribute("class")
    assert cell.value_of_css_property("background-color") == "rgba(253, 226, 225, 1)"
    button = cell.find_element(By.CSS_SELECTOR, "button.fig")
    assert button.text.startswith("67.0%")
    detail = browser.find_element(By.ID, button.get_attribute("aria-controls"))
    assert not detail.is_displayed()
    button.click()
    assert detail.is_displayed() and button.get_attribute("aria-expanded") == "true"
    text = detail.text
    for expected in ("share-mismatch", "reported", "computed", "67.060%", "miss", "rule",
                     "share%(x, total) = x / total", f"{RELEASE}:27"):
        assert expected in text, expected
    size = detail.size
    assert size["width"] > 100 and size["height"] > 50
    ActionChains(browser).send_keys(Keys.ESCAPE).perform()
    assert not detail.is_displayed()


def test_a_violation_opens_on_keyboard_focus(browser, reports):
    """Tabbing onto the highlighted figure shows its check without a click; tabbing away hides it."""
    _open(browser, reports["broken"])
    cell = _cell(browser, "operations", "Total connectivity and value-added services", "% of Total revenues")
    button = cell.find_element(By.CSS_SELECTOR, "button.fig")
    detail = browser.find_element(By.ID, button.get_attribute("aria-controls"))
    # a click on the statement's heading starts the keyboard there (its table fits: no stop between)
    browser.find_element(By.CSS_SELECTOR, "#st-operations h3").click()
    ActionChains(browser).send_keys(Keys.TAB).perform()
    assert browser.switch_to.active_element == button
    assert detail.is_displayed() and "share-mismatch" in detail.text
    ActionChains(browser).send_keys(Keys.TAB).perform()
    assert browser.switch_to.active_element != button
    assert not detail.is_displayed()


def test_an_acknowledged_violation_shows_its_acknowledgement(browser, reports):
    """In the books as they are the same figure is marked acknowledged, with the book's reason."""
    _open(browser, reports["clean"])
    cell = _cell(browser, "operations", "Total connectivity and value-added services", "% of Total revenues")
    assert "state-acknowledged" in cell.get_attribute("class")
    button = cell.find_element(By.CSS_SELECTOR, "button.fig")
    button.click()
    detail = browser.find_element(By.ID, button.get_attribute("aria-controls"))
    assert "acknowledged" in detail.text and "which prints 67.1, not 67.0" in detail.text


def test_every_chart_has_a_size_and_a_text_alternative(browser, reports):
    """Each chart is an inline SVG with a non-zero size, labelled by a caption and a summary, with its numbers."""
    _open(browser, reports["clean"])
    charts = browser.find_elements(By.CSS_SELECTOR, "figure.chart")
    assert len(charts) == 3
    for chart in charts:
        svg = chart.find_element(By.CSS_SELECTOR, "svg")
        assert svg.size["width"] > 200 and svg.size["height"] > 100
        assert svg.get_attribute("role") == "img"
        for label_id in svg.get_attribute("aria-labelledby").split():
            assert browser.find_element(By.ID, label_id).text.strip()
        assert chart.find_elements(By.CSS_SELECTOR, "details table tbody tr")
    revenue = browser.find_element(By.ID, "chart-revenue")
    assert "8,344" in revenue.find_element(By.CSS_SELECTOR, ".alt").text


def test_no_console_errors_a_phone_layout_and_a_screenshot(browser, reports, tmp_path):
    """The page logs nothing to the console, reads on a phone without sideways scrolling, and is screenshotted."""
    for page in reports.values():
        _open(browser, page)
        browser.find_element(By.CSS_SELECTOR, "button.fig").click()
        errors = [e for e in browser.get_log("browser") if e["level"] in ("SEVERE", "WARNING")]
        assert errors == []
    try:
        browser.set_window_size(390, 900)
        _open(browser, reports["clean"])
        overflow = browser.execute_script(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0
        browser.save_screenshot(str(tmp_path / "report-phone.png"))
    finally:
        browser.set_window_size(1280, 1000)
    _open(browser, reports["broken"])
    height = browser.execute_script("return document.documentElement.scrollHeight")
    browser.set_window_size(1280, min(height, 8000))
    try:
        shot = tmp_path / "report.png"
        assert browser.save_screenshot(str(shot))
        assert shot.stat().st_size > 50_000 and re.match(rb"\x89PNG", shot.read_bytes()[:4])
    finally:
        browser.set_window_size(1280, 1000)


CONTRAST = """
function channel(c) { c /= 255; return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4); }
function luminance(rgb) { return 0.2126 * channel(rgb[0]) + 0.7152 * channel(rgb[1]) + 0.0722 * channel(rgb[2]); }
function parse(text) { var m = text.match(/[\\d.]+/g).map(Number); return m.length > 3 ? m : m.concat([1]); }
function background(element) {
  for (var e = element; e; e = e.parentElement) {
    var c = parse(getComputedStyle(e).backgroundColor);
    if (c[3] > 0) { return c; }
  }
  return [255, 255, 255, 1];
}
var worst = [];
document.querySelectorAll("main td, main th, main p, main dd, main dt, main li, main a, main button, main summary, main figcaption").forEach(function (e) {
  if (!e.offsetParent || !e.textContent.trim() || e.closest("[hidden], .sr-only, svg")) { return; }
  var fg = luminance(parse(getComputedStyle(e).color)), bg = luminance(background(e));
  var ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
  if (ratio < 4.5) { worst.push([e.tagName, e.className, e.textContent.trim().slice(0, 30), ratio.toFixed(2)]); }
});
return worst;
"""


def test_text_contrast_meets_wcag_aa(browser, reports):
    """Every visible piece of text in the report has a contrast ratio of at least 4.5:1 with its background."""
    for page in reports.values():
        _open(browser, page)
        assert browser.execute_script(CONTRAST) == []


def test_chart_text_reads_as_written_and_a_long_label_leaves_the_plot_its_room(browser, tmp_path):
    """In the browser: the guidance title keeps its dollar signs (matplotlib set "$1.0B to $1.1B" as
    math, or crashed), the margin ticks read distinct values, and a 640-character label leaves the
    plot its room with the legend shown (the axes had collapsed and the legend was gone)."""
    from tests.report.test_charts import GAP, USD

    (tmp_path / "usd.iij").write_text(USD, encoding="utf-8")
    (tmp_path / "long").mkdir()
    (tmp_path / "long" / "long.iij").write_text(GAP.format(label=("Very long label " * 40).strip()), encoding="utf-8")
    _open(browser, _report(tmp_path / "usd.iij", tmp_path / "usd"))
    titles = [t.get_attribute("textContent") for t in
              browser.find_elements(By.CSS_SELECTOR, "#chart-guidance svg text")]
    assert any(t.startswith("Revenue of $1.0B (#1 in market) to $1.1B for 4Q20") for t in titles), titles
    ticks = [t.get_attribute("textContent") for t in
             browser.find_elements(By.CSS_SELECTOR, "#chart-margins svg g[id^='margins-ytick'] text")]
    assert len(ticks) >= 4 and len(set(ticks)) == len(ticks), ticks
    _open(browser, _report(tmp_path / "long", tmp_path / "long-report"))
    plot = browser.execute_script(
        "var b = document.querySelector('#chart-revenue svg #revenue-patch_2').getBoundingClientRect();"
        "var s = document.querySelector('#chart-revenue svg').getBoundingClientRect();"
        "return [b.width / s.width, b.height / s.height];")
    assert plot[0] > 0.6 and plot[1] > 0.5, plot
    legend = browser.find_element(By.CSS_SELECTOR, "#chart-revenue svg #revenue-legend_1")
    assert legend.size["width"] > 50 and "Very long label" in legend.get_attribute("textContent")


def test_a_measure_printed_more_coarsely_than_its_column_is_marked(browser, tmp_path):
    """A USD column printed in billions ("(0.0)", "0.7"), shown in a statement in millions: the report
    showed the printed figure as a bare "0" (and "700"), a precision to the million never printed,
    beside `ledger eval`'s (23); now it carries the "~" a coarse figure carries elsewhere."""
    book = tmp_path / "usd.iij"
    book.write_text(PRELUDE + 'item rev "Revenues" JPY flow\nitem op "Operating income" JPY flow\n'
                    'rate usd: 150.00 JPY per USD on 2003-06-30\n'
                    'table "T" in JPY billions\n  columns 1Q03 USD(1Q03)\n  rev 105.0 0.7\n  op (3.5) (0.0)\n'
                    'statement pl "P&L" in JPY millions\n  columns 1Q03 USD(1Q03)\n  rev\n  op\n', encoding="utf-8")
    _open(browser, _report(book, tmp_path / "out"))
    # the column names its own currency and scale, not a bare "USD" under a heading in JPY millions
    rev, op = (_cell(browser, "pl", label, "USD millions") for label in ("Revenues", "Operating income"))
    assert _seen(browser, rev) == "700~" and _seen(browser, op) == "0~"
    # a screen reader is told in words, as the mark is hidden from it
    assert op.find_element(By.CSS_SELECTOR, ".coarse-mark").get_attribute("aria-hidden") == "true"
    assert "printed to the nearest 100" in op.find_element(By.CSS_SELECTOR, ".sr-only").get_attribute("textContent")
    assert browser.get_log("browser") == []


# Ten quarters (wider than a printed page holds), labels no one would choose, a figure printed in
# billions under a statement in millions, and figures no check reaches (each cell then carries a note).
HOSTILE_QUARTERS = ("1Q02", "2Q02", "3Q02", "4Q02", "1Q03", "2Q03", "3Q03", "4Q03", "1Q04", "2Q04")
HOSTILE = PRELUDE + (
    'item a "<script>document.title = \'owned\'</script> & \\"quoted\\"" JPY flow\n'
    'item b "Rev \u202e 123 \u05d4\u05db\u05e0\u05e1\u05d5\u05ea" JPY flow\n'
    f'item c "{"L" * 500}" JPY flow\n'
    'item d "Coarse" JPY flow\n'
    'table "T" in JPY millions\n'
    f'  columns {" ".join(HOSTILE_QUARTERS)}\n'
    + "".join(f"  {i} {' '.join(str(n * 10 + k) for k in range(len(HOSTILE_QUARTERS)))}\n"
              for n, i in enumerate("abc", 1))
    + 'table "B" in JPY billions\n  columns 1Q03\n  d 5.2\n'
    f'statement s "Wide & <b>bold</b>" in JPY millions\n  columns {" ".join(HOSTILE_QUARTERS)}\n  a\n  b\n  c\n  d\n')


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    base = tmp_path_factory.mktemp("hostile")
    (base / "book.iij").write_text(HOSTILE, encoding="utf-8")
    return _report(base / "book.iij", base / "out")


def test_a_hostile_label_is_text_and_never_hides_the_figures(browser, hostile):
    """A label is shown as written, never run (a <script> in it is text); a bidirectional override in
    it is shown as its escape, as the terminal shows it, for it reversed the figures after it; a
    500-character word wraps in its column instead of pushing the figures out of the window."""
    _open(browser, hostile)
    assert browser.title.endswith("checked statements")
    labels = [th.text for th in browser.find_elements(By.CSS_SELECTOR, "#st-s .scroll tbody th")]
    assert labels[0] == "<script>document.title = 'owned'</script> & \"quoted\""
    assert labels[1] == "Rev \\u202e 123 \u05d4\u05db\u05e0\u05e1\u05d5\u05ea"
    assert browser.find_element(By.CSS_SELECTOR, "#st-s h3").text.startswith("Wide & <b>bold</b>")
    window = browser.execute_script("return document.documentElement.clientWidth")
    first = _cell(browser, "s", "L" * 500, "1Q02")
    assert first.text == "30" and first.rect["x"] + first.rect["width"] <= window
    assert browser.get_log("browser") == []


def test_a_marked_figure_keeps_its_row_height_and_its_coarse_mark(browser, hostile):
    """A figure with a note is a button: its row is as tall as the others (the button's padding was
    added to the cell's), and a figure printed in billions keeps its "~" (it was lost on a button)."""
    _open(browser, hostile)
    marked = _cell(browser, "s", "Coarse", "1Q03")
    assert "state-note" in marked.get_attribute("class")
    assert _seen(browser, marked) == "5,200~"
    plain = _cell(browser, "s", "Coarse", "1Q02")
    assert marked.size["height"] == plain.size["height"] == _cell(browser, "s", "Rev \\u202e 123 \u05d4\u05db\u05e0\u05e1\u05d5\u05ea", "1Q03").size["height"]
    assert "fewer digits" in browser.find_element(By.CSS_SELECTOR, ".legend").text


def test_a_statement_wider_than_a_page_is_printed_in_parts(browser, hostile):
    """On paper (print media) a statement of ten quarters is two tables of at most eight columns,
    each within the page, every figure on one of them; on screen it is the one table."""
    _open(browser, hostile)
    assert not browser.find_element(By.CSS_SELECTOR, "#st-s .print-parts").is_displayed()
    browser.set_window_size(800, 1000)
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        assert not browser.find_element(By.CSS_SELECTOR, "#st-s .scroll").is_displayed()
        parts = browser.find_elements(By.CSS_SELECTOR, "#st-s .print-parts table")
        page = browser.execute_script("return document.documentElement.clientWidth")
        assert len(parts) == 2 and all(p.is_displayed() and p.size["width"] <= page for p in parts)
        headings = [th.text for p in parts for th in p.find_elements(By.CSS_SELECTOR, "thead th.num")]
        assert headings == list(HOSTILE_QUARTERS)
        assert "1Q02 to 4Q03" in parts[0].find_element(By.CSS_SELECTOR, "thead tr.running-head").text
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
        browser.set_window_size(1280, 1000)


# The right edge of each figure's last digit (with `units`, of its units digit, the one before its
# decimal point) in a column of a statement table, as laid out, and whether
# its row is a total (set in bold, whose ")" and "%" are wider); what is there for a screen reader
# only is not laid out beside the figure.
LAST_DIGITS = """
var table = document.querySelector(arguments[0]), column = arguments[1], units = arguments[2], out = [];
table.querySelectorAll("tbody tr").forEach(function (row) {
  var cell = row.querySelectorAll("th, td")[column], last = null, point = null, node;
  var walk = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
  while ((node = walk.nextNode())) {
    if (node.parentElement.closest(".sr-only")) { continue; }
    for (var i = 0; i < node.data.length; i++) {
      if (/[0-9]/.test(node.data[i])) { last = [node, i]; }
      if (node.data[i] === "." && !point) { point = last; }
    }
  }
  if (units && point) { last = point; }
  if (!last) { return; }
  var range = document.createRange();
  range.setStart(last[0], last[1]);
  range.setEnd(last[0], last[1] + 1);
  out.push([cell.textContent.trim(), range.getBoundingClientRect().right, row.classList.contains("total")]);
});
return out;
"""


def _last_digits(browser, table: str, column: int, total: bool = False, units: bool = False) -> dict[str, float]:
    """The figures of one weight, regular or bold (a total's), by their text."""
    return {text: right for text, right, bold in browser.execute_script(LAST_DIGITS, table, column, units)
            if bold == total}


def test_a_column_of_figures_at_several_precisions_lines_up_on_the_point(browser, reports):
    """The cash flows' USD column shows a printed figure at its printed precision, 8.261, above one its
    rule derives, 10.99, and (1.68): their last digits stood a place right of 8.261's (three, when
    they showed no decimals). Each figure now keeps the room of the decimals it lacks, unseen, and
    the column lines up on its point."""
    _open(browser, reports["clean"])
    try:
        for media in ("", "print"):
            browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": media})
            edges = _last_digits(browser, "#st-cash_flows .scroll table", 1, units=True)
            assert {"8.261", "10.99", "0.027"} <= {text.split()[0] for text in edges}, edges
            assert any(text.startswith("(") for text in edges)
            assert max(edges.values()) - min(edges.values()) < 1, (media, edges)
            copied = browser.execute_script("return document.querySelector('#st-cash_flows .scroll table').innerText")
            assert "\t10.99\t" in copied or "\t10.99\n" in copied.replace(" \t", "\t")  # the unseen decimals are not copied
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


def test_a_column_of_figures_lines_up_on_its_last_digit_on_screen_and_on_paper(browser, reports):
    """(1,060) and 8,344, (15.3%) and 128.3%: the closing parenthesis of a negative pushed its digits
    one character left of the others', so a column of figures was ragged where a printed statement
    lines up; now every figure keeps a parenthesis's room, on screen and on paper alike."""
    _open(browser, reports["broken"])
    try:
        for media, table in (("", "#st-operations .scroll table"),
                             ("print", "#st-operations .scroll table"), ("print", "#st-cash_flows .scroll table")):
            browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": media})
            for column, total in ((1, False), (3, False), (1, True), (3, True)):
                edges = _last_digits(browser, table, column, total, units=True)  # (the USD column has decimals)
                assert any(text.startswith("(") for text in edges) and any(text[0].isdigit() for text in edges)
                assert max(edges.values()) - min(edges.values()) < 1, (media, table, column, edges)
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


def test_a_coarse_figure_keeps_its_column_lined_up(browser, hostile):
    """The "~" after a figure printed more coarsely than its column moved its digits left of the
    others'; it hangs into the cell's padding, on screen and in a statement printed in parts."""
    _open(browser, hostile)
    try:
        for media, table in (("", "#st-s .scroll table"), ("print", "#st-s .print-parts table:first-child")):
            browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": media})
            edges = _last_digits(browser, table, 5)  # 1Q03
            assert any("~" in text for text in edges), edges
            assert max(edges.values()) - min(edges.values()) < 1, (media, edges)
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


def test_each_statement_heading_names_its_currency_and_scale(browser, reports, tmp_path):
    """A heading said "(in millions)", leaving a reader of a printed page to guess millions of what:
    it names the currency too, as the book declares it, to the eye and to a screen reader (the
    table's caption), and so does the table of every figure of a book that declares no statement."""
    _open(browser, reports["clean"])
    assert browser.find_element(By.CSS_SELECTOR, "#st-operations h3").text == \
        "Consolidated statements of operations (in JPY millions)"
    caption = browser.find_element(By.CSS_SELECTOR, "#st-operations .scroll caption").get_attribute("textContent")
    assert caption == "Consolidated statements of operations, in JPY millions"
    assert browser.find_element(By.CSS_SELECTOR, "#st-per_share h3").text == "Per share data"
    _open(browser, _report(ROOT / "books" / "iij-annual", tmp_path / "annual"))
    assert browser.find_element(By.CSS_SELECTOR, "#st-facts h3").text == "Reported figures (in JPY millions)"


def test_a_statement_names_itself_and_its_unit_on_every_printed_page(browser, reports, hostile):
    """A statement longer than a page went on, on the next, under bare column headings: which
    statement, in which unit, was on its first page only. Its title and unit are now the first row of
    its column headings, which the browser repeats on each printed page (the heading above it is left
    out on paper, not said twice); on screen the heading says it once, and a screen reader hears the
    caption, not the row."""
    _open(browser, reports["clean"])
    table = browser.find_element(By.CSS_SELECTOR, "#st-balance_sheet .scroll table")
    head = table.find_element(By.CSS_SELECTOR, "tr.running-head")
    heading = browser.find_element(By.CSS_SELECTOR, "#st-balance_sheet h3")
    assert not head.is_displayed() and heading.is_displayed()
    try:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
        assert head.is_displayed() and not heading.is_displayed()
        assert head.text == "Consolidated balance sheets (in JPY millions)"
        assert browser.execute_script(
            "return getComputedStyle(arguments[0].parentElement).display", head) == "table-header-group"
        _open(browser, hostile)
        parts = browser.find_elements(By.CSS_SELECTOR, "#st-s .print-parts table")
        assert [p.find_element(By.CSS_SELECTOR, "thead tr.running-head").text for p in parts] == [
            "Wide & <b>bold</b> (in JPY millions): 1Q02 to 4Q03", "Wide & <b>bold</b> (in JPY millions): 1Q04 to 2Q04"]
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


def test_tabbing_past_a_figure_into_its_panel_keeps_the_focus(browser, reports):
    """Tab from a statement's last marked figure went to the link in its open panel, which the
    figure's losing the focus then hid: the focus fell to the page, and a keyboard or screen-reader
    user lost their place. The panel stays open while the focus is in it, Tab goes on from there,
    and Escape inside it brings the focus back to its figure."""
    _open(browser, reports["clean"])
    buttons = browser.find_elements(By.CSS_SELECTOR, "#st-operations .scroll button.fig")
    last = buttons[-1]
    browser.execute_script("arguments[0].focus()", buttons[-2])
    ActionChains(browser).send_keys(Keys.TAB).perform()
    assert browser.switch_to.active_element == last
    panel = browser.find_element(By.ID, last.get_attribute("aria-controls"))
    ActionChains(browser).send_keys(Keys.TAB).perform()
    link = browser.switch_to.active_element
    assert link.tag_name == "a" and link.get_attribute("href").split("#")[1].startswith("finding-")
    assert panel.is_displayed() and browser.execute_script("return arguments[0].contains(arguments[1])", panel, link)
    ActionChains(browser).send_keys(Keys.ESCAPE).perform()
    assert browser.switch_to.active_element == last and not panel.is_displayed()
    # and on through the whole page: the focus is always on something until the last stop of the page
    _open(browser, reports["clean"])
    stops, before = 0, None
    while True:
        ActionChains(browser).send_keys(Keys.TAB).perform()
        now = browser.switch_to.active_element
        if now.tag_name == "body":
            assert before is not None and not browser.execute_script(LATER_STOP, before), before.text
            break
        stops, before = stops + 1, now
    assert stops > 40


# Whether a visible element the keyboard stops at follows `arguments[0]` in the page.
LATER_STOP = """
var from = arguments[0];
return Array.prototype.some.call(document.querySelectorAll("a[href], button, summary, [tabindex='0']"), function (e) {
  return (from.compareDocumentPosition(e) & Node.DOCUMENT_POSITION_FOLLOWING) && !from.contains(e)
    && e.getClientRects().length > 0;
});
"""


def _accessible_name(browser, selector: str) -> str:
    """The name Chromium's accessibility tree gives an element: what a screen reader says of it."""
    root = browser.execute_cdp_cmd("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
    node = browser.execute_cdp_cmd("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    tree = browser.execute_cdp_cmd("Accessibility.getPartialAXTree", {"nodeId": node, "fetchRelatives": False})
    return " ".join(tree["nodes"][0]["name"]["value"].split())


def test_a_screen_reader_hears_a_negative_figure_as_minus(browser, reports):
    """(1,060), the operating loss, was said "1,060" by a screen reader, which reads no parentheses
    at its usual punctuation level: a loss heard as a profit. Each negative figure is named "minus
    1,060" in the accessibility tree, a marked one on its button too; the eye still sees (1,060)."""
    _open(browser, reports["clean"])
    cell = '#st-operations .scroll td[data-key="{}"]'
    assert _accessible_name(browser, cell.format("op.income@1Q03")) == "minus 1,060"
    assert _accessible_name(browser, cell.format("rev.total@1Q03")) == "8,344"
    assert _accessible_name(browser, cell.format("op.income@1Q03") + " + td") == "minus 464"
    button = _accessible_name(browser, cell.format("tax@1Q03") + " button")
    assert button.startswith("minus 390 (printed; acknowledged: ")
    assert _seen(browser, browser.find_element(By.CSS_SELECTOR, cell.format("op.income@1Q03"))) == "(1,060)"


# Paper as Chromium's print dialog offers it, width and height in inches.
A4 = (8.27, 11.69)
LETTER = (8.5, 11.0)
A5 = (5.83, 8.27)


def _printed(browser, page: Path, paper: tuple[float, float] = LETTER, landscape: bool = False) -> list:
    """The report as Chromium prints it (on US Letter, its default, unless told), as pypdf's pages."""
    pypdf = pytest.importorskip("pypdf", reason="pypdf is in the test extra: pip install -e '.[test]'")
    import base64
    import io

    _open(browser, page)
    pdf = browser.execute_cdp_cmd("Page.printToPDF", {"printBackground": True, "paperWidth": paper[0],
                                                      "paperHeight": paper[1], "landscape": landscape})["data"]
    return list(pypdf.PdfReader(io.BytesIO(base64.b64decode(pdf))).pages)


def _printed_pages(browser, page: Path, paper: tuple[float, float] = LETTER, landscape: bool = False) -> list[str]:
    """The text of each printed page."""
    return [p.extract_text() for p in _printed(browser, page, paper, landscape)]


def _depth(page) -> float:
    """How far down a printed page its text reaches, as a fraction of the page's height (the text of a
    page of HTML only: pypdf does not read into the drawings)."""
    height, lows = float(page.mediabox.height), [1.0]

    def visit(text, cm, tm, font, size):
        if text.strip():
            lows.append((tm[4] * cm[1] + tm[5] * cm[3] + cm[5]) / height)

    page.extract_text(visitor_text=visit)
    return 1 - min(lows)


def test_on_paper_a_long_statement_names_itself_on_each_page_and_no_result_is_cut(browser, tmp_path):
    """Printed: a statement that runs over several pages starts each with its title and unit and its
    column headings (the title was on the first page only), and each check result of at most half a
    page is whole on one (its number and code were left at the foot of one page, its notes carried
    to the next)."""
    books = tmp_path / "books"
    shutil.copytree(ROOT / "books" / "iij", books)
    # A statement longer than a page, which no IIJ release prints: every flow in yen the IIJ books
    # declare, over the release's three quarters, written here from the book's own item list.
    flows = re.findall(r'^item (\S+)\s+"[^"]*"\s+JPY flow', (books / "iij.iij").read_text(encoding="utf-8"), re.M)
    assert len(flows) > 60
    (books / "every.iij").write_text('statement every "Every yen amount" in JPY millions\n  columns 1Q03 1Q02 4Q02\n'
                                     + "".join(f"  {item}\n" for item in flows), encoding="utf-8")
    printed = _printed(browser, _report(books, tmp_path / "out"))
    pages = [page.extract_text() for page in printed]
    title = "Every yen amount (in JPY millions)\nLine item 1Q03 1Q02 4Q02\n"
    showing = [p for p in pages if "Dedicated access services" in p and "Every yen amount" in p or p.startswith(title)]
    assert len(showing) >= 2 and all(p.startswith(title) or f"\n{title}" in p for p in showing), showing
    results = pages.index(next(p for p in pages if p.startswith("Every check result")))
    assert results < len(pages) - 2
    _results_placed(browser, printed)


def test_a_negative_figure_too_small_for_its_column_shows_the_digit_that_makes_it_nonzero(browser, reports):
    """Treasury stock of (93) thousand yen (Appendix 2 of the 1Q03 release) in a balance sheet in
    millions was 0 here, a figure the release printed hidden, and (0) in the workbook; it is (0.1),
    as `ledger eval` prints it, heard as "minus 0.1", and its column still lines up on the point."""
    _open(browser, reports["clean"])
    selector = '#st-balance_sheet .scroll td[data-key="treasury@2003-06-30"]'
    assert _seen(browser, browser.find_element(By.CSS_SELECTOR, selector)) == "(0.1)"
    assert _accessible_name(browser, selector) == "minus 0.1"
    edges = _last_digits(browser, "#st-balance_sheet .scroll table", 1, units=True)
    assert any(text.startswith("(0.1)") for text in edges), edges
    assert max(edges.values()) - min(edges.values()) < 1, edges
    evaluated = ledger("eval", str(ROOT / "books" / "iij"), "--statement", "balance_sheet")
    assert re.search(r"Treasury stock +\(0\.1\) ", evaluated.stdout), evaluated.stdout


def test_a_total_is_told_to_a_screen_reader_and_lines_up_with_the_figures_above_it(browser, reports):
    """A total was set apart only by its weight, which a screen reader does not say: its row heading
    is now "Total revenues (total)", "Operating income (loss) (total)", a line that is no total is
    read by its label alone. Its figures were bold, whose ")" and "%" are wider, and stood a pixel
    or more left of the column (four in a column of decimals): emboldened by a stroke instead, they
    end on the others' last digit and point, on screen and on paper."""
    _open(browser, reports["clean"])
    row = '#st-operations .scroll tr[data-item="{}"] th'
    assert _accessible_name(browser, row.format("rev.total")) == "Total revenues (total)"
    assert _accessible_name(browser, row.format("op.income")) == "Operating income (loss) (total)"
    assert _accessible_name(browser, row.format("rev.si")) == "Systems integration revenues"
    total = browser.find_element(By.CSS_SELECTOR, '#st-operations .scroll td[data-key="rev.total@1Q03"]')
    assert float(total.value_of_css_property("-webkit-text-stroke-width").removesuffix("px")) > 0
    try:
        for media in ("", "print"):
            browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": media})
            # (the USD column of the cash flows lines up on the point, its decimals being several)
            for table, column, every in (("#st-operations .scroll table", 1, (False, True)),
                                         ("#st-operations .scroll table", 3, (False, True)),
                                         ("#st-cash_flows .scroll table", 1, (True,))):
                for units in every:
                    edges = [right for text, right, bold in browser.execute_script(LAST_DIGITS, table, column, units)
                             if text[0] in "(0123456789"]  # (a digit's edge: an en dash stands for no figure)
                    totals = [right for text, right, bold in browser.execute_script(LAST_DIGITS, table, column, units)
                              if bold]
                    assert totals and max(edges) - min(edges) < 0.5, (media, table, column, units, edges)
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


def test_a_charts_table_writes_a_negative_as_the_statements_do(browser, reports):
    """The margins chart's table wrote the operating margin of 1Q03 as -12.7% under a statement that
    prints (12.7%): it is (12.7%) there too, heard as "minus 12.7%", and no figure reads with a minus;
    the sentence that sums a chart up, prose, keeps its minus."""
    _open(browser, reports["clean"])
    browser.execute_script("document.querySelectorAll('details.chart-data').forEach(function (d) { d.open = true; })")
    table = browser.find_element(By.CSS_SELECTOR, "#chart-margins table")
    headings = [th.text for th in table.find_elements(By.CSS_SELECTOR, "thead th")]
    rows = {tr.find_element(By.CSS_SELECTOR, "th").text: tr for tr in table.find_elements(By.CSS_SELECTOR, "tbody tr")}
    operating = rows["Operating margin"].find_elements(By.CSS_SELECTOR, "td")[headings.index("1Q03") - 1]
    assert _seen(browser, operating) == "(12.7%)" == _seen(browser, _cell(browser, "ratios", "Operating margin", "1Q03"))
    negative = '#chart-margins tbody tr:nth-child({}) td:nth-child({})'.format(
        list(rows).index("Operating margin") + 1, headings.index("1Q03") + 1)
    assert _accessible_name(browser, negative) == "minus 12.7%"
    # a bound set by another figure (op@4Q02 > op@3Q02): (567) in the table, heard and written minus
    stated = "#chart-guidance tbody tr:nth-child(3) td:nth-child(4)"
    assert _seen(browser, browser.find_element(By.CSS_SELECTOR, stated)) == ">(567)JPYmillions"
    assert _accessible_name(browser, stated) == "> minus 567 JPY millions"
    assert "met (> -567 JPY millions)" in browser.find_element(By.ID, "guidance-summary").get_attribute("textContent")
    figures = browser.execute_script(
        "return Array.from(document.querySelectorAll('figure.chart tbody td')).map(function (td) {"
        "  return td.textContent; })")
    assert len(figures) > 20 and not any(text.startswith("-") for text in figures), figures


def test_the_report_of_the_iij_books_with_every_hostile_edit_reads_as_text(browser, tmp_path):
    """The IIJ books with every edit of tests/report/test_hostile_books.py made at once (markup,
    quotes and right-to-left text in labels, a 500-character label, a 30-digit figure, a missing
    row, no entity, a rate of 0, sixty quarters): the page runs no script of theirs and logs no
    error, shows each label as written, and prints the sixty quarters as tables of eight."""
    from report.test_hostile_books import EVERY_EDIT, RELEASE as EDITED, hostile

    for name, text in hostile(EVERY_EDIT).items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    _open(browser, _report(tmp_path / EDITED, tmp_path / "out"))
    assert browser.title.endswith("checked statements") and browser.get_log("browser") == []
    labels = [th.get_attribute("textContent") for th in
              browser.find_elements(By.CSS_SELECTOR, "#st-operations .scroll tbody th")]
    assert "<script>document.title = 'owned'</script>" in labels
    assert any(label.startswith("=HYPERLINK(") for label in labels)
    assert any(len(label.removesuffix(" (total)")) == 500 for label in labels)  # (said to a screen reader)
    try:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
        parts = browser.find_elements(By.CSS_SELECTOR, "#st-operations .print-parts table")
        assert len(parts) == 8 and all(
            len(p.find_elements(By.CSS_SELECTOR, "thead tr:last-child th")) <= 9 for p in parts)
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


def test_a_cell_with_no_figure_says_why_to_a_screen_reader(browser, tmp_path):
    """A cell with no figure was read "blank", which leaves a listener to wonder whether the page
    failed: it is named "not printed" (a quarter the books do not report), "not computable" (a
    change whose prior year is not printed) or "not applicable" (earnings per share as a % of
    revenues), and still looks empty; a chart's table says "no figure" where it shows a dash."""
    books = tmp_path / "books"
    shutil.copytree(ROOT / "books" / "iij", books)
    # Columns no IIJ release prints together, over the book's own items: 2Q03 is a quarter after the
    # releases, and 1Q02's year before is in none of them.
    with (books / "iij.iij").open("a", encoding="utf-8") as book:
        book.write('\nstatement absent "Figures the books lack" in JPY millions\n'
                   "  columns 1Q02 2Q03 yoy%(1Q02) share%(1Q02, rev.total)\n  rev.total\n  eps.basic\n")
    _open(browser, _report(books, tmp_path / "out"))
    cell = '#st-absent .scroll td[data-key="{}"]'
    assert _accessible_name(browser, cell.format("rev.total@1Q02")) == "9,849"
    assert _accessible_name(browser, cell.format("rev.total@2Q03")) == "not printed"
    assert _accessible_name(browser, cell.format("yoy%(rev.total)@1Q02")) == "not computable"
    assert _accessible_name(browser, cell.format("share%(eps.basic, rev.total)@1Q02")) == "not applicable"
    assert _accessible_name(browser, cell.format("share%(rev.total, rev.total)@1Q02")) == "100.0%"
    assert _seen(browser, browser.find_element(By.CSS_SELECTOR, cell.format("rev.total@2Q03"))) == ""
    browser.execute_script("document.querySelectorAll('details.chart-data').forEach(function (d) { d.open = true; })")
    table = browser.find_element(By.CSS_SELECTOR, "#chart-revenue table")
    headings = [th.text for th in table.find_elements(By.CSS_SELECTOR, "thead th")]
    dash = "#chart-revenue tbody tr:first-child td:nth-child({})".format(headings.index("2Q02") + 1)
    assert _seen(browser, browser.find_element(By.CSS_SELECTOR, dash)) == "–"
    assert _accessible_name(browser, dash) == "no figure"


# What of a cell forced colours keep (they replace its colours and drop its shadow): its left border,
# as the cell's own, as its legend sample draws it, and a plain figure's. (Not its weight: a total's
# figures are all of one weight, whatever their state.)
MARKS = """
function mark(e) { var c = getComputedStyle(e); return c.borderLeftStyle + " " + c.borderLeftWidth; }
var out = {};
["error", "acknowledged", "note"].forEach(function (state) {
  var cells = Array.from(document.querySelectorAll(".scroll td.state-" + state));
  out[state] = {cells: Array.from(new Set(cells.map(mark))), sample: mark(document.querySelector(".sample.state-" + state))};
});
out.plain = mark(document.querySelector("#st-operations .scroll td.origin-printed:not([class*=state-])"));
return out;
"""


def test_in_forced_colours_a_violation_an_acknowledged_one_and_a_note_still_differ(browser, reports):
    """In forced colours (Windows high contrast) the reader's colours replace the fills and the inset
    edge that set the states apart, and an acknowledged violation, a note and a plain figure looked
    the same. There each state keeps a left edge of its own, which its legend sample shows too."""
    _open(browser, reports["broken"])
    try:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia",
                                {"features": [{"name": "forced-colors", "value": "active"}]})
        assert browser.execute_script("return matchMedia('(forced-colors: active)').matches")
        marks = browser.execute_script(MARKS)
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})
    states = ("error", "acknowledged", "note")
    assert all(marks[s]["cells"] == [marks[s]["sample"]] for s in states), str(marks)
    assert len({marks[s]["sample"] for s in states} | {marks["plain"]}) == 4, marks


# The smallest text of each chart as drawn on the screen, in CSS pixels, and how far its plot scrolls.
CHART_TEXT = """
var out = {};
document.querySelectorAll("figure.chart").forEach(function (figure) {
  var svg = figure.querySelector("svg");
  var scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  var sizes = Array.from(svg.querySelectorAll("text")).map(function (t) { return parseFloat(getComputedStyle(t).fontSize) * scale; });
  var plot = svg.parentElement;
  out[figure.id] = [Math.min.apply(null, sizes), plot.scrollWidth - plot.clientWidth];
});
return out;
"""


def test_on_a_phone_a_charts_text_stays_readable(browser, reports):
    """At a phone's 360 pixels a chart was squeezed to the page's width and drew its ticks and legend
    at 5 pixels, which no one reads: it keeps the size it was drawn at, within a tenth or so of the
    desktop's, and its plot scrolls sideways inside the page, which itself does not."""
    sizes = {}
    try:
        for width in (1280, 360):
            browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                    {"width": width, "height": 800, "deviceScaleFactor": 1, "mobile": width < 500})
            _open(browser, reports["clean"])
            sizes[width] = browser.execute_script(CHART_TEXT)
            overflow = browser.execute_script(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, (width, overflow)
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    assert sizes[1280].keys() == sizes[360].keys() and len(sizes[360]) == 3
    for chart, (smallest, scrolls) in sizes[360].items():
        assert smallest >= 0.85 * sizes[1280][chart][0] and smallest >= 7.5, sizes
        assert scrolls > 0 and sizes[1280][chart][1] <= 0, sizes


def test_on_paper_a_date_in_a_column_heading_is_never_broken(browser, reports):
    """Printed, the balance sheet's share columns were headed "% of Total assets 2003-" with "06-30"
    on a line of its own, a date a reader had to put back together: a heading wraps at its spaces."""
    pages = _printed_pages(browser, reports["clean"])
    balance = next(p for p in pages if p.startswith("Consolidated balance sheets (in JPY millions)"))
    headings = balance[:balance.index("\nCash ")]
    assert re.findall(r"\d{4}-\d\d-\d\d", headings) == ["2003-06-30", "2003-06-30", "2002-06-30", "2003-03-31",
                                                        "2003-03-31"], headings
    assert not re.search(r"\d-\s", headings), headings


def test_a_reader_who_asks_for_dark_pages_gets_one_every_text_readable_and_paper_stays_light(browser, reports):
    """The page ignored prefers-color-scheme: a reader who keeps a dark screen got a white page, the
    only glare among their windows. On screen it is dark, each text 4.5:1 or more against its ground,
    an open check's panel too, and a chart keeps the white ground its colours were drawn for; printed,
    it is the light page still."""
    ground = "return getComputedStyle(document.body).backgroundColor"
    plot = "return getComputedStyle(document.querySelector('figure.chart .plot')).backgroundColor"
    try:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia",
                                {"features": [{"name": "prefers-color-scheme", "value": "dark"}]})
        for page in reports.values():
            _open(browser, page)
            assert browser.execute_script(ground) == "rgb(18, 21, 24)"
            assert browser.execute_script(plot) == "rgb(255, 255, 255)"
            assert browser.execute_script(CONTRAST) == []
        browser.find_element(By.CSS_SELECTOR, "td.state-error button.fig").click()
        assert browser.find_element(By.CSS_SELECTOR, ".detail:not([hidden])").is_displayed()
        assert browser.execute_script(CONTRAST) == []
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia",
                                {"media": "print", "features": [{"name": "prefers-color-scheme", "value": "dark"}]})
        assert browser.execute_script(ground) == "rgb(255, 255, 255)"
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "", "features": []})


# Each statement's (or table's) scroll area: its name, whether its table is wider than it, and its tabindex.
SCROLL_AREAS = """
return Array.from(document.querySelectorAll(".scroll[role=region]")).filter(function (area) {
  return area.checkVisibility();  // not in a chart's closed "numbers" nor a statement printed in parts
}).map(function (area) {
  return [area.closest("[id]").id, area.scrollWidth > area.clientWidth, area.getAttribute("tabindex")];
});
"""


def test_a_scroll_area_is_a_tab_stop_only_where_its_table_is_wider_than_it(browser, reports):
    """Every statement's scroll area was a Tab stop, where its table fitted too: a keyboard reader
    pressed Tab through stops that did nothing. An area is a stop only while its table overflows it,
    named by its statement's heading, and there the arrow keys scroll it; a narrower window makes the
    same area a stop, and a wider one takes the stop away again."""
    _open(browser, reports["clean"])
    wide = browser.execute_script(SCROLL_AREAS)
    fitting = [area for area in wide if not area[1]]
    assert len(fitting) >= 5 and all(tabindex is None for _, _, tabindex in fitting), wide
    assert all(tabindex == "0" for _, overflows, tabindex in wide if overflows), wide
    # by the keyboard: from the skip link, Tab passes over the summary's table, which fits, to the contents
    browser.find_element(By.CSS_SELECTOR, "a.skip").send_keys("")  # focuses it
    assert browser.switch_to.active_element.get_attribute("class") == "skip"
    ActionChains(browser).send_keys(Keys.TAB).perform()
    assert browser.switch_to.active_element.get_attribute("href").endswith("#charts")
    try:
        browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                {"width": 360, "height": 800, "deviceScaleFactor": 1, "mobile": False})
        # the page is told of its new width once the next frame is drawn: wait for it, a few seconds at most
        def agreed(b):
            areas = b.execute_script(SCROLL_AREAS)
            return areas if all((tabindex == "0") == overflows for _, overflows, tabindex in areas) else None
        narrow = WebDriverWait(browser, 5).until(agreed, str(browser.execute_script(SCROLL_AREAS)))
        assert ["operations", True, "0"] in [[name.removeprefix("st-"), o, t] for name, o, t in narrow]
        assert _accessible_name(browser, "#st-operations .scroll") == \
            browser.find_element(By.CSS_SELECTOR, "#st-operations h3").text
        area = browser.find_element(By.CSS_SELECTOR, "#st-operations .scroll")
        browser.execute_script("arguments[0].focus()", area)
        ActionChains(browser).send_keys(Keys.ARROW_RIGHT * 4).perform()
        WebDriverWait(browser, 5).until(lambda b: b.execute_script("return arguments[0].scrollLeft", area) > 0,
                                        "the arrow keys did not scroll the focused area")
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    browser.execute_script("document.activeElement.blur()")
    WebDriverWait(browser, 5).until(lambda b: b.execute_script(SCROLL_AREAS) == wide, "the stops of a wide window")


def _flat(text: str) -> str:
    """A text as the PDF's text and the page's both give it: no spaces, "fi" for the ligature the
    PDF's fonts set, and "-" for the minus sign (U+2212) matplotlib writes before a negative tick."""
    import unicodedata

    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).replace("\u2212", "-")


def _drawings(browser) -> dict[str, list[list[str]]]:
    """Each chart's drawings, as the texts each draws, by chart id."""
    drawings = {}
    for chart in browser.find_elements(By.CSS_SELECTOR, "figure.chart"):
        drawings[chart.get_attribute("id")] = [
            [_flat(t.get_attribute("textContent")) for t in svg.find_elements(By.CSS_SELECTOR, "text")]
            for svg in chart.find_elements(By.CSS_SELECTOR, ".plot svg")]
    return drawings


def _page_of_drawing(pages: list[str], caption: str, texts: list[str]) -> int:
    """The page (from 1) that holds every text of one drawing, and its caption where it has one."""
    found = [n for n, text in enumerate(pages, 1) if all(t in text for t in texts) and caption in text]
    assert found, f"no page holds the whole drawing {caption or texts[:3]}: it was cut"
    return found[0]


def _chart_pages(browser, pages: list[str]) -> dict[str, list[int]]:
    """For each chart, the page of each of its drawings: each drawing whole on one page, with its caption."""
    pages = [_flat(text) for text in pages]
    out = {}
    for chart, drawings in _drawings(browser).items():
        caption = _flat(browser.find_element(By.CSS_SELECTOR, f"#{chart} figcaption").text)
        out[chart] = [_page_of_drawing(pages, caption if n == 0 else "", texts) for n, texts in enumerate(drawings)]
    return out


def test_on_paper_the_charts_start_under_the_summary_and_no_drawing_is_cut(browser, tmp_path):
    """Printed, the iij-annual report left most of page 1 blank under the summary: its chart of six
    guidance statements, one drawing that might not be split, was carried whole to page 2. Each
    guidance is its own drawing; the page turns between two of them, never inside one."""
    page = _report(ROOT / "books" / "iij-annual", tmp_path / "annual")
    pages = _printed_pages(browser, page)
    assert all(t in _flat(pages[0]) for t in ("Charts", "Guidanceagainstactuals", "Financial")), pages[0]
    assert len(_chart_pages(browser, pages)["chart-guidance"]) >= 4


# The released documents of tests/draft/data that are not IIJ's, drafted into books of their own:
# a report of the IIJ books beside them has a summary of nine books, whose table fills half a page.
RELEASES = ("cik832767-2q08-exhibit-99-1.html", "cik890564-2q08-exhibit-99-1.html",
            "fujitsu-frontech-fy2019-tanshin.html", "innovex-4q05-exhibit-99-1.html",
            "meade-3q07-exhibit-99-1.html", "park-2q10-exhibit-99-1.html")


@pytest.fixture(scope="module")
def beside_drafts(tmp_path_factory):
    """The report of the IIJ books and of the drafts of six other companies' releases, in one."""
    base = tmp_path_factory.mktemp("drafts")
    books, drafts = base / "iij", base / "drafts"
    shutil.copytree(ROOT / "books" / "iij", books)
    drafts.mkdir()
    for release in RELEASES:
        done = ledger("draft", str(ROOT / "tests" / "draft" / "data" / release),
                      "-o", str(drafts / release.replace(".html", ".iij")))
        assert done.returncode == 0, done.stderr
    done = ledger("report", str(books), str(drafts), "-o", str(base / "out"))
    assert "Traceback" not in done.stderr and done.returncode == 1, done.stderr  # the drafts' own errors
    return base / "out" / "index.html"


@pytest.mark.parametrize("paper, expected", [
    (A4, {"chart-revenue": [1], "chart-margins": [2], "chart-guidance": [2, 2, 3, 3]}),
    (LETTER, {"chart-revenue": [2], "chart-margins": [2], "chart-guidance": [3, 3, 3, 3]}),
], ids=["A4", "Letter"])
def test_on_paper_a_chart_that_does_not_fit_carries_only_its_drawing_over(browser, beside_drafts, paper, expected):
    """Printed under a summary of nine books, the revenue chart, one drawing kept whole with its sentence,
    was carried to page 2 and left half of page 1 blank, and the margins chart did the same to page 2
    (the statements began on page 4 of A4, 5 of Letter). Now only a drawing is kept whole, with its
    caption; the sentence under it may turn the page, and a drawing takes at most 40% of a page, so
    the two line charts share one, and the statements begin a page earlier."""
    pages = _printed_pages(browser, beside_drafts, paper)
    assert _chart_pages(browser, pages) == expected
    statements = next(n for n, text in enumerate(pages, 1) if "Statements\nConsolidated statements of op" in text)
    assert statements == expected["chart-guidance"][-1] + (0 if paper == A4 else 1), statements
    if paper == A4:  # the revenue chart under the summary, its sentence on the next page above the margins
        assert "Summary" in pages[0] and pages[1].startswith("Total revenues and its lines"), pages[1][:100]


def test_on_a_landscape_page_no_drawing_is_cut_and_no_sentence_prints_alone(browser, reports):
    """On a landscape A4 page a line chart, scaled to the page's width, was taller than the page: its foot
    (the legend) was cut off onto page 3, which held nothing else but its sentence. A drawing is printed no
    taller than the page holds, so each is whole on one page, and every page holds more than a sentence."""
    pages = _printed_pages(browser, reports["clean"], A4, landscape=True)
    placed = _chart_pages(browser, pages)
    assert placed["chart-revenue"] == [2] and placed["chart-margins"] == [3], placed
    sentences = [_flat(p.text) for p in browser.find_elements(By.CSS_SELECTOR, "figure.chart .alt")]
    assert len(sentences) == 3 and not [text for text in pages if _flat(text) in sentences], pages[:4]


def test_on_narrow_paper_a_chart_is_scaled_to_the_page_not_cut(browser, reports):
    """On A5 paper, narrower than 40rem, the phone's rules applied: each drawing kept its 32rem and
    printed in a box with a scroll bar, its right side cut. Narrow paper is not a phone: a drawing is
    scaled to the printed width, and every text of it is on the page."""
    pages = _printed_pages(browser, reports["clean"], A5)
    _chart_pages(browser, pages)
    try:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
        browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",  # an A5 page within 1 cm margins
                                {"width": 484, "height": 735, "deviceScaleFactor": 1, "mobile": False})
        widths = browser.execute_script(
            "return Array.from(document.querySelectorAll('figure.chart .plot')).map(function (plot) {"
            "  return [plot.scrollWidth - plot.clientWidth, plot.querySelector('svg').getBoundingClientRect().width,"
            "          plot.clientWidth, getComputedStyle(plot).overflowX]; })")
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    assert len(widths) == 3 and all(over <= 0 and svg <= plot + 0.5 and overflow == "visible"
                                    for over, svg, plot, overflow in widths), widths


# A result's number (the list's marker), its head (state, code and place) and the end of its text.
RESULTS = """
return Array.from(document.querySelectorAll("ol.findings > li")).map(function (li, n) {
  return [n + 1, li.classList.contains("long"), li.querySelector("p").textContent, li.lastElementChild.textContent];
});
"""


def _results_placed(browser, printed: list) -> list[int]:
    """Asserts that each result of at most half a page is whole on one page, and that each longer one
    starts on the page where the one before it ends, or on the next where that page is full (its text
    reaches 90% of the way down); the numbers of the longer ones."""
    pages = [_flat(page.extract_text()) for page in printed]
    results = browser.execute_script(RESULTS)
    first = next(n for n, text in enumerate(pages) if "Everycheckresult" in text)

    def page_of(text: str, after: int) -> int:
        return next(n for n in range(after, len(pages)) if text in pages[n])

    ended = first  # the page where the result before ends (the same words end several)
    for number, long, head, end in results:
        start = page_of(f"{number}.{_flat(head)}", ended)
        if long and start != ended:
            assert start == ended + 1 and _depth(printed[ended]) > 0.9, \
                f"result {number} was carried to page {start + 1}, leaving page {ended + 1} blank below " \
                f"{_depth(printed[ended]):.0%} of its height"
        ended = page_of(_flat(end)[-40:], start)
        assert long or ended == start, f"result {number} is cut"
    return [number for number, long, _, _ in results if long]


@pytest.mark.parametrize("paper", [A4, LETTER], ids=["A4", "Letter"])
def test_on_paper_a_result_longer_than_half_a_page_starts_where_the_one_before_it_ends(browser, beside_drafts, paper):
    """A draft's results list the rows no check reaches, thirty notes and more: kept whole, such a result
    was carried to a new page, which it overran all the same, and left the page before it nearly blank
    (87% of page 8 on A4, 91% of page 10 on Letter). A result of more than half a page now starts under
    the one before it, its number and code kept with its message; a shorter one is still whole."""
    long = _results_placed(browser, _printed(browser, beside_drafts, paper))
    assert len(long) >= 3, long
