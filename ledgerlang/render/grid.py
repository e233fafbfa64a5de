"""Text and Markdown grids, as tabulate draws them, without importing it for the plain ones.

`ledger eval` draws its statements with tabulate's "simple" (text) and "github" (Markdown)
formats, every cell a string (`disable_numparse`), each column aligned left or right. Importing
tabulate costs about 25 ms (it imports importlib.metadata to read its own version), a fifth
of `ledger eval books/iij`. A grid of plain cells (strings of printable ASCII on one line, as
many in every row as there are headers) is drawn here, as tabulate draws it; any other is
handed to tabulate. tests/render/test_grid.py holds the two equal on every grid drawn here.
"""

from __future__ import annotations

_PLAIN = frozenset(map(chr, range(32, 127)))  # printable ASCII: one column each, whatever is installed


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
        if type(text) is not str or not _PLAIN.issuperset(text):
            return None
    columns: list[list[str]] = [[] for _ in range(count)]
    for row in rows:
        if len(row) != count:
            return None
        for column, cell in zip(columns, row):
            if type(cell) is not str or not _PLAIN.issuperset(cell):
                return None
            column.append(cell.strip())  # as tabulate strips a cell it aligns left or right
    # Each column as wide as its widest cell, and at least two more than its header.
    widths = [max(len(headers[j]) + 2, max(map(len, column))) for j, column in enumerate(columns)]
    header = [text.ljust(width) if align == "left" else text.rjust(width)
              for text, width, align in zip(headers, widths, aligns)]
    body = [[cell.ljust(width) if align == "left" else cell.rjust(width) for cell in column]
            for column, width, align in zip(columns, widths, aligns)]
    if markdown:  # "github": a space either side of each cell, a bar between; no line above or below
        lines = ["|" + "|".join(f" {text} " for text in header) + "|",
                 "|" + "|".join("-" * (width + 2) for width in widths) + "|"]
        lines += ["|" + "|".join(f" {cell} " for cell in row) + "|" for row in zip(*body)]
    else:  # "simple": two spaces between cells, dashes under the header
        lines = ["  ".join(header), "  ".join("-" * width for width in widths)]
        lines += ["  ".join(row) for row in zip(*body)]
    return "\n".join(line.rstrip() for line in lines)
