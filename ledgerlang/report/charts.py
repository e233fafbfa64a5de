"""Charts for the report, drawn by matplotlib's SVG backend at build time and inlined.

Three kinds: a line per revenue line over the quarters the ledger has, the
margins over the same quarters, and each guidance against the actual that
came in. Each chart carries a text alternative: a one-sentence summary and
the table of the numbers it draws. Figures are exact Decimals everywhere
else; here, and only here, they become floats, as positions on a drawing.
"""

from __future__ import annotations

import contextlib
import io
import re
import warnings
from decimal import MAX_EMAX, MIN_EMIN, Context, Decimal

from ledgerlang.check import guidance as guidance_check
from ledgerlang.evaluate.compute import Evaluation
from ledgerlang.evaluate.interval import of_reported
from ledgerlang.model.book import Book
from ledgerlang.model.expr import Ref, refs, show
from ledgerlang.model.period import Duration, label, shift, sort_key
from ledgerlang.model.record import frozen
from ledgerlang.model.unit import SCALE_NAMES
from ledgerlang.render.places import nonzero_places
from ledgerlang.visible import visible

# Colours with at least 3:1 contrast against white, told apart by marker shape as well.
PALETTE = ("#1f5fa8", "#b3480f", "#2f7d32", "#7b3fa0", "#a3123a", "#4d5b67", "#00707a")
MARKERS = ("o", "s", "^", "D", "v", "P", "X")

# Every drawing's width, in inches: report.css prints none wider, so that its text keeps the size it was set in.
WIDTH = 7.2


@frozen
class Chart:
    id: str
    title: str
    svg: str
    summary: str  # one sentence: what the chart shows
    headers: tuple[str, ...]  # the text alternative, as a table
    rows: tuple[tuple[str, ...], ...]


def charts(book: Book, evaluation: Evaluation) -> list[Chart]:
    out = []
    for build in (revenue_chart, margin_chart, guidance_chart):
        chart = build(book, evaluation)
        if chart is not None:
            out.append(chart)
    return out


# A chart names every quarter on its axis, and its table has a column for every quarter, up to
# this many quarters; over a longer span the axis is marked every so many years and the table
# lists the quarters that have a figure.
EVERY_QUARTER = 24


def _quarters(evaluation: Evaluation, items: list[str]) -> list[Duration]:
    """Every quarter from the first to the last the items have a value for, gaps included,
    so that the distance between two points is the time between them (at most the 40,000
    quarters of the years a period may name)."""
    found = sorted({p for (i, p) in evaluation.values if i in items and isinstance(p, Duration)
                    and p.quarters == 1 and evaluation.values.get((i, p)) is not None}, key=sort_key)
    if not found:
        return []
    out = [found[0]]
    while out[-1] != found[-1]:
        out.append(shift(out[-1], 1))
    return out


def _series(book: Book, evaluation: Evaluation, items: list[str], scaled):
    """(quarters, [(label, values)]) of the items with at least two points, the quarters cut to
    the first and the last that one of them has a value for: a chart names no quarter no book reports."""
    periods = _quarters(evaluation, items)
    series = []
    names = _names(book, items)
    for item in items:
        points = [_point(evaluation, item, p) for p in periods]
        if sum(v is not None for v in points) >= 2:
            series.append((names[item], [None if v is None else scaled(v) for v in points]))
    if not series:
        return [], []
    known = [n for n in range(len(periods)) if any(values[n] is not None for _, values in series)]
    first, last = known[0], known[-1] + 1
    return periods[first:last], [(name, values[first:last]) for name, values in series]


def _names(book: Book, items: list[str]) -> dict[str, str]:
    """Each item's name in a chart: its label, and its id beside a label two items share (two lines
    called "Other" could not be told apart in the legend or the table)."""
    labels = [book.items[i].label if book.items[i].label.strip() else i for i in items]  # a blank one: the id
    return {i: f"{label} ({i})" if labels.count(label) > 1 else label for i, label in zip(items, labels)}


def _columns(labels: list[str], series) -> tuple[list[str], list, str]:
    """The text alternative's columns: every quarter of a short span; over a long one the quarters
    with a figure, and a word on those left out."""
    if len(labels) <= EVERY_QUARTER:
        return labels, series, ""
    kept = [n for n in range(len(labels)) if any(values[n] is not None for _, values in series)]
    left = len(labels) - len(kept)
    note = (f" ({left:,} quarter{'' if left == 1 else 's'} between them with no figure "
            f"{'is' if left == 1 else 'are'} left out of the table)" if left else "")
    return [labels[n] for n in kept], [(name, [values[n] for n in kept]) for name, values in series], note


def _revenue_total(book: Book) -> tuple[str, int] | None:
    """The item a statement's share-of column divides by (revenue), and that statement's scale."""
    for statement in book.statements:
        for column in statement.columns:
            item = book.items.get(column.total or "")
            if column.function == "share%" and item is not None and item.is_flow and not item.unit.is_pure:
                return item.id, statement.scale
    return None


def revenue_chart(book: Book, evaluation: Evaluation) -> Chart | None:
    found = _revenue_total(book)
    if found is None:
        return None
    total, scale = found
    definition = evaluation.definitions.get(total)
    items = [r.item for r in refs(definition.expr)] if definition else []
    items = list(dict.fromkeys(items + [total]))
    periods, series = _series(book, evaluation, items, lambda v: _shift(v, -scale))
    if len(periods) < 2:
        return None
    unit = f"{book.items[total].unit} {SCALE_NAMES[scale]}" if scale else str(book.items[total].unit)
    labels = [label(p) for p in periods]
    svg = _lines("revenue", labels, series, unit, percent=False)
    latest = labels[-1]
    last = {name: values[-1] for name, values in series}
    shown, series, left_out = _columns(labels, series)
    name = _names(book, items)[total]
    summary = (f"{name} and its lines for each quarter from {labels[0]} to {latest}, in {unit}"
               + (f"; in {latest} {name.lower()} were {_fmt(last[name], 0)}"
                  if last.get(name) is not None else "") + left_out + ".")
    rows = tuple((name, *(_figure(v, 0) for v in values)) for name, values in series)
    return Chart("chart-revenue", f"Revenues by line, per quarter ({unit})", svg, summary, ("", *shown), rows)


def margin_chart(book: Book, evaluation: Evaluation) -> Chart | None:
    items = []
    for statement in book.statements:
        for line in statement.lines:
            item = book.items[line.item]
            if item.percent and item.is_flow and line.item not in items:
                items.append(line.item)
    periods, series = _series(book, evaluation, items, lambda v: _shift(v, 2))
    if len(periods) < 2:
        return None
    labels = [label(p) for p in periods]
    svg = _lines("margins", labels, series, "%", percent=True)
    shown, series, left_out = _columns(labels, series)
    count = "1 margin" if len(series) == 1 else f"{len(series)} margins"
    summary = f"{count} for each quarter from {labels[0]} to {labels[-1]}, in percent of revenue{left_out}."
    rows = tuple((name, *(_figure(v, 1, "%") for v in values)) for name, values in series)
    return Chart("chart-margins", "Margins, per quarter (%)", svg, summary, ("", *shown), rows)


def _point(evaluation: Evaluation, item: str, period) -> Decimal | None:
    value = evaluation.value(item, period)
    return None if value is None else value.point


# Wide enough for every digit of a figure (30) at any scale: the default context's 28 digits
# rounded a long figure's last digits away in a chart's table, and could not quantize it at all.
EXACT = Context(prec=1000, Emax=MAX_EMAX, Emin=MIN_EMIN)


def _shift(value: Decimal, places: int) -> Decimal:
    """`value` times ten to the `places`, every digit kept."""
    return value.scaleb(places, EXACT)


def _fmt(value: Decimal | None, places: int, suffix: str = "") -> str:
    """A figure for a sentence, with a minus: at `places`, or the decimals that show a value that
    is not zero (render/places.py), never "-0"."""
    if value is None:
        return "–"
    shown = value.quantize(Decimal(1).scaleb(-nonzero_places(value, 0, places, False)), context=EXACT)
    return f"{shown.copy_abs() if shown == 0 else shown:,f}{suffix}"


def _figure(value: Decimal | None, places: int, suffix: str = "") -> str:
    """A figure for a chart's table, as the statements beside it print one: a negative in
    parentheses, (12.7%), where the table said -12.7% under a statement that says (12.7%)."""
    text = _fmt(value, places, suffix)
    return f"({text[1:]})" if text.startswith("-") else text


def _guidance_rows(book: Book, evaluation: Evaluation):
    """(label, scale, percent, low, high, actual, verdict) for each guidance with an actual."""
    rows = []
    for g in book.guidance:
        actual = evaluation.evaluate(g.expr, g.period)
        if actual is None or actual.interval is None:
            continue
        percent = any(book.items.get(r.item) and book.items[r.item].percent for r in refs(g.expr)) or \
            str(show(g.expr)).startswith(("yoy%", "qoq%", "share%"))
        bound = g.high or g.low
        scale = -2 if percent else (bound.scale if bound else guidance_check._scale_of(g, evaluation))
        low = high = None
        if g.op == "in":
            low, high = of_reported(g.low).lo, of_reported(g.high).hi
        elif g.rhs is not None:
            other = evaluation.evaluate(g.rhs, g.period)
            if other is None:
                continue
            low = high = other.point
        elif g.low is not None:
            low = high = g.low.value
        verdict = guidance_check._verdict(g, actual.interval, evaluation)
        rows.append((g, scale, low, high, actual.point, verdict))
    return rows


def guidance_chart(book: Book, evaluation: Evaluation) -> Chart | None:
    rows = _guidance_rows(book, evaluation)
    if not rows:
        return None
    from matplotlib.figure import Figure

    with _style():
        # One drawing per guidance, stacked, rather than one drawing of them all: paper may turn a page
        # between two of them, never inside one, where a drawing of six taller than the space left on a
        # page was carried whole to the next and left that space blank.
        figures = [Figure(figsize=(WIDTH, 1.55 + (0.3 if i == 0 else 0)), layout="constrained")
                   for i in range(len(rows))]
        axes = [figure.subplots() for figure in figures]
        table, said = [], []  # said: each actual and bound as the summary's sentence gives them, with a minus
        for ax, (g, scale, low, high, actual, verdict) in zip(axes, rows):
            unit = "%" if scale == -2 else _unit(book, g, scale)

            def at(v):
                return float(_shift(v, -scale)) if v is not None else None

            lo, hi, act = at(low), at(high), at(actual)
            if g.op == "in":
                ax.barh(0, hi - lo, left=lo, height=0.5, color="#c9d8ec", edgecolor=PALETTE[0],
                        label="guided range")
                stated = prose = f"{g.low.text} to {g.high.text}"
            else:
                ax.axvline(lo, color=PALETTE[0], linestyle="--", linewidth=1.2, label=f"guided {g.op} bound")
                ax.annotate(f"guided {g.op} this", (lo, 0.3), xytext=(4, 0), textcoords="offset points",
                            fontsize=8, color=PALETTE[0], va="center")
                if g.low is not None and g.rhs is None:
                    stated = prose = f"{g.op} {g.low.text}"
                else:  # a bound set by another figure: in the table as the statements print it
                    bound, places = _shift(low, -scale), _other_places(evaluation, g, scale)
                    stated, prose = f"{g.op} {_figure(bound, places)}", f"{g.op} {_fmt(bound, places)}"
            ax.plot([act], [0], marker="D", color=PALETTE[1], markersize=8, linestyle="none", label="actual")
            span = [v for v in (lo, hi, act) if v is not None]
            pad = (max(span) - min(span)) * 0.25 or abs(act) * 0.1 or 1.0
            ax.set_xlim(min(span) - pad, max(span) + pad)
            ax.set_ylim(-0.6, 0.6)
            ax.set_yticks([])
            # the figure it concerns too: a release's one sentence often guides an amount and its change
            title = f"{_short(g.text, 60)} ({g.given}), {_short(str(show(g.expr)), 40)}: {verdict}"
            ax.set_title(title, loc="left", fontsize=9)
            ax.tick_params(axis="x", labelsize=8)
            ax.xaxis.set_major_formatter(_tick_formatter(""))  # 12,500 as the statements write it
            if unit:
                ax.set_xlabel(unit, fontsize=8, loc="right")
            table.append((_short(g.text, 70), str(show(g.expr)), g.given, stated + (f" {unit}" if unit and not stated.endswith(unit) else ""),
                          _figure(_shift(actual, -scale), _places(g, scale)) + (f" {unit}" if unit else ""), verdict))
            said.append((_fmt(_shift(actual, -scale), _places(g, scale)) + (f" {unit}" if unit else ""),
                         prose + (f" {unit}" if unit and not prose.endswith(unit) else "")))
        # One legend over them all, above the first chart's title rather than on it, naming every
        # kind of mark drawn (a bound below a range has its own).
        marks: dict[str, object] = {}
        for ax in axes:
            for handle, text in zip(*ax.get_legend_handles_labels()):
                marks.setdefault(text, handle)
        figures[0].legend(list(marks.values()), list(marks), loc="outside upper right", fontsize=8, frameon=False,
                          ncols=len(marks))
        # the first drawing is the chart's image, named by its caption and summary (which says every
        # guidance); the others are parts of it that a screen reader is not told twice
        svg = "\n".join(_svg(figure, "guidance", f"guidance-{i}" if i else None, hidden=i > 0)
                         for i, figure in enumerate(figures))
    count = "1 guidance statement" if len(rows) == 1 else f"{len(rows)} guidance statements"
    summary = (f"{count} against the actuals that came in: "
               + "; ".join(f"\u201c{r[0]}\u201d ({r[2]}), {r[1]}: actual {actual}, {r[5]} ({bound})"
                           for r, (actual, bound) in zip(table, said)) + ".")
    return Chart("chart-guidance", "Guidance against actuals", svg, summary,
                 ("guidance", "figure", "given", "stated", "actual", "verdict"), tuple(table))


def _other_places(evaluation: Evaluation, g, scale: int) -> int:
    """The decimals of the other figure a guidance compares with (op@4Q02 > op@3Q02), as it was
    printed: a bound of 0.000000000001 JPY is not "> 0"."""
    found = [f.value.exponent for r in refs(g.rhs) if (value := evaluation.value(r.item, evaluation.at(r, g.period)))
             is not None for f in value.facts] if g.rhs is not None else []
    return max(0, scale - min(found)) if found else 0


def _unit(book: Book, g, scale: int) -> str:
    item = next((book.items[r.item] for r in refs(g.expr) if r.item in book.items), None)
    unit = str(item.unit) if item is not None else ""
    return f"{unit} {SCALE_NAMES.get(scale, '')}".strip() if scale else unit


def _places(g, scale: int) -> int:
    """One digit more than the guidance was stated with, so that a close call shows."""
    bound = g.high or g.low
    return max(0, scale - bound.exponent) + 1 if bound is not None and g.rhs is None else 0


def _ticks(labels: list[str]) -> list[int]:
    """The quarters the x axis names: every one over a short span; over a longer one a first
    quarter every 1, 2 or 5 times ten to the n years, so that some ten labels never overlap."""
    if len(labels) <= EVERY_QUARTER:
        return list(range(len(labels)))
    years = next(y * 10 ** n for n in range(5) for y in (1, 2, 5) if len(labels) / (4 * y * 10 ** n) <= 10)
    start = next((n for n, text in enumerate(labels[:4]) if text.startswith("1Q")), 0)
    return list(range(start, len(labels), 4 * years))


def _short(text: str, width: int) -> str:
    """`text` cut to `width` characters with an ellipsis (a label in full stays in the table):
    a long label must not squeeze the plot out of its chart."""
    text = visible(" ".join(text.split()))  # a bidirectional override would reverse what follows it
    return text if len(text) <= width else text[:width - 1].rstrip() + "\u2026"


def _lines(name: str, labels: list[str], series, unit: str, percent: bool) -> str:
    from matplotlib.figure import Figure

    with _style():
        figure = Figure(figsize=(WIDTH, 4.4), layout="constrained")
        ax = figure.subplots()
        xs = list(range(len(labels)))
        for n, (series_label, values) in enumerate(series):
            # A quarter without a value breaks the line: no slope is drawn where none is known.
            ys = [float("nan") if v is None else float(v) for v in values]
            ax.plot(xs, ys, marker=MARKERS[n % len(MARKERS)],
                    color=PALETTE[n % len(PALETTE)], linewidth=1.8, markersize=5, label=_short(series_label, 60))
        ticks = _ticks(labels)
        ax.set_xticks(ticks, [labels[n] for n in ticks])
        ax.yaxis.set_major_formatter(_tick_formatter("%" if percent else ""))
        ax.set_ylabel(unit)
        ax.grid(axis="y", color="#d0d4d8", linewidth=0.6)
        if percent:
            ax.axhline(0, color="#4d5b67", linewidth=0.8)
        ax.spines[["top", "right"]].set_visible(False)
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), fontsize=8, frameon=False, ncols=2)
        return _svg(figure, name)


# Text that is the book's (labels, titles, guidance) is drawn as it is: with mathtext off, "$1.0B
# to $1.1B" is two dollar amounts, not a formula. The report starts from matplotlib's defaults, so a
# user's matplotlibrc (text.usetex, fonts, styles) changes neither what a chart says nor its bytes.
STYLE = {
    "text.parse_math": False,
    "text.usetex": False,
    "svg.fonttype": "none",  # text stays text: selectable, searchable, sharp at any zoom
    "svg.hashsalt": "ledgerlang",  # the same book draws the same SVG
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.edgecolor": "#4d5b67",
    "axes.labelcolor": "#1b1f23",
    "xtick.color": "#1b1f23",
    "ytick.color": "#1b1f23",
}

# What matplotlib warns about while it lays text out, none of it the reader's to act on: a glyph
# the layout font lacks (the browser draws the SVG text with its own fonts, which have it), and a
# layout that could not be fitted.
QUIET = ("Glyph .* missing from font", "constrained_layout not applied", "Matplotlib currently does not support")


def _places_for(ticks) -> int | None:
    """The fewest decimals that write every tick exactly (ticks at 1.25% steps need two), so that
    no two ticks read the same and none reads as a value it is not; None: too many for that."""
    ticks = sorted(ticks)
    step = min((b - a for a, b in zip(ticks, ticks[1:]) if b > a), default=max(map(abs, ticks), default=1.0)) or 1.0
    for places in range(0, 10):
        if all(abs(round(v, places) - v) <= step * 1e-6 for v in ticks):
            return places
    return None


TICK_WIDTH = 16


def _tick_formatter(suffix: str):
    from matplotlib.ticker import Formatter

    class Ticks(Formatter):
        """Axis ticks with thousands separators and as many decimals as their spacing needs."""

        places: int | None = 0
        compact = False

        def set_locs(self, locs):
            super().set_locs(locs)
            self.places = _places_for(locs)
            # Ticks of twenty digits overlap each other (a figure of 1E+29 on a guidance axis): past
            # TICK_WIDTH characters, every tick is written in four significant digits and an exponent.
            self.compact = any(len(self._full(v)) > TICK_WIDTH for v in locs)

        def _full(self, value) -> str:
            return f"{value:,.6g}" if self.places is None else f"{value:,.{self.places}f}"

        def __call__(self, value, pos=None):
            text = f"{value:.4g}" if self.compact else self._full(value)
            if text.startswith("-") and not text.strip("-0.,"):
                text = text[1:]  # a tick at zero is 0, never -0
            return text + suffix

    return Ticks()


@contextlib.contextmanager
def _style():
    import matplotlib

    with matplotlib.rc_context(), warnings.catch_warnings():
        matplotlib.rcdefaults()
        matplotlib.rcParams.update(STYLE)
        for message in QUIET:
            warnings.filterwarnings("ignore", message=message)
        yield


def _svg(figure, name: str, prefix: str | None = None, hidden: bool = False) -> str:
    """The figure as an SVG element for inlining: no XML prolog, sized by its viewBox, and
    ids prefixed (by `prefix`, the chart's `name` unless one chart has several drawings) so that
    several charts on one page never share one. A `hidden` drawing is a part of the chart's image
    that the first one names."""
    prefix = prefix or name
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    text = buffer.getvalue()
    text = text[text.index("<svg"):]
    text = re.sub(r'(<svg[^>]*?) width="[^"]*" height="[^"]*"', r"\1", text, count=1)
    text = re.sub(r'\bid="([^"]+)"', rf'id="{prefix}-\1"', text)
    text = re.sub(r'url\(#([^)]+)\)', rf'url(#{prefix}-\1)', text)
    text = re.sub(r'xlink:href="#([^"]+)"', rf'xlink:href="#{prefix}-\1"', text)
    named = 'aria-hidden="true"' if hidden else f'role="img" aria-labelledby="{name}-title {name}-summary"'
    text = text.replace("<svg ", f'<svg {named} preserveAspectRatio="xMidYMid meet" ', 1)
    return text.strip()


__all__ = ["Chart", "charts", "Ref"]
