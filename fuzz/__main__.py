"""The long-run fuzz driver: `python -m fuzz --count 100000 --seconds 3600`.

Each input runs in a forked child of this process (ledgerlang is imported
and its grammar built once, before the first fork), under a memory limit
(`setrlimit(RLIMIT_AS)`) and a time limit (`alarm`). A child that raises,
prints a traceback, exits with a status other than 0, 1 or 2, breaks the
formatter's promise (a figure's or a comment's text changed), runs out of
memory or time, or dies, is a finding: its files, command line and reason
are saved under `--out` (a few per distinct reason), and the run goes on.
A progress line goes to stderr every `--progress` seconds, and a summary at
the end (inputs, time, peak memory of a child, findings by reason).

    python -m fuzz --count 100000 --seconds 6000 --out fuzz/crashes
    python -m fuzz --replay 1234          # run one seed here, in this process, and say what happened
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import signal
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from fuzz.cases import make_case, materialize
from fuzz.oracle import in_directory, run_in_process


def _warm() -> None:
    """Import every command and build the parser before forking: each child starts warm."""
    from ledgerlang.cli.arguments import parser
    from ledgerlang.cli.main import COMMANDS
    from ledgerlang.syntax.parse import parse

    for name in COMMANDS:
        parser(name.removesuffix("_cmd"))
    parse("entity e \"E\"\n", "warm.iij")
    import fuzz.lsp  # noqa: F401 - and the language server's modules, for the `lsp` cases
    import ledgerlang.lsp.server  # noqa: F401
    import ledgerlang.draft  # noqa: F401 - and those of `draft`, `report` and the workbook, with theirs
    import ledgerlang.report.page  # noqa: F401
    import ledgerlang.render.xlsx  # noqa: F401
    import matplotlib.pyplot  # noqa: F401
    import openpyxl  # noqa: F401


def _child(seed: int, directory: Path, memory_mb: int, seconds: int) -> None:
    """Runs in the forked child; never returns."""
    code = 0
    signal.signal(signal.SIGINT, signal.SIG_DFL)  # the driver's own stop is not the child's
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        signal.alarm(seconds)
        case = make_case(seed)
        work = directory / "case"
        work.mkdir()
        materialize(case, work)
        with in_directory(work):
            status, output, problem = run_in_process(case.argv, work / case.book)
        result = {"status": status, "problem": problem, "output_tail": output[-2000:]}
        (directory / "result.json").write_text(json.dumps(result))
    except MemoryError:
        code = 98
    except BaseException as exc:  # noqa: BLE001 - reported through the status
        try:
            (directory / "result.json").write_text(json.dumps({"status": None, "problem": f"driver: {exc!r}"}))
        except BaseException:  # noqa: BLE001
            pass
        code = 99
    os._exit(code)


def _signature(problem: str) -> str:
    """A short key for a finding: the exception line and the innermost ledgerlang frame."""
    lines = problem.splitlines()
    frames = [x.strip() for x in lines if x.strip().startswith("File ") and "ledgerlang" in x]
    head = lines[0] if lines else problem
    return (head.split(":")[0] + " @ " + frames[-1] if frames else head)[:200]


def _save(out: Path, seed: int, reason: str, directory: Path) -> None:
    case = make_case(seed)
    target = out / f"seed-{seed}"
    target.mkdir(parents=True, exist_ok=True)
    materialize_ok = True
    try:
        (target / "case").mkdir(exist_ok=True)
        materialize(case, target / "case")
    except (OSError, FileExistsError):
        materialize_ok = False
    (target / "README.txt").write_text(
        f"{case.describe()}\nreason: {reason}\n"
        f"replay: python -m fuzz --replay {seed}\n"
        f"files written: {materialize_ok}\n")
    result = directory / "result.json"
    if result.exists():
        shutil.copy(result, target / "result.json")


def _stop(signum, frame):
    raise KeyboardInterrupt


def drive(args) -> int:
    _warm()
    # Stop as on ^C, with the summary, on SIGINT or SIGTERM: a run started in the background
    # (`... &` in a script) has SIGINT ignored, and `kill` sends SIGTERM.
    signal.signal(signal.SIGINT, _stop)
    signal.signal(signal.SIGTERM, _stop)
    out = Path(args.out)
    start = time.monotonic()
    deadline = start + args.seconds if args.seconds else None
    running: dict[int, tuple[int, Path, float, str]] = {}  # pid -> (seed, directory, started, command)
    outcomes: Counter[str] = Counter()
    by_command: Counter[str] = Counter()
    signatures: Counter[str] = Counter()
    peak_kb = 0
    done = 0
    next_seed = args.seed
    last_progress = start
    limit_seed = args.seed + args.count

    def launch(seed: int) -> None:
        argv = make_case(seed).argv
        command = f"eval --format {argv[2]}" if argv[0] == "eval" else argv[0]  # xlsx writes a file: apart
        directory = Path(tempfile.mkdtemp(prefix="ledger-fuzz-"))
        pid = os.fork()
        if pid == 0:
            _child(seed, directory, args.memory_mb, args.timeout)
        running[pid] = (seed, directory, time.monotonic(), command)

    def finish(pid: int, status: int, usage) -> None:
        nonlocal peak_kb, done
        seed, directory, _, command = running.pop(pid)
        peak_kb = max(peak_kb, usage.ru_maxrss)
        done += 1
        reason = None
        result = directory / "result.json"
        if os.WIFSIGNALED(status):
            sig = os.WTERMSIG(status)
            reason = "hang (time limit)" if sig in (signal.SIGALRM, signal.SIGKILL) else f"killed by signal {sig}"
        elif os.WEXITSTATUS(status) == 98:
            reason = "MemoryError (memory limit)"
        elif result.exists():
            data = json.loads(result.read_text())
            reason = data.get("problem")
        else:
            reason = f"child exited {os.WEXITSTATUS(status)} without a result"
        by_command[command] += 1
        if reason is None:
            outcomes["ok"] += 1
        else:
            key = _signature(reason)
            outcomes["finding"] += 1
            signatures[key] += 1
            if signatures[key] <= args.keep:
                try:
                    _save(out, seed, reason, directory)
                except OSError as exc:
                    print(f"[fuzz] seed {seed}: could not save the finding: {exc}", file=sys.stderr)
        shutil.rmtree(directory, ignore_errors=True)

    try:
        while running or (next_seed < limit_seed and (deadline is None or time.monotonic() < deadline)):
            while (len(running) < args.jobs and next_seed < limit_seed
                   and (deadline is None or time.monotonic() < deadline)):
                launch(next_seed)
                next_seed += 1
            pid, status, usage = os.wait4(-1, 0)
            if pid in running:
                finish(pid, status, usage)
            now = time.monotonic()
            for pid, (_, _, started, _) in list(running.items()):
                if now - started > args.timeout + 10:  # the alarm did not fire: stop it from outside
                    os.kill(pid, signal.SIGKILL)
            if now - last_progress >= args.progress:
                last_progress = now
                print(f"[fuzz] {done} inputs, {outcomes['finding']} findings "
                      f"({len(signatures)} distinct), {done / (now - start):.1f}/s, "
                      f"peak child RSS {peak_kb // 1024} MB, seed {next_seed}", file=sys.stderr, flush=True)
    except KeyboardInterrupt:  # stop: the children too, and say what was done
        for pid, (_, directory, _, _) in running.items():
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            shutil.rmtree(directory, ignore_errors=True)
    elapsed = time.monotonic() - start
    summary = {
        "inputs": done, "seconds": round(elapsed), "first_seed": args.seed, "next_seed": next_seed,
        "peak_child_rss_mb": peak_kb // 1024, "memory_limit_mb": args.memory_mb, "time_limit_s": args.timeout,
        "outcomes": dict(outcomes), "by_command": dict(by_command),
        "findings": dict(signatures.most_common()),
    }
    out.mkdir(parents=True, exist_ok=True)
    (out / f"summary-{args.seed}.json").write_text(json.dumps(summary, indent=2) + "\n")
    print(json.dumps(summary, indent=2))
    return 1 if outcomes["finding"] else 0


def replay(seed: int) -> int:
    case = make_case(seed)
    print(case.describe())
    with tempfile.TemporaryDirectory(prefix="ledger-fuzz-") as scratch:
        work = Path(scratch)
        materialize(case, work)
        signal.alarm(60)
        with in_directory(work):
            status, output, problem = run_in_process(case.argv, work / case.book)
    print(output[-4000:])
    print(f"exit status {status}; {'ok' if problem is None else 'FINDING: ' + problem}")
    return 0 if problem is None else 1


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m fuzz", description=__doc__.split("\n\n")[0])
    p.add_argument("--count", type=int, default=100_000, help="inputs to try (default 100000)")
    p.add_argument("--seconds", type=float, default=0, help="stop starting inputs after this long (0: no limit)")
    p.add_argument("--seed", type=int, default=0, help="the first seed; input k is seed + k")
    p.add_argument("--jobs", type=int, default=1, help="children at once")
    p.add_argument("--memory-mb", type=int, default=2048, help="address-space limit of each child")
    p.add_argument("--timeout", type=int, default=20, help="seconds an input may take")
    p.add_argument("--out", default="fuzz/crashes", help="where findings are saved")
    p.add_argument("--keep", type=int, default=3, help="findings saved per distinct reason")
    p.add_argument("--progress", type=float, default=30, help="seconds between progress lines")
    p.add_argument("--replay", type=int, metavar="SEED", help="run one seed in this process and report")
    args = p.parse_args(argv)
    if args.replay is not None:
        return replay(args.replay)
    return drive(args)


if __name__ == "__main__":
    sys.exit(main())
