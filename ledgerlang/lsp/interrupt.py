"""Stop the server's work when what it is for is gone: a request the editor cancelled, a check of a
text the editor has changed since.

The server does its work on the event loop, one message at a time, and a request or a check of a
large ledger takes seconds (formatting a 100,000-fact book, checking it again after an edit).
The messages that make that work useless ($/cancelRequest, a newer didChange) are heard as they
arrive by the thread that reads standard input (stdin.Input). That thread raises `Interrupted` in
the loop's thread, through CPython's asynchronous exceptions, which land at the next bytecode
the loop runs: the work stops there, and the loop goes on to the message that stopped it.

Work is stopped only inside `watching` and never while the server writes to the editor (`shielded`):
a message cut in half would break the stream for good. What a check keeps from one run to the
next (parses, tables, culprits; ledger.Workspace) is replaced whole once computed, never updated
in place, so work stopped anywhere leaves it as it was before.
"""

from __future__ import annotations

import ctypes
import threading
from contextlib import contextmanager

CANCEL = "$/cancelRequest"
CHANGES = ("textDocument/didChange", "textDocument/didClose", "textDocument/didOpen")
KEPT = 1000  # ids of cancelled requests remembered, for a cancel heard before its request runs

try:
    _set_async_exc = ctypes.pythonapi.PyThreadState_SetAsyncExc
except (AttributeError, OSError):  # an interpreter without CPython's API: work runs to its end
    _set_async_exc = None


class Interrupted(BaseException):
    """Work stopped because its result is no longer wanted. A BaseException, so that no handler's
    `except Exception` (which logs a bug and carries on) takes it for one."""


class Cancelled(Interrupted):
    """The editor cancelled the request the work answers."""


class Modified(Interrupted):
    """The editor changed a document the work reads."""


class Interrupter:
    """What the loop's thread is doing that may be stopped, and the messages that stop it."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.thread: int | None = None  # the loop's thread, while it watches
        self.request = None  # the id of the request being answered
        self.uris: frozenset[str] = frozenset()  # documents whose change makes the work stale
        self.shield = 0  # > 0: the loop writes to the editor, and is not stopped
        self.due: type[Interrupted] | None = None  # a stop heard while shielded, raised after
        self.cancelled: dict = {}  # ids of requests cancelled before they ran (insertion-ordered)

    # -- the reading thread ---------------------------------------------------------------------

    def heard(self, message: dict) -> None:
        """A message from the editor, heard as it arrives (stdin.Input's thread)."""
        method = message.get("method")
        params = message.get("params")
        if not isinstance(params, dict):
            return
        if method == CANCEL:
            found = params.get("id")
            if not isinstance(found, (int, str)) or isinstance(found, bool):
                return
            with self.lock:
                if self.thread is not None and self.request is not None and found == self.request:
                    self._stop(Cancelled)
                else:
                    self.cancelled[found] = True
                    while len(self.cancelled) > KEPT:
                        del self.cancelled[next(iter(self.cancelled))]
        elif method in CHANGES:
            document = params.get("textDocument")
            uri = document.get("uri") if isinstance(document, dict) else None
            with self.lock:
                if self.thread is not None and uri in self.uris:
                    self._stop(Modified)

    def _stop(self, kind: type[Interrupted]) -> None:
        if self.shield:
            self.due = self.due or kind
            return
        self._raise(kind)

    def _raise(self, kind: type[Interrupted]) -> None:
        if _set_async_exc is None or self.thread is None:
            return
        thread = self.thread
        self.thread, self.request, self.uris = None, None, frozenset()  # one stop per watch
        _set_async_exc(ctypes.c_ulong(thread), ctypes.py_object(kind))

    # -- the loop's thread ----------------------------------------------------------------------

    @contextmanager
    def watching(self, request=None, uris=frozenset()):
        """Run the block so that a cancel of `request`, or a change to one of `uris`, stops it with
        Interrupted (Cancelled, Modified). A request cancelled before it began is not begun."""
        with self.lock:
            if request is not None and self.cancelled.pop(request, None):
                raise Cancelled()
        if _set_async_exc is None:
            yield
            return
        with self.lock:
            self.thread = threading.get_ident()
            self.request, self.uris = request, frozenset(uris)
            # A stop that landed as a shielded block began would leave its count up for good: each watch
            # starts from none (no write to the editor is under way when work begins).
            self.shield, self.due = 0, None
        try:
            yield
        finally:
            self._unwatch()

    def _unwatch(self) -> None:
        # A stop raised as the block ended lands here, or is still pending: either way it is dropped
        # (the work is done), and the lock is taken again until it is certain none is left.
        while True:
            try:
                with self.lock:
                    self.thread, self.request, self.uris = None, None, frozenset()
                    _set_async_exc(ctypes.c_ulong(threading.get_ident()), None)
                return
            except Interrupted:
                continue

    @contextmanager
    def shielded(self):
        """A block that is never cut short (a message written to the editor); a stop heard meanwhile
        is raised once it is done."""
        with self.lock:
            self.shield += 1
        try:
            yield
        finally:
            with self.lock:
                self.shield = max(self.shield - 1, 0)
                due, self.due = (self.due, None) if not self.shield else (None, self.due)
                if due is not None and self.thread is not None:
                    self._raise(due)
