"""Compiled copies of the hot modules: the same source, built by Cython, used only while they match it.

`ledger check` spends its time in a few modules (the parser's fast path, the
build of table rows, the evaluation, the pairwise checks and the joint pass's
network). Cython compiles each of them, unchanged, into an extension module:
the same Python semantics, without the interpreter's dispatch per bytecode.
There is no second source: the `.py` file is the module, and the compiled copy
is a cache of it, like a `.pyc`.

- Each copy is kept beside its module's bytecode, as
  `__pycache__/NAME.KEY.cpython-311-x86_64-linux-gnu.so`, where KEY is a hash
  of the module's source text and of the way it was compiled (`RECIPE`).
- `install()` (from ledgerlang/__init__.py) puts a finder first on
  `sys.meta_path` that loads a module's copy only where one was built from its
  source as it is now. An edited module, a missing copy or `LEDGERLANG_PURE=1`
  leaves Python to import the `.py` file as usual: never a stale build, only a
  slower one. `ledger --version` says how many copies are in use.
- `python -m ledgerlang.native` compiles the copies that are missing (the
  install does it once; run it again after editing a module, for the speed).
  It needs Cython, setuptools and a C compiler; without them nothing is built
  and everything still runs.

Not compiled: modules off the hot path, and `syntax/parse.py` and
`syntax/transformer.py`, whose closures Cython keeps in one scope with the
function that uses them, a reference cycle a check must not leave
(tests/lsp/test_memory.py).
"""

from __future__ import annotations

import os
import sys

try:
    # importlib.machinery's own names, from the import system's frozen modules, which the
    # interpreter has loaded before any code runs: importlib itself (with warnings) would add
    # 0.35 ms to every command's start.
    from _frozen_importlib import ModuleSpec
    from _frozen_importlib_external import EXTENSION_SUFFIXES, ExtensionFileLoader
except ImportError:  # an interpreter whose import system is not frozen this way
    from importlib.machinery import EXTENSION_SUFFIXES, ExtensionFileLoader, ModuleSpec

# The modules worth compiling, with what compiling each saves `ledger check` of the 10k book in one
# process (callgrind, every other one compiled; of 1,948 M instructions in all). A module that saves
# less than loading it costs (about 0.13 ms) and does no work per figure stays pure: load, check.claims.
MODULES = (
    "ledgerlang.evaluate.propagate",  # 132 M
    "ledgerlang.evaluate.point",  # 35 M
    "ledgerlang.evaluate.compute",  # 25 M
    "ledgerlang.evaluate.interval",  # 1 M
    "ledgerlang.check.network",  # 31 M
    "ledgerlang.check.joint",  # 2 M
    "ledgerlang.check.rules",  # 13 M
    "ledgerlang.check.coverage",  # 5 M
    "ledgerlang.check.facts",  # 3 M
    "ledgerlang.check.measures",  # 2 M
    "ledgerlang.syntax.tables",  # 6 M
    "ledgerlang.syntax.fastpath",  # 12 M
    "ledgerlang.syntax.figures",  # 5 M
    "ledgerlang.syntax.lalr",  # 13 M
    "ledgerlang.syntax.resolve",  # 2 M
    "ledgerlang.syntax.build",  # 1 M
    "ledgerlang.model.period",  # 2 M
    "ledgerlang.model.record",  # 2 M
    "ledgerlang.model.slots",  # compiled only: records made in C (model/record.py `maker`)
)
# How a module is compiled: its source's meaning unchanged (annotations are not taken as C types,
# functions stay introspectable). The key covers these besides the source: a change builds every module again.
DIRECTIVES = {"annotation_typing": False, "binding": True, "language_level": 3}
# No debugging information (Python's own flags ask for it): a sixth of the size on disk.
COMPILE_ARGS = ["-g0"]
RECIPE = repr((sorted(DIRECTIVES.items()), COMPILE_ARGS)).encode() + b" #1"
SUFFIX = EXTENSION_SUFFIXES[0]  # .cpython-311-x86_64-linux-gnu.so: the interpreter's own ABI
PURE = "LEDGERLANG_PURE"  # set to 1: import every module from its source


def key(source: bytes) -> str:
    """The hash naming a copy built from `source`."""
    from _blake2 import blake2b  # hashlib would import OpenSSL's library first

    return blake2b(source + RECIPE, digest_size=10).hexdigest()


def copy_path(source_path: str, source: bytes) -> str:
    """Where the copy of the module at `source_path` built from `source` is kept."""
    folder, name = os.path.split(source_path)
    return os.path.join(folder, "__pycache__", f"{name[:-3]}.{key(source)}{SUFFIX}")


class Finder:
    """A meta path finder for MODULES: a spec for the compiled copy that matches the source, else None."""

    @staticmethod
    def find_spec(fullname: str, path=None, target=None):
        if fullname not in _WANTED or not path:
            return None
        name = fullname.rpartition(".")[2]
        for entry in path:
            source_path = os.path.join(entry, name + ".py")
            try:
                with open(source_path, "rb") as f:
                    source = f.read()
            except OSError:
                continue
            built = copy_path(source_path, source)
            if not os.path.isfile(built):
                return None  # the source as it is now was never compiled
            spec = ModuleSpec(fullname, ExtensionFileLoader(fullname, built), origin=built)
            spec.has_location = True
            return spec
        return None

    @staticmethod
    def invalidate_caches() -> None:
        pass


_WANTED = frozenset(MODULES)


def pure() -> bool:
    """Whether LEDGERLANG_PURE asks for every module from its source."""
    return os.environ.get(PURE, "") not in ("", "0")


def install() -> None:
    """Put the finder first, unless LEDGERLANG_PURE asks for the sources alone."""
    if pure() or Finder in sys.meta_path:
        return
    sys.meta_path.insert(0, Finder)


def summary() -> str:
    """For `ledger --version`: how many of the modules worth compiling run compiled, now or when imported."""
    if pure():
        return f"pure Python ({PURE} is set)"
    ready = sum(1 for _, _, built in copies() if os.path.isfile(built))
    if not ready:
        return "pure Python (no compiled modules: `python -m ledgerlang.native` builds them)"
    if ready < len(MODULES):
        return (f"{ready} of {len(MODULES)} hot modules compiled (`python -m ledgerlang.native` builds the "
                f"{len(MODULES) - ready} edited since)")
    return f"{ready} hot modules compiled with Cython"


def source_path(module: str) -> str:
    """The source file of one of MODULES in this install."""
    top = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))  # holds ledgerlang/
    return os.path.join(top, *module.split(".")) + ".py"


def source_of(module: str) -> tuple[str, bytes] | None:
    """(its source's path, its text) for one of MODULES, or None where this install lacks it."""
    path = source_path(module)
    try:
        with open(path, "rb") as f:
            return path, f.read()
    except OSError:
        return None


def copies(modules=MODULES):
    """(module, its source's path, its compiled copy's path) for `modules`, from their sources as they are now."""
    for module in modules:
        found = source_of(module)
        if found is not None:  # a module not in this install: nothing to compile, nothing compiled
            yield module, found[0], copy_path(*found)
