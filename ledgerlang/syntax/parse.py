"""Text to syntax tree: the grammar's LALR parser with a transformer applied while parsing.

The grammar (`grammar/ledger.lark`) is the only definition of the syntax.
Lark analyses it; `lalr.py` runs the analysed tables without importing Lark,
and Lark itself parses only text the tables reject (so every syntax
diagnostic is Lark's own).
Parse errors become diagnostics: when a file does not parse, it is parsed
again declaration by declaration, so one bad line does not hide the others
and every good declaration is kept.
"""

from __future__ import annotations

import sys
import gc
import os
import _thread
from decimal import Decimal

from ledgerlang import regexes
from ledgerlang.diagnostic import Diagnostic, error
from ledgerlang.model.expr import Bin, Call, Edge, Neg, Num, Ref, Shift
from ledgerlang.model.period import FIRST_FY, LAST_FY, MAX_SHIFT_QUARTERS, PERIOD_FORMS, parse_period
from ledgerlang.model.span import Span
from ledgerlang.syntax import hints, lalr
from ledgerlang.syntax import nodes as n
from ledgerlang.syntax.fastpath import FastRows
from ledgerlang.syntax.figures import EXACT, too_long

# os.path, not pathlib, on the way to a check: pathlib imports urllib and ipaddress (start-up).
_HERE = os.path.dirname(os.path.realpath(__file__))


def _grammar_file() -> str:
    """The grammar file: beside the package in a checkout, inside it when installed."""
    package = os.path.dirname(_HERE)
    for candidate in (os.path.join(os.path.dirname(package), "grammar", "ledger.lark"),
                      os.path.join(package, "grammar", "ledger.lark")):
        if os.path.exists(candidate):
            return candidate
    raise FileNotFoundError("grammar/ledger.lark is missing from this installation")


def grammar_path():
    """The grammar file as a `pathlib.Path`."""
    from pathlib import Path

    return Path(_grammar_file())


def _grammar_text() -> str:
    with open(_grammar_file(), encoding="utf-8") as file:
        return file.read()


class _Build:
    """Builds syntax nodes while the parser reduces; spans come from tokens.

    A token is a `str` with its place (Lark's Token, or `lalr.Token`); a node has a span.
    """

    def __init__(self) -> None:
        self.path = ""
        self.offset = 0
        self.diagnostics: list[Diagnostic] = []
        self.comments: list[n.Comment] = []

    # -- helpers ---------------------------------------------------------------

    def span(self, first, last=None) -> Span:
        a = self._as_span(first)
        b = a if last is None else self._as_span(last)
        return Span(a.path, a.line, a.column, b.end_line, b.end_column)

    def _as_span(self, x) -> Span:
        if isinstance(x, str):
            return Span(self.path, x.line + self.offset, x.column, x.end_line + self.offset, x.end_column)
        return x if isinstance(x, Span) else x.span

    def comment(self, token) -> None:
        self.comments.append(n.Comment(str(token), self.span(token)))

    def period(self, token):
        period = parse_period(str(token))
        if period is None and parse_period(str(token), any_year=True) is not None:
            self.diagnostics.append(error(
                "bad-period", f"{token} is outside the fiscal years ledgerlang handles, FY{FIRST_FY} to FY{LAST_FY}",
                self.span(token), "hint: a two-digit year is 1970-2069: 1Q03 is 1Q2003"))
        elif period is None:
            self.diagnostics.append(error(
                "bad-period", f"{token} is not a valid period", self.span(token),
                f"hint: periods are written {PERIOD_FORMS}"))
        return period

    def text(self, token, checked: bool = True) -> str:
        """A quoted text's characters, its escapes read; a control character in it is reported
        where `checked`."""
        value = str(token)
        if not value.startswith('"'):
            return value
        found = _CONTROL.search(value) if checked else None
        if found is not None:
            self.diagnostics.append(control_character(value, found.start(), self.span(token)))
        return value[1:-1].replace('\\"', '"').replace("\\\\", "\\")

    # -- declarations ------------------------------------------------------------

    def start(self, children):
        return tuple(children)

    def include(self, c):
        # A NUL in the file's name is told by the include itself (`unreadable`: no file name holds one).
        return n.Include(self.text(c[0], "\x00" not in c[0]), self.span(c[0]))

    def entity(self, c):
        ident, name, *options = c
        return n.EntityDecl(str(ident), self.text(name), tuple(options), self.span(ident, options[-1][2] if options else name))

    def year_end(self, c):
        return ("year-end", str(c[0]), self.span(c[0]))

    def year_naming(self, c):
        return ("named-by", str(c[0]), self.span(c[0]))

    def document(self, c):
        basis = c.pop() if c and isinstance(c[-1], tuple) else None
        return n.DocumentDecl(self.text(c[0]), str(c[1]) if len(c) > 1 else None,
                              self.span(c[0], basis[1] if basis else c[-1]), basis[0] if basis else None)

    def basis(self, c):
        return (str(c[0]), c[0])

    def currency(self, c):
        return n.UnitDeclNode(str(c[0]), self.text(c[1]) if len(c) > 1 else None, True, self.span(c[0], c[-1]))

    def unit(self, c):
        return n.UnitDeclNode(str(c[0]), self.text(c[1]) if len(c) > 1 else None, False, self.span(c[0], c[-1]))

    def rate(self, c):
        ident, value, quote, base, *rest = c
        date = next((str(t) for t in rest if t.type == "DATE"), None)
        note = next((self.text(t) for t in rest if t.type == "STRING"), None)
        return n.RateDecl(str(ident), str(value), str(quote), str(base), date, note, self.span(ident, c[-1]))

    def item(self, c):
        ident, label, unit, kind, *rest = c
        balance = next((str(t) for t in rest if isinstance(t, str)), None)
        definition = next((x for x in rest if not isinstance(x, str)), None)
        return n.ItemDecl(str(ident), self.text(label), str(unit), str(kind), balance, definition,
                          self.span(ident, definition if definition is not None else c[3 + (balance is not None)]))

    def definition(self, c):
        return c[0]

    def rule(self, c):
        return n.RuleDecl(c[0], c[1], self.span(c[0], c[1]))

    def assertion(self, c):
        name, left, op, right = c
        return n.AssertDecl(str(name), left, op, right, self.span(name, right))

    def comparison(self, c):
        return str(c[0])

    def bound(self, c):
        return str(c[0])

    def table(self, c):
        title, *rest = c
        scale = rest.pop(0) if rest and isinstance(rest[0], n.ScaleNode) else None
        options = tuple(x for x in rest if isinstance(x, n.Option))
        columns = next(x for x in rest if isinstance(x, tuple))
        rows = tuple(x for x in rest if isinstance(x, n.RowNode))
        return n.TableDecl(self.text(title), scale, options, columns, rows, self.span(title, rows[-1] if rows else title))

    def scale(self, c):
        unit = str(c[0]) if c[0].type != "SCALE" else None
        return n.ScaleNode(unit, str(c[-1]) if c[-1].type == "SCALE" else None, self.span(c[0], c[-1]))

    def rounding(self, c):
        # `rounding truncate amounts`: the value keeps the scope, as written (tables.py reads it)
        mode = next(t for t in c if getattr(t, "type", "") == "ROUNDING")
        scope = " amounts" if any(str(t) == "amounts" for t in c) else ""
        return n.Option("rounding", f"{mode}{scope}", self.span(mode))

    def restated(self, c):
        return n.Option("restated", self.text(c[0]), self.span(c[0]))

    def translate_at(self, c):
        return n.Option("translate", str(c[0]), self.span(c[0]))

    def columns(self, c):
        return tuple(c)

    def period_column(self, c):
        return n.ColumnNode(self.period(c[0]), None, None, str(c[0]), self.span(c[0]))

    def measure_column(self, c):
        function, period, *total = c
        text = f"{function}({period}{', ' + str(total[0]) if total else ''})"
        return n.ColumnNode(self.period(period), str(function), str(total[0]) if total else None, text,
                            self.span(function, c[-1]))

    def row(self, c):
        head, *cells = c
        return n.RowNode(head, tuple(cells), self.span(head, cells[-1]))

    def row_head(self, c):
        negated = c[0].type == "MINUS"
        tokens = c[1:] if negated else c
        item = tokens[0]
        edge = scale = None
        for i, t in enumerate(tokens):
            if t == "@":
                edge = str(tokens[i + 1])
            elif t.type == "SCALE":
                scale = str(t)
        return n.RowHead(negated, str(item), edge, scale, self.span(c[0], c[-1]))

    def cell(self, c):
        return self.cell_of(c[0])

    def cell_of(self, token) -> n.Cell:
        span = self.span(token)  # a figure's token is on one line, and ends where its text does
        return n.Cell(span.path, span.line, span.column, str(token))

    def statement(self, c):
        ident, title, *rest = c
        scale = rest.pop(0) if rest and isinstance(rest[0], n.ScaleNode) else None
        columns = rest[0]
        rows = tuple(rest[1:])
        return n.StatementDecl(str(ident), self.text(title), scale, columns, rows, self.span(ident, rows[-1] if rows else title))

    def statement_row(self, c):
        return c[0]

    def claim(self, c):
        text, *lines = c
        return n.ClaimDecl(self.text(text), tuple(lines), self.span(text, lines[-1] if lines else text))

    def claim_line(self, c):
        return n.ClaimLine(c[0], c[1], self.span(c[0], c[1]))

    def value(self, c):
        figure = self.cell_of(c[0])
        unit = next((str(t) for t in c[1:] if t.type == "UNIT"), None)
        scale = next((str(t) for t in c[1:] if t.type == "SCALE"), None)
        exact = any(t.type == "EXACT" for t in c[1:])
        return n.ValueNode(figure, unit, scale, self.span(c[0], c[-1]), exact)

    def guidance(self, c):
        text, given, *lines = c
        lines = [line for line in lines if line is not None]  # a line reported as bad is left out
        return n.GuidanceDecl(self.text(text), str(given), tuple(lines), self.span(text, lines[-1] if lines else given))

    def guidance_range(self, c):
        expr, low, high, *rest = c
        unit = next((str(t) for t in rest if t.type == "UNIT"), None)
        scale = next((str(t) for t in rest if t.type == "SCALE"), None)
        low_node = n.ValueNode(self.cell_of(low), unit, scale, self.span(low))
        high_node = n.ValueNode(self.cell_of(high), unit, scale, self.span(high, c[-1]))
        return n.GuidanceLine(expr, "in", low_node, high_node, None, self.span(expr, c[-1]))

    def guidance_bound(self, c):
        expr, op, value = c
        return n.GuidanceLine(expr, op, value, None, None, self.span(expr, value))

    def guidance_relative(self, c):
        expr, op, rhs = c
        return n.GuidanceLine(expr, op, None, None, rhs, self.span(expr, rhs))

    def guidance_scaled(self, c):
        # "to double": x@FY ~ 2 * x@now. The 2 lexes as a figure after a bound.
        expr, op, factor, rhs = c
        value = guidance_factor(str(factor))
        if isinstance(value, str):
            self.diagnostics.append(error("bad-figure", value, self.span(factor),
                                          "hint: a factor is a number or a percentage: ~ 2 * x, ~ 1.076 * x, ~ 107.6% * x"))
            return None
        number = Num(value, self.span(factor))
        return n.GuidanceLine(expr, op, None, None, Bin("*", number, rhs, self.span(factor, rhs)), self.span(expr, rhs))

    def accept(self, c):
        code, ref, *strings = c
        source = self.text(strings[0]) if len(strings) == 2 else None
        return n.AcceptDecl(str(code), ref, source, self.text(strings[-1]), self.span(code, strings[-1]))

    # -- expressions -------------------------------------------------------------

    def _bin(op):  # noqa: N805 - a factory for the four operators
        def build(self, c):
            return Bin(op, c[0], c[1], self.span(c[0], c[1]))
        return build

    add, sub, mul, div = _bin("+"), _bin("-"), _bin("*"), _bin("/")

    def neg(self, c):
        return Neg(c[0], c[0].span)

    def number(self, c):
        text = str(c[0])
        problem = too_long(text.replace(".", ""))
        if problem is not None:
            self.diagnostics.append(error("bad-figure", f"this number {problem}", self.span(c[0]),
                                          "hint: write the constant with fewer digits"))
        return Num(Decimal(text), self.span(c[0]))  # exact: a Decimal from a string is never rounded

    def call(self, c):
        function, *args = c
        return Call(str(function), tuple(args), None, self.span(function, args[-1]))

    def ref(self, c):
        item = c[0]
        anchor = written = None
        if len(c) > 1:
            token = c[1]
            if token.type == "PERIOD":
                anchor = self.period(token) or str(token)
                written = str(token)
            elif token.type == "SHIFT":
                anchor = shift_of(str(token))
            elif str(token) in ("open", "close"):
                anchor = Edge(str(token))
            else:
                anchor = str(token)
        return Ref(str(item), anchor, self.span(item, c[-1]), written)


_build = _Build()

# The C0 controls but tab, DEL and the C1 controls: characters no one means to put in a label,
# title or note (a NUL from a broken copy, an escape sequence pasted from a terminal). An editor
# may show one as ^@ or not at all, so the text the reader sees is not the text the book holds.
_CONTROL = regexes.compile("[\\x00-\\x08\\x0a-\\x1f\\x7f-\\x9f]")


def control_character(quoted: str, index: int, span: Span) -> Diagnostic:
    """The `control-character` error of the first control character of a quoted text (a STRING
    token, on one line), at its own column; the text is kept as it is, so the rest still loads."""
    char = quoted[index]
    at = Span(span.path, span.line, span.column + index, span.line, span.column + index + 1)
    shown = f"^{chr(ord(char) ^ 0x40)}" if char < " " or char == "\x7f" else "a box"
    return error("control-character", f"this quoted text holds the control character U+{ord(char):04X} at column "
                 f"{at.column}, which an editor may show as {shown} or not at all",
                 at, "hint: delete it; a label, title or note is plain text, and a tab is the one control "
                 "character it may hold")


def guidance_factor(text: str) -> Decimal | str:
    """A scaled guidance's factor, as the FIGURE terminal lexes it: `2`, `1.076`, `(1.076)`,
    `107.6%` (= 1.076), `1,000`, `+2`; or a message saying what is wrong.

    Parentheses group here, as anywhere in an expression: `(2)` is 2, not a negative figure.
    """
    body = text[1:-1] if text.startswith("(") and text.endswith(")") else text
    if "(" in body or ")" in body:
        return f"{text!r} has an unbalanced parenthesis"
    percent = body.endswith("%")
    digits = body.removesuffix("%").replace(",", "")
    problem = too_long(digits.lstrip("+-").replace(".", ""))
    if problem is not None:
        return f"the factor {problem}"
    try:
        value = Decimal(digits)  # exact: a Decimal from a string is never rounded
    except ArithmeticError:
        return f"{text!r} is not a number"
    if not value.is_finite():
        return f"{text!r} is not a number"
    return value.scaleb(-2, EXACT) if percent else value


def shift_of(text: str) -> Shift | str:
    """`-1y`, `+2q`: the Shift a SHIFT terminal names; the text itself (a bad anchor, reported
    when the reference is resolved) when it shifts past the calendar ledgerlang handles."""
    digits = text[1:-1].lstrip("0") or "0"
    if len(digits) > len(str(MAX_SHIFT_QUARTERS)):
        return text  # and no int(): Python refuses to convert more than 4,300 digits
    count = int(text[:-1])
    quarters = count * 4 if text.endswith("y") else count
    return Shift(quarters) if abs(quarters) <= MAX_SHIFT_QUARTERS else text


def _once(make):
    """`make()` made on the first call and kept (functools' lru_cache would import functools,
    0.7 ms of every command's start-up, for four functions of no arguments)."""
    made = []

    def once():
        if not made:
            made.append(make())
        return made[0]

    once.__name__, once.__qualname__, once.__doc__, once.__wrapped__ = (make.__name__, make.__qualname__,
                                                                        make.__doc__, make)
    return once


@_once
def parser():
    """Lark's own parser: it analyses the grammar, and parses what the tables reject."""
    from lark import Lark

    return Lark(
        _grammar_text(),
        parser="lalr",
        lexer="contextual",
        transformer=_build,
        lexer_callbacks={"COMMENT": lambda token: _build.comment(token)},
        propagate_positions=False,
        maybe_placeholders=False,
        # The analysed grammar is pickled under the user's own cache directory (keyed by
        # the grammar's hash and these options), never the shared temp directory, where
        # another user could plant the file Lark unpickles; a syntax error's message is
        # then about 100 ms faster than analysing the grammar again.
        cache=_lark_cache() or False,
    )


def _lark_cache() -> str | None:
    """Where Lark may keep its analysis: a file in ledgerlang's cache directory, which is made
    user-only, and used only while it is the user's own and no one else may write to it (nor to
    the file); None (no cache) otherwise."""
    from hashlib import sha256

    from ledgerlang import cache

    key = sha256(_grammar_text().encode("utf-8")).hexdigest()[:16]
    where = cache.path(f"lark-{key}-py{sys.version_info[0]}{sys.version_info[1]}.pickle")
    if where is None or not hasattr(os, "getuid"):
        return None
    folder = os.path.dirname(where)
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
        for place in (folder, where):
            try:
                info = os.lstat(place)
            except FileNotFoundError:
                continue  # the file is not made yet: Lark writes it, in the user's folder
            if info.st_uid != os.getuid() or info.st_mode & 0o022 or os.path.islink(place):
                return None
    except OSError:
        return None
    return where


@_once
def tables() -> lalr.Tables:
    """The analysed grammar, loaded from the cache (Lark is imported only to make it)."""
    found = lalr.load(_grammar_text(), parser)
    found.bind(_build, {"COMMENT": _build.comment})
    return found


@_once
def fast_rows() -> FastRows:
    return FastRows(tables().terminals, declaration_keywords())


@_once
def declaration_keywords() -> frozenset[str]:
    """The words that start a declaration, read off the grammar's start state."""
    return tables().declaration_keywords()


_NAMES = {
    "ID": "a name", "PERIOD": "a period such as 1Q03 or 2003-06-30", "FIGURE": "a figure such as 1,234 or (5.7%)",
    "STRING": 'a "quoted text"', "_NL": "the end of the line", "NUMBER": "a number", "UNIT": "a unit such as JPY",
    "KIND": "flow, stock or average", "SCALE": "thousands, millions or billions",
    "DATE": "a date such as 2003-06-30 (or a month, 2003-02)",
    "MONTH_DAY": "a month and day such as 03-31", "CODE": "a diagnostic code such as total-mismatch",
    "SHIFT": "a shift such as -1y or -1q", "ROUNDING": "nearest, truncate or exact", "FY_NAMING": "start or end",
    "BALANCE": "debit or credit", "EXACT": "exact", "$END": "the end of the file",
}


def _near_keyword(lark, exc) -> str | None:
    """"did you mean columns?" for a word that is a near miss of a keyword the grammar takes there
    (`colums`, `rouding`), as `_misspelt` says for a declaration's keyword."""
    token = getattr(exc, "token", None)
    word = str(token) if token is not None and getattr(token, "type", "") not in ("_NL", "$END") else ""
    if not word.isalpha():
        return None
    keywords = []
    for name in set(exc.expected or ()):
        try:
            pattern = lark.get_terminal(name).pattern
        except KeyError:
            continue
        if pattern.type == "str" and pattern.value.isalpha():
            keywords.append(pattern.value)
        elif pattern.type == "re":  # debit|credit, flow|stock: the words of an alternation
            keywords.extend(w for w in pattern.value.replace("(", "|").replace(")", "|").split("|") if w.isalpha())
    import difflib

    close = difflib.get_close_matches(word.lower(), sorted(keywords), n=1, cutoff=0.75)
    return f"hint: did you mean {close[0]}?" if close and close[0] != word else None


def _expected(lark, names) -> str:
    shown = []
    for name in sorted(set(names)):
        if name in _NAMES:
            shown.append(_NAMES[name])
            continue
        try:
            pattern = lark.get_terminal(name).pattern
            shown.append(f'"{pattern.value}"' if pattern.type == "str" else name)
        except KeyError:
            shown.append(name)
    shown = sorted(set(shown))
    return ", ".join(shown[:8]) + (", ..." if len(shown) > 8 else "")


def _diagnose(lark, exc, path: str, offset: int, text: str = "", misspelt: str | None = None) -> Diagnostic:
    """The syntax error's diagnostic; `misspelt`: the hint for a near miss of a keyword, in place of the usual one."""
    from lark import UnexpectedCharacters, UnexpectedToken

    line, column = exc.line + offset, exc.column
    lines = text.split("\n")
    if 1 <= exc.line <= len(lines):
        found = hints.period_like(lines[exc.line - 1], column)
        if found is not None:
            word, start = found
            return error("bad-period", f"{word!r} looks like a period but is not one", Span(
                path, line, start, line, start + len(word)), f"hint: periods are written {PERIOD_FORMS}")
    source = lines[exc.line - 1] if 1 <= exc.line <= len(lines) else ""
    expected = set(getattr(exc, "expected", None) or getattr(exc, "allowed", None) or ())
    # where a date goes (`given Feb 2024`), the syntax message already names both of its forms
    found = None if expected & {"DATE", "MONTH_DAY"} else hints.misspelt_period(source, column)
    if found is not None:
        word, start, hint = found
        return error("bad-period", f"{word!r} looks like a period but is not one",
                     Span(path, line, start, line, start + len(word)), hint)
    if isinstance(exc, UnexpectedCharacters) and exc.char == '"' and '"' not in source[column:]:
        # A quoted text still being typed (or missing its end): say so, under the whole of it, rather
        # than "unexpected '"'; expected a "quoted text"".
        return error("syntax", 'this quoted text is not closed: it needs a " before the end of the line',
                     Span(path, max(line, 1), max(column, 1), max(line, 1), max(len(source) + 1, column + 1)),
                     'hint: a text is written on one line, in double quotes: "Table 1. Revenues"')
    if isinstance(exc, UnexpectedCharacters) and not exc.char.isascii() and exc.char.isdigit():
        # `rev １，２３４`: a figure in full-width digits (or another script's), not a name
        hint = hints.script_digits_hint(source, column)
        return error("syntax", f"{exc.char!r} is not a digit the language reads: figures, periods and dates are "
                     "written with the digits 0-9", Span(path, max(line, 1), max(column, 1), max(line, 1), column + 1),
                     *([hint] if hint else []))
    if isinstance(exc, UnexpectedCharacters) and not exc.char.isascii() and exc.char.isalnum():
        # `umsätze 100`: a name with a letter outside ASCII, not a row that ends early
        return error("syntax", f"{exc.char!r} cannot be part of a name: names are written with the letters A-Z "
                     "and a-z, digits, _ and .", Span(path, max(line, 1), max(column, 1), max(line, 1), column + 1),
                     'hint: a label, in double quotes, may hold any text: item sales "Umsätze" EUR flow')
    if isinstance(exc, UnexpectedCharacters):
        char = exc.char if exc.char != "\n" else "end of line"
        message = f"unexpected {char!r}; expected {_expected(lark, exc.allowed or ())}"
        end = column + 1
    else:
        assert isinstance(exc, UnexpectedToken)
        token = exc.token
        what = "end of line" if token.type == "_NL" else ("end of file" if token.type == "$END" else repr(str(token)))
        message = f"unexpected {what}; expected {_expected(lark, exc.expected)}"
        if token.type in ("_NL", "$END") or line < 1:
            line = max(line, 1)
        end = column + max(len(str(token)), 1) if token.type not in ("_NL", "$END") else column + 1
    first = (misspelt or hints.control_hint(source, column) or hints.currency_sign_hint(source, column) or hints.decimal_comma_hint(source, column)
             or hints.script_digits_hint(source, column)
             or (hints.month_day_hint(source, column) if "MONTH_DAY" in expected else None)
             or (hints.unit_first_hint(source, column, "_NL" in expected) if "FIGURE" in expected else None)
             or hints.order_hint(source, column))  # each says all
    shown = [first] if first is not None else [h for h in (_near_keyword(lark, exc), _hint(exc)) if h]
    return error("syntax", message, Span(path, max(line, 1), max(column, 1), max(line, 1), max(end, 1)),
                 *(h for h in shown if h))


def _hint(exc) -> str | None:
    expected = set(getattr(exc, "expected", None) or getattr(exc, "allowed", None) or ())
    if "COLUMNS" in expected and "FIGURE" not in expected:
        # a row straight after the title: the table has not said which period each figure is of
        return ("hint: rows follow a columns line, which names the period of each column "
                "as the source prints them: columns 1Q03 1Q02 4Q02")
    if "FIGURE" in expected:
        return "hint: a cell is a figure (1,234  -5.7%  (1,059,574)), - for nil, or . where nothing is printed"
    if "PERIOD" in expected:
        return f"hint: periods are written {PERIOD_FORMS}"
    if "UNIT" in expected:
        return "hint: an item reads: item ID \"Label\" UNIT flow|stock|average [debit|credit] [= expression]"
    if "KIND" in expected:
        return ("hint: say flow (revenue, over a duration), stock (cash, at an instant) or average (weighted average "
                "shares, over a duration but not the sum of its quarters)")
    if "STRING" in expected:
        return 'hint: text goes in double quotes: "Table 1. Revenues"'
    if "ID" in expected:
        return "hint: a name starts with a letter or _, then letters, digits, _ and dots: rev.total, op_income"
    return None


_LOCK = _thread.allocate_lock()  # threading.Lock itself, without threading's import (0.6 ms of start-up)


def parse(text: str, path: str, fast: bool = True) -> tuple[n.SyntaxTree, list[Diagnostic]]:
    """Parse one file's text into a syntax tree, with a diagnostic per bad declaration.

    Thread-safe: the parser's transformer keeps per-file state, so parses take turns.
    """
    with _LOCK:
        # A parse allocates a few objects per figure and frees none of them, so
        # the cycle collector would only walk the growing tree again and again.
        enabled = gc.isenabled()
        gc.disable()
        try:
            tree, diagnostics = _parse(text, path, fast)
        finally:
            if enabled:
                gc.enable()
    return _limit_depth(tree, diagnostics)


# Every stage walks expressions recursively; a deeper one is refused here, with a
# diagnostic, rather than crash a later stage. Python's own limit is raised to fit:
# a few frames per level, and CPython 3.11 keeps Python-to-Python calls off the C stack.
MAX_DEPTH = 1000
sys.setrecursionlimit(max(sys.getrecursionlimit(), 20 * MAX_DEPTH))


def _limit_depth(tree: n.SyntaxTree, diagnostics: list[Diagnostic]):
    kept = []
    for decl in tree.declarations:
        deepest = max((_depth(e) for e in _expressions(decl)), default=0)
        if deepest > MAX_DEPTH:
            diagnostics.append(error(
                "expression-too-deep", f"this expression nests {deepest} levels deep; the limit is {MAX_DEPTH}",
                decl.span, "hint: a sum of more than a thousand terms, or nesting that deep: split it into "
                "intermediate items (subtotals)"))
        else:
            kept.append(decl)
    if len(kept) == len(tree.declarations):
        return tree, diagnostics
    return n.SyntaxTree(tree.path, tuple(kept), tree.comments, tree.unread), diagnostics


def _expressions(decl):
    if isinstance(decl, n.ItemDecl):
        return (decl.definition,) if decl.definition is not None else ()
    if isinstance(decl, n.RuleDecl):
        return (decl.expr,)
    if isinstance(decl, n.AssertDecl):
        return (decl.left, decl.right)
    if isinstance(decl, n.ClaimDecl):
        return tuple(line.expr for line in decl.lines)
    if isinstance(decl, n.GuidanceDecl):
        return tuple(e for line in decl.lines for e in (line.expr, line.rhs) if e is not None)
    return ()


def _depth(expr) -> int:
    deepest, stack = 0, [(expr, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        if isinstance(node, Bin):
            stack.append((node.left, depth + 1))
            stack.append((node.right, depth + 1))
        elif isinstance(node, Neg):
            stack.append((node.operand, depth + 1))
        elif isinstance(node, Call):
            stack.extend((arg, depth + 1) for arg in node.args)
    return deepest


# After this many syntax errors in one file the rest of it is not read (one more
# diagnostic says where reading stopped): a file of a million broken lines would
# otherwise cost a parse and a diagnostic per line. `ledger --max-per-code` sets it.
MAX_SYNTAX_ERRORS = 100


def _parse(text: str, path: str, fast: bool) -> tuple[n.SyntaxTree, list[Diagnostic]]:
    """The file's tree: plain table rows read by the fast path (when `fast`), the rest by the grammar.

    The grammar sees the text with the fast rows blanked (and a long bad row
    shortened to what its error needs, fastpath.FastRows.shorten); a line the
    fast path takes is one the grammar would read the same way, so every
    diagnostic is still the grammar's own.
    """
    if not text.endswith("\n"):
        text += "\n"
    grammar_text, rows, row_comments, shortened = fast_rows().split(text, path) if fast else (text, {}, [], [])
    failed: list[tuple[int, int]] = []
    unread: tuple = ()
    try:
        declarations, comments, diagnostics = _run(grammar_text, path, 0)
    except _Unparsed:
        declarations, comments, diagnostics, failed = _by_declaration(grammar_text, path)
        unread = _unread_names(grammar_text, path, failed)

    def dropped(line: int) -> bool:  # in a declaration that failed to parse
        return any(first <= line <= last for first, last in failed)

    if not all(dropped(line) for line in shortened):
        return _parse(text, path, False)  # a shortened row parsed: it was good after all
    if not rows:
        return n.SyntaxTree(path, tuple(declarations), tuple(comments), unread), list(diagnostics)
    merged = []
    for decl in declarations:
        if isinstance(decl, n.TableDecl) and decl.span.line in rows:
            # (not those in lines that failed below the table: `_kept_before` kept the table above them)
            fast_found = [(line, row) for line, row in rows.pop(decl.span.line) if not dropped(line)]
            if not fast_found:
                merged.append(decl)
                continue
            every = sorted([*decl.rows, *(row for _, row in fast_found)], key=lambda row: row.span.line)
            last = every[-1].span
            decl = n.TableDecl(decl.title, decl.scale, decl.options, decl.columns, tuple(every),
                               Span(path, decl.span.line, decl.span.column, last.end_line, last.end_column))
        merged.append(decl)
    if not all(dropped(line) for line in rows):
        # Rows whose table the grammar did not see (nor reported): let it parse everything.
        return _parse(text, path, False)
    if row_comments:
        comments = sorted([*comments, *row_comments], key=lambda c: (c.span.line, c.span.column))
    return n.SyntaxTree(path, tuple(merged), tuple(comments), unread), list(diagnostics)


# The declarations whose name other declarations use: where one fails to parse, a use of its
# name is unknown because of that failure, not because it was never declared.
_NAMING = ("item", "currency", "unit", "rate")


def _unread_names(text: str, path: str, failed: list[tuple[int, int]]) -> tuple:
    """(keyword, name, span of the line) of each declaration in `failed` (first, last line) that
    starts `item NAME`, `currency NAME`, `unit NAME` or `rate NAME:`, or a near miss of one of
    those keywords (`itme NAME`, which fails as a misspelt keyword)."""
    import difflib

    lines = source_lines(text)
    identifier = regexes.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*%?")  # the grammar's ID
    out = []
    for first, last in failed:
        # A calendar line of the entity that failed: the calendar it leaves to a default is said to
        # be unread, not "not said" (the author wrote it). Its name has spaces: no use names it.
        for number in range(first, min(last, len(lines)) + 1):
            words = lines[number - 1].split()
            if words[:2] == ["fiscal", "year"] and len(words) > 2 and words[2][:3] in ("end", "nam"):
                keyword = "fiscal year ends" if words[2][:3] == "end" else "fiscal year named by"
                out.append((keyword, keyword, Span(path, number, 1, number, len(lines[number - 1].rstrip("\r\n")) + 1)))
        line = lines[first - 1] if first <= len(lines) else ""
        words = line.split(None, 2) if line[:1].isalpha() else []
        if len(words) < 2:
            continue
        keyword = words[0] if words[0] in _NAMING else next(
            iter(difflib.get_close_matches(words[0].lower(), _NAMING, n=1, cutoff=0.75)), None)
        name = words[1].rstrip(":")
        if keyword is not None and identifier.fullmatch(name):
            out.append((keyword, name, Span(path, first, 1, first, len(line.rstrip("\r\n")) + 1)))
    return tuple(out)


def _by_declaration(text: str, path: str):
    """Parse again, one declaration at a time, keeping every good one.

    Returns (declarations, comments, diagnostics, the (first, last) lines of the declarations that failed).
    """
    keywords = declaration_keywords()
    lines = source_lines(text)
    starts = [i for i, line in enumerate(lines) if _first_word(line) in keywords]
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    declarations, comments, diagnostics, failed = [], [], [], []
    for k, start in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(lines)
        chunk = "".join(lines[start:end])
        try:
            found, found_comments, found_diags = _run(chunk, path, start, diagnose=True)
            declarations.extend(found)
            comments.extend(found_comments)
            diagnostics.extend(found_diags)
        except _Unparsed as exc:
            rows = _without_bad_rows(lines, start, end, exc.error, path)
            if rows is not None:
                # A table whose own rows fail: the table without them, and each row's error.
                found, found_comments, found_diags, bad_rows, errors = rows
                declarations.extend(found)
                comments.extend(found_comments)
                diagnostics.extend(found_diags)
                for at, row_error in zip(bad_rows, errors):
                    failed.append((at + 1, at + 1))
                    comments.extend(_comments_of(lines[at], path, at))
                    diagnostics.append(_diagnose(parser(), row_error, path, start, chunk))
                if len(failed) <= MAX_SYNTAX_ERRORS or MAX_SYNTAX_ERRORS <= 0:
                    continue
                exc = _Unparsed(errors[-1])  # over the limit: said as for any declaration, below
            first, bad = start, start  # where the chunk starts; the line a misspelt keyword would be on
            kept = _kept_before(lines, start, end, exc.error, path, keywords) if rows is None else None
            if kept is not None:
                # The declarations above a line that starts, unindented, with a word that is no
                # keyword (a misspelt `documnet`): the grammar read that line as theirs, so it
                # failed them too. They are kept; what failed is from that line on.
                found, found_comments, found_diags, bad = kept
                declarations.extend(found)
                comments.extend(found_comments)
                diagnostics.extend(found_diags)
                first = bad
            failed.append((first + 1, end))
            comments.extend(_comments_of("".join(lines[first:end]), path, first))
            if len(failed) > MAX_SYNTAX_ERRORS > 0:
                diagnostics.append(error(
                    "too-many-errors",
                    f"more than {MAX_SYNTAX_ERRORS} syntax errors in this file: from this line to its end "
                    f"(line {len(lines)}) nothing more is read", Span(path, start + 1, 1, start + 1, 2),
                    "hint: fix the errors above and check again (or raise the limit: --max-per-code N, 0 for none)"))
                comments.extend(_comments_of("".join(lines[end:]), path, end))
                failed.append((start + 1, len(lines)))  # nothing from here on was read
                break
            diagnostics.append(_diagnose(parser(), exc.error, path, start, chunk, _misspelt(lines[bad], keywords)))
    if failed:  # a table's bad rows' comments were added after its others': in the file's order
        comments.sort(key=lambda c: (c.span.line, c.span.column))
    return declarations, comments, diagnostics, failed


def _without_bad_rows(lines: list[str], start: int, end: int, exc, path: str):
    """A table (or statement) that failed at an indented line below its `columns` line, or a claim
    or guidance at one of its lines: the declaration parsed without that row (line), and without
    each further one that then fails, so that one bad cell does not take every figure of its table
    away, nor one bad line a claim's other figures (which went, unsaid, from `eval` and the checks).
    The grammar reads such a line in its declaration only, so each one's error is the grammar's
    own, in place.

    Returns (declarations, comments, diagnostics, the bad lines' indexes, their errors), or None:
    no such declaration, a failure elsewhere (its first line, its columns, a line that starts
    unindented), or more bad lines than MAX_SYNTAX_ERRORS.
    """
    kind = _first_word(lines[start])
    if kind in ("table", "statement"):
        columns = next((i for i in range(start + 1, end) if _first_word(lines[i]) == "columns"), None)
    else:
        columns = start if kind in ("claim", "guidance") else None  # every line below the first is one
    if columns is None:
        return None
    text, bad, errors = lines[start:end], [], []
    while True:
        at = start + getattr(exc, "line", 0) - 1
        if not columns < at < end or at in bad or lines[at][:1] not in (" ", "\t", "\f") or \
                len(bad) >= max(MAX_SYNTAX_ERRORS, 1):
            return None
        bad.append(at)
        errors.append(exc)
        text[at - start] = "\n" if lines[at].endswith("\n") else ""
        try:
            return (*_run("".join(text), path, start, diagnose=True), bad, errors)
        except _Unparsed as again:
            exc = again.error


def _kept_before(lines: list[str], start: int, end: int, exc, path: str, keywords):
    """Where a declaration failed at a line below its first that starts at its first column with
    a word that is not a keyword: what the lines above it parse to, if they parse alone.

    Returns (declarations, comments, diagnostics, that line's index), or None.
    """
    at = start + getattr(exc, "line", 0) - 1  # the failing line, as an index of `lines`
    if not start < at < end:
        return None
    first = lines[at]
    word = _first_word(first)
    if not first[:1].isalpha() or word in keywords:
        return None
    try:
        found = _run("".join(lines[start:at]), path, start)
    except _Unparsed:
        return None
    return (*found, at)


def _first_word(line: str) -> str:
    """The word a line starts with ("" for a blank line), as a declaration's keyword is read."""
    return (line.split(None, 1) or [""])[0]


def _misspelt(line: str, keywords) -> str | None:
    """A hint when a line at a declaration's place starts with a near miss of a keyword (`tabel`, `Table`)."""
    word = _first_word(line)
    if not line[:1].isalpha() or word in keywords:
        return None
    import difflib

    close = difflib.get_close_matches(word.lower(), sorted(keywords), n=1, cutoff=0.75)
    if not close:
        return None
    return (f"hint: did you mean {close[0]}? A line that starts with any other word is read as part of the "
            "declaration above it")


class _Unparsed(Exception):
    """The text is not in the grammar; with `diagnose`, `error` is Lark's exception saying where."""

    def __init__(self, error=None) -> None:
        super().__init__(error)
        self.error = error


def _run(text: str, path: str, offset: int, diagnose: bool = False):
    """Declarations, comments and diagnostics of a text the grammar takes whole, else _Unparsed.

    The tables parse first; where they reject the text, Lark parses it when
    `diagnose` asks for its error, so a rejection is always Lark's verdict.
    """
    _build.path, _build.offset, _build.diagnostics, _build.comments = path, offset, [], []
    if lalr.enabled():
        try:
            return tables().parse(text), _build.comments, _build.diagnostics
        except lalr.Reject:
            if not diagnose:
                raise _Unparsed() from None
    from lark import UnexpectedInput

    _build.path, _build.offset, _build.diagnostics, _build.comments = path, offset, [], []
    try:
        declarations = parser().parse(text)
    except UnexpectedInput as exc:
        raise _Unparsed(exc) from None
    return declarations, _build.comments, _build.diagnostics


def _comments_of(chunk: str, path: str, offset: int) -> list[n.Comment]:
    """Comments of a chunk that did not parse, kept so that no comment is ever lost."""
    found = []
    if "#" not in chunk:
        return found
    for i, line in enumerate((line.rstrip("\r\n") for line in source_lines(chunk)), start=offset + 1):
        in_string = False
        for col, ch in enumerate(line):
            if ch == '"':
                in_string = not in_string
            elif ch == "#" and not in_string:
                found.append(n.Comment(line[col:], Span(path, i, col + 1, i, len(line) + 1)))
                break
    return found


def source_lines(text: str) -> list[str]:
    """Lines as the grammar counts them, ends kept: only "\n" ends a line.

    (str.splitlines also breaks at form feeds and other separators, which may
    sit in a comment and would shift every later line number.)
    """
    parts = text.split("\n")
    return [part + "\n" for part in parts[:-1]] + ([parts[-1]] if parts[-1] else [])
