"""The shape every "reported versus computed" diagnostic shares."""

from __future__ import annotations

from decimal import Decimal

from ledgerlang.check import show
from ledgerlang.diagnostic import Diagnostic, Figures, error
from ledgerlang.evaluate.compute import Computed, Evaluation, best_printing
from ledgerlang.evaluate.interval import Interval, of_reported
from ledgerlang.model.expr import Bin, Call, Ref
from ledgerlang.model.fact import Fact, Reported
from ledgerlang.model.period import label
from ledgerlang.model.span import Span
from ledgerlang.model.unit import SCALE_NAMES


def meets(reported: Reported, computed: Computed) -> bool:
    """True when the printed figure may hold: a cheap test before any message is composed."""
    return computed.interval is None or not of_reported(reported).disjoint(computed.interval)


def compare(code: str, what: str, reported: Reported, where: str, computed: Computed, how: str,
            span: Span | None, item: str | None, period: str | None, notes: tuple[str, ...] = (),
            negated: bool = False, unit: show.Naming = show.MAIN,
            inputs: Quotient | None = None) -> Diagnostic | None:
    """A diagnostic when the reported figure and the computed interval cannot meet, else None.

    `negated`: the figure was printed as the item's negative (a `-item` row), so
    the item's value is the opposite of the printed text. `unit`: how each amount names the
    figure's unit (show.Names), where it is not the book's main currency: an auditor reading
    "16,594 thousand" of a translated figure cannot tell yen from dollars. `inputs`: of a
    quotient (a rule `a / b`, a share%), its inputs, which give the hint for a figure that
    matches at 10**shift times its value where an input read at the wrong scale is the cause
    (`Quotient`), or None.
    """
    printed = of_reported(reported)
    if computed.interval is None or not printed.disjoint(computed.interval):
        return None
    scale = reported.scale
    places = show.places_for(reported.exponent, scale)
    miss = printed.distance(computed.interval)
    text = unit(f"{reported.text}{_unit(scale, reported.text)}")
    if negated:
        row = "line" if code == "claim-mismatch" else "row"  # a claim's `-op@1Q03 = 1,060` is a line, not a table's row
        shown = show.number(reported.value, scale, places)
        text = f"{unit(shown + _unit(scale, shown))} (printed {reported.text} in a negated {row})"
    off = f"off by at least {show.at_least(miss, scale, places + 2, unit)}"
    miss_line = f"miss: {show.at_least(miss, scale, places + 2, unit)} beyond what rounding allows"
    if miss == 0:
        # Intervals that meet at one end, which one of them leaves open (a truncated figure
        # never reaches the next multiple): "off by at least 0.00" would say they agree.
        touch = show.amount(printed.hi if printed.hi <= computed.interval.lo else printed.lo, scale, places + 2,
                            unit=unit)
        off = f"the two could meet only at {touch}, an end that truncation excludes"
        miss_line = (f"miss: they meet only at {touch}, which the truncated figures on one side never reach: "
                     "no value lies in both")
    computed_text = show.amount(computed.point, scale, show.nonzero_places(computed.point, scale, places + 2),
                                unit=unit)
    lines = [
        f"reported: {text} ({where}), any value in {show.interval(printed, scale, places + 1, unit)}",
        f"computed: {computed_text} from {how}, any value in "
        f"{show.interval(computed.interval, scale, show.interval_places(computed.interval, scale, places + 2), unit)}",
        miss_line,
    ]
    if not printed.disjoint(-computed.interval) and computed.point != 0:
        lines.append("hint: the sign looks flipped: the figure matches with the opposite sign" +
                     (_claim_sign(what, reported, negated) if code == "claim-mismatch" else ""))
    else:
        lines.extend(_other_scale(reported, printed, computed, where, code, unit, inputs))
    lines.extend(notes)
    computed_places = show.nonzero_places(computed.point, scale, places + 1)
    message = (f"{what} is reported as {text} but {how} gives "
               f"{show.amount(computed.point, scale, computed_places, unit=unit)}; {off}")
    figures = Figures(reported.text, reported.value, printed, computed.point, computed.interval, miss, scale)
    return error(code, message, span, *lines, item=item, period=period, figures=figures)


def _claim_sign(what: str, reported: Reported, negated: bool) -> str:
    """How a claim's line states the other sign: a narrative says "an operating loss of JPY 1,060
    million", a positive amount, of an item whose value is negative."""
    if "(" in what:  # a measure's line (yoy%, USD): its sign is the figure's own
        return ""
    if negated:
        return f"; the minus before the item (-{what}) states its opposite: remove it if the text states {what} itself"
    return (f"; a loss or an outflow the text states as an amount is written with a minus before the item: "
            f"-{what} = {reported.text}")


def _other_scale(reported: Reported, printed: Interval, computed: Computed, where: str, code: str,
                 unit: show.Naming = show.MAIN,
                 inputs: Quotient | None = None) -> tuple[str, ...]:
    """A hint where the figure matches when read at another scale: 120 read in units where the
    table meant millions (no `in USD millions`, or a claim with no scale), a figure typed from a
    table in thousands into one in millions (987,198 for 987), a ratio printed 0.40 in a row of
    percentages, a per-share figure with its decimal point moved ((439.8) for (43.98)): the miss
    is then the reading or the typing, not the figure the document printed. Of two printings of
    one figure (a fact-mismatch), the hint cannot tell which was typed wrong, and says so: the
    more precise one, which the figure is compared with, may be the slip. Of a quotient (a
    per-share figure, a ratio), which is printed in units, the scale to change is an input's:
    `inputs` says which."""
    if reported.value == 0:  # nil or 0 is nothing at any scale: read at another, only its rounding widens
        return ()
    scale = reported.scale
    if scale == -2 and not printed.scale(Decimal(100)).disjoint(computed.interval):  # 0.40 for 40%
        return (f"hint: {reported.text} matches if it is a ratio ({reported.text} = "
                f"{show.number(reported.value * 100, -2, 0)}%): a percentage's figure is written in percent",)
    for shift in (3, 6, 9, -3, -6, -9):
        if printed.scale(Decimal(1).scaleb(shift)).disjoint(computed.interval):
            continue
        if inputs is not None and (hint := inputs(shift)):
            return hint
        other = scale + shift
        if scale == -2 or other not in (0, 3, 6, 9):
            continue
        said = unit(f"{reported.text}{show.SCALE_WORDS[other]}") if other else f"{unit(reported.text)} in units"
        if where.startswith("claim "):
            return (f"hint: the figure matches if it is {said}: check the scale its table (`in ...`) or "
                    "claim states",)
        if code == "fact-mismatch":
            return (f"hint: the figure matches if it is {said}: one of the two printings was typed from a "
                    f"table at the other's scale, or its table states the wrong scale (`in ...`); the "
                    f"culprit note names the one to change",)
        # One figure typed from a table at another scale, or a table whose `in` says the wrong
        # scale for all its figures: the hint cannot tell which, and says what each would need.
        here = show.number(computed.point, scale, show.nonzero_places(
            computed.point, scale, show.places_for(reported.exponent, scale)))
        return (f"hint: the figure matches if it is {said}, which this table's {SCALE_NAMES[scale]} print as "
                f"{here}: write {here} if it was typed from a table in {SCALE_NAMES[other]}, or correct the "
                f"scale the table states (`in ...`) if all its figures are in {SCALE_NAMES[other]}",)
    if scale == -2:
        return ()
    return _point_moved(reported, printed, computed, code)


def inputs_scaled(at: str, inputs: tuple[tuple[str, Fact, int, bool, show.Naming], ...]) -> tuple[str, ...]:
    """The hint of a quotient whose figure matches once one input is read at another scale: each
    input `(item, its printing, the scale it would need, whether it is a count, how it names its
    unit)`, the divisor first. A per-share figure or a ratio is printed in units whatever its
    table's scale, so the slip is an input's scale, never the figure's own: most often a share
    count a release prints in thousands, which a table of money reads in units unless its row
    names a scale."""
    parts = []
    for item, fact, scale, count, unit in inputs:
        shown = unit(f"{fact.value.text}{show.SCALE_WORDS.get(scale, '')}")
        read = (f"{item}@{at} is in {SCALE_NAMES[scale]} ({shown}), not in {SCALE_NAMES[fact.value.scale]} as "
                f"{fact.source.title!r} reads it")
        if scale and count and not fact.value.scale:
            fix = (f"write `{item} in {SCALE_NAMES[scale]}` on its row, as a table of money reads a count in "
                   "units unless its row names a scale")
        elif scale:
            fix = (f"write `{item} in {SCALE_NAMES[scale]}` on its row, or correct the scale the table states "
                   f"(`in ...`) if all its figures are in {SCALE_NAMES[scale]}")
        else:
            fix = "correct the scale its table or row states (`in ...`)"
        parts.append(f"{read}: {fix}")
    return ("hint: the figure matches if " + "; or if ".join(parts),) if parts else ()


def quotient_inputs(evaluation: Evaluation, expr, period, names: show.Names) -> Quotient | None:
    """Of a quotient `a / b` (a per-share figure, a ratio) or `share%(a, b)`, its inputs, which
    `compare` asks for a hint when the figure misses; None for any other expression, whose own
    figure may be the slip."""
    if isinstance(expr, Bin) and expr.op == "/":
        return Quotient(evaluation, expr.left, expr.right, period, names)
    if isinstance(expr, Call) and expr.function == "share%" and len(expr.args) == 2:
        return Quotient(evaluation, expr.args[0], expr.args[1], period, names)
    return None


class Quotient:
    """A quotient's dividend and divisor at a period; called with a shift, the hint for a figure
    that matches at 10**shift times its value, naming the printed input whose scale would explain
    it: the divisor read at a scale 10**shift higher (a share count printed in thousands, read in
    units), or the dividend at one 10**shift lower. A class, not functools.partial: a check imports
    no functools (tests/cli/test_cli.py)."""

    __slots__ = ("evaluation", "dividend", "divisor", "period", "names")

    def __init__(self, evaluation: Evaluation, dividend, divisor, period, names: show.Names):
        self.evaluation, self.dividend, self.divisor, self.period, self.names = (
            evaluation, dividend, divisor, period, names)

    def __call__(self, shift: int) -> tuple[str, ...]:
        found = []
        for ref, moved in ((self.divisor, shift), (self.dividend, -shift)):
            if not isinstance(ref, Ref) or ref.anchor is not None:
                continue
            value = self.evaluation.value(ref.item, self.period)
            if value is None or value.origin != "reported" or not value.facts:
                continue
            fact = best_printing(value.facts)
            scale = fact.value.scale + moved
            if fact.source.kind != "table" or fact.value.scale not in (0, 3, 6, 9) or scale not in (0, 3, 6, 9):
                continue
            found.append((ref.item, fact, scale, _is_count(self.evaluation.book, ref.item),
                          self.names.of_item(ref.item)))
        return inputs_scaled(label(self.period), tuple(found))


def _is_count(book, item_id: str) -> bool:
    """An item in one unit that is no currency (shares, contracts): what a table of money reads in units."""
    item = book.items.get(item_id)
    if item is None or len(item.unit.num) != 1 or item.unit.den:
        return False
    declared = book.units.get(item.unit.num[0])
    return declared is not None and not declared.currency


def _point_moved(reported: Reported, printed: Interval, computed: Computed, code: str) -> tuple[str, ...]:
    """A hint where the figure matches with its decimal point moved one or two places, the slip of a
    hand typing a per-share figure ((439.8) for (43.98)): only of a figure printed with a point, or
    one the move gives digits after the point, as a whole amount ten times too large is not that slip."""
    places = show.places_for(reported.exponent, reported.scale)
    for shift in (1, -1, 2, -2):
        moved = places + shift
        if moved < 0 or printed.scale(Decimal(1).scaleb(-shift)).disjoint(computed.interval):
            continue
        meant = show.number(abs(reported.value).scaleb(-shift), reported.scale, moved)
        if "." not in reported.text and meant.rstrip("0").endswith("."):
            continue
        # with the sign as the figure is printed: (43.98), -43.98, whatever the row's negation
        meant = f"({meant})" if reported.text.startswith("(") else "-" * reported.text.startswith("-") + meant
        way, places_moved = "left" if shift > 0 else "right", f"{abs(shift)} place{'s' if abs(shift) > 1 else ''}"
        if code in ("fact-mismatch", "claim-mismatch"):  # two printings: either may be the slip
            return (f"hint: the figure matches with its decimal point moved {places_moved} {way} ({meant}): one "
                    "of the two printings was typed with its point in the wrong place; the culprit note names "
                    "the one to change",)
        return f"hint: the figure matches with its decimal point moved {places_moved} {way}: {meant}",
    return ()


def _unit(scale: int, text: str | None = None) -> str:
    """The scale word a figure's `text` is followed by: a percentage's "%" where its column printed
    none ("67.0" under "39.8%"), which read as a bare number beside the "67.06%" it is compared
    with; without `text`, none for a percentage (a claim's own text, which says "%" itself)."""
    if scale == -2:
        return "" if text is None or "%" in text else "%"
    return show.SCALE_WORDS.get(scale, "")


def point_interval(iv: Interval) -> bool:
    return iv.lo == iv.hi


def where(fact) -> str:
    """Where a figure was printed, for a diagnostic: the table and column, or the claim."""
    if fact.source.kind != "table":
        return f"claim {quote(fact.source.title)!r}"
    column = f", column {fact.column}" if fact.column else ""
    return f"{fact.source.title!r}{column}"


def quote(text: str, limit: int = 60) -> str:
    """A claim's text, shortened for a message at a space: never inside a figure ("8,3..." of 8,344)."""
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit - 2)
    if cut <= 0:  # one long word: keep it whole rather than cut it
        cut = text.find(" ", limit - 2)
        if cut < 0:
            return text
    return text[:cut].rstrip(" ,;:-") + "..."
