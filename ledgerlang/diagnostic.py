"""Diagnostics are values: every stage returns them next to its result."""

from __future__ import annotations

import enum
from decimal import Decimal

from attrs import field

from ledgerlang.model.record import frozen
from ledgerlang.model.span import Span


class Severity(enum.IntEnum):
    INFO = 0
    WARNING = 1
    ERROR = 2

    def __str__(self) -> str:
        return self.name.lower()


@frozen(slots=True)
class Figures:
    """The numbers of a "reported versus computed" diagnostic, for programs (JSON).

    Values in base units (JPY, not JPY millions; 0.153 for 15.3%); intervals are
    `evaluate.interval.Interval`s (lo, hi, lo_open, hi_open); `scale` is the
    reported figure's presentation (6 for millions, -2 for a percentage).
    """

    reported_text: str
    reported: Decimal
    reported_interval: object
    computed: Decimal
    computed_interval: object
    miss: Decimal
    scale: int


@frozen(slots=True)
class Diagnostic:
    severity: Severity
    code: str  # stable and documented: "total-mismatch"
    message: str  # one sentence: what is wrong, with numbers
    span: Span | None
    notes: tuple[str, ...] = field(default=(), converter=tuple)
    item: str | None = None
    period: str | None = None
    acknowledged: str | None = None  # the reason, when a book accepts this violation
    figures: Figures | None = None  # reported, computed, interval and miss, where the check compared them

    @property
    def counts_as_error(self) -> bool:
        return self.severity is Severity.ERROR and self.acknowledged is None


def error(code: str, message: str, span: Span | None, *notes: str, **kw) -> Diagnostic:
    return Diagnostic(Severity.ERROR, code, message, span, notes, **kw)


def warning(code: str, message: str, span: Span | None, *notes: str, **kw) -> Diagnostic:
    return Diagnostic(Severity.WARNING, code, message, span, notes, **kw)


def info(code: str, message: str, span: Span | None, *notes: str, **kw) -> Diagnostic:
    return Diagnostic(Severity.INFO, code, message, span, notes, **kw)


def sort_key(d: Diagnostic) -> tuple:
    s = d.span
    return (s.path, s.line, s.column, d.code) if s else ("", 0, 0, d.code)
