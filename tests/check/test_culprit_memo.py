"""Culprit searches read back between edits (the editor's) give what searching again gives.

The language server keeps each error's culprits from one check of a ledger to the next
(`joint.Culprits`), and reads them back where the error's neighbourhood of the network is
the same. Here the IIJ ledger is edited as an author would, a printed figure at a time, and
every check with the searches read back is compared with a check that searches afresh.
"""

from __future__ import annotations

import re
from functools import lru_cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledgerlang.check import check_counted
from ledgerlang.check.joint import Culprits
from ledgerlang.evaluate.compute import evaluate
from ledgerlang.load import load_paths
from ledgerlang.model.period import label
from support import ROOT

BOOKS = ("iij.iij", "iij-1q03-earnings-release.iij", "iij-3q02-investor-presentation.iij")


@lru_cache(maxsize=1)
def _figures() -> tuple[list, list]:
    """The ledger's printed figures with a digit to change, (file, line, column, text): every
    one, and those a culprit note names (an edit there changes what the note says, so a
    search read back when it should not be shows)."""
    book, _ = load_paths([str(ROOT / "books" / "iij" / name) for name in BOOKS])
    evaluation, _ = evaluate(book)
    errors = {found for d in check_counted(book, evaluation)[0] for note in d.notes if note.startswith("culprit:")
              for found in re.findall(r"([\w.%]+)@(\w+) from", note)}
    every, suspects = set(), set()
    for printed in (*book.facts, *book.measured):
        if printed.span is not None and re.search(r"\d", printed.value.text):
            figure = (printed.span.path.rsplit("/", 1)[-1], printed.span.line, printed.span.column,
                      printed.value.text)
            every.add(figure)
            if (printed.item, label(printed.period)) in errors:
                suspects.add(figure)
    return sorted(every), sorted(suspects)


def _edited(texts: dict[str, str], figure, digit: str) -> dict[str, str]:
    """The ledger with one figure's last digit set to `digit`."""
    name, line, column, text = figure
    last = max(i for i, ch in enumerate(text) if ch.isdigit())
    lines = texts[name].split("\n")
    row = lines[line - 1]
    start = column - 1
    if row[start:start + len(text)] != text:  # printed differently from its text (a sign kept apart): skip
        return texts
    new = text[:last] + digit + text[last + 1:]
    lines[line - 1] = row[:start] + new + row[start + len(text):]
    return {**texts, name: "\n".join(lines)}


def _check(tmp_path, texts: dict[str, str], culprits: Culprits | None):
    for name, text in texts.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    book, read = load_paths([str(tmp_path / name) for name in BOOKS])
    evaluation, evaluated = evaluate(book)
    checked, counts = check_counted(book, evaluation, culprits)
    return read + evaluated + checked


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from([True, True, False]), st.integers(min_value=0),
                          st.sampled_from("0123456789")), min_size=1, max_size=3))
def test_culprits_read_back_after_edits_are_those_searched_afresh(tmp_path, edits):
    texts = {name: (ROOT / "books" / "iij" / name).read_text(encoding="utf-8") for name in BOOKS}
    every, suspects = _figures()
    culprits = Culprits()
    _check(tmp_path, texts, culprits)  # the editor opens the ledger
    for suspect, index, digit in edits:
        figures = suspects if suspect else every
        texts = _edited(texts, figures[index % len(figures)], digit)
        assert _check(tmp_path, texts, culprits) == _check(tmp_path, texts, None)


def test_an_unchanged_ledger_reads_every_search_back(tmp_path):
    texts = {name: (ROOT / "books" / "iij" / name).read_text(encoding="utf-8") for name in BOOKS}
    culprits = Culprits()
    first = _check(tmp_path, texts, culprits)
    searched = len(culprits.kept)
    assert culprits.hits == 0 and searched > 20
    again = _check(tmp_path, texts, culprits)
    assert again == first and culprits.hits == searched


def test_a_joint_finding_s_search_is_read_back_as_well(tmp_path, monkeypatch):
    """The ledger's joint finding (the ADS count pinning the per-share loss) has a culprit search
    of its own; an unchanged ledger reads it back as it reads back the pairwise errors' searches:
    no neighbourhood is solved again to search it (a search begins with a tracked solve of one)."""
    from ledgerlang.evaluate.propagate import Network

    texts = {name: (ROOT / "books" / "iij" / name).read_text(encoding="utf-8") for name in BOOKS}
    culprits = Culprits()
    opened = _check(tmp_path, texts, culprits)
    assert any(d.code == "joint-inconsistent" for d in opened)
    searches = []
    solve = Network.solve

    def counted(self, active=None, removed=frozenset(), track=True, first=None, learn=True):
        if active is not None and track:
            searches.append(active)
        return solve(self, active, removed, track, first, learn)

    monkeypatch.setattr(Network, "solve", counted)
    assert _check(tmp_path, texts, culprits) == opened
    assert searches == []
