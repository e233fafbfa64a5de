"""ledgerlang: plain-text books of financial statements, checked, computed and diffed."""

__version__ = "0.1.0"

from ledgerlang import native as _native

_native.install()  # the hot modules' compiled copies, where they match their source (ledgerlang/native)
