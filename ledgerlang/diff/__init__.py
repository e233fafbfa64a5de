"""`ledger diff` and the git textconv: what changed between two versions of a ledger.

    side (path, directory or REV:PATH) --load, evaluate, check--> figures
    old figures, new figures --compare--> reported, derived and check changes

It sits after `check` in the pipeline: each side runs the whole pipeline,
and the comparison is keyed by item, period and place, never by line, so a
reformatted book shows no change and one changed figure shows that figure
and every figure and check result it moved. `listing` is the textconv that
makes `git diff` show figures instead of table rows.
"""
