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
from functools import lru_cache

from ledgerlang.check import show
from ledgerlang.check.mismatch import where
from ledgerlang.diagnostic import Diagnostic
from ledgerlang.evaluate.compute import Evaluation
from ledgerlang.model.expr import show as show_expr
from ledgerlang.model.fact import Reported
from ledgerlang.model.period import label, parse_period, sort_key
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
    """Every difference between two ledgers: reported, then derived, then check results. An item
    renamed (`renames`) is one change, and the old side is read under the new names after it, so
    its figures, the totals it moves and the results about it are compared, not removed and added."""
    names = Names(renames(old, new))
    shown = (_measured_names(old), _measured_names(new))
    return (_renamed(old, new, names) + _reported(old, new, names, shown) + _derived(old, new, names, shown)
            + _checks(old, new, names))


# ---- renamed items ------------------------------------------------------------------------


def renames(old: Ledger, new: Ledger) -> dict[str, str]:
    """Items declared on one side only that are the same item under another name, old -> new:
    first the same printed figures (period, place and text) in the same unit; then, among those
    left, the same declaration but for the name (a figure of it may have changed too). Only a
    one-to-one match is a rename."""
    gone = old.book.items.keys() - new.book.items.keys()
    came = new.book.items.keys() - old.book.items.keys()
    found: dict[str, str] = {}
    for signature in (_printings, _declaration):
        if not gone or not came:
            break
        before, after = _signed(old, gone, signature), _signed(new, came, signature)
        for key, names in before.items():
            if key is not None and len(names) == 1 and len(after.get(key, ())) == 1:
                found[names[0]] = after[key][0]
        gone, came = gone - found.keys(), came - set(found.values())
    return found


def _signed(ledger: Ledger, names, signature) -> dict[tuple, list[str]]:
    printed = _printings_of(ledger, names)
    found: dict[tuple, list[str]] = defaultdict(list)
    for name in sorted(names):
        found[signature(ledger.book.items[name], printed.get(name, ()))].append(name)
    return found


def _printings_of(ledger: Ledger, names) -> dict[str, tuple]:
    """Each of `names`' printed figures: period, place and text, in one order."""
    printed: dict[str, list] = defaultdict(list)
    for fact in ledger.book.facts:
        if fact.item in names:
            printed[fact.item].append((label(fact.period), fact.source.kind, fact.source.title or "",
                                       _column(fact.column), fact.value.text, fact.value.scale))
    return {name: tuple(sorted(found)) for name, found in printed.items()}


def _printings(item, printed) -> tuple | None:
    return (printed, item.unit) if printed else None


def _declaration(item, printed) -> tuple:
    return (item.label, item.unit, item.kind, item.balance, item.percent)


class Names:
    """The old side's names read as the new side's, in keys and in texts (a rule, a measure, a message)."""

    def __init__(self, renamed: dict[str, str]) -> None:
        self.renamed = renamed
        self._was = {now: was for was, now in renamed.items()}
        self._pattern = (re.compile(r"(?<![\w.])(" + "|".join(re.escape(n) for n in sorted(renamed, key=len, reverse=True))
                                    + r")(?![\w.%])") if renamed else None)

    def item(self, name):
        return self.renamed.get(name, name)

    def old(self, name):
        """A new side's name as the old side wrote it."""
        return self._was.get(name, name)

    def text(self, text: str) -> str:
        return text if self._pattern is None else self._pattern.sub(lambda m: self.renamed[m[1]], text)


def _renamed(old: Ledger, new: Ledger, names: Names) -> list[Change]:
    changes = []
    before = _printings_of(old, names.renamed.keys())
    after = _printings_of(new, set(names.renamed.values()))
    for was, now in sorted(names.renamed.items()):
        count = len(after.get(now, ()))
        same = before.get(was, ()) == after.get(now, ())
        where = (f"its {count} printed figure{'s' if count != 1 else ''}" + (" unchanged" if same else "")
                 if count else "the same declaration")
        item = new.book.items[now]
        changes.append(Change("reported", "renamed", f"{was} -> {now}", was, now, where,
                              location=_location(new, item.span), item=now))
    return changes


# ---- reported figures -------------------------------------------------------------------


def _printed(ledger: Ledger, shown: tuple[str, ...], names: Names | None = None) -> dict[tuple, list]:
    """Each printed figure by its key; `names`: read the side under the other side's names."""
    found: dict[tuple, list] = defaultdict(list)
    item = names.item if names is not None else _same_name
    text = names.text if names is not None else _same_name
    for fact in ledger.book.facts:
        name = item(fact.item)
        found[("fact", name, fact.period, fact.source.kind, fact.source.title, _column(fact.column))].append(
            (f"{name}@{label(fact.period)}", name, fact))
    for measured, name in zip(ledger.book.measured, shown):
        what = text(name)
        found[("measure", what, measured.period, measured.source.kind, measured.source.title,
               _column(text(measured.column)))].append((what, item(measured.item), measured))
    return found


def _measured_names(ledger: Ledger) -> tuple[str, ...]:
    """Each printed measure of a side as the reader names it, `yoy%(rev@1Q03)`, in book order:
    shown once per side, not once for its printed figure and again for its computed one."""
    return tuple(show_expr(fill_period(m.expr, m.period)) for m in ledger.book.measured)


# A measure's column header: `share%(4Q02, rev.total)`, `yoy%(Q1 FY2003)`.
_MEASURE_COLUMN = re.compile(r"\s*([^\s(]+)\s*\(\s*([^,()]*?)\s*(?:,\s*([^\s,()]+)\s*)?\)\s*")


@lru_cache(maxsize=4096)  # a book has few headers, each over thousands of figures
def _column(header: str) -> str:
    """A column header as figures are keyed by it: its period under the one label the period has,
    so that relabelling a column `4Q02` as `Q4 FY2002` (the same quarter) moves no figure."""
    period = parse_period(header)
    if period is not None:
        return label(period)
    measure = _MEASURE_COLUMN.fullmatch(header)
    if measure is None:
        return header
    inner = parse_period(measure[2])
    inner_text = label(inner) if inner is not None else measure[2]
    return f"{measure[1]}({inner_text}" + (f", {measure[3]})" if measure[3] else ")")


def _same_name(name):
    return name


def _figure(reported: Reported) -> str:
    return reported.text + show.SCALE_WORDS.get(reported.scale, "") if reported.scale != -2 else reported.text


def _reported(old: Ledger, new: Ledger, names: Names, shown: tuple) -> list[Change]:
    before, after = _printed(old, shown[0], names), _printed(new, shown[1])
    changes = []
    # Only the keys whose figures differ are put in order: a change to a large book touches a few
    # of its 100,000 keys, and ordering them all took longer than comparing them.
    differ = [key for key in before.keys() | after.keys() if not _same_printings(before.get(key), after.get(key))]
    for key in sorted(differ, key=_key_order):
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
                _where(figure), _exact(x[2].value.value) if x else None, _exact(y[2].value.value) if y else None,
                _location(side, figure.span), item, label(figure.period)))
    return changes


def _where(figure) -> str:
    """Where a figure is printed, and the reason of a restated table: its figure replaces others."""
    restated = getattr(figure.source, "restated", None)
    return where(figure) + (f", restated {restated!r}" if restated else "")


def _same_printings(a: list | None, b: list | None) -> bool:
    return (a is not None and b is not None and len(a) == len(b)
            and all(x[2].value == y[2].value for x, y in zip(a, b)))


def _exact(value: Decimal) -> str:
    """A Decimal as plain digits in base units, never in exponent form."""
    return format(value, "f")


def _key_order(key: tuple) -> tuple:
    return (key[1], sort_key(key[2]), key[0], key[3], key[4], key[5])


def _location(ledger: Ledger, span) -> str | None:
    return f"{ledger.show(span.path)}:{span.line}" if span is not None else None


# ---- derived figures -------------------------------------------------------------------------


class _Scales:
    def __init__(self, ledgers, names: Names) -> None:
        self.ledgers = ledgers
        self.names = names
        self.finest: dict[str, tuple[int, int]] = {}
        for ledger in ledgers:
            for fact in ledger.book.facts:
                name = names.item(fact.item) if ledger is ledgers[0] else fact.item
                seen = self.finest.get(name)
                if seen is None or fact.value.exponent < seen[1]:
                    self.finest[name] = (fact.value.scale, fact.value.exponent)

    def of(self, item: str) -> tuple[int, int]:
        """The scale and exponent `item` (a new side's name) is printed at, at its finest."""
        for ledger, name in zip(self.ledgers, (self.names.old(item), item)):
            found = ledger.book.items.get(name)
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


def _derived(old: Ledger, new: Ledger, names: Names, shown: tuple) -> list[Change]:
    scales = _Scales((old, new), names)
    changes = []
    keys = ({(names.item(i), p) for (i, p), v in old.evaluation.values.items() if v is not None}
            | {k for k, v in new.evaluation.values.items() if v is not None})
    for key in sorted(keys, key=lambda k: (k[0], sort_key(k[1]))):
        a, b = old.evaluation.value(names.old(key[0]), key[1]), new.evaluation.value(*key)
        # A printed figure's own change is listed among the reported ones; but a restated printing
        # replaces the value of the printings it restates, which no reported line says.
        restated = (names.old(key[0]), key[1]) in old.evaluation.superseded or key in new.evaluation.superseded
        if a is not None and b is not None and a.origin == "reported" and b.origin == "reported" and not restated:
            continue
        if _same(a, b):
            continue
        item, period = key
        scale, exponent = scales.of(item)
        rule = (b or a).rule
        formula = "" if rule is None else show_expr(rule.expr) if b is not None else names.text(show_expr(rule.expr))
        where = f"{(b or a).origin}" + (f" by {item} = {formula}" if rule is not None else "")
        if restated and rule is None:
            where = ("reported, restated: the restated printing replaces the earlier ones"
                     if key in new.evaluation.superseded else "reported, no longer restated")
        changes.append(_computed_change(f"{item}@{label(period)}", a, b, scale, exponent, where, item, period))
    changes.extend(_rules(old, new, scales, names))
    changes.extend(_measures(old, new, names, shown))
    return changes


def _same(a, b) -> bool:
    if a is None or b is None:
        return a is b
    return a.point == b.point and a.interval == b.interval


def _computed_change(what: str, a, b, scale: int, exponent: int, where: str, item, period) -> Change:
    change = "changed" if a is not None and b is not None else ("added" if b is not None else "removed")
    old, new = _amount(a.point if a else None, scale, exponent), _amount(b.point if b else None, scale, exponent)
    if a is not None and b is not None and old == new:
        old, new = _distinct(a, b, scale, exponent)
    return Change("derived", change, what, old, new, where, _exact(a.point) if a else None,
                  _exact(b.point) if b else None, None, item, label(period))


# Digits past the printed precision that a change may need before it shows: a figure in thousands
# moved by 1 moves a total shown in millions in its third decimal; Decimal's context holds 28.
_MORE_PLACES = 12


def _distinct(a, b, scale: int, exponent: int) -> tuple[str, str]:
    """Two computed values that differ, shown so that they read differently: a reader shown
    "4,088.6 million -> 4,088.6 million" is told that nothing moved. The point is shown with as
    many more digits as it takes; a value whose point stayed and whose interval moved (a part
    reprinted more or less precisely) is shown with its interval."""
    if a.point != b.point:
        places = show.places_for(exponent, scale, 1)
        for more in range(1, _MORE_PLACES + 1):
            old, new = (show.amount(v.point, scale, places + more) for v in (a, b))
            if old != new:
                return old, new
        return _exact(a.point), _exact(b.point)
    places = show.places_for(exponent, scale, 1)
    point = show.amount(a.point, scale, places)
    for more in range(0, _MORE_PLACES + 1):
        old, new = (show.interval(v.interval, scale, places + more) for v in (a, b))
        if old != new:
            return f"{point}, any value in {old}", f"{point}, any value in {new}"
    return point, point


def _rules(old: Ledger, new: Ledger, scales: _Scales, names: Names) -> list[Change]:
    """Each rule's value wherever its target is printed: the totals a changed figure moves."""
    declared = [{(names.item(r.target), names.text(show_expr(r.expr))): r for r in old.book.rules},
                {(r.target, show_expr(r.expr)): r for r in new.book.rules}]
    printed: dict[str, set] = defaultdict(set)
    for ledger in (old, new):
        for item, period in ledger.evaluation.table_facts:
            printed[names.item(item) if ledger is old else item].add(period)
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


def _measures(old: Ledger, new: Ledger, names: Names, shown: tuple) -> list[Change]:
    """Each printed measure's computed value: the ratios and translations a changed figure moves."""
    printed: list[dict[str, tuple]] = []
    for ledger, side in zip((old, new), shown):
        found = {}
        for measured, what in zip(ledger.book.measured, side):
            if ledger is old:
                what = names.text(what)
            found.setdefault(what, (measured.expr, measured.period, measured.value,
                                    names.item(measured.item) if ledger is old else measured.item))
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


def _diagnostic_key(d: Diagnostic, ledger: Ledger, names: Names | None = None) -> tuple:
    if d.item is not None or d.period is not None:
        return (d.code, (d.item if names is None else names.item(d.item)) or "", d.period or "")
    text = _text(d, ledger)
    return (d.code, "", _plain(text if names is None else names.text(text)))


def _text(d: Diagnostic, ledger: Ledger) -> str:
    message = d.message
    if d.span is not None and d.span.path in message:
        message = message.replace(d.span.path, ledger.show(d.span.path))
    return message + (" (acknowledged)" if d.acknowledged else "")


# Where a message names the place of a figure it used (`(release.iij:23)`, `(line 12)`): a line
# moves when a comment or a row is added above, or a table is moved, and the result stays the same;
# so does the file, when the sides are two files (`ledger diff v1.iij v2.iij`) or a table moved to
# another book.
_LINE = re.compile(r"\([^()\n]*?:\d+\)|\(line \d+\)")


# A fiscal period as a message may cite it in a column's header (`column Q4 FY2002`).
_PERIOD = re.compile(r"(?<![\w.])(?:[1-4]Q|[12]H|1Q-3Q|Q[1-4]|H[12]|Q1-Q3|9M|FY)(?: ?FY ?)?(?:[0-9]{4}|[0-9]{2})(?![\w.])")


def _label(match: re.Match) -> str:
    period = parse_period(match[0])
    return label(period) if period is not None else match[0]


def _plain(text: str) -> str:
    """A check result's message as it is compared: separators and the places it cites left out,
    and each period under its one label (a column relabelled `4Q02` -> `Q4 FY2002` is the same place)."""
    return _PERIOD.sub(_label, _LINE.sub("(place)", text)).replace(",", "")


def _checks(old: Ledger, new: Ledger, names: Names) -> list[Change]:
    """Check results keyed by code, item and period; within a key, equal messages pair off first
    (an old message read under the new names)."""
    before: dict[tuple, list[tuple[str, Diagnostic]]] = defaultdict(list)
    after: dict[tuple, list[tuple[str, Diagnostic]]] = defaultdict(list)
    for d in old.diagnostics:
        before[_diagnostic_key(d, old, names)].append((_text(d, old), d))
    for d in new.diagnostics:
        after[_diagnostic_key(d, new)].append((_text(d, new), d))
    changes = []
    for key in sorted(set(before) | set(after)):
        a = sorted(before.get(key, []), key=lambda pair: pair[0])
        b = sorted(after.get(key, []), key=lambda pair: pair[0])
        # Equal messages pair off first; a figure reprinted with other separators is the same result.
        common = [_plain(names.text(text)) for text, _ in a]
        b_left = []
        for text, d in b:
            if _plain(text) in common:
                common.remove(_plain(text))
            else:
                b_left.append((text, d))
        kept = [_plain(text) for text, _ in b]
        a_left = []
        for text, d in a:
            if _plain(names.text(text)) in kept:
                kept.remove(_plain(names.text(text)))
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
