"""What a completion replaces: the name typed before the cursor, read in time linear in the line."""

from __future__ import annotations

import re
import signal

from hypothesis import given
from hypothesis import strategies as st

from ledgerlang.lsp.complete import prefix


def reference(before: str) -> str:
    """The definition, as regular expressions (quadratic in a long run of name characters)."""
    words = before.split()
    if words and words[0] == "accept" and len(words) <= 2 and not before.endswith((" ", "\t")):
        return re.search(r"[a-z0-9-]*$", before).group()
    return re.search(r"[A-Za-z0-9_.%]*$", before).group()


@given(st.one_of(st.text(alphabet="aZ09_.%-@( \t\u00e9\u0661", max_size=40),
                 st.builds(lambda code: "accept " + code, st.text(alphabet="ab-9 Z.", max_size=12))))
def test_the_prefix_is_the_name_characters_before_the_cursor(before):
    assert prefix(before) == reference(before)


def _overtime(signum, frame):
    raise TimeoutError("prefix took more than 20 s")


def test_a_line_of_a_million_name_characters_is_read_once():
    """The fuzzer's hang (a 60,000-character line took a second per completion, so a million would take
    minutes): bounded by an alarm far above what a linear read needs."""
    previous = signal.signal(signal.SIGALRM, _overtime)
    signal.alarm(20)
    try:
        # a long run of name characters ended by one that is not: a search from every start in the run
        assert prefix("x" * 1_000_000 + "= rev.t") == "rev.t"
        assert prefix("accept " + "a-" * 500_000 + ".b") == "b"
        assert prefix("rev." + "x" * 1_000_000) == "rev." + "x" * 1_000_000
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
