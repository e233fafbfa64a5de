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
        while len(self.buffer) < size and not self.ended:
            self._fill()
        return self._take(min(size, len(self.buffer)))

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
