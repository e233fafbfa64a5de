"""A book whose fiscal year ends off December and does not say how its years are named is told so
(`calendar-assumed`): the two lines that answer it are offered as quick fixes, each under the entity.

The book is the IIJ definitions with their `fiscal year named by start` line taken out (a newcomer's
omission; the bundled book has it), and the Q1 2003 release. `start` is IIJ's answer: with it the
release checks as it does with the bundled definitions.
"""

from __future__ import annotations

import shutil

from support import ROOT

from .test_protocol import quiet
from .test_quick_fix_units import codes
from .wire import Wire

NAMED = "  fiscal year named by start  # FY2003 = Apr 2003 .. Mar 2004, 1Q03 = Apr-Jun 2003\n"


def test_a_year_named_by_neither_end_offers_both_lines_under_the_entity(wire: Wire, tmp_path):
    for name in ("iij.iij", "iij-1q03-earnings-release.iij"):
        shutil.copy(ROOT / "books" / "iij" / name, tmp_path / name)
    whole = (tmp_path / "iij.iij").read_text(encoding="utf-8")
    assert NAMED in whole
    release = wire.open(tmp_path / "iij-1q03-earnings-release.iij",
                        (tmp_path / "iij-1q03-earnings-release.iij").read_text(encoding="utf-8"))
    expected = codes(wire.diagnostics(release, 1))
    defs = wire.open(tmp_path / "iij.iij", whole.replace(NAMED, "", 1))
    found = wire.wait(lambda: [d for d in (wire.published(defs) or []) + (wire.published(release) or [])
                               if d["code"] == "calendar-assumed"] or None, "the calendar-assumed warning")
    (d,) = found
    where = next(u for u in (defs, release) if d in (wire.published(u) or []))
    actions = wire.request("textDocument/codeAction", {"textDocument": {"uri": where}, "range": d["range"],
                                                      "context": {"diagnostics": [d]}})["result"]
    fixes = {a["title"]: a["edit"]["changes"] for a in actions if "fiscal year named by" in a["title"]}
    assert sorted(fixes) == ["Say FY names the year that ends (fiscal year named by end)",
                             "Say FY names the year that starts (fiscal year named by start)"]
    (target, edits), = fixes["Say FY names the year that starts (fiscal year named by start)"].items()
    assert target == defs and [e["newText"] for e in edits] == ["  fiscal year named by start\n"]
    lines = whole.replace(NAMED, "", 1).split("\n")
    at = edits[0]["range"]["start"]["line"]
    assert lines[at - 1] == "  fiscal year ends 03-31"  # under the entity, after its own lines
    lines.insert(at, edits[0]["newText"].rstrip("\n"))
    version = wire.edit(defs, (0, 0), (len(lines) + 1, 0), "\n".join(lines))
    assert "calendar-assumed" not in codes(wire.diagnostics(defs, version))
    assert wire.wait(lambda: (now := wire.published(release)) is not None and codes(now) == expected,
                     "the release's diagnostics as with the bundled definitions")
    quiet(wire)
