"""The server's standard input, read as pygls reads it (a header line, then a body of so many bytes),
by a thread of its own that reads the pipe as soon as the editor writes to it.

Reading ahead lets the server say whether more of what the editor sent is waiting, unread, and
hear a message while the event loop is still busy with an earlier one. An editor that sends a
burst of changes (one `didChange` a keystroke, a macro, a paste typed by a plugin) would otherwise
have each version checked and published in turn, seconds of diagnostics for texts it no longer
has; the server holds its check while more is waiting (server.flush). And a `$/cancelRequest`, or a
change to a book being checked, is heard while the work it makes useless runs, which is then
stopped (interrupt.py) instead of finishing before the message is even read.
"""

from __future__ import annotations

import codecs
import json
import os
import re
import threading
from typing import BinaryIO, Callable

CHUNK = 65536
EDITOR_BYTES = "ledger-lsp-editor-bytes"  # the decoding error handler below


def _as_the_editor_counts(exc: UnicodeDecodeError) -> tuple[str, int]:
    """Bytes that are not UTF-8, read as characters where Neovim, which sends its buffer's bytes as they
    are, counts them: a lead byte followed by as many continuation bytes as it announces (an encoded
    surrogate, an overlong form, a code point past U+10FFFF: forbidden, yet well formed) is one
    character, and any other bad byte (a stray continuation byte, a sequence cut short) is one of its
    own. Each is U+FFFD, or a character past U+FFFF where it counts two UTF-16 units. Python's
    "replace" makes one U+FFFD of a sequence cut short, and three of an encoded surrogate: every
    position after them on the line was off by the difference."""
    data, start = exc.object, exc.start
    lead = data[start]
    size = 2 if 0xC0 <= lead < 0xE0 else 3 if lead < 0xF0 else 4 if lead < 0xF8 else 5 if lead < 0xFC else \
        6 if lead < 0xFE else 1
    if lead < 0xC0 or start + size > len(data) or any(not 0x80 <= b < 0xC0 for b in data[start + 1:start + size]):
        return "\ufffd", start + 1
    code = lead & (0x7F >> size)
    for b in data[start + 1:start + size]:
        code = code << 6 | b & 0x3F
    return ("\ufffd" if code <= 0xFFFF else "\U0010fffd"), start + size


codecs.register_error(EDITOR_BYTES, _as_the_editor_counts)
_LENGTH = re.compile(rb"^content-length[ \t]*:[ \t]*(\d+)[ \t]*\r?$", re.IGNORECASE | re.MULTILINE)


class Input:
    def __init__(self, stream: BinaryIO, heard: Callable[[dict], None] | None = None) -> None:
        self.fd = stream.fileno()
        self.buffer = bytearray()  # read from the pipe, not yet taken by pygls
        self.ended = False
        self.last = b""  # the last message's body
        self.heard = heard  # told of each message as it arrives, on the reading thread
        self._unheard = bytearray()  # what the reading thread has not yet cut into messages
        self._more = threading.Condition()
        threading.Thread(target=self._pump, name="ledger-lsp-stdin", daemon=True).start()

    def _pump(self) -> None:
        while True:
            try:
                chunk = os.read(self.fd, CHUNK)
            except OSError:
                chunk = b""
            with self._more:
                if chunk:
                    self.buffer += chunk
                else:
                    self.ended = True
                self._more.notify_all()
            if not chunk:
                return
            if self.heard is not None:
                self._unheard += chunk
                self._tell()

    def _tell(self) -> None:
        """Cut what has arrived into messages, as pygls will (headers up to a blank line, then the body
        their Content-Length says), and tell `heard` of each. What is no message is passed over here:
        pygls reads it again and answers it."""
        while True:
            end = self._unheard.find(b"\r\n\r\n")
            if end < 0:
                return
            found = _LENGTH.search(bytes(self._unheard[:end + 2]))
            if found is None:
                del self._unheard[:end + 4]
                continue
            start, size = end + 4, int(found.group(1))
            if len(self._unheard) < start + size:
                return
            body = bytes(self._unheard[start:start + size])
            del self._unheard[:start + size]
            try:
                message = json.loads(body.decode("utf-8", "replace"))
            except (ValueError, RecursionError):
                continue
            if isinstance(message, dict):
                try:
                    self.heard(message)
                except Exception:  # noqa: BLE001 - hearing early is a shortcut; pygls reads it anyway
                    pass

    def readline(self) -> bytes:
        start = 0
        with self._more:
            while True:
                at = self.buffer.find(b"\n", start)
                if at >= 0:
                    return self._take(at + 1)
                if self.ended:
                    return self._take(len(self.buffer))
                start = len(self.buffer)
                self._more.wait()

    def read(self, size: int) -> bytes:
        """A message's body. One that is not UTF-8 (a client that sent a Latin-1 file's bytes as they
        are) has its bad bytes read as U+FFFD, as many as the editor counts characters there
        (_as_the_editor_counts): the document is checked as the editor shows it, at the editor's
        positions, rather than the message lost with a traceback. The body is kept, to answer a request that is no JSON
        by its id (server.report_server_error)."""
        with self._more:
            while len(self.buffer) < size and not self.ended:
                self._more.wait()
            body = self._take(min(size, len(self.buffer)))
        try:
            body.decode("utf-8")
        except UnicodeDecodeError:
            body = body.decode("utf-8", EDITOR_BYTES).encode("utf-8")
        self.last = body
        return body

    def _take(self, size: int) -> bytes:
        found = bytes(self.buffer[:size])
        del self.buffer[:size]
        return found

    def waiting(self) -> bool:
        """Whether bytes the editor sent are read and not yet taken by pygls. Asked from the event loop
        while the reading thread fills the buffer: a stale answer costs one check, or one short wait."""
        return bool(self.buffer)
