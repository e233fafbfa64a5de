"""Statements render every value, however many digits it has (issue #10)."""

from __future__ import annotations

from decimal import Decimal

from ledgerlang.render.statements import cell
from support import PRELUDE, ledger


def test_a_cell_with_more_digits_than_the_default_context_is_shown_exactly():
    """quantize to 29 places of a 3-digit value needs 32 digits: shown, not decimal.InvalidOperation."""
    value = Decimal("910.41879174420233298317225923015")
    assert cell(value, 0, 29, False, True) == "910.41879174420233298317225923015"
    assert cell(-value, 0, 2, False, True) == "(910.42)"
    assert cell(Decimal("1E+40"), 6, 2, False, False) == f"{10**34:,}.00"
    assert cell(Decimal("-0.0001"), 0, 1, True, True) == "0.0%"


def test_a_rate_translating_a_long_figure_in_a_statement_column(tmp_path):
    """A per-share figure with 29 decimals shown in a USD(1Q03) column at a tiny rate."""
    path = tmp_path / "r.iij"
    path.write_text(PRELUDE + 'item eps "EPS" JPY/shares flow\nrate usd: 0.001234 JPY per USD on 2003-06-30\n'
                    'table "T" in JPY millions\n  columns 1Q03\n  eps 1.12345678901234567890123456789\n'
                    'statement s "S"\n  columns 1Q03 USD(1Q03)\n  eps\n', encoding="utf-8")
    for form in ("text", "markdown", "csv", "json"):
        result = ledger("eval", "--format", form, str(path))
        assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    text = ledger("eval", str(path)).stdout
    assert "1.12345678901234567890123456789 " in text  # every printed digit, none rounded away
