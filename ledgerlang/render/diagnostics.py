"""Diagnostics as `path:line:col: severity[code]: message`, with the source line and a caret."""

from __future__ import annotations

from ledgerlang.diagnostic import Diagnostic, Severity
from ledgerlang.load import Access, is_book_name, read_source


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
    sources = _Sources()
    out = []
    for d in diagnostics:
        where = f"{d.span.path}:{d.span.line}:{d.span.column}: " if d.span else ""
        tag = " (acknowledged)" if d.acknowledged else ""
        out.append(f"{where}{d.severity}[{d.code}]{tag}: {d.message}")
        if d.span:
            source = sources.line(d.span.path, d.span.line)
            if source is not None:
                width = (d.span.end_column - d.span.column) if d.span.end_line == d.span.line else len(source) - d.span.column + 1
                out.append(f"    {source}")
                out.append("    " + " " * (d.span.column - 1) + "^" * max(width, 1))
        out.extend(f"    = {note}" for note in d.notes)
    return "\n".join(out) + ("\n" if out else "")


def as_dicts(diagnostics: list[Diagnostic]) -> list[dict]:
    return [
        {
            "severity": str(d.severity),
            "code": d.code,
            "message": d.message,
            "path": d.span.path if d.span else None,
            "line": d.span.line if d.span else None,
            "column": d.span.column if d.span else None,
            "end_line": d.span.end_line if d.span else None,
            "end_column": d.span.end_column if d.span else None,
            "item": d.item,
            "period": d.period,
            "acknowledged": d.acknowledged,
            "notes": list(d.notes),
        }
        for d in diagnostics
    ]


def as_json(diagnostics: list[Diagnostic]) -> str:
    import json  # only for --format json: not every check pays its import

    return json.dumps(as_dicts(diagnostics), indent=2) + "\n"


def summary(diagnostics: list[Diagnostic]) -> str:
    errors = sum(1 for d in diagnostics if d.counts_as_error)
    warnings = sum(1 for d in diagnostics if d.severity is Severity.WARNING and not d.acknowledged)
    acknowledged = sum(1 for d in diagnostics if d.acknowledged)
    infos = sum(1 for d in diagnostics if d.severity is Severity.INFO)
    parts = [_count(errors, "error"), _count(warnings, "warning")]
    if acknowledged:
        parts.append(f"{acknowledged} acknowledged")
    if infos:
        parts.append(_count(infos, "note"))
    return "check: " + ", ".join(parts)


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"
