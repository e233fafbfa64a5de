"""`ledger explain FIGURE PATH...`: how one figure was derived, from printed figures through rules.

FIGURE is an item at a period (`rev.total@1Q03`) or a printed measure
(`yoy%(rev.total@1Q03)`, `share%(rev.si@1Q03, rev.total)`, `USD(rev.total@1Q03)`).
Exit status: 0 when every rule in the tree holds, 1 when one is violated or
the figure has no value, 2 for bad usage.
"""

from __future__ import annotations

import sys

from ledgerlang.cli.check_cmd import NOT_READ
from ledgerlang.cli.main import PATHS, UsageError, access, book_paths
from ledgerlang.explain import explain_figure, explain_measure, render
from ledgerlang.load import run as run_pipeline
from ledgerlang.model.expr import Call, Ref, refs, show
from ledgerlang.model.period import Duration, Instant
from ledgerlang.syntax import nodes as n
from ledgerlang.syntax.build import did_you_mean, fill_period
from ledgerlang.syntax.parse import parse
from ledgerlang.visible import visible

# What leaves part of the books out of the tree, besides a file that cannot be read: an include
# not followed, a line that does not parse (its row, its declaration), the rest of a file.
LEFT_OUT = frozenset({"missing-file", "include-outside-root", "syntax", "too-many-errors"})

EXAMPLES = "write ITEM@PERIOD such as rev.total@1Q03, or a measure such as yoy%(rev.total@1Q03)"


def add_parser(commands):
    from ledgerlang.cli.arguments import add_arguments  # the module that calls this, with argparse

    sub = commands.add_parser(
        "explain", help="how one figure was derived: its tree of rules, values and sources",
        description="Show the derivation tree of one figure, reported or derived, or of a printed measure: "
        "each node with its value and interval, the rule that produced it, where it is printed, and whether "
        "the printed figure agrees with the rule within rounding; for a violation, how far apart the "
        "printed and computed intervals are and which inputs have problems of their own. "
        "Exit status: 0 every rule holds, 1 a violation or no value, 2 bad usage, 3 a bug in ledgerlang.")
    sub.add_argument("figure", metavar="FIGURE", help="rev.total@1Q03, or yoy%%(rev.total@1Q03)")
    add_arguments(sub, (PATHS,))
    sub.add_argument("--format", choices=("text", "json"), default="text")
    sub.add_argument("--depth", type=int, metavar="N", help="stop after N levels of rules")
    return sub


def target(text: str):
    """The figure the user named, parsed with the book grammar: (expression, period)."""
    if "\n" in text or '"' in text or not text.strip():
        raise UsageError(f"{text!r} is not a figure: {EXAMPLES}")
    tree, diagnostics = parse(f'claim "explain"\n  {text} = 0\n', "<figure>")
    claim = tree.declarations[0] if tree.declarations else None
    if diagnostics or not isinstance(claim, n.ClaimDecl) or len(claim.lines) != 1:
        raise UsageError(f"{text!r} is not a figure{_why(text, diagnostics)}: {EXAMPLES}")
    expr = claim.lines[0].expr
    period = next((r.anchor for r in refs(expr) if isinstance(r.anchor, (Duration, Instant))), None)
    if period is None:
        named = next((f"; {r.anchor!r} after its @ is not a period (1Q03, FY2003, 2003-06-30)"
                      for r in refs(expr) if isinstance(r.anchor, str)), "")
        raise UsageError(f"{text!r} names no period{named}: {EXAMPLES}")
    return fill_period(expr, period), period


def _why(text: str, diagnostics) -> str:
    """What the parser found wrong in FIGURE, in its own words: the figure is parsed as the
    left side of a claim's line (`  FIGURE = 0`), so a column past its end means it ends early."""
    if not diagnostics or diagnostics[0].span is None:
        return ""
    first = diagnostics[0]
    at = first.span.column - 2  # the line starts with two spaces
    if at > len(text):
        expected = first.message.partition("; ")[2]
        return f" (it ends too early{'; ' + expected if expected else ''})"
    return f" (at character {at}: {first.message})"


def run(args) -> int:
    if args.depth is not None and args.depth < 0:
        raise UsageError("--depth must be 0 or more")
    expr, period = target(args.figure)
    book, evaluation, diagnostics = run_pipeline(book_paths(args.paths), access(args, args.paths))
    unreadable = [d for d in diagnostics if d.code in NOT_READ or d.code in LEFT_OUT]
    if unreadable:
        # Said first: the tree below leaves out what those files, includes and lines hold (a row
        # with a syntax error is not printed, as far as the tree can tell).
        from ledgerlang.render import diagnostics as render_diagnostics

        sys.stderr.write(visible(render_diagnostics.text(unreadable)))
    for ref in refs(expr):
        if ref.item not in book.items:
            if unreadable:  # not "declare it": it may well be declared in a file or line that could not be read
                raise UsageError(f"{ref.item} is not an item of the books as they could be read; "
                                 f"{len(unreadable)} problem{'' if len(unreadable) == 1 else 's'} above "
                                 "left part of them out")
            raise UsageError(f"{ref.item} is not an item of these books; {did_you_mean(ref.item, book.items)[6:]}")
    if isinstance(expr, Ref):
        _kind_fits(book, expr.item, period)
        node = explain_figure(evaluation, diagnostics, expr.item, period, args.depth)
    else:
        what = show(expr)
        _resolve(book, expr, what, period)
        printed = [m for m in book.measured if show(fill_period(m.expr, m.period)) == what]
        if printed:
            expr = fill_period(printed[0].expr, period)
        elif not (isinstance(expr, Call) and expr.function in ("yoy%", "qoq%", "share%")):
            raise UsageError(f"{what} is not printed in these books: explain an item at a period, a printed "
                             "measure, or one of yoy%(ITEM@PERIOD), qoq%(ITEM@PERIOD), share%(ITEM@PERIOD, TOTAL)")
        node = explain_measure(evaluation, diagnostics, what, expr, period, printed, args.depth)
    if node.value is None:
        _outside(book, period)
    if args.format == "json":
        sys.stdout.write(render.as_json(node))
    else:
        sys.stdout.write(visible(render.text(node)))
    return 1 if node.value is None or node.violated else 0


def _outside(book, period) -> None:
    """A figure with no value at a period no figure of the books is printed at: most likely a
    period mistyped or out of the books' range, which the tree of "no value" below does not say."""
    from ledgerlang.model.period import label, sort_key

    periods = {fact.period for fact in book.facts}
    if period in periods or not periods:
        return
    kind = [p for p in periods if p.is_instant == period.is_instant] or list(periods)
    kind.sort(key=sort_key)
    sys.stderr.write(visible(f"ledger: no figure of these books is printed at {label(period)}; they print "
                             f"{'balances' if period.is_instant else 'flows'} from {label(kind[0])} to "
                             f"{label(kind[-1])}\n"))


def _kind_fits(book, item: str, period) -> None:
    """A stock is worth something at an instant, a flow over a duration: asked the other way
    round, say which period was meant, rather than "no value"."""
    from ledgerlang.model.period import Calendar, label

    found = book.items[item]
    calendar = book.entity.calendar if book.entity else Calendar()
    if not found.is_flow and isinstance(period, Duration):
        close = label(calendar.closing(period))
        raise UsageError(f"{item} is a stock: it has a value at an instant, not over {label(period)}; "
                         f"at the close of {label(period)}, that is {item}@{close}")
    if found.is_flow and isinstance(period, Instant):
        raise UsageError(f"{item} is a flow: it has a value over a duration such as a quarter or a year "
                         f"(1Q03, FY2003), not at the instant {label(period)}")


def _resolve(book, expr, what: str, period) -> None:
    """The checks a claim's expression gets in a book (each function known, with its number of
    arguments; units that agree; a rate to translate at), as a usage error: explain reads the
    expression as a claim of the book would be read."""
    from ledgerlang.syntax.resolve import Resolver

    problems = []
    Resolver(book.items, book.units, book.rates, problems.append).expression(expr, context_instant=period.is_instant)
    if problems:
        first = problems[0]
        hints = "".join(f"; {note.removeprefix('hint: ')}" for note in first.notes)
        raise UsageError(f"{what}: {first.message}{hints}")
