"""The review commands: fmt, diff, explain and facts, their exit statuses, and no traceback on bad input."""

import json
import os
import shutil
import subprocess
import sys

from support import PRELUDE, ROOT, ledger

MESSY = PRELUDE + """item a "A" JPY flow
item b  "B"   JPY   flow   # b comes from the appendix
table "T" in JPY millions
 columns 1Q03 1Q02
 a 10   8
  b  20 22
"""


def write(tmp_path, text, name="book.iij"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_fmt_check_names_the_file_and_writes_nothing(tmp_path):
    """--check exits 1, names each file that would change, and leaves it alone."""
    path = write(tmp_path, MESSY)
    result = ledger("fmt", "--check", str(path))
    assert result.returncode == 1
    assert f"would reformat {path}" in result.stdout
    assert path.read_text(encoding="utf-8") == MESSY


def test_fmt_diff_prints_a_unified_diff_and_writes_nothing(tmp_path):
    """--diff prints the change as a unified diff and, like --check, exits 1 when there is one (issue #11)."""
    path = write(tmp_path, MESSY)
    result = ledger("fmt", "--diff", str(path))
    assert result.returncode == 1
    assert result.stderr == "fmt: 1 file would be reformatted, 0 unchanged\n"
    assert "+  a          10     8" in result.stdout and "- a 10   8" in result.stdout
    assert path.read_text(encoding="utf-8") == MESSY


def test_fmt_writes_atomically_keeps_the_mode_and_then_has_nothing_to_do(tmp_path):
    """fmt replaces the file (no temporary file left behind), then --check finds nothing."""
    path = write(tmp_path, MESSY)
    os.chmod(path, 0o640)
    assert ledger("fmt", str(tmp_path)).returncode == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["book.iij"]
    assert oct(path.stat().st_mode & 0o777) == oct(0o640)
    assert "# b comes from the appendix" in path.read_text(encoding="utf-8")
    assert ledger("fmt", "--check", str(path)).returncode == 0


def test_fmt_leaves_a_file_with_syntax_errors_alone(tmp_path):
    """A syntax error is reported with its location and exit status 1; the file is unchanged."""
    path = write(tmp_path, 'item a "A" JPY flo\n')
    result = ledger("fmt", str(path))
    assert result.returncode == 1
    assert f"{path}:1:16: error[syntax]" in result.stdout
    assert path.read_text(encoding="utf-8") == 'item a "A" JPY flo\n'


def test_fmt_reads_line_ends_as_check_does(tmp_path):
    """A CR alone ends a line for `check` (as in Python's text mode, and for editors), so for `fmt`
    too: a file of CR line ends is reformatted to LF, not read as one comment line or refused at
    its first CR; a CR in a comment is the same syntax error, at the same line, for both."""
    path = write(tmp_path, MESSY.replace("\n", "\r"))
    def found(book):  # the findings, by code and line (fmt moves columns)
        return [(d["code"], d["line"]) for d in json.loads(ledger("check", str(book), "--format", "json").stdout)["diagnostics"]]

    before = found(path)
    assert before and all(line > 1 for _, line in before)
    assert ledger("fmt", "--check", str(path)).returncode == 1
    assert ledger("fmt", str(path)).returncode == 0
    text = path.read_bytes()
    assert b"\r" not in text and text.count(b"\n") == MESSY.count("\n")
    assert ledger("fmt", "--check", str(path)).returncode == 0
    assert found(path) == before
    broken = write(tmp_path, MESSY.replace("# b comes", "# b\rcomes"), "broken.iij")
    checked, formatted = ledger("check", str(broken)), ledger("fmt", "--check", str(broken))
    assert formatted.returncode == checked.returncode == 1
    first = next(line for line in checked.stdout.splitlines() if "error[syntax]" in line)
    assert first in formatted.stdout.splitlines()


def test_fmt_says_when_a_files_change_is_its_crlf_line_ends(tmp_path):
    """The IIJ release saved with CRLF line ends: `--check` said only "would reformat", and `--diff`
    printed its 512 lines removed and added again, each - and + line the same on screen (a CR is
    not seen): both now say that the line ends are the change, and whether they are all of it."""
    release = (ROOT / "books" / "iij" / "iij-1q03-earnings-release.iij").read_text(encoding="utf-8")
    path = write(tmp_path, release.replace("\n", "\r\n"), "release.iij")
    checked = ledger("fmt", "--check", str(path))
    assert (checked.returncode, checked.stdout) == (1, f"would reformat {path} (only its CRLF line ends, to LF)\n")
    patch = ledger("fmt", "--diff", str(path))
    assert patch.returncode == 1
    assert patch.stderr.splitlines()[0] == f"ledger fmt: {path}: only its CRLF line ends, to LF"
    row = "  rev.dialup           6,402      767,418                      9.2"
    assert release.count(row) == 1
    write(tmp_path, release.replace(row, " ".join(row.split())).replace("\n", "\r\n"), "release.iij")
    both = ledger("fmt", "--check", str(path))
    assert both.stdout == f"would reformat {path} (its CRLF line ends to LF, and its layout)\n"
    ledger("fmt", str(path))
    assert path.read_text(encoding="utf-8") == release
    lf = ledger("fmt", "--check", str(path))
    assert (lf.returncode, lf.stdout) == (0, "")


def test_the_bundled_books_are_in_fmts_layout():
    """A newcomer who copies the bundled books and installs the pre-commit hook (`fmt --check`)
    can commit an edit to any of them without reformatting a file they did not touch."""
    result = ledger("fmt", "--check", str(ROOT / "books" / "iij"), str(ROOT / "books" / "iij-annual"))
    assert result.returncode == 0, result.stdout
    assert result.stderr == "fmt: 0 files would be reformatted, 6 unchanged\n"


def test_explain_a_total_in_text_and_json():
    """explain shows the rule and the printed inputs of a total; JSON has the same tree."""
    path = str(ROOT / "books" / "iij")
    text = ledger("explain", "rev.total@1Q03", path, "--depth", "1")
    assert text.returncode == 0, text.stdout
    assert "by rev.total = rev.cvas + rev.si + rev.equipment" in text.stdout
    tree = json.loads(ledger("explain", "rev.total@1Q03", path, "--format", "json").stdout)
    assert tree["figure"] == "rev.total@1Q03" and tree["rules"][0]["status"] == "holds"


def test_explain_a_printed_measure():
    """A printed % claim is explained against its computed value and inputs."""
    result = ledger("explain", "yoy%(rev.total@1Q03)", str(ROOT / "books" / "iij"), "--depth", "0")
    assert result.returncode == 0
    assert "printed -15.3%" in result.stdout and "computed -15.28" in result.stdout


def test_explain_reads_its_figure_as_a_claim_of_the_book_would_be_read():
    """A measure with the wrong number of arguments, an unknown function or a translation without a
    rate is the message a claim would get, with exit status 2 (one argument too few was a bug's
    exit status 3, one too many was ignored); an expression that is no measure is refused rather
    than shown as a percentage."""
    path = str(ROOT / "books" / "iij")
    for figure, message in (("share%(rev.total@1Q03)", "share% takes 2 arguments, not 1"),
                            ("yoy%(rev.total@1Q03, rev.si@1Q03)", "yoy% takes 1 argument, not 2"),
                            ("growth%(rev.total@1Q03)", "growth% is not a function"),
                            ("EUR(rev.total@1Q03)", "EUR is not a function"),
                            ("rev.si@1Q03 + rev.cvas@1Q03", "is not printed in these books")):
        result = ledger("explain", figure, path)
        assert result.returncode == 2, (figure, result.stdout, result.stderr)
        assert result.stderr.startswith("ledger: ") and message in result.stderr, (figure, result.stderr)
        assert result.stdout == ""
    assert ledger("explain", "qoq%(rev.total@1Q03)", path).returncode == 0


def test_bad_figures_and_paths_are_one_line_messages_with_exit_status_2(tmp_path):
    """Unknown items, missing periods, malformed figures and bad sides never print a traceback."""
    path = str(ROOT / "books" / "iij")
    for args in (("explain", "rev.totl@1Q03", path), ("explain", "rev.total", path),
                 ("explain", "rev.total@(", path), ("explain", "rev.total@1Q03", str(tmp_path / "none.iij")),
                 ("diff", path, str(tmp_path / "none")), ("facts", str(tmp_path / "none.iij")),
                 ("fmt", str(tmp_path / "none.iij"))):
        result = ledger(*args)
        assert result.returncode == 2, args
        assert result.stderr.startswith("ledger: ") and "Traceback" not in result.stderr, args


def test_a_bad_figure_says_what_is_wrong_with_it_and_where():
    """explain said only "is not a figure" of a quarter 9Q99, a measure missing its ")" or a
    stray space; it now gives the parser's reason at the character it found it (or that the
    figure ends too early: it is parsed with " = 0" after it), and names an anchor that is no period."""
    path = str(ROOT / "books" / "iij")
    cases = {"rev.total@9Q99": "(at character 11: '9Q99' looks like a period but is not one)",
             "rev total@1Q03": "(at character 5: unexpected 'total'",
             "yoy%(rev.total@1Q03": '(it ends too early; expected ")"',
             "rev.total@": "(it ends too early; expected a name, a period such as 1Q03",
             "rev.total@FY20x": "names no period; 'FY20x' after its @ is not a period"}
    for figure, said in cases.items():
        result = ledger("explain", figure, path)
        assert result.returncode == 2 and result.stdout == "", figure
        assert result.stderr.startswith(f"ledger: {figure!r}") and said in result.stderr, (figure, result.stderr)
        assert "'='" not in result.stderr, figure  # the " = 0" the figure is parsed with is not the user's


def test_a_figure_at_a_period_the_books_do_not_print_names_the_periods_they_do():
    """rev.total@FY1990 printed a tree of "no value" six levels deep and nothing about the period;
    the books' range of printed periods of that kind is now said once, on stderr."""
    path = str(ROOT / "books" / "iij")
    flow = ledger("explain", "rev.total@FY1990", path)
    assert flow.returncode == 1 and flow.stdout.startswith("rev.total@FY1990: no value")
    assert "no figure of these books is printed at FY1990; they print flows from " in flow.stderr
    stock = ledger("explain", "cash@2099-03-31", path)
    assert stock.returncode == 1 and "printed at 2099-03-31; they print balances from 2002-03-31" in stock.stderr
    printed = ledger("explain", "rev.total@1Q03", path)
    assert printed.returncode == 0 and "no figure of these books" not in printed.stderr


def test_diff_of_a_book_with_itself_exits_0(tmp_path):
    """No differences: exit status 0 and a one-line message."""
    path = write(tmp_path, MESSY)
    result = ledger("diff", str(path), str(path))
    assert result.returncode == 0 and result.stdout.startswith("no differences")


def test_facts_lists_one_figure_per_line():
    """facts prints the release's figures without reading its includes."""
    result = ledger("facts", str(ROOT / "books" / "iij" / "iij-1q03-earnings-release.iij"))
    assert result.returncode == 0
    assert any(x.startswith("rev.dedicated@1Q03 = 3,321,229") for x in result.stdout.splitlines())


def test_a_book_that_cannot_be_read_is_said_so_by_eval_and_explain(tmp_path):
    """A book that is not UTF-8: its place (the bad byte's line and column) and why, with exit
    status 2, from eval (which said only "1 error ... run ledger check") and explain (which said
    the item was not in the books, and to declare it, where it is in the book it could not read)."""
    path = tmp_path / "latin1.iij"
    path.write_bytes('item a "Caf\xe9" JPY flow\n'.encode("latin-1"))
    expected = f"{path}:1:12: error[unreadable]: {path} cannot be read: it is not UTF-8 text (a bad byte on line 1)"
    evaluated = ledger("eval", str(path))
    assert evaluated.returncode == 2 and evaluated.stderr.splitlines()[0] == expected
    explained = ledger("explain", "a@1Q03", str(path))
    assert explained.returncode == 2 and explained.stdout == ""
    assert explained.stderr.splitlines()[0] == expected and "declare" not in explained.stderr
    assert "a is not an item of the books as they could be read; 1 problem above left part of them out" in explained.stderr
    assert json.loads(ledger("check", str(path), "--format", "json").stdout)["diagnostics"][0]["line"] == 1


def test_fmt_keeps_the_files_owner_and_group_where_it_may(tmp_path):
    """A file another user owns (formatted by root, or in a shared group's directory) keeps its
    owner and group: fmt replaced it with a file of its own user's."""
    import pytest

    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("only root may give a file to another user")
    path = write(tmp_path, MESSY)
    os.chown(path, 65534, 65534)
    assert ledger("fmt", str(path)).returncode == 0
    assert (path.stat().st_uid, path.stat().st_gid) == (65534, 65534)
    assert ledger("fmt", "--check", str(path)).returncode == 0


def test_explain_says_what_a_missing_figure_lacks_and_which_period_a_stock_has(tmp_path):
    """A figure with no value whose item has a rule shows the rule and its missing inputs ("no rule
    derives it" was said of it); a stock asked over a duration, or a flow at an instant, names the
    period meant, with exit status 2, rather than "no value"."""
    text = PRELUDE + ('item a "A" JPY flow\nitem b "B" JPY flow\nitem t "T" JPY flow = a + b\n'
                      'item m "M" % flow = a / t\nitem cash "Cash" JPY stock\n'
                      'table "T" in JPY millions\n  columns 1Q03\n  a 10\n')
    path = write(tmp_path, text)
    result = ledger("explain", "m@1Q03", str(path))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0] == "m@1Q03: no value (not printed, and its rules cannot be computed)"
    assert any(line.strip().startswith("by t = a + b") for line in lines)
    assert any("no value for b@1Q03" in line for line in lines)
    stock = ledger("explain", "cash@1Q03", str(path))
    assert stock.returncode == 2 and "cash is a stock" in stock.stderr and "cash@2003-06-30" in stock.stderr
    flow = ledger("explain", "a@2003-06-30", str(path))
    assert flow.returncode == 2 and "a is a flow" in flow.stderr


def test_the_pre_commit_hook_reads_staged_books_whose_names_hold_spaces_or_are_not_ascii(tmp_path):
    """contrib/pre-commit names `my books/売上.iij` whole (git quotes such a name, and the shell
    split it at the space), and runs a LEDGER command of several words."""
    def git(*args):
        return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=tmp_path,
                              capture_output=True, text=True, env=env)

    env = dict(os.environ, PYTHONPATH=str(ROOT), LEDGER=f"{sys.executable} -m ledgerlang")
    git("init", "-q")
    hook = tmp_path / ".git" / "hooks" / "pre-commit"
    shutil.copy(ROOT / "contrib" / "pre-commit", hook)
    hook.chmod(0o755)
    (tmp_path / "my books").mkdir()
    book = tmp_path / "my books" / "売上.iij"
    book.write_text(MESSY, encoding="utf-8")
    git("add", ".")
    refused = git("commit", "-q", "-m", "unformatted")
    assert refused.returncode != 0
    assert "pre-commit: my books/売上.iij is not formatted" in refused.stderr, refused.stderr
    assert ledger("fmt", str(book)).returncode == 0
    git("add", ".")
    done = git("commit", "-q", "-m", "formatted")
    assert done.returncode == 0, done.stderr


def test_the_pre_commit_hook_checks_a_book_that_includes_one_in_another_directory(tmp_path):
    """A draft in drafts/ includes "../defs/defs.iij", as `ledger draft --defs` writes it: the hook
    checks it with the repository as its root (it refused every such commit with include-outside-root
    and hundreds of errors that follow from it), and still refuses an include that leaves the repository."""
    def git(*args):
        return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=tmp_path / "repo",
                              capture_output=True, text=True, env=env)

    env = dict(os.environ, PYTHONPATH=str(ROOT), LEDGER=f"{sys.executable} -m ledgerlang")
    (tmp_path / "repo" / "defs").mkdir(parents=True)
    (tmp_path / "repo" / "drafts").mkdir()
    git("init", "-q")
    hook = tmp_path / "repo" / ".git" / "hooks" / "pre-commit"
    shutil.copy(ROOT / "contrib" / "pre-commit", hook)
    hook.chmod(0o755)
    (tmp_path / "repo" / "defs" / "defs.iij").write_text(PRELUDE + 'item a "A" JPY flow\n', encoding="utf-8")
    draft = tmp_path / "repo" / "drafts" / "q1.iij"
    draft.write_text('include "../defs/defs.iij"\n\ntable "T" in JPY millions\n  columns  1Q03\n  a          10\n',
                     encoding="utf-8")
    git("add", ".")
    done = git("commit", "-q", "-m", "a draft and its definitions")
    assert done.returncode == 0, done.stderr
    (tmp_path / "outside.iij").write_text('item b "B" JPY flow\n', encoding="utf-8")
    draft.write_text('include "../../outside.iij"\n' + draft.read_text(encoding="utf-8"), encoding="utf-8")
    git("add", ".")
    refused = git("commit", "-q", "-m", "an include out of the repository")
    assert refused.returncode != 0 and "include-outside-root" in refused.stderr, refused.stderr


def test_fmt_diff_is_a_patch_of_lf_lines_whatever_a_label_or_comment_holds(tmp_path):
    """A label with U+2028 and a comment with U+0085 and a form feed are one line each in the
    book, so in the patch too; a file of CR line ends is one line without a newline, as patch
    and git apply read it. The patch's old side is the file and its new side what fmt writes."""
    def sides(patch: str) -> tuple[str, str]:
        old, new, last = [], [], None
        for line in patch.split("\n")[3:]:  # one hunk: after ---, +++ and @@
            if line.startswith("\\"):
                (old if last == "-" else new)[-1] = (old if last == "-" else new)[-1].removesuffix("\n")
                continue
            if line:
                last = line[0]
                for side, mark in ((old, "-"), (new, "+")):
                    if line[0] in (mark, " "):
                        side.append(line[1:] + "\n")
        return "".join(old), "".join(new)

    for name, text in (("odd.iij", 'item a  "A\u2028B" JPY flow   # x\x85y\x0cz\nitem bb "B" JPY flow\n'),
                       ("cr.iij", 'item a  "A" JPY flow\ritem bb "B" JPY flow\r')):
        path = tmp_path / name
        path.write_bytes(text.encode("utf-8"))
        # bytes: text mode would read the patch's CRs as line ends
        result = subprocess.run([sys.executable, "-m", "ledgerlang", "fmt", "--diff", str(path)], capture_output=True,
                                env=dict(os.environ, PYTHONPATH=str(ROOT)), timeout=300)
        assert result.returncode == 1, result.stderr
        old, new = sides(result.stdout.decode("utf-8"))
        assert old.removesuffix("\n") == text.removesuffix("\n")
        assert ledger("fmt", str(path)).returncode == 0
        assert new == path.read_bytes().decode("utf-8")


def test_fmt_counts_the_files_it_did_not_format_in_its_summary(tmp_path):
    """A file with syntax errors, and one that cannot be read (a FIFO), are counted: the summary
    of a run that exits 1 or 2 no longer says "0 files would be reformatted, 0 unchanged" alone."""
    broken = write(tmp_path, 'item a "A" JPY flo\n', "broken.iij")
    result = ledger("fmt", "--check", str(broken))
    assert result.returncode == 1
    assert result.stderr.endswith("fmt: 0 files would be reformatted, 0 unchanged, 1 not formatted (errors)\n")
    fifo = tmp_path / "pipe.iij"
    os.mkfifo(fifo)
    result = ledger("fmt", str(broken), str(fifo))
    assert result.returncode == 2
    assert result.stderr.endswith("fmt: 0 files reformatted, 0 unchanged, 1 not formatted (errors), 1 not written\n")


def test_explain_says_first_what_a_syntax_error_or_a_missing_include_left_out(tmp_path):
    """A row with a syntax error is not in the tree: explain said its figure was "not printed",
    silently, and an item of an include that does not exist was one to "declare first"."""
    row = write(tmp_path, MESSY.replace(" a 10   8", " a 10   8 oops"), "row.iij")
    explained = ledger("explain", "b@1Q03", str(row))
    assert explained.returncode == 0, explained.stderr
    assert explained.stderr.startswith(f"{row}:11:11: error[syntax]: unexpected 'oops'"), explained.stderr
    missing = write(tmp_path, 'include "defs.iij"\ntable "T" in JPY millions\n  columns 1Q03\n  a 10\n', "missing.iij")
    explained = ledger("explain", "a@1Q03", str(missing))
    assert explained.returncode == 2 and f"error[missing-file]: {tmp_path / 'defs.iij'} does not exist" in explained.stderr
    assert "declare" not in explained.stderr
    assert "a is not an item of the books as they could be read; 1 problem above left part of them out" in explained.stderr


def test_facts_lists_every_file_it_can_read_and_exits_2_for_the_one_it_cannot(tmp_path):
    """Several files given: a missing one is said on stderr and the others are still listed."""
    good = tmp_path / "good.iij"
    good.write_text('currency JPY "yen"\nitem a "A" JPY flow\ntable "T" in JPY\n  restated "IFRS 16"\n'
                    '  columns 1Q03\n  a 5\n', encoding="utf-8")
    result = ledger("facts", str(tmp_path / "missing.iij"), str(good))
    assert result.returncode == 2
    assert "missing.iij does not exist" in result.stderr
    assert f"# {good}" in result.stdout and 'a@1Q03 = 5  ["T", JPY, restated "IFRS 16", column 1Q03]' in result.stdout


def test_the_pre_commit_hook_says_so_where_ledger_on_the_path_is_another_program(tmp_path):
    """Debian's Ledger is `ledger` too: the hook run with it refused every commit as 'not formatted'.
    It now says that the command is not ledgerlang's, and how to name the right one."""
    def git(*args):
        return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=tmp_path,
                              capture_output=True, text=True, env=env)

    other = tmp_path / "bin"
    other.mkdir()
    (other / "ledger").write_text("#!/bin/sh\necho 'Ledger 3.3.0, the command-line accounting tool'\nexit 1\n")
    (other / "ledger").chmod(0o755)
    env = {k: v for k, v in os.environ.items() if k != "LEDGER"}
    env["PATH"] = f"{other}{os.pathsep}{env['PATH']}"
    git("init", "-q")
    hook = tmp_path / ".git" / "hooks" / "pre-commit"
    shutil.copy(ROOT / "contrib" / "pre-commit", hook)
    hook.chmod(0o755)
    (tmp_path / "book.iij").write_text(MESSY, encoding="utf-8")
    git("add", ".")
    refused = git("commit", "-q", "-m", "a book")
    assert refused.returncode != 0
    assert "pre-commit: 'ledger' is not ledgerlang's ledger" in refused.stderr, refused.stderr
    assert "not formatted" not in refused.stderr


def test_the_pre_commit_hook_is_silent_on_clean_books_and_prints_the_errors_that_refuse_one(tmp_path):
    """Committing books/iij printed its 61 acknowledged findings and notes, hundreds of lines, on a
    clean commit, and a refusal's "not formatted" line was lost among them: a clean check is now
    silent, and a check that fails is printed with the line that says why."""
    def git(*args):
        return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=tmp_path,
                              capture_output=True, text=True, env=env)

    env = dict(os.environ, PYTHONPATH=str(ROOT), LEDGER=f"{sys.executable} -m ledgerlang")
    shutil.copytree(ROOT / "books" / "iij", tmp_path / "books" / "iij")
    git("init", "-q")
    hook = tmp_path / ".git" / "hooks" / "pre-commit"
    shutil.copy(ROOT / "contrib" / "pre-commit", hook)
    hook.chmod(0o755)
    git("add", ".")
    done = git("commit", "-q", "-m", "the IIJ books")
    assert (done.returncode, done.stderr) == (0, ""), done.stderr
    release = tmp_path / "books" / "iij" / "iij-1q03-earnings-release.iij"
    text = release.read_text(encoding="utf-8")
    assert text.count("3,321,229") == 1
    release.write_text(text.replace("3,321,229", "3,421,229"), encoding="utf-8")
    git("add", ".")
    refused = git("commit", "-q", "-m", "a figure mistyped")
    assert refused.returncode != 0
    assert "error[total-mismatch]" in refused.stderr and "iij-1q03-earnings-release.iij:13" in refused.stderr
    assert refused.stderr.rstrip().endswith(
        "pre-commit: ledger check books/iij found errors (acknowledge a known one with accept)"), refused.stderr


def test_a_merge_conflict_staged_unresolved_is_named_by_fmt_and_the_pre_commit_hook(tmp_path):
    """Two branches change the same row of the IIJ release and the conflict is staged as it is:
    the hook said "not formatted; run: ledger fmt", which cannot mend it, and fmt gave the parser's
    hint about names at `<<<<<<< HEAD`. Both now name the conflict marker's line."""
    def git(*args):
        return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args], cwd=tmp_path,
                              capture_output=True, text=True, env=env)

    env = dict(os.environ, PYTHONPATH=str(ROOT), LEDGER=f"{sys.executable} -m ledgerlang")
    shutil.copytree(ROOT / "books" / "iij", tmp_path / "books" / "iij")
    release = tmp_path / "books" / "iij" / "iij-1q03-earnings-release.iij"
    text = release.read_text(encoding="utf-8")
    row = "  rev.vas              8,235      987,198"
    assert text.count(row) == 1
    git("init", "-q", "-b", "main")
    git("add", ".")
    git("commit", "-q", "--no-verify", "-m", "first")
    git("checkout", "-q", "-b", "side")
    release.write_text(text.replace(row, row.replace("987,198", "987,199")), encoding="utf-8")
    git("commit", "-q", "--no-verify", "-am", "side")
    git("checkout", "-q", "main")
    release.write_text(text.replace(row, row.replace("987,198", "987,197")), encoding="utf-8")
    git("commit", "-q", "--no-verify", "-am", "main")
    assert git("merge", "side").returncode != 0
    line = release.read_text(encoding="utf-8").split("\n").index("<<<<<<< HEAD") + 1
    formatted = ledger("fmt", "--check", str(release))
    assert formatted.returncode == 1
    said = f"ledger fmt: {release} is not formatted: line {line} is a merge conflict marker: resolve the conflict first"
    assert said in formatted.stderr.splitlines(), formatted.stderr
    hook = tmp_path / ".git" / "hooks" / "pre-commit"
    shutil.copy(ROOT / "contrib" / "pre-commit", hook)
    hook.chmod(0o755)
    git("add", ".")
    refused = git("commit", "-q", "-m", "the merge, unresolved")
    assert refused.returncode != 0
    lines = refused.stderr.splitlines()
    assert "is not formatted; run: ledger fmt" not in refused.stderr
    assert (f"ledger fmt: books/iij/iij-1q03-earnings-release.iij is not formatted: line {line} is a merge conflict "
            "marker: resolve the conflict first") in lines, refused.stderr
    assert ("pre-commit: books/iij/iij-1q03-earnings-release.iij does not parse; fix it first "
            "(ledger check below says where)") in lines
    assert any(l.startswith(f"books/iij/iij-1q03-earnings-release.iij:{line}:1: error[syntax]") for l in lines)


def test_an_interval_is_shown_with_the_places_that_tell_its_ends_apart():
    """rev.connectivity@1Q03 computed from Appendix 1's thousands lies in [4,088.646, 4,088.648] million;
    shown at the printed figure's places plus one it read "[4,088.6, 4,088.6]", an interval of no width."""
    path = str(ROOT / "books" / "iij")
    lines = ledger("explain", "rev.connectivity@1Q03", path, "--depth", "1").stdout.splitlines()
    assert any("computed 4,088.6 million, any value in [4,088.646, 4,088.648] million" in line for line in lines)
    assert "any value in [4,088.5, 4,089.5] million" in lines[0]  # ends apart at its own places: as before
    measure = ledger("explain", "yoy%(rev.total@FY2013)", str(ROOT / "books" / "iij-annual"), "--depth", "0")
    assert "measure, any value in [7.551, 7.553]%" in measure.stdout.splitlines()[0]


def test_a_git_revision_given_to_a_command_that_reads_no_git_says_which_does():
    """`ledger explain FIGURE HEAD:books/iij` (diff's way of naming a side) was told only "no such file
    or directory"; a drive letter (C:books) stays a plain path that does not exist."""
    for args in (("explain", "rev.total@1Q03"), ("check",), ("eval",), ("fmt", "--check")):
        result = ledger(*args, "HEAD:books/iij")
        assert result.returncode == 2, args
        assert result.stderr == ("ledger: HEAD:books/iij: no such file or directory; only ledger diff reads books at "
                                 "a git revision (REV:PATH): to read books/iij as it is at HEAD, check it out first, "
                                 "such as in a worktree: git worktree add DIR HEAD\n"), (args, result.stderr)
    assert ledger("check", "C:books").stderr == "ledger: C:books: no such file or directory\n"


def test_diff_of_a_fifo_or_a_symlink_loop_says_what_it_is_not_that_it_is_missing(tmp_path):
    """A side that exists but is no book was "no such file or directory (a git revision is written
    REV:PATH)", sending the user to look for a file that is there; it is said what it is, once."""
    book = write(tmp_path, MESSY)
    os.mkfifo(tmp_path / "fifo.iij")
    os.symlink("loop-b.iij", tmp_path / "loop-a.iij")
    os.symlink("loop-a.iij", tmp_path / "loop-b.iij")
    for side, says in (("fifo.iij", "fifo.iij is a FIFO (named pipe), not a book file"),
                       ("loop-a.iij", "loop-a.iij cannot be read: Too many levels of symbolic links; "
                                      "a symlink on its path leads back to itself")):
        result = ledger("diff", side, str(book), cwd=tmp_path)
        assert result.returncode == 2
        assert result.stderr.startswith(f"ledger: {says}")
        assert "no such file" not in result.stderr and "Traceback" not in result.stderr


def test_fmt_shows_a_files_name_and_never_sends_its_control_characters_to_the_terminal(tmp_path):
    """fmt printed `would reformat NAME` and `reformatted NAME` raw: a file named with an ESC
    sequence recoloured the terminal (or, with OSC, retitled it), as check no longer lets a book do."""
    name = "a\x1b[31mred\x1b]0;title\x07.iij"
    write(tmp_path, MESSY, name)
    for options, line in ((["--check"], "would reformat "), ([], "reformatted ")):
        result = ledger("fmt", *options, str(tmp_path))
        assert result.stdout == f"{line}{tmp_path}/a\u241b[31mred\u241b]0;title\u2407.iij\n"
        assert "\x1b" not in result.stdout + result.stderr and "\x07" not in result.stdout + result.stderr


def test_facts_of_a_directory_says_to_name_its_books():
    """Every other command reads a directory's books; facts said only that a directory is not a
    book file, and that a book is a regular .iij text file."""
    result = ledger("facts", "books/iij")
    assert result.returncode == 2
    assert result.stderr == ("ledger: books/iij is a directory: facts lists book files, each alone (git's "
                             "textconv gives it one): name them, such as books/iij/*.iij\n")
