"""Tables as printed, to facts: columns, rows and cells of a table declaration.

Part of `build` (syntax tree to Book): a plain cell becomes a Fact of the
row's item at the column's period; a cell under a measure column (yoy%,
qoq%, share%, a currency) becomes a Measured value to check. The table's
scale applies to currency figures, its rounding to every figure.
"""

from __future__ import annotations

from decimal import Decimal

from ledgerlang.diagnostic import error, warning
from ledgerlang.model import book as m
from ledgerlang.model import record
from ledgerlang.model.expr import Call, Edge, Expr, Neg, Ref
from ledgerlang.model.fact import Fact, Measured, Reported, Source
from ledgerlang.model.period import Instant, Period
from ledgerlang.model.record import maker
from ledgerlang.model.unit import SCALES, Unit, in_one_currency
from ledgerlang.syntax import nodes as n
from ledgerlang.syntax.figures import decimal_comma
from ledgerlang.syntax.resolve import did_you_mean

PERCENT_FUNCTIONS = ("yoy%", "qoq%", "share%")
_UNSET = object()
_NO_DASH = object()  # a row's dash before its context has read one: no figure is it
# A Fact per printed figure, a Measured per measure cell, and the measure's expression: made
# without the type's call (model/record.py `maker`).
_fact, _measured, _call, _ref, _neg = maker(Fact), maker(Measured), maker(Call), maker(Ref), maker(Neg)


DISTANT_YEARS = 12  # a ten-year summary spans ten, year by year; a gap of more than twelve is a slip (02 typed 20)


def _year_of(period) -> int:
    return period.date.year if isinstance(period, Instant) else period.fy


class TableBuilder:
    """The table half of the builder; `_Builder` supplies items, units, rates and `report`."""

    def columns(self, nodes: tuple[n.ColumnNode, ...]) -> list[m.Column | None]:
        columns = []
        for node in nodes:
            if node.period is None:
                columns.append(None)
                continue
            function = node.function
            if function is not None and function not in PERCENT_FUNCTIONS and function not in self.units:
                self.report(error("unknown-function", f"column {node.text}: {function} is not a measure", node.span,
                                  "hint: columns are a period, yoy%(P), qoq%(P), share%(P, TOTAL) or a currency such as USD(P)"))
                columns.append(None)
                continue
            if function == "share%" and node.total is None:
                self.report(error("unknown-function", f"column {node.text} needs the total it is a share of", node.span,
                                  "hint: share%(1Q03, rev.total)"))
                columns.append(None)
                continue
            if node.total is not None and node.total not in self.items:
                self.report(error("unknown-item", f"column {node.text} names {node.total}, which is not declared",
                                  node.span, did_you_mean(node.total, self.items)))
                columns.append(None)
                continue
            columns.append(m.Column(node.period, function, node.total, node.text))
        self.distant_columns(nodes, columns)
        return columns

    def distant_columns(self, nodes: tuple[n.ColumnNode, ...], columns: list) -> None:
        """A column whose year lies decades from the table's other columns (3Q60 typed for 3Q06) is
        said so: every rule still holds inside the column, so nothing else would. The columns on
        the side of the widest gap that has fewer of them are the ones named."""
        years = sorted({_year_of(c.period) for c in columns if c is not None})
        gaps = [(b - a, a) for a, b in zip(years, years[1:])]
        if not gaps or max(gaps)[0] <= DISTANT_YEARS:
            return
        gap, below = max(gaps)
        placed = [(node, c) for node, c in zip(nodes, columns) if c is not None]
        low = [(node, c) for node, c in placed if _year_of(c.period) <= below]
        high = [(node, c) for node, c in placed if _year_of(c.period) > below]
        named, others = (low, high) if len(low) < len(high) else (high, low)
        texts = ", ".join(c.text for _, c in named)
        self.report(warning("distant-period", f"column{'s' if len(named) > 1 else ''} {texts} "
                            f"{'lie' if len(named) > 1 else 'lies'} {gap} years from the table's other columns "
                            f"({', '.join(c.text for _, c in others)})", named[0][0].span,
                            "hint: check the year each column prints: a release's table spans a few years, "
                            "and a mistyped year (3Q60 for 3Q06) is checked only against its own column"))

    def table(self, decl: n.TableDecl) -> None:
        scale = SCALES[decl.scale.scale] if decl.scale and decl.scale.scale else 0
        currency = decl.scale.unit if decl.scale else None
        if currency is not None and currency not in self.units:
            self.report(error("unknown-unit", f"table is in {currency}, which is not declared", decl.scale.span,
                              did_you_mean(currency, self.units)))
            currency = None  # not a unit-mismatch on every row as well, each advising to declare its item in it
        rounding, _, scope = next((o.value for o in decl.options if o.name == "rounding"), "nearest").partition(" ")
        # `rounding truncate amounts` (a 決算短信's 百万円未満切捨て): the figures in a currency as written,
        # and its percentages, per-share figures and counts, which the release rounds, to nearest
        others = "nearest" if scope == "amounts" else None
        rate = next((o for o in decl.options if o.name == "translate"), None)
        if rate is not None and rate.value not in self.rates:
            self.report(error("unknown-rate", f"table translates at {rate.value}, which is not a declared rate",
                              rate.span, did_you_mean(rate.value, self.rates)))
            rate = None
        columns = self.columns(decl.columns)
        restated = next((o.value for o in decl.options if o.name == "restated"), None)
        source = Source(decl.title, "table", decl.span.path, self.basis_of(decl.span.path), restated)
        fitting: set = set()  # (anchored, flow): rows of that kind the columns were found to fit
        contexts = getattr(self, "_row_contexts", None)  # for every table of this build (`table_row`)
        if contexts is None:
            contexts = self._row_contexts = {}
        # What each row's loop reads of a column, read once for the table: (function, period, text, column).
        places = [None if c is None else (c.function, c.period, c.text, c) for c in columns]
        for row in decl.rows:
            self.table_row(row, columns, decl, scale, currency, rounding, rate.value if rate else None, source,
                           fitting, contexts, places, others)
        if decl.scale is None and rounding != "exact":  # `rounding exact` states figures in full, as `exact` does
            self.unscaled_money(decl)

    def unscaled_money(self, decl: n.TableDecl) -> None:
        """A table that names no unit or scale reads its money in whole units, as `in USD` says
        outright: where it prints money, that is said once, at the first such figure (a release's
        table of money in whole units is rare; a forgotten `in USD millions` is not)."""
        for row in decl.rows:
            item = self.items.get(row.head.item)
            if item is None or row.head.scale is not None or not self.is_currency(item.unit):
                continue
            cell = next((c for c in row.cells if c.text not in (".", "-")), None)
            if cell is None:
                continue
            unit = item.unit.num[0]
            self.report(warning("unit-assumed", f"table {decl.title!r} names no unit or scale: its {unit} figures "
                                f"are read in whole {unit} ({cell.text} is {unit} {cell.text})", cell,
                                f"hint: write `in {unit} millions` (or thousands, billions) after the title, "
                                f"or `in {unit}` if its figures are whole {unit}"))
            return

    def comment_starts(self) -> dict:
        """Where each line's comment starts, by (path, line): made at the first row short of
        cells, not for every book built (a row whose figures run on after a `#` is short because
        the comment took them, and its cell-count error says so)."""
        starts = getattr(self, "_comment_starts", None)
        if starts is None:
            trees = getattr(self, "commented", ())
            starts = self._comment_starts = {(c.span.path, c.span.line): c.span.column
                                             for tree in trees for c in tree.comments}
        return starts

    def comment_hint(self, row: n.RowNode, columns: int) -> str | None:
        """`capex.ppe  934  # restated  424  164`: a `#` ends the row, so the figures after it are a
        comment, and the row is short; say that, not "write . for a cell where nothing is printed"."""
        if len(row.cells) >= columns:
            return None
        column = self.comment_starts().get((row.span.path, row.span.end_line))
        if column is None or column < row.span.end_column:
            return None
        return ("hint: a # starts a comment that runs to the end of the line, so nothing after it is read as a "
                "cell; put the comment on a line of its own, above the row")

    def table_row(self, row: n.RowNode, columns, decl: n.TableDecl, scale: int, currency: str | None,
                  rounding: str, rate: str | None, source: Source, fitting: set, contexts: dict, places: list,
                  others: str | None = None) -> None:
        """`rounding`: a figure's in a currency; `others`: any other's (the table's `rounding ... amounts`);
        `contexts`: the rows' contexts worked out so far in this build, by their head and table;
        `places`: each column's (function, period, text, column), or None (`table`)."""
        head = row.head
        # What the row's head and the table decide (the item, its edge, the figures' scale and
        # rounding, their memo) is the same for every row of the same head in tables of the same
        # scale, currency and rounding: a book prints an item in a table per period. Worked out
        # once (`row_context`, which reports what is wrong) and kept only where the row's figures
        # are read; the row's own checks (its cell count, whether it fits the columns) stay per row.
        key = (head.item, head.edge, head.scale, head.negated, scale, currency, rounding, others)
        # `dict.get(d, key)`, through the type: compiled, the dict's own lookup, where `d.get(key)` is a
        # method's call (syntax/fastpath.py `row`).
        context = dict.get(contexts, key)
        if context is None:
            item = self.items.get(head.item)
            if item is None:
                self.report(error("unknown-item", f"{head.item} is not a declared item", head.span,
                                  did_you_mean(head.item, self.items)))
                return
        else:
            item = context[0]
        if len(row.cells) != len(columns):
            self.report(error("cell-count", f"row {head.item} has {_count(len(row.cells), 'cell')} but the table "
                              f"has {_count(len(columns), 'column')}", row.span,
                              _split_figure_hint(row.cells) or self.comment_hint(row, len(columns))
                              or ("hint: write . for a cell where nothing is printed, - where a dash is printed"
                                  if len(row.cells) < len(columns) else
                                  "hint: name every column the source prints on the columns line, or remove the cell "
                                  "that is not in the source")))
            return
        if context is None:
            edge = self.row_edge(head, item)
            if edge is False:
                return
            kind = (edge is not None, item.is_flow)  # all that decides whether a row fits the columns
        else:
            edge, kind = context[1], context[2]
        if kind not in fitting:
            if self.row_fits(head, item, edge, columns, False):
                fitting.add(kind)
            elif not self.row_fits(head, item, edge, [None if cell.text == "." else column
                                                      for column, cell in zip(columns, row.cells)], True):
                # A column of the other kind is only wrong where the row prints something in it:
                # a table of a quarter's flows and its closing balances leaves the others empty.
                return
        if context is None:
            context = self.row_context(head, item, edge, kind, scale, currency, rounding, others)
            if context is None:
                return
            contexts[key] = context
        _, _, _, amounts, rounding, cell_scale, forced, fact_scale, seen = context
        facts, negated, item_id, percent = self.facts, head.negated, item.id, item.percent
        parse = self.figure.parse
        fact = _fact
        base = None  # the row's value as an expression, for its measure cells: one per row
        start, dash, dashes = len(facts), dict.get(seen, "-", _NO_DASH), None
        measured_start, measure_dashes = len(self.measured), None
        for place, cell in zip(places, row.cells):
            if place is None:
                continue
            text = cell.text
            if text == ".":
                continue
            function, period, column_text, column = place
            if function is not None:
                if base is None:
                    base = _ref(item_id, edge, head.span)
                    if negated:
                        base = _neg(base, head.span)
                made = len(self.measured)
                self.table_cell(item, base, edge, column, cell, cell_scale, forced, amounts, rate, source, others)
                if text == "-" and len(self.measured) > made:  # its width: the row's figures under this measure
                    measure_dashes = (measure_dashes or []) + [(made, function)]
                continue
            reported = dict.get(seen, text)
            if reported is None:
                reported = seen[text] = parse(text, fact_scale, percent, rounding, negated)
                if text == "-":
                    dash = reported
            if isinstance(reported, str):
                self.report(error("bad-figure", reported, cell, "hint: figures look like 1,234  (1,234)  -5.7%  -"))
                continue
            if reported is dash:
                dashes = [len(facts)] if dashes is None else dashes + [len(facts)]
            target = period if edge is None else self.edge_period(period, edge.side)
            facts.append(fact(item_id, target, reported, source, column_text, cell))
        if dashes is not None:
            self.row_dashes(facts, start, dashes, dash, seen)
        if measure_dashes is not None:
            self.row_measure_dashes(measured_start, measure_dashes)

    def row_context(self, head: n.RowHead, item: m.Item, edge, kind: tuple, scale: int, currency: str | None,
                    rounding: str, others: str | None) -> tuple | None:
        """What a row's figures are read with, as `table_row` keeps it: (item, edge, kind, the rounding
        of amounts, the rounding of its own figures, the scale of its measure cells, whether the row
        sets that scale, the scale of its plain figures, their memo); None where the row's unit
        contradicts the table's currency, which is reported."""
        in_currency = self.currency_items.get(item.id)
        if in_currency is None:
            in_currency = self.currency_items[item.id] = self.is_currency(item.unit)
        if currency is not None and in_currency and item.unit.num[0] != currency:
            # The figures would be read in one currency or the other, with nothing to say which: an
            # error, as a rule's or a claim's unit that contradicts its item's is, and the row's
            # figures are not read.
            self.report(error("unit-mismatch", f"{head.item} is in {item.unit} but the table says {currency}",
                              head.span, f"hint: a table's currency is its figures': declare {head.item} in "
                              f"{currency}, or correct the table's `in {currency}`"))
            return None
        amounts = rounding
        if others is not None and not in_currency:
            rounding = others
        row_scale = SCALES[head.scale] if head.scale else None
        cell_scale = scale if row_scale is None else row_scale
        # A table's scale is for its currency's figures, and for a count's (shares, contracts) where
        # the table names that unit (`in shares thousands`) or none (`in thousands`); per-share
        # amounts, ratios and counts in a table of money are printed in units, unless the row says
        # otherwise (`shares in thousands`).
        scaled = (row_scale is not None or in_currency
                  or (len(item.unit.num) == 1 and not item.unit.den and currency in (None, item.unit.num[0])))
        # Plain figures (most cells) in table_row's loop; measures in table_cell.
        fact_scale = cell_scale if scaled else 0
        # The row's figures share their context: its dict, taken once, is looked up by each cell's text.
        seen = self.figure.memo(fact_scale, item.percent, rounding, head.negated)
        return item, edge, kind, amounts, rounding, cell_scale, row_scale is not None, fact_scale, seen

    @staticmethod
    def row_dashes(facts: list, start: int, dashes: list[int], dash: Reported, seen: dict) -> None:
        """A dash prints nil to the row's last digit: where the row's other figures print finer
        than the table's scale gives a dash (`0.05` in a per-share row of a table in millions, read
        in units; `12.34%`), its zero is to their last digit, not a unit wide."""
        finest = min((f.value.exponent for f in facts[start:] if f.value is not dash), default=dash.exponent)
        if finest >= dash.exponent:
            return
        key = ("-", finest)  # the row's dash, by its last digit, in the context's dict of figures
        nil = seen.get(key)
        if nil is None:
            nil = seen[key] = _nil_to(dash, finest)
        for at in dashes:
            facts[at] = record.evolve(facts[at], value=nil)

    def row_measure_dashes(self, start: int, dashes: list[tuple[int, str]]) -> None:
        """`row_dashes` for the dashes under a row's measure columns: each is zero to the last digit
        of the row's other figures under columns of its function (`USD(FY2024)` beside `USD(FY2023)`
        printing `0.10`)."""
        measured = self.measured
        dash_at = {at for at, _ in dashes}
        for at, function in dashes:
            mine = measured[at].value
            finest = min((m.value.exponent for j, m in enumerate(measured[start:], start)
                          if j not in dash_at and m.expr.function == function), default=mine.exponent)
            if finest < mine.exponent:
                measured[at] = record.evolve(measured[at], value=_nil_to(mine, finest))

    def edge_period(self, period: Period, side: str) -> Instant:
        """The instant a duration opens or closes at: one object per (period, side), worked out once."""
        found = self.edges.get((period, side))
        if found is None:
            found = self.book_calendar.opening(period) if side == "open" else self.book_calendar.closing(period)
            self.edges[(period, side)] = found
        return found

    def row_fits(self, head: n.RowHead, item: m.Item, edge, columns, report: bool = True) -> bool:
        """A stock row needs instant columns (or @open/@close); a flow row needs durations.
        `report`: say so where it does not (else only the answer)."""
        periods = [c for c in columns if c is not None]
        if edge is not None:
            bad = next((c for c in periods if c.period.is_instant), None)
            if bad is not None:
                if report:
                    self.report(error("bad-anchor", f"{item.id}@{edge.side} needs duration columns, but {bad.text} "
                                      "is an instant", head.span))
                return False
            return True
        if item.is_flow:
            bad = next((c for c in periods if c.period.is_instant), None)
            if bad is not None:
                if report:
                    self.report(error("flow-on-instant", f"{item.id} is {m.a_kind(item)} but column {bad.text} is an instant",
                                      head.span, "hint: flows (revenue) live on durations such as 1Q03; if its "
                                      f"figures are balances at a date (cash), {item.id} is a stock: say so where it is "
                                      f"declared, at {item.span.path}:{item.span.line}"))
                return False
            return True
        bad = next((c for c in periods if not c.period.is_instant), None)
        if bad is not None:
            if report:
                self.report(error("stock-on-duration", f"{item.id} is a stock but column {bad.text} is a duration",
                                  head.span, f"hint: write {item.id}@close (or @open) for the balance at the end "
                                  "(or start) of each period; if its figures are amounts over each period (a "
                                  f"purchase, a revenue), {item.id} is a flow: say so where it is declared, at "
                                  f"{item.span.path}:{item.span.line}"))
            return False
        return True

    def row_edge(self, head: n.RowHead, item: m.Item):
        if head.edge is None:
            return None
        if head.edge not in ("open", "close"):
            self.report(error("bad-anchor", f"row {head.item}@{head.edge}: a row can only be @open or @close",
                              head.span, "hint: cash@open is cash at the start of each column's period"))
            return False
        if item.is_flow:
            self.report(error("flow-on-instant", f"{head.item} is {m.a_kind(item)}; it has no value @{head.edge}", head.span,
                              f"hint: @open and @close are a stock's balances: write the row {head.item}, its value "
                              "over each column's period"))
            return False
        return Edge(head.edge)

    def is_currency(self, unit: Unit) -> bool:
        return in_one_currency(unit, self.units)

    def table_cell(self, item: m.Item, base: Expr, edge, column: m.Column, cell: n.Cell, scale: int,
                   forced_scale: bool, rounding: str, rate: str | None, source: Source,
                   others: str | None = None) -> None:
        """A cell under a measure column; `base` is the row's value (`item`, or `-item` in a negated row).
        `rounding`: a figure's in a currency; `others`: a percentage's or another figure's."""
        text, function = cell.text, column.function
        if text == "-" and function in _CHANGES:
            # A dash where a change is printed says it means nothing (a prior of nil or of the other
            # sign: "n/m"), never that nothing changed, which prints 0.0%: no figure, as `.` is.
            return
        period = column.period
        if function in PERCENT_FUNCTIONS:
            share = function == "share%"
            args = (base, _ref(column.total, edge, base.span)) if share else (base,)
            expr = _call(function, args, None, cell)
            family = "share" if share else "change"
            percent = True
            use_scale = 0  # a percentage is pure: never in the table's scale, nor in the row's `in thousands`
            if others is not None:
                rounding = others
        else:
            expr = self.resolver.translation(function, base, rate, cell)
            if expr is None:
                return
            family, percent = "translation", False
            # The unit depends on the item, the currency and the rate alone: worked out once for
            # each, and a rate that cannot translate the item's unit reported once. A unit found
            # also serves every rate between the same two currencies (a book of many years has a
            # rate for each); only a failure, which reports, is worked out again for another rate.
            key = (item.id, expr.function, expr.rate)
            unit = dict.get(self.translated, key, _UNSET)
            if unit is _UNSET:
                declared = self.rates[expr.rate]
                between = (item.id, expr.function, declared.quote, declared.base)
                unit = self.translated.get(between, _UNSET)
                if unit is _UNSET or unit is False:
                    unit = self.translated[between] = self.resolver.unit_of(expr, report=True)
                self.translated[key] = unit
            if unit is False:
                return
            money = unit is not None and self.is_currency(unit)
            use_scale = scale if (forced_scale or money) else 0
            if others is not None and not money:
                rounding = others  # a per-share figure translated: rounded, as its row is
        # The figures made so far in the cell's context, looked up as `Figures.__call__` does,
        # without the call of an instance (the type's slot, then the method).
        figure = self.figure
        seen = dict.get(figure.seen, (use_scale, percent, rounding, False))
        if seen is None:
            seen = figure.memo(use_scale, percent, rounding)
        reported = dict.get(seen, text)
        if reported is None:
            reported = seen[text] = figure.parse(text, use_scale, percent, rounding, False)
        if isinstance(reported, str):
            self.report(error("bad-figure", reported, cell, "hint: figures look like 1,234  (1,234)  -5.7%  -"))
            return
        self.measured.append(_measured(expr, period, reported, family, item.id, source, column.text, cell))


_CHANGES = ("yoy%", "qoq%")


def _nil_to(dash: Reported, exponent: int) -> Reported:
    """A printed dash's nil, zero to the last digit worth 10**exponent (its sign kept: a `-item` row's)."""
    return record.evolve(dash, value=Decimal(0).scaleb(exponent).copy_sign(dash.value), exponent=exponent)


def _count(number: int, noun: str) -> str:
    """`1 cell`, `3 cells`."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _split_figure_hint(cells) -> str | None:
    """`1.234.567` reads as three cells (1.234 . 567), which touch: where touching cells make a figure
    printed with a decimal comma or dots between thousands, the row's count is off because of it."""
    runs, run = [], [cells[0]] if cells else []
    for before, cell in zip(cells, cells[1:]):
        if cell.line == before.line and cell.column == before.end_column:
            run.append(cell)
        else:
            runs.append(run)
            run = [cell]
    runs.append(run)
    for run in runs:
        if len(run) > 1:
            text = "".join(c.text for c in run)
            written = decimal_comma(text)
            if written is not None:
                return (f"hint: {text} is read as {len(run)} cells; printed with dots between thousands, it is "
                        f"written {written} (a decimal point, commas between thousands)")
    return None
