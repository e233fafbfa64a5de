"""Which printed figures a check could decide, and a note for every one none could.

A printed figure is *checked* when it took part in at least one check that
could decide, whatever the verdict: a rule whose target is printed and whose
inputs all have values (as its target or as an input), another printing of
the same item and period (tables, scales, books, the narrative), a quarter
sum whose quarters all have values, a printed change, share or translation
whose inputs all have values (as the measure or as an input), an assertion
whose two sides have values. A derived value that took part stands for the
printed figures it is derived from, so those are checked too. Guidance is a
forecast, not a printed figure of the period: it gets its own verdict
(`guidance-*`) and is not counted.

Every other printed figure is *not checkable*, and is reported: a claim's
line by `claim-unchecked` (one per line, as the narrative is read line by
line), a table's figures by one `not-checkable` per table, listing them, so a
table with a column of yoy% whose prior year no book gives is one note, not
one per row.

The checks mark what they decide while they run (`mark`, `mark_expr`): one
set insertion per input, no second pass over the rules. What is marked is
kept as a set of items per period: a check tests the items of one period
after another, and a period's set stays in the caches where one set of every
(item, period) missed them at nearly every test (a million figures).
"""

from __future__ import annotations

from ledgerlang.check.mismatch import _unit
from ledgerlang.check.show import Names
from ledgerlang.diagnostic import Diagnostic, info
from ledgerlang.evaluate.compute import Evaluation, _change_offset
from ledgerlang.model.expr import Bin, Call, Neg, Num, Ref, refs, show
from ledgerlang.model.period import label
from ledgerlang.model.record import field, frozen


_CHANGES = ("yoy%", "qoq%")


@frozen(slots=True)
class Counts:
    """How many printed figures (table cells and claim lines) were checked, and how many could not be."""

    checked: int
    not_checkable: int
    # the printings (Fact and Measured objects, by id) no check could decide: the report and the
    # editor count a file's or a table's figures from it, so their numbers are `ledger check`'s
    unchecked: frozenset = field(default=frozenset(), eq=False)

    @property
    def figures(self) -> int:
        return self.checked + self.not_checkable

    def is_checked(self, printing) -> bool:
        """Whether a printed figure (a Fact or a Measured) took part in a check that could decide."""
        return id(printing) not in self.unchecked


class Coverage:
    def __init__(self, evaluation: Evaluation) -> None:
        self.evaluation = evaluation
        # period -> the items whose printed figures at that period took part in a deciding check
        self.marked: dict = {}
        self.undecided: list = []  # Measured figures whose check could not decide
        self._plans: dict[int, tuple] = {}
        self._unchecked: list | None = None  # printings left unchecked, once every check has run
        self._held: list = []

    def at(self, period) -> set:
        """The items marked at a period, the very set `mark` adds to: test an item with `in`."""
        found = self.marked.get(period)
        if found is None:
            found = self.marked[period] = set()
        return found

    def mark(self, key) -> None:
        """The value at `key` took part in a deciding check; so did what it is derived from."""
        marked = self.marked
        row = marked.get(key[1])
        if row is None:
            row = marked[key[1]] = set()
        elif key[0] in row:
            return
        row.add(key[0])
        values = self.evaluation.values
        value = values.get(key)
        if value is None or value.origin == "reported":
            return
        stack = [(key, value)]
        ev = self.evaluation
        while stack:
            (item, period), value = stack.pop()
            if value.origin == "derived":
                deps = ev.keys_of(value.rule.expr, period)
            else:
                deps = ((item, q) for q in ev.quarters_of(period))
            for dep in deps:
                row = marked.get(dep[1])
                if row is None:
                    row = marked[dep[1]] = set()
                elif dep[0] in row:
                    continue
                row.add(dep[0])
                found = values.get(dep)
                if found is not None and found.origin != "reported":
                    stack.append((dep, found))

    def mark_expr(self, expr, period) -> None:
        """Every value the expression reads at `period` took part (the keys `Evaluation.keys_of` yields)."""
        row = self.at(period)
        if type(expr) is Call:
            # A printed change, share or translation of the row's item: the commonest measure, without a walk.
            args = expr.args
            first = args[0]
            last = args[-1]
            if type(first) is Ref and first.anchor is None and type(last) is Ref and last.anchor is None \
                    and len(args) <= 2:
                if first.item not in row:
                    self.mark((first.item, period))
                if last.item not in row:
                    self.mark((last.item, period))
                if expr.function in _CHANGES:
                    before = self.evaluation.at(first, period, _change_offset(expr.function, period))
                    if first.item not in self.at(before):
                        self.mark((first.item, before))
                return
        plain, rest = self.plan(expr)
        for item in plain:
            if item not in row:
                self.mark((item, period))
        if rest:
            self.mark_parts(rest, period)

    def mark_parts(self, parts, period) -> None:
        for part in parts:
            for key in self.evaluation.keys_of(part, period):
                self.mark(key)

    def plan(self, expr) -> tuple[tuple[str, ...], tuple]:
        """The items an expression reads at the period it is evaluated at, and the parts that read
        elsewhere (anchored references, changes); a rule's plan is made once, not once per period."""
        plan = self._plans.get(id(expr))
        if plan is None:
            plain: list[str] = []
            rest: list = []
            stack = [expr]
            while stack:
                e = stack.pop()
                if isinstance(e, Ref) and e.anchor is None:
                    plain.append(e.item)
                elif isinstance(e, Bin):
                    stack.extend((e.right, e.left))
                elif isinstance(e, Neg):
                    stack.append(e.operand)
                elif isinstance(e, Call) and e.function not in _CHANGES:
                    stack.extend(reversed(e.args))
                elif not isinstance(e, Num):
                    rest.append(e)
            plan = self._plans[id(expr)] = (tuple(plain), tuple(rest))
            self._held.append(expr)  # keeps id(expr) from being reused while the plan is cached
        return plan

    def counts(self, book) -> Counts:
        if self._unchecked is None:
            self._unchecked = self._left()
        unchecked = sum(len(facts) for facts in self._unchecked)
        total = len(book.facts) + len(book.measured)
        ids = frozenset([id(f) for facts in self._unchecked for f in facts] + [id(m) for m in self.undecided])
        return Counts(total - unchecked - len(self.undecided), unchecked + len(self.undecided), ids)

    def _left(self) -> list:
        """The printings (a tuple per item and period) no deciding check reached: one pass over the keys."""
        marked, nothing = self.marked, frozenset()
        ev = self.evaluation
        return [facts for printed in (ev.table_facts, ev.claim_facts, ev.superseded)
                for key, facts in printed.items() if key[0] not in marked.get(key[1], nothing)]

    def report(self, book) -> list[Diagnostic]:
        """A note for every figure no check could decide: per claim line, or one per table."""
        found: list[Diagnostic] = []
        ev = self.evaluation
        if self._unchecked is None:
            self._unchecked = self._left()
        by_table: dict[tuple[str, str], list] = {}
        users = None  # what uses each unchecked table figure, worked out once there is one
        names = None  # how a claim's unit is named, made at the first unchecked claim
        tabled = None  # the periods a table prints each item at, worked out once a claim needs them
        for fact in sorted((f for facts in self._unchecked for f in facts),
                           key=lambda f: (f.span.path, f.span.line, f.span.column) if f.span else ("", 0, 0)):
            if fact.source.kind == "claim":
                if names is None:
                    names, tabled = Names(book), _tabled(ev)
                found.append(_claim_fact(fact, ev, names, tabled.get(fact.item, ())))
            else:
                if users is None:
                    users = _users(book, ev, self._unchecked)
                by_table.setdefault((fact.source.path, fact.source.title), []).append(
                    (fact, f"{fact.item}@{label(fact.period)} {fact.value.text}", _why_fact(fact, ev, users)))
        for measured in self.undecided:
            if measured.family == "claim":
                found.append(_claim_measure(measured, ev))
            else:
                what = f"{show(measured.expr)}@{label(measured.period)} {measured.value.text}"
                by_table.setdefault((measured.source.path, measured.source.title), []).append(
                    (measured, what, _missing_reason(ev, measured.expr, measured.period)))
        for (_, title), figures in by_table.items():
            figures.sort(key=lambda f: (f[0].span.line, f[0].span.column) if f[0].span else (0, 0))
            found.append(_table_note(title, [
                (f, f"{what} at line {f.span.line}: {why}" if f.span else f"{what}: {why}") for f, what, why in figures]))
        if book.rules:
            # A rule whose target has a printing noted above is named there, with what it needs.
            noted = {f.item for facts in self._unchecked for f in facts} | {m.item for m in self.undecided}
            claimed = {item for item, _ in ev.claim_facts}
            found.extend(_idle(rule, ev) for rule in book.rules
                         if rule.target not in noted and _expected(rule, ev, claimed) and not _fires(rule, ev))
        return found

    def left(self) -> list:
        """The printings no check could decide (Fact and Measured objects): what `settle` reads
        once the joint pass has run, kept where the marks are let go."""
        if self._unchecked is None:
            self._unchecked = self._left()
        return [f for facts in self._unchecked for f in facts] + list(self.undecided)


def _table_note(title: str, figures: list) -> Diagnostic:
    """One table's not-checkable note: `figures`, (printing, its line of the note), in the table's order."""
    first = figures[0][0]
    count = len(figures)
    return info(
        "not-checkable", f"{count} figure{'' if count == 1 else 's'} in {title!r} "
        f"{'is' if count == 1 else 'are'} not checked: no rule, other printing or measure reaches "
        f"{'it' if count == 1 else 'them'}", first.span,
        *(line for _, line in figures),
        "hint: transcribe the figures these depend on (the prior year, the total), or declare the rule "
        "that ties them", item=first.item, period=label(first.period), about=tuple(f.span for f, _ in figures))


def settle(found: list[Diagnostic], counts: Counts, left: list) -> tuple[list[Diagnostic], Counts]:
    """The diagnostics and counts once the joint pass has run: a printed figure a joint finding
    names took part in a check that decided (the relations taken together cannot hold), so it is
    checked, and no note calls it not checkable beside the error about it. `left`: the
    printings no pairwise check decided (`Coverage.left`)."""
    named = {s for d in found if d.code == "joint-inconsistent" for s in d.about if s is not None}
    if not named:
        return found, counts
    settled = [p for p in left if p.span in named]
    if not settled:
        return found, counts
    by_span = {p.span: p for p in left}
    kept: list[Diagnostic] = []
    for d in found:
        if d.code == "claim-unchecked" and d.span in named:
            continue
        if d.code == "not-checkable" and any(s in named for s in d.about):
            rest = [(by_span[s], line) for s, line in zip(d.about, d.notes) if s not in named]
            if rest:
                kept.append(_table_note(rest[0][0].source.title, rest))
            continue
        kept.append(d)
    ids = {id(p) for p in settled}
    return kept, Counts(counts.checked + len(settled), counts.not_checkable - len(settled),
                        frozenset(i for i in counts.unchecked if i not in ids))


def _missing(ev: Evaluation, expr, period) -> list[str]:
    return sorted({f"{i}@{label(p)}" for i, p in ev.keys_of(expr, period) if ev.value(i, p) is None})


def _missing_reason(ev: Evaluation, expr, period) -> str:
    missing = _missing(ev, expr, period)
    return f"no book gives {', '.join(missing)}" if missing else "it divides by zero"


def _why_fact(fact, ev: Evaluation, users: dict) -> str:
    rule = ev.definitions.get(fact.item)
    if rule is not None:
        missing = _missing(ev, rule.expr, fact.period)
        if missing:
            return f"its rule {fact.item} = {show(rule.expr)} needs {', '.join(missing)}"
        return f"its rule {fact.item} = {show(rule.expr)} divides by zero"
    used = users.get((fact.item, fact.period))
    if used is not None:
        return used
    if ev._summed(fact.item, fact.period):  # a year (half, nine months) of an additive flow
        missing = [f"{fact.item}@{label(q)}" for q in ev.quarters_of(fact.period) if ev.value(fact.item, q) is None]
        if missing:
            return f"the sum of its quarters needs {', '.join(missing)}"
    return "printed once, and no rule or measure uses it"


def _users(book, ev: Evaluation, unchecked: list) -> dict:
    """For each unchecked figure another rule or a printed measure reads: why that did not decide
    ("rule t = a + b uses it, but needs b@1Q03"), rather than "no rule or measure uses it"."""
    keys = {key for facts in unchecked for key in ((f.item, f.period) for f in facts)}
    periods = {period for _, period in keys}
    found: dict = {}
    items = {item for item, _ in keys}
    printed = (ev.table_facts, ev.claim_facts)
    for rule in book.rules:
        if not any(ref.item in items for ref in refs(rule.expr)):
            continue
        for period in periods:
            read = list(ev.keys_of(rule.expr, period))
            for key in read:
                if key in keys and key not in found:
                    target = (rule.target, period)
                    why = _needs(ev, read)
                    if not why and not any(target in facts for facts in printed):
                        why = f"it derives {rule.target}@{label(period)}, which no book prints to check it against"
                    found[key] = f"rule {rule.target} = {show(rule.expr)} uses it, but {why or 'it divides by zero'}"
    for measured in book.measured:
        read = list(ev.keys_of(measured.expr, measured.period))
        for key in read:
            if key in keys and key not in found:
                found[key] = (f"{show(measured.expr)}@{label(measured.period)} uses it, but "
                              + (_needs(ev, read) or "it divides by zero"))
    return found


def _expected(rule, ev: Evaluation, claimed: set) -> bool:
    """The rule was written to check a figure of this ledger: a `rule` (which only checks) on
    items the ledger prints, or an item's definition where a table prints the item. A definition
    of shared items that a release never prints (the balance sheet's, included by a book of
    revenues) derives nothing there, and is no mistake: it is left unsaid."""
    if rule.defines:
        return bool(ev.reported_periods(rule.target))
    items = (rule.target, *(ref.item for ref in refs(rule.expr)))
    return any(item in claimed or ev.reported_periods(item) for item in items)


def _fires(rule, ev: Evaluation) -> bool:
    """The rule is tried at some period: a table prints its target there and its inputs have
    values (a division by a zero is the joint pass's to decide)."""
    return any(all(ev.value(item, at) is not None for item, at in ev.keys_of(rule.expr, period))
               for period in ev.reported_periods(rule.target))


def _idle(rule, ev: Evaluation) -> Diagnostic:
    """A rule that checks nothing and derives nothing, said so with what it waits for: a book
    that is wrong or unfinished there would otherwise check clean in silence."""
    printed = ev.reported_periods(rule.target)
    inputs = list(dict.fromkeys(ref.item for ref in refs(rule.expr)))
    if printed:
        missing = [item for item in inputs if all(ev.value(item, p) is None for p in printed)]
        at = ", ".join(label(p) for p in printed[:3]) + (", ..." if len(printed) > 3 else "")
        why = f"at the periods a table prints {rule.target} ({at}), " + (
            f"{', '.join(missing)} {'has' if len(missing) == 1 else 'have'} no value" if missing
            else "its inputs never all have values at once")
    else:
        why = f"no table prints {rule.target}, and a rule checks its target where a table prints it"
    return info("rule-unchecked", f"rule {rule.target} = {show(rule.expr)} is never checked: {why}", rule.span,
                "hint: transcribe the figures it ties, check the items it names, or remove it", item=rule.target)


def _needs(ev: Evaluation, keys) -> str:
    missing = sorted({f"{i}@{label(p)}" for i, p in keys if ev.value(i, p) is None})
    return f"needs {', '.join(missing)}" if missing else ""


def _tabled(ev: Evaluation) -> dict[str, list[str]]:
    """The periods a table prints each item at, in the order the books first print them."""
    found: dict[str, dict[str, None]] = {}
    for item, period in ev.table_facts:
        found.setdefault(item, {})[label(period)] = None
    return {item: list(periods) for item, periods in found.items()}


def _claim_fact(fact, ev: Evaluation, names, tabled=()) -> Diagnostic:
    """A claim's figure that nothing else prints or derives: stated only in the narrative; its unit
    named where it is not the book's main currency (25,745 shares), as the claim's line names it.

    `tabled`: the periods the tables print its item at. A claim of an item the tables print,
    at a period they never print it at, is as often a period mistyped (3Q08 for 3Q07) as a
    figure stated only in the text: the hint names them, so that the author can tell which."""
    what = f"{'-' if fact.negated else ''}{fact.item}@{label(fact.period)}"
    text = names.of_item(fact.item)((fact.value.text if not fact.negated else fact.value.text.lstrip("-"))
                                    + _unit(fact.value.scale))
    rule = ev.definitions.get(fact.item)
    missing = _missing(ev, rule.expr, fact.period) if rule is not None else []
    hint = "hint: transcribe the figures it depends on, or keep it as a comment"
    if missing:
        reason = f"{fact.item} = {show(rule.expr)} needs {', '.join(missing)}, which no book gives"
    else:
        reason = "no table prints it and no rule derives it; it is stated only here"
    if not missing and tabled:  # where a rule names what it lacks, the period it names is in view
        shown = ", ".join(tabled[:4]) + (f" and {len(tabled) - 4} more" if len(tabled) > 4 else "")
        hint = (f"hint: the tables print {fact.item} at {shown}, never at {label(fact.period)}: check the period "
                "the text states; if it is right, transcribe the table that prints it, or keep the claim as a comment")
    return info("claim-unchecked", f"the claim {what} = {text} cannot be checked: {reason}", fact.span, hint,
                item=fact.item, period=label(fact.period))


def _claim_measure(measured, ev: Evaluation) -> Diagnostic:
    """A claim no book gives the inputs for is noted, never silently skipped."""
    return info("claim-unchecked", f"the claim {show(measured.expr)} = {measured.value.text} cannot be checked: "
                f"{_missing_reason(ev, measured.expr, measured.period)}", measured.span,
                "hint: transcribe the figures it depends on, or keep it as a comment",
                item=measured.item, period=label(measured.period))
