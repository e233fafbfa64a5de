"""The joint pass on a second core (check/ahead.py) gives what one process gives.

A large book forks once it is evaluated: the worker builds the joint network while
the pairwise checks run, and finishes the joint pass on their diagnostics. Here the
threshold is lowered so the bundled books fork, and every diagnostic (culprit notes,
joint findings, acknowledgements) is compared with the check run in one process.
"""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys

import pytest

from ledgerlang.check import ahead, check_counted, joint, rules
from ledgerlang.cli.main import BUG, main
from ledgerlang.evaluate.compute import evaluate
from ledgerlang.load import load_paths
from support import ROOT

IIJ = [str(ROOT / "books" / "iij" / name) for name in
       ("iij.iij", "iij-1q03-earnings-release.iij", "iij-3q02-investor-presentation.iij")]


@pytest.fixture
def forking(monkeypatch):
    """Every book forks, on any machine; the workers started are listed."""
    started = []
    start = ahead.Ahead.start.__func__

    def counted(cls, book, evaluation):
        worker = start(cls, book, evaluation)
        started.append(worker.pid)
        return worker

    monkeypatch.setattr(ahead, "worth_it", lambda book: True)
    monkeypatch.setattr(ahead.Ahead, "start", classmethod(counted))
    return started


def _checked(paths, fork: bool):
    book, _ = load_paths(paths)
    evaluation, _ = evaluate(book)
    return check_counted(book, evaluation, fork=fork)


def test_the_iij_ledger_checked_with_a_worker_is_checked_as_in_one_process(forking):
    alone, counts = _checked(IIJ, fork=False)
    assert not forking
    shared, shared_counts = _checked(IIJ, fork=True)
    assert len(forking) == 1
    assert shared == alone and shared_counts == counts
    # what the worker adds is there: culprit notes, and the joint finding of the per-share figure
    assert any(note.startswith("culprit:") for d in shared for note in d.notes)
    assert any(d.code == joint.CODE for d in shared)


def test_a_generated_book_checked_with_a_worker_is_checked_as_in_one_process(forking, tmp_path):
    subprocess.run([sys.executable, "bench/generate.py", "3000", "--out", str(tmp_path)], cwd=ROOT, check=True,
                   capture_output=True)
    alone, _ = _checked([str(tmp_path / "book.iij")], fork=False)
    shared, _ = _checked([str(tmp_path / "book.iij")], fork=True)
    assert forking and shared == alone
    assert sum(d.counts_as_error for d in shared) >= 6  # the generator's deliberate violations


def test_a_bug_in_the_worker_is_reported_as_a_bug(forking, monkeypatch, capsys):
    def broken(*args, **kwargs):
        raise ZeroDivisionError("a bug planted in the joint pass")

    monkeypatch.setattr(joint, "check", broken)  # the worker, forked from here, has it too
    with pytest.raises(ahead.WorkerBug, match="a bug planted in the joint pass"):
        _checked(IIJ, fork=True)
    assert main(["check", *IIJ]) == BUG
    assert "internal error, a bug in ledgerlang" in capsys.readouterr().err


def test_the_worker_is_stopped_and_reaped_when_the_pairwise_checks_fail(forking, monkeypatch):
    def broken(*args, **kwargs):
        raise KeyError("a bug planted in the rule checks")

    monkeypatch.setattr("ledgerlang.check.CHECKS", (rules.check, broken))
    with pytest.raises(KeyError):
        _checked(IIJ, fork=True)
    (pid,) = forking
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)  # gone, and no zombie left to signal


def test_a_small_book_or_the_variable_keeps_one_process(monkeypatch):
    book, _ = load_paths(IIJ)
    assert not ahead.worth_it(book)  # a few hundred figures: the fork would cost more than it saves
    monkeypatch.setattr(ahead, "FORK_FIGURES", 0)
    monkeypatch.setenv(ahead.VARIABLE, "0")
    assert not ahead.worth_it(book)


def test_a_machine_short_of_memory_keeps_one_process(monkeypatch, tmp_path):
    """The worker ends up with a copy of most of this process's pages: it is forked only where twice
    this process's resident memory is there to spare, and the check is the same either way."""
    subprocess.run([sys.executable, "bench/generate.py", "6000", "--out", str(tmp_path)], cwd=ROOT, check=True,
                   capture_output=True)
    book, _ = load_paths([str(tmp_path / "book.iij")])
    monkeypatch.setattr(ahead, "_second_core", lambda: True)
    assert len(book.facts) + len(book.measured) >= ahead.FORK_FIGURES
    resident = ahead._resident()
    assert resident > 0
    monkeypatch.setattr(ahead, "_available", lambda: 2 * resident + (1 << 30))
    assert ahead.worth_it(book)
    monkeypatch.setattr(ahead, "_available", lambda: resident)
    assert not ahead.worth_it(book)

    started = []
    monkeypatch.setattr(ahead.Ahead, "start", classmethod(lambda cls, *args: started.append(args)))
    evaluation, _ = evaluate(book)
    short = check_counted(book, evaluation, fork=True)
    assert not started  # one process did it all
    monkeypatch.setenv(ahead.VARIABLE, "0")
    assert short == check_counted(book, evaluation, fork=True)


def test_the_memory_left_is_read_from_the_system():
    available = ahead._available()
    if not os.path.exists("/proc/meminfo"):
        assert available is None
        return
    with open("/proc/meminfo") as f:
        total = next(int(line.split()[1]) * 1024 for line in f if line.startswith("MemTotal:"))
    assert 0 < available <= total


def test_a_bug_while_the_worker_builds_is_reported_after_a_large_message(forking, monkeypatch):
    # The worker fails before it reads anything, with more to say than a pipe holds, and the
    # parent has more to send than a pipe holds: the worker must read it all before it
    # answers, or each waits for the other for ever.
    def broken(*args, **kwargs):
        raise MemoryError("a bug planted in the network's build " + "x" * 100_000)

    monkeypatch.setattr(joint, "build", broken)
    book, _ = load_paths(IIJ)
    evaluation, _ = evaluate(book)
    worker = ahead.Ahead.start(book, evaluation)
    found = check_counted(book, evaluation)[0] * 200  # well over 64 KiB pickled

    def stuck(*args):
        raise TimeoutError("the parent and its worker wait for each other")

    previous = signal.signal(signal.SIGALRM, stuck)
    signal.alarm(30)
    try:
        with pytest.raises(ahead.WorkerBug, match="a bug planted in the network's build"):
            worker.finish(found)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    with pytest.raises(ProcessLookupError):
        os.kill(forking[0], 0)


def test_no_process_to_be_had_keeps_one_process(forking, monkeypatch):
    # A process limit reached (EAGAIN): the check runs as it does in one process, with no
    # descriptor left open.
    alone, counts = _checked(IIJ, fork=False)
    before = len(os.listdir("/proc/self/fd"))

    def refused():
        raise OSError(errno.EAGAIN, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", refused)
    assert _checked(IIJ, fork=True) == (alone, counts)
    assert len(os.listdir("/proc/self/fd")) == before


def test_a_worker_killed_from_outside_leaves_the_pass_to_the_parent(forking, monkeypatch):
    # The out-of-memory killer takes the worker: the parent runs the joint pass itself.
    alone, counts = _checked(IIJ, fork=False)

    def killed(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGKILL)

    monkeypatch.setattr(joint, "build", killed)  # only the worker builds through joint.build
    assert _checked(IIJ, fork=True) == (alone, counts)
    assert len(forking) == 1


def test_a_worker_still_ending_is_reaped_later_not_waited_for(forking, monkeypatch):
    # A worker that has answered but not yet ended (giving its memory back) is not waited for:
    # it is reaped when the next one is forked, or as the process ends.
    alone, _ = _checked(IIJ, fork=False)
    waited = []
    waitpid = os.waitpid

    def unfinished(pid, options):
        if options & os.WNOHANG and pid in forking:
            waited.append(pid)
            return 0, 0  # as a worker still ending answers
        return waitpid(pid, options)

    monkeypatch.setattr(os, "waitpid", unfinished)
    assert _checked(IIJ, fork=True)[0] == alone
    assert waited == forking and ahead._unreaped == forking
    monkeypatch.setattr(os, "waitpid", waitpid)
    ahead._reap()
    assert ahead._unreaped == []
    with pytest.raises(ProcessLookupError):
        os.kill(forking[0], 0)  # reaped: no zombie left


def test_ledger_check_ends_with_no_worker_left(tmp_path):
    # The real command, with a worker that takes half a second to end after it has answered:
    # the output comes first, and the worker is reaped before the process ends (so that what it
    # used is counted as its parent's children's, as a benchmark measures it).
    script = tmp_path / "run.py"
    script.write_text(f"""
import os, sys, time
from ledgerlang.check import ahead
ahead.worth_it = lambda book: True
parent, exit_ = os.getpid(), os._exit

def ending(status):
    if os.getpid() != parent:
        time.sleep(0.5)  # the worker, giving its memory back slowly
        exit_(status)
    try:
        os.waitpid(-1, os.WNOHANG)
        print("a child left", file=sys.stderr)
    except ChildProcessError:
        print("no child left", file=sys.stderr)
    exit_(status)

os._exit = ending
sys.argv = ["ledger", "check", *{IIJ!r}]
from ledgerlang.cli.main import command
command()
""")
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=60)
    assert done.stderr.strip().splitlines()[-1] == "no child left", done.stderr
    assert "culprit:" in done.stdout and done.returncode == 0  # the IIJ ledger's errors are acknowledged


def test_a_restated_book_checked_with_a_worker_is_checked_as_in_one_process(forking, tmp_path):
    """A worker uses up its copy of the evaluation (`release`): the figures a restatement
    replaced (`superseded`) are still read while the network is built, and the result is one
    process's, its wrong change against the restated figure found by both."""
    from check.test_restated import FY2014, FY2015, ITEMS

    from support import PRELUDE

    path = tmp_path / "restated.iij"
    path.write_text(PRELUDE + ITEMS + FY2014 + FY2015.replace("7.1%", "5.0%"))
    alone, _ = _checked([str(path)], fork=False)
    shared, _ = _checked([str(path)], fork=True)
    assert forking and shared == alone
    assert [d.code for d in shared if d.counts_as_error] == ["change-mismatch"]


@pytest.mark.parametrize("book", ["iij", "generated", "restated"])
def test_a_check_in_one_process_letting_go_of_its_evaluation_finds_the_same(book, monkeypatch, tmp_path):
    """`ledger check` reads nothing of the evaluation after the checks: in one process the joint
    pass lets go of its values and figures once its network is built (`release`), as a worker
    does, and finds what it finds holding them."""
    from check.test_restated import FY2014, FY2015, ITEMS

    from support import PRELUDE

    monkeypatch.setenv(ahead.VARIABLE, "0")
    if book == "iij":
        paths = IIJ
    elif book == "generated":
        subprocess.run([sys.executable, "bench/generate.py", "3000", "--out", str(tmp_path)], cwd=ROOT, check=True,
                       capture_output=True)
        paths = [str(tmp_path / "book.iij")]
    else:
        (tmp_path / "restated.iij").write_text(PRELUDE + ITEMS + FY2014 + FY2015.replace("7.1%", "5.0%"))
        paths = [str(tmp_path / "restated.iij")]
    found = []
    for release in (False, True):
        loaded, _ = load_paths(paths)
        evaluation, _ = evaluate(loaded)
        found.append(check_counted(loaded, evaluation, fork=True, release=release))
        assert (evaluation.values is None) == release
    assert found[0] == found[1]
    assert any(d.code == joint.CODE if book == "iij" else d.counts_as_error for d in found[1][0])  # errors, not none


def test_a_joint_finding_settles_the_coverage_as_in_one_process(forking, tmp_path):
    """The worker's joint finding names figures no pairwise check decided: the parent counts them
    checked and takes them out of the not-checkable note, as one process does."""
    path = tmp_path / "book.iij"
    path.write_text("""entity acme "Acme Corp."
  fiscal year ends 03-31
currency JPY
unit staff
item op "Operating income" JPY flow
item rev "Revenues" JPY flow
item margin "Margin" % flow = op / rev
item people "Employees" staff flow
table "T" in JPY millions
  columns 1Q03
  op 5
  rev 0
  margin 10%
  people 12
""")
    alone, counts = _checked([str(path)], fork=False)
    shared, shared_counts = _checked([str(path)], fork=True)
    assert len(forking) == 1
    assert shared == alone and shared_counts == counts
    assert (counts.checked, counts.not_checkable, len(counts.unchecked)) == (3, 1, 1)
    assert len(shared_counts.unchecked) == 1
    assert sorted(d.code for d in shared) == ["joint-inconsistent", "not-checkable"]
