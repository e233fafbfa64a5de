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
        self.drawn = None  # the time and stage last drawn
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
            self.shown, self.drawn = 0, None

    def draw(self) -> None:
        self.drawing = True
        try:
            self._draw()
        finally:
            self.drawing = False

    def _draw(self) -> None:
        seconds = f"{self._elapsed():.0f} s"
        if (seconds, self.text) == self.drawn:
            return
        self.drawn = (seconds, self.text)
        # A line that wrapped could not be redrawn in place: it takes one column less than the width.
        line, columns = _fit(self.command, seconds, self.text, max(_width(self.fd) - 1, 1))
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


SHORT = 16  # columns a stage's name needs beside the command's: fewer, and the line drops the command


def _fit(command: str, seconds: str, text: str, width: int) -> tuple[str, int]:
    """The line for `width` columns, and the columns it takes. The time comes first, so a cut
    loses the end of the stage's name; on a narrow terminal (20 columns) `ledger check (3 s): `
    alone would fill the line, so the command's name goes and the stage keeps the room. A cut
    never ends inside a figure: `checking 100,2` would show a number that is not the count."""
    head = f"ledger {command} ({seconds}): "
    if _columns(head + text) > width and width - _columns(head) < SHORT:
        head = f"{seconds}: "
    line = head + text
    cut, columns = _cut(line, width)
    if len(cut) < len(line) and _in_figure(line[len(cut)]) and cut and _in_figure(cut[-1]):
        start = len(cut)
        while start > len(head) and _in_figure(cut[start - 1]):
            start -= 1
        cut = cut[:start]
    cut = cut.rstrip(" ,")
    return cut, _columns(cut)


def _in_figure(char: str) -> bool:
    return char.isdigit() or char in ",."


def _width(fd: int) -> int:
    """The terminal's width in columns: COLUMNS where it is set to one, as for `eval`'s
    statements, else what the terminal on `fd` says (80 where it says 0 or nothing)."""
    try:
        columns = int(os.environ.get("COLUMNS", ""))
    except ValueError:
        columns = 0
    if columns > 0:
        return columns
    try:
        return os.get_terminal_size(fd).columns or 80
    except OSError:
        return 80


def _columns(text: str) -> int:
    return _cut(text, len(text) * 2)[1]


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
