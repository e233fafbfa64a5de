"""A fast path for the commonest line of a book: a plain table row of figures.

Parsing is `parse.py`'s job and the grammar is the only definition of the
syntax; this module only takes the most frequent line shape off the LALR
parser's hands. Before the grammar parses a file, `split` finds the rows of
each table (the lines after a table's `columns` line, up to the next
declaration) that have the plainest shape

    [-]ITEM[@EDGE]  CELL  CELL ...  [# comment]

where every cell is, token for token, one thing the grammar's lexer reads as
one cell (a FIGURE, `-` or `.`). It builds their nodes directly, exactly as
the grammar's transformer would, and blanks those lines in the text that the
grammar then parses (blank lines are allowed anywhere, so line numbers and
every other declaration are unchanged). Anything unusual (`in SCALE`, spaces
around `@`, a keyword, a tab-less oddity, a carriage return, a quote, a cell
that is not exactly one token) is left to the grammar, so its diagnostics
stay the grammar's. tests/syntax/test_fastpath.py proves with Hypothesis that
a line the fast path accepts parses to the same nodes through the grammar.

The shape is defined by one pattern built from the grammar's own ID and FIGURE
terminals (`line`, read by `matched_row`). A row is read word by word with str
methods instead (`row`), each distinct word tried whole against its terminal:
the same language, read by C's loops over the line where the pattern stepped
through its program character by character (the fast path a third fewer
instructions at 100k facts, bench/HISTORY.md). tests/syntax/test_fastpath_reading.py
holds the two readings equal.
"""

from __future__ import annotations

import sys

from ledgerlang import regexes
from ledgerlang.model.record import maker
from ledgerlang.model.span import Span
from ledgerlang.syntax import nodes as n

# The records a row is made of, made without the type's call (model/record.py `maker`).
_cell, _span, _head, _row = maker(n.Cell), maker(Span), maker(n.RowHead), maker(n.RowNode)

_WS = "[ \t\f]"
# A row's run of cells in one pattern: possessively where the engine gets that right, a
# twentieth faster than greedily (no match is lost: a cell never matches the spaces, comment
# and line end that follow the last one). CPython 3.11.0 to 3.11.4 do not: a possessive
# repeat of a group that ends in a lookahead keeps the characters of a last try that failed
# it (CPython issues 100061 and 106052, mended in 3.11.5): there the run " 1 1x2" took in the
# "1" of "1x2". Debian 12's Python is 3.11.2.
_CELLS = "++" if sys.version_info >= (3, 11, 5) else "+"
# A row longer than this is read a cell at a time by the pattern's parts (`long_line`), not by
# the one pattern: a greedy repeat keeps a backtracking point per cell, kilobytes each (a 4 MB
# row that fails at its last cell: 1.5 GB), and only some interpreters repeat possessively.
# (`row` reads words at any length.) One that ends in a bad cell is shortened for the grammar
# (`shorten`).
LONG_ROW = 4096
# The digits of FIGURE (grammar/ledger.lark), alone: a word this matches whole, FIGURE matches whole.
DIGITS = r"[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+"


class FastRows:
    """Terminal patterns and keywords read off the parser, so the fast path tracks the grammar."""

    def __init__(self, terminals: dict, declaration_keywords: frozenset[str]) -> None:
        """`terminals`: the grammar's, name -> (pattern type "str" or "re", its value, its regexp)."""
        id_pattern = terminals["ID"][2]
        figure_pattern = terminals["FIGURE"][2]
        identifier = regexes.compile(id_pattern)
        # Every literal the lexer would read as a keyword instead of a name.
        self.keywords = frozenset(value for kind, value, _ in terminals.values()
                                  if kind == "str" and identifier.fullmatch(value))
        self.declarations = declaration_keywords
        self.first_word = regexes.compile(f"{_WS}*({id_pattern})").match
        # A cell is one token: the lexer's FIGURE (whose greedy match is its only
        # full match), "-" or ".", ending where whitespace, a comment or the line ends.
        # (Its groups made non-capturing: CPython 3.11's possessive repeat mistracks
        # capturing groups inside it, "The span of capturing group is wrong".)
        figure_pattern = regexes.compile(r"(?<!\\)\((?!\?)").sub("(?:", figure_pattern)
        cell = f"(?:{figure_pattern}|-|\\.)(?=[ \t\f\n#])"
        self.line = regexes.compile(
            f"{_WS}*(?P<head>(?P<neg>-?)(?P<item>{id_pattern})(?:@(?P<edge>{id_pattern}))?)"
            f"(?P<cells>(?:{_WS}+{cell}){_CELLS}){_WS}*(?P<comment>#[^\n]*)?\n").fullmatch
        # A long row's parts, read one after the other (`long_line`, `shorten`): its head, each
        # cell with the spaces before it, and what may follow the last cell.
        self.head = regexes.compile(f"{_WS}*(?P<neg>-?)(?P<item>{id_pattern})(?:@(?P<edge>{id_pattern}))?(?=[ \t\f])").match
        self.cell = regexes.compile(f"{_WS}+{cell}").match
        self.tail = regexes.compile(f"{_WS}*(?P<comment>#[^\n]*)?\n").fullmatch
        # What `row` asks of each word of a line it has cut at whitespace: the same terminals, whole.
        self.name = identifier.fullmatch
        self.one_cell = regexes.compile(f"(?:{figure_pattern}|-|\\.)").fullmatch
        # Nearly every distinct cell is a whole number, grouped by thousands or not (`2,759`, `35`):
        # FIGURE's own digits without the sign, fraction, percent and parentheses around them, which
        # FIGURE matches whole. This shorter pattern is tried first, and a word it refuses is tried
        # against the terminal (`one_cell`): the same verdict, each in about 2.6k instructions where
        # the terminal's took 3.5k (bench/HISTORY.md). tests/syntax/test_cell_shortcuts.py holds it to FIGURE.
        self.digits = regexes.compile(DIGITS).fullmatch

    def split(self, text: str, path: str):
        """The text for the grammar (fast rows blanked), the fast rows by their table's line, and their comments.

        Returns (text, rows, comments, shortened): `rows` maps the line of a
        `table` keyword to [(line, RowNode)], in order; `shortened` lists the
        lines of long rows the grammar sees shortened (`shorten`): their
        declarations must fail, or be parsed again from the original text.
        """
        # Lines as the grammar's _NL ends them (str.splitlines would also break at a
        # form feed, a lone \r or U+2028, which the grammar reads as spaces or text),
        # read in place by position: no string per line but a table row's own text.
        rows: dict[int, list[tuple[int, n.RowNode]]] = {}
        comments: list[n.Comment] = []
        texts: dict[str, str] = {}  # each figure's text, once, and only one read as a cell
        names: dict[str, str] = {}  # each item's and edge's name, once, and only one that may name one
        blanked: list[tuple[int, int, str]] = []  # where each fast row's line starts and ends ("\n" included)
        shortened: list[int] = []
        table_line = 0  # the line of the table whose rows these are; 0 outside a table's rows
        in_table = False
        first_word, keywords, declarations, row = self.first_word, self.keywords, self.declarations, self.row
        size = len(text)
        number, start = 0, 0
        while start < size:
            end = str.find(text, "\n", start)  # as the str methods of `row` are called (see there)
            end = size if end < 0 else end + 1
            number += 1
            # Among a table's rows a line is read as a row first: one that is a row starts with its
            # item's name, which is no keyword (so no declaration), and its first word is not read.
            if table_line:
                found = row(text, start, end, number, path, comments, texts, names)
                if found is not None:
                    rows.setdefault(table_line, []).append((number, found))
                    blanked.append((start, end, "\n"))
                    start = end
                    continue
            word = first_word(text, start, end)
            word = word.group(1) if word else None
            if word in declarations:
                in_table = word == "table"
                table_line = 0
                if in_table:
                    current = number
            elif in_table and not table_line:
                if word == "columns":
                    table_line = current
            elif table_line and word not in keywords:
                if end - start > LONG_ROW:
                    shorter = self.shorten(text, start, end)
                    if shorter is not None:
                        blanked.append((start, end, shorter))
                        shortened.append(number)
            start = end
        if not blanked:
            return text, rows, comments, shortened
        parts, last = [], 0
        for start, end, replacement in blanked:
            parts.append(text[last:start])
            parts.append(replacement)
            last = end
        parts.append(text[last:])
        return "".join(parts), rows, comments, shortened

    def shorten(self, text: str, start: int, end: int) -> str | None:
        """A long row that ends in a bad cell, as the grammar needs to see it to report that cell.

        The grammar would reject the row at its first bad cell, after reading every
        good one before it through the LALR parser (seconds and hundreds of MB for a
        row of a few MB, twice: whole file, then declaration by declaration). Its
        parser is in the same state after the last good cell whether one or a
        million came before, so the others are blanked to spaces (columns kept):
        the shortened row fails exactly where the row fails, with the same error.
        (A "bad" token may still be good, `1,2345` is two figures: then the
        shortened row parses, and the caller parses the original text instead.)
        None when the line is not of that shape (a quote, a CR, `in SCALE`, fewer
        than two good cells).
        """
        head = self.head(text, start, end)
        if head is None or head.group("item") in self.keywords or head.group("edge") in self.keywords:
            return None
        if text.find('"', start, end) >= 0 or text.find("\r", start, end) >= 0:
            return None
        first, good = head.end(), self.cells_end(text, head.end(), end)
        after = good
        while after < end and text[after] in " \t\f":
            after += 1
        if after >= end or text[after] in "#\n":
            return None  # no bad cell: the row failed the fast path for another reason
        last = max(text.rfind(" ", first, good), text.rfind("\t", first, good), text.rfind("\f", first, good)) + 1
        if not text[first:last].strip(" \t\f"):
            return None  # at most one good cell: nothing to blank
        return text[start:first] + " " * (last - first) + text[last:end]

    def cells_end(self, text: str, at: int, end: int) -> int:
        """Where the run of good cells that starts at `at` ends (`at` where there is none)."""
        cell = self.cell
        found = cell(text, at, end)
        while found is not None:
            at = found.end()
            found = cell(text, at, end)
        return at

    def long_line(self, text: str, start: int, end: int) -> _Parts | None:
        """What `line` finds in text[start:end], read a part at a time (see LONG_ROW)."""
        head = self.head(text, start, end)
        if head is None:
            return None
        cells = head.end()
        last = self.cells_end(text, cells, end)
        tail = self.tail(text, last, end) if last > cells else None
        if tail is None:
            return None
        return _Parts(text, {"head": (head.start("neg"), cells), "neg": head.span("neg"), "item": head.span("item"),
                             "edge": head.span("edge"), "cells": (cells, last), "comment": tail.span("comment")})

    def row(self, text: str, start: int, end: int, number: int, path: str, comments: list,
            texts: dict[str, str], names: dict[str, str]) -> n.RowNode | None:
        """The row node of the line text[start:end], or None when the line is not of the plain shape.

        Read with str methods, in C, where the one pattern (`matched_row`, the definition) ran
        its opcodes over every character: the line is cut into words at whitespace, and each
        word is tried whole against its terminal once per distinct word (`texts`, `names`:
        the words read before). That is the pattern's language, word for word. Its tokens
        hold no whitespace, and no "#" or "@" but where it says, so a word cut at whitespace
        is one of its tokens exactly when the terminal matches the whole word; and a line
        with whitespace other than spaces, tabs and form feeds (str.split also cuts at a
        vertical tab, a carriage return, the four separators below the space, and spaces
        beyond ASCII) is refused. tests/syntax/test_fastpath_reading.py holds the two equal.
        """
        last = end - 1
        if text[last] != "\n":
            return None  # the file's last line, without its newline
        # The str methods are called through the type (`str.find(body, word)`, not `body.find(word)`),
        # which means the same for a str: compiled (ledgerlang/native), such a call is Python's C
        # function itself, where a bound method is made and its arguments are packed and parsed
        # again (about 900 instructions a `find`, one per cell: bench/HISTORY.md).
        comment_at = str.find(text, "#", start, last)
        body = text[start:last if comment_at < 0 else comment_at]
        words = str.split(body)
        if len(words) < 2:
            return None
        head = words[0]
        negated = head[0] == "-"
        item, at_sign, edge = (head[1:] if negated else head).partition("@")
        known = dict.get(names, item)
        if known is None:
            if item in self.keywords or self.name(item) is None:
                return None
            known = names[item] = item
        item = known
        if at_sign:
            known = dict.get(names, edge)
            if known is None:
                if edge in self.keywords or self.name(edge) is None:
                    return None
                known = names[edge] = edge
            edge = known
        else:
            edge = None
        # Columns are 1-based offsets into the line, which `body` starts; each word is found
        # after the one before, across whitespace alone, where it cannot start.
        at = str.find(body, head)
        first = at + 1
        at += len(head)
        spaces = len(body) - len(head)  # the line's whitespace: what its words leave
        head = _head(negated, item, edge, None, _span(path, number, first, number, at + 1))
        cells = []
        one_cell, digits = self.one_cell, self.digits
        for word in words[1:]:
            if word in texts:
                known = texts[word]
            elif digits(word) is None and one_cell(word) is None:
                return None
            else:
                known = texts[word] = word
            at = str.find(body, word, at)
            cells.append(_cell(path, number, at + 1, known))
            at += len(word)
            spaces -= len(word)
        # Every whitespace character of the line a space, tab or form feed (the first count is
        # a line of spaces alone, as nearly every one is).
        blanks = str.count(body, " ")
        if blanks != spaces and blanks + str.count(body, "\t") + str.count(body, "\f") != spaces:
            return None
        if comment_at >= 0:
            comment = text[comment_at:last]
            if "\r" in comment:
                return None
            column = comment_at - start + 1
            comments.append(n.Comment(comment, Span(path, number, column, number, column + len(comment))))
        return _row(head, tuple(cells), _span(path, number, first, number, at + 1))

    def matched_row(self, text: str, start: int, end: int, number: int, path: str, comments: list,
                    texts: dict[str, str]) -> n.RowNode | None:
        """The row node of the line text[start:end] as the one pattern reads it (`line`), built from
        the grammar's terminals: the definition of what `row` reads, which `row` is held to."""
        found = self.line(text, start, end) if end - start <= LONG_ROW else self.long_line(text, start, end)
        if found is None or text.find("\r", start, end) >= 0:
            return None
        item, edge = found.group("item"), found.group("edge")
        if item in self.keywords or (edge is not None and edge in self.keywords):
            return None
        shift = 1 - start  # text offsets to 1-based columns
        # The regex has proven the cells a run of single tokens between [ \t\f]: str.split
        # cuts the same tokens, and find places each after the one before. Each distinct
        # text is one string (`texts`): half the cells of a large book repeat one (dashes,
        # percentages), and every Cell outlives the parse.
        cells = []
        at, find = found.start("cells"), text.find
        for token in text[at:found.end("cells")].split():
            at = find(token, at)
            cells.append(_cell(path, number, at + shift, texts.setdefault(token, token)))
            at += len(token)
        cells = tuple(cells)
        negated = bool(found.group("neg"))
        first = found.start("neg" if negated else "item") + shift
        head = _head(negated, item, edge, None, _span(path, number, first, number, found.end("head") + shift))
        comment = found.group("comment")
        if comment:
            at = found.start("comment") + shift
            comments.append(n.Comment(comment, Span(path, number, at, number, at + len(comment))))
        return _row(head, cells, _span(path, number, first, number, cells[-1].end_column))


class _Parts:
    """A long row's groups (`FastRows.long_line`), read as those of `line`'s match are: an
    unmatched group's text is None and its start and end -1."""

    __slots__ = ("text", "spans")

    def __init__(self, text: str, spans: dict[str, tuple[int, int]]) -> None:
        self.text, self.spans = text, spans

    def group(self, name: str) -> str | None:
        start, end = self.spans[name]
        return None if start < 0 else self.text[start:end]

    def start(self, name: str) -> int:
        return self.spans[name][0]

    def end(self, name: str) -> int:
        return self.spans[name][1]
