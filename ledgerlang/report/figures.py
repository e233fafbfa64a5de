"""The report's tables: every statement cell with its origin, its printings and its check results.

A top floor beside `cli/` (STYLE §11): it reads the evaluated book and the
checker's diagnostics and builds plain values that the HTML templates lay
out. A check result is tied to a cell through the span of the printed figure
it concerns, never through its message text.
"""

from __future__ import annotations

import os
from decimal import MAX_EMAX, MIN_EMIN, Context, Decimal

from ledgerlang.diagnostic import Diagnostic, Severity
from ledgerlang.evaluate.compute import Evaluation, best_printing
from ledgerlang.model.book import Book, Statement
from ledgerlang.model.expr import Edge, Ref, show
from ledgerlang.model.period import Period, label
from ledgerlang.model.record import evolve, frozen
from ledgerlang.render import statements as render
from ledgerlang.render.heading import unit_note

# Every digit of a figure at any scale (the default context's 28 cannot quantize a 30-digit one).
EXACT = Context(prec=1000, Emax=MAX_EMAX, Emin=MIN_EMIN)

# (item, period, function, total): the figure a statement cell shows. function is None for
# the item itself, else yoy% / qoq% / share% or a currency code.
CellKey = tuple[str, Period, "str | None", "str | None"]

FUNCTION_RULES = {
    "yoy%": "yoy%(x) = x / x@-1y - 1",
    "qoq%": "qoq%(x) = x / x@-1q - 1",
    "share%": "share%(x, total) = x / total",
}


@frozen
class Printing:
    """One place a figure is printed: its text as printed, where, and the file line."""

    text: str
    where: str
    path: str
    line: int
    column: int


@frozen
class Finding:
    """One check result: a diagnostic, numbered for its anchor in the report."""

    number: int
    severity: str
    code: str
    message: str
    notes: tuple[tuple[str, str], ...]  # (label, text): reported, computed, miss, hint, ...
    location: str
    acknowledged: str | None
    state: str  # error | warning | acknowledged | note

    @property
    def anchor(self) -> str:
        return f"finding-{self.number}"

    @property
    def long(self) -> bool:
        """Whether the result takes more than half a printed page (PAGE_LINES): such a one is printed
        from where the one before it ends (report.css), where kept whole it was carried to a new page,
        which a long one overran all the same, and left most of the page before it blank."""
        lines = 2 + _lines(self.message) + sum(_lines(f"{label} {text}") for label, text in self.notes)
        return lines > PAGE_LINES


@frozen
class Cell:
    text: str
    origin: str | None  # printed | derived | None (no value)
    percent: bool
    printings: tuple[Printing, ...] = ()
    findings: tuple[Finding, ...] = ()
    rule: str | None = None
    computed: str | None = None  # the computed value, where the cell shows a printed one
    key: str = ""
    coarse: str | None = None  # "printed to the nearest 100", where printed more coarsely than the column
    pad: str = ""  # unseen decimals that line it up with the column's most precise figure: "11" under "8.261"
    # Where there is no figure, what a screen reader says in its place (it said "blank", which
    # tells a reader nothing): "not printed", "not computable" or "not applicable" (_absent).
    absent: str = ""

    @property
    def state(self) -> str | None:
        """The worst check result on the cell: error, warning, acknowledged, note, or None."""
        order = ("error", "warning", "acknowledged", "note")
        states = {f.state for f in self.findings}
        return next((s for s in order if s in states), None)


@frozen
class Row:
    item: str
    label: str
    indent: bool
    cells: tuple[Cell, ...]
    total: bool = False  # a total or subtotal of other rows: set apart, as a statement prints it


@frozen
class Table:
    id: str
    title: str
    scale: str  # "in JPY millions", "in millions", or "": the currency and scale its heading names
    headers: tuple[str, ...]
    kinds: tuple[str, ...]  # period | change | share | currency, per column
    rows: tuple[Row, ...]

    @property
    def long(self) -> bool:
        """Whether the statement may run over a printed page: one that does is printed from where the
        text before it ends, its headings repeated on each page, rather than carried whole to a new one."""
        return len(self.rows) > PAGE_ROWS

    @property
    def print_parts(self) -> list[range]:
        """The columns of each part a printed page shows, where the statement is wider than a page:
        paper cannot scroll, so sixty quarters are printed as several tables of PRINT_COLUMNS each."""
        count = len(self.headers)
        if count <= PRINT_COLUMNS:
            return []
        return [range(start, min(start + PRINT_COLUMNS, count)) for start in range(0, count, PRINT_COLUMNS)]


# The figure columns a printed page (A4 or Letter, upright, at the print stylesheet's 8 pt) holds
# beside the labels.
PRINT_COLUMNS = 8

# Rows of a statement that a printed page (A4 or Letter, upright) holds at the print stylesheet's 8 pt:
# a statement no longer is kept whole, carried to the next page where it does not fit under the text
# before it; a longer one would overrun that page all the same, and is not carried.
PAGE_ROWS = 48
# Lines of a check result's text, LINE characters a line at the print stylesheet's 10 pt, in half
# such a page: a result no longer is kept whole, so that carrying one over leaves at most half a page
# blank; a longer one (a draft's list of the rows no check reaches runs over pages) starts where the
# one before it ends.
PAGE_LINES = 26
LINE = 90


def _lines(text: str) -> int:
    """The lines a text takes on paper, LINE characters a line: an estimate, as no page is laid out here."""
    return sum(-(-len(part) // LINE) or 1 for part in text.split("\n"))


class Paths:
    """Book paths as a shared report shows them: relative to the ledger's root, never as the
    absolute paths of the machine that wrote it, nor relative to where it was run."""

    def __init__(self, root: str | None, paths=()) -> None:
        self.root = root
        self.shown: dict[str, str] = {}
        for path in paths:
            self(path)

    def __call__(self, path: str) -> str:
        if not path or self.root is None:
            return path
        if path not in self.shown:
            where = os.path.abspath(path)
            # the directory as the root was found (symlinks resolved), the file's own name kept
            where = os.path.join(os.path.realpath(os.path.dirname(where)), os.path.basename(where))
            self.shown[path] = os.path.relpath(where, self.root)
        return self.shown[path]

    def text(self, text: str) -> str:
        """`text` (a message, a note, a location) with each path it names as shown."""
        for path, shown in sorted(self.shown.items(), key=lambda p: -len(p[0])):
            if path != shown and path in text:
                text = text.replace(path, shown)
        return text


def findings(diagnostics: list[Diagnostic], paths: Paths | None = None) -> list[Finding]:
    """Every diagnostic as a numbered finding, in the checker's order."""
    paths = paths or Paths(None)
    for d in diagnostics:
        if d.span:
            paths(d.span.path)
    out = []
    for number, d in enumerate(diagnostics, 1):
        if d.acknowledged:
            state = "acknowledged"
        else:
            state = {Severity.ERROR: "error", Severity.WARNING: "warning"}.get(d.severity, "note")
        notes = tuple(_note(paths.text(n)) for n in d.notes)
        out.append(Finding(number, str(d.severity), d.code, paths.text(d.message), notes,
                           paths.text(str(d.span)) if d.span else "",
                           paths.text(d.acknowledged) if d.acknowledged else d.acknowledged, state))
    return out


def _note(text: str) -> tuple[str, str]:
    if text.startswith("acknowledged at "):
        return "acknowledged", text[len("acknowledged at "):]
    head, sep, rest = text.partition(": ")
    if sep and head.replace(" ", "").isalpha() and len(head) <= 12:
        return head, rest
    return "note", text


class Figures:
    """Printings and findings indexed by the cell they concern."""

    def __init__(self, book: Book, evaluation: Evaluation, diagnostics: list[Diagnostic],
                 numbered: list[Finding], paths: Paths | None = None) -> None:
        self.book, self.evaluation = book, evaluation
        self.paths = paths or Paths(None)
        self.printings: dict[CellKey, list] = {}
        by_span: dict[tuple[str, int, int], CellKey] = {}
        for fact in book.facts:
            key = (fact.item, fact.period, None, None)
            self.printings.setdefault(key, []).append(fact)
            if fact.span is not None:
                by_span[(fact.span.path, fact.span.line, fact.span.column)] = key
        for measured in book.measured:
            key = self.measured_key(measured.expr, measured.period)
            if key is None:
                continue
            self.printings.setdefault(key, []).append(measured)
            if measured.span is not None:
                by_span[(measured.span.path, measured.span.line, measured.span.column)] = key
        self.findings: dict[CellKey, list[Finding]] = {}
        self.placed: set[int] = set()
        for d, finding in zip(diagnostics, numbered):
            if d.span is None:
                continue
            key = by_span.get((d.span.path, d.span.line, d.span.column))
            if key is not None:
                self.findings.setdefault(key, []).append(finding)

    def measured_key(self, expr, period: Period) -> CellKey | None:
        """The cell a printed measure describes: USD(x), yoy%(x), share%(x, t), possibly negated."""
        return render.measured_key(self.evaluation, expr, period)


def named(text: str, fallback: str) -> str:
    """A book's title or label as the report shows it; its id where it is blank, for a heading, a link
    or a row with no text cannot be read or followed."""
    return text if text.strip() else fallback


def tables(book: Book, evaluation: Evaluation, figures: Figures) -> list[Table]:
    """Every declared statement (or every reported figure when a book declares none)."""
    statements = list(book.statements) or [render.facts_statement(evaluation)]
    return [table(s, evaluation, figures) for s in statements]


def table(statement: Statement, evaluation: Evaluation, figures: Figures) -> Table:
    grid = render.grid(statement, evaluation)
    kinds = tuple(_kind(c.function) for c in statement.columns)
    shown = {line.item for line in statement.lines}
    rows = []
    for line, row in zip(statement.lines, grid.rows):
        item_id, label_text, values, places, percents = row.item, row.label, row.values, row.places, row.percents
        cells = []
        for column, value, place, percent in zip(statement.columns, values, places, percents):
            cells.append(_cell(statement, line, column, value, place, percent, evaluation, figures, row.scale))
        rows.append(Row(item_id, named(label_text.strip(), item_id), bool(line.edge or line.negated), tuple(cells),
                        not line.edge and not line.negated and render.is_total(evaluation, item_id, shown)))
    return Table(statement.id, named(statement.title, statement.id), unit_note(statement, evaluation),
                 grid.headings or grid.titles or grid.header, kinds, _on_the_point(rows))


def _places(text: str) -> int:
    """The decimals a cell's text shows: 3 for (16.594), 1 for 12.5%, 0 for 1,060."""
    return len(text.strip("()~%").rstrip(")%").partition(".")[2])


def _on_the_point(rows: list[Row]) -> tuple[Row, ...]:
    """Rows whose figures line up on their decimal point within each column: a printed USD figure is
    shown at its printed precision (8.261) above one the rule derives to the column's (11), whose
    digits then stood three places right of the others'; each gets the unseen decimals it lacks."""
    if not rows:
        return ()
    most = [max((_places(r.cells[k].text) for r in rows if r.cells[k].text), default=0) for k in range(len(rows[0].cells))]
    out = []
    for row in rows:
        cells = []
        for cell, places in zip(row.cells, most):
            own = _places(cell.text)
            if cell.text and own < places:
                cell = evolve(cell, pad=("" if own else ".") + "0" * (places - own))
            cells.append(cell)
        out.append(evolve(row, cells=tuple(cells)))
    return tuple(out)


def _kind(function: str | None) -> str:
    if function is None:
        return "period"
    if function in ("yoy%", "qoq%"):
        return "change"
    return "share" if function == "share%" else "currency"


def _cell(statement, line, column, value, places, percent, evaluation: Evaluation, figures: Figures,
          scale: int) -> Cell:
    """`scale`: the row's (the statement's for money, 0 for per-share amounts and counts)."""
    ref = Ref(line.item, Edge(line.edge) if line.edge else None)
    period = evaluation.at(ref, column.period)
    key: CellKey = (line.item, period, column.function, column.total)
    printed = figures.printings.get(key, ())
    found = tuple(figures.findings.get(key, ()))
    for f in found:
        figures.placed.add(f.number)
    where = [Printing(p.value.text, _where(p), figures.paths(p.span.path) if p.span else "", p.span.line if p.span else 0,
                      p.span.column if p.span else 0) for p in printed]
    name = f"{line.item}@{label(period)}" if column.function is None else _measure_name(column, line.item)
    if value is None:
        return Cell("", None, percent, tuple(where), found, None, None, name, absent=_absent(line, column, evaluation))
    text = render.cell(value, scale, places, percent, True)
    rule, computed, coarse = None, None, None
    if column.function is None:
        found_value = evaluation.value(line.item, period)
        origin = "printed" if found_value is not None and found_value.origin == "reported" else "derived"
        if origin == "printed" and not percent and found_value.facts:
            finest = min(f.value.exponent for f in found_value.facts)
            if finest > scale - places:
                # Printed more coarsely than the column shows ("JPY 8.3 billion" in a statement in
                # millions): rounded to the printed digit, never showing digits nobody printed.
                shown = value.scaleb(-finest, EXACT).quantize(Decimal(1), context=EXACT).scaleb(finest, EXACT)
                text = render.cell(shown, scale, max(0, scale - finest), percent, True)
                coarse = f"printed to the nearest {Decimal(1).scaleb(finest - scale):,f}"
        definition = evaluation.definitions.get(line.item)
        if definition is not None:
            rule = f"{definition.target} = {show(definition.expr)}  ({figures.paths.text(str(definition.span))})"
        elif found_value is not None and found_value.origin == "sum":
            rule = f"{line.item} over {label(period)} = the sum of its quarters"
    else:
        origin = "printed" if printed else "derived"
        rule = FUNCTION_RULES.get(column.function)
        if rule is None:
            call = render.measure(evaluation.book, line, column)
            rate = evaluation.book.rates[call.rate] if call is not None and call.rate else None
            if rate is not None:
                rule = f"{column.function}(x) = x / {rate.value} {rate.quote} per {rate.base} ({rate.id})"
        plain = [p for p in printed if p.source.kind == "table" and not _negated(p)]
        if plain and not line.negated:
            best = best_printing(plain)
            base = -2 if percent else scale
            shown_places = max(0, base - best.value.exponent)
            printed_text = render.cell(best.value.value, scale, shown_places, percent, True)
            if printed_text != text:
                computed = text
            text = printed_text
            if best.value.exponent > base:
                # USD 0.0 billion in a column in millions: "0" would claim a precision never printed
                coarse = f"printed to the nearest {Decimal(1).scaleb(best.value.exponent - base):,f}"
    return Cell(text, origin, percent, tuple(where), found, rule, computed, name, coarse)


_negated = render.negated_measure


def _absent(line, column, evaluation: Evaluation) -> str:
    """Why a cell has no figure, in the words a reader needs: a measure that means nothing for the
    line (EPS as a % of revenues) is not applicable; a change or a share lacks a figure it needs; a
    figure of a period is not printed (nor, where a rule derives it, every figure the rule reads)."""
    if column.function is None:
        return "not printed"
    return "not computable" if render.measure(evaluation.book, line, column) is not None else "not applicable"


def _measure_name(column, item: str) -> str:
    inside = column.text[column.text.index("(") + 1:].rstrip(")")
    period_text = inside.split(",")[0].strip()
    if column.function == "share%":
        return f"share%({item}, {column.total})@{period_text}"
    return f"{column.function}({item})@{period_text}"


def _where(printed) -> str:
    source = printed.source
    if source.kind == "claim":
        title = source.title
        return f"claim \u201c{title if len(title) <= 90 else title[:87] + '...'}\u201d"
    return f"{source.title}, column {printed.column}" if printed.column else source.title


def unplaced(numbered: list[Finding], figures: Figures) -> list[Finding]:
    """Findings no statement cell shows (assertions, guidance, figures outside the statements)."""
    return [f for f in numbered if f.number not in figures.placed]
