"""The grammar's tables run without Lark build exactly what Lark builds, and reject what Lark rejects."""

from __future__ import annotations

import functools
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.lark import from_lark

from ledgerlang.syntax import lalr, parse, recovery

ROOT = Path(__file__).resolve().parents[2]
BOOKS = sorted([*ROOT.glob("books/**/*.iij"), *ROOT.glob("tests/golden/**/*.iij")])


def _outcome(text: str, monkeypatch, lark: bool):
    monkeypatch.setenv("LEDGERLANG_LARK", "1" if lark else "0")
    try:
        declarations, comments, diagnostics = parse._run(text, "t.iij", 0)
    except parse._Unparsed:
        return "rejected"
    return repr((declarations, comments, diagnostics))


def _same(text: str, monkeypatch) -> str:
    ours = _outcome(text, monkeypatch, lark=False)
    assert ours == _outcome(text, monkeypatch, lark=True)
    return ours


def test_the_tables_are_used_with_the_installed_lark():
    # compile_tables reads Lark's internals: a Lark that changed them fails here, not silently slow.
    data = lalr.compile_tables(parse.parser())
    assert data["states"] and data["lexers"] and data["rules"]
    assert lalr.enabled()
    assert parse.tables().declaration_keywords() == _lark_declaration_keywords()


def _lark_declaration_keywords() -> frozenset[str]:
    lark = parse.parser()
    words = set()
    for name in lark.parse_interactive("").accepts():
        pattern = lark.get_terminal(name).pattern if name != "$END" else None
        if pattern is not None and pattern.type == "str":
            words.add(pattern.value)
    return frozenset(words)


@pytest.mark.parametrize("path", BOOKS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_bundled_book_parses_to_the_same_nodes(path, monkeypatch):
    text = path.read_text(encoding="utf-8")
    if not text.endswith("\n"):
        text += "\n"
    _same(text, monkeypatch)
    # and line by line: every declaration start, and every prefix of the file that ends a line
    lines = recovery.source_lines(text)
    for cut in range(0, len(lines), max(1, len(lines) // 25)):
        _same("".join(lines[:cut]), monkeypatch)
        _same("".join(lines[cut:]), monkeypatch)


_BOOK_LINES = [line for path in BOOKS for line in recovery.source_lines(path.read_text(encoding="utf-8"))]


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(st.sampled_from(_BOOK_LINES), min_size=1, max_size=12),
       where=st.integers(min_value=0, max_value=400),
       insert=st.sampled_from(["", " ", "x", "-", "@", "(", '"', "\r", "#", "1,0", "\n", "table", "9M FY"]))
def test_mutated_books_get_the_same_verdict(lines, where, insert, monkeypatch):
    text = "".join(lines)
    where = min(where, len(text))
    _same(text[:where] + insert + text[where:], monkeypatch)


@functools.lru_cache(maxsize=1)
def _generator():
    from lark import Lark

    return Lark(parse.grammar_path().read_text(encoding="utf-8"), parser="lalr", lexer="contextual")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_generated_text_gets_the_same_verdict(data, monkeypatch):
    text = data.draw(from_lark(_generator(), start="start"))
    _same(text, monkeypatch)


def test_a_check_imports_no_lark(tmp_path):
    book = tmp_path / "b.iij"
    book.write_text('entity x "X"\n# a comment\n', encoding="utf-8")
    parse.tables()  # the cache is made by this process if it was not there
    code = ("import sys; from ledgerlang.cli.main import main; code = main(['check', sys.argv[1]]); "
            "print('LARK' if 'lark' in sys.modules else 'NOLARK'); sys.exit(code)")
    env = {k: v for k, v in os.environ.items() if k != "LEDGERLANG_LARK"}
    done = subprocess.run([sys.executable, "-c", code, str(book)], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "NOLARK"


def test_an_unusable_cache_is_made_again(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    grammar = parse.grammar_path().read_text(encoding="utf-8")
    first = lalr.load(grammar, parse.parser)
    cached, = (tmp_path / "ledgerlang").glob(f"grammar-tables-{lalr.FORMAT}-*.marshal")
    cached.write_bytes(b"\x00garbage")
    again = lalr.load(grammar, parse.parser)
    assert again.data["states"] == first.data["states"]
    # a changed grammar is never served stale tables
    other = lalr.load(grammar + "\n// a comment\n", parse.parser)
    assert other.data["grammar"].endswith("// a comment\n")


def test_the_tables_of_a_grammar_lark_has_just_analysed_can_be_cached():
    """Lark names the rules of a grammar it has just analysed (not loaded from its own cache) with
    Tokens, which marshal refuses: the tables were then not cached, and the next run built Lark."""
    import marshal

    from lark import Lark

    from ledgerlang.syntax import lalr
    from ledgerlang.syntax.parse import _grammar_text

    fresh = Lark(_grammar_text(), parser="lalr", lexer="contextual", lexer_callbacks={"COMMENT": print})
    tables = lalr.compile_tables(fresh)
    assert marshal.loads(marshal.dumps(tables)) == tables
