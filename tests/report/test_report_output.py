"""What `ledger report` says and leaves behind: the summary line, unreadable books, and a report
written whole or not at all, whatever stands in its way."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys

import pytest

from support import PRELUDE, ROOT, ledger

pytest.importorskip("jinja2", reason="jinja2 is in the report extra: pip install -e '.[test]'")
pytest.importorskip("matplotlib", reason="matplotlib is in the report extra: pip install -e '.[test]'")

BOOK = PRELUDE + """
item a "A" JPY flow
item b "B" JPY flow
item total "Total" JPY flow = a + b
table "T" in JPY millions
  columns 1Q03 4Q02
  a 10 8
  b 20 22
  total 30 30
"""


def _tree(directory) -> dict[str, bytes]:
    """Every file under `directory`, by its path inside it, with its bytes."""
    out = {}
    for root, _, names in os.walk(directory):
        for name in names:
            path = os.path.join(root, name)
            out[os.path.relpath(path, directory)] = open(path, "rb").read()
    return out


@pytest.fixture
def book(tmp_path):
    path = tmp_path / "book.iij"
    path.write_text(BOOK, encoding="utf-8")
    return path


def test_the_summary_line_is_printed_as_check_and_eval_print_it(book, tmp_path):
    """On exit 0 and exit 1 the report prints `ledger check`'s summary line; it printed nothing."""
    done = ledger("report", str(book), "-o", str(tmp_path / "ok"))
    check = ledger("check", str(book))
    assert done.returncode == 0 and done.stdout == check.stdout.splitlines()[-1] + "\n", done.stdout
    book.write_text(BOOK.replace("total 30 30", "total 33 30"), encoding="utf-8")
    done = ledger("report", str(book), "-o", str(tmp_path / "bad"))
    check = ledger("check", str(book))
    assert done.returncode == 1 == check.returncode
    assert done.stdout == check.stdout.splitlines()[-1] + "; run `ledger check` for details\n", done.stdout
    assert "1 error" in done.stdout


@pytest.mark.parametrize("kind", ["device", "fifo"])
def test_an_unreadable_book_exits_2_says_why_and_writes_no_report(tmp_path, kind):
    """`report /dev/zero -o DIR` exited 2, said only "wrote DIR/index.html", and wrote a report of nothing."""
    if kind == "device":
        source = "/dev/zero"
    else:
        source = str(tmp_path / "pipe.iij")
        os.mkfifo(source)
    done = ledger("report", source, "-o", str(tmp_path / "out"))
    assert done.returncode == 2
    assert "not-a-file" in done.stderr and "no report is written" in done.stderr, done.stderr
    assert "check: 1 error" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "out").exists()


def test_an_empty_output_name_is_a_usage_error(book, tmp_path):
    """`-o ''` wrote the report into the current directory; as with xlsx's `-o ''`, it is bad usage."""
    done = ledger("report", str(book), "-o", "", cwd=tmp_path)
    assert done.returncode == 2 and "-o ''" in done.stderr, done.stderr
    assert sorted(os.listdir(tmp_path)) == ["book.iij"]


@pytest.mark.parametrize("obstacle, named", [
    ("index.html/", "index.html: cannot write the report: is a directory"),
    ("assets", "assets: cannot write the report: exists and is not a directory"),
    ("assets/report.js/", "report.js: cannot write the report: is a directory"),
])
def test_whatever_stands_in_the_way_is_named_and_the_old_report_stays_whole(book, tmp_path, obstacle, named):
    """A directory named index.html left the new assets beside the old page; a file named assets
    gave "cannot write the report: File exists", naming no file. Now nothing is written, the error
    names the path in the way, and what the directory held is as it was."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    target = out / obstacle.rstrip("/")
    target.parent.mkdir(parents=True, exist_ok=True)
    if obstacle.endswith("/"):
        target.mkdir()
    else:
        target.write_text("x", encoding="utf-8")
    before = _tree(out)
    done = ledger("report", str(book), "-o", str(out))
    assert done.returncode == 2 and named in done.stderr and str(target) in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
    assert _tree(out) == before
    assert not [n for n in os.listdir(tmp_path) if n.startswith(".")]  # no temporary directory is left
    assert not [n for n in os.listdir(out) if n.startswith(".")]


def test_a_report_over_an_old_one_replaces_its_files_and_keeps_the_others(book, tmp_path):
    """An existing directory keeps its other files; the report's files are replaced, byte for byte
    the same as a report written into a new directory."""
    fresh, old = tmp_path / "fresh", tmp_path / "old"
    assert ledger("report", str(book), "-o", str(fresh)).returncode == 0
    (old / "assets").mkdir(parents=True)
    (old / "index.html").write_text("stale", encoding="utf-8")
    (old / "assets" / "report.css").write_text("stale", encoding="utf-8")
    (old / "notes.txt").write_text("mine", encoding="utf-8")
    done = ledger("report", str(book), "-o", str(old))
    assert done.returncode == 0, done.stderr
    assert _tree(old) == {**_tree(fresh), "notes.txt": b"mine"}
    assert not [n for n in os.listdir(old) if n.startswith(".")]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a read-only directory")
def test_an_unwritable_directory_names_itself_and_leaves_nothing(book, tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        done = ledger("report", str(book), "-o", str(locked / "out"))
        assert done.returncode == 2 and f"{locked / 'out'}: cannot write the report" in done.stderr, done.stderr
        assert os.listdir(locked) == []
    finally:
        locked.chmod(0o755)


def _small_files():
    """In the child: files of at most 20 kB, a write beyond that failing (EFBIG) rather than killing."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))


@pytest.mark.parametrize("existing", [False, True])
def test_a_write_that_fails_half_way_leaves_no_part_of_the_report(book, tmp_path, existing):
    """The assets (10 kB) can be written and index.html (more) cannot: the assets were written
    first and stayed, a half report. Now nothing of it is left, and the error names index.html."""
    out = tmp_path / "out"
    if existing:
        out.mkdir()
        (out / "notes.txt").write_text("mine", encoding="utf-8")
    before = _tree(out) if existing else None
    text = BOOK + "".join(f'item x{n} "{"Line " * 20}{n}" JPY flow\n' for n in range(200))
    book.write_text(text + "table \"U\" in JPY millions\n  columns 1Q03\n"
                    + "".join(f"  x{n} {n}\n" for n in range(200)), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "ledgerlang", "report", str(book), "-o", str(out)], cwd=ROOT,
                          env=dict(os.environ, PYTHONPATH=str(ROOT)), capture_output=True, text=True, timeout=300,
                          preexec_fn=_small_files)
    assert done.returncode == 2 and f"{out / 'index.html'}: cannot write the report: File too large" in done.stderr, \
        done.stderr
    assert "Traceback" not in done.stderr
    if existing:
        assert _tree(out) == before
    else:
        assert not out.exists()
    assert not [n for n in os.listdir(tmp_path) if n.startswith(".")]


def test_a_shared_report_names_books_relative_to_the_ledgers_root_and_each_once(tmp_path):
    """Given by absolute paths, the books' paths (the machine's directories) were in the report;
    a file named itself and through its directory was listed twice under "Books:"."""
    books = tmp_path / "ledger"
    books.mkdir()
    (books / "shared.iij").write_text(PRELUDE, encoding="utf-8")
    (books / "book.iij").write_text('include "shared.iij"\n' + BOOK.replace(PRELUDE, "").replace(
        "total 30 30", "total 33 30"), encoding="utf-8")
    done = ledger("report", str(books), str(books / "book.iij"), "-o", str(tmp_path / "out"))
    assert done.returncode == 1, done.stderr
    page = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert str(tmp_path) not in page
    listed = page[page.index('<p class="books">'):page.index("</p>", page.index('<p class="books">'))]
    assert listed.count('title="book.iij"') == 1 and listed.count('title="shared.iij"') == 1, listed
    assert "book.iij:" in page  # the findings' places, and the printings' files, relative to the root


def test_an_empty_book_has_its_row_and_no_empty_table(tmp_path):
    """"Books: empty.iij" above a summary table with no rows, and a "Reported figures" table of nothing."""
    (tmp_path / "empty.iij").write_text("", encoding="utf-8")
    done = ledger("report", str(tmp_path / "empty.iij"), "-o", str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    page = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    body = page[page.index('<table class="summary">'):page.index("</table>", page.index('<table class="summary">'))]
    assert body.count("<tr>") == 2 and 'title="empty.iij"' in body  # the header row and the book's
    assert '<table class="figures">' not in page and "The books report no figure." in page
