"""The language server: pygls over stdio, answering from the checked ledger of each file.

Every handler is guarded: an exception is a bug in ledgerlang, never in
what was typed, so it is logged to the client (window/logMessage, with
the traceback) and the server answers with nothing and keeps serving.
Diagnostics are published after the changes that arrived together have
been applied, once per ledger.
"""

from __future__ import annotations

import asyncio
import functools
import json
import logging
import os
import re
import sys
import traceback

from lsprotocol import types as t
from pygls.exceptions import (JsonRpcException, JsonRpcInvalidParams, JsonRpcInvalidRequest, JsonRpcParseError,
                               JsonRpcRequestCancelled, JsonRpcServerNotInitialized)
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol, lsp_method
from pygls.protocol.json_rpc import JsonRPCRequestMessage
from pygls.uris import from_fs_path, to_fs_path

from ledgerlang import __version__
from ledgerlang.load import under
from ledgerlang.lsp import actions, complete, convert, document, hints, hover, navigate, rename, tokens
from ledgerlang.lsp.interrupt import Interrupted, Interrupter
from ledgerlang.lsp.ledger import Analysis, Workspace, is_virtual, normal
from ledgerlang.lsp.stdin import Input

MAX_DIAGNOSTICS = 1000  # per file and publication: a paste of thousands of lines must not flood the editor
UNREADABLE = (json.JSONDecodeError, UnicodeDecodeError, RecursionError)  # a message that is no JSON (to read)
_ID = re.compile(rb'"id"\s*:\s*(-?\d+|"(?:[^"\\]|\\.)*")')


class _Answered(logging.Filter):
    """pygls logs with its traceback, on stderr, a message that is no JSON and a request answered with
    a protocol error (workspace/executeCommand of no command): each is answered, not a bug."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.exc_info and isinstance(record.exc_info[1], (*UNREADABLE, JsonRpcException)))


# the loop that reads messages logs with the server's logger, the protocol with its own
for _name in ("pygls.server", "pygls.io_", "pygls.protocol.json_rpc"):
    logging.getLogger(_name).addFilter(_Answered())
HOLD, HOLD_AT_MOST = 0.005, 0.5  # seconds: a check held while more input waits (LedgerServer.held)
DEFAULT_SETTINGS = {"inlayHints": {"figures": True, "statements": True}, "codeLens": True}

_SYMBOL_KINDS = {
    "table": t.SymbolKind.Struct, "statement": t.SymbolKind.Class, "item": t.SymbolKind.Field,
    "claim": t.SymbolKind.String, "guidance": t.SymbolKind.Event, "rate": t.SymbolKind.Constant,
    "unit": t.SymbolKind.TypeParameter, "entity": t.SymbolKind.Module, "rule": t.SymbolKind.Function,
    "assert": t.SymbolKind.Boolean, "accept": t.SymbolKind.Key, "include": t.SymbolKind.File,
    "document": t.SymbolKind.File, "row": t.SymbolKind.Field,
}
_COMPLETION_KINDS = {
    "item": t.CompletionItemKind.Field, "period": t.CompletionItemKind.Value, "shift": t.CompletionItemKind.Value,
    "function": t.CompletionItemKind.Function, "keyword": t.CompletionItemKind.Keyword,
    "unit": t.CompletionItemKind.Unit, "rate": t.CompletionItemKind.Constant,
    "constant": t.CompletionItemKind.EnumMember, "file": t.CompletionItemKind.File,
    "folder": t.CompletionItemKind.Folder,
}


_ANSWERED = object()  # a message already answered while it was read (its parameters were invalid)


class LedgerProtocol(LanguageServerProtocol):
    """pygls's protocol, with the protocol's rules where pygls departs from them: a request whose
    parameters are invalid is answered InvalidParams (not left unanswered), one before `initialize`
    ServerNotInitialized, one after `shutdown` InvalidRequest, and a document's changes are applied
    by the server (LedgerServer.change) with the protocol's line ends, not str.splitlines's."""

    def structure_message(self, data):
        if not isinstance(data, dict) or "jsonrpc" not in data or "method" not in data:
            return super().structure_message(data)
        method = data.get("method")
        kind = self.get_message_type(method) if isinstance(method, str) else None
        if kind is None:
            return super().structure_message(data)
        try:
            return self._converter.structure(data, kind)
        except Exception as exc:  # noqa: BLE001 - what a client sent: answered, never a traceback
            reason = _first_line(exc)
            if "id" in data:
                self._send_response(data["id"], error=JsonRpcInvalidParams(
                    f"invalid parameters for {method}: {reason}").to_response_error())
            else:
                self._server.log(f"ledger lsp: ignored {method}: invalid parameters: {reason}", t.MessageType.Warning)
                if method == t.TEXT_DOCUMENT_DID_CHANGE:
                    self._server.lose(data, reason)
            return _ANSWERED

    def handle_message(self, message):
        if message is _ANSWERED:
            return
        method = getattr(message, "method", None)
        if self._workspace is None and method not in (None, t.INITIALIZE, t.EXIT):
            # Before `initialize` there is no workspace: a request is answered ServerNotInitialized (as
            # the protocol says), not with a null that reads as "nothing here", and a notification
            # (a didOpen) is dropped with a word in the log instead of a traceback.
            if getattr(message, "id", None) is not None:
                self._send_response(message.id, error=JsonRpcServerNotInitialized(
                    f"{method} before initialize is not answered").to_response_error())
            else:
                self._server.log(f"ledger lsp: ignored {method}, sent before initialize", t.MessageType.Warning)
            return
        if self._shutdown and method != t.EXIT:
            if method is not None and getattr(message, "id", None) is not None:
                self._send_response(message.id, error=JsonRpcInvalidRequest(
                    f"the server is shutting down: {method} is not answered").to_response_error())
            return
        super().handle_message(message)

    def _handle_request(self, msg_id, method_name, params):
        # The id of the request being answered, for the handler to stop at its cancel (guarded).
        self.answering = msg_id
        try:
            return super()._handle_request(msg_id, method_name, params)
        finally:
            self.answering = None

    def _handle_cancel_notification(self, msg_id):
        # A cancel of a request already answered (stopped by it, or done first) is the protocol's
        # ordinary race, not something for pygls's warning on stderr, which editors show as an error.
        if msg_id in self._request_futures:
            super()._handle_cancel_notification(msg_id)
        else:
            self._server.interrupter.cancelled.pop(msg_id, None)

    def _send_data(self, data):
        # A message is written whole: work is never stopped halfway through writing one.
        with self._server.interrupter.shielded():
            return super()._send_data(data)

    @lsp_method(t.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(self, params: t.DidChangeTextDocumentParams):
        # pygls's own copy (str.splitlines's lines) is not kept: the server's is the document.
        if (handler := self.fm.features.get(t.TEXT_DOCUMENT_DID_CHANGE)) is not None:
            yield handler, (params,), None


def _first_line(exc: BaseException) -> str:
    """What was wrong, from the innermost exception ("Position.line should be in range [0:2147483647], but
    was -1."), not the wrapper's "While structuring DidChangeTextDocumentNotification (1 sub-exception)"."""
    inner = getattr(exc, "exceptions", None)
    if inner:
        return _first_line(inner[0])
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


class LedgerServer(LanguageServer):
    def __init__(self, workspace: Workspace | None = None) -> None:
        super().__init__("ledger-lsp", __version__, text_document_sync_kind=t.TextDocumentSyncKind.Incremental,
                         protocol_cls=LedgerProtocol)
        self.versions: dict[str, int] = {}  # path -> the version of the open document
        self.root_uri_roots: list[str] = []  # the rootUri, where the client named no workspace folder
        self.books = workspace or Workspace()
        self.settings = {key: (dict(value) if isinstance(value, dict) else value)
                         for key, value in DEFAULT_SETTINGS.items()}
        self.uris: dict[str, str] = {}
        self.published: dict[str, tuple[str, ...]] = {}  # path -> the ledger its diagnostics came from
        self.sent: dict[str, tuple] = {}  # path -> (findings with their related places, text) last published
        self.pending: set[str] = set()
        self.flushing = False
        self.told_cut: set[str] = set()  # workspace folders whose cut scan was said (tell_cut)
        self.input: Input | None = None  # stdin, when the server reads it (start_io)
        self.holding: float | None = None  # when the check began to wait for more input (held)
        self.lost: dict[str, str] = {}  # open documents whose text the server lost track of (lose), and why
        self.exiting = False  # the editor said `exit`: nothing is checked or sent any more
        self.logging = False  # a log message is being sent (log)
        self.interrupter = Interrupter()  # stops work made useless by a message heard meanwhile
        # ledger -> the analysis whose findings were published (a plain dict: a WeakSet's callback would
        # run inside work that may be stopped, and a stop inside a callback is printed and lost)
        self.shown: dict[tuple[str, ...], Analysis] = {}

    # -- places -----------------------------------------------------------------------------

    def path_of(self, uri: str) -> str:
        found = to_fs_path(uri)
        # A document that is not a file (untitled:Untitled-1) is named by its URI: nothing on disk.
        path = normal(found) if found else (uri if is_virtual(uri) else f"untitled:{uri}")
        self.uris.setdefault(path, uri)
        return path

    def uri_of(self, path: str) -> str:
        return self.uris.get(path) or from_fs_path(path) or path

    def shown_path(self, path: str) -> str:
        """A book's path as a user tells it from the others: under the root it is checked under (the
        workspace folder that holds it, or --root), with that folder's name first where the editor has
        several; a book under none, whole (its own folder's name alone says nothing)."""
        if is_virtual(path):
            return path
        real = os.path.realpath(path)
        roots = [self.books.root] if self.books.root is not None else [os.path.realpath(r) for r in self.books.roots]
        holding = [root for root in roots if under(real, root)]
        if not holding:
            return path
        root = min(holding, key=lambda r: (len(r), r))
        shown = os.path.relpath(real, root).replace(os.sep, "/")
        if len(roots) > 1:
            shown = f"{os.path.basename(root.rstrip(os.sep))}/{shown}"
        return shown

    def encoding(self) -> str:
        """The position encoding agreed at initialize (UTF-16 until then)."""
        workspace = getattr(self.protocol, "_workspace", None)
        found = str(getattr(workspace, "position_encoding", None) or "utf-16")
        return "utf-8" if "8" in found else ("utf-32" if "32" in found else "utf-16")

    def lines(self, path: str) -> convert.Lines:
        """A file's lines as the editor counts them (its own line ends and byte order mark)."""
        encoding = self.encoding()
        text = self.books.editor_text(path) or ""
        cache = self.__dict__.setdefault("_lines", {})
        found = cache.get(path)
        if found is None or found[0] is not text or found[1].encoding != encoding:
            found = cache[path] = (text, convert.Lines(text, encoding))
        return found[1]

    def report_server_error(self, error, source) -> None:
        """What pygls would show as an "Error in server" pop-up: logged instead (a request's own error
        is already its answer). A message that is no JSON is answered ParseError, by its id where one
        can be read in it (a request left unanswered is an editor waiting for good)."""
        from pygls.exceptions import FeatureRequestError

        if source is FeatureRequestError or self.exiting:
            return
        if isinstance(error, UNREADABLE) and self.input is not None:
            found = _ID.search(self.input.last)
            try:
                msg_id = json.loads(found.group(1)) if found else None
            except ValueError:
                msg_id = None
            reason = _first_line(error)
            self.protocol._send_response(msg_id, error=JsonRpcParseError(
                f"the message is not JSON: {reason}").to_response_error())
            self.log(f"ledger lsp: ignored a message that is not JSON: {reason}", t.MessageType.Warning)
            return
        self.log(f"ledger lsp: {error}", t.MessageType.Warning)

    def change(self, params: t.DidChangeTextDocumentParams) -> str | None:
        """Apply a document's changes, in order; None for a document the client never opened."""
        uri = params.text_document.uri
        path = self.path_of(uri)
        text = self.books.raw.get(path)
        if text is None:
            text = self.adopt(path)
        if text is None:
            self.log(f"ledger lsp: ignored a change to {uri}, which is not open", t.MessageType.Info)
            return None
        encoding = self.encoding()
        for change in params.content_changes:
            rng = getattr(change, "range", None)
            if rng is None:
                text = change.text
                self.lost.pop(path, None)  # the whole text: the editor's again
            elif path in self.lost:
                continue  # a change to a text the server no longer has
            else:
                text = document.apply_change(text, (rng.start.line, rng.start.character),
                                             (rng.end.line, rng.end.character), change.text, encoding)
        self.versions[path] = params.text_document.version
        self.books.set_open(path, text)
        return path

    def adopt(self, path: str, renamed: bool = False) -> str | None:
        """The text of a book changed but never opened, read from disk, or None. Neovim before 0.9 goes
        on sending a buffer's changes under its new name after `:saveas` (which has just written it
        there) with no didClose or didOpen: ignored, the book's findings would stay as they were for
        good. The open document with the same text is the buffer under its old name, which the editor
        will never close: it is closed, so that its text, no longer the editor's, is read from disk
        (or not at all, once deleted). `renamed`: only where there is such a document (a didSave)."""
        if is_virtual(path) or not os.path.isfile(path):
            return None
        text = self.books.text(path)  # as `ledger check` reads it (its line ends are "\n")
        if text is None:
            return None
        twins = [p for p, found in self.books.open.items() if found == text]
        if renamed and not twins:
            return None
        for old in twins:
            self.books.close(old)
            self.versions.pop(old, None)
            self.lost.pop(old, None)
            self.schedule(old)
        self.books.noticed(path)
        self.log(f"ledger lsp: {path} was changed before it was opened (renamed in the editor?): its text is read "
                 "from disk", t.MessageType.Info)
        return text

    def lose(self, data: dict, reason: str) -> None:
        """A change to an open document that cannot be applied (a negative position): the server's copy
        is no longer the editor's, and every later change would land elsewhere. Say so on the document,
        in place of findings that would be wrong, until it is reopened or sent whole."""
        params = data.get("params")
        document = params.get("textDocument") if isinstance(params, dict) else None
        uri = document.get("uri") if isinstance(document, dict) else None
        if not isinstance(uri, str):
            return
        path = self.path_of(uri)
        if path not in self.books.open:
            return
        self.lost[path] = reason
        version = document.get("version")
        if isinstance(version, int):
            self.versions[path] = version
        self.schedule(path)

    def set_roots(self, uris: list[str]) -> None:
        """The workspace's roots: its folders, else the rootUri, else (none) each book's own directory."""
        roots = [normal(p) for p in (to_fs_path(u) for u in uris) if p]
        self.books.set_roots(roots)
        # Diagnostics of closed files that are no longer under a root are cleared: nothing checks them.
        real = [os.path.realpath(r) for r in roots]
        for path in list(self.published):
            if path in self.books.open or any(under(os.path.realpath(path), r) for r in real):
                continue
            self.text_document_publish_diagnostics(t.PublishDiagnosticsParams(uri=self.uri_of(path), diagnostics=[]))
            self.published.pop(path, None)
            self.sent.pop(path, None)
        for path in list(self.books.open):
            self.schedule(path)

    def log(self, message: str, kind: t.MessageType = t.MessageType.Error) -> None:
        # Nothing is sent once the editor said `exit` (the output is closed), and a message that cannot be
        # sent is not reported by another: pygls reports a failed send to report_server_error, which
        # logged it to the editor, which failed again, a traceback longer each time, for minutes.
        if self.exiting or self.logging:
            return
        self.logging = True
        try:
            self.window_log_message(t.LogMessageParams(type=kind, message=message))
        finally:
            self.logging = False

    # -- diagnostics ------------------------------------------------------------------------------

    def schedule(self, path: str) -> None:
        """Check a file's ledger once the changes that arrived with this one are applied."""
        self.pending.add(path)
        if not self.flushing:
            # The flush is scheduled before it is marked: a request stopped between the two (a
            # check run for a hover, interrupt.py) leaves at worst a second flush, which finds
            # nothing to do, never a mark with no flush, which would publish nothing again.
            asyncio.get_running_loop().call_soon(self.flush)
            self.flushing = True

    def start_io(self, stdin=None, stdout=None):
        if stdin is None:
            self.input = Input(sys.stdin.buffer, self.interrupter.heard)
            stdin = self.input
        return super().start_io(stdin, stdout)

    def held(self) -> bool:
        """Whether the check waits for more of what the editor sent (stdin.Input): a burst of changes
        is checked once, at its last version, rather than once a version, each published in turn
        seconds after the editor moved on. At most HOLD_AT_MOST seconds, then it is checked anyway."""
        reader = getattr(self, "input", None)
        if not self.pending or reader is None or not reader.waiting():
            self.holding = None
            return False
        loop = asyncio.get_running_loop()
        if self.holding is None:
            self.holding = loop.time()
        if loop.time() - self.holding >= HOLD_AT_MOST:
            self.holding = None
            return False
        loop.call_later(HOLD, self.flush)
        return True

    def flush(self) -> None:
        if self.exiting:
            self.pending.clear()  # a check held for more input, run while the process ends: its output is closed
            return
        try:
            if self.held():
                return
        except Exception:  # noqa: BLE001 - a bug must not stop the diagnostics: check now
            self.log(f"ledger lsp: internal error while waiting for input\n{traceback.format_exc()}")
            self.holding = None
        self.flushing = False
        done: set[str] = set()
        while self.pending:
            path = self.pending.pop()
            if path in done:
                continue
            if self.gone(path):
                continue
            if path in self.lost:
                self.tell_lost(path)
                continue
            try:
                try:
                    # A check that a newer change to one of its books makes stale is stopped: the change
                    # is read, and the ledger checked once, at its newest text.
                    with self.interrupter.watching(uris=self.open_uris(path)):
                        analysis = self.books.analyse(path)
                except Interrupted:
                    self.pending.add(path)
                    self.schedule(path)
                    return
                self.publish(analysis, path)
                done.update(analysis.paths)
                self.tell_cut()
            except Exception as exc:  # noqa: BLE001 - a bug must not stop the server
                self.log(f"ledger lsp: internal error while checking {path}\n{traceback.format_exc()}")
                self.failed(path, exc)

    def open_uris(self, path: str) -> set[str]:
        """The URIs of the open documents in a file's ledger: a change to one makes its check stale."""
        return {self.uri_of(p) for p in self.books.ledger_of(path) if p in self.books.open} | {self.uri_of(path)}

    def tell_cut(self) -> None:
        """Say once per workspace folder that the scan for its books stopped (ledger.MAX_FOLDERS):
        a book there that includes an open one, unopened, is then not checked with it."""
        from ledgerlang.lsp.ledger import MAX_FOLDERS

        for root in self.books.cut:
            if root not in self.told_cut:
                self.told_cut.add(root)
                self.window_show_message(t.ShowMessageParams(
                    type=t.MessageType.Warning,
                    message=f"ledger lsp: stopped looking for books in {root} after {MAX_FOLDERS:,} folders; "
                            "open the folder that holds your books as the workspace (or start ledger lsp --root "
                            "DIR). Open books and what they include are still checked."))

    def gone(self, path: str) -> bool:
        """Whether a file is neither open nor on disk (a new document closed unsaved, a book deleted):
        it is no book, so its diagnostics are cleared rather than checked into a `missing-file` about
        itself; the open books whose ledger held it are checked again without it."""
        if path in self.books.open or (not is_virtual(path) and os.path.lexists(path)):
            return False
        if path in self.published or path in self.sent:
            self.text_document_publish_diagnostics(t.PublishDiagnosticsParams(uri=self.uri_of(path), diagnostics=[]))
        ledger = self.published.pop(path, ())
        self.sent.pop(path, None)
        for other in self.books.open:
            if other in ledger or path in self.books.includes(other):
                self.pending.add(other)
        return True

    def tell_lost(self, path: str) -> None:
        message = (f"ledger lsp lost track of this document: the editor sent a change it cannot apply "
                   f"({self.lost[path]}), so its copy is no longer the editor's and nothing here is checked. "
                   "Close the file and open it again to check it.")
        self.tell_alone(path, self.versions.get(path), "lost-document", message)

    def tell_alone(self, path: str, version, code: str, message: str) -> None:
        """One error at the top of the file in place of its findings, which would otherwise stay, silently,
        as if they were this version's."""
        self.text_document_publish_diagnostics(t.PublishDiagnosticsParams(
            uri=self.uri_of(path), version=version,
            diagnostics=[t.Diagnostic(range=t.Range(start=t.Position(line=0, character=0),
                                                    end=t.Position(line=0, character=0)),
                                      message=message, severity=t.DiagnosticSeverity.Error,
                                      code=code, source="ledger")]))
        self.published[path] = (path,)
        self.sent.pop(path, None)

    def failed(self, path: str, exc: Exception) -> None:
        """A check that raised: one diagnostic says so, in place of the last version's (which would
        stay, silently, as if they were this version's)."""
        if path not in self.books.open and path not in self.published:
            return
        message = (f"ledger lsp could not check this file: {type(exc).__name__}: {exc}. This is a bug in "
                   "ledgerlang (the server's log has the details); the findings shown are not up to date.")
        self.tell_alone(path, self.versions.get(path) if path in self.books.open else None, "internal-error",
                        message)

    def publish(self, analysis: Analysis, primary: str) -> None:
        for ledger in [k for k in self.shown if k != analysis.paths and set(k) & set(analysis.paths)]:
            del self.shown[ledger]
        self.shown[analysis.paths] = analysis
        by_path: dict[str, list] = {p: [] for p in analysis.paths}
        for d in analysis.diagnostics:
            # A finding with no place (a book that cannot be read) is about its own file.
            path = d.span.path if d.span is not None else analysis.homes.get(d, primary)
            by_path.setdefault(path, []).append((d, convert.related_places(d, analysis)))
        for path in list(by_path):
            for twin in self.books.twins(path):
                # The same file open under a second name (a link and its target, both open): its
                # findings, where the other name's would stay as they were.
                by_path[twin] = by_path[path]
        # Files that had diagnostics from an overlapping ledger and are no longer in it (an include was
        # removed): clear them, and check the ledger they belong to now.
        for path, ledger in list(self.published.items()):
            if path not in by_path and set(ledger) & set(analysis.paths):
                by_path[path] = []
                self.pending.add(path)
        for path, found in by_path.items():
            if path in self.lost:
                continue  # it says the server lost track of it (tell_lost)
            # A file whose findings (and the places they point at) and text are as last sent is not sent
            # again, unless it is the file just edited: the editor waits to hear about that version.
            key = (tuple(found), self.books.text(path))
            if path != primary and self.sent.get(path) == key:
                continue
            # An open file always hears back, even when all is well: the editor knows it was checked.
            if found or path in self.published or path in self.books.open:
                shown = found if len(found) <= MAX_DIAGNOSTICS else found[: MAX_DIAGNOSTICS - 1]
                diagnostics = [convert.diagnostic(d, analysis, self.lines, self.uri_of, related)
                               for d, related in shown]
                if len(shown) < len(found):
                    diagnostics.append(_more(len(found) - len(shown)))
                self.text_document_publish_diagnostics(t.PublishDiagnosticsParams(
                    uri=self.uri_of(path), diagnostics=diagnostics,
                    version=self.versions.get(path) if path in self.books.open else None))
                self.sent[path] = key
            if found:
                self.published[path] = analysis.paths
            else:
                self.published.pop(path, None)

    def workspace_edit(self, changes: dict[str, list[t.TextEdit]]) -> t.WorkspaceEdit:
        """Edits of files, each open one's for the version they were made on, where the client takes
        that (documentChanges): the editor refuses them if the document changed meanwhile (a key typed
        while a rename was worked out), where plain `changes` would land at places that moved."""
        capabilities = getattr(self, "client_capabilities", None)
        editing = getattr(getattr(capabilities, "workspace", None), "workspace_edit", None)
        if not getattr(editing, "document_changes", False):
            return t.WorkspaceEdit(changes={self.uri_of(path): edits for path, edits in changes.items()})
        return t.WorkspaceEdit(document_changes=[
            t.TextDocumentEdit(text_document=t.OptionalVersionedTextDocumentIdentifier(
                uri=self.uri_of(path), version=self.versions.get(path) if path in self.books.open else None),
                edits=edits)
            for path, edits in changes.items()])

    def analysis(self, uri: str) -> tuple[str, Analysis]:
        """A document's path, under the name its ledger places findings at (`Workspace.named`: the one of
        a file's two open names last changed), and the checked ledger."""
        path = self.books.named(self.path_of(uri))
        found = self.books.analyse(path)
        if self.shown.get(found.paths) is not found:
            # Checked again for a request, not after a change the editor sent: a book on disk changed or
            # went away unseen (an editor that does not watch files). Its findings are published too,
            # or they would stay the last check's while hover and the rest answer from this one.
            self.schedule(path)
        return path, found


def _more(count: int) -> t.Diagnostic:
    """The last diagnostic of a file that has too many to show (a huge paste): how many are left out."""
    return t.Diagnostic(
        range=t.Range(start=t.Position(line=0, character=0), end=t.Position(line=0, character=0)),
        message=f"{count:,} more findings in this file are not shown (an editor shows at most "
                f"{MAX_DIAGNOSTICS:,}); `ledger check --max-per-code 0` lists them all",
        severity=t.DiagnosticSeverity.Information, code="more-findings", source="ledger")


def _last_line(rng: t.Range) -> int:
    """The last 1-based line a range covers (its end is exclusive: character 0 ends the line before)."""
    return rng.end.line + (1 if rng.end.character > 0 else 0)


def guarded(fallback=None):
    """A handler that logs its own failure to the client and answers `fallback`. A request's handler
    stops at its `$/cancelRequest`, answered RequestCancelled (interrupt.py)."""

    def wrap(handler):
        @functools.wraps(handler)
        def run(server: LedgerServer, params):
            request = getattr(server.protocol, "answering", None)
            try:
                if request is None:
                    return handler(server, params)
                with server.interrupter.watching(request=request):
                    return handler(server, params)
            except Interrupted:
                raise JsonRpcRequestCancelled(f"{handler.__name__} was cancelled before it was done") from None
            except Exception:  # noqa: BLE001 - a bug must not stop the server
                server.log(f"ledger lsp: internal error in {handler.__name__}\n{traceback.format_exc()}")
                return fallback
        return run

    return wrap


def _settings_from(server: LedgerServer, found) -> None:
    """Take the settings the client sent under `ledger`; one of the wrong type is ignored, with one
    warning (the defaults are booleans, in sections)."""
    if not isinstance(found, dict):
        return
    found = found.get("ledger", found)
    if not isinstance(found, dict):
        return
    wrong = []
    for key, value in found.items():
        default = DEFAULT_SETTINGS.get(key)
        if isinstance(default, dict):
            if not isinstance(value, dict):
                wrong.append(key)
                continue
            for name, setting in value.items():
                if name in default and isinstance(setting, bool):
                    server.settings[key][name] = setting
                elif name in default:
                    wrong.append(f"{key}.{name}")
        elif isinstance(default, bool):
            if isinstance(value, bool):
                server.settings[key] = value
            else:
                wrong.append(key)
    if wrong:
        server.log(f"ledger lsp: ignored setting{'s' if len(wrong) > 1 else ''} {', '.join(wrong)}: "
                   "true or false expected", t.MessageType.Warning)


def build(workspace: Workspace | None = None) -> LedgerServer:
    """The server with every feature registered; `workspace` says what it may read (Workspace)."""
    server = LedgerServer(workspace)

    @server.feature(t.INITIALIZE)
    @guarded()
    def initialize(ls: LedgerServer, params: t.InitializeParams):
        ls.root_uri_roots = [] if params.workspace_folders else ([params.root_uri] if params.root_uri else [])
        ls.set_roots([f.uri for f in params.workspace_folders or ()] or ls.root_uri_roots)
        _settings_from(ls, params.initialization_options)

    @server.feature(t.EXIT)
    def exiting(ls: LedgerServer, params):
        ls.exiting = True

    @server.feature(t.INITIALIZED)
    @guarded()
    def initialized(ls: LedgerServer, params: t.InitializedParams):
        # Books created, deleted or renamed outside the editor (a shell, git) are heard of where the client
        # watches files for the server (Neovim 0.9 and later; VS Code's extension watches them itself).
        capabilities = getattr(ls, "client_capabilities", None)
        watching = getattr(getattr(capabilities, "workspace", None), "did_change_watched_files", None)
        if not getattr(watching, "dynamic_registration", False):
            return
        future = ls.client_register_capability(t.RegistrationParams(registrations=[t.Registration(
            id="ledger-books", method=t.WORKSPACE_DID_CHANGE_WATCHED_FILES,
            register_options=t.DidChangeWatchedFilesRegistrationOptions(
                watchers=[t.FileSystemWatcher(glob_pattern="**/*.iij")]))]))

        def answered(done) -> None:
            if done.cancelled() or done.exception() is not None:
                ls.log("ledger lsp: the editor does not watch the books' files: a book created or deleted outside "
                       "it is seen when a book is next opened, saved or closed", t.MessageType.Info)

        future.add_done_callback(answered)

    @server.feature(t.WORKSPACE_DID_CHANGE_WORKSPACE_FOLDERS)
    @guarded()
    def changed_folders(ls: LedgerServer, params: t.DidChangeWorkspaceFoldersParams):
        # pygls has added and removed them from its workspace: its folders are the editor's now
        folders = [folder.uri for folder in ls.workspace.folders.values()]
        ls.set_roots(folders or ls.root_uri_roots)

    @server.feature(t.WORKSPACE_DID_CHANGE_CONFIGURATION)
    @guarded()
    def changed_configuration(ls: LedgerServer, params: t.DidChangeConfigurationParams):
        _settings_from(ls, params.settings)

    @server.feature(t.TEXT_DOCUMENT_DID_OPEN)
    @guarded()
    def opened(ls: LedgerServer, params: t.DidOpenTextDocumentParams):
        path = ls.path_of(params.text_document.uri)
        ls.versions[path] = params.text_document.version
        ls.books.set_open(path, params.text_document.text)
        ls.lost.pop(path, None)
        ls.schedule(path)

    @server.feature(t.TEXT_DOCUMENT_DID_CHANGE)
    @guarded()
    def changed(ls: LedgerServer, params: t.DidChangeTextDocumentParams):
        path = ls.change(params)
        if path is not None:
            ls.schedule(path)

    @server.feature(t.TEXT_DOCUMENT_DID_SAVE)
    @guarded()
    def saved(ls: LedgerServer, params: t.DidSaveTextDocumentParams):
        # A book saved for the first time joins the ledgers of the books it includes; one saved under
        # a name the editor never opened was renamed (ls.adopt).
        path = ls.path_of(params.text_document.uri)
        if path not in ls.books.open and (text := ls.adopt(path, renamed=True)) is not None:
            ls.versions.pop(path, None)
            ls.books.set_open(path, text)
            ls.schedule(path)
        elif ls.books.noticed(path):
            ls.schedule(path)

    @server.feature(t.TEXT_DOCUMENT_DID_CLOSE)
    @guarded()
    def closed(ls: LedgerServer, params: t.DidCloseTextDocumentParams):
        path = ls.path_of(params.text_document.uri)
        ls.books.noticed(path)
        ls.books.close(path)
        ls.versions.pop(path, None)
        ls.lost.pop(path, None)
        ls.schedule(path)

    @server.feature(t.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    @guarded()
    def watched(ls: LedgerServer, params: t.DidChangeWatchedFilesParams):
        ls.books.forget_books()
        for change in params.changes:
            ls.schedule(ls.path_of(change.uri))

    @server.feature(t.TEXT_DOCUMENT_HOVER)
    @guarded()
    def on_hover(ls: LedgerServer, params: t.HoverParams):
        path, analysis = ls.analysis(params.text_document.uri)
        lines = ls.lines(path)
        line, column = lines.at(params.position)
        found = hover.hover(analysis, path, lines.line(line - 1), line, column)
        if found is None:
            return None
        markdown, (start, end) = found
        rng = t.Range(start=lines.position(line, start), end=lines.position(line, end))
        return t.Hover(contents=t.MarkupContent(kind=t.MarkupKind.Markdown, value=markdown), range=rng)

    def location(ls: LedgerServer, span) -> t.Location:
        return t.Location(uri=ls.uri_of(span.path), range=ls.lines(span.path).range(span))

    @server.feature(t.TEXT_DOCUMENT_DEFINITION)
    @guarded()
    def definition(ls: LedgerServer, params: t.DefinitionParams):
        path, analysis = ls.analysis(params.text_document.uri)
        lines = ls.lines(path)
        line, column = lines.at(params.position)
        target = navigate.target_at(analysis, path, lines.line(line - 1), line, column)
        if target is None:
            return None
        if target.kind == "include" and not ls.books.allowed(target.name, analysis.root):
            return None  # an include the ledger may not read leads nowhere (and is not looked at)
        if target.kind == "include" and os.path.isdir(target.name):
            return None  # `include "."`: no file to open (a missing one is opened, to be written)
        return [location(ls, span) for span in navigate.definitions(analysis, target)] or None

    @server.feature(t.TEXT_DOCUMENT_REFERENCES)
    @guarded()
    def references(ls: LedgerServer, params: t.ReferenceParams):
        path, analysis = ls.analysis(params.text_document.uri)
        lines = ls.lines(path)
        line, column = lines.at(params.position)
        target = navigate.target_at(analysis, path, lines.line(line - 1), line, column)
        if target is None or target.kind == "include":
            return None
        found = navigate.references(analysis, ls.books.text, target.name, params.context.include_declaration)
        return [location(ls, span) for span in found]

    def name_at(ls: LedgerServer, params) -> tuple[str, Analysis, rename.Name, int] | None:
        path, analysis = ls.analysis(params.text_document.uri)
        lines = ls.lines(path)
        line, column = lines.at(params.position)
        found = rename.name_at(analysis, lines.line(line - 1), column)
        return (path, analysis, found, line) if found is not None else None

    @server.feature(t.TEXT_DOCUMENT_PREPARE_RENAME)
    @guarded()
    def prepare_rename(ls: LedgerServer, params: t.PrepareRenameParams):
        found = name_at(ls, params)
        if found is None:
            return None  # the client says there is nothing to rename here
        path, _, name, line = found
        lines = ls.lines(path)
        return t.PrepareRenamePlaceholder(
            range=t.Range(start=lines.position(line, name.start + 1), end=lines.position(line, name.end + 1)),
            placeholder=name.name)

    @server.feature(t.TEXT_DOCUMENT_RENAME, t.RenameOptions(prepare_provider=True))
    @guarded()
    def on_rename(ls: LedgerServer, params: t.RenameParams):
        found = name_at(ls, params)
        if found is None:
            ls.window_show_message(t.ShowMessageParams(
                type=t.MessageType.Warning,
                message="ledger lsp: nothing to rename here: an item, a rate or a unit the ledger declares can be "
                        "renamed, where its name is written"))
            return None
        _, analysis, name, _ = found
        new = params.new_name.strip()
        spans = rename.places(analysis, ls.books.text, name)
        why = rename.refusal(analysis, name, new) or rename.broken(analysis, ls.books.text, spans, new,
                                                                   ls.books.parsed, ls.books.parsed_edit)
        if why is not None:
            # As formatting refuses: said where every client shows it (Neovim 0.7 drops a rename's error).
            ls.window_show_message(t.ShowMessageParams(
                type=t.MessageType.Warning, message=f"ledger lsp: {name.name} is not renamed: {why}"))
            return None
        changes: dict[str, list[t.TextEdit]] = {}
        for span in spans:
            changes.setdefault(span.path, []).append(t.TextEdit(range=ls.lines(span.path).range(span), new_text=new))
        return ls.workspace_edit(changes)

    def document_symbol(ls: LedgerServer, path: str, symbol: navigate.Symbol, top: bool = True) -> t.DocumentSymbol:
        lines = ls.lines(path)
        rng = lines.range(symbol.span)
        if top:
            # A declaration's span starts at its name (or text): its range starts at its keyword, so
            # that the outline's place of the cursor on `item` or `table` is the declaration.
            text = lines.line(symbol.span.line - 1)
            keyword = len(text) - len(text.lstrip())
            if keyword < symbol.span.column - 1:
                rng = t.Range(start=lines.position(symbol.span.line, keyword + 1), end=rng.end)
        return t.DocumentSymbol(
            name=symbol.name or "?", detail=symbol.detail, kind=_SYMBOL_KINDS[symbol.kind],
            range=rng, selection_range=lines.range(symbol.selection),
            children=[document_symbol(ls, path, c, False) for c in symbol.children] or None)

    @server.feature(t.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
    @guarded()
    def document_symbols(ls: LedgerServer, params: t.DocumentSymbolParams):
        path = ls.path_of(params.text_document.uri)
        text = ls.books.text(path)
        if text is None:
            return []
        tree, _ = ls.books.parsed(path, text)
        return [document_symbol(ls, path, s) for s in navigate.symbols(tree)]

    @server.feature(t.WORKSPACE_SYMBOL)
    @guarded()
    def workspace_symbols(ls: LedgerServer, params: t.WorkspaceSymbolParams):
        query = params.query.lower()
        out = []
        for path in sorted(ls.books.books()):
            text = ls.books.text(path)
            if text is None:
                continue
            tree, _ = ls.books.parsed(path, text)
            for symbol in navigate.symbols(tree):
                if query in symbol.name.lower() or query in symbol.detail.lower():
                    out.append(t.WorkspaceSymbol(name=symbol.name, kind=_SYMBOL_KINDS[symbol.kind],
                                                 location=location(ls, symbol.selection),
                                                 container_name=ls.shown_path(path)))
        return out

    @server.feature(t.TEXT_DOCUMENT_COMPLETION, t.CompletionOptions(trigger_characters=["@", "(", '"', "/"]))
    @guarded()
    def completion(ls: LedgerServer, params: t.CompletionParams):
        path, analysis = ls.analysis(params.text_document.uri)
        lines = ls.lines(path)
        line, column = lines.at(params.position)
        typed = complete.include_typed(lines.line(line - 1)[: column - 1])
        if typed is not None:  # include "defs/ : the books and folders there, under the ledger's root
            start = lines.position(line, column - len(typed))
            rng = t.Range(start=start, end=params.position)
            return t.CompletionList(is_incomplete=False, items=[
                t.CompletionItem(label=c.label, kind=_COMPLETION_KINDS.get(c.kind), detail=c.detail,
                                 sort_text=c.sort, filter_text=c.insert, text_edit=t.TextEdit(range=rng, new_text=c.insert))
                for c in complete.include_paths(path, typed, ls.books.root_of(path))])
        trigger = params.context.trigger_character if params.context is not None else None
        if trigger in ('"', "/") or complete.quiet(lines.line(line - 1), column - 1):
            # a quote or a slash asks only for an include's files; elsewhere it is typed, not completed
            return t.CompletionList(is_incomplete=False, items=[])
        before = lines.line(line - 1)[: column - 1]
        typed = complete.prefix(before)
        start = lines.position(line, column - len(typed))
        rng = t.Range(start=start, end=params.position)
        items = [t.CompletionItem(label=c.label, kind=_COMPLETION_KINDS.get(c.kind), detail=c.detail,
                                  sort_text=c.sort, filter_text=c.label,
                                  text_edit=t.TextEdit(range=rng, new_text=c.insert))
                 for c in complete.choices(analysis, before, complete.enclosing(lines.lines, line - 1))]
        return t.CompletionList(is_incomplete=False, items=items)

    @server.feature(t.TEXT_DOCUMENT_INLAY_HINT)
    @guarded(fallback=[])
    def inlay_hints(ls: LedgerServer, params: t.InlayHintParams):
        path, analysis = ls.analysis(params.text_document.uri)
        lines = ls.lines(path)
        first, last = params.range.start.line + 1, _last_line(params.range)
        wanted = ls.settings.get("inlayHints") or {}
        found = []
        if wanted.get("figures", True):
            found += hints.figure_hints(analysis, path, first, last)
        if wanted.get("statements", True):
            found += hints.statement_hints(analysis, path, first, last)
        return [t.InlayHint(position=lines.position(h.line, h.column), label=f" {h.text}",
                            kind=t.InlayHintKind.Type if h.kind == "figure" else t.InlayHintKind.Parameter,
                            tooltip=h.tooltip, padding_left=True) for h in found]

    @server.feature(t.TEXT_DOCUMENT_CODE_LENS)
    @guarded(fallback=[])
    def code_lens(ls: LedgerServer, params: t.CodeLensParams):
        if not ls.settings.get("codeLens", True):
            return []
        path, analysis = ls.analysis(params.text_document.uri)
        lines = ls.lines(path)
        return [t.CodeLens(range=t.Range(start=lines.position(lens.line, 1), end=lines.position(lens.line, 1)),
                           command=t.Command(title=lens.title, command=""))
                for lens in hints.table_lenses(analysis, path)]

    @server.feature(t.TEXT_DOCUMENT_CODE_ACTION,
                    t.CodeActionOptions(code_action_kinds=[t.CodeActionKind.QuickFix]))
    @guarded(fallback=[])
    def code_actions(ls: LedgerServer, params: t.CodeActionParams):
        path, analysis = ls.analysis(params.text_document.uri)
        first, last = params.range.start.line + 1, max(_last_line(params.range), params.range.start.line + 1)
        wanted = {(d.range.start.line + 1, str(d.code)) for d in params.context.diagnostics}
        out, seen = [], set()
        for d in analysis.diagnostics:
            if d.span is None or d.span.path != path or not first <= d.span.line <= last:
                continue
            if wanted and (d.span.line, d.code) not in wanted:
                continue
            for insertion in actions.for_diagnostic(analysis, d, ls.books.text):
                if insertion.title in seen:
                    continue
                seen.add(insertion.title)
                lines = ls.lines(insertion.path)
                text = insertion.text
                if insertion.line == actions.END or insertion.line > len(lines.lines):
                    position = lines.end()
                    if lines.lines[-1] != "":
                        # The last line has no line end: the new line goes after one, and without its
                        # own, so that an editor that keeps the final line end apart from the text
                        # (Neovim's 'eol') adds no blank line (as formatting, below).
                        text = "\n" + text.removesuffix("\n")
                else:
                    position = t.Position(line=insertion.line - 1, character=0)
                edit = ls.workspace_edit({insertion.path: [
                    t.TextEdit(range=t.Range(start=position, end=position), new_text=text)]})
                out.append(t.CodeAction(title=insertion.title, kind=t.CodeActionKind.QuickFix, edit=edit,
                                        diagnostics=[convert.diagnostic(d, analysis, ls.lines, ls.uri_of)]))
        return out

    @server.feature(t.TEXT_DOCUMENT_FORMATTING)
    @guarded()
    def formatting(ls: LedgerServer, params: t.DocumentFormattingParams):
        from ledgerlang.fmt import format_text

        path = ls.path_of(params.text_document.uri)
        text = ls.books.text(path)
        if text is None:
            return None
        output, found = format_text(text, path)
        if output is None:
            first = found[0] if found else None
            where = f" (line {first.span.line}: {first.message})" if first is not None and first.span else ""
            ls.window_show_message(t.ShowMessageParams(
                type=t.MessageType.Warning,
                message=f"ledger fmt: {os.path.basename(path)} is not formatted: fix the errors first{where}"))
            return None
        # As `ledger fmt`: the file's own text (its line ends) is what the output is compared with,
        # and the edit replaces all of it, to the end the editor counts (a lone CR ends a line).
        if output == (ls.books.editor_text(path) or "").removeprefix("\ufeff"):
            return []
        lines = ls.lines(path)
        # A document with no final line end: the edit ends past its last line (a position the protocol
        # reads as the document's end), so that an editor that keeps the final line end apart from
        # the text (Neovim's 'eol') takes the output's for it rather than adding a blank line.
        end = lines.end() if lines.lines[-1] == "" else t.Position(line=len(lines.lines), character=0)
        return [t.TextEdit(range=t.Range(start=t.Position(line=0, character=0), end=end), new_text=output)]

    @server.feature(t.TEXT_DOCUMENT_SEMANTIC_TOKENS_FULL,
                    t.SemanticTokensLegend(token_types=list(tokens.TYPES), token_modifiers=list(tokens.MODIFIERS)))
    @guarded()
    def semantic_tokens(ls: LedgerServer, params: t.SemanticTokensParams):
        path = ls.path_of(params.text_document.uri)
        text = ls.books.text(path) or ""
        try:
            book = ls.books.analyse(path).book
            names = (book.items, book.rates, book.units)
        except Exception:  # noqa: BLE001 - colours without names rather than none
            ls.log(f"ledger lsp: internal error while checking {path}\n{traceback.format_exc()}")
            names = ((), (), ())
        return t.SemanticTokens(data=tokens.encode(text, ls.lines(path), *names))

    return server


def serve(workspace: Workspace | None = None) -> int:
    build(workspace).start_io()
    return 0
