"""A plain `ledger check` or `ledger eval` command line read without argparse is read as argparse reads it.

`ledger check` and `ledger eval` read a plain command line themselves (cli/main.py `quick`) and
leave every other one to argparse (cli/arguments.py), which gives the help and the usage errors. Here command
lines are made from the words either might meet, and wherever `quick` reads one, argparse must
read it to the same values; wherever argparse refuses one, `quick` must have left it alone.
"""

from __future__ import annotations

import contextlib
import io
import subprocess
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from ledgerlang.cli import arguments, check_cmd, eval_cmd
from ledgerlang.cli.main import _chosen, quick
from support import ROOT

WORDS = (
    "books/iij", "a.iij", "dir", "", "a b", "a=b", "json", "text", "xml", "5", "0", " 7 ", "+3", "1_000", "x",
    "2.5", "-1", "-", "--", "-h", "--help", "--version", "--debug", "check", "eval",
    "--format", "--format=json", "--format=text", "--format=", "--format=xml", "--form", "--formats",
    "--max-per-code", "--max-per-code=2", "--max-per-code=", "--max-per-code=x", "--max",
    "--root", "--root=", "--root=dir", "--allow-outside-root", "--allow-outside-root=1",
    "--max-file-size", "--max-file-size=2", "--max-file-size=0", "--progress", "--no-progress", "--progress=1",
    "--no-progress=", "--stdio",
    # eval's
    "-o", "--output", "--output=x.xlsx", "-ox", "-o=x", "x.xlsx", "--out", "--statement", "--statement=is",
    "--period", "--period=1Q03", "1Q03", "--format=xlsx", "--format=markdown", "csv",
)


def _argparse(argv: list[str]):
    """argparse's reading of argv, or None where it refuses it (or prints help, or the version)."""
    try:
        with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
            return arguments.parse(argv, _chosen(argv))
    except SystemExit:
        return None


@settings(max_examples=1500, deadline=None)
@given(st.booleans(), st.sampled_from(["check", "check", "eval", "eval", "fmt", "--debug"]),
       st.lists(st.sampled_from(WORDS), max_size=7))
def test_a_command_line_quick_reads_is_read_the_same_by_argparse(debug, command, words):
    argv = ["--debug"] * debug + [command] + words
    read = quick(argv)
    if read is None:
        return  # argparse reads it, as before
    parsed = _argparse(argv)
    assert parsed is not None, f"argparse refuses {argv!r}, which quick read as {vars(read)}"
    assert vars(read) == vars(parsed)


def test_the_plain_command_lines_are_read_without_argparse():
    # What a pre-commit hook or a CI job runs, and the quick start's `ledger eval books/iij`:
    # each is read by quick, to what argparse reads.
    for argv in (["check", "books/iij"], ["check", "--format", "json", "books/iij", "books/iij-annual"],
                 ["--debug", "check", "books", "--format=json", "--max-per-code", "0"],
                 ["check", "--no-progress", "--root", "books", "--allow-outside-root", "--max-file-size", "2", "a"]):
        read = quick(argv)
        assert read is not None and vars(read) == vars(_argparse(argv))
        assert read.run is check_cmd.run
    for argv in (["eval", "books/iij"], ["eval", "-o", "out.xlsx", "--format", "xlsx", "--statement", "is",
                                         "--statement", "bs", "--period=1Q03", "books/iij"]):
        read = quick(argv)
        assert read is not None and vars(read) == vars(_argparse(argv))
        assert read.run is eval_cmd.run
    assert quick(["eval", "--statement", "is", "--statement", "bs", "a"]).statement == ["is", "bs"]
    for argv in (["check"], ["check", "-h"], ["check", "--form", "json", "a"], ["check", "a", "--format", "json", "b"],
                 ["check", "--max-per-code", "-1", "a"], ["eval", "-ox", "a"], ["fmt", "a"], ["--version"], []):
        assert quick(argv) is None  # argparse's: help, an abbreviation, a usage error, another command


def test_a_plain_check_never_imports_argparse():
    code = ("import sys; from ledgerlang.cli.main import main; status = main(['check', 'books/iij-annual']); "
            "print(status, 'argparse' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.split()[-2:] == ["0", "False"]
    # and one argparse must read still gets its help and its errors from it
    code = ("import sys; from ledgerlang.cli.main import main; status = main(['check', '--form', 'json', "
            "'books/iij-annual']); print(status, 'argparse' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert done.stdout.split()[-2:] == ["0", "True"]
