"""Hypothesis strategies shared by the tests: figures, periods, intervals, books."""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

from hypothesis import strategies as st

from ledgerlang.evaluate.interval import Interval
from ledgerlang.model.period import Duration, Instant

# ---- numbers and intervals ---------------------------------------------------------

decimals = st.decimals(min_value=Decimal("-1e12"), max_value=Decimal("1e12"), allow_nan=False,
                       allow_infinity=False, places=4)


@st.composite
def intervals(draw, nonzero: bool = False):
    """An interval with any mix of open and closed ends (a point when both ends meet closed)."""
    lo = draw(decimals)
    width = draw(st.decimals(min_value=Decimal(0), max_value=Decimal("1e6"), places=4))
    hi = lo + width
    if nonzero and lo <= 0 <= hi:
        lo, hi = (abs(hi) + Decimal("0.5"), abs(hi) + Decimal("0.5") + width)
    lo_open = draw(st.booleans()) if width else False
    hi_open = draw(st.booleans()) if width else False
    return Interval(lo, hi, lo_open, hi_open)


@st.composite
def members(draw, interval: Interval):
    """A value inside an interval: an end where it is closed, or a point strictly between."""
    choices = []
    if not interval.lo_open:
        choices.append(interval.lo)
    if not interval.hi_open:
        choices.append(interval.hi)
    if interval.hi > interval.lo:
        fraction = draw(st.integers(min_value=1, max_value=999))
        choices.append(interval.lo + (interval.hi - interval.lo) * Decimal(fraction) / Decimal(1000))
    return draw(st.sampled_from(choices))


# ---- periods ------------------------------------------------------------------------------

durations = st.one_of(
    st.builds(Duration, st.integers(1970, 2069), st.integers(1, 4), st.just(1)),
    st.builds(Duration, st.integers(1970, 2069), st.sampled_from([1, 3]), st.just(2)),
    st.builds(Duration, st.integers(1970, 2069), st.just(1), st.just(3)),
    st.builds(Duration, st.integers(1970, 2069), st.just(1), st.just(4)),
)
instants = st.builds(Instant, st.dates(min_value=datetime.date(1970, 1, 1), max_value=datetime.date(2069, 12, 31)))
periods = st.one_of(durations, instants)

# ---- printed figures --------------------------------------------------------------------------


@st.composite
def figures(draw):
    """A figure as a table prints it: separators, parentheses or minus, decimals, maybe %."""
    whole = draw(st.integers(0, 10**9))
    decimals_text = draw(st.sampled_from(["", ".0", ".5", ".25", ".123"]))
    body = f"{whole:,}{decimals_text}"
    percent = draw(st.booleans())
    if percent:
        body += "%"
    style = draw(st.sampled_from(["plain", "minus", "parens"]))
    text = {"plain": body, "minus": f"-{body}", "parens": f"({body})"}[style]
    return text, percent



_SCALE_WORDS = {3: "thousand", 6: "million", 9: "billion", 12: "trillion"}
_KANJI_WORDS = {3: "千", 4: "万", 6: "百万", 8: "億", 12: "兆"}
_LINE_SCALES = {3: "thousands", 6: "millions", 9: "billions"}


@st.composite
def scaled_amounts(draw):
    """An amount as a claim's line states it and as its text rounds it at the same or a coarser scale
    word, English or Japanese, half-up to the decimals it prints: (the line's figure, its scale's name,
    the text's figure and scale word), such as ("8,344", "millions", "8.3", "billion") or ("8,344",
    "millions", "83", "億")."""
    places = draw(st.integers(0, 2))
    digits = Decimal(draw(st.integers(1, 10**9))).scaleb(-places)
    scale = draw(st.sampled_from(sorted(_LINE_SCALES)))
    words = draw(st.sampled_from([_SCALE_WORDS, _KANJI_WORDS]))
    word = draw(st.sampled_from([w for w in words if w >= scale]))
    decimals = draw(st.integers(0, 3))
    rounded = digits.scaleb(scale - word).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return f"{digits:,f}", _LINE_SCALES[scale], f"{rounded:,f}", words[word]


@st.composite
def rescaled_copies(draw):
    """A text's figure with a scale word, and the other scale a line copies its digits at (a
    transcriber's slip): ("8,344", "million", "thousands")."""
    places = draw(st.integers(0, 2))
    figure = Decimal(draw(st.integers(1, 10**9))).scaleb(-places)
    word = draw(st.sampled_from(sorted(_LINE_SCALES)))
    other = draw(st.sampled_from([s for s in _LINE_SCALES if s != word]))
    return f"{figure:,f}", _SCALE_WORDS[word], _LINE_SCALES[other]

# ---- whole books, laid out carelessly (for `ledger fmt`) --------------------------------------

# Not the other characters str.splitlines breaks at: the parser's fast row path splits with it and
# misnumbers every later row (reported upstream); `ledger fmt` refuses such files rather than guess.
_comment_text = st.text(st.characters(blacklist_categories=("Cs",),
                                      blacklist_characters="\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"), max_size=16)
_space = st.sampled_from([" ", "  ", "   ", "\t", " \t "])
_indent = st.sampled_from(["", " ", "  ", "    ", "\t"])
_PERIOD_COLUMNS = ["1Q03", "1Q02", "4Q02", "2Q03"]


@st.composite
def _expression(draw, names: list[str], depth: int = 2) -> str:
    """A rule's right-hand side over earlier items, with operators, numbers and parentheses."""
    if depth == 0 or draw(st.booleans()):
        return draw(st.sampled_from(names + ["2", "0.5"]))
    left = draw(_expression(names, depth - 1))
    right = draw(_expression(names, depth - 1))
    op = draw(st.sampled_from(["+", "-", "*"]))
    shape = draw(st.sampled_from(["{l} {op} {r}", "({l} {op} {r})", "{l} {op} ({r})", "-{l}"]))
    return shape.format(l=left, op=op, r=right)


@st.composite
def messy_books(draw):
    """A valid book with random spacing, indentation, blank lines and comments (trailing and own-line).

    Returns the text; it parses without diagnostics. Items are JPY flows, so every table figure
    becomes a fact, and every measure column a printed measure.
    """
    sp = lambda: draw(_space)  # noqa: E731 - a separator drawn afresh at each use
    lines: list[str] = [f"entity{sp()}acme{sp()}\"Acme\"", f"{draw(_indent)}fiscal{sp()}year{sp()}ends{sp()}03-31",
                        f"{draw(_indent)}fiscal{sp()}year{sp()}named{sp()}by{sp()}end", "currency JPY", "currency USD"]
    count = draw(st.integers(2, 6))
    names = [f"x.i{k}" for k in range(count)]
    for k, name in enumerate(names):
        head = f"item{sp()}{name}{sp()}\"Item {k} \\\"q\\\"\"{sp()}JPY{sp()}flow"
        if k >= 2 and draw(st.booleans()):
            definition = f"={sp()}{draw(_expression(names[:k]))}"
            if draw(st.booleans()):
                lines.append(f"{head}{sp()}{definition}")
            else:
                lines += [head, f"{draw(_indent)}{definition}"]
        else:
            lines.append(head)
    if draw(st.booleans()):
        lines.append(f"rule{sp()}{names[-1]}{sp()}={sp()}{draw(_expression(names[:-1]))}")
    periods = draw(st.lists(st.sampled_from(_PERIOD_COLUMNS), min_size=1, max_size=3, unique=True))
    measures = ["yoy%(1Q03)"] if draw(st.booleans()) else []
    scale = draw(st.sampled_from([f"{sp()}JPY{sp()}millions", f"{sp()}JPY"]))  # `in JPY`: the yen's units
    lines.append(f"table{sp()}\"T #1\"{sp()}in{scale}")
    lines.append(f"{draw(_indent)}columns{sp()}" + sp().join(periods + measures))
    for name in draw(st.lists(st.sampled_from(names), min_size=1, max_size=count, unique=True)):
        cells = []
        for _ in periods:
            text, _ = draw(figures().filter(lambda f: not f[1]))
            cells.append(draw(st.sampled_from([text, text, "-", "."])))
        cells += [draw(st.sampled_from(["5.7%", "(5.7%)", "-0.4%", "."])) for _ in measures]
        negated = "-" if draw(st.integers(0, 5)) == 0 else ""
        lines.append(f"{draw(_indent)}{negated}{name}{sp()}" + sp().join(cells))
    if draw(st.booleans()):
        lines += [f"claim{sp()}\"A claim\"", f"{draw(_indent)}{names[0]}@1Q03{sp()}={sp()}1,234{sp()}JPY{sp()}millions"]
    out: list[str] = []
    for line in lines:
        for _ in range(draw(st.integers(0, 2))):
            out.append(draw(st.sampled_from(["", "   ", f"{draw(_indent)}#{draw(_comment_text)}"])))
        if draw(st.integers(0, 3)) == 0:
            line += f"{sp()}#{draw(_comment_text)}"
        out.append(line + draw(st.sampled_from(["", " ", "\t"])))
    return "\n".join(out) + draw(st.sampled_from(["\n", "\n\n", ""]))
