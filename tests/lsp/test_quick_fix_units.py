"""A unit used but not declared is fixed by declaring it, not by declaring its items a second time,
nor an item named `share%` (a measure's column, `share%(rev.total)`, whose item is inside).

The book is the IIJ definitions with their `currency JPY` line taken out (a newcomer's omission; no
real document lacks it, so the test makes it from the bundled text), and the Q1 2003 release.
"""

from __future__ import annotations

import shutil

from support import ROOT

from .test_protocol import quiet
from .wire import Wire

DECLARED = 'currency JPY "Japanese yen"\n'


def codes(found: list[dict]) -> list[str]:
    return sorted(d["code"] for d in found)


def test_an_undeclared_currency_offers_its_declaration_and_no_second_item_declaration(wire: Wire, tmp_path):
    for name in ("iij.iij", "iij-1q03-earnings-release.iij"):
        shutil.copy(ROOT / "books" / "iij" / name, tmp_path / name)
    release = (tmp_path / "iij-1q03-earnings-release.iij").read_text(encoding="utf-8")
    whole = (tmp_path / "iij.iij").read_text(encoding="utf-8")
    assert DECLARED in whole
    u = wire.open(tmp_path / "iij-1q03-earnings-release.iij", release)
    expected = codes(wire.diagnostics(u, 1))
    defs = wire.open(tmp_path / "iij.iij", whole.replace(DECLARED, "", 1))
    found = wire.diagnostics(defs, 1)
    assert "unknown-unit" in codes(found)
    pending = wire.diagnostics(u)
    assert "unknown-item" in codes(pending)  # rows of items whose declaration names JPY
    titles, fixes = [], {}
    for where, diagnostics in ((defs, found), (u, pending)):
        for d in diagnostics:
            actions = wire.request("textDocument/codeAction", {"textDocument": {"uri": where}, "range": d["range"],
                                                              "context": {"diagnostics": [d]}})["result"]
            for action in actions:
                titles.append(action["title"])
                fixes[action["title"]] = action["edit"]["changes"]
    assert "Declare currency JPY" in titles
    assert not [title for title in titles if title.startswith("Declare item")], sorted(set(titles))
    (target, edits), = fixes["Declare currency JPY"].items()
    assert target == defs and len(edits) == 1
    assert edits[0]["newText"] == 'currency JPY "JPY"\n'
    lines = whole.replace(DECLARED, "", 1).split("\n")
    at = edits[0]["range"]["start"]["line"]
    # after the ledger's other units, before its items
    assert lines[at - 1].startswith("unit ") and not [line for line in lines[at:] if line.startswith("unit ")]
    assert [line for line in lines[at:] if line.startswith("item ")]
    lines.insert(at, edits[0]["newText"].rstrip("\n"))
    version = wire.edit(defs, (0, 0), (len(lines) + 1, 0), "\n".join(lines))
    assert "unknown-unit" not in codes(wire.diagnostics(defs, version))
    assert codes(_settled(wire, u)) == expected
    quiet(wire)


def _settled(wire: Wire, u: str) -> list[dict]:
    """The release's diagnostics once the check of the changed definitions has published them."""
    return wire.wait(lambda: (found := wire.published(u)) is not None and "unknown-item" not in codes(found)
                     and found, "the release's diagnostics without unknown-item")
