"""What a book holds is shown on a terminal, never obeyed by it: control characters, C1's CSI and
bidirectional overrides in a file's name, a label, a title or a source line (ledgerlang/visible.py)."""

from __future__ import annotations

import json
import re

from hypothesis import assume, given
from hypothesis import strategies as st

from ledgerlang.visible import visible, width
from support import ledger

# every character a text format must not send: C0 but tab and line end, DEL, C1, bidi controls
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@given(st.text())
def test_nothing_a_terminal_acts_on_is_left_and_safe_text_is_untouched(text):
    shown = visible(text)
    assert UNSAFE.search(shown) is None
    assert width(text) == len(shown) and visible(shown) == shown
    if UNSAFE.search(text) is None:
        assert shown is text


@given(st.text())
def test_what_is_shown_reads_back_as_the_text(text):
    """Each character shows as itself, its control picture or its escape, in order: nothing is lost."""
    assume("\\" not in text and not re.search("[\u2400-\u2426]", text))
    back = re.sub(r"\\x([0-9a-f]{2})|\\u([0-9a-f]{4})", lambda m: chr(int(m.group(1) or m.group(2), 16)),
                  visible(text))
    back = re.sub("[\u2400-\u241f]", lambda m: chr(ord(m.group()) - 0x2400), back).replace("\u2421", "\x7f")
    assert back == text


def test_a_control_picture_is_one_column_and_an_escape_is_spelled_out():
    assert visible("a\x1b[31mb\tc\n") == "a\u241b[31mb\tc\n"  # ESC as ␛; tab and line end kept
    assert visible("\x7f\x9b\u202e") == "\u2421\\x9b\\u202e"


HOSTILE = ('entity x "X"\ncurrency JPY\n'
           'item rev "Rev \x1b]0;pwned\x07 \x9b \u202e" JPY flow\nitem cost "Cost" JPY flow\n'
           'item gp "GP" JPY flow\n  = rev - cost\n'
           'table "T\x1b[2J" in JPY millions\n  columns 1Q03\n  rev 5 # \x1b[31m\n  cost 2\n  gp 4\n')


def test_every_text_format_shows_the_book_and_the_data_formats_keep_it(tmp_path):
    name = "b\x1b[1m.iij"
    (tmp_path / name).write_text(HOSTILE, encoding="utf-8")
    (tmp_path / "bad.iij").write_text('entity y "Y"\ncurrency JPY\nitem z "\x9b\x1b" JPY flow junk\n',
                                      encoding="utf-8")
    book = str(tmp_path / name)
    outputs = [ledger("check", str(tmp_path)), ledger("eval", book), ledger("eval", "--format", "markdown", book),
               ledger("facts", book), ledger("explain", book, "gp@1Q03"), ledger("diff", book, book),
               ledger("eval", "--format", "json", str(tmp_path / "missing.iij"))]
    for result in outputs:
        assert UNSAFE.search(result.stdout) is None and UNSAFE.search(result.stderr) is None, result.args
    checked = outputs[0].stdout
    assert "b\u241b[1m.iij" in ledger("check", "--progress", book).stderr  # the progress line too
    assert "Rev \u241b]0;pwned\u2407 \\x9b \\u202e" in outputs[1].stdout
    assert '"T\u241b[2J"' in outputs[3].stdout
    # the caret stays under the token the error names, after a character shown four columns wide
    lines = checked.splitlines()
    at = next(k for k, text in enumerate(lines) if "bad.iij" in text and "'junk'" in text)
    line, carets = lines[at + 1], lines[at + 2]
    assert '"\\x9b\u241b"' in line
    assert line[carets.index("^"):carets.index("^") + carets.count("^")] == "junk"
    # JSON is data: the label as the book has it, escaped by JSON itself
    evaluated = ledger("eval", "--format", "json", book).stdout
    assert UNSAFE.search(evaluated) is None
    assert "Rev \x1b]0;pwned\x07 \x9b \u202e" in _strings(json.loads(evaluated))


def _strings(value):
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def test_the_search_finds_exactly_the_characters_shown():
    """The pattern that finds them (ranges, compiled quickly) and the table that shows them agree."""
    from ledgerlang.visible import _PATTERN, _SHOWN

    pattern = re.compile(_PATTERN)
    assert {code for code in range(0x110000) if pattern.match(chr(code))} == set(_SHOWN)
