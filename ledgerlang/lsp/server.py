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
import os
import traceback

from lsprotocol import types as t
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from ledgerlang import __version__
from ledgerlang.lsp import actions, complete, convert, hints, hover, navigate, tokens
from ledgerlang.lsp.ledger import Analysis, Workspace, normal

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
    "constant": t.CompletionItemKind.EnumMember,
}


class LedgerServer(LanguageServer):
    def __init__(self, workspace: Workspace | None = None) -> None:
        super().__init__("ledger-lsp", __version__, text_document_sync_kind=t.TextDocumentSyncKind.Incremental)
        self.books = workspace or Workspace()
        self.settings = {key: (dict(value) if isinstance(value, dict) else value)
                         for key, value in DEFAULT_SETTINGS.items()}
        self.uris: dict[str, str] = {}
        self.published: dict[str, tuple[str, ...]] = {}  # path -> the ledger its diagnostics came from
        self.sent: dict[str, tuple] = {}  # path -> (findings with their related places, text) last published
        self.pending: set[str] = set()
        self.flushing = False

    # -- places -----------------------------------------------------------------------------

    def path_of(self, uri: str) -> str:
        found = to_fs_path(uri)
        # A document that is not a file (untitled:Untitled-1) gets a path of its own, and keeps its URI.
        path = normal(found if found else uri.replace(":", "_"))
        self.uris.setdefault(path, uri)
        return path

    def uri_of(self, path: str) -> str:
        return self.uris.get(path) or from_fs_path(path) or path

    def lines(self, path: str) -> convert.Lines:
        encoding = str(getattr(self.workspace, "position_encoding", None) or "utf-16")
        encoding = "utf-8" if "8" in encoding else ("utf-32" if "32" in encoding else "utf-16")
        text = self.books.text(path) or ""
        cache = self.__dict__.setdefault("_lines", {})
        found = cache.get(path)
        if found is None or found[0] is not text:
            found = cache[path] = (text, convert.Lines(text, encoding))
        return found[1]

    def log(self, message: str, kind: t.MessageType = t.MessageType.Error) -> None:
        self.window_log_message(t.LogMessageParams(type=kind, message=message))

    # -- diagnostics ------------------------------------------------------------------------------

    def schedule(self, path: str) -> None:
        """Check a file's ledger once the changes that arrived with this one are applied."""
        self.pending.add(path)
        if not self.flushing:
            self.flushing = True
            asyncio.get_running_loop().call_soon(self.flush)

    def flush(self) -> None:
        self.flushing = False
        done: set[str] = set()
        while self.pending:
            path = self.pending.pop()
            if path in done:
                continue
            try:
                analysis = self.books.analyse(path)
                self.publish(analysis, path)
                done.update(analysis.paths)
            except Exception:  # noqa: BLE001 - a bug must not stop the server
                self.log(f"ledger lsp: internal error while checking {path}\n{traceback.format_exc()}")

    def publish(self, analysis: Analysis, primary: str) -> None:
        by_path: dict[str, list] = {p: [] for p in analysis.paths}
        for d in analysis.diagnostics:
            path = d.span.path if d.span is not None else primary
            by_path.setdefault(path, []).append((d, convert.related_places(d, analysis)))
        # Files that had diagnostics from an overlapping ledger and are no longer in it (an include was
        # removed): clear them, and check the ledger they belong to now.
        for path, ledger in list(self.published.items()):
            if path not in by_path and set(ledger) & set(analysis.paths):
                by_path[path] = []
                self.pending.add(path)
        for path, found in by_path.items():
            # A file whose findings (and the places they point at) and text are as last sent is not sent
            # again, unless it is the file just edited: the editor waits to hear about that version.
            key = (tuple(found), self.books.text(path))
            if path != primary and self.sent.get(path) == key:
                continue
            # An open file always hears back, even when all is well: the editor knows it was checked.
            if found or path in self.published or path in self.books.open:
                document = self.workspace.text_documents.get(self.uri_of(path))
                diagnostics = [convert.diagnostic(d, analysis, self.lines, self.uri_of, related)
                               for d, related in found]
                self.text_document_publish_diagnostics(t.PublishDiagnosticsParams(
                    uri=self.uri_of(path), diagnostics=diagnostics, version=document.version if document else None))
                self.sent[path] = key
            if found:
                self.published[path] = analysis.paths
            else:
                self.published.pop(path, None)

    def analysis(self, uri: str) -> tuple[str, Analysis]:
        path = self.path_of(uri)
        return path, self.books.analyse(path)


def _last_line(rng: t.Range) -> int:
    """The last 1-based line a range covers (its end is exclusive: character 0 ends the line before)."""
    return rng.end.line + (1 if rng.end.character > 0 else 0)


def guarded(fallback=None):
    """A handler that logs its own failure to the client and answers `fallback`."""

    def wrap(handler):
        @functools.wraps(handler)
        def run(server: LedgerServer, params):
            try:
                return handler(server, params)
            except Exception:  # noqa: BLE001 - a bug must not stop the server
                server.log(f"ledger lsp: internal error in {handler.__name__}\n{traceback.format_exc()}")
                return fallback
        return run

    return wrap


def _settings_from(server: LedgerServer, found) -> None:
    if not isinstance(found, dict):
        return
    found = found.get("ledger", found)
    if not isinstance(found, dict):
        return
    for key, value in found.items():
        if isinstance(value, dict) and isinstance(server.settings.get(key), dict):
            server.settings[key].update(value)
        elif key in server.settings:
            server.settings[key] = value


def build(workspace: Workspace | None = None) -> LedgerServer:
    """The server with every feature registered; `workspace` says what it may read (Workspace)."""
    server = LedgerServer(workspace)

    @server.feature(t.INITIALIZE)
    @guarded()
    def initialize(ls: LedgerServer, params: t.InitializeParams):
        roots = [f.uri for f in params.workspace_folders or ()] or ([params.root_uri] if params.root_uri else [])
        ls.books.roots = [normal(p) for p in (to_fs_path(r) for r in roots) if p]
        _settings_from(ls, params.initialization_options)

    @server.feature(t.WORKSPACE_DID_CHANGE_CONFIGURATION)
    @guarded()
    def changed_configuration(ls: LedgerServer, params: t.DidChangeConfigurationParams):
        _settings_from(ls, params.settings)

    @server.feature(t.TEXT_DOCUMENT_DID_OPEN)
    @guarded()
    def opened(ls: LedgerServer, params: t.DidOpenTextDocumentParams):
        path = ls.path_of(params.text_document.uri)
        ls.books.set_open(path, params.text_document.text)
        ls.schedule(path)

    @server.feature(t.TEXT_DOCUMENT_DID_CHANGE)
    @guarded()
    def changed(ls: LedgerServer, params: t.DidChangeTextDocumentParams):
        document = ls.workspace.get_text_document(params.text_document.uri)
        path = ls.path_of(params.text_document.uri)
        ls.books.set_open(path, document.source)
        ls.schedule(path)

    @server.feature(t.TEXT_DOCUMENT_DID_CLOSE)
    @guarded()
    def closed(ls: LedgerServer, params: t.DidCloseTextDocumentParams):
        path = ls.path_of(params.text_document.uri)
        ls.books.close(path)
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

    def document_symbol(ls: LedgerServer, path: str, symbol: navigate.Symbol) -> t.DocumentSymbol:
        lines = ls.lines(path)
        return t.DocumentSymbol(
            name=symbol.name or "?", detail=symbol.detail, kind=_SYMBOL_KINDS[symbol.kind],
            range=lines.range(symbol.span), selection_range=lines.range(symbol.selection),
            children=[document_symbol(ls, path, c) for c in symbol.children] or None)

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
                                                 container_name=os.path.basename(path)))
        return out

    @server.feature(t.TEXT_DOCUMENT_COMPLETION, t.CompletionOptions(trigger_characters=["@", "("]))
    @guarded()
    def completion(ls: LedgerServer, params: t.CompletionParams):
        path, analysis = ls.analysis(params.text_document.uri)
        lines = ls.lines(path)
        line, column = lines.at(params.position)
        before = lines.line(line - 1)[: column - 1]
        typed = complete.prefix(before)
        start = lines.position(line, column - len(typed))
        rng = t.Range(start=start, end=params.position)
        items = [t.CompletionItem(label=c.label, kind=_COMPLETION_KINDS.get(c.kind), detail=c.detail,
                                  sort_text=c.sort, filter_text=c.label,
                                  text_edit=t.TextEdit(range=rng, new_text=c.insert))
                 for c in complete.choices(analysis, before)]
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
                        text = "\n" + text
                else:
                    position = t.Position(line=insertion.line - 1, character=0)
                edit = t.WorkspaceEdit(changes={ls.uri_of(insertion.path): [
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
        if output == text:
            return []
        lines = ls.lines(path)
        return [t.TextEdit(range=t.Range(start=t.Position(line=0, character=0), end=lines.end()), new_text=output)]

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
