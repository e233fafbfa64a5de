"""`ledger draft` on the seed documents: the drafts load, agree with the hand-made books
figure by figure, find every table, read HTML like text, and check the same way."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledgerlang.cli.main import main
from ledgerlang.diff.listing import _cell_what
from ledgerlang.load import load_paths, run
from ledgerlang.syntax import nodes as n
from ledgerlang.syntax.parse import parse

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parent / "data"
BOOKS = ROOT / "books" / "iij"
SEEDS = {
    "iij-1q03-earnings-release": DATA / "iij-1q03-earnings-release.txt",
    "iij-3q02-investor-presentation": DATA / "iij-3q02-investor-presentation.txt",
}


def tables(path: Path):
    """Each table of a book: its line range and a Counter of (row at column, printed text, scale)."""
    tree, diagnostics = parse(path.read_text(encoding="utf-8"), str(path))
    assert not [d for d in diagnostics if d.counts_as_error], diagnostics
    out = []
    for decl in tree.declarations:
        if not isinstance(decl, n.TableDecl):
            continue
        scale = " ".join(x for x in (decl.scale.unit, decl.scale.scale) if x) if decl.scale else ""
        figures = Counter()
        for row in decl.rows:
            for column, cell in zip(decl.columns, row.cells):
                if cell.text != ".":
                    figures[(_cell_what(row.head, column), cell.text, scale)] += 1
        out.append(((decl.span.line, decl.rows[-1].span.line if decl.rows else decl.span.line), figures))
    return out


@pytest.fixture(scope="module")
def drafted(tmp_path_factory):
    """The two seeds drafted with the shared definitions, beside a copy of them."""
    where = tmp_path_factory.mktemp("drafts")
    shutil.copy(BOOKS / "iij.iij", where / "iij.iij")
    out = {}
    for name, seed in SEEDS.items():
        book = where / f"{name}.iij"
        assert main(["draft", str(seed), "--defs", str(where / "iij.iij"), "-o", str(book)]) == 0
        out[name] = book
    return where, out


def test_the_drafted_books_load(drafted):
    where, books = drafted
    for book in books.values():
        _, diagnostics = load_paths([str(where / "iij.iij"), str(book)])
        assert not [d for d in diagnostics if d.counts_as_error], [d.message for d in diagnostics]


def test_figures_agree_with_the_hand_made_books_and_every_table_is_found(drafted, capsys):
    _, books = drafted
    shares = []
    for name, book in books.items():
        hand, draft = tables(BOOKS / f"{name}.iij"), tables(book)
        assert len(draft) == len(hand), f"{name}: {len(draft)} tables drafted, {len(hand)} in the hand-made book"
        all_hand = sum((f for _, f in hand), Counter())
        all_draft = sum((f for _, f in draft), Counter())
        agree, total = sum((all_hand & all_draft).values()), sum(all_hand.values())
        # every hand-made table has its own drafted table, the one sharing most of its figures
        matched = set()
        for _, figures in hand:
            best = max(range(len(draft)), key=lambda i: sum((figures & draft[i][1]).values()))
            assert sum((figures & draft[best][1]).values()) >= 0.5 * sum(figures.values())
            matched.add(best)
        assert len(matched) == len(hand)
        if total:
            shares.append((name, agree, total))
            assert agree / total >= 0.9, f"{name}: only {agree} of {total} figures agree"
    with capsys.disabled():
        for name, agree, total in shares:
            print(f"\n{name}: {agree} of {total} table figures agree with the hand-made book ({agree / total:.1%})")
    assert shares


def test_an_html_release_drafts_to_the_same_tables_as_its_text(tmp_path):
    shutil.copy(BOOKS / "iij.iij", tmp_path / "iij.iij")
    html, text = tmp_path / "html.iij", tmp_path / "text.iij"
    assert main(["draft", str(DATA / "iij-1q03-tables.html"), "--defs", str(tmp_path / "iij.iij"),
                 "-o", str(html)]) == 0
    assert main(["draft", str(SEEDS["iij-1q03-earnings-release"]), "--defs", str(tmp_path / "iij.iij"),
                 "-o", str(text)]) == 0
    from_html, from_text = tables(html), tables(text)
    assert len(from_html) == 4
    for _, figures in from_html:
        same = [f for _, f in from_text if f == figures]
        assert same, f"no table of the text draft has exactly these figures: {sorted(figures)[:5]}"
    _, loaded = load_paths([str(tmp_path / "iij.iij"), str(html)])
    assert not [d for d in loaded if d.counts_as_error]
    # the narrative too: a sentence in both ties the same figures
    html_claims, text_claims = claims(html), claims(text)
    assert html_claims and all(text_claims.get(sentence) == lines for sentence, lines in html_claims.items())


def claims(path: Path) -> dict:
    tree, _ = parse(path.read_text(encoding="utf-8"), str(path))
    from ledgerlang.fmt.expr import expression
    from ledgerlang.fmt.layout import value_text
    return {d.text: tuple(f"{expression(line.expr)} = {value_text(line.value)}" for line in d.lines)
            for d in tree.declarations if isinstance(d, n.ClaimDecl) and d.lines}


def _findings(paths, spans):
    _, _, found = run([str(p) for p in paths])
    out = set()
    for d in found:
        if d.severity.name != "ERROR" or d.span is None:
            continue
        if any(a <= d.span.line <= b for a, b in spans.get(d.span.path, ())):
            out.add((d.code, d.item, d.period))
    return out


def test_check_finds_the_same_as_on_the_hand_made_books(drafted):
    where, books = drafted
    shutil.copy(BOOKS / "iij-1q03-earnings-release.iij", where / "hand-release.iij")
    hand_book, draft_book = where / "hand-release.iij", books["iij-1q03-earnings-release"]
    hand = _findings([where / "iij.iij", hand_book], {str(hand_book): [s for s, _ in tables(hand_book)]})
    draft = _findings([where / "iij.iij", draft_book], {str(draft_book): [s for s, _ in tables(draft_book)]})
    assert hand, "the hand-made book's tables have findings to compare"
    assert draft == hand, (f"only by hand: {sorted(hand - draft, key=str)}; "
                           f"only in the draft: {sorted(draft - hand, key=str)}")


GOLDEN = Path(__file__).resolve().parent / "golden"


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_the_whole_draft_is_the_reviewed_one(name, tmp_path, monkeypatch, capsys):
    """The drafted book and the summary, byte for byte as reviewed. Regenerate with
    `LEDGER_REGENERATE=1 python -m pytest tests/draft` and review the diff."""
    import os

    shutil.copy(BOOKS / "iij.iij", tmp_path / "iij.iij")
    monkeypatch.chdir(ROOT)  # the release is named relative to the repository in the book
    book = tmp_path / f"{name}.iij"
    assert main(["draft", str(SEEDS[name].relative_to(ROOT)), "--defs", str(tmp_path / "iij.iij"),
                 "-o", str(book)]) == 0
    summary = capsys.readouterr().out.replace(str(tmp_path), "TMP")
    for suffix, actual in ((".iij", book.read_text(encoding="utf-8")), (".summary", summary)):
        expected = GOLDEN / f"{name}{suffix}"
        if os.environ.get("LEDGER_REGENERATE"):
            expected.write_text(actual, encoding="utf-8")
        assert expected.exists(), f"no golden {expected.name}: run with LEDGER_REGENERATE=1"
        assert actual == expected.read_text(encoding="utf-8")


@given(st.text(alphabet="-= \tx", max_size=30))
def test_a_rule_line_is_three_dashes_or_equals_and_nothing_else(line):
    """A horizontal rule in a release's text: as `^\\s*[-=]{3,}[-=\\s]*$` defines it."""
    from ledgerlang.draft.text import _is_rule

    assert _is_rule(line) == bool(re.match(r"^\s*[-=]{3,}[-=\s]*$", line))


def test_a_long_line_of_dashes_ended_by_text_is_read_once():
    """The rule's pattern backtracked quadratically (20,000 dashes and a letter took 0.8 s, a million
    would take half an hour); bounded here by an alarm far above a linear read."""
    import signal

    from ledgerlang.draft.text import _is_rule

    def overtime(signum, frame):
        raise TimeoutError("_is_rule took more than 20 s")

    previous = signal.signal(signal.SIGALRM, overtime)
    signal.alarm(20)
    try:
        assert not _is_rule("-" * 1_000_000 + "x")
        assert _is_rule("=" * 1_000_000)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _long_release(path: Path, rows: int) -> Path:
    body = "".join(f"<tr><td>Segment revenue {i}</td><td>{3 * i + 1:,}</td><td>{2 * i + 1:,}</td></tr>"
                   for i in range(rows))
    path.write_text("<html><body><p>(in USD millions)</p><table><tr><th></th><th>Three months ended June 30, "
                    "2024</th><th>Three months ended June 30, 2023</th></tr>" + body + "</table></body></html>",
                    encoding="utf-8")
    return path


def test_the_items_a_long_table_weighs_for_its_rows_grow_with_the_table_not_its_square(tmp_path, monkeypatch):
    """Each row of a table weighed every item drafted so far as a candidate for its label: a table of
    6,000 rows took 7 s, 30,000 over a minute. The candidates are kept from row to row and only the
    new items weighed: twice the rows, about twice the items weighed, and the same book."""
    from ledgerlang.draft import compose

    weighed = []
    passing = compose.Composer._passing

    def counted(self, *what_and_items):
        weighed.append(len(what_and_items[-1]))  # the items weighed come last, after what the row is
        return passing(self, *what_and_items)

    monkeypatch.setattr(compose.Composer, "_passing", counted)
    totals = []
    for rows in (300, 600):
        weighed.clear()
        out = tmp_path / f"{rows}.iij"
        assert main(["draft", str(_long_release(tmp_path / f"{rows}.html", rows)), "-o", str(out)]) == 0
        assert len(re.findall(r"^item segment_revenue_", out.read_text(encoding="utf-8"), re.M)) == rows
        totals.append(sum(weighed))
    assert totals[1] <= 2.5 * totals[0], totals


def test_a_table_of_one_total_row_gets_no_sum_note(tmp_path, capsys):
    """Table 1 of the IIJ release cut to its headers and "Total revenues" (made here; the release prints
    the rows above it): with no rows to sum, no rule is proposed and no note says the total fails to foot."""
    lines = (DATA / "iij-1q03-earnings-release.txt").read_text(encoding="utf-8").splitlines()
    assert lines[130].startswith("Table 1. Revenues") and "Total revenues" in lines[156]
    release = tmp_path / "one-row.txt"
    release.write_text("\n".join(lines[130:135] + lines[156:158]) + "\n", encoding="utf-8")
    shutil.copy(BOOKS / "iij.iij", tmp_path / "iij.iij")
    book = tmp_path / "one-row.iij"
    assert main(["draft", str(release), "--defs", str(tmp_path / "iij.iij"), "-o", str(book)]) == 0
    out = capsys.readouterr().out
    text = book.read_text(encoding="utf-8")
    assert re.search(r"rev\.total +8,344 +9,849 +-15\.3% +13,036 +-36\.0%", text)
    assert "not the sum" not in text and "# ---- proposed rules" not in text
    assert "proposed 0 sum rules; 0 totals left as comments" in out
