"""A raw JSON-RPC client over stdio: what an editor sends, byte for byte, including what no library
client would send (a negative position, a request after `shutdown`).

It starts this project's `python -m ledgerlang lsp`, reads every message the server writes and
every line of its stderr on threads, and lets a test wait for a response or a notification.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import quote

from support import ROOT

WAIT = 60  # seconds: a generous bound for a loaded machine, never a timing assertion


def uri(path) -> str:
    return "file://" + quote(os.path.abspath(str(path)))


class Wire:
    def __init__(self, cwd: Path | None = None, command: list[str] | None = None) -> None:
        """`command`: the server's, where it is not `python -m ledgerlang lsp` (stopping.py)."""
        command = command or [sys.executable, "-m", "ledgerlang", "lsp"]
        self.proc = subprocess.Popen(command, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=cwd or ROOT,
                                     env=dict(os.environ, PYTHONPATH=str(ROOT)))
        self.responses: dict[int, dict] = {}
        self.notes: list[dict] = []
        self.requests: list[dict] = []  # the server's own requests (client/registerCapability)
        self.stderr: list[str] = []
        self.ids = 0
        self.versions: dict[str, int] = {}
        self.changed = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._read_stderr, daemon=True).start()

    # -- the wire ---------------------------------------------------------------------------------

    def _read(self) -> None:
        out = self.proc.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    with self.changed:
                        self.changed.notify_all()
                    return
                if line in (b"\r\n", b"\n"):
                    break
                name, _, value = line.decode("ascii").partition(":")
                if name.strip().lower() == "content-length":
                    length = int(value)
            message = json.loads(out.read(length).decode("utf-8"))
            with self.changed:
                if "id" in message and "method" in message:  # a request of the server's: answered empty
                    self.requests.append(message)
                    self.send({"jsonrpc": "2.0", "id": message["id"], "result": None})
                elif "id" in message:
                    self.responses[message["id"]] = message
                else:
                    self.notes.append(message)
                self.changed.notify_all()

    def _read_stderr(self) -> None:
        for line in self.proc.stderr:
            self.stderr.append(line.decode("utf-8", "replace"))

    def send(self, *messages: dict) -> None:
        """Messages written at once (several: a burst, as an editor sends keystrokes)."""
        for message in messages:
            body = json.dumps(message).encode("utf-8")
            self.proc.stdin.write(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
        self.proc.stdin.flush()

    def wait(self, predicate, what: str):
        """The first true value of `predicate` (asked again at each message the server sends)."""
        found = []

        def done():
            value = predicate()
            if value:
                found.append(value)
            return bool(value) or self.proc.poll() is not None

        with self.changed:
            if not self.changed.wait_for(done, WAIT):
                raise TimeoutError(f"no {what} in {WAIT} s")
        if found:
            return found[0]
        if True:
            raise AssertionError(f"the server exited ({self.proc.returncode}) before {what}: {''.join(self.stderr)}")
        return found

    def request(self, method: str, params) -> dict:
        """The whole response: its `result` or its `error`."""
        self.ids += 1
        number = self.ids
        self.send({"jsonrpc": "2.0", "id": number, "method": method, "params": params})
        return self.wait(lambda: self.responses.pop(number, None), f"response to {method}")

    def notify(self, method: str, params) -> None:
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    # -- the protocol -----------------------------------------------------------------------------

    def initialize(self, folders=(), root=None, options=None, workspace=None) -> dict:
        """`workspace`: more of the client's workspace capabilities."""
        params = {"processId": os.getpid(), "rootUri": uri(root) if root else None,
                  "capabilities": {"workspace": {"workspaceFolders": True, **(workspace or {})},
                                   "textDocument": {"publishDiagnostics": {"versionSupport": True}}}}
        if folders:
            params["workspaceFolders"] = [{"uri": uri(f), "name": Path(f).name} for f in folders]
        if options is not None:
            params["initializationOptions"] = options
        found = self.request("initialize", params)
        self.notify("initialized", {})
        return found

    def open(self, path, text: str, version: int = 1, language: str = "ledgerlang", the_uri: str | None = None) -> str:
        """Open a document (a file's path, or any URI as `the_uri`); returns its URI."""
        u = the_uri or uri(path)
        self.versions[u] = version
        self.notify("textDocument/didOpen", {"textDocument": {"uri": u, "languageId": language, "version": version,
                                                              "text": text}})
        return u

    def edit(self, u: str, start: tuple[int, int], end: tuple[int, int], text: str, send: bool = True):
        """One incremental change; returns the new version (with send=False, the message, unsent)."""
        self.versions[u] = self.versions.get(u, 0) + 1
        message = {"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": u, "version": self.versions[u]},
            "contentChanges": [{"range": {"start": {"line": start[0], "character": start[1]},
                                          "end": {"line": end[0], "character": end[1]}}, "text": text}]}}
        if not send:
            return message
        self.send(message)
        return self.versions[u]

    def published(self, u: str) -> list[dict] | None:
        """The last diagnostics published for a URI, or None."""
        for note in reversed(self.notes):
            if note.get("method") == "textDocument/publishDiagnostics" and note["params"]["uri"] == u:
                return note["params"]["diagnostics"]
        return None

    def diagnostics(self, u: str, version: int | None = None) -> list[dict]:
        """The diagnostics published for a URI (for that version of it, when given)."""
        def found():
            for note in reversed(self.notes):
                params = note.get("params") or {}
                if note.get("method") == "textDocument/publishDiagnostics" and params["uri"] == u:
                    if version is None or params.get("version") == version:
                        return params
            return None
        return self.wait(found, f"diagnostics of {u} (version {version})")["diagnostics"]

    def messages(self) -> list[dict]:
        return [n["params"] for n in self.notes if n.get("method") in ("window/showMessage", "window/logMessage")]

    def close(self) -> int:
        if self.proc.poll() is None:
            try:
                self.request("shutdown", None)
                self.notify("exit", None)
            except (OSError, TimeoutError, AssertionError):
                pass
            try:
                self.proc.wait(WAIT)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.proc.returncode
