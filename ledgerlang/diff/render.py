"""A diff for the reader (text) or for programs (JSON)."""

from __future__ import annotations

from ledgerlang.diff.compare import Change
from ledgerlang.model.record import asdict
from ledgerlang.visible import json_text

SECTIONS = (("reported", "reported figures"), ("derived", "figures they moved"), ("check", "check results"))
MARKS = {"added": "+", "removed": "-", "changed": "~", "renamed": "~"}


def _counts(changes: list[Change]) -> str:
    parts = []
    for change in ("renamed", "changed", "added", "removed"):
        count = sum(1 for c in changes if c.change == change)
        if count:
            parts.append(f"{count} {change if change != 'removed' else 'removed'}")
    return ", ".join(parts)


def text(changes: list[Change], old: str, new: str) -> str:
    if not changes:
        return f"no differences between {old} and {new}\n"
    out = [f"--- {old}", f"+++ {new}"]
    for section, title in SECTIONS:
        found = [c for c in changes if c.section == section]
        if not found:
            continue
        out.append("")
        out.append(f"{title}: {_counts(found)}")
        for c in found:
            out.append(f"  {MARKS[c.change]} {_line(c)}")
    return "\n".join(out) + "\n"


def _line(c: Change) -> str:
    if c.section == "check":
        if c.change == "changed":
            return f"{c.what}\n      was: {c.old}\n      now: {c.new}"
        return f"{c.what}: {c.new if c.change == 'added' else c.old}" + (f"  ({c.location})" if c.location else "")
    if c.change == "renamed":
        return f"{c.what}  (renamed: {c.where})" + (f"  {c.location}" if c.location else "")
    if c.change == "changed":
        values = f"{c.old} -> {c.new}"
    elif c.change == "added":
        values = f"{c.new} (new)"
    else:
        values = f"{c.old} (gone)"
    where = f"  [{c.where}]" if c.where else ""
    location = f"  {c.location}" if c.location else ""
    return f"{c.what}  {values}{where}{location}"


def as_json(changes: list[Change], old: str, new: str) -> str:
    sections = {section: [_record(c) for c in changes if c.section == section] for section, _ in SECTIONS}
    document = {"old": old, "new": new, "differs": bool(changes), **sections}
    return json_text(document)


def _record(c: Change) -> dict:
    record = asdict(c)
    record.pop("section")
    return record
