"""Culprit searches shared with a second process (check/ahead.py `in_two`) give what one process gives.

A book too small for the joint pass's worker is checked in one process; its culprit
searches, each independent of the others, are shared with a forked process that takes
them in turn from a queue. Here the IIJ ledger (some thirty errors acknowledged with
their culprit notes) is checked both ways, and `in_two` is run on items whose every
outcome is known: a bug on the other side, that side killed, this side failing, no
process to be had.
"""

from __future__ import annotations

import errno
import os
import signal
import time
from types import SimpleNamespace

import pytest

from ledgerlang.check import ahead, check_counted
from ledgerlang.evaluate.compute import evaluate
from ledgerlang.load import load_paths
from support import ROOT

IIJ = [str(ROOT / "books" / "iij" / name) for name in
       ("iij.iij", "iij-1q03-earnings-release.iij", "iij-3q02-investor-presentation.iij")]


@pytest.fixture
def two_cores(monkeypatch):
    """A second core on any machine, and the calls to in_two listed by their item counts."""
    shared = []
    in_two = ahead.in_two

    def counted(items, run, *args):
        shared.append(len(items))
        return in_two(items, run, *args)

    monkeypatch.delenv(ahead.VARIABLE, raising=False)
    monkeypatch.setattr(ahead, "_second_core", lambda: True)
    monkeypatch.setattr(ahead, "in_two", counted)
    return shared


def _checked(fork: bool):
    book, _ = load_paths(IIJ)
    evaluation, _ = evaluate(book)
    return check_counted(book, evaluation, fork=fork)


def test_the_iij_ledgers_culprits_found_in_two_processes_are_those_found_in_one(two_cores):
    alone = _checked(fork=False)
    assert not two_cores
    shared = _checked(fork=True)
    assert len(two_cores) == 1 and two_cores[0] > ahead.SHARE_SEARCHES  # the searches went through the queue
    assert shared == alone
    assert sum(d.notes[-1].startswith("acknowledged") and any(n.startswith("culprit:") for n in d.notes)
               for d in shared[0]) >= two_cores[0] - 1


def test_which_checks_share_their_searches(monkeypatch):
    monkeypatch.setattr(ahead, "_second_core", lambda: True)
    book, _ = load_paths(IIJ)
    assert ahead.sharing(book, 30)
    assert not ahead.sharing(book, ahead.SHARE_SEARCHES - 1)  # too few to pay for a process
    # A larger book costs more to fork: 894 figures share from 13 searches, 4,024 from 20.
    assert ahead.sharing(book, 13) and not ahead.sharing(book, 12)
    larger = SimpleNamespace(facts=range(4_000), measured=range(24))
    assert ahead.sharing(larger, 20) and not ahead.sharing(larger, 19)
    monkeypatch.setattr(ahead, "FORK_FIGURES", 100)
    assert not ahead.sharing(book, 30)  # a book that large has its worker, which searches alone
    monkeypatch.undo()
    monkeypatch.setenv(ahead.VARIABLE, "0")
    assert not ahead.sharing(book, 30)


def _slow_here(parent: int, seconds: float):
    """An item's square, and the process that worked it out; slow on the side that forked, and
    half as slow on the other (which, never waiting, could take every item before the parent
    took its first on a busy machine)."""
    def run(item):
        time.sleep(seconds if os.getpid() == parent else seconds / 2)
        return item * item, os.getpid()
    return run


def test_the_two_processes_share_the_items_and_the_results_keep_their_order():
    parent = os.getpid()
    results = ahead.in_two(list(range(40)), _slow_here(parent, 0.02))
    assert [value for value, _ in results] == [n * n for n in range(40)]
    workers = {pid for _, pid in results}
    assert parent in workers and len(workers) == 2  # each side took some from the queue


def test_a_bug_on_the_other_side_is_raised_as_a_bug():
    parent = os.getpid()

    def run(item):
        if os.getpid() != parent:
            raise ZeroDivisionError("a bug planted in a shared search")
        time.sleep(0.05)  # leaves the queue to the other side long enough to reach the bug
        return item

    with pytest.raises(ahead.WorkerBug, match="a bug planted in a shared search"):
        ahead.in_two(list(range(10)), run)


def test_the_other_side_killed_from_outside_leaves_its_items_to_this_one():
    parent = os.getpid()

    def run(item):
        if os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)  # as the out-of-memory killer would
        time.sleep(0.02)
        return item + 1

    assert ahead.in_two(list(range(10)), run) == list(range(1, 11))


def test_this_side_failing_stops_and_reaps_the_other(tmp_path):
    parent = os.getpid()
    started = tmp_path / "started"

    def run(item):
        if os.getpid() != parent:
            # written whole, then named: this side may read it as soon as the name is there
            (tmp_path / "starting").write_text(str(os.getpid()))
            os.rename(tmp_path / "starting", started)
            time.sleep(30)  # still searching when this side fails
            return item
        while not started.exists():
            time.sleep(0.01)
        raise KeyError("a bug planted on this side")

    before = len(os.listdir("/proc/self/fd"))
    with pytest.raises(KeyError):
        ahead.in_two(list(range(4)), run)
    with pytest.raises(ProcessLookupError):
        os.kill(int(started.read_text()), 0)  # gone, and no zombie left to signal
    assert len(os.listdir("/proc/self/fd")) == before


def test_no_process_to_be_had_runs_every_item_here(monkeypatch):
    before = len(os.listdir("/proc/self/fd"))

    def refused():
        raise OSError(errno.EAGAIN, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", refused)
    assert ahead.in_two(list(range(5)), lambda item: (item, os.getpid())) == [(n, os.getpid()) for n in range(5)]
    assert len(os.listdir("/proc/self/fd")) == before
