"""Whatever is typed, every feature answers: no exception from any of them on any text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledgerlang.lsp import actions, complete, convert, hints, hover, navigate, tokens
from ledgerlang.lsp.ledger import Workspace, normal

from support import ROOT

RELEASE = ROOT / "books" / "iij" / "iij-1q03-earnings-release.iij"
LINES = RELEASE.read_text(encoding="utf-8").split("\n")[:60]
typed = st.text(alphabet=st.sampled_from(list('abcrevtl.@,()"=%-+ 0123456789QFYHMitemablcounsq#\t\r:*/<>~é𝟘')),
                max_size=40)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(st.tuples(st.integers(0, 59), typed), min_size=1, max_size=4), st.integers(0, 59),
       st.integers(0, 45))
def test_every_feature_answers_on_any_text(tmp_path_factory, edits, line, column):
    """Lines of a book replaced by anything: diagnostics, hover, hints, lenses, navigation, completion, actions."""
    folder = tmp_path_factory.mktemp("typed")
    (folder / "iij.iij").write_text((ROOT / "books" / "iij" / "iij.iij").read_text(encoding="utf-8"),
                                    encoding="utf-8")
    lines = list(LINES)
    for where, text in edits:
        lines[where] = text
    text = "\n".join(lines)
    path = normal(str(folder / "book.iij"))
    workspace = Workspace([str(folder)])
    workspace.set_open(path, text)
    analysis = workspace.analyse(path)
    source = convert.Lines(text)
    for d in analysis.diagnostics:
        convert.diagnostic(d, analysis, lambda p: convert.Lines(workspace.text(p) or ""), lambda p: p)
        actions.for_diagnostic(analysis, d, workspace.text)
    row = source.line(line)
    column = min(column, len(row))
    hover.hover(analysis, path, row, line + 1, column + 1)
    target = navigate.target_at(analysis, path, row, line + 1, column + 1)
    if target is not None:
        navigate.definitions(analysis, target)
        navigate.references(analysis, workspace.text, target.name, True)
    complete.choices(analysis, row[:column])
    hints.figure_hints(analysis, path, 1, len(lines))
    hints.statement_hints(analysis, path, 1, len(lines))
    hints.table_lenses(analysis, path)
    tree, _ = workspace.parsed(path, text)
    navigate.symbols(tree)
    tokens.encode(text, source, analysis.book.items, analysis.book.rates, analysis.book.units)
