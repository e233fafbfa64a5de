"""Claims and guidance as `ledger eval` shows them: every figure stated in a book's text.

A statement shows items against periods; a claim states a figure in a
sentence ("Revenues JPY83.0 billion, up 12.0% YoY") and guidance a target or a
range. Both are reported figures, so a book with no statement (or one asked
for with `--statement claims`) lists them: each figure as printed, and the
ledger's value of the same expression at the printed precision, or nothing
where the ledger cannot compute it.
"""

from __future__ import annotations

from decimal import Context, Decimal

from ledgerlang.evaluate.compute import Evaluation, best_printing
from ledgerlang.model.expr import Bin, Call, Neg, Ref, show
from ledgerlang.model.fact import Reported
from ledgerlang.model.period import label, sort_key
from ledgerlang.model.record import frozen
from ledgerlang.model.unit import SCALE_NAMES
from ledgerlang.render.grid import table as drawn_table
from ledgerlang.render.places import nonzero_places
from ledgerlang.visible import visible

PERCENT_FUNCTIONS = ("yoy%", "qoq%", "share%")


@frozen
class Entry:
    """One stated figure: where, what the text says, and what the ledger has for it."""

    text: str  # the claim's or guidance's quoted text
    path: str
    line: int
    expression: str  # rev@1H17, yoy%(rev@1H17)
    period: str
    stated: str  # as printed: "83.0 JPY billions", "12.0%", "~ 176.0 JPY billions", "in 12.5 .. 13.0 JPY billions"
    value: Decimal | None  # the ledger's value of the expression (base units, a ratio for a percentage)
    shown: str  # that value at the stated scale and precision; "" where the ledger has none
    origin: str | None  # reported | derived | None (see statements.REPORTED)
    scale: int  # the stated figure's scale (6: millions); 0 for units and percentages
    percent: bool
    given: str | None = None  # guidance: the date it was given
    unit: str = ""  # the unit the figure is in, as a book writes it (JPY, USD, JPY/shares)

    def as_dict(self) -> dict:
        found = {"text": self.text, "path": self.path, "line": self.line, "expression": self.expression,
                 "period": self.period, "printed": self.stated,
                 "value": None if self.value is None else _plain(self.value, self.scale, self.percent),
                 "shown": self.shown or None, "origin": self.origin,
                 "scale": "%" if self.percent else SCALE_NAMES.get(self.scale, "units")}
        if self.given is not None:
            found["given"] = self.given
        return found


@frozen
class Listing:
    kind: str  # claims | guidance
    title: str
    entries: tuple[Entry, ...]


def _plain(value: Decimal, scale: int, percent: bool) -> str:
    context = Context(prec=len(value.as_tuple().digits) + 4)  # every digit: exact at any size
    shown = context.multiply(value, 100) if percent else context.scaleb(value, -scale)
    return format(shown.copy_abs() if shown.is_zero() else shown, "f")  # never -0


def _unit(expr, evaluation: Evaluation) -> str:
    """The unit a stated figure is in, as a book writes it after the figure (JPY, USD, JPY/shares)."""
    if isinstance(expr, Neg):
        return _unit(expr.operand, evaluation)
    if isinstance(expr, Ref):
        item = evaluation.book.items.get(expr.item)
        return "" if item is None or item.percent else str(item.unit)
    if isinstance(expr, Call) and expr.function not in PERCENT_FUNCTIONS:
        return expr.function  # a translation: USD(rev@1Q03)
    if isinstance(expr, Bin) and expr.op in "+-":  # a change in accounts: x@2004-03-31 - x@2003-08-12
        return _unit(expr.left, evaluation)
    return ""


def _printed_like(evaluation: Evaluation, expr, period) -> Reported | None:
    """For guidance with no figure of its own (op@4Q02 > op@3Q02): how the actual was printed."""
    base = expr.operand if isinstance(expr, Neg) else expr
    if not isinstance(base, Ref):
        return None
    value = evaluation.value(base.item, evaluation.at(base, period))
    if value is None or not value.facts:
        return None
    return best_printing(value.facts).value


def _figure(reported: Reported, unit: str, exact: bool = True) -> str:
    """A figure as a book writes it: text, unit, scale and, where the grammar takes it (`exact`), exact."""
    words = [reported.text]
    if unit and not reported.text.rstrip(")").endswith("%"):
        words.append(unit)
    if reported.scale > 0 and reported.scale in SCALE_NAMES:
        words.append(SCALE_NAMES[reported.scale])
    if exact and reported.rounding == "exact" and reported.scale == 0 and not reported.text.endswith("%"):
        words.append("exact")
    return " ".join(words)


def _shown(value: Decimal | None, reported: Reported, percent: bool, named: bool = False) -> str:
    """The ledger's value at the printed figure's scale and number of decimals (`named`: with the scale's name)."""
    if value is None:
        return ""
    scale = -2 if percent else max(reported.scale, 0)
    places = max(scale - reported.exponent, 0)
    # a value that is not zero to its first digit, as a statement shows it, never 0.0% (nor, in the
    # workbook's number format, (0.0%))
    places = nonzero_places(value, 0 if percent else scale, places, percent)
    # Exact at any size: a context wide enough for every digit (the default 28 would raise on a long figure).
    context = Context(prec=len(value.as_tuple().digits) + max(value.adjusted(), 0) + places + 10)
    shown = context.scaleb(value, -scale) if not percent else context.multiply(value, 100)
    shown = shown.quantize(Decimal(1).scaleb(-places), context=context)
    if shown == 0:
        shown = abs(shown)
    word = f" {SCALE_NAMES[scale]}" if named and scale in SCALE_NAMES and scale > 0 else ""
    return f"{shown:,f}" + ("%" if percent else word)


def _entry(evaluation: Evaluation, text: str, span, expr, period, stated: str, reported: Reported | None,
           given: str | None = None, named: bool = False) -> Entry:
    percent = bool(reported is not None and (reported.scale == -2 or reported.text.rstrip(")").endswith("%")))
    found = evaluation.evaluate(expr, period)
    value = found.point if found is not None else None
    origin = None
    if value is not None:
        base = expr.operand if isinstance(expr, Neg) else expr
        if isinstance(base, Ref):
            held = evaluation.value(base.item, evaluation.at(base, period))
            origin = "reported" if held is not None and held.origin == "reported" else "derived"
        else:
            origin = "derived"
    shown = _shown(value, reported, percent, named) if reported is not None else ""
    scale = 0 if reported is None or percent else max(reported.scale, 0)
    return Entry(text, span.path if span else "", span.line if span else 0, show(expr), label(period), stated,
                 value, shown, origin, scale, percent, given, _unit(expr, evaluation))


def claims(evaluation: Evaluation, periods=None) -> Listing:
    """Every figure the books' claims state, in the order written."""
    book = evaluation.book
    found = []
    for fact in book.facts:
        if fact.source.kind != "claim" or (periods is not None and fact.period not in periods):
            continue
        expr = Ref(fact.item, fact.period)
        reported = fact.value
        if fact.negated:  # "-op@3Q02 = 567": the text states the loss, the ledger keeps -567
            expr = Neg(expr)
            reported = Reported(-reported.value, reported.exponent, reported.rounding, reported.scale,
                                reported.text.lstrip("-"))
        found.append((fact.span, fact.source.title, expr, fact.period, reported))
    for measured in book.measured:
        if measured.source.kind != "claim" or (periods is not None and measured.period not in periods):
            continue
        found.append((measured.span, measured.source.title, measured.expr, measured.period, measured.value))
    found.sort(key=lambda f: (f[0].path, f[0].line) if f[0] else ("", 0))
    entries = tuple(_entry(evaluation, text, span, expr, period, _figure(reported, _unit(expr, evaluation)), reported)
                    for span, text, expr, period, reported in found)
    return Listing("claims", "Claims: figures stated in the text", entries)


def guidance(evaluation: Evaluation, periods=None) -> Listing:
    """Every target, range and bound the books' guidance gives, with the actual where the ledger has one."""
    entries = []
    for g in sorted(evaluation.book.guidance, key=lambda g: (g.path, g.span.line if g.span else 0, sort_key(g.period))):
        if periods is not None and g.period not in periods:
            continue
        unit = _unit(g.expr, evaluation)
        if g.op == "in" and g.low is not None and g.high is not None:
            stated = f"in {g.low.text} .. {_figure(g.high, unit, exact=False)}"  # a range's ends are exact
        elif g.low is not None and g.rhs is not None:  # a scaled target: ~ 1.076 * rev@FY2013
            stated = f"{g.op} {g.low.text} * {show(g.rhs)}"
        elif g.low is not None:
            stated = f"{g.op} {_figure(g.low, unit)}"
        else:
            stated = f"{g.op} {show(g.rhs)}" if g.rhs is not None else g.op
        reported = g.low if g.rhs is None else _printed_like(evaluation, g.expr, g.period)
        entries.append(_entry(evaluation, g.text, g.span, g.expr, g.period, stated, reported, g.given,
                              named=g.rhs is not None))
    return Listing("guidance", "Guidance: targets and ranges, with the actual where the ledger has it", tuple(entries))


def as_text(listings: list[Listing], markdown: bool = False) -> str:
    """Each claim or guidance text once, then its figures: expression, as printed, the ledger's value."""
    out = []
    for listing in listings:
        if not listing.entries:
            continue
        if markdown:
            rows = [[visible(e.text), e.expression, e.stated, e.shown or ("" if e.value is not None else "none")]
                    for e in listing.entries]
            heading = "actual" if listing.kind == "guidance" else "ledger value"
            out.append(f"## {listing.title}\n\n")
            out.append(drawn_table(rows, ["text", "figure", "as printed", heading], markdown=True))
            out.append("\n\n")
            continue
        out.append(f"{listing.title}\n")
        width = max(len(e.expression) for e in listing.entries)
        stated = max(len(e.stated) for e in listing.entries)
        heading = "actual" if listing.kind == "guidance" else "ledger value"
        last = None
        for e in listing.entries:
            if (e.text, e.path) != last:
                where = f"{e.path}:{e.line}"
                given = f", given {e.given}" if e.given else ""
                out.append(f"  \"{e.text}\" ({where}{given})\n")
                last = (e.text, e.path)
            value = e.shown or ("" if e.value is not None else "none")
            if e.shown and e.origin == "derived":
                value += " (derived)"
            line = f"    {e.expression:<{width}}  {e.stated:<{stated}}  {heading}: {value}".rstrip()
            out.append(line + "\n")
        out.append("\n")
    return "".join(out)
