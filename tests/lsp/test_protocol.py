"""What a client gets wrong is answered as the protocol says, quietly: no traceback on stderr, no
"Error in server" pop-up, no request left unanswered."""

from __future__ import annotations

import pytest

from .wire import Wire

BOOK = 'currency JPY "yen"\nitem a.x "A" JPY flow\n'


@pytest.fixture
def wire(tmp_path):
    client = Wire()
    client.initialize(folders=[tmp_path])
    yield client
    client.close()


def quiet(wire: Wire) -> None:
    assert "Traceback" not in "".join(wire.stderr)
    assert not [m for m in wire.messages() if "Error in server" in m["message"] or m["type"] == 1]


@pytest.mark.parametrize("position", [{"line": -1, "character": -5}, {"line": 0, "character": -1},
                                      {"line": "one", "character": 0}, None])
def test_an_invalid_position_is_answered_invalid_params(wire, tmp_path, position):
    u = wire.open(tmp_path / "book.iij", BOOK)
    wire.diagnostics(u, 1)
    found = wire.request("textDocument/hover", {"textDocument": {"uri": u}, "position": position})
    assert found["error"]["code"] == -32602 and "result" not in found
    # and the server goes on answering
    hover = wire.request("textDocument/hover", {"textDocument": {"uri": u}, "position": {"line": 1, "character": 6}})
    assert "a.x" in hover["result"]["contents"]["value"]
    quiet(wire)


def test_a_change_to_a_document_never_opened_is_ignored(wire, tmp_path):
    u = wire.open(tmp_path / "book.iij", BOOK)
    wire.diagnostics(u, 1)
    wire.notify("textDocument/didChange", {"textDocument": {"uri": u.replace("book", "other"), "version": 2},
                                           "contentChanges": [{"text": "nonsense"}]})
    version = wire.edit(u, (1, 17), (1, 21), "flw")
    assert [d["code"] for d in wire.diagnostics(u, version)] == ["syntax"]
    quiet(wire)


def test_a_request_after_shutdown_is_answered_invalid_request(wire, tmp_path):
    u = wire.open(tmp_path / "book.iij", BOOK)
    wire.diagnostics(u, 1)
    assert wire.request("shutdown", None)["result"] is None
    found = wire.request("textDocument/hover", {"textDocument": {"uri": u}, "position": {"line": 1, "character": 6}})
    assert found["error"]["code"] == -32600
    wire.notify("exit", None)
    assert wire.proc.wait(60) == 0
    quiet(wire)
