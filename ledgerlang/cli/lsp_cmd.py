"""`ledger lsp`: the language server, over stdin and stdout, for editors.

pygls is imported only when the server starts: `ledger check` and the other
commands never pay for it.
"""

from __future__ import annotations

import sys


def add_parser(commands):
    sub = commands.add_parser(
        "lsp", help="run the language server (LSP over stdio) for editors",
        description="Run the Language Server Protocol server on stdin and stdout: diagnostics as `ledger check` "
        "gives them, hovers with values and intervals, inlay hints, go to definition, references, completion, "
        "code actions, formatting as `ledger fmt` does it, and semantic tokens. An editor starts it; it is "
        "not meant to be run by hand. Needs the `lsp` extra: pip install 'ledgerlang[lsp]'.")
    sub.add_argument("--stdio", action="store_true", help="talk over stdin and stdout (the default; accepted for "
                     "editors that pass it)")
    return sub


def run(args) -> int:
    try:
        from ledgerlang.lsp.server import serve
    except ImportError as exc:
        print(f"ledger lsp: the language server needs pygls: pip install 'ledgerlang[lsp]' ({exc})",
              file=sys.stderr)
        return 2
    return serve()
