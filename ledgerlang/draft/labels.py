"""What a row's label and a change column's figures say of their units: a per-share amount, a percentage,
a count, a row's own scale or currency, a change printed in amounts. `compose.py` and `items.py` ask them
while they name a table's rows; each answer is a pattern on the label as printed, or a test of the printed figures.
"""

from __future__ import annotations

import re

from ledgerlang.draft.names import figure_value, last_digit
from ledgerlang.model.period import shift

# A units line that says its figures are in whole units: "(in euros)", "in EUR", "(USD)".
WHOLE_UNITS = re.compile(r"(?i)\(?\b(?:in|en) (?:JPY|USD|EUR|GBP|CHF|yen|euros?|U\.S\. dollars|US dollars|dollars)\)?(?!\w)"
                         r"|\((?:JPY|USD|EUR|GBP|CHF|¥|\$|€|£)\)")
PER_SHARE = re.compile(r"\bper (?:common |ordinary |diluted |basic )?(?:share|ads)\b|\bEPS\b|[1１]株当たり"
                       r"|\bje (?:Stamm|Vorzugs)?aktie\b|\bpar action\b|\bper azione\b|\bpor acci[oó]n\b", re.I)
# A per-share amount printed in hundredths of its currency ("Basic EPS (pence)", "in € cents"): a unit the
# draft does not write, so its figures are left out, never written as pounds or euros.
SUBUNIT = re.compile(r"(?i)\b(?:pence|cents?|centimes?|Rappen|øre|öre)\b")
PENCE_MARK = re.compile(r"\((?:p|ct)\)")  # "Basic earnings per share (p)": pence, where the row is per share
# A row whose label says its figures are percentages: "EBIT margin (%)", "EBIT-Marge in %", "Return on equity, %",
# "Equity ratio in percent", "in % of sales"
PERCENT_LABEL = re.compile(r"(?i)[%％]\s*$|\(\s*(?:in\s+)?[%％]\s*\)|\b(?:in|en)\s+[%％]"
                           r"|\b(?:in\s+)?(?:percent|per\s+cent|Prozent|pourcentage)\b")
# A row's own units, in parentheses at the end of its label or after "in": "Order backlog (€ bn)", "Kunden in Tsd."
LABEL_UNITS = re.compile(r"\(([^()]*)\)\s*$|\b(?:in|en)\s+([^()]+)$")
# A ratio's label: in a table of money with no "%" printed, its unit is a guess, listed to check
RATIO_LABEL = re.compile(r"(?i)^(?!.*\b(?:gross|brute?|brutto)\b).*\b(?:margin|marge|ratio|quote|rate|taux|rendite|"
                         r"return on|yield)\b")  # a gross margin ("Marge brute") is an amount
SHARE_COUNT = re.compile(r"\b(?:number of|weighted[- ]average)\b.*\bshares?\b|\bshares (?:outstanding|used)\b", re.I)


# An amount's label, whatever else it names: "Revenue from contracts with customers" is money, not a count
MONEY_WORDS = re.compile(r"(?i)\b(?:revenues?|sales|income|expenses?|costs?|profit|loss|earnings|Umsatz\w*|Erlöse|"
                         r"Aufwand|Aufwendungen|Ergebnis|chiffre|produits|charges|résultat|EBITDA?)\b")
# A count's label: the counted thing is its subject ("Employees", "Customers (thousands)", "Mitarbeiter (Anzahl)"),
# never a word further on ("thereof from contracts with customers": an amount)
COUNT = re.compile(r"\bnumber of\b|\((?:number|Anzahl|nombre)\)|従業員数|店舗数|契約数"
                   r"|^\W*(?:total\s+|average\s+)?(?:employees|headcount|head count|subscribers|customers|stores|"
                   r"branches|outlets|Anzahl|Mitarbeiter(?:innen)?|Beschäftigte|nombre de|effectifs?|salariés|"
                   r"collaborateurs|FTEs?)\b", re.I)


def differences(raw, specs, idx) -> bool:
    """Does a change column print the differences of its two periods' amounts ("132,2" beside 1.234,5 and
    1.102,3), in more rows than it prints their % change?"""
    spec = specs[idx]
    step = 4 if spec.kind == "yoy" else 1
    now = next((i for i, s in enumerate(specs) if s.kind == "period" and s.period == spec.period), None)
    before = next((i for i, s in enumerate(specs) if s.kind == "period" and s.period == shift(spec.period, -step)),
                  None)
    if now is None or before is None:
        return False
    amounts = ratios = 0
    for row in raw.rows:
        texts = [row.cells[i] if i < len(row.cells) else "" for i in (now, before, idx)]
        a, b, change = (figure_value(t) for t in texts)
        if a is None or b is None or change is None:
            continue
        slack = sum(last_digit(t) for t in texts)
        if abs((a - b) - change) <= slack:
            amounts += 1
        elif b and abs((a - b) / abs(b) * 100 - change) <= last_digit(texts[2]) + 1:
            ratios += 1
    return amounts > ratios
