"""The words of the language, read off the grammar, for highlighters and completion.

Keywords are the grammar's literal word terminals ("table", "in", "given")
and the words of its keyword-like terminals (KIND: flow, stock; SCALE:
thousands, ...). Nothing here is typed by hand but the measure functions
and the `@` edges, which the grammar reads as plain names.
"""

from __future__ import annotations

import functools
import re

from ledgerlang.model.expr import CHANGE_FUNCTIONS, SHARE_FUNCTION

# Terminals whose words a highlighter shows as constants (values of an option), not keywords.
CONSTANT_TERMINALS = ("KIND", "BALANCE", "SCALE", "ROUNDING", "EXACT", "FY_NAMING")
FUNCTIONS = (*CHANGE_FUNCTIONS, SHARE_FUNCTION)
EDGES = ("open", "close")

_WORDS = re.compile(r"^\(?([a-z]+(?:\|[a-z]+)*)\)?\(\?!")


@functools.lru_cache(maxsize=1)
def words() -> dict[str, tuple[str, ...]]:
    """{"declaration": ..., "keyword": ..., "constant": ..., "function": ..., "edge": ...}, each sorted."""
    from ledgerlang.syntax.parse import declaration_keywords, parser

    lark = parser()
    literal, constant = set(), set()
    for terminal in lark.terminals:
        pattern = terminal.pattern
        if pattern.type == "str" and pattern.value.isalpha():
            literal.add(pattern.value)
        elif terminal.name in CONSTANT_TERMINALS:
            found = _WORDS.match(pattern.value)
            if found is None:
                raise ValueError(f"terminal {terminal.name} is not a list of words: {pattern.value}")
            constant.update(found.group(1).split("|"))
    declaration = set(declaration_keywords())
    return {
        "declaration": tuple(sorted(declaration)),
        "keyword": tuple(sorted(literal - declaration)),
        "constant": tuple(sorted(constant)),
        "function": FUNCTIONS,
        "edge": EDGES,
    }


@functools.lru_cache(maxsize=None)
def terminal_words(name: str) -> tuple[str, ...]:
    """The words of one keyword-like terminal (SCALE: thousands, millions, billions), as the grammar lists them."""
    from ledgerlang.syntax.parse import parser

    for terminal in parser().terminals:
        if terminal.name == name:
            found = _WORDS.match(terminal.pattern.value)
            return tuple(found.group(1).split("|")) if found else ()
    return ()


def all_keywords() -> tuple[str, ...]:
    """Every word the grammar reserves somewhere: declarations, keywords and constants."""
    w = words()
    return tuple(sorted({*w["declaration"], *w["keyword"], *w["constant"]}))


@functools.lru_cache(maxsize=1)
def terminal_patterns() -> dict[str, str]:
    """The grammar's own regular expressions for the terminals a highlighter needs."""
    from ledgerlang.syntax.parse import parser

    wanted = ("PERIOD", "SHIFT", "ID", "CODE", "FIGURE", "NUMBER", "DATE", "MONTH_DAY", "STRING", "COMMENT")
    return {t.name: t.pattern.to_regexp() for t in parser().terminals if t.name in wanted}
