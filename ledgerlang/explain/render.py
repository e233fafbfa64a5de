"""An explanation for the reader (an indented tree) or for programs (JSON)."""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal

from ledgerlang.check import show
from ledgerlang.explain.tree import Node, RuleNode
from ledgerlang.render.diagnostics import exact, interval
from ledgerlang.visible import json_text

STEP = "  "


def _places(node: Node, extra: int = 0) -> int:
    return show.places_for(node.exponent, node.scale, extra)


def _interval(iv, node: Node, extra: int) -> str:
    """An interval at the node's scale, with more places where its two ends would read the same:
    "[4,088.6, 4,088.6] million" said nothing of a width of 0.002 million."""
    places = _places(node, extra)
    if iv is not None and iv.lo != iv.hi:
        for more in range(places, places + 7):
            if show.number(iv.lo, node.scale, more) != show.number(iv.hi, node.scale, more):
                places = more
                break
    return show.interval(iv, node.scale, places)


def text(node: Node) -> str:
    out: list[str] = []
    _node(node, 0, out)
    return "\n".join(out) + "\n"


def _value(node: Node, value, extra: int = 0, rounding: str | None = None) -> str:
    """A value at the node's scale, with `extra` more digits only where it has them; `rounding`
    ROUND_DOWN for a miss, which the words "at least" make a lower bound."""
    try:
        exact = value == value.quantize(Decimal(1).scaleb(node.exponent))
    except ArithmeticError:
        exact = False
    return show.amount(value, node.scale, _places(node, 0 if exact else extra), rounding)


def _node(node: Node, depth: int, out: list[str]) -> None:
    pad = STEP * depth
    if node.value is None:
        why = ("its rules cannot be computed" + (", as above" if node.repeated else "")
               if node.rules or node.repeated else "no rule derives it from printed figures")
        out.append(f"{pad}{node.what}: no value (not printed, and {why})")
    else:
        interval = _interval(node.interval, node, 1)
        mark = "  (explained above)" if node.repeated else ""
        out.append(f"{pad}{node.what} = {_value(node, node.value, 1 if node.origin != 'reported' else 0)}  "
                   f"{node.origin}, any value in {interval}{mark}")
    for printed in node.printed:
        at = f" at {printed.location}" if printed.location else ""
        out.append(f"{pad}{STEP}printed {printed.text} in {printed.where}{at}")
    for printed in node.superseded:
        at = f" at {printed.location}" if printed.location else ""
        out.append(f"{pad}{STEP}restates {printed.text} in {printed.where}{at}")
    for check in node.checks:
        out.append(f"{pad}{STEP}check: {check.severity}[{check.code}]"
                   f"{' (acknowledged)' if check.acknowledged else ''}: {check.message}")
        for note in check.notes:  # the joint check's culprits: which figure to change, to what
            if note.startswith("culprit: "):
                out.append(f"{pad}{STEP}{STEP}{note}")
    for rule in node.rules:
        _rule(node, rule, depth + 1, out)


def _rule(node: Node, rule: RuleNode, depth: int, out: list[str]) -> None:
    pad = STEP * depth
    at = f" ({rule.location})" if rule.location else ""
    out.append(f"{pad}by {rule.rule}{at}")
    # Inputs with no value at all (a year's missing quarters) are named on one line, not one node each.
    missing = [c for c in rule.inputs if c.value is None and not c.checks and not c.rules and not c.repeated]
    if rule.value is None:
        if missing:
            out.append(f"{pad}{STEP}cannot be computed: no value for {', '.join(c.what for c in missing)} "
                       "(not printed, and no rule derives "
                       f"{'them' if len(missing) > 1 else 'it'} from printed figures)")
        else:
            out.append(f"{pad}{STEP}cannot be computed: an input has no value")
    else:
        computed = (f"{pad}{STEP}computed {_value(node, rule.value, 1)}, any value in "
                    f"{_interval(rule.interval, node, 1)}")
        if rule.status == "holds":
            computed += ": agrees with the printed figure within rounding"
        elif rule.status == "violated":
            computed += (f": VIOLATED, the printed figure misses it by at least {_value(node, rule.miss, 1, ROUND_DOWN)} "
                         "beyond rounding")
        out.append(computed)
        if rule.status == "violated":
            suspects = [i.what for i in rule.inputs if i.violated or i.checks or i.value is None]
            if suspects:
                out.append(f"{pad}{STEP}inputs with problems of their own: {', '.join(suspects)}")
            elif rule.kind == "sum":
                out.append(f"{pad}{STEP}every input is consistent on its own: the printed total, or an input "
                           "printed once, is the likely error")
            else:
                # A ratio or a change does not say which side is wrong: any one figure can explain the miss.
                out.append(f"{pad}{STEP}every input is consistent on its own: the printed figure or one of "
                           "the inputs is wrong; a ratio or a change cannot tell which")
    for child in rule.inputs:
        if all(child is not m for m in missing):
            _node(child, depth + 1, out)


def as_dict(node: Node) -> dict:
    return {
        "figure": node.what,
        "origin": node.origin,
        "value": exact(node.value),
        "interval": interval(node.interval),
        "scale": node.scale,
        "repeated": node.repeated,
        "printed": [{"text": p.text, "where": p.where, "location": p.location, "value": exact(p.value),
                     "interval": interval(p.interval)} for p in node.printed],
        "superseded": [{"text": p.text, "where": p.where, "location": p.location, "value": exact(p.value),
                        "interval": interval(p.interval)} for p in node.superseded],
        "checks": [{"severity": str(d.severity), "code": d.code, "message": d.message,
                    "acknowledged": d.acknowledged,
                    "culprits": [n[len("culprit: "):] for n in d.notes if n.startswith("culprit: ")]}
                   for d in node.checks],
        "rules": [{"rule": r.rule, "location": r.location, "value": exact(r.value),
                   "interval": interval(r.interval), "status": r.status, "kind": r.kind,
                   "miss": exact(r.miss),
                   "inputs": [as_dict(i) for i in r.inputs]} for r in node.rules],
    }


def as_json(node: Node) -> str:
    return json_text(as_dict(node))
