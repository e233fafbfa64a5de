"""The user's cache of things ledgerlang can make again (grammar tables, records' compiled methods).

Plain `os` and `marshal`: both are read at start-up, where pathlib (which imports
urllib) and pickle would cost more than the cache saves. Nothing here is needed:
a missing, unreadable or unwritable cache only means making the thing again.
"""

from __future__ import annotations

import marshal
import os


def path(name: str) -> str | None:
    """Where the cache file `name` lives ($XDG_CACHE_HOME/ledgerlang, or ~/.cache/ledgerlang)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    if not os.path.isabs(base):
        return None
    return os.path.join(base, "ledgerlang", name)


def read(where: str | None) -> dict | None:
    """The dict kept at `where` with marshal; None where there is none, or it cannot be read as one."""
    if where is None:
        return None
    try:
        with open(where, "rb") as file:
            found = marshal.loads(file.read())
    except (OSError, ValueError, EOFError, TypeError):
        return None
    return found if isinstance(found, dict) else None


def store(where: str, value) -> None:
    """Write `value` with marshal, atomically (a temporary file, then a rename), or not at all."""
    try:
        data = marshal.dumps(value)
    except ValueError:  # a value marshal cannot write: made again next time
        return
    temporary = None
    try:
        folder, name = os.path.split(where)
        os.makedirs(folder, exist_ok=True)
        temporary = os.path.join(folder, f".{name}.{os.getpid()}.tmp")
        with open(temporary, "wb") as file:
            file.write(data)
        os.replace(temporary, where)
    except OSError:  # a read-only home, a full disk: made again next time, and nothing left behind
        if temporary is not None:
            try:
                os.remove(temporary)
            except OSError:
                pass


_at_exit: list = []


def at_exit(save) -> None:
    """Run `save()` as the process ends: at the end of the `ledger` command (cli/main.py
    `command`, which leaves without the interpreter's exit, so without its atexit
    handlers), else through atexit. (The caches' writes, and the reaping of a forked
    worker that had answered but not yet ended, check/ahead.py `_reap`.)"""
    if not _at_exit:
        import atexit

        atexit.register(run_at_exit)
    _at_exit.append(save)


def run_at_exit() -> None:
    """What `at_exit` was given, each once."""
    while _at_exit:
        _at_exit.pop(0)()
