"""The drafted book as text: header, new items, proposed rules, tables and claims in release order."""

from __future__ import annotations


def quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _head(row) -> str:
    return (("-" if row.negated else "") + row.item + (f"@{row.edge}" if row.edge else "")
            + (f" in {row.scale}" if row.scale else ""))


def table_text(table) -> list[str]:
    out = [f"# {table.source}, line {table.line}"]
    out += [f"# {note}" for note in table.notes]
    if not table.columns:
        return out  # nothing read as a column: the table is its comments alone
    scale = f" in {table.scale}" if table.scale else ""
    out.append(f"table {quote(table.title)}{scale}")
    if table.rounding:
        out.append(f"  rounding {table.rounding}")
    heads = [_head(r) for r in table.rows]
    width0 = max([len("columns")] + [len(h) for h in heads])
    widths = [max([len(c)] + [len(r.cells[i]) for r in table.rows]) for i, c in enumerate(table.columns)]
    out.append("  " + "columns".ljust(width0) + "".join("  " + c.rjust(w) for c, w in zip(table.columns, widths)))
    for head, row in zip(heads, table.rows):
        line = "  " + head.ljust(width0) + "".join("  " + c.rjust(w) for c, w in zip(row.cells, widths))
        if row.comment:
            line += f"  # line {row.line}: {row.comment}"
        out.append(line)
    return out


def book_text(draft) -> str:
    out = [f"# Drafted by `ledger draft` from {', '.join(draft.sources)}.",
           "# Review before use: the `# new items` (ids, labels, units and flow/stock are guesses),",
           "# every row comment (\"close match\", \"check\"), and the proposed rules.",
           "# Every figure is as printed in the release; nothing here is computed."]
    if draft.include:
        out.append(f"include {quote(draft.include)}")
    if draft.entity:
        out.append(f"# review: the entity's id and name; its calendar is {draft.entity[2]}")
        out.append('entity company "The company of the release"')
        out += [f"  {line}" for line in draft.entity[:2]]
    out.append("")
    if draft.new_units or draft.new_items or draft.new_currencies:
        out.append("# ---- new items: review each (the release's label; unit and flow/stock guessed) ----")
        for code in sorted(draft.new_currencies):
            out.append(f"currency {code} {quote(code)}")
        for uid, note in sorted(draft.new_units.items()):
            out.append(f"unit {uid} {quote(note)}")
        for item in draft.new_items:
            out.append(f"item {item.id} {quote(item.label)} {item.unit} {item.kind}"
                       f"  # review: {item.table}, line {item.line}")
        out.append("")
    for title, date in draft.documents:
        out.append(f"document {quote(title)}" + (f" dated {date}" if date else ""))
    for rate in draft.rates:
        out.append(rate)
    out.append("")
    if draft.proposals:
        out.append("# ---- proposed rules: a \"Total\" row that foots with the rows above it ----")
        for p in draft.proposals:
            if p.foots and p.terms:
                expr = " ".join((("- " if sign < 0 else "+ ") if i else ("-" if sign < 0 else "")) + item
                                for i, (item, sign) in enumerate(p.terms))
                if p.note:
                    out.append(f"# {p.table}, line {p.line}: rule {p.target} = {expr}  ({p.note})")
                else:
                    out.append(f"rule {p.target} = {expr}  # {p.table}, line {p.line}")
            else:
                out.append(f"# {p.table}, line {p.line}: {p.note}")
        out.append("")
    if draft.accepts:
        out.append("# ---- an average over a period (its label says so) is no sum of its quarters ----")
        for item, period, table, line in draft.accepts:
            out.append(f"accept period-sum-mismatch at {item}@{period} "
                       f"{quote(f'an average over {period}, not the sum of its quarters: {table}, line {line}')}")
        out.append("")
    for kind, thing in draft.blocks:
        if kind == "table":
            out += table_text(thing)
        else:
            out.append(f"# {thing.source}, line {thing.line}")
            out.append(f"claim {quote(thing.text)}")
            out += [f"  {line}" for line in thing.lines]
            out += [f"# not placed: {c}" for c in thing.comments]
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"
