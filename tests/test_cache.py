"""The user's cache (ledgerlang/cache.py): a file is written whole or not at all."""

from __future__ import annotations

import marshal

from ledgerlang import cache


def test_a_value_is_written_whole_and_read_back(tmp_path):
    where = tmp_path / "ledgerlang" / "thing.marshal"
    cache.store(str(where), {"key": (1, "two", [3.0])})
    assert marshal.loads(where.read_bytes()) == {"key": (1, "two", [3.0])}
    assert sorted(p.name for p in where.parent.iterdir()) == ["thing.marshal"]


def test_a_value_marshal_cannot_write_leaves_nothing(tmp_path):
    where = tmp_path / "thing.marshal"
    where.write_bytes(marshal.dumps("before"))

    class Opcode(int):  # an int subclass, as re's opcodes are: marshal refuses it
        pass

    cache.store(str(where), [Opcode(1)])
    assert marshal.loads(where.read_bytes()) == "before"
    assert [p.name for p in tmp_path.iterdir()] == ["thing.marshal"]


def test_a_place_that_cannot_be_written_leaves_nothing(tmp_path):
    where = tmp_path / "thing.marshal"
    where.mkdir()  # a directory where the file would go: the rename fails
    cache.store(str(where), {"key": 1})
    assert where.is_dir() and [p.name for p in tmp_path.iterdir()] == ["thing.marshal"]
