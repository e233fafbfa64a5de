"""The item each row of a release's table is: one of the definitions', one drafted already, or a new one.

`compose.py`'s Composer asks it of every row (`_name`), exact labels first.
A row's label is matched (`names.label_matches`) against the items whose
unit and kind fit its table (`_candidates`); the figures already named for
each candidate (`evidence`, kept by `_remember`) decide between two close
labels and find a row printed with the opposite sign. A row that matches
none is a new item, its unit and kind read from its label, its heading and
its figures (`_new_item`).
"""

from __future__ import annotations

import re
from decimal import Decimal

from ledgerlang.draft.labels import COUNT, MONEY_WORDS, PER_SHARE, PERCENT_LABEL, RATIO_LABEL, SHARE_COUNT
from ledgerlang.draft.names import figure_value, label_matches, last_digit, new_id, strip_marks, tokens
from ledgerlang.draft.rules import AVERAGE
from ledgerlang.model.book import Item
from ledgerlang.model.record import frozen
from ledgerlang.model.unit import Unit


_EDGES = ((re.compile(r",?\s*(at\s+)?beginning of (the\s+)?(period|year|quarter)", re.I), "open"),
          (re.compile(r",?\s*(at\s+)?end of (the\s+)?(period|year|quarter)", re.I), "close"),
          # "現金及び現金同等物期首残高", "…の期末残高": the balance at the period's start or end, as a 決算短信 prints it
          (re.compile(r"の?期首残高\s*$"), "open"),
          (re.compile(r"の?期末残高\s*$"), "close"))


@frozen(slots=True)
class NewItem:
    id: str
    label: str
    unit: str
    kind: str
    line: int
    source: str
    table: str


class ItemChoice:
    """The Composer's methods that name its rows. Their state is the Composer's, made in its
    `__init__`: the items (the definitions' and the new ones), the currencies and units, the
    evidence, the lists of what is unsure, and the candidates kept from row to row."""

    def _candidates(self, main, unit, instants, label, edge=None):
        per_share = re.search(r"\bper (share|ads)\b", label, re.I) is not None
        count = re.search(r"\b(number|weighted|shares|ads)\b", label, re.I) is not None
        percent = _percent_row(label) is not None
        # what the filter reads: a table of thousands of rows, each a new item, asked it of every item
        # for every row (quadratic: 6,000 rows took 7 s)
        key = (main, unit, instants, per_share, count, percent, edge is None, len(self.currency_ids),
               len(self.new_currencies))
        kept = self._candidate_lists.get(key)
        if kept is None or kept[0] > len(self.items):
            kept = self._candidate_lists[key] = [0, []]
        if kept[0] < len(self.items):
            kept[1].extend(self._passing(main, unit, instants, per_share, count, percent, edge,
                                         list(self.items.values())[kept[0]:]))
            kept[0] = len(self.items)
        return list(kept[1])

    def _passing(self, main, unit, instants, per_share, count, percent, edge, items):
        out = []
        for item in items:
            num, den = item.unit.num, item.unit.den
            if percent:
                # "売上高営業利益率 %", "EBIT margin (%)": a ratio in a table of amounts, named only by a ratio
                if not (item.percent or tuple(num) == ("%",)):
                    continue
            elif main:
                if main in num:
                    if per_share != bool(den):
                        continue
                elif not (count and num and not any(u in self.currency_ids or u in self.new_currencies for u in num)
                          and not den):
                    continue
            elif unit:
                if num != (unit,):
                    continue
            else:
                if any(u in self.currency_ids or u in self.new_currencies for u in num) or item.percent:
                    continue
            if instants and item.kind != "stock":
                continue
            if not instants and main and item.kind == "stock" and edge is None:
                continue
            out.append((item.id, item.label))
        return out

    def _unit(self, uid: str, note: str) -> None:
        """Declare a unit the draft uses, unless the definitions already do (twice is an error)."""
        if uid not in self.unit_ids and uid not in self.currency_ids:
            self.new_units.setdefault(uid, note)

    def _in_currency(self, item: str) -> bool:
        """Is the item in a currency (so a table's scale applies to its figures)?"""
        return item in self.items and any(u in self.currency_ids or u in self.new_currencies
                                          for u in self.items[item].unit.num)

    def _label_edge(self, label):
        for pattern, edge in _EDGES:
            if pattern.search(label):
                return pattern.sub("", label).strip(" ,"), edge
        return label, None

    def _has_exact(self, row, main, unit, instants) -> bool:
        label, edge = self._label_edge(row.label)
        cands = self._candidates(main, unit, instants, label, edge)
        found = label_matches(_percent_row(label) or label, "", cands)
        return bool(found) and found[0].exact

    def _period_figures(self, row, specs, keep, exponent, item, negated):
        """(period, value, unit of its last digit) of each figure the row prints under a period's
        column, in base units where the item is money (the table's scale applies), as the item's
        value (a "-item" row's figure negated)."""
        factor = Decimal(10) ** exponent if self._in_currency(item) else Decimal(1)
        for idx in keep:
            spec = specs[idx]
            if spec.kind != "period":
                continue
            v = figure_value(row.cells[idx])
            if v is None or row.cells[idx].strip() == "-":
                continue
            yield spec.period, -v * factor if negated else v * factor, last_digit(row.cells[idx]) * factor

    def _row_evidence(self, row, specs, keep, exponent, item, negated):
        agree = conflict = 0
        for period, value, unit in self._period_figures(row, specs, keep, exponent, item, negated):
            for other, tolerance, _ in self.evidence.get((item, period), ()):
                if abs(other - value) <= tolerance + unit / 2:
                    agree += 1
                else:
                    conflict += 1
        return agree, conflict

    def _remember(self, row, specs, keep, exponent, item, negated, edge, where):
        if edge is not None:
            return
        for period, value, unit in self._period_figures(row, specs, keep, exponent, item, negated):
            self.evidence.setdefault((item, period), []).append((value, unit / 2, where))

    def _name(self, row, specs, keep, main, exponent, unit, instants, used, path, raw):
        label, edge = self._label_edge(row.label)
        cands = self._candidates(main, unit, instants, label, edge)
        if used:  # an item this table has named already at that edge (the closing one for a stock) is not again
            here, closing = used.get(edge, ()), used.get("close" if edge is None else edge, ())
            cands = [c for c in cands if c[0] not in here and c[0] not in closing]
        matches = label_matches(_percent_row(label) or label, row.section or self._below.get(id(row), ""), cands)
        where = f"{raw.title} (line {row.line})"
        choice = None
        why = ""

        def ev(m):
            flip_agree, flip_conflict = self._row_evidence(row, specs, keep, exponent, m.item, not m.negated)
            agree, conflict = self._row_evidence(row, specs, keep, exponent, m.item, m.negated)
            return agree, conflict, flip_agree, flip_conflict

        def ok(e):
            return e[1] == 0 or e[0] > e[1]

        def flipped(e):
            return e[2] > 0 and e[3] == 0 and not ok(e)

        flip = False
        exact = [m for m in matches if m.exact]
        qualified_exact = [m for m in exact if m.qualified]
        plain_exact = [m for m in exact if not m.qualified]
        if plain_exact:
            scored = [(m, ev(m)) for m in plain_exact]
            good = [(m, e) for m, e in scored if ok(e) or flipped(e)]
            if good:
                choice, e = good[0]
                flip = flipped(e)
            else:
                better = [m for m in qualified_exact] + [m for m in matches if not m.exact and m.score >= 0.6]
                alt = next(((m, ev(m)) for m in better if ev(m)[1] == 0 and (ev(m)[0] > 0 or m.qualified)), None)
                if alt is not None:
                    choice, e = alt
                    why = f"its figures differ from {scored[0][0].item}'s, the label it reads as"
                else:
                    choice, e = scored[0]
                    if e[1] and e[0] == 0 and e[1] >= 2:
                        others = [m for m in matches if not m.exact and m.score >= 0.4 and m.item != choice.item]
                        pick = next(((m, ev(m)) for m in others if ev(m)[1] == 0), None)
                        if pick is not None:
                            why = (f"labelled like {choice.item}, but its figures differ from {choice.item}'s "
                                   f"at every period")
                            choice, e = pick
                    if not why and e[1] and e[0] == 0 and e[1] >= 2 and choice.how != "swapped":
                        item = self._new_item(label, main, unit, instants or edge is not None, row, path, raw)
                        if self.items[item].kind == "stock" and not instants and edge is None:
                            edge = "close"
                        self._remember(row, specs, keep, exponent, item, False, edge, where)
                        return item, False, edge, (f"new item: labelled like {choice.item}, but its figures differ "
                                                   f"from {choice.item}'s at every period; review")
                    if not why and e[1]:
                        why = f"its figures differ from {choice.item}'s elsewhere in the release: check"
        elif qualified_exact:
            choice, e = qualified_exact[0], ev(qualified_exact[0])
            flip = flipped(e)
        else:
            close = [(m, ev(m)) for m in matches if m.score >= 0.55]
            close = [(m, e) for m, e in close if ok(e) or flipped(e)]
            close.sort(key=lambda me: (-(me[1][0] > 0 or me[1][2] > 0), -me[0].score))
            if close:
                choice, e = close[0]
                flip = flipped(e)
            else:
                byvalue = [(m, ev(m)) for m in matches if m.score >= 0.3]
                byvalue = [(m, e) for m, e in byvalue if e[0] >= 2 and e[1] == 0]
                if byvalue:
                    choice, e = byvalue[0]
                    why = "named by its figures, which agree with that item's elsewhere in the release"
        if choice is None:
            item = self._new_item(label, main, unit, instants or edge is not None, row, path, raw)
            if self.items[item].kind == "stock" and not instants and edge is None:
                edge = "close"
            self._remember(row, specs, keep, exponent, item, False, edge, where)
            return item, False, edge, "new item: review its id, label, unit and flow/stock"
        flip = flip and choice.how != "swapped"  # the label says which sign it prints
        negated = choice.negated != flip
        if flip:
            why = why or "printed with the opposite sign of the same item elsewhere in the release"
        item = self.items[choice.item]
        if edge is None and item.kind == "stock" and not instants:
            edge = "close"
        comment = []
        verbatim = tokens(strip_marks(label)) == tokens(strip_marks(item.label))
        if choice.negated:
            comment.append(f'printed "{label}": {item.label!r} with the opposite sign')
        elif not verbatim:
            kind = "reads as" if choice.exact else "close match"
            comment.append(f'{kind}: printed "{label}", defs "{item.label}"')
        if why:
            comment.append(why)
        self._remember(row, specs, keep, exponent, choice.item, negated, edge, where)
        return choice.item, negated, edge, "; ".join(comment)

    def _new_item(self, label, main, unit, instants, row, path, raw) -> str:
        taken = _Taken(self.items, self.new_items)
        above = _row_above(raw, row) if re.fullmatch(r"[%％]", strip_marks(label).strip()) else None
        if above is not None:
            # "%" under "Cost of Sales": that line's percentage (of sales), named after it, where `item_line53`
            # for each "%" row left the reviewer to read the release to tell them apart
            named = f"{strip_marks(above.label)} (%)"
            spelt = f"{strip_marks(above.label)} pct"  # the id: cost_sales_pct
        elif row.section and (new_id(label, (), row.line) in taken or _BARE.fullmatch(strip_marks(label))) and (
                tokens(row.section) != tokens(label)):
            # "License fees" under "Revenues:" and again under "Cost of revenues:": two items that the ids
            # `license_fees` and `license_fees_2` and one label would leave to be told apart by line numbers
            named = f"{strip_marks(label)} ({row.section})"
        else:
            named = strip_marks(label)
        item_id = new_id(spelt if above is not None else named, taken, row.line)
        # "Basic" under "Earnings per share:" is a per-share amount, under "Weighted average shares:" a count
        said = f"{row.section} {label}"
        printed = [c.strip() for c in row.cells if c.strip() and c.strip() != "-"]
        if printed and all(c.endswith("%") or c.endswith("%)") for c in printed) or PERCENT_LABEL.search(label):
            u = "%"  # a margin or a growth rate, in a table of amounts or not
        elif main and SHARE_COUNT.search(label):
            u = "shares"  # "Weighted-average shares used in computing net loss per share": a count
            self._unit("shares", "shares")
        elif main and (PER_SHARE.search(label) or PER_SHARE.search(said)
                       and not SHARE_COUNT.search(said)):
            u = f"{main}/shares"
            self._unit("shares", "shares")
        elif main and SHARE_COUNT.search(said):
            u = "shares"
            self._unit("shares", "shares")
        elif main and COUNT.search(label) and not MONEY_WORDS.search(label):
            u = "units"  # "Employees (number)" in a table of euros: a count, not euros
            self._unit("units", "a count (guessed: review)")
        elif main:
            u = main
            if RATIO_LABEL.search(label):
                what = (f"check: {label!r} reads as a ratio, but no % is printed in it or its label: drafted in "
                        f"{main}; if its figures are percentages, give the item the unit %")
                self.unsure.append((path, row.line, f"{raw.title}: {what}"))
        elif unit:
            u = unit
        else:
            u = "units"
            self._unit("units", "a count (guessed: review)")
        # a count of contracts or accounts is counted at a date; an amount "from contracts with customers" is not,
        # and neither is an average over the period ("Weighted average number of shares outstanding"), whose
        # three and nine months' figures differ where the balance at one date could not
        stocky = instants or re.search(r"\bbalance\b", label, re.I) or "/" not in u and u not in (main, "%") and re.search(
            r"\b(number of|contracts|bandwidth|accounts|subscribers|employees|balance)\b", f"{raw.title} {label}",
            re.I) and not re.search(r"\baverage\b", label, re.I)
        # An average over the period is declared one, which the check never sums from its quarters: a
        # half year's weighted average shares beside both its quarters is no sum of them
        kind = "stock" if stocky else "average" if AVERAGE.search(f"{label} {named}") else "flow"
        self.new_items[item_id] = NewItem(item_id, named, u, kind, row.line, path, raw.title)
        num, _, den = u.partition("/")
        self.items[item_id] = Item(item_id, named, Unit((num,), (den,) if den else ()), kind)
        return item_id


def _row_above(raw, row):
    """The nearest row above `row` in its table that prints a label of words, or None."""
    rows = list(raw.rows)
    at = next((k for k, r in enumerate(rows) if r is row), None)
    if at is None:
        return None
    return next((r for r in reversed(rows[:at]) if re.search(r"\w", strip_marks(r.label))), None)


# A label that says which line it is only with the heading over it: "Basic" under "Net income (loss) per
# share:" is basic earnings per share, under "Weighted average shares outstanding:" a count of shares
_BARE = re.compile(r"(?i)\s*(?:basic|diluted|other|total)\s*:?\s*")


def _percent_row(label: str) -> str | None:
    """The name of the ratio a row's label says is in % ("売上高営業利益率 %" is 売上高営業利益率, "EBIT margin (%)"
    EBIT margin), or None where it says no % or is a "%" alone (the percentage of the line above)."""
    if not PERCENT_LABEL.search(label):
        return None
    return PERCENT_LABEL.sub(" ", label).strip(" ,:") or None


class _Taken:
    """The ids the draft has used, as `new_id` asks (`in`): the definitions' and the new items', without
    a set of them all made again for each new item (a table of thousands of rows made one per row)."""

    __slots__ = ("items", "new")

    def __init__(self, items: dict, new: dict) -> None:
        self.items, self.new = items, new

    def __contains__(self, name: str) -> bool:
        return name in self.items or name in self.new
