"""A file a command writes with `-o FILE`: which file that is, whether it may be replaced, and
replacing it whole.

`-o` names a file to create or to replace. A path that is a device, a FIFO, a
socket or a directory is refused (replacing `/dev/null` or `/dev/stdout` with a
file would break the system for everyone), and so is any book the command reads
(a typo must not turn the ledger into a workbook). A symlink is followed, as
`ledger fmt` follows one: the file it points to is replaced, and the link stays
a link. The new file is written beside the old under a temporary name, flushed
to disk, and renamed over it: a crash or a stop leaves the old file or the new,
never half of one. A file replaced keeps its permissions.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile

from ledgerlang.cli.main import UsageError

_KINDS = ((stat.S_ISDIR, "a directory"), (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"))


def target(path: str, reads: list[str], what: str) -> str:
    """The file that writing `path` replaces or creates (a symlink's target), or a UsageError that
    says why it will not be written. `reads`: every file the command read; `what`: "the workbook"."""
    try:
        info = os.stat(path)  # through symlinks, /dev/stdout's /proc/self/fd/1 included
    except (FileNotFoundError, NotADirectoryError):  # (nothing there, or a file where its directory goes)
        info = None
    except OSError as exc:
        raise UsageError(f"{path}: cannot write {what}: {exc.strerror or exc}") from None
    if info is not None and not stat.S_ISREG(info.st_mode):
        kind = next((name for test, name in _KINDS if test(info.st_mode)), "not a regular file")
        raise UsageError(f"{path}: not written: it is {kind}, and -o replaces only a regular file; "
                         f"name a file for {what}")
    real = os.path.realpath(path)
    if info is None:
        in_a_directory(path, what)
    if info is not None:
        try:
            same = os.path.samestat(os.stat(real), info)
        except OSError:
            same = False
        if not same:  # a magic link, such as /proc/self/fd/N of a deleted file
            raise UsageError(f"{path}: not written: it does not name a file that can be replaced; "
                             f"name a file for {what}")
        for read in reads:
            with contextlib.suppress(OSError):
                if os.path.samestat(os.stat(read), info):
                    raise UsageError(f"{path}: not written: it is {read}, a book this command reads; "
                                     f"name another file for {what}")
    return real


def in_a_directory(path: str, what: str) -> None:
    """A UsageError where the directory that would hold `path` is missing (or is no directory):
    the write's own error, "No such file or directory", named no directory and seemed to say
    the file written was missing."""
    directory = os.path.dirname(path) or "."
    if os.path.isdir(directory):
        return
    if os.path.lexists(directory):
        raise UsageError(f"{path}: not written: {directory} is not a directory; name a file for {what} "
                         "in a directory")
    import shlex  # (only to say so)

    raise UsageError(f"{path}: not written: the directory {directory} does not exist; create it first "
                     f"(mkdir -p {shlex.quote(directory)}), or name a file for {what} in one that exists")


def replace(path: str, save) -> None:
    """Write a file whole: `save(temporary)` writes it under a temporary name beside `path`, which
    it then replaces; on any failure (or a stop) the temporary file is removed and `path` is as it was."""
    directory, base = os.path.split(path)
    try:
        mode = os.stat(path).st_mode & 0o7777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    handle, temporary = tempfile.mkstemp(prefix=f".{base}.ledger-", suffix=".tmp", dir=directory or ".")
    os.close(handle)
    try:
        save(temporary)
        with open(temporary, "rb") as written:
            os.fsync(written.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    sync_directory(directory or ".")


def sync_directory(directory: str) -> None:
    """A rename into `directory` made durable: the directory flushed to disk (where it can be)."""
    with contextlib.suppress(OSError):
        dir_fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
