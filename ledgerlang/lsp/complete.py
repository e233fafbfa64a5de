"""Completion: what may be typed at the cursor, from the grammar's words and the ledger's names.

Item ids come with their labels; after `@` and in a `columns` line, the
period labels of the entity's calendar around the periods the ledger
reports; column functions as `yoy%(`; units after an item's label; the
declaration keywords at the start of a line.
"""

from __future__ import annotations

import datetime
import re
from typing import NamedTuple

from ledgerlang.diagnostic import Severity
from ledgerlang.lsp import lexer, vocabulary
from ledgerlang.lsp.ledger import Analysis
from ledgerlang.model.period import Duration, label, sort_key

_WORD = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.%")


class Choice(NamedTuple):
    label: str
    kind: str  # item period function keyword unit rate constant shift
    detail: str
    insert: str
    sort: str


_CODE = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-")


def prefix(before: str) -> str:
    """The part of a name typed before the cursor (what a completion replaces); a code after `accept`."""
    words = before.split(None, 2)
    if words and words[0] == "accept" and len(words) <= 2 and not before.endswith((" ", "\t")):
        return _tail(before, _CODE)
    return _tail(before, _WORD)


def _tail(text: str, allowed: frozenset) -> str:
    """The longest end of `text` made of `allowed` characters. Read backwards from the cursor: a
    regular expression `[...]*$` tries every start on the line, and a 60,000-character line
    of name characters took a second per completion."""
    start = len(text)
    while start and text[start - 1] in allowed:
        start -= 1
    return text[start:]


_INCLUDE = re.compile(r'\s*include\s+"([^"\\]*)')
MAX_FILES = 500  # entries of one directory offered after `include "`: a huge folder is not listed whole


def include_typed(before: str) -> str | None:
    """The path typed so far inside an `include "` line's quotes (what a file completion replaces);
    None where the cursor is not there."""
    m = _INCLUDE.fullmatch(before)
    return m.group(1) if m else None


def include_paths(book: str, typed: str, root: str | None) -> list[Choice]:
    """The books and folders an include may name next, relative to the book that includes it:
    `.iij` files and directories in the folder `typed` has reached, none outside the ledger's
    root (an include there is not read), and not the book itself."""
    import os

    from ledgerlang.load import under

    folder, _ = os.path.split(typed)
    where = os.path.realpath(os.path.join(os.path.dirname(os.path.abspath(book)), folder))
    if root is not None and not under(where, root):
        return []
    out: list[Choice] = []
    try:
        with os.scandir(where) as entries:
            for entry in entries:
                if len(out) >= MAX_FILES:
                    break
                if entry.name.startswith("."):
                    continue
                path = os.path.join(folder, entry.name) if folder else entry.name
                try:
                    if entry.is_dir():
                        out.append(Choice(entry.name + "/", "folder", "folder", path + "/", f"1{entry.name}"))
                    elif entry.name.endswith(".iij") and os.path.realpath(entry.path) != os.path.realpath(book):
                        out.append(Choice(entry.name, "file", "book", path, f"0{entry.name}"))
                except OSError:  # an entry that went, or that cannot be looked at: not offered
                    continue
    except OSError:  # no such folder (yet), or one that cannot be read
        return []
    return sorted(out, key=lambda c: c.sort)


def quiet(line: str, column: int) -> bool:
    """Whether the cursor (a 0-based column) is in a comment, a quoted text or a figure: nothing is
    completed there (a pop-up at each `(` typed in a comment is noise)."""
    for token in lexer.around(line, column):
        inside = token.start < column < token.end
        after = column == token.end and (token.kind in ("comment", "figure") or (
            token.kind == "string" and (len(token.text) == 1 or not token.text.endswith('"')
                                        or token.text.endswith('\\"'))))
        if inside or after:
            return token.kind in ("comment", "string", "figure")
    return False


def periods(analysis: Analysis) -> list[str]:
    """Period labels valid for the entity's calendar, around the years the ledger reports; in a book
    that reports none yet, around the years its tables' columns name, else around this year (a new
    book's first `columns` line is where the periods are wanted most)."""
    years = {p.fy for (_, p) in analysis.evaluation.table_facts if isinstance(p, Duration)}
    years |= {m.period.fy for m in analysis.book.measured if isinstance(m.period, Duration)}
    if not years:
        years = {c.period.fy for tree in analysis.trees.values() for decl in tree.declarations
                 for c in getattr(decl, "columns", ()) if isinstance(c.period, Duration)}
    if not years:
        years = {datetime.date.today().year}
    calendar = analysis.book.calendar
    found: list = []
    for fy in range(min(years) - 1, max(years) + 2):
        quarters = [Duration(fy, q, 1) for q in (1, 2, 3, 4)]
        found += quarters
        found += [Duration(fy, 1, 2), Duration(fy, 3, 2), Duration(fy, 1, 3), Duration(fy, 1, 4)]
        found += [calendar.closing(q) for q in quarters]
    unique = sorted(set(found), key=sort_key)
    return [label(p) for p in unique]


_HEADERS = frozenset(("table", "statement", "rounding", "translate", "fiscal", "document", "guidance", "rate",
                      "entity", "currency", "unit", "include"))


def _header(book, head: str) -> list[Choice] | None:
    """What the grammar takes next on a declaration's first line or an option line, word by word
    (`table "T" ` then `in`, then a currency or a scale, then a scale; `rounding ` then nearest,
    truncate or exact; ...); None where the line is no such line (a row, a claim's line). A new
    name, a text, a date or a figure is typed, not completed: nothing is offered there."""
    if len(head) > lexer.LONG:  # no declaration's first line takes a word this far in
        return [] if (head.split(None, 1) or [""])[0] in _HEADERS else None
    shape = [("S" if tok.kind == "string" else tok.text) for tok in lexer.tokens(head) if tok.kind != "comment"]
    if not shape:
        return None
    first, n, last = shape[0], len(shape), shape[-1]
    currencies = [Choice(u.id, "unit", u.label, u.id, f"0{u.id}") for u in book.units.values() if u.currency]
    units = [Choice(u.id, "unit", u.label, u.id, f"0{u.id}") for u in book.units.values()]

    def words(*found: str, kind: str = "keyword") -> list[Choice]:
        return [Choice(w, kind, "keyword", w, f"1{w}") for w in found]

    scales = words(*vocabulary.terminal_words("SCALE"), kind="constant")
    if first in ("table", "statement"):
        at = 2 if first == "table" else 3  # where `in` goes: after the title
        if n == at:
            return words("in")
        if n == at + 1 and last == "in":
            return units + scales
        if n == at + 2 and shape[at] == "in":
            return scales
        return []
    if first == "rounding":
        if n == 1:
            return words(*vocabulary.terminal_words("ROUNDING"), kind="constant")
        return words("amounts") if n == 2 and last != "nearest" else []  # rounding truncate amounts
    if first == "translate":
        return words("at") if n == 1 else (
            [Choice(r.id, "rate", f"{r.value} {r.quote} per {r.base}", r.id, f"0{r.id}") for r in book.rates.values()]
            if n == 2 and last == "at" else [])
    if first == "fiscal":
        following = {("fiscal",): words("year"), ("fiscal", "year"): words("ends", "named"),
                     ("fiscal", "year", "named"): words("by"),
                     ("fiscal", "year", "named", "by"): words(*vocabulary.terminal_words("FY_NAMING"), kind="constant"),
                     # the month and day the year ends (MONTH_DAY): the quarter ends most years end at
                     ("fiscal", "year", "ends"): [Choice(day, "constant", f"the fiscal year ends on {name}", day,
                                                         f"0{k}") for k, (day, name) in enumerate(_YEAR_ENDS)]}
        return following.get(tuple(shape), [])
    if first == "document":
        if n >= 2 and "basis" not in shape:
            return words("dated", "basis") if n == 2 else (words("basis") if n == 4 and shape[2] == "dated" else [])
        return []
    if first == "guidance":
        return words("given") if n == 2 else []
    if first == "rate":
        # rate ID: NUMBER UNIT per UNIT [on DATE] ["note"]
        if n == 4 and shape[2] == ":":
            return currencies
        if n == 5 and shape[2] == ":":
            return words("per")
        if n == 6 and last == "per":
            return currencies
        if n == 7 and shape[5] == "per":
            return words("on")
        return []
    if first in ("entity", "currency", "unit", "include"):
        return []
    return None


def enclosing(lines: list[str], index: int) -> str | None:
    """The keyword of the declaration a 0-based line continues ("table" for a row), None on a
    declaration's first line or above the first declaration. Read upwards to the nearest line whose
    first word is a declaration keyword: the grammar's rule is that a declaration starts with its
    keyword and that its continuation lines start with anything else."""
    keywords = vocabulary.words()["declaration"]
    current = lines[index].split(None, 1) if 0 <= index < len(lines) else []
    if current and current[0] in keywords:
        return None
    for k in range(min(index, len(lines)) - 1, -1, -1):
        first = lines[k].split(None, 1)
        if first and first[0] in keywords:
            return first[0]
    return None


# The first words of a table's and a statement's continuation lines, but a row's item (a claim's
# and a guidance's lines start with an expression: an item or a measure).
_CONTINUING = {"table": ("columns", "restated", "rounding", "translate"), "statement": ("columns",),
               "claim": (), "guidance": ()}
_YEAR_ENDS = (("03-31", "March 31"), ("12-31", "December 31"), ("06-30", "June 30"), ("09-30", "September 30"))
# Declarations of one line (an item's `= expr` line starts with no word): the next line starts another.
_ONE_LINE = ("include", "document", "currency", "unit", "rate", "item", "rule", "assert", "accept")


def choices(analysis: Analysis, before: str, declaration: str | None = None) -> list[Choice]:
    """Completions for a line typed up to the cursor, each label once (a line's first word may be a
    declaration's keyword or a table's, and both lists hold `columns`); `declaration`: the keyword
    of the declaration the line continues (enclosing)."""
    seen: set[str] = set()
    return [c for c in _choices(analysis, before, declaration) if not (c.label in seen or seen.add(c.label))]


def _choices(analysis: Analysis, before: str, declaration: str | None = None) -> list[Choice]:
    book = analysis.book
    stripped = before.lstrip()
    words = stripped.split(None, 2)  # the first two words, and the rest: a long line is not split whole
    typed = prefix(before)
    head = before[: len(before) - len(typed)]
    out: list[Choice] = []
    if words and words[0] == "accept" and len(words) <= 2 and not (len(words) == 2 and before.endswith(" ")):
        # What can be accepted: the ledger's findings that are not acknowledged yet.
        seen = set()
        for d in analysis.diagnostics:
            if d.item and d.period and not d.acknowledged and d.severity >= Severity.WARNING \
                    and d.code not in ("syntax", "stale-accept") and not d.code.startswith("unknown-"):
                text = f"{d.code} at {d.item}@{d.period}"
                if text not in seen:
                    seen.add(text)
                    out.append(Choice(text, "constant", d.message[:80], text, f"0{len(seen):05d}"))
        return out
    if declaration in ("table", "statement") and words and words[0] not in vocabulary.words()["keyword"]:
        # A row: its head (-item, item@close), then, in a table, the figures as printed.
        if len(words) > 1 or before.endswith((" ", "\t")):
            return out  # a figure (or - or .) is typed, not completed
        if head.endswith("@"):  # a row's @ takes the instant the period opens or closes at, no period
            return [Choice(text, "shift", detail, text, f"1{text}") for text, detail in (
                ("open", "the instant the period opens at"), ("close", "the instant it closes at"))]
    if head.endswith("@"):
        for i, text in enumerate(periods(analysis)):
            out.append(Choice(text, "period", "period", text, f"0{i:05d}"))
        for text, detail in (("-1y", "a year earlier"), ("-1q", "a quarter earlier"),
                             ("open", "the instant the period opens at"), ("close", "the instant it closes at")):
            out.append(Choice(text, "shift", detail, text, f"1{text}"))
        return out
    if not head.strip():  # the line's first word (after `-` or `USD(`, an expression goes on)
        for word in vocabulary.words()["declaration"]:
            out.append(Choice(word, "keyword", "declaration", word, f"2{word}"))
        # A line's first word is a declaration's keyword, or a word of the declaration it continues
        # (grammar/ledger.lark): `columns` or a table's `flow` at a line's start is a syntax error.
        if declaration is None or declaration in _ONE_LINE or declaration == "entity":
            if declaration == "entity":
                out.append(Choice("fiscal", "keyword", "keyword", "fiscal", "2fiscal"))
            return out
        continuing = _CONTINUING.get(declaration)
        if continuing is None:
            continuing = ("columns", "fiscal", "restated", "rounding", "translate")
        for word in continuing:
            out.append(Choice(word, "keyword", "keyword", word, f"2{word}"))
        if declaration in _CONTINUING:  # and a row's item, or the item or measure a claim's line starts with
            out += [Choice(item.id, "item", item.label, item.id, f"0{item.id}") for item in book.items.values()]
            if declaration in ("claim", "guidance"):
                out += [Choice(f"{f}(", "function", "measure", f"{f}(", f"1{f}") for f in vocabulary.FUNCTIONS]
            return out
    if words and (len(words) > 1 or before.endswith((" ", "\t"))):
        found = _header(book, head)
        if found is not None:
            return found
    # a column's period, `yoy%(1Q03)` or `USD(1Q03)` (in an expression, `USD(` takes one)
    if words and words[0] == "columns":
        for i, text in enumerate(periods(analysis)):
            out.append(Choice(text, "period", "period", text, f"0{i:05d}"))
        if words and words[0] == "columns" and not head.rstrip().endswith("("):
            for function in vocabulary.FUNCTIONS:
                out.append(Choice(f"{function}(", "function", "column of a measure", f"{function}(", f"1{function}"))
            for unit in book.units.values():
                if unit.currency:
                    out.append(Choice(f"{unit.id}(", "function", f"translation into {unit.label}", f"{unit.id}(",
                                      f"1{unit.id}"))
        return out
    if words and words[0] == "item" and head.count('"') >= 2 and "=" not in head:
        # item ID "Label" UNIT flow|stock|average [debit|credit]: what the grammar takes next, never a table's
        # rounding or scale words
        after = head[head.rindex('"') + 1:].split()
        if not after:
            for unit in book.units.values():
                out.append(Choice(unit.id, "unit", unit.label, unit.id, f"0{unit.id}"))
            out.append(Choice("%", "unit", "a ratio, printed as a percentage", "%", "1%"))
        words_next = {1: vocabulary.terminal_words("KIND"), 2: vocabulary.terminal_words("BALANCE")}.get(len(after), ())
        for word in words_next:
            out.append(Choice(word, "constant", "keyword", word, f"1{word}"))
        return out
    first = words[0] if words else ""
    if first == "assert" and ":" not in head:
        return out  # assert NAME: the assertion's own name is typed, not completed
    for item in book.items.values():
        out.append(Choice(item.id, "item", item.label, item.id, f"0{item.id}"))
    if first == "rule" and "=" not in head:
        return out  # rule ITEM = expr: the item the rule is about
    for rate in book.rates.values():
        out.append(Choice(rate.id, "rate", f"{rate.value} {rate.quote} per {rate.base}", rate.id, f"1{rate.id}"))
    for function in vocabulary.FUNCTIONS:
        out.append(Choice(f"{function}(", "function", "measure", f"{function}(", f"1{function}"))
    if first in ("rule", "assert", "item") or declaration == "item" or (declaration == "claim" and "=" not in head):
        # An expression, where a keyword, a scale or a bare unit is a syntax error or an unknown item
        # (grammar/ledger.lark: a currency in an expression translates, `USD(x)`).
        for unit in book.units.values():
            if unit.currency:
                out.append(Choice(f"{unit.id}(", "function", f"translation into {unit.label}", f"{unit.id}(",
                                  f"1{unit.id}"))
        return out
    for word in vocabulary.words()["keyword"] + vocabulary.words()["constant"]:
        out.append(Choice(word, "keyword", "keyword", word, f"3{word}"))
    for unit in book.units.values():
        out.append(Choice(unit.id, "unit", unit.label, unit.id, f"2{unit.id}"))
    return out

