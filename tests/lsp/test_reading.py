"""The language server reads what `ledger check` reads, and nothing else: a book opened in the
editor is safe whatever it includes (a cloned repository is not the user's own)."""

from __future__ import annotations

import os

import pytest
from lsprotocol import types as t

from .conftest import diagnostics_until, open_book, uri

pytestmark = pytest.mark.asyncio

SECRET = "api-key = sk-live-0123456789abcdef"


def coded(found, code: str) -> list[t.Diagnostic]:
    return [d for d in found if d.code == code]


def include_line(text: str) -> int:
    return next(n for n, line in enumerate(text.split("\n")) if line.startswith("include"))


@pytest.mark.parametrize("target, code", [
    ("/dev/zero", "include-outside-root"),
    ("/proc/self/environ", "include-outside-root"),
    ("../secret.iij", "include-outside-root"),
    ("link.iij", "include-outside-root"),
    ("pipe.iij", "not-a-file"),
    ("folder.iij", "not-a-file"),
    ("big.iij", "file-too-large"),
])
async def test_an_include_the_ledger_may_not_read_is_reported_not_read(client, books, target, code):
    """Each hostile include gets check's diagnostic at the include line, and the server answers at once
    (a read of /dev/zero or of a FIFO would never end); nothing of the file's text reaches the editor."""
    (books.parent / "secret.iij").write_text(SECRET + "\n", encoding="utf-8")
    os.symlink(books.parent / "secret.iij", books / "link.iij")
    os.mkfifo(books / "pipe.iij")
    (books / "folder.iij").mkdir()
    with open(books / "big.iij", "wb") as big:  # past the 64 MB default, sparse: nothing is written
        big.truncate(65 * 1024 * 1024)
    path = books / "hostile.iij"
    text = f'include "{target}"\n\nitem cash "Cash" JPY stock\n'
    path.write_text(text, encoding="utf-8")
    u = open_book(client, path)
    found = await diagnostics_until(client, u, lambda ds: len(coded(ds, code)) > 0)
    at = coded(found, code)[0]
    assert at.range.start.line == include_line(text)
    shown = " ".join(d.message + " ".join(r.message for r in d.related_information or ()) for d in found)
    assert "sk-live" not in shown and "PATH=" not in shown


async def test_a_file_that_is_not_a_book_is_not_quoted(client, books):
    """An included file not named .iij that does not parse gets one `not-a-book`, never its lines."""
    (books / "notes.txt").write_text(SECRET + "\n", encoding="utf-8")
    path = books / "quotes.iij"
    text = 'include "notes.txt"\n'
    path.write_text(text, encoding="utf-8")
    open_book(client, path)
    # the finding is placed in the file that does not parse, as `ledger check` places it
    found = await diagnostics_until(client, uri(books / "notes.txt"), lambda ds: len(coded(ds, "not-a-book")) > 0)
    shown = " ".join(d.message for d in found)
    assert "sk-live" not in shown and not coded(found, "syntax")
