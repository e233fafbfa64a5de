"""Statements and ratio tables as the book declares them, from evaluated values."""

from __future__ import annotations

import csv
import io
import shutil
import textwrap
from decimal import MAX_EMAX, MIN_EMIN, Context, Decimal

from ledgerlang.evaluate.compute import Evaluation, best_printing
from ledgerlang.model.book import Column, Line, Statement, column_rate
from ledgerlang.model.expr import Bin, Call, Edge, Neg, Ref
from ledgerlang.model.period import label, parse_period, sort_key
from ledgerlang.model.record import frozen
from ledgerlang.model.unit import SCALE_NAMES
from ledgerlang.render.grid import table as drawn_table
from ledgerlang.render.grid import width as text_width
from ledgerlang.render.heading import is_money, unit_note
from ledgerlang.render.places import nonzero_places
from ledgerlang.render.reported import Listing
from ledgerlang.visible import json_text, visible


# Where a shown figure comes from, per cell (json "origin", csv column "origin"; text marks two of them).
REPORTED = "reported"  # printed, at least as precisely as shown
COARSER = "reported-coarser"  # printed with fewer digits than shown: 12.5 billion shown as 12,500 (millions)
DERIVED = "derived"  # never printed: computed by the item's rule, or as the sum of its quarters
MEASURE = "measure"  # a yoy%, qoq%, share% or translation column, computed from the row's figures
MARKS = {DERIVED: "*", COARSER: "~"}
MAX_TRANSLATED_PLACES = 6  # a rate of a million units to the dollar: more decimals would only be noise


@frozen
class Row:
    """One line of a rendered statement, its values exact, with how each is to be shown."""

    item: str
    label: str
    values: tuple[Decimal | None, ...]
    places: tuple[int, ...]  # decimals to show, per cell
    percents: tuple[bool, ...]
    origins: tuple[str | None, ...]  # REPORTED, COARSER, DERIVED, MEASURE; None where there is no value
    printed: tuple[str | None, ...]  # the figure as printed ("12.5 billions"), for a reported cell
    scale: int  # the statement's scale for money; 0 for per-share amounts, counts and ratios
    units: tuple[str, ...] = ()  # each cell's unit as a book writes it (JPY, USD, JPY/shares); "" for a %


@frozen
class Grid:
    """A rendered statement before formatting: header, row labels, exact values."""

    id: str
    title: str
    scale: int
    header: tuple[str, ...]  # each column as declared: 1Q03, yoy%(1Q03), share%(1Q03, rev.total)
    rows: tuple[Row, ...]
    titles: tuple[str, ...] = ()  # the headings a reader sees
    unit: str = ""  # what the heading says of the figures: "in JPY millions" (render/heading.py)
    headings: tuple[str, ...] = ()  # `titles`, a translated column naming its scale: "USD millions"


def grid(statement: Statement, evaluation: Evaluation, periods=None, printed_places: bool = False) -> Grid:
    """`printed_places`: money to the finest digit printed (for the statement of every reported
    figure, whose scale no one chose), not to the statement's whole units."""
    exponents = _Exponents(evaluation)
    columns = [c for c in statement.columns if periods is None or c.period in periods]
    rows = []
    for line in statement.lines:
        item = evaluation.book.items[line.item]
        # A statement's scale is for money, as a table's is: per-share amounts and counts in units.
        scale = statement.scale if is_money(item, evaluation) else 0
        values, places, percents, origins, printed, units = [], [], [], [], [], []
        for column in columns:
            units.append(_cell_unit(evaluation, item, column))
            expr = Ref(line.item, Edge(line.edge) if line.edge else None)
            if line.negated:
                expr = Neg(expr)
            percent = item.percent
            if column.function is not None:
                expr = measure(evaluation.book, line, column)
                if expr is None:
                    values.append(None), places.append(0), percents.append(False)
                    origins.append(None), printed.append(None)
                    continue
                percent = column.function in ("yoy%", "qoq%", "share%")
            found = evaluation.evaluate(expr, column.period)
            values.append(found.point if found else None)
            percents.append(percent)
            shown_places = _places(item, evaluation, percent, exponents, scale if printed_places else None)
            if isinstance(expr, Call) and expr.rate is not None:
                shown_places += translated_places(evaluation.book.rates[expr.rate])
            places.append(shown_places)
            origin, figure = (None, None) if found is None else _origin(
                evaluation, line.item, expr, column, (-2 if percent else scale) - shown_places)
            origins.append(origin)
            printed.append(figure)
        label_text = ("  " if line.edge or line.negated else "") + item.label
        if line.edge:
            label_text += f" ({'beginning' if line.edge == 'open' else 'end'} of period)"
        if scale != statement.scale and not item.percent:
            # shown in units of its own: a per-share amount or a count in a statement in millions
            label_text += f" (in {'units' if item.unit.is_pure else item.unit})"
        elif not item.percent and not is_money(item, evaluation) and _currency_of(item, evaluation):
            # an amount per share under a heading that names no currency ("Per share data"):
            # (87,970) alone left the reader to guess yen, dollars, or a count
            label_text += f" (in {item.unit})"
        elif statement.currency is not None and is_money(item, evaluation) and item.unit.num[0] != statement.currency:
            # money in another currency than the statement's: a USD row in a statement in JPY millions
            label_text += f" (in {item.unit.num[0]})"
        rows.append(Row(line.item, label_text, tuple(values), tuple(places), tuple(percents), tuple(origins),
                        tuple(printed), scale, tuple(u if v is not None else "" for u, v in zip(units, values))))
    header = tuple(c.text for c in columns)
    return Grid(statement.id, statement.title, statement.scale, header, tuple(rows), titles(columns, evaluation),
                unit_note(statement, evaluation), titles(columns, evaluation, statement.scale))


def measure(book, line: Line, column: Column) -> Call | None:
    """A measure column's expression for a line: yoy%(x), share%(x, total), USD(x) at a rate that
    translates the line's currency. None where the measure means nothing for the line, as the checks
    hold it for a printed one (a unit-mismatch): a share of a total in another unit (a margin, a
    share count or a per-share amount as a % of revenues), a translation of a ratio, a count, or a
    figure in a currency no rate translates into this one (or no one rate: `column_rate`, which the
    build has reported)."""
    item = book.items[line.item]
    edge = Edge(line.edge) if line.edge else None
    expr = Ref(line.item, edge)
    if line.negated:
        expr = Neg(expr)
    if column.function in ("yoy%", "qoq%"):
        return Call(column.function, (expr,))
    if column.function == "share%":
        total = book.items.get(column.total)
        if total is None or item.percent or total.percent or item.unit != total.unit:
            return None
        return Call(column.function, (expr, Ref(column.total, edge)))
    rate = None if item.percent else column_rate(book.rates, book.calendar, column.function, item.unit, column.period)
    return None if rate is None else Call(column.function, (expr,), rate.id)


def translated_places(rate) -> int:
    """Decimals a translated figure shows beyond its line's: as many as make its last digit worth
    about what the line's last digit is, 2 at 119.87 JPY per USD. At the line's own places a
    statement in JPY millions showed USD 27 thousand as 0 and USD 16.6 million as (17): a column
    of translations with a hundredth of the digits of the figures it translates."""
    if rate.value <= 1:
        return 0  # a dollar is worth no more than a unit of the line's currency: its places suffice
    return min(MAX_TRANSLATED_PLACES, max(0, round(rate.value.log10())))


def _currency_of(item, evaluation: Evaluation) -> str | None:
    """The currency an item's unit counts in (JPY of JPY/shares), or None (a count, a ratio)."""
    units = evaluation.book.units
    return next((u for u in item.unit.num if u in units and units[u].currency), None)


def _cell_unit(evaluation: Evaluation, item, column: Column) -> str:
    """A cell's unit as a book writes it after a figure: the item's (JPY, JPY/shares, shares), a
    translated column's currency in place of the item's (USD, USD/shares); "" for a percentage."""
    if item.percent or column.function in ("yoy%", "qoq%", "share%"):
        return ""
    unit = item.unit
    if column.function is not None:
        currency = _currency_of(item, evaluation)
        if currency is None:
            return ""
        unit = unit.replace(currency, column.function)
    return "" if unit.is_pure else str(unit)


def _origin(evaluation: Evaluation, item_id: str, expr, column, shown_exponent: int) -> tuple[str, str | None]:
    """Where a cell's value comes from, and the figure as printed when it was printed."""
    if column.function is not None:
        return MEASURE, None
    period = column.period
    if isinstance(expr, Neg):
        expr = expr.operand
    if expr.anchor is not None:
        period = evaluation.at(expr, period)
    value = evaluation.value(item_id, period)
    if value is None or value.origin != "reported":
        return DERIVED, None
    best = best_printing(value.facts)
    reported = best.value
    text = reported.text + (f" {SCALE_NAMES[reported.scale]}" if reported.scale in SCALE_NAMES and reported.scale else "")
    return (COARSER if reported.exponent > shown_exponent else REPORTED), text


def titles(columns, evaluation: Evaluation, scale: int | None = None) -> tuple[str, ...]:
    """Column headings for a reader: "YoY %", "% of Total revenues", "USD"; with the
    period when a statement has several columns of the same kind. Given the statement's `scale`,
    a translated column names it with its currency, "USD millions": under a heading that says
    "in JPY millions" a bare "USD" left the reader to guess the translated figures' unit."""
    kinds = [c.function for c in columns if c.function]
    out = []
    for c in columns:
        if c.function is None:
            out.append(c.text)
            continue
        if c.function == "yoy%":
            name = "YoY %"
        elif c.function == "qoq%":
            name = "QoQ %"
        elif c.function == "share%":
            total = evaluation.book.items.get(c.total)
            name = f"% of {total.label if total else c.total}"
        else:
            name = f"{c.function} {SCALE_NAMES[scale]}" if scale else c.function
        out.append(f"{name} {c.text[c.text.index('(') + 1:].split(',')[0].rstrip(')')}" if kinds.count(c.function) > 1
                   else name)
    return tuple(out)


class _Exponents:
    """The finest printed digit of each item, found only for the items whose cells need it:
    a scan of every fact per statement cost 0.5 s at 1M facts for the few non-money rows."""

    def __init__(self, evaluation: Evaluation) -> None:
        self.evaluation = evaluation
        self.seen: dict[str, int | None] = {}

    def of(self, item_id: str) -> int | None:
        if item_id not in self.seen:
            table_facts = self.evaluation.table_facts
            found = [f.value.exponent for p in self.evaluation.reported_periods(item_id)
                     for f in table_facts[(item_id, p)]]
            if not found:  # stated only in claims: a dividend of JPY22.00 per share
                found = [f.value.exponent for (i, _), facts in self.evaluation.claim_facts.items() if i == item_id
                         for f in facts]
            self.seen[item_id] = min(found) if found else None
        return self.seen[item_id]


def _places(item, evaluation: Evaluation, percent: bool, exponents: _Exponents, money_scale: int | None = None) -> int:
    """Decimals to show: one for percentages, none for money at the statement's scale (or, given
    `money_scale`, as many as its finest printed figure needs at that scale), and otherwise as many
    as the finest printed figure of the item."""
    if percent:
        return 1
    if is_money(item, evaluation):
        exponent = exponents.of(item.id) if money_scale is not None else None
        return 0 if exponent is None else max(0, money_scale - exponent)
    exponent = exponents.of(item.id)
    if exponent is not None:
        return max(0, -exponent)
    return 2 if item.unit.den else 0


def facts_statement(evaluation: Evaluation) -> Statement:
    """When a book declares no statement: every item against every period it reports, in a table
    or a claim, at the scale most of its money figures were printed at."""
    keys = [*evaluation.table_facts, *(k for k in evaluation.claim_facts if k not in evaluation.table_facts)]
    periods = sorted({p for (_, p) in keys}, key=sort_key)
    reported = {i for i, _ in keys}
    items = [i for i in evaluation.book.items if i in reported]
    scales: dict[int, int] = {}
    currencies: dict[str, int] = {}
    for facts in (*evaluation.table_facts.values(), *evaluation.claim_facts.values()):
        for fact in facts:
            item = evaluation.book.items.get(fact.item)
            if item is not None and is_money(item, evaluation) and fact.value.scale in SCALE_NAMES:
                scales[fact.value.scale] = scales.get(fact.value.scale, 0) + 1
                currencies[item.unit.num[0]] = currencies.get(item.unit.num[0], 0) + 1
    scale = max(scales, key=lambda s: (scales[s], -s)) if scales else 0
    # Money in a currency other than the one most figures are in says so on its row.
    currency = max(currencies, key=lambda c: (currencies[c], c)) if len(currencies) > 1 else None
    columns = tuple(Column(p, None, None, label(p)) for p in periods)
    return Statement("facts", "Reported figures", scale, columns, tuple(Line(i) for i in items), None, currency)


def cell(value: Decimal | None, scale: int, places: int, percent: bool, parens: bool, mark: str = "") -> str:
    """A figure as a statement shows it, at `places` decimals (more where those would show a value
    that is not zero as 0: `nonzero_places`), a negative in parentheses where `parens`."""
    if value is None:
        return ""
    places = nonzero_places(value, scale, places, percent)
    # A context wide enough for the value's every digit: the default's 28 would round
    # a long figure before it is shown, and quantize to more digits than that fails.
    # (copy_abs, not abs(): that rounds in the default context too.)
    context = Context(prec=max(28, max(value.adjusted(), 0) + abs(scale) + places + 4),
                      Emax=MAX_EMAX, Emin=MIN_EMIN)
    shown = value.scaleb(2, context) if percent else value.scaleb(-scale, context)
    shown = shown.quantize(Decimal(1).scaleb(-places, context), context=context)
    if shown == 0:
        shown = shown.copy_abs()
    text = f"{shown.copy_abs():,f}" if parens else f"{shown:,f}"
    if percent:
        text += "%"
    return (f"({text})" if parens and shown < 0 else text) + mark


def plain(value: Decimal | None, scale: int, percent: bool) -> str:
    """An exact value in the shown scale for csv and json: every digit, never an exponent."""
    if value is None:
        return ""
    context = Context(prec=len(value.as_tuple().digits) + 4)  # every digit: exact at any size
    shown = context.multiply(value, 100) if percent else context.scaleb(value, -scale)
    return format(shown.copy_abs() if shown.is_zero() else shown, "f")  # a figure printed (0) is 0, not -0


def _unit_note(g: Grid) -> str:
    """The heading's note, " (in JPY millions)": the currency with the scale, as the report and the
    workbook title the same statement, not "(in millions)" of a currency the reader must guess."""
    return f" ({g.unit})" if g.unit else ""


def legend(g: Grid) -> str:
    """What the marks in a rendered statement mean, with an example of a coarser figure; "" if none."""
    used = {o for row in g.rows for o in row.origins}
    parts = []
    if DERIVED in used:
        parts.append(f"{MARKS[DERIVED]} derived: computed from other figures, never printed")
    if COARSER in used:
        row, k = next((r, k) for r in g.rows for k, o in enumerate(r.origins) if o == COARSER)
        parts.append(f"{MARKS[COARSER]} printed with fewer digits than shown "
                     f"({row.label.strip()} {g.header[k]} was printed as {row.printed[k]})")
    return "; ".join(parts)


def as_text(grids: list[Grid], markdown: bool = False, width: int | None = None) -> str:
    """The statements as text or Markdown. Given the terminal's `width`, a text statement wider than
    it is drawn in panels of as many columns as fit, each repeating the row labels: a terminal
    wraps a longer line, and a statement of 40 quarters then read as a scatter of figures, none
    under its period; the legend under it is broken between words. Markdown, for a page that
    scrolls sideways, is drawn whole."""
    out = []
    for g in grids:
        # The book's text made visible before it is measured (an escape takes more columns than
        # the character it shows), so that the columns stay aligned once printed.
        rows = [[visible(row.label)] + [cell(v, row.scale, p, pc, True, MARKS.get(o, ""))
                                        for v, p, pc, o in zip(row.values, row.places, row.percents, row.origins)]
                for row in g.rows]
        title = f"{g.title}{_unit_note(g)}"
        out.append(f"## {title}\n" if markdown else f"{title}\n")
        headers = ["", *map(visible, g.headings or g.titles or g.header)]
        panels = [range(1, len(headers))] if markdown or width is None else _panels(rows, headers, width)
        out.append("\n\n".join(
            drawn_table([[row[0], *(row[k] for k in panel)] for row in rows], ["", *(headers[k] for k in panel)],
                        markdown, colalign=("left",) + ("right",) * len(panel))
            for panel in panels))
        note = legend(g)
        if note and width is not None and not markdown:
            # broken between words, as the terminal would break it mid-word
            note = "\n".join(textwrap.wrap(note, max(width, 20), break_long_words=False, break_on_hyphens=False))
        out.append(f"\n\n{note}\n\n" if note else "\n\n")
    return "".join(out)


def terminal_width(stream) -> int | None:
    """The width to draw statements at on `stream`: the terminal's (COLUMNS where set, as
    shutil reads it), or None where the output is a file or a pipe, which gets each statement whole
    (a pager such as `less -S` scrolls it sideways; a script reads it line by line)."""
    try:
        if not stream.isatty():
            return None
    except (AttributeError, ValueError):  # a closed or replaced stream
        return None
    return shutil.get_terminal_size().columns


def _panels(rows: list[list[str]], headers: list[str], width: int) -> list[range]:
    """The figure columns (1 onward) in runs that fit `width` beside the label column, each run at
    least one column wide. Widths as grid.table draws them: each column as wide as its widest cell
    and two more than its header, two spaces between columns."""
    def drawn(k: int) -> int:
        return max(text_width(headers[k]) + 2, max(text_width(row[k].strip()) for row in rows))

    labels = drawn(0)
    panels, start, used = [], 1, labels
    for k in range(1, len(headers)):
        size = 2 + drawn(k)
        if k > start and used + size > width:
            panels.append(range(start, k))
            start, used = k, labels
        used += size
    panels.append(range(start, len(headers)))
    return panels


# `unit` last, so that a reader that takes columns by position finds the others where they were.
CSV_HEADER = ["statement", "item", "label", "column", "value", "unit_scale", "origin", "printed", "unit"]


def as_csv(grids: list[Grid], listings: list[Listing] = ()) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for g in grids:
        for row in g.rows:
            for header, value, percent, origin, figure, unit in zip(g.header, row.values, row.percents, row.origins,
                                                                    row.printed, row.units):
                writer.writerow([g.id, row.item, row.label.strip(), header, plain(value, row.scale, percent),
                                 "%" if percent else SCALE_NAMES[row.scale], origin or "", figure or "", unit])
    for listing in listings:
        for entry in listing.entries:
            writer.writerow([listing.kind, entry.expression, entry.text, entry.period,
                             plain(entry.value, entry.scale, entry.percent),
                             "%" if entry.percent else SCALE_NAMES.get(entry.scale, ""), entry.origin or "",
                             entry.stated, "" if entry.percent else entry.unit])
    return buffer.getvalue()


def as_dicts(grids: list[Grid]) -> list[dict]:
    return [
        {
            "id": g.id,
            "title": g.title,
            "scale": SCALE_NAMES[g.scale],
            "unit": g.unit,
            "columns": list(g.header),
            "headings": list(g.headings or g.titles or g.header),
            "rows": [
                {"item": row.item, "label": row.label.strip(),
                 "values": [None if v is None else plain(v, row.scale, pc) for v, pc in zip(row.values, row.percents)],
                 "percent": list(row.percents),
                 "scale": SCALE_NAMES[row.scale],
                 "units": list(row.units),
                 "origin": list(row.origins),
                 "printed": list(row.printed)}
                for row in g.rows
            ],
        }
        for g in grids
    ]


def as_json(grids: list[Grid], summary: dict, listings: list[Listing] = ()) -> str:
    document = {"statements": as_dicts(grids)}
    for listing in listings:
        document[listing.kind] = [entry.as_dict() for entry in listing.entries]
    document["check"] = summary
    return json_text(document)


def parse_periods(labels: list[str]):
    periods = set()
    for text in labels:
        period = parse_period(text)
        if period is None:
            return None, text
        periods.add(period)
    return periods, None


def measured_key(evaluation: Evaluation, expr, period):
    """The statement cell a printed measure or figure describes, as (item, period, function, total):
    USD(x), yoy%(x), share%(x, t) or x itself (function None), possibly negated; None for another
    expression. The report and the workbook put a printed measure's check results on that cell."""
    while isinstance(expr, Neg):
        expr = expr.operand
    if isinstance(expr, Ref):
        return (expr.item, evaluation.at(expr, period), None, None)
    if not isinstance(expr, Call) or not expr.args:
        return None
    first = expr.args[0]
    while isinstance(first, Neg):
        first = first.operand
    if not isinstance(first, Ref):
        return None
    total = None
    if expr.function == "share%" and len(expr.args) == 2:
        other = expr.args[1]
        total = other.item if isinstance(other, Ref) else None
    return (first.item, evaluation.at(first, period), expr.function, total)


def is_total(evaluation: Evaluation, item_id: str, shown: set[str]) -> bool:
    """Whether an item is defined as a sum or difference of two or more of the statement's rows
    (`shown`): total revenues, gross profit, the rows a printed statement sets apart. A line that
    adds up rows of another statement only is one line here."""
    rule = evaluation.definitions.get(item_id)
    if rule is None:
        return False
    terms, stack = 0, [rule.expr]
    while stack:
        node = stack.pop()
        if isinstance(node, Bin) and node.op in "+-":
            stack.extend((node.left, node.right))
        elif isinstance(node, Neg):
            stack.append(node.operand)
        elif isinstance(node, Ref):
            terms += node.item in shown
        else:
            return False
    return terms >= 2


def negated_measure(measured) -> bool:
    """Whether a printed measure is of the negated figure (`-USD(x)`, `USD(-x)`): not the cell's own."""
    expr = getattr(measured, "expr", None)
    if isinstance(expr, Neg):
        return True
    return isinstance(expr, Call) and bool(expr.args) and isinstance(expr.args[0], Neg)
