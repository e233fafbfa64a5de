"""Diagnostics are values: every stage returns them next to its result."""

from __future__ import annotations

from decimal import Decimal

from ledgerlang.model.record import field

from ledgerlang.model.record import frozen
from ledgerlang.model.span import Span


class Severity(int):
    """How grave a diagnostic is: Severity.INFO < WARNING < ERROR, ints 0 to 2 that print as
    `info`, `warning` and `error`, each one object (tested with `is`), as an IntEnum's members.

    Not an IntEnum: the enum module is about 3 ms of a fresh process's imports, and nothing a
    check runs needs it otherwise (nor `re`, which imports it: see regexes.py)."""

    INFO: Severity
    WARNING: Severity
    ERROR: Severity
    name: str

    def __new__(cls, value: int) -> Severity:
        """The member of that value, as an enum's call gives it."""
        try:
            return _MEMBERS[value] if value >= 0 else _no_member(value)
        except (IndexError, TypeError):
            return _no_member(value)

    def __str__(self) -> str:
        return self.name.lower()

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    def __repr__(self) -> str:
        return f"<Severity.{self.name}: {int(self)}>"

    def __reduce__(self):
        return Severity, (int(self),)  # unpickled as the member itself (the joint pass's worker sends them)

    @property
    def value(self) -> int:
        return int(self)


def _no_member(value) -> Severity:
    raise ValueError(f"{value!r} is not a valid Severity")


def _member(value: int, name: str) -> Severity:
    member = int.__new__(Severity, value)
    member.name = name
    return member


_MEMBERS = (_member(0, "INFO"), _member(1, "WARNING"), _member(2, "ERROR"))
Severity.INFO, Severity.WARNING, Severity.ERROR = _MEMBERS


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
    # The spans of the printed figures a finding or a note names beside its own span: a joint
    # finding's chain, a not-checkable note's list. What the coverage is settled from once the
    # joint pass has run (check_counted); not part of what the diagnostic says, nor of its equality.
    about: tuple = field(default=(), eq=False)
    # The file a diagnostic with no span is about: a book named on the command line that could not be
    # read (too large, not a file, outside the root), which has no line to point at but has a name.
    file: str | None = None

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


# How many diagnostics of one code one file shows by default (`--max-per-code`): a
# book of a million duplicated rows reports the first hundred and counts the rest.
MAX_PER_CODE = 100


def capped(diagnostics: list[Diagnostic], per_code: int = MAX_PER_CODE) -> list[Diagnostic]:
    """The first `per_code` diagnostics of each code in each file (in the order given), and for
    each code with more, one diagnostic of that code that counts the rest; 0 keeps them all."""
    if per_code <= 0:
        return list(diagnostics)
    seen: dict[tuple, int] = {}
    kept: list[Diagnostic] = []
    rest: dict[tuple, list] = {}
    for d in diagnostics:
        key = (d.span.path if d.span else d.file, d.code)
        count = seen.get(key, 0) + 1
        seen[key] = count
        if count <= per_code:
            kept.append(d)
            continue
        found = rest.get(key)
        if found is None:
            rest[key] = [d, 1, d.severity if d.acknowledged is None else None]
        else:
            found[1] += 1
            if d.acknowledged is None and (found[2] is None or d.severity > found[2]):
                found[2] = d.severity
    for (path, code), (first, count, severity) in rest.items():
        where = f"in {path}" if path else "without a place"
        kept.append(Diagnostic(
            severity if severity is not None else first.severity, code,
            f"{count:,} more {code} diagnostic{'s' if count != 1 else ''} {where} {'are' if count != 1 else 'is'} "
            f"not shown (the first {per_code} are)",
            first.span, (f"hint: ledger check --max-per-code 0 shows them all; the first not shown is: {first.message}",),
            acknowledged=None if severity is not None else "every one not shown is acknowledged"))
    return sorted(kept, key=sort_key) if rest else kept
