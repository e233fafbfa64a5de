"""The workbook's formulas compute what ledgerlang computes, for generated books (no spreadsheet needed).

A small evaluator below reads the formulas `ledger eval --format xlsx` writes
(cell references, + - * /, SUM, numbers), exactly, in Decimals. An item the
book defines is a formula even where it is printed (unless the check finds the
printed figure fails the rule), so the workbook is compared with the same books
evaluated with those printings left out.
"""

from __future__ import annotations

import re
from decimal import Context, Decimal

import pytest
from hypothesis import HealthCheck, assume, given, settings, target

from ledgerlang.check import check
from ledgerlang.evaluate.compute import evaluate
from ledgerlang.load import load
from ledgerlang.model.record import evolve
from ledgerlang.model.expr import Call, Edge, Neg, Ref
from ledgerlang.model.period import label
from strategies import messy_books

openpyxl = pytest.importorskip("openpyxl", reason="openpyxl is in the report extra: pip install -e '.[test]'")
from ledgerlang.render import xlsx  # noqa: E402

_EXACT = Context(prec=60)
_TOKEN = re.compile(r"\s*(?:(?P<num>\d+(?:\.\d+)?(?:E-?\d+)?)|(?P<ref>(?:'(?:[^']|'')+'!)?[A-Z]+\d+(?::[A-Z]+\d+)?)"
                    r"|(?P<sum>SUM)|(?P<op>[-+*/(),]))")


class Sheets:
    """Formula cells evaluated on demand, each once; an empty or missing cell is a failure."""

    def __init__(self, workbook) -> None:
        self.workbook = workbook
        self.memo: dict[tuple[str, str], Decimal] = {}
        self.busy: set[tuple[str, str]] = set()

    def value(self, sheet: str, cell: str) -> Decimal:
        key = (sheet, cell)
        if key not in self.memo:
            assert key not in self.busy, f"circular reference at {sheet}!{cell}"
            content = self.workbook[sheet][cell].value
            assert content is not None, f"a formula reads the empty cell {sheet}!{cell}"
            if isinstance(content, str):
                self.busy.add(key)
                self.memo[key] = _Formula(self, sheet, content[1:]).parse()
                self.busy.discard(key)
            else:
                self.memo[key] = Decimal(content)
        return self.memo[key]


class _Formula:
    def __init__(self, sheets: Sheets, sheet: str, text: str) -> None:
        self.sheets, self.sheet = sheets, sheet
        self.tokens = [(m.lastgroup, m.group(m.lastgroup)) for m in _TOKEN.finditer(text)]
        assert "".join(t for _, t in self.tokens) == text.replace(" ", ""), text
        self.at = 0

    def parse(self) -> Decimal:
        value = self.expr()
        assert self.at == len(self.tokens)
        return value

    def peek(self):
        return self.tokens[self.at] if self.at < len(self.tokens) else (None, None)

    def take(self):
        token = self.peek()
        self.at += 1
        return token

    def expr(self) -> Decimal:
        value = self.term()
        while self.peek()[1] in ("+", "-"):
            op = self.take()[1]
            right = self.term()
            value = _EXACT.add(value, right) if op == "+" else _EXACT.subtract(value, right)
        return value

    def term(self) -> Decimal:
        value = self.unary()
        while self.peek()[1] in ("*", "/"):
            op = self.take()[1]
            right = self.unary()
            value = _EXACT.multiply(value, right) if op == "*" else _EXACT.divide(value, right)
        return value

    def unary(self) -> Decimal:
        if self.peek()[1] == "-":
            self.take()
            return -self.unary()
        return self.primary()

    def primary(self) -> Decimal:
        kind, text = self.take()
        if kind == "num":
            return Decimal(text)
        if kind == "ref":
            values = self.cells(text)
            assert len(values) == 1
            return values[0]
        if kind == "sum":
            assert self.take()[1] == "("
            total = Decimal(0)
            while True:
                if self.peek()[0] == "ref" and ":" in self.peek()[1]:
                    for v in self.cells(self.take()[1]):
                        total = _EXACT.add(total, v)
                else:
                    total = _EXACT.add(total, self.expr())
                if self.take()[1] == ")":
                    return total
        assert text == "(", text
        value = self.expr()
        assert self.take()[1] == ")"
        return value

    def cells(self, text: str) -> list[Decimal]:
        sheet = self.sheet
        if "!" in text:
            quoted, text = text.rsplit("!", 1)
            sheet = quoted[1:-1].replace("''", "'")
        first, _, last = text.partition(":")
        rows = self.sheets.workbook[sheet][f"{first}:{last or first}"]
        rows = rows if isinstance(rows, tuple) else ((rows,),)
        rows = [r if isinstance(r, tuple) else (r,) for r in rows]
        return [self.sheets.value(sheet, c.coordinate) for row in rows for c in row]


def _with_statement(text: str) -> str:
    """The generated book, with a rate and a statement of every item under every kind of column."""
    items = re.findall(r"^item\s+(x\.i\d+)", text, flags=re.M)
    return text + "\n".join([
        "",
        'rate usd.r: 119.87 JPY per USD on 2003-06-30 "r"',
        'statement s "S" in JPY millions',
        "  columns 1Q03 1Q02 4Q02 2Q03 yoy%(1Q03) qoq%(1Q03) share%(1Q03, x.i0) USD(1Q03)",
        *(f"  {name}" for name in items),
        "  -x.i0",
        "",
    ])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(messy_books())
def test_every_formula_computes_what_ledgerlang_computes(text):
    """Each formula cell, evaluated exactly, equals the value ledgerlang derives from the same printed figures."""
    book, diagnostics = load(_with_statement(text), "generated.iij")
    assume(not diagnostics)
    evaluation, found = evaluate(book)
    assume(not found)  # a cycle: nothing to compare
    checked = check(book, evaluation)
    defined = {r.target for r in book.rules if r.defines}
    # The workbook derives a defined item from its rule even where it is printed, but where the
    # check finds the rule gives another value than the figure printed: that figure stays.
    failing = {(d.item, d.period) for d in checked if d.code in ("total-mismatch", "rule-mismatch")}
    derived_book = evolve(book, facts=tuple(f for f in book.facts
                                            if f.item not in defined or (f.item, label(f.period)) in failing))
    expected, _ = evaluate(derived_book)
    workbook = xlsx.workbook(evaluation, checked, list(book.statements))
    sheets = Sheets(workbook)
    statement = book.statements[0]
    compared = 0
    for r, line in enumerate(statement.lines, xlsx.FIRST_ROW):
        for c, column in enumerate(statement.columns, xlsx.FIRST_COLUMN):
            cell = workbook["s"].cell(r, c)
            if not isinstance(cell.value, str):
                continue
            expr = Ref(line.item, Edge(line.edge) if line.edge else None)
            expr = Neg(expr) if line.negated else expr
            percent = column.function in ("yoy%", "qoq%", "share%")
            if column.function is not None:
                args = (expr, Ref(column.total)) if column.total else (expr,)
                expr = Call(column.function, args, "usd.r" if column.function == "USD" else None)
            want = expected.evaluate(expr, column.period)
            if want is None:
                continue  # the printed total is the only way to it: the workbook reads its value
            got = sheets.value("s", cell.coordinate)
            want_shown = want.point if percent else want.point.scaleb(-statement.scale)
            # Equal to the last of 28 digits: Decimal's default context rounds a scaled value there.
            assert abs(got - want_shown) <= abs(want_shown) * Decimal("1e-26") + Decimal("1e-30"), (
                cell.coordinate, cell.value, str(got), str(want_shown))
            compared += 1
    target(compared)  # steer the search toward books with many formulas to compare
