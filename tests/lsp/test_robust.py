"""The server survives its own bugs, and the other commands never load the server's libraries."""

from __future__ import annotations

import subprocess
import sys

from lsprotocol import types as t

from ledgerlang.lsp.server import LedgerServer, guarded

from support import ROOT


def test_an_internal_error_is_logged_to_the_client_and_answered_with_nothing():
    """A handler that raises logs the traceback to the client and answers its fallback; the next call works."""
    server = LedgerServer()
    logged: list[t.LogMessageParams] = []
    server.window_log_message = logged.append
    calls = []

    @guarded(fallback=[])
    def handler(ls, params):
        calls.append(params)
        if params == "bad":
            raise KeyError("a bug")
        return ["fine"]

    assert handler(server, "bad") == []
    assert logged[0].type == t.MessageType.Error
    assert "internal error in handler" in logged[0].message and "KeyError: 'a bug'" in logged[0].message
    assert handler(server, "good") == ["fine"]


def test_ledger_check_does_not_import_the_language_server():
    """`ledger check` starts without pygls or lsprotocol (start-up time is a feature of the CLI)."""
    code = ("import sys; from ledgerlang.cli.main import main; status = main(['check', 'books/iij']); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pygls', 'lsprotocol', 'cattrs') "
            "or m.startswith('ledgerlang.lsp')))")
    found = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert found.stdout.strip().splitlines()[-1] == "[]"


def test_ledger_lsp_without_pygls_says_how_to_install_it():
    """Where pygls is missing, `ledger lsp` exits 2 with the install command instead of a traceback."""
    code = ("import sys; sys.modules['pygls'] = None; from ledgerlang.cli.main import main; "
            "raise SystemExit(main(['lsp']))")
    found = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert found.returncode == 2
    assert "pip install 'ledgerlang[lsp]'" in found.stderr and "Traceback" not in found.stderr
