"""`ledger explain` walks from a figure to the printed figures it comes from, rule by rule."""

from ledgerlang.check import check
from ledgerlang.evaluate.compute import evaluate
from ledgerlang.explain import explain_figure, render
from ledgerlang.model.period import parse_period
from support import book

BOOK = """
item a "A" JPY flow credit
item b "B" JPY flow credit
item total "Total" JPY flow credit = a + b
item margin "A over total" % flow = a / total
table "T" in JPY millions
  columns 1Q03
  a      3,321
  b        767
  total  {total}
"""


def explained(total: str, item: str = "total"):
    loaded, diagnostics = book(BOOK.format(total=total))
    evaluation, more = evaluate(loaded)
    found = diagnostics + more + check(loaded, evaluation)
    return explain_figure(evaluation, found, item, parse_period("1Q03"))


def test_a_reported_total_shows_its_rule_inputs_and_agreement():
    """A total off by one from separate rounding is shown as agreeing within rounding."""
    node = explained("4,089")
    assert (node.what, node.origin) == ("total@1Q03", "reported")
    assert node.printed[0].text == "4,089"
    rule = node.rules[0]
    assert rule.rule == "total = a + b" and rule.status == "holds"
    assert [i.what for i in rule.inputs] == ["a@1Q03", "b@1Q03"]
    assert not node.violated


def test_a_violation_shows_the_miss_between_printed_and_computed_intervals():
    """4,098 printed against 3,321 + 767: the intervals miss by 8.5 million beyond rounding."""
    node = explained("4,098")
    rule = node.rules[0]
    assert rule.status == "violated"
    assert rule.miss == 8_500_000
    assert node.violated
    text = render.text(node)
    assert "VIOLATED" in text and "8.5 million" in text
    assert "check: error[total-mismatch]" in text


def test_a_miss_is_cut_to_its_last_digit_as_at_least_says():
    """a printed 3,321.04 and b 767: the sum is in [4,087.535, 4,088.545]; 4,092 printed is at least
    4,091.5, a miss of 2.955 million, which is at least 2.9 million, not at least 3.0."""
    loaded, diagnostics = book(BOOK.format(total="4,092").replace("3,321", "3,321.04"))
    evaluation, more = evaluate(loaded)
    node = explain_figure(evaluation, diagnostics + more + check(loaded, evaluation), "total", parse_period("1Q03"))
    assert node.rules[0].miss == 2_955_000
    assert "misses it by at least 2.9 million beyond rounding" in render.text(node)


def test_a_derived_figure_is_explained_by_the_rule_that_derives_it():
    """margin@1Q03 is not printed: its node is derived, and its inputs are the printed figures."""
    node = explained("4,089", "margin")
    assert node.origin == "derived"
    assert node.rules[0].status == "derives"
    assert [i.what for i in node.rules[0].inputs] == ["a@1Q03", "total@1Q03"]


def test_json_keeps_exact_values_without_exponents():
    """JSON values are plain digits in base units."""
    tree = render.as_dict(explained("4,089"))
    assert tree["value"] == "4089000000"
    assert tree["rules"][0]["inputs"][0]["printed"][0]["text"] == "3,321"


DERIVED = """
item rev "Revenues" JPY flow
item cost "Costs" JPY flow
item op "Operating income" JPY flow = rev - cost
item margin "Operating margin" % flow = op / rev
table "T" in JPY millions
  columns 9M FY2015 9M FY2016
  rev 10,000 12,000
  cost 7,700 10,000
claim "Operating income and the operating margin for the nine months"
  op@9M FY2016 = 2,300 JPY millions
  margin@9M FY2016 = 20%
"""


def explained_derived(item: str, op: str = "2,300"):
    loaded, diagnostics = book(DERIVED.replace("op@9M FY2016 = 2,300", f"op@9M FY2016 = {op}"))
    evaluation, more = evaluate(loaded)
    found = diagnostics + more + check(loaded, evaluation)
    return found, explain_figure(evaluation, found, item, parse_period("9M FY2016"))


def test_explain_agrees_with_check_on_a_claim_of_a_derived_item():
    """A claim check reports as a mismatch on a derived item is VIOLATED in explain too, with the miss."""
    found, node = explained_derived("op")
    assert any(d.code == "claim-mismatch" and d.item == "op" for d in found)
    rule = node.rules[0]
    assert rule.status == "violated" and node.violated
    assert rule.miss == 298_500_000  # [1,999, 2,001] against [2,299.5, 2,300.5] million


def test_the_likely_error_hint_is_only_given_for_totals():
    """For a ratio explain does not blame "the printed total, or an input printed once"."""
    _, node = explained_derived("margin", op="2,000")  # op agrees: only the 20% is off (16.67%)
    text = render.text(node)
    assert node.rules[0].kind == "other" and node.rules[0].status == "violated"
    assert "the printed total, or an input printed once" not in text
    assert "a ratio or a change cannot tell which" in text


def test_missing_quarters_are_one_line():
    """A nine-month figure without its quarters shows one line naming them, not a node per quarter."""
    _, node = explained_derived("rev")
    lines = render.text(node).splitlines()
    assert lines[-1].strip() == ("cannot be computed: no value for rev@1Q16, rev@2Q16, rev@3Q16 (not printed, "
                                 "and no rule derives them from printed figures)")
    assert not any(line.strip().startswith("rev@1Q16") for line in lines)
