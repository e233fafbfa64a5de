"""`ledger facts PATH...`: every printed figure, one per line in a stable order (git's textconv).

Reads each file alone, without its includes, because git gives a textconv a
temporary copy of an old revision. Syntax errors are listed in the output
rather than failing, so `git diff` still works on a broken book; exit
status 2 only when a file cannot be read.
"""

from __future__ import annotations

import os
import sys

from ledgerlang.cli.main import UsageError, access, no_standard_input, once, with_hint
from ledgerlang.diff.listing import listing
from ledgerlang.load import is_book_name, not_a_book, read_source
from ledgerlang.syntax.parse import parse
from ledgerlang.visible import visible


def add_parser(commands):
    sub = commands.add_parser(
        "facts", help="list every printed figure, one per line (the textconv for git diff)",
        description="List every figure a file prints, one per line, sorted by item, period and place, then "
        "its other declarations one per line, then its comments. Each file is read alone (includes are not followed), which "
        "is what git's textconv needs: git config diff.ledger.textconv '/path/to/.venv/bin/ledger facts' "
        "(this project's ledger by its path: a bare `ledger` may be Debian's Ledger) and "
        "'*.iij diff=ledger' in .gitattributes. Exit status: 0, or 2 when a file cannot be read (the "
        "others given are still listed), 3 a bug in ledgerlang.")
    sub.add_argument("paths", nargs="+", metavar="PATH", help="book files")
    return sub


def run(args) -> int:
    no_standard_input(args.paths)
    for path in args.paths:
        if os.path.isdir(path):  # every other command reads a directory's books as one ledger
            import shlex  # (only to say so: it imports re)

            raise UsageError(f"{path} is a directory: facts lists book files, each alone (git's textconv gives "
                             f"it one): name them, such as {shlex.quote(os.path.join(path, ''))}*.iij")
    paths = once(args.paths)
    reading = access(args, paths)
    status = 0
    for path in paths:
        # A regular file under the root, not too large: a FIFO named here is refused, not waited on.
        text, problem = read_source(path, reading)
        if problem is not None:
            if len(paths) == 1:
                raise UsageError(with_hint(problem))
            # the others are still listed: one file that cannot be read hides none of them
            sys.stdout.flush()
            print(visible(f"ledger: {with_hint(problem)}"), file=sys.stderr)
            status = 2
            continue
        tree, diagnostics = parse(text, path)
        if not is_book_name(path):
            diagnostics = not_a_book(diagnostics, path)
        if len(paths) > 1:
            print(visible(f"# {path}"))
        sys.stdout.write(visible(listing(tree, diagnostics, text)))
    return status
