"""A syntax error's diagnostic: where Lark stopped, said as the author's likely mistake.

`recovery.py` asks `diagnose` about each declaration that does not parse,
with the exception Lark raised for it. A period-like word, an unclosed quote,
or a digit or letter outside ASCII is named as such; any other error says
what the grammar expected there, in words (`_NAMES`), with a hint: the
caller's for a misspelt declaration keyword or `hints.py`'s for a mistake it
knows, else a near keyword and what the expected token looks like. Only a
file with a syntax error imports this module (and `hints.py`).
"""

from __future__ import annotations

from ledgerlang.diagnostic import Diagnostic, error
from ledgerlang.model.period import PERIOD_FORMS
from ledgerlang.model.span import Span
from ledgerlang.syntax import hints


_NAMES = {
    "ID": "a name", "PERIOD": "a period such as 1Q03 or 2003-06-30", "FIGURE": "a figure such as 1,234 or (5.7%)",
    "STRING": 'a "quoted text"', "_NL": "the end of the line", "NUMBER": "a number", "UNIT": "a unit such as JPY",
    "KIND": "flow, stock or average", "SCALE": "thousands, millions or billions",
    "DATE": "a date such as 2003-06-30 (or a month, 2003-02)",
    "MONTH_DAY": "a month and day such as 03-31", "CODE": "a diagnostic code such as total-mismatch",
    "SHIFT": "a shift such as -1y or -1q", "ROUNDING": "nearest, truncate or exact", "FY_NAMING": "start or end",
    "BALANCE": "debit or credit", "EXACT": "exact", "$END": "the end of the file",
}


def _near_keyword(lark, exc) -> str | None:
    """"did you mean columns?" for a word that is a near miss of a keyword the grammar takes there
    (`colums`, `rouding`), as `recovery._misspelt` says for a declaration's keyword."""
    token = getattr(exc, "token", None)
    word = str(token) if token is not None and getattr(token, "type", "") not in ("_NL", "$END") else ""
    if not word.isalpha():
        return None
    keywords = []
    for name in set(exc.expected or ()):
        try:
            pattern = lark.get_terminal(name).pattern
        except KeyError:
            continue
        if pattern.type == "str" and pattern.value.isalpha():
            keywords.append(pattern.value)
        elif pattern.type == "re":  # debit|credit, flow|stock: the words of an alternation
            keywords.extend(w for w in pattern.value.replace("(", "|").replace(")", "|").split("|") if w.isalpha())
    import difflib

    close = difflib.get_close_matches(word.lower(), sorted(keywords), n=1, cutoff=0.75)
    return f"hint: did you mean {close[0]}?" if close and close[0] != word else None


def _expected(lark, names) -> str:
    shown = []
    for name in sorted(set(names)):
        if name in _NAMES:
            shown.append(_NAMES[name])
            continue
        try:
            pattern = lark.get_terminal(name).pattern
            shown.append(f'"{pattern.value}"' if pattern.type == "str" else name)
        except KeyError:
            shown.append(name)
    shown = sorted(set(shown))
    return ", ".join(shown[:8]) + (", ..." if len(shown) > 8 else "")


def diagnose(lark, exc, path: str, offset: int, text: str = "", misspelt: str | None = None) -> Diagnostic:
    """The syntax error's diagnostic; `misspelt`: the hint for a near miss of a keyword, in place of the usual one."""
    from lark import UnexpectedCharacters, UnexpectedToken

    line, column = exc.line + offset, exc.column
    lines = text.split("\n")
    if 1 <= exc.line <= len(lines):
        found = hints.period_like(lines[exc.line - 1], column)
        if found is not None:
            word, start = found
            return error("bad-period", f"{word!r} looks like a period but is not one", Span(
                path, line, start, line, start + len(word)), f"hint: periods are written {PERIOD_FORMS}")
    source = lines[exc.line - 1] if 1 <= exc.line <= len(lines) else ""
    expected = set(getattr(exc, "expected", None) or getattr(exc, "allowed", None) or ())
    # where a date goes (`given Feb 2024`), the syntax message already names both of its forms
    found = None if expected & {"DATE", "MONTH_DAY"} else hints.misspelt_period(source, column)
    if found is not None:
        word, start, hint = found
        return error("bad-period", f"{word!r} looks like a period but is not one",
                     Span(path, line, start, line, start + len(word)), hint)
    if isinstance(exc, UnexpectedCharacters) and exc.char == '"' and '"' not in source[column:]:
        # A quoted text still being typed (or missing its end): say so, under the whole of it, rather
        # than "unexpected '"'; expected a "quoted text"".
        return error("syntax", 'this quoted text is not closed: it needs a " before the end of the line',
                     Span(path, max(line, 1), max(column, 1), max(line, 1), max(len(source) + 1, column + 1)),
                     'hint: a text is written on one line, in double quotes: "Table 1. Revenues"')
    if isinstance(exc, UnexpectedCharacters) and not exc.char.isascii() and exc.char.isdigit():
        # `rev １，２３４`: a figure in full-width digits (or another script's), not a name
        hint = hints.script_digits_hint(source, column)
        return error("syntax", f"{exc.char!r} is not a digit the language reads: figures, periods and dates are "
                     "written with the digits 0-9", Span(path, max(line, 1), max(column, 1), max(line, 1), column + 1),
                     *([hint] if hint else []))
    if isinstance(exc, UnexpectedCharacters) and not exc.char.isascii() and exc.char.isalnum():
        # `umsätze 100`: a name with a letter outside ASCII, not a row that ends early
        return error("syntax", f"{exc.char!r} cannot be part of a name: names are written with the letters A-Z "
                     "and a-z, digits, _ and .", Span(path, max(line, 1), max(column, 1), max(line, 1), column + 1),
                     'hint: a label, in double quotes, may hold any text: item sales "Umsätze" EUR flow')
    if isinstance(exc, UnexpectedCharacters):
        char = exc.char if exc.char != "\n" else "end of line"
        message = f"unexpected {char!r}; expected {_expected(lark, exc.allowed or ())}"
        end = column + 1
    else:
        assert isinstance(exc, UnexpectedToken)
        token = exc.token
        what = "end of line" if token.type == "_NL" else ("end of file" if token.type == "$END" else repr(str(token)))
        message = f"unexpected {what}; expected {_expected(lark, exc.expected)}"
        if token.type in ("_NL", "$END") or line < 1:
            line = max(line, 1)
        end = column + max(len(str(token)), 1) if token.type not in ("_NL", "$END") else column + 1
    first = (misspelt or hints.control_hint(source, column) or hints.currency_sign_hint(source, column) or hints.decimal_comma_hint(source, column)
             or hints.script_digits_hint(source, column)
             or (hints.month_day_hint(source, column) if "MONTH_DAY" in expected else None)
             or (hints.unit_first_hint(source, column, "_NL" in expected) if "FIGURE" in expected else None)
             or hints.order_hint(source, column))  # each says all
    shown = [first] if first is not None else [h for h in (_near_keyword(lark, exc), _hint(exc)) if h]
    return error("syntax", message, Span(path, max(line, 1), max(column, 1), max(line, 1), max(end, 1)),
                 *(h for h in shown if h))


def _hint(exc) -> str | None:
    expected = set(getattr(exc, "expected", None) or getattr(exc, "allowed", None) or ())
    if "COLUMNS" in expected and "FIGURE" not in expected:
        # a row straight after the title: the table has not said which period each figure is of
        return ("hint: rows follow a columns line, which names the period of each column "
                "as the source prints them: columns 1Q03 1Q02 4Q02")
    if "FIGURE" in expected:
        return "hint: a cell is a figure (1,234  -5.7%  (1,059,574)), - for nil, or . where nothing is printed"
    if "PERIOD" in expected:
        return f"hint: periods are written {PERIOD_FORMS}"
    if "UNIT" in expected:
        return "hint: an item reads: item ID \"Label\" UNIT flow|stock|average [debit|credit] [= expression]"
    if "KIND" in expected:
        return ("hint: say flow (revenue, over a duration), stock (cash, at an instant) or average (weighted average "
                "shares, over a duration but not the sum of its quarters)")
    if "STRING" in expected:
        return 'hint: text goes in double quotes: "Table 1. Revenues"'
    if "ID" in expected:
        return "hint: a name starts with a letter or _, then letters, digits, _ and dots: rev.total, op_income"
    return None
