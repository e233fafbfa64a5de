"""`ledger facts`, the textconv: one printed figure per line, in an order that survives moved rows."""

import os
import shutil
import subprocess
import sys

from ledgerlang.diff.listing import figure_lines, listing
from ledgerlang.syntax.parse import parse
from support import PRELUDE, ROOT

TABLE = """
table "T" in JPY millions
  columns 1Q03 1Q02 yoy%(1Q03)
  b   20  22  (9.1%)
  a   10   8  25.0%
"""


def lines(text: str) -> list[str]:
    tree, _ = parse(text, "x.iij")
    return figure_lines(tree)


def test_each_printed_figure_is_one_line_with_its_table_scale_and_column():
    """A cell becomes `item@period = figure  [table, scale, column]`."""
    assert 'a@1Q03 = 10  ["T", JPY millions, column 1Q03]' in lines(TABLE)
    assert 'yoy%(b@1Q03) = (9.1%)  ["T", JPY millions, column yoy%(1Q03)]' in lines(TABLE)


def test_lines_are_sorted_by_item_then_period_so_moving_rows_changes_nothing():
    """Swapping two rows gives the same listing; figures of one item are listed oldest first."""
    swapped = TABLE.replace("  b   20  22  (9.1%)\n  a   10   8  25.0%", "  a   10   8  25.0%\n  b   20  22  (9.1%)")
    assert lines(TABLE) == lines(swapped)
    assert [x.split(" = ")[0] for x in lines(TABLE)][:3] == ["a@1Q02", "a@1Q03", "yoy%(a@1Q03)"]


def test_changing_one_figure_changes_one_line():
    """A changed figure is a single line of difference, whatever the alignment."""
    before, after = lines(TABLE), lines(TABLE.replace("  a   10   8", "  a   11       8"))
    assert len(set(before) ^ set(after)) == 2


def test_a_syntax_error_is_listed_instead_of_failing():
    """git must still show a diff of a broken book: the error is a line of the listing."""
    tree, diagnostics = parse("currency JPY\nitem a \"A\" JPY flo\n", "x.iij")
    assert listing(tree, diagnostics).startswith("# syntax error at line 2")


def _git(*args, cwd):
    return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=cwd,
                          check=True, capture_output=True, text=True)


def test_git_diff_with_the_textconv_shows_the_changed_figure(tmp_path):
    """With `*.iij diff=ledger` and the textconv configured, git diff shows one figure per changed line."""
    book = tmp_path / "book.iij"
    book.write_text(PRELUDE + 'item a "A" JPY flow\nitem b "B" JPY flow\n' + TABLE, encoding="utf-8")
    (tmp_path / ".gitattributes").write_text("*.iij diff=ledger\n", encoding="utf-8")
    _git("init", "-q", cwd=tmp_path)
    _git("config", "diff.ledger.textconv", f"'{sys.executable}' -m ledgerlang facts", cwd=tmp_path)
    _git("add", ".", cwd=tmp_path)
    _git("commit", "-q", "-m", "first", cwd=tmp_path)
    book.write_text(book.read_text().replace("  a   10   8", "  a   11   8"), encoding="utf-8")
    shown = _git("-c", "core.pager=cat", "diff", "--no-color", cwd=tmp_path).stdout
    changed = [x for x in shown.splitlines() if x[:1] in "+-" and not x.startswith(("+++", "---"))]
    assert changed == ['-a@1Q03 = 10  ["T", JPY millions, column 1Q03]', '+a@1Q03 = 11  ["T", JPY millions, column 1Q03]']


def test_git_diff_with_the_textconv_shows_a_comment_that_alone_changed(tmp_path):
    """The IIJ release's second comment line reworded, nothing else: `git diff` printed nothing at
    all, so a reviewer never saw it. It now shows that line, with its neighbours as context."""
    shutil.copytree(ROOT / "books" / "iij", tmp_path / "books")
    (tmp_path / ".gitattributes").write_text("*.iij diff=ledger\n", encoding="utf-8")
    _git("init", "-q", cwd=tmp_path)
    _git("config", "diff.ledger.textconv", f"'{sys.executable}' -m ledgerlang facts", cwd=tmp_path)
    _git("add", ".", cwd=tmp_path)
    _git("commit", "-q", "-m", "first", cwd=tmp_path)
    release = tmp_path / "books" / "iij-1q03-earnings-release.iij"
    text = release.read_text(encoding="utf-8")
    comment = "# Transcribed as printed, errors included: `ledger check` says what is wrong."
    assert text.count(comment) == 1
    release.write_text(text.replace(comment, "# Transcribed as printed, errors and all."), encoding="utf-8")
    shown = _git("-c", "core.pager=cat", "diff", "--no-color", cwd=tmp_path).stdout
    changed = [x for x in shown.splitlines() if x[:1] in "+-" and not x.startswith(("+++", "---"))]
    assert changed == ["-" + comment, "+# Transcribed as printed, errors and all."], shown
    assert " # IIJ Announces First Quarter 2003 Results (Business Wire, Aug. 12, 2003)." in shown.splitlines()


def test_a_comment_loses_its_trailing_blanks_and_a_bare_hash_is_not_listed():
    """fmt drops blanks at a comment's end, so formatting never shows as a comment changed."""
    tree, _ = parse(PRELUDE + "# first  \t\n#\n# second\n", "x.iij")
    assert listing(tree).split("# comments\n")[1] == "# first\n# second\n"


def test_the_release_lists_without_its_includes():
    """The IIJ release lists its figures though the listing never reads iij.iij."""
    path = ROOT / "books" / "iij" / "iij-1q03-earnings-release.iij"
    tree, diagnostics = parse(path.read_text(encoding="utf-8"), str(path))
    listed = figure_lines(tree)
    assert any(x.startswith("rev.total@1Q03 = 8,344,046") for x in listed)


def test_numbers_in_expressions_are_listed_as_written_not_as_their_values(tmp_path):
    """`~ 10% * a@FY2003` is listed so, not as `~ 0.10 * ...`, and a factor written 02.0 so, not as 2:
    the listing shows the figures as printed, as `ledger fmt` keeps them."""
    text = (PRELUDE + 'item a "A" JPY flow\nitem b "B" JPY flow\nrule b = 02.0 * a\n'
            'guidance "up a tenth" given 2003-02\n  a@FY2004 ~ 10% * a@FY2003\n  b@FY2004 > 110% * b@FY2003\n')
    book = tmp_path / "book.iij"
    book.write_text(text, encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "ledgerlang", "facts", str(book)], capture_output=True,
                            encoding="utf-8", cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stderr
    listed = result.stdout.splitlines()
    assert 'a@FY2004 ~ 10% * a@FY2003  [guidance "up a tenth" given 2003-02]' in listed, listed
    assert 'b@FY2004 > 110% * b@FY2003  [guidance "up a tenth" given 2003-02]' in listed, listed
    assert "rule b = 02.0 * a" in listed, listed


def test_the_documented_textconv_is_this_projects_ledger_not_debians():
    """README and docs/review.md configure the textconv with the path of this project's `ledger`:
    a bare `ledger facts` runs Debian's Ledger where it is installed, and git diff then fails."""
    for doc in ("README.md", "docs/review.md"):
        text = (ROOT / doc).read_text(encoding="utf-8")
        configured = [line.strip() for line in text.splitlines() if "git config diff.ledger.textconv" in line]
        assert configured and all(line.endswith('/.venv/bin/ledger facts"') for line in configured), (doc, configured)


def test_facts_help_gives_the_textconv_by_the_path_of_this_projects_ledger():
    """`ledger facts --help` said `git config diff.ledger.textconv 'ledger facts'`, a bare `ledger`."""
    result = subprocess.run([sys.executable, "-m", "ledgerlang", "facts", "--help"], capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "500"})
    assert "diff.ledger.textconv '/path/to/.venv/bin/ledger facts'" in result.stdout, result.stdout
    assert "'ledger facts'" not in result.stdout
