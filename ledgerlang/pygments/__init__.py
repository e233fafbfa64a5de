"""A Pygments lexer for ledgerlang books, so that `.iij` files highlight in docs and git-side tools.

Registered as the `ledger` entry point of `pygments.lexers` (pyproject.toml):
`pygmentize -l ledgerlang book.iij`. Its words and patterns are generated
from the grammar (`words.py`, by editors/generate.py); this module only
orders them. Pygments is not a dependency of ledgerlang: this module is
imported only by Pygments itself.
"""

from __future__ import annotations

from pygments.lexer import RegexLexer, bygroups
from pygments.token import Comment, Keyword, Name, Number, Operator, Punctuation, String, Whitespace

from ledgerlang.pygments.words import PATTERNS

__all__ = ["LedgerLexer"]


class LedgerLexer(RegexLexer):
    """Books of financial statements in ledgerlang (.iij)."""

    name = "ledgerlang"
    aliases = ["ledgerlang", "iij"]
    filenames = ["*.iij"]
    mimetypes = ["text/x-ledgerlang"]

    tokens = {
        "root": [
            (r"[ \t\f\r]+", Whitespace),
            (r"\n", Whitespace),
            (PATTERNS["comment"], Comment.Single),
            (PATTERNS["string"], String.Double),
            (r'"[^"\n]*', String.Double),  # an unterminated string runs to the end of the line
            (PATTERNS["accept"], bygroups(Whitespace, Keyword.Declaration, Whitespace, Name.Constant)),
            (PATTERNS["declaration"], bygroups(Whitespace, Keyword.Declaration)),
            (PATTERNS["function"], Name.Function),
            (PATTERNS["keyword"], Keyword),
            (PATTERNS["constant"], Keyword.Constant),
            (PATTERNS["edge"], Name.Builtin),
            (PATTERNS["shift"], Name.Label),
            (PATTERNS["period"], Name.Label),
            (PATTERNS["date"], Name.Label),
            (PATTERNS["figure"], Number),
            (PATTERNS["name"], Name.Variable),
            (PATTERNS["percent"], Keyword.Type),
            (PATTERNS["operator"], Operator),
            (r"[(),.]", Punctuation),
        ],
    }

