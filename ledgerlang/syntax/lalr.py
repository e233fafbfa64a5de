"""The grammar's LALR(1) tables, run without importing Lark.

`grammar/ledger.lark` stays the only definition of the syntax, and Lark
analyses it: `compile_tables` reads the parse table, the contextual lexer's
scanners and the tree-building options of every rule off a `Lark` object and
turns them into plain data (dicts, tuples and strings), which `load` keeps in
the user's cache directory with `marshal`, keyed by the grammar's text and
the installed Lark. A later process loads that data and parses with `Tables`,
a small driver that does what Lark's LALR parser, contextual lexer and
tree builder do for this grammar (tokens, positions, child filtering, `?rule`
inlining and `_rule` splicing, the transformer's callbacks), and never
imports Lark, which is most of a short command's start-up.

The driver only parses text that is valid: at the first token it cannot take
it raises `Reject`, and `parse.py` runs Lark itself on that text, so every
syntax diagnostic is still Lark's own. tests/syntax/test_lalr.py proves the
driver builds the same nodes as Lark on every bundled book and on generated
text.
"""

from __future__ import annotations

import os
import sys

from ledgerlang import cache, regexes

# Bump when the shape of the data below changes.
FORMAT = 1


class Reject(Exception):
    """The text is not in the grammar (or not in what the driver takes): let Lark parse it."""


class Token(str):
    """A token as the transformer sees it: its text, with its terminal and place (as Lark's Token)."""

    def __new__(cls, type_: str, value: str, line: int, column: int, end_line: int, end_column: int):
        token = str.__new__(cls, value)
        token.type = type_
        token.line = line
        token.column = column
        token.end_line = end_line
        token.end_column = end_column
        return token


class Tree:
    """A node for a rule the transformer has no method for (as Lark's Tree: `data`, `children`)."""

    __slots__ = ("data", "children")

    def __init__(self, data: str, children: list) -> None:
        self.data = data
        self.children = children


# -- from Lark ----------------------------------------------------------------------


def compile_tables(lark) -> dict:
    """The analysed grammar of a `Lark(parser="lalr", lexer="contextual")` as plain data."""
    from lark.lexer import CallChain, UnlessCallback
    from lark.parsers.lalr_analysis import Shift

    parse_table = lark.parser.parser.parser.parse_table
    rules = list(lark.rules)
    index = {rule: i for i, rule in enumerate(rules)}
    states = {}
    for state, actions in parse_table.states.items():
        states[state] = {symbol: (0, arg) if action is Shift else (1, index[arg])
                         for symbol, (action, arg) in actions.items()}
    built = []
    for rule in rules:
        options = rule.options
        keep = options.keep_all_tokens
        include = tuple((i, not symbol.is_term and symbol.name.startswith("_"))
                        for i, symbol in enumerate(rule.expansion)
                        if keep or not (symbol.is_term and symbol.filter_out))
        filtered = len(include) < len(rule.expansion) or any(expand for _, expand in include)
        built.append((rule.origin.name, len(rule.expansion),
                      rule.alias or options.template_source or rule.origin.name,
                      include if filtered else None, bool(options.expand1 and not rule.alias)))
    contextual = lark.parser.lexer
    lexers, lexer_of = [], {}
    seen: dict[int, int] = {}
    user_callbacks = set(lark.options.lexer_callbacks)
    for state, lexer in contextual.lexers.items():
        if id(lexer) not in seen:
            scanner = lexer.scanner
            unless, callbacks = {}, []
            for type_, callback in lexer.callback.items():
                chain = callback
                if isinstance(chain, CallChain):
                    chain = chain.callback1
                if isinstance(chain, UnlessCallback):
                    words = {}
                    for terminal in chain.scanner.terminals:
                        if terminal.pattern.type != "str" or terminal.pattern.flags:
                            raise ValueError(f"{terminal.name}: a keyword with flags")
                        words[terminal.pattern.value] = terminal.name
                    unless[type_] = words
                if type_ in user_callbacks:
                    callbacks.append(type_)
            if scanner.use_bytes or lexer.g_regex_flags:
                raise ValueError("the lexer uses flags the driver does not know")
            seen[id(lexer)] = len(lexers)
            lexers.append((tuple(m.pattern for m in scanner._mres), tuple(sorted(lexer.ignore_types)),
                           tuple(sorted(lexer.newline_types)), unless, tuple(sorted(callbacks))))
        lexer_of[state] = seen[id(lexer)]
    terminals = {t.name: (t.pattern.type, t.pattern.value, t.pattern.to_regexp()) for t in lark.terminals}
    start = parse_table.start_states["start"]
    end = parse_table.end_states["start"]
    # Plain strs throughout: a grammar Lark has just analysed (not loaded from its own cache) names
    # its rules with Tokens, a str subclass marshal refuses, and the tables were then never cached.
    return _plain({"format": FORMAT, "states": states, "rules": built, "lexers": lexers, "lexer_of": lexer_of,
                   "terminals": terminals, "start": start, "end": end})


def _plain(value):
    """`value` with every str subclass in it a str, and its containers rebuilt as their own types."""
    if isinstance(value, str):
        return str(value)
    if isinstance(value, dict):
        return {_plain(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_plain(v) for v in value)
    return value


# -- the cache ----------------------------------------------------------------------------


def _cache_file(grammar: str, stamp: str) -> str | None:
    """One file per grammar and Lark (named by a checksum; the content is compared in full),
    so that checkouts with different grammars do not evict each other's tables.
    (os.path, not pathlib, which imports urllib at start-up.)"""
    from _blake2 import blake2b  # hashlib would import OpenSSL's library first, and zlib is 0.2 ms more

    key = blake2b(f"{stamp}\n{grammar}".encode("utf-8", "surrogatepass"), digest_size=4).hexdigest()
    return cache.path(f"grammar-tables-{FORMAT}-{key}.marshal")


def _lark_stamp() -> str:
    """Which Lark is installed, without importing it: its package file's size and time. (Found as
    importlib.util.find_spec finds a module not yet imported, by asking each finder on sys.meta_path:
    importlib.util and the contextlib it imports are 1 ms of every command's start-up.)"""
    spec = None
    for finder in sys.meta_path:
        find_spec = getattr(finder, "find_spec", None)
        spec = find_spec("lark", None) if find_spec is not None else None
        if spec is not None:
            break
    if spec is None or spec.origin is None:
        return "none"
    stat = os.stat(spec.origin)
    return f"{spec.origin}:{stat.st_size}:{stat.st_mtime_ns}"


def load(grammar: str, build_lark) -> "Tables":
    """The driver for this grammar: from the cache when it was made from the same grammar
    and the same Lark, otherwise compiled from `build_lark()` and cached (atomically)."""
    stamp = _lark_stamp()
    path = _cache_file(grammar, stamp)
    data = cache.read(path)
    if data is not None and data.get("format") == FORMAT and data.get("grammar") == grammar and data.get("lark") == stamp:
        try:
            return Tables(data)
        except (TypeError, ValueError, AttributeError):  # a file of that name holding something else
            pass
    data = compile_tables(build_lark())
    data["grammar"], data["lark"] = grammar, stamp
    if path is not None:
        cache.store(path, data)
    return Tables(data)


# -- the driver ---------------------------------------------------------------------------------


class _Lexer:
    __slots__ = ("patterns", "ignore", "newline", "unless", "callbacks", "_compiled")

    def __init__(self, patterns, ignore, newline, unless, callbacks) -> None:
        self.patterns = patterns
        self.ignore = frozenset(ignore)
        self.newline = frozenset(newline)
        self.unless = unless
        self.callbacks = frozenset(callbacks)
        self._compiled = None

    def matchers(self):
        if self._compiled is None:  # compiled on first use: most states never lex in a given file
            self._compiled = tuple(regexes.compile(p).match for p in self.patterns)
        return self._compiled


class Tables:
    """Parses text with the grammar's tables and a transformer (an object with a method per rule)."""

    def __init__(self, data: dict) -> None:
        self.data = data
        self.states = data["states"]
        self.start = data["start"]
        self.end = data["end"]
        self.terminals = data["terminals"]
        self.lexers = [_Lexer(*spec) for spec in data["lexers"]]
        self.lexer_of = {state: self.lexers[i] for state, i in data["lexer_of"].items()}
        self._bound = None

    def declaration_keywords(self) -> frozenset[str]:
        """The words that can start a declaration: the keywords the start state shifts."""
        terminals = self.terminals
        return frozenset(terminals[name][1] for name in self.states[self.start]
                         if name in terminals and terminals[name][0] == "str")

    def bind(self, transformer, lexer_callbacks: dict) -> None:
        """Fix the transformer and the lexer callbacks, as `Lark(transformer=..., lexer_callbacks=...)` does."""
        reducers = []
        for origin, size, name, include, expand1 in self.data["rules"]:
            method = getattr(transformer, name, None)
            reducers.append((origin, size, method if method is not None else _tree(name), include, expand1))
        self._bound = (reducers, lexer_callbacks)

    def parse(self, text: str):
        reducers, lexer_callbacks = self._bound
        states, lexer_of = self.states, self.lexer_of
        state_stack = [self.start]
        value_stack: list = []
        end = len(text)
        pos, line, line_start = 0, 1, 0
        while True:
            # -- the next token, lexed in the current state's context
            if pos < end:
                lexer = lexer_of[state_stack[-1]]
                for match in lexer.matchers():
                    m = match(text, pos)
                    if m is not None:
                        break
                else:
                    raise Reject(pos)
                value, type_ = m.group(0), m.lastgroup
                column = pos - line_start + 1
                start_line = line
                if type_ in lexer.newline:
                    newlines = value.count("\n")
                    if newlines:
                        line += newlines
                        line_start = pos + value.rindex("\n") + 1
                pos = m.end()
                if type_ in lexer.ignore:
                    if type_ in lexer.callbacks:
                        lexer_callbacks[type_](Token(type_, value, start_line, column, line, pos - line_start + 1))
                    continue
                lexed = type_
                words = lexer.unless.get(type_)
                if words is not None:
                    type_ = words.get(value, type_)
                token = Token(type_, value, start_line, column, line, pos - line_start + 1)
                if type_ == lexed and type_ in lexer.callbacks:
                    token = lexer_callbacks[type_](token)
                is_end = False
            else:
                token, type_, is_end = None, "$END", True
            # -- reduce as often as the token asks, then shift it
            while True:
                action = states[state_stack[-1]].get(type_)
                if action is None:
                    raise Reject(pos)
                kind, arg = action
                if kind == 0:
                    if is_end:
                        raise Reject(pos)
                    state_stack.append(arg)
                    value_stack.append(token)
                    break
                origin, size, reduce, include, expand1 = reducers[arg]
                if size:
                    children = value_stack[-size:]
                    del state_stack[-size:]
                    del value_stack[-size:]
                else:
                    children = []
                if include is not None:
                    kept = []
                    for n, (i, expand) in enumerate(include):
                        if expand and n == 0 and i == 0:
                            # a left-recursive list (`_items: _items item`): its node is dropped
                            # here, so its children list is extended in place, not copied (the
                            # copy made a book of n declarations parse in n² steps)
                            kept = children[0].children
                        elif expand:
                            kept += children[i].children
                        else:
                            kept.append(children[i])
                    children = kept
                value = children[0] if expand1 and len(children) == 1 else reduce(children)
                goto = states[state_stack[-1]][origin]
                state_stack.append(goto[1])
                value_stack.append(value)
                if is_end and state_stack[-1] == self.end:
                    return value_stack[-1]


def _tree(name: str):
    def build(children):
        return Tree(name, children)
    return build


def enabled() -> bool:
    """False when LEDGERLANG_LARK=1 asks for Lark's own parser throughout (to compare the two)."""
    return os.environ.get("LEDGERLANG_LARK") != "1" and "lark_cython" not in sys.modules
