"""An open document's text, changed as the protocol says: lines end at "\\r\\n", "\\r" or "\\n" only.

Python's str.splitlines also breaks at a form feed, U+0085, U+2028 and
others; text pasted from a PDF has them, and an edit counted over those
lines lands elsewhere than in the editor. A position past the end of a
line means the line's end, and one past the last line the document's end
(the protocol's rule). Positions count in the code units of the negotiated
encoding: UTF-16 unless the client offered another.
"""

from __future__ import annotations

import re

LINE_END = re.compile(r"\r\n|\r|\n")


class BadPosition(ValueError):
    """A position no document has (a negative line or character)."""


def _width(ch: str, encoding: str) -> int:
    if encoding == "utf-8":
        return len(ch.encode("utf-8", "surrogatepass"))
    if encoding == "utf-16":
        return 2 if ord(ch) > 0xFFFF else 1
    return 1


def offset(text: str, line: int, character: int, encoding: str = "utf-16") -> int:
    """The index into `text` of an LSP position."""
    if line < 0 or character < 0:
        raise BadPosition(f"no document has the position {line}:{character}")
    start = 0
    for _ in range(line):
        found = LINE_END.search(text, start)
        if found is None:
            return len(text)  # past the last line: the document's end
        start = found.end()
    found = LINE_END.search(text, start)
    end = found.start() if found is not None else len(text)
    if encoding == "utf-32" or text[start:end].isascii():
        return min(start + character, end)
    count, index = 0, start
    while index < end and count < character:
        count += _width(text[index], encoding)
        index += 1
    return index


def apply_change(text: str, start: tuple[int, int] | None, end: tuple[int, int] | None, new_text: str,
                 encoding: str = "utf-16") -> str:
    """The text after one content change: the whole document when there is no range."""
    if start is None or end is None:
        return new_text
    first = offset(text, start[0], start[1], encoding)
    last = offset(text, end[0], end[1], encoding)
    if last < first:  # a range given backwards: the protocol's ranges are ordered, be lenient
        first, last = last, first
    return text[:first] + new_text + text[last:]
