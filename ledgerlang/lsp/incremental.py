"""Parse a file one declaration at a time, and parse again only the declarations that changed.

A book is line-oriented: a declaration starts on a line whose first word is
a declaration keyword, and its continuation lines start with anything else
(the grammar's own rule, which `syntax.parse` uses to recover from errors).
So a file is cut into chunks at those lines; each chunk is parsed on its own,
at its own line numbers, and kept with its text. After an edit, only the
chunks whose text or first line changed are parsed again; the syntax tree
is the chunks' declarations and comments in order, the same tree a parse of
the whole file gives (tests/lsp/test_incremental.py proves it on every
bundled book).
"""

from __future__ import annotations

from ledgerlang.diagnostic import Diagnostic
from ledgerlang.syntax.nodes import SyntaxTree
from ledgerlang.syntax.parse import declaration_keywords, parse, source_lines

Chunk = tuple[tuple, tuple, list[Diagnostic], tuple]  # declarations, comments, diagnostics, unread names


class ChunkedParser:
    """Parses of one file's chunks, keyed by (first line, text); only the last version is kept."""

    def __init__(self) -> None:
        self.chunks: dict[tuple[int, str], Chunk] = {}
        self.parsed = 0  # chunks parsed by the last call, for tests and benchmarks

    def parse(self, text: str, path: str) -> tuple[SyntaxTree, list[Diagnostic]]:
        keywords = declaration_keywords()
        lines = source_lines(text)
        starts = [i for i, line in enumerate(lines) if (line.split(None, 1) or [""])[0] in keywords]
        if not starts or starts[0] != 0:
            starts.insert(0, 0)
        kept: dict[tuple[int, str], Chunk] = {}
        declarations, comments, diagnostics, unread = [], [], [], []
        self.parsed = 0
        for k, start in enumerate(starts):
            end = starts[k + 1] if k + 1 < len(starts) else len(lines)
            chunk = "".join(lines[start:end])
            key = (start, chunk)
            found = self.chunks.get(key)
            if found is None:
                # Blank lines before the chunk put it at its own line numbers: a run of line
                # ends is one token to the grammar, so they cost next to nothing to parse.
                tree, found_diagnostics = parse("\n" * start + chunk, path)
                found = (tree.declarations, tree.comments, found_diagnostics, tree.unread)
                self.parsed += 1
            kept[key] = found
            declarations.extend(found[0])
            comments.extend(found[1])
            diagnostics.extend(found[2])
            unread.extend(found[3])
        self.chunks = kept
        return SyntaxTree(path, tuple(declarations), tuple(comments), tuple(unread)), diagnostics
