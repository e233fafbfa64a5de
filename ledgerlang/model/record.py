"""The house's immutable classes: attrs' frozen slotted classes, made lighter.

Millions of nodes and facts are built per run, and every process builds the
classes themselves at import. Two of attrs' defaults cost there and buy
nothing here:

- a `__weakref__` slot on every instance: 8 bytes on each of millions of
  objects that nothing takes a weak reference to;
- a `__repr__` compiled for each class at import (half of attrs' time for a
  class): one shared `__repr__` reads the fields instead, printing what
  attrs' would.

Everything else (slots, frozen, eq and hash, `attrs.fields`, `attrs.evolve`)
is attrs' own.
"""

from __future__ import annotations

import attrs


def frozen(maybe_cls=None, **options):
    """`attrs.frozen`, without a `__weakref__` slot and with the shared `__repr__`."""

    def wrap(cls):
        built = attrs.frozen(cls, **{"slots": True, "weakref_slot": False, **options, "repr": False})
        built.__repr__ = _repr
        return built

    return wrap if maybe_cls is None else wrap(maybe_cls)


def _repr(self) -> str:
    fields = ", ".join(f"{a.name}={getattr(self, a.name)!r}" for a in type(self).__attrs_attrs__ if a.repr)
    return f"{type(self).__qualname__}({fields})"
