"""Compare two evaluated ledgers: reported figures, the figures they moved, and check results.

Reported figures are keyed by item (or measure), period, source and column;
a figure reprinted with other separators is the same figure. Computed
figures are every value the evaluator derives, every rule's value where its
target is printed (the totals a changed figure moved) and every printed
measure's computed value (the ratios it moved). Check results are keyed by
code, item and period.
"""

from __future__ import annotations

import re

from collections import defaultdict
from decimal import Decimal

from ledgerlang.check import show
from ledgerlang.check.mismatch import where
from ledgerlang.diagnostic import Diagnostic
from ledgerlang.evaluate.compute import Evaluation
from ledgerlang.model.expr import show as show_expr
from ledgerlang.model.fact import Reported
from ledgerlang.model.period import label, sort_key
from ledgerlang.model.record import frozen
from ledgerlang.syntax.build import fill_period


@frozen
class Change:
    section: str  # reported | derived | check
    change: str  # added | removed | changed
    what: str  # rev.total@1Q03, yoy%(rev.total@1Q03), error[total-mismatch] rev.total@1Q03
    old: str | None  # as the reader sees it: "3,321 million", "-5.74%"
    new: str | None
    where: str = ""  # the source of a reported figure, the rule of a computed one
    old_exact: str | None = None  # exact values in base units (JPY, not millions), for JSON
    new_exact: str | None = None
    location: str | None = None  # path:line of the new figure (the old one when removed)
    item: str | None = None
    period: str | None = None


@frozen
class Ledger:
    """One side, run through the whole pipeline; `show` maps its paths for the reader."""

    book: object
    evaluation: Evaluation
    diagnostics: tuple[Diagnostic, ...]
    show: object  # Callable[[str], str]


def compare(old: Ledger, new: Ledger) -> list[Change]:
    """Every difference between two ledgers: reported, then derived, then check results."""
    return _reported(old, new) + _derived(old, new) + _checks(old, new)


# ---- reported figures -------------------------------------------------------------------


def _printed(ledger: Ledger) -> dict[tuple, list]:
    found: dict[tuple, list] = defaultdict(list)
    for fact in ledger.book.facts:
        found[("fact", fact.item, fact.period, fact.source.kind, fact.source.title, fact.column)].append(
            (f"{fact.item}@{label(fact.period)}", fact.item, fact))
    for measured in ledger.book.measured:
        what = show_expr(fill_period(measured.expr, measured.period))
        found[("measure", what, measured.period, measured.source.kind, measured.source.title, measured.column)].append(
            (what, measured.item, measured))
    return found


def _figure(reported: Reported) -> str:
    return reported.text + show.SCALE_WORDS.get(reported.scale, "") if reported.scale != -2 else reported.text


def _reported(old: Ledger, new: Ledger) -> list[Change]:
    before, after = _printed(old), _printed(new)
    changes = []
    for key in sorted(set(before) | set(after), key=_key_order):
        a, b = before.get(key, []), after.get(key, [])
        for k in range(max(len(a), len(b))):
            x, y = (a[k] if k < len(a) else None), (b[k] if k < len(b) else None)
            if x is not None and y is not None and x[2].value == y[2].value:
                continue
            what, item, figure = y or x
            side = new if y is not None else old
            change = "changed" if x and y else ("added" if y else "removed")
            changes.append(Change(
                "reported", change, what, _figure(x[2].value) if x else None, _figure(y[2].value) if y else None,
                where(figure), _exact(x[2].value.value) if x else None, _exact(y[2].value.value) if y else None,
                _location(side, figure.span), item, label(figure.period)))
    return changes


def _exact(value: Decimal) -> str:
    """A Decimal as plain digits in base units, never in exponent form."""
    return format(value, "f")


def _key_order(key: tuple) -> tuple:
    return (key[1], sort_key(key[2]), key[0], key[3], key[4], key[5])


def _location(ledger: Ledger, span) -> str | None:
    return f"{ledger.show(span.path)}:{span.line}" if span is not None else None


# ---- derived figures -------------------------------------------------------------------------


class _Scales:
    def __init__(self, ledgers) -> None:
        self.ledgers = ledgers
        self.finest: dict[str, tuple[int, int]] = {}
        for ledger in ledgers:
            for fact in ledger.book.facts:
                seen = self.finest.get(fact.item)
                if seen is None or fact.value.exponent < seen[1]:
                    self.finest[fact.item] = (fact.value.scale, fact.value.exponent)

    def of(self, item: str) -> tuple[int, int]:
        for ledger in self.ledgers:
            found = ledger.book.items.get(item)
            if found is not None and found.percent:
                return -2, -5
        return self.finest.get(item, (0, -2))


def _amount(value: Decimal | None, scale: int, exponent: int) -> str | None:
    """A computed value at the scale its item is printed in: one more digit where it has more."""
    if value is None:
        return None
    try:
        exact = value == value.quantize(Decimal(1).scaleb(exponent))
    except ArithmeticError:
        exact = False
    return show.amount(value, scale, show.places_for(exponent, scale, 0 if exact else 1))


def _derived(old: Ledger, new: Ledger) -> list[Change]:
    scales = _Scales((old, new))
    changes = []
    keys = {k for ledger in (old, new) for k, v in ledger.evaluation.values.items() if v is not None}
    for key in sorted(keys, key=lambda k: (k[0], sort_key(k[1]))):
        a, b = old.evaluation.value(*key), new.evaluation.value(*key)
        if a is not None and b is not None and a.origin == "reported" and b.origin == "reported":
            continue
        if _same(a, b):
            continue
        item, period = key
        scale, exponent = scales.of(item)
        rule = (b or a).rule
        where = f"{(b or a).origin}" + (f" by {item} = {show_expr(rule.expr)}" if rule is not None else "")
        changes.append(_computed_change(f"{item}@{label(period)}", a, b, scale, exponent, where, item, period))
    changes.extend(_rules(old, new, scales))
    changes.extend(_measures(old, new))
    return changes


def _same(a, b) -> bool:
    if a is None or b is None:
        return a is b
    return a.point == b.point and a.interval == b.interval


def _computed_change(what: str, a, b, scale: int, exponent: int, where: str, item, period) -> Change:
    change = "changed" if a is not None and b is not None else ("added" if b is not None else "removed")
    return Change("derived", change, what, _amount(a.point if a else None, scale, exponent),
                  _amount(b.point if b else None, scale, exponent), where, _exact(a.point) if a else None,
                  _exact(b.point) if b else None, None, item, label(period))


def _rules(old: Ledger, new: Ledger, scales: _Scales) -> list[Change]:
    """Each rule's value wherever its target is printed: the totals a changed figure moves."""
    declared = [{(r.target, show_expr(r.expr)): r for r in ledger.book.rules} for ledger in (old, new)]
    printed: dict[str, set] = defaultdict(set)
    for ledger in (old, new):
        for item, period in ledger.evaluation.table_facts:
            printed[item].add(period)
    changes = []
    for target, text in sorted(set(declared[0]) | set(declared[1])):
        for period in sorted(printed.get(target, ()), key=sort_key):
            a = _rule_value(old, declared[0].get((target, text)), period)
            b = _rule_value(new, declared[1].get((target, text)), period)
            if _same(a, b):
                continue
            scale, exponent = scales.of(target)
            changes.append(_computed_change(f"{target}@{label(period)}", a, b, scale, exponent,
                                            f"rule {target} = {text}", target, period))
    return changes


def _rule_value(ledger: Ledger, rule, period):
    if rule is None or (rule.target, period) not in ledger.evaluation.table_facts:
        return None
    return ledger.evaluation.evaluate(rule.expr, period)


def _measures(old: Ledger, new: Ledger) -> list[Change]:
    """Each printed measure's computed value: the ratios and translations a changed figure moves."""
    printed: list[dict[str, tuple]] = []
    for ledger in (old, new):
        found = {}
        for measured in ledger.book.measured:
            what = show_expr(fill_period(measured.expr, measured.period))
            found.setdefault(what, (measured.expr, measured.period, measured.value, measured.item))
        printed.append(found)
    changes = []
    every = {**printed[1], **printed[0]}
    for what, (_, period, reported, item) in sorted(every.items(), key=lambda kv: (kv[1][3] or "", kv[0])):
        a = _measure_value(old, printed[0].get(what))
        b = _measure_value(new, printed[1].get(what))
        if _same(a, b):
            continue
        scale = reported.scale
        changes.append(_computed_change(what, a, b, scale, reported.exponent, "computed", item, period))
    return changes


def _measure_value(ledger: Ledger, printed):
    return None if printed is None else ledger.evaluation.evaluate(printed[0], printed[1])


# ---- check results -------------------------------------------------------------------------


def _diagnostic_key(d: Diagnostic, ledger: Ledger) -> tuple:
    if d.item is not None or d.period is not None:
        return (d.code, d.item or "", d.period or "")
    return (d.code, "", _plain(_text(d, ledger)))


def _text(d: Diagnostic, ledger: Ledger) -> str:
    message = d.message
    if d.span is not None and d.span.path in message:
        message = message.replace(d.span.path, ledger.show(d.span.path))
    return message + (" (acknowledged)" if d.acknowledged else "")


# Where a message names the line of a figure it used (`(release.iij:23)`, `(line 12)`): a line
# moves when a comment or a row is added above, or a table is moved, and the result stays the same.
_LINE = re.compile(r"(\([^()\n]*?):\d+\)|\(line \d+\)")


def _plain(text: str) -> str:
    """A check result's message as it is compared: separators and the lines it cites left out."""
    return _LINE.sub(lambda m: f"{m[1]})" if m[1] else "(line)", text).replace(",", "")


def _checks(old: Ledger, new: Ledger) -> list[Change]:
    """Check results keyed by code, item and period; within a key, equal messages pair off first."""
    before: dict[tuple, list[tuple[str, Diagnostic]]] = defaultdict(list)
    after: dict[tuple, list[tuple[str, Diagnostic]]] = defaultdict(list)
    for d in old.diagnostics:
        before[_diagnostic_key(d, old)].append((_text(d, old), d))
    for d in new.diagnostics:
        after[_diagnostic_key(d, new)].append((_text(d, new), d))
    changes = []
    for key in sorted(set(before) | set(after)):
        a = sorted(before.get(key, []), key=lambda pair: pair[0])
        b = sorted(after.get(key, []), key=lambda pair: pair[0])
        # Equal messages pair off first; a figure reprinted with other separators is the same result.
        common = [_plain(text) for text, _ in a]
        b_left = []
        for text, d in b:
            if _plain(text) in common:
                common.remove(_plain(text))
            else:
                b_left.append((text, d))
        kept = [_plain(text) for text, _ in b]
        a_left = []
        for text, d in a:
            if _plain(text) in kept:
                kept.remove(_plain(text))
            else:
                a_left.append((text, d))
        for k in range(max(len(a_left), len(b_left))):
            x = a_left[k] if k < len(a_left) else None
            y = b_left[k] if k < len(b_left) else None
            d = (y or x)[1]
            # a finding of an item at no period (a rule's balance-weight) is named by the item alone
            what = f"{d.severity}[{d.code}]" + (f" {key[1]}" + (f"@{key[2]}" if key[2] else "") if key[1] else "")
            change = "changed" if x and y else ("added" if y else "removed")
            changes.append(Change("check", change, what, x[0] if x else None, y[0] if y else None, "",
                                  location=_location(new if y else old, d.span), item=d.item, period=d.period))
    return changes
