"""Completeness: every number printed in the two IIJ documents is transcribed in books/iij.

The documents are the two releases as tests/draft/data keeps them, byte for
byte the text the books were transcribed from (or the copies in the folder
LEDGERLANG_SEEDS names). Each number printed in
them (tables, appendices, narrative) is normalised to its digits (sign,
parentheses, % and thousands separators dropped: `(1,059,574)` -> `1059574`)
and counted. The books are read the same way, but only where figures live:
table cells, claim and guidance values, rates and assertions; never comments,
quoted claim text, item ids or period labels, so quoting a sentence does not
count as transcribing it. Each number must occur in the books at least as
often as in the documents, except what EXCLUDED removes, each with its reason.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from pathlib import Path


ROOT = Path(__file__).resolve().parents[2]
BOOKS = ROOT / "books" / "iij"
SOURCES = Path(os.environ.get("LEDGERLANG_SEEDS", ROOT / "tests" / "draft" / "data"))
DOCUMENTS = ("iij-1q03-earnings-release.txt", "iij-3q02-investor-presentation.txt")

MONTH = (r"\b(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:tember)?"
         r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")

# (pattern, reason): each match is blanked out of the documents, in this order,
# before numbers are counted.
EXCLUDED: tuple[tuple[str, str], ...] = (
    # -- names and labels that contain digits (before the period labels inside them) --------
    (r"FY02 9 months", "the label of a chart ('FY02 9 months accumulated')"),
    (r"\((?:10-100Mbps)\)", "the speed range of a product (IIJ FiberAccess/F)"),
    (r"IIJ4U", "a service name"),
    (r"\bT1\b", "a service name (IIJ T1 Standard)"),
    (r"STM-1x2", "a link type name"),
    (r"(?:Yokohama|Saitama) 1\b", "a data centre name"),
    (r"Top 150", "the name of a customer group ('IIJ Top 150 Customers')"),
    # -- periods, dates and times ------------------------------------------------------------------
    (r"(?<![\w.])(?:[1-4]Q|FY ?)\d{2}\b", "a period label (1Q03, 4Q02, FY 98), not a figure"),
    (r"\b(?:fiscal|FY) ?(?:19|20)\d\d\b", "a fiscal-year name (fiscal 2003, FY 2002)"),
    (MONTH + r"\s+(?:\d{1,2},\s+)?(?:19|20)\d\d\b", "a date (Jun 30, 2003; June 2003)"),
    (MONTH + r"\s+\d{1,2}\b", "a date without a year (Aug. 12, August 13)"),
    (r"\b(?:19|20)\d\d\b(?![,.]\d)", "a calendar year (2003 Annual, in 1992, Best Provider 2002)"),
    (r"\d:\d\d am", "the time of the conference call"),
    # -- references, marks and contact details --------------------------------------------------------
    (r"\+81-3-5259-6500", "the IR office's telephone number"),
    (r"Exhibit 99\.1", "the SEC exhibit number of the release"),
    (r"\b(?:Table|Appendix|Appendices) +\d+", "a table or appendix number"),
    (r"this page 6", "a page reference"),
    (r"Form 20-?F|Form\s+6-K", "the name of an SEC form"),
    (r"(?<=[A-Za-z)])\(\d\)|(?<=\)) \(\d\)|USD \(1\)|Note \(\d\)|^ *\(\d\)", "a footnote mark: (1) to (9)"),
    (r"^\d\t", "a rank in the presentation's award tables"),
    (r"\b\d+(?:st|nd|rd|th)\b", "an ordinal ('3rd time in IIJ's history')"),
    (r"JPY ?119\.87 ?=\s*\$1,\s+the\s+approximate\s+rate\s+of\s+exchange",
     "the rate, restated in the note of each appendix; declared once as rate usd.2003q1"),
    (r"= ?US\$1\.", "the one dollar of the printed rate 'JPY 119.87 = US$1.'"),
    # -- bandwidths and product specifications ---------------------------------------------------------------
    (r"\d+(?:\.\d+)?(?:k|M|G)bps", "a bandwidth: the band in a Table 3 row label, a product's or an affiliate link's speed"),
    (r"40,000\s+simultaneous sessions|500MB", "a product specification of the Download Site Service"),
    (r"by 90%|nearly 50%", "the SMF service's claimed savings for its customers, not IIJ's figures"),
    (r"6 - 9 month", "a time lag in the presentation's commentary"),
    (r"[\d,]+\.\d+m²|1 ton/m²|B1F、3F、Tower 2F|9F、Tower 2F", "a data centre's floor space, floors or load"),
    # -- figures kept as comments, with the reason in the book --------------------------------------
    (r"\(\\?\$ ?(?:89\.0|105\.3|109\.5) million\)",
     "a USD figure of the presentation, which prints no exchange rate: a comment in the book"),
    (r"in excess of JPY300 million|more than JPY5 billion",
     "the size of SI contracts, not a reported item: a comment in the book"),
    (r"surpassed JPY10 billion", "kept as the assertion revenue_above_10_billion, in yen (10000000000)"),
)

_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
_PERIOD = re.compile(r"(?<![\w.])(?:(?:[1-4]Q|[12]H)(?:\d{4}|\d{2})|9M ?(?:FY ?)?(?:\d{4}|\d{2})|FY(?:\d{4}|\d{2})"
                     r"|\d{4}-\d{2}(?:-\d{2})?)(?![\w.])")
_SHIFT = re.compile(r"@[-+]\d+[qy]")
_ID = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*%?")
_STRING = re.compile(r'"(?:\\.|[^"\\\n])*"')


def normalise(text: str) -> str:
    """A printed number as its digits: no separators, signs or trailing comma."""
    return text.rstrip(",").replace(",", "")


def document_numbers(text: str) -> Counter:
    for pattern, _reason in EXCLUDED:
        text = re.sub(pattern, lambda m: " " * len(m.group(0)), text, flags=re.MULTILINE)
    return Counter(normalise(m.group(0)) for m in _NUMBER.finditer(text))


def book_numbers(text: str) -> Counter:
    found: Counter = Counter()
    for line in text.splitlines():
        line = _STRING.sub(" ", line)
        line = line.split("#", 1)[0]
        line = _SHIFT.sub(" ", _PERIOD.sub(" ", line))
        line = _ID.sub(" ", line)
        found.update(normalise(m.group(0)) for m in _NUMBER.finditer(line))
    return found


def all_document_numbers() -> Counter:
    total: Counter = Counter()
    for name in DOCUMENTS:
        total += document_numbers((SOURCES / name).read_text(encoding="utf-8"))
    return total


def all_book_numbers() -> Counter:
    total: Counter = Counter()
    for path in sorted(BOOKS.glob("*.iij")):
        total += book_numbers(path.read_text(encoding="utf-8"))
    return total


def test_every_printed_number_is_in_the_books():
    """Each number the documents print occurs in the books at least as often, unless excluded with a reason."""
    printed, transcribed = all_document_numbers(), all_book_numbers()
    missing = {n: (count, transcribed[n]) for n, count in printed.items() if transcribed[n] < count}
    assert not missing, "printed more often than transcribed (number: printed, transcribed): " + ", ".join(
        f"{n}: {p}, {t}" for n, (p, t) in sorted(missing.items()))


def test_the_documents_print_many_numbers():
    """The extraction sees the documents' figures, so an empty match cannot pass for completeness."""
    printed = all_document_numbers()
    assert sum(printed.values()) > 850
    assert printed["1059574"] == 1 and printed["8344"] == 3


def test_a_missing_row_is_noticed():
    """Dropping one printed row from a book makes a number go missing."""
    release = (BOOKS / "iij-1q03-earnings-release.iij").read_text(encoding="utf-8")
    row = next(line for line in release.splitlines() if line.strip().startswith("cf.inv.guarantee_deposits"))
    fewer = all_book_numbers() - book_numbers(row)
    printed = all_document_numbers()
    assert any(fewer[n] < count for n, count in printed.items())


def test_comments_and_quoted_text_do_not_count():
    """A figure only in a comment or in a claim's quoted text is not transcribed."""
    assert book_numbers('# 8,344\nclaim "Revenues totaled JPY 8,344 million"\n') == Counter()
    assert book_numbers("  rev.total@1Q03 = 8,344 JPY millions\n") == Counter({"8344": 1})
    assert book_numbers("  contracts.ip.64k@close  90  108\n") == Counter({"90": 1, "108": 1})


def test_every_exclusion_is_used():
    """Each exclusion removes something from the documents, so none is left over after an edit."""
    texts = [(SOURCES / name).read_text(encoding="utf-8") for name in DOCUMENTS]
    unused = [p for p, _ in EXCLUDED if not any(re.search(p, t, flags=re.MULTILINE) for t in texts)]
    assert not unused
