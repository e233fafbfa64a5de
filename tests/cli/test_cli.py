"""The `ledger` command: exit statuses, formats, filters, and no traceback on any input."""

import json
import os
import shlex
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledgerlang.check import ahead
from support import PRELUDE, ROOT, ledger

GOOD = PRELUDE + """
item a "A" JPY flow
item b "B" JPY flow
item total "Total" JPY flow = a + b
table "T" in JPY millions
  columns 1Q03 1Q02 yoy%(1Q03)
  a 10 8 25.0%
  b 20 22 (9.1%)
statement s "Summary" in JPY millions
  columns 1Q03 1Q02 yoy%(1Q03)
  a
  b
  total
"""


def write(tmp_path, text, name="book.iij"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_check_exit_status_reflects_errors(tmp_path):
    """0 when the book is clean, 1 when a figure is wrong, 2 for a path that does not exist."""
    assert ledger("check", write(tmp_path, GOOD)).returncode == 0
    bad = GOOD.replace("a 10 8 25.0%", "a 10 8 52.0%")
    assert ledger("check", write(tmp_path, bad)).returncode == 1
    missing = ledger("check", str(tmp_path / "nope.iij"))
    assert missing.returncode == 2 and "no such file" in missing.stderr


def test_check_prints_location_code_caret_and_notes(tmp_path):
    """Diagnostics read `path:line:col: severity[code]: message`, then the line, a caret, notes."""
    path = write(tmp_path, GOOD.replace("a 10 8 25.0%", "a 10 8 52.0%"))
    out = ledger("check", path).stdout.splitlines()
    assert out[0].startswith(f"{path}:13:10: error[change-mismatch]: ")
    assert out[1].strip() == "a 10 8 52.0%"
    assert out[2].strip() == "^^^^^"
    assert out[3].lstrip().startswith("= reported: 52.0%")
    assert out[-1] == "check: 1 error, 0 warnings; 6 figures checked, 0 not checkable"


def test_check_json_has_the_documented_fields(tmp_path):
    """--format json is a versioned object whose diagnostics carry the documented fields, numbers structured."""
    path = write(tmp_path, GOOD.replace("a 10 8 25.0%", "a 10 8 52.0%"))
    document = json.loads(ledger("check", path, "--format", "json").stdout)
    assert document["schema"] == 1
    found = document["diagnostics"]
    assert len(found) == 1
    d = found[0]
    assert {k: d[k] for k in ("severity", "code", "path", "line", "column", "item", "period")} == {
        "severity": "error", "code": "change-mismatch", "path": path, "line": 13, "column": 10,
        "item": "a", "period": "1Q03"}
    assert "52.0%" in d["message"]
    assert d["acknowledged"] is False and d["acknowledged_reason"] is None
    # 10 against 8 is +25%: the printed 52.0% stands for [51.95%, 52.05%].
    assert d["reported"] == {"text": "52.0%", "value": "0.520", "scale": -2, "interval": {
        "lo": "0.5195", "hi": "0.5205", "lo_open": False, "hi_open": False}}
    assert d["computed"]["value"] == "0.25"
    lo, hi = (Decimal(d["computed"]["interval"][k]) for k in ("lo", "hi"))
    assert lo < Decimal("0.25") < hi
    assert Decimal("0.1194") < Decimal(d["miss"]) <= Decimal("0.1195")  # 0.5195 - 0.40
    assert document["summary"]["errors"] == 1
    assert document["summary"]["figures_checked"] + document["summary"]["figures_not_checkable"] > 0


def test_eval_prints_statements_with_computed_totals(tmp_path):
    """eval shows the declared statement, derived total included (marked, with a legend), then the check summary."""
    result = ledger("eval", write(tmp_path, GOOD))
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "Summary (in JPY millions)"
    total = next(line for line in lines if line.startswith("Total"))
    assert total.split() == ["Total", "30*", "30*", "0.0%"]
    assert "* derived: computed from other figures, never printed" in lines
    assert lines[-1] == "check: 0 errors, 0 warnings; 6 figures checked, 0 not checkable"


def test_eval_formats_and_filters(tmp_path):
    """Markdown, CSV and JSON carry the same figures; --period keeps only that period's columns."""
    path = write(tmp_path, GOOD)
    markdown = ledger("eval", path, "--format", "markdown").stdout
    assert "| Total" in markdown and "## Summary" in markdown
    csv_out = ledger("eval", path, "--format", "csv").stdout.splitlines()
    assert csv_out[0] == "statement,item,label,column,value,unit_scale,origin,printed,unit"
    assert "s,total,Total,1Q03,30,millions,derived,,JPY" in csv_out
    assert "s,a,A,1Q03,10,millions,reported,10 millions,JPY" in csv_out
    data = json.loads(ledger("eval", path, "--format", "json", "--period", "1Q02").stdout)
    assert data["statements"][0]["columns"] == ["1Q02"]
    assert data["statements"][0]["rows"][2]["values"] == ["30"]
    unknown = ledger("eval", path, "--statement", "nope")
    assert unknown.returncode == 2 and "declare: s" in unknown.stderr
    for absent in (("--period", "1Q99"), ("--period", "1Q02", "--period", "2Q03")):
        # a period no column has: said, not a table of labels alone (nor one column of two, in silence)
        result = ledger("eval", path, *absent)
        assert result.returncode == 2 and result.stdout == ""
        assert result.stderr.startswith(f"ledger: no statement has a column at {absent[-1]}; their columns are at: ")


def test_eval_period_leaves_out_statements_without_its_column(tmp_path):
    """--period FY2003 on a ledger whose quarterly statements have no FY2003 column shows the
    statement that has one, not every other statement as a table of labels alone."""
    text = GOOD + """statement y "Year" in JPY millions
  columns FY2003
  total
"""
    path = write(tmp_path, text)
    out = ledger("eval", path, "--period", "FY2003").stdout
    assert "Year" in out and "Summary" not in out
    data = json.loads(ledger("eval", path, "--period", "FY2003", "--format", "json").stdout)
    assert [s["columns"] for s in data["statements"]] == [["FY2003"]]
    markdown = ledger("eval", path, "--period", "1Q03", "--format", "markdown").stdout
    assert "## Summary" in markdown and "## Year" not in markdown


def test_eval_period_with_nothing_at_it_in_a_book_without_statements_says_so(tmp_path):
    """A book with no statement lists its claims and guidance too, so a period no column has was let
    through, and printed its row labels alone (then nothing but the summary line) with status 0. The
    error names the periods there are, so that a period mistyped is seen for one."""
    path = write(tmp_path, GOOD.split("statement s")[0] + 'claim "A was 10"\n  a@1Q03 = 10 JPY millions\n')
    result = ledger("eval", path, "--period", "4Q03")
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == ("ledger: nothing to show at 4Q03: no statement has a column there, and none of the "
                             "claims or guidance listed speaks of it; the columns are at: 1Q02, 1Q03\n")
    claimed = ledger("eval", path, "--period", "1Q03", "--statement", "claims")
    assert claimed.returncode == 0 and "a@1Q03" in claimed.stdout


def test_eval_without_statements_shows_every_reported_figure(tmp_path):
    """A book that declares no statement still shows its figures."""
    text = GOOD.split("statement s")[0]
    out = ledger("eval", write(tmp_path, text)).stdout
    assert out.startswith("Reported figures")


def test_an_option_a_command_does_not_take_is_that_commands_usage_error():
    """`ledger fmt --progress` (which check takes) showed `usage: ledger [-h] [--version] [--debug]
    COMMAND ...`, naming no option of fmt's; the usage is the command's, with status 2."""
    for argv, command, extra in ((("fmt", "--progress", "books/iij"), "fmt", "--progress"),
                                 (("check", "--bogus", "books/iij"), "check", "--bogus"),
                                 (("diff", "a", "b", "--bogus"), "diff", "--bogus")):
        result = ledger(*argv)
        assert result.returncode == 2 and result.stdout == ""
        assert result.stderr.startswith(f"usage: ledger {command} "), result.stderr
        assert result.stderr.endswith(f"ledger {command}: error: unrecognized arguments: {extra}\n")


def test_directory_arguments_and_help():
    """A directory means its .iij books; --help describes every command."""
    result = ledger("check", "books/iij", "--format", "json")
    assert result.returncode in (0, 1) and json.loads(result.stdout) is not None
    help_text = ledger("--help").stdout
    assert "eval" in help_text and "check" in help_text


def test_bad_books_never_produce_a_traceback(tmp_path):
    """Every kind of bad input yields diagnostics with a location, never a traceback."""
    folder = ROOT / "tests" / "golden" / "diagnostics"
    for path in sorted(folder.glob("*.iij")):
        result = ledger("check", str(path))
        assert "Traceback" not in result.stderr, path
    binary = tmp_path / "binary.iij"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    result = ledger("check", str(binary))
    assert result.returncode == 2 and "error[unreadable]" in result.stdout


def test_a_check_imports_no_shutil_and_help_is_as_wide_as_columns_says(tmp_path):
    """argparse's help formatter is told the terminal's width (shutil, which it would import to
    find it, brings bz2 and lzma to every start); help still wraps at COLUMNS, else at 80."""
    import os
    import subprocess
    import sys
    empty = tmp_path / "empty.iij"
    empty.write_text("")
    code = ("import sys; from ledgerlang.cli.main import main\n"
            f"status = main(['check', {str(empty)!r}])\n"
            "print(status, sorted(m for m in sys.modules if m in ('shutil', 'bz2', 'lzma')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.stdout.splitlines()[-1] == "0 []", done.stderr
    widths = {}
    for columns in ("50", "200", None):
        env = {k: v for k, v in os.environ.items() if k != "COLUMNS"}
        if columns is not None:
            env["COLUMNS"] = columns
        shown = subprocess.run([sys.executable, "-m", "ledgerlang", "check", "-h"], capture_output=True, text=True,
                               cwd=ROOT, env=env).stdout
        widths[columns] = max(len(line) for line in shown.splitlines())
    # argparse wraps two columns inside the width; a pipe is no terminal: 80
    assert widths["50"] <= 48 < widths[None] <= 78 < widths["200"] <= 198


def _help(command: list[str], columns: str) -> str:
    env = {**os.environ, "COLUMNS": columns}
    return subprocess.run([sys.executable, "-m", "ledgerlang", *command, "-h"], capture_output=True, text=True,
                          cwd=ROOT, env=env, check=True).stdout


@pytest.mark.parametrize("command", [[], ["check"], ["eval"], ["fmt"], ["diff"], ["explain"], ["facts"],
                                     ["draft"], ["report"], ["lsp"]], ids=lambda c: " ".join(c) or "ledger")
def test_help_at_20_columns_keeps_every_word_whole_and_names_apart_from_their_help(command):
    """At 20 columns argparse cut words in two (`canon` / `ically:`, `--no-` / `progress`) and began a
    command's help in the column of its name: every word is the one 80 columns show, and help is indented
    past the names it describes."""
    wide, narrow = _help(command, "80"), _help(command, "20")
    assert sorted(narrow.split()) == sorted(wide.split())
    if not command:
        lines = narrow.splitlines()
        names = [at for at, line in enumerate(lines) if line in ("    eval", "    check", "    fmt", "    report")]
        assert len(names) == 4, lines
        assert all(lines[at + 1].startswith("      ") for at in names), lines  # the help, to the right of the name


@pytest.mark.parametrize("command", ["check", "diff", "explain", "fmt", "facts"])
def test_a_help_that_lists_exit_statuses_lists_the_bug_s(command):
    """Every command exits 3 on a bug in ledgerlang; a help that gave 0, 1 and 2 alone left 3 unexplained."""
    assert "3 a bug in ledgerlang." in " ".join(_help([command], "200").split())


def test_version_imports_no_command_and_help_still_lists_every_command():
    """`ledger --version` answers without importing a command's module, nor argparse where it is
    the whole command line (8 ms of imports); `--help` still describes them all."""
    from ledgerlang import __version__, native

    for argv, parsed in ((["--version"], False), (["--debug", "--version"], True), (["--version", "check"], True)):
        code = ("import sys; from ledgerlang.cli.main import main\n"
                f"try:\n    main({argv!r})\nexcept SystemExit as done:\n    status = done.code\n"
                "print(status, sorted(m for m in sys.modules if m.endswith('_cmd') or m == 'ledgerlang.load'),"
                " 'argparse' in sys.modules)")
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
        assert done.stdout.splitlines() == [f"ledgerlang {__version__}", native.summary(), f"0 [] {parsed}"], \
            (argv, done.stdout, done.stderr)
    help_text = ledger("-h").stdout
    for command in ("eval", "check", "fmt", "diff", "explain", "facts", "draft", "report", "lsp"):
        assert f"\n    {command} " in help_text, command
    assert "report every rule violation" in help_text
    assert ledger().returncode == 2 and ledger("bogus").returncode == 2


_NAMES = st.sampled_from(["a.iij", "b.iij", ".hidden.iij", ".iij", "c.IIJ", "d.iij.bak", "e.iij~", "f", "g iij", "é.iij"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(files=st.sets(_NAMES, max_size=6), folders=st.sets(_NAMES, max_size=2),
       spelling=st.sampled_from(["{d}", "{d}/", "{d}//", "./{d}", "{d}/.", ".//{d}/./", "/{a}", "/{a}/", "//{a}",
                                 "///{a}", "", ".", "./", "{d}/../{d}"]))
def test_a_directory_argument_lists_its_books_as_pathlib_does(tmp_path, monkeypatch, files, folders, spelling):
    """book_paths lists a directory without pathlib (start-up): the same names in the same order."""
    from pathlib import Path

    from ledgerlang.cli.main import books_in

    home = tmp_path / "case"
    shutil.rmtree(home, ignore_errors=True)
    (home / "dir").mkdir(parents=True)
    for name in files:
        (home / "dir" / name).write_text("")
    for name in folders - files:
        (home / "dir" / name).mkdir()  # a directory named like a book: pathlib's glob lists it too
    monkeypatch.chdir(home / "dir" if spelling in ("", ".", "./") else home)
    argument = spelling.format(d="dir", a=str(home / "dir").lstrip("/"))
    assert books_in(argument) == sorted(str(p) for p in Path(argument).glob("*.iij"))


def test_checking_a_directory_imports_no_pathlib():
    """pathlib imports urllib and ipaddress: a directory is listed without it (`books_in`)."""
    import subprocess
    import sys
    code = ("import sys; from ledgerlang.cli.main import main\n"
            "status = main(['check', 'books/iij'])\n"
            "print(sorted(m for m in sys.modules if m in ('pathlib', 'urllib.parse', 'ipaddress')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.stdout.splitlines()[-1] == "[]", done.stderr


@pytest.mark.parametrize("workers", ["0", ""])
def test_a_check_imports_none_of_the_modules_it_does_without(workers):
    """threading, contextlib, importlib (with warnings), zlib and datetime.py (the parser's lock,
    the cycle collection's switch, Lark's stamp, the compiled modules' finder, the grammar
    tables' cache name, the periods' dates), and pickle.py and signal.py where it forks (the IIJ
    ledger shares its culprit searches with a second process): each has a cheaper way in
    (bench/HISTORY.md, "Start-up, round by round"), and none is imported on a check's way."""
    import subprocess
    import sys
    code = ("import sys; from ledgerlang.cli.main import main\n"
            "status = main(['check', 'books/iij'])\n"
            "from ledgerlang.check import ahead\n"
            "print(sorted(m for m in sys.modules if m in ('threading', 'contextlib', 'importlib', 'warnings', 'zlib',"
            " 'datetime', 'pickle', 'signal')), '_pickle' in sys.modules, ahead._second_core())")
    env = {**os.environ, "LEDGERLANG_WORKERS": workers}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env)
    unwanted, forked, forking = done.stdout.splitlines()[-1].rsplit(" ", 2)
    assert unwanted == "[]" and forked == forking, done.stdout + done.stderr


_AVOIDED = ("re", "enum", "fractions", "functools")


def _imported(script: Path, *args: str, cache: Path, workers: str) -> set[str]:
    """The modules a run of `script` imported (`-X importtime`), with its caches in `cache`."""
    env = {**os.environ, "XDG_CACHE_HOME": str(cache), "LEDGERLANG_WORKERS": workers, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-X", "importtime", str(script), *args], capture_output=True,
                          text=True, cwd=ROOT, env=env)
    assert done.returncode in (0, 1), done.stderr
    return {line.rsplit("|", 1)[1].strip() for line in done.stderr.splitlines() if line.startswith("import time:")}


@pytest.mark.parametrize("workers", ["0", ""])
def test_the_ledger_script_checks_without_re_enum_fractions_or_functools(tmp_path, workers):
    """`re` (with `enum` and `functools`) and `fractions` were about 4 ms of the 31 an empty
    check took to start: the regular expressions come from cached programs, severities are
    ints of their own, the joint network's coefficients exact ratios of ints, and the `ledger`
    script is ours (pip's for an entry point imports `re` first). Once the caches are written
    (the first run), a check of the IIJ ledger, whose rules, translations and measures make
    every kind of template, imports none of them; functools comes only with the C pickle
    module, where a check forks."""
    script = ROOT / "ledgerlang" / "cli" / "script.py"
    _imported(script, "check", "books/iij", cache=tmp_path, workers=workers)  # the caches written
    found = _imported(script, "check", "books/iij", cache=tmp_path, workers=workers)
    assert "ledgerlang.check.network" in found and "ledgerlang.syntax.parse" in found
    forked = "_pickle" in found
    assert forked == (workers == "" and ahead._second_core())
    assert found.isdisjoint(_AVOIDED[:3]) and ("functools" in found) == forked, found & set(_AVOIDED)
    empty = tmp_path / "empty.iij"
    empty.write_text("")
    assert _imported(script, "check", str(empty), cache=tmp_path, workers=workers).isdisjoint(_AVOIDED)


def test_the_installed_ledger_command_is_the_projects_script():
    """The install puts ledgerlang/cli/script.py in the environment's bin as `ledger`
    (pyproject.toml's shared-scripts), with the environment's interpreter in its first line:
    the same statements (its docstring aside), not the script pip writes for an entry point."""
    import ast

    installed = Path(sys.executable).with_name("ledger")
    if not installed.exists():
        pytest.skip("no `ledger` beside this interpreter: ledgerlang is not installed in its environment")

    def statements(text: str) -> list[str]:
        return [ast.dump(node) for node in ast.parse(text).body
                if not (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant))]  # the docstring

    theirs = installed.read_text()
    assert statements(theirs) == statements((ROOT / "ledgerlang" / "cli" / "script.py").read_text()), \
        "the installed `ledger` is not ledgerlang/cli/script.py: install the project again"
    assert theirs.startswith("#!") and os.access(installed, os.X_OK)


def test_a_negative_max_per_code_is_bad_usage():
    """--max-per-code -1 was taken, and read as no limit at all."""
    for args in (("--max-per-code", "-1"), ("--max-per-code=-3",)):
        result = ledger("check", "books/iij", *args)
        assert result.returncode == 2 and result.stdout == ""
        assert result.stderr.startswith("ledger: --max-per-code must be 0 (show every diagnostic) or more")


COMMANDS_OF_PATHS = (["check"], ["eval"], ["fmt", "--check"], ["facts"], ["explain", "a@1Q03"], ["report", "-o", "out"])


@pytest.mark.parametrize("command", [*COMMANDS_OF_PATHS, ["diff", "book.iij"], ["draft", "-o", "draft.iij"]])
def test_a_dash_for_standard_input_says_books_are_read_from_files(tmp_path, command):
    """`-` was "no such file or directory" (or draft's "cannot read the release"), as if a file
    were missing; it is said that books are files, and how to name one called `-`."""
    write(tmp_path, GOOD)
    result = ledger(*command, "-", cwd=tmp_path, stdin=GOOD)
    assert result.returncode == 2
    assert result.stderr.startswith("ledger: -: ledger reads ")
    assert "from files, not from standard input" in result.stderr and "./-" in result.stderr
    assert "no such file" not in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("command", COMMANDS_OF_PATHS)
def test_a_path_that_starts_with_a_dash_is_told_how_to_be_written(tmp_path, command):
    """argparse read `-book.iij` as an unknown option and said "the following arguments are
    required: PATH"; it is told to write ./-book.iij or put -- before it, and either way is read."""
    write(tmp_path, GOOD, "-book.iij")
    result = ledger(*command, "-book.iij", cwd=tmp_path)
    assert result.returncode == 2
    assert "-book.iij: a path that starts with - is read as an option: write it ./-book.iij, or put -- " \
           "before the paths" in result.stderr
    for spelt in (["./-book.iij"], ["--", "-book.iij"]):  # read: 0, or 1 where fmt --check would change it
        assert ledger(*command, *spelt, cwd=tmp_path).returncode == (1 if command[0] == "fmt" else 0), spelt


def test_a_book_given_twice_is_read_and_counted_once(tmp_path):
    """A file named twice (itself, and in its directory) was formatted and counted twice by fmt,
    and listed twice by facts."""
    path = write(tmp_path, GOOD.replace("\n  a 10", "\n  a    10"))
    result = ledger("fmt", "--check", path, str(tmp_path), os.path.join(str(tmp_path), ".", "book.iij"))
    assert result.returncode == 1
    assert result.stdout == f"would reformat {path}\n"
    assert result.stderr == "fmt: 1 file would be reformatted, 0 unchanged\n"
    once = ledger("facts", path).stdout
    assert ledger("facts", path, path).stdout == once


@pytest.mark.parametrize("command, what", [
    (["eval", "--format", "xlsx", "BOOK", "-o"], "the workbook"),
    (["draft", "tests/draft/data/iij-1q03-earnings-release.txt", "-o"], "the book"),
])
def test_an_output_file_in_a_directory_that_is_missing_says_which_and_what_to_do(tmp_path, command, what):
    """The workbook's write said "No such file or directory", as if the file it was to create
    were missing; each command that writes a file names the missing directory and how to make it."""
    book = write(tmp_path, GOOD)
    argv = [book if word == "BOOK" else word for word in command]
    missing = tmp_path / "no such dir"
    result = ledger(*argv, str(missing / "out.file"))
    assert result.returncode == 2
    assert f"not written: the directory {missing} does not exist; create it first (mkdir -p '{missing}'), " \
           f"or name a file for {what} in one that exists" in result.stderr
    assert not missing.exists() and "Traceback" not in result.stderr
    result = ledger(*argv, os.path.join(book, "out.file"))  # a file where the directory goes
    assert result.returncode == 2
    assert f"not written: {book} is not a directory; name a file for {what} in a directory" in result.stderr


def test_a_directory_whose_books_are_in_its_subdirectories_names_them():
    """`ledger check books` said only "no .iij books in this directory", where each bundled ledger
    is a subdirectory of books/: the subdirectories that hold books are named, to give one."""
    result = ledger("check", "books")
    assert result.returncode == 2
    assert result.stderr == ("ledger: books: no .iij books in this directory; its subdirectories hold some "
                             "(books/iij, books/iij-annual): name one, as a directory's own books form one ledger "
                             "and the directories below it are not read\n")


def test_a_directory_with_no_books_says_what_to_name(tmp_path):
    """A directory with neither books nor subdirectories of books says what a PATH may be."""
    (tmp_path / "notes").mkdir()
    for command in (["check"], ["eval"], ["fmt"], ["explain", "a@1Q03"], ["report", "-o", str(tmp_path / "r")],
                    ["diff", "books/iij"]):
        result = ledger(*command, str(tmp_path))
        assert result.returncode == 2
        assert result.stderr == (f"ledger: {tmp_path}: no .iij books in this directory; name a .iij book, "
                                 "or a directory that holds some\n")


def test_a_file_named_by_bytes_that_are_not_utf8_is_reported_and_drafted_not_a_crash(tmp_path):
    """A book or release whose name is not UTF-8 (Latin-1 `\\xe9`, as an old archive may name it)
    made report and draft fail writing their UTF-8 output: exit 3. Its name is shown with U+FFFD."""
    name = os.fsencode(tmp_path) + b"/r\xe9sultats"
    try:
        with open(name + b".iij", "w", encoding="utf-8") as book:
            book.write(GOOD)
    except OSError:
        pytest.skip("this file system refuses a name that is not UTF-8")
    shutil.copy(ROOT / "tests" / "draft" / "data" / "iij-1q03-earnings-release.txt", name + b".txt")
    def run(*argv):  # its output names the file by its bytes: read as bytes
        return subprocess.run([sys.executable, "-m", "ledgerlang", *argv], cwd=ROOT, capture_output=True,
                              env=dict(os.environ, PYTHONPATH=str(ROOT)), timeout=300)

    report = run("report", "-o", str(tmp_path / "report"), name + b".iij")
    assert report.returncode == 0, report.stderr
    assert "r\ufffdsultats.iij" in (tmp_path / "report" / "index.html").read_text(encoding="utf-8")
    draft = run("draft", name + b".txt", "-o", str(tmp_path / "draft.iij"))
    assert draft.returncode == 0, draft.stderr
    assert "from " + str(tmp_path) + "/r\ufffdsultats.txt" in (tmp_path / "draft.iij").read_text(encoding="utf-8")


def test_json_that_names_a_file_of_bytes_that_are_not_utf8_is_utf8(tmp_path):
    """`check --format json` named such a book by a lone surrogate escape ("r\\udce9sultats"), which
    a strict JSON parser refuses and no UTF-8 text can hold; check, eval and diff write U+FFFD now."""
    name = os.fsencode(tmp_path) + b"/r\xe9sultats.iij"
    try:
        with open(name, "w", encoding="utf-8") as book:
            book.write(GOOD + "itme x\n")  # a syntax error: a diagnostic at the file
    except OSError:
        pytest.skip("this file system refuses a name that is not UTF-8")

    def strings(value):
        if isinstance(value, dict):
            return [s for k, v in value.items() for s in (*strings(k), *strings(v))]
        if isinstance(value, list):
            return [s for v in value for s in strings(v)]
        return [value] if isinstance(value, str) else []

    for argv in (["check", "--format", "json", name], ["eval", "--format", "json", name],
                 ["diff", "--format", "json", name, name]):
        run = subprocess.run([sys.executable, "-m", "ledgerlang", *argv], cwd=ROOT, capture_output=True,
                             env=dict(os.environ, PYTHONPATH=str(ROOT)), timeout=300)
        assert "Traceback" not in run.stderr.decode("utf-8", "replace")
        document = json.loads(run.stdout)
        found = strings(document)
        for text in found:
            text.encode("utf-8")  # no lone surrogate: UnicodeEncodeError before
        if argv[0] == "check":
            assert any(text.endswith("r\ufffdsultats.iij") for text in found), found


def test_ledger_alone_names_its_commands():
    """`ledger` with no command said "the following arguments are required: COMMAND" and named none."""
    for argv in ([], ["--debug"]):
        result = ledger(*argv)
        assert result.returncode == 2 and result.stdout == ""
        assert result.stderr == ("usage: ledger COMMAND ...\nledger: name a command: eval, check, fmt, diff, explain, "
                                 "facts, draft, report, lsp (`ledger -h` says what each does, `ledger COMMAND -h` "
                                 "its options)\n")


def test_the_check_draft_suggests_is_a_command_to_copy_whatever_the_books_name(tmp_path):
    """draft ends by saying which `ledger check` to run: a book named `my draft.iij` was given
    unquoted, a command line the shell reads as two books."""
    book = tmp_path / "my draft.iij"
    result = ledger("draft", "tests/draft/data/iij-1q03-earnings-release.txt", "-o", str(book))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].endswith(f"then run `ledger check '{book}'`")
    # the command it suggests, run as the shell would run it, reads the book it wrote
    suggested = result.stdout.splitlines()[-1].rsplit("`ledger ", 1)[1].rstrip("`")
    assert ledger(*shlex.split(suggested)).returncode == 1  # the release's own errors: read, not missing


def test_a_usage_error_shows_the_control_characters_of_the_command_line_it_quotes(tmp_path):
    """argparse's "unrecognized arguments: ..." quoted the word raw: an option typed with an escape
    sequence (pasted from a coloured terminal) recoloured the terminal the error was shown on."""
    result = ledger("check", "--\x1b[31mformat", write(tmp_path, GOOD))
    assert result.returncode == 2
    assert result.stderr.endswith("ledger check: error: unrecognized arguments: --\u241b[31mformat\n")
    assert "\x1b" not in result.stderr
