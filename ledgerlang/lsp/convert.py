"""Between the pipeline's places and the protocol's: spans to ranges, diagnostics to LSP diagnostics.

A Span is 1-based, in characters (code points), with an exclusive end
column; an LSP position is 0-based, in the code units of the negotiated
encoding (UTF-16 unless the client offers another).
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_left

from lsprotocol import types as t

from ledgerlang.check.mismatch import where
from ledgerlang.diagnostic import Diagnostic, Severity
from ledgerlang.model.expr import show
from ledgerlang.model.period import parse_period
from ledgerlang.model.span import Span
from ledgerlang.lsp.document import LINE_END
from ledgerlang.lsp.ledger import Analysis


class Lines:
    """A file's lines and the conversion of columns between characters and code units.

    The lines are the protocol's (ended by "\\r\\n", "\\r" or "\\n": document.LINE_END), the same
    lines `ledger check` reads; a byte order mark the editor keeps is no character of line 1 to
    the checks, but a code unit to the editor."""

    def __init__(self, text: str, encoding: str = "utf-16") -> None:
        self.bom = text.startswith("\ufeff")
        if self.bom:
            text = text[1:]
        self.lines = LINE_END.split(text) if "\r" in text else text.split("\n")
        self.encoding = encoding
        self.shift = (3 if encoding == "utf-8" else 1) if self.bom else 0  # the mark's code units

    def line(self, index: int) -> str:
        return self.lines[index] if 0 <= index < len(self.lines) else ""

    def units(self, index: int, column: int) -> int:
        """Code units before a 0-based character column of a 0-based line."""
        shift = self.shift if index == 0 else 0
        line = self.line(index)
        if column > _SHORT and len(line) > _SHORT:
            # A long line is not counted again up to each column asked (the semantic tokens of a line of
            # 200,000 figures took minutes): its wide characters are indexed once.
            return shift + self._wide(index, line).units(column, self.encoding)
        text = line[:column]
        if text.isascii() or self.encoding == "utf-32":
            return shift + (max(column, 0) if text.isascii() else len(text))
        if self.encoding == "utf-8":
            return shift + len(text.encode("utf-8", "surrogatepass"))
        return shift + len(text.encode("utf-16-le", "surrogatepass")) // 2

    def _wide(self, index: int, line: str) -> _Wide:
        index_of = self.__dict__.setdefault("_wides", {})
        found = index_of.get(index)
        if found is None:
            found = index_of[index] = _Wide(line)
        return found

    def column(self, index: int, units: int) -> int:
        """The 0-based character column at a number of code units into a 0-based line."""
        if index == 0:
            units = max(units - self.shift, 0)
        text = self.line(index)
        if text.isascii() or self.encoding == "utf-32":
            return min(units, len(text))
        count = 0
        for i, ch in enumerate(text):
            if count >= units:
                return i
            count += len(ch.encode("utf-8", "surrogatepass")) if self.encoding == "utf-8" else (2 if ord(ch) > 0xFFFF else 1)
        return len(text)

    def position(self, line: int, column: int) -> t.Position:
        """An LSP position from a 1-based line and 1-based column."""
        return t.Position(line=max(line - 1, 0), character=self.units(line - 1, column - 1))

    def range(self, span: Span) -> t.Range:
        return t.Range(start=self.position(span.line, span.column), end=self.position(span.end_line, span.end_column))

    def at(self, position: t.Position) -> tuple[int, int]:
        """A 1-based line and column from an LSP position."""
        return position.line + 1, self.column(position.line, position.character) + 1

    def end(self) -> t.Position:
        last = len(self.lines) - 1
        return t.Position(line=last, character=self.units(last, len(self.lines[last])))


_SHORT = 256  # characters: a line or column up to this long is counted directly


class _Wide:
    """Where a line's characters take more than one code unit: the 0-based columns of those past
    U+007F, U+07FF and U+FFFF (two, three and four UTF-8 bytes; the last two UTF-16 units)."""

    def __init__(self, line: str) -> None:
        self.size = len(line)
        self.ascii = line.isascii()
        found = () if self.ascii else [(m.start(), ord(m.group())) for m in _NOT_ASCII.finditer(line)]
        self.two = array("q", (at for at, _ in found))
        self.three = array("q", (at for at, code in found if code > 0x7FF))
        self.four = array("q", (at for at, code in found if code > 0xFFFF))

    def units(self, column: int, encoding: str) -> int:
        if self.ascii:
            return max(column, 0)
        column = min(max(column, 0), self.size)
        if encoding == "utf-32":
            return column
        if encoding == "utf-8":
            return column + bisect_left(self.two, column) + bisect_left(self.three, column) \
                + bisect_left(self.four, column)
        return column + bisect_left(self.four, column)


_NOT_ASCII = re.compile(r"[^\x00-\x7f]")

_SEVERITY = {Severity.ERROR: t.DiagnosticSeverity.Error, Severity.WARNING: t.DiagnosticSeverity.Warning,
             Severity.INFO: t.DiagnosticSeverity.Information}
MAX_RELATED = 12


def diagnostic(d: Diagnostic, analysis: Analysis, lines_of, uri_of, related=None) -> t.Diagnostic:
    """An LSP diagnostic with the code, message and notes `ledger check` prints, and related places."""
    span = d.span
    rng = lines_of(span.path).range(span) if span else t.Range(start=t.Position(line=0, character=0),
                                                                 end=t.Position(line=0, character=0))
    message = d.message + "".join(f"\n{note}" for note in d.notes)
    severity = _SEVERITY[d.severity]
    if d.acknowledged:
        message = f"(acknowledged) {message}"
        severity = t.DiagnosticSeverity.Information
    places = [t.DiagnosticRelatedInformation(
        location=t.Location(uri=uri_of(where.path), range=lines_of(where.path).range(where)), message=text)
        for where, text in (related_places(d, analysis) if related is None else related)]
    return t.Diagnostic(range=rng, message=message, severity=severity, code=d.code, source="ledger",
                        related_information=places or None)


class _Related:
    """An analysis's rules by target and acceptances by finding: looked up once per diagnostic."""

    def __init__(self, analysis: Analysis) -> None:
        self.rules: dict[str, list] = {}
        for rule in analysis.book.rules:
            self.rules.setdefault(rule.target, []).append(rule)
        self.acceptances: dict[tuple, list] = {}
        for acceptance in analysis.book.acceptances:
            self.acceptances.setdefault((acceptance.code, acceptance.item, acceptance.period), []).append(acceptance)


def related_places(d: Diagnostic, analysis: Analysis) -> tuple[tuple[Span, str], ...]:
    """The other printings of the figure, the rules about its item, and an acceptance of it."""
    if d.item is None:
        return ()
    index = analysis.__dict__.get("_related")
    if index is None:
        index = analysis.__dict__["_related"] = _Related(analysis)
    out: list[tuple[Span, str]] = []

    def add(span: Span | None, text: str) -> None:
        if span is not None and span != d.span and len(out) < MAX_RELATED:
            out.append((span, text))

    period = parse_period(d.period) if d.period else None
    ev = analysis.evaluation
    if period is not None:
        key = (d.item, period)
        for fact in (*ev.table_facts.get(key, ()), *ev.claim_facts.get(key, ())):
            add(fact.span, f"{d.item}@{d.period} printed as {fact.value.text} in {where(fact)}")
    for rule in index.rules.get(d.item, ()):
        add(rule.span, f"rule: {rule.target} = {show(rule.expr)}")
    for acceptance in index.acceptances.get((d.code, d.item, period), ()):
        add(acceptance.span, f"accepted: {acceptance.reason}")
    return tuple(out)
