"""The house's immutable classes: frozen, slotted records with value equality.

Millions of nodes and facts are built per run, and every process defines the
classes themselves at start-up, where a short command spends most of its
time. attrs did this job, at about half of `ledger check`'s start-up on a
small book (importing attrs, then compiling its methods for each class). This
module does the part of it the house uses, with the same meaning:

    @frozen(slots=True)
    class Fact:
        item: str
        span: Span | None = field(default=None, eq=False)
        notes: tuple[str, ...] = field(default=(), converter=tuple)

- fields are the class's annotations in order, after those of a record it
  extends; `field(default=..., factory=..., converter=..., eq=...)` as in attrs
  (a converter applies to defaults too; a leading underscore is dropped from
  the argument's name);
- the class takes every field, positionally or by name (its `__new__` does,
  see below); instances are frozen (setting or deleting an attribute raises
  `FrozenInstanceError`), slotted, without a `__weakref__` slot;
- `==` compares the eq fields of two instances of the very same class, and
  the hash is that of the same values;
- `evolve`, `fields`, `has` and `asdict` as attrs' functions of those names;
  `maker(cls)`, the function `cls` makes its instances with, for the loops
  that make one per figure: calling it skips the type's call (`type.__call__`
  finding `__new__`, a tuple of the arguments, `object.__init__`), about a
  third of the time of making a small record.

Each class's `__new__`, `__eq__` and `__hash__` are compiled from a few lines
of source, as attrs does, since they run millions of times; the compiled code
is cached between processes (see the end of this module). `__new__` makes an
instance of the class's twin, a class of the same slots that may be written,
stores each field as a plain attribute, then makes the instance the record's
(`__class__` assignment, which CPython allows between classes of the same
layout): a third faster than setting each slot of a frozen instance through
its descriptor, a call each.
"""

from __future__ import annotations

__all__ = ["FrozenInstanceError", "asdict", "evolve", "field", "fields", "frozen", "has", "maker"]

NOTHING = type("Nothing", (), {"__repr__": lambda self: "NOTHING"})()


class FrozenInstanceError(AttributeError):
    """An attribute of a frozen record was set or deleted."""


class Field:
    """One field of a record, as `fields(cls)` lists them."""

    __slots__ = ("name", "default", "factory", "converter", "eq", "repr")

    def __init__(self, name, default=NOTHING, factory=None, converter=None, eq=True) -> None:
        self.name = name
        self.default = default
        self.factory = factory
        self.converter = converter
        self.eq = eq
        self.repr = True

    @property
    def alias(self) -> str:
        """The argument's name in the class's call: the field's, without a leading underscore."""
        return self.name.lstrip("_")

    def __repr__(self) -> str:
        return f"Field({self.name!r})"


def field(*, default=NOTHING, factory=None, converter=None, eq: bool = True):
    """A field with a default, a factory for one, a converter, or left out of equality."""
    if default is not NOTHING and factory is not None:
        raise TypeError("a field takes a default or a factory, not both")
    return Field("", default, factory, converter, eq)


def frozen(maybe_cls=None, *, slots: bool = True):
    """Make the class a frozen, slotted record (usable as `@frozen` or `@frozen(slots=True)`)."""
    if not slots:
        raise TypeError("records are always slotted")
    return _make if maybe_cls is None else _make(maybe_cls)


def fields(cls) -> tuple[Field, ...]:
    try:
        return cls.__record_fields__
    except AttributeError:
        raise TypeError(f"{cls!r} is not a record class") from None


def maker(cls):
    """The function that makes an instance of the record class `cls` from its fields, given
    positionally, as `cls(...)` does (the same defaults and converters), without the type's call.

    Where the hot modules are compiled (ledgerlang/native), a class without factories or
    converters is made by model/slots.py's maker, in C; otherwise, and wherever that module is
    not compiled, by the function compiled from text with the class's methods (`_methods`)."""
    global _compiled_maker
    made = cls.__dict__.get("__record_make__") if isinstance(cls, type) else None
    if made is None:
        raise TypeError(f"{cls!r} is not a record class (a class derived from one is made by calling it)")
    made = made.__func__
    if _compiled_maker is None:
        try:
            from ledgerlang.model.slots import maker as _compiled_maker
        except ImportError:  # the source, uncompiled: nothing to run in C
            _compiled_maker = False
    every = cls.__record_fields__
    if _compiled_maker is False or any(f.factory is not None or f.converter is not None for f in every):
        return made
    defaults = tuple(f.default for f in every if f.default is not NOTHING)  # the last fields' (`_make`)
    return _compiled_maker(cls, tuple(getattr(cls, f.name) for f in every), defaults, made)


_compiled_maker = None  # model/slots.py `maker` once imported; False where it is not compiled


def has(cls) -> bool:
    return isinstance(cls, type) and hasattr(cls, "__record_fields__")


def evolve(instance, **changes):
    """A copy of `instance` with some fields changed (by their argument names)."""
    cls = type(instance)
    for f in cls.__record_fields__:
        if f.alias not in changes:
            changes[f.alias] = getattr(instance, f.name)
    return cls(**changes)


def asdict(instance) -> dict:
    """The record's fields as a dict, records inside it (also in tuples, lists and dicts) as dicts too."""
    return {f.name: _plain(getattr(instance, f.name)) for f in type(instance).__record_fields__}


def _plain(value):
    if has(type(value)):
        return asdict(value)
    if isinstance(value, (tuple, list)):
        return type(value)(_plain(v) for v in value)
    if isinstance(value, dict):
        return {_plain(k): _plain(v) for k, v in value.items()}
    return value


def _frozen_setattr(self, name, value):
    raise FrozenInstanceError(f"{type(self).__name__} is frozen: use evolve() to change {name}")


def _frozen_delattr(self, name):
    raise FrozenInstanceError(f"{type(self).__name__} is frozen: {name} cannot be deleted")


def _repr(self) -> str:
    shown = ", ".join(f"{f.name}={getattr(self, f.name)!r}" for f in type(self).__record_fields__ if f.repr)
    return f"{type(self).__qualname__}({shown})"


def _getstate(self):
    return tuple(getattr(self, f.name) for f in type(self).__record_fields__)


def _setstate(self, state) -> None:
    for f, value in zip(type(self).__record_fields__, state):
        object.__setattr__(self, f.name, value)


def _reduce(self):
    """What pickle and copy make the record again from: its class and its fields' values."""
    return _rebuild, (type(self), _getstate(self))


def _rebuild(cls, state):
    self = object.__new__(cls)
    _setstate(self, state)
    return self


def _make(cls):
    inherited = ()
    for base in cls.__mro__[1:]:
        if "__record_fields__" in base.__dict__:
            inherited = base.__record_fields__
            break
    own = []
    namespace = dict(cls.__dict__)
    for name in namespace.get("__annotations__", {}):
        spec = namespace.pop(name, NOTHING)
        if isinstance(spec, Field):
            made = Field(name, spec.default, spec.factory, spec.converter, spec.eq)
        else:
            made = Field(name, spec)
        own.append(made)
    every = (*inherited, *own)
    seen_default = False
    for f in every:
        if f.alias in ("cls", "self"):  # the names of `__new__`'s own first argument and result
            raise TypeError(f"{cls.__qualname__}.{f.name}: a record's field is not named cls or self")
        if f.default is not NOTHING or f.factory is not None:
            seen_default = True
        elif seen_default:
            raise TypeError(f"{cls.__qualname__}.{f.name}: a field without a default follows one with a default")
    for key in ("__dict__", "__weakref__"):
        namespace.pop(key, None)
    namespace["__slots__"] = tuple(f.name for f in own)
    namespace["__record_fields__"] = every
    namespace.update(_methods(cls, every))
    namespace["__setattr__"] = _frozen_setattr
    namespace["__delattr__"] = _frozen_delattr
    namespace["__repr__"] = _repr
    namespace["__getstate__"] = _getstate
    namespace["__setstate__"] = _setstate
    namespace["__reduce__"] = _reduce  # not __new__ without arguments, as copyreg would call
    namespace["__match_args__"] = tuple(f.name for f in every)
    namespace["__record_make__"] = staticmethod(namespace.pop("make"))
    made = type(cls)(cls.__name__, cls.__bases__, namespace)
    scope = made.__new__.__globals__
    scope["_record"], scope["_twin"], scope["_twin_of"] = made, None, _twin_of
    # A class derived from the record that is not one itself (it has another layout) is filled
    # through each slot's own descriptor: one C call each.
    for i, f in enumerate(every):
        scope[f"_set{i}"] = getattr(made, f.name).__set__  # the slot's member descriptor, here or in a base
    return made


def _twin_of(made):
    """The class `made.__new__` fills (made when it first makes one, as a command makes some of its
    records only): the record's own slots, on the same bases, written as any attribute is. A base
    record's `__setattr__` and `__delattr__` refuse, so the twin's are object's again: both, or
    Python calls its own through the one slot they share, and a store is not the quick one."""
    twin = type(made)(made.__name__, made.__bases__, {
        "__slots__": made.__slots__, "__setattr__": object.__setattr__, "__delattr__": object.__delattr__,
        "__module__": made.__module__, "__qualname__": f"{made.__qualname__} (being made)"})
    made.__new__.__globals__["_twin"] = twin
    return twin


def _methods(cls, every: tuple[Field, ...]) -> dict:
    """`__new__`, the maker (`make`), `__eq__` and `__hash__`, compiled from their source (`__new__`'s
    `_record`, `_twin` and `_setN` are put in its globals once the class is made: `_make`)."""
    globals_ = {"NOTHING": NOTHING, "_new": object.__new__}
    arguments, before, stored, set_each = [], [], [], []
    for i, f in enumerate(every):
        name = f.alias
        if f.factory is not None:
            globals_[f"_factory{i}"] = f.factory
            arguments.append(f"{name}=NOTHING")
            before.append(f"    if {name} is NOTHING: {name} = _factory{i}()")
        elif f.default is not NOTHING:
            globals_[f"_default{i}"] = f.default
            arguments.append(f"{name}=_default{i}")
        else:
            arguments.append(name)
        value = name
        if f.converter is not None:
            globals_[f"_convert{i}"] = f.converter
            value = f"_convert{i}({name})"
        stored.append(f"        self.{f.name} = {value}")
        set_each.append(f"    _set{i}(self, {value})")
    compared = [f.name for f in every if f.eq]
    same = " and ".join(f"self.{name} == other.{name}" for name in compared) or "True"
    mine = "".join(f"self.{name}, " for name in compared)
    # The same in every process (hash() of a str is not), so that the text, and its cache entry, is too.
    salt = int.from_bytes(cls.__qualname__.encode("utf-8"), "little") % 2305843009213693951
    source = "\n".join([
        f"def __new__(cls, {', '.join(arguments)}):",
        *before,
        "    if cls is _record:",
        "        self = _new(_twin or _twin_of(_record))",
        *stored,
        "        self.__class__ = _record",  # the twin's own store: object.__setattr__ called is twice as long
        "        return self",
        "    self = _new(cls)",
        *set_each,
        "    return self",
        f"def make({', '.join(arguments)}{', /' if arguments else ''}):",  # maker(): without the type's call
        *before,
        "    self = _new(_twin or _twin_of(_record))",
        *(line[4:] for line in stored),
        "    self.__class__ = _record",
        "    return self",
        "def __eq__(self, other):",
        "    if other.__class__ is not self.__class__:",
        "        return NotImplemented",
        f"    return {same}",
        "def __hash__(self):",
        f"    return hash(({salt}, {mine}))",
    ])
    made: dict = {}
    exec(_compiled(source, f"<record {cls.__module__}.{cls.__qualname__}>"), globals_, made)
    for method in made.values():
        method.__qualname__ = f"{cls.__qualname__}.{method.__name__}"
    return made


# -- the compiled methods, cached -----------------------------------------------------
#
# Compiling the methods' text was four fifths of defining a record, and a
# command defines some sixty at start-up (about 60M instructions). So the code
# objects are kept, as `marshal` data keyed by file name and text, in the
# user's cache directory (one file per interpreter version, as .pyc files
# are); a process that compiled one it did not find writes the file again at
# exit (atomically). An unreadable or stale file is only a slower start.

_code: dict | None = None
_CodeType = _frozen_setattr.__code__.__class__
_used: set = set()
_missed = False


def _cache_path() -> str | None:
    import sys

    from ledgerlang import cache

    return cache.path(f"records-{sys.implementation.cache_tag}.marshal")


def _compiled(source: str, filename: str):
    global _code, _missed
    if _code is None:
        from ledgerlang import cache

        _code = cache.read(_cache_path()) or {}
    key = f"{filename}\n{source}"
    _used.add(key)
    code = _code.get(key)
    if code.__class__ is not _CodeType:  # missing, or a file that is a dict of something else
        code = _code[key] = compile(source, filename, "exec")
        if not _missed:
            _missed = True
            from ledgerlang import cache

            cache.at_exit(_save)
    return code


def _save() -> None:
    path = _cache_path()
    if path is None or not _code:
        return
    from ledgerlang import cache

    kept = _code if len(_code) < 1000 else {key: _code[key] for key in _used}  # old texts pile up
    cache.store(path, kept)
