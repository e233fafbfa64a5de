"""What a Japanese narrative's words say, for `claims.py`: its amounts of yen in 億 and 万, the periods
it names in its own words (当連結会計年度, 当第２四半期連結会計期間末, 前年同期), its changes on the year
before (前期比4.1％増), and its labels, written without spaces and with either side of 又は.
"""

from __future__ import annotations

import bisect
import datetime
import re
from decimal import Decimal, localcontext

from ledgerlang.draft.cells import _WIDE
from ledgerlang.model.period import Duration, shift


# Yen as a Japanese narrative prints them: "274,887百万円", "2,748億円", "158億3,500万円", "12億34百万円":
# figures each followed by its power of ten, the powers falling, the last one's figure its precision.
_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_POWER = {"兆": 12, "千億": 11, "百億": 10, "十億": 9, "億": 8, "千万": 7, "百万": 6, "十万": 5, "万": 4, "千": 3}
_POWERS = "|".join(sorted(_POWER, key=len, reverse=True))
# at most one part per power ("1兆2,345億6,789万1,234"): bounded, so that a run of "1億1億…" is read in
# linear time, never tried again and again to its end from every "1"
YEN = re.compile(rf"(?<![A-Za-z0-9_.,])(?P<neg>[△▲]\s?)?(?P<body>(?:(?:{_NUM})\s?(?:{_POWERS})\s?){{1,6}}(?:{_NUM})?"
                 rf"|(?:{_NUM}))\s?円")
_PART = re.compile(rf"({_NUM})\s?({_POWERS})?")
# the scales a claim can state a figure in, as exponents of ten
_CLAIM_SCALES = ((0, None), (3, "thousand"), (6, "million"), (9, "billion"))


def yen(body: str) -> tuple[str, str | None] | None:
    """(figure, scale) of a Japanese amount of yen, exact, in the smallest scale whose last digit is the
    printed one's: 2,748億 (to 10^8) is 274.8 billion, 158億3,500万 (to 10^4) 15,835.00 million, so that
    the figure's interval is the printed one's. None where the powers do not fall ("3億5億"), a figure
    is more than the power above it leaves room for ("158億13,500万"), the last digit stands for more
    than a billion (2兆: no figure in billions is printed to 10^12), or it has more than 30 digits."""
    if sum(c.isdigit() for c in body) > 30:
        return None  # no figure, as a cell of more than 30 digits is none (`cells.read_cell`)
    with localcontext() as exact:
        exact.prec = 80  # room for 30 digits and the 12 places a power moves them: never rounded
        parts = [(Decimal(n.replace(",", "")), _POWER.get(p, 0) if p else 0, n) for n, p in _PART.findall(body)]
        value, above = Decimal(0), None
        for number, power, _ in parts:
            if above is not None and (power >= above or number >= Decimal(10) ** (above - power)):
                return None
            value += number * Decimal(10) ** power
            above = power
        number, power, printed = parts[-1]
        precision = power - len(printed.partition(".")[2])  # the power of ten of the last printed digit
        scale = next(((e, word) for e, word in _CLAIM_SCALES if e >= precision), None)
        if scale is None:
            return None
        exponent, word = scale
        figure = (value / Decimal(10) ** exponent).quantize(Decimal(10) ** (precision - exponent))
    return f"{figure:,f}", word


# A Japanese narrative: a label written without spaces ("売上高は274,887百万円"), its year named as the
# current one ("当連結会計年度の"), a change on the year before ("前期比4.1％増", "（同4.6％減）").
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")


def japanese_encoding(data: bytes) -> str | None:
    """The codec of a release in Japanese that is not UTF-8: EUC-JP (as Unix systems and older web
    pages wrote it) where its bytes read so, else Shift_JIS as Windows writes it (CP932); None where
    neither reads the bytes as Japanese.

    EUC-JP is tried first: its Japanese (pairs of bytes 0xA1-0xFE) also reads as CP932, as half-width
    katakana and stray kanji, where CP932's kana (lead bytes 0x81-0x9F) are never EUC-JP."""
    for codec in ("euc_jp", "cp932"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if CJK.search(text):
            return codec
    return None


# The period a Japanese sentence names as its own, the last one before a figure counting: the year
# ("当連結会計年度"; "当期" also in "当期純利益"), the year's first quarters ("当第２四半期連結累計期間"),
# the quarter alone ("当第２四半期連結会計期間", three months; "当第２四半期" in a shorter release, which
# names the first quarters "累計"), and the end of either ("…末": a balance-sheet date, as the tables
# print a stock).
# The year before is named so too ("前第２四半期連結累計期間", "前連結会計年度末", "前年同期" of the period
# said), except as what a change is measured from ("前連結会計年度末に比べ", "前年同期比").
PERIOD = re.compile(r"(?:(?P<which>[当前])第(?P<n>[1-4１-４])四半期(?:連結)?"
                    r"(?:(?P<cumulative>累計(?:期間)?)|会計期間(?P<quarter_end>末)?|(?P<bare_end>末)?)"
                    r"|(?P<which_half>[当前])中間(?:連結)?会計期間(?P<half_end>末)?"
                    r"|(?P<which_year>[当前])(?:連結)?(?:会計|事業)?年度(?P<year_end>末)?"
                    r"|(?P<which_term>[当前])期(?!純|利益|損失)(?P<term_end>末)?"
                    r"|(?P<same>前年同(?:四半)?期))(?!末|比|[にと]比|から|より)")
# "当期純利益": a label that names the year only where the sentence names no period itself
THIS_TERM = re.compile(r"当期")
ON_THE_YEAR = re.compile(r"(前期比|前年同期比|前年同四半期比|前年比|同)(?:で)?[\s：:、]*$")
DIRECTION = re.compile(r"\s*の?(増|減)")  # "4.1％増", "4.1％の増加", "4.1％減収"
# "前期比4.1％増の274,887百万円": the change printed before the amount it is the change of
CHANGE_OF_NEXT = re.compile(r"\s*の?(?:増|減)[加少収益]?の\s*")
# "前連結会計年度末に比べ87,855千円減少し", "前年同期比35,802千円増の": an amount a figure changed by
_CHANGE_BEFORE = re.compile(r"(?:比べ|比較して|比|比で)[\s、,：:]*$")
_CHANGE_AFTER = re.compile(r"\s*の?(?:増加|減少|増|減)")
FORWARD = re.compile(r"予想|見込|見通し|予定|目標|計画")
# "営業利益率は", "自己資本当期純利益率が", "売上高比率": a ratio, whose percentage is its level; a rate of
# growth ("増減率", "伸び率", "成長率") is a change, and "前期比" no ratio
RATIO = re.compile(r"(?<!増減)(?<!伸び)(?<!成長)(?<!増加)(?<!減少)(?:率|比率|マージン)(?=[はがもで：:、（(]|前期|前年|同|$)")
SUBJECT_REACH = 160  # characters before a figure where its Japanese subject is looked for
# "自己資本 当期純利益率 ％", "１株当たり当期純利益（円）": a label with its unit, which a sentence leaves out
UNIT_AFTER = re.compile(r"\s*[(（]?(?:[%％]|円(?:\s*銭)?|百万円|千円)[)）]?\s*$")


def last_before(found, start: int):
    """The last match of `found` ((end, match) pairs in order) that ends at or before `start`, or None."""
    at = bisect.bisect_right(found, start, key=lambda pair: pair[0])
    return found[at - 1][1] if at else None


def words(text: str) -> str:
    """Japanese text as its words are compared: no spaces (a label printed over two lines, "親会社株主に帰属する
    当期純利益", is one phrase in a sentence) and ASCII digits ("１株当たり" is "1株当たり")."""
    return re.sub(r"\s+", "", text.translate(_WIDE))


# A profit's ratio to sales, which a 決算短信 names with its denominator ("売上高営業利益率") and a narrative
# or another company's book often without it ("営業利益率"): the same line to a Japanese reader. A ratio
# that names another denominator (自己資本当期純利益率, 総資産経常利益率) is another line, never matched.
_ON_SALES = re.compile(r"対?(?:売上高|売上収益|営業収益)?(?P<profit>売上総利益|総利益|営業利益|経常利益|税引前当期純利益"
                       r"|税金等調整前当期純利益|親会社株主に帰属する当期純利益|当期純利益|純利益)率")


def ratio_names(label: str) -> tuple[str, ...]:
    """Every name of a Japanese label's ratio to sales, with and without 売上高 ("売上高営業利益率",
    "営業利益率"; the gross margin also "売上総利益率"), or () where the label names no such ratio."""
    m = _ON_SALES.fullmatch(words(UNIT_AFTER.sub("", label)))
    if m is None:
        return ()
    profit = "総利益" if m["profit"] in ("売上総利益", "総利益") else m["profit"]
    names = (f"売上高{profit}率", f"{profit}率")
    return names + ("売上総利益率",) if profit == "総利益" else names


def sides(label: str) -> tuple[tuple[str, bool], ...]:
    """(words, the loss side) a Japanese label names its item by: the whole label, every name of a ratio
    to sales (`ratio_names`), and for "営業利益又は営業損失（△）" each side, the second the loss a △ figure
    prints."""
    found = [(label, False)] + [(name, False) for name in ratio_names(label) if name != label]
    parts = [p.strip() for p in re.sub(r"[（(][△▲][）)]", "", label).split("又は")]
    if len(parts) == 2 and all(CJK.search(p) for p in parts):
        found += [(parts[0], False), (parts[1], True)]
    return tuple(found)


def is_change(text: str, figures, n: int) -> bool:
    """Is the amount figures[n] of a Japanese sentence a change ("…に比べ87,855千円減少し"), not a level?"""
    start, end = figures[n][0], figures[n][1]
    before = text[figures[n - 1][1] if n else 0:start]
    return bool(_CHANGE_BEFORE.search(before) or _CHANGE_AFTER.match(text, end))


def is_prior(said) -> bool:
    """Does a `PERIOD` match name the year before ("前第１四半期…", "前年同期")?"""
    return bool(said.group("same")) or "前" in (said.group("which") or said.group("which_half")
                                                or said.group("which_year") or said.group("which_term"))


def japanese_period(said, year, cumulative, calendar, said_before):
    """The period a Japanese phrase names (a `PERIOD` match), among those of the release's year
    (`year`, and the periods from its start the tables print, `cumulative`), or None where the tables
    print no period of that year to take it from. `said_before` is the period a sentence named last."""
    if said.group("same"):  # the period said so far, a year before
        return shift(said_before, -4) if isinstance(said_before, Duration) else None
    prior = is_prior(said)
    half = said.group("which_half") is not None  # "当中間連結会計期間": the first two quarters
    if said.group("n") is None and not half:  # the year, or its end
        period = year
        end = said.group("year_end") or said.group("term_end")
    else:
        quarters = 2 if half else int(said.group("n").translate(_WIDE))
        named = [d for d in cumulative if d.quarters == quarters]
        # of the year the tables print its first quarters for, else of their latest year
        fy = named[-1].fy if named else (cumulative[-1].fy if cumulative else None)
        period = None if fy is None else Duration(fy, 1, quarters) if said.group("cumulative") or half else \
            Duration(fy, quarters, 1)
        end = said.group("quarter_end") or said.group("bare_end") or said.group("half_end")
    if period is not None and prior:
        period = shift(period, -4)
    if period is not None and end:
        return calendar.closing(period) if calendar is not None else None
    return period


# A year of an era ("平成29年3月期", "令和元年"), as a 決算短信 dated before about 2020 writes it, and the
# year of one or two digits its tables print beside a month ("29年3月期第1四半期", "2年3月期") in a release
# of that era: 令和2年 is printed "2年", never "02年".
_ERA_BASE = {"昭和": 1925, "平成": 1988, "令和": 2018}
_ERA_YEAR = re.compile(r"(昭和|平成|令和)\s*(元|\d{1,2})\s*年")
_SHORT_YEAR = re.compile(r"(?<![\d.,])(\d{1,2})\s*年(?=\s*\d{1,2}\s*月)")
_DIGITS = str.maketrans({chr(0xFF10 + i): str(i) for i in range(10)})


def western_year(era: str, year: str) -> int:
    """The western year of a year of an era: 令和元年 and 平成31年 are 2019, 昭和64年 1989."""
    return _ERA_BASE[era] + (1 if year == "元" else int(year))


def era_of(text: str) -> str | tuple[int, ...] | None:
    """The one era a text names its years in (平成, 令和); where it names two, as a release of 2019 may
    (its year 平成31年3月期, its date 令和元年5月14日), the western years it names in them, by which each
    year of two digits is read (`western_years`); None where it names none."""
    named = _ERA_YEAR.findall(text.translate(_DIGITS))
    eras = {era for era, _ in named} | set(re.findall(r"昭和|平成|令和", text))
    if len(eras) < 2:
        return eras.pop() if eras else None
    return tuple(sorted({western_year(era, n) for era, n in named}))


# the last year of each era, in its own count: 昭和64年 (1989) and 平成31年 (2019) ended them
_ERA_LAST = {"昭和": 64, "平成": 31, "令和": 99}


def _short_year(n: int, era: str | tuple[int, ...]) -> int | None:
    """The western year of a year of one or two digits, in the one era, or, where the release names two, in the
    era that puts it nearest the years it names in full (31年 beside 平成31年 and 令和元年 is 2019, not
    令和31年, 2049); None where two eras put it equally near."""
    if isinstance(era, str):
        return _ERA_BASE[era] + n
    if not era:
        return None
    fits = sorted((min(abs(_ERA_BASE[e] + n - y) for y in era), _ERA_BASE[e] + n)
                  for e in _ERA_BASE if 1 <= n <= _ERA_LAST[e])
    if not fits or len(fits) > 1 and fits[0][0] == fits[1][0]:
        return None
    return fits[0][1]


def western_years(text: str, era: str | tuple[int, ...] | None = None) -> str:
    """A Japanese header or label with its years in the western calendar, to read its period by:
    平成29年 is 2017年, 令和元年 2019年, and with `era` (the release's, `era_of`), 29年3月 is 2017年3月."""
    text = _ERA_YEAR.sub(lambda m: f"{western_year(m[1], m[2])}年", text.translate(_DIGITS))
    if era is not None:
        def western(m):
            year = _short_year(int(m[1]), era)
            return m[0] if year is None else f"{year}年"
        text = _SHORT_YEAR.sub(western, text)
    return text


# A date as a Japanese release prints it: "2020年5月13日", "令和2年5月13日", "令和元年5月14日", "２０２０年５月１３日",
# or a month alone, "2020年5月"
_DATE = re.compile(r"(?:(昭和|平成|令和)\s*(元|\d{1,2})|(\d{4}))\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?")


def printed_date(text: str) -> tuple[str, str] | None:
    """(printed text, ISO date) of the first date `text` prints in Japanese, "2019-05-14" for 令和元年5月14日
    and "2020-05" for a month alone; None where it prints none that is a real day."""
    m = _DATE.search(text.translate(_DIGITS))  # full-width digits are one character each: positions hold
    if m is None:
        return None
    era, era_year, year, month, day = m.groups()
    if era is not None and era_year != "元" and int(era_year) == 0:
        return None
    western = western_year(era, era_year) if era is not None else int(year)
    try:
        if day is None:
            iso = datetime.date(western, int(month), 1).isoformat()[:7]
        else:
            iso = datetime.date(western, int(month), int(day)).isoformat()
    except ValueError:
        return None
    return text[m.start():m.end()], iso
