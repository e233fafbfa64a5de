"""Tables and prose of a plain-text release: fixed-width tables as wire services print them.

A table is found from its rows: a line that ends in printed figures ("3,321",
"(1,059,574)", "-5.7%", "-") set off from its label by two spaces. Rows close
together form a table; its column headers are the lines above its first row
up to a blank gap or its title ("Table 1. ..." or an "Appendix 1" block), and
its columns are where the figures' right edges line up. Labels broken over
lines are joined; a label line ending in ":" is a section heading. A row of
nil dashes is a row; a page number ("- 12 -") is none. Text with wide
characters (Japanese) is laid out as a terminal shows it where its rows and
headers line up better so, and an ideographic space separates as spaces do.
"""

from __future__ import annotations

import bisect
import re

from ledgerlang.draft import dateline
from ledgerlang.draft.cells import _MARK, POINT, is_figure, is_year, looks_like_cell, notations, read_cell, symbols
from ledgerlang.draft.columns import DAY_MONTH_YEAR, DAY_SPAN, PERIOD_WORDS, currencies, scale_of
from ledgerlang.draft.layout import FILL, together, unfilled, widened
from ledgerlang.draft.release import Paragraph, RawRow, RawTable, Release
from ledgerlang.model.record import evolve
from ledgerlang.syntax.figures import MAX_DIGITS

FIGURE = r"\(?[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?\)?%?"
_FIGURE = re.compile(FIGURE)
_CELL = re.compile(rf"{FIGURE}|-")
_GLUED = re.compile(rf"\)({FIGURE})$")
_RULE = re.compile(r"^\s*[-=]{3}[-=\s]*$")  # not {3,}: both classes taking a dash backtracks quadratically
_TABLE_TITLE = re.compile(r"^\s*Table\s+\d+\s*[.:]")
_APPENDIX = re.compile(r"\bAppendix\s+\d+\s*$", re.IGNORECASE)
_DATE = re.compile(r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d{1,2}, \d{4}"
                   rf"|(?<!\w){DAY_MONTH_YEAR}")
_PERIOD = re.compile(PERIOD_WORDS)


_SYMBOLS = ("$", "US$", "¥", "€", "£")
_STATEMENT = re.compile(r"(?i)statements? of|balance sheets?|cash flows|income statement|計算書|貸借対照表|経営成績|財政状態"
                        r"|gewinn- und verlustrechnung|\bbilanz\b|kapitalflussrechnung|compte de r[ée]sultat|\bbilan\b"
                        r"|tableau des flux")
_PAGE_NUMBER = re.compile(r"\s*(?:[-–—]\s*\d{1,4}\s*[-–—]|(?i:page)\s+\d{1,4}(?:\s+(?i:of)\s+\d{1,4})?)\s*")


def _is_cell(word: str) -> bool:
    return bool(_CELL.fullmatch(word)) or looks_like_cell(word)


def split_row(line: str):
    """(label, [(start, end, text), ...]) when the line ends in printed cells, at least one a
    figure, else None. A cell is any word `cells.read_cell` reads, or a printed "no figure"
    mark (n/m); a short word that is neither, set off by two spaces between cells, is a cell
    that is not a figure (its text is kept, never joined to the label). Words are separated by
    plain spaces only: a no-break or thin space inside "1 200" is part of the figure."""
    if _PAGE_NUMBER.fullmatch(line):
        return None  # "- 12 -": a page's number, printed where a page of the PDF ended
    pos = len(line.rstrip(" "))
    cells = []
    glued = unknown = False
    while pos > 0:
        start = pos
        while start > 0 and line[start - 1] != " ":
            start -= 1
        start = _grouped_start(line, start, pos)
        word = line[start:pos].replace(FILL, "")
        before = start
        while before > 0 and line[before - 1] == " ":
            before -= 1
        if not word.strip():
            pos = before  # a no-break or ideographic space alone between cells: blank, no cell
            continue
        if word in _SYMBOLS and cells:
            pos = before  # "$ 1,200": the symbol in a word of its own
            continue
        if word in ("€", "£", "EUR", "CHF", "GBP") and start - before == 1 and _cell_left(line, before):
            pos = before  # "1,52 €": the currency after its figure, one space apart
            continue
        digits = (start - before >= 2 and before > 0 and len(word) <= 16 and re.search(r"\d", word) is not None
                  and re.fullmatch(r"[\d.,()%+'*\-−–△▲０-９，．（）％]+", word) is not None)  # "1.234,5": a cell, unread
        if _is_cell(word) or digits or (start - before >= 2 and len(word) <= 8 and (cells or before > 0)
                                        and _cell_left(line, before)):
            unknown = unknown or not _is_cell(word) and not digits
            cells.append((start, pos, word))
            pos = before
            continue
        m = _GLUED.search(word)
        if m and cells:
            cells.append((start + m.start(1), pos, m.group(1)))
            pos = start + m.start(1)
            glued = True
        break
    if not cells:
        return None
    cells.reverse()
    label = line[:pos]
    if label.strip():
        gap = cells[0][0] - len(label.rstrip())
        if gap < 2 and not glued:
            return None
        if label.rstrip().endswith((",", "=", "~")) or label.split()[-1] in ("and", "of", "to"):
            return None  # a sentence broken before its figure, not a row ("... compared to  1,200")
    read = [read_cell(c[2]) for c in cells]
    figure = [r is not None and r.text != "-" and is_figure(c[2]) for c, r in zip(cells, read)]
    figures = sum(figure)
    unread = sum(1 for c, r, f in zip(cells, read, figure) if r is not None and not f and re.search(r"\d", c[2]))
    dashes = sum(1 for r in read if r is not None and r.text == "-")
    nil_row = (bool(re.search(r"[^\W\d_]", label)) and dashes == len(cells)
               and (dashes >= 2 or cells[0][0] - len(label.rstrip()) >= 4))
    if not figures and not nil_row and (unread < 2 or not label.strip()):
        return None  # dashes or marks alone: a rule, not a row; a row of "1.234,5" is kept, to be reported
    # "Restructuring    —    —": a labelled row of nil dashes is a row (never joined to the next label)
    if unknown and (not label.strip() or figures < 2):
        return None  # "3  NTT Communications  4  KDDI": a list, not a row with a cell it cannot read
    years = [c[2] for c, r in zip(cells, read) if r is not None and r.text not in ("", "-")]
    if all(is_year(y) for y in years) and (not label.strip() or len(years) > 1 and all(
            abs(int(a) - int(b)) == 1 for a, b in zip(years, years[1:]))):
        return None  # "2003    2002" under "Year Ended December 31,": column headers
    return label, cells


# "1 045,6", "(2 074)", "-12 345 678": thousands set apart by one plain space, as European releases
# print them. The groups after the first are three digits each; the first stands after two spaces
# (or opens the line), as a cell does, so "Segment 2  345" keeps its label's number.
_SPACED_GROUP = re.compile(r"\d{3}(?:[.,]\d+)?%?\)?%?")
_SPACED_HEAD = re.compile(r"\(?[-+−–]?\d{1,3}")


def _grouped_start(line: str, start: int, pos: int) -> int:
    """Where the figure of the word at [start, pos) begins: before it, at its thousands set apart
    by single plain spaces ("1 045,6"), else at `start`."""
    if not _SPACED_GROUP.fullmatch(line, start, pos):
        return start
    at = start
    for _ in range(MAX_DIGITS // 3):  # a figure has at most 30 digits: a longer run is no one figure
        if not (at >= 2 and line[at - 1] == " " and line[at - 2].isdigit()):
            break
        head = at - 1
        while head > 0 and line[head - 1] != " ":
            head -= 1
        if not _SPACED_HEAD.fullmatch(line, head, at - 1):
            return start
        if head == 0 or head >= 2 and line[head - 2:head] == "  ":
            return head  # the figure's first group, where a cell begins
        if not re.fullmatch(r"\d{3}", line[head:at - 1]):
            return start
        at = head  # a middle group: "12 345 678"
    return start


def _cell_left(line: str, end: int) -> bool:
    """Does a cell end at `end` (the word before a short word that is no cell)? Never the line's first
    word: a label begins every row ("-  A  0" is the label "-  A", a bullet, and its figure)."""
    start = end
    while start > 0 and line[start - 1] != " ":
        start -= 1
    return start < end and line[:start].strip() != "" and _is_cell(line[start:end].replace(FILL, ""))


def _tabbed(lines: list[str]) -> list[str]:
    """Lines with tabs laid out as fixed-width text: a tab separates cells, so each run of lines
    with tabs (blank lines between them included) is set in columns, field by field: the first
    field (the label) to the left, the others to the right, two spaces apart at least."""
    out = list(lines)
    k = 0
    while k < len(lines):
        if "\t" not in lines[k]:
            k += 1
            continue
        end = k
        while end < len(lines) and ("\t" in lines[end] or not lines[end].strip()):
            end += 1
        while end > k and not lines[end - 1].strip():
            end -= 1
        fields = [lines[j].rstrip().split("\t") if lines[j].strip() else [] for j in range(k, end)]
        widths = {}
        for row in fields:
            for i, f in enumerate(row):
                widths[i] = max(widths.get(i, 0), len(f.strip()))
        for j, row in zip(range(k, end), fields):
            if not row:
                continue
            text = row[0].rstrip().ljust(widths[0])
            for i, f in enumerate(row[1:], 1):
                text += "  " + f.strip().rjust(widths[i])
            out[j] = text.rstrip()
        k = max(end, k + 1)  # a line of tabs and blanks alone ends the run at itself: past it
    return out


def _is_rule(line: str) -> bool:
    return bool(_RULE.match(line))


def _is_prose(lines: list[str], i: int, rows: set[int]) -> bool:
    line = lines[i]
    text = line.strip()
    if not text or i in rows or _is_rule(line):
        return False
    if len(text) < 45 or re.search(r"\S {3,}\S", text):
        return False
    if text.startswith("(") and text.endswith(")") or text.upper() == text:
        return False  # "(in thousands of U.S. dollars, except per share data)", a title in capitals
    if _STATEMENT.search(text) and not text.endswith((".", ":")) and len(text) < 120:
        return False  # "Konzern-Gewinn- und Verlustrechnung (verkürzt)": a statement's title, not a sentence
    j = i + 1
    while j < len(lines) and not lines[j].strip():
        j += 1
    return not (j < len(lines) and j in rows and j == i + 1)


def _anchor(lines: list[str], i: int) -> bool:
    return bool(_TABLE_TITLE.match(lines[i]) or _APPENDIX.search(lines[i]))


def read_text(text: str, path: str) -> Release:
    lines = [together(line) for line in _tabbed(text.removeprefix("\ufeff").split("\n"))]
    if lines and lines[-1] == "":
        lines.pop()
    wide = widened(lines)
    if wide is not None:
        return unfilled(_read_lines(wide, text, path))
    return _read_lines([line.replace("\u3000", " ") for line in lines], text, path)


def _read_lines(lines, text: str, path: str) -> Release:
    rows = {i for i, line in enumerate(lines) if split_row(line)}
    prose = {i for i in range(len(lines)) if _is_prose(lines, i, rows)}
    anchors = {i for i in range(len(lines)) if _anchor(lines, i)}

    clusters: list[list[int]] = []
    for i in sorted(rows):
        if clusters and not _boundary(lines, clusters[-1][-1], i, prose, anchors):
            clusters[-1].append(i)
        else:
            clusters.append([i])
    # a table of one row is a table where the row prints two cells or more; a row of one figure alone
    # is left to the narrative, as every line outside a table is (never dropped)
    clusters = [c for c in clusters if len(c) >= 2 or len(split_row(lines[c[0]])[1]) >= 2]

    tables = []
    previous = None  # (anchor line, title, context) of the last table
    last_end = -1
    for cluster in clusters:
        table, previous = _table(lines, cluster, prose, anchors, previous, last_end)
        last_end = cluster[-1]
        if tables and table.headers == tables[-1].headers and CONTINUED.search(table.title) and not (
                currencies(f"{table.title} {table.context}") or scale_of(f"{table.title} {table.context}")):
            # the same columns on the next page ("... (continued)"), with no units of their own: the page before's
            table = evolve(table, context=f"{table.context} {tables[-1].context}".strip())
        elif tables and _repeated(tables[-1], table):
            # the last line of the headers printed again over more rows ("2025  2024  2025  2024" under
            # "Q2 ... 6M" above): the same columns go on, never years of their own
            first = tables[-1]
            table = evolve(table, headers=first.headers, title=f"{first.title}, continued", context=first.context)
        tables.append(table)

    covered = set()
    for t in tables:
        covered.update(range(t.line - 1, t.end_line))
    paragraphs = _paragraphs(lines, covered)
    title = next((line.strip() for line in lines
                  if line.strip() and not line.strip().lower().startswith("exhibit")), path)
    found = dateline.read(dateline.text_blocks(lines, tables[0].line if tables else len(lines) + 1, paragraphs))
    return Release(path=path, title=title, date=found.date, date_seen=found.seen, tables=tuple(tables),
                   paragraphs=tuple(paragraphs), line_count=len(lines))


# A table's title that says it goes on from the page before: "(continued)", "(suite)", "(Fortsetzung)"
CONTINUED = re.compile(r"(?i)\b(?:continued|cont(?:'|’)?d|suite|fortsetzung|fortgesetzt|forts\.)(?!\w)")


def _repeated(first, table) -> bool:
    """Are a table's column headers the last words of the headers of the table above, column for column
    ("2025" under "Q2 2025"), so that it is that table's columns printed again over more rows?"""
    heads = table.headers
    return (len(heads) == len(first.headers) > 0 and table.context in (first.context, "")
            and all(h and p != h and p.endswith(f" {h}") for h, p in zip(heads, first.headers)))


def _boundary(lines, a: int, b: int, prose: set[int], anchors: set[int]) -> bool:
    """Do rows a < b belong to different tables?"""
    blanks = 0
    for k in range(a + 1, b):
        if k in prose or k in anchors:
            return True
        if not lines[k].strip():
            blanks += 1
            continue
        indented = not _is_rule(lines[k]) and len(lines[k]) - len(lines[k].lstrip()) >= 20
        if indented and blanks >= 2:
            return True
        if _periods_only(lines[k]):
            return True  # "3Q03  4Q03" between rows: the columns of a new block, whose rows are other periods
        if indented and blanks >= 1 and any(_is_rule(lines[j]) for j in range(k + 1, min(k + 4, b))):
            return True  # a new block of column headers, underlined
        blanks = 0
    return False


# A part of a year printed without its year, over the years of its columns on the line below ("Q2", "6M", "H1")
_PART_ALONE = re.compile(r"[1-4]Q|Q[1-4]|[12]H|H[12]|S[12]|T[1-4]|[369]M|12M")
# What a line of column headers prints beside its periods: a change column's head, a footnote mark.
_MARKS_AFTER = re.compile(r"(?<=\S)(?:[¹²³⁰-⁹]+|\*{1,3}|\(\d{1,2}\))(?!\S)")
_HEAD_WORDS = re.compile(r"(?i)(?<!\S)(?:Δ ?%?|\+/[-–] ?%?|%|change(?: in %)?|chg\.?|variation|ver[äa]nderung(?: in %)?|"
                         r"yoy|qoq|restated|angepasst|retrait[ée]e?s?|[¹²³⁰-⁹]+|\(\d{1,2}\)|\*{1,3})(?!\S)")


def _periods_only(line: str) -> bool:
    """Is the line two or more period labels, dates or years and nothing else (a block's column
    headers), but for the heads of change columns and, set apart before them, a label or a units
    line ("in TEUR    Q2 2025    Q2 2024    Δ %")?"""
    text = _MARKS_AFTER.sub("", line.strip())  # "2024 restated*", "H1 2024¹"
    lead = re.match(r"\S+(?: \S+)* {2,}", text)
    for rest in (text, text[lead.end():] if lead else None):
        if rest is None:
            continue
        rest, spans = DAY_SPAN.subn(" ", rest)
        rest, periods = _PERIOD.subn(" ", rest)
        periods += spans
        rest, dates = _DATE.subn(" ", rest)
        rest, years = re.subn(r"(?<!\S)(?:19|20)\d\d(?!\S)", " ", rest)
        if periods + dates + years >= 2 and not _HEAD_WORDS.sub(" ", rest).strip():
            return True
    return False


def _table(lines, cluster, prose, anchors, previous, last_end):
    first, last = cluster[0], cluster[-1]
    # Walk up from the first row: the labels above it, the column headers, the title block.
    k = first - 1
    above = []
    anchor = None
    while k > last_end:
        if k in anchors:
            anchor = k
            break
        if k in prose and not _title_block_above(lines, k, anchors):
            break
        above.append(k)
        k -= 1
    above.reverse()
    # The header zone: after the last blank gap (or the title line).
    zone_start = 0
    blanks = 0
    for idx, k in enumerate(above):
        if not lines[k].strip():
            blanks += 1
        else:
            if blanks >= 1:
                zone_start = idx
            blanks = 0
    zone = [k for k in above[zone_start:]]
    title_block = [k for k in above[:zone_start] if lines[k].strip() and not _is_rule(lines[k])]

    columns = _columns(lines, cluster)
    lefts = min(c[0] for c in columns)
    # Column headers: zone lines with text over the figures, before the first label line.
    header_lines = []
    for k in zone:
        line = lines[k]
        if not line.strip() or _is_rule(line) or k in cluster:
            continue
        if line.rstrip().endswith(":"):
            continue
        if any(end > lefts - 1 and start >= lefts - 8 for start, end, _ in _phrases(line)):
            header_lines.append(k)
    label_lines = [k for k in zone if lines[k].strip() and not _is_rule(lines[k])
                   and (not header_lines or k > header_lines[-1])]
    # a title or units line printed over the labels on a line of column headers ("in TEUR   Q2 2025   Q2 2024",
    # "Key figures (CHF m)   H1 2025   H1 2024"): the table's own, as a line above it would be
    corner = [text for k in header_lines for start, end, text in _phrases(lines[k])
              if end <= lefts - 2 and start < lefts - 8 and not _PERIOD.fullmatch(text) and not _DATE.fullmatch(text)]

    if anchor is not None:
        title_line = lines[anchor].strip()
        context_lines = [lines[anchor]] + [lines[k] for k in title_block]
        m = _APPENDIX.search(lines[anchor])
        if m:
            name = next((lines[k].strip() for k in title_block), "")
            title = f"{m.group(0).strip()}. {name}".strip().rstrip(".")
            title = re.sub(r"\s+", " ", title)
        else:
            title = re.sub(r"\s+", " ", title_line)
        anchor_info = (anchor, title, " ".join(x.strip() for x in context_lines), None)
    elif previous is not None and _continues(lines, previous, first, prose) and not corner and not _own_title(
            lines, above[:zone_start], [k for k in zone if header_lines and k < header_lines[0]]):
        anchor_info = previous
        anchor = previous[0]
    else:
        # the title block is the nearest run of lines above the headers, not a narrative's tail
        runs, run = [], []
        for k in above[:zone_start]:
            if lines[k].strip():
                run.append(k)
            elif run:
                runs.append(run)
                run = []
        if run:
            runs.append(run)
        if runs:
            title_block = [k for k in runs[-1] if not _is_rule(lines[k])] or title_block
        # a heading printed right above the column headers ("（１）連結損益計算書"), no gap between, titles
        # the table; a units line there ("（単位：百万円）") is part of its context either way
        pre = [k for k in zone if header_lines and k < header_lines[0] and lines[k].strip() and not _is_rule(lines[k])]
        heading = [k for k in pre if not re.fullmatch(r"[(（].*[)）]", lines[k].replace(FILL, "").strip())]
        if heading:
            title_block = heading + [k for k in pre if k > heading[-1]] + title_block
        else:
            title_block = title_block + pre
        # the statement's name rather than the company's above it ("GLOBEX CORPORATION" / "CONDENSED ...")
        named = [k for k in title_block if _STATEMENT.search(lines[k].replace(FILL, ""))]
        near = next((re.sub(r"\s+", " ", lines[k].strip()) for k in named or title_block), "") or next(
            (lines[k].strip() for k in reversed(range(max(0, first - 8), first))
             if lines[k].strip() and not _is_rule(lines[k]) and k not in rows_of(cluster)), "")
        if not title_block and corner:
            near = near if named else corner[0]
        anchor_info = (title_block[0] if title_block else header_lines[0] if corner else first,
                       near or f"Table at line {first + 1}",
                       " ".join([lines[k].strip() for k in title_block] + corner), None)
        anchor = anchor_info[0]

    headers = _headers(lines, header_lines, zone, columns)
    title = anchor_info[1]
    if previous is not None and anchor_info[:3] == previous[:3]:
        spans = _spanning(lines, header_lines, columns)
        title = f"{title}, {spans}" if spans else f"{title}, line {first + 1}"
    elif anchor_info[1] and header_lines and _APPENDIX.search(lines[anchor_info[0]]):
        spans = _spanning(lines, header_lines, columns)
        if spans:
            title = f"{title}, {spans}"

    start_rows = (label_lines[0] if label_lines else first)
    anchor_info = anchor_info[:3] + (last,)
    body, notation = _rows(lines, start_rows, last, columns, set(cluster))
    table = RawTable(title=title, context=anchor_info[2], headers=tuple(headers), rows=tuple(body),
                     line=anchor_info[0] + 1 if anchor is not None else first + 1, end_line=last + 1,
                     header_line=(header_lines[0] + 1) if header_lines else first + 1, notation=notation,
                     symbols=symbols(lines[k][len(split_row(lines[k])[0]):] for k in cluster))
    if table.header_line < table.line:
        table = evolve(table, line=table.header_line)
    return table, anchor_info


def _title_block_above(lines, k: int, anchors: set[int]) -> bool:
    """Is line k inside a title block (an "Appendix 1" heading with no blank line to it)?"""
    for j in range(k - 1, max(-1, k - 10), -1):
        if not lines[j].strip():
            return False
        if j in anchors:
            return True
    return False


def _own_title(lines, before_zone, pre) -> bool:
    """Does a table print a title of its own above its column headers ("Consolidated balance sheet",
    "EUR million"), so that it does not continue the table before it, whose title and units are not its?"""
    if any(lines[k].strip() and not _is_rule(lines[k]) for k in pre):
        return True
    run = []
    for k in reversed(before_zone):
        if not lines[k].strip():
            if run:
                break
            continue
        run.append(lines[k])
    return any(_STATEMENT.search(t) or scale_of(t) or currencies(t) for t in run)


def rows_of(cluster):
    return set(cluster)


def _continues(lines, previous, first, prose) -> bool:
    """Does a table without a title of its own continue the last one (an appendix in parts,
    or a second block of columns under the same title)?"""
    if _APPENDIX.search(lines[previous[0]]) is not None:
        return True
    return previous[3] is not None and not any(k in prose for k in range(previous[3], first))


def _core_end(start: int, end: int, text: str) -> int:
    """Where a cell's figure ends: its footnote mark, ")" and "%" aside (they hang past the column)."""
    mark = _MARK.search(text) if not text[-1:].isdigit() else None
    core = text[:mark.start()] if mark is not None and mark.start() > 0 else text
    return end - (len(text) - len(core.rstrip(")%")))  # from the end: `end` counts wide characters twice


def _columns(lines, cluster) -> list[tuple[int, int, int, int]]:
    """Column spans (start, end, first core end, last core end) from where the figures' right
    edges line up. Groups of edges whose cells overlap, and that no row prints a cell in both
    of, are one column printed left-aligned or out of line. In n log n of the cells."""
    cells = []  # (core end, start, end, row)
    for r, i in enumerate(cluster):
        _, found = split_row(lines[i])
        cells.extend((_core_end(*c), c[0], c[1], r) for c in found)
    cells.sort()
    groups: list[list] = []  # [start, end, first core end, last core end, rows]
    for e, start, end, r in cells:
        if groups and e - groups[-1][3] <= 1:
            g = groups[-1]
            g[0], g[1], g[3] = min(g[0], start), max(g[1], end), e
            g[4].add(r)
        else:
            groups.append([start, end, e, e, {r}])
    spans: list[list] = []
    for g in groups:
        last = spans[-1] if spans else None
        if last is not None and g[0] < last[1] and not (last[4] & g[4]):
            last[0], last[1], last[3] = min(last[0], g[0]), max(last[1], g[1]), g[3]
            last[4] |= g[4]
        else:
            spans.append(list(g))
    return [tuple(s[:4]) for s in spans]


def _column_of(columns, cell) -> int | None:
    e = _core_end(*cell)
    idx = bisect.bisect_left(columns, e, key=lambda col: col[3])
    if idx < len(columns) and columns[idx][2] <= e <= columns[idx][3]:
        return idx
    return None


def _phrases(line: str):
    """(start, end, text) of each phrase of a header line: words joined by single spaces;
    two dates in one phrase are split."""
    out = []
    for m in re.finditer(r"\S+(?: \S+)*", line):
        text = m.group(0)
        dates = list(_DATE.finditer(text)) + list(_PERIOD.finditer(text))
        if DAY_SPAN.fullmatch(text):
            dates = []  # "01.01.–30.06.2025": one period, from its first day to its last
        if dates and (len(dates) >= 2 or dates[0].group(0) != text):
            dates.sort(key=lambda d: d.start())
            at = 0
            for d in dates:
                if text[at:d.start()].strip():
                    rest = text[at:d.start()]
                    lead = len(rest) - len(rest.lstrip())
                    out.append((m.start() + at + lead, m.start() + at + len(rest.rstrip()), rest.strip()))
                out.append((m.start() + d.start(), m.start() + d.end(), d.group(0)))
                at = d.end()
            if text[at:].strip():
                rest = text[at:]
                out.append((m.start() + at + len(rest) - len(rest.lstrip()), m.start() + len(text), rest.strip()))
        else:
            out.append((m.start(), m.end(), text))
    return out


def _dash_runs(line: str):
    return [(m.start(), m.end()) for m in re.finditer(r"[-=]+", line)]


def _extents(lines, header_lines, zone, first_column):
    """Each header phrase with its extent: an underline below a phrase widens it."""
    found = []
    for k in header_lines:
        below = k + 1
        runs = _dash_runs(lines[below]) if below < len(lines) and _is_rule(lines[below]) and below in zone else []
        for start, end, text in _phrases(lines[k]):
            lo, hi = start, end
            for a, b in runs:
                if a < first_column - 3:
                    continue  # a rule across the whole table, not an underline
                if a < end and b > start and (b - a) > (end - start):
                    lo, hi = min(lo, a), max(hi, b)
            found.append((k, lo, hi, text, start, end))
    return found


def _headers(lines, header_lines, zone, columns) -> list[str]:
    texts = [[] for _ in columns]
    first_start = columns[0][0]
    placed = {}  # header line -> [(phrase, the columns it stands over)]
    for k, lo, hi, text, start, end in _extents(lines, header_lines, set(zone), first_start):
        if hi <= first_start - 1 and not _PERIOD.fullmatch(text):
            continue  # over the labels
        hits = [i for i, c in enumerate(columns) if lo < c[1] and hi > c[0]]
        if not hits:
            centre = (lo + hi) / 2
            best = min(range(len(columns)), key=lambda i: abs((columns[i][0] + columns[i][1]) / 2 - centre))
            if abs((columns[best][0] + columns[best][1]) / 2 - centre) <= 6:
                hits = [best]
        placed.setdefault(k, []).append((text, hits, start, end))
    # A line of years alone over more columns than years ("2024   2023" over "Q1 Q2 Q1 Q2"): each column
    # stands under the year nearest it, as each year is centred over its group.
    for k, found in placed.items():
        # So does a line of the parts of a year alone ("Q2      6M" over "2025 2024 2025 2024"), and one
        # part over two columns: "Q2" stands over both of its years, never over the nearer one alone.
        years = all(re.fullmatch(r"(?:FY ?)?(?:19|20)\d\d", t) for t, *_ in found)
        parts = all(_PART_ALONE.fullmatch(t) for t, *_ in found) and k + 1 in placed  # the years on the next line
        if (years and 2 <= len(found) or parts) and len(found) < len(columns):
            centres = [(lo + hi) / 2 for _, _, lo, hi in found]
            groups = {n: [] for n in range(len(found))}
            for i, c in enumerate(columns):
                middle = (c[0] + c[1]) / 2
                groups[min(range(len(found)), key=lambda n: abs(centres[n] - middle))].append(i)
            placed[k] = [(t, groups[n] or hits, lo, hi) for n, (t, hits, lo, hi) in enumerate(found)]
    # A phrase alone under one that spans several columns spans them too: "September 30," printed
    # within "Three Months Ended", over narrow figures ("$ 1.24") it reaches only the first of.
    lines_in_order = sorted(placed)
    for above, k in zip(lines_in_order, lines_in_order[1:]):
        if k != above + 1:
            continue  # an underline between: the phrase above heads a group, the one below a column
        for n, (text, hits, lo, hi) in enumerate(placed[k]):
            over = [p for p in placed[above] if p[2] < hi and p[3] > lo]
            if len(over) != 1 or not set(hits) < set(over[0][1]) or not over[0][2] - 2 <= lo <= hi <= over[0][3] + 2:
                continue
            under = [q for q in placed[k] if q[2] < over[0][3] and q[3] > over[0][2]]
            if len(under) == 1:
                placed[k][n] = (text, list(over[0][1]), lo, hi)
    placed = {k: [(text, hits) for text, hits, _, _ in found] for k, found in placed.items()}
    for k, found in placed.items():
        # A line of one phrase per column that does not stand one over each (the header set off
        # from the figures, as a tab-expanded table prints it) is read in order, never shifted by one.
        periods = [t for t, _ in found if _PERIOD.fullmatch(t) or _DATE.fullmatch(t)]
        if len(periods) == len(found) == len(columns) and sorted(i for _, h in found for i in h) != list(
                range(len(columns))):
            found = [(t, [i]) for i, (t, _) in enumerate(found)]
        for text, hits in found:
            for i in hits:
                texts[i].append(text)
    return [" ".join(t) for t in texts]


def _spanning(lines, header_lines, columns) -> str:
    """The header phrases that stand over every column: a sub-table's own title."""
    out = []
    zone = set(header_lines) | {k + 1 for k in header_lines}
    for _, lo, hi, text, _, _ in _extents(lines, header_lines, zone, columns[0][0]):
        hits = [c for c in columns if lo < c[1] and hi > c[0]]
        if len(hits) == len(columns) and len(columns) > 1:
            out.append(text)
    if not out and header_lines:
        out = [text for _, _, text in _phrases(lines[header_lines[0]])]
    return ", ".join(out)


def _rows(lines, start: int, last: int, columns, row_set) -> tuple[list[RawRow], str]:
    """The table's rows, and how its notation was decided (`cells.notations`)."""
    printed = {k: split_row(lines[k]) for k in range(start, last + 1) if k in row_set}
    how, each = notations([[c[2] for c in split[1]] for split in printed.values()])
    notation = dict(zip(printed, each))
    out = []
    pending: list[str] = []
    pending_indent = 0
    section = ""
    group = ("", -1)
    for k in range(start, last + 1):
        line = lines[k]
        if not line.strip() or _is_rule(line):
            if pending:
                section = _join(pending).rstrip(":")
                pending = []
            continue
        if k in row_set:
            label, cells = printed[k]
            label_text = label.rstrip()
            indent = len(label) - len(label.lstrip())
            inner = re.search(r"\S( {3,})\S", label_text)
            if inner and not pending:
                group = (label_text[:inner.start(1)].strip(), inner.end(1))
                label_text = label_text[inner.end(1):]
            elif group[0] and indent >= group[1] - 1 and not pending:
                label_text = label_text.strip()
            else:
                group = ("", -1)
            name = _join(pending + [label_text.strip()]) if label_text.strip() else _join(pending)
            if group[0]:
                name = f"{group[0]}, {name}"
            pending = []
            placed = [""] * len(columns)
            # a figure set apart inside the label ("Depreciation   ( 400 )"): kept in the label, and said so
            notes = [(None, f"printed {m.group(1)!r} inside the label, apart from its words: check it is not a "
                            "figure of the row") for m in re.finditer(r"(?<=\S {3})(\S+(?: \S+)?)(?= {3}|$)",
                                                                      label.rstrip())
                     if is_figure(m.group(1).replace(" ", ""))]
            for cell in cells:
                idx = _column_of(columns, cell)
                read = read_cell(cell[2], notation.get(k, POINT))
                if idx is None or placed[idx]:
                    notes.append((None, f"printed {cell[2]!r} where no column of its own is: left out"))
                    continue
                placed[idx] = read.text
                if read.note:
                    notes.append((idx, read.note))
            above = next((j for j in range(k - 1, start - 1, -1) if lines[j].strip()), None)
            if not name and section and above is not None and _is_rule(lines[above]):
                # figures alone under a rule, in a section ("Revenues:"): the section's total, printed unlabelled
                name = f"Total {section}"
                notes.append((None, f"no label printed: named {name!r} after its section, as the figures under "
                                    "the rule; check"))
            out.append(RawRow(label=name, section=section, cells=tuple(placed), line=k + 1, notes=tuple(notes)))
            continue
        text = line.strip()
        indent = len(line) - len(line.lstrip())
        starts_next = k + 1 in row_set and len(lines[k + 1]) - len(lines[k + 1].lstrip()) == indent
        if (out and out[-1].line == k and not pending and text[:1].islower() and not text.endswith(":")
                and indent > len(lines[k - 1]) - len(lines[k - 1].lstrip()) and not starts_next):
            # "  expenses" under "Selling, general and administrative   60,114": the row above's label goes on
            out[-1] = evolve(out[-1], label=_join([out[-1].label, text]))
            continue
        rest = re.search(r"\S( {2,})(\S.*)$", text)
        if rest and re.search(r"\d", rest.group(2)):
            # printed like a row, but its cells do not read as figures: kept, never joined to a label
            name = _join(pending + [text[:rest.start(1)]])
            pending = []
            out.append(RawRow(label=name, section=section, cells=("",) * len(columns), line=k + 1,
                              notes=((None, f"printed {rest.group(2)!r}: not read as figures"),)))
            continue
        if pending and text.endswith(":") and not pending[-1].endswith("-") and indent <= pending_indent:
            section = _join(pending).rstrip(":")
            pending = []
        if not pending:
            pending_indent = indent
        pending.append(text)
        if text.endswith(":"):
            section = _join(pending).rstrip(":")
            pending = []
            group = ("", -1)
    return out, how


def _join(parts: list[str]) -> str:
    out = ""
    for part in parts:
        part = part.strip()
        if not out:
            out = part
        elif out.endswith("-") and part[:1].islower():
            out += part
        else:
            out += " " + part
    return re.sub(r"\s+", " ", out)


def _paragraphs(lines, skip: set[int]) -> list[Paragraph]:
    out = []
    words: list[tuple[str, int]] = []

    def close():
        if words:
            out.append(Paragraph(text=" ".join(w for w, _ in words), line=words[0][1],
                                 lines=tuple(n for _, n in words)))
            words.clear()

    for k, line in enumerate(lines):
        if k in skip or not line.strip() or _is_rule(line):
            close()
            continue
        indent, before = len(line) - len(line.lstrip()), len(lines[k - 1]) - len(lines[k - 1].lstrip())
        if line.lstrip().startswith(("- ", "● ", "* ", "• ", "○ ")) and words:
            close()
        elif indent == 4 and before == 0 and words:
            close()  # a paragraph's first line is indented
        elif (line.startswith("    ") and words and lines[k - 1].startswith("    ")
              and len(lines[k - 1]) - len(lines[k - 1].lstrip()) == 4):
            close()
        for w in line.split():
            words.append((w, k + 1))
    close()
    return out
