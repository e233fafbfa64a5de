"""Every keyword of the grammar is highlighted by each highlighter, and the generated files are current."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys

import pytest
from pygments.token import Error, Keyword, Name

from ledgerlang.lsp import vocabulary
from ledgerlang.pygments import LedgerLexer

from support import ROOT

BOOKS = sorted(ROOT.glob("books/**/*.iij"))
TEXTMATE = ROOT / "editors" / "vscode" / "syntaxes" / "ledgerlang.tmLanguage.json"
VIM = ROOT / "editors" / "vim"


def samples() -> list[tuple[str, str, int, str]]:
    """(kind, line, column of the word, word): each keyword where the grammar puts it."""
    w = vocabulary.words()
    out = []
    for word in w["declaration"]:
        out.append(("declaration", f"{word} x", 0, word))
    for word in w["keyword"]:
        line = "  columns 1Q03" if word == "columns" else f"  x {word} y"
        out.append(("keyword", line, line.index(word), word))
    for word in w["constant"]:
        line = f'item x "X" JPY {word}'
        out.append(("constant", line, line.index(word, 8), word))
    for word in w["function"]:
        line = f"  columns {word}(1Q03)"
        out.append(("function", line, line.index(word), word))
    return out


SAMPLES = samples()


def test_generated_files_are_up_to_date():
    """editors/generate.py writes nothing new: the highlighters match grammar/ledger.lark."""
    found = subprocess.run([sys.executable, str(ROOT / "editors" / "generate.py"), "--check"],
                           capture_output=True, text=True, timeout=120)
    assert found.returncode == 0, found.stdout


def test_the_samples_cover_every_keyword_of_the_grammar():
    """Each literal word and keyword-like terminal of the grammar has a sample line below."""
    assert {word for _, _, _, word in SAMPLES} >= set(vocabulary.all_keywords())
    assert {"table", "in", "flow", "thousands", "truncate", "given", "per"} <= set(vocabulary.all_keywords())


def textmate_scopes(line: str) -> list[tuple[int, int, str]]:
    """Apply the TextMate grammar's top-level rules to a line: the earliest match wins, then the first rule."""
    rules = json.loads(TEXTMATE.read_text(encoding="utf-8"))["patterns"]
    out, pos = [], 0
    while pos < len(line):
        best = None
        for rule in rules:
            pattern = re.compile(rule.get("match") or re.escape(rule["begin"]))
            m = pattern.search(line, pos)
            if m and m.end() > m.start() and (best is None or m.start() < best[0].start()):
                best = (m, rule)
        if best is None:
            break
        m, rule = best
        if "captures" in rule:
            for group, capture in rule["captures"].items():
                out.append((m.start(int(group)), m.end(int(group)), capture["name"]))
        else:
            out.append((m.start(), m.end(), rule["name"]))
        pos = m.end()
    return out


EXPECTED_TEXTMATE = {"declaration": "keyword.control.declaration", "keyword": "keyword.other",
                     "constant": "constant.language", "function": "support.function"}


@pytest.mark.parametrize("kind,line,column,word", SAMPLES, ids=[s[3] for s in SAMPLES])
def test_textmate_grammar_highlights_the_keyword(kind, line, column, word):
    """The TextMate grammar gives the keyword its scope (patterns run with Python's re, a dialect they share)."""
    scopes = textmate_scopes(line)
    assert (column, column + len(word), EXPECTED_TEXTMATE[kind] + ".ledgerlang") in scopes


EXPECTED_PYGMENTS = {"declaration": Keyword.Declaration, "keyword": Keyword, "constant": Keyword.Constant,
                     "function": Name.Function}


@pytest.mark.parametrize("kind,line,column,word", SAMPLES, ids=[s[3] for s in SAMPLES])
def test_pygments_lexer_highlights_the_keyword(kind, line, column, word):
    """The Pygments lexer gives the keyword its token type."""
    found = [(index, token, text) for index, token, text in LedgerLexer().get_tokens_unprocessed(line + "\n")]
    assert (column, EXPECTED_PYGMENTS[kind], word) in found


def test_vim_syntax_names_every_keyword():
    """The Vim syntax file lists every keyword (checked in a running Neovim by the next test, where there is one)."""
    text = (VIM / "syntax" / "ledgerlang.vim").read_text(encoding="utf-8")
    listed = set()
    for line in text.splitlines():
        if line.startswith("syn keyword"):
            listed.update(line.split()[3:])
        elif line.startswith("syn match ledgerlangDeclaration") or line.startswith("syn match ledgerlangFunction"):
            listed.update(re.findall(r"[a-z]+\\?%?", line.split("/", 1)[1]))
    listed = {word.replace("\\%", "%") for word in listed}
    assert {word for _, _, _, word in SAMPLES} <= listed


EXPECTED_VIM = {"declaration": "ledgerlangDeclaration", "keyword": "ledgerlangKeyword",
                "constant": "ledgerlangConstant", "function": "ledgerlangFunction"}


@pytest.mark.skipif(shutil.which("nvim") is None, reason="Neovim (Debian package neovim) is not installed; "
                    ".ci/run installs it")
def test_vim_syntax_highlights_every_keyword_in_neovim(tmp_path):
    """In headless Neovim with editors/vim on the runtime path, each keyword gets its syntax group."""
    book = tmp_path / "samples.iij"
    book.write_text("\n".join(line for _, line, _, _ in SAMPLES) + "\n", encoding="utf-8")
    out = tmp_path / "groups.txt"
    script = tmp_path / "probe.vim"
    probes = ", ".join(f"[{n + 1}, {column + 1}]" for n, (_, _, column, _) in enumerate(SAMPLES))
    script.write_text(
        f"set runtimepath^={VIM}\nfiletype off\nfiletype on\nsyntax on\nedit {book}\n"
        f"let found = map([{probes}], {{_, p -> synIDattr(synID(p[0], p[1], 1), 'name')}})\n"
        f"call writefile([&filetype] + found, '{out}')\nqall!\n", encoding="utf-8")
    run = subprocess.run(["nvim", "--headless", "--clean", "-S", str(script)], capture_output=True, text=True,
                         timeout=60, cwd=tmp_path)
    assert "Error" not in run.stderr  # every pattern of the syntax file compiles
    filetype, *groups = out.read_text(encoding="utf-8").splitlines()
    assert filetype == "ledgerlang"
    assert groups == [EXPECTED_VIM[kind] for kind, _, _, _ in SAMPLES]


@pytest.mark.parametrize("path", BOOKS, ids=lambda p: p.name)
def test_pygments_lexer_reads_every_bundled_book_without_an_error_token(path):
    """No character of a bundled book is left to Pygments' Error token, and the text comes back whole."""
    text = path.read_text(encoding="utf-8")
    tokens = list(LedgerLexer().get_tokens_unprocessed(text))
    assert [value for _, token, value in tokens if token in Error] == []
    assert "".join(value for _, _, value in tokens) == text


def test_pygments_finds_the_lexer_by_its_entry_point():
    """Pygments finds the lexer through the `pygments.lexers` entry point, by name and by file name."""
    from pygments.lexers import find_lexer_class_for_filename, get_lexer_by_name

    assert type(get_lexer_by_name("ledgerlang")).__name__ == "LedgerLexer"
    assert find_lexer_class_for_filename("book.iij").__name__ == "LedgerLexer"


def test_vscode_extension_manifest_names_its_files():
    """The VS Code extension's manifest points at files that exist, for .iij, and starts `ledger lsp`."""
    folder = ROOT / "editors" / "vscode"
    manifest = json.loads((folder / "package.json").read_text(encoding="utf-8"))
    language = manifest["contributes"]["languages"][0]
    grammar = manifest["contributes"]["grammars"][0]
    assert language["extensions"] == [".iij"] and grammar["language"] == language["id"] == "ledgerlang"
    assert (folder / grammar["path"]).exists() and (folder / language["configuration"]).exists()
    assert json.loads((folder / grammar["path"]).read_text(encoding="utf-8"))["scopeName"] == grammar["scopeName"]
    configuration = json.loads((folder / language["configuration"]).read_text(encoding="utf-8"))
    assert configuration["comments"]["lineComment"] == "#"
    assert {"open": '"', "close": '"', "notIn": ["string", "comment"]} in configuration["autoClosingPairs"]
    assert (folder / manifest["main"]).exists()
    properties = manifest["contributes"]["configuration"]["properties"]
    assert properties["ledger.server.command"]["default"] == ["ledger", "lsp"]
    assert {"ledger.inlayHints.figures", "ledger.inlayHints.statements", "ledger.codeLens"} <= set(properties)
