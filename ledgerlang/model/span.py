"""Where a node came from: file, line and column (1-based), start and end."""

from __future__ import annotations

from ledgerlang.model.record import frozen


@frozen(slots=True)
class Span:
    path: str
    line: int
    column: int
    end_line: int
    end_column: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


def span_between(first: Span, last: Span) -> Span:
    """The span that starts where `first` starts and ends where `last` ends."""
    return Span(first.path, first.line, first.column, last.end_line, last.end_column)
