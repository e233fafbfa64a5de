"""Syntax trees to the Book: resolve names, units and periods; report what does not fit.

Every declaration of every file of one ledger goes into one Book. Problems
become diagnostics, and the declaration (or the cell) that has them is left
out, so the rest of the book still evaluates.
"""

from __future__ import annotations

from decimal import Decimal

from ledgerlang.diagnostic import Diagnostic, error
from ledgerlang.model import book as m
from ledgerlang.model import record
from ledgerlang.model.expr import Bin, Call, Expr, Neg, Ref, refs, show
from ledgerlang.model.fact import Fact, Measured, Reported, Source
from ledgerlang.model.period import PERIOD_FORMS, Calendar, Duration, Instant, Period, label
from ledgerlang.model.span import Span
from ledgerlang.model.unit import SCALES, Unit, parse_unit
from ledgerlang.syntax import nodes as n
from ledgerlang.syntax.figures import Figures, negate, parse_figure, too_long
from ledgerlang.syntax.resolve import Resolver, did_you_mean
from ledgerlang.syntax.tables import PERCENT_FUNCTIONS, TableBuilder

class _Builder(TableBuilder):
    def __init__(self) -> None:
        self.diagnostics: list[Diagnostic] = []
        self.entity: m.Entity | None = None
        self.documents: list[m.Document] = []
        self.units: dict[str, m.UnitDecl] = {}
        self.rates: dict[str, m.Rate] = {}
        self.items: dict[str, m.Item] = {}
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
        elif self.entity.id != entity.id:
            self.report(error("entity-conflict", f"books of {self.entity.id} and {entity.id} were given together", decl.span,
                              f"note: {self.entity.id} is declared at {self.entity.span}",
                              "hint: check the books of one entity at a time"))
        elif self.entity != entity:
            self.report(error("entity-conflict", f"entity {entity.id} is declared twice with different calendars",
                              decl.span, f"note: first declared at {self.entity.span}"))

    def rate_decl(self, decl: n.RateDecl) -> None:
        if decl.id in self.rates:
            self.duplicate("rate", decl.id, decl.span, self.rates[decl.id].span)
            return
        for code in (decl.quote, decl.base):
            if code not in self.units or not self.units[code].currency:
                self.report(error("unknown-unit", f"rate {decl.id} names {code}, which is not a declared currency",
                                  decl.span, did_you_mean(code, [u for u, d in self.units.items() if d.currency])))
                return
        problem = too_long(decl.value.replace(".", ""))
        if problem is not None:
            self.report(error("bad-rate", f"rate {decl.id} {problem}", decl.span))
            return
        value = Decimal(decl.value)  # exact: a Decimal from a string is never rounded
        if value == 0:
            self.report(error("bad-rate", f"rate {decl.id} is zero", decl.span))
            return
        self.rates[decl.id] = m.Rate(decl.id, value, decl.quote, decl.base, decl.date, decl.note, decl.span)

    def item_decl(self, decl: n.ItemDecl) -> None:
        if decl.id in self.items:
            self.duplicate("item", decl.id, decl.span, self.items[decl.id].span)
            return
        if decl.id.endswith("%"):
            self.report(error("bad-name", f"item {decl.id} ends in %, which is kept for measure functions",
                              decl.span, f"hint: call it {decl.id[:-1]}"))
            return
        unit = parse_unit(decl.unit)
        for name in unit.num + unit.den:
            if name not in self.units:
                self.report(error("unknown-unit", f"item {decl.id} has unit {name}, which is not declared", decl.span,
                                  did_you_mean(name, self.units, f"hint: declare it: unit {name} \"...\" "
                                               f"(or currency {name} for money)")))
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
            self.report(error("bad-anchor", f"a rule defines {target.item} at every period; drop @{target.anchor}",
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
            self.report(error("unit-mismatch", f"assertion {decl.name} compares {lu} with {ru}", decl.span))
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
        for line in decl.lines:
            found = self.measure_line(line.expr, line.span)
            if found is None:
                continue
            expr, period = found
            reported = self.value(line.value, expr)
            if reported is None:
                continue
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
        resolved = self.resolver.expression(fill_period(expr, period), context_instant=period.is_instant)
        return (resolved, period) if resolved is not None else None

    def value(self, node: n.ValueNode, expr: Expr) -> Reported | None:
        unit = self.resolver.unit_of(expr)
        percent = node.figure.text.rstrip(")").endswith("%") or (unit is not None and unit.is_pure and self.percent_expr(expr))
        if node.unit is not None and node.unit not in self.units:
            self.report(error("unknown-unit", f"{node.unit} is not a declared unit", node.span,
                              did_you_mean(node.unit, self.units)))
            return None
        if node.unit is not None and unit is not None and node.unit not in unit.num:
            self.report(error("unit-mismatch", f"the figure is in {node.unit} but {show(expr)} is in {unit}",
                              node.span))
            return None
        scale = SCALES[node.scale] if node.scale else 0
        reported = parse_figure(node.figure.text, scale, percent, "exact" if node.exact else "nearest")
        if isinstance(reported, str):
            self.report(error("bad-figure", reported, node.figure.span))
            return None
        return reported

    def percent_expr(self, expr: Expr) -> bool:
        if isinstance(expr, Call):
            return expr.function in PERCENT_FUNCTIONS
        if isinstance(expr, Ref):
            item = self.items.get(expr.item)
            return bool(item and item.percent)
        return True

    def guidance_decl(self, decl: n.GuidanceDecl) -> None:
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
                high = self.value(line.high, expr)
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
        for decl in declarations:
            self.declare(decl)
        self.book_calendar = self.entity.calendar if self.entity else Calendar()
        # `report`'s own list, not the bound method: a resolver that held the builder would make
        # a reference cycle that keeps a whole book alive until the cycle collector runs.
        self.resolver = Resolver(self.items, self.units, self.rates, self.diagnostics.append)
        for decl in declarations:
            self.resolve(decl)
        return m.Book(
            entity=self.entity, documents=tuple(self.documents), units=self.units, rates=self.rates,
            items=self.items, rules=tuple(self.rules), assertions=tuple(self.assertions), facts=tuple(self.facts),
            measured=tuple(self.measured), guidance=tuple(self.guidance), acceptances=tuple(self.acceptances),
            statements=tuple(self.statements.values()), paths=tuple(t.path for t in trees),
        )


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
    return book, builder.diagnostics
