"""`python -m ledgerlang.native`: compile the hot modules whose copies are missing (see __init__.py)."""

from __future__ import annotations

import contextlib
import io
import os
import sys

from ledgerlang.native import COMPILE_ARGS, DIRECTIVES, MODULES, SUFFIX, copies, copy_path, source_of, summary

# -- building the copies -----------------------------------------------------------------


def build(say=print, jobs: int | None = None, modules=MODULES) -> int:
    """Compile those of `modules` whose copy is missing; the number built. Raises BuildUnavailable
    without Cython or setuptools, and lets a compiler's error through (nothing is written then)."""
    try:
        from Cython.Build import cythonize
        from setuptools import Distribution, Extension
    except ImportError as exc:
        raise BuildUnavailable(f"{exc.name} is not installed (the `native` extra installs what compiling "
                               "needs: `pip install -e '.[native]'` in a checkout)") from None
    import shutil
    import tempfile

    wanted = []
    for module in modules:
        found = source_of(module)  # read once: the copy is named by the very text compiled below
        if found is None:
            continue
        built = copy_path(*found)
        if not os.path.isfile(built):
            wanted.append((module, found[1], built))
    if not wanted:
        return 0
    jobs = jobs or os.cpu_count() or 1
    say(f"compiling {len(wanted)} module{'s' if len(wanted) != 1 else ''} with Cython "
        f"(about 5 s of a core each, {jobs} at a time)")
    with tempfile.TemporaryDirectory(prefix="ledgerlang-native-") as work:
        extensions = []
        for module, source, _ in wanted:
            parts = module.split(".")
            for depth in range(1, len(parts)):  # packages, so that names resolve as in the tree
                init = os.path.join(work, "src", *parts[:depth], "__init__.py")
                os.makedirs(os.path.dirname(init), exist_ok=True)
                open(init, "a").close()
            path = os.path.join(work, "src", *parts) + ".py"
            with open(path, "wb") as f:
                f.write(source)  # the text the key was made from, whatever happens to the tree meanwhile
            extensions.append(Extension(module, [path], extra_compile_args=COMPILE_ARGS))
        log = io.StringIO()  # Cython's and the compiler's chatter, shown only if they fail
        try:
            with contextlib.redirect_stdout(log):
                extensions = cythonize(extensions, quiet=True, build_dir=os.path.join(work, "c"), nthreads=jobs,
                                       compiler_directives=DIRECTIVES)
                distribution = Distribution({"name": "ledgerlang-native", "ext_modules": extensions})
                distribution.verbose = 0
                command = distribution.get_command_obj("build_ext")
                command.build_lib = os.path.join(work, "lib")
                command.build_temp = os.path.join(work, "tmp")
                command.parallel = jobs
                distribution.run_command("build_ext")
        except BaseException:
            sys.stderr.write(log.getvalue())
            raise
        for module, _, built in wanted:
            made = os.path.join(command.build_lib, *module.split(".")) + SUFFIX
            os.makedirs(os.path.dirname(built), exist_ok=True)
            # Whole or not at all: copied beside its place under a temporary name, then renamed.
            partial = f"{built}.{os.getpid()}.tmp"
            shutil.copyfile(made, partial)
            os.replace(partial, built)
            _drop_old(built)
    say(f"compiled {len(wanted)} module{'s' if len(wanted) != 1 else ''}")
    return len(wanted)


def _drop_old(built: str) -> None:
    """Remove the copies of the same module built from earlier sources."""
    folder, name = os.path.split(built)
    stem = name.split(".")[0] + "."
    for other in os.listdir(folder):
        if other.startswith(stem) and other.endswith(SUFFIX) and other != name and other.count(".") == name.count("."):
            try:
                os.remove(os.path.join(folder, other))
            except OSError:
                pass


class BuildUnavailable(Exception):
    """What compiling needs is not installed."""


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(
        prog="python -m ledgerlang.native",
        description="Compile ledgerlang's hot modules with Cython, where their compiled copies are missing "
                    "or older than their source. ledgerlang runs the same without them, only slower.")
    parser.add_argument("--jobs", type=int, default=None, help="compilers run at once (default: one per core)")
    parser.add_argument("--status", action="store_true", help="say which modules run compiled, and build nothing")
    parser.add_argument("modules", nargs="*", metavar="MODULE",
                        help=f"only these (default: the {len(MODULES)} hot modules, ledgerlang.native.MODULES)")
    args = parser.parse_args(argv)
    unknown = sorted(set(args.modules) - set(MODULES))
    if unknown:
        parser.error(f"not a hot module: {', '.join(unknown)} (the hot modules: {', '.join(MODULES)})")
    modules = tuple(args.modules) or MODULES
    if args.status:
        for module, _, built in copies(modules):
            print(f"{module}: {'compiled' if os.path.isfile(built) else 'source only'}")
        print(summary())
        return 0
    try:
        build(say=lambda text: print(text, file=sys.stderr), jobs=args.jobs, modules=modules)
    except BuildUnavailable as exc:
        print(f"ledgerlang.native: nothing compiled: {exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 -- Cython's or the compiler's own report was printed above
        # A copy put in place before the failure (one that could not be written, say) stays: it is whole.
        print(f"ledgerlang.native: compiling failed: {type(exc).__name__}: {exc}\n{summary()}", file=sys.stderr)
        return 1
    print(summary())
    return 0


if __name__ == "__main__":
    sys.exit(main())
