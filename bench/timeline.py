"""Where one `ledger check` spends its time: each step of the parent and of the joint pass's worker, from the start.

    python -m bench.timeline bench/out/books/1M/book.iij --runs 3
    python -m bench.timeline bench/out/books/10k/book.iij --runs 9 --one-process

Each run is a fresh process that runs `ledger check` on the paths with
probes around the pipeline's steps (load, evaluation, the fork, each pairwise
check, the worker's network and revisions ahead, the culprit searches, the
whole network's solves, the ranking). Every probe writes the seconds since the
process started its Python code, and the page faults the process took since
its previous probe (`getrusage`: a first write to a page shared with the other
process since the fork is one, as is a first touch of a fresh page; the
culprit searches and the whole solves are summed over their calls and count
none, so the ranking's row has the faults of all three), and the process's
resident memory then and at its peak so far (Linux's `VmRSS` and `VmHWM`), as
a line appended to a file both processes share. The table gives, for each
step, the median over the runs of when it ended, the spread, how long it took,
its page faults and the memory; the last row is the whole process as
`subprocess` saw it.

The probes wrap functions as the code calls them (module attributes and class
methods, which compiled modules look up as the interpreter does), so a step
renamed in ledgerlang fails here loudly, and `tests/bench` runs this on a small
book. The machine's noise shows in the spread: read several runs.
"""

from __future__ import annotations

import os
import sys
import time

# The probed process imports this module first, and little else before `ledger`'s own modules:
# what the tool itself needs (argparse, subprocess, json, ...) is imported where it is used.
_STARTED = time.perf_counter()
PROBE = "--probe"  # the hidden first argument of a run: its events' file, then `ledger check`'s arguments


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == [PROBE]:
        return _probed(argv[1], argv[2:])
    import argparse

    parser = argparse.ArgumentParser(prog="python -m bench.timeline", description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+", metavar="PATH", help="the ledger's books, as `ledger check` takes them")
    parser.add_argument("--runs", type=int, default=3, help="fresh processes; medians are reported (default 3)")
    parser.add_argument("--one-process", action="store_true",
                        help="LEDGERLANG_WORKERS=0: the joint pass in the parent, no worker forked")
    parser.add_argument("--python", default=sys.executable, help="the interpreter that runs ledgerlang")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs: give 1 or more")
    for path in args.paths:
        if not os.path.exists(path):
            parser.error(f"{path}: no such file or directory")
    runs = []
    for n in range(args.runs):
        print(f"run {n + 1} of {args.runs}", file=sys.stderr, flush=True)
        runs.append(_run(args.python, args.paths, args.one_process))
    print(table(runs))
    return 0


# The steps the runner's summary reports (bench/run.py), by name, whichever process took them.
SUMMARY = {
    "loaded": "book loaded: read, parsed and built",
    "evaluated": "evaluated",
    "pairwise_done": "pairwise checks done, diagnostics sent",
    "network_built": "joint network built",
    "joint_started": "joint pass started",
    "written": "output written",
}


def measure(python: str, paths: list[str], runs: int) -> dict:
    """`runs` probed runs of `ledger check`, summed up for the runner's report: when each of
    SUMMARY's steps ended, how long the network, the culprit searches and the whole network's
    solves took (medians, seconds; None for a step no run took), how many of the relations the
    worker revised ahead ("" where it forked none), and whether a worker was forked. In one
    process the pairwise checks end where the joint pass starts."""
    import statistics

    found = [_run(python, paths, False) for _ in range(runs)]

    def median(step: str, field: str = "at"):
        values = [e[field] for run in found for e in run["events"] if e["step"] == step and e[field] is not None]
        return statistics.median(values) if values else None

    summary = {key: median(step) for key, step in SUMMARY.items()}
    if summary["pairwise_done"] is None:
        summary["pairwise_done"] = summary["joint_started"]
    summary.update(network_took=median("joint network built", "took"), culprits=median("culprit searches", "took"),
                   whole_solve=median("whole network solved", "took"),
                   forked=all(any(e["step"] == "worker forked" for e in run["events"]) for run in found))
    ahead = sorted((int(words[0].replace(",", "")), words[2]) for words in (
        e["detail"].split() for run in found for e in run["events"]
        if e["step"] == "revised ahead, until the diagnostics came" and e["detail"]))
    summary["revised_ahead"] = f"{ahead[len(ahead) // 2][0]:,} of {ahead[0][1]}" if ahead else ""
    summary["seconds"] = statistics.median(run["seconds"] for run in found)
    return summary


def _run(python: str, paths: list[str], one_process: bool) -> dict:
    """One fresh `ledger check` with the probes: its events and the process's own seconds."""
    import subprocess
    import tempfile

    env = dict(os.environ)
    if one_process:
        env["LEDGERLANG_WORKERS"] = "0"
    # This module found after the interpreter's own paths, so that `python`'s ledgerlang is the one timed
    # (as `python -m ledgerlang` is in bench/run.py), not the one beside this file unless it is that.
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    probe = f"import sys; sys.path.append({root!r}); from bench.timeline import main; sys.exit(main())"
    with tempfile.TemporaryDirectory() as scratch:
        events_path = os.path.join(scratch, "events")
        started = time.perf_counter()
        done = subprocess.run([python, "-c", probe, PROBE, events_path, *paths], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        seconds = time.perf_counter() - started
        events = []
        if os.path.exists(events_path):
            with open(events_path, encoding="utf-8") as f:
                events = [_event(line) for line in f]
        # 1 is errors found in the ledger, as in the generated books; a run that stopped before
        # its output (a traceback also exits 1) has no last step
        if done.returncode not in (0, 1) or not any(e["step"] == "output written" for e in events):
            raise SystemExit(f"ledger check {' '.join(paths)} exited {done.returncode}:\n{done.stderr}")
    return {"events": events, "seconds": seconds}


def table(runs: list[dict]) -> str:
    """The steps in the order they end (medians over the runs), as a Markdown table."""
    import statistics

    steps: dict[tuple[str, str], dict[str, list]] = {}
    for run in runs:
        parent = run["events"][0]["pid"] if run["events"] else None
        for event in run["events"]:
            side = "parent" if event["pid"] == parent else "worker"
            found = steps.setdefault((event["step"], side),
                                     {"at": [], "took": [], "faults": [], "rss": [], "peak": [], "detail": []})
            found["at"].append(event["at"])
            found["took"].append(event.get("took"))
            found["faults"].append(event["faults"])
            found["rss"].append(event.get("rss"))
            found["peak"].append(event.get("peak"))
            if event.get("detail"):
                found["detail"].append(event["detail"])
    lines = ["| step | process | ended at (s) | runs' range | took (s) | page faults | RSS (MiB) | its peak so far | |",
             "|---|---|---:|---:|---:|---:|---:|---:|---|"]
    for (step, side), found in sorted(steps.items(), key=lambda kv: statistics.median(kv[1]["at"])):
        took = [t for t in found["took"] if t is not None]
        faults = [f for f in found["faults"] if f is not None]
        rss = [r for r in found["rss"] if r is not None]
        peak = [r for r in found["peak"] if r is not None]
        detail = found["detail"][len(found["detail"]) // 2] if found["detail"] else ""
        lines.append(f"| {step} | {side} | {statistics.median(found['at']):.3f} | {min(found['at']):.3f}–"
                     f"{max(found['at']):.3f} | {f'{statistics.median(took):.3f}' if took else ''} | "
                     f"{f'{statistics.median(faults):,.0f}' if faults else ''} | "
                     f"{f'{statistics.median(rss):,.0f}' if rss else ''} | "
                     f"{f'{statistics.median(peak):,.0f}' if peak else ''} | {detail} |")
    wall = [run["seconds"] for run in runs]
    lines.append(f"| the whole process, as its caller waits for it (with the interpreter's start) | | "
                 f"{statistics.median(wall):.3f} | {min(wall):.3f}–{max(wall):.3f} | | | | | "
                 f"{len(runs)} run{'s' if len(runs) > 1 else ''} |")
    return "\n".join(lines)


def _event(line: str) -> dict:
    """A probe's line, as `emit` wrote it: its fields separated by tabs."""
    pid, step, at, took, faults, rss, peak, detail = line.rstrip("\n").split("\t")
    return {"pid": int(pid), "step": step, "at": float(at), "took": float(took) if took else None,
            "faults": int(faults) if faults else None, "rss": float(rss) if rss else None,
            "peak": float(peak) if peak else None, "detail": detail}


def _memory() -> tuple[str, str]:
    """The process's resident memory now and at its peak so far, in MiB, from /proc/self/status
    ("" where the system has no such file)."""
    found = {}
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith(("VmRSS:", "VmHWM:")):
                    found[line[:5]] = f"{int(line.split()[1]) / 1024:.1f}"
    except OSError:
        pass
    return found.get("VmRSS", ""), found.get("VmHWM", "")


# -- in the probed process -------------------------------------------------------------------------------


def _probed(events_path: str, arguments: list[str]) -> int:
    """`ledger check ARGUMENTS`, as the command runs it, with a probe around each step."""
    import resource

    fd = os.open(events_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    faults_at = {}  # pid -> page faults at its previous event

    def emit(step: str, took: float | None = None, detail: str = "", faults: bool = True) -> None:
        """`faults`: count the page faults since the process's previous step that counted them
        (False for a step summed over many calls, which has no interval of its own)."""
        pid = os.getpid()
        counted = rss = peak = ""
        if faults:
            usage = resource.getrusage(resource.RUSAGE_SELF)
            total = usage.ru_minflt + usage.ru_majflt
            counted, faults_at[pid] = total - faults_at.get(pid, 0), total
            rss, peak = _memory()
        line = (f"{pid}\t{step}\t{time.perf_counter() - _STARTED:.6f}\t{'' if took is None else f'{took:.6f}'}\t"
                f"{counted}\t{rss}\t{peak}\t{detail}\n")
        os.write(fd, line.encode())  # one short write, appended whole whichever process makes it

    from ledgerlang.cli import main as cli

    emit("the interpreter and `ledger`'s command line")
    _install(emit)
    status = cli.main(["check", *arguments], keep=[])
    sys.stdout.flush()
    emit("output written")
    from ledgerlang import cache

    cache.run_at_exit()
    os._exit(status)


def _install(emit) -> None:
    """Wrap the steps: each emits when it ends, with the seconds it took."""
    import ledgerlang.check as check
    from ledgerlang import load
    from ledgerlang.check import ahead, joint, network
    from ledgerlang.evaluate import compute, propagate

    def step(owner, name: str, label: str, detail=None, start: str | None = None) -> None:
        wrapped = owner.__dict__[name]
        method = isinstance(wrapped, classmethod)
        function = wrapped.__func__ if method else wrapped

        def probe(*args, **kwargs):
            if start is not None:
                emit(start)
            began = time.perf_counter()
            result = function(*args, **kwargs)
            emit(label, time.perf_counter() - began, detail(result, *args) if detail is not None else "")
            return result

        setattr(owner, name, classmethod(probe) if method else probe)

    # Before the command's module imports it by name (cli/check_cmd.py), as it does when the parser is made.
    step(load, "run_counted", "the pipeline done: load, evaluation, checks",
         start="the command's modules imported, its arguments parsed")
    step(compute, "evaluate", "evaluated", start="book loaded: read, parsed and built")
    step(ahead.Ahead, "start", "worker forked")
    step(ahead.Ahead, "finish", "result back from the worker", start="pairwise checks done, diagnostics sent")
    step(network.BookNetwork, "__init__", "joint network built",
         lambda _, self, *rest: f"{len(self.net.constraints):,} constraints, {self.net.var_count:,} variables")
    step(propagate.Network, "first_wave", "revised ahead, until the diagnostics came", _ahead)
    step(joint, "_check", "joint pass done", start="joint pass started")
    # The pairwise checks are imported where they run, after the fork (ledgerlang/check/__init__.py
    # `_checks`): wrapped then, not here, so that this process imports what `ledger` does.
    checks, wrapped = check._checks, []

    def pairwise_checks() -> tuple:
        if not wrapped:
            wrapped.extend(_pairwise(run, emit) for run in checks())
        return tuple(wrapped)

    check._checks = pairwise_checks

    # Summed over their calls, emitted once the pass ranks what it found (after the searches and solves).
    spent = {"culprits": [0.0, 0], "solves": [0.0, 0]}

    def culprits(*args, **kwargs):
        began = time.perf_counter()
        try:
            return culprit_search(*args, **kwargs)
        finally:
            spent["culprits"][0] += time.perf_counter() - began
            spent["culprits"][1] += 1

    def solve(self, active=None, *args, **kwargs):
        if active is not None:  # a culprit's neighbourhood: counted in its search
            return network_solve(self, active, *args, **kwargs)
        began = time.perf_counter()
        try:
            return network_solve(self, active, *args, **kwargs)
        finally:
            spent["solves"][0] += time.perf_counter() - began
            spent["solves"][1] += 1

    def rank(*args, **kwargs):
        (c_took, c_count), (s_took, s_count) = spent["culprits"], spent["solves"]
        emit("culprit searches", c_took, f"{c_count} searches", faults=False)
        emit("whole network solved", s_took, f"{s_count} solve{'s' if s_count != 1 else ''}", faults=False)
        began = time.perf_counter()
        result = ranked(*args, **kwargs)
        emit("findings ranked", time.perf_counter() - began)
        return result

    culprit_search, network_solve, ranked = joint._culprits, propagate.Network.solve, joint._rank
    joint._culprits, propagate.Network.solve, joint._rank = culprits, solve, rank


def _ahead(_, network, first, *args, **kwargs) -> str:
    """How many of the network's relations its first wave revised before it was stopped (`first`, filled)."""
    from ledgerlang.evaluate.propagate import START

    if START not in first:
        return ""
    return f"{len(first) - 1:,} of {len(first[START][1]):,} relations revised ahead"


def _pairwise(run, emit):
    name = run.__module__.rsplit(".", 1)[-1]

    def probe(*args):
        began = time.perf_counter()
        found = run(*args)
        emit(f"pairwise: {name}", time.perf_counter() - began, f"{len(found)} diagnostics")
        return found

    return probe


if __name__ == "__main__":
    sys.exit(main())
