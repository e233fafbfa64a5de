"""`ledger lsp`: the language server, over stdin and stdout, for editors.

pygls is imported only when the server starts: `ledger check` and the other
commands never pay for it.
"""

from __future__ import annotations

import os
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


# --root's default, in the help of the reading options every command gets (cli/main.py)
ROOT_DEFAULT = "the workspace folders the editor names, else each open document's directory"


def run(args) -> int:
    try:
        from ledgerlang.lsp.server import serve
    except ImportError as exc:
        print(f"ledger lsp: the language server needs pygls: pip install 'ledgerlang[lsp]' ({exc})",
              file=sys.stderr)
        return 2
    from ledgerlang.cli.main import UsageError
    from ledgerlang.load import DEFAULT_MAX_BYTES
    from ledgerlang.lsp.ledger import Workspace

    if args.root is not None and not os.path.isdir(args.root):
        raise UsageError(f"--root {args.root}: not a directory")
    # Without --root, includes stay under the editor's workspace folders (or beside the open documents).
    return serve(Workspace(root=args.root, allow_outside_root=args.allow_outside_root,
                           max_bytes=args.max_file_size or DEFAULT_MAX_BYTES))
