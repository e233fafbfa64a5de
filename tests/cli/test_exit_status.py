"""An uncaught exception is a bug in ledgerlang: one line and exit status 3, never 1 (issue #10)."""

from __future__ import annotations

import gc

import pytest

from ledgerlang import __version__
from ledgerlang.cli import check_cmd, eval_cmd, main
from support import ROOT


@pytest.fixture(autouse=True)
def collector_kept():
    """`main` turns the cycle collector off for its process; in-process here, it is turned back on."""
    enabled = gc.isenabled()
    yield
    if enabled:
        gc.enable()


def _boom(args):
    raise ZeroDivisionError("a bug")


@pytest.mark.parametrize("module, command", [(check_cmd, "check"), (eval_cmd, "eval")])
def test_a_crash_exits_3_with_one_line_saying_it_is_a_bug(monkeypatch, capsys, module, command):
    """Exit status 3 (1 means errors found), one line naming the version and how to get the traceback."""
    monkeypatch.setattr(module, "run", _boom)
    monkeypatch.delenv("LEDGERLANG_DEBUG", raising=False)
    status = main.main([command, str(ROOT / "books" / "iij")])
    err = capsys.readouterr().err
    assert status == 3
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "bug in ledgerlang" in err and __version__ in err and "ZeroDivisionError" in err
    assert "LEDGERLANG_DEBUG=1" in err and "--debug" in err


def test_debug_shows_the_traceback(monkeypatch):
    """With --debug (or LEDGERLANG_DEBUG=1) the exception propagates, traceback and all."""
    monkeypatch.setattr(check_cmd, "run", _boom)
    with pytest.raises(ZeroDivisionError):
        main.main(["--debug", "check", str(ROOT / "books" / "iij")])
    monkeypatch.setenv("LEDGERLANG_DEBUG", "1")
    with pytest.raises(ZeroDivisionError):
        main.main(["check", str(ROOT / "books" / "iij")])


def test_usage_errors_keep_exit_status_2(capsys):
    """Bad usage is not a bug: status 2, as before."""
    assert main.main(["check", "no/such/book.iij"]) == 2
    assert "no such file" in capsys.readouterr().err
