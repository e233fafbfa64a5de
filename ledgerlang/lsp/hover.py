"""What a hover shows: the facts a reviewer needs about the figure, item, period or rate under the cursor.

Figures are explained by `explain` (one level deep): the value and its
interval, every printing, the rule that derives or checks it with what the
rule computes, and the checks' verdicts. Markdown, short.
"""

from __future__ import annotations

import os
from decimal import ROUND_DOWN, Decimal

from ledgerlang.check import show
from ledgerlang.explain import explain_figure, explain_measure
from ledgerlang.explain.tree import Node
from ledgerlang.load import include_target
from ledgerlang.lsp import lexer
from ledgerlang.lsp.ledger import Analysis, is_virtual
from ledgerlang.model.expr import show as show_expr
from ledgerlang.model.fact import Fact, Measured
from ledgerlang.model.period import Instant, label, parse_period
from ledgerlang.syntax.nodes import TableDecl

MAX_PRINTED = 8


def hover(analysis: Analysis, path: str, line_text: str, line: int, column: int) -> tuple[str, tuple[int, int]] | None:
    """Markdown for the thing at a 1-based line and column, with the 1-based columns it covers."""
    figure = analysis.figure_at(path, line, column)
    if figure is not None and not (isinstance(figure, Measured) and figure.family == "claim"):
        return figure_markdown(analysis, figure), (figure.span.column, figure.span.end_column)
    # A claim's line is one measured figure from its expression to its number: a name or period in the
    # expression is told as it is elsewhere (`rev.b@1Q24`, `yoy%(`), the rest of the line is the claim's.
    found = _word(analysis, path, line_text, line, column)
    if found is None and figure is not None:
        return figure_markdown(analysis, figure), (figure.span.column, figure.span.end_column)
    return found


def _word(analysis: Analysis, path: str, line_text: str, line: int, column: int):
    """The hover of the word at a 1-based column (an item, a period, a rate, an include...), or None."""
    words = lexer.around(line_text, column - 1)  # read once: a long line's tokens are not remembered
    token = lexer.token_in(words, column - 1)
    if token is None:
        return None
    place = (token.start + 1, token.end + 1)
    book = analysis.book
    if token.kind == "string":
        if words and words[0].text == "include":
            target = include_target(path, token.text[1:-1])
            if is_virtual(path):  # not looked up on disk: relative to the server's directory, it names nothing
                return f"include **{os.path.basename(target)}**: not read, this document is not saved", place
            state = "" if os.path.exists(target) else " (missing)"
            return f"include **{os.path.basename(target)}**{state}\n\n`{target}`", place
        return None
    at = _reference(words, token, book)
    if at is not None:
        item_id, period, first, last = at
        return reference_markdown(analysis, item_id, period), (first + 1, last + 1)
    stamped = _stamp(words, token)
    if stamped is not None:
        return stamped, place
    if token.kind == "period" or token.kind == "date":
        period = parse_period(token.text)
        return (period_markdown(analysis, period), place) if period is not None else None
    if lexer.own_id(words, token):
        return None  # `entity X`, `assert X:`, `statement X`: not the item, rate or unit X
    if token.kind in ("name", "function") and token.text in book.items:
        return item_markdown(analysis, token.text), place
    if token.kind == "name" and token.text in book.rates:
        rate = book.rates[token.text]
        on = f" on {rate.date}" if rate.date else ""
        note = f"\n\n{rate.note}" if rate.note else ""
        return f"rate **{rate.id}**: 1 {rate.base} = {rate.value} {rate.quote}{on} (exact){note}", place
    if token.kind in ("name", "function") and token.text in book.units:
        unit = book.units[token.text]
        return f"{'currency' if unit.currency else 'unit'} **{unit.id}**: {unit.label}", place
    if token.kind == "code":
        found = accepted_markdown(analysis, path, line, token.text)
        return (found, place) if found is not None else None
    if token.kind in ("edge", "shift"):
        return anchor_markdown(analysis, path, words, line, token)
    if token.kind == "function" and token.text in FUNCTIONS:
        return FUNCTIONS[token.text], place
    return None


_STAMPS = {"on": "the date of the rate", "dated": "the date of the document",
           "given": "when the guidance was given: it is compared with the actual of a later book"}


def _stamp(tokens, token) -> str | None:
    """A date that stamps a declaration (`rate ... on DATE`, `document ... dated DATE`, `guidance ...
    given DATE`), which is no period of the ledger (not a balance-sheet date)."""
    if token.kind not in ("date", "period", "figure"):
        return None
    k = next((i for i, tok in enumerate(tokens) if tok.start == token.start), 0)
    if k == 0 or tokens[k - 1].text not in _STAMPS or tokens[0].text not in ("rate", "document", "guidance"):
        return None
    return f"**{token.text}**: {_STAMPS[tokens[k - 1].text]}"


FUNCTIONS = {
    "yoy%": "**yoy%(x)**: the change of x on the same period a year earlier, in %: x / x@-1y − 1",
    "qoq%": "**qoq%(x)**: the change of x on the period just before, of the same length (the quarter "
            "before a quarter), in %: x / x@-1q − 1 for a quarter",
    "share%": "**share%(x, total)**: x as a % of total, at the same period: x / total",
}


def accepted_markdown(analysis: Analysis, path: str, line: int, code: str) -> str | None:
    """The finding an `accept` line acknowledges, as `ledger check` states it; or that it accepts nothing."""
    acceptance = next((a for a in analysis.book.acceptances
                       if a.span is not None and a.span.path == path and a.span.line == line and a.code == code), None)
    if acceptance is None:
        return None
    where = f"{acceptance.item}@{label(acceptance.period)}"
    mark = f"acknowledged at {acceptance.span}:"
    found = [d for d in analysis.diagnostics if d.acknowledged is not None and d.code == code
             and d.item == acceptance.item and d.period == label(acceptance.period)
             and any(note.startswith(mark) for note in d.notes)]
    if not found:
        return f"**accept {code}** at {where}: accepts nothing, no such finding now"
    out = [f"**accept {code}** at {where} acknowledges:"]
    out += [f"- {d.severity}[{d.code}]: {d.message}" for d in found[:MAX_PRINTED]]
    return "\n".join(out)


def anchor_markdown(analysis: Analysis, path: str, tokens, line: int, token) -> tuple[str, tuple[int, int]]:
    """`x@open`, `x@close` (the instant a duration opens or closes at) and `x@-1y` (a shift), with the
    item before the `@` when there is one; on a table's row, the instants of the table's columns."""
    k = next(i for i, tok in enumerate(tokens) if tok.start == token.start)
    named = k >= 2 and tokens[k - 1].text == "@" and tokens[k - 2].kind in ("name", "function")
    item = tokens[k - 2].text if named else "x"
    start = tokens[k - 2].start if named else token.start
    head = f"**{item}@{token.text}**: "
    if token.kind == "shift":
        count, unit = int(token.text[1:-1]), {"y": "year", "q": "quarter"}[token.text[-1]]
        when = "earlier" if token.text[0] == "-" else "later"
        body = (f"{item} {count} {unit}{'s' if count != 1 else ''} {when} than the period it is evaluated at"
                if count else f"{item} at the period it is evaluated at")
        return head + body, (start + 1, token.end + 1)
    verb = "opens" if token.text == "open" else "closes"
    out = [head + f"{item} at the instant the period {verb} at"]
    calendar = analysis.book.calendar
    edge = calendar.opening if token.text == "open" else calendar.closing
    for decl in getattr(analysis.trees.get(path), "declarations", ()):
        if isinstance(decl, TableDecl) and any(row.span.line == line for row in decl.rows):
            shown = [f"- {c.text}: {label(edge(c.period))}" for c in decl.columns
                     if c.function is None and c.period is not None and not isinstance(c.period, Instant)]
            if shown:
                out += ["", "in this table's columns:", *shown[:MAX_PRINTED]]
            break
    return "\n".join(out), (start + 1, token.end + 1)


def _reference(tokens, token, book):
    """`item@PERIOD` under the cursor (on the item or on the period): (item, period, start, end), else None;
    `tokens`: the line's, at least to two past the cursor (lexer.around)."""
    k = next((i for i, tok in enumerate(tokens) if tok.start == token.start), None)
    if k is None:
        return None
    if token.kind == "name" and k + 2 < len(tokens) and tokens[k + 1].text == "@" \
            and tokens[k + 2].kind in ("period", "date"):
        name, when = token, tokens[k + 2]
    elif token.kind in ("period", "date") and k >= 2 and tokens[k - 1].text == "@" and tokens[k - 2].kind == "name":
        name, when = tokens[k - 2], token
    else:
        return None
    period = parse_period(when.text)
    if name.text not in book.items or period is None:
        return None
    return name.text, period, name.start, when.end


def reference_markdown(analysis: Analysis, item_id: str, period) -> str:
    """An item at a period, as written in a rule, claim or guidance: its value, derived or printed."""
    node = explain_figure(analysis.evaluation, analysis.diagnostics, item_id, period, depth=1)
    item = analysis.book.items[item_id]
    head = f"**{node.what}**: {item.label}\n\n{'%' if item.percent else item.unit}, {item.kind}"
    return head + "\n\n" + node_markdown(node, None)


def item_markdown(analysis: Analysis, item_id: str) -> str:
    book = analysis.book
    item = book.items[item_id]
    balance = f", {item.balance}" if item.balance else ""
    unit = "%" if item.percent else str(item.unit)
    out = [f"**{item.id}**: {item.label}", "", f"{unit}, {item.kind}{balance}"]
    for rule in book.rules:
        if rule.target == item_id:
            verb = "defined by" if rule.defines else "checked by"
            out += ["", f"{verb} `{item_id} = {show_expr(rule.expr)}`{_at(rule.span)}"]
    periods = analysis.evaluation.reported_periods(item_id)
    if periods:
        shown = ", ".join(label(p) for p in sorted(set(periods), key=lambda p: (p.is_instant, label(p)))[:12])
        out += ["", f"printed for {len(set(periods))} period{'s' if len(set(periods)) != 1 else ''}: {shown}"]
    return "\n".join(out)


def period_markdown(analysis: Analysis, period) -> str:
    calendar = analysis.book.calendar
    if isinstance(period, Instant):
        return f"**{label(period)}**: an instant (a balance-sheet date)"
    kind = {1: "a quarter", 2: "a half year", 3: "nine months", 4: "a fiscal year"}.get(period.quarters, "a duration")
    return (f"**{label(period)}**: {kind} of FY{period.fy}, {calendar.describe(period)}\n\n"
            f"opens at {label(calendar.opening(period))}, closes at {label(calendar.closing(period))}")


def figure_markdown(analysis: Analysis, figure: Fact | Measured) -> str:
    ev, found = analysis.evaluation, analysis.diagnostics
    if isinstance(figure, Fact):
        node = explain_figure(ev, found, figure.item, figure.period, depth=1)
        item = analysis.book.items.get(figure.item)
        head = f"**{node.what}**" + (f": {item.label}" if item else "")
        kind = f"\n\n{'%' if item.percent else item.unit}, {item.kind}" if item else ""
        return head + kind + "\n\n" + node_markdown(node, figure)
    printed = [m for m in analysis.book.measured if m.expr == figure.expr and m.period == figure.period]
    what = show_expr(figure.expr)
    if "@" not in what:  # a claim's expression names its periods: a second anchor would read as one more
        what = f"{what}@{label(figure.period)}"
    node = explain_measure(ev, found, what, figure.expr, figure.period, printed or [figure], depth=1)
    return f"**{what}**\n\n" + node_markdown(node, figure)


def _places(node: Node, extra: int) -> int:
    return show.places_for(node.exponent, node.scale, extra)


def _amount(node: Node, value, extra: int = 2, rounding: str | None = None) -> str:
    """A value at the node's scale: as printed where it is exact at the last printed digit, else with
    more; `rounding` ROUND_DOWN for a miss, which "at least" makes a bound."""
    try:
        exact = value == value.quantize(Decimal(1).scaleb(node.exponent))
    except ArithmeticError:
        exact = False
    return show.amount(value, node.scale, _places(node, 0 if exact else extra), rounding)


def distinct_interval(iv, scale: int, places: int) -> str:
    """An interval at `places` decimals, or at as many more as tell its two ends apart: a narrow one
    (a translated figure's, a few thousandths wide) must not read as the empty [2.66, 2.66)."""
    if iv is not None and iv.lo != iv.hi:
        for more in range(places, places + 8):
            if show.number(iv.lo, scale, more) != show.number(iv.hi, scale, more):
                return show.interval(iv, scale, more)
    return show.interval(iv, scale, places)


def node_markdown(node: Node, figure) -> str:
    out = []
    if node.value is None:
        out.append("no value: not printed, and no rule derives it from printed figures")
    else:
        out.append(f"value **{_amount(node, node.value)}** ({node.origin}), "
                   f"any value in {distinct_interval(node.interval, node.scale, _places(node, 2))}")
    if node.printed:
        out += ["", "printed:"]
        for p in node.printed[:MAX_PRINTED]:
            span = getattr(figure, "span", None)
            here = " ← here" if span is not None and p.location == f"{span.path}:{span.line}" else ""
            out.append(f"- `{p.text}` in {p.where}{_loc(p.location)}{here}")
        if len(node.printed) > MAX_PRINTED:
            out.append(f"- and {len(node.printed) - MAX_PRINTED} more")
    for rule in node.rules:
        out += ["", f"by `{rule.rule}`{_loc(rule.location)}"]
        if rule.value is None:
            out.append("cannot be computed: an input has no value")
            continue
        verdict = {"holds": "✓ agrees within rounding", "derives": "derives the value",
                   "unknown": "not checkable"}.get(rule.status)
        if rule.status == "violated":
            verdict = f"✗ misses the printed figure by at least {_amount(node, rule.miss, rounding=ROUND_DOWN)}"
        out.append(f"computed {_amount(node, rule.value)}, any value in "
                   f"{distinct_interval(rule.interval, node.scale, _places(node, 2))}: {verdict}")
    if node.checks:
        out += ["", "check:"]
        for d in node.checks:
            tag = " (acknowledged)" if d.acknowledged else ""
            line = f"- {d.severity}[{d.code}]{tag}: {d.message}"
            if line not in out:
                out.append(line)
    elif node.rules and all(r.status in ("holds", "derives") for r in node.rules):
        out += ["", "check: ✓ no findings"]
    return "\n".join(out)


def _loc(location: str | None) -> str:
    if not location:
        return ""
    path, _, line = location.rpartition(":")
    return f" ({os.path.basename(path)}:{line})"


def _at(span) -> str:
    return f" ({os.path.basename(span.path)}:{span.line})" if span is not None else ""
