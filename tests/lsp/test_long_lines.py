"""A long line (a paste, a generated rule) costs the server time in proportion to its length: the
semantic tokens, hover and completion of a line of 150,000 cells or names answer in about a second,
at the columns the editor counts (UTF-16 units: an emoji is two)."""

from __future__ import annotations

from .wire import Wire

HEAD = ('currency JPY "yen"\nitem rev "Revenues" JPY flow\nitem cost "Cost" JPY flow\n'
        'item gp "Gross" JPY flow\ntable "T" in JPY millions\n  columns FY2003\n')
CELLS = 150_000  # on the old code, minutes: each token's column was counted from the line's start


def decoded(data: list[int]) -> list[tuple[int, int, int]]:
    """(line, start, length) of each semantic token, from the protocol's relative encoding."""
    out, line, start = [], 0, 0
    for k in range(0, len(data), 5):
        delta_line, delta_start, length = data[k:k + 3]
        line, start = line + delta_line, (start + delta_start if delta_line == 0 else delta_start)
        out.append((line, start, length))
    return out


def test_a_long_line_of_wide_characters_and_names_is_answered_at_the_editors_columns(wire: Wire, tmp_path):
    row = "  rev" + " 😀 1" * CELLS  # a paste gone wrong: syntax errors, but every token coloured
    rule = "rule gp = rev" + " - cost" * CELLS
    text = HEAD + row + "\n" + rule + "\n"
    u = wire.open(tmp_path / "book.iij", text)
    assert "syntax" in [d["code"] for d in wire.diagnostics(u, 1)]
    tokens = decoded(wire.request("textDocument/semanticTokens/full", {"textDocument": {"uri": u}})["result"]["data"])
    row_at, rule_at = HEAD.count("\n"), HEAD.count("\n") + 1
    on_row = [tok for tok in tokens if tok[0] == row_at]
    # the last figure: after 150,000 emoji of two code units and 150,000 figures and blanks
    assert on_row[-1] == (row_at, len(row.encode("utf-16-le")) // 2 - 1, 1)
    on_rule = [tok for tok in tokens if tok[0] == rule_at]
    assert on_rule[-1] == (rule_at, len(rule) - 4, 4) and len(on_rule) == 4 + 2 * CELLS
    hover = wire.request("textDocument/hover", {"textDocument": {"uri": u},
                                                "position": {"line": rule_at, "character": len(rule) - 2}})
    assert hover["result"]["contents"]["value"].startswith("**cost**: Cost")
    assert hover["result"]["range"]["start"] == {"line": rule_at, "character": len(rule) - 4}
    found = wire.request("textDocument/completion", {"textDocument": {"uri": u},
                                                     "position": {"line": rule_at, "character": len(rule)}})
    assert "cost" in [item["label"] for item in found["result"]["items"]]
