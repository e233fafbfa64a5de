"""Would parsing and building the files of a ledger in worker processes pay?

A worker hands its result back to the parent as a pickle: the parent pays
at least the unpickling, the worker the pickling. This times, on one book
and in one process (so that the machine's load touches every column
alike), parsing against pickling and unpickling the syntax trees, and
building against pickling and unpickling the built facts:

    python -m bench.handoff bench/out/books/100k/book.iij --runs 5

Where unpickling alone costs about as much as the work, no number of
workers makes the parent faster than doing the work itself.
"""

from __future__ import annotations

import argparse
import gc
import pickle
import statistics
import time


def measure(path: str) -> dict[str, float | int]:
    from ledgerlang.load import read_trees
    from ledgerlang.syntax.build import build_book

    def timed(run, *args):
        started = time.perf_counter()
        result = run(*args)
        return result, time.perf_counter() - started

    (trees, _), parse = timed(read_trees, [path])
    blob, trees_dump = timed(pickle.dumps, trees, 5)
    _, trees_load = timed(pickle.loads, blob)
    (book, _), build = timed(build_book, trees)
    built = (list(book.facts), list(book.measured))  # what a worker would send: the book's figures
    blob2, facts_dump = timed(pickle.dumps, built, 5)
    _, facts_load = timed(pickle.loads, blob2)
    return {"parse": parse, "trees pickled": trees_dump, "trees unpickled": trees_load, "trees bytes": len(blob),
            "build": build, "facts pickled": facts_dump, "facts unpickled": facts_load, "facts bytes": len(blob2)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.handoff", description=__doc__.split("\n\n")[0])
    parser.add_argument("book", help="a .iij book, e.g. bench/out/books/100k/book.iij")
    parser.add_argument("--runs", type=int, default=5, help="runs; the median of each column is printed")
    args = parser.parse_args(argv)
    gc.disable()  # as `ledger check` runs
    runs = []
    for n in range(args.runs):
        runs.append(measure(args.book))
        print(f"run {n + 1} of {args.runs}", flush=True)
    median = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
    print(f"| step | seconds | handed back | pickled (s) | unpickled (s) | unpickling / step |\n|---|---:|---:|---:|---:|---:|")
    for step, what in (("parse", "trees"), ("build", "facts")):
        print(f"| {step} | {median[step]:.3f} | {median[what + ' bytes'] / 2**20:.1f} MiB | "
              f"{median[what + ' pickled']:.3f} | {median[what + ' unpickled']:.3f} | "
              f"{median[what + ' unpickled'] / median[step]:.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
