"""Records: frozen, slotted, equal by value, as attrs' frozen classes were."""

from __future__ import annotations

import copy
import os
import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledgerlang.model.record import FrozenInstanceError, asdict, evolve, field, fields, frozen, has, maker


@frozen(slots=True)
class Place:
    path: str
    line: int
    note: str = field(default="", eq=False)


@frozen
class Marked(Place):
    text: str = "x"


@frozen
class Bag:
    items: tuple = field(factory=list, converter=tuple)
    _cache: object = field(default=None, eq=False)


def test_fields_in_order_with_those_of_the_record_extended_first():
    assert [f.name for f in fields(Marked)] == ["path", "line", "note", "text"]
    assert Marked("a", 1).text == "x" and Marked("a", 1, "n", "t").note == "n"
    assert has(Place) and not has(dict) and not has(Place("a", 1))


def test_frozen_and_slotted():
    p = Place("a", 1)
    with pytest.raises(FrozenInstanceError):
        p.line = 2
    with pytest.raises(FrozenInstanceError):
        del p.path
    assert not hasattr(p, "__dict__") and "__weakref__" not in dir(type(p))


def test_equality_ignores_eq_false_fields_and_needs_the_same_class():
    assert Place("a", 1, "one note") == Place("a", 1, "another")
    assert hash(Place("a", 1, "one note")) == hash(Place("a", 1, "another"))
    assert Place("a", 1) != Place("a", 2)
    assert Marked("a", 1) != Place("a", 1)
    assert Place("a", 1).__eq__(("a", 1)) is NotImplemented


def test_converters_factories_and_private_fields():
    bag = Bag([1, 2], cache=object())
    assert bag.items == (1, 2) and bag == Bag((1, 2))
    assert Bag().items == () and Bag().items is not None
    assert evolve(bag, items=[3]).items == (3,)
    assert evolve(bag, items=[3])._cache is bag._cache


def test_evolve_asdict_repr_and_pickle():
    m = Marked("a", 1, "n", "t")
    assert evolve(m, line=5) == Marked("a", 5, "n", "t")
    assert asdict(Bag([Place("a", 1)])) == {"items": ({"path": "a", "line": 1, "note": ""},), "_cache": None}
    assert repr(Place("a", 1)) == "Place(path='a', line=1, note='')"
    assert pickle.loads(pickle.dumps(m)) == m


def test_a_record_is_made_of_its_own_class_and_copied_as_one():
    # __new__ fills a twin of the record's slots, then makes it the record (model/record.py)
    for made in (Place("a", 1), Marked("a", 1, "n", "t"), Bag([1])):
        assert type(made) in (Place, Marked, Bag) and made.__class__ is type(made)
        for again in (pickle.loads(pickle.dumps(made, protocol)) for protocol in range(pickle.HIGHEST_PROTOCOL + 1)):
            assert again == made and type(again) is type(made) and fields(type(again)) == fields(type(made))
        assert copy.copy(made) == made and copy.deepcopy(made) == made
    with pytest.raises(FrozenInstanceError):
        Marked("a", 1).text = "y"
    with pytest.raises(TypeError):
        Place("a")  # a field without a default, left out


class Tagged(Place):
    """A class derived from a record that is not one itself, with slots of its own or none."""

    __slots__ = ("tag",)


class Loose(Marked):
    pass  # with a __dict__


def test_a_class_derived_from_a_record_is_made_through_the_slots():
    tagged = Tagged("a", 1, "n")
    assert type(tagged) is Tagged and (tagged.path, tagged.line, tagged.note) == ("a", 1, "n")
    assert not hasattr(tagged, "tag")
    loose = Loose("a", 2)
    assert type(loose) is Loose and loose.text == "x" and loose.line == 2
    with pytest.raises(FrozenInstanceError):
        loose.line = 3
    assert pickle.loads(pickle.dumps(loose)).line == 2


def text_maker(cls):
    """The maker compiled from text with the class's methods (model/record.py `_methods`): the
    definition of what `maker` gives, which the compiled one (model/slots.py) is held to."""
    return cls.__dict__["__record_make__"].__func__


@given(st.text(max_size=3), st.integers(), st.text(max_size=3) | st.none(), st.text(max_size=3) | st.none(),
       st.lists(st.integers(), max_size=3) | st.none())
def test_a_records_maker_makes_what_calling_the_class_makes(path, line, note, text, items):
    # The loops that make a record per figure call the class's maker (model/record.py `maker`);
    # it takes the same arguments, positionally, with the same defaults, factories and
    # converters, and makes the same record: the one `maker` gives and the one compiled from text.
    given = [(Place, (path, line) if note is None else (path, line, note)),
             (Marked, (path, line) if note is None else (path, line, note) if text is None else (path, line, note, text)),
             (Bag, () if items is None else (items,))]
    for cls, args in given:
        called = cls(*args)
        for make in (maker(cls), text_maker(cls)):
            made = make(*args)
            assert type(made) is cls and made == called and repr(made) == repr(called) and hash(made) == hash(called)
            assert [getattr(made, f.name) for f in fields(cls)] == [getattr(called, f.name) for f in fields(cls)]
            with pytest.raises(FrozenInstanceError):
                setattr(made, fields(cls)[0].name, None)
            assert pickle.loads(pickle.dumps(made)) == called
    for make in (maker(Place), text_maker(Place)):
        with pytest.raises(TypeError):
            make(path)  # a field without a default, left out
        with pytest.raises(TypeError):
            make(path, line, "", "one too many")
        with pytest.raises(TypeError):
            make(path, line=line)  # fields are given by position


def test_where_the_modules_are_compiled_a_record_is_made_in_c():
    """model/slots.py is the maker of a record without factories or converters wherever the hot
    modules are compiled (tests/test_native.py holds the install to that); a class with them, and
    any class where the module is not compiled, keeps the maker compiled from text."""
    from ledgerlang import native

    compiled = [built for module, _, built in native.copies(("ledgerlang.model.slots",))]
    if not compiled or not os.path.isfile(compiled[0]):
        pytest.skip("the hot modules are not compiled here")
    assert maker(Place) is not text_maker(Place) and maker(Place).__module__ == "ledgerlang.model.slots"
    assert maker(Bag) is text_maker(Bag)
    from ledgerlang.model.span import Span

    made = maker(Span)("a.iij", 3, 1, 3, 9)
    assert type(made) is Span and str(made) == "a.iij:3:1" and made.end_column == 9


def test_only_a_record_class_has_a_maker():
    for other in (Tagged, Loose, dict, Place("a", 1)):
        with pytest.raises(TypeError, match="not a record class"):
            maker(other)


def test_a_field_without_default_after_one_with_is_refused():
    with pytest.raises(TypeError):
        @frozen
        class Bad:
            a: int = 1
            b: int


def test_a_field_named_as_the_constructors_own_names_is_refused():
    with pytest.raises(TypeError, match="not named cls or self"):
        @frozen
        class Bad:
            cls: int


values = st.one_of(st.integers(-3, 3), st.text(max_size=2), st.none(), st.tuples(st.integers(0, 2)))


@given(values, values, values, values)
def test_equality_and_hash_agree_with_the_values(a, b, c, d):
    # the same verdicts as comparing the eq fields as tuples, and a hash that follows equality
    x, y = Place(a, b), Place(c, d)
    assert (x == y) == ((a, b) == (c, d))
    if x == y:
        assert hash(x) == hash(y)


def test_compiled_methods_come_from_the_cache_and_a_bad_cache_is_only_slower(tmp_path):
    """A process writes the methods it compiled; the next one defines the same records from that file,
    with the same behaviour and file names; a garbled file is read past, then written again."""
    import os
    import subprocess
    import sys

    code = ("import sys; from ledgerlang.model import record; from ledgerlang.model.span import Span\n"
            "from ledgerlang.syntax import nodes\n"
            "s = Span('a', 1, 2, 3, 4)\n"
            "assert s == Span('a', 1, 2, 3, 4) and hash(s) == hash(Span('a', 1, 2, 3, 4)) and s != Span('a', 1, 2, 3, 5)\n"
            "assert Span.__new__.__code__.co_filename == '<record ledgerlang.model.span.Span>'\n"
            "print(record._missed)")
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path))
    cache = tmp_path / "ledgerlang" / f"records-{sys.implementation.cache_tag}.marshal"

    def run():
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    assert run() == "True" and cache.exists()  # compiled, then written at exit
    assert run() == "False"  # every method found
    cache.write_bytes(b"\x00garbage")
    assert run() == "True" and run() == "False"


def test_a_cache_of_something_else_than_code_is_not_run(tmp_path):
    """A cache file that is a dict of strings (not code) is compiled past, never executed."""
    import marshal
    import os
    import subprocess
    import sys

    cache = tmp_path / "ledgerlang" / f"records-{sys.implementation.cache_tag}.marshal"
    cache.parent.mkdir(parents=True)
    key = "<record ledgerlang.model.span.Span>\n"
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path))
    code = "from ledgerlang.model.span import Span; print(Span('a', 1, 2, 3, 4).line)"
    subprocess.run([sys.executable, "-c", code], check=True, env=env, capture_output=True)
    entries = marshal.loads(cache.read_bytes())
    cache.write_bytes(marshal.dumps({k: "raise SystemExit(7)" for k in entries if k.startswith(key)}))
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.strip() == "1", done.stderr


def test_the_ledger_command_writes_the_methods_it_compiled(tmp_path):
    """`ledger` ends without the interpreter's exit (cli/main.py `command`), and still leaves the
    methods it compiled for the next run; a run that found them all writes nothing."""
    import os
    import subprocess
    import sys

    from support import ROOT

    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "cache"), PYTHONPATH=str(ROOT))
    cache = tmp_path / "cache" / "ledgerlang" / f"records-{sys.implementation.cache_tag}.marshal"
    (tmp_path / "empty.iij").write_text("")

    def run():
        done = subprocess.run([sys.executable, "-m", "ledgerlang", "check", str(tmp_path / "empty.iij")],
                              capture_output=True, text=True, env=env, cwd=ROOT)
        assert done.returncode == 0, done.stderr

    run()
    assert cache.exists()
    written = cache.stat().st_mtime_ns
    run()
    assert cache.stat().st_mtime_ns == written
