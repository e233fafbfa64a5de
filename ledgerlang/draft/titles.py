"""A title for a table the release prints none over, as a reader names it: by the statement its rows
make (a balance sheet ends in "Total assets", a statement of operations runs from revenues through
their costs), else by its first rows. Runs on the tables both readers return (`text.py`, `html.py`),
after their periods are laid out as columns (`transpose.py`), before `compose.py` names their rows.

A reader never calls a table by the document's heading over it ("EXHIBIT 99.1"), nor by "Table at line
48": either leaves the analyst to open the release to tell the tables of a draft apart.
"""

from __future__ import annotations

import re

from ledgerlang.draft.names import strip_marks
from ledgerlang.model.record import evolve

UNTITLED = "Table at line "  # how the readers title a table with no line over it that reads as a title

# (name, rows that make it: each pattern must name at least one row)
_STATEMENTS = (
    ("Balance sheet", (re.compile(r"(?i)^total\s+assets\b|^総資産$|^資産合計$"),
                       re.compile(r"(?i)\bliabilities\b|\bequity\b|^純資産|^負債"))),
    ("Statement of cash flows", (re.compile(r"(?i)\boperating\s+activities\b|^営業活動による"),
                                 re.compile(r"(?i)\b(?:investing|financing)\s+activities\b"
                                            r"|^(?:投資|財務)活動による"))),
    ("Statement of operations", (re.compile(r"(?i)^(?:net\s+)?(?:sales|revenues?)\b|^total\s+revenues?\b"
                                            r"|^売上高$|^売上収益$"),
                                 re.compile(r"(?i)^(?:total\s+)?cost\s+of\b|\bgross\s+(?:profit|margin)\b"
                                            r"|\boperating\s+(?:income|loss|expenses)\b"
                                            r"|\b(?:income|earnings|loss)\s+from\s+operations\b|^売上原価$|^売上総利益$"))),
)
_SHOWN = 3  # the rows named in a title made of its rows


def named_by_rows(raw) -> str:
    """The title a reader gives a table from its rows: the statement they make, else its first labels."""
    labels = [strip_marks(row.label).rstrip(":：").strip() for row in raw.rows]
    labels = [label for label in labels if label]
    for name, needs in _STATEMENTS:
        if all(any(pattern.search(label) for label in labels) for pattern in needs):
            return name
    shown = ", ".join(labels[:_SHOWN])
    return f"{shown}, …" if len(labels) > _SHOWN else shown


def titled(tables) -> tuple:
    """The tables, each one with no title of its own named by its rows, and said so."""
    out = []
    for raw in tables:
        if raw.title.startswith(UNTITLED):
            name = named_by_rows(raw)
            if name:
                how = f"check: no title printed over it (line {raw.line}); named by its rows: {name!r}"
                raw = evolve(raw, title=name, printed_as="; ".join(p for p in (raw.printed_as, how) if p))
        out.append(raw)
    return tuple(out)
