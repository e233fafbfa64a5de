"""The formatter proves itself: its output must parse, load and lay out exactly like its input.

`format_text` returns the canonical text only when all of these hold, and
a diagnostic saying which one failed otherwise (STYLE §10):

- the output parses without diagnostics to the same declarations (spans aside);
- every comment is attached to the same line as before (trailing the same
  content line, or just before the same one), with the same text (blanks at
  its end aside);
- every figure is printed with the same text, in the same order: table cells,
  claim and guidance figures, and the numbers and period anchors inside
  expressions (rules, definitions, assertions, claims, guidance, accepts) —
  `1,000` stays `1,000`, `@FY00` stays `@FY00`, `١٢` stays `١٢`;
- the output loads, with its includes, to an equal book: the same facts
  with the same printed text, precision and source, the same rules and the
  rest;
- laying out the output again changes nothing.
"""

from __future__ import annotations

import bisect

from ledgerlang.diagnostic import Diagnostic, Severity, error
from ledgerlang.fmt.expr import Source
from ledgerlang.fmt.layout import BLANKS, content_lines, layout
from ledgerlang.load import load
from ledgerlang.model import record
from ledgerlang.model.expr import Num, Ref
from ledgerlang.model.span import Span
from ledgerlang.syntax import nodes as n
from ledgerlang.syntax.parse import parse

CODE = "fmt-unproven"


def format_text(text: str, path: str, check_book: bool = True) -> tuple[str | None, list[Diagnostic]]:
    """The canonical layout of a file's text, or None and the diagnostics that stop it.

    A file with syntax errors is not formatted: its diagnostics are returned.
    """
    tree, diagnostics = _parse(text, path)
    if any(d.severity is Severity.ERROR for d in diagnostics):
        return None, diagnostics
    output = layout(tree, text)
    if output == text:
        return output, []
    reason = _disproof(tree, text, output, path, check_book)
    if reason is not None:
        return None, [error(CODE, f"ledger fmt will not rewrite {path}: {reason}", Span(path, 1, 1, 1, 1),
                            "note: the file is left as it is",
                            "hint: this is a bug in ledger fmt; please report it with this file")]
    return output, []


def _parse(text: str, path: str):
    # The fast path for table rows gives the grammar's own tree (tests/syntax/test_fastpath.py),
    # line numbers included, so the formatter may use it.
    return parse(text, path)


def _disproof(tree: n.SyntaxTree, text: str, output: str, path: str, check_book: bool) -> str | None:
    """Why the output is not a faithful layout of the input, or None when it is."""
    again, diagnostics = _parse(output, path)
    if diagnostics:
        first = diagnostics[0]
        return f"its output does not parse (line {first.span.line if first.span else '?'}: {first.message})"
    before, after = shape(tree.declarations), shape(again.declarations)
    if before != after:
        index = next((k for k, (a, b) in enumerate(zip(before, after)) if a != b), min(len(before), len(after)))
        return f"its output changes declaration {index + 1} of {len(before)}"
    if comment_anchors(tree) != comment_anchors(again):
        return "its output moves or drops a comment"
    before_texts, after_texts = printed_texts(tree, text), printed_texts(again, output)
    if before_texts != after_texts:
        changed = next(((a, b) for a, b in zip(before_texts, after_texts) if a != b), None)
        what = f"{changed[0][1]!r} becomes {changed[1][1]!r}" if changed else "a figure is added or dropped"
        return f"its output changes the text of a figure or a comment ({what})"
    if layout(again, output) != output:
        return "formatting its output again would change it (not idempotent)"
    if check_book:
        book_before, _ = load(text, path)
        book_after, _ = load(output, path)
        if book_shape(book_before) != book_shape(book_after):
            return "its output loads to a different book"
    return None


def shape(value):
    """A node without its spans, for comparing trees parsed from different layouts."""
    if isinstance(value, n.Cell):  # a place with its text: the text is what it means
        return ("Cell", value.text)
    if isinstance(value, Span):
        return None
    if record.has(type(value)):
        return (type(value).__name__,) + tuple(
            shape(getattr(value, f.name)) for f in record.fields(type(value)) if f.name != "span")
    if isinstance(value, tuple):
        return tuple(shape(v) for v in value)
    return value


def comment_anchors(tree: n.SyntaxTree) -> list[tuple[str, str, int]]:
    """Each comment with the content line it trails, or the content line it comes before."""
    sources = sorted({line.source for line in content_lines(tree)})
    index = {source: k for k, source in enumerate(sources)}
    anchors = []
    for comment in tree.comments:
        line = comment.span.line
        if line in index:
            anchors.append((comment.text.rstrip(BLANKS), "trails", index[line]))
        else:
            anchors.append((comment.text.rstrip(BLANKS), "precedes", bisect.bisect_left(sources, line)))
    return anchors


def printed_texts(tree: n.SyntaxTree, text: str) -> list[tuple[str, str | None]]:
    """The text of every figure and comment of a file, in order, as its source writes it.

    Figures are table cells, claim and guidance values, and the numbers and the
    period anchors inside expressions, read back from the source by their spans
    (the tree keeps a number's value and a period's meaning, not their text)."""
    source = Source(text)
    out: list[tuple[str, str | None]] = []
    stack = [tree.declarations]
    while stack:
        value = stack.pop()
        if isinstance(value, n.Cell):
            out.append(("figure", value.text))
        elif isinstance(value, Num):
            out.append(("number", source.of(value.span)))
        elif isinstance(value, Ref):
            written = source.of(value.span) if value.anchor is not None else None
            out.append(("anchor", written.partition("@")[2].strip() if written else None))
        elif isinstance(value, tuple):
            stack.extend(reversed(value))
        elif record.has(type(value)):
            stack.extend(reversed([getattr(value, f.name) for f in record.fields(type(value)) if f.name != "span"]))
    out.extend(("comment", c.text.rstrip(BLANKS)) for c in tree.comments)
    return out


def book_shape(book) -> tuple:
    """What a book means, and every figure as printed with its source; spans aside."""
    printed = tuple((f.value.text, f.source, f.column) for f in book.facts)
    measured = tuple((m.value.text, m.source, m.column) for m in book.measured)
    return (book, printed, measured)
