"""Releases in European shapes (an IFRS interim report): figures with a decimal comma and thousands
set apart by spaces, units such as "€m", "TEUR" or "Mio. €", periods such as "H1 2025", "6M 2025",
"30 June 2025" or "31.12.2024". Every figure is drafted with its printed precision and sign in its
period and scale, or kept in a comment and listed: never a silent wrong figure, unit or period."""

from __future__ import annotations

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
