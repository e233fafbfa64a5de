"""Error recovery: a file the grammar rejects is parsed again declaration by declaration,
so that one bad line does not hide the others and every good declaration is kept.

`parse.py` calls `by_declaration` only when a file does not parse whole. It
cuts the text at each line that starts with a declaration's keyword and
parses each piece alone; of a piece that fails, it keeps what it can (a
table, claim or guidance without its bad lines, the declarations above a
misspelt keyword) and its comments, and reports the failure
(`errors.diagnose`). After `parse.MAX_SYNTAX_ERRORS` failures it stops
reading. `unread_names` lists the names the failed declarations would have
declared, so that a use of one is said to be unknown because of that failure.
"""

from __future__ import annotations

from ledgerlang import regexes
from ledgerlang.diagnostic import error
from ledgerlang.model.span import Span
from ledgerlang.syntax import nodes as n
from ledgerlang.syntax import parse  # its MAX_SYNTAX_ERRORS, read at each use: `ledger check` sets it
from ledgerlang.syntax.errors import diagnose
from ledgerlang.syntax.parse import _run, _Unparsed, declaration_keywords, parser


# The declarations whose name other declarations use: where one fails to parse, a use of its
# name is unknown because of that failure, not because it was never declared.
_NAMING = ("item", "currency", "unit", "rate")


def unread_names(text: str, path: str, failed: list[tuple[int, int]]) -> tuple:
    """(keyword, name, span of the line) of each declaration in `failed` (first, last line) that
    starts `item NAME`, `currency NAME`, `unit NAME` or `rate NAME:`, or a near miss of one of
    those keywords (`itme NAME`, which fails as a misspelt keyword)."""
    import difflib

    lines = source_lines(text)
    identifier = regexes.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*%?")  # the grammar's ID
    out = []
    for first, last in failed:
        # A calendar line of the entity that failed: the calendar it leaves to a default is said to
        # be unread, not "not said" (the author wrote it). Its name has spaces: no use names it.
        for number in range(first, min(last, len(lines)) + 1):
            words = lines[number - 1].split()
            if words[:2] == ["fiscal", "year"] and len(words) > 2 and words[2][:3] in ("end", "nam"):
                keyword = "fiscal year ends" if words[2][:3] == "end" else "fiscal year named by"
                out.append((keyword, keyword, Span(path, number, 1, number, len(lines[number - 1].rstrip("\r\n")) + 1)))
        line = lines[first - 1] if first <= len(lines) else ""
        words = line.split(None, 2) if line[:1].isalpha() else []
        if len(words) < 2:
            continue
        keyword = words[0] if words[0] in _NAMING else next(
            iter(difflib.get_close_matches(words[0].lower(), _NAMING, n=1, cutoff=0.75)), None)
        name = words[1].rstrip(":")
        if keyword is not None and identifier.fullmatch(name):
            out.append((keyword, name, Span(path, first, 1, first, len(line.rstrip("\r\n")) + 1)))
    return tuple(out)


def by_declaration(text: str, path: str):
    """Parse again, one declaration at a time, keeping every good one.

    Returns (declarations, comments, diagnostics, the (first, last) lines of the declarations that failed).
    """
    keywords = declaration_keywords()
    lines = source_lines(text)
    starts = [i for i, line in enumerate(lines) if _first_word(line) in keywords]
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    declarations, comments, diagnostics, failed = [], [], [], []
    for k, start in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(lines)
        chunk = "".join(lines[start:end])
        try:
            found, found_comments, found_diags = _run(chunk, path, start, diagnose=True)
            declarations.extend(found)
            comments.extend(found_comments)
            diagnostics.extend(found_diags)
        except _Unparsed as exc:
            rows = _without_bad_rows(lines, start, end, exc.error, path)
            if rows is not None:
                # A table whose own rows fail: the table without them, and each row's error.
                found, found_comments, found_diags, bad_rows, errors = rows
                declarations.extend(found)
                comments.extend(found_comments)
                diagnostics.extend(found_diags)
                for at, row_error in zip(bad_rows, errors):
                    failed.append((at + 1, at + 1))
                    comments.extend(_comments_of(lines[at], path, at))
                    diagnostics.append(diagnose(parser(), row_error, path, start, chunk))
                if len(failed) <= parse.MAX_SYNTAX_ERRORS or parse.MAX_SYNTAX_ERRORS <= 0:
                    continue
                exc = _Unparsed(errors[-1])  # over the limit: said as for any declaration, below
            first, bad = start, start  # where the chunk starts; the line a misspelt keyword would be on
            kept = _kept_before(lines, start, end, exc.error, path, keywords) if rows is None else None
            if kept is not None:
                # The declarations above a line that starts, unindented, with a word that is no
                # keyword (a misspelt `documnet`): the grammar read that line as theirs, so it
                # failed them too. They are kept; what failed is from that line on.
                found, found_comments, found_diags, bad = kept
                declarations.extend(found)
                comments.extend(found_comments)
                diagnostics.extend(found_diags)
                first = bad
            failed.append((first + 1, end))
            comments.extend(_comments_of("".join(lines[first:end]), path, first))
            if len(failed) > parse.MAX_SYNTAX_ERRORS > 0:
                diagnostics.append(error(
                    "too-many-errors",
                    f"more than {parse.MAX_SYNTAX_ERRORS} syntax errors in this file: from this line to its end "
                    f"(line {len(lines)}) nothing more is read", Span(path, start + 1, 1, start + 1, 2),
                    "hint: fix the errors above and check again (or raise the limit: --max-per-code N, 0 for none)"))
                comments.extend(_comments_of("".join(lines[end:]), path, end))
                failed.append((start + 1, len(lines)))  # nothing from here on was read
                break
            diagnostics.append(diagnose(parser(), exc.error, path, start, chunk, _misspelt(lines[bad], keywords)))
    if failed:  # a table's bad rows' comments were added after its others': in the file's order
        comments.sort(key=lambda c: (c.span.line, c.span.column))
    return declarations, comments, diagnostics, failed


def _without_bad_rows(lines: list[str], start: int, end: int, exc, path: str):
    """A table (or statement) that failed at an indented line below its `columns` line, or a claim
    or guidance at one of its lines: the declaration parsed without that row (line), and without
    each further one that then fails, so that one bad cell does not take every figure of its table
    away, nor one bad line a claim's other figures (which went, unsaid, from `eval` and the checks).
    The grammar reads such a line in its declaration only, so each one's error is the grammar's
    own, in place.

    Returns (declarations, comments, diagnostics, the bad lines' indexes, their errors), or None:
    no such declaration, a failure elsewhere (its first line, its columns, a line that starts
    unindented), or more bad lines than parse.MAX_SYNTAX_ERRORS.
    """
    kind = _first_word(lines[start])
    if kind in ("table", "statement"):
        columns = next((i for i in range(start + 1, end) if _first_word(lines[i]) == "columns"), None)
    else:
        columns = start if kind in ("claim", "guidance") else None  # every line below the first is one
    if columns is None:
        return None
    text, bad, errors = lines[start:end], [], []
    while True:
        at = start + getattr(exc, "line", 0) - 1
        if not columns < at < end or at in bad or lines[at][:1] not in (" ", "\t", "\f") or \
                len(bad) >= max(parse.MAX_SYNTAX_ERRORS, 1):
            return None
        bad.append(at)
        errors.append(exc)
        text[at - start] = "\n" if lines[at].endswith("\n") else ""
        try:
            return (*_run("".join(text), path, start, diagnose=True), bad, errors)
        except _Unparsed as again:
            exc = again.error


def _kept_before(lines: list[str], start: int, end: int, exc, path: str, keywords):
    """Where a declaration failed at a line below its first that starts at its first column with
    a word that is not a keyword: what the lines above it parse to, if they parse alone.

    Returns (declarations, comments, diagnostics, that line's index), or None.
    """
    at = start + getattr(exc, "line", 0) - 1  # the failing line, as an index of `lines`
    if not start < at < end:
        return None
    first = lines[at]
    word = _first_word(first)
    if not first[:1].isalpha() or word in keywords:
        return None
    try:
        found = _run("".join(lines[start:at]), path, start)
    except _Unparsed:
        return None
    return (*found, at)


def _first_word(line: str) -> str:
    """The word a line starts with ("" for a blank line), as a declaration's keyword is read."""
    return (line.split(None, 1) or [""])[0]


def _misspelt(line: str, keywords) -> str | None:
    """A hint when a line at a declaration's place starts with a near miss of a keyword (`tabel`, `Table`)."""
    word = _first_word(line)
    if not line[:1].isalpha() or word in keywords:
        return None
    import difflib

    close = difflib.get_close_matches(word.lower(), sorted(keywords), n=1, cutoff=0.75)
    if not close:
        return None
    return (f"hint: did you mean {close[0]}? A line that starts with any other word is read as part of the "
            "declaration above it")


def _comments_of(chunk: str, path: str, offset: int) -> list[n.Comment]:
    """Comments of a chunk that did not parse, kept so that no comment is ever lost."""
    found = []
    if "#" not in chunk:
        return found
    for i, line in enumerate((line.rstrip("\r\n") for line in source_lines(chunk)), start=offset + 1):
        in_string = False
        for col, ch in enumerate(line):
            if ch == '"':
                in_string = not in_string
            elif ch == "#" and not in_string:
                found.append(n.Comment(line[col:], Span(path, i, col + 1, i, len(line) + 1)))
                break
    return found


def source_lines(text: str) -> list[str]:
    """Lines as the grammar counts them, ends kept: only "\n" ends a line.

    (str.splitlines also breaks at form feeds and other separators, which may
    sit in a comment and would shift every later line number.)
    """
    parts = text.split("\n")
    return [part + "\n" for part in parts[:-1]] + ([parts[-1]] if parts[-1] else [])
