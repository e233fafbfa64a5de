"""Diagnostics as `path:line:col: severity[code]: message`, with the source line and a caret."""

from __future__ import annotations

from ledgerlang.diagnostic import Diagnostic, Severity
from ledgerlang.load import Access, is_book_name, read_source
from ledgerlang.visible import json_text, visible
from ledgerlang.visible import width as shown_width


class _Sources:
    """The lines a diagnostic quotes: only from a book, a regular `.iij` file of UTF-8 text.

    Anything else quotes nothing: a diagnostic about an included `/etc/shadow`,
    `/proc/self/environ` or a credentials file must not print its content, and
    quoting must never block on a FIFO or read a device."""

    def __init__(self) -> None:
        self.lines: dict[str, list[str]] = {}

    def line(self, path: str, number: int) -> str | None:
        if path not in self.lines:
            text = None
            if is_book_name(path):
                text, _ = read_source(path, Access(None))
            self.lines[path] = text.split("\n") if text is not None else []
        lines = self.lines[path]
        return lines[number - 1] if 0 < number <= len(lines) else None


def text(diagnostics: list[Diagnostic]) -> str:
    """Every diagnostic as text for a terminal: what a book or a file's name holds is shown
    `visible` (a control character in a hostile book is not sent to the terminal)."""
    sources = _Sources()
    out = []
    for d in diagnostics:
        where = f"{d.span.path}:{d.span.line}:{d.span.column}: " if d.span else (f"{d.file}: " if d.file else "")
        tag = " (acknowledged)" if d.acknowledged else ""
        out.append(visible(f"{where}{d.severity}[{d.code}]{tag}: {d.message}"))
        if d.span:
            source = sources.line(d.span.path, d.span.line)
            if source is not None:
                width = (d.span.end_column - d.span.column) if d.span.end_line == d.span.line else len(source) - d.span.column + 1
                source, column, width = _window(source, d.span.column, width)
                out.append(f"    {visible(source)}")
                # the carets under the figure as shown: a character shown wider moves them
                before, under = source[:column - 1], source[column - 1:column - 1 + max(width, 1)]
                shift, wider = shown_width(before) - len(before), shown_width(under) - len(under)
                out.append("    " + " " * (column - 1 + shift) + "^" * (max(width, 1) + wider))
        out.extend(visible(f"    = {note}") for note in d.notes)
    return "\n".join(out) + ("\n" if out else "")


_WIDE = 200  # a quoted line longer than this is shown around its column


def _window(source: str, column: int, width: int) -> tuple[str, int, int]:
    """A long line cut to the part around the column (a 10 MB row is not printed twice
    over, line and carets): the line, the caret's column and width within it."""
    if len(source) <= _WIDE:
        return source, column, width
    start = max(column - 1 - _WIDE // 2, 0)
    end = min(start + _WIDE, len(source))
    head = "..." if start > 0 else ""
    shown = head + source[start:end] + ("..." if end < len(source) else "")
    column = column - start + len(head)
    return shown, column, max(min(width, end - (column - len(head) + start - 1)), 1)


SCHEMA = 1  # the version of `ledger check --format json`; README "check --format json"


def exact(value) -> str | None:
    """A Decimal as plain digits (never an exponent), for a program to read exactly."""
    return None if value is None else format(value, "f")


def interval(iv) -> dict | None:
    if iv is None:
        return None
    return {"lo": exact(iv.lo), "hi": exact(iv.hi), "lo_open": iv.lo_open, "hi_open": iv.hi_open}


def as_dict(d: Diagnostic) -> dict:
    f = d.figures
    return {
        "severity": str(d.severity),
        "code": d.code,
        "message": d.message,
        "path": d.span.path if d.span else d.file,  # a book that could not be read: its name, and no line
        "line": d.span.line if d.span else None,
        "column": d.span.column if d.span else None,
        "end_line": d.span.end_line if d.span else None,
        "end_column": d.span.end_column if d.span else None,
        "item": d.item,
        "period": d.period,
        "acknowledged": d.acknowledged is not None,
        "acknowledged_reason": d.acknowledged,
        "reported": None if f is None else {"text": f.reported_text, "value": exact(f.reported),
                                            "interval": interval(f.reported_interval), "scale": f.scale},
        "computed": None if f is None else {"value": exact(f.computed), "interval": interval(f.computed_interval)},
        "miss": None if f is None else exact(f.miss),
        "notes": list(d.notes),
    }


def as_dicts(diagnostics: list[Diagnostic]) -> list[dict]:
    return [as_dict(d) for d in diagnostics]


def as_json(diagnostics: list[Diagnostic], counts=None, every: list[Diagnostic] | None = None) -> str:
    """The versioned document: {"schema": 1, "summary": {...}, "diagnostics": [...]}.

    `diagnostics` are those shown (capped per code); the summary counts `every` one found."""
    found = diagnostics if every is None else every
    summary = {
        "errors": sum(1 for d in found if d.counts_as_error),
        "warnings": sum(1 for d in found if d.severity is Severity.WARNING and not d.acknowledged),
        "acknowledged": sum(1 for d in found if d.acknowledged),
        "notes": sum(1 for d in found if d.severity is Severity.INFO),
        "figures_checked": None if counts is None else counts.checked,
        "figures_not_checkable": None if counts is None else counts.not_checkable,
    }
    document = {"schema": SCHEMA, "summary": summary, "diagnostics": as_dicts(diagnostics)}
    return json_text(document)


def summary(diagnostics: list[Diagnostic], counts=None) -> str:
    """`check: 0 errors, ...; 312 figures checked, 21 not checkable` (the figures part when counted)."""
    errors = sum(1 for d in diagnostics if d.counts_as_error)
    warnings = sum(1 for d in diagnostics if d.severity is Severity.WARNING and not d.acknowledged)
    acknowledged = sum(1 for d in diagnostics if d.acknowledged)
    infos = sum(1 for d in diagnostics if d.severity is Severity.INFO)
    parts = [_count(errors, "error"), _count(warnings, "warning")]
    if acknowledged:
        parts.append(f"{acknowledged} acknowledged")
    if infos:
        parts.append(_count(infos, "note"))
    line = "check: " + ", ".join(parts)
    if counts is not None:
        line += f"; {counts.checked:,} figure{'' if counts.checked == 1 else 's'} checked, " \
                f"{counts.not_checkable:,} not checkable"
    return line


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"
