"""Joint checking finds what no single relation shows, and names the figure most likely wrong."""

from support import LONG_CLAIM, PRELUDE, book, codes, diagnose

from ledgerlang.check import CHECKS
from ledgerlang.check.coverage import Coverage
from ledgerlang.evaluate.compute import evaluate
from ledgerlang.evaluate.propagate import Uses

PER_SHARE = """
unit ADS
item net.income "Net income (loss)" JPY flow
item shares.weighted "Weighted average number of shares" shares flow
item ads.weighted "Weighted average number of ADS equivalents" ADS flow
item eps.basic "Basic net income (loss) per share" JPY/shares flow
  = net.income / shares.weighted
item ads.per_share "ADS equivalents per share" ADS/shares flow
  = 2000
rule ads.weighted = shares.weighted * ads.per_share
table "Appendix 1" in JPY thousands
  columns          1Q03
  net.income       (1,989,090)
  eps.basic        {eps}
  shares.weighted  22,611
  ads.weighted     45,222,494
"""


def pairwise(text: str) -> list[str]:
    loaded, _ = book(text)
    evaluation, _ = evaluate(loaded)
    coverage = Coverage(evaluation)
    # the violations the checks find one relation at a time (notes such as not-checkable aside)
    return [d.code for run in CHECKS for d in run(loaded, evaluation, coverage) if d.severity > 0]


def test_the_per_share_figure_fails_only_jointly():
    """Each relation holds on its own; the ADS count pins the shares, and then the per-share figure cannot be -87,970."""
    text = PER_SHARE.format(eps="(87,970)")
    assert pairwise(text) == []
    found = diagnose(text)
    assert [d.code for d in found] == ["joint-inconsistent"]
    d = found[0]
    assert (d.item, d.period) == ("eps.basic", "1Q03")
    source = (PRELUDE + text).splitlines()
    assert source[d.span.line - 1][d.span.column - 1:].startswith("(87,970)")
    chain = [n for n in d.notes if n.startswith("chain ")]
    assert any("rule eps.basic = net.income / shares.weighted" in n for n in chain)
    assert any("rule ads.weighted = shares.weighted * ads.per_share" in n for n in chain)
    assert any("prints ads.weighted@1Q03 as 45,222,494" in n for n in chain)
    assert any("prints eps.basic@1Q03 as (87,970)" in n for n in chain)
    empty = next(n for n in d.notes if n.startswith("empty: "))
    assert "ads.weighted@1Q03 is in [45,222,493.5, 45,222,494.5]" in empty or "eps.basic" in empty
    culprit = next(n for n in d.notes if n.startswith("culprit: "))
    assert "eps.basic@1Q03 from -87,970 to -87,969" in culprit


def test_the_corrected_per_share_figure_passes():
    """-1,989,090 thousand / 22,611.247 shares = -87,969.05, which prints (87,969): no error."""
    assert codes(PER_SHARE.format(eps="(87,969)")) == []


def test_without_the_ads_rule_nothing_is_found():
    """The printed 22,611 alone allows -87,970: the error needs both relations."""
    text = PER_SHARE.format(eps="(87,970)").replace("rule ads.weighted = shares.weighted * ads.per_share\n", "")
    assert codes(text) == ["not-checkable"]  # the ADS count, which nothing uses without the rule


def test_an_acknowledged_joint_finding_is_not_an_error():
    """`accept joint-inconsistent at ITEM@PERIOD` acknowledges it like any other code."""
    text = PER_SHARE.format(eps="(87,970)") + 'accept joint-inconsistent at eps.basic@1Q03 "the source divides by 22,611"\n'
    found = diagnose(text)
    assert [(d.code, d.acknowledged is not None) for d in found] == [("joint-inconsistent", True)]



MARGIN = """
item rev "Revenues" JPY flow
item cost "Cost" JPY flow
item gm "Gross margin" % flow = (rev - cost) / rev
table "T" in JPY millions
  columns 1Q03
  rev   10
  cost   7
  gm    40%
"""


def test_a_margin_that_cannot_hold_is_not_said_to_hold_on_its_own():
    """(rev - cost) / rev is at most 1 - 6.5 / 10.5 = 38.1%, so 40% cannot be; the rule's own check,
    which lets each use of rev take its own value, misses it. The joint finding must say that this
    one relation fails, not that every relation holds on its own, and count it in the singular."""
    assert pairwise(MARGIN) == []
    found = diagnose(MARGIN)
    assert [d.code for d in found] == ["joint-inconsistent"]
    d = found[0]
    assert d.message.endswith("the 2 other printed figures and the relation that pin it down"), d.message
    hint = next(n for n in d.notes if n.startswith("hint: "))
    assert "holds on its own" not in hint
    assert "this one relation cannot hold" in hint and "it uses rev twice" in hint
    assert codes(MARGIN.replace("40%", "38.1%")) == []  # 38.1% is [38.05, 38.15]: it can hold


def test_a_ratio_over_a_divisor_that_may_be_zero_is_not_said_to_use_a_figure_twice():
    """op 5 over rev printed 0 ([-0.5, 0.5]) is at least 9 in size: a margin of 10% cannot be. The
    rule's own check gives up on a divisor that may be zero; the joint pass proves it, and its hint
    must not blame a figure used twice (none is) or pretend the relation holds on its own."""
    found = diagnose("""
    item op "Operating income" JPY flow
    item rev "Revenues" JPY flow
    item margin "Margin" % flow = op / rev
    table "T" in JPY millions
      columns 1Q03
      op 5
      rev 0
      margin 10%
    """)
    assert [d.code for d in found if d.severity > 0] == ["joint-inconsistent"]
    hint = next(n for n in found[0].notes if n.startswith("hint: "))
    assert "twice" not in hint and "holds on its own" not in hint
    assert "a divisor whose interval holds zero" in hint
    empty = next(n for n in found[0].notes if n.startswith("empty: "))
    assert "(-inf, inf)" not in empty  # a hull that reads as "any value", beside "no values satisfy"
    assert empty.startswith("empty: op / rev can give no value in [9.5, 10.5]%, where margin@1Q03 must be")

# -- culprits ---------------------------------------------------------------------------------

COLUMNS = """
rate usd: 119.87 JPY per USD on 2003-06-30
item a "A" JPY flow
item b "B" JPY flow
item c "C" JPY flow
item t "Total" JPY flow
  = a + b + c
table "Appendix" in JPY thousands
  columns USD(1Q03)   1Q03  share%(1Q03, t)
  a          {ua}  {a}   {sa}
  b          {ub}  {b}   {sb}
  c          {uc}  {c}   {sc}
  t          {ut}  {t}   100.0
"""
TRUE = {"a": 3_321_229, "b": 767_318, "c": 987_198}


def columns(**changed) -> str:
    values = dict(TRUE, t=sum(TRUE.values()))
    cells = {}
    for name in ("a", "b", "c", "t"):
        value = values[name]
        cells[name] = f"{value:,}"
        usd = (value * 100 * 2 + 11987) // (11987 * 2)  # value / 119.87, to the nearest unit
        cells["u" + name] = f"{usd:,}"
        if name != "t":
            tenths = (value * 1000 * 2 + values["t"]) // (values["t"] * 2)
            cells["s" + name] = f"{tenths // 10}.{tenths % 10}"
    cells.update(changed)
    return COLUMNS.format(**cells)


def culprits(text: str) -> list[str]:
    return [n for d in diagnose(text) if d.severity == 2 for n in d.notes if n.startswith("culprit: ")]


def test_the_unchanged_book_is_consistent():
    """The four columns, computed from the same true values, raise nothing."""
    assert codes(columns()) == []


def test_a_changed_total_is_named():
    """The total changed: the total is the figure to change, not one of its parts."""
    found = diagnose(columns(t="5,085,745"))
    assert found and all(d.code != "joint-inconsistent" for d in found)
    first = culprits(columns(t="5,085,745"))[0]
    assert "'Appendix', column 1Q03: t@1Q03 from 5,085,745 to 5,075,745" in first


def test_a_changed_component_is_named_though_the_total_reports():
    """A component changed: the total's rule fails at the total, but the culprit is the component."""
    found = diagnose(columns(b="777,318"))
    assert "total-mismatch" in [d.code for d in found]
    total = next(d for d in found if d.code == "total-mismatch")
    first = next(n for n in total.notes if n.startswith("culprit: "))
    assert "b@1Q03 from 777,318 to 767,318" in first
    assert "resolves 3 errors" in first  # the total, b's translation and b's share


def test_a_plugged_percentage_is_named_not_the_total():
    """A % column plugged to foot: the percentage is named."""
    found = diagnose(columns(sb="15.2"))
    assert [d.code for d in found] == ["share-mismatch"]
    first = culprits(columns(sb="15.2"))[0]
    assert "share%(b, t)@1Q03 from 15.2% to 15.1%" in first


def test_a_wrong_translation_is_named():
    """A translated column off by one: the USD figure is named, not the yen."""
    found = diagnose(columns(uc="8,230"))
    assert [d.code for d in found] == ["translation-mismatch"]
    first = culprits(columns(uc="8,230"))[0]
    assert "USD(c)@1Q03 from 8,230 to 8,236" in first


def test_no_error_is_reported_twice():
    """An error the pairwise checks report is not reported again by the joint pass."""
    for changed in ({"t": "5,085,745"}, {"b": "777,318"}, {"sb": "15.2"}, {"uc": "8,236"}):
        assert "joint-inconsistent" not in codes(columns(**changed))


def test_explain_shows_the_culprit_at_the_figure_to_change(tmp_path):
    """`ledger explain` on the wrong component lists the total's error that blames it, with the culprit."""
    from support import PRELUDE, ledger
    path = tmp_path / "book.iij"
    path.write_text(PRELUDE + columns(b="777,318"), encoding="utf-8")
    result = ledger("explain", "b@1Q03", str(path))
    assert "check: error[total-mismatch]" in result.stdout
    assert "culprit: changing 'Appendix', column 1Q03: b@1Q03 from 777,318 to 767,318 resolves 3 errors" in result.stdout
    as_json = ledger("explain", "b@1Q03", str(path), "--format", "json")
    assert "b@1Q03 from 777,318 to 767,318" in as_json.stdout and '"culprits"' in as_json.stdout


def test_a_term_times_zero_constrains_nothing():
    """`t = a + 0 * b`: the joint network drops the zero coefficient (the culprit search frees b's
    domain, and 0 times an unbounded domain is no number: it was an InvalidOperation, exit 3)."""
    text = ('item a "A" JPY flow\nitem b "B" JPY flow\nitem t "T" JPY flow = a + 0 * b\n'
            'table "T" in JPY millions\n  columns 1Q03\n  a 10\n  b 5\n  t 12\n')
    assert "total-mismatch" in codes(text) or "rule-mismatch" in codes(text)


# A running total of twelve steps, a form the IIJ release does not print, built from twelve lines of its
# Appendix 1 (1Q03, JPY thousands): each step adds one line. The subtotals are printed only to the
# tenth of a billion (their true values, rounded), so every rule holds alone; the last one, printed in
# thousands, is 10 thousand over the true sum, which only the whole chain of twelve rules shows.
LINES = (3_321_229, 767_418, 987_198, 519_709, 2_407_923, 340_569, 5_234_158, 2_323_392, 310_946, 826_979,
         612_047, 96_098)


def running_total() -> str:
    steps = len(LINES) - 1
    text = [f'item s{i} "Subtotal {i}" JPY flow' for i in range(len(LINES))]
    text += [f'item d{i} "Line {i}" JPY flow' for i in range(1, len(LINES))]
    text += [f"rule s{i} = s{i - 1} + d{i}" for i in range(1, len(LINES))]
    text += ['table "Lines" in JPY thousands', "  columns 1Q03", f"  s0 {LINES[0]:,}"]
    text += [f"  d{i} {LINES[i]:,}" for i in range(1, len(LINES))]
    text += [f"  s{steps} {sum(LINES) + 10:,}", 'table "Subtotals" in JPY billions', "  columns 1Q03"]
    tenths = [(sum(LINES[:i + 1]) + 50_000) // 100_000 for i in range(1, steps)]  # thousands to 0.1 billion
    text += [f"  s{i} {t // 10}.{t % 10}" for i, t in enumerate(tenths, 1)]
    return "\n".join(text) + "\n"


def test_a_proof_longer_than_the_chain_shown_is_not_said_to_be_proved_by_the_steps_shown():
    """The twelve steps shown start from subtotals other steps narrowed: they are satisfiable alone, and the
    finding says that the steps before them take part, without counting the figures and relations shown as all."""
    [found] = [d for d in diagnose(running_total()) if d.code == "joint-inconsistent"]
    assert len([n for n in found.notes if n.startswith("chain ")]) == 12
    assert found.message == "s11@1Q03 cannot be right together with the printed figures and relations that pin it down"
    empty = next(n for n in found.notes if n.startswith("empty: "))
    assert empty.endswith("satisfy these 12 together with the earlier steps they start from (only the 12 nearest "
                          "the conflict are shown)")


NETWORK_ORDER = """
import sys
from decimal import Context, localcontext
from ledgerlang.check.network import BookNetwork
from ledgerlang.evaluate.compute import evaluate
from ledgerlang.load import read_trees
from ledgerlang.syntax.build import build_book
book, _ = build_book(read_trees([sys.argv[1]])[0])
evaluation, _ = evaluate(book)
with localcontext(Context(prec=100)):
    network = BookNetwork(book, evaluation)
    solution = network.net.solve()
print(network.key_of)
origins = [network.origin_of(c) for c in range(len(network.origin))]
print([(o[0], str(o[2])) for o in origins if o[0] in ("rule", "quarters", "assertion")])
print(sorted(solution.revisions.items()))
"""


def test_the_network_and_its_propagation_are_the_same_in_every_process(tmp_path):
    """Constraints in the book's order, not a set's: string hashing differs per process, and with a set's
    order the propagation (and the chain a joint finding tells) could differ from one run to the next."""
    import os
    import subprocess
    import sys

    from support import ROOT

    # the benchmark's generated book: many items, each with a set of periods of its own
    subprocess.run([sys.executable, "bench/generate.py", "2000", "--out", str(tmp_path)], cwd=ROOT, check=True,
                   capture_output=True, timeout=120)
    outputs = set()
    for seed in ("1", "2", "3"):
        env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONHASHSEED=seed)
        run = subprocess.run([sys.executable, "-c", NETWORK_ORDER, str(tmp_path / "book.iij")], env=env,
                             capture_output=True, text=True, timeout=120, check=True)
        outputs.add(run.stdout)
    assert len(outputs) == 1


def test_a_long_claim_is_named_in_a_culprit_note_shortened_at_a_space_not_inside_a_figure():
    """The 57th character of this claim falls inside "8,344": the note must not say 'were JPY 8,'."""
    found = [d for d in diagnose(LONG_CLAIM.format(change="13.5%")) if d.code == "claim-mismatch"]
    assert len(found) == 1
    culprit = [n for n in found[0].notes if n.startswith("culprit:")]
    assert culprit[0] == ("culprit: changing claim 'Revenues for the first quarter of fiscal 2003 were JPY...': "
                          "yoy%(rev@1Q03) from -13.5% to -15.3% (digits transposed: 53 typed as 35) resolves 1 error")


# The private placement of books/iij (3,265 shares at JPY 418,200, exact; the cash flow statement's
# 1,365,424 thousand), with the price stated negated, a form the release does not use: built here
# so that the price and the count, exact, could be mended only by values they cannot print.
PLACEMENT = """
item amount "Amount raised" JPY flow
item count "Shares issued" shares flow
item price "Price per share" JPY/shares flow
rule amount = count * price
claim "It issued 3,265 new shares at JPY 418,200 per share, for JPY 1,365,424 thousand."
  count@1Q03 = 3,265 shares exact
  -price@1Q03 = -418,200 JPY exact
  amount@1Q03 = 1,365,424 JPY thousands
"""


def test_a_figure_only_values_of_more_digits_would_mend_is_no_culprit():
    """The price would have to be a value in [-418,200.46, -418,200.15] and the count 3,265.001 or so, more
    digits than either is printed with: the note offered the range, a value no author would print; only
    the amount, which can print 1,365,423, is named."""
    [found] = [d for d in diagnose(PLACEMENT) if d.code == "claim-mismatch"]
    culprits = [n for n in found.notes if n.startswith("culprit: ")]
    assert culprits == ["culprit: changing claim 'It issued 3,265 new shares at JPY 418,200 per share, for...': "
                        "amount@1Q03 from 1,365,424 to 1,365,423 resolves 1 error"]


def test_a_trial_that_would_start_where_the_neighbourhood_did_is_skipped_and_would_have_failed(tmp_path, monkeypatch):
    """A culprit trial that removes a figure printed again, more precisely, in the neighbourhood starts
    from the same intervals as the neighbourhood's own solve, which failed: it is not run. Every trial
    skipped is run here after all, and fails; and the diagnostics are those of running every trial."""
    import subprocess
    import sys

    from support import ROOT

    from ledgerlang.check import check, joint
    from ledgerlang.load import load_paths

    subprocess.run([sys.executable, "bench/generate.py", "3000", "--out", str(tmp_path)], cwd=ROOT, check=True,
                   capture_output=True, timeout=120)
    iij = [str(ROOT / "books" / "iij" / name) for name in
           ("iij.iij", "iij-1q03-earnings-release.iij", "iij-3q02-investor-presentation.iij")]
    as_before, skipped = joint._as_before, []

    def checked(net, local, removed):
        skip = as_before(net, local, removed)
        if skip:
            trial = net.solve(active=local, removed=frozenset(removed), track=False)
            assert not trial.consistent(), removed
            skipped.append(removed)
        return skip

    for paths in (iij, [str(tmp_path / "book.iij")]):
        loaded, _ = load_paths(paths)
        evaluation, _ = evaluate(loaded)
        monkeypatch.setattr(joint, "_as_before", checked)
        pruned = check(loaded, evaluation)
        monkeypatch.setattr(joint, "_as_before", lambda net, local, removed: False)
        assert check(loaded, evaluation) == pruned
    assert skipped  # the generator prints figures twice (a quarterly table, an appendix in thousands)


def test_the_network_names_each_variable_by_one_int_object_and_keeps_its_uses_in_one_array():
    """A printed figure's constraint holds its variable's own int object, and the variables' uses
    are numbers in one array, not int objects in a list each. Compiled, `len()` is a C integer,
    boxed anew wherever it is stored: at a million figures that was a million ints more; and a
    list of each variable's uses raised the build's peak by 49 MiB."""
    from array import array
    from decimal import Context, localcontext

    from support import ROOT

    from ledgerlang.check.network import BookNetwork
    from ledgerlang.load import load_paths

    loaded, _ = load_paths(sorted(str(path) for path in (ROOT / "books" / "iij").glob("*.iij")))
    evaluation, _ = evaluate(loaded)
    with localcontext(Context(prec=100)):
        network = BookNetwork(loaded, evaluation)
    constraints = network.net.constraints
    assert len(constraints) > 1000 and network.net.var_count > 300  # past the ints Python keeps one of each
    uses = network.net.uses
    assert isinstance(uses, Uses) and type(uses.flat) is array and len(uses) == network.net.var_count
    variables = {v: v for row in network.by_period.values() for v in row.values()}
    assert len(variables) == network.net.var_count
    claims = range(network.net.runs[-1], network.printed)  # a table's figures name no variable (runs)
    assert len(claims) > 10
    for c in claims:
        assert variables[constraints[c][1]] is constraints[c][1]


def test_a_variables_constraints_are_its_run_of_figures_then_its_uses_in_order():
    """The IIJ ledger's network: a table's figures are kept out of `uses` as runs (propagate.py
    `Network.runs`), so `uses_of(v)` must give, in order, exactly the constraints that name v, and
    `uses[v]` those of them that are no table figure. Each place and constraint reads back its origin
    (a bare constraint number, Measured or period where a list or tuple used to be)."""
    from decimal import Context, localcontext

    from support import ROOT

    from ledgerlang.check.network import BookNetwork
    from ledgerlang.evaluate.propagate import PRINTED, variables_of
    from ledgerlang.load import load_paths
    from ledgerlang.model.fact import Fact, Measured

    loaded, _ = load_paths(sorted(str(path) for path in (ROOT / "books" / "iij").glob("*.iij")))
    evaluation, _ = evaluate(loaded)
    with localcontext(Context(prec=100)):
        network = BookNetwork(loaded, evaluation)
    net = network.net
    named: dict[int, list[int]] = {v: [] for v in range(net.var_count)}
    for c in range(len(net.constraints)):
        for v in dict.fromkeys(variables_of(net.constraint(c))):
            named[v].append(c)
    in_runs = 0
    for v, expected in named.items():
        assert list(net.uses_of(v)) == expected
        run = range(net.runs[v], net.runs[v + 1]) if v + 1 < len(net.runs) else range(0)
        assert list(net.uses[v]) == [c for c in expected if c not in run]
        # a run's figures are kept as their intervals alone, read back with their kind and variable
        assert all(net.constraint(c) == (PRINTED, v, net.constraints[c]) and c < network.printed
                   and type(net.constraints[c][0]) is not int for c in run)
        in_runs += len(run)
    assert in_runs > 400 and in_runs == net.runs[-1]  # every table figure, in a run
    kinds = [network.origin_of(c)[0] for c in range(len(net.constraints))]
    assert kinds[:network.printed] == ["printed"] * network.printed
    assert {"measured", "rule"} <= set(kinds[network.printed:])
    assert any(isinstance(what, Measured) for what in network.origin)  # kept bare, read back as a tuple
    for c in range(len(net.constraints)):
        kind, what, *rest = network.origin_of(c)
        assert isinstance(what, Fact) == (kind == "printed") and isinstance(what, Measured) == (kind == "measured")
        assert network.is_figure(c) == (kind in ("printed", "measured"))
    places = _places_read_back(network)
    assert {"rule", "assertion"} <= {kind for kind, _, _ in places}
    assert any(len(found) > 1 for found in places.values())  # two rules of one target, say


def _places_read_back(network) -> dict:
    """Each place a diagnostic names (a rule's target, an item's quarter sum or an assertion, at a
    period), with its constraints as their origins tell, checked against `at_place`."""
    from ledgerlang.model.period import label

    places: dict[tuple, list[int]] = {}
    named = {"rule": lambda rule: rule.target, "assertion": lambda assertion: assertion.span}
    for c in range(len(network.net.constraints)):
        kind, what, *rest = network.origin_of(c)
        if kind in ("rule", "quarters", "assertion"):  # a rule's or item's read off its block
            places.setdefault((kind, named.get(kind, lambda item: item)(what), label(rest[0])), []).append(c)
    for (kind, what, period), found in places.items():
        assert network.at_place(kind, what, period) == found
    assert network.at_place("rule", "no.such.item", "FY2003") == []
    return places


def test_a_generated_books_quarter_sums_and_rules_are_found_at_their_places(tmp_path):
    """A pairwise diagnostic names a rule's target or an item's quarter sum at a period; the
    network finds its constraints from the blocks they were added in (`_own`), as the IIJ
    ledger's rules and assertions above. The generated book has the quarter sums."""
    import subprocess
    import sys
    from decimal import Context, localcontext

    from support import ROOT

    from ledgerlang.check.network import BookNetwork
    from ledgerlang.load import load_paths

    subprocess.run([sys.executable, "bench/generate.py", "3000", "--out", str(tmp_path)], cwd=ROOT, check=True,
                   capture_output=True)
    loaded, _ = load_paths([str(tmp_path / "book.iij")])
    evaluation, _ = evaluate(loaded)
    with localcontext(Context(prec=100)):
        network = BookNetwork(loaded, evaluation)
    places = _places_read_back(network)
    assert sum(kind == "quarters" for kind, _, _ in places) > 50
    assert sum(kind == "rule" for kind, _, _ in places) > 50


def test_a_variables_figures_read_from_the_network_are_its_values_figures():
    """`facts_of(v)` is the evaluation's Value.facts for v's key, in order, without reading the
    evaluation (a worker lets it go once its network is built, `Evaluation.release`). The IIJ
    ledger has every kind: a table's figure printed once or more, in a claim too, a claim's
    alone, a claim of a value a rule gives, and a value a rule gives that nothing prints."""
    from collections import Counter
    from decimal import Context, localcontext

    from support import ROOT

    from ledgerlang.check.network import BookNetwork
    from ledgerlang.load import load_paths

    loaded, _ = load_paths(sorted(str(path) for path in (ROOT / "books" / "iij").glob("*.iij")))
    evaluation, _ = evaluate(loaded)
    with localcontext(Context(prec=100)):
        network = BookNetwork(loaded, evaluation)
    kinds: Counter = Counter()
    expected = []
    for v, key in enumerate(network.key_of):
        value = evaluation.values[key]
        expected.append(value.facts)
        assert network.facts_of(v) == value.facts, key
        kinds[(key in evaluation.table_facts, key in evaluation.claim_facts, value.origin,
               len(value.facts))] += 1
    assert kinds[(True, False, "reported", 1)] and kinds[(True, False, "reported", 2)]
    assert kinds[(True, True, "reported", 2)] and kinds[(False, True, "reported", 1)]
    assert kinds[(False, True, "derived", 0)] and kinds[(False, False, "derived", 0)]
    evaluation.release()  # what the worker does: the network reads the same without it
    assert evaluation.values is None and evaluation.table_facts is None
    assert [network.facts_of(v) for v in range(len(network.key_of))] == expected


def test_a_network_built_releasing_its_evaluation_is_the_same_network(monkeypatch):
    """A worker builds its network with `release` (its copy of the evaluation used up as it goes,
    and let go after): the constraints, variables and origins are those of a build that keeps it.
    A large releasing build then hands the C library's free memory back (`_give_back`; the IIJ
    ledger counts as large here), and a build that keeps its evaluation does not."""
    from decimal import Context, localcontext

    from support import ROOT

    from ledgerlang.check import network
    from ledgerlang.check.network import BookNetwork
    from ledgerlang.load import load_paths

    given_back = []
    monkeypatch.setattr(network, "GIVE_BACK_FROM", 1000)
    monkeypatch.setattr(network, "_give_back", lambda: given_back.append(True))
    paths = sorted(str(path) for path in (ROOT / "books" / "iij").glob("*.iij"))
    networks = []
    for release in (False, True):
        loaded, _ = load_paths(paths)
        evaluation, _ = evaluate(loaded)
        with localcontext(Context(prec=100)):
            networks.append(BookNetwork(loaded, evaluation, release=release))
        assert (evaluation.values is None) == release
        assert given_back == [True] * release
    kept, released = networks
    assert kept.net.constraints == released.net.constraints and len(kept.net.constraints) > 1000
    assert kept.key_of == list(released.key_of) == [released.key_of[v] for v in range(len(released.key_of))]
    assert list(kept.net.runs) == list(released.net.runs)
    assert isinstance(released.net.uses, Uses)  # frozen: all in one array
    assert len(released.net.uses) == len(kept.net.uses)
    assert [list(used) for used in kept.net.uses] == [list(released.net.uses[v]) for v in range(len(kept.net.uses))]
    assert released.by_period is None  # read by nothing after the build
    assert [kept.origin_of(c) for c in range(len(kept.origin))] == \
        [released.origin_of(c) for c in range(len(released.origin))]
    assert [kept.facts_of(v) for v in range(len(kept.key_of))] == \
        [released.facts_of(v) for v in range(len(released.key_of))]


def test_handing_the_c_librarys_free_memory_back_is_harmless_anywhere():
    """`_give_back` calls glibc's malloc_trim where there is one, and nothing elsewhere: it never
    raises, and the process goes on allocating as before."""
    from ledgerlang.check.network import _give_back

    kept = [bytearray(64 * 1024) for _ in range(200)]  # blocks the C library's heap holds, then frees
    del kept[::2]
    _give_back()
    _give_back()
    assert sum(map(len, kept)) == 100 * 64 * 1024 and len(bytearray(1 << 20)) == 1 << 20
