"""`ledger fmt`: the canonical layout of a book, printed from its syntax tree.

    text --parse--> syntax tree --layout--> text --prove--> written, or refused

It sits beside the pipeline, after `parse`: it reads the syntax tree (every
declaration with spans, every figure as printed, every comment with its
span) and prints it back in one layout. Before its output is used, `prove`
checks it: the output parses to the same tree and loads to the same book,
every comment stays with the line it annotates, and formatting the output
again changes nothing. Anything else is refused with a diagnostic.
"""

from ledgerlang.fmt.layout import layout
from ledgerlang.fmt.prove import format_text

__all__ = ["format_text", "layout"]
