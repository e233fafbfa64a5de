"""The benchmark runner: ledgerlang's stages and commands at 10k, 100k and 1M facts, beside its peers.

    .venv/bin/python -m bench                      # 10k, 100k and 1M facts, 3 runs each
    .venv/bin/python -m bench --sizes 10k --runs 1 --no-peers

For each size it generates a book and the peers' journals (bench/generate.py),
then times, each in a fresh process and as the median of the runs:

- every stage of the pipeline in-process (bench/stages.py);
- `ledger check BOOK` and `ledger eval BOOK` as whole processes, always this
  project's (`python -m ledgerlang` with the runner's interpreter), `ledger
  check BOOK` again in one process (`LEDGERLANG_WORKERS=0`), and the
  peers' commands, taking turns: each round runs every command once, so that
  the machine's load drifting over minutes falls on all of them alike (but
  for bean-check with its cache warm, after them: `--no-cache` deletes it);
- when each step of `ledger check` ends, the parent's and the joint pass's
  worker's (bench/timeline.py): the critical path, and what remains on it;
- the peers (in those rounds), where installed: `hledger -f J balance`, Ledger's
  `ledger -f J balance` (by absolute path, never this project's `ledger`)
  and `bean-check --no-cache J` (on PATH or in bench/.peers-venv), and
  `bean-check J` again with its pickle cache warm, on a row of its own.

Peak RSS of a process comes from wait4's rusage of that very child.
`ledger check` and `ledger eval` run once more each, untimed, for the peak
memory of their processes together (`together`): from 5,000 printed figures
they fork the joint pass's worker, which wait4's figure leaves out. The
report is bench/out/results.md (a Markdown table) and bench/out/results.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench import timeline
from bench.generate import adversarial, generate

HERE = Path(__file__).resolve().parent
SIZES = {"10k": 10_000, "100k": 100_000, "1M": 1_000_000}


def parse_size(text: str) -> tuple[str, int]:
    """`10k`, `100k`, `1M` or a plain number of facts."""
    if text in SIZES:
        return text, SIZES[text]
    multiplier = {"k": 1_000, "M": 1_000_000}.get(text[-1:], 1)
    return text, int(text.rstrip("kM")) * multiplier


# -- processes ------------------------------------------------------------------------------


def run_process(argv: list[str], timeout: float | None = None) -> tuple[float, int, int]:
    """Wall seconds, peak RSS in bytes and exit status of one fresh process; output discarded."""
    started = time.perf_counter()
    child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    return seconds, usage.ru_maxrss * 1024, child.returncode


def together(argv: list[str], every: float = 0.01) -> int | None:
    """The peak memory of a fresh process and the processes it forks, together, in bytes, from one
    run of its own (sampling costs the measured process some time, so it is never a timed run).

    A forked process's resident memory counts every page it shares with its parent, which is then
    counted twice; wait4 gives the larger of the two alone, which misses what the other holds. Here,
    every `every` seconds, the first process's resident memory plus the pages each other one holds
    alone (its private pages, in /proc/PID/smaps_rollup: its own, and those either side copied on
    writing to a page they shared): what the machine gives them together. The result is the larger
    of that sampled peak and wait4's, which catches a peak between two samples. None where the
    system has no smaps_rollup (Linux before 4.14, or no /proc)."""
    me = os.getpid()
    if _rollup(me) is None or not os.path.exists(f"/proc/{me}/task/{me}/children"):
        return None
    child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    try:
        while True:
            ended, status, usage = os.wait4(child.pid, os.WNOHANG)
            if ended:
                break
            peak = max(peak, _tree_memory(child.pid))
            time.sleep(every)
    except BaseException:
        child.kill()
        child.wait()
        raise
    return max(peak, usage.ru_maxrss * 1024)


def _tree_memory(root: int) -> int:
    """`root`'s resident bytes plus its descendants' private ones, now (0 for a process that has
    just ended, whose files are empty until it is reaped)."""
    total, pending = 0, [root]
    while pending:
        pid = pending.pop()
        fields = _rollup(pid)
        if fields is None:
            continue
        total += fields["Rss"] if pid == root else fields["Private_Clean"] + fields["Private_Dirty"]
        try:
            with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as f:
                pending += [int(word) for word in f.read().split()]
        except (OSError, ValueError):
            pass
    return total


def _rollup(pid: int) -> dict | None:
    """The memory fields of /proc/PID/smaps_rollup, in bytes; None where it cannot be read."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as f:
            text = f.read()
    except OSError:
        return None
    fields = {}
    for line in text.splitlines()[1:]:
        words = line.split()
        if len(words) == 3 and words[2] == "kB":
            fields[words[0].rstrip(":")] = int(words[1]) * 1024
    return fields if {"Rss", "Private_Clean", "Private_Dirty"} <= fields.keys() else None


def median_run(argv: list[str], runs: int) -> dict:
    """The median wall time and peak RSS of `runs` fresh processes."""
    return in_turn({"": argv}, runs)[""]


def in_turn(commands: dict, runs: int, progress: str | None = None) -> dict:
    """The median wall time and peak RSS of `runs` fresh processes of each command, the commands
    taking turns: each round runs every one of them once, in order. A shared machine's load
    moves over minutes; run one after another, one command's runs could all fall in a quiet
    spell and the next one's in a busy one, and their ratio would be the machine's. Taking
    turns, each round's drift falls on all alike.
    `progress`: a line for each round, on stderr (a round at 1M takes a minute or more)."""
    times: dict = {name: [] for name in commands}
    peaks: dict = {name: [] for name in commands}
    status: dict = {}
    for round_ in range(runs):
        if progress is not None and runs > 1:
            print(f"{progress}: round {round_ + 1} of {runs}", file=sys.stderr, flush=True)
        for name, argv in commands.items():
            seconds, peak, status[name] = run_process(argv)
            times[name].append(seconds)
            peaks[name].append(peak)
    return {name: {"seconds": statistics.median(times[name]), "runs": times[name], "peak_rss_bytes": max(peaks[name]),
                   "exit_status": status[name]} for name in commands}


def stage_runs(python: str, book: Path, runs: int) -> dict:
    """Per-stage medians from `runs` fresh interpreters running bench/stages.py."""
    results = []
    for _ in range(runs):
        out = subprocess.run([python, "-m", "bench.stages", str(book)], cwd=HERE.parent, check=True,
                             capture_output=True, text=True)
        results.append(json.loads(out.stdout))
    stages = results[0]["seconds"].keys()
    return {
        "seconds": {s: statistics.median(r["seconds"][s] for r in results) for s in stages},
        "facts": results[0]["facts"],
        "errors": results[0]["errors"],
        "peak_rss_bytes": max(r["peak_rss_bytes"] for r in results),
    }


# -- peers -------------------------------------------------------------------------------------


def _outside_venv(name: str) -> str | None:
    """An executable on PATH that is not in this interpreter's (or any) virtual environment."""
    prefixes = {os.path.realpath(p) for p in (sys.prefix, HERE.parent / ".venv")}
    for directory in os.environ.get("PATH", "").split(os.pathsep) + ["/usr/bin", "/usr/local/bin"]:
        candidate = os.path.join(directory, name)
        real = os.path.realpath(candidate)
        if not os.path.isfile(real) or not os.access(real, os.X_OK):
            continue
        if any(real.startswith(p + os.sep) for p in prefixes) or (Path(real).parent / "activate").exists():
            continue
        return candidate
    return None


def find_peers() -> dict[str, dict]:
    """The installed peers, each with the command that reads a journal; version for the report."""
    peers = {}
    hledger = shutil.which("hledger")
    if hledger:
        peers["hledger"] = {"argv": [hledger, "-f", "{journal}", "balance"], "journal": "journal.journal",
                            "version": _version([hledger, "--version"])}
    ledger = _outside_venv("ledger")
    if ledger:
        version = _version([ledger, "--version"])
        if version.startswith("Ledger "):  # John Wiegley's Ledger, not this project's `ledger`
            peers["Ledger"] = {"argv": [ledger, "-f", "{journal}", "balance"], "journal": "journal.journal",
                               "version": version}
    bean = shutil.which("bean-check") or next(
        (str(p) for p in [HERE / ".peers-venv" / "bin" / "bean-check"] if p.exists()), None)
    if bean:
        python = Path(bean).parent / "python"
        version = _version([str(python), "-c", "import beancount; print('beancount', beancount.__version__)"]) \
            if python.exists() else "beancount"
        build = interpreter(str(python)) if python.exists() else None
        # bean-check pickles what it loaded beside the journal when a load takes over a
        # second, and later runs on the unchanged file read the pickle instead of the
        # journal. The comparison is with the load itself (--no-cache); the warm cache
        # is shown on its own row, after one run that writes it.
        peers["Beancount"] = {"argv": [bean, "--no-cache", "{journal}"], "journal": "journal.beancount",
                              "version": version, "command": "bean-check --no-cache", "interpreter": build}
        peers["Beancount, warm cache"] = {"argv": [bean, "{journal}"], "journal": "journal.beancount",
                                          "version": version, "command": "bean-check", "warm": True,
                                          "compared": False, "interpreter": build}
    return peers


def _version(argv: list[str]) -> str:
    try:
        out = subprocess.run(argv, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return "?"
    return (out.stdout or out.stderr).strip().splitlines()[0] if (out.stdout or out.stderr).strip() else "?"


# -- the machine ---------------------------------------------------------------------------------


# Asked of an interpreter: its implementation and version, and how it holds the interpreter's code.
# A CPython built with `./configure --enable-shared` and no `--enable-optimizations`, whose executable
# calls into a shared libpython, ran ledgerlang 12-14% slower than Debian's, whose executable has it
# linked in (README, "Which Python"): a comparison between two Python programs is fair only on one build.
_ASK_BUILD = """import platform
try:
    with open("/proc/self/maps") as maps:
        shared = "libpython" in maps.read()
except OSError:
    shared = None
print(platform.python_implementation(), platform.python_version(), "" if shared is None else int(shared))"""


def interpreter(python: str) -> dict | None:
    """`python`'s implementation, version and build: {"python": "CPython 3.11.2", "libpython":
    "shared" | "linked in" | None (unknown: no /proc)}; None where it cannot be asked."""
    try:
        out = subprocess.run([python, "-c", _ASK_BUILD], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    words = out.stdout.split()
    if out.returncode != 0 or len(words) < 2:
        return None
    libpython = None if len(words) < 3 else ("shared" if words[2] == "1" else "linked in")
    return {"python": f"{words[0]} {words[1]}", "libpython": libpython}


def shown(build: dict | None) -> str:
    """An interpreter's build as the report says it."""
    if build is None:
        return "an interpreter that could not be asked"
    if build["libpython"] is None:
        return build["python"]
    return f"{build['python']}, libpython {build['libpython']}"


def machine(python: str) -> dict:
    """What the numbers were measured on, ledgerlang run by `python`: no host names, no paths."""
    memory = None
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    memory = int(line.split()[1]) * 1024
    except OSError:
        pass
    try:
        import lark
        lark_version = lark.__version__
    except ImportError:
        lark_version = None
    try:
        import lark_cython  # noqa: F401
        cython = True
    except ImportError:
        cython = False
    build = interpreter(python)  # ledgerlang's, which need not be this one (--python)
    implementation, version = (build["python"].split(" ", 1) if build is not None
                               else (platform.python_implementation(), platform.python_version()))
    return {"cores": os.cpu_count(), "memory_bytes": memory, "python": version, "implementation": implementation,
            "libpython": build and build["libpython"], "system": f"{platform.system()} {platform.machine()}",
            "lark": lark_version, "lark_cython": cython}


# -- the run ----------------------------------------------------------------------------------------


def compile_bytecode(python: str) -> str:
    """Compile ledgerlang's modules to bytecode before any timing, as installing a wheel does;
    returns whether its hot modules run compiled (ledgerlang/native), for the report.

    An editable install compiles on first import, unless PYTHONDONTWRITEBYTECODE
    is set: then every run compiled all of ledgerlang from source (~40 ms), which
    the peers, installed from wheels or packages, never pay. The bytecode is
    read even where the variable is set.
    """
    found = subprocess.run([python, "-c", "import os, ledgerlang; print(os.path.dirname(ledgerlang.__file__))"],
                           capture_output=True, text=True, check=True).stdout.strip()
    subprocess.run([python, "-m", "compileall", "-q", found], check=True, stdout=subprocess.DEVNULL)
    return subprocess.run([python, "-c", "from ledgerlang import native; print(native.summary())"],
                          capture_output=True, text=True, check=True).stdout.strip()


ONE_PROCESS = "ledger check, one process"


def bench_size(label: str, facts: int, args, peers: dict) -> dict:
    directory = Path(args.out) / "books" / label
    print(f"[{label}] generating about {facts:,} facts", file=sys.stderr, flush=True)
    counts = generate(facts, directory)
    book = directory / "book.iij"
    python = args.python
    result = {"size": label, "counts": counts}
    print(f"[{label}] stages in-process, {args.runs} runs", file=sys.stderr, flush=True)
    result["stages"] = stage_runs(python, book, args.runs)
    # `ledger check`, `ledger eval` and each peer take turns (`in_turn`): the ratios compare runs
    # made under the same load. A peer timed with its cache warm is not among them: bean-check
    # --no-cache deletes the cache the warm runs read. It runs after them, once to write its cache,
    # then its runs one after another, as a row of its own (it is not compared).
    argvs = {name: [a.replace("{journal}", str(directory / peer["journal"])) for a in peer["argv"]]
             for name, peer in peers.items()}
    commands = {command: [python, "-m", "ledgerlang", command, str(book)] for command in ("check", "eval")}
    # `ledger check` with no worker (LEDGERLANG_WORKERS=0), as issue 16's memory target was measured:
    # one process, whose peak wait4 gives whole. Through POSIX `env`, where there is one.
    env = shutil.which("env")
    if env is not None:
        commands[ONE_PROCESS] = [env, "LEDGERLANG_WORKERS=0", *commands["check"]]
    commands.update((name, argvs[name]) for name, peer in peers.items() if not peer.get("warm"))
    every = ", ".join(f"ledger {name}" if name in ("check", "eval") else name for name in commands)
    print(f"[{label}] {every}, in turn, {args.runs} runs each", file=sys.stderr, flush=True)
    timed = in_turn(commands, args.runs, progress=f"[{label}]")
    for name, peer in peers.items():
        if peer.get("warm"):
            print(f"[{label}] {name}, {args.runs} runs", file=sys.stderr, flush=True)
            run_process(argvs[name])  # the cache it reads, written first
            timed[name] = median_run(argvs[name], args.runs)
    result["check"], result["eval"] = timed.pop("check"), timed.pop("eval")
    if ONE_PROCESS in timed:
        result["check_one_process"] = timed.pop(ONE_PROCESS)
    print(f"[{label}] ledger check, ledger eval: the memory of their processes together, a run each",
          file=sys.stderr, flush=True)
    for command in ("check", "eval"):
        result[command]["together_bytes"] = together(commands[command])
    result["peers"] = {}
    for name, peer in peers.items():
        result["peers"][name] = timed[name]
        result["peers"][name]["lines"] = counts["beancount_postings" if peer["journal"].endswith(".beancount")
                                                else "journal_postings"]
    print(f"[{label}] ledger check's steps (bench.timeline), {args.runs} runs", file=sys.stderr, flush=True)
    result["timeline"] = timeline.measure(python, [str(book)], args.runs)
    return result


def parse_bytes(text: str) -> int:
    """`200KB`, `2MB`, `10MB` or a plain number of bytes (0: none)."""
    for suffix, multiplier in (("MB", 1_000_000), ("KB", 1_000), ("B", 1)):
        if text.upper().endswith(suffix):
            return int(float(text[:-len(suffix)]) * multiplier)
    return int(text)


def bench_adversarial(size: int, args) -> list[dict]:
    """`ledger check` on each hostile book: time, peak RSS, and how much it prints."""
    rows = []
    for name, book in adversarial(size, Path(args.out) / "books" / "adversarial").items():
        print(f"[adversarial] {name}, {book.stat().st_size:,} bytes, {args.runs} runs", file=sys.stderr, flush=True)
        argv = [args.python, "-m", "ledgerlang", "check", str(book)]
        found = median_run(argv, args.runs)
        printed = subprocess.run(argv, capture_output=True, timeout=3600)
        found.update(name=name, input_bytes=book.stat().st_size, output_bytes=len(printed.stdout) + len(printed.stderr),
                     traceback=b"Traceback" in printed.stderr)
        rows.append(found)
    return rows


def _mib(n: int) -> str:
    return f"{n / 2**20:,.0f} MiB"


def memory(command: dict) -> int:
    """A ledgerlang command's peak memory in bytes: its processes' together, where it was measured."""
    return command.get("together_bytes") or command["peak_rss_bytes"]


def _ours(command: dict) -> str:
    if not command.get("together_bytes"):
        return f"{_mib(command['peak_rss_bytes'])} (the larger process alone)"
    return f"{_mib(command['together_bytes'])} ({_mib(command['peak_rss_bytes'])})"


def _rate(count: int, seconds: float) -> str:
    return f"{count / seconds / 1000:,.0f}k"


def markdown(report: dict) -> str:
    """The report as the README shows it."""
    m = report["machine"]
    build = {"python": f"{m['implementation']} {m['python']}", "libpython": m.get("libpython")}  # ledgerlang's
    out = [
        f"Measured on {m['cores']} cores, {m['memory_bytes'] / 2**30:.0f} GiB, {m['system']}, {shown(build)}, "
        f"lark {m['lark']}"
        f"{' (lark-cython installed, not used)' if m['lark_cython'] else ''}"
        f"{'; ledgerlang: ' + m['ledgerlang'] if m.get('ledgerlang') else ''}; median of {report['runs']} runs, each a fresh process, the commands taking turns.",
        "",
        "| size | facts | tool | command | seconds | facts (lines)/s | peak memory | ledgerlang check is faster by | peer memory / ours |",
        "|---|---:|---|---|---:|---:|---:|---:|---:|",
    ]
    for r in report["results"]:
        facts = r["counts"]["facts"]
        ours = r["check"]
        for command in ("check", "eval"):
            c = r[command]
            out.append(f"| {r['size']} | {facts:,} | ledgerlang | `ledger {command}` | {c['seconds']:.2f} | "
                       f"{_rate(facts, c['seconds'])} | {_ours(c)} | | |")
        one = r.get("check_one_process")
        if one:
            out.append(f"| {r['size']} | {facts:,} | ledgerlang, one process | `LEDGERLANG_WORKERS=0 ledger check` | "
                       f"{one['seconds']:.2f} | {_rate(facts, one['seconds'])} | {_mib(one['peak_rss_bytes'])} | | |")
        for name, p in r["peers"].items():
            command = report["peers"][name].get("command") or f"{name.lower()} balance"
            out.append(f"| {r['size']} | {p['lines']:,} | {name} | `{command}` | {p['seconds']:.2f} | "
                       f"{_rate(p['lines'], p['seconds'])} | {_mib(p['peak_rss_bytes'])} | "
                       f"{p['seconds'] / ours['seconds']:.2f}× | {p['peak_rss_bytes'] / memory(ours):.2f}× |")
    out += [
        "",
        "Peak memory: a peer's is its process's peak RSS (wait4). ledgerlang's is that of its processes "
        "together, from a run of its own (bench/run.py `together`): the parent's resident memory and "
        "what the joint pass's worker holds alone, pages copied on writing included, sampled every 10 ms; "
        "in brackets, the peak RSS of the larger process alone, as wait4 gives it, which counts the pages "
        "the two share once and leaves out the other's. The one-process row forks no worker "
        "(`LEDGERLANG_WORKERS=0`), so wait4's peak is the whole of its memory.",
    ]
    out += [
        "",
        "Stages in-process (median seconds; per-fact cost in microseconds):",
        "",
        "| size | import | parse | build | evaluate | check | render | total | µs/fact (stages) | µs/fact (`ledger check`) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in report["results"]:
        s, facts = r["stages"]["seconds"], r["counts"]["facts"]
        out.append(f"| {r['size']} | " + " | ".join(f"{s[k]:.3f}" for k in
                                                     ("import", "parse", "build", "evaluate", "check", "render", "total"))
                   + f" | {s['total'] / facts * 1e6:.1f} | {r['check']['seconds'] / facts * 1e6:.1f} |")
    out += [
        "",
        "Where `ledger check`'s time goes (`python -m bench.timeline`: medians, seconds from the start of the "
        "process's Python code; the network, the culprit searches and the whole network's solve are the "
        "joint pass's worker's, or the process's own where it forks none):",
        "",
        "| size | loaded | evaluated | pairwise checks done | network built (took) | relations revised ahead "
        "| culprit searches | whole network's solve | output written |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in report["results"]:
        t = r.get("timeline")
        if not t:
            continue

        def at(value) -> str:
            return "" if value is None else f"{value:.3f}"

        ahead = t["revised_ahead"] if t["forked"] else "none: one process"
        out.append(f"| {r['size']} | {at(t['loaded'])} | {at(t['evaluated'])} | {at(t['pairwise_done'])} | "
                   f"{at(t['network_built'])} ({at(t['network_took'])}) | {ahead} | {at(t['culprits'])} | "
                   f"{at(t['whole_solve'])} | {at(t['written'])} |")
    if report.get("adversarial"):
        out += [
            "",
            "Hostile books, `ledger check` (the error path; bench/generate.py ADVERSARIAL):",
            "",
            "| book | input | seconds | peak RSS | RSS per MB of input | output | exit |",
            "|---|---:|---:|---:|---:|---:|---:|",
        ]
        for a in report["adversarial"]:
            megabytes = a["input_bytes"] / 1e6
            out.append(f"| {a['name']} | {megabytes:,.1f} MB | {a['seconds']:.2f} | {_mib(a['peak_rss_bytes'])} | "
                       f"{a['peak_rss_bytes'] / 2**20 / megabytes:,.0f} MiB | {a['output_bytes'] / 1e3:,.1f} kB | "
                       f"{a['exit_status']} |")
    if report["peers"]:
        versions = {name.split(",")[0]: p["version"] + (f", on {shown(p['interpreter'])}" if "interpreter" in p else "")
                    for name, p in report["peers"].items()}
        out += ["", "Peers: " + "; ".join(f"{name} ({version})" for name, version in versions.items()) + "."]
        other = next((p["interpreter"] for p in report["peers"].values() if "interpreter" in p), build)
        if other != build:
            out += ["", f"Beancount ran on {shown(other)} and ledgerlang on {shown(build)}: the ratios between "
                        "them compare the two interpreters as well (README, \"Which Python\")."]
        if "Beancount, warm cache" in report["peers"]:
            out += ["", "Beancount's warm-cache row reads the pickle bean-check wrote beside the journal on an "
                        "earlier run (it writes one when a load takes over a second), not the journal; the "
                        "comparison is with `bean-check --no-cache`."]
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10k,100k,1M", help="comma-separated: 10k,100k,1M or numbers of facts")
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement; the median is reported")
    parser.add_argument("--out", default=str(HERE / "out"), help="directory for books, journals and the report")
    parser.add_argument("--python", default=sys.executable, help="the interpreter that runs ledgerlang")
    parser.add_argument("--no-peers", action="store_true", help="time ledgerlang only")
    parser.add_argument("--adversarial", default="10MB",
                        help="size of each hostile book (duplicated rows, broken lines, one long bad row): "
                        "10MB, 200KB, ...; 0 for none")
    args = parser.parse_args(argv)
    peers = {} if args.no_peers else find_peers()
    compiled = compile_bytecode(args.python)
    results = [bench_size(label, facts, args, peers) for label, facts in map(parse_size, args.sizes.split(","))]
    size = parse_bytes(args.adversarial)
    report = {"machine": dict(machine(args.python), ledgerlang=compiled), "runs": args.runs,
              "adversarial": bench_adversarial(size, args) if size else [],
              "peers": {name: {"version": p["version"], "command": p.get("command"),
                               "compared": p.get("compared", True),
                               **({"interpreter": p["interpreter"]} if "interpreter" in p else {}),
                               "argv": [Path(a).name if os.sep in a else a for a in p["argv"]]}
                        for name, p in peers.items()},
              "results": results}
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    text = markdown(report)
    (out / "results.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    (out / "results.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
