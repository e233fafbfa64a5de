"""Semantic tokens: the line lexer's tokens, with names told apart by the ledger (item, rate, unit).

An editor that has only the server (no TextMate grammar, no Vim syntax)
gets its colours from here.
"""

from __future__ import annotations

from ledgerlang.lsp import lexer

TYPES = ("keyword", "string", "comment", "number", "variable", "type", "function", "parameter", "enumMember",
         "operator", "property", "macro")
MODIFIERS = ("declaration", "readonly")
_INDEX = {name: i for i, name in enumerate(TYPES)}

_KIND = {
    "declaration": "keyword", "keyword": "keyword", "constant": "enumMember", "string": "string",
    "comment": "comment", "figure": "number", "period": "parameter", "date": "parameter", "shift": "parameter",
    "edge": "parameter", "function": "function", "code": "macro",
}
MAX_COLOURED = 20_000  # characters of a line that get semantic tokens
_OPERATORS = {"+", "-", "*", "/", "=", "<", ">", "<=", ">=", "~", ".."}


def classify(token: lexer.Token, items, rates, units, first: bool) -> tuple[str, int] | None:
    """A token's semantic type and modifier bits, or None for one an editor need not colour."""
    if token.kind == "name":
        if token.text in items:
            return "variable", 1 if first else 0
        if token.text in rates:
            return "property", 2
        if token.text in units:
            return "type", 0
        return "variable", 0
    if token.kind == "punct":
        return ("operator", 0) if token.text in _OPERATORS else None
    found = _KIND.get(token.kind)
    return (found, 0) if found else None


def encode(text: str, lines, items=(), rates=(), units=()) -> list[int]:
    """The protocol's relative encoding of a document's tokens (lines: convert.Lines of the text)."""
    data: list[int] = []
    previous_line = previous_start = 0
    for number, line in enumerate(text.split("\n")):
        if len(line) > MAX_COLOURED:
            # Only the line's start is coloured, as VS Code colours a line (its default
            # editor.maxTokenizationLineLength): the tokens of a pasted 5 MB row took 10 s to send, on
            # every edit. A token that reaches the cut may go on past it: it is left out.
            tokens = tuple(tok for tok in lexer.tokens(line[:MAX_COLOURED]) if tok.end < MAX_COLOURED)
        else:
            tokens = lexer.tokens(line)
        declares = bool(tokens) and tokens[0].kind == "declaration" and tokens[0].text in ("item", "rate", "unit",
                                                                                              "currency")
        for k, token in enumerate(tokens):
            found = classify(token, items, rates, units, declares and k == 1)
            if found is None:
                continue
            kind, modifiers = found
            start = lines.units(number, token.start)
            length = lines.units(number, token.end) - start
            delta_line = number - previous_line
            delta_start = start - previous_start if delta_line == 0 else start
            data += [delta_line, delta_start, length, _INDEX[kind], modifiers]
            previous_line, previous_start = number, start
    return data
