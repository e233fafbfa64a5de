"""`ledger lsp` with a stop that comes when a test says: a `$/stopAt` notification arms the server's
Interrupter to hear, that many seconds into the next request (or check) it watches, the
`$/cancelRequest` of that request (or a didChange of the checked document), as if the editor had sent it
then.

Run as `python tests/lsp/stopping.py`, in place of `python -m ledgerlang lsp`. The stop is the real
one: heard on another thread, as the thread that reads stdin hears it, and raised by interrupt.py
in the loop's thread wherever that is at the time. Only the moment is chosen, so that a test can stop
the same work at many points of it rather than where its own messages happen to arrive. A client may
send `$/` notifications a server does not know; the Interrupter hears every message first and takes
this one.
"""

from __future__ import annotations

import sys
import threading

from ledgerlang.lsp import interrupt, server


class Stopping(interrupt.Interrupter):
    def __init__(self) -> None:
        super().__init__()
        self.armed: float | None = None  # seconds into the next watched work at which it is stopped

    def heard(self, message: dict) -> None:
        if message.get("method") == "$/stopAt":
            self.armed = message["params"]["seconds"]
            return
        super().heard(message)

    def watching(self, request=None, uris=frozenset()):
        seconds, self.armed = self.armed, None
        inner = super().watching(request, uris)
        if seconds is None:
            return inner
        if request is not None:
            message = {"method": interrupt.CANCEL, "params": {"id": request}}
        else:
            message = {"method": interrupt.CHANGES[0], "params": {"textDocument": {"uri": next(iter(uris))}}}
        return _Timed(inner, threading.Timer(seconds, super().heard, (message,)))


class _Timed:
    """A watch with a timer that sends its stop, started as the work begins and dropped as it ends."""

    def __init__(self, inner, timer: threading.Timer) -> None:
        self.inner, self.timer = inner, timer

    def __enter__(self):
        found = self.inner.__enter__()
        self.timer.start()
        return found

    def __exit__(self, *exc):
        self.timer.cancel()
        return self.inner.__exit__(*exc)


if __name__ == "__main__":
    server.Interrupter = Stopping
    sys.argv[1:] = ["lsp"]
    from ledgerlang.cli.main import command

    command()
