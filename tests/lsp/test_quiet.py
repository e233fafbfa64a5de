"""What the editor is spared: completion where nothing is to be completed, thousands of diagnostics
from one paste; and what it is told: a check that failed (a bug) is said, not left silent."""

from __future__ import annotations

from lsprotocol import types as t

from ledgerlang.lsp.ledger import Workspace
from ledgerlang.lsp.server import MAX_DIAGNOSTICS, build

from .wire import Wire

BOOK = ('currency JPY "yen"\n# IIJ Announces (quarterly)\nitem a.x "Revenues (net)" JPY flow\n'
        'claim "Revenues were JPY 3,321 million" a.x@FY03\n')


def labels(wire: Wire, u: str, line: int, character: int) -> list[str]:
    found = wire.request("textDocument/completion", {"textDocument": {"uri": u},
                                                     "position": {"line": line, "character": character}})
    return [item["label"] for item in found["result"]["items"]]


def test_no_completion_in_a_comment_a_quoted_text_or_a_figure(wire, tmp_path):
    u = wire.open(tmp_path / "book.iij", BOOK)
    wire.diagnostics(u, 1)
    assert labels(wire, u, 1, 17) == []  # in the comment, after "("
    assert labels(wire, u, 2, 20) == []  # in the item's quoted label
    assert labels(wire, u, 3, 27) == []  # inside the figure 3,321 of the claim's text
    claim = BOOK.split("\n")[3]
    assert "a.x" in labels(wire, u, 3, claim.index(" a.x@") + 3)  # the claim's expression: names
    assert labels(wire, u, 0, 0)  # a line's start: the declaration keywords


def test_a_huge_paste_publishes_at_most_the_cap_and_says_how_many_more(wire, tmp_path):
    """1,200 items in a unit nobody declared: 1,200 findings, of which the editor is sent 999 and a
    last one that says how many more there are."""
    text = 'currency JPY "yen"\n' + "".join(f'item a.x{i} "A" YEN flow\n' for i in range(MAX_DIAGNOSTICS + 200))
    u = wire.open(tmp_path / "book.iij", text)
    found = wire.diagnostics(u, 1)
    assert len(found) == MAX_DIAGNOSTICS
    assert all(d["code"] == "unknown-unit" for d in found[:-1])
    assert found[-1]["code"] == "more-findings" and "201 more findings" in found[-1]["message"]


def test_a_paste_of_more_syntax_errors_than_a_check_reads_is_read_as_ledger_check_reads_it(wire, tmp_path):
    """1,200 broken items: the first 100 syntax errors and where reading stopped (too-many-errors), as
    `ledger check` says it, where they were all parsed, a declaration at a time, behind every line
    before it."""
    text = 'currency JPY "yen"\n' + "".join(f'item a.x{i} "A" JPY flw\n' for i in range(MAX_DIAGNOSTICS + 200))
    u = wire.open(tmp_path / "book.iij", text)
    found = wire.diagnostics(u, 1)
    assert [d["code"] for d in found] == ["syntax"] * 100 + ["too-many-errors"]
    assert found[-1]["range"]["start"]["line"] == 101


def test_a_check_that_fails_is_said_in_place_of_stale_findings(tmp_path):
    """A bug in a check: the file's diagnostics become one saying the check failed, not the last
    version's findings left as they were."""
    book = tmp_path / "book.iij"
    server = build(Workspace([str(tmp_path)]))
    sent: list[t.PublishDiagnosticsParams] = []
    server.text_document_publish_diagnostics = sent.append
    server.window_log_message = lambda params: None
    path = str(book)
    server.books.set_open(path, 'currency JPY "yen"\nitem a.x "A" JPY flw\n')
    server.versions[path] = 1
    server.pending.add(path)
    server.flush()
    assert [d.code for d in sent[-1].diagnostics] == ["syntax"]

    def broken(path):
        raise RuntimeError("a bug")

    server.books.analyse = broken
    server.books.set_open(path, 'currency JPY "yen"\nitem a.x "A" JPY flow\n')
    server.versions[path] = 2
    server.pending.add(path)
    server.flush()
    last = sent[-1]
    assert last.version == 2 and [d.code for d in last.diagnostics] == ["internal-error"]
    assert "RuntimeError: a bug" in last.diagnostics[0].message and "bug in ledgerlang" in last.diagnostics[0].message


def test_a_bug_in_waiting_for_more_input_still_checks(tmp_path):
    """The check waits while more input is waiting (LedgerServer.held); a failure there is logged and
    the file is checked at once, never left waiting with its diagnostics unsent."""
    class Broken:
        def waiting(self):
            raise RuntimeError("a bug")

    server = build(Workspace([str(tmp_path)]))
    sent: list[t.PublishDiagnosticsParams] = []
    logged: list[t.LogMessageParams] = []
    server.text_document_publish_diagnostics = sent.append
    server.window_log_message = logged.append
    server.input = Broken()
    path = str(tmp_path / "book.iij")
    server.books.set_open(path, 'currency JPY "yen"\nitem a.x "A" JPY flw\n')
    server.versions[path] = 1
    server.pending.add(path)
    server.flush()
    assert [d.code for d in sent[-1].diagnostics] == ["syntax"] and not server.flushing
    assert "internal error while waiting for input" in logged[0].message and "RuntimeError: a bug" in logged[0].message
