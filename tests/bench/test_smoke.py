"""The benchmark runner works end to end on a small book (its timings are never tested)."""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys

import pytest

from tests.support import ROOT

STAGES = {"import", "parse", "build", "evaluate", "check", "render", "total"}


def test_runner_reports_every_stage_command_and_peer(tmp_path):
    """`python -m bench` at about 10k facts writes a Markdown table and JSON of the expected shape."""
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "bench", "--sizes", "10k", "--runs", "1", "--out", str(out),
                           "--adversarial", "200KB"], cwd=ROOT, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    report = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert set(report["machine"]) >= {"cores", "memory_bytes", "python"}
    from ledgerlang import native
    assert report["machine"]["ledgerlang"] == native.summary()  # whether the hot modules ran compiled
    assert f"ledgerlang: {native.summary()}" in (out / "results.md").read_text(encoding="utf-8")
    (result,) = report["results"]
    counts = result["counts"]
    assert 9_000 <= counts["facts"] <= 11_000
    assert counts["facts"] == counts["journal_postings"] == counts["beancount_postings"]
    assert result["stages"]["facts"] == counts["facts"]
    assert set(result["stages"]["seconds"]) == STAGES
    assert result["stages"]["errors"] >= len(counts["violations"]) - 1  # the deliberate violations are found
    for command in ("check", "eval"):
        assert result[command]["exit_status"] == 1 and result[command]["peak_rss_bytes"] > 0
        if os.path.exists("/proc/self/smaps_rollup"):  # the worker's memory counted with the parent's
            assert result[command]["together_bytes"] >= result[command]["peak_rss_bytes"]
    one = result["check_one_process"]  # no worker: the same findings, one process's memory
    assert one["exit_status"] == 1 and one["peak_rss_bytes"] > 0
    for name, peer in result["peers"].items():
        assert peer["exit_status"] == 0, name
        assert peer["lines"] == counts["facts"]
    if "Beancount" in report["peers"]:  # compared with a load of the journal, not a pickle of the last one
        assert "--no-cache" in report["peers"]["Beancount"]["argv"]
        assert report["peers"]["Beancount, warm cache"]["compared"] is False
    hostile = {row["name"]: row for row in report["adversarial"]}
    assert set(hostile) == {"duplicated rows", "broken lines", "one long bad row"}
    for name, row in hostile.items():  # each a diagnosis, not a crash, and bounded output
        assert row["exit_status"] == (0 if name == "duplicated rows" else 1) and not row["traceback"], name
        assert row["input_bytes"] >= 190_000 and row["output_bytes"] < 100_000 and row["peak_rss_bytes"] > 0, name
    steps = result["timeline"]  # ledger check's critical path, from bench.timeline
    assert 0 < steps["loaded"] < steps["evaluated"] < steps["pairwise_done"] <= steps["written"]
    assert steps["network_built"] < steps["written"] and steps["network_took"] > 0
    assert steps["culprits"] > 0 and steps["whole_solve"] > 0 and steps["seconds"] > steps["written"]
    if steps["forked"]:  # this book is above the size that forks, where a second core is there
        done, every = (int(n.replace(",", "")) for n in steps["revised_ahead"].split(" of "))
        assert 0 <= done <= every and every > 1_000
    table = (out / "results.md").read_text(encoding="utf-8")
    assert "Where `ledger check`'s time goes" in table
    assert "| one long bad row |" in table
    assert "| 10k |" in table and "`ledger check`" in table and "µs/fact" in table
    assert "| ledgerlang, one process | `LEDGERLANG_WORKERS=0 ledger check` |" in table


def test_generator_is_deterministic(tmp_path):
    """The same size and seed give the same book and journals, byte for byte."""
    # In a fresh interpreter: in the tests, `bench` names this test package.
    runs = [subprocess.run([sys.executable, "bench/generate.py", "2000", "--out", str(tmp_path / name)], cwd=ROOT,
                           capture_output=True, text=True, check=True).stdout for name in ("a", "b")]
    assert runs[0] == runs[1]
    for name in ("book.iij", "journal.journal", "journal.beancount"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_the_commands_compared_take_turns(tmp_path):
    """Each round runs every command once, in order (bench/run.py `in_turn`): a run of one command
    is never far in time from a run of the others, whatever the machine's load does meanwhile."""
    log = tmp_path / "order"
    script = """
import json, sys
from bench.run import in_turn
log = sys.argv[1]
commands = {name: [sys.executable, "-c", f"open({log!r}, 'a').write({name!r})"] for name in ("check", "eval", "hledger")}
print(json.dumps(in_turn(commands, 3)))
"""
    done = subprocess.run([sys.executable, "-c", script, str(log)], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert log.read_text() == "checkevalhledger" * 3
    timed = json.loads(done.stdout)
    assert list(timed) == ["check", "eval", "hledger"]
    for found in timed.values():
        assert len(found["runs"]) == 3 and found["seconds"] == sorted(found["runs"])[1]
        assert found["exit_status"] == 0 and found["peak_rss_bytes"] > 0


@pytest.mark.skipif(not os.path.exists("/proc/self/smaps_rollup"), reason="Linux's /proc/PID/smaps_rollup")
def test_the_memory_of_a_process_and_its_fork_is_counted_together():
    """A process holding 60 MiB forks one that writes 40 MiB of what they share and adds 80 MiB of
    its own: together about 180 MiB, where wait4 gives the larger alone (about 140)."""
    script = """
import os, time
shared = bytearray(60 << 20)
pid = os.fork()
if pid == 0:
    for i in range(0, 40 << 20, 4096):
        shared[i] = 1  # copied on writing
    own = bytearray(80 << 20)
    for i in range(0, 80 << 20, 4096):
        own[i] = 1
    time.sleep(0.5)
    os._exit(0)
os.waitpid(pid, 0)
"""
    measure = f"""
import json, sys
from bench.run import run_process, together
argv = [sys.executable, "-c", {script!r}]
print(json.dumps([together(argv), *run_process(argv)[1:]]))
"""
    done = subprocess.run([sys.executable, "-c", measure], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    found, largest, status = json.loads(done.stdout)
    assert status == 0
    mib = 1 << 20
    assert 135 * mib <= largest <= 160 * mib
    assert 170 * mib <= found <= largest + 60 * mib


def test_a_peer_timed_with_its_cache_warm_runs_after_the_rounds(tmp_path):
    """bean-check --no-cache deletes the cache that bean-check reads: a peer timed with its cache warm
    must not take turns with the others. Two stand-ins, one deleting a cache and one reading it (and
    saying in a log whether it was there), through the runner's own size loop."""
    log = tmp_path / "warm.log"
    script = """
import json, sys
from types import SimpleNamespace
from bench.run import bench_size
out, log = sys.argv[1], sys.argv[2]
cold = "import os; p = {j!r} + '.cache'; os.path.exists(p) and os.remove(p)"
warm = ("import os; p = {j!r} + '.cache'; found = os.path.exists(p); open(p, 'w').close(); "
        "open(" + repr(log) + ", 'a').write('hit ' if found else 'miss ')")
peers = {name: {"argv": [sys.executable, "-c", code.replace("{j!r}", repr("{journal}"))],
                "journal": "journal.beancount", **extra}
         for name, code, extra in (("cold", cold, {}), ("warm", warm, {"warm": True, "compared": False}))}
args = SimpleNamespace(out=out, python=sys.executable, runs=2)
result = bench_size("2k", 2000, args, peers)
print(json.dumps({name: peer["exit_status"] for name, peer in result["peers"].items()}))
"""
    done = subprocess.run([sys.executable, "-c", script, str(tmp_path / "out"), str(log)], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"cold": 0, "warm": 0}
    assert log.read_text() == "miss hit hit "  # written once, then read by each timed run


def test_handoff_times_the_work_beside_handing_it_back(tmp_path):
    """`python -m bench.handoff` prints, for parse and build, the step and the pickling a worker process would add."""
    subprocess.run([sys.executable, "bench/generate.py", "2000", "--out", str(tmp_path)], cwd=ROOT,
                   capture_output=True, check=True, timeout=120)
    done = subprocess.run([sys.executable, "-m", "bench.handoff", str(tmp_path / "book.iij"), "--runs", "1"], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    rows = {line.split("|")[1].strip(): line.split("|")[2:7] for line in done.stdout.splitlines()
            if line.startswith("| parse") or line.startswith("| build")}
    assert set(rows) == {"parse", "build"}
    for cells in rows.values():
        seconds, size, dumped, loaded, ratio = (cell.strip() for cell in cells)
        assert float(seconds) > 0 and size.endswith("MiB") and float(dumped) > 0 and float(loaded) > 0
        assert float(ratio) > 0


def _timeline(book, *options) -> dict[tuple[str, str], list[str]]:
    done = subprocess.run([sys.executable, "-m", "bench.timeline", str(book), "--runs", "1", *options], cwd=ROOT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    rows = [[cell.strip() for cell in line.split("|")[1:-1]] for line in done.stdout.splitlines()
            if line.startswith("| ") and not line.startswith("| step")]
    return {(row[0], row[1]): row[2:] for row in rows}


def test_timeline_names_each_step_of_both_processes_in_order(tmp_path):
    """`python -m bench.timeline` on a book large enough to fork: the parent's steps and the worker's, each
    ending after the one it waits for, with page faults and resident memory counted; with --one-process,
    all in the parent."""
    subprocess.run([sys.executable, "bench/generate.py", "6000", "--out", str(tmp_path)], cwd=ROOT,
                   capture_output=True, check=True, timeout=120)
    from ledgerlang.check import ahead

    book = tmp_path / "book.iij"
    forked = _timeline(book)
    at = {key: float(cells[0]) for key, cells in forked.items() if cells[0]}
    worker = "worker" if ahead._second_core() else "parent"  # a machine of one core checks in one process
    assert at[("book loaded: read, parsed and built", "parent")] < at[("evaluated", "parent")]
    after = "pairwise checks done, diagnostics sent" if worker == "worker" else "joint pass started"
    for name in ("facts", "rules", "measures", "guidance", "claims"):
        assert at[(f"pairwise: {name}", "parent")] <= at[(after, "parent")]
    assert at[("evaluated", "parent")] < at[("joint network built", worker)] <= at[("joint pass started", worker)]
    assert at[("culprit searches", worker)] <= at[("findings ranked", worker)] <= at[("joint pass done", worker)]
    assert at[("joint pass done", worker)] <= at[("output written", "parent")]
    network = forked[("joint network built", worker)]
    assert network[-1].endswith("variables") and int(network[-4].replace(",", "")) > 0  # page faults
    rss, peak = (float(cell.replace(",", "")) for cell in network[-3:-1])  # resident memory, MiB: then, at most
    assert 0 < rss <= peak
    start = forked[("the interpreter and `ledger`'s command line", "parent")]
    assert 0 < float(start[-3]) < rss  # the interpreter alone, before the book
    if worker == "worker":
        assert at[("worker forked", "parent")] < at[("joint network built", "worker")]
        assert at[("joint pass done", "worker")] <= at[("result back from the worker", "parent")]
        assert "relations revised ahead" in forked[("revised ahead, until the diagnostics came", "worker")][-1]
    alone = _timeline(book, "--one-process")
    assert {side for _, side in alone} == {"parent", ""}  # the last row is the whole process
    assert ("worker forked", "parent") not in alone and ("joint pass done", "parent") in alone


def test_the_report_names_each_python_tools_interpreter():
    """The runner asks an interpreter what it is (bench/run.py `interpreter`), and says so where
    Beancount and ledgerlang ran on different ones: their ratio would compare the builds too."""
    if not os.path.exists("/proc/self/maps"):
        pytest.skip("how an interpreter holds libpython is read from /proc")
    script = """
import json, sys
from bench.run import interpreter, machine, markdown, shown
ours = interpreter(sys.executable)
report = {"machine": dict(machine(sys.executable), ledgerlang="pure"), "runs": 1, "results": [], "adversarial": [],
          "peers": {"Beancount": {"version": "beancount 3", "interpreter": {"python": "CPython 3.0.1",
                                                                          "libpython": "linked in"}}}}
apart = markdown(report)
report["peers"]["Beancount"]["interpreter"] = ours
print(json.dumps({"ours": ours, "missing": interpreter(sys.argv[1]), "machine": report["machine"],
                  "shown": shown(ours), "apart": apart, "together": markdown(report)}))
"""
    done = subprocess.run([sys.executable, "-c", script, str(ROOT / "no-such-python")], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    with open("/proc/self/maps") as maps:  # this process's interpreter is the one asked
        shared = "libpython" in maps.read()
    assert found["ours"] == {"python": f"{platform.python_implementation()} {platform.python_version()}",
                             "libpython": "shared" if shared else "linked in"}
    assert found["missing"] is None
    assert found["machine"]["python"] == platform.python_version()
    assert f"Linux {platform.machine()}, {found['shown']}, lark" in found["apart"]
    assert "Peers: Beancount (beancount 3, on CPython 3.0.1, libpython linked in)." in found["apart"]
    assert f"Beancount ran on CPython 3.0.1, libpython linked in and ledgerlang on {found['shown']}:" in found["apart"]
    assert "Beancount ran on" not in found["together"]
