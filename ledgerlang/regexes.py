"""Regular expressions whose compiled programs are kept between processes.

Python compiles a pattern with a parser and a compiler written in Python: about
0.1 ms for one of the grammar's lexer patterns, and a command compiles dozens
before it has read much (the IIJ ledger's check 51, 5 ms). What a pattern
compiles to, the program the `_sre` engine runs, depends on nothing but the
pattern, its flags and the interpreter. So it is kept as the records' methods
are (model/record.py): marshal data in the user's cache directory, one entry per
pattern and flags, read once per process and written again at its end by a
process that compiled one it did not find (cache.at_exit).

- The file is named by the interpreter's version, and holds it and its engine's
  (`_sre.MAGIC`, `_sre.CODESIZE`); a program from any other is not read.
- `_sre` checks every program it is given: one it refuses is compiled again.
- A program is made exactly as `re.compile` makes it (`re._compiler.compile`),
  and tests/test_regexes.py holds the two equal. Where that fails (a bad
  pattern, or an interpreter whose `re` is made otherwise), `re.compile`
  compiles the pattern, and raises what it raises.
- `re` itself is imported only to make a program the cache does not hold:
  with it come `enum` and `functools`, about 4 ms of every command's start-up,
  which a check whose programs are all cached does without.

`compile` is used for the patterns a check compiles: the grammar's lexers
(syntax/lalr.py), the fast path's (syntax/fastpath.py) and the modules' own.
"""

from __future__ import annotations

import sys

import _sre

__all__ = ["compile"]

_ENGINE = (sys.version, _sre.MAGIC, _sre.CODESIZE)
_programs: dict | bool | None = None  # None: not read yet; False: not this interpreter's way
_used: set = set()
_missed = False


def compile(pattern: str, flags: int = 0) -> re.Pattern:  # noqa: A001, F821 - re.compile's name, as its stand-in
    """`re.compile(pattern, flags)`, from the program cached for it where there is one."""
    global _programs, _missed
    if _programs is None:
        # Only this interpreter's engine wrote the programs it reads (`_ENGINE`), and only where
        # its re compiles as `_program` does; a program `_sre` refuses is made again below.
        _programs = _read()
    flags = int(flags)
    key = (pattern, flags)
    _used.add(key)
    program = _programs.get(key)
    if program is not None:
        try:
            return _sre.compile(pattern, *program)
        except (RuntimeError, TypeError, ValueError, OverflowError):  # not a program this engine runs
            pass
    try:
        program = _program(pattern, flags)  # TypeError where this interpreter's re is made otherwise
        compiled = _sre.compile(pattern, *program)
    except Exception:  # noqa: BLE001 - a bad pattern, or an re that works otherwise: as re.compile does
        import re

        return re.compile(pattern, flags)
    _programs[key] = program
    if not _missed:
        _missed = True
        from ledgerlang import cache

        cache.at_exit(_save)
    return compiled


_compiler = _parser = None  # re's own, imported when a program is first made here


def _machinery() -> bool:
    """Whether this interpreter's re compiles as CPython 3.11's and later do (3.10 has no
    `re._compiler`): a parser, then `_code`, whose program `_sre.compile` takes. Imports re."""
    global _compiler, _parser
    if _parser is None:
        try:
            from re import _compiler, _parser
        except ImportError:
            return False
    return callable(getattr(_compiler, "_code", None)) and callable(getattr(_parser, "parse", None))


def _program(pattern: str, flags: int) -> tuple:
    """What `re._compiler.compile(pattern, flags)` hands `_sre.compile`, after the pattern."""
    if not _machinery():
        raise TypeError("this interpreter's re is made otherwise")
    if not isinstance(pattern, str):
        raise TypeError("regexes.compile takes a str pattern")
    parsed = _parser.parse(pattern, flags)
    code = [int(op) for op in _compiler._code(parsed, flags)]  # its opcodes are int subclasses marshal refuses
    groupindex = parsed.state.groupdict
    indexgroup = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    return (flags | parsed.state.flags, code, parsed.state.groups - 1, dict(groupindex), tuple(indexgroup))


def _path() -> str | None:
    """The cache file of this interpreter's version: two versions of one minor release (a
    distribution's and a self-built one) share a cache_tag, and one file would be written over
    by each in turn, every run of either compiling its programs again."""
    from ledgerlang import cache

    return cache.path(f"regex-{sys.implementation.cache_tag}-{sys.version.split()[0]}.marshal")


def _read() -> dict:
    from ledgerlang import cache

    found = cache.read(_path())
    if found is not None and found.get("engine") == _ENGINE and isinstance(found.get("programs"), dict):
        return found["programs"]
    return {}


def _save() -> None:
    path = _path()
    if path is None or not _programs:
        return
    from ledgerlang import cache

    if len(_programs) < 2000:
        kept = _programs
    else:  # old patterns pile up: what this process used (a bad pattern has no program)
        kept = {key: _programs[key] for key in _used if key in _programs}
    cache.store(path, {"engine": _ENGINE, "programs": kept})
