"""The language server's part of a fuzz case: a session in this process, every feature asked.

The server (ledgerlang.lsp.server.build) is driven through the handlers it
registers, as pygls calls them when a message arrives: the book is opened,
its ledger checked and published, and each request the editor can make
(hover, definition, references, symbols, completion, inlay hints, code
lenses and actions, formatting, semantic tokens) is asked at a few places
of the text; then the text changes (a second mutation) and they are asked
again. A handler never raises to pygls: it logs its own failure, so a
finding is any "internal error" the server logs, a traceback, or a hang
(the driver's alarm).
"""

from __future__ import annotations

import asyncio
import os
import random
from pathlib import Path

POSITIONS = 6  # places asked per position-taking request, per text


def session(book: Path, seed: int) -> tuple[int, str, str | None]:
    """(status, output, problem): 0 and the log when every request was answered without a bug."""
    from lsprotocol import types as t
    from pygls.uris import from_fs_path

    from ledgerlang.lsp.ledger import Workspace
    from ledgerlang.lsp.server import build

    r = random.Random(seed)
    server = build(Workspace(roots=[os.getcwd()]))
    logged: list[str] = []
    published: list = []
    server.window_log_message = lambda params: logged.append(params.message)
    server.text_document_publish_diagnostics = published.append
    sent: list[bytes] = []  # what the server would write to the editor (requests of its own): kept, unread

    class Discard:
        def write(self, data) -> None:
            sent.append(data)

        def close(self) -> None:
            pass

    server.protocol.set_writer(Discard())
    handlers = server.protocol.fm.features
    uri = from_fs_path(str(book.resolve()))
    doc = t.TextDocumentIdentifier(uri=uri)
    data = book.read_bytes()
    texts = [data.decode("utf-8", "replace")]  # an editor shows bad bytes as U+FFFD
    lines = texts[0].split("\n")
    if r.random() < 0.5 and lines:  # an edit: a line dropped, or doubled
        k = r.randrange(len(lines))
        texts.append("\n".join(lines[:k] + ([] if r.random() < 0.5 else [lines[k]]) + lines[k:]))

    builtins = {"initialize": server.protocol.lsp_initialize,
                "textDocument/didOpen": server.protocol.lsp_text_document__did_open,
                "textDocument/didClose": server.protocol.lsp_text_document__did_close}

    def call(method: str, params):
        """As pygls dispatches a message: its own handler first where it has one (it keeps the
        documents), which then hands over to the server's."""
        if method not in builtins:
            return handlers[method](params)
        steps = builtins[method](params)
        try:
            step = next(steps)
            while True:
                handler, args, kwargs = step
                step = steps.send(handler(*args, **(kwargs or {})))
        except StopIteration as stop:
            return stop.value

    def places(text: str):
        rows = text.split("\n")
        for _ in range(POSITIONS):
            line = r.randrange(len(rows) + 1)
            width = len(rows[line]) if line < len(rows) else 0
            yield t.Position(line=line, character=r.randrange(width + 2))

    async def run() -> None:
        call("initialize", t.InitializeParams(capabilities=t.ClientCapabilities(), root_uri=from_fs_path(os.getcwd())))
        for version, text in enumerate(texts, 1):
            call("textDocument/didOpen", t.DidOpenTextDocumentParams(
                text_document=t.TextDocumentItem(uri=uri, language_id="ledger", version=version, text=text)))
            await asyncio.sleep(0)  # the check the open scheduled, and its diagnostics
            whole = t.Range(start=t.Position(line=0, character=0), end=t.Position(line=len(text.split("\n")), character=0))
            for position in places(text):
                call("textDocument/hover", t.HoverParams(text_document=doc, position=position))
                call("textDocument/definition", t.DefinitionParams(text_document=doc, position=position))
                call("textDocument/references", t.ReferenceParams(
                    text_document=doc, position=position, context=t.ReferenceContext(include_declaration=True)))
                call("textDocument/completion", t.CompletionParams(text_document=doc, position=position))
            call("textDocument/documentSymbol", t.DocumentSymbolParams(text_document=doc))
            call("workspace/symbol", t.WorkspaceSymbolParams(query=r.choice(["", "rev", "x", "@"])))
            call("textDocument/inlayHint", t.InlayHintParams(text_document=doc, range=whole))
            call("textDocument/codeLens", t.CodeLensParams(text_document=doc))
            call("textDocument/codeAction", t.CodeActionParams(
                text_document=doc, range=whole, context=t.CodeActionContext(diagnostics=[])))
            call("textDocument/formatting", t.DocumentFormattingParams(
                text_document=doc, options=t.FormattingOptions(tab_size=4, insert_spaces=True)))
            call("textDocument/semanticTokens/full", t.SemanticTokensParams(text_document=doc))
        call("textDocument/didClose", t.DidCloseTextDocumentParams(text_document=doc))

    asyncio.run(run())
    output = "\n".join(logged)
    bugs = [m for m in logged if "internal error" in m or "Traceback" in m]
    if bugs:
        return 3, output, "the server logged a bug: " + bugs[0][:1500]
    if not published:
        return 3, output, "no diagnostics were published for the opened book"
    return 0, output, None
