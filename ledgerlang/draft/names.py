"""Naming a printed row: the item of the shared definitions whose label it is, or a new one.

A label matches exactly when it reads the same once case, punctuation,
footnote marks ("(6)") and plurals are set aside, or when it names one side of
a definition's "Income (loss)"; "Income tax benefit (expense)" against
"Income tax expense (benefit)" is the same item printed with the opposite
sign. Otherwise the closest label by shared words is taken, if close enough,
and the book says so. The figures already named decide between two close
labels (and catch "Other" under "Operating activities", which is not the
"Other" of revenues); a row printed as the negative of figures already named
is written `-item`.
"""

from __future__ import annotations

import functools
import itertools
import re
from decimal import Decimal, InvalidOperation

from ledgerlang.draft.japanese import ratio_names
from ledgerlang.model.record import frozen

_STOP = {"the", "of", "and", "a", "an", "for", "to", "in", "on", "by", "from", "at"}
_PAIR = re.compile(r"([A-Za-z]+)\s*\(([A-Za-z][A-Za-z ]*)\)")
_NEGATIVE = {"loss", "losses", "expense", "expenses", "deficit", "decrease"}
_POSITIVE = {"income", "profit", "gain", "gains", "benefit", "increase", "earnings"}


def _singular(word: str) -> str:
    if len(word) > 3 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith("sses"):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


_END_MARK = re.compile(r"\s*(?:\([a-z]\)|[*†‡§¶]+|[\u00b9\u00b2\u00b3\u2070-\u2079]+)(?=\s*[:,;]?\s*$)")


def strip_marks(label: str) -> str:
    """A label without footnote marks: "Adjusted EBITDA(6)", "Revenue(a)", "Revenue¹", "Revenue*" ->
    the label alone. A letter in parentheses or a superscript is a mark only at the label's end."""
    label = re.sub(r"\s*\(\d{1,2}\)", "", label)
    return _END_MARK.sub("", label).strip()


@functools.lru_cache(maxsize=65536)
def tokens(text: str) -> tuple[str, ...]:
    # Letters and digits of any script are words ("売上高" is one): a label in Japanese is never
    # empty, so never equal to every other label in Japanese.
    text = text.lower().replace("&", " and ")
    text = re.sub(r"[^\w%+.]+|_|[\u00b2\u00b3\u00b9\u2070-\u209f]", " ", text).replace(".", " ")
    return tuple(_ratio_word(_singular(w)) for w in text.split())


def _ratio_word(word: str) -> str:
    """A word of a Japanese ratio to sales in one spelling, so that "営業利益率" reads as the
    "売上高営業利益率" a 決算短信 prints (`japanese.ratio_names`); any other word as it is."""
    if word.isascii() or not word.endswith("率"):
        return word
    names = ratio_names(word)
    return names[0] if names else word


@functools.lru_cache(maxsize=16384)
def variants(label: str) -> tuple[tuple[tuple[str, ...], bool, bool], ...]:
    """(tokens, exact, took_the_alternative) for each reading of a label's "word (alternative)" pairs."""
    label = strip_marks(label)
    pairs = list(_PAIR.finditer(label))[:3]
    out = [(tokens(label), True, False)]
    if not pairs:
        return tuple(out)
    for choice in itertools.product((0, 1, 2), repeat=len(pairs)):
        text, at, alternative = "", 0, False
        for m, c in zip(pairs, choice):
            text += label[at:m.start()]
            word, alt = m.group(1), m.group(2)
            text += word if c == 0 else alt if c == 1 else f"{word} {alt}"
            if c == 1 and word.lower() in _POSITIVE and alt.lower().split()[0] in _NEGATIVE:
                alternative = True
            at = m.end()
        text += label[at:]
        out.append((tokens(text), True, alternative))
    return tuple(out)


def _swapped(printed: str, defined: str) -> bool:
    """Does the printed label swap a "word (alternative)" pair of the defined one?"""
    a, b = list(_PAIR.finditer(strip_marks(printed))), list(_PAIR.finditer(strip_marks(defined)))
    if not a or not b:
        return False
    def canon(label, pairs, swap):
        text, at = "", 0
        for m in pairs:
            x, y = m.group(1).lower(), m.group(2).lower()
            text += label[at:m.start()] + (f" {y}|{x} " if swap else f" {x}|{y} ")
            at = m.end()
        return tokens(text + label[at:])
    pa, pb = strip_marks(printed), strip_marks(defined)
    return canon(pa, a, True) == canon(pb, b, False) and canon(pa, a, False) != canon(pb, b, False)


def dice(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    a2 = [w for w in a if w not in _STOP] or list(a)
    b2 = [w for w in b if w not in _STOP] or list(b)
    if not a2 or not b2:
        return 0.0
    common = sum(min(a2.count(w), b2.count(w)) for w in set(a2))
    return 2 * common / (len(a2) + len(b2))


@frozen(slots=True)
class Match:
    item: str
    score: float
    exact: bool
    negated: bool = False
    alternative: bool = False  # the label named the "(loss)" side
    qualified: bool = False  # matched with the section heading added
    how: str = ""


def label_matches(label: str, section: str, candidates) -> list[Match]:
    """Every candidate item with its score for this printed label, best first.
    `candidates`: (id, label) pairs."""
    own = variants(label)
    qualified = []
    if section:
        sec = strip_marks(section).rstrip(":")
        qualified = variants(f"{label} {sec}") + variants(f"{sec} {label}")
    out = []
    for item_id, defined in candidates:
        if not tokens(strip_marks(label)) or not tokens(strip_marks(defined)):
            continue  # a label of no word ("", "*") names no item
        theirs = variants(defined)
        best = None
        for mine, is_qualified in ((own, False), (qualified, True)):
            for toks, _, alt_mine in mine:
                for dtoks, _, alt in theirs:
                    exact = toks == dtoks
                    score = 1.0 if exact else dice(toks, dtoks)
                    cand = (exact, score, not is_qualified)
                    if best is None or cand > best[0]:
                        best = (cand, Match(item_id, score, exact, alternative=alt or alt_mine,
                                            qualified=is_qualified))
        if _swapped(label, defined):
            best = ((True, 1.0, True), Match(item_id, 1.0, True, negated=True, how="swapped"))
        if best is not None and best[1].score > 0:
            out.append(best[1])
    out.sort(key=lambda m: (not m.exact, -m.score, m.qualified, m.item))
    return out


def figure_value(text: str) -> Decimal | None:
    """The value of a printed figure: "(1,059,574)" -> -1059574; "-" -> 0; blank -> None."""
    t = text.strip()
    if not t or t == ".":
        return None
    if t == "-":
        return Decimal(0)
    negative = t.startswith("(") and t.rstrip("%").endswith(")") or t.startswith("-")
    core = t.strip("()%+-").rstrip(")%").replace(",", "")
    try:
        value = Decimal(core)
    except InvalidOperation:
        return None
    return -value if negative else value


def last_digit(text: str) -> Decimal:
    """The unit of a figure's last printed digit: 1 for "3,321", 0.1 for "41.1"."""
    core = text.strip("()%+- ").replace(",", "")
    if "." in core:
        return Decimal(1).scaleb(-len(core.split(".")[1]))
    return Decimal(1)


def _reserved() -> frozenset[str]:
    """The grammar's words: an id spelt as one would be read as the word (`rate 1,200` is a rate)."""
    from ledgerlang.syntax.parse import tables
    words = {pattern for kind, pattern, _ in tables().terminals.values() if kind == "str" and pattern.isalpha()}
    return frozenset(words | {"flow", "stock", "average", "debit", "credit", "thousands", "millions", "billions",
                              "nearest", "truncate", "exact", "start", "end"})


def _latin(label: str) -> str:
    """A label's accented Latin letters without their accents ("Résultat", "Umsatzerlöse", "Straße":
    resultat, umsatzerlose, strasse), so that an id keeps its words whole; other scripts as they are."""
    import unicodedata
    spelt = label.replace("ß", "ss").replace("æ", "ae").replace("œ", "oe").replace("ø", "o")
    out = []
    for ch in unicodedata.normalize("NFD", spelt):
        if unicodedata.combining(ch) and out and out[-1].isascii() and out[-1].isalpha():
            continue  # an accent on a Latin letter
        out.append(ch)
    return unicodedata.normalize("NFC", "".join(out))


def new_id(label: str, taken, line: int | None = None) -> str:
    """An item id made from a label: "Internet data center services" -> internet_data_center_services.
    A label with no word is `unlabelled`, and one with no ASCII word ("売上収益") `item_lineN` after
    its release line; an id that is one of the grammar's words gets `_item`."""
    plain = _latin(label)
    words = [w for w in re.sub(r"[^a-z0-9]+", " ", strip_marks(plain).lower()).split() if w not in _STOP]
    base = "_".join(words[:5]) or "_".join(re.sub(r"[^a-z0-9]+", " ", plain.lower()).split()[:5])
    if re.fullmatch(r"[\d_]*", base) and label.strip() and line is not None:
        base = ""  # "1株当たり当期純利益": its digit alone is no name (`n1`, `n1_2` for every per-share line)
    if not base:
        base = f"item_line{line}" if label.strip() and line is not None else "unlabelled"
    if base[0].isdigit():
        base = "n" + base
    if base in _reserved():
        base += "_item"
    candidate, n = base, 2
    last = "_".join(words[:4] + words[-1:])
    if candidate in taken and len(words) > 5 and base == "_".join(words[:5]) and last not in taken and (
            last not in _reserved()):
        # "Weighted average number of shares outstanding — basic", then "— diluted": the last word tells
        # the second from the first, where `…_outstanding_2` would leave the reviewer to read the labels
        candidate = last
    while candidate in taken:
        candidate, n = f"{base}_{n}", n + 1
    return candidate
