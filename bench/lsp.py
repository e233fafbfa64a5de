"""Editor latency of `ledger lsp`: from a didChange to the diagnostics published for it.

    .venv/bin/python -m bench.lsp                  # the IIJ books and a generated 10k-fact book
    .venv/bin/python -m bench.lsp --edits 200 --sizes 10k,100k

The server runs as an editor runs it: a process spoken to over stdio
(`python -m ledgerlang lsp` with this interpreter). A plain JSON-RPC client
opens a book, then edits one figure at a time (a digit changed, then
changed back, in rows spread over the file) and times each edit from the
moment its didChange is written to the moment the publishDiagnostics for
that version of the file arrives. The first edits of each book warm the
caches and are not counted. Reported: median and 95th percentile, in ms.

The same edits are then replayed in this process on the server's own
workspace (ledgerlang.lsp.ledger: parse, build, evaluate, check, and the
diagnostics converted for the protocol), timed in CPU time of the thread
(time.thread_time): the latency on an idle core, which a machine shared
with other work does not give as wall time.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.generate import generate

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
WARMUP = 5
MEMORY = 3 * 1024 ** 3  # never more than 3 GiB for the server

_ROW = re.compile(r"^\s+-?[A-Za-z_][\w.]*%?\s+(\(?-?\d[\d,]*(\.\d+)?%?\)?)")


class Client:
    """A minimal LSP client over a child's stdio: enough to open, edit and read diagnostics."""

    def __init__(self, root: Path) -> None:
        def limit() -> None:
            resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))

        env = dict(os.environ, PYTHONPATH=str(ROOT))
        self.process = subprocess.Popen([sys.executable, "-m", "ledgerlang", "lsp"], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env,
                                        preexec_fn=limit)
        self.next_id = 0
        self.request("initialize", {"processId": os.getpid(), "rootUri": root.as_uri(), "capabilities": {},
                                    "workspaceFolders": [{"uri": root.as_uri(), "name": root.name}]})
        self.notify("initialized", {})

    def send(self, message: dict) -> None:
        body = json.dumps(message).encode("utf-8")
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def receive(self) -> dict:
        length = 0
        while True:
            line = self.process.stdout.readline()
            if not line:
                raise RuntimeError("the server exited")
            if line in (b"\r\n", b"\n"):
                break
            name, _, value = line.decode("ascii").partition(":")
            if name.lower() == "content-length":
                length = int(value)
        return json.loads(self.process.stdout.read(length))

    def request(self, method: str, params: dict) -> dict:
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        while True:
            message = self.receive()
            if message.get("id") == self.next_id and "method" not in message:
                return message

    def notify(self, method: str, params: dict) -> None:
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def diagnostics(self, uri: str, version: int) -> list:
        """Wait for the diagnostics of one version of a file (answering the server's own requests)."""
        while True:
            message = self.receive()
            if "id" in message and "method" in message:  # a request from the server: answer it
                self.send({"jsonrpc": "2.0", "id": message["id"], "result": None})
                continue
            params = message.get("params") or {}
            if message.get("method") == "textDocument/publishDiagnostics" and params.get("uri") == uri \
                    and params.get("version") == version:
                return params["diagnostics"]

    def cpu_seconds(self) -> float:
        """CPU time the server process has used so far (user and system, all threads; Linux)."""
        try:
            fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return float("nan")
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def close(self) -> None:
        try:
            self.request("shutdown", {})
            self.notify("exit", {})
            self.process.wait(timeout=30)
        except Exception:  # noqa: BLE001 - a benchmark's server that will not stop is killed
            self.process.kill()


def figure_edits(text: str, count: int) -> list[tuple[int, int, str, str]]:
    """(line, column, old, new) for figures in table rows spread over the file: a last digit changed."""
    rows = []
    for number, line in enumerate(text.split("\n")):
        m = _ROW.match(line)
        if m and any(ch.isdigit() for ch in m.group(1)):
            rows.append((number, m.start(1), m.group(1)))
    if not rows:
        raise ValueError("no table rows to edit")
    step = max(len(rows) // max(count // 2, 1), 1)
    chosen = rows[::step] or rows
    edits = []
    for number, column, figure in chosen:
        digits = [i for i, ch in enumerate(figure) if ch.isdigit()]
        at = digits[-1]
        changed = figure[:at] + str((int(figure[at]) + 1) % 10) + figure[at + 1:]
        edits.append((number, column, figure, changed))
        edits.append((number, column, changed, figure))  # and back: the book stays what it was
    return edits


def measure(root: Path, book: Path, edits: int) -> dict:
    client = Client(root)
    try:
        uri = book.resolve().as_uri()
        text = book.read_text(encoding="utf-8")
        started = time.perf_counter()
        client.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "ledgerlang",
                                                                "version": 1, "text": text}})
        client.diagnostics(uri, 1)
        opened = time.perf_counter() - started
        version, times = 1, []
        plan = figure_edits(text, edits + WARMUP)
        for k in range(edits + WARMUP):
            if k == WARMUP:
                cpu_before = client.cpu_seconds()
            line, column, old, new = plan[k % len(plan)]
            version += 1
            change = {"range": {"start": {"line": line, "character": column},
                                "end": {"line": line, "character": column + len(old)}}, "text": new}
            started = time.perf_counter()
            client.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version},
                                                     "contentChanges": [change]})
            client.diagnostics(uri, version)
            if k >= WARMUP:
                times.append(time.perf_counter() - started)
        server_cpu = (client.cpu_seconds() - cpu_before) / edits
    finally:
        client.close()
    times.sort()
    return {
        "book": str(book.relative_to(root.parent) if root.parent in book.parents else book.name),
        "lines": text.count("\n"),
        "edits": len(times),
        "open_ms": round(opened * 1000, 1),
        "median_ms": round(statistics.median(times) * 1000, 1),
        "p95_ms": round(times[min(len(times) - 1, int(0.95 * len(times)))] * 1000, 1),
        "max_ms": round(times[-1] * 1000, 1),
        "server_cpu_mean_ms": round(server_cpu * 1000, 1),
    }


def cpu(root: Path, book: Path, edits: int) -> dict:
    """The same edits in this process, on the server's workspace: CPU time per edit, median and p95."""
    from ledgerlang.lsp import convert
    from ledgerlang.lsp.ledger import Workspace, normal

    workspace = Workspace([str(root)])
    path = normal(str(book))
    text = book.read_text(encoding="utf-8")
    lines = text.split("\n")
    workspace.set_open(path, text)
    workspace.analyse(path)
    plan = figure_edits(text, edits + WARMUP)
    times = []
    for k in range(edits + WARMUP):
        line, column, old, new = plan[k % len(plan)]
        lines[line] = lines[line][:column] + new + lines[line][column + len(old):]
        workspace.set_open(path, "\n".join(lines))
        started = time.thread_time()
        analysis = workspace.analyse(path)
        sources: dict[str, convert.Lines] = {}

        def lines_of(p: str) -> convert.Lines:
            if p not in sources:
                sources[p] = convert.Lines(workspace.text(p) or "")
            return sources[p]

        for d in analysis.diagnostics:
            convert.diagnostic(d, analysis, lines_of, lambda p: p)
        if k >= WARMUP:
            times.append(time.thread_time() - started)
    times.sort()
    return {"cpu_median_ms": round(statistics.median(times) * 1000, 1),
            "cpu_p95_ms": round(times[min(len(times) - 1, int(0.95 * len(times)))] * 1000, 1)}


def markdown(results: list[dict]) -> str:
    out = ["| book | lines | edits | open (ms) | median (ms) | p95 (ms) | max (ms) | server CPU per edit, mean (ms) "
           "| check CPU median (ms) | check CPU p95 (ms) |", "|---|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        out.append(f"| {r['book']} | {r['lines']} | {r['edits']} | {r['open_ms']} | {r['median_ms']} | "
                   f"{r['p95_ms']} | {r['max_ms']} | {r['server_cpu_mean_ms']} | {r.get('cpu_median_ms', '')} | "
                   f"{r.get('cpu_p95_ms', '')} |")
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.lsp", description=__doc__.split("\n\n")[0])
    parser.add_argument("--edits", type=int, default=100, help="timed edits per book (after %d warm-up)" % WARMUP)
    parser.add_argument("--sizes", default="10k", help="generated books, comma-separated: 10k,100k or numbers")
    parser.add_argument("--out", default=str(HERE / "out"), help="directory for generated books and the report")
    args = parser.parse_args(argv)
    out = Path(args.out)
    results = []
    iij = ROOT / "books" / "iij"
    for name in ("iij-1q03-earnings-release.iij", "iij.iij"):
        results.append(measure(iij, iij / name, args.edits))
        results[-1].update(cpu(iij, iij / name, args.edits))
        print(markdown(results[-1:]).splitlines()[-1], flush=True)
    for size in filter(None, args.sizes.split(",")):
        facts = int(size[:-1]) * 1000 if size.endswith("k") else int(size)
        directory = out / f"lsp-{size}"
        generate(facts, directory)
        book = directory / "book.iij"
        results.append(measure(directory, book, args.edits))
        results[-1].update(cpu(directory, book, args.edits))
        results[-1]["book"] = f"generated {size} facts"
        print(markdown(results[-1:]).splitlines()[-1], flush=True)
    report = markdown(results)
    out.mkdir(parents=True, exist_ok=True)
    (out / "lsp.md").write_text(report, encoding="utf-8")
    (out / "lsp.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print()
    print(report, end="")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
