"""One printed cell of a release's table, as the language writes it, or why it cannot be.

Both readers (`text.py`, `html.py`) read every cell here, so that they agree
on what a figure is. A cell is written exactly as printed when the grammar
takes it as printed. A few printed shapes are the same figure spelt another
way, and are written in the language's spelling with a note of what was
printed: `(5.7)%` is `(5.7%)`, a Unicode minus (U+2212) is `-`, an em or en
dash is the nil dash `-`, `1 200` (a space, a no-break, thin or narrow
no-break space between groups) is `1,200`, and a footnote mark glued to a
figure (`1,200(1)`, `800*`) is set aside. A cell that is none of these
(`n/m`, `1.234,5`, a figure of more than 30 digits) is not a figure: it is
written `.` and its printed text kept in a note, never in a label, never dropped.
"""

from __future__ import annotations

import functools
import re

from ledgerlang.model.record import frozen
from ledgerlang.syntax.figures import MAX_DIGITS

# The grammar's FIGURE, balanced: what `ledger check` reads as a figure.
_GRAMMAR = re.compile(r"(\()?[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?(?(1)\))")
_SPACES = "\u00a0\u2009\u202f "  # no-break, thin, narrow no-break, plain
_GROUPS = re.compile(rf"\d{{1,3}}(?:[{_SPACES}]\d{{3}})+(?:\.\d+)?")
_MARK = re.compile(r"(?:\((?:\d{1,2}|[a-z])\)|\*{1,3}|[†‡§¶]|[\u00b9\u00b2\u00b3\u2070-\u2079]+)$")
_CURRENCY = re.compile(r"^(\(?)\s*(?:US\$|\$|¥|€|£)\s*")
_DASHES = ("—", "–", "−", "-", "‒", "―")
# Printed "no figure" marks: not a figure, but a cell of the table (kept in a note).
NOT_A_FIGURE = re.compile(r"(?i)n/?[ma]\.?|n\.[ma]\.|nm|na|nil|\*{1,3}|†|‡|x|--+|—+|n\.?s\.?")


@frozen(slots=True)
class Cell:
    text: str  # the figure as the language writes it, "" when it is not a figure
    printed: str  # as the release prints it
    note: str = ""  # what was changed or why it is not a figure; "" when written as printed


def _plain(text: str) -> bool:
    if not _GRAMMAR.fullmatch(text):
        return False
    return len(re.sub(r"\D", "", text).lstrip("0")) <= MAX_DIGITS


@functools.lru_cache(maxsize=4096)
def read_cell(printed: str) -> Cell | None:
    """The cell as a figure (with a note when it is spelt otherwise than printed), a Cell with
    text "" when it is printed but not a figure, or None when it is blank."""
    text = printed.strip()
    if not text:
        return None
    if text in _DASHES or re.fullmatch(r"[—–―]+", text):
        return Cell("-", printed, "" if text == "-" else f"printed {text!r}: a dash, written as the nil dash -")
    notes = []
    core = _CURRENCY.sub(r"\1", text)
    core = core.replace("( ", "(").replace(" )", ")")
    mark = _MARK.search(core)
    if mark and mark.start() > 0 and core[mark.start() - 1].isdigit() or mark and core[:mark.start()].endswith(
            (")", "%")) and mark.start() > 1:
        notes.append(f"footnote mark {mark.group(0)!r} set aside")
        core = core[:mark.start()]
    if core.startswith(("−", "–")) and len(core) > 1:
        notes.append("a Unicode minus written as -")
        core = "-" + core[1:]
    elif core.startswith("(−") or core.startswith("(–"):
        notes.append("a Unicode minus written as -")
        core = "(-" + core[2:]
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


def _short(text: str) -> str:
    return repr(text) if len(text) <= 40 else repr(f"{text[:16]}...{text[-16:]}")


def looks_like_cell(word: str) -> bool:
    """Is a word printed where a figure would be a cell of the table (a figure in any spelling
    `read_cell` knows, or a printed "no figure" mark such as n/m)?"""
    if NOT_A_FIGURE.fullmatch(word):
        return True
    cell = read_cell(word)
    return cell is not None and cell.text != ""


def is_year(text: str) -> bool:
    """A printed year, as a column's header gives one (2003), in either reader."""
    return bool(re.fullmatch(r"(?:19|20)\d\d", text))
