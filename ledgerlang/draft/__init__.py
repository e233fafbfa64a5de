"""`ledger draft`: a book drafted from a release's tables and narrative, for a person to review.

    release --read (text.py over layout.py | html.py)--> tables and paragraphs
            --transpose (periods printed as rows)--> --compose--> named tables --rules--> proposed sums
            --claims--> narrative claims --write--> book text

`draft()` returns the book's text, a summary of what was found and what could
not be placed (with the release's line numbers), and diagnostics.
"""

from __future__ import annotations

import os
import re

from ledgerlang.diagnostic import Diagnostic, error
from ledgerlang.draft.claims import ClaimWriter, sentences
from ledgerlang.draft.columns import MONTH_WORD, month_of
from ledgerlang.draft.compose import NOTATION, Composer
from ledgerlang.draft.release import Release
from ledgerlang.draft.rules import propose
from ledgerlang.draft.write import book_text, quote
from ledgerlang.model.period import Calendar, Duration
from ledgerlang.model.record import field, frozen
from ledgerlang.model.span import Span


@frozen(slots=True)
class Draft:
    text: str
    summary: tuple  # lines
    sources: tuple = ()
    include: str | None = None
    entity: tuple | None = None
    documents: tuple = ()
    rates: tuple = ()
    new_units: dict = field(factory=dict)
    new_currencies: frozenset = frozenset()
    new_items: tuple = ()
    proposals: tuple = ()
    accepts: tuple = ()  # (item, period label, table, line) of an average, no sum of its quarters
    blocks: tuple = ()
    tables: tuple = ()


def read_release(path: str, max_bytes: int | None = None) -> tuple[Release | None, list[Diagnostic]]:
    """A release from a file: HTML when it looks like markup, else fixed-width text.
    A file larger than `max_bytes` (the command line's --max-file-size) is not read."""
    from ledgerlang.load import DEFAULT_MAX_BYTES, NotAFile, open_regular

    span = Span(path, 1, 1, 1, 1)
    limit = max_bytes or DEFAULT_MAX_BYTES
    try:
        # as a book is opened: a FIFO named as the release is refused, not waited on for ever
        with open(open_regular(path), "rb") as handle:
            # refused before a byte is read where the system says it is too large (a 200 MB file was
            # read to the limit first); a file that grows as it is read stops at the limit
            data = None if os.fstat(handle.fileno()).st_size > limit else handle.read(limit + 1)
    except NotAFile as exc:
        return None, [error("draft-unreadable", f"the release {path} is {exc.kind}, not a file; it is not read",
                            span, "hint: name the release's file: plain text or HTML")]
    except OSError as exc:
        return None, [error("draft-unreadable", f"cannot read the release: {exc.strerror or exc}", span,
                            "hint: check the path and its permissions")]
    if data is None or len(data) > limit:
        return None, [error("draft-unreadable", f"the release is larger than {limit:,} bytes; it is not read", span,
                            "hint: if it is the release, raise the limit with --max-file-size MB")]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16, as some editors save a page
        try:
            data = data.decode("utf-16").encode("utf-8")
        except UnicodeError:
            pass
    if b"\x00" in data[:4096]:
        return None, [error("draft-unreadable", "the release is a binary file, not text or HTML", span,
                            "hint: save the release as plain text or HTML")]
    # HTML when the file starts as markup does, or is named so and has a tag; a text release
    # that merely mentions "<table>" in a footnote is text
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    markup = head.startswith((b"<!doctype html", b"<html", b"<?xml", b"<head", b"<body", b"<table", b"<meta",
                              b"<title", b"<div", b"<h1", b"<h2", b"<h3", b"<p>", b"<!--"))
    named = path.lower().endswith((".htm", ".html", ".xhtml"))
    if markup or named and re.search(rb"<(?:table|p|div|body|html|h[1-6]|br)\b", data[:1 << 20], re.I):
        from ledgerlang.draft.html import read_html
        return read_html(data, path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [error("draft-unreadable",
                            f"the release is not UTF-8 text ({exc.reason} at byte {exc.start})",
                            Span(path, line, column, line, column),
                            f"hint: convert it with iconv -f {_encoding_of(data)} -t UTF-8, or save it as UTF-8")]
    from ledgerlang.draft.text import read_text
    from ledgerlang.load import line_ends

    return read_text(line_ends(text), path), []


def _encoding_of(data: bytes) -> str:
    """The encoding a release that is not UTF-8 reads in, for the hint: EUC-JP or Shift_JIS (as
    Windows writes it, CP932) where the whole file reads so and writes Japanese, as a 決算短信 saved
    from a Japanese system does; else Latin-1, which reads any bytes."""
    from ledgerlang.draft.japanese import japanese_encoding

    return {"euc_jp": "EUC-JP", "cp932": "CP932"}.get(japanese_encoding(data), "LATIN1")


def _rates(release: Release, currency: str, main: str):
    """(value, date, note) of the exchange rate a release states ("JPY 119.87 = US$1"), or None."""
    from ledgerlang.draft.columns import parse_date
    for paragraph in release.paragraphs:
        for sentence, _ in sentences(paragraph):
            m = re.search(rf"{main}\s?(\d+(?:\.\d+)?)\s?=\s?(?:US)?\$\s?1\b", sentence)
            if m:
                note = sentence[m.start():].strip()
                return m.group(1), parse_date(sentence[m.end():]), note[:150]
    return None


def draft(paths: list[str], defs_path: str | None, out_path: str, access=None):
    """(Draft | None, diagnostics) for releases drafted into one book at `out_path`. `access`
    (a `load.Access`) bounds what is read: the definitions' root, and the largest file."""
    from ledgerlang import progress
    from ledgerlang.load import load_paths

    diagnostics: list[Diagnostic] = []
    defs = None
    if defs_path is not None:
        progress.stage(f"reading the definitions {defs_path}")
        defs, found = load_paths([defs_path], access)
        bad = [d for d in found if d.counts_as_error]
        if bad:
            return None, bad
    releases = []
    for path in paths:
        progress.stage(f"reading {path}")
        release, found = read_release(path, access.max_bytes if access is not None else None)
        diagnostics += found
        if release is not None:
            releases.append(release)
    for release in releases:
        if not release.tables and not any(re.search(r"\d", p.text) for p in release.paragraphs):
            diagnostics.append(error("draft-empty", "no table and no number found in the release", Span(
                release.path, 1, 1, 1, 1), "hint: is this the release? A scanned PDF must be converted to text first"))
    if any(d.counts_as_error for d in diagnostics):
        return None, diagnostics
    entity = None
    if defs is not None and defs.entity is not None:
        calendar = defs.calendar
    else:
        calendar, entity = _calendar_of(releases)
    composer = Composer(defs, calendar)
    if entity is not None and len(entity) > 3:
        composer.unsure.append((*entity[3], f"check: {entity[0]} ({entity[2]}); every period label of the draft "
                                               "is read on this calendar"))
    from ledgerlang.draft.transpose import transposed
    from ledgerlang.model.record import evolve as _evolve
    from ledgerlang.draft.titles import titled
    releases = [_evolve(r, tables=titled(transposed(t, calendar) for t in r.tables)) for r in releases]

    planned = []
    known = set()
    for release in releases:
        for raw in release.tables:
            specs, main, scale, unit = composer.plan(raw, release.path, ())
            known.update(s.period for s in specs if s.kind in ("period", "translated") and s.period is not None)
            planned.append((release, raw))
    order = []
    for n, (release, raw) in enumerate(planned):
        specs, main, scale, unit = composer.plan(raw, release.path, known)
        from ledgerlang.model.unit import SCALES
        order.append((SCALES.get(scale or "units", 0), n, release, raw, specs, main, scale, unit))
    drafted = {}
    total = len(order)
    for done, (_, n, release, raw, specs, main, scale, unit) in enumerate(sorted(order, key=lambda o: (o[0], o[1])), 1):
        progress.stage(f"table {done}/{total}: {release.path}:{raw.line}: {raw.title}")
        drafted[n] = composer.compose(raw, release.path, specs, main, scale, unit)
    tables = [drafted[n] for n in range(len(order))]
    tables = _truncated(tables, releases,  # an amount of money, which the table's scale scales
                        lambda item: composer._in_currency(item) and not composer.items[item].unit.den)
    if defs is not None:
        tables = [_signed(t, defs.rules) for t in tables]
    proposals = _proposals(tables, {r.target for r in defs.rules} if defs is not None else set())
    from ledgerlang.draft.rules import averages
    accepts = averages(tables, composer.items)
    for item_id, period, title, line in accepts:
        composer.unsure.append((next(t.source for t in tables if t.title == title), line,
                                f"{title}: check: {item_id}@{period} is an average over the period, no sum of its "
                                "quarters: written `accept period-sum-mismatch` with that reason"))

    currents = sorted({s for s in known if isinstance(s, Duration) and s.quarters == 1})
    current = currents[-1] if currents else None
    years = sorted({s for s in known if isinstance(s, Duration) and s.quarters == 4})
    claims_writer = ClaimWriter(composer.items, composer.currency_ids or {"JPY", "USD"}, current, composer.evidence,
                                calendar, years[-1] if years else None, known)
    blocks = []
    rates, documents = [], []
    for release in releases:
        documents.append((release.title[:120], release.date))
        events = [(t.line, "table", t) for t in tables if t.source == release.path]
        claims_writer.current = current
        claims_writer.said_year, claims_writer.compared = None, False  # a release's own sentences only
        before = len(rates)
        translated = {t.columns[i].split("(")[0] for t in tables if t.source == release.path
                      for i, k in enumerate(t.kinds) if k == "translated"}
        for code in translated:
            if code not in composer.currency_ids:
                composer.new_currencies.add(code)
        mains = {t.currency for t in tables if t.source == release.path and t.currency}
        for currency in sorted(translated):
            for main in sorted(mains - {currency}):
                found = _rates(release, currency, main)
                if found:
                    value, date, sentence = found
                    rid = f"{currency.lower()}.rate" + (f"_{date:%Y%m%d}" if date else "")
                    if any(r.startswith(f"rate {rid}:") for r in rates):
                        continue  # the same rate, stated again by another release
                    on = f" on {date.isoformat()}" if date else ""
                    rates.append(f"rate {rid}: {value} {main} per {currency}{on}"
                                 + f" {quote(sentence[:150])}")
        claims_writer.rated = len(rates) > before
        progress.stage(f"the narrative of {release.path}")
        for paragraph in release.paragraphs:
            heading = _heading_period(paragraph.text)
            if heading is not False:
                claims_writer.current = heading or current
                continue
            for sentence, line in sentences(paragraph):
                claim = claims_writer.claim(sentence, line, release.path)
                if claim is not None:
                    events.append((line, "claim", claim))
        events.sort(key=lambda e: e[0])
        blocks += [(kind, thing) for _, kind, thing in events]
    include = None
    if defs_path is not None:
        include = os.path.relpath(os.path.abspath(defs_path), os.path.dirname(os.path.abspath(out_path)))
    result = Draft(text="", summary=(), sources=tuple(paths), include=include, entity=entity,
                   documents=tuple(documents), rates=tuple(rates), new_units=dict(composer.new_units),
                   new_currencies=frozenset(composer.new_currencies),
                   new_items=tuple(composer.new_items.values()), proposals=tuple(proposals),
                   accepts=tuple(accepts), blocks=tuple(blocks),
                   tables=tuple(tables))
    progress.stage("parsing the draft")
    text, unparsed = _parsed(book_text(result), out_path)
    diagnostics += unparsed
    from ledgerlang.fmt import format_text
    formatted, _ = format_text(text, out_path)  # the canonical layout, proved; else the draft as written
    text = formatted if formatted is not None else text
    from ledgerlang.model.record import evolve
    summary = _summary(result, composer, releases)
    if unparsed:
        summary.append(f"{len(unparsed)} part(s) of the draft did not parse and are kept as comments "
                       "(see the warnings): a bug in ledger draft; please report it with the release")
    return evolve(result, text=text, summary=tuple(summary)), diagnostics


_ONE_LINE = ("item ", "unit ", "currency ", "rule ", "document ", "rate ", "include ")


def _parsed(text: str, out_path: str) -> tuple[str, list[Diagnostic]]:
    """The draft as ledgerlang's parser reads it, and a warning for each part that does not parse.

    The drafter should never write what the grammar rejects; where it does, the part (a
    one-line declaration, else the block of lines around it) is kept as comments, so that the
    book parses and nothing in it is lost, and the warning names the line."""
    from ledgerlang.diagnostic import Severity, warning
    from ledgerlang.syntax.parse import parse

    lines = text.split("\n")
    found: list[Diagnostic] = []
    for _ in range(len(lines)):
        _, diagnostics = parse("\n".join(lines), out_path)
        bad = next((d for d in diagnostics if d.severity is Severity.ERROR and d.span is not None), None)
        if bad is None:
            break
        k = min(max(bad.span.line - 1, 0), len(lines) - 1)
        while k > 0 and (not lines[k].strip() or lines[k].startswith("#")):
            k -= 1  # the error is reported past the line at fault (at the end of the file)
        if lines[k].startswith(_ONE_LINE):
            first = last = k
        else:
            first = k
            while first > 0 and lines[first - 1].strip():
                first -= 1
            last = k
            while last + 1 < len(lines) and lines[last + 1].strip():
                last += 1
        for j in range(first, last + 1):
            if not lines[j].startswith("#"):
                lines[j] = "# unparsed: " + lines[j]
        found.append(warning("draft-unparsed", f"the draft does not parse here ({bad.message}): "
                             f"lines {first + 1} to {last + 1} are kept as comments",
                             Span(out_path, first + 1, 1, first + 1, 1),
                             "hint: this is a bug in ledger draft; please report it with the release"))
    else:
        raise AssertionError("a draft of comments alone does not parse")
    return "\n".join(lines), found


_FISCAL = re.compile(r"fiscal year end(?:ing|ed|s)? (?:on )?(January|February|March|April|May|June|July|August|"
                     r"September|October|November|December) (\d{1,2}),? (\d{4})"
                     r"(?:\W{1,4}(?:\(\W?)?fiscal (?:year )?(\d{4}))?",
                     re.I)

# "The Group's financial year ends on 31 March", "fiscal year ending 30 September 2025": the day before its
# month, as European releases print it (the year, where printed, does not name the fiscal year here).
# "Das Geschäftsjahr endet am 30. September", "l'exercice clos le 31 mars" too.
_FISCAL_DAY_FIRST = re.compile(r"(?:(?:fiscal|financial) year (?:end(?:ing|ed|s)?|closes|closing) (?:on )?(?:the )?"
                               r"|Geschäftsjahr(?:es)? (?:endet|schließt|schliesst) (?:am|zum) "
                               r"|exercice (?:social )?(?:clos|se terminant|s'achevant|qui se termine) (?:le|au) )"
                               rf"(\d{{1,2}})(?:st|nd|rd|th|er)?\.? (?:of )?({MONTH_WORD})(?!\w)", re.I)

# "（百万円未満切捨て）": figures under a million yen are cut, not rounded (a 決算短信's first page says so);
# "Amounts of less than one million yen are truncated", "rounded down to the nearest million yen".
# "億円未満切捨て" cuts a table in 億円, written in billions to the 億 (`compose._ODD_SCALES`).
_TRUNCATED = (re.compile(r"(十億|億|百万|万|千)円未満(?:を|は)?切り?捨"),
              re.compile(r"(?:less than|under|below) (?:one |a |1 )?(thousand|million|billion) yen[^.]{0,40}?"
                         r"(?:are |have been |is )?(?:truncated|rounded down|discarded|omitted)"
                         r"|rounded down to the nearest (thousand|million|billion)", re.I))
_TRUNCATED_SCALE = {"十億": "billions", "億": "billions", "百万": "millions", "万": "millions", "千": "thousands",
                    "thousand": "thousands",
                    "million": "millions", "billion": "billions"}


def _truncated(tables, releases, scaled):
    """The tables of a release that says its yen figures are truncated at their scale, with
    `rounding truncate` (`rounding truncate amounts` where they also print figures the release
    rounds) and a note that quotes it."""
    from ledgerlang.model.record import evolve

    said = {}
    for release in releases:
        texts = [release.title] + [p.text for p in release.paragraphs]
        texts += [f"{t.title} {t.context} {' '.join(t.headers)}" for t in release.tables]
        for text in texts:
            for pattern in _TRUNCATED:
                for m in pattern.finditer(text):
                    scale = _TRUNCATED_SCALE[(m.group(1) or m.group(m.lastindex)).lower()]
                    said.setdefault((release.path, scale), m.group(0))
    out = []
    for t in tables:
        scale = t.scale.split()[-1] if t.scale and t.currency == "JPY" else None
        quoted = said.get((t.source, scale))
        if quoted is None:
            pass
        elif any(k in ("yoy", "qoq", "share") for k in t.kinds) or any(
                c.endswith(("%", "%)")) for r in t.rows for c in r.cells) or any(not scaled(r.item) for r in t.rows):
            # its percentages, per-share amounts or counts are rounded: only its yen are cut
            t = evolve(t, rounding="truncate amounts",
                       notes=t.notes + (f"rounding truncate amounts: the release says {quoted!r}, which cuts its "
                                        "yen; its percentages, per-share amounts and counts are read as rounded: "
                                        "check it holds here",))
        else:
            t = evolve(t, rounding="truncate",
                       notes=t.notes + (f"rounding truncate: the release says {quoted!r}; check it holds here",))
        out.append(t)
    return out


def _proposals(tables, defined: set[str]):
    """The sum rules the tables show, once each: a total the definitions already have a
    rule for is left alone; a second, different sum for the same total stays a comment."""
    from ledgerlang.model.record import evolve

    out, seen, first = [], set(), {}
    for table in tables:
        for p in propose(table):
            if p.foots and p.target in defined:
                continue
            if p.foots:
                if (p.target, p.terms) in seen:
                    continue
                seen.add((p.target, p.terms))
                first.setdefault(p.target, p.terms)
                if first[p.target] != p.terms:
                    p = evolve(p, note="another sum for the same total is proposed above")
            out.append(p)
    return out


def _calendar_of(releases):
    """The fiscal calendar a release states ("the fiscal year ending March 31, 2004 ("fiscal 2003")"),
    and the entity declaration that says so; the calendar year when it states none."""
    months = "january february march april may june july august september october november december".split()
    for release in releases:
        text = " ".join(p.text for p in release.paragraphs)
        m = _FISCAL.search(text)
        if m:
            month, day = months.index(m.group(1).lower()) + 1, int(m.group(2))
            named = "start" if m.group(4) and int(m.group(4)) < int(m.group(3)) else "end"
            entity = (f"fiscal year ends {month:02d}-{day:02d}", f"fiscal year named by {named}",
                      f'from "{m.group(0)[:80]}"')
            return Calendar(month, named), entity
    for release in releases:
        for paragraph in release.paragraphs:
            m = _FISCAL_DAY_FIRST.search(paragraph.text)
            if m:
                month, day = month_of(m.group(2)), int(m.group(1))
                # the release says when its year ends, not how it names it: "Q2 2025" may be the fiscal or
                # the calendar quarter, so the naming is a guess to check, and the summary lists it
                entity = (f"fiscal year ends {month:02d}-{day:02d}", "fiscal year named by end",
                          f'from "{m.group(0)[:80]}"; named by the year it ends in (FY2026 = 2025/26): check',
                          (release.path, paragraph.line))
                return Calendar(month, "end"), entity
    for release in releases:
        found = _japanese_year_end(release)
        if found:
            month, printed = found
            entity = (f"fiscal year ends {month:02d}-{_MONTH_DAYS[month]:02d}", "fiscal year named by end",
                      f'from "{printed}", the fiscal year named by the month it ends in')
            return Calendar(month, "end"), entity
    for release in releases:
        found = _year_end_of_durations(release)
        if found:
            month, printed, line = found
            entity = (f"fiscal year ends {month:02d}-{_MONTH_DAYS[month]:02d}", "fiscal year named by end",
                      f'from the column "{printed[:80]}", which starts a fiscal year; named by the year it ends in: '
                      "check", (release.path, line))
            return Calendar(month, "end"), entity
    return Calendar(), None


def _year_end_of_durations(release):
    """(month, printed header, line) of the fiscal year end that a column of six, nine or twelve months
    implies where it ends off the calendar year ("Nine Months Ended November 30, 2006" starts in March, so
    the year ends in February), None when every such column fits the calendar year.

    A release that does not state its calendar still prints it in these headers; read on the calendar
    year, such a column fits no period, and its figures would be lost. Three months alone do not tell
    which quarter of the year they are, so they decide nothing."""
    from ledgerlang.draft.columns import duration_length, in_months, parse_date

    for table in release.tables:
        for header in table.headers:
            n = duration_length(header)
            date = parse_date(header)
            date = in_months(header, date) if date is not None else None  # "26 Weeks Ended 8/30/09"
            if n is None or n < 2 or date is None or date.day != _month_end_day(date):
                continue
            month = (date.month - 1 + 3 * (4 - n)) % 12 + 1
            if month != 12:
                return month, header, table.header_line or table.line
    return None


def _month_end_day(date) -> int:
    import calendar as _calendar
    return _calendar.monthrange(date.year, date.month)[1]


_MONTH_DAYS = {1: 31, 2: 28, 3: 31, 4: 30, 5: 31, 6: 30, 7: 31, 8: 31, 9: 30, 10: 31, 11: 30, 12: 31}


def _japanese_year_end(release):
    """(month, printed text) of the fiscal year end a Japanese release prints: its fiscal years
    are named by the month they end in ("2024年３月期"), or spelt as a span of twelve months
    ("自 2023年４月１日 至 2024年３月31日"); None when it prints neither."""
    from ledgerlang.draft.columns import _JP_SPAN, _WIDE_DIGITS

    named = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月期")  # "2025年３月期 第１四半期" too

    from ledgerlang.draft.japanese import era_of, western_years

    texts = [release.title] + [p.text for p in release.paragraphs]
    texts += [f"{t.title} {t.context} {' '.join(t.headers)}" for t in release.tables]
    texts += [r.label for t in release.tables for r in t.rows]  # a summary's rows: "2024年３月期"
    era = era_of(" ".join(texts[:1] + [f"{t.title} {t.context}" for t in release.tables]))
    for text in texts:
        plain = western_years(text.translate(_WIDE_DIGITS), era)  # "平成29年3月期" is 2017年3月期
        m = named.search(plain)
        if m and 1 <= int(m.group(2)) <= 12:
            return int(m.group(2)), m.group(0)
        m = _JP_SPAN.search(plain)
        if m and 1 <= int(m.group(5)) <= 12 and (int(m.group(4)) - int(m.group(1))) * 12 + int(m.group(5)) - int(
                m.group(2)) + 1 == 12:
            return int(m.group(5)), m.group(0)
    return None


def _signed(table, rules):
    """The table with rows whose sign a definitions' sum fixes written negated."""
    from ledgerlang.model.record import evolve

    from ledgerlang.draft.rules import signs_from_rules
    flips = signs_from_rules(table, rules)
    if not flips:
        return table
    rows = list(table.rows)
    for idx, rule in flips.items():
        r = rows[idx]
        rows[idx] = evolve(r, negated=not r.negated,
                           comment=f"{r.comment}; sign from the definitions' {rule}: printed as the item's negative")
    return evolve(table, rows=tuple(rows))


def _heading_period(text: str):
    """The quarter a short heading names ("In 3Q02:"), None for a heading without one, False for no heading."""
    from ledgerlang.model.period import parse_period
    plain = text.strip("*●• -")
    if len(plain) > 40 or not plain.rstrip("*").endswith(":"):
        return False
    m = re.search(r"(?<![\w.])([1-4]Q\d{2})(?![\w.])", plain)
    return parse_period(m.group(1)) if m else None


def _dated(release) -> str:
    """What the summary says of a release's date: the one written, or why none is."""
    from ledgerlang.draft.dateline import Dateline, disagreeing

    if release.date is not None:
        line, printed, _ = next(s for s in release.date_seen if s[2] == release.date)
        return f"dated {release.date}: {release.path}:{line} prints {printed!r}"
    two = disagreeing(Dateline(None, release.date_seen))
    if two is not None:
        (line, printed, iso), (line2, printed2, iso2) = two
        return (f"not dated: {release.path}:{line} prints {printed!r} ({iso}) and line {line2} {printed2!r} ({iso2}) "
                "as the release's date; write the right one as `dated` after its `document`")
    return (f"not dated: {release.path} prints no date in a dateline's place (a dateline, or a date alone at its "
            "head); write its date as `dated` after its `document`, by which `check` finds a period typed late")


def _summary(result, composer, releases) -> list[str]:
    out = []
    figures = sum(1 for t in result.tables for r in t.rows for c in r.cells if c != ".")
    rows = [r for t in result.tables for r in t.rows]
    close = sum(1 for r in rows if "close match" in r.comment or "reads as" in r.comment or "named by" in r.comment)
    new = sum(1 for r in rows if r.comment.startswith("new item"))
    claims = [b for k, b in result.blocks if k == "claim"]
    tied = sum(len(c.lines) for c in claims)
    from ledgerlang.progress import count  # "1 table", "2 tables"

    out.append(f"found {count(len(result.tables), 'table')}, {count(len(rows), 'row')}, {count(figures, 'figure')}; "
               f"{count(len(rows) - close - new, 'row')} named exactly, {close} closely (see comments), "
               f"{count(new, 'new item')}")
    for t in result.tables:
        out.append(f"  {t.source}:{t.line}: {t.title}: {count(len(t.rows), 'row')}, columns {' '.join(t.columns)}"
                   + (f"; {NOTATION[t.notation]}" if t.notation else ""))
    out += [_dated(release) for release in releases]
    rules = [p for p in result.proposals if p.foots and not p.note]
    out.append(f"proposed {count(len(rules), 'sum rule')}; {count(len(result.proposals) - len(rules), 'total')} "
               "left as comments")
    out.append(f"{count(len(claims), 'claim')} from the narrative, {count(tied, 'figure')} tied to an item and period, "
               f"{sum(len(c.comments) for c in claims)} not placed")
    unplaced = list(composer.unplaced)
    unplaced += [(c.source, c.line, f"claim: {x}") for c in claims for x in c.comments]
    if unplaced:
        out.append("could not place (release line: what):")
        for path, line, what in sorted(unplaced, key=lambda u: (u[0], u[1])):
            out.append(f"  {path}:{line}: {what}")
    if composer.unsure:
        out.append("to check (release line: what):")
        for path, line, what in sorted(composer.unsure, key=lambda u: (u[0], u[1])):
            out.append(f"  {path}:{line}: {what}")
    # new items are placed, under ids to review: listed apart from what could not be placed
    new_items = [(t.source, r.line, f"{t.title}: {r.label!r} is a new item {r.item}") for t in result.tables
                 for r in t.rows if r.comment.startswith("new item")]
    if new_items:
        out.append("new items to review (release line: what):")
        for path, line, what in sorted(new_items, key=lambda u: (u[0], u[1])):
            out.append(f"  {path}:{line}: {what}")
    return out
