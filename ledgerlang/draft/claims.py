"""Numbers in the narrative, as claims: the sentence as text, each figure tied where it can be.

A figure is tied to an item when the words before the sentence's first
figure contain every word of exactly one item's label ("Operating loss" is
`-op.income`, the loss side of "Operating income (loss)"), and to a period
when a period label follows it ("in 1Q02") or stands before it ("for 1Q03");
otherwise the release's current quarter. A percentage is a change when a
"compared to 1Q02" or "from 4Q02" follows it, signed by the nearest
"decrease" or "increase" before it. A dollar figure in parentheses right
after a yen figure is its translation. Anything else stays a comment.

A Japanese sentence is read clause by clause, each clause's figures tied to
the label its words write, to the period the sentence names in its own words
and to its changes on the year before (`japanese.py` reads those words).
"""

from __future__ import annotations

import re

from ledgerlang.draft import japanese as ja
from ledgerlang.draft.cells import _WIDE
from ledgerlang.draft.columns import PERIOD_WORDS, period_word
from ledgerlang.draft.names import strip_marks, tokens, variants
from ledgerlang.model.period import Duration, label, shift
from ledgerlang.model.record import frozen

_ABBREV = re.compile(r"\b(?:Inc|Co|Ltd|Corp|U\.S|No|Nos|Mr|Ms|Dr|vs|approx|e\.g|i\.e|"
                     r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|Mio|Mrd|Tsd|Mds|ca|bzw|vs|Nr|rd|env)\.$")
_MONEY = re.compile(r"(?P<cur>JPY|USD|US\$|\$|¥|EUR|€|GBP|£|CHF)\s?(?P<paren>\()?"
                    r"(?P<num>-?\d{1,3}(?:\.\d{3})+,\d+|-?\d+,\d{1,2}(?![\d.,])"
                    r"|-?\d{1,3}(?:,\d{3})*(?:\.\d+)?|-?\d+(?:\.\d+)?)(?(paren)\))"
                    r"(?:\s*(?P<scale>million|billion|thousand)s?|(?P<short>mn|m|bn|k)(?![A-Za-z])"
                    r"|\s(?P<word>Mio\.|Mrd\.|Tsd\.))?")
# "1.234,5 Mio. €", "812,4 millions d'euros", "2,3 Mrd. EUR": the currency after the figure, as German and
# French narratives print it
_MONEY_AFTER = re.compile(r"(?<![\w.,])(?P<num>-?\d{1,3}(?:\.\d{3})+,\d+|-?\d+,\d{1,2}(?![\d.,])|-?\d{1,3}(?:\.\d{3})+"
                          r"|-?\d+(?:[.,]\d+)?)\s?(?P<scale>Mio\.|Mrd\.|Tsd\.|Millionen|Milliarden|millions?|milliards?)?"
                          r"\s?(?:d['’]\s?)?(?P<cur>€|EUR|[Ee]uros?|CHF|£|GBP)(?![A-Za-z])")
_SHORT_SCALE = {"m": "million", "mn": "million", "bn": "billion", "k": "thousand", "mio.": "million",
                "mrd.": "billion", "tsd.": "thousand", "millionen": "million", "milliarden": "billion",
                "millions": "million", "milliards": "billion", "milliard": "billion", "million": "million"}
_CURRENCY_OF = {"$": "USD", "US$": "USD", "¥": "JPY", "€": "EUR", "£": "GBP", "euro": "EUR", "euros": "EUR"}
# "€1.234 million": one dot before three digits is a thousands dot or three decimals; not guessed
_ONE_DOT = re.compile(r"-?\d{1,3}\.\d{3}")


def _amount(num: str, cur: str) -> str | None:
    """A narrative amount in the language's spelling ("1.234,5" is 1,234.5), or None where its notation
    cannot be told ("€1.234": a thousands dot, or three decimals)."""
    from ledgerlang.draft.cells import _from_comma
    if "," in num and ("." in num or re.fullmatch(r"-?\d+,\d{1,2}", num)):
        sign = "-" if num.startswith("-") else ""
        return sign + _from_comma(num.lstrip("-"))
    if _ONE_DOT.fullmatch(num) and cur in ("EUR", "CHF"):
        return None
    if re.fullmatch(r"-?\d{1,3}(?:\.\d{3}){2,}", num):
        return None  # "1.234.567": dots between thousands, in a narrative of decimal commas
    return num


_PCT = re.compile(r"(?<![A-Za-z0-9_.])(?P<neg>[△▲]\s?)?(?P<num>-?\d+(?:\.\d+)?)\s?[%％]")  # "△4.6％": a fall
# a count: not part of a phone number, a time, a measure ("14,143.10m²") or a word (of Latin letters:
# "売上高は274,887" is a figure after a word of Japanese)
_COUNT = re.compile(r"(?<![A-Za-z0-9_.,$+:/-])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![A-Za-z0-9_%％:/²³-]|[.,]\d)")
_PERIOD = re.compile(f"({PERIOD_WORDS})")  # the columns' pattern: "Q1 FY2024" is a quarter, not its year
_DOWN = re.compile(r"\b(decreas\w*|declin\w*|down|lower|fell|drop\w*|reduc\w*)\b", re.I)
_UP = re.compile(r"\b(increas\w*|grew|grow\w*|growth|up|higher|rose|rise)\b", re.I)
_SKIP = {"net", "total"}
_GENERIC = {"revenue", "expense", "cost", "result", "total", "amount", "figure", "service", "net", "loss", "income",
            "our", "company", "group", "consolidated", "quarter", "recorded", "only", "ratio", "benefit"}
_STOPWORDS = {"the", "of", "and", "a", "an", "for", "to", "in", "on", "by", "from", "at", "it", "its", "this", "that"}
_RATE = re.compile(r"(JPY|¥)\s?\d+(?:\.\d+)?\s?=\s?(?:US)?\$\s?1\b")
_FORWARD = re.compile(r"\b(expects?|expected|expecting|expectations?|will|would|forecasts?|guidance|outlook|"
                      r"anticipat\w*|projected|plans? to|target(?:s|ed)?|estimates?)\b", re.I)
_VERBS = {"by", "wa", "was", "has", "had", "been", "be", "were", "is", "are", "totaled", "totalled", "amounted",
          "reached", "increased", "decreased", "declined", "rose", "fell", "of", "to", "in", "for", "the", "our",
          "it", "its"}



@frozen(slots=True)
class DraftClaim:
    text: str
    line: int
    lines: tuple  # "expr = figure" texts
    comments: tuple
    source: str


def _percent(item) -> bool:
    """Is the item a ratio in %, whose figure a sentence states as a level ("営業利益率は5.8％")?"""
    return item.percent or tuple(item.unit.num) == ("%",)


def sentences(paragraph):
    """(text, line) of each sentence of a paragraph."""
    words = paragraph.text.split(" ")
    lines = paragraph.lines or (paragraph.line,) * len(words)
    if any("。" in w.rstrip("。") for w in words):  # Japanese: sentences end in "。", with no space after it
        pairs = [(piece, n) for w, n in zip(words, lines) for piece in re.findall(r"[^。]+。?|。", w)]
        words, lines = [w for w, _ in pairs], [n for _, n in pairs]
    out, current, first = [], [], None
    for w, n in zip(words, lines):
        if first is None:
            first = n
        current.append(w)
        if w.endswith((".", "!", "?", "。")) and not _ABBREV.search(w) and not re.fullmatch(r"[\d.,$]+", w):
            out.append((" ".join(current), first))
            current, first = [], None
    if current:
        out.append((" ".join(current), first))
    return out


def _figures(sentence: str):
    """(start, end, kind, text, currency, scale) of each figure in a sentence, in time linear in its length
    (a figure's place is looked up, never searched for among the others)."""
    found = []
    # full-width digits and signs read as ASCII, character for character (the positions stay the sentence's)
    sentence = sentence.replace("\\$", " $").translate(_WIDE).replace("\u2212", "-")  # and a Unicode minus
    taken = bytearray(len(sentence) + 1)  # 1 where a figure already found stands

    def take(m):
        taken[m.start():m.end()] = b"\x01" * (m.end() - m.start())

    for m in _MONEY.finditer(sentence):
        cur = _CURRENCY_OF.get(m.group("cur"), m.group("cur"))
        num = _amount(m.group("num"), cur)
        scale = m.group("scale") or _SHORT_SCALE.get((m.group("short") or m.group("word") or "").lower())
        take(m)
        if num is None:
            found.append((m.start(), m.end(), "unsure", m.group(0), cur, scale))
            continue
        if m.group("paren") and not num.startswith("-"):
            num = f"-{num}"  # "$(12.4) million": a negative amount, as US releases print one
        found.append((m.start(), m.end(), "money", num, cur, scale))
    for m in _MONEY_AFTER.finditer(sentence):
        if taken[m.start()]:
            continue
        cur = _CURRENCY_OF.get(m.group("cur").lower(), m.group("cur"))
        num = _amount(m.group("num"), cur)
        scale = _SHORT_SCALE.get((m.group("scale") or "").lower())
        found.append((m.start(), m.end(), "money" if num is not None else "unsure", num or m.group(0), cur, scale))
        take(m)
    for m in ja.YEN.finditer(sentence):
        if not taken[m.start()]:
            read = ja.yen(m.group("body"))
            take(m)
            if read is None:
                found.append((m.start(), m.end(), "unsure", m.group(0), "JPY", None))
                continue
            num, scale = read
            num = f"-{num}" if m.group("neg") else num  # "△1,234百万円": a loss
            found.append((m.start(), m.end(), "money", num, "JPY", scale))
    for m in _PCT.finditer(sentence):
        if not taken[m.start()]:
            num = f"-{m.group('num').lstrip('-')}" if m.group("neg") else m.group("num")
            found.append((m.start(), m.end(), "pct", num, None, None))
            take(m)
    periods = bytearray(len(sentence) + 1)
    for m in _PERIOD.finditer(sentence):
        periods[m.start():m.end()] = b"\x01" * (m.end() - m.start())
    for m in _COUNT.finditer(sentence):
        if taken[m.start()]:
            continue
        text = m.group(1)
        if re.fullmatch(r"(19|20)\d\d", text) or periods[m.start()]:
            continue
        if re.fullmatch(r"\d", text):
            continue  # "1 Data Center", "2 Nifty": a number in a name or a rank, not a figure
        if (re.match(r"\)", sentence[m.end():m.end() + 1]) and sentence[m.start() - 1:m.start()] == "("
                and re.fullmatch(r"\d{1,2}", text)):
            continue  # a footnote mark "(1)"; "(12.4)" is a figure
        before = sentence[max(0, m.start() - 40):m.start()]  # the words right before it, not the sentence
        in_date = re.match(r"[,\s]*\d{4}", sentence[m.end():m.end() + 6]) and re.search(r"[A-Z][a-z]+\.? $", before)
        after_month = re.search(r"\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s$", before)
        if re.search(r"(page|Form|No\.|Exhibit)\s*$", before, re.I) or in_date or after_month:
            continue  # "page 6", "June 26, 2003"
        if re.match(r"\s*(?:年|月|日|期|四半期)", sentence[m.end():m.end() + 4]):
            continue  # "2020年5月13日", "第124期", "31年3月期": a date or a term, never a figure of an item
        found.append((m.start(), m.end(), "count", text, None, None))
    return sorted(found)


_CONNECTORS = set("in and compared to with from the a an of or but respectively while than at for on by as "
                  "decrease decreased increase increased loss losses expense expenses benefit an million billion "
                  "thousand was were".split())


def _new_subject(between: str) -> bool:
    """Does the text between two figures name something new ("and impairment loss on ...")?"""
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z-]*", between) if w.lower() not in _CONNECTORS
             and not _PERIOD.fullmatch(w) and w not in ("JPY", "USD")]
    return len(words) >= 2


def translation_next(text, figures, idx) -> bool:
    return text[figures[idx - 1][1]:figures[idx][0]].strip() in ("(", "(\\")


class ClaimWriter:
    def __init__(self, items, currency_ids, current, evidence=None, calendar=None, year=None, durations=()):
        self.evidence = evidence or {}
        self.year = year  # the latest fiscal year the release's tables print: "当連結会計年度" names it
        # the periods from a year's start the tables print, latest last: "当第２四半期連結累計期間" names one
        self.cumulative = sorted(d for d in durations if isinstance(d, Duration) and d.first == 1)
        self.compared = False  # a Japanese sentence compared a figure with the year before: "同" says so again
        self.said_year = None  # the year a Japanese sentence named as this one: the ones after it speak of it too
        self.calendar = calendar  # the release's fiscal calendar: "H1 2025/26" is a period only on its own
        self.rated = False  # the release declares an exchange rate
        self.items = items
        self.currency_ids = currency_ids
        self.current = current  # the release's current quarter, or None
        self.labels = []
        self.full = {item.id: strip_marks(item.label) for item in items.values()}
        self._sides = None  # item id -> the Japanese words its label names it by, made when first needed
        for item in items.values():
            for toks, _, alt in variants(item.label):
                core = tuple(t for t in toks if t not in _SKIP)
                if core:
                    self.labels.append((item.id, core, alt))

    def subject(self, prefix: str, currency: str | None = None):
        """(item id, took the loss side) named by the words before the first figure, or None.
        With a currency, only items in that currency can be named."""
        if ja.CJK.search(prefix):  # a label written in Japanese, found in the words; else as words between spaces
            found = self._japanese_subject(prefix, currency)
            if found is not None:
                return found
        said = prefix
        prefix = re.sub(r"\b[\w.&-]+['’]s\b", " ", prefix)  # "IIJ's revenues": the company is not the item
        prefix = _PERIOD.sub(" ", prefix)  # "for Q1 FY2024": a period, not words of the subject
        words = [t for t in tokens(strip_marks(prefix))]
        have = set(words)
        best, tied = None, False
        for item_id, core, alt in self.labels:
            if currency and currency not in self.items[item_id].unit.num:
                continue
            if not set(core) <= have:
                continue
            if len(set(core)) < 2 and not set(tokens(self.full[item_id])) <= have:
                subject = [w for w in words if w not in _VERBS and w not in _SKIP and w not in _STOPWORDS
                           and not _PERIOD.fullmatch(w.upper()) and len(w) > 1]
                if set(subject) != set(core):
                    continue  # one word names an item only as the whole subject ("Revenues totaled")
            extra = {w for w in words if w not in _VERBS and w not in _STOPWORDS and not _PERIOD.fullmatch(w.upper())
                     and not w.isdigit() and len(w) > 1} - set(core)
            if extra - _GENERIC:
                continue  # the subject says more than the label: "Cost of SI revenues" is not "Total cost of revenues"
            score = (len(set(core)), words[:1] == list(core[:1]))
            if best is None or score > best[0]:
                best, tied = (score, item_id, alt), False
            elif score == best[0] and item_id != best[1]:
                tied = True
        if best is None or tied:
            # "Primarily as a result of the decline of SI profitability, the operating loss increased to": the
            # clause nearest the figure names it, where the sentence's opening words name something else
            clause = re.split(r"[,;]\s+", said)[-1]
            return self.subject(clause, currency) if clause != said and clause.strip() else None
        return best[1], best[2]

    def _clauses(self, text: str, figures) -> list[list]:
        """The figures of a Japanese sentence by clause: a clause starts after a "、" whose words up to its
        first figure write an item's label (売上収益は274,887百万円（前期比4.1％増）、営業利益は15,822百万円…),
        so that each figure is tied to the label of its own clause, never to the sentence's first."""
        groups = [[figures[0]]]
        for before, figure in zip(figures, figures[1:]):
            between = text[before[1]:figure[0]]
            comma = max(between.rfind("、"), between.rfind("，"))
            if comma >= 0 and self._japanese_subject(between[comma + 1:], None) is not None:
                groups.append([])
            groups[-1].append(figure)
        return groups

    def _japanese_subject(self, prefix: str, currency: str | None):
        """The item whose label, written in Japanese, ends nearest the figure (the longest of those
        that end there: 営業利益率 over 利益率), or None where no label is written, or two of equal
        length end at the same place."""
        best, tied = None, False
        # a subject is written right before its figure: the words of the sentence further back are not
        # searched, so that a sentence of many clauses is read in time linear in its length
        prefix = ja.words(prefix[-ja.SUBJECT_REACH:])
        if self._sides is None:
            self._sides = {item_id: ja.sides(ja.words(ja.UNIT_AFTER.sub("", full)))
                           for item_id, full in self.full.items() if full and ja.CJK.search(full)}
        for item_id, sides in self._sides.items():
            if currency and currency not in self.items[item_id].unit.num:
                continue
            for label, loss in sides:
                at = prefix.rfind(label)
                if at < 0:
                    continue
                score = (at + len(label), len(label))
                if best is None or score > best[0]:
                    best, tied = (score, (item_id, loss)), False
                elif score == best[0] and best[1] != (item_id, loss):
                    tied = True
        if best is None or tied:
            return None
        return best[1]

    def claim(self, text: str, line: int, path: str) -> DraftClaim | None:
        figures = _figures(text)
        if not figures:
            return None
        out, comments = [], []
        if _RATE.search(text):
            comments = [f"{text[a:b]!r}: the exchange rate (declared as a `rate` above when a table translates)"
                        for a, b, *_ in figures]
            return DraftClaim(text, line, (), tuple(comments), path)
        if _FORWARD.search(text):
            comments = [f"{text[a:b]!r}: forward-looking (an expectation): write it as `guidance` by hand"
                        for a, b, *_ in figures]
            return DraftClaim(text, line, (), tuple(comments), path)
        if ja.CJK.search(text):
            if ja.FORWARD.search(text):
                comments = [f"{text[a:b]!r}: forward-looking (予想, 見込み, 計画): write it as `guidance` by hand"
                            for a, b, *_ in figures]
                return DraftClaim(text, line, (), tuple(comments), path)
            changes = [f for n, f in enumerate(figures) if f[2] == "money" and ja.is_change(text, figures, n)]
            comments += [f"{text[a:b]!r}: a change on the period before, in amounts, which no claim states: "
                         "not placed" for a, b, *_ in changes]
            figures = [f for f in figures if f not in changes]
            if not figures:
                return DraftClaim(text, line, (), tuple(comments), path)
        # a Japanese sentence of clauses, each its own subject ("売上収益は…、営業利益は…"); else one
        groups = self._clauses(text, figures) if ja.CJK.search(text) else [figures]
        # the periods it names, found once (a figure's is the last before it), ends and starts
        named_periods = ([(m.end(), m) for m in ja.PERIOD.finditer(text)] if ja.CJK.search(text) else [])
        for k, group in enumerate(groups):
            lo = groups[k - 1][-1][1] if k else 0  # the clause's words start after the clause before it
            subject = self.subject(text[lo:group[0][0]], group[0][4] if group[0][2] == "money" else None)
            last_money = None
            pending = None  # a change printed before its amount ("前期比4.1％増の…"): written after it
            for idx, (start, end, kind, num, cur, scale) in enumerate(group):
                nxt = group[idx + 1][0] if idx + 1 < len(group) else len(text)
                after = text[end:nxt]
                printed = text[start:end]
                if subject is None:
                    comments.append(f"{printed!r}: no item named unambiguously")
                    continue
                item_id, loss = subject
                item = self.items[item_id]
                linked = re.search(r"compared|from|versus|\bvs\b|\bto\b|\band\b", text[group[idx - 1][1]:start]) \
                    if idx else None
                if kind == "money" and idx > 0 and not translation_next(text, group, idx) and pending is None \
                        and not linked:
                    comments.append(f"{printed!r}: another subject? not placed")
                    last_money = None  # a change printed after it is its subject's, not this item's
                    continue
                if kind == "money" and idx > 0 and _new_subject(text[group[idx - 1][1]:start]):
                    comments.append(f"{printed!r}: another subject? not placed")
                    last_money = None
                    continue
                if kind == "money":
                    waiting, pending = pending, None
                    if waiting is not None:  # said when this amount is not placed; else written after it
                        comments.append(f"{waiting[0]!r}: the change of {printed!r}, which is not placed")
                    translation = (last_money is not None and text[last_money[1]:start].strip() in ("(", "(\\")
                                   and cur != last_money[2])
                    if idx == 0 or waiting is not None:
                        period = self._period_after(after) or self._period_before(text, start, group, lo)
                        if period is None and ja.CJK.search(text):
                            said = ja.last_before(named_periods, start)
                            term = ja.THIS_TERM.search(text, 0, start)
                            said = said or term and ja.PERIOD.match("当期")
                            named = self.said_year
                            if said is not None:
                                named = ja.japanese_period(said, self.year, self.cumulative, self.calendar,
                                                           self.said_year)
                            if said is not None and not ja.is_prior(said):
                                self.said_year = named  # the sentences after it speak of it too
                            period = named  # the year before only in its own sentence: a narrative's aside
                        period = period or self.current
                    else:
                        period = self._period_after(after)
                        if period is None and not translation:
                            comments.append(f"{printed!r}: no period named right after it")
                            continue
                    if translation:
                        period = last_money[3]
                        if period is None or not self.rated:
                            comments.append(f"{printed!r}: a translation, but the release gives no exchange rate"
                                            if not self.rated else f"{printed!r}: no period")
                            continue
                        expr = f"{cur}({item_id}@{label(period)})"
                        loss = last_money[4]
                    else:
                        if period is None or cur not in item.unit.num:
                            comments.append(f"{printed!r}: no period or unit for {item_id}")
                            continue
                        expr = f"{item_id}@{label(period)}"
                        last_money = (start, end, cur, period, loss)
                    losing = re.search(r"\b(loss|losses|expense|expenses|deficit)\b", text[lo:group[0][0]], re.I)
                    if not translation and losing:
                        loss = self._opposite(item_id, period, num, scale) if not loss else loss
                        last_money = (start, end, cur, period, loss)
                    if loss and num.startswith("-"):
                        loss = False  # "net loss per share was JPY -43.98": the figure carries its sign
                    figure = num.lstrip("-") if loss else num
                    sign = "-" if loss and not num.startswith("-") else ""
                    unit = f" {cur}" + (f" {scale}s" if scale else "")
                    out.append(f"{sign}{expr} = {figure}{unit}")
                    if waiting is not None and not translation:
                        comments.pop()
                        out.append(f"yoy%({item_id}@{label(period)}) = {waiting[1]}%")
                        self.compared = True
                elif kind == "pct" and ja.CJK.search(text) and (
                        ja.RATIO.search(ja.words(text[group[idx - 1][1] if idx else lo:start]))
                        or idx == 0 and _percent(item)):
                    # "営業利益率は5.8％": the level of a ratio, never the change of the amount 営業利益 whose
                    # label it starts with; the percentages after it, to the next amount, are the ratio's too
                    last_money, pending = None, None
                    ratio = self._japanese_subject(text[group[idx - 1][1] if idx else lo:start], None)
                    if ratio is None or not _percent(self.items[ratio[0]]) or ja.ON_THE_YEAR.search(
                            text[group[idx - 1][1] if idx else lo:start].rstrip("（( ")):
                        comments.append(f"{printed!r}: said of a ratio (…率), not of an amount: no item in % "
                                        "is named for it, or it is the ratio's change: not placed")
                        continue
                    period = self._japanese_said(text, start, named_periods)
                    if period is None:
                        comments.append(f"{printed!r}: no period for {ratio[0]}")
                        continue
                    out.append(f"{ratio[0]}@{label(period)} = {num}%")
                elif kind == "pct" and ja.CJK.search(text) and last_money is None and idx > 0 and ja.RATIO.search(
                        ja.words(text[lo:start])):
                    comments.append(f"{printed!r}: said of a ratio (…率), not of an amount: not placed")
                elif kind == "pct" and ja.CJK.search(text):
                    said = ja.ON_THE_YEAR.search(text[group[idx - 1][1] if idx else lo:start].rstrip("（( "))
                    direction = ja.DIRECTION.match(after)
                    of = last_money[3] if last_money is not None else None
                    ahead = (of is None and idx + 1 < len(group) and group[idx + 1][2] == "money"
                             and ja.CHANGE_OF_NEXT.fullmatch(after))
                    # "前期比△4.6％": signed as printed, a fall with no 増 or 減 after it
                    if said is None or (said.group(1) == "同" and not self.compared) \
                            or (direction is None and not num.startswith("-")) or (of is None and not ahead) or loss:
                        comments.append(f"{printed!r}: not placed (a change needs 前期比 or 前年同期比 and 増 or 減)")
                        continue
                    down = direction is not None and direction.group(1) == "減"
                    value = num.lstrip("-") if not down else f"-{num.lstrip('-')}"
                    if num.startswith("-"):  # △4.6％減 would say the decrease twice: as printed, a fall
                        value = f"-{num.lstrip('-')}"
                    if ahead:
                        pending = (printed, value)
                        continue
                    self.compared = True
                    out.append(f"yoy%({item_id}@{label(of)}) = {value}%")
                elif kind == "pct":
                    m = re.match(r"\s*(?:compared (?:to|with)|from|over|versus|vs\.?)\s+(?:the\s+)?"
                                 f"({PERIOD_WORDS})", after)
                    if m is None and idx + 1 < len(group) and group[idx + 1][2] == "money" and re.fullmatch(
                            r"\s*to\s*", after):
                        # "decreased 27.7% to JPY 2,408 million in 1Q03 compared to 1Q02": the change of the
                        # amount it leads to, on the period named after that amount
                        upto = group[idx + 2][0] if idx + 2 < len(group) else len(text)
                        m = re.match(r"[^,;]{0,40}?\bcompared (?:to|with)\s+(?:the\s+)?"
                                     f"({PERIOD_WORDS})", text[group[idx + 1][1]:upto])
                    base = period_word(m.group(1), self.calendar) if m else None
                    named = re.match(r"\s*(YoY|year[- ]over[- ]year|year on year|QoQ|quarter[- ]over[- ]quarter)\b", after, re.I)
                    if named and self.current is not None:  # "an increase of 6.3% YoY"
                        base = shift(self.current, -4 if named.group(1).lower()[0] == "y" else -1)
                    if base is None or self.current is None or loss:
                        comments.append(f"{printed!r}: not placed (a change needs 'compared to PERIOD')")
                        continue
                    if shift(base, 4) == self.current:
                        fn = "yoy%"
                    elif shift(base, 1) == self.current:
                        fn = "qoq%"
                    else:
                        comments.append(f"{printed!r}: compared to {m.group(1)}, not a year or a quarter before")
                        continue
                    before = text[:start]
                    down = max((x.end() for x in _DOWN.finditer(before)), default=-1)
                    up = max((x.end() for x in _UP.finditer(before)), default=-1)
                    if down < 0 and up < 0 and not num.startswith("-"):
                        comments.append(f"{printed!r}: no direction (increase or decrease) given")
                        continue
                    value = num if num.startswith("-") or up > down else f"-{num}"
                    out.append(f"{fn}({item_id}@{label(self.current)}) = {value}%")
                elif kind == "unsure" and cur == "JPY":
                    comments.append(f"{printed!r}: its powers of ten (億, 万, …) do not make one amount, or its last "
                                    "digit stands for more than a billion yen: not placed")
                elif kind == "unsure":
                    comments.append(f"{printed!r}: a dot before three digits, a thousands separator or three "
                                    "decimals: not placed")
                else:
                    comments.append(f"{printed!r}: a count or figure without a currency: not placed")
        return DraftClaim(text, line, tuple(out), tuple(comments), path)

    def _japanese_said(self, text: str, start: int, named_periods):
        """The period a Japanese sentence names before `start`, as an amount's is found: the last one
        named, else the year the sentences before it named, else the release's current period."""
        said = ja.last_before(named_periods, start)
        if said is not None:
            return ja.japanese_period(said, self.year, self.cumulative, self.calendar, self.said_year)
        return self.said_year or self.current

    def _opposite(self, item_id, period, num, scale) -> bool:
        """Do the tables print this item at this period with the opposite sign of the figure?"""
        from decimal import Decimal
        factor = Decimal(10) ** {"thousand": 3, "million": 6, "billion": 9}.get(scale or "", 0)
        value = Decimal(num.replace(",", "")) * factor
        found = self.evidence.get((item_id, period), ())
        if not found or value == 0:
            return False
        other, tolerance, _ = min(found, key=lambda e: e[1])  # the most precise figure printed
        return abs(other + value) <= tolerance + factor / 2

    def _period_after(self, after: str):
        m = re.match(r"\s*(?:million|billion|thousand)?s?[\s,)]*(?:in|for|during|at)\s+(?:the\s+)?"
                     f"({PERIOD_WORDS})", after)
        return period_word(m.group(1), self.calendar) if m else None

    def _period_before(self, text: str, start: int, figures, lo: int = 0):
        first = figures[0][0]
        if start != first:
            return None
        found = list(_PERIOD.finditer(text, lo, start))  # in its own clause's words
        return period_word(found[-1].group(1), self.calendar) if len(found) == 1 else None
