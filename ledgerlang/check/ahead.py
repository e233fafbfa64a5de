"""The joint pass on a second core: its network built while the pairwise checks run.

On a book of FORK_FIGURES printed figures or more, where the process may
run on two cores or more, can fork, and has the memory a worker takes
(`_room`), the commands that check a ledger
(through load.run: check, eval, report, diff, explain) fork once it is
evaluated. The child builds the joint network (check/network.py) from the
book and evaluation it shares with the parent, copy-on-write, and revises
ahead, while the parent runs the pairwise checks; the parent then sends
their diagnostics down a pipe, and the child runs the rest of the joint pass
and sends back the notes it adds to them and its own findings. Nothing of
the book crosses the pipe: a diagnostic's span is named by its id(), which
the child's copy of the book shares. The result is the one `joint.check`
gives in one process (tests/check/test_ahead.py).

A book below FORK_FIGURES is checked in one process, but its culprit searches,
each independent of the others, are shared with a forked process (`in_two`):
the two take them in turn from a queue, and the forked one sends back what it
found.

`LEDGERLANG_WORKERS=0` keeps the whole check in one process.
"""

from __future__ import annotations

import os

from ledgerlang.check import joint
from ledgerlang.model import record

FORK_FIGURES = 5_000  # below this the fork costs as much as it saves (README, "The joint pass on a second core")
# Below FORK_FIGURES, where no worker is forked, the culprit searches are shared with a second
# process (`in_two`) from SHARE_SEARCHES of them, and one more for every FIGURES_PER_SEARCH printed
# figures: forking a larger process, and the page faults both sides take after it, cost more, and
# each side reads back only the revisions it made itself (propagate.py `Network.revised`). Measured
# (in-process, the searches cut short at each count): the IIJ ledger's 894 figures break even at
# about 12 searches, a generated book of 4,024 at about 20. In a worker they are not shared: from
# 20,000 figures, forking a process that large and the page faults after it cost more than half
# the searches save.
SHARE_SEARCHES = 12
FIGURES_PER_SEARCH = 500
VARIABLE = "LEDGERLANG_WORKERS"


class WorkerBug(RuntimeError):
    """An exception in the joint pass's worker: a bug in ledgerlang, with the worker's traceback."""


def worth_it(book) -> bool:
    return len(book.facts) + len(book.measured) >= FORK_FIGURES and _second_core() and _room()


# The worker shares this process's pages, but reading an object writes its reference count, and a
# page either side writes to is copied: by the end the worker holds a copy of nearly every page it
# shares, and its network besides, about 1.35 times this process's resident memory at the fork on
# the 1M book (README, "The joint pass on a second core"). It is forked only where the machine, or
# the memory limit this process runs under, has ROOM times that to spare; else one process does it
# all, 2.5 to 5 seconds slower at a million figures (by the machine) and about 565 MiB smaller.
ROOM = 2


def _room() -> bool:
    """Whether a worker's memory can be had: ROOM times this process's resident memory (True
    where the system does not say)."""
    available, resident = _available(), _resident()
    return available is None or resident is None or available >= ROOM * resident


def _resident() -> int | None:
    """This process's resident memory in bytes (Linux's /proc/self/statm); None where unknown."""
    try:
        with open("/proc/self/statm", "rb") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


def _available() -> int | None:
    """The bytes this process could still have: the system's available memory (Linux's
    MemAvailable), or less where a memory limit (a container's cgroup, v2 or v1) leaves less;
    None where the system does not say."""
    found = None
    try:
        with open("/proc/meminfo", "rb") as f:
            for line in f:
                if line.startswith(b"MemAvailable:"):
                    found = int(line.split()[1]) * 1024
                    break
    except (OSError, ValueError, IndexError):
        pass
    for limit, usage in (("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory.current"),
                         ("/sys/fs/cgroup/memory/memory.limit_in_bytes", "/sys/fs/cgroup/memory/memory.usage_in_bytes")):
        try:
            with open(limit, "rb") as f:
                most = f.read().strip()
            if most == b"max":
                break
            with open(usage, "rb") as f:
                left = int(most) - int(f.read())
        except (OSError, ValueError):
            continue
        if int(most) < 1 << 60:  # v1 writes no limit as the largest page-aligned 64-bit number
            found = left if found is None else min(found, left)
        break
    return found


def _second_core() -> bool:
    """Whether a forked process can run beside this one: a platform that forks, two cores or
    more for this process, and no `LEDGERLANG_WORKERS=0`."""
    if os.environ.get(VARIABLE, "") == "0" or not hasattr(os, "fork"):
        return False
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return cores >= 2


class Ahead:
    """The worker building the network; `finish` hands it the pairwise diagnostics and takes its result."""

    def __init__(self, pid: int, down: int, up: int) -> None:
        self.pid, self.down, self.up = pid, down, up

    @classmethod
    def start(cls, book, evaluation) -> Ahead:
        """Fork the worker; OSError where no pipe or process can be had (nothing is left open)."""
        # What the two sides use to talk, imported here, before the fork: a check that never
        # forks does without them (0.7 ms of start-up; see `_talk`).
        import select  # noqa: F401 - for the worker, at once

        pickle, signal = _talk()
        _reap(wait=False)  # the workers of earlier checks (a library's caller), if they are done
        opened: list[int] = []
        try:
            down_read, down = os.pipe()
            opened += (down_read, down)
            up, up_write = os.pipe()
            opened += (up, up_write)
            pid = os.fork()
        except OSError:
            for fd in opened:
                os.close(fd)
            raise
        if pid == 0:  # the worker: never returns
            # Ctrl-C is the parent's to handle: it stops and reaps the worker (`abandon`).
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            os.close(down)
            os.close(up)
            _work(book, evaluation, down_read, up_write)
        os.close(down_read)
        os.close(up_write)
        return cls(pid, down, up)

    def finish(self, found: list) -> list | None:
        """joint.check(book, evaluation, found), from the worker; None where the worker was
        killed from outside (the out-of-memory killer, say) before it answered: the caller
        then runs the pass itself."""
        pickle, _ = _talk()
        message = pickle.dumps((found, joint.span_ids(found)), _PROTOCOL)
        try:
            try:
                with os.fdopen(self.down, "wb") as pipe:
                    self.down = None
                    pipe.write(message)
            except BrokenPipeError:  # the worker is gone: what it left, if anything, says why
                pass
            with os.fdopen(self.up, "rb") as pipe:
                self.up = None
                reply = pipe.read()
            # With its answer read, the worker only has its memory to give back (37 ms at 1M):
            # it is reaped as this process ends, not waited for here (`_reap`).
            status = _reaped(self.pid, wait=not reply)
            self.pid = None
        finally:
            self.abandon()
        if not reply:
            if os.WIFSIGNALED(status):
                return None
            raise WorkerBug("the joint pass's worker process ended without a result")
        reply = pickle.loads(reply)
        if reply[0] == "bug":
            _reap()  # nothing left behind a bug's report
            raise WorkerBug(f"in the joint pass's worker process:\n{reply[1]}")
        _, added, findings = reply
        return [record.evolve(d, notes=d.notes + notes) if notes else d for d, notes in zip(found, added)] + findings

    def abandon(self) -> None:
        """Close the pipes, and stop and reap the worker if it is still there."""
        for fd in (self.down, self.up):
            if fd is not None:
                os.close(fd)
        self.down = self.up = None
        if self.pid is not None:
            _stop(self.pid)
            self.pid = None


def sharing(book, searches: int) -> bool:
    """Whether `searches` culprit searches in `book`, checked in one process, are worth sharing
    with a second one (`in_two`)."""
    figures = len(book.facts) + len(book.measured)
    return (searches >= SHARE_SEARCHES + figures // FIGURES_PER_SEARCH and figures < FORK_FIGURES
            and _second_core())


def in_two(items: list, run, *args) -> list:
    """[run(item, *args) for item in items], shared with a forked process.

    The two take the items in turn from a queue (a pipe each reads an item's number from,
    so a long search on one side leaves the rest to the other). The forked process shares
    everything `run` reads with this one, copy-on-write, and sends back only what `run`
    returns for its items, pickled. Where no process can be had, or it is killed from
    outside before it answers, this process runs the items it left; an exception in it is
    a bug, raised here as WorkerBug with its traceback."""
    pickle, signal = _talk()
    _reap(wait=False)
    if len(items) >= 1 << 8 * _SIZE:  # more than their numbers can count
        return [run(item, *args) for item in items]
    numbers = b"".join(n.to_bytes(_SIZE, "little") for n in range(len(items)))
    opened: list[int] = []
    try:
        # Every number is in the pipe before the fork, and its writing end is closed on both
        # sides after: an empty read is the end of the queue. A pipe holds 4 KiB at least, 2,048
        # numbers (the joint pass shares at most 500); one too small for them is not waited on.
        queue, fill = os.pipe()
        opened += (queue, fill)
        os.set_blocking(fill, False)
        if os.write(fill, numbers) != len(numbers):
            raise BlockingIOError
        read, write = os.pipe()
        opened += (read, write)
        pid = os.fork()
    except OSError:  # BlockingIOError included: the items are run here, one process
        for fd in opened:
            os.close(fd)
        return [run(item, *args) for item in items]
    os.close(fill)
    if pid == 0:  # the forked process: never returns
        try:
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the process that forked it
            os.close(read)
            try:
                reply = ("ok", _take(queue, items, run, args))
            except BaseException:  # noqa: BLE001 - sent back, and reported there as a bug
                reply = ("bug", _traceback())
            with os.fdopen(write, "wb") as pipe:
                pipe.write(pickle.dumps(reply, _PROTOCOL))
        finally:
            os._exit(0)  # no atexit handlers, no flushing the buffers it shares
    os.close(write)
    try:
        mine = _take(queue, items, run, args)
        with os.fdopen(read, "rb") as pipe:
            read = None
            message = pipe.read()
        status = _reaped(pid, wait=not message)
        pid = None
    finally:
        os.close(queue)
        if read is not None:
            os.close(read)
        if pid is not None:  # this side failed or was interrupted: stop the other and reap it
            _stop(pid)
    if message:
        reply = pickle.loads(message)
        if reply[0] == "bug":
            _reap()
            raise WorkerBug(f"in a process sharing the culprit searches:\n{reply[1]}")
        mine.update(reply[1])
    elif not os.WIFSIGNALED(status):
        raise WorkerBug("a process sharing the culprit searches ended without a result")
    # killed from outside (the out-of-memory killer, say): what it took is done here
    return [mine[n] if n in mine else run(item, *args) for n, item in enumerate(items)]


_SIZE = 2  # bytes of an item's number in in_two's queue


def _talk():
    """The pickle and signal functions the two sides use: the C modules behind `pickle` and
    `signal` (whose `dumps`, `loads` and `signal` are theirs), without the Python modules around
    them, which add 1.0 and 0.7 ms of imports (pickle's struct and compatibility tables, signal's
    enums) to a forking check's way to the fork; the modules themselves where an interpreter has
    no such C module."""
    try:
        import _pickle as pickle
    except ImportError:
        import pickle
    try:
        import _signal as signal
    except ImportError:
        import signal
    return pickle, signal


_PROTOCOL = 5  # pickle.HIGHEST_PROTOCOL in every Python ledgerlang runs on (the two sides are one interpreter)
_unreaped: list[int] = []  # forked processes that had answered, but not yet ended, when last asked
_reaping_at_exit = False  # whether `_reap` is to run as this process ends


def _reaped(pid: int, wait: bool) -> int:
    """A forked process's wait status, once it has ended; with `wait` false, where it has sent its
    answer, 0 if it is still giving its memory back: it is then reaped later (`_reap`), without
    this process waiting for it."""
    if wait:
        return os.waitpid(pid, 0)[1]
    ended, status = os.waitpid(pid, os.WNOHANG)
    if ended:
        return status
    global _reaping_at_exit
    if not _reaping_at_exit:
        from ledgerlang import cache

        cache.at_exit(_reap)  # `ledger` ends with os._exit: what is left is reaped before it
        _reaping_at_exit = True
    _unreaped.append(pid)
    return 0


def _reap(wait: bool = True) -> None:
    """Reap the forked processes `_reaped` left (`wait`: all of them, as this process ends, so
    that none outlives it and the resources it used are counted as its children's; else those
    that have ended, when the next one is forked)."""
    for pid in list(_unreaped):
        try:
            ended, _ = os.waitpid(pid, 0 if wait else os.WNOHANG)
        except ChildProcessError:  # reaped already, elsewhere
            ended = pid
        if ended:
            _unreaped.remove(pid)


def _stop(pid: int) -> None:
    """Kill a forked process and reap it, if it is still there."""
    _, signal = _talk()
    try:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except (ProcessLookupError, ChildProcessError):
        pass


def _take(queue: int, items: list, run, args) -> dict:
    """Run the items whose numbers this process reads from the queue, to its end: {number: result}."""
    done = {}
    while True:
        taken = os.read(queue, _SIZE)  # a read of a pipe is whole: the other side takes the next
        if not taken:
            return done
        n = int.from_bytes(taken, "little")
        done[n] = run(items[n], *args)


def _work(book, evaluation, down: int, up: int) -> None:
    import select

    pickle, _ = _talk()
    try:
        network = failed = None
        try:
            # Revise ahead until the pairwise diagnostics come: each relation's first revision,
            # read back by the solves that follow (propagate.Network.first_wave).
            # The worker's copy of the evaluation is let go once the network is built: at a
            # million figures its values and figures by key leave about 80 MiB that the first
            # revisions then take, instead of growing the worker (README, "Where the time goes now").
            network = joint.build(book, evaluation, ahead=True, release=True,
                                  stop=lambda: bool(select.select([down], [], [], 0)[0]))
        except BaseException:  # noqa: BLE001 - sent to the parent, which reports it as a bug
            failed = _traceback()
        # Everything the parent sends is read before anything is sent back: two full pipes,
        # each side writing, would wait for each other for ever.
        with os.fdopen(down, "rb") as pipe:
            message = pipe.read()
        if not message:  # the parent stopped before the pairwise checks were done
            os._exit(0)
        if failed is None:
            try:
                found, spans = pickle.loads(message)
                result = joint.check(book, evaluation, found, network=network, spans=spans)
                reply = ("ok", [after.notes[len(before.notes):] for before, after in zip(found, result)],
                         result[len(found):])
            except BaseException:  # noqa: BLE001 - as above
                reply = ("bug", _traceback())
        else:
            reply = ("bug", failed)
        with os.fdopen(up, "wb") as pipe:
            pipe.write(pickle.dumps(reply, _PROTOCOL))
    finally:
        os._exit(0)  # no atexit handlers, no flushing the parent's buffers


def _traceback() -> str:
    """The exception being handled, as Python prints it: imported only then (traceback
    brings tokenize and linecache, ~2.5 ms on the way to the network, in every worker)."""
    import traceback

    return traceback.format_exc()
