"""A transcriber's slips, made one at a time in a copy of a bundled IIJ book: what `ledger check`
says of each names the figure that is wrong, the value it should print, and why.

Every slip moves a real figure of the book to where a transcriber's eye or hand could put it
(the year before's total, a figure one column over); no figure is made up.
"""

import json
import shutil

from support import ROOT, ledger

RELEASE = "iij-1q03-earnings-release.iij"


def slipped(tmp_path, old: str, new: str, on: str, name: str = RELEASE, book: str = "iij") -> list[dict]:
    """The unacknowledged errors of `book` with `old` replaced by `new` on the one line that holds `on`."""
    copy = tmp_path / book
    shutil.copytree(ROOT / "books" / book, copy)
    lines = (copy / name).read_text().split("\n")
    at = [n for n, line in enumerate(lines) if on in line]
    assert len(at) == 1 and old in lines[at[0]], (on, old)
    lines[at[0]] = lines[at[0]].replace(old, new, 1)
    (copy / name).write_text("\n".join(lines))
    result = ledger("check", "--format", "json", str(copy))
    assert result.returncode == 1, result.stderr
    found = json.loads(result.stdout)["diagnostics"]
    return [d for d in found if d["severity"] == "error" and not d.get("acknowledged")]


def first_culprit(d: dict) -> str:
    return next(n for n in d["notes"] if n.startswith("culprit: "))


def test_a_total_copied_from_the_year_before_is_the_first_culprit_of_every_error_it_causes(tmp_path):
    """Appendix 1's 1Q03 total revenues typed as 1Q02's (9,849,202 for 8,344,046): each of the dozens of
    errors it causes names that figure first, with the one value that resolves them all and their count,
    though two percentages of it the release itself misprints cannot be resolved by it."""
    errors = slipped(tmp_path, "8,344,046", "9,849,202", on="  rev.total           69,609")
    change = ("'Appendix 1. Consolidated statements of operations, three months ended Jun 30, 2003', column 1Q03: "
              "rev.total@1Q03 from 9,849,202 to 8,344,046")
    named = [d for d in errors if first_culprit(d).startswith(f"culprit: changing {change} resolves ")]
    assert len(named) == len(errors) > 30
    assert all(first_culprit(d).endswith(f"resolves {len(named)} errors") for d in named)
