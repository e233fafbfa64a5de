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


def unicode_text(text: str) -> str:
    """`text` with each byte of a file name that is not UTF-8 (which Python holds as a lone
    surrogate, U+DC80..U+DCFF) shown as U+FFFD: a book's comment, a report's page or a JSON
    document that names such a file is then UTF-8 that encodes, where it raised
    UnicodeEncodeError (exit 3) or, in JSON, was a lone surrogate escape a strict parser refuses."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return text


def json_text(document) -> str:
    """`document` as indented JSON, a line end after it, every string in it UTF-8 that encodes:
    a path of bytes that are not UTF-8 was written as a lone surrogate escape ("\\udce9"), which
    strict JSON parsers refuse; its bytes are U+FFFD now (`unicode_text`)."""
    import json  # only for the json formats: not every command pays its import

    text = json.dumps(document, indent=2)
    if "\\ud" in text:  # an escaped surrogate: a pair (an emoji) is left as it is, a lone one mended
        text = json.dumps(_unicode(document), indent=2)
    return text + "\n"


def _unicode(value):
    if isinstance(value, str):
        return unicode_text(value)
    if isinstance(value, dict):
        return {_unicode(k): _unicode(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_unicode(v) for v in value]
    return value
