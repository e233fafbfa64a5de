"""The checker: every rule violation, rounding-aware, as diagnostics.

A rule is violated only when no choice of true values inside the reported
intervals satisfies it (XBRL Calculations 1.1 does the same for sums).
Each family of checks is a module; `check` runs them all, then applies the
book's acknowledgements.
"""

from __future__ import annotations

from ledgerlang.check import acknowledge, facts, guidance, joint, measures, rules
from ledgerlang.diagnostic import Diagnostic
from ledgerlang.evaluate.compute import Evaluation
from ledgerlang.model.book import Book

CHECKS = (facts.check, rules.check, measures.check, guidance.check)


def check(book: Book, evaluation: Evaluation) -> list[Diagnostic]:
    found = [d for run in CHECKS for d in run(book, evaluation)]
    found = joint.check(book, evaluation, found)  # all relations at once, after each on its own
    return acknowledge.apply(book, found)
