"""Regular expressions from cached programs (ledgerlang/regexes.py) are the ones `re.compile` makes.

Two compiled patterns are equal only when their pattern, flags and compiled code
are (CPython compares the programs themselves), so `==` with `re.compile`'s is
the test: for every pattern a check compiles, for generated patterns and flags,
and for programs read back from the cache file by another process.
"""

from __future__ import annotations

import marshal
import os
import re
import subprocess
import sys
import warnings

import _sre

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ledgerlang import regexes
from ledgerlang.syntax import parse
from support import ROOT


def _patterns_of_a_check() -> list[str]:
    found = [pattern for lexer in parse.tables().lexers for pattern in lexer.patterns]
    rows = parse.fast_rows()
    found += [m.__self__.pattern for m in (rows.first_word, rows.line, rows.head, rows.cell, rows.tail)]
    return found


def test_equal_patterns_have_equal_programs():
    flags, code, groups, groupindex, indexgroup = regexes._program("ab", 0)
    changed = list(code)
    changed[changed.index(ord("b"))] = ord("c")
    assert _sre.compile("ab", flags, code, groups, groupindex, indexgroup) == re.compile("ab")
    assert _sre.compile("ab", flags, changed, groups, groupindex, indexgroup) != re.compile("ab")


def test_every_pattern_a_check_compiles_is_compiled_as_re_compiles_it():
    patterns = _patterns_of_a_check()
    assert len(patterns) > 50  # the grammar's lexers, and the fast path's
    for pattern in patterns:
        assert regexes.compile(pattern) == re.compile(pattern), pattern
        assert regexes.compile(pattern).groupindex == re.compile(pattern).groupindex


_FLAGS = st.sampled_from([0, re.I, re.M, re.S, re.X, re.A, re.I | re.M | re.S, re.A | re.I])


@pytest.fixture(autouse=True)
def _programs_of_this_test_only(monkeypatch):
    """What a test compiles is kept apart: generated patterns do not reach the cache that
    this process writes at its end for every later one."""
    monkeypatch.setattr(regexes, "_programs", dict(regexes._programs or {}))
    monkeypatch.setattr(regexes, "_used", set())


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="ab(?:)|*+?.[]^$\\dwsP<>=!{}0-9,-# \n", max_size=24), _FLAGS)
def test_any_pattern_is_compiled_as_re_compiles_it(pattern, flags):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)  # "possible nested set", said by both
        try:
            expected = re.compile(pattern, flags)
        except (re.error, OverflowError, RecursionError):
            return
        made = regexes.compile(pattern, flags)
    assert made == expected
    assert (made.groups, made.groupindex, made.flags) == (expected.groups, expected.groupindex, expected.flags)


def _run(cache_home, code: str) -> str:
    env = dict(os.environ, XDG_CACHE_HOME=str(cache_home), PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


# A process parses the IIJ ledger (its grammar's lexers and the fast path), compares every
# pattern it compiled with re.compile's, and says whether it had to compile any itself.
_PARSE = ("import re\n"
          "from ledgerlang import regexes\n"
          "from ledgerlang.load import load_paths\n"
          "load_paths(['books/iij/iij.iij'])\n"
          "assert all(regexes.compile(p, f) == re.compile(p, f) for p, f in regexes._used), 'a program differs'\n"
          "print(regexes._missed, len(regexes._used))")


_FILE = f"regex-{sys.implementation.cache_tag}-{sys.version.split()[0]}.marshal"


def test_a_process_reads_the_programs_another_wrote(tmp_path):
    cache = tmp_path / "ledgerlang" / _FILE
    missed, used = _run(tmp_path, _PARSE).split()
    assert missed == "True" and cache.exists()  # compiled, and written at its end
    assert int(used) > 20
    assert _run(tmp_path, _PARSE) == f"False {used}"  # every program read back, each as re makes it
    written = cache.stat().st_mtime_ns
    _run(tmp_path, _PARSE)
    assert cache.stat().st_mtime_ns == written  # nothing new: nothing written


def test_programs_of_another_engine_or_that_the_engine_refuses_are_compiled_again(tmp_path):
    cache = tmp_path / "ledgerlang" / _FILE
    _run(tmp_path, _PARSE)
    kept = marshal.loads(cache.read_bytes())
    # Another interpreter's engine: its file is not read at all.
    cache.write_bytes(marshal.dumps({"engine": ("another", 0, 0), "programs": kept["programs"]}))
    assert _run(tmp_path, _PARSE).startswith("True")
    # This engine, and programs it refuses (it checks what it is given): each is compiled again.
    garbled = {key: (program[0], [1, 2, 3], *program[2:]) for key, program in kept["programs"].items()}
    cache.write_bytes(marshal.dumps({"engine": kept["engine"], "programs": garbled}))
    assert _run(tmp_path, _PARSE).startswith("True")
    assert _run(tmp_path, _PARSE).startswith("False")  # and written again, whole
    cache.write_bytes(b"\x00garbage")
    assert _run(tmp_path, _PARSE).startswith("True")


def test_a_bad_pattern_fails_as_in_re_and_an_re_made_otherwise_is_used_as_it_is(monkeypatch):
    with pytest.raises(re.error, match="missing \\)"):
        regexes.compile("(a")
    monkeypatch.setattr(regexes, "_program", lambda pattern, flags: (_ for _ in ()).throw(AttributeError("_code")))
    assert regexes.compile("x(y|z)+w", re.I) == re.compile("x(y|z)+w", re.I)


def test_a_process_that_compiled_many_keeps_those_it_used(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(regexes, "_programs", {(f"old{n}", 0): regexes._program(f"old{n}", 0) for n in range(2000)})
    regexes.compile("new+")
    with pytest.raises(re.error):
        regexes.compile("(bad")  # used, and without a program
    regexes._save()
    kept = marshal.loads((tmp_path / "ledgerlang" / _FILE).read_bytes())
    assert set(kept["programs"]) == {("new+", 0)}


def test_an_interpreter_without_re_compiler_compiles_as_re_does(monkeypatch):
    monkeypatch.setattr(regexes, "_programs", None)
    monkeypatch.setattr(regexes, "_read", dict)  # its cache holds nothing: only its own engine's programs are read
    monkeypatch.setattr(regexes, "_machinery", lambda: False)  # as on CPython 3.10
    assert regexes.compile("a(b)c", re.M) == re.compile("a(b)c", re.M)
    assert regexes._programs == {}  # nothing kept that re made otherwise


def test_each_version_of_the_interpreter_keeps_its_own_file(tmp_path, monkeypatch):
    """Two versions of one minor release (3.11.2 and 3.11.7, say) would otherwise write one file
    in turn, and every run of either would compile its programs again."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    ours = regexes._path()
    assert ours == str(tmp_path / "ledgerlang" / _FILE)
    monkeypatch.setattr(regexes.sys, "version", "3.11.99 (another build)")
    assert regexes._path() != ours and regexes._path().endswith("-3.11.99.marshal")
