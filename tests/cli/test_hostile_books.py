"""The reproducers of issue #10's tracebacks, through every command: exit 0, 1 or 2 and never a traceback."""

from __future__ import annotations

import gc

import pytest

from ledgerlang.cli import main
from support import PRELUDE, ledger

ITEMS = ('item rev "Revenue" JPY flow\nitem cash "Cash" JPY stock\nunit sh "shares"\n'
         'item eps "EPS" JPY/sh flow\n')

BOOKS = {
    "guidance factors": 'table "T" in JPY millions\n  columns FY2013 FY2014\n  rev 100 107\n'
                        'guidance "g" given 2013-05\n  rev@FY2014 ~ 107.6% * rev@FY2013\n'
                        '  rev@FY2014 ~ (1.076) * rev@FY2013\n  rev@FY2014 ~ (2) * rev@FY2013\n'
                        '  rev@FY2014 ~ 5% * rev@FY2013\n',
    "a 4,400-digit shift": 'table "T" in JPY millions\n  columns 1Q03\n  rev 1\nrule rev = rev@-' + "9" * 4400 + "y\n",
    "year 0 through open": 'table "T" in JPY millions\n  columns 1Q0000 1Q03\n  cash@open 5 6\n  rev 1 2\n'
                           'statement s "S" in JPY millions\n  columns 1Q0000 1Q03\n  cash@open\n  rev\n',
    "a rule across two thousand years": 'rule cash = cash@-1q\ntable "T" in JPY millions\n'
                                        '  columns 2003-06-30 0003-06-30\n  cash 5 9\n',
    "shifts past the calendar": 'rule rev = rev@+40000q\nrule cash = cash@+99999999999999999999q\n'
                                'table "T" in JPY millions\n  columns 1Q03 2003-06-30\n  rev 1 .\n  cash . 4\n'
                                'claim "c"\n  yoy%(rev@FY0002) = 5%\n',
    "a long rate in a USD column": 'rate usd: 0.001234 JPY per USD on 2003-06-30\ntable "T" in JPY millions\n'
                                   '  columns 1Q03\n  eps 1.12345678901234567890123456789\n'
                                   'statement s "S"\n  columns 1Q03 USD(1Q03)\n  eps\n',
    "a long row ending in a bad cell": 'table "T" in JPY millions\n  columns 1Q03\n  rev' + " 1,234" * 20_000
                                       + " 1x2\n",
    "a figure of 5,005 digits": 'table "T" in JPY millions\n  columns 1Q03\n  rev 3321.' + "0" * 5000 + "1\n",
}

COMMANDS = [("check",), ("check", "--format", "json"), ("eval",), ("eval", "--format", "json"),
            ("eval", "--format", "csv"), ("eval", "--format", "markdown"), ("facts",),
            ("explain", "rev@1Q03"), ("explain", "cash@2003-06-30"), ("fmt", "--check")]


@pytest.fixture
def collector_kept():
    """`main` turns the cycle collector off for its process; in-process here, it is turned back on."""
    enabled = gc.isenabled()
    yield
    if enabled:
        gc.enable()


@pytest.mark.parametrize("name", sorted(BOOKS))
def test_every_command_answers_a_hostile_book_without_a_traceback(tmp_path, monkeypatch, capsys, collector_kept, name):
    """Each reproducer through check, eval in every format, facts, explain and fmt --check (in-process:
    an uncaught exception would be status 3)."""
    monkeypatch.delenv("LEDGERLANG_DEBUG", raising=False)
    path = tmp_path / "book.iij"
    path.write_text(PRELUDE + ITEMS + BOOKS[name], encoding="utf-8")
    for command in COMMANDS:
        argv = [command[0], *command[1:], str(path)] if command[0] == "explain" else [*command, str(path)]
        status = main.main(argv)
        err = capsys.readouterr().err
        assert status in (0, 1, 2), (command, err[-2000:])


def test_the_command_line_prints_no_traceback_for_a_hostile_book(tmp_path):
    """One whole process, as a user runs it: the 4,400-digit shift is a diagnostic on stdout, exit 1."""
    path = tmp_path / "book.iij"
    path.write_text(PRELUDE + ITEMS + BOOKS["a 4,400-digit shift"], encoding="utf-8")
    result = ledger("check", str(path))
    assert result.returncode == 1 and result.stderr == "" and "error[bad-anchor]" in result.stdout
