"""Why a name is unknown, in the editor as `ledger check` says it: its declaration failed to parse,
or the include that declares it could not be read. Never "did you mean" another name, nor
"declare it first", for a name the author did declare."""

from __future__ import annotations

import json

from support import ledger

SHARED = 'currency JPY "yen"\nitem rev.b "Revenue B" JPY flow\n'
BOOK = '''include "shared.iij"
item rev.a "Revenue A" JPY flow
item rev.t "Total" JPY flow
  = rev.a + rev.b
'''


def checked(folder) -> list[str]:
    """Each diagnostic of `ledger check`, as the editor shows it: its message, then its notes."""
    found = json.loads(ledger("check", "--format", "json", str(folder / "book.iij")).stdout)["diagnostics"]
    return sorted("\n".join([d["message"], *d["notes"]]) for d in found)


def shown(wire, u: str, version: int) -> list[str]:
    return sorted(d["message"] for d in wire.diagnostics(u, version))


def test_a_use_of_a_name_whose_declaration_is_being_typed_says_so(wire, tmp_path):
    (tmp_path / "shared.iij").write_text(SHARED, encoding="utf-8")
    (tmp_path / "book.iij").write_text(BOOK, encoding="utf-8")
    u = wire.open(tmp_path / "book.iij", BOOK)
    assert wire.diagnostics(u, 1) == []
    version = wire.edit(u, (1, 27), (1, 31), "flw")  # the author is retyping rev.a's kind
    text = BOOK.replace("JPY flow\nitem rev.t", "JPY flw\nitem rev.t")
    (tmp_path / "book.iij").write_text(text, encoding="utf-8")
    found = shown(wire, u, version)
    assert found == checked(tmp_path)
    unknown = next(m for m in found if m.startswith("rev.a is not a declared item"))
    assert "the item declaration of rev.a at " in unknown and "did you mean" not in unknown


def test_a_name_from_an_include_that_cannot_be_read_is_not_to_be_declared_again(wire, tmp_path):
    """The include's path mistyped: JPY is unknown because shared.iij was not read, and
    "declare it: unit JPY" would have the author declare it twice."""
    (tmp_path / "shared.iij").write_text(SHARED, encoding="utf-8")
    text = BOOK.replace('"shared.iij"', '"shard.iij"')
    (tmp_path / "book.iij").write_text(text, encoding="utf-8")
    u = wire.open(tmp_path / "book.iij", text)
    found = shown(wire, u, 1)
    assert found == checked(tmp_path)
    unknown = next(m for m in found if m.startswith("item rev.a has unit JPY"))
    assert "1 include could not be read" in unknown and "hint: declare it" not in unknown
