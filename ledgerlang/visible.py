"""Text from a book, or a file's name, made safe to show on a terminal.

A book is often someone else's, and what `ledger` prints as text quotes it: a
source line under a diagnostic, an item's label in a statement, a table's
title, a file's name. A terminal obeys the control characters in what it is
sent (ESC starts a sequence that can recolour, retitle or rewrite the screen;
C1's CSI does the same in one byte), and bidirectional overrides reorder what
the reader sees ("Trojan Source"). So the text formats show each such
character instead of sending it, as compilers show them in quoted source:

- a C0 control as its Unicode control picture (ESC as ␛), one column wide, so
  a caret under a quoted line stays under its figure; a tab and a line end
  are kept;
- DEL as ␡;
- a C1 control, and a bidirectional embedding, override or isolate, as its
  escape (`\\x9b`, `\\u202e`).

The data formats (JSON, CSV) and every file ledgerlang writes keep the text as
it is, but for the HTML report, whose reader is a person as the terminal's is
(report/), and the workbook (render/xlsx.py), whose XML cannot hold a C0
control: both show them as the text formats do.
"""

from __future__ import annotations

from ledgerlang import regexes

_SHOWN: dict[int, str] = {code: chr(0x2400 + code) for code in range(0x20) if code not in (0x09, 0x0A)}
_SHOWN[0x7F] = "\u2421"
_SHOWN.update({code: f"\\x{code:02x}" for code in range(0x80, 0xA0)})
_SHOWN.update({code: f"\\u{code:04x}" for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))})


# The characters of _SHOWN, as ranges (a class of seventy single characters took 3.5 M
# instructions to compile, at every start); compiled on first use.
_PATTERN = "[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"
_unsafe = None


def visible(text: str) -> str:
    """`text` with every character a terminal would act on shown instead (see above). Text
    without any (nearly all) is returned as it is, after one search in C."""
    global _unsafe
    if _unsafe is None:
        _unsafe = regexes.compile(_PATTERN)
    if _unsafe.search(text) is None:
        return text
    return _unsafe.sub(lambda found: _SHOWN[ord(found.group())], text)


def width(text: str) -> int:
    """How many characters `text` takes once made `visible`: where a caret must go."""
    return len(visible(text))
