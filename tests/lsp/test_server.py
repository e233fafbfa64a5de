"""`ledger lsp` end to end: a real client drives the server over stdio on the IIJ books."""

from __future__ import annotations

import pytest
from lsprotocol import types as t

from ledgerlang.lsp import lexer

from .conftest import diagnostics_until, edit_line, open_book, replace_text, uri

pytestmark = pytest.mark.asyncio

RELEASE = "iij-1q03-earnings-release.iij"
SHARED = "iij.iij"


def doc(path) -> t.TextDocumentIdentifier:
    return t.TextDocumentIdentifier(uri=uri(path))


def errors(found) -> list[t.Diagnostic]:
    return [d for d in found if d.severity == t.DiagnosticSeverity.Error]


async def test_initialize_advertises_the_features(client):
    """The server says what it can do: every feature the editor section of the README lists."""
    capabilities = client.initialize_result.capabilities
    assert capabilities.hover_provider
    assert capabilities.definition_provider and capabilities.references_provider
    assert capabilities.document_symbol_provider and capabilities.workspace_symbol_provider
    assert "@" in capabilities.completion_provider.trigger_characters
    assert capabilities.inlay_hint_provider and capabilities.code_lens_provider
    assert capabilities.code_action_provider and capabilities.document_formatting_provider
    assert "keyword" in capabilities.semantic_tokens_provider.legend.token_types


async def test_an_error_is_reported_on_the_figure_and_cleared_when_fixed(client, books):
    """A mistyped figure gives its diagnostic at the figure's range; fixing it clears the diagnostic."""
    path = books / RELEASE
    text = path.read_text(encoding="utf-8")
    u = open_book(client, path)
    clean = await diagnostics_until(client, u, lambda ds: len(ds) > 0)
    assert errors(clean) == []  # every finding of the release is acknowledged
    # Table 1, rev.dialup at 1Q03: 767 becomes 676 (line 12, columns 21-23, 0-based 20-23).
    line = text.split("\n")[11]
    start = line.index("767")
    edit_line(client, path, 11, start, start + 3, "676", 2)
    found = await diagnostics_until(client, u, lambda ds: len(errors(ds)) > 0)
    at_figure = [d for d in errors(found) if d.range == t.Range(start=t.Position(line=11, character=start),
                                                                 end=t.Position(line=11, character=start + 3))]
    assert {d.code for d in at_figure} >= {"fact-mismatch"}
    mismatch = next(d for d in at_figure if d.code == "fact-mismatch")
    assert "676" in mismatch.message and "767,418" in mismatch.message
    assert mismatch.source == "ledger"
    assert any("printed as 767,418" in r.message for r in mismatch.related_information)
    edit_line(client, path, 11, start, start + 3, "767", 3)
    fixed = await diagnostics_until(client, u, lambda ds: not errors(ds))
    assert len(fixed) == len(clean)


async def test_editing_an_included_file_rechecks_the_books_that_include_it(client, books):
    """A broken rule in iij.iij shows up as total mismatches in the release, which includes it."""
    release, shared = books / RELEASE, books / SHARED
    u = open_book(client, release)
    await diagnostics_until(client, u, lambda ds: len(ds) > 0)
    text = shared.read_text(encoding="utf-8")
    open_book(client, shared, text)
    broken = text.replace("  = rev.dedicated + rev.dialup\n", "  = rev.dedicated - rev.dialup\n", 1)
    assert broken != text
    replace_text(client, shared, broken, 2)
    found = await diagnostics_until(client, u, lambda ds: any(d.code == "total-mismatch" for d in errors(ds)))
    lines = release.read_text(encoding="utf-8").split("\n")
    rows = {lines[d.range.start.line].split()[0] for d in found if d.code == "total-mismatch"}
    assert "rev.connectivity" in rows
    replace_text(client, shared, text, 3)
    await diagnostics_until(client, u, lambda ds: not errors(ds))


async def test_hover_on_a_total_gives_its_value_interval_and_rule(client, books):
    """Hovering Table 1's total revenues shows the value, its interval, the printings and the rule's result."""
    path = books / RELEASE
    open_book(client, path)
    found = await client.text_document_hover_async(t.HoverParams(
        text_document=doc(path), position=t.Position(line=18, character=21)))
    text = found.contents.value
    assert text.startswith("**rev.total@1Q03**: Total revenues")
    assert "value **8,344,046 thousand** (reported), any value in [8,344,045.50, 8,344,046.50] thousand" in text
    assert "`8,344` in 'Table 1. Revenues (JPY in millions)', column 1Q03" in text
    assert "by `rev.total = rev.cvas + rev.si + rev.equipment`" in text
    assert "✓ agrees within rounding" in text
    assert found.range == t.Range(start=t.Position(line=18, character=20), end=t.Position(line=18, character=25))


async def test_hover_on_a_share_shows_the_failed_check(client, books):
    """Hovering the 67.0 share that the source misprints shows the computed 67.06% and the acknowledged finding."""
    path = books / RELEASE
    open_book(client, path)
    line = path.read_text(encoding="utf-8").split("\n")[26]
    found = await client.text_document_hover_async(t.HoverParams(
        text_document=doc(path), position=t.Position(line=26, character=line.index("67.0") + 1)))
    text = found.contents.value
    assert "share%(rev.cvas, rev.total)@1Q03" in text
    assert "computed 67.060%" in text and "✗ misses the printed figure by at least 0.010%" in text
    assert "share-mismatch] (acknowledged)" in text


async def test_definition_of_an_item_and_of_an_include(client, books):
    """Go to definition on a row's item lands on its declaration in iij.iij; on an include, on the file."""
    path = books / RELEASE
    open_book(client, path)
    found = await client.text_document_definition_async(t.DefinitionParams(
        text_document=doc(path), position=t.Position(line=16, character=4)))
    assert found[0].uri == uri(books / SHARED)
    assert found[0].range == t.Range(start=t.Position(line=34, character=5), end=t.Position(line=34, character=11))
    found = await client.text_document_definition_async(t.DefinitionParams(
        text_document=doc(path), position=t.Position(line=3, character=11)))
    assert found[0].uri == uri(books / SHARED)


async def test_references_of_an_item(client, books):
    """References of rev.si: its declaration, the rules that use it, and every row that prints it."""
    path = books / RELEASE
    open_book(client, path)
    found = await client.text_document_references_async(t.ReferenceParams(
        text_document=doc(path), position=t.Position(line=16, character=4),
        context=t.ReferenceContext(include_declaration=True)))
    places = {(r.uri.rsplit("/", 1)[1], r.range.start.line + 1) for r in found}
    assert (SHARED, 35) in places  # the declaration
    assert (RELEASE, 17) in places and (RELEASE, 28) in places  # Table 1 and Appendix 1
    shared = (books / SHARED).read_text(encoding="utf-8").split("\n")
    rule_lines = {n for n, line in enumerate(shared, 1) if "rev.si" in line and line.lstrip().startswith("=")}
    assert rule_lines and rule_lines <= {line for name, line in places if name == SHARED}
    without = await client.text_document_references_async(t.ReferenceParams(
        text_document=doc(path), position=t.Position(line=16, character=4),
        context=t.ReferenceContext(include_declaration=False)))
    assert len(without) == len(found) - 1


async def test_completion_of_item_ids_and_periods(client, books):
    """Typing part of an item offers items with their labels; after `@`, the calendar's period labels."""
    path = books / RELEASE
    text = path.read_text(encoding="utf-8")
    open_book(client, path, text + "claim \"x\"\n  rev.t")
    last = len((text + "claim \"x\"\n  rev.t").split("\n")) - 1
    found = await client.text_document_completion_async(t.CompletionParams(
        text_document=doc(path), position=t.Position(line=last, character=7)))
    items = {c.label: c for c in found.items}
    assert items["rev.total"].detail == "Total revenues"
    assert items["rev.total"].text_edit.range.start == t.Position(line=last, character=2)
    replace_text(client, path, text + "claim \"x\"\n  rev.total@", 2)
    found = await client.text_document_completion_async(t.CompletionParams(
        text_document=doc(path), position=t.Position(line=last, character=12)))
    labels = [c.label for c in found.items]
    assert {"1Q03", "4Q02", "FY2003", "2003-06-30", "9M FY2002", "-1y"} <= set(labels)
    assert "rev.total" not in labels


async def test_inlay_hints_on_a_total_and_on_a_percent_cell(client, books):
    """Beside Table 1's total, the rule's value and a tick; beside the misprinted 67.0, 67.06% and a cross."""
    path = books / RELEASE
    open_book(client, path)
    found = await client.text_document_inlay_hint_async(t.InlayHintParams(
        text_document=doc(path), range=t.Range(start=t.Position(line=0, character=0),
                                               end=t.Position(line=40, character=0))))
    at = {(h.position.line, h.position.character): h.label for h in found}
    assert at[(18, 25)].strip() == "= 8,344.05 ✓"  # rev.total 8,344: 5,595.554 + 2,407.923 + 340.569
    line = path.read_text(encoding="utf-8").split("\n")[26]
    end = line.index("67.0") + 4
    assert at[(26, end)].strip() == "= 67.06% ✗ 0.01 (accepted)"
    # Switched off in the settings, the figure hints go.
    client.workspace_did_change_configuration(t.DidChangeConfigurationParams(
        settings={"ledger": {"inlayHints": {"figures": False}}}))
    found = await client.text_document_inlay_hint_async(t.InlayHintParams(
        text_document=doc(path), range=t.Range(start=t.Position(line=0, character=0),
                                               end=t.Position(line=40, character=0))))
    assert found == [] or all("✓" not in h.label and "✗" not in h.label for h in found)


async def test_statement_rows_and_table_lenses(client, books):
    """Statement rows get the values the ledger settles on; each table gets a lens with its counts."""
    path = books / SHARED
    text = path.read_text(encoding="utf-8")
    open_book(client, path)
    row = next(n for n, line in enumerate(text.split("\n")) if line.strip() == "rev.connectivity" and n > 200)
    found = await client.text_document_inlay_hint_async(t.InlayHintParams(
        text_document=doc(path), range=t.Range(start=t.Position(line=row, character=0),
                                               end=t.Position(line=row + 1, character=0))))
    assert [h.label.strip().split()[:3] for h in found] == [["=", "4,089", "4,346"]]
    release = books / RELEASE
    open_book(client, release)
    lenses = await client.text_document_code_lens_async(t.CodeLensParams(text_document=doc(release)))
    first = next(lens for lens in lenses if lens.range.start.line == 8)
    assert first.command.title.startswith("45 figures · 45 checked · 0 not checkable · 0 errors")


ZERO_SHARES = """entity acme "Acme Corp."
  fiscal year ends 03-31
  fiscal year named by start
currency JPY
item a "A" JPY flow
item rev "Revenue" JPY flow
table "T" in JPY millions
  columns 1Q03 share%(1Q03, rev)
  a    0   0.0%
  rev  0   100.0%
"""


async def test_table_lenses_count_not_checkable_figures_as_ledger_check_does(client, books):
    """A lens's "not checkable" is the checker's: shares of a revenue printed as 0 divide by zero, so
    `ledger check` decides none of the table's 4 figures, and its note lists them; the lens says so too."""
    import json

    from support import ledger

    path = books / "zero-revenue.iij"
    path.write_text(ZERO_SHARES, encoding="utf-8")
    open_book(client, path)
    lenses = await client.text_document_code_lens_async(t.CodeLensParams(text_document=doc(path)))
    assert [lens.command.title.split(" · ")[:3] for lens in lenses] == [["4 figures", "0 checked",
                                                                          "4 not checkable"]]
    found = json.loads(ledger("check", "--format", "json", str(path)).stdout)
    assert [d["message"].split()[0] for d in found["diagnostics"] if d["code"] == "not-checkable"] == ["4"]
    assert found["summary"]["figures_not_checkable"] == 4


async def test_code_action_declares_a_missing_item(client, books):
    """A row naming an undeclared item offers to declare it; applying the edit clears the diagnostic."""
    release, shared = books / RELEASE, books / SHARED
    text = release.read_text(encoding="utf-8")
    lines = text.split("\n")
    lines.insert(19, "  rev.misc              1      2           .       3           .")
    broken = "\n".join(lines)
    u = open_book(client, release, broken)
    found = await diagnostics_until(client, u, lambda ds: any(d.code == "unknown-item" for d in ds))
    unknown = next(d for d in found if d.code == "unknown-item")
    assert unknown.range.start == t.Position(line=19, character=2)
    actions = await client.text_document_code_action_async(t.CodeActionParams(
        text_document=doc(release), range=unknown.range, context=t.CodeActionContext(diagnostics=[unknown])))
    declare = next(a for a in actions if a.title.startswith("Declare item rev.misc"))
    (change,) = declare.edit.document_changes  # VS Code takes edits for a version of each document
    target, edits = change.text_document.uri, change.edits
    assert target == uri(shared) and change.text_document.version is None  # not open: as on disk
    assert edits[0].new_text == 'item rev.misc "rev.misc" JPY flow\n'
    shared_lines = shared.read_text(encoding="utf-8").split("\n")
    shared_lines.insert(edits[0].range.start.line, edits[0].new_text.rstrip("\n"))
    open_book(client, shared, "\n".join(shared_lines))
    await diagnostics_until(client, u, lambda ds: not any(d.code == "unknown-item" for d in ds))


async def test_code_action_accepts_a_finding(client, books):
    """A finding offers an `accept` line for it; with it applied, the finding is acknowledged."""
    path = books / RELEASE
    text = path.read_text(encoding="utf-8")
    line = text.split("\n")[11]
    start = line.index("767")
    broken = text.replace(line, line[:start] + "676" + line[start + 3:], 1)
    u = open_book(client, path, broken)
    found = await diagnostics_until(client, u, lambda ds: any(d.code == "fact-mismatch" for d in errors(ds)))
    finding = next(d for d in errors(found) if d.code == "fact-mismatch")
    actions = await client.text_document_code_action_async(t.CodeActionParams(
        text_document=doc(path), range=finding.range, context=t.CodeActionContext(diagnostics=[finding])))
    accept = next(a for a in actions if a.title.startswith("Accept fact-mismatch"))
    (change,) = accept.edit.document_changes
    edits = change.edits
    assert change.text_document.uri == u and change.text_document.version == 1
    assert edits[0].new_text.startswith("accept fact-mismatch at rev.dialup@1Q03 ")
    new_lines = broken.split("\n")
    new_lines.insert(edits[0].range.start.line, edits[0].new_text.rstrip("\n"))
    replace_text(client, path, "\n".join(new_lines), 2)
    after = await diagnostics_until(client, u, lambda ds: not any(
        d.code == "fact-mismatch" and d.severity == t.DiagnosticSeverity.Error and d.range.start.line == 11
        for d in ds))
    assert any(d.code == "fact-mismatch" and d.message.startswith("(acknowledged)") for d in after)


async def test_formatting_keeps_every_figure_and_comment(client, books):
    """Formatting a badly spaced book re-aligns it and changes no figure's or comment's text."""
    path = books / RELEASE
    text = path.read_text(encoding="utf-8")
    messy = "\n".join(" ".join(line.split()) if not line.lstrip().startswith("#") else line
                      for line in text.split("\n"))
    messy = messy.replace("rev.dedicated 3,321", "rev.dedicated     3,321   # a comment kept")
    assert messy != text
    open_book(client, path, messy)
    edits = await client.text_document_formatting_async(t.DocumentFormattingParams(
        text_document=doc(path), options=t.FormattingOptions(tab_size=2, insert_spaces=True)))
    assert len(edits) == 1 and edits[0].range.start == t.Position(line=0, character=0)
    output = edits[0].new_text

    def kept(source: str, kind: str) -> list[str]:
        return [tok.text for line in source.split("\n") for tok in lexer.tokens(line) if tok.kind == kind]

    assert kept(output, "figure") == kept(messy, "figure")
    assert kept(output, "comment") == kept(messy, "comment")
    assert output != messy and "  rev.dedicated     3,321" in output


async def test_formatting_refuses_a_book_with_syntax_errors(client, books):
    """Where `ledger fmt` refuses, the server says so and edits nothing."""
    path = books / RELEASE
    open_book(client, path, path.read_text(encoding="utf-8") + "table \"unfinished\n")
    edits = await client.text_document_formatting_async(t.DocumentFormattingParams(
        text_document=doc(path), options=t.FormattingOptions(tab_size=2, insert_spaces=True)))
    assert not edits
    assert any("is not formatted: fix the errors first" in m.message for m in client.messages)


async def test_a_half_typed_line_is_a_diagnostic_and_the_server_keeps_answering(client, books):
    """Every prefix of a declaration typed character by character gives diagnostics, never a crash."""
    path = books / RELEASE
    text = path.read_text(encoding="utf-8")
    u = open_book(client, path, text)
    await diagnostics_until(client, u, lambda ds: len(ds) > 0)
    typed = 'item rev.new "New" JPY flow\n  = rev.si +'
    version = 1
    for k in range(1, len(typed) + 1, 3):
        version += 1
        replace_text(client, path, text + typed[:k], version)
    found = await diagnostics_until(client, u, lambda ds: any(d.code == "syntax" for d in ds))
    syntax = next(d for d in found if d.code == "syntax")
    assert syntax.range.start.line >= len(text.split("\n")) - 1
    hover = await client.text_document_hover_async(t.HoverParams(
        text_document=doc(path), position=t.Position(line=18, character=21)))
    assert "rev.total@1Q03" in hover.contents.value
    assert not [m for m in client.log_messages if "internal error" in m.message]


async def test_symbols_and_semantic_tokens(client, books):
    """The outline lists tables with their rows; workspace symbols find items; tokens colour the text."""
    path = books / RELEASE
    open_book(client, path)
    symbols = await client.text_document_document_symbol_async(t.DocumentSymbolParams(text_document=doc(path)))
    table = next(s for s in symbols if s.name == "Table 1. Revenues (JPY in millions)")
    assert table.kind == t.SymbolKind.Struct and table.children[0].name == "rev.dedicated"
    found = await client.workspace_symbol_async(t.WorkspaceSymbolParams(query="rev.connect"))
    assert any(s.name == "rev.connectivity" and s.location.uri == uri(books / SHARED) for s in found)
    tokens = await client.text_document_semantic_tokens_full_async(t.SemanticTokensParams(text_document=doc(path)))
    legend = client.initialize_result.capabilities.semantic_tokens_provider.legend.token_types
    data, decoded, line, start = tokens.data, [], 0, 0
    for k in range(0, len(data), 5):
        line += data[k]
        start = data[k + 1] if data[k] else start + data[k + 1]
        decoded.append((line, start, data[k + 2], legend[data[k + 3]]))
    assert (3, 0, 7, "keyword") in decoded  # include
    assert (8, 0, 5, "keyword") in decoded  # table
    assert (10, 2, 13, "variable") in decoded  # rev.dedicated
    assert (10, 20, 5, "number") in decoded  # 3,321
    assert (9, 21, 4, "parameter") in decoded  # 1Q03


async def test_a_book_that_leaves_the_ledger_is_checked_on_its_own(client, books):
    """Removing the release's include splits the ledger: the presentation's guidance loses its actuals."""
    release, presentation = books / RELEASE, books / "iij-3q02-investor-presentation.iij"
    text = release.read_text(encoding="utf-8")
    u = open_book(client, release, text)
    p = uri(presentation)
    before = await diagnostics_until(client, p, lambda ds: len(ds) > 0)
    assert {"guidance-met", "guidance-above"} <= {d.code for d in before}
    replace_text(client, release, text.replace('include "iij.iij"\n', "", 1), 2)
    after = await diagnostics_until(client, p, lambda ds: {d.code for d in ds} == {
        "guidance-pending", "claim-unchecked", "claim-text-drift"})  # as `ledger check` gives it alone
    assert sum(d.code == "guidance-pending" for d in after) == 7  # as `ledger check` gives it alone
    alone = await diagnostics_until(client, u, lambda ds: any(d.code == "unknown-item" for d in ds))
    assert any(d.code == "unknown-item" for d in errors(alone))


async def test_an_unsaved_document_is_checked_too(client):
    """A new, never saved document (an untitled: URI) gets its diagnostics under its own URI."""
    text = ('entity acme "Acme"\n  fiscal year ends 03-31\ncurrency JPY\n'
            'item rev "Revenue" JPY flow\nitem cost "Cost" JPY flow\nitem op "Operating income" JPY flow\n'
            '  = rev - cost\ntable "T" in JPY millions\n  columns 1Q03\n  rev 10\n  cost 4\n  op 9\n')
    u = "untitled:Untitled-1"
    client.text_document_did_open(t.DidOpenTextDocumentParams(
        text_document=t.TextDocumentItem(uri=u, language_id="ledgerlang", version=1, text=text)))
    found = await diagnostics_until(client, u, lambda ds: len(ds) > 0)
    total = next(d for d in found if d.code == "total-mismatch")
    assert total.range.start == t.Position(line=11, character=5)
    assert "op@1Q03 is reported as 9" in total.message


async def test_hover_on_a_derived_figure_in_a_claim(client, books):
    """A margin no table prints is derived by its rule: the hover gives that value and its interval."""
    path = books / RELEASE
    open_book(client, path)
    line = path.read_text(encoding="utf-8").split("\n")[263]
    assert line.strip().startswith("margin.gross.si@1Q03 = 3.5%")
    found = await client.text_document_hover_async(t.HoverParams(
        text_document=doc(path), position=t.Position(line=263, character=line.index("margin") + 3)))
    text = found.contents.value
    assert text.startswith("**margin.gross.si@1Q03**: Gross margin, systems integration")
    assert "value **3.51054%** (derived), any value in [3.51049, 3.51058]%" in text
    assert "by `margin.gross.si = (rev.si - cost.si) / rev.si`" in text


async def test_completion_after_accept_offers_the_findings(client, books):
    """After `accept`, the completion offers each finding not yet acknowledged, as CODE at ITEM@PERIOD."""
    path = books / RELEASE
    text = path.read_text(encoding="utf-8")
    line = text.split("\n")[11]
    start = line.index("767")
    broken = text.replace(line, line[:start] + "676" + line[start + 3:], 1) + "accept fact"
    u = open_book(client, path, broken)
    await diagnostics_until(client, u, lambda ds: any(d.code == "fact-mismatch" for d in errors(ds)))
    last = len(broken.split("\n")) - 1
    found = await client.text_document_completion_async(t.CompletionParams(
        text_document=doc(path), position=t.Position(line=last, character=11)))
    offer = next(c for c in found.items if c.label == "fact-mismatch at rev.dialup@1Q03")
    assert offer.text_edit.range.start == t.Position(line=last, character=7)
