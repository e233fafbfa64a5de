"""`ledger diff` lists changed figures, the figures they moved and the check results they changed."""

import json
import re
import shutil
import subprocess

from ledgerlang.diff.compare import Ledger, compare, renames
from ledgerlang.check import check
from ledgerlang.evaluate.compute import evaluate
from support import LONG_CLAIM, PRELUDE, ROOT, book, ledger

RELEASE = "iij-1q03-earnings-release.iij"

SMALL = """
item a "A" JPY flow credit
item b "B" JPY flow credit
item total "Total" JPY flow credit = a + b
item share "Share of a" % flow = a / total
table "T" in JPY millions
  columns 1Q03 1Q02 yoy%(1Q03)
  a      {a}   90   11.1%
  b       20   20    0.0%
  total  120  110    9.1%
"""


def _ledger(text: str) -> Ledger:
    loaded, diagnostics = book(text)
    evaluation, more = evaluate(loaded)
    return Ledger(loaded, evaluation, tuple(diagnostics + more + check(loaded, evaluation)), lambda p: p)


def test_identical_books_have_no_differences():
    """The same book on both sides compares equal."""
    assert compare(_ledger(SMALL.format(a=100)), _ledger(SMALL.format(a=100))) == []


def test_a_reformatted_figure_is_not_a_change():
    """Reprinting 1,000 as 1000 changes neither a figure nor a check result."""
    old = SMALL.format(a=100).replace("total  120  110", "total  1,000  110")
    new = SMALL.format(a=100).replace("total  120  110", "total  1000  110")
    assert compare(_ledger(old), _ledger(new)) == []


def test_a_changed_figure_lists_itself_the_ratios_and_totals_it_moved_and_new_check_results():
    """a@1Q03 100 -> 110 moves the derived share, the recomputed total and yoy%, and breaks the total."""
    changes = compare(_ledger(SMALL.format(a=100)), _ledger(SMALL.format(a=110)))
    reported = [(c.what, c.old, c.new) for c in changes if c.section == "reported"]
    assert reported == [("a@1Q03", "100 million", "110 million")]
    derived = {c.what for c in changes if c.section == "derived"}
    assert {"share@1Q03", "total@1Q03", "yoy%(a@1Q03)"} <= derived
    checks = [(c.change, c.what) for c in changes if c.section == "check"]
    assert ("added", "error[total-mismatch] total@1Q03") in checks
    assert ("added", "error[change-mismatch] a@1Q03") in checks


def test_added_and_removed_figures_are_named():
    """A row that appears or disappears lists each of its figures as added or removed."""
    old = SMALL.format(a=100)
    new = old.replace("  b       20   20    0.0%\n", "")
    changes = [(c.change, c.what) for c in compare(_ledger(old), _ledger(new)) if c.section == "reported"]
    assert ("removed", "b@1Q03") in changes and ("removed", "yoy%(b@1Q03)") in changes


def test_cli_diff_of_the_iij_release_pins_the_figure_totals_ratios_and_checks(tmp_path):
    """Changing rev.dedicated@1Q03 in Appendix 1 lists it, the totals and ratios it moved, and the checks."""
    old, new = tmp_path / "old", tmp_path / "new"
    shutil.copytree(ROOT / "books" / "iij", old)
    shutil.copytree(ROOT / "books" / "iij", new)
    release = new / RELEASE
    text = release.read_text(encoding="utf-8")
    assert text.count("3,321,229") == 1
    release.write_text(text.replace("3,321,229", "3,421,229"), encoding="utf-8")
    result = ledger("diff", str(old), str(new), "--format", "json")
    assert result.returncode == 1, result.stderr
    found = json.loads(result.stdout)
    assert [(c["what"], c["old"], c["new"]) for c in found["reported"]] == [
        ("rev.dedicated@1Q03", "3,321,229 thousand", "3,421,229 thousand")]
    moved = {c["what"]: (c["old"], c["new"]) for c in found["derived"]}
    assert moved["rev.connectivity@1Q03"] == ("4,088.6 million", "4,188.6 million")  # the rule total
    assert moved["rev.cvas@1Q03"][1] == "5,695,554 thousand"
    assert moved["yoy%(rev.dedicated@1Q03)"] == ("-5.74%", "-2.90%")
    assert moved["share%(rev.dedicated@1Q03, rev.total@1Q03)"] == ("39.80%", "41.00%")
    appeared = {(c["what"]) for c in found["check"] if c["change"] == "added"}
    assert {"error[total-mismatch] rev.connectivity@1Q03", "error[total-mismatch] rev.cvas@1Q03",
            "error[fact-mismatch] rev.dedicated@1Q03", "error[share-mismatch] rev.dedicated@1Q03",
            "error[change-mismatch] rev.dedicated@1Q03"} <= appeared
    assert not [c for c in found["check"] if c["change"] == "removed"]
    text_result = ledger("diff", str(old), str(new))
    assert "~ rev.dedicated@1Q03  3,321,229 thousand -> 3,421,229 thousand" in text_result.stdout


def test_a_moved_figure_never_reads_as_unchanged(tmp_path):
    """A correction of 767,418 to 767,419 thousand in a git working tree moves rev.connectivity by a
    thousandth of the millions it is shown in: it read "4,088.6 million -> 4,088.6 million", a change
    that says nothing moved; each figure it moved is shown with the digits that tell old from new."""
    _iij_committed(tmp_path)
    release = tmp_path / "books" / "iij" / RELEASE
    text = release.read_text(encoding="utf-8")
    assert text.count("767,418") == 1
    release.write_text(text.replace("767,418", "767,419"), encoding="utf-8")
    result = ledger("diff", "HEAD:books/iij", "books/iij", "--format", "json", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    moved = {c["what"]: (c["old"], c["new"]) for c in json.loads(result.stdout)["derived"]}
    assert moved["rev.connectivity@1Q03"] == ("4,088.647 million", "4,088.648 million")
    assert moved["rev.cvas@1Q03"] == ("5,595,554 thousand", "5,595,555 thousand")
    assert moved["yoy%(rev.dialup@1Q03)"] == ("-6.671%", "-6.670%")
    assert all(old != new for old, new in moved.values()), moved


def test_a_figure_reprinted_more_precisely_shows_the_interval_it_narrowed():
    """`100` reprinted `100.0` leaves the total's value at 120 and narrows what it may truly be:
    the change is shown with the two intervals, not as "120.0 million -> 120.0 million"."""
    moved = {c.what: (c.old, c.new) for c in compare(_ledger(SMALL.format(a=100)), _ledger(SMALL.format(a="100.0")))
             if c.section == "derived"}
    assert moved["total@1Q03"] == ("120.0 million, any value in [119.0, 121.0] million",
                                   "120.0 million, any value in [119.4, 120.6] million")
    assert all(old != new for old, new in moved.values()), moved


def test_a_restatement_says_which_value_it_replaced_in_diff_and_explain(tmp_path):
    """The FY2015 release of the README's "Restated figures" example committed after the FY2014 one:
    the diff listed FY2014's 98.0 as a printing added, and nowhere that the ledger's value of
    rev@FY2014 went from 100.0 to 98.0; explain named the restated printing alone. Both now say it."""
    (tmp_path / "books").mkdir()
    (tmp_path / "books" / "shared.iij").write_text(PRELUDE + 'item rev "Revenues" JPY flow\n', encoding="utf-8")
    (tmp_path / "books" / "fy2014.iij").write_text(
        'include "shared.iij"\ndocument "FY2014 results" dated 2015-05 basis US_GAAP\ntable "Results" in JPY billions\n'
        "  columns FY2014 FY2013 yoy%(FY2014)\n  rev 100.0 90.0 11.1%\n", encoding="utf-8")
    _committed(tmp_path, "FY2014")
    (tmp_path / "books" / "fy2015.iij").write_text(
        'include "shared.iij"\ndocument "FY2015 results" dated 2016-05 basis IFRS\n'
        'table "Results (FY2014 restated under IFRS)" in JPY billions\n  restated "FY2014 restated under IFRS"\n'
        "  columns FY2015 FY2014 yoy%(FY2015)\n  rev 105.0 98.0 7.1%\n", encoding="utf-8")
    found = json.loads(ledger("diff", "HEAD:books", "books", "--format", "json", cwd=tmp_path).stdout)
    added = {c["what"]: c["where"] for c in found["reported"] if c["change"] == "added"}
    assert added["rev@FY2014"] == ("'Results (FY2014 restated under IFRS)', column FY2014, "
                                   "restated 'FY2014 restated under IFRS'")
    moved = {c["what"]: (c["old"], c["new"], c["where"]) for c in found["derived"]}
    assert moved["rev@FY2014"] == ("100.0 billion", "98.0 billion",
                                   "reported, restated: the restated printing replaces the earlier ones")
    explained = ledger("explain", "rev@FY2014", "books", cwd=tmp_path)
    assert explained.returncode == 0, explained.stderr
    assert ("  restates 100.0 in 'Results', column FY2014 at books/fy2014.iij:5"
            in explained.stdout.splitlines()), explained.stdout
    tree = json.loads(ledger("explain", "rev@FY2014", "books", "--format", "json", cwd=tmp_path).stdout)
    assert [p["text"] for p in tree["superseded"]] == ["100.0"]


def test_a_column_relabelled_as_the_same_period_is_no_change(tmp_path):
    """Appendix 1's `4Q02` column of the IIJ release written `Q4 FY2002` in a git working tree was
    listed as 50 figures removed and 50 added, and two acknowledged findings that cite the column as
    changed: the quarter is the same, so nothing changed. Relabelled `3Q02`, the figures move."""
    _iij_committed(tmp_path)
    release = tmp_path / "books" / "iij" / RELEASE
    text = release.read_text(encoding="utf-8")
    header = "  columns                 4Q02  share%(4Q02, rev.total)  qoq%(1Q03)\n"
    assert text.count(header) == 1
    release.write_text(text.replace(header, header.replace("4Q02", "Q4 FY2002")), encoding="utf-8")
    same = ledger("diff", "HEAD:books/iij", "books/iij", cwd=tmp_path)
    assert (same.returncode, same.stdout) == (0, "no differences between HEAD:books/iij and books/iij\n"), same.stdout
    release.write_text(text.replace(header, header.replace("4Q02", "3Q02")), encoding="utf-8")
    moved = json.loads(ledger("diff", "HEAD:books/iij", "books/iij", "--format", "json", cwd=tmp_path).stdout)
    assert {("removed", "rev.vas@4Q02"), ("added", "rev.vas@3Q02")} <= {(c["change"], c["what"]) for c in moved["reported"]}


def test_a_book_in_a_merge_conflict_is_refused_and_a_syntax_error_is_said_first(tmp_path):
    """Two branches correct rev.vas@1Q03 differently and the merge stops in conflict: the diff of
    the working tree listed 73 figures of Appendix 1 as removed (the parser drops the table at the
    `<<<<<<<` line), the conflict one check result among them. It now refuses the side and names
    the marker's line; a row that does not parse is named on standard error before the diff."""
    def git(*args):
        return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=tmp_path,
                              capture_output=True, text=True)

    shutil.copytree(ROOT / "books" / "iij", tmp_path / "books" / "iij")
    release = tmp_path / "books" / "iij" / RELEASE
    text = release.read_text(encoding="utf-8")
    row = "  rev.vas              8,235      987,198"
    assert text.count(row) == 1
    git("init", "-q", "-b", "main")
    git("add", ".")
    git("commit", "-q", "-m", "first")
    git("checkout", "-q", "-b", "side")
    release.write_text(text.replace(row, row.replace("987,198", "987,199")), encoding="utf-8")
    git("commit", "-q", "-am", "side")
    git("checkout", "-q", "main")
    release.write_text(text.replace(row, row.replace("987,198", "987,197")), encoding="utf-8")
    git("commit", "-q", "-am", "main")
    assert git("merge", "side").returncode != 0
    line = release.read_text(encoding="utf-8").split("\n").index("<<<<<<< HEAD") + 1
    refused = ledger("diff", "HEAD:books/iij", "books/iij", cwd=tmp_path)
    assert (refused.returncode, refused.stdout) == (2, "")
    assert refused.stderr == (f"ledger: books/iij: books/iij/{RELEASE}:{line} is a merge conflict marker: resolve the "
                              "conflict (git mergetool, or edit the book), then diff\n")
    git("merge", "--abort")
    release.write_text(text.replace(row, row.replace("987,198", "987,1x98")), encoding="utf-8")
    broken = ledger("diff", "HEAD:books/iij", "books/iij", cwd=tmp_path)
    assert broken.returncode == 1
    row_line = text.split("\n").index(row + "                     11.8") + 1
    assert broken.stderr.startswith(f"ledger diff: books/iij: books/iij/{RELEASE}:{row_line}:38: syntax error: "), broken.stderr
    assert "- rev.vas@1Q03  987,197 thousand (gone)" in broken.stdout  # as main has it


def test_cli_diff_of_a_book_with_a_comment_added_and_a_table_moved_has_no_differences(tmp_path):
    """A comment line added at the top and Table 1 moved to the end shift the lines that check
    results cite (`(iij-1q03-earnings-release.iij:429)`): the results are the same, so no change."""
    old, new = tmp_path / "old", tmp_path / "new"
    shutil.copytree(ROOT / "books" / "iij", old)
    shutil.copytree(ROOT / "books" / "iij", new)
    lines = (new / RELEASE).read_text(encoding="utf-8").split("\n")
    start = next(k for k, line in enumerate(lines) if line.startswith('table "Table 1.'))
    end = next(k for k in range(start + 1, len(lines)) if lines[k] and not lines[k].startswith(" "))
    moved = lines[start:end]
    del lines[start:end]
    lines = ["# checked against the printed release"] + lines + ["# Table 1, moved"] + moved
    (new / RELEASE).write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = ledger("diff", str(old), str(new))
    assert (result.returncode, result.stdout) == (0, f"no differences between {old} and {new}\n"), result.stdout
    # The line a message cites is left out only for pairing: a changed figure still changes the results.
    (new / RELEASE).write_text("\n".join(lines).replace("3,321,229", "3,421,229") + "\n", encoding="utf-8")
    found = json.loads(ledger("diff", str(old), str(new), "--format", "json").stdout)
    assert not [c for c in found["check"] if c["change"] == "removed"]
    changed = [c for c in found["check"] if c["change"] == "changed"]
    assert changed == [], [c["what"] for c in changed]

def _git(*args, cwd):
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=cwd, check=True,
                   capture_output=True)


def _committed(tmp_path, message: str = "first") -> None:
    """tmp_path made a git repository whose first commit holds what it holds now."""
    _git("init", "-q", cwd=tmp_path)
    _git("add", ".", cwd=tmp_path)
    _git("commit", "-q", "-m", message, cwd=tmp_path)


def _iij_committed(tmp_path) -> None:
    """A git repository of the IIJ books, at books/iij, committed: a working tree to change them in."""
    shutil.copytree(ROOT / "books" / "iij", tmp_path / "books" / "iij")
    _committed(tmp_path)


def test_cli_diff_reads_a_git_revision_with_its_includes(tmp_path):
    """HEAD:books/main.iij is read from git with the file it includes, at the same revision."""
    (tmp_path / "books").mkdir()
    (tmp_path / "books" / "defs.iij").write_text(PRELUDE + 'item a "A" JPY flow\n', encoding="utf-8")
    main = tmp_path / "books" / "main.iij"
    main.write_text('include "defs.iij"\ntable "T" in JPY millions\n  columns 1Q03\n  a 5\n', encoding="utf-8")
    _committed(tmp_path)
    main.write_text(main.read_text().replace("a 5", "a 6"), encoding="utf-8")
    result = ledger("diff", "HEAD:books/main.iij", "books/main.iij", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "~ a@1Q03  5 million -> 6 million" in result.stdout
    assert "HEAD:books/main.iij" in result.stdout
    same = ledger("diff", "HEAD:books", "HEAD:books/main.iij", cwd=tmp_path)
    assert same.returncode == 0 and same.stdout.startswith("no differences")
    bad = ledger("diff", "nosuchrev:books/main.iij", "books/main.iij", cwd=tmp_path)
    assert bad.returncode == 2 and bad.stderr.startswith("ledger: ") and "Traceback" not in bad.stderr


def test_cli_diff_reads_a_git_directory_whose_books_have_names_that_are_not_ascii(tmp_path):
    """HEAD:books finds books/売上.iij, a name git quotes ("books/\\345...") unless asked not to."""
    (tmp_path / "books").mkdir()
    book = tmp_path / "books" / "売上.iij"
    book.write_text(PRELUDE + 'item a "A" JPY flow\ntable "T" in JPY millions\n  columns 1Q03\n  a 5\n',
                    encoding="utf-8")
    _committed(tmp_path)
    same = ledger("diff", "HEAD:books", "books", cwd=tmp_path)
    assert (same.returncode, same.stdout) == (0, "no differences between HEAD:books and books\n"), same.stderr
    book.write_text(book.read_text(encoding="utf-8").replace("a 5", "a 6"), encoding="utf-8")
    result = ledger("diff", "HEAD:books", "books", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "~ a@1Q03  5 million -> 6 million" in result.stdout

def test_cli_diff_reads_a_git_revision_under_the_root_a_working_tree_has(tmp_path):
    """A draft that includes ../books/defs.iij: its include leaves the root (the draft's directory)
    at HEAD as in the working tree, and the diff says so (exit 2) rather than compare a side
    without its definitions with one that has them; `--root .` is the same root on both sides."""
    (tmp_path / "books").mkdir()
    (tmp_path / "drafts").mkdir()
    (tmp_path / "books" / "defs.iij").write_text(PRELUDE + 'item a "A" JPY flow\n', encoding="utf-8")
    draft = tmp_path / "drafts" / "d.iij"
    draft.write_text('include "../books/defs.iij"\ntable "T" in JPY millions\n  columns 1Q03\n  a 5\n',
                     encoding="utf-8")
    _committed(tmp_path)
    draft.write_text(draft.read_text().replace("a 5", "a 6"), encoding="utf-8")
    for old in ("HEAD:drafts/d.iij", "drafts/d.iij"):
        result = ledger("diff", old, "HEAD:drafts/d.iij", cwd=tmp_path)
        assert result.returncode == 2, (old, result.stdout, result.stderr)
        assert "books/defs.iij is outside the ledger's root" in result.stderr and "--root DIR" in result.stderr
        assert "Traceback" not in result.stderr and "ledger-diff-" not in result.stderr
    result = ledger("diff", "--root", ".", "HEAD:drafts/d.iij", "drafts/d.iij", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "~ a@1Q03  5 million -> 6 million" in result.stdout
    assert "check results" not in result.stdout
    assert ledger("diff", "--root", "drafts", "HEAD:drafts/d.iij", "HEAD:drafts/d.iij", cwd=tmp_path).returncode == 2

def test_cli_diff_of_a_git_revision_whose_book_includes_a_directory(tmp_path):
    """`include "."` or `include "sub"` (a directory in git) is a diagnostic, never a traceback or a tree listing read as a book."""
    (tmp_path / "books" / "sub").mkdir(parents=True)
    (tmp_path / "books" / "sub" / "defs.iij").write_text(PRELUDE + 'item a "A" JPY flow\n', encoding="utf-8")
    main = tmp_path / "books" / "main.iij"
    main.write_text('include "sub/defs.iij"\ntable "T" in JPY millions\n  columns 1Q03\n  a 5\n', encoding="utf-8")
    _committed(tmp_path)
    for include in ('include "."', 'include "sub"'):
        main.write_text('include "sub/defs.iij"\n' + include + '\ntable "T" in JPY millions\n  columns 1Q03\n  a 5\n',
                        encoding="utf-8")
        _git("commit", "-q", "-am", include, cwd=tmp_path)
        result = ledger("diff", "HEAD:books/main.iij", "books/main.iij", cwd=tmp_path)
        assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
        # One line, naming the directory as the reader knows it (not git's tree listing read as a book).
        assert result.stderr.count("\n") == 1 and "is a directory" in result.stderr.lower()
        assert "HEAD:books" in result.stderr and "ledger-diff-" not in result.stderr and "syntax" not in result.stderr


def test_a_long_claim_is_named_shortened_at_a_space_not_inside_a_figure():
    """A changed claim figure is listed under its claim, cut before the word the 57th character falls in."""
    changes = compare(_ledger(LONG_CLAIM.format(change="15.3%")), _ledger(LONG_CLAIM.format(change="13.5%")))
    places = [c.where for c in changes if c.section == "reported"]
    assert places and all("claim 'Revenues for the first quarter of fiscal 2003 were JPY...'" in p for p in places)


def test_a_finding_at_no_period_is_named_by_its_item_alone():
    """A rule's balance-weight warning has an item and no period: `total`, not `total@`."""
    old = SMALL.format(a=100)
    new = old.replace("= a + b", "= a - b")  # b (credit) subtracted from a credit total
    checks = [(c.change, c.what) for c in compare(_ledger(old), _ledger(new)) if c.section == "check"]
    weights = [what for _, what in checks if "balance-weight" in what]
    assert weights and all(what.endswith("] total") for what in weights), checks


def test_a_renamed_item_is_one_change_not_every_figure_removed_and_added():
    """`a` renamed `sales.a` in its declaration, its row and the rules that use it: the figures, the
    totals they move and the check result whose message names it are compared under the new name."""
    old = SMALL.format(a=100).replace("total  120", "total  125")
    new = (old.replace('item a "A"', 'item sales.a "A"').replace("= a + b", "= sales.a + b")
           .replace("= a / total", "= sales.a / total").replace("\n  a      100", "\n  sales.a 100"))
    changes = compare(_ledger(old), _ledger(new))
    assert [(c.section, c.change, c.what, c.where) for c in changes] == [
        ("reported", "renamed", "a -> sales.a", "its 2 printed figures unchanged")]
    # A figure of it changed in the same edit: the rename, then the change under the new name.
    changes = compare(_ledger(old), _ledger(new.replace("sales.a 100", "sales.a 101")))
    assert [(c.change, c.what) for c in changes if c.section == "reported"] == [
        ("renamed", "a -> sales.a"), ("changed", "sales.a@1Q03")]
    assert ("changed", "total@1Q03") in [(c.change, c.what) for c in changes if c.section == "derived"]
    assert [(c.change, c.what) for c in changes if c.section == "check"] == [
        ("changed", "error[total-mismatch] total@1Q03")]


def test_two_items_that_could_each_be_the_other_are_not_guessed():
    """Two items gone and two come, printing the same figure in the same column under the same
    label: only a one-to-one match is a rename, so each figure is listed as removed and added."""
    table = 'table "T" in JPY millions\n  columns 1Q03\n  {0} 5\n  {1} 5\n'
    old = f'item x "Other" JPY flow\nitem y "Other" JPY flow\n{table.format("x", "y")}'
    new = f'item p "Other" JPY flow\nitem q "Other" JPY flow\n{table.format("p", "q")}'
    assert renames(_ledger(old), _ledger(new)) == {}
    reported = [(c.change, c.what) for c in compare(_ledger(old), _ledger(new)) if c.section == "reported"]
    assert sorted(reported) == [("added", "p@1Q03"), ("added", "q@1Q03"), ("removed", "x@1Q03"),
                                ("removed", "y@1Q03")]
    # Told apart by their labels, each is the other's rename.
    assert renames(_ledger(old.replace('y "Other"', 'y "Else"')),
                   _ledger(new.replace('q "Other"', 'q "Else"'))) == {"x": "p", "y": "q"}


def test_cli_diff_of_the_iij_books_with_an_item_renamed_everywhere(tmp_path):
    """rev.dedicated renamed rev.dedicated_access in every IIJ book: its declaration, rules,
    rows, measure columns, claims and acknowledgements. One change, and nothing else moved."""
    old, new = tmp_path / "old", tmp_path / "new"
    shutil.copytree(ROOT / "books" / "iij", old)
    shutil.copytree(ROOT / "books" / "iij", new)
    pattern = re.compile(r"(?<![\w.])rev\.dedicated(?![\w.])")
    renamed = 0
    for path in new.glob("*.iij"):
        text = path.read_text(encoding="utf-8")
        renamed += len(pattern.findall(text))
        path.write_text(pattern.sub("rev.dedicated_access", text), encoding="utf-8")
    assert renamed > 10
    result = ledger("diff", str(old), str(new), "--format", "json")
    assert result.returncode == 1, result.stderr
    found = json.loads(result.stdout)
    assert [(c["change"], c["what"], c["old"], c["new"]) for c in found["reported"]] == [
        ("renamed", "rev.dedicated -> rev.dedicated_access", "rev.dedicated", "rev.dedicated_access")]
    assert found["derived"] == [] and found["check"] == []
    shown = ledger("diff", str(old), str(new)).stdout
    assert "~ rev.dedicated -> rev.dedicated_access  (renamed: its " in shown


def test_two_files_of_the_same_book_have_no_differences(tmp_path):
    """A check result that names a figure's place `(v1.iij:12)` is the same result in v2.iij."""
    text = PRELUDE + SMALL.format(a=100).replace("total  120", "total  125")
    (tmp_path / "v1.iij").write_text(text, encoding="utf-8")
    (tmp_path / "v2.iij").write_text(text, encoding="utf-8")
    assert "(v1.iij:" in ledger("check", str(tmp_path / "v1.iij")).stdout  # the message does cite a place
    result = ledger("diff", str(tmp_path / "v1.iij"), str(tmp_path / "v2.iij"))
    assert (result.returncode, result.stdout) == (0, f"no differences between {tmp_path / 'v1.iij'} and "
                                                     f"{tmp_path / 'v2.iij'}\n"), result.stdout
