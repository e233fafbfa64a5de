"""From the tables of a release to the tables of a book: columns read, rows named.

Tables are named most precise first (an appendix in thousands before a table
in millions), so that a row's figures can be compared with figures already
named: that decides between two close labels and finds rows printed with
the opposite sign. Every figure is written exactly as printed; a column that
cannot be read is left out and reported, never guessed.

Here a table's columns are planned and kept or left out, and its rows
written with their notes; which item each row is, `items.py` decides (the
Composer is an `ItemChoice`).
"""

from __future__ import annotations

import re
from decimal import Decimal

from ledgerlang.draft.cells import DECIMAL_COMMA, DOTS_ALONE, MIXED, point_moved
from ledgerlang.draft.columns import (column_text, currencies, in_months, off_calendar, read_columns,
                                      read_in_weeks, scale_of, scales_in)
from ledgerlang.draft.items import ItemChoice, NewItem
from ledgerlang.draft.japanese import CJK
from ledgerlang.draft.labels import LABEL_UNITS, PENCE_MARK, PER_SHARE, SUBUNIT, WHOLE_UNITS, differences
from ledgerlang.draft.names import figure_value, strip_marks, tokens
from ledgerlang.model.period import Calendar, Duration, Instant
from ledgerlang.model.period import label as period_label
from ledgerlang.model.record import evolve, frozen
from ledgerlang.model.unit import SCALES

# A table's note, and the summary's, when its figures are not read with a decimal point.
NOTATION = {
    DECIMAL_COMMA: "printed with a decimal comma (1.234,5): each figure is written with a point (1,234.5), "
                   "as printed in its row's comment",
    DOTS_ALONE: "check: no figure prints a decimal point or a decimal comma, so a dot before three digits "
                "(1.234) is read as a thousands separator (1,234); if they are decimals, write them as printed",
    MIXED: "check: printed in both notations, a decimal point (1,234.5) and a decimal comma (1.234,5); "
           "each row is read in its own, and a figure read with a decimal comma says so in its row's comment",
}

_ODD_SCALE = re.compile(r"(?<!十)億円|(?<!百)万円")  # hundreds of millions, tens of thousands of yen
# a table in 億円 is written in billions, its points moved one place (2,748億円 is 274.8 billion, to the
# same last digit); in 万円, in millions, two places
_ODD_SCALES = {"億円": ("billions", 1), "万円": ("millions", 2)}
# a row in such a table that is no amount of yen: a ratio, a per-share amount, a count (but 人件費,
# personnel costs, is an amount)
_NOT_YEN = re.compile(r"率|[%％]|株当たり|[(（](?:円|人|件|株)[)）]|従業員数|人数|件数|株式数|株数")


@frozen(slots=True)
class DraftRow:
    item: str
    negated: bool
    edge: str | None
    cells: tuple  # printed text per written column ("." for blank)
    label: str
    line: int
    comment: str = ""
    values: tuple = ()  # Decimal | None per written column, for the rules
    scale: str = ""  # a row's own scale ("millions"), written after its item


@frozen(slots=True)
class DraftTable:
    title: str
    scale: str | None  # "JPY millions"
    columns: tuple  # column texts
    kinds: tuple  # ColumnSpec kind per written column
    rows: tuple
    line: int
    source: str  # release path
    notes: tuple = ()
    currency: str | None = None
    exponent: int = 0
    notation: str = ""  # how the release's notation was decided (`cells.notations`): "" for the decimal point
    rounding: str = ""  # "truncate" where the release says its figures are cut, not rounded ("百万円未満切捨て")


class Composer(ItemChoice):
    """Composes a release's tables one at a time, keeping what each teaches the next: the items named
    and their figures (the evidence), the units and currencies to declare, what was left out or is unsure."""

    def __init__(self, defs, calendar: Calendar):
        self.defs = defs
        self.calendar = calendar
        self.in_weeks = False  # the release ends its periods on a day of the week: its balances are read so too
        self.balances_moved: dict = {}  # a balance's column header -> the date it prints, read at a month's end
        self.items = dict(defs.items) if defs is not None else {}
        self.currency_ids = {u.id for u in defs.units.values() if u.currency} if defs is not None else set()
        self.unit_ids = {u.id for u in defs.units.values() if not u.currency} if defs is not None else set()
        self.new_items: dict[str, NewItem] = {}
        self.new_units: dict[str, str] = {}
        self.new_currencies: set[str] = set()
        self.evidence: dict[tuple, list[tuple[Decimal, Decimal, str]]] = {}
        self.unplaced: list[tuple[str, int, str]] = []  # (path, line, what)
        self.unsure: list[tuple[str, int, str]] = []  # (path, line, what): drafted, but to check
        self.odd_yen: dict[int, str] = {}  # id of a raw table in 億円 or 万円 -> the unit it prints
        # `_candidates` by what it filters on: [items seen, (id, label) of those that pass]; items are only
        # ever added, so a list is brought up to date with the new ones, not made again for every row
        self._candidate_lists: dict[tuple, list] = {}

    # ---- one table ---------------------------------------------------------------------

    def plan(self, raw, path: str, known):
        """The columns of a raw table, and how its figures are scaled."""
        text = f"{raw.title} {raw.context}"
        if not currencies(text) and scale_of(text) is None and currencies(" ".join(raw.headers)):
            # the unit line printed among the column headers: "（単位：百万円）" over the figures
            text = f"{text} {' '.join(raw.headers)}"
        found = currencies(text)
        main = found[0] if found else None
        if main is None and len(raw.symbols) == 1:
            main = raw.symbols[0]  # "(in millions, except per share data)" over "$ 1,234": the symbol's currency
        if main and self.currency_ids and main not in self.currency_ids:
            self.new_currencies.add(main)
        elif main and not self.currency_ids:
            self.new_currencies.add(main)
        scale = (scale_of(raw.title) or scale_of(text)) if main else None
        odd = _ODD_SCALE.search(f"{text} {' '.join(raw.headers)}") if main == "JPY" and scale is None else None
        if odd is not None:
            scale = _ODD_SCALES[odd.group(0)][0]
            self.odd_yen[id(raw)] = odd.group(0)
        others = scales_in(text) - {scale}
        if scale and others:
            # the text around the table names another scale too (a sentence above it): the table's own is
            # taken, its title's or the first, and the choice is listed
            what = (path, raw.line, f"{raw.title}: check: read in {scale}, but the text over the table also names "
                                    f"{', '.join(sorted(others))}")
            if what not in self.unsure:  # a table is planned twice: for the release's periods, then drafted
                self.unsure.append(what)
        unit = None
        for uid in sorted(self.unit_ids | set(self.new_units), key=len, reverse=True):
            if re.search(rf"\b{re.escape(uid)}\b", text, re.I):
                unit = uid
                break
        if main is None and unit is None:
            m = re.search(r"\bunit:\s*([A-Za-z]+)", text, re.I) or re.search(r"\bnumber of ([a-z]+)", text, re.I)
            if m:
                unit = m.group(1).lower() if m.group(1).lower().endswith("s") else m.group(1)
                self._unit(unit, f"{m.group(1)} (from {raw.title!r})")
        specs = read_columns(raw.headers, text, main, self.calendar, known)
        if any(isinstance(s.period, Duration) and read_in_weeks(s.header or "", raw.context) for s in specs):
            self.in_weeks = True
        if self.in_weeks:
            # "8/30/09" over a balance sheet, where "13 Weeks Ended 8/30/09" is read as ending 2009-08-31: the
            # balance at the quarter's end is read on that day too, never a day before the quarter it closes
            moved = []
            for s in specs:
                if isinstance(s.period, Instant) and in_months(s.header or "", s.period.date) != s.period.date:
                    self.balances_moved[s.header] = s.period.date
                    s = evolve(s, period=Instant(in_months(s.header or "", s.period.date)))
                moved.append(s)
            specs = moved
        return specs, main, scale, unit

    def compose(self, raw, path: str, specs, main, scale, unit) -> DraftTable:
        exponent = SCALES.get(scale or "units", 0)
        instants = all(isinstance(s.period, Instant) for s in specs if s.kind == "period" and s.period)
        notes = [NOTATION[raw.notation]] if raw.notation else []
        said = f"{raw.title} {raw.context} {' '.join(raw.headers)}"
        if main and scale is None and raw.symbols and not currencies(said):
            unsure = (f"check: no scale is printed over the table, only {main} symbols: its figures are read in "
                      f"units of {main}; if they are in thousands or millions, write `in {main} thousands` "
                      "(or millions)")
            notes.append(unsure)
            self.unsure.append((path, raw.line, f"{raw.title}: {unsure}"))
        elif main and scale is None and not WHOLE_UNITS.search(said):
            # "Key figures (CHF m)" and "in € million" are read; a units line in words the draft does not
            # know is not, and its figures would be read in whole units: said, never assumed in silence
            unsure = (f"check: no scale read over the table, which names {main}: its figures are read in whole "
                      f"{main}; if they are in thousands or millions, write `in {main} thousands` (or millions)")
            notes.append(unsure)
            self.unsure.append((path, raw.line, f"{raw.title}: {unsure}"))
        if main is None and unit is None and raw.rows:
            unsure = ("check: no currency or unit read over the table: its rows are drafted as counts (unit "
                      "`units`); if they are amounts, give the table its `in` clause and the items their currency")
            notes.append(unsure)
            self.unsure.append((path, raw.line, f"{raw.title}: {unsure}"))
        if raw.printed_as:
            notes.append(raw.printed_as)
            self.unsure.append((path, raw.line, f"{raw.title}: {raw.printed_as}"))
        keep = []
        for idx, spec in enumerate(specs):
            if spec.kind == "forecast":
                what = (f"column {idx + 1} ({spec.header!r}) is a forecast, not a figure reported: "
                        "write what it says as `guidance`")
                notes.append(f"{what}; its figures are left out")
                self.unplaced.append((path, raw.header_line, f"{raw.title}: {what}"))
            elif spec.kind == "unknown" or spec.period is None:
                why = off_calendar(spec.header or "", raw.context, self.calendar)
                what = f"column {idx + 1} ({spec.header or 'no header'!r}) " + (f"is {why}" if why else
                                                                                  "not understood")
                notes.append(f"{what}: its figures are left out")
                self.unplaced.append((path, raw.header_line, f"{raw.title}: {what}"))
            else:
                keep.append(idx)
                weeks = read_in_weeks(spec.header or "", raw.context)
                printed = self.balances_moved.get(spec.header) if isinstance(spec.period, Instant) else None
                if printed is not None and printed != spec.period.date:
                    weeks = (f"read as the balance at {spec.period.date.isoformat()}, the month's end nearest the "
                             f"{printed.isoformat()} printed, as the release's periods of weeks are")
                if weeks:
                    what = f"check: column {idx + 1} ({spec.header!r}) is {weeks}"
                    notes.append(what)
                    self.unsure.append((path, raw.header_line, f"{raw.title}: {what}"))
                if spec.restated:
                    what = (f"check: column {idx + 1} ({spec.header!r}) restates an earlier printing: write "
                            '`restated "reason"` under the table if its figures replace the original ones')
                    notes.append(what)
                    self.unsure.append((path, raw.header_line, f"{raw.title}: {what}"))
        parts = [specs[i] for i in keep if isinstance(specs[i].period, Duration) and specs[i].period.quarters < 4]
        for idx in keep:
            spec = specs[idx]
            if parts and spec.kind == "period" and re.fullmatch(r"\s*(?:19|20)\d\d\W*", spec.header):
                # "2025" beside "Q2 2024": a year's figures beside a quarter's, or a header whose part of the
                # year ("Q2" over two columns) was printed where the draft did not see it over this one
                what = (f"check: column {idx + 1} ({spec.header!r}) is read as the year {period_label(spec.period)}, beside "
                        f"columns of parts of a year ({parts[0].header!r})")
                notes.append(what)
                self.unsure.append((path, raw.header_line, f"{raw.title}: {what}"))
        for idx in list(keep):
            spec = specs[idx]
            printed = [r.cells[idx] for r in raw.rows if idx < len(r.cells) and r.cells[idx] not in ("", "-")]
            if spec.kind in ("yoy", "qoq") and not re.search(r"[%％]|比|率", spec.header) and printed and not any(
                    c.rstrip(")").endswith("%") for c in printed):
                # "Δ", "Change", "Veränderung": a change in % or in euros; no % is printed to tell
                if differences(raw, specs, idx):
                    what = (f"column {idx + 1} ({spec.header!r}) prints the change in amounts (the difference of "
                            "its periods), which no column of the language states")
                    notes.append(f"{what}: its figures are left out")
                    self.unplaced.append((path, raw.header_line, f"{raw.title}: {what}"))
                    keep.remove(idx)
                    continue
                what = (f"check: column {idx + 1} ({spec.header!r}) is read as a % change, but no % is printed "
                        "in it: if it is a change in amounts, leave it out")
                notes.append(what)
                self.unsure.append((path, raw.header_line, f"{raw.title}: {what}"))
        odd_yen = self.odd_yen.get(id(raw))
        keep, raw = self._distinct(raw, specs, keep, notes, path)
        if odd_yen is not None:
            raw = self._yen_moved(raw, specs, keep, odd_yen, notes, path)
        printed_in = f"{raw.title} {raw.context} {' '.join(raw.headers)}"
        odd_scale = _ODD_SCALE.search(printed_in) if main == "JPY" and scale is None else None
        if not keep or odd_scale:
            # No column read: no `columns` line can be written, so no row either. The rows are
            # kept as comments, as printed, and the summary says so. So are the figures of a scale
            # the language has no word for: "億円" is hundreds of millions of yen.
            what = ("no column of the table understood: its rows are kept as comments" if not keep else
                    f"printed in {odd_scale.group(0)}, a scale ledgerlang does not write (not thousands, millions "
                    "or billions): its rows are kept as comments, never read in units")
            self.unplaced.append((path, raw.line, f"{raw.title}: {what}"))
            notes.append(what)
            printed = tuple(f"line {r.line}: {r.label!r} " + "  ".join(c or "." for c in r.cells)
                            + "".join(f"  ({n})" for _, n in r.notes) for r in raw.rows)
            return DraftTable(title=raw.title, scale=None, columns=(), kinds=(), rows=(), line=raw.line,
                              source=path, notes=tuple(notes) + printed, currency=main, exponent=exponent,
                              notation=raw.notation)
        used: dict = {}  # edge -> the ids this table has named at it
        rows = []
        named = []
        # Exact names first, so a close label does not take an item an exact one wants.
        order = sorted(range(len(raw.rows)),
                       key=lambda r: 0 if self._has_exact(raw.rows[r], main, unit, instants) else 1)
        self._below, following = {}, ""
        for row in reversed(raw.rows):  # each row's next "Total ..." below, in one pass
            self._below[id(row)] = following
            if row.label.lower().startswith("total "):
                following = row.label[6:]
        decided = {}
        for r in order:
            decided[r] = self._name(raw.rows[r], specs, keep, main, exponent, unit, instants, used, path, raw)
            used.setdefault(decided[r][2], set()).add(decided[r][0])
        share_total = self._share_total(raw, specs, keep, decided)
        columns, kinds, kept = [], [], []
        for idx in keep:
            spec = specs[idx]
            text = column_text(spec, share_total.get(idx))
            if text is None:
                notes.append(f"column {idx + 1} ({spec.header!r}): % of a total not found among the rows: left out")
                self.unplaced.append((path, raw.header_line,
                                      f"{raw.title}: column {idx + 1} ({spec.header!r}) % of what total?"))
                continue
            columns.append(text)
            kinds.append(spec.kind)
            kept.append(idx)
        for r, row in enumerate(raw.rows):
            item, negated, edge, comment = decided[r]
            cells = tuple(row.cells[i] or "." for i in kept)
            values = tuple(figure_value(row.cells[i]) if specs[i].kind == "period" else None for i in kept)
            said = []
            # A dash where a change or a share is printed says there is none to state (a loss turned to a
            # profit: "―", "—"), not that it is 0%: the nil dash there would be a claim of 0. (A translation's
            # dash is the translated nil, and stays.)
            measured = [n for n, i in enumerate(kept) if specs[i].kind in ("yoy", "qoq", "share") and cells[n] == "-"]
            if measured:
                cells = tuple("." if n in measured else c for n, c in enumerate(cells))
                for n in measured:
                    note = f"a dash in column {columns[n]}: no figure stated, not 0; left out"
                    said.append(note)
                    self.unplaced.append((path, row.line, f"{raw.title}: {row.label!r}: {note}"))
            unit_of = self.items[item].unit if item in self.items else None
            if unit_of is not None and CJK.search(row.label) and (unit_of.den or tuple(unit_of.num) == ("%",)):
                # 決算短信 print "-" where a per-share amount or a ratio is not stated (潜在株式調整後１株当たり
                # 当期純利益 in a year of loss, "記載しておりません"), never for a nil: 0 yen a share is no figure printed
                dashes = [n for n, i in enumerate(kept) if specs[i].kind == "period" and cells[n] == "-"]
                if dashes:
                    cells = tuple("." if n in dashes else c for n, c in enumerate(cells))
                    values = tuple(None if n in dashes else v for n, v in enumerate(values))
                    for n in dashes:
                        note = (f"a dash in column {columns[n]}: a per-share amount or ratio not stated, not 0; "
                                f"left out")
                        said.append(note)
                        self.unplaced.append((path, row.line, f"{raw.title}: {row.label!r}: {note}"))
            units = LABEL_UNITS.search(row.label[-60:])
            other = [c for c in currencies((units.group(1) or units.group(2)) if units else "") if c != main]
            if other and main:
                # "Revenue (USD million)" in a table in € million: a table is in one currency, so its figures
                # cannot be written here, and are never written as euros
                money = [n for n, i in enumerate(kept) if specs[i].kind in ("period", "translated") and cells[n] != "."]
                if money:
                    note = (f"printed in {other[0]}, in a table in {main}: {', '.join(cells[n] for n in money)} left "
                            f"out; write them in a table in {other[0]}")
                    cells = tuple("." if n in money else c for n, c in enumerate(cells))
                    said.append(note)
                    self.unplaced.append((path, row.line, f"{raw.title}: {row.label!r}: {note}"))
            subunit = SUBUNIT.search(row.label) or PER_SHARE.search(row.label) and PENCE_MARK.search(row.label)
            if subunit and main:
                money = [n for n, i in enumerate(kept) if specs[i].kind in ("period", "translated") and cells[n] != "."]
                if money:
                    printed = ", ".join(cells[n] for n in money)
                    note = (f"printed in {subunit.group(0).strip('()')}, hundredths of {main}, a unit the draft does "
                            f"not write: {printed} left out; write them in {main} (or declare the unit)")
                    cells = tuple("." if n in money else c for n, c in enumerate(cells))
                    said.append(note)
                    self.unplaced.append((path, row.line, f"{raw.title}: {row.label!r}: {note}"))
            for idx, note in row.notes:
                where = f"column {columns[kept.index(idx)]}" if idx in kept else (
                    f"column {idx + 1}, left out" if idx is not None else "")
                said.append(f"{where}: {note}" if where else note)
                if idx not in kept or not row.cells[idx]:
                    # drafted but unsure ("...; check") is to check; a figure not drafted could not be placed
                    listed = self.unsure if idx is None and re.search(r"\bcheck\b", note) else self.unplaced
                    listed.append((path, row.line, f"{raw.title}: {row.label!r}: {note}"))
            if said:
                comment = "; ".join([comment] * bool(comment) + said)
            if all(c == "." for c in cells):
                if said:
                    notes.append(f"line {row.line}: {row.label!r}: " + "; ".join(said))
                continue
            if scale and self._scaled_count(item, f"{raw.title} {raw.context}"):
                # "(in millions, except per share data)" scales the share counts in one release and not in
                # another (IIJ prints them in units under "thousands ... except per share data"): not guessed
                unsure = (f"check: a count of shares in units; if the table's scale ({scale}) covers it, "
                          f"write `{item} in {scale}`")
                comment = "; ".join([comment] * bool(comment) + [unsure])
                self.unsure.append((path, row.line, f"{raw.title}: {row.label!r}: {unsure}"))
            own = self._own_scale(row.label, item, scale)
            if own:
                # "Order backlog (€ bn)" in a table in € million, "Customers (thousands)" in one of money: the row's
                # own scale, written after its item; its figures are left out of the proposed sums
                comment = "; ".join([comment] * bool(comment) + [f"in {own}, as its label says"])
                values = tuple(None for _ in values)
            rows.append(DraftRow(item=item, negated=negated, edge=edge, cells=cells, label=row.label,
                                 line=row.line, comment=comment, values=values, scale=own or ""))
            named.append(item)
        scale_text = " ".join(x for x in (main, scale) if x) or None
        if scale_text == main and main and scale is None:
            scale_text = main
        return DraftTable(title=raw.title, scale=scale_text, columns=tuple(columns), kinds=tuple(kinds),
                          rows=tuple(rows), line=raw.line, source=path, notes=tuple(notes),
                          currency=main, exponent=exponent, notation=raw.notation)

    def _yen_moved(self, raw, specs, keep, printed: str, notes, path):
        """A table in 億円 or 万円 with its amounts written in billions or millions, each printed figure in its
        row's comment; a row that is no amount of yen (a ratio, per share) is left out and listed."""
        scale, places = _ODD_SCALES[printed]
        notes.append(f"printed in {printed}: each amount written in {scale}, its decimal point moved {places} "
                     f"place{'s' if places > 1 else ''} (every printed digit kept, as printed in its row's comment)")
        amounts = {i for i in keep if specs[i].kind == "period"}
        rows = []
        for row in raw.rows:
            if _NOT_YEN.search(row.label):
                what = (f"{row.label!r} is printed in a table in {printed} but is no amount of yen: "
                        "left out; write it by hand in its own unit")
                notes.append(what)
                self.unplaced.append((path, row.line, f"{raw.title}: {what}"))
                continue
            cells = tuple(point_moved(c, places) if i in amounts else c for i, c in enumerate(row.cells))
            moved = tuple((i, f"printed {row.cells[i]!r} {printed}") for i in sorted(amounts)
                          if i < len(row.cells) and cells[i] != row.cells[i])
            rows.append(evolve(row, cells=cells, notes=row.notes + moved))
        return evolve(raw, rows=tuple(rows))

    def _distinct(self, raw, specs, keep, notes, path):
        """The kept columns, each period once: two columns read as the same one are one column
        printed out of line when no row has a figure in both, and are merged (the second's
        figures moved into the first, in the raw table's rows); else the second is left out."""
        out = []
        for idx in keep:
            same = next((j for j in out if specs[j].kind == specs[idx].kind and specs[j].period == specs[idx].period
                         and specs[j].currency == specs[idx].currency), None)
            if same is None:
                out.append(idx)
                continue
            if any(r.cells[same] and r.cells[idx] for r in raw.rows):
                what = (f"column {idx + 1} ({specs[idx].header!r}) reads as column {same + 1} does, "
                        "and rows print figures in both")
                notes.append(f"{what}: its figures are left out")
                self.unplaced.append((path, raw.header_line, f"{raw.title}: {what}"))
                continue
            rows = []
            for r in raw.rows:
                cells = list(r.cells)
                cells[same], cells[idx] = cells[same] or cells[idx], ""
                moved = tuple((same if i == idx else i, n) for i, n in r.notes)
                rows.append(evolve(r, cells=tuple(cells), notes=moved))
            raw = evolve(raw, rows=tuple(rows))
        return out, raw

    def _own_scale(self, label: str, item: str, scale: str | None) -> str | None:
        """The scale a row's label gives its figures ("(€ bn)", "(thousands)", "in Mio. €") where it is not
        the one they would be read in (the table's, for money; units, for counts and per-share amounts)."""
        m = LABEL_UNITS.search(label[-60:])  # the end of the label: a hostile long one is not searched through
        own = scale_of(m.group(1) or m.group(2)) if m else None
        known = self.items.get(item)
        if own is None or known is None or "%" in known.unit.num:
            return None
        money = self._in_currency(item) and not known.unit.den
        return own if own != (scale if money else None) else None

    def _scaled_count(self, item: str, context: str) -> bool:
        """Is the item a count of shares that the table's scale covers? "(in millions, except per share
        data)" scales the share counts too; "except share and per share data" leaves them in units."""
        unit = self.items[item].unit if item in self.items else None
        if unit is None or unit.den or len(unit.num) != 1 or unit.num[0] in self.currency_ids | self.new_currencies:
            return False
        if unit.num[0] != "shares" and not re.search(r"\bshares?\b", self.items[item].label, re.I):
            return False
        return bool(re.search(r"\bexcept (?:for )?per[- ]share\b", context, re.I))

    def _share_total(self, raw, specs, keep, decided) -> dict[int, str]:
        """For each share column, the item it is a share of: the row at 100%, or the labelled total."""
        out = {}
        for idx in keep:
            if specs[idx].kind != "share":
                continue
            total = None
            for r, row in enumerate(raw.rows):
                v = figure_value(row.cells[idx]) if idx < len(row.cells) else None
                if v is not None and v == 100:
                    total = decided[r][0]
                    break
            if total is None and specs[idx].total:
                want = tokens(specs[idx].total)
                for r, row in enumerate(raw.rows):
                    if tokens(strip_marks(row.label)) == want:
                        total = decided[r][0]
                        break
            if total:
                out[idx] = total
        return out
