"""Releases in European shapes (an IFRS interim report): figures with a decimal comma and thousands
set apart by spaces, units such as "€m", "TEUR" or "Mio. €", periods such as "H1 2025", "6M 2025",
"30 June 2025" or "31.12.2024". Every figure is drafted with its printed precision and sign in its
period and scale, or kept in a comment and listed: never a silent wrong figure, unit or period."""

from __future__ import annotations

import pytest

from .test_hard_releases import drafted, rows


def test_thousands_set_apart_by_one_plain_space_are_one_figure(tmp_path, capsys):
    """ "1 045,6" in a text table is 1,045.6, never a figure 1 beside a figure 045.6."""
    text, _ = drafted(tmp_path, """Muster AG

Consolidated income statement (in EUR million)

                                   H1 2025      H1 2024
Revenue                            1 234,5      1 102,3
Cost of sales                       (812,4)      (745,1)
Gross profit                          422,1        357,2
Other                             (1 000,0)         −2,5
Total                            12 345 678      1 000
""", capsys=capsys)
    got = rows(text)
    assert got["columns"] == ["1H25", "1H24"]
    assert got["revenue"][:2] == ["1,234.5", "1,102.3"]
    assert got["other"][:2] == ["(1,000.0)", "-2.5"]
    assert got["total"][:2] == ["12,345,678", "1,000"]
    assert "printed '1 234,5'" in text  # the printed text stays in the row's comment


def _table(units: str, header: str = "H1 2025      H1 2024") -> str:
    return f"""Muster AG

Key figures
{units}
                                   {header}
Revenue                              1.234,5      1.102,3
Operating profit                       210,4        163,1
"""


@pytest.mark.parametrize("units, written", [
    ("in € million", "in EUR millions"), ("EUR million", "in EUR millions"), ("in € thousand", "in EUR thousands"),
    ("in TEUR", "in EUR thousands"), ("Mio. €", "in EUR millions"), ("(CHF m)", "in CHF millions"),
    ("£m", "in GBP millions"), ("en millions d'euros", "in EUR millions"), ("en M€", "in EUR millions"),
    ("in k€", "in EUR thousands"), ("€m", "in EUR millions"), ("Mrd. EUR", "in EUR billions"),
    ("in EURm", "in EUR millions"), ("Tsd. €", "in EUR thousands"), ("EUR'000", "in EUR thousands"),
])
def test_a_units_line_in_european_words_gives_the_tables_scale(tmp_path, capsys, units, written):
    """ "€m", "TEUR", "Mio. €", "CHF m": the scale is read, never whole euros in silence."""
    text, out = drafted(tmp_path, _table(units), capsys=capsys)
    assert f'table "Key figures" {written}\n' in text
    assert "no scale read" not in out


def test_a_units_line_on_the_line_of_column_headers_is_the_tables(tmp_path, capsys):
    """ "in TEUR   Q2 2025   Q2 2024": the units printed over the labels are the table's."""
    text, _ = drafted(tmp_path, """Beispiel SE
Konzern-Gewinn- und Verlustrechnung

in TEUR                                 Q2 2025      Q2 2024
Umsatzerlöse                            45.678       41.234
Konzernergebnis                          3.210        2.987
""", capsys=capsys)
    assert 'table "Konzern-Gewinn- und Verlustrechnung" in EUR thousands\n' in text
    assert rows(text)["columns"] == ["2Q25", "2Q24"]


def test_a_currency_without_a_scale_the_draft_reads_is_listed_to_check(tmp_path, capsys):
    """A units line that names the euro in words the draft has no scale for is read in whole euros,
    and said so: a figure a thousand or a million times too small is never silent."""
    text, out = drafted(tmp_path, _table("EUR (Hunderttausend)"), capsys=capsys)
    assert 'table "Key figures" in EUR\n' in text
    assert "check: no scale read over the table, which names EUR" in out
    text, out = drafted(tmp_path, _table("(in EUR)"), capsys=capsys)  # whole euros, said so
    assert "no scale read" not in out


@pytest.mark.parametrize("printed, calendar, written", [
    ("6M 2025", (12, "end"), "1H25"), ("S1 2024", (12, "end"), "1H24"), ("T2 2025", (12, "end"), "2Q25"),
    ("12M 2024", (12, "end"), "FY2024"), ("Jan–Jun 2025", (12, "end"), "1H25"),
    ("January - June 2025", (12, "end"), "1H25"), ("Apr–Sep 2025", (3, "end"), "1H26"),
    ("30 June 2025", (12, "end"), "2025-06-30"), ("31 Dec 2024", (12, "end"), "2024-12-31"),
    ("31.12.2024", (12, "end"), "2024-12-31"), ("30. Juni 2025", (12, "end"), "2025-06-30"),
    ("31 décembre 2024", (12, "end"), "2024-12-31"), ("H1 2024¹", (12, "end"), "1H24"),
    ("H1 2025/26", (3, "end"), "1H26"), ("H1 2025/26", (9, "start"), "1H25"), ("2024/25", (3, "end"), "FY2025"),
    ("Q1 2025/26", (3, "start"), "1Q25"), ("2024 restated", (12, "end"), "FY2024"),
])
def test_a_european_column_header_names_its_period(printed, calendar, written):
    """Six months, a semestre, a span of months, a day before its month, a fiscal year across two years."""
    from ledgerlang.draft.columns import read_columns
    from ledgerlang.model.period import Calendar, label
    spec, = read_columns([printed], "", "EUR", Calendar(*calendar))
    assert spec.kind == "period" and label(spec.period) == written


@pytest.mark.parametrize("printed", ["H1 2025/26", "2024/25", "Jan–Jun 2025", "Apr–Sep 2025"])
def test_a_fiscal_year_across_two_years_is_no_period_on_a_calendar_it_does_not_fit(printed):
    """ "H1 2025/26" on the calendar year is not read as H1 2025: it is a column not understood."""
    from ledgerlang.draft.columns import read_columns
    from ledgerlang.model.period import Calendar
    spec, = read_columns([printed], "", "EUR", Calendar(9, "start") if printed.startswith("Jan") else Calendar())
    assert spec.kind == "unknown" and spec.period is None


def test_a_restated_column_is_read_and_listed_to_check(tmp_path, capsys):
    text, out = drafted(tmp_path, _table("in € million", "H1 2025      H1 2024 restated"), capsys=capsys)
    assert rows(text)["columns"] == ["1H25", "1H24"]
    assert "check: column 2 ('H1 2024 restated') restates an earlier printing" in out


def test_tables_of_one_release_in_their_own_units_and_periods_are_apart(tmp_path, capsys):
    """Tables one below the other, each with its title, units and column headers, are drafted apart:
    a balance sheet under an income statement is not read in the statement's periods, nor a table
    in CHF m in the units of the table in TEUR above it."""
    text, out = drafted(tmp_path, """Beispiel SE
Halbjahresfinanzbericht

Konzern-Gewinn- und Verlustrechnung
in TEUR                                 6M 2025      6M 2024       Δ %
Umsatzerlöse                            45.678       41.234        10,8
Konzernergebnis                          3.210        2.987         7,5
¹ Ohne Sondereffekte.


Consolidated balance sheet
EUR million
                                      30 June 2025    31 Dec 2024
Intangible assets                          512,3          498,7
Property, plant and equipment            1 045,6        1 012,9


Key figures (CHF m)                 H1 2025      H1 2024
Net sales                             2 345        2 210
Operating profit                        412          398
""", capsys=capsys)
    tables = [line for line in text.splitlines() if line.startswith("table ")]
    assert tables == ['table "Konzern-Gewinn- und Verlustrechnung" in EUR thousands',
                      'table "Consolidated balance sheet" in EUR millions',
                      'table "Key figures (CHF m)" in CHF millions']
    got = rows(text)
    assert got["intangible_assets"] == ["512.3", "498.7"]
    assert got["net_sales"][:2] == ["2,345", "2,210"]
    balance = text.split('table "Consolidated balance sheet"')[1].split("\n")[1]
    assert balance.split() == ["columns", "2025-06-30", "2024-12-31"]


def test_a_table_cut_by_a_pdf_page_is_continued_in_its_units(tmp_path, capsys):
    """HTML exported from a PDF: a table per page, the headers repeated, spacer columns, the unit
    only in the first page's title. The second page is the same table, in its units: never a table
    titled "1/2" whose figures are counts."""
    text, _ = drafted(tmp_path, """<html><head><meta charset="utf-8"><title>Rapport semestriel</title></head><body>
<p>Compte de résultat consolidé (en millions d’euros)</p>
<table>
<tr><td></td><td></td><td>S1 2025</td><td></td><td>S1 2024</td><td></td><td>Variation</td></tr>
<tr><td><b>Chiffre d’affaires</b></td><td></td><td><b>1 234,5</b></td><td></td><td><b>1 102,3</b></td><td></td><td>12,0 %</td></tr>
<tr><td>Coût des ventes</td><td></td><td>(812,4)</td><td></td><td>(745,1)</td><td></td><td>9,0 %</td></tr>
</table>
<p>1/2</p>
<table>
<tr><td></td><td></td><td>S1 2025</td><td></td><td>S1 2024</td><td></td><td>Variation</td></tr>
<tr><td>Résultat opérationnel (1)</td><td></td><td>220,4</td><td></td><td>163,1</td><td></td><td>35,1 %</td></tr>
<tr><td>Résultat net</td><td></td><td>149,7</td><td></td><td>107,4</td><td></td><td>n.m.</td></tr>
</table>
<p>2/2</p>
</body></html>
""", suffix=".html", capsys=capsys)
    tables = [line for line in text.splitlines() if line.startswith("table ")]
    assert tables == ['table "Compte de résultat consolidé (en millions d’euros)" in EUR millions',
                      'table "Compte de résultat consolidé (en millions d’euros), continued" in EUR millions']
    got = rows(text)
    assert got["resultat_operationnel"] == ["220.4", "163.1", "35.1%"]
    assert got["resultat_net"] == ["149.7", "107.4", "."]
    assert got["chiffre_d_affaires"] == ["1,234.5", "1,102.3", "12.0%"]
    assert 'item resultat_net "Résultat net" EUR flow' in " ".join(text.split())


def test_a_per_share_amount_in_european_words_and_one_in_pence(tmp_path, capsys):
    """ "Ergebnis je Aktie (€)" in a table in € million is euros per share, in units; "Basic EPS (pence)"
    in a table in £m is left out and listed, never written as pounds."""
    text, out = drafted(tmp_path, """Beispiel SE
Konzern-Gewinn- und Verlustrechnung
in Mio. €                               H1 2025      H1 2024
Konzernergebnis                           149,7        107,4
Ergebnis je Aktie (€)                      1,52         1,09
""", capsys=capsys)
    assert "EUR/shares" in text.split("item ergebnis_je_aktie")[1].split("\n")[0]
    assert rows(text)["ergebnis_je_aktie"] == ["1.52", "1.09"]
    text, out = drafted(tmp_path, """Example plc

Group results £m                    H1 2025      H1 2024
Revenue                               812.4        745.1
Basic EPS (pence)                      12.3         11.1
""", capsys=capsys)
    assert "basic_eps_pence" not in rows(text)
    assert "printed in pence, hundredths of GBP, a unit the draft does not write: 12.3, 11.1 left out" in out


def test_a_financial_year_that_ends_in_march_names_its_split_years(tmp_path, capsys):
    """ "The Group's financial year ends on 31 March": the draft declares the calendar, and reads
    "H1 2025/26" as the half that ends in September 2025, in its tables and its narrative."""
    text, out = drafted(tmp_path, """Exemple Group plc
Interim results for the six months ended 30 September 2025

The Group's financial year ends on 31 March. Revenue for H1 2025/26 was £812.4m.

Condensed consolidated income statement
£m                                   H1 2025/26    H1 2024/25    FY 2024/25
Revenue                                   812.4         745.1      1 512.0
Operating profit                          101.2          95.6        190.3
""", capsys=capsys)
    assert "fiscal year ends 03-31" in text and "fiscal year named by end" in text
    assert rows(text)["columns"] == ["1H26", "1H25", "FY2025"]
    assert "revenue@1H26 = 812.4 GBP millions" in text


def test_a_split_year_on_the_calendar_year_is_a_column_not_understood(tmp_path, capsys):
    """Without a fiscal year the release states, "H1 2025/26" is listed, never read as H1 2025."""
    text, out = drafted(tmp_path, """Exemple Group plc

Condensed consolidated income statement
£m                                   H1 2025/26    H1 2024/25
Revenue                                   812.4         745.1
Operating profit                          101.2          95.6
""", capsys=capsys)
    assert "1H25" not in text and "1H26" not in text
    assert "column 1 ('H1 2025/26') not understood" in out


@pytest.mark.parametrize("sentence, line", [
    ("Revenue rose to €1.234,5 million in H1 2025.", "revenue@1H25 = 1,234.5 EUR millions"),
    ("Revenue rose to EUR 1.234,5m in H1 2025.", "revenue@1H25 = 1,234.5 EUR millions"),
    ("Revenue rose to 1.234,5 Mio. € in H1 2025.", "revenue@1H25 = 1,234.5 EUR millions"),
    ("Revenue rose to 1,2 Mrd. EUR in H1 2025.", "revenue@1H25 = 1.2 EUR billions"),
])
def test_a_narrative_amount_in_euros_is_a_claim_in_its_notation(tmp_path, capsys, sentence, line):
    text, _ = drafted(tmp_path, _table("in € million").replace("Key figures", f"{sentence}\n\nKey figures"),
                      capsys=capsys)
    assert line in text


def test_a_narrative_amount_with_one_dot_before_three_digits_is_not_guessed(tmp_path, capsys):
    """ "€1.234 million" is 1,234 million with a thousands dot, or 1.234 million: left as a comment."""
    text, out = drafted(tmp_path, _table("in € million").replace(
        "Key figures", "Revenue rose to €1.234 million in H1 2025.\n\nKey figures"), capsys=capsys)
    assert "revenue@1H25 =" not in text
    assert "'€1.234 million': a dot before three digits" in out


@pytest.mark.parametrize("space", ["\u00a0", "\u202f", "\u2009"])
def test_a_percentage_printed_with_a_no_break_space_before_its_sign(space):
    from ledgerlang.draft.cells import COMMA, read_cell
    assert read_cell(f"12,3{space}%", COMMA).text == "12.3%"
    assert read_cell(f"(1{space}234,5{space}%)", COMMA).text == "(1,234.5%)"


_QUARTER_AND_HALF = """Beispiel Holding AG
Quartalsmitteilung Q2 2025

Das Geschäftsjahr endet am 30. September.

Konzern-Gewinn- und Verlustrechnung (verkürzt)
in Mio. €                          Q2 2025    Q2 2024    Veränderung    6M 2025    6M 2024
Umsatzerlöse                         612,3      580,1        5,6 %        1.201,7    1.150,2
Herstellungskosten der zur
  Erzielung der Umsatzerlöse
  erbrachten Leistungen             (401,2)    (389,9)       2,9 %         (790,3)    (770,0)
Ergebnis je Aktie (€)                 0,85       0,77       10,4 %           1,62       1,49
Mitarbeiter (Anzahl)                12.345     12.001        2,9 %         12.345     12.001

¹ Bereinigt um Sondereffekte.

                                    H1 2025        H1 2024   2024 restated*
Free Cashflow                         45,6           38,2          80,1
Nettoverschuldung                      n/a          210,4         198,2
"""


def test_a_german_quarterly_statement_with_its_fiscal_year_and_a_second_block(tmp_path, capsys):
    """The fiscal year the release states in German is the calendar, listed to check; a long
    statement title is the table's title, not narrative; a headcount is a count; the block of other
    periods below ("2024 restated*") is a table of its own, never figures under Q2 2025."""
    text, out = drafted(tmp_path, _QUARTER_AND_HALF, capsys=capsys)
    assert "fiscal year ends 09-30" in text
    assert "check: fiscal year ends 09-30" in out.split("to check")[1]
    assert 'table "Konzern-Gewinn- und Verlustrechnung (verkürzt)" in EUR millions' in text
    got = rows(text)
    assert got["umsatzerlose"] == ["612.3", "580.1", "5.6%", "1,201.7", "1,150.2"]
    assert got["herstellungskosten_der_zur_erzielung_der"][0] == "(401.2)"
    assert 'item mitarbeiter_anzahl "Mitarbeiter (Anzahl)" units' in " ".join(text.split())
    assert got["free_cashflow"] == ["45.6", "38.2"]
    assert got["nettoverschuldung"] == [".", "210.4"]
    # a year alone on a fiscal year that ends in September could be either of two: not guessed
    assert "column 3 ('2024 restated*') not understood" in out


def test_a_part_of_the_year_over_its_two_years_and_the_years_printed_again(tmp_path, capsys):
    """ "Q2" and "6M" each centred over "2025  2024": every column is its part of its year, never
    "2025" alone (the fiscal year); the years printed again above more rows are the same columns."""
    text, _ = drafted(tmp_path, """Key figures
in € thousand
                          Q2                      6M
                   2025        2024        2025        2024
Revenue          45 678      41 234      90 123      82 001
Gross profit     24 333      21 358      50 000      41 000

                   2025        2024        2025        2024
EBIT margin      12,3 %      11,9 %      12,1 %      11,5 %
EPS (€)            0,85        0,77        1,62        1,49
""", capsys=capsys)
    assert "FY2025" not in text and "FY2024" not in text
    got = rows(text)
    assert got["columns"] == ["2Q25", "2Q24", "1H25", "1H24"]
    assert got["revenue"] == ["45,678", "41,234", "90,123", "82,001"]
    assert got["ebit_margin"] == ["12.3%", "11.9%", "12.1%", "11.5%"]
    assert got["eps"] == ["0.85", "0.77", "1.62", "1.49"]


def test_html_headers_repeated_inside_a_table_are_the_same_columns(tmp_path, capsys):
    text, _ = drafted(tmp_path, """<html><head><meta charset="utf-8"></head><body>
<h2>Key figures</h2>
<table>
<caption>in € thousand</caption>
<tr><th></th><th colspan="2">Q2</th><th></th><th colspan="2">6M</th></tr>
<tr><th></th><th>2025</th><th>2024</th><th></th><th>2025</th><th>2024</th></tr>
<tr><td>Revenue<sup>1</sup></td><td>45&#8239;678</td><td>41&nbsp;234</td><td></td><td>90&#8239;123</td><td>82&#8239;001</td></tr>
<tr><td><b>Gross profit</b></td><td><b>24&#8239;333</b></td><td><b>21&#8239;358</b></td><td></td><td><b>50&#8239;000</b></td><td><b>41&#8239;000</b></td></tr>
<tr><th></th><th>2025</th><th>2024</th><th></th><th>2025</th><th>2024</th></tr>
<tr><td>EBIT margin</td><td>12,3&nbsp;%</td><td>11,9&nbsp;%</td><td></td><td>12,1 %</td><td>11,5 %</td></tr>
<tr><td>Earnings per share (€)</td><td>0,85</td><td>0,77</td><td></td><td>1,62</td><td>1,49</td></tr>
</table>
</body></html>
""", suffix=".html", capsys=capsys)
    assert "FY2025" not in text
    got = rows(text)
    assert got["columns"] == ["2Q25", "2Q24", "1H25", "1H24"]
    assert got["ebit_margin"] == ["12.3%", "11.9%", "12.1%", "11.5%"]
    assert got["revenue"] == ["45,678", "41,234", "90,123", "82,001"]


def test_a_year_alone_beside_quarters_is_listed_to_check(tmp_path, capsys):
    """ "2025" beside "Q2 2024" is read as the year, and listed: its part of the year may be printed
    where the draft did not see it over this column."""
    text, out = drafted(tmp_path, """Key figures
in € thousand
                   2025        Q2 2024       6M 2025
Revenue          45 678      41 234         90 123
Gross profit     24 333      21 358         50 000
""", capsys=capsys)
    assert "check: column 1 ('2025') is read as the year FY2025, beside columns of parts of a year" in out


@pytest.mark.parametrize("printed", ["EBIT margin (%)", "EBIT-Marge in %", "Marge opérationnelle en %",
                                     "Return on equity, %", "Equity ratio in percent", "EBIT margin (in %)"])
def test_a_row_whose_label_says_percent_is_a_percentage_not_money(tmp_path, capsys, printed):
    """ "EBIT margin (%)  12,3" in a table in € million is 12.3%, never 12.3 million euros."""
    text, _ = drafted(tmp_path, f"""Key figures
in € million                          H1 2025      H1 2024
Revenue                                1.234,5      1.102,3
{printed:<38}    12,3         11,9
""", capsys=capsys)
    assert f'"{printed}" % flow' in " ".join(text.split())


def test_a_ratio_without_a_percent_sign_in_a_table_of_money_is_listed_to_check(tmp_path, capsys):
    text, out = drafted(tmp_path, """Key figures
in € million                          H1 2025      H1 2024
Revenue                                1.234,5      1.102,3
EBIT margin                               12,3         11,9
""", capsys=capsys)
    assert "check: 'EBIT margin' reads as a ratio, but no % is printed in it or its label" in out


@pytest.mark.parametrize("printed", ["Anteil in %", "in % vom Umsatz", "en % du CA", "% du chiffre d'affaires"])
def test_a_share_column_in_german_or_french_is_a_share_not_a_change(printed):
    """ "Anteil in %" after "H1 2025" is H1 2025's share of a total, never its change on H1 2024."""
    from ledgerlang.draft.columns import read_columns
    from ledgerlang.model.period import Calendar, label
    specs = read_columns(["H1 2025", printed, "H1 2024"], "", "EUR", Calendar())
    assert (specs[1].kind, label(specs[1].period)) == ("share", "1H25")


@pytest.mark.parametrize("printed, written", [
    ("1 Jan – 30 Jun 2025", "1H25"), ("1. Januar bis 30. Juni 2025", "1H25"),
    ("du 1er janvier au 30 juin 2025", "1H25"), ("01.01.–30.06.2025", "1H25"), ("1 April – 30 June 2025", "2Q25"),
    ("1 Apr 2025 - 30 Sep 2025", None), ("1 Jan - 15 Jun 2025", None),
])
def test_a_span_of_two_dates_is_its_duration_never_its_last_day(printed, written):
    from ledgerlang.draft.columns import period_in
    from ledgerlang.model.period import Calendar, label
    period = period_in(printed, "", Calendar())
    assert (label(period) if period is not None else None) == written


def test_a_text_table_headed_by_spans_of_dates(tmp_path, capsys):
    text, _ = drafted(tmp_path, """Konzern-Gewinn- und Verlustrechnung
in TEUR                      01.01.–30.06.2025    01.01.–30.06.2024
Umsatzerlöse                            45.678               41.234
Konzernergebnis                          3.210                2.987
""", capsys=capsys)
    assert rows(text)["columns"] == ["1H25", "1H24"]


@pytest.mark.parametrize("printed, written", [
    ("1,52 €", "1.52"), ("1,52\u00a0€", "1.52"), ("EUR 1,52", "1.52"), ("1.234,5 €", "1,234.5"), ("(12,4) €", "(12.4)"),
])
def test_a_currency_printed_after_its_figure_or_as_a_code_is_set_aside(printed, written):
    from ledgerlang.draft.cells import COMMA, read_cell
    assert read_cell(printed, COMMA).text == written


@pytest.mark.parametrize("printed", ["1'234.5", "1’234.5"])
def test_thousands_set_apart_by_an_apostrophe_as_swiss_releases_print_them(printed):
    from ledgerlang.draft.cells import read_cell
    cell = read_cell(printed)
    assert cell.text == "1,234.5" and "apostrophes" in cell.note


def test_a_text_row_with_the_euro_sign_after_each_figure(tmp_path, capsys):
    text, _ = drafted(tmp_path, """Kennzahlen
in Mio. €                          H1 2025        H1 2024
Umsatz                          1.234,5 €      1.102,3 €
Ergebnis je Aktie                  1,52 €         1,09 €
""", capsys=capsys)
    got = rows(text)
    assert got["umsatz"] == ["1,234.5", "1,102.3"] and got["ergebnis_je_aktie"] == ["1.52", "1.09"]


def test_a_sentence_of_another_scale_above_a_table_does_not_scale_it(tmp_path, capsys):
    """ "2,1 milliards d'euros" in a sentence above a table whose corner says "en millions d'euros": the
    table is in millions, and the other scale is listed to check, never billions in silence."""
    text, out = drafted(tmp_path, """<html><head><meta charset="utf-8"></head><body>
<p>Le carnet de commandes atteint 2,1 milliards d’euros.</p>
<p><b>Compte de résultat</b></p>
<table>
<tr><td>en millions d’euros</td><td>S1 2025</td><td>S1 2024</td></tr>
<tr><td>Chiffre d’affaires</td><td>1 234,5</td><td>1 102,3</td></tr>
<tr><td>Coût des ventes</td><td>(812,4)</td><td>(745,1)</td></tr>
</table>
</body></html>
""", suffix=".html", capsys=capsys)
    assert 'table "Compte de résultat" in EUR millions' in text
    assert out.count("check: read in millions, but the text over the table also names billions") == 1


def test_a_gross_margin_is_an_amount_not_a_ratio_to_check(tmp_path, capsys):
    _, out = drafted(tmp_path, _table("in € million").replace("Operating profit", "Marge brute     "),
                     capsys=capsys)
    assert "reads as a ratio" not in out


def test_a_row_whose_label_gives_its_own_scale_is_written_in_it(tmp_path, capsys):
    """ "Order backlog (€ bn)" in a table in € million is in billions, "Customers (thousands)" in
    thousands: each row says so after its item, never read in the table's scale or in units."""
    text, _ = drafted(tmp_path, """Key figures
in € million                          H1 2025      H1 2024
Revenue                                1.234,5      1.102,3
Order backlog (€ bn)                       2,1          1,9
Customers (thousands)                    512,3        498,1
Net debt (€ million)                     210,4        198,2
""", capsys=capsys)
    heads = {line.split()[0]: line.split("#")[0].split()[1:3] for line in text.splitlines()
             if line.startswith("  ") and not line.strip().startswith(("#", "columns"))}
    assert heads["order_backlog_bn"] == ["in", "billions"]
    assert heads["customers_thousands"] == ["in", "thousands"]
    assert heads["net_debt_million"] == ["210.4", "198.2"]  # the table's own scale: nothing to say


def test_a_row_in_another_currency_than_its_table_is_left_out_and_listed(tmp_path, capsys):
    """ "Revenue (USD million)" in a table in € million: never written as euros."""
    text, out = drafted(tmp_path, """Key figures
in € million                          H1 2025      H1 2024
Revenue                                1.234,5      1.102,3
Revenue (USD million)                  1.345,6      1.201,0
""", capsys=capsys)
    assert "revenue_usd_million" not in rows(text)
    assert "'Revenue (USD million)': printed in USD, in a table in EUR: 1,345.6, 1,201.0 left out" in out


@pytest.mark.parametrize("printed", ["Change in pp", "Δ %-Pkt.", "Veränderung in Prozentpunkten", "Change (bp)"])
def test_a_change_in_percentage_points_is_no_percent_change(printed):
    """A margin's change printed in points is a difference, never a yoy% the draft would check as one."""
    from ledgerlang.draft.columns import read_columns
    from ledgerlang.model.period import Calendar
    assert read_columns(["H1 2025", "H1 2024", printed], "", "EUR", Calendar())[2].kind == "unknown"


def test_a_change_column_with_no_percent_printed_is_told_by_its_figures(tmp_path, capsys):
    """ "Δ" over "132,2" beside 1.234,5 and 1.102,3 is the change in euros: left out and listed, never
    a yoy% of 132.2%; over "12,0" it is the change in %, read so and listed to check."""
    text, out = drafted(tmp_path, """Kennzahlen
in Mio. €                          H1 2025      H1 2024         Δ
Umsatz                             1.234,5      1.102,3     132,2
EBIT                                 220,4        163,1      57,3
""", capsys=capsys)
    assert "column 3 ('Δ') prints the change in amounts" in out
    assert rows(text)["columns"] == ["1H25", "1H24"]
    text, out = drafted(tmp_path, """Kennzahlen
in Mio. €                          H1 2025      H1 2024         Δ
Umsatz                             1.234,5      1.102,3      12,0
EBIT                                 220,4        163,1      35,1
""", capsys=capsys)
    assert rows(text)["columns"] == ["1H25", "1H24", "yoy%(1H25)"]
    assert "check: column 3 ('Δ') is read as a % change, but no % is printed in it" in out


def test_a_pdf_page_titled_continued_takes_the_units_of_the_page_before(tmp_path, capsys):
    text, _ = drafted(tmp_path, """<html><head><meta charset="utf-8"></head><body>
<p><b>Compte de résultat consolidé (en millions d’euros)</b></p>
<table>
<tr><td></td><td>S1 2025</td><td>S1 2024</td></tr>
<tr><td>Chiffre d’affaires</td><td>1 234,5</td><td>1 102,3</td></tr>
<tr><td>Coût des ventes</td><td>(812,4)</td><td>(745,1)</td></tr>
</table>
<p><b>Compte de résultat consolidé (suite)</b></p>
<table>
<tr><td></td><td>S1 2025</td><td>S1 2024</td></tr>
<tr><td>Résultat net</td><td>149,7</td><td>107,4</td></tr>
<tr><td>Impôts</td><td>(58,2)</td><td>(41,7)</td></tr>
</table>
</body></html>
""", suffix=".html", capsys=capsys)
    assert 'table "Compte de résultat consolidé (suite)" in EUR millions' in text
    assert rows(text)["resultat_net"] == ["149.7", "107.4"]


def test_a_text_table_continued_on_the_next_page_takes_its_units(tmp_path, capsys):
    """ "Consolidated income statement (continued)" over the same columns, after a page number, is in
    the units of the page before; a table with no units at all is listed to check, not counts in silence."""
    text, out = drafted(tmp_path, """Consolidated income statement
in € million                            H1 2025      H1 2024
Revenue                                 1.234,5      1.102,3
Cost of sales                            (812,4)      (745,1)

- 5 -

Consolidated income statement (continued)
                                        H1 2025      H1 2024
Net income                                149,7        107,4
Earnings per share (€)                     1,52         1,09
""", capsys=capsys)
    assert 'table "Consolidated income statement (continued)" in EUR millions' in text
    assert 'item net_income "Net income" EUR flow' in " ".join(text.split())
    _, out = drafted(tmp_path, """Key figures
                                        H1 2025      H1 2024
Net income                                149,7        107,4
Free cash flow                             45,6         38,2
""", capsys=capsys)
    assert "check: no currency or unit read over the table: its rows are drafted as counts" in out


def test_a_sentence_of_many_figures_is_drafted_in_linear_time(tmp_path, capsys):
    """A line of 20,000 figures set apart by single spaces is one sentence of the narrative: each figure
    was checked against every figure found before it, and each count searched the sentence before it
    (n² steps: two minutes at 20,000; main took 25 s at 2,000)."""
    import time

    from ledgerlang.cli.main import main
    path = tmp_path / "many.txt"
    path.write_text("Revenue  " + " ".join(["123"] * 20000) + " €1,5m 12,3 %\n", encoding="utf-8")
    start = time.monotonic()
    assert main(["draft", str(path), "-o", str(tmp_path / "b.iij")]) == 0
    capsys.readouterr()
    assert time.monotonic() - start < 30


@pytest.mark.parametrize("printed, written", [
    ("1.234,5-", "-1,234.5"), ("12,3-", "-12.3"), ("1\u00a0234,5-", "-1,234.5"), ("- 1.234,5", "-1,234.5"),
    ("+ 12,0 %", "+12.0%"),
])
def test_a_sign_after_or_apart_from_a_figure_in_decimal_commas(printed, written):
    """A German table's trailing minus ("1.234,5-") and a sign set apart in its cell are the figure's sign."""
    from ledgerlang.draft.cells import COMMA, read_cell
    assert read_cell(printed, COMMA).text == written


def test_a_thereof_line_starts_the_next_row_and_revenue_from_customers_is_money(tmp_path, capsys):
    """ "thereof from contracts with customers under / IFRS 15 recognised over time   600,1" is the label
    of the row it ends on, not the rest of "Total revenue" above it; and revenue from contracts with
    customers is an amount over the half year, never a count of customers at its end."""
    text, _ = drafted(tmp_path, """Segment information
in € million                                     H1 2025      H1 2024
  Germany                                           512,3        498,7
  Rest of Europe                                    410,2        380,0
Total revenue                                       922,5        878,7
  thereof from contracts with customers under
  IFRS 15 recognised over time                      600,1        550,2
Revenue from contracts with customers               922,5        878,7
""", capsys=capsys)
    flat = " ".join(text.split())
    assert 'item total_revenue "Total revenue" EUR flow' in flat
    assert '"thereof from contracts with customers under IFRS 15 recognised over time" EUR flow' in flat
    assert 'item revenue_contracts_with_customers "Revenue from contracts with customers" EUR flow' in flat
    assert "rule total_revenue = germany + rest_europe" in text


@pytest.mark.parametrize("printed, written", [
    ("30/06/2025", "2025-06-30"), ("06/30/2025", "2025-06-30"), ("31/12/2024", "2024-12-31"), ("01/06/2025", None),
])
def test_a_date_with_slashes_is_read_only_where_its_day_tells_its_order(printed, written):
    """ "30/06/2025" can only be day first and "06/30/2025" month first; "01/06/2025" is either: not read."""
    from ledgerlang.draft.columns import period_in
    from ledgerlang.model.period import Calendar, label
    period = period_in(printed, "", Calendar())
    assert (label(period) if period is not None else None) == written


def test_a_balance_sheet_under_slashed_dates_is_a_table_of_its_own(tmp_path, capsys):
    text, _ = drafted(tmp_path, """Compte de résultat
en millions d'euros                     S1 2025      S1 2024
Chiffre d'affaires                      1 234,5      1 102,3
Résultat net                              149,7        107,4

Bilan
en millions d'euros                  30/06/2025   31/12/2024
Trésorerie                                205,8        250,1
Total actif                             2 074,1      2 050,7
""", capsys=capsys)
    assert rows(text)["tresorerie"] == ["205.8", "250.1"]
    assert text.split('table "Bilan"')[1].split("\n")[1].split() == ["columns", "2025-06-30", "2024-12-31"]


def test_a_footnote_letter_on_a_label_is_no_cents(tmp_path, capsys):
    """ "Revenue (c)" carries a footnote, not a unit: its figures stay; "Basic EPS (p)" is in pence."""
    text, out = drafted(tmp_path, """Group results £m                    H1 2025      H1 2024
Revenue (c)                           812.4        745.1
Basic EPS (p)                          12.3         11.1
""", capsys=capsys)
    assert rows(text)["revenue"] == ["812.4", "745.1"]
    assert "printed in p, hundredths of GBP" in out


@pytest.mark.parametrize("printed, unit", [
    ("Employees per store", "units"), ("Revenue per employee", "EUR"), ("Customers (thousands)", "units"),
    ("Revenue from contracts with customers", "EUR"),
])
def test_a_count_is_a_label_whose_subject_is_counted(tmp_path, capsys, printed, unit):
    text, _ = drafted(tmp_path, _table("in € million").replace("Operating profit", f"{printed:<16}"),
                      capsys=capsys)
    assert f'"{printed}" {unit} ' in " ".join(text.split())


def test_a_label_that_begins_with_a_dash_bullet_keeps_its_figure():
    """ "-  A  0" (a label "-  A", set with a bullet) is a row of one figure: the bullet is no cell, so
    the word after it is no cell that is not a figure (hypothesis found it in test_split_row_...)."""
    from ledgerlang.draft.text import split_row
    assert split_row("  -  A  0") == ("  -  A", [(8, 9, "0")])


def test_a_column_of_the_year_to_a_date_is_that_year(tmp_path, capsys):
    """ "Year to 31 March 2025" over a year's figures is FY2025, never the instant 2025-03-31."""
    text, _ = drafted(tmp_path, """Example plc

Our financial year ends on 31 March.

Condensed consolidated income statement
                             Six months to    Six months to      Year to
                             30 September     30 September     31 March
£m                                   2025             2024         2025
Revenue                             812.4            745.1      1,512.0
Operating profit                    101.2             95.6        190.3
""", capsys=capsys)
    assert rows(text)["columns"] == ["1H26", "1H25", "FY2025"]


def test_a_german_nil_is_the_nil_dash():
    """`-,-` (and `–,–`, `-,--`), a dash each side of the decimal comma, is a German report's nil: the
    nil dash, said in the row's note, not a cell left out as no figure."""
    from ledgerlang.draft.cells import COMMA, read_cell

    for printed in ("-,-", "–,–", "-,--"):
        cell = read_cell(printed, COMMA)
        assert (cell.text, cell.printed) == ("-", printed) and "nil dash" in cell.note
