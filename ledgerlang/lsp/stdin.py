"""The server's standard input, read as pygls reads it (a header line, then a body of so many bytes),
and able to say whether more of what the editor sent is waiting, unread.

An editor that sends a burst of changes (one `didChange` a keystroke, a macro, a paste typed by a
plugin) would otherwise have each version checked and published in turn, seconds of diagnostics
for texts it no longer has; the server holds its check while more is waiting (server.flush).
"""

from __future__ import annotations

import os
import select
from typing import BinaryIO

CHUNK = 65536


class Input:
    def __init__(self, stream: BinaryIO) -> None:
        self.fd = stream.fileno()
        self.buffer = bytearray()  # read from the pipe, not yet taken by pygls
        self.ended = False
        self.last = b""  # the last message's body

    def _fill(self) -> None:
        chunk = os.read(self.fd, CHUNK)
        if not chunk:
            self.ended = True
        self.buffer += chunk

    def readline(self) -> bytes:
        start = 0
        while True:
            at = self.buffer.find(b"\n", start)
            if at >= 0:
                return self._take(at + 1)
            if self.ended:
                return self._take(len(self.buffer))
            start = len(self.buffer)
            self._fill()

    def read(self, size: int) -> bytes:
        """A message's body. One that is not UTF-8 (a client that sent a Latin-1 file's bytes as they
        are) has each bad byte read as U+FFFD: the document is checked as the editor shows it, rather
        than the message lost with a traceback. The body is kept, to answer a request that is no JSON
        by its id (server.report_server_error)."""
        while len(self.buffer) < size and not self.ended:
            self._fill()
        body = self._take(min(size, len(self.buffer)))
        try:
            body.decode("utf-8")
        except UnicodeDecodeError:
            body = body.decode("utf-8", "replace").encode("utf-8")
        self.last = body
        return body

    def _take(self, size: int) -> bytes:
        found = bytes(self.buffer[:size])
        del self.buffer[:size]
        return found

    def waiting(self) -> bool:
        """Whether bytes the editor sent are read and not yet taken, or wait in the pipe. Asked from
        the event loop while pygls's thread reads: a stale answer costs one check, or one short wait."""
        if self.buffer:
            return True
        try:
            return bool(select.select([self.fd], [], [], 0)[0])
        except (OSError, ValueError):  # a pipe select cannot watch (Windows): only what is read
            return False
