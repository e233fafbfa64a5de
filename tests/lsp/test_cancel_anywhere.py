"""Work stopped anywhere leaves nothing behind: after a request cancelled (or a check made stale) at
any moment, the server answers as a server that was never stopped.

The stops come from tests/lsp/stopping.py, the server with its real Interrupter, told when to hear
the cancel (or the change) that stops the next piece of work: at delays Hypothesis chooses, over the
time a check of the IIJ release takes. Each stopped server is compared with one that was given the
same text and never stopped, on the release as it is and with one figure changed. Both run their
modules from source (LEDGERLANG_PURE), as an install without a C compiler does: compiled code is
stopped only where it calls back into Python, source code at almost any bytecode.
"""

from __future__ import annotations

import os
import shutil
import sys

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from support import ROOT

from .test_protocol import quiet
from .wire import Wire

RELEASE = "iij-1q03-earnings-release.iij"
ROW = 10  # 0-based: `  rev.dedicated     3,321  3,523 ...`, whose first digit is changed
DIGIT = 20


def started(folder, stopping: bool) -> tuple[Wire, str, str]:
    command = [sys.executable, str(ROOT / "tests" / "lsp" / "stopping.py")] if stopping else None
    os.environ["LEDGERLANG_PURE"] = "1"  # read by the server, started with this environment
    try:
        wire = Wire(command=command)
    finally:
        del os.environ["LEDGERLANG_PURE"]
    wire.initialize(folders=[folder])
    text = (folder / RELEASE).read_text(encoding="utf-8")
    u = wire.open(folder / RELEASE, text)
    wire.diagnostics(u, 1)
    return wire, u, text


def answers(wire: Wire, u: str, version: int) -> dict:
    """What an editor shows of a version: its diagnostics, a hover on an item and on a figure,
    the inlay hints and the code lenses."""
    at = {"textDocument": {"uri": u}}
    whole = {"start": {"line": 0, "character": 0}, "end": {"line": 60, "character": 0}}
    return {
        "diagnostics": wire.diagnostics(u, version),
        "item": wire.request("textDocument/hover", {**at, "position": {"line": ROW, "character": 4}}).get("result"),
        "figure": wire.request("textDocument/hover",
                               {**at, "position": {"line": ROW + 2, "character": 20}}).get("result"),
        "hints": wire.request("textDocument/inlayHint", {**at, "range": whole}).get("result"),
        "lenses": wire.request("textDocument/codeLens", at).get("result"),
    }


def hover_now(wire: Wire, u: str) -> dict:
    wire.ids += 1
    return {"jsonrpc": "2.0", "id": wire.ids, "method": "textDocument/hover",
            "params": {"textDocument": {"uri": u}, "position": {"line": ROW, "character": 4}}}


# Each example takes a minute: generated, never shrunk (a failure names its delays).
@settings(max_examples=2, deadline=None, phases=[Phase.generate],
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(delays=st.lists(st.floats(min_value=0, max_value=0.6), min_size=6, max_size=6))
def test_after_a_stop_anywhere_the_server_answers_as_one_never_stopped(tmp_path_factory, delays):
    """An edit and a hover sent together (the hover then waits for the edit's check, inside the
    request), with a stop armed at a chosen delay into whichever runs first: the hover is answered or
    cancelled, and then every answer of that version is the never-stopped server's."""
    folder = tmp_path_factory.mktemp("iij")
    for name in (RELEASE, "iij.iij"):
        shutil.copy(ROOT / "books" / "iij" / name, folder / name)
    plain, plain_u, text = started(folder, False)
    stopped, u, _ = started(folder, True)
    try:
        digit = text.split("\n")[ROW][DIGIT]
        assert digit.isdigit()
        for k, delay in enumerate(delays):
            typed = digit if k % 2 else str((int(digit) + 1) % 10)
            version = plain.edit(plain_u, (ROW, DIGIT), (ROW, DIGIT + 1), typed)
            expected = answers(plain, plain_u, version)
            stopped.notify("$/stopAt", {"seconds": delay})
            change = stopped.edit(u, (ROW, DIGIT), (ROW, DIGIT + 1), typed, send=False)
            hover = hover_now(stopped, u)
            stopped.send(change, hover)
            first = stopped.wait(lambda: stopped.responses.pop(hover["id"], None), "the stopped hover's answer")
            assert "result" in first or first["error"]["code"] == -32800, first
            assert answers(stopped, u, stopped.versions[u]) == expected, (k, delay)
        quiet(stopped)
    finally:
        assert stopped.close() == 0 and plain.close() == 0
