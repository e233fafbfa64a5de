"""One fact, many presentations: the same item and period must agree within rounding.

Compares every printed figure of an (item, period) with the most precise
table figure: across tables, scales and books. A claim in the narrative is
compared with the tables the same way.
"""

from __future__ import annotations

from ledgerlang.check.mismatch import compare, quotient_inputs, where
from ledgerlang.diagnostic import Diagnostic, warning
from ledgerlang.evaluate.compute import Computed, Evaluation, best_printing
from ledgerlang.evaluate.interval import Interval, of_reported
from ledgerlang.evaluate.point import ONE, Points, inside
from ledgerlang.check.show import SCALE_WORDS, Names
from ledgerlang.model import record
from ledgerlang.model.period import label, parse_period, shift


def check(book, evaluation: Evaluation, coverage) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    marked = coverage.at
    names = Names(book)  # asked only by a figure that disagrees
    # The printings compared in the exact tests' context (`inside`'s; Points.enter), set once for
    # them all: a message is made outside it, as before.
    window = Points(evaluation)
    try:
        window.enter()
        for (item, period), facts in evaluation.table_facts.items():
            if len(facts) == 1:
                continue  # printed once: nothing to repeat or disagree with
            row = marked(period)  # Coverage.mark, inline: a printed figure depends on nothing else
            if item not in row:
                row.add(item)
            (_two if len(facts) == 2 else _every)(item, period, facts, found, names, window)
    finally:
        window.leave()
    for (item, period), facts in evaluation.superseded.items():
        # The originals of a restated figure: compared with each other, never with the restatement.
        if len(facts) == 1:
            continue
        coverage.mark((item, period))
        best = best_printing(facts)
        for fact in facts:
            if fact is best or inside(fact.value, best.value.value, ONE):
                continue
            diagnostic = _mismatch(item, period, fact, best, names, "the same original figure")
            if diagnostic is not None:
                found.append(diagnostic)
    slips = _Slips(evaluation, names)  # its indexes made at the first disagreement that asks for one
    if found:  # the tables' disagreements, found above; the claims' are told their own way below
        found = [slips.hinted(d) if d.code == "fact-mismatch" else d for d in found]
    told = len(found)
    for (item, period), facts in evaluation.claim_facts.items():
        value = evaluation.value(item, period)
        if value is None:
            continue
        if value.origin == "reported" and value.facts and value.facts[0].source.kind == "claim":
            # The narrative is the only source: its statements must agree with each other.
            if len(facts) > 1:
                coverage.mark((item, period))
            best = best_printing(facts)
            for fact in facts:
                if fact is best:
                    continue
                diagnostic = compare("claim-mismatch", f"{item}@{label(period)}", fact.value, where(fact),
                                     Computed(best.value.value, of_reported(best.value)),
                                     f"{where(best)} ({best.value.text})", fact.span, item, label(period),
                                     negated=fact.negated, unit=names.of_item(item))
                if diagnostic is not None:
                    found.append(diagnostic)
            continue
        coverage.mark((item, period))
        # a per-share figure the tables do not print, derived from their amount and count: a miss
        # by a thousand is the count's scale or the amount's (mismatch.quotient_inputs)
        inputs = (quotient_inputs(evaluation, value.rule.expr, period, names)
                  if value.origin == "derived" and value.rule is not None else None)
        for fact in facts:
            diagnostic = compare("claim-mismatch", f"{item}@{label(period)}", fact.value, where(fact),
                                 value.computed, _how(value, book), fact.span, item, label(period),
                                 negated=fact.negated, unit=names.of_item(item), inputs=inputs)
            if diagnostic is not None:
                found.append(diagnostic)
    if len(found) > told:  # a claim against a table figure that is another period's (a column typed 3Q02 for 4Q02)
        found[told:] = [slips.hinted(d) if d.code == "claim-mismatch" else d for d in found[told:]]
    return found


def _every(item: str, period, facts, found: list, names: Names, window: Points | None = None) -> None:
    """A figure's printings in tables, each against the most precise one (the first of those
    equally precise), and each against any earlier one in the same place. `window`: where the
    caller has entered the exact tests' context (`check`), the Points that did, for a message
    to be made outside it."""
    best = best_printing(facts)
    # The latest earlier printing in the same table and column, or on the same line (`_repeated`),
    # by a lookup each: a hostile book printing one figure 100,000 times is not 10**10 comparisons.
    in_column: dict[tuple, tuple] = {}
    on_line: dict[tuple, tuple] = {}
    for k, fact in enumerate(facts):
        source = id(fact.source)
        here = (source, fact.column), (source, fact.span.line)
        candidates = [c for c in (in_column.get(here[0]), on_line.get(here[1])) if c is not None]
        if candidates:
            found.append(_duplicate(item, period, fact, max(candidates, key=lambda c: c[0])[1]))
        in_column[here[0]] = on_line[here[1]] = (k, fact)
        if fact is best or inside(fact.value, best.value.value, ONE):
            continue  # the best figure's own value prints as this one: they meet
        diagnostic = _outside(window, item, period, fact, best, names)
        if diagnostic is not None:
            found.append(diagnostic)


def _two(item: str, period, facts, found: list, names: Names, window: Points | None = None) -> None:
    """`_every` for a figure printed twice, as nearly every repeated one is (a quarter's table
    and an appendix): the same findings in the same order, without its dict (a million-figure
    book has 190k such figures)."""
    first, second = facts
    best = best_printing(facts)
    other = second if best is first else first
    miss = None if inside(other.value, best.value.value, ONE) else _outside(window, item, period, other, best, names)
    if miss is not None and other is first:
        found.append(miss)
    if second.source is first.source and _repeated(second, first):
        found.append(_duplicate(item, period, second, first))
    if miss is not None and other is second:
        found.append(miss)


def _outside(window: Points | None, item: str, period, fact, best, names: Names) -> Diagnostic | None:
    """`_mismatch`, outside `window`'s context where there is one (`_every`)."""
    if window is None:
        return _mismatch(item, period, fact, best, names)
    with window.outside():
        return _mismatch(item, period, fact, best, names)


def _repeated(fact, earlier) -> bool:
    """`fact` prints `earlier`'s item and period again in the same table (the same declaration, not
    another of the same title: each release has its "Consolidated Statements of Income"), in the
    same column (a repeated row) or the same row (a repeated column, `1Q24` and `Q1 FY24`). A
    cash-flow table's `cash@open` under 2Q24 and `cash@close` under 1Q24 are one instant printed
    in two places, as the table prints it: no repeat."""
    return fact.source is earlier.source and (fact.column == earlier.column or fact.span.line == earlier.span.line)


def _duplicate(item: str, period, fact, earlier) -> Diagnostic:
    """`fact` is printed again in the same table as `earlier` (`_repeated`)."""
    if fact.span.line != earlier.span.line:
        hint = "hint: one printed row per line: remove the repeated row"
    elif fact.column == earlier.column:
        hint = f"hint: the columns name {fact.column} twice: one column per period, remove the repeated one"
    else:
        hint = (f"hint: the columns {earlier.column} and {fact.column} name the same period: "
                "one column per period, remove the repeated one")
    return warning("duplicate-fact", f"{item}@{label(period)} is printed twice in {fact.source.title!r}", fact.span,
                   f"note: also at {earlier.span}", hint, item=item, period=label(period))


def _mismatch(item: str, period, fact, best, names: Names, what: str = "the same figure") -> Diagnostic | None:
    """`fact` against the most precise printing of the same figure, `best`: None where they meet.
    `what` names `best` in the note (a restated figure's originals: "the same original figure")."""
    return compare("fact-mismatch", f"{item}@{label(period)}", fact.value, where(fact),
                   Computed(best.value.value, of_reported(best.value)), f"{where(best)} ({best.value.text})",
                   fact.span, item, label(period), (f"note: {what} is printed at {best.span}",),
                   negated=fact.negated, unit=names.of_item(item))


# The columns a figure is typed from by mistake, in quarters from its own: the year before, the
# quarter before and after (a row's columns are mostly these), and the year after.
SLIPS = (-4, -1, 1, 4)


class _Slips:
    """Hints on disagreements already found, where one of the two figures is another column's or a
    claim's line another period's: found after the comparisons, from the disagreements alone, so a
    book whose printings agree does no more work (the indexes of the currency columns and of the
    claims' lines are built at the first disagreement that asks for one)."""

    def __init__(self, evaluation: Evaluation, names: Names) -> None:
        self.evaluation, self.names = evaluation, names
        self._translated: dict | None = None
        self._claim_lines: dict | None = None

    def hinted(self, d: Diagnostic) -> Diagnostic:
        """`d` with a hint where one of its figures is another period's or the row's translation, or
        a claim's line names another period than the claim's other lines."""
        for hint in (self._with_column_slip, self._with_currency_slip, self._with_claim_period):
            found = hint(d)
            if found is not d:
                return found
        return d

    def _with_column_slip(self, d: Diagnostic) -> Diagnostic:
        return _with_column_slip(self.evaluation, d, self.names)

    def _with_claim_period(self, d: Diagnostic) -> Diagnostic:
        """A claim-mismatch at a line whose period is not the one every other line of its claim names:
        `rev.total@FY2012 = 114,272` under "Revenues JPY114,272 million (up 7.6% YoY)", whose growth line
        says FY2013. The other lines are found only here, for a claim that disagrees (an index of the
        claims' lines, made at the first one)."""
        evaluation = self.evaluation
        period = parse_period(d.period, any_year=True) if d.period else None
        if d.code != "claim-mismatch" or period is None:
            return d
        fact = next((f for f in evaluation.claim_facts.get((d.item, period), ()) if f.span == d.span), None)
        if fact is None:
            return d
        if self._claim_lines is None:  # (item, period, a figure's line) of each claim's lines
            self._claim_lines = {}
            for facts in evaluation.claim_facts.values():
                for f in facts:
                    self._claim_lines.setdefault(id(f.source), []).append((f.item, f.period, True))
            for m in evaluation.book.measured:
                if m.family == "claim":
                    self._claim_lines.setdefault(id(m.source), []).append((m.item, m.period, False))
        lines = self._claim_lines.get(id(fact.source), ())
        others = {p for _, p, _ in lines if p != period}
        if len(others) != 1:
            return d
        wanted = next(iter(others))
        if any(item == d.item and p == wanted and figure for item, p, figure in lines):
            return d  # the claim states the item at both periods: a comparison, not a period typed wrong
        other = label(wanted)
        hint = (f"hint: the claim's other lines state {other}: if this line's period was typed {label(period)} "
                f"for {other}, it is the one to correct")
        return record.evolve(d, notes=d.notes + (hint,))

    def _with_currency_slip(self, d: Diagnostic) -> Diagnostic:
        """A fact-mismatch where one of the two figures is its row's translation, printed in the row's
        currency column (`USD(1Q03)`): the dollar figure typed into the yen column, which the message,
        placed at the less precise printing, would otherwise blame on the yen figure that is right."""
        evaluation = self.evaluation
        period = parse_period(d.period, any_year=True)
        facts = evaluation.table_facts.get((d.item, period)) if period is not None else None
        if d.code != "fact-mismatch" or not facts:
            return d
        fact = next((f for f in facts if f.span == d.span), None)
        best = best_printing(facts)
        if fact is None or fact is best or not _at_a_rate(evaluation.book, fact, best):
            return d
        if self._translated is None:  # a scan of the measures, made only where a rate could explain the miss
            self._translated = {}
            for m in evaluation.book.measured:
                if m.family == "translation" and m.item is not None and m.span is not None:
                    self._translated.setdefault((m.item, m.period, m.span.path, m.span.line), m)
        unit = self.names.of_item(d.item)
        for printing in (fact, best):
            if printing.span is None:
                continue
            m = self._translated.get((d.item, printing.period, printing.span.path, printing.span.line))
            if m is None or m.value.value != printing.value.value or printing.value.value == 0:
                continue
            translated = self.names.of_expr(m.expr)(m.value.text + _unit(m))
            named = f"the row's {m.column} figure ({translated})"
            if printing is fact:
                hint = (f"hint: {unit(fact.value.text + _unit(fact))} is {named}: it may have been typed from the "
                        "currency column")
            else:
                hint = (f"hint: the figure it is compared with, {unit(best.value.text + _unit(best))} in "
                        f"{where(best)}, is also {named}: if it was typed from the currency column, it is the "
                        "one to correct")
            return record.evolve(d, notes=d.notes + (hint,))
        return d


def _at_a_rate(book, fact, best) -> bool:
    """Whether one printing is the other at one of the book's rates: a figure in another currency."""
    if best.value.value == 0 or fact.value.value == 0:
        return False
    ratio = of_reported(fact.value) / of_reported(best.value)
    if ratio is None:
        return False
    for rate in book.rates.values():
        for factor in (rate.value, 1 / rate.value):
            if not ratio.disjoint(Interval.point(factor)):
                return True
    return False


def _with_column_slip(evaluation: Evaluation, d: Diagnostic, names: Names) -> Diagnostic:
    """A fact-mismatch with a hint where one of its two figures is another period's: a figure typed
    from the next column, or a precise figure copied from the year before, which the message, placed at
    the less precise printing, would otherwise blame on the figure that is right. A claim-mismatch the
    same, where the table figure the claim is compared with is another period's: a table's column
    whose period was typed 3Q02 for 4Q02, which the message, placed at the claim, blamed on the claim."""
    period = parse_period(d.period, any_year=True)
    facts = evaluation.table_facts.get((d.item, period)) if period is not None else None
    if not facts:
        return d
    fact = next((f for f in facts if f.span == d.span), None)
    if fact is None and d.code == "claim-mismatch":
        fact = next((f for f in evaluation.claim_facts.get((d.item, period), ()) if f.span == d.span), None)
    best = best_printing(facts)
    if fact is None or fact is best or fact.negated or best.negated:
        return d
    for quarters in SLIPS:
        other = shift(period, quarters)
        there = evaluation.table_facts.get((d.item, other)) if other is not None else None
        if not there:
            continue
        theirs = best_printing(there)
        value = theirs.value.value
        if value == 0 or theirs.negated:
            continue  # nil is every period's figure for a row that has none
        unit = names.of_item(d.item)
        named = f"{d.item}@{label(other)}'s figure ({unit(theirs.value.text + _unit(theirs))} in {where(theirs)})"
        # Against a claim, the table figure may be the only printing at its period: a column whose period
        # was typed wrong (3Q02 for 4Q02) moved its figures there, and nothing but the claim disagrees.
        mistyped = f", or its column's period typed {label(period)} for {label(other)}" \
            if fact.source.kind == "claim" and best.column == label(period) else ""
        if inside(fact.value, value, ONE) and fact.source.kind == "table":
            hint = (f"hint: {unit(fact.value.text + _unit(fact))} is {named}: it may have been typed from the "
                    f"{label(other)} column")
        elif inside(best.value, value, ONE):
            hint = (f"hint: the figure it is compared with, {unit(best.value.text + _unit(best))} in {where(best)}, is "
                    f"also {named}: if it was copied from {label(other)}{mistyped}, it is the one to correct")
        else:
            continue
        return record.evolve(d, notes=d.notes + (hint,))
    return d


def _unit(fact) -> str:
    return SCALE_WORDS.get(fact.value.scale, "") if fact.value.scale != -2 else ""


def _how(value, book) -> str:
    if value.origin == "reported":
        best = best_printing(value.facts)
        return f"{where(best)} ({best.value.text})"
    if value.rule is not None:
        from ledgerlang.model.expr import show as show_expr
        return show_expr(value.rule.expr)
    return "the sum of its quarters"
