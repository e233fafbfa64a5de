"""One line of a book as highlighter tokens: comments, strings, periods, figures, names, keywords.

The regular expressions are the grammar's own terminals (vocabulary.py), so a
highlighter cannot drift from `grammar/ledger.lark`. This is a line lexer,
not the parser: it works on any half-typed line, which is what an editor
shows while someone types, and needs no other line to decide.
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

from ledgerlang.lsp import vocabulary


class Token(NamedTuple):
    kind: str  # comment string period shift date figure code keyword declaration constant function edge name punct
    start: int  # 0-based code-point column
    end: int
    text: str


class _Patterns(NamedTuple):
    period: re.Pattern
    shift: re.Pattern
    date: re.Pattern
    figure: re.Pattern
    name: re.Pattern
    code: re.Pattern
    string: re.Pattern
    declarations: frozenset
    keywords: frozenset
    constants: frozenset
    functions: frozenset
    edges: frozenset


@functools.lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    t = vocabulary.terminal_patterns()
    w = vocabulary.words()
    return _Patterns(
        re.compile(t["PERIOD"]), re.compile(t["SHIFT"]), re.compile(t["DATE"] + r"(?![\w.])"),
        re.compile(t["FIGURE"]), re.compile(t["ID"]), re.compile(t["CODE"]), re.compile(t["STRING"]),
        frozenset(w["declaration"]), frozenset(w["keyword"]), frozenset(w["constant"]),
        frozenset(w["function"]), frozenset(w["edge"]))


_PUNCT = ("..", "<=", ">=")


LONG = 20_000  # characters: a longer line's tokens are not remembered (a 5 MB row's took 350 MB)


def tokens(line: str) -> tuple[Token, ...]:
    """The tokens of one line (without its line end). Never fails: an odd character is punctuation.

    Remembered per line text: after an edit, an editor asks again for a file of which one line changed."""
    return _remembered(line) if len(line) <= LONG else tuple(_scan(line))


@functools.lru_cache(maxsize=65536)
def _remembered(line: str) -> tuple[Token, ...]:
    return tuple(_scan(line))


def around(line: str, column: int, after: int = 2) -> tuple[Token, ...] | list[Token]:
    """The tokens of a line up to `after` tokens past a 0-based column: what a hover or a completion
    looks at, read no further on a long line. On a long line, the line's first two tokens (its
    keyword, and the name an entity or assertion gives itself), then those from a little before the
    column (`_restart`): the end of a line of 600,000 terms took 2 s to read from its start."""
    if len(line) <= LONG:
        return tokens(line)
    out: list[Token] = []
    start = _restart(line, column)
    if start is not None:
        head = []
        for token in _scan(line):
            head.append(token)
            if len(head) == 2:
                break
        if head and head[-1].end < start:
            out.extend(head)
            before = _Last()
            before.last = Token("punct", start - 1, start - 1, " ")  # not the first: no declaration's keyword
            found = []
            for token in _scan_from(line, start, before):
                found.append(token)
                if token.start > column:
                    after -= 1
                    if after <= 0:
                        break
            if sum(1 for token in found if token.end <= column) >= _BEHIND:
                return out + found
            out, after = [], 2
    for token in _scan(line):
        out.append(token)
        if token.start > column:
            after -= 1
            if after <= 0:
                break
    return out


_BEHIND = 3  # tokens before the cursor's that a hover looks back at (`item@period`, `x@-1y`)
_MARGIN = 400  # characters before the column where a long line is read from


def _restart(line: str, column: int) -> int | None:
    """Where a long line may be read from, a little before a 0-based column, with the tokens it would
    have read from its start: after a space that no token holds. Only a quoted text, a comment and a
    period (`9M FY2002`, `1Q FY 2003`) hold one, and an edge after `@` (`x@ close`) reads the token
    before it; None where a quote or `#` comes before the column (the line is read whole)."""
    if column < 2 * _MARGIN or line.find('"', 0, column) >= 0 or line.find("#", 0, column) >= 0:
        return None
    at = line.rfind(" ", 0, column - _MARGIN)
    while at > 0:
        end = at
        while end > 0 and line[end - 1] in " \t\f\r\n":
            end -= 1
        previous, following = line[max(end - 2, 0):end], line[at + 1:at + 3]
        if following[:1] not in " \t\f\r\n" and following != "FY" and not previous.endswith(("FY", "@")):
            return at + 1
        at = line.rfind(" ", 0, end)
    return None


def _scan(line: str):
    return _scan_from(line, 0, _Last())


def _scan_from(line: str, pos: int, out: _Last):
    """The tokens of a line from `pos` (0, or `_restart`'s), `out` holding the one before."""
    p = _patterns()
    size = len(line)
    while pos < size:
        c = line[pos]
        if c in " \t\f\r\n":
            pos += 1
            continue
        if c == "#":
            yield out.add(Token("comment", pos, size, line[pos:]))
            return
        if c == '"':
            m = p.string.match(line, pos)
            end = m.end() if m else size  # an unterminated string runs to the end of the line
            yield out.add(Token("string", pos, end, line[pos:end]))
            pos = end
            continue
        previous = line[pos - 1] if pos else " "
        glued = previous.isalnum() or previous in "._%"
        if not glued:
            m = p.period.match(line, pos)
            if m:
                yield out.add(Token("period", pos, m.end(), m.group()))
                pos = m.end()
                continue
            if c in "+-" and previous == "@":
                m = p.shift.match(line, pos)
                if m:
                    yield out.add(Token("shift", pos, m.end(), m.group()))
                    pos = m.end()
                    continue
            m = p.date.match(line, pos)
            if m:
                yield out.add(Token("date", pos, m.end(), m.group()))
                pos = m.end()
                continue
            if c.isdigit() or (c in "(+-" and pos + 1 < size and (line[pos + 1].isdigit() or line[pos + 1] in "+-")):
                m = p.figure.match(line, pos)
                if m and (c.isdigit() or m.group()[-1] in ")%0123456789"):
                    text = m.group()
                    end = m.end()
                    if text.startswith("(") and not text.endswith(")"):
                        # "(5" opens a group in an expression: the figure starts after the bracket
                        yield out.add(Token("punct", pos, pos + 1, "("))
                        pos += 1
                        continue
                    yield out.add(Token("figure", pos, end, text))
                    pos = end
                    continue
        if (c.isascii() and c.isalpha()) or c == "_":  # a name starts [A-Za-z_], as the grammar's ID
            if out.last is not None and out.last.kind == "declaration" and out.last.text == "accept":
                m = p.code.match(line, pos)
                if m:
                    yield out.add(Token("code", pos, m.end(), m.group()))
                    pos = m.end()
                    continue
            m = p.name.match(line, pos)
            text = m.group()
            end = m.end()
            yield out.add(Token(_classify(p, line, text, end, out.last), pos, end, text))
            pos = end
            continue
        two = line[pos:pos + 2]
        if two in _PUNCT:
            yield out.add(Token("punct", pos, pos + 2, two))
            pos += 2
            continue
        yield out.add(Token("punct", pos, pos + 1, c))
        pos += 1


class _Last:
    """The last token the lexer gave (None before the first): all it looks back at."""

    __slots__ = ("last",)

    def __init__(self) -> None:
        self.last: Token | None = None

    def add(self, token: Token) -> Token:
        self.last = token
        return token


_BLANKS = re.compile(r"[ \t\f\r\n\v\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*")


def _classify(p: _Patterns, line: str, text: str, end: int, before: Token | None) -> str:
    first = before is None
    if text in p.declarations and first:
        return "declaration"
    # The character after the blanks that follow the name, looked at in place: a copy of the rest of
    # the line per name made a line of 200,000 names take minutes (quadratic).
    at = _BLANKS.match(line, end).end()
    after = line[at:at + 1]
    if text in p.functions or (text.endswith("%") and after == "("):
        return "function"
    if before is not None and before.text == "@" and text in p.edges:
        return "edge"
    if text in p.keywords and (first or after not in ("(", "@")):
        return "keyword"
    if text in p.constants and not first:
        return "constant"
    if text in p.declarations and not first and text not in ("unit", "rate", "item", "rule", "table", "statement"):
        return "keyword"
    if after == "(" and not first:
        return "function"  # a translation such as USD(x)
    return "name"


def token_at(line: str, column: int) -> Token | None:
    """The token under (or just before) a 0-based column."""
    return token_in(around(line, column), column)


_OWN_IDS = ("entity", "assert", "statement")


def own_id(tokens, token: Token) -> bool:
    """Whether a token of a line is the id of an entity, an assertion or a statement (`entity X`,
    `assert X:`, `statement X`): a name of its own, never an item's, whatever the items are named."""
    return len(tokens) > 1 and tokens[1] is token and tokens[0].text in _OWN_IDS


def token_in(tokens, column: int) -> Token | None:
    """The token under (or just before) a 0-based column, of a line's tokens (`around` it)."""
    found = None
    for token in tokens:
        if token.start <= column < token.end:
            return token
        if token.end == column:
            found = token  # the cursor just after a word still names it
    return found
