"""ledgerlang: plain-text books of financial statements, checked, computed and diffed."""

__version__ = "0.1.0"
