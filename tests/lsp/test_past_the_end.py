"""A request at a position past the end of its line or of the document (editors send them: a cursor
in virtual space, a stale position after a deletion) is answered as at that end, or with nothing;
never with an error, and never with a traceback in the log."""

from __future__ import annotations

from support import ROOT

from .test_protocol import quiet
from .wire import Wire

# Half typed, as a newcomer leaves a book between keystrokes: a rule cut short, a period cut short,
# a figure that is an emoji, an accept, and a last line with no line end.
HALF = ('entity X "x"\n  fiscal-year-end 03-31\ncurrency JPY "yen"\nitem rev "R" JPY flow\n'
        'item cost "C" JPY flow\nrule rev = cost +\ntable "T" in JPY millions\n  columns FY2003 FY20\n'
        '  rev 1 2\n  cost 😀 3\naccept sum-mismatch rev @FY2003 "x"\nitem')


def requests(u: str, line: int, character: int):
    at = {"textDocument": {"uri": u}, "position": {"line": line, "character": character}}
    last = 2**31 - 1  # the largest position the protocol allows
    span = {"start": at["position"], "end": {"line": min(line + 2, last), "character": min(character + 5, last)}}
    yield "textDocument/hover", at
    yield "textDocument/completion", at
    yield "textDocument/definition", at
    yield "textDocument/references", {**at, "context": {"includeDeclaration": True}}
    yield "textDocument/prepareRename", at
    yield "textDocument/codeAction", {"textDocument": at["textDocument"], "range": span,
                                      "context": {"diagnostics": []}}
    yield "textDocument/inlayHint", {"textDocument": at["textDocument"], "range": span}


def test_requests_past_a_lines_or_the_documents_end_are_answered(wire: Wire, tmp_path):
    release = (ROOT / "books" / "iij" / "iij-1q03-earnings-release.iij").read_text(encoding="utf-8")
    for name, text in (("release.iij", release), ("half.iij", HALF), ("empty.iij", "")):
        u = wire.open(tmp_path / name, text)
        wire.diagnostics(u, 1)
        lines = text.split("\n")
        places = [(k, len(row) + extra) for k, row in enumerate(lines) for extra in (1, 40)]
        places += [(len(lines), 0), (len(lines) + 3, 7), (len(lines) - 1, 10**6), (2**31 - 1, 2**31 - 1)]
        for line, character in places:
            for method, params in requests(u, line, character):
                found = wire.request(method, params)
                assert "error" not in found, (name, line, character, method, found["error"])
    quiet(wire)
    assert not [m for m in wire.messages() if "internal error" in m["message"]]
