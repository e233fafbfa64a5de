"""Text and Markdown grids, as tabulate draws them, without importing it for the plain ones.

`ledger eval` draws its statements with tabulate's "simple" (text) and "github" (Markdown)
formats, every cell a string (`disable_numparse`), each column aligned left or right. Importing
tabulate costs about 25 ms (it imports importlib.metadata to read its own version), a fifth
of `ledger eval books/iij`. A grid of simple cells (strings on one line, with no control
character, as many in every row as there are headers) is drawn here, as tabulate draws it
where wcwidth is installed: a wide character (日本) counts two columns. Any other grid is
handed to tabulate. tests/render/test_grid.py holds the two equal on every grid drawn here.
"""

from __future__ import annotations

import unicodedata

_PLAIN = frozenset(map(chr, range(32, 127)))  # printable ASCII: one column each, whatever is installed
_REFUSED = frozenset(("Cc", "Cs", "Zl", "Zp"))  # controls, line breaks: tabulate's to draw
_NARROW: dict[str, int] = {}  # a non-ASCII character's width in a terminal, as found


def width(text: str) -> int:
    """Columns `text` takes on a terminal, as wcwidth counts them: a wide or full-width character
    (日本, most emoji) two, a combining mark or a format character (a zero-width joiner) none.
    tabulate counts this way only where the wcwidth package is installed, which ledgerlang does
    not require: without it a Japanese label pushed its row's figures out of their columns."""
    if _PLAIN.issuperset(text):
        return len(text)
    total = 0
    for char in text:
        found = _NARROW.get(char)
        if found is None:
            if unicodedata.category(char) in ("Mn", "Me", "Cf"):
                found = 0
            else:
                found = 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
            _NARROW[char] = found
        total += found
    return total


def _simple(text: str) -> bool:
    """A cell drawn here: printable ASCII, or any text without a control character or line break."""
    return _PLAIN.issuperset(text) or not any(unicodedata.category(c) in _REFUSED for c in text)


def table(rows: list, headers: list, markdown: bool = False, colalign: tuple | None = None) -> str:
    """tabulate(rows, headers=headers, tablefmt="github" if markdown else "simple",
    disable_numparse=True, colalign=colalign); in Markdown, a `|` in a cell is escaped (`\\|`), for
    tabulate leaves it to end the cell early."""
    if markdown:
        rows = [[_escaped(cell) for cell in row] for row in rows]
        headers = [_escaped(text) for text in headers]
    drawn = _drawn(rows, headers, markdown, colalign)
    if drawn is not None:
        return drawn
    from tabulate import tabulate

    return tabulate(rows, headers=headers, tablefmt="github" if markdown else "simple", disable_numparse=True,
                    colalign=colalign)


def _escaped(cell):
    return cell.replace("|", "\\|") if type(cell) is str else cell


def _drawn(rows, headers, markdown, colalign) -> str | None:
    """The grid, or None where it is not plain (tabulate then draws it)."""
    count = len(headers)
    if not rows or not count or (colalign is not None and len(colalign) != count):
        return None
    aligns = colalign or ("left",) * count
    if any(align not in ("left", "right") for align in aligns):
        return None
    for text in headers:
        if type(text) is not str or not _simple(text):
            return None
    columns: list[list[str]] = [[] for _ in range(count)]
    for row in rows:
        if len(row) != count:
            return None
        for column, cell in zip(columns, row):
            if type(cell) is not str or not _simple(cell):
                return None
            column.append(cell.strip())  # as tabulate strips a cell it aligns left or right
    # Each column as wide as its widest cell, and at least two more than its header.
    widths = [max(width(headers[j]) + 2, max(map(width, column))) for j, column in enumerate(columns)]
    header = [_padded(text, size, align) for text, size, align in zip(headers, widths, aligns)]
    body = [[_padded(cell, size, align) for cell in column] for column, size, align in zip(columns, widths, aligns)]
    if markdown:  # "github": a space either side of each cell, a bar between; no line above or below
        lines = ["|" + "|".join(f" {text} " for text in header) + "|",
                 "|" + "|".join("-" * (size + 2) for size in widths) + "|"]
        lines += ["|" + "|".join(f" {cell} " for cell in row) + "|" for row in zip(*body)]
    else:  # "simple": two spaces between cells, dashes under the header
        lines = ["  ".join(header), "  ".join("-" * size for size in widths)]
        lines += ["  ".join(row) for row in zip(*body)]
    return "\n".join(line.rstrip() for line in lines)


def _padded(text: str, size: int, align: str) -> str:
    pad = " " * (size - width(text))
    return text + pad if align == "left" else pad + text
