"""Syntax trees to the Book: resolve names, units and periods; report what does not fit.

Every declaration of every file of one ledger goes into one Book. Problems
become diagnostics, and the declaration (or the cell) that has them is left
out, so the rest of the book still evaluates.
"""

from __future__ import annotations

from decimal import Decimal

from ledgerlang.diagnostic import Diagnostic, error, info, warning
from ledgerlang.model import book as m
from ledgerlang.model import record
from ledgerlang.model.expr import Bin, Call, Expr, Neg, Ref, refs, show
from ledgerlang.model.fact import Fact, Measured, Reported, Source
from ledgerlang.model.period import PERIOD_FORMS, Calendar, Duration, Instant, Period, label, parse_period
from ledgerlang.model.span import Span
from ledgerlang.model.unit import SCALES, Unit, parse_unit
from ledgerlang.syntax import nodes as n
from ledgerlang.syntax import unended
from ledgerlang.syntax.figures import Figures, negate, parse_figure, too_long
from ledgerlang.syntax.resolve import Resolver, did_you_mean
from ledgerlang.syntax.tables import PERCENT_FUNCTIONS, TableBuilder

# The note of a book that declares no entity (load.py leaves it out where an include that may
# declare one could not be read: that error says what is missing).
NO_ENTITY = "no entity declares the fiscal calendar"


class _Builder(TableBuilder):
    def __init__(self) -> None:
        self.diagnostics: list[Diagnostic] = []
        self.entity: m.Entity | None = None
        self.calendar_said: set[str] = set()  # the calendar lines the entity declares: year-end, named-by
        self.documents: list[m.Document] = []
        self.units: dict[str, m.UnitDecl] = {}
        self.rates: dict[str, m.Rate] = {}
        self.items: dict[str, m.Item] = {}
        self.rejected: dict[str, tuple[Span, str]] = {}  # an item declared with an error, not kept: its place, code
        self.rules: list[m.Rule] = []
        self.rules_of: dict[str, list[m.Rule]] = {}  # by target: a rule stated twice is found without a scan
        self.assertions: list[m.Assertion] = []
        self.facts: list[Fact] = []
        self.measured: list[Measured] = []
        self.guidance: list[m.Guidance] = []
        self.acceptances: list[m.Acceptance] = []
        self.statements: dict[str, m.Statement] = {}
        self.figure = Figures()  # one Reported per distinct cell, for this build only
        self.edges: dict[tuple[Period, str], Instant] = {}
        # (item, currency, rate) and (item, currency, quote, base): the unit of a translated figure
        self.translated: dict[tuple, Unit | None | bool] = {}
        self.currency_items: dict[str, bool] = {}  # item -> whether its unit is a currency (tables.py)

    def report(self, diagnostic: Diagnostic) -> None:
        self.diagnostics.append(diagnostic)

    def duplicate(self, kind: str, name: str, span: Span, first: Span | None) -> None:
        self.report(error("duplicate-definition", f"{kind} {name} is declared twice", span,
                          f"note: first declared at {first}" if first else "note: first declared earlier",
                          "hint: remove one declaration, or give this one another name"))

    # -- pass 1: names that others refer to ---------------------------------------

    def declare(self, decl) -> None:
        if isinstance(decl, n.EntityDecl):
            self.entity_decl(decl)
        elif isinstance(decl, n.DocumentDecl):
            self.date_ok(decl.date, decl.span, f"document {decl.title!r} is dated")
            self.documents.append(m.Document(decl.title, decl.date, decl.span.path, decl.span, decl.basis))
        elif isinstance(decl, n.UnitDeclNode):
            if decl.id in self.units:
                self.duplicate("unit", decl.id, decl.span, self.units[decl.id].span)
            else:
                self.units[decl.id] = m.UnitDecl(decl.id, decl.label or decl.id, decl.currency, decl.span)
        elif isinstance(decl, n.RateDecl):
            self.rate_decl(decl)
        elif isinstance(decl, n.ItemDecl):
            self.item_decl(decl)

    def entity_decl(self, decl: n.EntityDecl) -> None:
        month, named_by = 12, "end"
        for key, value, span in decl.options:
            if key == "year-end":
                mm, dd = (int(x) for x in value.split("-"))
                last = 29 if mm == 2 else 30 if mm in (4, 6, 9, 11) else 31  # the month's last day (or 02-28)
                if not 1 <= mm <= 12 or not (dd == last or (mm == 2 and dd == 28)):
                    self.report(error("bad-calendar", f"fiscal year end {value} is not the last day of a month", span,
                                      "hint: fiscal years end at a month end, such as 03-31 or 12-31; a 52-53 week "
                                      "year is declared by the month it ends nearest to, such as 06-30"))
                    continue
                month = mm
            else:
                named_by = value
        entity = m.Entity(decl.id, decl.name, Calendar(month, named_by), decl.span)
        if self.entity is None:
            self.entity = entity
            self.calendar_said = {key for key, _, _ in decl.options}
        elif self.entity.id != entity.id:
            self.report(error("entity-conflict", f"books of {self.entity.id} and {entity.id} were given together", decl.span,
                              f"note: {self.entity.id} is declared at {self.entity.span}",
                              "hint: check the books of one entity at a time"))
        elif self.entity != entity:
            self.report(error("entity-conflict", f"entity {entity.id} is declared twice with different calendars",
                              decl.span, f"note: first declared at {self.entity.span}"))

    def date_ok(self, text: str | None, span: Span, what: str) -> bool:
        """A date as written (`2003-06-30`, or `2003-06` for a month) that is a real date; else an error
        (`2024-13`, `2024-02-30` were taken as written, and ordered and shown as such)."""
        if text is None or parse_period(text if len(text) > 7 else f"{text}-01") is not None:
            return True
        self.report(error("bad-period", f"{what} {text}, which is not a date", span,
                          "hint: a date is written 2003-06-30, or 2003-06 for a month"))
        return False

    def rate_decl(self, decl: n.RateDecl) -> None:
        if decl.id in self.rates:
            self.duplicate("rate", decl.id, decl.span, self.rates[decl.id].span)
            return
        if decl.quote == decl.base:
            self.report(error("bad-rate", f"rate {decl.id} translates {decl.base} into {decl.base}", decl.span,
                              "hint: a rate is written in the currency of the figures per unit of the one they are "
                              "translated into: rate usd: 119.87 JPY per USD"))
            return
        if not self.date_ok(decl.date, decl.span, f"rate {decl.id} is dated"):
            return
        for code in (decl.quote, decl.base):
            if code not in self.units or not self.units[code].currency:
                self.report(error("unknown-unit", f"rate {decl.id} names {code}, which is not a declared currency",
                                  decl.span, did_you_mean(code, [u for u, d in self.units.items() if d.currency])))
                return
        problem = too_long(decl.value.replace(".", ""))
        if problem is not None:
            self.report(error("bad-rate", f"rate {decl.id} {problem}", decl.span,
                              "hint: write the rate as the document prints it, at most 30 digits: "
                              "rate usd: 119.87 JPY per USD"))
            return
        value = Decimal(decl.value)  # exact: a Decimal from a string is never rounded
        if value == 0:
            self.report(error("bad-rate", f"rate {decl.id} is zero", decl.span,
                              f"hint: a rate is how many {decl.quote} one {decl.base} is worth, as the document "
                              f"prints it: rate {decl.id}: 119.87 {decl.quote} per {decl.base}"))
            return
        self.rates[decl.id] = m.Rate(decl.id, value, decl.quote, decl.base, decl.date, decl.note, decl.span)

    def item_decl(self, decl: n.ItemDecl) -> None:
        if decl.id in self.items:
            self.duplicate("item", decl.id, decl.span, self.items[decl.id].span)
            return
        if decl.id.endswith("%"):
            self.report(error("bad-name", f"item {decl.id} ends in %, which is kept for measure functions",
                              decl.span, f"hint: call it {decl.id[:-1]}"))
            self.rejected.setdefault(decl.id, (decl.span, "bad-name"))
            return
        unit = parse_unit(decl.unit)
        for name in unit.num + unit.den:
            if name not in self.units:
                self.report(error("unknown-unit", f"item {decl.id} has unit {name}, which is not declared", decl.span,
                                  did_you_mean(name, self.units, f"hint: declare it: unit {name} \"...\" "
                                               f"(or currency {name} for money)")))
                self.rejected.setdefault(decl.id, (decl.span, "unknown-unit"))
                return
        self.items[decl.id] = m.Item(decl.id, decl.label, unit, decl.kind, decl.balance, decl.unit == "%", decl.span)

    # -- pass 2: everything that refers to names ---------------------------------------

    def resolve(self, decl) -> None:
        if isinstance(decl, n.ItemDecl) and decl.definition is not None and decl.id in self.items:
            if self.items[decl.id].span == decl.span:
                self.rule(Ref(decl.id, None, decl.span), decl.definition, decl.span, defines=True)
        elif isinstance(decl, n.RuleDecl):
            self.rule(decl.target, decl.expr, decl.span, defines=False)
        elif isinstance(decl, n.AssertDecl):
            self.assertion(decl)
        elif isinstance(decl, n.TableDecl):
            self.table(decl)
        elif isinstance(decl, n.StatementDecl):
            self.statement(decl)
        elif isinstance(decl, n.ClaimDecl):
            self.claim(decl)
        elif isinstance(decl, n.GuidanceDecl):
            self.guidance_decl(decl)
        elif isinstance(decl, n.AcceptDecl):
            self.accept(decl)

    def rule(self, target: Ref, expr: Expr, span: Span, defines: bool) -> None:
        item = self.items.get(target.item)
        if item is None:
            self.report(error("unknown-item", f"rule for {target.item}, which is not declared", target.span,
                              did_you_mean(target.item, self.items)))
            return
        if target.anchor is not None:
            written = target.written or show(target).split("@", 1)[1]  # as the book writes it: @-1q, @1Q03
            self.report(error("bad-anchor", f"a rule defines {target.item} at every period; drop @{written}",
                              target.span))
            return
        resolved = self.resolver.expression(expr, context_instant=not item.is_flow)
        if resolved is None:
            return
        unit = self.resolver.unit_of(resolved)
        expected = item.unit
        if unit is not None and unit != expected:
            self.report(error("unit-mismatch", f"{target.item} is in {expected} but its rule gives {unit}", span,
                              "hint: every term of a rule must be in the unit of the item it defines"))
            return
        same = next((r for r in self.rules_of.get(target.item, ()) if r.expr == resolved), None)
        if same is not None:
            # (spans aside, expressions compare by value) the same equation twice would report
            # each of its findings twice
            self.report(error("duplicate-definition", f"this rule for {target.item} repeats the one at {same.span}",
                              span, "hint: drop one of the two: an item's `= expression` is already a rule"))
            return
        self.rules.append(m.Rule(target.item, resolved, defines, span))
        self.rules_of.setdefault(target.item, []).append(self.rules[-1])

    def assertion(self, decl: n.AssertDecl) -> None:
        left = self.resolver.expression(decl.left, context_instant=None)
        right = self.resolver.expression(decl.right, context_instant=None)
        if left is None or right is None:
            return
        lu, ru = self.resolver.unit_of(left), self.resolver.unit_of(right)
        if lu is not None and ru is not None and lu != ru:
            self.report(error("unit-mismatch", f"assertion {decl.name} compares {lu} with {ru}", decl.span,
                              "hint: both sides of an assertion are in one unit: check the items each side names "
                              "(a translation such as USD(x) turns one currency into another)"))
            return
        self.assertions.append(m.Assertion(decl.name, left, decl.op, right, decl.span))

    # -- statements, claims, guidance, acceptances -----------------------------------------

    def statement(self, decl: n.StatementDecl) -> None:
        if decl.id in self.statements:
            self.duplicate("statement", decl.id, decl.span, self.statements[decl.id].span)
            return
        made = self.columns(decl.columns)
        columns = [c for c in made if c is not None]
        lines = []
        for head in decl.rows:
            item = self.items.get(head.item)
            if item is None:
                self.report(error("unknown-item", f"{head.item} is not a declared item", head.span,
                                  did_you_mean(head.item, self.items)))
                continue
            edge = self.row_edge(head, item)
            if edge is False:
                continue
            if columns and not self.shows_anything(head, item, edge, columns, decl.id):
                continue
            lines.append(m.Line(head.item, head.negated, edge.side if edge else None))
        scale = SCALES[decl.scale.scale] if decl.scale and decl.scale.scale else 0
        currency = decl.scale.unit if decl.scale else None
        if currency is not None and currency not in self.units:
            self.report(error("unknown-unit", f"statement is in {currency}, which is not declared", decl.scale.span,
                              did_you_mean(currency, self.units)))
            currency = None
        self.statement_rates(decl, made, lines)
        self.statements[decl.id] = m.Statement(decl.id, decl.title, scale, tuple(columns), tuple(lines), decl.span,
                                               currency)

    def shows_anything(self, head: n.RowHead, item: m.Item, edge, columns, statement: str) -> bool:
        """A statement's row of a stock where every column is a duration (or of a flow where every
        one is an instant) can show nothing: an error, as in a table, not a blank row in `eval`.
        Columns of both kinds are a statement of flows and balances: each row shows under its own."""
        wants_instant = edge is None and not item.is_flow
        if any(c.period.is_instant == wants_instant for c in columns):
            return True
        if wants_instant:
            self.report(error("stock-on-duration", f"{item.id} is a stock, but every column of statement {statement!r} "
                              "is a duration: its row would show nothing", head.span,
                              f"hint: write {item.id}@close (or @open) for the balance at the end (or start) of "
                              "each period"))
        elif edge is not None:
            self.report(error("bad-anchor", f"{item.id}@{edge.side} needs duration columns, but every column of "
                              f"statement {statement!r} is an instant: its row would show nothing", head.span,
                              f"hint: write {item.id} for its balance at each date"))
        else:
            self.report(error("flow-on-instant", f"{item.id} is {m.a_kind(item)}, but every column of statement {statement!r} is "
                              "an instant: its row would show nothing", head.span,
                              "hint: flows (revenue) live on durations such as 1Q03"))
        return False

    def statement_rates(self, decl: n.StatementDecl, columns: list, lines: list) -> None:
        """A currency column (`USD(FY2004)`) shows each money row at the one rate into that currency,
        or else at the rate dated at its period's end (`column_rate`); where several rates could be
        it and none is dated so, the column would show nothing for the row: say so."""
        units = {}
        for line in lines:
            item = self.items[line.item]
            if not item.percent:
                units.setdefault(item.unit, item)
        for node, column in zip(decl.columns, columns):
            if column is None or column.function is None or column.function not in self.units:
                continue
            for unit, item in units.items():
                found = m.column_rates(self.rates, column.function, unit)
                if len(found) > 1 and m.column_rate(self.rates, self.book_calendar, column.function, unit,
                                                    column.period) is None:
                    end = self.book_calendar.closing(column.period).date.isoformat()
                    names = ", ".join(f"{r.id} on {r.date}" if r.date else r.id for r in found)
                    self.report(error(
                        "unknown-rate", f"column {column.text}: {len(found)} rates translate {found[0].quote} into "
                        f"{column.function} ({names}), and none is dated {end}, the end of {label(column.period)}, "
                        f"so {item.id} would show nothing there", node.span,
                        f"hint: a statement's {column.function} column takes the rate dated at its period's end; "
                        f"declare that rate `on {end}`, or keep one rate into {column.function}"))
                    break

    def claim(self, decl: n.ClaimDecl) -> None:
        source = Source(decl.text, "claim", decl.span.path, self.basis_of(decl.span.path))
        dated = self.dated.of(decl.span.path)
        for line in decl.lines:
            found = self.measure_line(line.expr, line.span)
            if found is None:
                continue
            expr, period = found
            reported = self.value(line.value, expr)
            if reported is None:
                continue
            if dated is not None:
                late = unended.claim_line(expr, period, line.span, dated, self.book_calendar)
                if late is not None:
                    self.report(late)
            if isinstance(expr, Ref) and expr.anchor == period:
                self.facts.append(Fact(expr.item, period, reported, source, "", line.span))
            elif isinstance(expr, Neg) and isinstance(expr.operand, Ref) and expr.operand.anchor == period:
                # "an operating loss of JPY 567 million": -op@3Q02 = 567 states op@3Q02 = -567
                self.facts.append(Fact(expr.operand.item, period, negate(reported), source, "", line.span))
            else:
                self.measured.append(Measured(expr, period, reported, "claim", first_item(expr), source, "", line.span))

    def basis_of(self, path: str) -> str | None:
        """The accounting basis the file's `document` declares, if any."""
        return next((d.basis for d in self.documents if d.path == path and d.basis), None)

    def _claimed_unit_hint(self, stated: str, expr: Expr, unit) -> str:
        """What to do with a figure stated in another unit than its expression's: a figure in
        another currency is a translation, and any other is written in the expression's unit."""
        declared = self.units.get(stated)
        if declared is not None and declared.currency and self.is_currency(unit):
            return (f"hint: a figure in {stated} of an amount in {unit} is its translation: write "
                    f"{stated}({show(expr)}) = ..., with a rate into {stated} declared, or correct the unit "
                    "the text states")
        return f"hint: write the figure in {unit}, the unit of {show(expr)} as `ledger eval` prints it"

    def measure_line(self, expr: Expr, span: Span, what: str = "a claim",
                     at: Period | None = None) -> tuple[Expr, Period] | None:
        """A claim's or guidance's expression with every reference at an absolute period, or `at`
        (a guidance's other side, `x@1Q24 ~ 1.18 * x@-4q`, is read at the period of the first)."""
        period = next((r.anchor for r in refs(expr) if isinstance(r.anchor, (Duration, Instant))), at)
        if period is None and any(isinstance(r.anchor, str) for r in refs(expr)):
            # `rev@Q124`: a period mistyped, which resolving reports (bad-anchor); "needs the period" would
            # tell someone who wrote one to write one
            self.resolver.expression(expr, context_instant=None)
            return None
        if period is None:
            self.report(error("missing-period", f"{what} needs the period it speaks of", span,
                              "hint: write rev.total@1Q03, or yoy%(rev.total@1Q03)"))
            return None
        resolved = self.resolver.expression(fill_period(expr, period), context_instant=period.is_instant,
                                            about=f"this {what.split(' ', 1)[1]} ({label(period)})")
        return (resolved, period) if resolved is not None else None

    def value(self, node: n.ValueNode, expr: Expr, say: bool = True) -> Reported | None:
        """A claim's or guidance's figure, read in the unit and scale it states, else as its expression
        is (a percentage, the item's unit in units): which `say`s so (unit-assumed), once per line."""
        unit = self.resolver.unit_of(expr)
        written_percent = node.figure.text.rstrip(")").endswith("%")
        percent = written_percent or (unit is not None and unit.is_pure and self.percent_expr(expr))
        if node.unit is not None:
            # `8,344 JPY` names the expression's currency; `1.50 USD/shares` its whole unit, as eval shows it
            stated = parse_unit(node.unit)
            unknown = next((name for name in stated.num + stated.den if name not in self.units), None)
            if unknown is not None:
                scale = unknown.lower().rstrip("s")
                if scale in ("thousand", "million", "billion") and not stated.den:
                    # `= 1,421 million`: a scale where the unit goes, which "declare it first" would not mend
                    in_unit = next(iter(unit.num), None) if unit is not None and len(unit.num) == 1 else None
                    self.report(error("unknown-unit", f"{unknown} is a scale, not a unit", node.span,
                                      f"hint: write the unit, then the scale in the plural: "
                                      f"{node.figure.text} {in_unit} {scale}s" if in_unit else
                                      f"hint: write the unit, then the scale in the plural, such as "
                                      f"{node.figure.text} JPY {scale}s"))
                    return None
                self.report(error("unknown-unit", f"{unknown} is not a declared unit", node.span,
                                  did_you_mean(unknown, self.units)))
                return None
            if unit is not None and stated != unit and (stated.den or node.unit not in unit.num):
                self.report(error("unit-mismatch", f"the figure is in {node.unit} but {show(expr)} is in {unit}",
                                  node.span, self._claimed_unit_hint(node.unit, expr, unit)))
                return None
        scale = SCALES[node.scale] if node.scale else 0
        reported = parse_figure(node.figure.text, scale, percent, "exact" if node.exact else "nearest")
        if isinstance(reported, str):
            self.report(error("bad-figure", reported, node.figure.span))
            return None
        if say and percent and not written_percent:
            self.report(warning("unit-assumed", f"{node.figure.text} is read as {node.figure.text}%, as {show(expr)} "
                                "is a ratio stated in percent", node.figure.span,
                                f"hint: write {node.figure.text}% to say so" + _as_percent(node.figure.text)))
        elif (say and node.unit is None and node.scale is None and not node.exact and unit is not None
              and self.is_currency(unit)):
            money = unit.num[0]
            self.report(warning("unit-assumed", f"{node.figure.text} states no unit or scale: it is read as {money} "
                                f"{node.figure.text}, in whole {money}", node.figure.span,
                                f"hint: write {node.figure.text} {money} millions (or thousands, billions) as the text "
                                f"states it, or {node.figure.text} {money} if it is in whole {money}"))
        return reported

    def percent_expr(self, expr: Expr) -> bool:
        if isinstance(expr, Call):
            return expr.function in PERCENT_FUNCTIONS
        if isinstance(expr, Ref):
            item = self.items.get(expr.item)
            return bool(item and item.percent)
        return True

    def guidance_decl(self, decl: n.GuidanceDecl) -> None:
        self.date_ok(decl.given, decl.span, "guidance is given")
        for line in decl.lines:
            found = self.measure_line(line.expr, line.span, "a guidance line")
            if found is None:
                continue
            expr, period = found
            low = high = rhs = None
            if line.low is not None:
                low = self.value(line.low, expr)
                if low is None:
                    continue
                if line.op != "~":  # a stated bound is exact; "about 10%" is as precise as printed
                    low = record.evolve(low, rounding="exact")
            if line.high is not None:
                high = self.value(line.high, expr, say=low is None)  # a range's unit and scale: said at its low end
                if high is None:
                    continue
                high = record.evolve(high, rounding="exact")
                if low is not None and low.value > high.value:
                    self.report(error("bad-figure", f"the range {low.text} .. {high.text} runs backwards: no value is "
                                      "in it", line.span, f"hint: write the lower bound first: {high.text} .. {low.text}"))
                    continue
            if line.rhs is not None:
                found_rhs = self.measure_line(line.rhs, line.span, "a guidance line", period)
                if found_rhs is None:
                    continue
                rhs = found_rhs[0]
            self.guidance.append(m.Guidance(decl.text, decl.given, expr, period, line.op, low, high, rhs,
                                            decl.span.path, line.span))

    def accept(self, decl: n.AcceptDecl) -> None:
        if decl.ref.item not in self.items:
            self.report(error("unknown-item", f"accept names {decl.ref.item}, which is not declared", decl.ref.span,
                              did_you_mean(decl.ref.item, self.items)))
            return
        if isinstance(decl.ref.anchor, str):
            self.report(error("bad-anchor", f"{decl.ref.item}@{decl.ref.anchor}: not a period", decl.ref.span,
                              f"hint: accept {decl.code} at {decl.ref.item}@1Q03 \"reason\"; "
                              f"periods are written {PERIOD_FORMS}"))
            return
        if not isinstance(decl.ref.anchor, (Duration, Instant)):
            self.report(error("missing-period", "accept needs the period of the violation", decl.ref.span,
                              f"hint: accept {decl.code} at {decl.ref.item}@1Q03 \"reason\""))
            return
        self.acceptances.append(m.Acceptance(decl.code, decl.ref.item, decl.ref.anchor, decl.source, decl.reason,
                                             decl.span))

    # -- the whole book ------------------------------------------------------------------

    def build(self, trees) -> m.Book:
        declarations = [d for tree in trees for d in tree.declarations]
        # Where a line's comment starts, read only for a row short of cells (tables.comment_hint).
        self.commented = trees
        # The entity's calendar lines that failed to parse (recovery.unread_names): their default is said to be one
        self.unread_calendar = {u[0]: u[2] for tree in trees for u in tree.unread if u[0].startswith("fiscal year")}
        for decl in declarations:
            self.declare(decl)
        self.book_calendar = self.entity.calendar if self.entity else Calendar()
        self.dated = unended.Dated(self.documents)
        # `report`'s own list, not the bound method: a resolver that held the builder would make
        # a reference cycle that keeps a whole book alive until the cycle collector runs.
        self.resolver = Resolver(self.items, self.units, self.rates, self.diagnostics.append)
        for decl in declarations:
            self.resolve(decl)
        self.unended_tables(declarations)
        self.assumed_calendar(declarations)
        return m.Book(
            entity=self.entity, documents=tuple(self.documents), units=self.units, rates=self.rates,
            items=self.items, rules=tuple(self.rules), assertions=tuple(self.assertions), facts=tuple(self.facts),
            measured=tuple(self.measured), guidance=tuple(self.guidance), acceptances=tuple(self.acceptances),
            statements=tuple(self.statements.values()), paths=tuple(t.path for t in trees),
        )

    def unended_tables(self, declarations) -> None:
        """Each table whose columns name a period that ends after its document's date (unended.py).
        A pass of its own, not a part of `table`: the language server reuses a table's facts while
        the names it is read against are unchanged (lsp/rebuild.py), and a document's date is not
        one of them, so a date edited there would leave the warning as it was."""
        for decl in declarations:
            if isinstance(decl, n.TableDecl):
                dated = self.dated.of(decl.span.path)
                if dated is not None:
                    late = unended.columns(decl.columns, dated, self.book_calendar)
                    if late is not None:
                        self.report(late)

    def assumed_calendar(self, declarations) -> None:
        """Say which calendar a fiscal label is read on where the book leaves it to a default: no
        entity (fiscal years taken to end 12-31), an entity with no `fiscal year ends`, or one whose
        year ends in another month with no `fiscal year named by` (FY2024 then ends in 2024; a
        company that names its years by their start is a year off in every label, without a word).
        Only where the book writes a fiscal label: a date means the same on any calendar."""
        said, calendar = self.calendar_said, self.book_calendar
        if self.entity and "year-end" in said and ("named-by" in said or calendar.year_end_month == 12):
            return
        used = first_column_label(declarations) or self.first_stated()
        if used is None:
            return
        period, span = used
        shown = f"{label(period)} is read as {calendar.describe(period)}"
        if self.entity is None:
            self.report(info("calendar-assumed", f"{NO_ENTITY}: fiscal years are taken to end 12-31, and {shown}", span,
                             'hint: declare it once, in the definitions: entity ID "Name", then the lines '
                             "`fiscal year ends MM-DD` and `fiscal year named by start` (or `end`)"))
        elif "year-end" not in said and "fiscal year ends" in self.unread_calendar:
            unread = self.unread_calendar["fiscal year ends"]
            self.report(info("calendar-assumed", f"the `fiscal year ends` line of entity {self.entity.id} could not be "
                             f"read: until it is, 12-31 is taken, and {shown}", unread,
                             "note: its syntax error is reported on this line: fix it, and this goes too"))
        elif "year-end" not in said:
            self.report(info("calendar-assumed", f"entity {self.entity.id} does not say when its fiscal year ends: "
                             f"12-31 is taken, and {shown}", self.entity.span,
                             "hint: add the line `fiscal year ends MM-DD` (such as 03-31) under the entity"))
        elif "fiscal year named by" in self.unread_calendar:
            year = Duration(period.fy, 1, 4)
            self.report(warning(
                "calendar-assumed", f"the `fiscal year named by` line of entity {self.entity.id} could not be read: "
                f"until it is, FY{period.fy} is taken to be the year that ends in {period.fy} "
                f"({calendar.describe(year)}){'' if period == year else f', and {shown}'}",
                self.unread_calendar["fiscal year named by"],
                "note: its syntax error is reported on this line: fix it, and this goes too"))
        else:
            year = Duration(period.fy, 1, 4)
            also = "" if period == year else f", and {shown}"
            self.report(warning(
                "calendar-assumed", f"entity {self.entity.id} does not say how its fiscal years are named: "
                f"FY{period.fy} is taken to be the year that ends in {period.fy} ({calendar.describe(year)}){also}",
                self.entity.span,
                f"hint: add the line `fiscal year named by end` to say so, or `fiscal year named by start` "
                f"if FY{period.fy} is the year that starts in {period.fy}"))

    def first_stated(self) -> tuple[Period, Span] | None:
        """The first fiscal period a claim or guidance line speaks of, with the line."""
        for found in (self.facts, self.measured, self.guidance):
            for f in found:
                if isinstance(f.period, Duration):
                    return f.period, f.span
        return None


def _as_percent(text: str) -> str:
    """`, or 60% for a ratio of 0.6`: the figure as a percentage, were it written as a ratio."""
    try:
        ratio = Decimal(text.replace(",", ""))
    except ArithmeticError:  # (1.5), a sign: no example
        return ""
    if not -10 < ratio < 10:  # 17.6 is no ratio anyone meant: "1760%" would be no help
        return ""
    shown = f"{(ratio * 100).normalize():f}"
    return f", or {shown}% for a ratio of {text}"


def first_column_label(declarations) -> tuple[Period, Span] | None:
    """The first fiscal period a table's or statement's columns name, with the column."""
    for decl in declarations:
        if isinstance(decl, (n.TableDecl, n.StatementDecl)):
            for column in decl.columns:
                if column.period is not None and not column.period.is_instant:
                    return column.period, column.span
    return None


def first_item(expr: Expr) -> str | None:
    return next((r.item for r in refs(expr)), None)


def fill_period(expr: Expr, period: Period) -> Expr:
    """Give every reference without an anchor the claim's period."""
    if isinstance(expr, Ref):
        return Ref(expr.item, period, expr.span) if expr.anchor is None else expr
    if isinstance(expr, Neg):
        return Neg(fill_period(expr.operand, period), expr.span)
    if isinstance(expr, Bin):
        return Bin(expr.op, fill_period(expr.left, period), fill_period(expr.right, period), expr.span)
    if isinstance(expr, Call):
        return Call(expr.function, tuple(fill_period(a, period) for a in expr.args), expr.rate, expr.span)
    return expr


def build_book(trees) -> tuple[m.Book, list[Diagnostic]]:
    """One Book from the syntax trees of every file of a ledger, in load order."""
    builder = _Builder()
    book = builder.build(trees)
    return book, _rejected_named(builder.diagnostics, builder.rejected)


def names_in(message: str) -> list[str]:
    """The words of a message that read as names, as the grammar's ID: what a diagnostic about an unknown
    name names (`re` imported only here, where a book has such a diagnostic to explain)."""
    import re

    return re.findall(r"(?<![\w.])[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*%?", message)


def _rejected_named(found: list[Diagnostic], rejected: dict) -> list[Diagnostic]:
    """An unknown-item for an item that is declared, but not kept for an error of its declaration (a unit
    not declared), says so, not "declare it first": fixing the declaration fixes the use."""
    if not rejected:
        return found
    out = []
    for d in found:
        if d.code == "unknown-item":
            own = next((w for w in names_in(d.message) if w in rejected), None)
            if own is not None:
                span, code = rejected[own]
                d = record.evolve(d, notes=tuple(x for x in d.notes if not x.startswith("hint:")) + (
                    f"note: item {own} is declared at {span.path}:{span.line}, but not kept: its declaration has "
                    f"an error ({code}, reported there); fix it, and this goes too",))
        out.append(d)
    return out
