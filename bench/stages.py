"""Time each stage of the pipeline in-process on one book: parse, build, evaluate, check, render.

Run in a fresh interpreter per measurement (the runner does), so that one
stage's garbage or caches never flatter another run:

    python -m bench.stages bench/out/books/10k/book.iij

Prints one JSON object: seconds per stage, the fact count, and the peak RSS.
"""

from __future__ import annotations

import json
import resource
import sys
import time


def measure(paths: list[str]) -> dict:
    """Seconds spent in each stage, run in pipeline order on `paths`."""
    started = time.perf_counter()
    from ledgerlang.check import check
    from ledgerlang.diagnostic import sort_key
    from ledgerlang.evaluate.compute import evaluate
    from ledgerlang.load import no_cycle_collection, read_trees
    from ledgerlang.render import diagnostics as render_diagnostics
    from ledgerlang.render import statements as render_statements
    from ledgerlang.syntax.build import build_book
    from ledgerlang.syntax.parse import parser

    parser()  # the grammar, as every process pays for it once
    seconds = {"import": time.perf_counter() - started}

    def timed(stage, run, *args):
        t = time.perf_counter()
        result = run(*args)
        seconds[stage] = time.perf_counter() - t
        return result

    def render() -> int:
        statements = list(book.statements) or [render_statements.facts_statement(evaluation)]
        grids = [render_statements.grid(s, evaluation) for s in statements]
        text = render_statements.as_text(grids) + render_diagnostics.text(every) + render_diagnostics.summary(every)
        return len(text)

    # The cycle collector off throughout, as in `ledger` (cli/main.py): on, the render would pay
    # a pass over every object of the book (4.5 s of it at 1M) that the command never pays.
    with no_cycle_collection():
        trees, diagnostics = timed("parse", read_trees, paths)
        book, more = timed("build", build_book, trees)
        evaluation, found = timed("evaluate", evaluate, book)
        checked = timed("check", check, book, evaluation)
        every = sorted(diagnostics + more + found + checked, key=sort_key)
        timed("render", render)
    seconds["total"] = sum(v for k, v in seconds.items() if k != "import")
    return {
        "seconds": seconds,
        "facts": len(book.facts) + len(book.measured),
        "diagnostics": len(every),
        "errors": sum(1 for d in every if d.counts_as_error),
        "peak_rss_bytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
    }


def main(argv: list[str] | None = None) -> int:
    paths = sys.argv[1:] if argv is None else argv
    print(json.dumps(measure(paths)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
