"""A record's maker in C: each field stored through its slot's descriptor, with no bytecode run.

The loops that make a record per figure call the class's maker (model/record.py
`maker`), about 450,000 records at 100k facts. The maker that record.py compiles
from text runs in the interpreter: a frame, an instance of the class's writable
twin, a store per field and a `__class__` store, about 2,000 instructions above
making a tuple of the same fields. Compiled, the same record is allocated as
the type's own allocator does and each field is handed to its slot's member
descriptor (the C function a slot's store reaches after Python's dispatch),
about 800 instructions fewer per record (bench/HISTORY.md).

This module means something only compiled (ledgerlang/native compiles it with
the hot modules): as Python source it raises ImportError on import, and
record.py keeps the maker compiled from text, which is the definition.
tests/model/test_record.py holds the two equal.
"""

import cython

if not cython.compiled:
    raise ImportError("ledgerlang.model.slots runs compiled only (`python -m ledgerlang.native` compiles it)")

from cython.cimports.cpython.object import Py_TYPE
from cython.cimports.cpython.type import PyType_GenericNew


@cython.locals(cls=type, descriptors=tuple, defaults=tuple, count=cython.Py_ssize_t, least=cython.Py_ssize_t)
def maker(cls, descriptors, defaults, fallback):
    """The maker of the record class `cls`, which takes its fields positionally.

    `descriptors`: each field's slot descriptor, in the fields' order (a base
    class's for a field it declares); `defaults`: the default values of the
    last fields, those that have one (plain values: a class with a factory or
    a converter keeps the maker compiled from text); `fallback`: that maker,
    called with any other number of arguments, to raise its TypeError.
    """
    count = len(descriptors)
    least = count - len(defaults)

    @cython.locals(given=cython.Py_ssize_t, i=cython.Py_ssize_t, values=tuple)
    def make(*args):
        given = len(args)
        if given == count:
            values = args
        elif least <= given < count:
            values = args + defaults[given - least:]
        else:
            return fallback(*args)
        # The type's allocator, as `object.__new__(cls)` calls it (the arguments are not read):
        # zeroed and tracked by the collector. A slot descriptor's store then checks the
        # instance's type and keeps a reference to the value.
        made = PyType_GenericNew(cls, None, None)
        for i in range(count):
            descriptor = descriptors[i]
            Py_TYPE(descriptor).tp_descr_set(descriptor, made, values[i])
        return made

    return make
