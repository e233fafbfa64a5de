"""Parse a file one declaration at a time, and parse again only the declarations that changed.

A book is line-oriented: a declaration starts on a line whose first word is
a declaration keyword, and its continuation lines start with anything else
(the grammar's own rule, which `syntax.recovery` uses to recover from errors).
So a file is cut into chunks at those lines; each chunk is parsed on its own,
at its own line numbers, and kept with its text. After an edit, only the
chunks whose text or first line changed are parsed again; the syntax tree
is the chunks' declarations and comments in order, the same tree a parse of
the whole file gives (tests/lsp/test_incremental.py proves it on every
bundled book).

A chunk is parsed at its own line numbers, behind as many line ends as there
are lines before it, which costs time in proportion to them: a run of new
chunks (a book opened, a large paste) is parsed as one text, behind one run
of line ends, and its declarations, comments and diagnostics are dealt out
to its chunks by line. Parsed one at a time, the 17,000 lines of a 1 MB
paste took 6.5 s, where a whole parse takes 0.24 s.

A file with more syntax errors than a parse reads (MAX_SYNTAX_ERRORS, the
parse's too-many-errors) is parsed whole, as `ledger check` parses it, and
nothing of it is kept: its chunks parsed one at a time, each behind its own
run of line ends, cost time in the square of its length (20,000 broken
claims kept the server from answering for minutes), and a whole parse stops
reading at the limit.
"""

from __future__ import annotations

from bisect import bisect_right

from ledgerlang.diagnostic import Diagnostic
from ledgerlang.syntax.nodes import SyntaxTree
from ledgerlang.syntax.parse import declaration_keywords, parse
from ledgerlang.syntax.recovery import source_lines

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
        keys = []
        for k, start in enumerate(starts):
            end = starts[k + 1] if k + 1 < len(starts) else len(lines)
            keys.append((start, "".join(lines[start:end])))
        new = [k for k, key in enumerate(keys) if key not in self.chunks]
        parsed: dict[tuple[int, str], Chunk] = {}
        for run in _runs(new):
            found = self._parse_run([keys[k] for k in run], path)
            if isinstance(found, tuple):  # too many syntax errors: the file is parsed whole
                self.chunks = {}
                self.parsed = len(keys)
                return found if len(run) == len(keys) else parse(text, path)
            parsed.update(found)
        for key in keys:
            found = self.chunks.get(key) or parsed[key]
            kept[key] = found
            declarations.extend(found[0])
            comments.extend(found[1])
            diagnostics.extend(found[2])
            unread.extend(found[3])
        self.chunks = kept
        return SyntaxTree(path, tuple(declarations), tuple(comments), tuple(unread)), diagnostics

    def _parse_run(self, keys: list[tuple[int, str]], path: str):
        """Consecutive chunks, parsed together where that deals out exactly (else one at a time). Where
        they hold more syntax errors than a parse reads, their parse as one text (tree, diagnostics):
        the file is then parsed whole, and where the run is the whole file, that parse is its parse."""
        self.parsed += len(keys)
        if len(keys) > 1:
            # Blank lines before the text put it at its own line numbers.
            tree, found = parse("\n" * keys[0][0] + "".join(chunk for _, chunk in keys), path)
            if any(d.code == "too-many-errors" for d in found):
                return tree, found
            dealt = _deal(keys, tree, found)
            if dealt is not None:
                return dealt
        out = {}
        for start, chunk in keys:
            tree, found = parse("\n" * start + chunk, path)
            out[(start, chunk)] = (tree.declarations, tree.comments, found, tree.unread)
        return out


def _runs(indexes: list[int]) -> list[list[int]]:
    """Consecutive indexes, grouped: [1, 2, 3, 7] -> [[1, 2, 3], [7]]."""
    runs: list[list[int]] = []
    for k in indexes:
        if runs and runs[-1][-1] == k - 1:
            runs[-1].append(k)
        else:
            runs.append([k])
    return runs


def _deal(keys: list[tuple[int, str]], tree: SyntaxTree, found: list[Diagnostic]):
    """A run's parse dealt out to its chunks by the line each thing starts on, or None where that is
    not what the chunks parsed one at a time would give: a diagnostic with no place."""
    firsts = [start + 1 for start, _ in keys]  # 1-based first lines
    parts: list[tuple[list, list, list, list]] = [([], [], [], []) for _ in keys]

    def at(line: int) -> int:
        return max(bisect_right(firsts, line) - 1, 0)

    for decl in tree.declarations:
        parts[at(decl.span.line)][0].append(decl)
    for comment in tree.comments:
        parts[at(comment.span.line)][1].append(comment)
    for diagnostic in found:
        if diagnostic.span is None:
            return None
        parts[at(diagnostic.span.line)][2].append(diagnostic)
    for name in tree.unread:
        parts[at(name[2].line)][3].append(name)
    return {key: (tuple(d), tuple(c), f, tuple(u)) for key, (d, c, f, u) in zip(keys, parts)}
