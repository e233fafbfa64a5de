"""A progress line on standard error while a command works through a large ledger.

A check of a million printed figures takes seconds; a terminal that shows
nothing for that long looks hung. The pipeline names each stage as it starts
(`stage`): reading a file, building the book, evaluating, checking. On a
terminal the line appears once the command has run for DELAY seconds (a small
book finishes first and shows nothing), is redrawn in place with the time so
far every TICK seconds, and is wiped before the command writes its output
(`clear`), so nothing of it stays on the screen or reaches a file. Asked for
where standard error is not a terminal (`ledger --progress`, a CI log), each
stage is one line of its own, with the time it started at.

A library caller (the editor, the tests) sees nothing: `stage` does nothing
until the command line calls `start`.
"""

from __future__ import annotations

import os
import time

from ledgerlang.visible import visible

DELAY = 1.0  # seconds before the line first appears on a terminal (LEDGERLANG_PROGRESS_DELAY)
DELAY_VARIABLE = "LEDGERLANG_PROGRESS_DELAY"
TICK = 0.5  # seconds between redraws of the time on a terminal


class _Line:
    """The line on one file descriptor: in place on a terminal (`live`), else a line per stage."""

    def __init__(self, fd: int, live: bool, delay: float, command: str) -> None:
        self.fd, self.live, self.delay, self.command = fd, live, delay, command
        self.started = time.monotonic()
        self.text = ""  # the current stage
        self.shown = 0  # columns of the screen the line takes now (live)
        self.drawn = ""  # the line last drawn
        self.drawing = False  # a draw is under way (the timer's must not cut into it)
        self.armed = False  # the timer is running (live)
        self.previous = None  # the SIGALRM handler before ours

    def stage(self, text: str) -> None:
        self.text = text = visible(text)  # a file's name may hold control characters
        if not self.live:
            self._write(f"ledger {self.command} ({self._elapsed():.1f} s): {text}\n")
            return
        if self._elapsed() >= self.delay:
            self.draw()
        if not self.armed:
            import signal  # only here: its import builds enums (0.4 ms of every command's start)

            if not hasattr(signal, "setitimer"):
                return
            try:
                self.previous = signal.signal(signal.SIGALRM, self._tick)
            except ValueError:  # not the main thread: the line changes with the stages only
                return
            signal.setitimer(signal.ITIMER_REAL, max(self.delay - self._elapsed(), 0.001), TICK)
            self.armed = True

    def clear(self) -> None:
        """Stop redrawing, and wipe the line: the command's output comes next."""
        if self.armed:
            import signal

            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self.previous if self.previous is not None else signal.SIG_DFL)
            self.armed = False
        if self.shown:
            self._write("\r" + " " * self.shown + "\r")
            self.shown, self.drawn = 0, ""

    def draw(self) -> None:
        self.drawing = True
        try:
            self._draw()
        finally:
            self.drawing = False

    def _draw(self) -> None:
        # The time first: a line cut to the terminal's width loses the end of the stage's name.
        line = f"ledger {self.command} ({self._elapsed():.0f} s): {self.text}"
        if line == self.drawn:
            return
        self.drawn = line
        try:
            width = os.get_terminal_size(self.fd).columns or 80  # a terminal that says 0 has not said
        except OSError:
            width = 80
        line, columns = _cut(line, max(width - 1, 1))  # a line that wrapped could not be redrawn in place
        before = self.shown
        # What a wipe must cover, set before the write: Ctrl-C can land just after it, and the
        # line on the screen is then the longer of the two (the wipe runs from `stop`).
        self.shown = max(before, columns)
        self._write("\r" + line + " " * max(before - columns, 0))
        self.shown = columns

    def _tick(self, signum, frame) -> None:
        if self.text and not self.drawing:  # not in the middle of a draw it interrupted
            self.draw()

    def _elapsed(self) -> float:
        return time.monotonic() - self.started

    def _write(self, text: str) -> None:
        # Straight to the descriptor: the redraw runs in a signal handler, which may interrupt
        # a write through sys.stderr's buffer (re-entering it would raise).
        try:
            os.write(self.fd, text.encode("utf-8", "replace"))
        except OSError:  # standard error closed or full: the line is not worth failing for
            pass


def _cut(line: str, width: int) -> tuple[str, int]:
    """The line cut to `width` columns of the terminal, and the columns it takes: a wide
    character (a Japanese file name's) takes two."""
    from unicodedata import east_asian_width

    columns = 0
    for at, char in enumerate(line):
        wide = 2 if east_asian_width(char) in ("W", "F") else 1
        if columns + wide > width:
            return line[:at], columns
        columns += wide
    return line, columns


_line: _Line | None = None
_show = None  # how a stage names a file (`showing`)


def start(command: str, mode: str = "auto", fd: int = 2) -> None:
    """Show the progress of `command` on `fd`: "auto" on a terminal only, "always" also
    elsewhere (a line per stage), "never" not at all."""
    global _line
    stop()
    showing(None)
    live = _is_terminal(fd)
    if mode == "never" or (mode == "auto" and not live):
        return
    _line = _Line(fd, live, _delay(), command)


def _delay() -> float:
    """DELAY, or the seconds LEDGERLANG_PROGRESS_DELAY gives (0: show the line at once)."""
    try:
        delay = float(os.environ.get(DELAY_VARIABLE, DELAY))
    except ValueError:
        return DELAY
    return delay if 0 <= delay < 1e6 else DELAY


def _is_terminal(fd: int) -> bool:
    try:
        return os.isatty(fd)
    except OSError:
        return False


def count(n: int, what: str) -> str:
    """`1 file`, `10,013 printed figures`."""
    return f"{n:,} {what}" + ("" if n == 1 else "s")


def figures(book) -> str:
    """How many printed figures the book holds, as a stage names them."""
    return count(len(book.facts) + len(book.measured), "printed figure")


def showing(show) -> None:
    """Name the files read from now on as `show(path)` says (`ledger diff`: REV:path for a
    file read from git into a temporary directory)."""
    global _show
    _show = show


def shown(path: str) -> str:
    return _show(path) if _show is not None else path


def stage(text: str) -> None:
    """The work that starts now, as the line names it ("evaluating 10,013 figures")."""
    if _line is not None:
        _line.stage(text)


def clear() -> None:
    """Wipe the line before the command writes to the terminal; the next `stage` shows it again."""
    if _line is not None:
        _line.clear()


def stop() -> None:
    """Wipe the line and show no more."""
    global _line
    if _line is not None:
        _line.clear()
        _line = None
