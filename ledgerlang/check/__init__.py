"""The checker: every rule violation, rounding-aware, as diagnostics.

A rule is violated only when no choice of true values inside the reported
intervals satisfies it (XBRL Calculations 1.1 does the same for sums).
Each family of checks is a module; `check` runs them all, then applies the
book's acknowledgements.
"""

from __future__ import annotations

from ledgerlang import progress
from ledgerlang.check import joint
from ledgerlang.diagnostic import Diagnostic
from ledgerlang.evaluate.compute import Evaluation
from ledgerlang.model.book import Book


def __getattr__(name: str):
    """CHECKS, the pairwise checks in the order they run (each marks, in the shared Coverage,
    the printed figures it could decide), made when first asked for: a check that forks imports
    them after the fork, in the process that runs them, off the worker's way (check/ahead.py)."""
    if name == "CHECKS":
        return _checks()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _checks() -> tuple:
    found = globals().get("CHECKS")  # set here, or by a caller (a test's, the timeline's)
    if found is None:
        from ledgerlang.check import claims, facts, guidance, measures, rules

        found = globals()["CHECKS"] = (facts.check, rules.check, measures.check, guidance.check, claims.check)
    return found


def check(book: Book, evaluation: Evaluation) -> list[Diagnostic]:
    return check_counted(book, evaluation)[0]


# Counts is check/coverage.py's, imported where the pairwise checks run (annotations are not evaluated).
def check_counted(book: Book, evaluation: Evaluation, culprits: joint.Culprits | None = None,
                  fork: bool = False, release: bool = False) -> tuple[list[Diagnostic], Counts]:  # noqa: F821
    """Every diagnostic, and how many printed figures were checked and how many could not be.
    `culprits`: the culprit searches of an earlier check of this ledger, to reuse (the editor's).
    `fork`: on a large book, build the joint network in a second process while the pairwise
    checks run here; on a small one, share the culprit searches with a second process
    (check/ahead.py). The result is the same. `release`: nothing reads the evaluation after
    this, and the joint pass, where it runs here, lets go of its values and figures
    (joint.check)."""
    worker = None
    if fork and culprits is None:
        from ledgerlang.check import ahead
        if ahead.worth_it(book):
            try:
                worker = ahead.Ahead.start(book, evaluation)
            except OSError:  # no process or pipe to be had (a limit reached): one process does it all
                worker = None
    try:
        progress.stage(f"checking {progress.figures(book)}, relation by relation")
        from ledgerlang.check.coverage import Coverage

        coverage = Coverage(evaluation)
        found = [d for run in _checks() for d in run(book, evaluation, coverage)]
        found.extend(coverage.report(book))
        # Counted now, and the marks let go: the joint pass, in this process, takes their memory.
        counts, left, coverage = coverage.counts(book), coverage.left(), None
        progress.stage("checking all relations at once (the joint pass)")
        # all relations at once, after each on its own
        joined = worker.finish(found) if worker is not None else None
        found = (joint.check(book, evaluation, found, culprits, fork=fork, release=release)
                 if joined is None else joined)
    except BaseException:
        if worker is not None:
            worker.abandon()
        raise
    from ledgerlang.check import acknowledge
    from ledgerlang.check.coverage import settle

    found, counts = settle(found, counts, left)
    return acknowledge.apply(book, found), counts
