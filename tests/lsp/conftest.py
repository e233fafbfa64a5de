"""A real client for the language server: pytest-lsp starts `python -m ledgerlang lsp` and talks stdio.

Each test gets its own server, on a copy of the IIJ books as its workspace
(edits go over the protocol; the files on disk are never written).
"""

from __future__ import annotations

import asyncio
import os
import shutil
import sys

import pytest
import pytest_lsp
from lsprotocol import types as t
from pygls.uris import from_fs_path
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

from support import ROOT

SERVER = ClientServerConfig(
    server_command=[sys.executable, "-m", "ledgerlang", "lsp"],
    server_env=dict(os.environ, PYTHONPATH=str(ROOT)),
)
WAIT = 60  # seconds: a generous bound for a loaded machine, never a timing assertion


@pytest.fixture
def books(tmp_path):
    """A copy of the bundled IIJ books: the server's workspace."""
    target = tmp_path / "iij"
    shutil.copytree(ROOT / "books" / "iij", target)
    return target


@pytest_lsp.fixture(config=SERVER)
async def client(lsp_client: LanguageClient, books):
    @lsp_client.feature(t.CLIENT_REGISTER_CAPABILITY)
    def registered(params: t.RegistrationParams):
        return None  # the watcher of books the server asks for, as VS Code takes it (pytest-lsp has none)

    params = t.InitializeParams(
        capabilities=client_capabilities("visual-studio-code"),
        root_uri=from_fs_path(str(books)),
        workspace_folders=[t.WorkspaceFolder(uri=from_fs_path(str(books)), name="iij")],
    )
    lsp_client.initialize_result = await lsp_client.initialize_session(params)
    yield
    await lsp_client.shutdown_session()


def uri(path) -> str:
    return from_fs_path(str(path))


def open_book(client: LanguageClient, path, text: str | None = None, version: int = 1) -> str:
    """Open a file in the client (its text from disk unless given); returns its URI."""
    text = path.read_text(encoding="utf-8") if text is None else text
    client.text_document_did_open(t.DidOpenTextDocumentParams(
        text_document=t.TextDocumentItem(uri=uri(path), language_id="ledger", version=version, text=text)))
    return uri(path)


def replace_text(client: LanguageClient, path, text: str, version: int) -> None:
    """Send the whole new text of an open file as one change."""
    client.text_document_did_change(t.DidChangeTextDocumentParams(
        text_document=t.VersionedTextDocumentIdentifier(uri=uri(path), version=version),
        content_changes=[t.TextDocumentContentChangeWholeDocument(text=text)]))


def edit_line(client: LanguageClient, path, line: int, start: int, end: int, text: str, version: int) -> None:
    """Replace characters [start, end) of a 0-based line of an open file."""
    client.text_document_did_change(t.DidChangeTextDocumentParams(
        text_document=t.VersionedTextDocumentIdentifier(uri=uri(path), version=version),
        content_changes=[t.TextDocumentContentChangePartial(
            range=t.Range(start=t.Position(line=line, character=start), end=t.Position(line=line, character=end)),
            text=text)]))


async def diagnostics_until(client: LanguageClient, target_uri: str, predicate) -> list[t.Diagnostic]:
    """Wait for diagnostics of a file that satisfy a predicate (they arrive as notifications)."""
    async def wait():
        while True:
            found = client.diagnostics.get(target_uri)
            if found is not None and predicate(list(found)):
                return list(found)
            await client.wait_for_notification(t.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)

    return await asyncio.wait_for(wait(), WAIT)


@pytest.fixture
def wire(tmp_path):
    """A raw stdio client (wire.py) of a server whose workspace folder is the test's directory; the
    server must exit 0 when closed, with no traceback on its stderr."""
    from .wire import Wire

    client = Wire()
    client.initialize(folders=[tmp_path])
    yield client
    assert client.close() == 0
    assert "Traceback" not in "".join(client.stderr)
