"""Test-wide settings: a float that touches a Decimal fails the test (STYLE §5)."""

import decimal

import pytest


@pytest.fixture(autouse=True)
def trap_floats():
    context = decimal.getcontext()
    before = context.traps[decimal.FloatOperation]
    context.traps[decimal.FloatOperation] = True
    yield
    context.traps[decimal.FloatOperation] = before
