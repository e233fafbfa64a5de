"""`ledger check PATH...`: diagnostics only; exit status 1 on any unacknowledged error."""

from __future__ import annotations

import sys

from ledgerlang.load import run as run_pipeline
from ledgerlang.render import diagnostics as render


def run(args, paths: list[str]) -> int:
    _, _, found = run_pipeline(paths)
    if args.format == "json":
        sys.stdout.write(render.as_json(found))
    else:
        sys.stdout.write(render.text(found))
        print(render.summary(found))
    return 1 if any(d.counts_as_error for d in found) else 0
