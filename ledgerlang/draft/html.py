"""Tables and prose of an HTML release, read with lxml's HTML parser (never patterns on markup).

Each `<table>` with a figure in its own rows (not those of a table nested in
one of its cells) is a table: rows of `<th>` cells (or in `<thead>`, or before
any row with a figure, or of years alone) are its column headers, spanned cells
standing over every column they span, and the corner cell's text ("in millions
of yen") is part of its context; each other row is a label and its figures, and
a row with a label alone is a section heading. A figure spanning columns is
printed for no one period: it is kept in a note, never copied into each. The title is the `<caption>`, or
the nearest heading before the table; the text between them is its context
(scale, currency, "three months ended"). A "$" in a cell of its own is
dropped and a lone ")" or "%" joins the figure before it, as filings print them.
A cell or row hidden from the reader (`display:none`) is not printed; a row of
the units alone ("（単位：千円）") is the table's context; a `<sup>` mark is
a footnote mark. Paragraphs outside tables are the narrative.
"""

from __future__ import annotations

import re

from ledgerlang.diagnostic import error
from ledgerlang.draft import dateline, japanese
from ledgerlang.draft.cells import is_figure, is_year, looks_like_cell, notations, read_cell, symbols
from ledgerlang.draft.columns import currencies, scale_of
from ledgerlang.draft.release import Paragraph, RawRow, RawTable, Release
from ledgerlang.draft.text import CONTINUED, _periods_only
from ledgerlang.model.record import evolve
from ledgerlang.model.span import Span

_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_UNITS_LINE = re.compile(r"単位|^\(?\s*(?:in |expressed in |amounts in )?(?:thousands|millions|billions)\b", re.I)


def _text(element, skip_tables: bool = False) -> str:
    """An element's text, whitespace collapsed; a `<br>` is a space ("revenue<br>and support").
    With `skip_tables`, the text of tables inside it is not its own (a layout table's cell)."""
    if not isinstance(element.tag, str):
        return ""  # a comment or a processing instruction
    parts = []
    stack = [(element, False)]
    while stack:  # the tree in document order, without recursion (markup may nest deeply)
        node, tail = stack.pop()
        if tail:
            parts.append(node.tail or "")
            continue
        if node is not element:
            stack.append((node, True))
        if not isinstance(node.tag, str):
            continue
        if node.tag == "br":
            parts.append(" ")
        if node is not element and skip_tables and node.tag == "table":
            continue
        if node.tag == "sup" and node is not element:
            mark = "".join(node.itertext()).strip().strip("()")
            if re.fullmatch(r"[0-9]{1,2}|[a-z]|\*{1,3}|[†‡§¶]", mark):
                parts.append(f"({mark})" if mark[0].isalnum() else mark)  # a footnote mark, as read_cell knows it
                continue
        parts.append(node.text or "")
        stack.extend((child, False) for child in reversed(node))
    return re.sub(r"[ \t\n\r\f\v\xa0]+", " ", "".join(parts)).strip()


def read_html(data: bytes, path: str):
    import lxml.etree
    import lxml.html

    span = Span(path, 1, 1, 1, 1)
    parser = _parser(data)
    try:
        doc = lxml.html.document_fromstring(data, parser=parser)
    except (lxml.etree.ParserError, ValueError) as exc:
        return None, [error("draft-unreadable", f"the release is not readable HTML: {exc}", span,
                            "hint: save the page as HTML or plain text and try again")]
    too_deep = _too_deep(doc, parser, path)
    if too_deep is not None:
        return None, [too_deep]
    for bad in doc.xpath("//script|//style|//comment()"):
        if bad.getparent() is not None:  # a comment before or after the root element is in no text
            bad.drop_tree()  # and the text after it (its tail) stays: "<!-- c -->1,234" is 1,234
    tables = []
    used = set()
    read = set()  # the tables of figures: a paragraph in one of their cells is part of the table
    for table in doc.xpath("//table"):
        found = _tables(table, used)
        if found:
            read.add(table)
        tables.extend(_continued(tables, raw) for raw in found)
    paragraphs = []
    for element in doc.xpath("//p|//li|//h1|//h2|//h3|//h4|//h5|//h6"):
        # a page laid out in a table (a cell holding its text) keeps its narrative
        if element in used or next(element.iterancestors("table"), None) in read or element.xpath(".//p|.//li"):
            continue
        text = _text(element)
        if text:
            line = element.sourceline or 1
            paragraphs.append(Paragraph(text=text, line=line, lines=(line,) * len(text.split(" "))))
    title_el = doc.xpath("//title")
    title = _text(title_el[0]) if title_el and _text(title_el[0]) else (paragraphs[0].text if paragraphs else path)
    lines = data.count(b"\n") + 1
    found = dateline.read(_head_blocks(doc, read))
    return Release(path=path, title=title, date=found.date, date_seen=found.seen, tables=tuple(tables),
                   paragraphs=tuple(paragraphs), line_count=lines), []


# the elements that start a line of their own, as a browser lays them out
_BLOCKS = frozenset({"title", "p", "div", "br", "td", "th", "tr", "li", "dt", "dd", "caption", "center", "pre",
                     "blockquote", "section", "article", "header", "address", *_HEADINGS})


def _head_blocks(doc, figures) -> list[tuple[int, str]]:
    """(line, text) of each line of the page's head as a browser lays it out, for the release's date
    (`dateline.read`): the title, then the text before the first of the tables of figures (`figures`),
    within `dateline.HEAD_CHARACTERS`; a cell of a table laid out by hand is a line of its own."""
    out, parts, line = [], [], 1
    budget = dateline.HEAD_CHARACTERS

    def close():
        nonlocal budget
        text = re.sub(r"[ \t\n\r\f\v\xa0]+", " ", "".join(parts)).strip()
        parts.clear()
        if text:
            out.append((line, text))
            budget -= len(text)

    stack = [(doc, False)]
    while stack and budget > 0:  # the tree in document order, without recursion (markup may nest deeply)
        node, tail = stack.pop()
        if not isinstance(node.tag, str):
            if tail:
                parts.append(node.tail or "")
            continue
        if tail:
            if node.tag in _BLOCKS:
                close()
            parts.append(node.tail or "")
            continue
        if node in figures:
            break
        if node.tag in _BLOCKS:
            close()
            line = node.sourceline or line
        elif not parts:
            line = node.sourceline or line
        parts.append(node.text or "")
        stack.append((node, True))
        stack.extend((child, False) for child in reversed(node))
    close()
    return out


# What a PDF tool prints between the parts of a table cut by a page: its number ("1/2", "- 2 -", "Page 2 of 5").
_PAGE = re.compile(r"(?i)\s*(?:[-–—]\s*\d{1,4}\s*[-–—]|(?:page|seite)\s+\d{1,4}(?:\s+(?:of|von|sur|de)\s+\d{1,4})?"
                   r"|\d{1,4}\s*/\s*\d{1,4}|\d{1,4})\s*")


def _continued(tables, raw):
    """A table as a PDF tool exports a page of it: where it repeats the column headers of the table
    before it and has no title of its own (a page number, or none), it is that table's next page, with
    its title and units; never a table of figures in no unit titled "1/2"."""
    if not tables or not raw.headers:
        return raw
    first = tables[-1]
    notes = [part for part in re.split(r"\s(?=[(（※注])", raw.context) if NOTE.match(part)]
    if raw.title.startswith("Table at line ") and notes:
        # "(注)包括利益 …" between the two tables of a 決算短信's (1)連結経営成績: a note on the table above,
        # and the table under it that table's other columns (per share, ratios), not one titled by the note
        return evolve(raw, title=f"{first.title}, continued", printed_as=(
            f"check: no title printed over it, only a note on the table above (line {first.line}): drafted "
            f"as its continuation"))
    if raw.headers != first.headers:
        said = f"{raw.title} {raw.context}"
        if raw.title.startswith("Table at line ") and not currencies(said) and not scale_of(said) and (
                _repeats_rows(first, raw)):
            # "Twelve Months Ended" under "Three Months Ended": the same statement's rows again, printed with
            # no title or units line of its own, is in the units of the table above, never in whole dollars
            return evolve(raw, title=f"{first.title}, continued", context=first.context, printed_as=(
                f"check: no title or units printed over it; its rows repeat those of the table above (line "
                f"{first.line}): drafted with its title and units"))
        return raw
    if _PAGE.fullmatch(raw.title) or raw.title.startswith("Table at line "):
        return evolve(raw, title=f"{first.title}, continued", context=first.context)
    if CONTINUED.search(raw.title) and not currencies(f"{raw.title} {raw.context}") and not scale_of(
            f"{raw.title} {raw.context}"):
        # "Compte de résultat consolidé (suite)": its own title, the units of the page before
        return evolve(raw, context=f"{raw.context} {first.context}".strip())
    return raw


def _repeats_rows(first, raw) -> bool:
    """Does a table print, for the most part, the rows of the table before it (two at least)?"""
    def labels(table):
        return [re.sub(r"\s+", " ", r.label).strip().lower() for r in table.rows if r.label.strip()]
    above, here = set(labels(first)), labels(raw)
    shared = sum(1 for label in here if label in above)
    return shared >= 2 and 2 * shared >= len(here)


# As browsers bound them (the HTML standard's limits): a hostile colspan="50000000" is 1000.
MAX_COLSPAN = 1000
MAX_ROWSPAN = 65534
MAX_CELLS = 200_000  # and the places all spans of a table fill together


def _span(cell, name: str, limit: int) -> int:
    value = (cell.get(name, "1") or "1").strip()
    return max(1, min(int(value), limit)) if value.isdigit() and len(value) < 12 else 1


def _grid(rows):
    """Each row's cells as (text, is_header, element, first) laid out by colspan and rowspan;
    `first` is False for the places a spanned cell covers past its own."""
    grid, pending = [], {}
    budget = MAX_CELLS  # places spans may fill, in all: linear in the markup past it
    for r, tr in enumerate(rows):
        out, col = [], 0
        for cell in tr.xpath("./th|./td"):
            if _hidden(cell):
                continue  # not shown, so not printed: a browser lays the row out without it
            while (r, col) in pending:
                out.append(pending.pop((r, col)))
                col += 1
            span = _span(cell, "colspan", MAX_COLSPAN)
            down = min(_span(cell, "rowspan", MAX_ROWSPAN), len(rows) - r)
            if span * down > 1:
                budget -= span * down
                if budget < 0:
                    span = down = 1
            text = _text(cell, skip_tables=True)
            for k in range(span):
                out.append((text, cell.tag == "th", cell, k == 0))
                for d in range(1, down):
                    pending[(r + d, col + k)] = (text, cell.tag == "th", cell, False)
            col += span
        while (r, col) in pending:
            out.append(pending.pop((r, col)))
            col += 1
        grid.append((tr, out))
    return grid


def _hidden(element) -> bool:
    """Is the element hidden from a reader of the page (`hidden`, `display:none`)?"""
    style = re.sub(r"\s+", "", (element.get("style") or "").lower())
    return element.get("hidden") is not None or "display:none" in style


def _is_figure(text: str) -> bool:
    return bool(text) and is_figure(_cell(text))


def _parser(data: bytes):
    """lxml's HTML parser for the page's bytes: its declared charset, else UTF-8 when the bytes
    are UTF-8 (as browsers read a file), else EUC-JP or Shift_JIS (CP932) when they read so and write
    Japanese (a Japanese page that declares nothing), else lxml's default. A parser of its own, so that
    its errors are the page's alone."""
    import lxml.html

    if re.search(rb"<meta[^>]*charset", data[:4096], re.I) or data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return lxml.html.HTMLParser()
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        codec = japanese.japanese_encoding(data)
        return lxml.html.HTMLParser(encoding=codec.replace("_", "-")) if codec else lxml.html.HTMLParser()  # libxml2's names
    return lxml.html.HTMLParser(encoding="utf-8")


def _too_deep(doc, parser, path: str):
    """An error where libxml2 stopped reading the page at one of its limits: 256 elements nested (a
    page so deep is tables laid out inside tables), or a text of 10,000,000 characters. The tree then
    ends there, and every table after that point would be silently missing from the draft. It names
    where, and for a depth the tables around it."""
    import lxml.etree

    cut = next((e for e in parser.error_log if e.type == lxml.etree.ErrorTypes.ERR_RESOURCE_LIMIT
                or "Excessive depth" in e.message), None)
    if cut is None:
        return None
    span = Span(path, max(cut.line, 1), max(cut.column, 1), max(cut.line, 1), max(cut.column, 1))
    lost = "the HTML parser reads no further, so every table after this point would be missing; nothing is drafted"
    depth = re.search(r"depth in document: (\d+)", cut.message)
    if depth is None:  # "Buffer size limit exceeded": a text node past libxml2's limit
        return error("draft-unreadable", f"the page holds a text too long for the HTML parser here: {lost}", span,
                     "hint: cut what is not the release out of the page (or save it as plain text) and draft it "
                     "again")
    last = None
    for last in doc.iter():
        pass  # the element opened last, at the depth where reading stopped
    tables = [t for t in (last.iterancestors("table") if last is not None else ()) if isinstance(t.tag, str)]
    inside = ""
    if tables:
        inside = (f" ({len(tables)} tables one inside another, the outermost opened at line "
                  f"{tables[-1].sourceline or 1})")
    return error("draft-unreadable", f"the page nests its markup more than {depth.group(1)} elements deep "
                 f"here{inside}: {lost}", span,
                 "hint: remove the tables that only lay out the page around the figures (or save the "
                 "release as plain text) and draft it again")


def _own_rows(table):
    """The table's own rows, not those of a table inside one of its cells."""
    return [tr for tr in table.iter("tr") if next(tr.iterancestors("table"), None) is table and not _hidden(tr)]


def _tables(table, used) -> list[RawTable]:
    """The table's blocks: a row of period labels or years alone below rows of figures starts a
    block of its own (`3Q03 4Q03` over the same rows again), a table of its own for the draft."""
    grid = _grid(_own_rows(table))
    blocks, figures_above = [[]], False
    heads = []  # the texts of the rows above the first figures: the column headers
    for tr, cells in grid:
        texts = [t for t, _, _, _ in cells]
        if figures_above and texts and not texts[0] and _periods_only("  ".join(texts[1:])):
            if texts in heads:
                # the headers printed again (a PDF tool repeats them at the top of each page): the same
                # columns go on, under all of their headers, never a block of "2025 2024" read as years
                continue
            blocks.append([])
            figures_above = False
        blocks[-1].append((tr, cells))
        if not figures_above and len(blocks) == 1:
            heads.append(texts)
        figures_above = figures_above or any(_is_figure(t) for t in texts[1:])
    out = []
    for block in blocks:
        raw = _table(table, used, block, out[0].title if out else None)
        if raw is not None:
            out.append(raw)
    return out


def _table(table, used, grid, first_title: str | None):
    """One block of the table as a RawTable (None without figures); after the first block, titled
    by the first block's title and its own column headers."""
    if not grid:
        return None
    width = max(len(cells) for _, cells in grid)
    header_rows, body = [], []
    for tr, cells in grid:
        cells = cells + [("", False, None, True)] * (width - len(cells))
        in_head = bool(tr.xpath("ancestor::thead"))
        all_th = all(h for t, h, _, _ in cells if t)
        figures = [t for t, _, _, _ in cells[1:] if _is_figure(t)]
        years = bool(figures) and all(is_year(t) for t in figures) and not cells[0][0]
        spanned = all(e is cells[0][2] for _, _, e, _ in cells[1:] if e is not None)
        if not body and (in_head or years or (all_th and any(t for t, _, _, _ in cells))
                         or not figures and not spanned and any(t for t, _, _, _ in cells[1:])):
            header_rows.append(cells)
        else:
            body.append((tr, [_cell(t) for t, _, _, _ in cells], cells))
    printed_symbols = symbols(t for _, _, cells in body for t, _, _, _ in cells[1:])
    # Filings split "$", ")" and "%" into cells of their own, and a footnote mark in superscript too.
    for _, texts, cells in body:
        for i, t in enumerate(texts):
            mark = (i > 0 and cells[i][2] is not None and cells[i][2].xpath(".//sup")
                    and re.fullmatch(r"\((?:\d{1,2}|[a-z])\)|\*{1,3}|[†‡§¶]", t))
            if t in ("$", "¥", "US$", "€", "£"):
                texts[i] = ""
            elif (t in (")", "%", ")%", "%)") or mark) and i > 0:
                j = max((k for k in range(i) if texts[k]), default=None)
                if j is not None and j > 0:
                    texts[j] += t
                texts[i] = ""
    # "（単位：千円）" or "(in thousands)" printed as a row of the table: the table's units, no row
    units = [" ".join(dict.fromkeys(t for t in texts if t)) for _, texts, _ in body
             if _UNITS_LINE.search(" ".join(t for t in texts if t)) and not any(_is_figure(t) for t in texts)]
    body = [b for b in body if not (_UNITS_LINE.search(" ".join(t for t in b[1] if t))
                                    and not any(_is_figure(t) for t in b[1]))]
    columns = [c for c in range(1, width) if any(texts[c] for _, texts, _ in body if c < len(texts))]
    if not columns or not any(_is_figure(texts[c]) for _, texts, _ in body for c in columns):
        return None
    # Labels in two columns ("Revenue" spanning rows, then "Japan", "Overseas"): the leading columns with no
    # figure in any row are the label's, joined ("Revenue, Japan"), never cells that are not figures.
    labels = 0
    for c in columns:
        cells = [texts[c] for _, texts, _ in body if c < len(texts) and texts[c]]
        headed = any(cells_[c][0] for cells_ in header_rows if c < len(cells_))
        if c != labels + 1 or headed or any(looks_like_cell(t) or re.search(r"\d", t) for t in cells):
            break  # a column with a header, a figure, a digit or a "no figure" mark is a column of cells
        labels = c
    if labels:
        columns = [c for c in columns if c > labels]
        for _, texts, _ in body:
            texts[0] = ", ".join(dict.fromkeys(t for t in texts[:labels + 1] if t))
    headers = []
    for c in columns:
        parts = []
        for cells in header_rows:
            text = cells[c][0]
            if text and (not parts or parts[-1] != text):
                parts.append(text)
        headers.append(" ".join(parts))
    corner = " ".join(cells[0][0] for cells in header_rows if cells[0][0])
    rows, section = [], ""
    how, each = notations([[texts[c] for c in columns if c < len(texts)] for _, texts, _ in body])
    for (tr, texts, cells), notation in zip(body, each):
        label = texts[0]
        figures, notes = [], []
        for n, c in enumerate(columns):
            read = read_cell(texts[c], notation)
            if read is None:
                figures.append("")
                continue
            if cells[c][2] is not None and cells[c][2].get("colspan", "1").strip() not in ("", "1"):
                figures.append("")  # one figure printed across periods: whose is it?
                if cells[c][3]:
                    notes.append((n, f"printed {texts[c]!r} across {_span(cells[c][2], 'colspan', MAX_COLSPAN)} "
                                  "columns: which period it is for is not known"))
                continue
            if not cells[c][3] and cells[c][2] is not None:
                figures.append("")  # a figure's rowspan: printed once, on its first row
                continue
            figures.append(read.text)
            if read.note:
                notes.append((n, read.note))
        if not any(figures) and not notes:
            if label:
                section = label.rstrip(":")
            continue
        rows.append(RawRow(label=label, section=section, cells=tuple(figures), line=tr.sourceline or 1,
                           notes=tuple(notes)))
    title, context, line = _title(table, used)
    if first_title is not None:
        title = f"{first_title}, {', '.join(headers)}"  # as the text reader names a later block
    # the table's own units (its corner cell, a row of units) before the text around it, which may be a
    # sentence of another scale ("2,1 milliards d'euros" above a table "en millions d'euros")
    context = " ".join(x for x in (corner, " ".join(units), context) if x)
    return RawTable(title=title, context=context, headers=tuple(headers), rows=tuple(rows), line=line,
                    end_line=(grid[-1][0].sourceline or line), notation=how, symbols=printed_symbols,
                    header_line=(grid[0][0] if first_title is not None else table).sourceline or line)


def _cell(text: str) -> str:
    """A cell's text for `cells.read_cell`: "$ 1,234" and "US$1,234" lose the symbol, "( 12 )" its spaces."""
    if not text:
        return text
    text = text.replace(" )", ")").replace("( ", "(").strip()
    text = re.sub(r"^(\(?)\s*(?:US\$|\$|¥|€|£)\s*", r"\1", text)
    # "<span>1,</span> <span>234</span>": a figure split across spans, the markup's space inside it
    if re.fullmatch(r"\(?-?\d{1,3}(?:, \d{3})+(?:\.\d+)?\)?%?", text):
        text = text.replace(", ", ",")
    return text


# A title that names a statement, as an exhibit prints it plain under its number and the company's name.
_STATEMENT = re.compile(r"(?i)\bstatements?\s+of\b|\bbalance\s+sheets?\b|\bcash\s+flows?\b|\bresults\s+of\b"
                        r"|経営成績|財政状態|キャッシュ・フロー|損益計算書|貸借対照表|計算書")
# Lines over a table that are not its title: the document's own heading ("EXHIBIT 99.1", "NEWS RELEASE"),
# which a reader never calls the table, and a note on the table above ("(注)包括利益 …", "(参考)自己資本 …").
_DOCUMENT_HEADING = re.compile(r"(?i)^\W*(?:ex(?:hibit)?[-\s.]*\d+(?:\.\d+)*[a-z]?|(?:news|press|earnings)\s+release"
                               r"|for\s+immediate\s+release)\W*$")
NOTE = re.compile(r"^\s*(?:[(（](?:注|参考)\s*\d*[)）]|※|注\s*\d*\s*[:：.])")
# "(1)連結経営成績", "（２）連結財政状態": a numbered heading, not a parenthesis such as "(in thousands)"
_NUMBERED = re.compile(r"^\s*[(（][0-9０-９]{1,2}[)）]\s*\S")


def _title(table, used):
    caption = table.xpath("./caption")
    before = []
    node = None if caption else table
    while node is not None and len(before) < 4:
        prev = node.getprevious()
        while prev is not None and len(before) < 4:
            if prev.tag == "table" or prev.xpath(".//table"):
                prev = None
                break
            if len(_text(prev)) > 250:
                prev = None  # narrative, not a title
                break
            if _text(prev):
                before.append(prev)
                if prev.tag in _HEADINGS:
                    break
            prev = prev.getprevious()
        if before and (before[-1].tag in _HEADINGS or len(before) >= 4) or prev is None and node.getparent() is None:
            break
        node = node.getparent()
        if node is None or node.tag in ("body", "html"):
            break
    before.reverse()
    heading = next((b for b in reversed(before) if b.tag in _HEADINGS), None)
    if heading is not None:
        before = before[before.index(heading):]
    used.update(before)
    if caption:
        title = _text(caption[0])
        context = " ".join([_text(b) for b in before] + [title])
        return title, context, caption[0].sourceline or table.sourceline or 1
    titles = [b for b in before if not _DOCUMENT_HEADING.match(_text(b)) and not NOTE.match(_text(b))]
    if titles:
        # the nearest line that reads as a title (in bold, or not a sentence), not the narrative's last
        chosen = next((b for b in reversed(titles) if b.xpath("self::b|self::strong|.//b|.//strong")), None)
        if chosen is None:  # "CONSOLIDATED STATEMENTS OF OPERATIONS" under "Exhibit 99.1" and the company's name
            chosen = next((b for b in reversed(titles) if _STATEMENT.search(_text(b))
                           and (not _text(b).startswith(("(", "（")) or _NUMBERED.match(_text(b)))), None)
        if chosen is None:
            chosen = next((b for b in titles if not _text(b).endswith(".") and not _text(b).startswith("(")),
                          titles[0])
        title = _text(chosen)
        return title, " ".join(_text(b) for b in before), chosen.sourceline or 1
    # no title of its own: named by its rows (`titles.py`), or after the table above where only a note of
    # that table stands between them (`_continued`)
    return f"Table at line {table.sourceline}", " ".join(_text(b) for b in before), table.sourceline or 1
