"""The project's own fuzzing, the short deterministic part that CI runs (issue #10).

Every case (fuzz/cases.py) is a directory of files and one command line, made
from a seed: a mutated slice of a bundled book (lines deleted, duplicated and
swapped, bytes flipped and inserted, invalid UTF-8, a BOM, NUL, CR-only and
mixed line ends, Unicode spaces and digits, RTL marks, huge, tiny and zero
figures, deep parentheses, long lines, odd declarations), a generated book, or
a hostile include (devices, FIFOs, directories, symlinks, secrets, cycles); or
a mutated slice of one of draft's test releases (broken nesting, huge spans,
deep nesting, entities, charsets, odd columns) through `draft`.
Each runs in this process through `ledgerlang.cli.main.main`, under a time
bound, and must exit 0, 1 or 2 without a traceback; `fmt` must keep the text
of every figure and comment (fuzz/oracle.py reads that without our parser);
`report -o`, `eval --format xlsx -o` and `draft -o` write their output whole
or nothing, and what they write opens (the page in html.parser, naming only
its own files; the workbook in openpyxl; the draft in `ledger check`).

The long runs are `python -m fuzz` (see the README).
"""

from __future__ import annotations

import json
import random
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis.extra.lark import from_lark
from lark import Lark

from fuzz.cases import (COMMANDS, HOSTILE, HTML_MUTATIONS, MUTATIONS, REPORT_DIR, REPORT_PLACES, TEXT_MUTATIONS,
                        WORKBOOK, WORKBOOK_PLACES, Case, make_case, materialize, place_described)
from fuzz.oracle import page_problem, written_problem
from fuzz.oracle import in_directory, run_in_process
from ledgerlang.syntax.parse import grammar_path
from tests.support import ROOT

SECONDS = 20  # per input; inputs take milliseconds, so only a hang reaches this

# Seeds 0-299, less those that hit the crashes issue #10 assigns to the robust-core
# branch (guidance factors, periods past the calendar, self-reference across
# periods). Reproducers are under fuzz/found/; once that branch is merged these
# seeds pass too and belong back in the set.
SEEDS = list(range(300))


def check_case(case: Case, tmp_path) -> None:
    materialize(case, tmp_path)
    with in_directory(tmp_path):
        status, output, problem = run_in_process(case.argv, tmp_path / case.book, seconds=SECONDS)
    assert problem is None, f"{case.describe()}\nexit {status}: {problem}\n{output[-3000:]}"


@pytest.mark.parametrize("seed", SEEDS)
def test_a_fuzz_case_exits_cleanly(seed, tmp_path):
    check_case(make_case(seed), tmp_path)


def test_the_seed_set_covers_every_command_mutation_and_hostile_include():
    """The chosen seeds are no soft sample: each command, mutation and hostile include is in them."""
    cases = [make_case(seed) for seed in SEEDS]
    commands = {c.argv[0] for c in cases}
    assert commands == {"check", "eval", "fmt", "diff", "explain", "facts", "lsp-session", "report", "draft"}
    formats = {tuple(c.argv[1:3]) for c in cases if c.argv[0] == "eval"}
    assert {("--format", f) for f in ("text", "markdown", "csv", "json", "xlsx")} <= formats
    described = " ".join(m for c in cases for m in c.mutations)
    assert all(mutation.__name__ in described for mutation in [*MUTATIONS, *HTML_MUTATIONS, *TEXT_MUTATIONS])
    assert "report where there is nothing" in described  # and past each thing in its way, below
    releases = {name.rpartition(".")[2] for c in cases if c.argv[0] == "draft" for name in c.files}
    assert {"txt", "html"} <= releases
    assert "generated" in described
    assert sum("hostile" in c.mutations[0] for c in cases if c.mutations) >= len(HOSTILE)
    assert {c.argv[0].partition("-")[0] for c in cases} >= {name.partition("-")[0] for name in COMMANDS}


HOSTILE_BOOK = b'entity e "E"\ncurrency JPY\nitem a "A" JPY flow\ntable "T" in JPY millions\n  columns 1Q03\n  a 10\n'


@pytest.mark.parametrize("line, extra", HOSTILE, ids=[line for line, _ in HOSTILE])
@pytest.mark.parametrize("argv", [["check"], ["check", "--format", "json"], ["eval", "--format", "csv"],
                                  ["fmt"], ["fmt", "--diff"], ["explain", "a@1Q03"], ["facts"],
                                  ["diff", "original.iij"], ["check", "--allow-outside-root"]])
def test_a_hostile_include_through_every_command(line, extra, argv, tmp_path):
    files = {"book.iij": line.encode() + b"\n" + HOSTILE_BOOK, "original.iij": HOSTILE_BOOK, **extra}
    case = Case(0, files, [*argv, "book.iij"], [f"hostile {line}"])
    check_case(case, tmp_path)


@pytest.mark.parametrize("line, extra", HOSTILE, ids=[line for line, _ in HOSTILE])
def test_a_hostile_include_through_a_language_server_session(line, extra, tmp_path):
    """The editor opens the book: every feature answers, no bug is logged, nothing hangs (fuzz/lsp.py)."""
    files = {"book.iij": line.encode() + b"\n" + HOSTILE_BOOK, "original.iij": HOSTILE_BOOK, **extra}
    check_case(Case(0, files, ["lsp-session", "book.iij", "7"], [f"hostile {line}"]), tmp_path)


@pytest.mark.parametrize("place", [p for p, _ in REPORT_PLACES], ids=[place_described(p) for p, _ in REPORT_PLACES])
@pytest.mark.parametrize("book", [HOSTILE_BOOK, b'include "/dev/zero"\n' + HOSTILE_BOOK], ids=["book", "unreadable"])
def test_the_report_past_what_stands_in_its_way(place, book, tmp_path):
    """Written whole (a page that parses and names only its own files) or not at all, what was there kept."""
    case = Case(0, {"book.iij": book, **place}, ["report", "book.iij", "-o", REPORT_DIR], ["report"])
    check_case(case, tmp_path)


@pytest.mark.parametrize("place", [p for p, _ in WORKBOOK_PLACES], ids=[place_described(p) for p, _ in WORKBOOK_PLACES])
def test_the_workbook_past_what_stands_in_its_way(place, tmp_path):
    case = Case(0, {"book.iij": HOSTILE_BOOK, **place}, ["eval", "--format", "xlsx", "-o", WORKBOOK, "book.iij"], [])
    check_case(case, tmp_path)


def test_the_oracle_finds_a_half_written_report_and_a_page_that_names_files_outside():
    """What the oracle of the writing commands judges, on outputs made to break each rule."""
    page = (b'<html><head><link rel="stylesheet" href="assets/report.css"></head>'
            b'<body><a href="#t">t</a><table id="t"><tr><td>1</td></tr></table></body></html>')
    folder = ROOT / "fuzz"  # a directory with no assets/ in it
    assert page_problem(page, folder) == "the report names 'assets/report.css', no file of its directory"
    own = page.replace(b"assets/report.css", b"cases.py")
    assert page_problem(own, folder) is None
    assert "closes <table>" in page_problem(own.replace(b"</table>", b"</div>"), folder)
    assert "left open: ['html', 'body']" in page_problem(own.replace(b"</body></html>", b""), folder)
    assert "no element" in page_problem(own.replace(b'id="t"', b'id="u"'), folder)
    for outside in (b"/etc/passwd", b"file:///etc/passwd", b"https://example.com/x.css"):
        assert "outside its directory" in page_problem(own.replace(b"cases.py", outside), folder)
    assert page_problem(own.replace(b"cases.py", b"../README.md"), folder).endswith("no file of its directory")
    assert page_problem(own.replace(b"cases.py", b"../fuzz/cases.py"), folder) is None  # back inside: its own
    argv = ["report", "book.iij", "-o", REPORT_DIR]
    half = {REPORT_DIR: "dir", f"{REPORT_DIR}/assets": "dir", f"{REPORT_DIR}/assets/report.css": b"x"}
    assert "wrote part of its output" in written_problem(argv, 2, {}, half)
    assert "left or changed" in written_problem(argv, 2, {}, {".report.x1y2": "dir"})
    assert written_problem(argv, 2, {}, {}) is None
    assert "wrote nothing" in written_problem(argv, 1, {}, {})
    workbook = ["eval", "--format", "xlsx", "-o", WORKBOOK, "book.iij"]
    assert "left or changed" in written_problem(workbook, 1, {}, {f".{WORKBOOK}.ledger-1.tmp": b"x", WORKBOOK: b""})


GRAMMAR = Lark(grammar_path().read_text(encoding="utf-8"), parser="lalr", lexer="contextual")


@settings(max_examples=30, derandomize=True, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much,
                                 HealthCheck.function_scoped_fixture])
@given(from_lark(GRAMMAR, start="start"))
def test_grammar_generated_text_through_every_command(tmp_path_factory, text):
    """Text from the grammar itself (hypothesis.extra.lark): mostly near-misses of real declarations."""
    directory = tmp_path_factory.mktemp("grammar")
    rng = random.Random(text)
    argv = rng.choice([["check"], ["eval", "--format", "json"], ["fmt"], ["facts"], ["explain", "a@1Q03"],
                       ["diff", "original.iij"]])
    files = {"book.iij": text.encode("utf-8", "surrogatepass"), "original.iij": HOSTILE_BOOK}
    check_case(Case(0, files, [*argv, "book.iij"], ["grammar"]), directory)


def test_the_long_run_driver_runs_inputs_in_children_and_sums_them_up(tmp_path):
    # `python -m fuzz`, as the README gives it, for a few inputs: it warms up (every command's
    # parser built, as the children then start), forks a child per input and prints its summary.
    done = subprocess.run([sys.executable, "-m", "fuzz", "--count", "4", "--seconds", "120", "--jobs", "2",
                           "--seed", "7300000", "--timeout", str(SECONDS), "--out", str(tmp_path / "found")],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["inputs"] == 4 and summary["first_seed"] == 7300000 and summary["next_seed"] == 7300004
    assert sum(summary["outcomes"].values()) == 4 and sum(summary["by_command"].values()) == 4
    assert summary["findings"] == {}
