"""How a text release's lines are laid out before its tables are read (`text.py`).

Signs, marks and parentheses printed apart from their figures ("△ 1,234",
"15.4 %", "1,234 (1)", "( 400 )") are moved onto them, each figure keeping its
right edge so that the columns still line up. Text aligned as a terminal shows
it, a wide character (売, ３, ％) two columns wide, is laid out so where its rows
and headers line up better that way: each wide character is followed by FILL
while the tables are read (a column is a position on the line), and FILL is
taken out of every text read.
"""

from __future__ import annotations

import re
import unicodedata

from ledgerlang.model.record import evolve

# A sign or a unit printed apart from its figure: "△ 1,234" (a Japanese minus), "15.4 %". Moved
# onto the figure, the line keeps its length and each figure its right edge, so columns still line up.
_APART = re.compile(r"(?<!\S)([△▲]) (?=[\d０-９(（])|(?<=[\d)０-９）]) ([%％])(?!\S)")
# "1,234 (1)": a footnote mark one space after its figure.
_MARK_APART = re.compile(r"(?<=\d) (\((?:\d{1,2}|[a-z])\))(?!\S)")
# "( 400 )": parentheses printed apart from their figure, closed up around it where the digits stand.
_SPACED_PARENS = re.compile(r"(?<!\S)\(( +)(\d[\d,.]*)( +)\)(?!\S)")


def together(line: str) -> str:
    """The line with signs and units printed apart from their figures moved onto them, where that
    makes it a row of more cells; else the line as printed."""
    from ledgerlang.draft.text import split_row
    moved = _APART.sub(lambda m: f" {m.group(1)}" if m.group(1) else f"{m.group(2)} ", line)
    moved = _SPACED_PARENS.sub(lambda m: " " * len(m.group(1)) + f"({m.group(2)})" + " " * len(m.group(3)), moved)
    # "1,234 (1)": a footnote mark one space after its figure is the figure's (read_cell sets it aside)
    marked = _MARK_APART.sub(lambda m: f"{m.group(1)} ", moved)
    if marked != moved and split_row(marked) is not None:
        return marked
    if moved == line:
        return line
    after, before = split_row(moved), split_row(line)
    if after is not None and (before is None or len(after[1]) > len(before[1])):
        return moved
    return line


FILL = "\ue000"  # a private-use character: never a digit, a letter or a space


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in "WF"


def _alignment(lines) -> tuple[int, int]:
    """How well a measure lines the text up: (minus the distinct right edges of the rows' figures,
    the words of other lines, headers among them, that end on one of those edges). Larger is better."""
    from ledgerlang.draft.text import _core_end, split_row
    split = [split_row(line) for line in lines]
    ends = sorted({_core_end(*cell) for found in split if found for cell in found[1]})
    spread = sum(1 for a, b in zip([None] + ends, ends) if a is None or b - a > 1)
    edges = set(ends)
    over = sum(1 for line, found in zip(lines, split) if not found
               for m in re.finditer(r"\S+", line) if {m.end() - 1, m.end(), m.end() + 1} & edges)
    return -spread, over


def widened(lines):
    """The lines with FILL after each wide character, where they line up better so; else None."""
    if not any(_wide(ch) for line in lines for ch in line if ord(ch) > 0x1000):
        return None
    # an ideographic space separates as spaces do: one column wide counted by characters, two on a terminal
    wide = ["".join("  " if ch == "\u3000" else ch + FILL if ord(ch) > 0x1000 and _wide(ch) else ch
                    for ch in line) for line in lines]
    plain = [line.replace("\u3000", " ") for line in lines]
    return wide if _alignment(wide) > _alignment(plain) else None


def unfilled(release):
    """The release read from widened lines, FILL taken out of every text."""
    def plain(text):
        return text.replace(FILL, "") if isinstance(text, str) else text

    tables = tuple(evolve(t, title=plain(t.title), context=plain(t.context), headers=tuple(map(plain, t.headers)),
                          rows=tuple(evolve(r, label=plain(r.label), section=plain(r.section),
                                            cells=tuple(map(plain, r.cells)),
                                            notes=tuple((i, plain(n)) for i, n in r.notes)) for r in t.rows))
                   for t in release.tables)
    paragraphs = tuple(evolve(p, text=plain(p.text)) for p in release.paragraphs)
    return evolve(release, title=plain(release.title), tables=tables, paragraphs=paragraphs)
