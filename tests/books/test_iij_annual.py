"""books/iij-annual: two of IIJ's annual results releases (May 2013, May 2014), highlights only,
transcribed from the releases named in their headers. They load, check cleanly, and the growth
rates of the later release are checked against the earlier release's actuals."""

from __future__ import annotations

import shutil

from ledgerlang.diagnostic import Severity
from ledgerlang.load import run
from support import ROOT, ledger

BOOKS = ROOT / "books" / "iij-annual"
FY2012 = "iij-fy2012-results.iij"
FY2013 = "iij-fy2013-results.iij"


def findings(directory):
    book, evaluation, found = run(sorted(str(p) for p in directory.glob("*.iij")))
    return book, evaluation, found


def line_of(name: str, text: str) -> int:
    lines = (BOOKS / name).read_text(encoding="utf-8").splitlines()
    return next(k for k, line in enumerate(lines, 1) if line.strip() == text)


def test_the_books_load_and_check_without_errors():
    """Every source is named in its header; no error or warning; the figures are where the text put them."""
    for name in (FY2012, FY2013):
        header = (BOOKS / name).read_text(encoding="utf-8").split("\n\n", 1)[0]
        assert "Internet Initiative Japan Inc." in header and "globenewswire.com" in header
    book, evaluation, found = findings(BOOKS)
    assert [d for d in found if d.severity == Severity.ERROR] == []
    # The one thing left unchecked on purpose: the 2013 release's USD figures (no rate was in the
    # text transcribed). A warning may only be about a line whose quoted text prints a $ figure.
    lines = {name: (BOOKS / name).read_text(encoding="utf-8").splitlines() for name in (FY2012, FY2013)}
    for d in found:
        if d.severity == Severity.WARNING:
            name = d.span.path.rsplit("/", 1)[-1]
            quoted = next(x for x in reversed(lines[name][:d.span.line]) if x.startswith(("claim", "guidance")))
            assert "($" in quoted, d
    assert len([f for f in book.facts if f.source.kind == "claim"]) == 6
    assert len([m for m in book.measured if m.source.kind == "claim"]) == 6
    assert len(book.guidance) == 15
    assert {d.span.path for d in found if d.span} <= {str(BOOKS / FY2012), str(BOOKS / FY2013)}


def test_the_later_release_growth_rates_are_checked_against_the_earlier_actuals():
    """up 7.6%, down 26.2%, down 16.2% in FY2013 agree with FY2012's actuals: no finding on those
    lines; FY2012's own rates (no FY2011 in the ledger) are reported as not checkable."""
    _, _, found = findings(BOOKS)
    at = {(d.span.path.rsplit("/", 1)[-1], d.span.line) for d in found if d.span}
    for text in ("yoy%(rev.total@FY2013) = 7.6%", "yoy%(op.income@FY2013) = -26.2%",
                 "yoy%(net.income@FY2013) = -16.2%"):
        assert (FY2013, line_of(FY2013, text)) not in at, text
    for text in ("yoy%(rev.total@FY2012) = 9.2%", "yoy%(op.income@FY2012) = 22.0%",
                 "yoy%(net.income@FY2012) = 45.6%"):
        assert (FY2012, line_of(FY2012, text)) in at, text


def test_a_mistranscribed_rate_is_an_error(tmp_path):
    """The same books with "up 9.6%" for revenues: the check finds it, so the lines above are really checked."""
    for path in BOOKS.glob("*.iij"):
        shutil.copy(path, tmp_path / path.name)
    wrong = tmp_path / FY2013
    wrong.write_text(wrong.read_text(encoding="utf-8").replace("= 7.6%", "= 9.6%"), encoding="utf-8")
    _, _, found = findings(tmp_path)
    errors = [d for d in found if d.severity == Severity.ERROR]
    assert [(d.span.line, d.item) for d in errors] == [(line_of(FY2013, "yoy%(rev.total@FY2013) = 7.6%"), "rev.total")]


def test_eval_shows_the_claims_and_the_targets():
    """The books declare no statement: eval lists the actuals, the claims and the guidance with its actual."""
    out = ledger("eval", "books/iij-annual").stdout
    lines = out.splitlines()
    assert lines[0] == "Reported figures (in JPY millions)"
    assert next(x for x in lines if x.startswith("Revenues")).split() == ["Revenues", "106,248", "114,272"]
    target = next(x for x in lines if x.strip().startswith("rev.total@FY2013") and "~" in x)
    assert target.split() == ["rev.total@FY2013", "~", "117,000", "JPY", "millions", "actual:", "114,272"]
    assert "dividend@FY2014          ~ 22.00 JPY/shares" in out
