"""fmt keeps the text of every figure and comment, writes safely, and says what it did (issues #10 and #11)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from ledgerlang.cli.main import main
from ledgerlang.fmt import expr as fmt_expr
from ledgerlang.fmt import format_text

layout_module = sys.modules["ledgerlang.fmt.layout"]  # the package exports a function of that name
from support import PRELUDE, ROOT

TEMPORARY = ".ledger-fmt-"  # fmt_cmd.TEMPORARY: the mark of our temporary files
ITEMS = PRELUDE + 'item a "A" JPY flow\nitem b "B" JPY flow\n'
MESSY = ITEMS + "table \"T\" in JPY millions\n columns 1Q03\n a 10\n"


def formatted(body: str) -> str:
    output, diagnostics = format_text(ITEMS + textwrap.dedent(body), "book.iij")
    assert diagnostics == [], diagnostics
    return output[len(ITEMS):]


@pytest.mark.parametrize("line", [
    "rule a@FY00 = b@FY00",
    "rule a = b@-4q + b@+8q",
    "assert x: a@1Q03 > 012.50 * b@1Q03",
    "assert y: a@9M FY2002 > 1.50 * b@2H02",
    "accept total-mismatch at a@FY03 \"why\"",
])
def test_numbers_and_periods_in_expressions_keep_their_text(line):
    out = formatted(line.replace(" = ", "  =  ").replace(" > ", "   >  ") + "\n")
    assert out == line + "\n"


def test_a_guidance_factor_keeps_its_text():
    out = formatted("""
        guidance "g" given 2003-02
           a@FY2003   ~  1,000 * a@FY02
        """)
    assert out.splitlines()[-1] == "  a@FY2003 ~ 1,000 * a@FY02"


def test_unicode_spaces_at_the_end_of_a_comment_are_text():
    out = formatted("rule a = b   # trailing\u3000\n# own line\u00a0 \t\n")
    assert out == "rule a = b  # trailing\u3000\n# own line\u00a0\n"


def test_the_proof_refuses_a_layout_that_changes_a_number_in_an_expression(monkeypatch):
    # a layout that prints a period from its value, not its text (as fmt once did)
    monkeypatch.setattr(layout_module, "expression",
                        lambda node, source=None: fmt_expr.expression(node).replace("FY00", "FY2000"))
    output, diagnostics = format_text(ITEMS + "rule a  =  b@FY00\n", "book.iij")
    assert output is None
    assert [d.code for d in diagnostics] == ["fmt-unproven"]
    # the period as written is part of the reference (Ref.written), so the proof may see the
    # declaration change before it compares the texts of figures
    message = diagnostics[0].message
    assert "('FY00' becomes 'FY2000')" in message or "changes declaration 7 of 7" in message


def test_the_proof_refuses_a_layout_that_changes_a_comment(monkeypatch):
    monkeypatch.setattr(layout_module, "BLANKS", None)  # str.rstrip(None): every Unicode space
    output, diagnostics = format_text(ITEMS + "rule a  =  b  # note\u3000\n", "book.iij")
    assert output is None
    assert [d.code for d in diagnostics] == ["fmt-unproven"]


def test_a_long_label_does_not_push_its_unit_out_of_line():
    """Issue #11: the unit column of a paragraph holds, however long one label is."""
    out, diagnostics = format_text(PRELUDE + textwrap.dedent("""
        item a "A" JPY flow
        item minority "Minority interests in consolidated subsidiaries and more" JPY flow credit
        item b "B" JPY flow
        """), "book.iij")
    assert diagnostics == []
    rows = out.splitlines()[-3:]
    assert len({row.index(" JPY flow") for row in rows}) == 1, rows


def run_fmt(*args: str) -> tuple[int, str, str]:
    result = subprocess.run([sys.executable, "-m", "ledgerlang", "fmt", *args], capture_output=True, text=True,
                            timeout=60, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    return result.returncode, result.stdout, result.stderr


def test_a_symlink_stays_a_symlink_and_its_target_is_formatted(tmp_path):
    target = tmp_path / "real.iij"
    target.write_text(MESSY, encoding="utf-8")
    os.chmod(target, 0o640)
    link = tmp_path / "link.iij"
    os.symlink("real.iij", link)
    status, _, _ = run_fmt(str(link))
    assert status == 0
    assert link.is_symlink() and os.readlink(link) == "real.iij"
    assert target.read_text(encoding="utf-8") == format_text(MESSY, "real.iij")[0] != MESSY
    assert os.stat(target).st_mode & 0o777 == 0o640


def test_a_file_with_hard_links_is_refused_and_left_alone(tmp_path):
    first = tmp_path / "a.iij"
    first.write_text(MESSY, encoding="utf-8")
    os.link(first, tmp_path / "b.iij")
    status, _, err = run_fmt(str(first))
    assert status == 2
    assert "has 2 hard links" in err
    assert "fmt: 0 files reformatted, 0 unchanged, 1 not written" in err
    assert first.read_text(encoding="utf-8") == MESSY and os.stat(first).st_nlink == 2


def test_a_failed_write_is_not_counted_as_reformatted(tmp_path, monkeypatch, capsys):
    path = tmp_path / "book.iij"
    path.write_text(MESSY, encoding="utf-8")

    def full_disk(*args):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(os, "replace", full_disk)
    assert main(["fmt", str(path)]) == 2
    err = capsys.readouterr().err
    assert "not written: No space left on device" in err
    assert "fmt: 0 files reformatted, 0 unchanged, 1 not written" in err
    assert path.read_text(encoding="utf-8") == MESSY
    assert [p.name for p in tmp_path.iterdir()] == ["book.iij"]


def test_sigterm_during_a_write_leaves_no_temporary_file(tmp_path):
    path = tmp_path / "book.iij"
    path.write_text(MESSY, encoding="utf-8")
    script = (
        "import os, signal, sys\n"
        "from ledgerlang.cli.main import main\n"
        "os.fsync = lambda fd: os.kill(os.getpid(), signal.SIGTERM)\n"
        "sys.exit(main(['fmt', sys.argv[1]]))\n")
    result = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True, text=True, timeout=60,
                            env=dict(os.environ, PYTHONPATH=str(ROOT)))
    assert result.returncode == 128 + 15
    assert [p.name for p in tmp_path.iterdir()] == ["book.iij"]
    assert path.read_text(encoding="utf-8") == MESSY


def test_temporary_files_of_a_killed_fmt_are_removed_and_no_others(tmp_path):
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    path = tmp_path / "book.iij"
    path.write_text(MESSY, encoding="utf-8")
    stale = tmp_path / f".book.iij{TEMPORARY}{gone.pid}-k2j3h4.tmp"
    stale.write_text("half a book", encoding="utf-8")
    live = tmp_path / f".book.iij{TEMPORARY}{os.getpid()}-a1b2c3.tmp"  # a fmt still running
    live.write_text("being written", encoding="utf-8")
    foreign = tmp_path / ".book.iij.x8y9z0.tmp"  # another tool's name
    foreign.write_text("not ours", encoding="utf-8")
    status, out, _ = run_fmt(str(path))
    assert status == 0 and "reformatted" in out
    assert not stale.exists()
    assert live.exists() and foreign.exists()


def test_fmt_diff_exits_1_and_ends_its_diff_with_a_line_end(tmp_path):
    path = tmp_path / "book.iij"
    path.write_text(MESSY.rstrip("\n"), encoding="utf-8")  # no newline at the end
    status, out, err = run_fmt("--diff", str(path))
    assert status == 1
    assert out.endswith("\n") and "\\ No newline at end of file\n" in out
    assert err == "fmt: 1 file would be reformatted, 0 unchanged\n"


def test_a_byte_order_mark_is_kept_and_is_no_change_of_its_own(tmp_path):
    """A book saved with a BOM (as some Windows editors save UTF-8) keeps it when reformatted;
    a formatted one is unchanged, as `fmt --check` says."""
    path = tmp_path / "book.iij"
    path.write_bytes(b"\xef\xbb\xbf" + MESSY.encode("utf-8"))
    status, _, _ = run_fmt(str(path))
    data = path.read_bytes()
    assert status == 0 and data.startswith(b"\xef\xbb\xbf") and not data.startswith(b"\xef\xbb\xbf" * 2)
    assert data[3:].decode("utf-8") == format_text(MESSY, "book.iij")[0]
    assert run_fmt("--check", str(path)) == (0, "", "fmt: 0 files would be reformatted, 1 unchanged\n")
    path.write_bytes(data[3:])  # and without one, none is added
    assert run_fmt("--check", str(path))[0] == 0 and not path.read_bytes().startswith(b"\xef\xbb\xbf")
