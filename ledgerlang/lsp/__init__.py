"""`ledger lsp`: a Language Server Protocol front end, a top floor beside `cli/`.

    editor --stdio--> server --(load, evaluate, check, explain, fmt)--> diagnostics, hovers, hints, edits

It calls the pipeline the way `ledger check` does and answers the editor's
questions from the result. Only `server.py` imports pygls; the other
modules are plain functions over the pipeline's values, so they can be
tested (and the grammar's vocabulary read) without it.
"""
