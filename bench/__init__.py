"""Benchmarks: generated books of 10k, 100k and 1M facts, timed beside hledger, Ledger and Beancount."""
