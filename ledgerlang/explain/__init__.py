"""`ledger explain`: the derivation tree of one figure, with values, intervals, rules and sources.

    Book --evaluate--> Evaluation --check--> diagnostics
    (Evaluation, diagnostics, one figure) --explain--> Node tree --render--> text / JSON

It sits after `check`: it reads the evaluator's values (reported, derived,
summed over quarters) and the rules that tie them, and walks down from one
figure to the printed figures it comes from. At each rule it says whether
the printed interval and the computed interval meet, and by how much they
miss when they do not, so a violation can be followed to its source.
"""

from ledgerlang.explain.tree import Node, Printed, RuleNode, explain_figure, explain_measure

__all__ = ["Node", "Printed", "RuleNode", "explain_figure", "explain_measure"]
