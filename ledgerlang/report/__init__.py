"""`ledger report`: a static HTML report of a ledger: statements, check results and charts.

A top floor beside `cli/` (STYLE §11): it runs the pipeline the way `cli/`
does and lays the result out with jinja2 templates; charts are drawn by
matplotlib. Nothing below imports it, and `ledger check` never loads it.
"""
