"""One printed cell of a release's table, as the language writes it, or why it cannot be.

Both readers (`text.py`, `html.py`) read every cell here, so that they agree
on what a figure is. A cell is written exactly as printed when the grammar
takes it as printed. A few printed shapes are the same figure spelt another
way, and are written in the language's spelling with a note of what was
printed: `(5.7)%` is `(5.7%)`, a Unicode minus (U+2212) is `-`, an em or en
dash (and a full-width `－`) or a printed "nil" is the nil dash `-`, `1 200`
(a space, a no-break, thin or narrow no-break space between groups) is
`1,200`, a footnote mark after a figure (`1,200(1)`, `800*`, `1,200 (1)`) is
set aside, full-width digits and signs (`１，２３４`) are ASCII, a Japanese minus
(`△1,234`, `▲1,234`) or a trailing one (`1,234-`) is a leading `-`, and
`12.3 %` is `12.3%`. A cell that is none of these
(`n/m`, a figure of more than 30 digits) is not a figure: it is written `.`
and its printed text kept in a note, never in a label, never dropped.

A table printed with a decimal comma (`1.234,5`, `456,7`, `1.234.567`) is read
in that notation, each figure written in the language's (`1,234.5`) with a
note of what was printed. Which notation a table is in is decided from all its
cells (`notations`), never from one alone. A table whose only separators are
single dots before three digits (`1.234`, `12.500`) is read with the dots as
thousands separators, and said to need checking. A table printed in both
notations is read row by row, and said so.
"""

from __future__ import annotations

import functools
import re

from ledgerlang.model.record import frozen
from ledgerlang.syntax.figures import MAX_DIGITS

# The grammar's FIGURE, balanced: what `ledger check` reads as a figure.
_GRAMMAR = re.compile(r"(\()?[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?(?(1)\))", re.ASCII)
_SPACES = "\u00a0\u2009\u202f "  # no-break, thin, narrow no-break, plain
_GROUPS = re.compile(rf"\d{{1,3}}(?:[{_SPACES}]\d{{3}})+(?:\.\d+)?")
_MARK = re.compile(r"(?:\((?:\d{1,2}|[a-z])\)|\*{1,3}|[†‡§¶]|[\u00b9\u00b2\u00b3\u2070-\u2079]+)$")
_CURRENCY = re.compile(r"^(\(?)\s*(?:US\$|\$|¥|€|£|(?:EUR|CHF|GBP|USD)(?=[\s\u00a0\u202f]))[\s\u00a0\u202f]*")
# "1,52 €", "(12,4) €", "1.234,5 CHF": the currency after the figure, as German and French tables print it
_CURRENCY_AFTER = re.compile(r"(?<=[\d)%])[\s\u00a0\u202f]*(?:€|£|EUR|CHF|GBP)$")
# "1'234.5", "1’234.5": thousands set apart by an apostrophe, as Swiss releases print them
_APOSTROPHES = re.compile(r"(?<=\d)['’](?=\d{3}(?!\d))")
_DASHES = ("—", "–", "−", "-", "‒", "―", "‐", "‑", "ー")
# Full-width digits and signs, as Japanese releases print them ("１，２３４", "（５）", "４．１％"): the
# same figure in ASCII. The grammar writes ASCII; the printed text stays in the row's comment.
_WIDE = str.maketrans({**{chr(0xFF10 + i): str(i) for i in range(10)}, "，": ",", "．": ".", "（": "(", "）": ")",
                       "％": "%", "－": "-", "＋": "+", "\u3000": " ", "＄": "$", "￥": "¥"})
# A Japanese release prints a negative figure after a triangle: △1,234 (or ▲1,234) is -1,234.
_TRIANGLE = re.compile(r"^(\(?)[△▲]\s*")
_TRAILING_MINUS = re.compile(r"\d(?:[\d.,]|[ \u00a0\u202f\u2009](?=\d))*%?-")  # "1,234-", "1.234,5-" too
# a sign set apart from its figure in one cell: "- 1.234,5", "+ 12,0 %"
_SIGN_APART = re.compile(r"^([-+])[ \u00a0\u202f\u2009]+(?=\d)")
# Printed "no figure" marks: not a figure, but a cell of the table (kept in a note).
NOT_A_FIGURE = re.compile(r"(?i)n/?[ma]\.?|n\.[ma]\.|nm|na|nil|\*{1,3}|†|‡|x|--+|—+|n\.?s\.?")
# "nil" printed where a figure would be: the nil dash, as a British or Hong Kong release prints it.
_NIL = re.compile(r"(?i)nil")


@frozen(slots=True)
class Cell:
    text: str  # the figure as the language writes it, "" when it is not a figure
    printed: str  # as the release prints it
    note: str = ""  # what was changed or why it is not a figure; "" when written as printed


def _plain(text: str) -> bool:
    if not _GRAMMAR.fullmatch(text):
        return False
    return len(re.sub(r"\D", "", text).lstrip("0")) <= MAX_DIGITS


POINT, COMMA = "point", "comma"
# How a table's notation was decided (`notations`): by its figures, or by its dots alone.
DECIMAL_COMMA, DOTS_ALONE, MIXED = "comma", "dots", "mixed"

_NUMBER = re.compile(rf"\d(?:[\d.,]|[{_SPACES}](?=\d))*")
_GROUP_SPACES = re.compile(rf"(?<=\d)[{_SPACES}](?=\d{{3}}(?!\d))")
# Shapes that only one notation reads: a decimal point (a comma) with 1, 2 or 4+ digits after
# it, or after a 0 or 4+ digits; thousands grouped twice by commas (dots); both separators.
_ONLY_POINT = re.compile(r"\d{1,3}(?:,\d{3})+\.\d+|\d{1,3}(?:,\d{3}){2,}|\d+\.(?:\d{1,2}|\d{4,})|(?:0|\d{4,})\.\d+")
_ONLY_COMMA = re.compile(r"\d{1,3}(?:\.\d{3})+,\d+|\d{1,3}(?:\.\d{3}){2,}|\d+,(?:\d{1,2}|\d{4,})|(?:0|\d{4,}),\d+")
_ONE_DOT = re.compile(r"[1-9]\d{0,2}\.\d{3}")  # 1.234: a thousands dot, or three decimals
_ONE_COMMA = re.compile(r"[1-9]\d{0,2},\d{3}")  # 1,234: a thousands comma, or three decimals


def _evidence(text: str) -> set[str]:
    """What a printed cell says of its notation: "point" or "comma" where only that notation
    reads it, "dot" or "comma3" for a single separator before three digits, nothing else."""
    out = set()
    for number in _NUMBER.findall(text.translate(_WIDE)):
        number = _GROUP_SPACES.sub("", number.rstrip(".,"))
        if _ONLY_POINT.fullmatch(number):
            out.add(POINT)
        elif _ONLY_COMMA.fullmatch(number):
            out.add(COMMA)
        elif _ONE_DOT.fullmatch(number):
            out.add("dot")
        elif _ONE_COMMA.fullmatch(number):
            out.add("comma3")
    return out


def notations(rows) -> tuple[str, list[str]]:
    """How to read a table's cells, from the printed texts of its rows: (how the table was
    decided: DECIMAL_COMMA, DOTS_ALONE, MIXED, or "" for the decimal point; each row's
    notation, POINT or COMMA).

    A cell only one notation reads (`1.5`, `1,234,567`; `456,7`, `1.234.567`) is that notation's;
    `1,234` counts for the point and `1.234` for the comma, since a figure of three decimals is
    rare. A table whose cells count for one notation only is read in it. A table with cells of
    both is read row by row: a row in the notation only it reads where it has such cells, of one
    notation; else in the notation most of the table's cells count for (the point on a tie)."""
    seen = [[_evidence(text) for text in row] for row in rows]
    point = sum(1 for row in seen for e in row if e & {POINT, "comma3"})
    comma = sum(1 for row in seen for e in row if e & {COMMA, "dot"})
    strong = any(COMMA in e for row in seen for e in row)
    if not comma:
        return "", [POINT] * len(rows)
    if not point:
        return (DECIMAL_COMMA if strong else DOTS_ALONE), [COMMA] * len(rows)
    most = COMMA if comma > point else POINT
    each = []
    for row in seen:
        only = set().union(*row) & {POINT, COMMA} if row else set()
        each.append(only.pop() if len(only) == 1 else most if not only else POINT)
    if all(n == POINT for n in each):
        return "", each
    return MIXED, each


def _from_comma(number: str) -> str:
    """A number printed with a decimal comma, in the language's spelling: "1.234,5" is "1,234.5"."""
    whole, _, decimals = number.partition(",")
    digits = re.sub(r"\D", "", whole)
    if digits != whole:
        digits = f"{int(digits):,}"
    return f"{digits}.{decimals}" if decimals else digits


@functools.lru_cache(maxsize=4096)
def read_cell(printed: str, notation: str = POINT) -> Cell | None:
    """The cell as a figure (with a note when it is spelt otherwise than printed), a Cell with
    text "" when it is printed but not a figure, or None when it is blank. `notation` is the
    table's (`notations`): COMMA reads "1.234,5" as 1,234.5."""
    text = printed.strip()
    if not text:
        return None
    notes = []
    core = text.translate(_WIDE).strip()
    if core != text:
        notes.append("full-width characters written in ASCII")
    if core in _DASHES or re.fullmatch(r"[—–―]+", core) or core in ("-,-", "–,–", "-.-", "-,--"):
        # -,- : a German report's nil, a dash in place of each side of the decimal comma
        return Cell("-", printed, "" if text == "-" else f"printed {text!r}: a dash, written as the nil dash -")
    if _NIL.fullmatch(core):
        return Cell("-", printed, f"printed {text!r}: nil, written as the nil dash -")
    core = _CURRENCY.sub(r"\1", core)
    core = _CURRENCY_AFTER.sub("", core)
    if _APOSTROPHES.search(core):
        notes.append("its thousands separated by apostrophes, written with commas")
        core = _APOSTROPHES.sub(",", core)
    core = core.replace("( ", "(").replace(" )", ")")
    mark = _MARK.search(core)
    if mark and mark.start() > 0:
        before = core[:mark.start()].rstrip(" ")
        if before[-1:].isdigit() or before.endswith((")", "%")) and len(before) > 1:
            notes.append(f"footnote mark {mark.group(0)!r} set aside")
            core = before
    if core.startswith(("−", "–")) and len(core) > 1:
        notes.append("a Unicode minus written as -")
        core = "-" + core[1:]
    elif core.startswith("(−") or core.startswith("(–"):
        notes.append("a Unicode minus written as -")
        core = "(-" + core[2:]
    elif _TRIANGLE.match(core) and len(core) > 1 and core[1:].strip()[:1] not in "-−(":
        notes.append(f"the minus sign {core[len(_TRIANGLE.match(core).group(1))]} written as -")
        core = _TRIANGLE.sub(r"\1-", core)
    elif _TRAILING_MINUS.fullmatch(core):
        notes.append("a trailing minus written before the figure")
        core = "-" + core[:-1]
    elif _SIGN_APART.match(core):
        notes.append("its sign set apart, written on it")
        core = _SIGN_APART.sub(r"\1", core)
    if re.fullmatch(rf"\(?[-+]?[\d,.{_SPACES}]+\)?[{_SPACES}]%\)?", core):
        # "12,3 %" as French and German releases print it, with a plain, no-break or narrow no-break space
        notes.append("the space before % left out")
        core = re.sub(rf"[{_SPACES}]%", "%", core)
    if notation == COMMA:
        m = re.fullmatch(rf"(\(?[-+]?)(\d{{1,3}}(?:[.{_SPACES}]\d{{3}})+(?:,\d+)?|\d+(?:,\d+)?)(%?\)?%?)", core)
        if m and re.search(r"[.,]", m.group(2)):
            core = m.group(1) + _from_comma(m.group(2)) + m.group(3)
            notes.append(f"{'a decimal comma' if ',' in m.group(2) else 'dots between thousands'}, written {core}")
    if _GROUPS.search(core) and not _plain(core):
        spaced = _GROUPS.sub(lambda m: re.sub(f"[{_SPACES}]", ",", m.group(0)), core)
        if _plain(spaced):
            notes.append("its thousands separated by spaces, written with commas")
            core = spaced
    m = re.fullmatch(r"\(([-+]?[\d,]+(?:\.\d+)?)\)%", core)
    if m:
        notes.append(f"written ({m.group(1)}%) as the language spells it")
        core = f"({m.group(1)}%)"
    if _plain(core):
        if core == text and not notes:
            return Cell(core, printed)
        return Cell(core, printed, f"printed {text!r}: " + "; ".join(notes) if notes else "")
    digits = re.sub(r"\D", "", core)
    if _GRAMMAR.fullmatch(core) and len(digits.lstrip("0")) > MAX_DIGITS:
        return Cell("", printed, f"printed {_short(text)}: more than {MAX_DIGITS} digits, "
                    "which ledgerlang does not read")
    return Cell("", printed, f"printed {_short(text)}: not a figure")


_SYMBOL_CURRENCY = (("US$", "USD"), ("$", "USD"), ("¥", "JPY"), ("￥", "JPY"), ("€", "EUR"), ("£", "GBP"))
_PRINTED_SYMBOL = re.compile(r"(?:^|(?<=[\s(]))(US\$|\$|¥|￥|€|£)(?=\s*\(?\s*[\d０-９]|\s*$)")


def symbols(texts) -> tuple[str, ...]:
    """The currencies whose symbol printed cells (or a table's row lines) put before a figure,
    or in a cell of their own: ("USD",) for "$ 1,234", "$(12.4)" and a lone "$"."""
    found = []
    for text in texts:
        for m in _PRINTED_SYMBOL.finditer(text or ""):
            code = dict(_SYMBOL_CURRENCY)[m.group(1)]
            if code not in found:
                found.append(code)
    return tuple(found)


def _short(text: str) -> str:
    return repr(text) if len(text) <= 40 else repr(f"{text[:16]}...{text[-16:]}")


def looks_like_cell(word: str) -> bool:
    """Is a word printed where a figure would be a cell of the table (a figure in any spelling
    `read_cell` knows, in either notation, or a printed "no figure" mark such as n/m)?"""
    if NOT_A_FIGURE.fullmatch(word):
        return True
    return is_figure(word)


def is_figure(word: str) -> bool:
    """Does a printed cell read as a figure in either notation?"""
    return any(cell is not None and cell.text != "" for cell in (read_cell(word), read_cell(word, COMMA)))


def is_year(text: str) -> bool:
    """A printed year, as a column's header gives one (2003), in either reader."""
    return bool(re.fullmatch(r"(?:19|20)\d\d", text))


def point_moved(cell: str, places: int) -> str:
    """A cell as the language writes it with its decimal point moved `places` to the left, every printed
    digit kept: 億円 figures in billions ("2,748" is "274.8", "-158" "-15.8"), 万円 in millions. A cell
    with no figure ("-", "") is as it was."""
    from decimal import Decimal

    m = re.search(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?", cell)
    if m is None:
        return cell
    moved = Decimal(m.group(0).replace(",", "")).scaleb(-places)
    return f"{cell[:m.start()]}{moved:,f}{cell[m.end():]}"
