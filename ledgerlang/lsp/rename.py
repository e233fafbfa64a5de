"""Rename an item, a rate or a unit in every file of its ledger: each place the name is written as a
name (rows, rules, expressions, columns, accepts, declarations), never in a quoted text or a comment.

A rename is refused, with the reason, where the new name would not read back as the same ledger:
one that is no name, ends in % (kept for measure functions), is a word of the language or a
period, or is a name the ledger already declares.
The edited files are parsed before the edit is offered: a rename that would make a syntax error
anywhere is refused, never half applied.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from ledgerlang.lsp import lexer, navigate, vocabulary
from ledgerlang.lsp.ledger import Analysis
from ledgerlang.model.span import Span

_KINDS = {"item": "an item", "rate": "a rate", "unit": "a unit"}


class Name(NamedTuple):
    kind: str  # item | rate | unit
    name: str
    start: int  # 0-based code-point columns of the name on its line
    end: int


def name_at(analysis: Analysis, line_text: str, column: int) -> Name | None:
    """The declared name written under a 1-based column (not a figure of its row): what a rename
    changes. None where there is none, or where the name is declared as more than one thing."""
    words = lexer.around(line_text, column - 1)
    token = lexer.token_in(words, column - 1)
    if token is None or token.kind not in ("name", "function") or lexer.own_id(words, token):
        return None
    book = analysis.book
    kinds = [kind for kind, names in (("item", book.items), ("rate", book.rates), ("unit", book.units))
             if token.text in names]
    if len(kinds) != 1:
        return None
    return Name(kinds[0], token.text, token.start, token.end)


def refusal(analysis: Analysis, old: Name, new: str) -> str | None:
    """Why `new` cannot replace the name (None: it can)."""
    patterns = vocabulary.terminal_patterns()
    if not re.fullmatch(patterns["ID"], new):
        return f"{new!r} is not a name: a name is letters, digits and _, in parts joined by '.' (rev.total)"
    if new.endswith("%"):
        return f"{new!r} ends in %, which is kept for measure functions (yoy%, share%); choose another name"
    if any(new in words for words in vocabulary.words().values()):
        return f"{new!r} is a word of the language; choose another name"
    if re.fullmatch(patterns["PERIOD"], new):
        return f"{new!r} reads as a period; choose another name"
    book = analysis.book
    for kind, names in (("item", book.items), ("rate", book.rates), ("unit", book.units)):
        found = names.get(new)
        if found is not None and new != old.name:
            where = f" at {found.span.path}:{found.span.line}" if getattr(found, "span", None) else ""
            return f"{new} is already declared as {_KINDS[kind]}{where}: renaming {old.name} to it would merge the two"
    return None


def places(analysis: Analysis, texts, old: Name) -> list[Span]:
    """Every place the name is written, its declaration included, in the files of its ledger."""
    return navigate.references(analysis, texts, old.name, True)


def broken(analysis: Analysis, texts, spans: list[Span], new: str, parsed, parsed_edit) -> str | None:
    """The first file the rename would leave with a syntax error it does not have now (None: none):
    each edited file is parsed with the new name in place (`parsed_edit`: the declarations the rename
    changes, Workspace.parsed_edit), and compared with its parse now (`parsed`)."""
    by_path: dict[str, list[Span]] = {}
    for span in spans:
        by_path.setdefault(span.path, []).append(span)
    for path, found in by_path.items():
        text = texts(path)
        if text is None:
            continue
        lines = text.split("\n")
        for number, on_line in _by_line(found).items():
            lines[number - 1] = _renamed(lines[number - 1], on_line, new)
        _, before = parsed(path, text)
        _, after = parsed_edit(path, "\n".join(lines))
        if len(after) > len(before):
            first = next((d for d in after if d not in before), after[0])
            line = f":{first.span.line}" if first.span is not None else ""
            return f"renaming to {new} would make a syntax error at {path}{line}: {first.message.splitlines()[0]}"
    return None


def _by_line(spans: list[Span]) -> dict[int, list[Span]]:
    """Spans grouped by their 1-based line, left to right on each."""
    out: dict[int, list[Span]] = {}
    for span in sorted(spans, key=lambda s: (s.line, s.column)):
        out.setdefault(span.line, []).append(span)
    return out


def _renamed(line: str, spans: list[Span], new: str) -> str:
    """A line with each span (left to right, none overlapping) replaced by `new`, in one join: a line
    rebuilt once per name took 6 s for a rule of 50,000 terms, each copy as long as the line."""
    pieces, at = [], 0
    for span in spans:
        pieces.append(line[at: span.column - 1])
        pieces.append(new)
        at = span.end_column - 1
    pieces.append(line[at:])
    return "".join(pieces)
