"""Lark's analysed grammar (loaded with pickle) is cached only where no one but the user may write:
ledgerlang's own cache directory, made user-only, never the shared temp directory."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys

from support import ROOT

BUILD = "from ledgerlang.syntax.parse import parser, _lark_cache; parser(); print(_lark_cache())"


def build(cache_home) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", BUILD], capture_output=True, text=True, timeout=120,
                          env=dict(os.environ, PYTHONPATH=str(ROOT), XDG_CACHE_HOME=str(cache_home)))


class _Planted:
    """What another user would plant: unpickling it writes a file."""

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __reduce__(self):
        return (open, (self.marker, "w"))


def test_the_cache_is_in_a_user_only_folder_of_ledgerlangs(tmp_path):
    found = build(tmp_path)
    assert found.returncode == 0, found.stderr
    where = found.stdout.strip()
    assert os.path.dirname(where) == str(tmp_path / "ledgerlang") and os.path.exists(where)
    assert os.stat(tmp_path / "ledgerlang").st_mode & 0o777 == 0o700
    assert build(tmp_path).stdout.strip() == where  # and it is used again


def test_a_file_others_may_write_is_never_unpickled(tmp_path):
    """A planted cache file (or folder) that others may write is not loaded: no cache is used."""
    first = build(tmp_path)
    where = first.stdout.strip()
    marker = tmp_path / "planted-code-ran"
    with open(where, "wb") as file:
        pickle.dump(_Planted(str(marker)), file)
    os.chmod(where, 0o666)
    found = build(tmp_path)
    assert found.returncode == 0, found.stderr
    assert found.stdout.strip() == "None" and not marker.exists()
    os.chmod(where, 0o600)
    os.chmod(tmp_path / "ledgerlang", 0o777)
    found = build(tmp_path)
    assert found.stdout.strip() == "None" and not marker.exists()
