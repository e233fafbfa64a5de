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
"""

from __future__ import annotations

import re

from ledgerlang.model.span import Span
from ledgerlang.syntax import nodes as n

_WS = "[ \t\f]"


class FastRows:
    """Terminal patterns and keywords read off the parser, so the fast path tracks the grammar."""

    def __init__(self, terminals: dict, declaration_keywords: frozenset[str]) -> None:
        """`terminals`: the grammar's, name -> (pattern type "str" or "re", its value, its regexp)."""
        id_pattern = terminals["ID"][2]
        figure_pattern = terminals["FIGURE"][2]
        identifier = re.compile(id_pattern)
        # Every literal the lexer would read as a keyword instead of a name.
        self.keywords = frozenset(value for kind, value, _ in terminals.values()
                                  if kind == "str" and identifier.fullmatch(value))
        self.declarations = declaration_keywords
        self.first_word = re.compile(f"{_WS}*({id_pattern})").match
        # A cell is one token: the lexer's FIGURE (whose greedy match is its only
        # full match), "-" or ".", ending where whitespace, a comment or the line ends.
        cell = f"(?:{figure_pattern}|-|\\.)(?=[ \t\f\n#])"
        self.line = re.compile(
            f"{_WS}*(?P<head>(?P<neg>-?)(?P<item>{id_pattern})(?:@(?P<edge>{id_pattern}))?)"
            f"(?P<cells>(?:{_WS}+{cell})+){_WS}*(?P<comment>#[^\n]*)?\n").fullmatch
        self.token = re.compile(r"[^ \t\f]+")

    def split(self, text: str, path: str):
        """The text for the grammar (fast rows blanked), the fast rows by their table's line, and their comments.

        Returns (text, rows, comments): `rows` maps the line of a `table`
        keyword to [(line, RowNode)], in order.
        """
        # Lines as the grammar's _NL ends them (str.splitlines would also break at a
        # form feed, a lone \r or U+2028, which the grammar reads as spaces or text),
        # matched in place by position: no string per line.
        rows: dict[int, list[tuple[int, n.RowNode]]] = {}
        comments: list[n.Comment] = []
        texts: dict[str, str] = {}  # each figure's text, once
        blanked: list[tuple[int, int]] = []  # where each fast row's line starts and ends ("\n" included)
        table_line = 0  # the line of the table whose rows these are; 0 outside a table's rows
        in_table = False
        first_word, keywords, declarations, row = self.first_word, self.keywords, self.declarations, self.row
        find, size = text.find, len(text)
        number, start = 0, 0
        while start < size:
            end = find("\n", start)
            end = size if end < 0 else end + 1
            number += 1
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
                found = row(text, start, end, number, path, comments, texts)
                if found is not None:
                    rows.setdefault(table_line, []).append((number, found))
                    blanked.append((start, end))
            start = end
        if not blanked:
            return text, rows, comments
        parts, last = [], 0
        for start, end in blanked:
            parts.append(text[last:start])
            parts.append("\n")
            last = end
        parts.append(text[last:])
        return "".join(parts), rows, comments

    def row(self, text: str, start: int, end: int, number: int, path: str, comments: list,
            texts: dict[str, str]) -> n.RowNode | None:
        """The row node of the line text[start:end], or None when the line is not of the plain shape."""
        found = self.line(text, start, end)
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
            cells.append(n.Cell(path, number, at + shift, number, at + len(token) + shift, texts.setdefault(token, token)))
            at += len(token)
        cells = tuple(cells)
        negated = bool(found.group("neg"))
        first = found.start("neg" if negated else "item") + shift
        head = n.RowHead(negated, item, edge, None, Span(path, number, first, number, found.end("head") + shift))
        comment = found.group("comment")
        if comment:
            at = found.start("comment") + shift
            comments.append(n.Comment(comment, Span(path, number, at, number, at + len(comment))))
        return n.RowNode(head, cells, Span(path, number, first, number, cells[-1].end_column))
