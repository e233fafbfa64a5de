"""Known discrepancies are acknowledged, not deleted; a stale acknowledgement is reported."""

from support import diagnose

TEXT = """
item a "A" JPY flow
item total "Total" JPY flow = a * 2
table "T" in JPY millions
  columns 1Q03
  a 10
  total {total}
accept total-mismatch at total@1Q03 "the source prints it so"
"""


def test_accepted_violation_is_acknowledged_not_counted():
    """An accepted violation is still shown, as acknowledged, and is not an error."""
    found = diagnose(TEXT.format(total="25"))
    assert [(d.code, d.acknowledged) for d in found] == [("total-mismatch", "the source prints it so")]
    assert not any(d.counts_as_error for d in found)


def test_stale_acceptance_is_reported():
    """When the violation goes away, the acceptance is reported as stale."""
    found = diagnose(TEXT.format(total="20"))
    assert [d.code for d in found] == ["stale-accept"]
