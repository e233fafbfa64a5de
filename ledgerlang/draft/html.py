"""Tables and prose of an HTML release, read with lxml's HTML parser (never patterns on markup).

Each innermost `<table>` is a table: rows of `<th>` cells (or in `<thead>`, or
before any row with a figure) are its column headers, spanned cells standing
over every column they span; each other row is a label and its figures, and a
row with a label alone is a section heading. The title is the `<caption>`, or
the nearest heading before the table; the text between them is its context
(scale, currency, "three months ended"). A "$" in a cell of its own is
dropped and a lone ")" or "%" joins the figure before it, as filings print them.
Paragraphs outside tables are the narrative.
"""

from __future__ import annotations

import re

from ledgerlang.diagnostic import error
from ledgerlang.draft.release import Paragraph, RawRow, RawTable, Release
from ledgerlang.draft.text import _dateline
from ledgerlang.model.span import Span

_FIGURE = re.compile(r"\(?[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?\)?%?|-|—|–")
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


def _text(element) -> str:
    if not isinstance(element.tag, str):
        return ""  # a comment or a processing instruction
    return re.sub(r"\s+", " ", element.text_content().replace("\xa0", " ")).strip()


def read_html(data: bytes, path: str):
    import lxml.etree
    import lxml.html

    span = Span(path, 1, 1, 1, 1)
    try:
        doc = lxml.html.document_fromstring(data)
    except (lxml.etree.ParserError, ValueError) as exc:
        return None, [error("draft-unreadable", f"the release is not readable HTML: {exc}", span,
                            "hint: save the page as HTML or plain text and try again")]
    for bad in doc.xpath("//script|//style|//comment()"):
        bad.getparent().remove(bad)
    tables = []
    used = set()
    for table in doc.xpath("//table[not(.//table)]"):
        raw = _table(table, used)
        if raw is not None:
            tables.append(raw)
    paragraphs = []
    for element in doc.xpath("//p|//li|//h1|//h2|//h3|//h4|//h5|//h6"):
        if element in used or element.xpath("ancestor::table") or element.xpath(".//p|.//li"):
            continue
        text = _text(element)
        if text:
            line = element.sourceline or 1
            paragraphs.append(Paragraph(text=text, line=line, lines=(line,) * len(text.split(" "))))
    title_el = doc.xpath("//title")
    title = _text(title_el[0]) if title_el and _text(title_el[0]) else (paragraphs[0].text if paragraphs else path)
    whole = _text(doc)
    lines = data.count(b"\n") + 1
    return Release(path=path, title=title, date=_dateline(whole), tables=tuple(tables),
                   paragraphs=tuple(paragraphs), line_count=lines), []


def _grid(rows):
    """Each row's cells as (text, is_header, element) laid out by colspan and rowspan."""
    grid, pending = [], {}
    for tr in rows:
        out, col = [], 0
        for cell in tr.xpath("./th|./td"):
            while (len(grid), col) in pending:
                out.append(pending.pop((len(grid), col)))
                col += 1
            span = max(1, int(cell.get("colspan", "1") or 1)) if (cell.get("colspan", "1") or "1").isdigit() else 1
            down = int(cell.get("rowspan", "1")) if (cell.get("rowspan", "1") or "1").isdigit() else 1
            entry = (_text(cell), cell.tag == "th", cell)
            for k in range(span):
                out.append(entry)
                for d in range(1, down):
                    pending[(len(grid) + d, col + k)] = entry
            col += span
        while (len(grid), col) in pending:
            out.append(pending.pop((len(grid), col)))
            col += 1
        grid.append((tr, out))
    return grid


def _is_figure(text: str) -> bool:
    return bool(text) and _FIGURE.fullmatch(text.replace(" ", "")) is not None


def _table(table, used):
    grid = _grid(table.xpath(".//tr"))
    if not grid:
        return None
    width = max(len(cells) for _, cells in grid)
    header_rows, body = [], []
    for tr, cells in grid:
        cells = cells + [("", False, None)] * (width - len(cells))
        in_head = bool(tr.xpath("ancestor::thead"))
        all_th = all(h for t, h, _ in cells if t)
        has_figure = any(_is_figure(_cell(t)) for t, _, _ in cells[1:])
        spanned = all(e is cells[0][2] for _, _, e in cells[1:] if e is not None)
        if not body and (in_head or (all_th and any(t for t, _, _ in cells))
                         or not has_figure and not spanned and any(t for t, _, _ in cells[1:])):
            header_rows.append(cells)
        else:
            body.append((tr, [_cell(t) for t, _, _ in cells]))
    # Filings split "$", ")" and "%" into cells of their own.
    for _, texts in body:
        for i, t in enumerate(texts):
            if t in ("$", "¥", "US$", "€", "£"):
                texts[i] = ""
            elif t in (")", "%", ")%", "%)") and i > 0:
                j = max((k for k in range(i) if texts[k]), default=None)
                if j is not None and j > 0:
                    texts[j] += t
                texts[i] = ""
    columns = [c for c in range(1, width) if any(texts[c] for _, texts in body if c < len(texts))]
    if not columns or sum(1 for _, texts in body if any(_is_figure(texts[c]) for c in columns)) < 2:
        return None
    headers = []
    for c in columns:
        parts = []
        for cells in header_rows:
            text = cells[c][0]
            if text and (not parts or parts[-1] != text):
                parts.append(text)
        headers.append(" ".join(parts))
    rows, section = [], ""
    for tr, texts in body:
        label = texts[0]
        figures = [texts[c] if _is_figure(texts[c]) else "" for c in columns]
        if not any(figures):
            if label:
                section = label.rstrip(":")
            continue
        figures = ["-" if f in ("—", "–") else f for f in figures]
        rows.append(RawRow(label=label, section=section, cells=tuple(figures), line=tr.sourceline or 1))
    title, context, line = _title(table, used)
    return RawTable(title=title, context=context, headers=tuple(headers), rows=tuple(rows), line=line,
                    end_line=(grid[-1][0].sourceline or line), header_line=table.sourceline or line)


def _cell(text: str) -> str:
    """A cell's text as a figure: "$ 1,234" and "US$1,234" lose the symbol, "( 12 )" its spaces,
    a dash of any width is the nil dash."""
    text = text.replace(" )", ")").replace("( ", "(").strip()
    text = re.sub(r"^(\(?)\s*(?:US\$|\$|¥|€|£)\s*", r"\1", text)
    return "-" if text in ("—", "–", "-", "−") else text


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
    if before:
        title = _text(before[0])
        return title, " ".join(_text(b) for b in before), before[0].sourceline or 1
    return f"Table at line {table.sourceline}", "", table.sourceline or 1
