"""Statements as a workbook that recomputes: `ledger eval --format xlsx -o FILE`.

One sheet per statement, with real numbers and number formats. A figure
printed in the books is a value; everything the books derive is an Excel
formula built from the book's rules: a total is `=SUM(...)` of its rows, and
a change, a share, a translation or a ratio is the formula it is. An item
the book defines (`item x ... = expr`) is its formula even where the release
prints it too, where the checker has proved the two agree within rounding, so
a reader who changes a row sees the total move; where they do not, the cell
keeps the figure as printed (what `ledger eval` shows), marked. The printed figure stays on the
"Printed" sheet, beside every other printed figure and its source.

Each figure (item, period) has one home cell, the first statement cell that
shows it; every other cell refers to that home. A figure a formula needs that
no statement shows gets a row on the "Other figures" sheet. Cells hold values
at their sheet's scale (JPY millions on a statement in millions); a formula
that mixes scales carries the powers of ten between them. Percentages are
stored as fractions with a % format.

Every text in the workbook (a title, a label, a note, a claim's words, a file's name) is
the book's, and a book may be anyone's: it is stored as a string, never as a formula,
however it begins (`=HYPERLINK(...)` stays those characters), with its control characters
shown as the text formats show them (ledgerlang/visible.py), and cut, saying so, at the
32,767 characters a cell holds. The only formulas are the ones built here.

openpyxl is imported here only: `ledger eval` in any other format never loads it.
"""

from __future__ import annotations

import datetime
import os
import re
from copy import copy
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.styles.fonts import DEFAULT_FONT
from openpyxl.utils import get_column_letter

from ledgerlang.diagnostic import Diagnostic, Severity, capped
from ledgerlang.evaluate.compute import Evaluation, _change_offset, best_printing
from ledgerlang.model.book import Statement
from ledgerlang.model.expr import Bin, Call, Edge, Neg, Num, Ref, show
from ledgerlang.model.period import Duration, label
from ledgerlang.model.unit import SCALE_NAMES, in_one_currency
from ledgerlang.render import statements as render
from ledgerlang.render.heading import unit_note
from ledgerlang.render.places import nonzero_places
from ledgerlang.visible import visible

FIRST_ROW = 4  # rows 1-3: title, column headings, the book's column names
FIRST_COLUMN = 3  # A: item id, B: label
PRINT_COLUMNS = 8  # the figure columns a printed page holds beside the labels, as the report prints them
ITALIC = Font(italic=True, color="34506E")  # a derived figure: a formula


def _total_style() -> NamedStyle:
    """The cell style of a total's row: bold under a rule, as a printed statement sets a total apart.
    A style, not bold alone, so that a total says what it is where a bold heading looks the same: the
    sidebar of LibreOffice and the Cell Styles gallery of Excel name it, a reader can find every
    total by it and restyle them at once. Built-in style 25 is Excel's own "Total" (LibreOffice lists
    it as "Excel Built-in Total"); its font here is the workbook's, not Excel's 12 points."""
    return NamedStyle("Total", font=_bold(), border=Border(top=Side(style="thin")), builtinId=25)


def _bold(**style) -> Font:
    """The workbook's own font (a style's font names its face and size), bold."""
    return Font(name=DEFAULT_FONT.name, size=DEFAULT_FONT.sz, family=DEFAULT_FONT.family, scheme=DEFAULT_FONT.scheme,
                bold=True, **style)


CELL_LIMIT = 32_767  # characters a cell holds (counted in UTF-16 code units, as Excel counts them)
# What XML 1.0 cannot hold once visible() has shown the controls: surrogates, U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")


def _text(text: str, more: str = "") -> str:
    """A text of the book as a cell shows it: its controls shown, and cut at the cell's limit with
    a note that says so (`more`: where to read it whole)."""
    shown = visible(text)
    shown = _NOT_XML.sub(lambda found: f"\\u{ord(found.group()):04x}", shown)
    units = shown.encode("utf-16-le", "surrogatepass")
    if len(units) <= 2 * CELL_LIMIT:
        return shown
    note = f"… (cut: a cell holds {CELL_LIMIT:,} characters{more})"
    room = 2 * (CELL_LIMIT - len(note.encode("utf-16-le")) // 2)
    return units[:room].decode("utf-16-le", "ignore") + note


def _put(sheet, row: int, column: int, value, more: str = ""):
    """Write a value to a cell: a text always as a string (never a formula, an error or a number),
    anything else as it is. Returns the cell."""
    cell = sheet.cell(row, column)
    if isinstance(value, str):
        cell.value = _text(value, more)
        cell.data_type = "s"  # openpyxl would take "=..." for a formula and "#N/A" for an error
    else:
        cell.value = value
    return cell


def _date(text: str | None):
    """A rate's date as a date a spreadsheet can compute with; the text where it is none (or before 1900)."""
    try:
        day = datetime.date.fromisoformat(text) if text else None
    except ValueError:
        return text
    return day if day is None or day.year >= 1900 else text


# A figure and its negative end their digits at one place: `_)` leaves after a figure the width of the
# parenthesis that closes a negative one, as a printed statement hangs it (and as Excel's own
# accounting formats do), so that a column of (1,060) and 8,344 lines up on its last digit.
def _money_format(places: int) -> str:
    digits = "#,##0" + ("." + "0" * places if places else "")
    return f"{digits}_);({digits})"


def _percent_format(places: int) -> str:
    digits = "0" + ("." + "0" * places if places else "")
    return f"{digits}%_);({digits}%)"


def _mark_coarse(cell, printed: str) -> None:
    """A figure printed with fewer digits than its cell shows: ~ after it, as `ledger eval` prints it,
    and a comment that gives it as printed."""
    positive, negative = cell.number_format.split(";")
    cell.number_format = f'{positive.removesuffix("_)")}"~"_);{negative}"~"'
    note = f"~ printed with fewer digits than shown: {printed}"
    cell.comment = Comment(_text(f"{cell.comment.text}\n{note}" if cell.comment else note), "ledger")


# Check results on a figure's own value (a fill and a comment on its home cell), and of those,
# the ones where its rule gives another value than the figure printed.
FIGURE_CODES = frozenset({"total-mismatch", "rule-mismatch", "period-sum-mismatch", "fact-mismatch"})
RULE_CODES = frozenset({"total-mismatch", "rule-mismatch"})
RED, AMBER = "F8D0D0", "FBE7B5"  # an error; an acknowledged one (as the report marks them)


# What a sheet holds (Excel's limits; LibreOffice's since 7.4 are the same or more).
MAX_ROWS, MAX_COLUMNS = 1_048_576, 16_384


class TooLarge(ValueError):
    """The books need more rows or columns on a sheet than a sheet holds: no workbook is written."""


def _fits_sheet(name: str, rows: int, columns: int) -> None:
    if rows > MAX_ROWS:
        raise TooLarge(f"the {name} sheet would need {rows:,} rows, and a sheet holds {MAX_ROWS:,}")
    if columns > MAX_COLUMNS:
        raise TooLarge(f"the {name} sheet would need {columns:,} columns, and a sheet holds {MAX_COLUMNS:,}")


class _Home:
    """Where a figure lives: sheet, row, column, and the scale its number is written at."""

    __slots__ = ("sheet", "row", "column", "scale")

    def __init__(self, sheet: str, row: int, column: int, scale: int) -> None:
        self.sheet, self.row, self.column, self.scale = sheet, row, column, scale

    def ref(self, from_sheet: str) -> str:
        cell = f"{get_column_letter(self.column)}{self.row}"
        return cell if from_sheet == self.sheet else f"{_quote(self.sheet)}!{cell}"


def _quote(sheet: str) -> str:
    return "'" + sheet.replace("'", "''") + "'"


# The sheets the workbook always names so (README and comments refer to them by name): a statement
# of the same id gets another. "History" is a name Excel keeps for itself and will not open a sheet by.
FIXED_SHEETS = ("Claims", "Guidance", "Other figures", "Rates", "Printed", "Diagnostics")
RESERVED_SHEETS = frozenset(name.lower() for name in (*FIXED_SHEETS, "History"))


def _sheet_name(text: str, taken: set[str]) -> str:
    name = "".join("_" if ch in "[]:*?/\\" else ch for ch in text)[:31] or "sheet"
    base, n = name, 2
    while name.lower() in taken:
        suffix = f" {n}"
        name, n = base[:31 - len(suffix)] + suffix, n + 1
    taken.add(name.lower())
    return name


def _scaled(value: Decimal, scale: int) -> Decimal:
    return value.scaleb(-scale) if scale else value


def _factor(exponent: int) -> str:
    return f"1E{exponent}"


class _Formulas:
    """Formulas from the book's rules, over the home cells of the figures they read."""

    def __init__(self, evaluation: Evaluation, workbook, other, diagnostics: list[Diagnostic] = ()) -> None:
        self.evaluation = evaluation
        self.book = evaluation.book
        self.homes: dict[tuple, _Home] = {}
        self.workbook = workbook
        self.other = other
        self.pending: list[tuple] = []
        self.rates: dict[str, _Home] = {}
        self.building: set[tuple] = set()
        self.reading: set[tuple] | None = None  # the figures the formula being built reads
        self.reads: dict[tuple, set[tuple]] = {}  # of each home cell that is a formula
        # A home cell that holds a value where a formula was to be, or a printed figure that fails
        # its check: (fill colour or None, a comment for the cell).
        self.remarks: dict[tuple, tuple[str | None, str]] = {}
        # The check results on a figure's own value, with their rows on the Diagnostics sheet.
        self.results: dict[tuple[str, str], list[tuple[Diagnostic, int]]] = {}
        for row, d in enumerate(diagnostics, 2):
            if d.code in FIGURE_CODES and d.severity is Severity.ERROR and d.item and d.period:
                self.results.setdefault((d.item, d.period), []).append((d, row))
        self.cells: dict[tuple, object] = {}  # the home cells that hold a formula
        self.kept: set[tuple] = set()  # printed figures that fail their rule: values, not its formula

    # -- homes ----------------------------------------------------------------------------

    def home(self, key) -> _Home | None:
        """The home of a figure; a figure no statement shows gets a row on 'Other figures'."""
        found = self.homes.get(key)
        if self.reading is not None:
            self.reading.add(key)
        if found is None:
            if self.evaluation.value(*key) is None:
                return None
            item = self.book.items[key[0]]
            scale = 0 if item.percent or item.unit.is_pure or item.unit.den else 6 if _currency(self.book, item) else 0
            row = self.other.max_row + 1
            _fits_sheet(self.other.title, row, 5)
            _put(self.other, row, 1, key[0])
            _put(self.other, row, 2, item.label).alignment = Alignment(wrap_text=True, vertical="top")
            _put(self.other, row, 3, label(key[1]))
            _put(self.other, row, 5, "%" if item.percent else f"{item.unit}" + (f" {SCALE_NAMES[scale]}" if scale else ""))
            found = self.homes[key] = _Home(self.other.title, row, 4, scale)
            self.pending.append(key)
        return found

    def rate(self, rate_id: str) -> _Home:
        return self.rates[rate_id]

    # -- one cell -------------------------------------------------------------------------

    def content(self, key, home: _Home):
        """A home cell's content: the printed value, or the formula that derives it. Where the
        formula would pass a spreadsheet's limits, the value, with a remark that says why."""
        value = self.evaluation.value(*key)
        if value is None:
            return None
        if key in self.building:
            return _scaled(value.point, home.scale)  # a cycle of formulas: this one stays a number
        self.building.add(key)
        self.reading = reading = set()
        try:
            formula = self._derived(key, value, home)
        finally:
            self.building.discard(key)
            self.reading = None
        results = self.results.get((key[0], label(key[1])), [])
        if results or key in self.kept:
            lines = ["the figure as printed, not the formula of its rule: the rule gives another value from "
                     "the figures it reads"] if key in self.kept else []
            lines += [f"{d.severity}[{d.code}]{' (acknowledged)' if d.acknowledged else ''}: {d.message} "
                      f"(Diagnostics sheet, row {row})" for d, row in results]
            self.remarks[key] = (AMBER if results and all(d.acknowledged for d, _ in results) else RED,
                                 "\n".join(lines))
        if formula is not None and not _fits(formula):
            self.remarks[key] = (None, "derived: a value, not a formula, for the formula would pass a spreadsheet's "
                                 f"limits ({FORMULA_LIMIT:,} characters, {NESTING_LIMIT} levels of parentheses)")
            formula = None
        if formula is None:
            return _scaled(value.point, home.scale)
        self.reads[key] = reading
        return formula

    def fill(self, cell, key, home: _Home) -> None:
        """Write a home cell: its value or formula (a formula in italics), and any remark on it."""
        content = self.content(key, home)
        cell.value = content
        if isinstance(content, str):
            cell.font = ITALIC
            self.cells[key] = cell
        remark = self.remarks.get(key)
        if remark is not None:
            fill, text = remark
            if fill is not None:
                cell.fill = PatternFill("solid", fgColor=fill)
            cell.comment = Comment(_text(text), "ledger")

    def break_cycles(self) -> None:
        """Rules that define each other (a `cycle` error) would be formulas that read each other,
        which no spreadsheet computes: each formula in a cycle becomes its value, with a comment."""
        for key in _in_cycles(self.reads):
            cell = self.cells.pop(key)
            home = self.homes[key]
            cell.value = _scaled(self.evaluation.value(*key).point, home.scale)
            cell.font = Font()
            cell.comment = Comment("a value, not a formula: the rules that define this figure form a cycle "
                                   "(see the Diagnostics sheet)", "ledger")

    def _derived(self, key, value, home: _Home) -> str | None:
        item_id, period = key
        rule = self.evaluation.definitions.get(item_id)
        if rule is not None and (value.origin == "derived" or (value.origin == "reported" and rule.defines)):
            computed = self.evaluation.evaluate(rule.expr, period)
            if computed is not None and value.origin == "reported" and self._disagree(key, value, computed):
                self.kept.add(key)  # the figure stays as printed, as eval shows it
                return None
            if computed is not None:
                built = self._sum(rule.expr, period, home) or self.formula(rule.expr, period, home)
                if built is not None:
                    return built
        if value.origin == "sum" and isinstance(period, Duration):
            parts = [self.home((item_id, q)) for q in self.evaluation.quarters_of(period)]
            if all(p is not None for p in parts):
                return _sum_of(parts, home)
        return None

    def _disagree(self, key, value, computed) -> bool:
        """Whether a printed figure fails the rule that defines it: the check says so, or the rule's
        value from the figures it reads cannot round to the figure printed."""
        if any(d.code in RULE_CODES for d, _ in self.results.get((key[0], label(key[1])), ())):
            return True
        printed, derived = value.interval, computed.interval
        return printed is not None and derived is not None and printed.disjoint(derived)

    def _sum(self, expr, period, home: _Home) -> str | None:
        """`=SUM(C5:C7)` for a total of rows (`a + b + c`), in ranges wherever rows are adjacent."""
        terms = []
        stack = [expr]
        while stack:
            node = stack.pop()
            if isinstance(node, Bin) and node.op == "+":
                stack.extend((node.right, node.left))
            elif isinstance(node, Ref):
                terms.append(node)
            else:
                return None
        if len(terms) < 2:
            return None
        parts = [self.home((r.item, self.evaluation.at(r, period))) for r in terms]
        if any(p is None for p in parts):
            return None
        return _sum_of(parts, home)

    def formula(self, expr, period, home: _Home, offset: int = 0) -> str | None:
        built = self.term(expr, period, offset, home.sheet)
        if built is None:
            return None
        text, scale, _ = built
        if scale != home.scale:
            text = f"({text})*{_factor(scale - home.scale)}"
        return "=" + text

    def term(self, expr, period, offset: int, sheet: str):
        """(text, scale, atomic): the formula of an expression, and the power of ten its
        result is counted in (a cell of JPY millions is at scale 6)."""
        if isinstance(expr, Num):
            return (f"{expr.value:f}", 0, True)
        if isinstance(expr, Ref):
            home = self.home((expr.item, self.evaluation.at(expr, period, offset)))
            return None if home is None else (home.ref(sheet), home.scale, True)
        if isinstance(expr, Neg):
            inner = self.term(expr.operand, period, offset, sheet)
            return None if inner is None else (f"-{_wrap(inner)}", inner[1], False)
        if isinstance(expr, Bin):
            left = self.term(expr.left, period, offset, sheet)
            right = self.term(expr.right, period, offset, sheet)
            if left is None or right is None:
                return None
            if expr.op in "+-":
                right_text = right[0] if expr.op == "+" or right[2] else f"({right[0]})"
                if right[1] != left[1]:
                    right_text = f"{_wrap(right)}*{_factor(right[1] - left[1])}"
                return (f"{left[0]}{expr.op}{right_text}", left[1], False)
            scale = left[1] + right[1] if expr.op == "*" else left[1] - right[1]
            return (f"{_wrap(left)}{expr.op}{_wrap(right)}", scale, False)
        return self._call(expr, period, offset, sheet)

    def _call(self, call: Call, period, offset: int, sheet: str):
        args = [self.term(a, period, offset, sheet) for a in call.args]
        if any(a is None for a in args):
            return None
        back = _change_offset(call.function, period)
        if back:
            prior = self.term(call.args[0], period, offset + back, sheet)
            if prior is None:
                return None
            return (f"{_pure(args[0], prior)}-1", 0, False)
        if call.function == "share%":
            return (_pure(args[0], args[1]), 0, False)
        rate = self.rate(call.rate)
        return (f"{_wrap(args[0])}/{rate.ref(sheet)}", args[0][1], False)

    def statement_cell(self, statement: Statement, line, column, home_scale: int, sheet: str):
        """A statement cell that is not a figure's home: a measure column, a negated row,
        an opening or closing balance, or a figure shown on an earlier sheet."""
        expr = Ref(line.item, Edge(line.edge) if line.edge else None)
        if line.negated:
            expr = Neg(expr)
        if column.function is not None:
            expr = render.measure(self.book, line, column)  # the measure `ledger eval` shows, or none
            if expr is None:
                return None
        if self.evaluation.evaluate(expr, column.period) is None:
            return None
        return self.formula(expr, column.period, _Home(sheet, 0, 0, home_scale))


def _wrap(term) -> str:
    return term[0] if term[2] else f"({term[0]})"


def _pure(numerator, denominator) -> str:
    """numerator / denominator as a pure number, whatever scales the two cells are at."""
    text = f"{_wrap(numerator)}/{_wrap(denominator)}"
    exponent = numerator[1] - denominator[1]
    return f"({text})*{_factor(exponent)}" if exponent else text


# What Excel accepts in one formula (LibreOffice: the same or more): 8,192 characters, 255
# arguments to a function, 64 levels of nesting.
FORMULA_LIMIT = 8_192
ARGUMENT_LIMIT = 255
NESTING_LIMIT = 64


def _sum_of(parts: list[_Home], home: _Home) -> str:
    """`=SUM(...)` of home cells, whatever their order: each run of adjacent rows of one column as a
    range, a range at another scale as `SUM(range)*1E3`, and in nested SUMs of at most 255 arguments."""
    groups: dict[tuple, list[int]] = {}
    for part in parts:
        groups.setdefault((part.sheet, part.column, part.scale), []).append(part.row)
    arguments = []
    for (sheet, column, scale), rows in groups.items():
        letter = get_column_letter(column)
        prefix = "" if sheet == home.sheet else _quote(sheet) + "!"
        distinct = sorted(set(rows))
        repeated = list(rows)
        for row in distinct:
            repeated.remove(row)  # a row added twice (a + a) is one more argument
        ranges = []
        for row in distinct:
            if ranges and ranges[-1][1] == row - 1:
                ranges[-1][1] = row
            else:
                ranges.append([row, row])
        refs = [f"{prefix}{letter}{a}" if a == b else f"{prefix}{letter}{a}:{letter}{b}" for a, b in ranges]
        refs += [f"{prefix}{letter}{row}" for row in repeated]
        if scale != home.scale:
            factor = _factor(scale - home.scale)
            refs = [f"{chunk[0]}*{factor}" if len(chunk) == 1 and ":" not in chunk[0] else
                    f"SUM({','.join(chunk)})*{factor}" for chunk in _chunks(refs)]
        arguments.extend(refs)
    while len(arguments) > ARGUMENT_LIMIT:
        arguments = [f"SUM({','.join(chunk)})" for chunk in _chunks(arguments)]
    return f"=SUM({','.join(arguments)})"


def _chunks(items: list[str]) -> list[list[str]]:
    return [items[i:i + ARGUMENT_LIMIT] for i in range(0, len(items), ARGUMENT_LIMIT)]


def _fits(formula: str) -> bool:
    """Whether a spreadsheet takes the formula: short enough, and not nested too deep."""
    if len(formula) > FORMULA_LIMIT:
        return False
    depth = deepest = 0
    quoted = False
    for ch in formula:
        if ch == "'":
            quoted = not quoted  # a sheet's name; '' inside one toggles twice
        elif not quoted and ch == "(":
            depth += 1
            deepest = max(deepest, depth)
        elif not quoted and ch == ")":
            depth -= 1
    return deepest <= NESTING_LIMIT


def _in_cycles(graph: dict[tuple, set[tuple]]) -> list[tuple]:
    """The nodes of `graph` (node -> the nodes it reads) that lie on a cycle: Tarjan's strongly
    connected components, with a stack of our own (a chain of formulas may be long)."""
    index: dict = {}
    low: dict = {}
    on_stack: set = set()
    stack: list = []
    found: list = []
    counter = 0
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(graph.get(root, ())))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, edges = work[-1]
            advanced = False
            for nxt in edges:
                if nxt not in graph:
                    continue  # a value: reads nothing
                if nxt not in index:
                    index[nxt] = low[nxt] = counter
                    counter += 1
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(graph.get(nxt, ()))))
                    advanced = True
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1 or node in graph[node]:
                    found.extend(component)
    return found


def _currency(book, item) -> bool:
    return in_one_currency(item.unit, book.units)


def workbook(evaluation: Evaluation, diagnostics: list[Diagnostic], statements: list[Statement], listings=()):
    """The workbook: statement sheets, Claims and Guidance (`listings`, as `ledger eval` lists them:
    render/reported.py), then Other figures, Rates, Printed and Diagnostics."""
    book = evaluation.book
    # As `ledger check` shows them: at most MAX_PER_CODE of one code in one file, then a row that
    # counts the rest (a book of 170,000 duplicated rows took a minute and a gigabyte for them).
    diagnostics = capped(diagnostics)
    for statement in statements:
        _fits_sheet(statement.id, FIRST_ROW - 1 + len(statement.lines), FIRST_COLUMN - 1 + len(statement.columns))
    for listing in listings:
        _fits_sheet(listing.kind.capitalize(), 1 + len(listing.entries), 10)
    _fits_sheet("Printed", 1 + len(book.facts) + len(book.measured), 11)
    _fits_sheet("Diagnostics", 1 + len(diagnostics), 10)
    _fits_sheet("Rates", 1 + len(book.rates), 6)
    wb = Workbook()
    wb.remove(wb.active)
    wb.add_named_style(_total_style())
    taken: set[str] = set(RESERVED_SHEETS)
    bold, grey = Font(bold=True), Font(color="4A5560", size=9)
    head_fill = PatternFill("solid", fgColor="E8ECF0")
    sheets = []
    for statement in statements:
        sheet = wb.create_sheet(_sheet_name(statement.id, taken))
        sheets.append((statement, sheet))
    for listing in listings:
        _listing_sheet(wb.create_sheet(listing.kind.capitalize()), listing, bold, diagnostics)
    other = wb.create_sheet("Other figures")
    for col, text in enumerate(("item", "label", "period", "value", "unit"), 1):
        _put(other, 1, col, text).font = bold
    rates_sheet = wb.create_sheet("Rates")
    formulas = _Formulas(evaluation, wb, other, diagnostics)
    for col, text in enumerate(("rate", "value", "quote", "per", "date", "note"), 1):
        _put(rates_sheet, 1, col, text).font = bold
    for row, rate in enumerate(book.rates.values(), 2):
        for col, value in enumerate((rate.id, rate.value, rate.quote, rate.base, _date(rate.date), rate.note), 1):
            cell = _put(rates_sheet, row, col, value)
            if isinstance(value, datetime.date):
                cell.number_format = "yyyy-mm-dd"
            # the note wrapped in its column, as the other sheets' texts: a release's sentence on its
            # rate ran on over the columns beside it, and printed to one page's width, the whole sheet
            # was shrunk to 4 points to hold that one line
            cell.alignment = Alignment(wrap_text=col == 6, vertical="top")
        formulas.rates[rate.id] = _Home(rates_sheet.title, row, 2, 0)
    for col, width in zip("ABCDEF", (16, 12, 8, 8, 12, 60)):
        rates_sheet.column_dimensions[col].width = width
    _fit_rows(rates_sheet, range(2, len(book.rates) + 2))
    rates_sheet.freeze_panes = "A2"

    measures = _Measures(evaluation, diagnostics)
    # Homes first, so that a formula on any sheet can point at a figure on a later one.
    grids = {}
    for statement, sheet in sheets:
        grid = render.grid(statement, evaluation)
        grids[statement.id] = grid
        for r, (line, shown) in enumerate(zip(statement.lines, grid.rows), FIRST_ROW):
            if line.edge or line.negated:
                continue
            item = book.items[line.item]
            for c, column in enumerate(statement.columns, FIRST_COLUMN):
                key = (line.item, column.period)
                if column.function is None and key not in formulas.homes and evaluation.value(*key) is not None:
                    scale = 0 if item.percent else shown.scale  # as `ledger eval` shows it (per-share in units)
                    formulas.homes[key] = _Home(sheet.title, r, c, scale)

    for statement, sheet in sheets:
        grid = grids[statement.id]
        note = unit_note(statement, evaluation)
        title = f"{statement.title}" + (f" ({note})" if note else "")
        _put(sheet, 1, 1, title).font = Font(bold=True, size=13)
        _put(sheet, 2, 1, "item").font = grey
        _put(sheet, 2, 2, "Line item").font = bold
        _put(sheet, 3, 2, "(the book's column names)").font = grey
        for c, (heading, name) in enumerate(zip(grid.headings or grid.titles or grid.header, grid.header), FIRST_COLUMN):
            cell = _put(sheet, 2, c, heading)
            cell.font, cell.fill, cell.alignment = bold, head_fill, Alignment(horizontal="right", wrap_text=True)
            cell = _put(sheet, 3, c, name)
            cell.font, cell.alignment = grey, Alignment(horizontal="right", wrap_text=True)
        widths: dict[int, int] = {}
        for r, (line, row) in enumerate(zip(statement.lines, grid.rows), FIRST_ROW):
            item_id, label_text, values, places, percents = row.item, row.label, row.values, row.places, row.percents
            item = book.items[item_id]
            _put(sheet, r, 1, ("-" if line.negated else "") + item_id + (f"@{line.edge}" if line.edge else "")).font = grey
            _put(sheet, r, 2, label_text.strip()).alignment = Alignment(indent=1 if line.edge or line.negated else 0)
            for c, (column, value, place, percent, origin, printed) in enumerate(
                    zip(statement.columns, values, places, percents, row.origins, row.printed), FIRST_COLUMN):
                if value is None:
                    continue
                cell = sheet.cell(r, c)
                key = (item_id, column.period)
                home = formulas.homes.get(key)
                scale = 0 if percent else row.scale
                measured = None
                if column.function is not None and not line.negated:
                    at = evaluation.at(Ref(item_id, Edge(line.edge) if line.edge else None), column.period)
                    measured = measures.get((item_id, at, column.function, column.total))
                if measured is not None and measured.printed:
                    # a printed measure to its printed precision: USD 16,594 thousand is (16.594) million, not (17)
                    place = max(0, (-2 if percent else scale) - best_printing(measured.printed).value.exponent)
                # as `ledger eval` shows it: a value that is not zero never as (0)
                place = nonzero_places(value, scale, place, percent)
                cell.number_format = _percent_format(place) if percent else _money_format(place)
                widths[c] = max(widths.get(c, 0), len(render.cell(value, scale, place, percent, True)))
                if column.function is None and home is not None and home.sheet == sheet.title and \
                        home.row == r and home.column == c:
                    formulas.fill(cell, key, home)
                else:
                    content = formulas.statement_cell(statement, line, column, scale, sheet.title)
                    if content is None or not _fits(content):
                        content = value if percent else _scaled(value, scale)
                    cell.value = content
                    if isinstance(content, str):
                        cell.font = ITALIC
                    if measured is not None and measured.results:
                        measured.mark(cell, content)
                if origin == render.COARSER and key not in formulas.cells:
                    # the figure as printed, 10.6 billions, shown in millions: its last digits were never
                    # printed, and `ledger eval` marks it so; a home that computes its rule is no such figure
                    _mark_coarse(cell, printed)
                    widths[c] += 1
        # a total or subtotal of the sheet's rows in the Total style, as a printed statement sets it apart
        shown = {line.item for line in statement.lines}
        for r, line in enumerate(statement.lines, FIRST_ROW):
            if not line.edge and not line.negated and render.is_total(evaluation, line.item, shown):
                for c in range(2, FIRST_COLUMN + len(statement.columns)):
                    _style_total(sheet.cell(r, c))
        _outline(sheet, statement, evaluation)
        _fit_columns(sheet, statement, grid, widths)
        _fit_rows(sheet, range(2, FIRST_ROW + len(statement.lines)))
        sheet.freeze_panes = sheet.cell(FIRST_ROW, FIRST_COLUMN)
        # on paper too, every page names its columns and its rows, and says its currency and scale
        sheet.print_title_rows = f"1:{FIRST_ROW - 1}"
        sheet.print_title_cols = f"A:{get_column_letter(FIRST_COLUMN - 1)}"
        # At 100% a page held the repeated id and label columns and two or three figure columns, so a
        # statement of six columns took three pages across: a page holds PRINT_COLUMNS of them.
        _fit_pages(sheet, -(-len(statement.columns) // PRINT_COLUMNS))

    while formulas.pending:  # figures a formula needed that no statement shows
        key = formulas.pending.pop(0)
        home = formulas.homes[key]
        cell = other.cell(home.row, home.column)
        item = book.items[key[0]]
        point = evaluation.value(*key).point
        place = nonzero_places(point, home.scale, 1 if item.percent else 2 if item.unit.den else 0, item.percent)
        cell.number_format = _percent_format(place) if item.percent else _money_format(place)
        formulas.fill(cell, key, home)
    formulas.break_cycles()
    for col, width in zip("ABCDE", (22, 46, 12, 16, 16)):
        other.column_dimensions[col].width = width
    _fit_rows(other, range(2, other.max_row + 1))  # a long label whole, not cut at the period beside it
    other.freeze_panes = "A2"

    _printed_sheet(wb.create_sheet("Printed"), book, bold)
    _diagnostics_sheet(wb.create_sheet("Diagnostics"), diagnostics, bold)
    statement_sheets = {sheet.title for _, sheet in sheets}
    for sheet in wb.worksheets:
        if sheet.title not in statement_sheets:  # a list with its headings in row 1
            sheet.print_title_rows = "1:1"
            width = sum(sheet.column_dimensions[get_column_letter(c)].width or 9 for c in range(1, sheet.max_column + 1))
            _fit_pages(sheet, max(1, -(-int(width) // LIST_WIDTH)))
    return wb


OUTLINE_LEVELS = 7  # the levels of grouping a sheet holds (Excel's; LibreOffice's are the same)


def _outline(sheet, statement: Statement, evaluation: Evaluation) -> None:
    """The rows a total adds up, grouped under it (an outline level each, the total below its group),
    as a spreadsheet's own outline would: a reader folds a statement to its totals, or a total open
    to its rows, and a row's level says which total it belongs to. Only a sum whose rows (each with
    its own group) stand together right above it is grouped; any other total is left as it is."""
    items = {r: line.item for r, line in enumerate(statement.lines, FIRST_ROW) if not line.edge and not line.negated}
    first: dict[int, int] = {}  # a total's row: the first row of its group
    levels = dict.fromkeys(range(FIRST_ROW, FIRST_ROW + len(statement.lines)), 0)
    for r, item in items.items():
        terms = _summed(evaluation, item)
        left, at = set(terms), r - 1
        while left and items.get(at) in left:
            left.discard(items[at])
            at = first.get(at, at) - 1
        if terms and not left:
            first[r] = at + 1
            for row in range(at + 1, r):
                levels[row] += 1
    for row, level in levels.items():
        if level:
            sheet.row_dimensions[row].outline_level = min(level, OUTLINE_LEVELS)


def _summed(evaluation: Evaluation, item: str) -> tuple[str, ...]:
    """The items an item's rule adds up, `a + b + c`, each once; none where the rule is anything else."""
    rule = evaluation.definitions.get(item)
    terms, stack = [], [rule.expr] if rule is not None else []
    while stack:
        node = stack.pop()
        if isinstance(node, Bin) and node.op == "+":
            stack.extend((node.right, node.left))
        elif isinstance(node, Ref) and node.anchor is None:
            terms.append(node.item)
        else:
            return ()
    return tuple(terms) if len(terms) >= 2 and len(set(terms)) == len(terms) else ()


def _style_total(cell) -> None:
    """A total's cell in the Total style, keeping what the cell says of itself: its number format,
    a formula's italics, a check's fill and the label's indent (setting a style resets them all)."""
    font, fill, number_format, alignment = cell.font, cell.fill, cell.number_format, cell.alignment
    cell.style = "Total"
    cell.font = _bold(italic=font.italic, color=font.color)
    cell.fill, cell.number_format, cell.alignment = copy(fill), number_format, copy(alignment)


# Characters of column width a landscape page holds in a list sheet, scaled to no less than about
# two thirds of the spreadsheet's 100% (the Diagnostics sheet's messages are 80 wide).
LIST_WIDTH = 160


def _fit_pages(sheet, across: int) -> None:
    """Printed landscape, `across` pages wide (scaled to fit) and as many pages down as its rows need:
    at 100% a sheet's columns ran onto pages of their own, apart from the rows they belong to."""
    sheet.page_setup.orientation = "landscape"
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = across
    sheet.page_setup.fitToHeight = 0


# The height of a line of text in a cell, in points, at the workbook's 11-point font (a spreadsheet's
# default row); a smaller font's line is smaller in proportion.
LINE_POINTS = 15
MAX_ROW_POINTS = 409  # the tallest row Excel holds; a taller one is an error it repairs the file for


def _wrapped_lines(text: str, width: float) -> int:
    """The lines `text` takes, wrapped at its spaces and line breaks, in a column that holds `width`
    characters of its font. Counted on the side of more: a line holds a character fewer than the
    width says, for capitals and bold are wider than the digit a width is measured in."""
    room = max(1, int(width) - 1)
    lines = 0
    for paragraph in text.split("\n"):
        used, count = 0, 1
        for word in paragraph.split(" "):
            length = len(word)
            if used and used + 1 + length > room:
                count, used = count + 1, 0
            while length > room:  # a word wider than the column is cut into lines of its own
                count, length = count + 1, length - room
            used = used + 1 + length if used else length
        lines += count
    return lines


def _fit_rows(sheet, rows) -> None:
    """Each row as tall as the lines of its wrapped cells: a spreadsheet keeps a row at one line
    unless the file says otherwise (LibreOffice does, on opening), and a wrapped heading or note ran
    over the row below it, on screen and on paper."""
    for r in rows:
        points = 0.0
        for cell in sheet[r]:
            if cell.alignment.wrap_text and isinstance(cell.value, str):
                size = float(cell.font.sz or 11)
                # a column's width counts characters of the 11-point font: more of a smaller one fit
                width = (sheet.column_dimensions[cell.column_letter].width or 9) * 11 / size
                points = max(points, _wrapped_lines(cell.value, width) * LINE_POINTS * size / 11)
        if points > LINE_POINTS:
            sheet.row_dimensions[r].height = min(points, MAX_ROW_POINTS)


class _Measure:
    """A measure column's cell as the books print it (yoy%, share%, USD): its printings, and the
    check results on them, with their rows on the Diagnostics sheet."""

    def __init__(self) -> None:
        self.printed: list = []
        self.results: list[tuple[Diagnostic, int]] = []

    def mark(self, cell, content) -> None:
        """The check results on the printed measure, on the cell that shows it: filled as a figure's
        are, with a comment giving the figure as printed, for the cell computes its own."""
        printed = best_printing(self.printed) if self.printed else None
        lines = []
        if printed is not None:
            span = printed.span
            where = f" ({span.path}:{span.line})" if span else ""
            lines.append(f"printed {_as_printed(printed.value)} in {printed.source.title}{where}; "
                         + ("the cell's formula computes it from the figures it reads" if isinstance(content, str)
                            else "the cell holds the value the ledger computes"))
        lines += [f"{d.severity}[{d.code}]{' (acknowledged)' if d.acknowledged else ''}: {d.message} "
                  f"(Diagnostics sheet, row {row})" for d, row in self.results]
        acknowledged = all(d.acknowledged for d, _ in self.results)
        cell.fill = PatternFill("solid", fgColor=AMBER if acknowledged else RED)
        cell.comment = Comment(_text("\n".join(lines)), "ledger")


def _as_printed(reported) -> str:
    """A printed figure with its scale, as `ledger eval` names it: 67.0%, 314 thousands."""
    if reported.scale == -2:
        return reported.text if reported.text.rstrip(")").endswith("%") else reported.text + "%"
    return reported.text + (f" {SCALE_NAMES[reported.scale]}" if reported.scale in SCALE_NAMES and reported.scale else "")


class _Measures(dict):
    """Every printed measure by the statement cell it describes (render.measured_key), with the errors
    the checks found on it (tied through the printed figure's file, line and column)."""

    def __init__(self, evaluation: Evaluation, diagnostics: list[Diagnostic]) -> None:
        super().__init__()
        by_span = {}
        for measured in evaluation.book.measured:
            key = render.measured_key(evaluation, measured.expr, measured.period)
            if key is None or key[2] is None:
                continue
            if measured.source.kind == "table" and not render.negated_measure(measured):
                self.setdefault(key, _Measure()).printed.append(measured)
            if measured.span is not None:
                by_span[(measured.span.path, measured.span.line, measured.span.column)] = key
        for row, d in enumerate(diagnostics, 2):
            if d.span is None or d.severity is not Severity.ERROR:
                continue
            key = by_span.get((d.span.path, d.span.line, d.span.column))
            if key is not None:
                self.setdefault(key, _Measure()).results.append((d, row))


def _fit_columns(sheet, statement: Statement, grid, widths: dict[int, int]) -> None:
    """Columns as wide as what they show (a figure wider than its column is ### in a spreadsheet),
    within bounds: a long label wraps in its cell rather than widening the sheet past a screen."""
    ids = max((len(str(sheet.cell(r, 1).value or "")) for r in range(FIRST_ROW, FIRST_ROW + len(grid.rows))),
              default=0)  # -cash@open
    labels = max((len(row.label.strip()) for row in grid.rows), default=0)
    sheet.column_dimensions["A"].width = min(max(12, ids + 2), 40)
    sheet.column_dimensions["B"].width = min(max(24, labels + 2), 60)
    if labels + 2 > 60:
        for r in range(FIRST_ROW, FIRST_ROW + len(grid.rows)):
            cell = sheet.cell(r, 2)
            cell.alignment = Alignment(indent=cell.alignment.indent, wrap_text=True, vertical="top")
    for c in range(FIRST_COLUMN, FIRST_COLUMN + len(statement.columns)):
        # the heading wraps, so a word of it, not the whole, must fit
        heading = max((len(word) for word in str(sheet.cell(2, c).value or "").split()), default=0)
        name = max((len(word) for word in str(sheet.cell(3, c).value or "").split()), default=0)
        sheet.column_dimensions[get_column_letter(c)].width = min(max(12, widths.get(c, 0) + 3, heading + 2, name + 2),
                                                                  255)


def _listing_sheet(sheet, listing, bold, diagnostics: list[Diagnostic] = ()) -> None:
    """Claims or guidance: each figure the text states, as printed, the ledger's value of it, and the
    check's verdict on that line (guidance-below, claim-mismatch), marked as a figure's result is."""
    guidance = listing.kind == "guidance"
    headings = ("text", "file", "line", "figure", "period", "as printed", "actual" if guidance else "ledger value",
                "note", "origin", *(("given",) if guidance else ()), "check")
    verdicts: dict[tuple[str, int], list[Diagnostic]] = {}
    for d in diagnostics:
        if d.span is not None:
            verdicts.setdefault((d.span.path, d.span.line), []).append(d)
    for col, text in enumerate(headings, 1):
        _put(sheet, 1, col, text).font = bold
    for row, e in enumerate(listing.entries, 2):
        value = None if e.value is None else e.value if e.percent else _scaled(e.value, e.scale)
        cells = (e.text, e.path, e.line or None, e.expression, e.period, e.stated, value,
                 # the value is the number beside, in the format of its printed precision: a copy of it
                 # as text ("106,248") was a number a spreadsheet cannot add up
                 "" if e.value is not None else "none: the ledger cannot compute it", e.origin or "",
                 *((e.given or "",) if guidance else ()))
        found = verdicts.get((e.path, e.line), [])
        cells += ("; ".join(f"{d.code}{' (acknowledged)' if d.acknowledged else ''}" for d in found),)
        for col, content in enumerate(cells, 1):
            # the statement's words and the note whole, wrapped: cut at the next column, a guidance's
            # figures ("$1,242.6 million, up 10.1% YoY") were not to be read, nor printed
            _put(sheet, row, col, content).alignment = Alignment(wrap_text=col in (1, 8), vertical="top")
        errors = [d for d in found if d.severity is Severity.ERROR]
        if errors:
            check = sheet.cell(row, len(cells))
            check.fill = PatternFill("solid", fgColor=AMBER if all(d.acknowledged for d in errors) else RED)
            check.comment = Comment(_text("\n".join(d.message for d in errors)), "ledger")
        places = len(e.shown.rstrip("%").split(" ")[0].partition(".")[2]) if e.shown else 0
        sheet.cell(row, 7).number_format = _percent_format(places) if e.percent else _money_format(places)
    shown = max((len(e.shown) + 3 for e in listing.entries), default=0)  # no ### for a long figure
    for col, width in zip("ABCDEFGHIJK", (60, 30, 6, 24, 10, 24, max(14, shown), 16, 9, *((10,) if guidance else ()),
                                            24)):
        sheet.column_dimensions[col].width = width
    _fit_rows(sheet, range(2, len(listing.entries) + 2))
    sheet.freeze_panes = "A2"


def _printed_sheet(sheet, book, bold) -> None:
    headings = ("figure", "period", "printed", "value", "scale", "rounding", "source", "kind", "column", "file",
                "line")
    for col, text in enumerate(headings, 1):
        _put(sheet, 1, col, text).font = bold
    row, widest, source = 2, 0, 0
    for printed in (*book.facts, *book.measured):
        figure = printed.item if hasattr(printed, "negated") else show(printed.expr)
        reported = printed.value
        scale = reported.scale
        value = reported.value.scaleb(-scale) if scale else reported.value
        if getattr(printed, "negated", False):
            figure = "-" + figure
            value = -value
        span = printed.span
        cells = (figure, label(printed.period), reported.text, value,
                 "%" if scale == -2 else SCALE_NAMES.get(scale, f"1E{scale}"), reported.rounding,
                 printed.source.title, printed.source.kind, printed.column, span.path if span else "",
                 span.line if span else None)
        for col, content in enumerate(cells, 1):
            # its source named whole, wrapped: "Appendix 1. Consolidated statements of operations,
            # three months ended ..." was cut at the next column
            _put(sheet, row, col, content).alignment = Alignment(wrap_text=col == 7, vertical="top")
        # the value with the decimals it was printed with, and separators: 1E+29 and 1E-12 read as
        # the figures they are
        sheet.cell(row, 4).number_format = _money_format(max(0, scale - reported.exponent)).split(";")[0].removesuffix("_)")
        widest = max(widest, len(reported.text) + 4)
        source = max(source, len(printed.source.title) + 2)
        row += 1
    # a source up to a hundred characters on one line (a table's title is about 90), a claim's long words wrapped
    for col, width in zip("ABCDEFGHIJK", (26, 10, max(12, widest), max(14, widest), 10, 10, min(max(60, source), 100),
                                           8, 24, 40, 6)):
        sheet.column_dimensions[col].width = width
    _fit_rows(sheet, range(2, row))
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:K{max(row - 1, 1)}"


def _diagnostics_sheet(sheet, diagnostics: list[Diagnostic], bold) -> None:
    headings = ("severity", "code", "acknowledged", "file", "line", "column", "item", "period", "message", "notes")
    for col, text in enumerate(headings, 1):
        _put(sheet, 1, col, text).font = bold
    for row, d in enumerate(diagnostics, 2):
        cells = (str(d.severity), d.code, d.acknowledged or "", d.span.path if d.span else "",
                 d.span.line if d.span else None, d.span.column if d.span else None, d.item or "", d.period or "",
                 d.message, "\n".join(d.notes))
        for col, content in enumerate(cells, 1):
            _put(sheet, row, col, content, "; `ledger check` shows it whole").alignment = Alignment(vertical="top")
        # the message and its notes whole, wrapped: a message cut at its column's edge hid its figures
        for col in (9, 10):
            sheet.cell(row, col).alignment = Alignment(wrap_text=True, vertical="top")
    for col, width in zip("ABCDEFGHIJ", (9, 22, 40, 40, 6, 6, 20, 10, 80, 80)):
        sheet.column_dimensions[col].width = width
    _fit_rows(sheet, range(2, len(diagnostics) + 2))
    sheet.freeze_panes = "A2"


def write(path: str, evaluation: Evaluation, diagnostics: list[Diagnostic], statements: list[Statement],
          listings=()) -> None:
    """Save the workbook to `path`, a regular file (or a new one), whole or not at all (cli/output.py)."""
    from ledgerlang.cli import output

    wb = workbook(evaluation, diagnostics, statements, listings)
    _paths_from_root(wb, evaluation.book.paths)
    output.replace(path, wb.save)


def _paths_from_root(wb, paths) -> None:
    """Every book path in the workbook's texts (a file column, a message, a note, a comment) as the
    report shows it: relative to the directory that holds the books, never as the writing machine's
    absolute path (/home/alice/...), which a workbook sent on would carry to every reader."""
    dirs = [os.path.realpath(os.path.dirname(os.path.abspath(p))) for p in paths]
    if not dirs:
        return
    root = os.path.commonpath(dirs)
    shown = {p: os.path.relpath(os.path.join(d, os.path.basename(p)), root) for p, d in zip(paths, dirs)}
    # longest first: a book's path never shortened as a part of another's
    swaps = sorted(((p, s) for p, s in shown.items() if p != s), key=lambda pair: -len(pair[0]))
    if not swaps:
        return

    def relative(text: str) -> str:
        for path, short in swaps:
            if path in text:
                text = text.replace(path, short)
        return text

    for sheet in wb.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "s" and isinstance(cell.value, str):
                    text = relative(cell.value)
                    if text != cell.value:
                        cell.value = text
                        cell.data_type = "s"  # still a text: openpyxl would read "=..." as a formula
                if cell.comment is not None:
                    cell.comment = Comment(relative(cell.comment.text), cell.comment.author)
