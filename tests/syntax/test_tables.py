"""Tables as printed: which figures a table's scale applies to (syntax/tables.py)."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from ledgerlang.evaluate.interval import ends
from ledgerlang.model.period import parse_period
from support import book, codes, diagnose

SHARES = """
item shares.avg "Average shares" shares flow
item eps "EPS" USD/shares flow
item rev "Revenue" USD flow
"""


def _value(loaded, item: str, period: str = "1Q24") -> Decimal:
    return next(f.value.value for f in loaded.facts if f.item == item and f.period == parse_period(period))


def test_a_table_in_a_scale_alone_is_read_at_that_scale_for_its_counts():
    """`table "Shares" in thousands`: 10,500 is 10.5 million shares, as the grammar's comment and
    a newcomer read it; the scale was silently dropped for every row not in a currency."""
    loaded, diagnostics = book(SHARES + """
    table "Shares (in thousands)" in thousands
      columns 1Q24
      shares.avg 10,500
    claim "10.5 million shares"
      shares.avg@1Q24 = 10.5 millions
    """)
    assert diagnostics == []
    assert _value(loaded, "shares.avg") == Decimal("10500E3")
    assert codes(SHARES + """
    table "Shares (in thousands)" in thousands
      columns 1Q24
      shares.avg 10,500
    claim "10.5 million shares"
      shares.avg@1Q24 = 10.5 millions
    """) == []


def test_a_table_in_a_declared_unit_is_read_at_its_scale_for_that_unit():
    """`in shares thousands` names the unit its figures are in: shares rows take the thousands."""
    loaded, diagnostics = book(SHARES + """
    table "Shares" in shares thousands
      columns 1Q24
      shares.avg 10,500
    """)
    assert diagnostics == []
    assert _value(loaded, "shares.avg") == Decimal("10500E3")


def test_a_table_of_money_keeps_its_counts_and_per_share_amounts_in_units():
    """In a table in USD millions, a share count and a per-share amount are printed in units, as
    IIJ's appendices print them; the row's `in thousands` overrides that."""
    loaded, diagnostics = book(SHARES + """
    table "Results" in USD millions
      columns 1Q24
      rev 1,234
      eps 1.20
      shares.avg 22,611
    """)
    assert diagnostics == []
    assert [_value(loaded, i) for i in ("rev", "eps", "shares.avg")] == [Decimal("1234E6"), Decimal("1.20"),
                                                                         Decimal("22611")]
    loaded, diagnostics = book(SHARES + """
    table "Per share" in thousands
      columns 1Q24
      eps 1.20
    """)
    assert _value(loaded, "eps") == Decimal("1.20")  # per-share: never a table's scale


def test_a_rows_own_scale_does_not_scale_its_percentages():
    """`shares.avg in thousands` scales the row's figures, not its yoy%: 5.0% was read as 5,000%."""
    assert codes(SHARES + """
    table "Per share" in USD millions
      columns 1Q24 1Q23 yoy%(1Q24)
      shares.avg in thousands  10,500  10,000  5.0%
    """) == []


def _assumed(text: str) -> list:
    from support import diagnose

    return [d for d in diagnose(text) if d.code == "unit-assumed"]


def test_a_table_of_money_with_no_unit_or_scale_says_it_reads_whole_units():
    """`table "Income statement"` with no `in`: 120 is USD 120, once said, at the first money figure;
    the author who forgot `in USD millions` learns it there, not from a mismatch "0.0 million"."""
    [found] = _assumed(SHARES + 'table "Income statement"\n  columns 1Q24\n  eps 1.20\n  rev 120\n  rev 130\n')
    assert found.severity.name == "WARNING"
    assert found.message == ("table 'Income statement' names no unit or scale: its USD figures are read in whole "
                             "USD (120 is USD 120)")
    assert (found.span.line, found.span.column) == (14, 7)  # rev 120, not eps 1.20 (per share: no money)
    assert "`in USD millions`" in found.notes[0] and "`in USD`" in found.notes[0]


def test_a_table_that_says_its_unit_or_prints_no_money_or_exact_figures_is_not_mentioned():
    """`in USD` says whole dollars; a table of counts or per-share amounts has no money to scale; a
    table `rounding exact` states its figures in full."""
    assert _assumed(SHARES + 'table "Per share" in USD\n  columns 1Q24\n  eps 1.20\n  rev 120\n') == []
    assert _assumed(SHARES + 'table "Counts"\n  columns 1Q24\n  shares.avg 10,500\n  eps 1.20\n') == []
    assert _assumed(SHARES + 'table "T"\n  rounding exact\n  columns 1Q24\n  rev 120\n') == []


def _reported(loaded, item: str, period: str = "1Q24"):
    return next(f.value for f in loaded.facts if f.item == item and f.period == parse_period(period))


PER_SHARE = SHARES + """
item dps "Dividend per share" USD/shares flow
item margin "Margin" % flow
"""


def test_a_dash_in_a_row_printed_finer_than_its_table_is_nil_to_the_rows_last_digit():
    """A per-share row of a table in millions is read in units: its dash, no dividend, was zero
    give or take half a dollar, so a claim of a $0.30 dividend went unchallenged. It is zero to
    the row's last digit, as the row's other figures print it; a money row's dash keeps the
    table's scale, and so does a row with nothing else printed."""
    loaded, diagnostics = book(PER_SHARE + """
    table "Per share" in USD millions
      columns      1Q24    1Q23    4Q23
      rev             -   1,234   1,300
      dps             -    0.05    0.10
      -dps            -    (0.05)  .
      margin          -    12.34%  12.5%
      shares.avg      -       .    .
    """)
    assert diagnostics == []
    exponents = {item: _reported(loaded, item).exponent for item in ("rev", "margin", "shares.avg")}
    assert exponents == {"rev": 6, "margin": -4, "shares.avg": 0}
    dashes = [f.value for f in loaded.facts if f.item == "dps" and f.period == parse_period("1Q24")]
    assert [(d.value, d.exponent, d.negated, d.text) for d in dashes] == [(0, -2, False, "-"), (0, -2, True, "-")]
    found = diagnose(PER_SHARE + """
    table "Per share" in USD millions
      columns 1Q24 1Q23
      dps        -  0.05
    claim "A dividend of $0.30 a share"
      dps@1Q24 = 0.30 USD/shares
    """)
    assert [d.code for d in found if d.severity.name == "ERROR"] == ["claim-mismatch"]


@given(st.integers(0, 4), st.lists(st.integers(1, 9_999), min_size=1, max_size=4))
def test_a_rows_dash_is_as_wide_as_its_finest_figure(places, whole):
    """Property: in a per-share row whose figures print `places` decimals at most, the dash's
    interval is zero plus or minus half the last of those digits."""
    cells = [f"{w / 10 ** places:.{places}f}" for w in whole]
    columns = ["1Q24"] + [f"{q}Q23" for q in range(1, len(cells) + 1)]
    loaded, diagnostics = book(PER_SHARE + f"""
    table "Per share" in USD millions
      columns {" ".join(columns)}
      dps - {" ".join(cells)}
    """)
    assert diagnostics == []
    lo, hi, _, _ = ends(_reported(loaded, "dps"))
    assert (lo, hi) == (-Decimal(5).scaleb(-places - 1), Decimal(5).scaleb(-places - 1))


def test_a_dash_under_a_measure_column_is_nil_to_the_last_digit_of_its_siblings():
    """`USD(FY2024)` printing `-` beside `USD(FY2023)` printing 0.10 in a per-share row: zero to the
    cent, as its sibling prints, so 36.00 yen at 120 a dollar (0.30) is a translation-mismatch; under
    a column of another measure, or with no sibling, the dash keeps its own width."""
    text = PER_SHARE + """
    item dpsj "Dividend per share" JPY/shares flow
    rate r: 120 JPY per USD on 2024-03-31 "rate"
    table "Per share" in JPY millions
      columns  1Q24   1Q23  USD(1Q24)  USD(1Q23)
      dpsj    36.00  12.00          -       0.10
    """
    loaded, diagnostics = book(text)
    assert diagnostics == []
    [dash] = [m.value for m in loaded.measured if m.value.text == "-"]
    assert (dash.value, dash.exponent) == (0, -2)
    assert [d.code for d in diagnose(text) if d.severity.name == "ERROR"] == ["translation-mismatch"]
    loaded, _ = book(PER_SHARE + """
    item dpsj "Dividend per share" JPY/shares flow
    rate r: 120 JPY per USD on 2024-03-31 "rate"
    table "Per share" in JPY millions
      columns  1Q24  USD(1Q24)
      dpsj    36.00          -
    """)
    [dash] = [m.value for m in loaded.measured if m.value.text == "-"]
    assert dash.exponent == 0



TANSHIN = """
item a "A" JPY flow
item b "B" JPY flow
item c "C" JPY flow
item d "D" JPY flow
item total "Total" JPY flow
  = a + b + c + d
item rev "Revenue" JPY flow
item eps "EPS" JPY/shares flow
item margin "Margin" % flow
"""


def _tanshin(rounding: str) -> str:
    """A 決算短信's table: yen cut at the million (four parts of 100.9 million and their total of
    403.6, each printed cut), a change in % and per-share yen rounded (100,000 over 89,955 is
    11.17%, printed 11.2%)."""
    return TANSHIN + f"""
    table "連結経営成績（百万円未満切捨て）" in JPY millions
      {rounding}
      columns  FY2024  FY2023  yoy%(FY2024)
      a           100       .             .
      b           100       .             .
      c           100       .             .
      d           100       .             .
      total       403       .             .
      rev     100,000  89,955         11.2%
      eps       12.35   11.10             .
      margin     5.0%    4.9%             .
    """


def test_rounding_truncate_amounts_cuts_the_yen_and_rounds_the_rest():
    """`rounding truncate amounts`: the figures in the table's currency are cut (百万円未満切捨て),
    its percentages and per-share figures rounded to nearest, as a 決算短信 prints them. Rounded
    throughout, the cut parts miss their total; cut throughout, the rounded-up change misses its
    figures: each of those readings finds an error the release does not have."""
    loaded, diagnostics = book(_tanshin("rounding truncate amounts"))
    assert diagnostics == []
    roundings = {f.item: f.value.rounding for f in loaded.facts}
    assert roundings == {"a": "truncate", "b": "truncate", "c": "truncate", "d": "truncate",
                         "total": "truncate", "rev": "truncate", "eps": "nearest", "margin": "nearest"}
    assert [m.value.rounding for m in loaded.measured] == ["nearest"]
    errors = {option: [d.code for d in diagnose(_tanshin(option)) if d.severity.name == "ERROR"]
              for option in ("rounding truncate amounts", "rounding truncate", "rounding nearest")}
    assert errors == {"rounding truncate amounts": [], "rounding truncate": ["change-mismatch"],
                      "rounding nearest": ["total-mismatch"]}
