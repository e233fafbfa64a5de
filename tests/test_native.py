"""The hot modules' compiled copies (ledgerlang/native): used only while they match their source, and
the same in every output.

The install compiles them (hatch_build.py); these tests hold the install to that, check that a copy
is never used for a source it was not built from, and that the compiled and the pure modules say the
same thing, byte for byte, on the bundled books.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig

import pytest

from ledgerlang import native

from support import ROOT

PURE = dict(os.environ, PYTHONPATH=str(ROOT), LEDGERLANG_PURE="1")
COMPILED = {key: value for key, value in PURE.items() if key != "LEDGERLANG_PURE"}


def run(env: dict, *args: str, cwd=ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ledgerlang", *args], cwd=cwd, env=env, capture_output=True,
                          timeout=300)


def imported_from(env: dict, module: str, cwd=ROOT) -> str:
    code = f"import {module} as m; print(m.__file__)"
    done = subprocess.run([sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_the_install_compiled_every_hot_module():
    """`pip install -e '.[test]'` (the README's command) builds a copy of each hot module, and they load."""
    compiler = (sysconfig.get_config_var("CC") or "cc").split()[0]
    if not shutil.which(compiler):
        pytest.skip(f"no C compiler ({compiler}): the install leaves ledgerlang pure Python here")
    missing = [module for module, _, built in native.copies() if not os.path.isfile(built)]
    assert not missing, f"not compiled: {missing}; `python -m ledgerlang.native` says why"
    for module in ("ledgerlang.evaluate.propagate", "ledgerlang.syntax.tables"):
        path = imported_from(COMPILED, module)
        assert path.endswith(native.SUFFIX) and os.sep + "__pycache__" + os.sep in path
        assert imported_from(PURE, module).endswith(module.rpartition(".")[2] + ".py")


@pytest.mark.parametrize("args", [
    ("check", "--format", "json", "books/iij"),
    ("check", "--format", "json", "books/iij-annual"),
    ("eval", "--format", "json", "books/iij"),
    ("check", "books/iij"),
    ("explain", "rev.total@1Q03", "books/iij"),
])
def test_compiled_and_pure_modules_print_the_same_bytes(args):
    compiled, pure = run(COMPILED, *args), run(PURE, *args)
    assert (compiled.returncode, compiled.stdout, compiled.stderr) == (pure.returncode, pure.stdout, pure.stderr)
    assert compiled.stdout


def test_a_copy_is_used_only_for_the_source_it_was_built_from(tmp_path, monkeypatch):
    """Edit a module and its copy is passed over for the source; put the text back and it is used again."""
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    source = package / "hot.py"
    source.write_text("WHERE = 'source'\n")
    built = native.copy_path(str(source), source.read_bytes())
    assert os.path.dirname(built) == str(package / "__pycache__")
    monkeypatch.setattr(native, "_WANTED", frozenset({"pkg.hot"}))
    found = native.Finder.find_spec("pkg.hot", [str(package)])
    assert found is None  # no copy yet
    os.makedirs(os.path.dirname(built))
    open(built, "wb").close()
    found = native.Finder.find_spec("pkg.hot", [str(package)])
    assert found is not None and found.origin == built
    source.write_text("WHERE = 'edited'\n")
    assert native.Finder.find_spec("pkg.hot", [str(package)]) is None
    source.write_text("WHERE = 'source'\n")
    assert native.Finder.find_spec("pkg.hot", [str(package)]).origin == built
    assert native.Finder.find_spec("pkg.cold", [str(package)]) is None  # not a hot module


def test_building_a_copy_of_an_edited_module(tmp_path):
    """In a copy of the tree: an edited module runs from its source, `python -m ledgerlang.native`
    compiles it again (and drops the stale copy), and the new copy runs the edit."""
    pytest.importorskip("Cython")
    tree = tmp_path / "tree"
    shutil.copytree(ROOT / "ledgerlang", tree / "ledgerlang")
    shutil.copytree(ROOT / "grammar", tree / "grammar")
    env = dict(COMPILED, PYTHONPATH=str(tree))
    figures = tree / "ledgerlang" / "syntax" / "figures.py"
    stale = native.copy_path(str(figures), figures.read_bytes())
    assert os.path.isfile(stale)
    figures.write_text(figures.read_text(encoding="utf-8") + "\nEDITED = True\n", encoding="utf-8")
    assert imported_from(env, "ledgerlang.syntax.figures", cwd=tmp_path) == str(figures)
    version = subprocess.run([sys.executable, "-m", "ledgerlang", "--version"], env=env, cwd=tmp_path,
                             capture_output=True, text=True, timeout=60).stdout
    assert f"{len(native.MODULES) - 1} of {len(native.MODULES)} hot modules compiled" in version
    done = subprocess.run([sys.executable, "-m", "ledgerlang.native", "ledgerlang.syntax.figures"], env=env,
                          cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "compiling 1 module with Cython" in done.stderr
    fresh = native.copy_path(str(figures), figures.read_bytes())
    assert imported_from(env, "ledgerlang.syntax.figures", cwd=tmp_path) == fresh
    assert not os.path.exists(stale)
    code = "import ledgerlang.syntax.figures as f; print(f.EDITED, f.parse_figure.__module__)"
    shown = subprocess.run([sys.executable, "-c", code], env=env, cwd=tmp_path, capture_output=True, text=True,
                           timeout=60).stdout
    assert shown.split() == ["True", "ledgerlang.syntax.figures"]
    assert run(env, "check", str(ROOT / "books" / "iij"), cwd=tmp_path).returncode == \
        run(COMPILED, "check", "books/iij").returncode


def test_a_failed_compile_writes_nothing_and_says_so(tmp_path):
    """No compiler: `python -m ledgerlang.native` exits 1 with a reason, and the module still runs
    from its source; nothing half-built is left where the finder looks."""
    pytest.importorskip("Cython")
    tree = tmp_path / "tree"
    shutil.copytree(ROOT / "ledgerlang", tree / "ledgerlang")
    figures = tree / "ledgerlang" / "syntax" / "figures.py"
    figures.write_text(figures.read_text(encoding="utf-8") + "\nEDITED = True\n", encoding="utf-8")
    before = sorted(os.listdir(figures.parent / "__pycache__"))
    env = dict(COMPILED, PYTHONPATH=str(tree), CC=str(tmp_path / "no-such-compiler"))
    done = subprocess.run([sys.executable, "-m", "ledgerlang.native", "ledgerlang.syntax.figures"], env=env,
                          cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert done.returncode == 1
    assert "compiling failed: CompileError" in done.stderr and "Traceback" not in done.stderr
    assert f"{len(native.MODULES) - 1} of {len(native.MODULES)} hot modules compiled" in done.stderr
    assert sorted(os.listdir(figures.parent / "__pycache__")) == before
    assert imported_from(env, "ledgerlang.syntax.figures", cwd=tmp_path) == str(figures)


def test_expressions_as_deep_as_the_limit_run_compiled_as_they_do_pure(tmp_path):
    """Compiled code keeps no count of its recursion (Cython calls no Py_EnterRecursiveCall): an
    expression nested as deep as the parser allows (parse.MAX_DEPTH) must still fit the C stack,
    through the evaluation, the exact first test, the network and `explain`, and say the same."""
    from ledgerlang.syntax.parse import MAX_DEPTH

    n = MAX_DEPTH - 1
    items = "\n".join(f'item a{i} "A{i}" JPY flow' for i in range(n))
    rows = "\n".join(f"  a{i} {i + 1}" for i in range(n))
    book = tmp_path / "deep.iij"
    book.write_text(f"""entity acme "Acme Corp."
  fiscal year ends 03-31
  fiscal year named by start
currency JPY
{items}
item total "Total" JPY flow
  = {" + ".join(f"a{i}" for i in range(n))}
item same "Same" JPY flow
  = {"(" * (n - 9)}a0{")" * (n - 9)}
item neg "Neg" JPY flow
  = {"-(" * (n // 2 - 4)}a1{")" * (n // 2 - 4)}
table "T" in JPY thousands
  columns 1Q03
{rows}
  total {n * (n + 1) // 2}
  same 1
  neg 2
""", encoding="utf-8")
    for args in (("check", str(book)), ("eval", "--format", "json", str(book)), ("explain", "neg@1Q03", str(book))):
        compiled, pure = run(COMPILED, *args, cwd=tmp_path), run(PURE, *args, cwd=tmp_path)
        assert compiled.returncode in (0, 1), compiled.stderr
        assert (compiled.returncode, compiled.stdout, compiled.stderr) == (pure.returncode, pure.stdout, pure.stderr)
    assert b"error[total-mismatch]: neg@1Q03" in run(COMPILED, "check", str(book), cwd=tmp_path).stdout
