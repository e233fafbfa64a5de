"""A ledger of several files, as an author keeps one: definitions in one file, a file per release,
a file that includes the others. The editor opens, saves, closes, creates and deletes them; each
file's diagnostics follow the whole ledger. A raw client over stdio (wire.py), sending what Neovim
sends (no file watching: a new book is known from its didOpen and didSave alone)."""

from __future__ import annotations

from .wire import uri

DEFS = """entity acme "Acme Inc."
  fiscal year ends 12-31

currency USD "US dollar"

item rev.a "Revenue A" USD flow credit
item rev.b "Revenue B" USD flow credit
item rev.total "Total revenue" USD flow credit
  = rev.a + rev.b
"""
RELEASE = """include "defs.iij"

table "Revenues" in USD millions
  columns    1Q24  1Q23
  rev.a        10     8
  rev.b         5     4
  rev.total    15    12
"""
SUMMARY = 'include "q1.iij"\n\nclaim "Revenue A was USD 12 million"\n  rev.a@1Q24 = 12 USD millions\n'


def ledger(tmp_path):
    (tmp_path / "defs.iij").write_text(DEFS, encoding="utf-8")
    (tmp_path / "q1.iij").write_text(RELEASE, encoding="utf-8")
    return tmp_path / "defs.iij", tmp_path / "q1.iij"


def codes(found) -> list[str]:
    return [d["code"] for d in found or ()]


def test_a_new_book_saved_and_closed_stays_in_the_ledger_of_what_it_includes(wire, tmp_path):
    """A file created in the editor that includes the release, saved and closed: an edit of the
    release still checks it, so its claim's finding comes back when the release contradicts it
    again (the server's list of the workspace's books was read before the file existed)."""
    _, release = ledger(tmp_path)
    u = wire.open(release, RELEASE)
    wire.diagnostics(u, 1)
    summary = tmp_path / "summary.iij"
    s = wire.open(summary, SUMMARY)
    assert codes(wire.diagnostics(s, 1)) == ["claim-mismatch"]
    summary.write_text(SUMMARY, encoding="utf-8")
    wire.notify("textDocument/didSave", {"textDocument": {"uri": s}})
    wire.notify("textDocument/didClose", {"textDocument": {"uri": s}})
    wire.edit(u, (4, 15), (4, 17), "12")  # the release now agrees with the claim
    wire.wait(lambda: wire.published(uri(summary)) == [], "the claim's finding cleared")
    wire.edit(u, (4, 15), (4, 17), "10")  # and again contradicts it
    wire.wait(lambda: codes(wire.published(uri(summary))) == ["claim-mismatch"], "the claim's finding again")
