"""Joint consistency: every constraint on a figure at once, and the figure most likely wrong.

Runs after the pairwise checks (facts, rules, measures). The whole book is one
constraint network (check/network.py): each (item, period) starts from the
intersection of its printed intervals, and every rule, quarter sum, printed
measure and assertion narrows its terms in both directions, to a fixpoint
(evaluate/propagate.py). An empty interval proves that no true values inside
the printed intervals satisfy all the relations together.

- The pairwise diagnostics stay as they are. Their relations (and the figure
  each one blames) are taken out of the network first, so what is left to
  find is only what no single relation shows: `joint-inconsistent`, with the
  chain of narrowings that proves it, at the figure most likely wrong.
- Every error gets its culprit: the printed figures whose change alone makes
  its neighbourhood of the network consistent again (a minimal correction
  set; one figure, or two where no single figure does), with the value that
  figure would print and how many errors that one change resolves. Where the
  figure is right and its place was the slip (read at another scale, in a
  column typed with another period) the note says that instead, and comes first.
"""

from __future__ import annotations

from decimal import Context, localcontext
from itertools import compress, repeat
from operator import attrgetter, is_

from ledgerlang.check import show
from ledgerlang.check.mismatch import where
from ledgerlang.check.network import BookNetwork
from ledgerlang.diagnostic import Diagnostic, Severity, error
from ledgerlang.evaluate.compute import best_printing
from ledgerlang.evaluate.interval import of_reported
from ledgerlang.check.network import _decimal
from ledgerlang.evaluate.propagate import (INF, LINEAR, PRINTED, TREE, WHOLE, add, div, forward, intersect, mul,
                                           point, variables_of)
from ledgerlang.model import record
from ledgerlang.model.expr import refs, show as show_expr
from ledgerlang.model.period import label, prior_year, sort_key
from ledgerlang.model.unit import SCALE_NAMES, in_one_currency

CODE = "joint-inconsistent"
CHAIN = 12  # steps of a proof a finding shows (Solution.explanation's limit, as `check` asks for it)
MAX_JOINT = 20  # joint findings before the pass stops looking
RADIUS = 3  # hops from an error's relations that its neighbourhood takes in
LOCAL_LIMIT = 150  # constraints in one neighbourhood
CANDIDATES = 12  # figures tried as single corrections, per error
PAIRS = 6  # of those, tried two at a time when no single one does
CULPRIT_ERRORS = 500  # errors given a culprit; a book with more is mostly wrong, and each search costs ~15 solves

_BY_SPAN = {"fact-mismatch", "claim-mismatch", "change-mismatch", "share-mismatch", "translation-mismatch"}


class _Error:
    """An error's constraints, its diagnostic, and the fixes found for it."""

    __slots__ = ("constraints", "diagnostic", "fixes", "local")

    def __init__(self, constraints: frozenset, diagnostic: Diagnostic | None = None) -> None:
        self.constraints = constraints
        self.diagnostic = diagnostic
        # [Fix]: constraint ids of the figures, their suggestions, errors resolved, last digits moved
        self.fixes: list = []
        self.local: set = set()


# How an author would make a fix, the likeliest first: a count a table of money read in units, or
# a column typed with another period (the figure is right, its place is not); a figure read at
# another scale; a new value.
SLIP_LIKELY, SLIP_SCALE, NEW_VALUE = 0, 1, 2


class _Fix:
    __slots__ = ("figures", "texts", "moved", "resolves", "kind")

    def __init__(self, figures: tuple, texts: list, moved, resolves: int = 1, kind: int = NEW_VALUE) -> None:
        self.figures = figures
        self.texts = texts
        self.moved = moved
        self.resolves = resolves
        self.kind = kind

    def __repr__(self) -> str:
        return f"_Fix({self.figures!r}, {self.texts!r}, {self.moved!r}, {self.resolves!r}, {self.kind!r})"


def check(book, evaluation, found: list[Diagnostic], memo: Culprits | None = None,
          network: BookNetwork | None = None, spans: list | None = None, fork: bool = False,
          release: bool = False) -> list[Diagnostic]:
    """`found` with a culprit note on each error it can place, and the joint findings added.

    `memo`: the culprits of an earlier check of the same ledger (the editor's, between edits),
    reused where an error's neighbourhood of the network is the same; it is left holding
    this check's. `network`: the book's, built already (`build`); `spans`: for each of `found`,
    id() of the span it had where it was made, when `found` is a copy (check/ahead.py).
    `fork`: without a memo, share the culprit searches with a second process where that pays
    (check/ahead.py `in_two`); the result is the same. `release`: the caller reads nothing of
    the evaluation after this (`ledger check`): its values and figures are let go once the network
    is built, as a worker's are (`build`), and the joint pass takes the memory they leave."""
    # Figures carry up to 30 digits (syntax/figures.py); the default context's 28 would round
    # them where the network turns fractions into decimals, and make a violation of its own.
    with localcontext(Context(prec=EXACT_DIGITS)):
        return _check(book, evaluation, found, memo, network or BookNetwork(book, evaluation, release), spans,
                      fork)


def build(book, evaluation, ahead: bool = False, stop=None, release: bool = False) -> BookNetwork:
    """The book's network, for `check`, in the context `check` builds it in. `ahead`: with the
    first revisions of its whole solve made (Network.first_wave, until `stop()`), which
    `check` reads back. `release`: the evaluation's values and figures let go once the network
    is built, where nothing else will read them (BookNetwork): the joint pass reads the
    network alone, and the relations and first revisions take the memory they leave."""
    with localcontext(Context(prec=EXACT_DIGITS)):
        network = BookNetwork(book, evaluation, release)
        if ahead:
            network.net.first_wave(network.first, stop)
        return network


class Culprits:
    """Culprit searches by what they read: an error's neighbourhood, every constraint in it
    (its figures by item and period, its coefficients, intervals and expression) and what a
    suggestion names (the figure's table and column, or its claim). A search depends on
    nothing else, so an equal neighbourhood in a later check has the same culprits, and an
    edit to one figure leaves most errors' searches to be read back, not run again."""

    def __init__(self) -> None:
        self.kept: dict = {}  # signature -> (consistent, ((figure positions, texts, moved), ...))
        self.used: dict = {}  # what this check found or read back: kept for the next one
        self.hits = 0

    def start(self) -> None:
        self.used, self.hits = {}, 0

    def finish(self) -> None:
        self.kept, self.used = self.used, {}


EXACT_DIGITS = 100  # a product of two 30-digit figures, and room for their scales


def _check(book, evaluation, found: list[Diagnostic], memo: Culprits | None, network: BookNetwork,
           spans: list | None, fork: bool = False) -> list[Diagnostic]:
    if memo is not None:
        memo.start()
    errors: list[_Error] = []
    if spans is None:
        spans = span_ids(found)
    # The figures the diagnostics that name one are about, found in one pass over the network.
    printed = network.at_spans({spans[j] for j, d in enumerate(found)
                                if d.severity is Severity.ERROR and d.code in _BY_SPAN and d.span is not None})
    for j, d in enumerate(found):
        if d.severity is Severity.ERROR:
            cs = _constraints_of(network, d, printed.get(spans[j], ()))
            if cs:
                errors.append(_Error(frozenset(cs), d))
    every = frozenset().union(*(e.constraints for e in errors)) if errors else frozenset()
    searched = errors[:CULPRIT_ERRORS]
    shared = False
    if fork and memo is None:
        from ledgerlang.check import ahead  # it imports this module

        shared = ahead.sharing(book, len(searched))
    if shared:
        # Each search reads the network and writes only its own error: some in a second process.
        for e, (fixes, local) in zip(searched, ahead.in_two(searched, _searched, network, every)):
            e.fixes, e.local = fixes, local
    else:
        for e in searched:
            _culprits(network, e, every - e.constraints, memo)
    removed = set(every)
    for e in errors:
        if e.fixes and len(e.fixes[0].figures) == 1:
            removed.update(e.fixes[0].figures)
    joint: list[_Error] = []
    # What the worker revised ahead, if anything, is read back (check/ahead.py); learning more
    # would cost the one solve most books need more than it saves the few that need another.
    first = network.first or None
    for _ in range(MAX_JOINT):
        solution = network.net.solve(removed=frozenset(removed), track=False, first=first, learn=False)
        if solution.consistent():
            break
        solution = network.net.solve(removed=frozenset(removed), first=first, learn=False)  # again, keeping the proof
        chain = solution.explanation(limit=CHAIN)
        e = _Error(frozenset(chain))
        if len(errors) < CULPRIT_ERRORS:
            _culprits(network, e, frozenset(removed), memo)  # a joint finding's search is read back too
        e.diagnostic = _joint_diagnostic(network, solution, chain, e)
        joint.append(e)
        errors.append(e)
        removed.update(chain if not e.fixes else e.fixes[0].figures)
    if memo is not None:
        memo.finish()
    _rank(network, errors)
    result = []
    of = {}  # id() of a diagnostic -> its error, the first one: a lookup, not a scan of every error per diagnostic
    for e in errors:
        of.setdefault(id(e.diagnostic), e)
    for d in found:
        e = of.get(id(d))
        result.append(_with_culprit(d, e) if e is not None and e.fixes else d)
    for e in joint:
        result.append(_with_culprit(e.diagnostic, e) if e.fixes else e.diagnostic)
    return result


def span_ids(found: list[Diagnostic]) -> list[int | None]:
    """Each diagnostic's span by its id(), as `check` takes them (`spans`): what names a
    figure to a worker whose copy of the book shares the ids (check/ahead.py)."""
    return [None if d.span is None else id(d.span) for d in found]


def _constraints_of(network: BookNetwork, d: Diagnostic, printed) -> list[int]:
    """The relation a pairwise diagnostic reports, in the network (`printed`: the constraints
    of the figure at its span, `BookNetwork.at_spans`)."""
    if d.code in ("total-mismatch", "rule-mismatch"):
        return network.at_place("rule", d.item, d.period)
    if d.code == "period-sum-mismatch":
        return network.at_place("quarters", d.item, d.period)
    if d.code == "assertion-failed":
        return network.at_place("assertion", d.span, d.period)
    if d.code in _BY_SPAN and d.span is not None:
        return printed  # the diagnostic carries the figure's own span
    return []


# -- culprits --------------------------------------------------------------------------------


def _neighbourhood(network: BookNetwork, start, excluded) -> tuple[set[int], list[int]]:
    """Constraints within RADIUS hops of `start` (without `excluded`), and the figures
    among them nearest first."""
    net = network.net
    seen = set(start)
    order = list(start)
    frontier = list(start)
    for _ in range(RADIUS):
        following = []
        for c in frontier:
            for var in variables_of(net.constraint(c)):
                for other in net.uses_of(var):
                    if other in seen or other in excluded:
                        continue
                    if len(seen) >= LOCAL_LIMIT:
                        return seen, order  # full: nothing more is taken in
                    seen.add(other)
                    order.append(other)
                    following.append(other)
        frontier = following
    return seen, order


def _searched(e: _Error, network: BookNetwork, every: frozenset) -> tuple:
    """An error's culprit search, as a process sharing them sends it back (`check`)."""
    _culprits(network, e, every - e.constraints)
    return e.fixes, e.local


def _culprits(network: BookNetwork, e: _Error, excluded, memo: Culprits | None = None) -> None:
    """Fill e.fixes: the single figures (else pairs) whose removal makes e's neighbourhood consistent."""
    local, order = _neighbourhood(network, e.constraints, excluded)
    if memo is not None:
        ranked = sorted(local)  # the order the propagation takes them in
        at = {c: i for i, c in enumerate(ranked)}
        key = _signature(network, ranked, at, order)
        found = memo.kept.get(key)
        if found is not None:
            memo.used[key] = found
            memo.hits += 1
            consistent, fixes = found
            if not consistent:
                e.fixes = [_Fix(tuple(ranked[i] for i in at), list(texts), moved, kind=kind)
                           for at, texts, moved, kind in fixes]
                e.local = local
            return
    first: dict = {}  # the neighbourhood's first revisions, shared by its trials
    solution = network.net.solve(active=local, first=first)
    if solution.consistent():
        if memo is not None:
            memo.used[key] = (True, ())
        return
    # The figures the proof used first, then the ones the error's own relations touch.
    candidates = [c for c in solution.explanation(limit=40) if network.is_figure(c)]
    candidates += [c for c in order if network.is_figure(c) and c not in candidates]
    candidates = candidates[:CANDIDATES]
    if candidates:
        network.net.start(local, first)  # the trials' printed phase, made once
    fixes = []
    for c in candidates:
        if _as_before(network.net, local, (c,)):
            continue  # the trial would revise as the solve above did, to the same conflict
        trial = network.net.solve(active=local, removed=frozenset((c,)), track=False, first=first)
        if trial.consistent():
            said = _suggestion(network, trial, c)
            if said is not None:
                fixes.append(_Fix((c,), [said[0]], said[1], kind=said[2]))
    if not fixes:
        for i, a in enumerate(candidates[:PAIRS]):
            for b in candidates[i + 1:PAIRS]:
                if _as_before(network.net, local, (a, b)):
                    continue
                trial = network.net.solve(active=local, removed=frozenset((a, b)), track=False, first=first)
                if trial.consistent():
                    said_a, said_b = _suggestion(network, trial, a), _suggestion(network, trial, b)
                    if said_a is not None and said_b is not None:
                        fixes.append(_Fix((a, b), [said_a[0], said_b[0]], said_a[1] + said_b[1],
                                          kind=max(said_a[2], said_b[2])))
    # A slip an author makes (a scale, see _scale_slip) before a new value; then the smallest
    # change, in units of the printed last digit; then a printed measure (a %, a translation:
    # the plug) before a statement's own figure.
    fixes.sort(key=lambda fix: (len(fix.figures), fix.kind, fix.moved,
                                sum(network.origin_of(c)[0] != "measured" for c in fix.figures)))
    e.fixes = fixes
    e.local = local
    if memo is not None:
        memo.used[key] = (False, tuple((tuple(at[c] for c in fix.figures), tuple(fix.texts), fix.moved, fix.kind)
                                       for fix in fixes))


def _as_before(net, local, removed) -> bool:
    """Whether a solve of `local` without `removed` starts where the solve of all of it does: each
    removed constraint a printed figure, and its variable's other figures among `local` leaving it
    the same interval (a figure printed again, more precisely, elsewhere in the neighbourhood).
    Such a trial would make every revision the whole neighbourhood's solve made, in the same
    order from the same values, and meet its conflict: it is not run."""
    constraint_of, uses_of = net.constraint, net.uses_of
    for c in removed:
        if constraint_of(c)[0] != PRINTED:
            return False  # a relation taken out: the propagation is not the same
    for var in {constraint_of(c)[1] for c in removed}:
        kept = every = WHOLE
        for other in uses_of(var):
            constraint = constraint_of(other)
            if constraint[0] != PRINTED or other not in local:
                continue
            every = intersect(every, constraint[2]) if every is not None else None
            if other not in removed:
                kept = intersect(kept, constraint[2]) if kept is not None else None
        if kept != every:
            return False
    return True


def _signature(network: BookNetwork, ranked: list[int], at: dict[int, int], order: list[int]) -> tuple:
    """All a culprit search reads of a neighbourhood, with constraints by position (`at`: their
    places in `ranked`) and variables by item-period key instead of number (numbers shift from
    one check to the next)."""
    constraint_of, origin_of, key_of = network.net.constraint, network.origin_of, network.key_of
    items = network.book.items
    parts = []
    for c in ranked:
        constraint = constraint_of(c)
        if constraint[0] == PRINTED:
            body = (PRINTED, key_of[constraint[1]], constraint[2])
        else:
            body = (constraint[0], constraint[1], constraint[2], *[key_of[v] for v in constraint[3:]])
        source = origin_of(c)
        if source[0] == "printed":  # a printed figure: its value, where a suggestion says it is, and its item
            fact = source[1]  # (whose unit says whether another scale is a slip: _scale_slip)
            named = (fact.value, fact.negated, fact.source.kind, fact.source.title, fact.column,
                     items.get(fact.item))
        elif source[0] == "measured":
            measured = source[1]
            named = ("measured", measured.expr, measured.period, measured.family, measured.value,
                     measured.source.kind, measured.source.title, measured.column, source[2],
                     items.get(measured.item))
        else:
            named = source[0]
        parts.append((body, named))
    return tuple(parts), tuple(at[c] for c in order)


def _rank(network: BookNetwork, errors: list[_Error]) -> None:
    """Count the errors each fix resolves, put the fix that resolves most first, and
    say what the figure should print where one value resolves several of them at once."""
    resolved: dict[tuple, list[_Error]] = {}
    for e in errors:
        for fix in e.fixes:
            resolved.setdefault(fix.figures, []).append(e)
    together: dict[tuple, tuple[set, list]] = {}  # figures -> (id() of the errors one value resolves, its texts)
    for figures, group in resolved.items():
        if len(group) > 1:
            found = _together(network, figures, group)
            if found is not None:
                together[figures] = found
    for e in errors:
        for fix in e.fixes:
            # One value of the figure must resolve them all at once, else each counts alone.
            found = together.get(fix.figures)
            if found is not None and id(e) in found[0]:
                fix.resolves, fix.texts = len(found[0]), found[1]
            else:
                fix.resolves = 1
    _period_slips(network, errors)
    for e in errors:
        # Stable: ties keep the order above, but for a slip an author makes (a scale, a column's period)
        # and a figure whose suggestion undoes a transposition (a 61 typed as 16 moves as many last
        # digits as another figure's change that fits by chance).
        e.fixes.sort(key=lambda fix: (-fix.resolves, fix.kind, not any(TRANSPOSED in text for text in fix.texts)))


def _period_slips(network: BookNetwork, errors: list[_Error]) -> None:
    """Tell a figure whose column was typed with another period as that slip: its value is its
    item's printing at that period in another table, as are its column's other figures there, and
    that period goes with the table's other columns (a quarter beside the same quarter a year
    before and the half year it ends) where the typed one does not. Its new value fitted by chance:
    the other printing it was compared with, which is right, moves as far, and was named first."""
    found = []
    for e in errors:
        for fix in e.fixes:
            if len(fix.figures) == 1 and fix.kind == NEW_VALUE:
                origin = network.origin_of(fix.figures[0])
                if origin[0] == "printed" and origin[1].source.kind == "table":
                    found.append((fix, origin[1]))
    if not found:
        return
    # One pass over the book's figures, a chain of C iterators (each figure's item read by attrgetter
    # and tested by a set's __contains__): the printings of those figures' items with a value one of
    # them prints. Only where one is printed at another period elsewhere are its table's periods read.
    facts = network.book.facts
    values: dict[str, list] = {}  # a list, not a set: hashing a Decimal costs thousands of instructions
    for _, fact in found:
        values.setdefault(fact.item, []).append(fact.value.value)
    printings: dict[str, list] = {item: [] for item in values}
    for fact in compress(facts, map(values.__contains__, map(attrgetter("item"), facts))):
        if fact.value.value in values[fact.item]:
            printings[fact.item].append(fact)
    tables: dict[int, set] = {}  # id() of a table's source -> the periods it prints, as they are read
    for fix, fact in found:
        said = _other_period(fact, printings[fact.item], facts, tables)
        if said is not None:
            fix.texts, fix.kind = [said], SLIP_LIKELY


def _other_period(fact, printed: list, facts, tables: dict) -> str | None:
    """The note for a figure whose column's period is mistyped (`_period_slips`), or None. `printed`:
    its item's figures of its value; `facts`: the book's, read again only where another period may
    fit; `tables`: the periods of each table read so far."""
    typed, source = fact.period, fact.source
    periods = None  # its table's other periods, and how well the typed one goes with them: read at need
    for other in printed:
        meant = other.period
        if meant == typed or other.source is source or not _same_printing(other.value, fact.value):
            continue
        if periods is None:
            every = tables.get(id(source))
            if every is None:
                every = tables[id(source)] = set(map(attrgetter("period"), compress(
                    facts, map(is_, map(attrgetter("source"), facts), repeat(source)))))
            periods = every - {typed}
            fit = _goes_with(typed, periods)
        if meant in periods or _goes_with(meant, periods) <= fit:
            continue
        # Every figure of its column that another table prints at that period is printed so there too.
        column = [here for here in facts if here.source is source and here.column == fact.column
                  and here.period == typed]
        rows = {here.item for here in column}
        at_meant: dict[str, list] = {}
        for elsewhere in facts:
            if elsewhere.period == meant and elsewhere.item in rows and elsewhere.source is not source:
                at_meant.setdefault(elsewhere.item, []).append(elsewhere.value)
        if all(any(_same_printing(value, here.value) for value in at_meant[here.item])
               for here in column if here.item in at_meant):
            near = [label(period) for period in sorted(periods, key=sort_key) if _related(meant, period)]
            return (f"{where(fact)}{_PERIOD}{label(typed)} to {label(meant)} "
                    f"({fact.item}@{label(meant)} is printed {fact.value.text} in {where(other)} too, and "
                    f"{label(meant)} goes with the table's {' and '.join(near)})")
    return None


def _same_printing(a, b) -> bool:
    return a.value == b.value and a.exponent == b.exponent and a.rounding == b.rounding


def _related(period, other) -> bool:
    """Two periods a release prints side by side: one a year before the other, or two durations
    ending together (a quarter and the half year or year to date it ends)."""
    if period == other:
        return False
    if prior_year(period) == other or prior_year(other) == period:
        return True
    if period.is_instant or other.is_instant:
        return False
    return period.fy * 4 + period.first + period.quarters == other.fy * 4 + other.first + other.quarters


def _goes_with(period, periods) -> int:
    return sum(_related(period, other) for other in periods)


TOGETHER_TRIES = 4  # proofs read, per figure, to set aside the errors it cannot resolve


def _together(network: BookNetwork, figures: tuple, group: list[_Error]) -> tuple[set, list] | None:
    """The errors of `group` that one value of `figures` resolves at once, and the texts that say
    that value; None where fewer than two.

    An error can list the figure among its fixes only because its neighbourhood leaves out the
    relations of the other errors (a total copied from the year before: a percentage of it that was
    already misprinted seems fixed by it too). Then no one value resolves the whole group, and each
    error said "resolves 1" of the figure that causes dozens. The proof of that conflict names the
    errors that cannot go with the rest: they are set aside, those whose own best fix is another
    figure first, and the rest are tried again."""
    kept = list(group)
    for _ in range(TOGETHER_TRIES):
        if len(kept) < 2:
            return None
        local = set().union(*(e.local | e.constraints for e in kept))
        trial = network.net.solve(active=local, removed=frozenset(figures), track=False)
        if trial.consistent():
            said = [_suggestion(network, trial, c) for c in figures]
            if any(one is None for one in said):
                return None  # the value that resolves them all is none the figure can print
            return {id(e) for e in kept}, [one[0] for one in said]
        proof = set(network.net.solve(active=local, removed=frozenset(figures)).explanation())
        named = [e for e in kept if e.constraints & proof]
        if not named:
            return None
        elsewhere = [e for e in named if e.fixes[0].figures != figures]
        dropped = {id(e) for e in (elsewhere or named)}
        kept = [e for e in kept if id(e) not in dropped]
    return None


def _suggestion(network: BookNetwork, solution, c: int) -> tuple | None:
    """(`'Table 9', column 1Q03: tax@1Q03 from -390 to 390`, how many last digits it moves, how an
    author would make it: SLIP_LIKELY, SLIP_SCALE or NEW_VALUE): the figure, and the nearest value
    it could print that agrees with everything else, or the scale it was read at by mistake
    (_scale_slip). None where every value that agrees takes more digits than the figure is
    printed with, or is the figure at another scale where none can stand: no change an author
    could make to it alone."""
    origin = network.origin_of(c)
    sign = 1
    if origin[0] == "printed":
        fact = origin[1]
        reported, what = fact.value, f"{fact.item}@{label(fact.period)}"
        interval = solution.domain(network.net.constraint(c)[1])  # the figure's variable
        sign = -1 if fact.negated else 1  # the value is the item's; the row printed its opposite
        place = where(fact)
    else:
        fact = origin[1]
        reported = fact.value
        what = _figure_name(origin)
        interval = _forward(network, solution, c)
        place = where(fact)
    scale = reported.scale
    places = show.places_for(reported.exponent, scale)
    percent = "%" if scale == -2 else ""
    now = f"{show.number(sign * reported.value, scale, places)}{percent}"
    shift = _other_scale(reported, interval)
    if shift is not None:
        # Typed from a table at a finer scale (987,198 thousand in a table of millions): the figure its
        # own table prints is as likely, and has no digit the release did not print.
        better = _printable(interval, reported) if shift < 0 else None
        said = _scale_slip(network.book, fact, shift,
                           None if better is None else show.number(sign * better, scale, places))
        if said is None:
            return None
        words, kind = said
        other = show.number(sign * reported.value.scaleb(shift), scale + shift, places)
        return (f"{place}: {what} from {now}{show.SCALE_WORDS.get(scale, '')} to {other}"
                f"{show.SCALE_WORDS.get(scale + shift, ' in units')}{_SLIP}{words})"), 0, kind
    better = _printable(interval, reported)
    if better is None:
        if not (interval[0].is_finite() or interval[1].is_finite()):
            return f"{place}: {what} from {now} to another value", INF, NEW_VALUE
        if interval[0].is_finite() and interval[1].is_finite():
            # Every value the others leave it takes more digits than the figure is printed with (a
            # price printed exact at 418,200 that would have to be 418,200.1531393568): no author
            # prints that, and the figure is no culprit.
            return None
        if sign < 0:  # shown as the row prints it, as `now` is
            interval = (-interval[1], -interval[0], interval[3], interval[2])
        return f"{place}: {what} from {now} to a value in {_interval_text(interval, scale)}", INF, NEW_VALUE
    moved = abs(better - reported.value).scaleb(-reported.exponent)
    return (f"{place}: {what} from {now} to {show.number(sign * better, scale, places)}{percent}"
            f"{_transposition(reported.value, better, reported.exponent)}"), moved, NEW_VALUE


SCALES = (0, 3, 6, 9)  # the scales a table or a row states: units, thousands, millions, billions


def _other_scale(reported, interval) -> int | None:
    """The power of ten (3, 6, 9, or less by as much) that moves the printed figure into `interval`,
    the values the others leave it, where that interval pins its magnitude (finite, of one sign,
    its ends less than ten times apart, so that at most one power fits); else None. A percentage
    is never at another scale (check/mismatch.py tells a ratio printed as a percentage)."""
    lo, hi = interval[0], interval[1]
    if reported.value == 0 or reported.scale not in SCALES or not (lo.is_finite() and hi.is_finite()):
        return None
    if lo <= 0 <= hi or (lo > 0) != (reported.value > 0):
        return None
    small, large = sorted((abs(lo), abs(hi)))
    if large >= 10 * small:
        return None
    printed = of_reported(reported)
    for shift in (3, -3, 6, -6, 9, -9):
        if reported.scale + shift in SCALES and intersect(
                (printed.lo.scaleb(shift), printed.hi.scaleb(shift), printed.lo_open, printed.hi_open),
                interval) is not None:
            return shift
    return None


def _scale_slip(book, figure, shift: int, typed: str | None = None) -> tuple[str, int] | None:
    """What to write where the figure is right at 10**shift times the scale it was read at, and
    how likely the slip is; None for a quotient (a per-share figure, a ratio), which a release
    prints in units whatever its table's scale: there the slip is an input's scale, and the
    input's own culprit says so, where "0.23 thousand" would name a figure no release prints.

    The likeliest is a count (shares) in a table of money, read in units unless its row names a
    scale (syntax/tables.py): the row's scale is what to write. An amount at another scale is
    its row's or its table's, as the pairwise hint says (check/mismatch.py `inputs_scaled`), or
    the figure was typed from a table at that scale, and its own table prints it as `typed`."""
    item = book.items.get(figure.item) if figure.item is not None else None
    if item is None or item.percent or item.unit.den:
        return None
    scale = figure.value.scale + shift
    if figure.source.kind != "table":
        return "check the scale the claim states", SLIP_SCALE
    count = len(item.unit.num) == 1 and not in_one_currency(item.unit, book.units)
    if count and not figure.value.scale and scale:
        return (f"write `{item.id} in {SCALE_NAMES[scale]}` on its row, as a table of money "
                "reads a count in units unless its row names a scale"), SLIP_LIKELY
    first = "" if typed is None else \
        f"write {typed} if it was typed from a table in {SCALE_NAMES.get(scale, 'units')}, or "
    if scale:
        return (f"{first}write `{item.id} in {SCALE_NAMES[scale]}` on its row, or correct the scale "
                f"the table states (`in ...`) if all its figures are in {SCALE_NAMES[scale]}"), SLIP_SCALE
    return f"{first}correct the scale its table or row states (`in ...`)", SLIP_SCALE


TRANSPOSED = " (digits transposed: "  # how a suggestion says it, and how `_rank` knows it
_SLIP = " (a slip of scale: "  # how a suggestion of another scale says it (`_with_culprit` joins its aside)
_PERIOD = ": its column's period from "  # and of a column's period (`_other_period`)


def _transposition(printed, better, exponent: int) -> str:
    """` (digits transposed: 61 typed as 16)` where the value suggested is the printed figure with two
    adjacent digits swapped (show.transposed); else nothing."""
    if (printed < 0) != (better < 0):
        return ""
    found = show.transposed(*(str(abs(v).scaleb(-exponent).to_integral_value()) for v in (printed, better)))
    return f"{TRANSPOSED}{found})" if found else ""


def _figure_name(origin) -> str:
    """A printed figure's name: its item at its period, or a measure's expression (yoy%(rev)@1Q03)."""
    if origin[0] == "printed":
        return f"{origin[1].item}@{label(origin[1].period)}"
    measured = origin[1]
    return show_expr(measured.expr) if measured.family == "claim" else f"{show_expr(measured.expr)}@{label(measured.period)}"


def _printable(interval, reported):
    """The figure, at the printed precision, nearest the middle of `interval`, that can stand for a value in it."""
    lo, hi = interval[0], interval[1]
    if not (lo.is_finite() and hi.is_finite()):
        return None
    quantum = type(lo)(1).scaleb(reported.exponent)
    try:
        middle = ((lo + hi) / 2).quantize(quantum)
    except ArithmeticError:  # more digits than a figure can print: no suggestion
        return None
    for step in (0, 1, -1, 2, -2):
        value = middle + step * quantum
        printed = of_reported(record.evolve(reported, value=value))
        if intersect((printed.lo, printed.hi, printed.lo_open, printed.hi_open), interval) is not None:
            return value
    return None


def _forward(network: BookNetwork, solution, c: int, root: int | None = None):
    """The interval of a constraint's expression (or of node `root` of a tree) at the solution's domains."""
    constraint = network.net.constraint(c)
    if constraint[0] == PRINTED:  # a measure of one figure: k * x = scale * (expr - const)
        scale, const, k = network.origin_of(c)[2]
        total = mul(solution.domain(constraint[1]), point(k))
        return add(div(total, point(scale)), point(_decimal(const)))
    if constraint[0] == LINEAR:
        total = point(type(INF)(0))
        for k, var in zip(constraint[1], constraint[3:]):
            total = add(total, mul(solution.domain(var), point(k)))
        scale, const, _ = network.origin_of(c)[2]
        return add(div(total, point(scale)), point(_decimal(const)))
    vals = forward(constraint[1], constraint[3:], solution.domains)
    return vals[-1] if root is None else vals[root]


def _with_culprit(d: Diagnostic, e: _Error) -> Diagnostic:
    notes = []
    best = e.fixes[0]
    if len(best.figures) == 1:
        count = best.resolves
        alternatives = [fix for fix in e.fixes[1:] if len(fix.figures) == 1]
        notes.append(f"culprit: changing {best.texts[0]} resolves {count} error{'s' if count != 1 else ''}")
        for fix in alternatives[:4]:
            text = fix.texts[0]
            # "(digits transposed: 45 typed as 54) (resolves 1)" read as two asides: one, with both (a slip's too)
            said = text[:-1] + "; " if text.endswith(")") and (TRANSPOSED in text or _SLIP in text
                                                               or _PERIOD in text) else text + " ("
            notes.append(f"culprit: or changing {said}resolves {fix.resolves})")
    else:
        notes.append(f"culprit: no single figure; changing both {best.texts[0]} and {best.texts[1]}")
    return record.evolve(d, notes=d.notes + tuple(notes))


# -- the joint diagnostic --------------------------------------------------------------------


def _scale_of(network: BookNetwork, v: int) -> int:
    """The scale a variable's intervals are shown in: its most precise figure's, else its item's."""
    facts = network.facts_of(v)
    if facts:
        return best_printing(facts).value.scale
    item = network.book.items.get(network.key_of[v][0])
    return -2 if item is not None and item.percent else 0


def _number(value, scale: int, places: int) -> str:
    if not value.is_finite():
        return "-inf" if value < 0 else "inf"
    return show.number(value, scale, places)


def _interval_text(iv, scale: int, unit: show.Naming = show.MAIN) -> str:
    places = _places(iv, scale)
    left = "(" if iv[2] else "["
    right = ")" if iv[3] else "]"
    return unit(f"{left}{_number(iv[0], scale, places)}, {_number(iv[1], scale, places)}{right}"
                f"{show.SCALE_WORDS.get(scale, '')}")


def _places(iv, scale: int) -> int:
    """Decimals that tell an interval's two ends apart (or show a point to its last digit, up to 10)."""
    width = iv[1] - iv[0]
    if width.is_finite() and width > 0:
        return min(max(0, -width.scaleb(-scale).adjusted() + 1), 10)
    if width == 0 and iv[0].is_finite():
        return min(max(0, -iv[0].scaleb(-scale).normalize().as_tuple().exponent), 10)
    return 0


def _bound_text(key, iv, scale: int, ends: tuple, unit: show.Naming = show.MAIN) -> str:
    """What a step of a chain proves of a variable: the ends of its interval that step set
    (`ends`: (lower, upper)), at the places that tell the whole interval's ends apart. The other
    end is another step's: shown beside a printed figure it read as the figure's own rounding,
    [2,533.50, 2,533.73] million for a figure printed 2,534."""
    lower, upper = ends
    if lower and upper:
        return f"{_key_text(key)} in {_interval_text(iv, scale, unit)}"
    places, words = _places(iv, scale), show.SCALE_WORDS.get(scale, "")
    if lower:
        return f"{_key_text(key)} {'more than' if iv[2] else 'at least'} {unit(_number(iv[0], scale, places) + words)}"
    return f"{_key_text(key)} {'less than' if iv[3] else 'at most'} {unit(_number(iv[1], scale, places) + words)}"


def _relation(network: BookNetwork, c: int) -> str:
    origin = network.origin_of(c)
    kind = origin[0]
    if kind == "printed":
        fact = origin[1]
        return f"{where(fact)} prints {fact.item}@{label(fact.period)} as {fact.value.text}"
    if kind == "measured":
        measured = origin[1]
        return f"{where(measured)} prints {show_expr(measured.expr)}@{label(measured.period)} as {measured.value.text}"
    if kind == "rule":
        rule, period = origin[1], origin[2]
        return f"rule {rule.target} = {show_expr(rule.expr)} at {label(period)} (declared at {rule.span})"
    if kind == "quarters":
        return f"{origin[1]}@{label(origin[2])} is the sum of its quarters"
    assertion, period = origin[1], origin[2]
    return f"assert {assertion.name} at {label(period)} (declared at {assertion.span})"


def _joint_diagnostic(network: BookNetwork, solution, chain: list[int], e: _Error) -> Diagnostic:
    net = network.net
    names = show.Names(network.book)
    lines = []
    for n, c in enumerate(chain, 1):
        narrowed = [var for var in variables_of(net.constraint(c)) if c in solution.why.get(var, ())]
        text = _relation(network, c)
        if narrowed and c != chain[-1]:
            text += ": " + "; ".join(
                _bound_text(network.key_of[v], solution.domain(v), _scale_of(network, v),
                            tuple(why == c for why in solution.why[v]), names.of_item(network.key_of[v][0]))
                for v in narrowed)
        lines.append(f"chain {n}: {text}")
    conflict = solution.conflict
    last = chain[-1]
    if conflict.var is not None:
        key = network.key_of[conflict.var]
        scale, unit = _scale_of(network, conflict.var), names.of_item(key[0])
        ends = (f"{_key_text(key)} must be in {_interval_text(conflict.before, scale, unit)} but this gives "
                f"{_interval_text(conflict.wanted, scale, unit)}")
    else:
        ends = _sides(network, solution, last, names)
    # The proof is cut at the explanation's limit: then the steps shown do not prove it alone (the
    # subtotal a running total's first rule shown starts from was narrowed by steps before it).
    cut = len(chain) >= CHAIN and len(solution.explanation(limit=len(chain) + 1)) > len(chain)
    if cut:
        lines.append(f"empty: {ends}: no values inside the printed intervals satisfy these {len(chain)} together "
                     f"with the earlier steps they start from (only the {len(chain)} nearest the conflict are shown)")
    else:
        lines.append(f"empty: {ends}: no values inside the printed intervals satisfy these {len(chain)} together")
    span, item, period = None, None, None
    if e.fixes and len(e.fixes[0].figures) == 1:
        origin = network.origin_of(e.fixes[0].figures[0])
    else:
        origin = next((network.origin_of(c) for c in reversed(chain) if network.is_figure(c)), network.origin_of(last))
    if origin[0] in ("printed", "measured"):
        span = origin[1].span
        item = origin[1].item
        period = label(origin[1].period)
    relations = [c for c in chain if not network.is_figure(c)]
    stated = [c for c in chain if network.origin_of(c)[0] != "printed"]  # the relations, and printed measures
    # The acceptance that matches this finding (check/acknowledge.py reads its item and period), ready to copy.
    accept = f'`accept joint-inconsistent at {item}@{period} "REASON"`' if item else \
        "`accept joint-inconsistent at ITEM@PERIOD`"
    if len(stated) == 1:
        # One relation, that its own check let pass: it cannot hold, whatever else the ledger says.
        lines.append(f"hint: this one relation cannot hold within the printed intervals, though its own check let "
                     f"it pass: {_why_alone(network, stated[0])}; correct the culprit figure, or "
                     f"acknowledge it with {accept}")
    else:
        lines.append("hint: every relation holds on its own; taken together they cannot all hold: correct the "
                     f"culprit figure, or acknowledge it with {accept}")
    figures = sum(1 for c in chain if network.is_figure(c))
    parts = [f"{figures - 1} other printed figure{'s' if figures != 2 else ''}"] if figures > 1 else []
    if relations:
        parts.append("the relation" if len(relations) == 1 else f"{len(relations)} relations")
    pins = "pins" if len(parts) == 1 and len(relations) == 1 else "pin"
    if cut:  # the counts would be of the steps shown alone
        parts, pins = ["printed figures and relations"], "pin"
    # A printed measure is named as printed (yoy%(rev.ded.ip)@1Q03), not by its item, which other figures print.
    message = (f"{_figure_name(origin)} cannot be right together with the {' and '.join(parts)} that {pins} it down"
               if item else
               f"{len(chain)} relations and figures cannot all hold together")
    named = (network.origin_of(c) for c in chain)
    about = tuple(o[1].span for o in named if o[0] in ("printed", "measured"))
    return error(CODE, message, span, *lines, item=item, period=period, about=about)


def _why_alone(network: BookNetwork, c: int) -> str:
    """Why a relation's own check missed what the joint pass proves of it alone."""
    origin = network.origin_of(c)
    if origin[0] in ("rule", "measured"):
        seen = set()
        for ref in refs(origin[1].expr):
            key = (ref.item, ref.anchor)
            if key in seen:
                return (f"it uses {ref.item} twice, and interval arithmetic lets each use take a different "
                        "value")
            seen.add(key)
    return ("that check cannot decide a divisor whose interval holds zero, nor narrow a figure by its other "
            "printings")


def _sides(network: BookNetwork, solution, c: int, names: show.Names) -> str:
    """What the conflicting relation computes from its terms' intervals, against what it must equal."""
    origin = network.origin_of(c)
    constraint = network.net.constraint(c)
    variables = constraint[3:]
    if origin[0] == "rule" and constraint[0] == TREE:
        target = variables[constraint[1][-2][1]]
        key = network.key_of[target]
        scale, unit = _scale_of(network, target), names.of_item(key[0])
        computed = _forward(network, solution, c, root=len(constraint[1]) - 3)
        if not (computed[0].is_finite() or computed[1].is_finite()):
            # A divisor whose interval holds zero: its hull, (-inf, inf), would read as "anything".
            return (f"{show_expr(origin[1].expr)} can give no value in "
                    f"{_interval_text(solution.domain(target), scale, unit)}, where {_key_text(key)} must be "
                    "(its divisor's interval holds zero, so its values form no single range to show)")
        return (f"{show_expr(origin[1].expr)} gives {_interval_text(computed, scale, unit)} but "
                f"{_key_text(key)} is in {_interval_text(solution.domain(target), scale, unit)}")
    if origin[0] == "rule" or origin[0] == "quarters":
        target = variables[-1] if origin[0] == "rule" else variables[0]
        key = network.key_of[target]
        scale, unit = _scale_of(network, target), names.of_item(key[0])
        total = point(type(INF)(0))
        for k, var in zip(constraint[1], variables):
            if var != target:
                total = add(total, mul(solution.domain(var), point(k)))
        big = constraint[1][variables.index(target)]
        computed = div(total, point(-big))
        return f"the other terms give {_interval_text(computed, scale, unit)} but {_key_text(key)} is in " \
               f"{_interval_text(solution.domain(target), scale, unit)}"
    if origin[0] == "measured":
        reported, unit = origin[1].value, names.of_expr(origin[1].expr)
        # The printed figure's rounding interval, beside what the figures give: the gap between the two is the proof.
        printed = show.interval(of_reported(reported), reported.scale,
                                show.places_for(reported.exponent, reported.scale) + 1, unit)
        return (f"the figures give {_interval_text(_forward(network, solution, c), reported.scale, unit)} but it is "
                f"printed {reported.text}, any value in {printed}")
    return "its terms leave no value"


def _key_text(key) -> str:
    return f"{key[0]}@{label(key[1])}"
