"""``koopgraph bench-reliability``: the reliability benchmark of issue 11, in one run.

Not a test: it measures and prints, side by side,

1. one writer and ``readers`` readers against a real ``koopgraph serve`` (requests, 5xx,
   half-applied updates, stale reads; :mod:`.concurrency`), and what a checkpoint per
   update costs (ms and disk) at study size and at a synthetic scale;
2. ``koopgraph load`` killed at random moments (runs, cut off, partial; :mod:`.loads`);
3. a load test of ``clients`` clients on pages and queries, without and with one runaway
   query a second (:mod:`.loadtest`);
4. bad files and the peak memory of loading them (:mod:`.loads`).

Servers run on free loopback ports in stores under a temporary folder; nothing else is touched.
"""

from __future__ import annotations

import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from koopgraph.graph.bench.run import synthetic_file
from koopgraph.graph.store import open_store
from koopgraph.graph.store.load import load_files

from . import concurrency, loads, loadtest

TOKEN = "bench-reliability-token"


def start_server(store: Path, log: Path, *options: str) -> tuple[subprocess.Popen, str]:
    """``koopgraph serve`` on ``store`` (made with the study dataset if new), once it answers."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(loads.koopgraph("serve", "--store", str(store), "--port", str(port), *options),
                               stdout=open(log, "ab"), stderr=subprocess.STDOUT)
    for _ in range(1200):
        if process.poll() is not None:
            raise RuntimeError(f"koopgraph serve stopped: see {log}")
        try:
            urllib.request.urlopen(url + "/", timeout=5).read()
            return process, url
        except OSError:
            time.sleep(0.25)
    process.kill()
    raise RuntimeError(f"koopgraph serve did not answer: see {log}")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def checkpoint_cost(store_path: Path, updates: int = 20) -> dict:
    """ms and new disk bytes of one checkpoint after a small update, over ``updates`` updates."""
    store = open_store(str(store_path), empty=True)
    times, new_bytes = [], []
    try:
        for i in range(updates):
            store.update(f'INSERT DATA {{ GRAPH <urn:x-bench:g> {{ <urn:x-bench:s{i}> <urn:x-bench:p> {i} }} }}')
            started = time.perf_counter()
            made = store.checkpoint()
            times.append((time.perf_counter() - started) * 1000)
            new_bytes.append(sum(f.stat().st_size for f in made.iterdir() if f.stat().st_nlink == 1))
        statements = len(store)
    finally:
        store.close()
    store_mb = sum(f.stat().st_size for f in store_path.iterdir()) / 1e6
    return {"statements": statements, "store_mb": store_mb, "first_ms": times[0],
            "median_ms": statistics.median(times[1:]), "max_ms": max(times[1:]),
            "new_kb": statistics.median(new_bytes) / 1024}


def bench_reliability(folder: Path, *, seconds: float, readers: int, clients: int, runs: int,
                      scale: str, kill_scale: str, long_line_mb: int, say=print) -> dict:
    """Run the four parts; the results for :func:`report`."""
    results: dict = {}
    log = folder / "serve.log"
    say(f"1/4 one writer and {readers} readers for {seconds:g} s …")
    server, url = start_server(folder / "writes", log, "--admin-token", TOKEN)
    try:
        results["writes"] = concurrency.run(url, seconds=seconds, readers=readers, token=TOKEN)
    finally:
        stop(server)
    say("    checkpoint cost at study size and at scale " + scale + " …")
    results["checkpoints"] = {"study": checkpoint_cost(folder / "writes")}
    synthetic, quads = synthetic_file(scale, 1, None)
    scaled = open_store(str(folder / "scaled"), empty=True)
    load_files(scaled, [synthetic])
    scaled.close()
    results["checkpoints"][scale] = checkpoint_cost(folder / "scaled")
    say(f"2/4 {runs} loads of scale {kill_scale} killed at random moments …")
    kill_file, kill_quads = synthetic_file(kill_scale, 1, None)
    (folder / "kills").mkdir()
    results["kills"] = loads.killed_loads(kill_file, kill_quads, folder / "kills", runs)
    say(f"3/4 load test: {clients} clients × {seconds:g} s, without and with 1 runaway query/s …")
    for name, runaways in (("without", False), ("with", True)):
        server, url = start_server(folder / f"load-{name}", log)
        try:
            results[f"load_{name}"] = loadtest.run(url, clients=clients, seconds=seconds, runaways=runaways)
        finally:
            stop(server)
    say("4/4 bad files …")
    (folder / "bad").mkdir()
    results["bad"] = loads.bad_files(folder / "bad", long_line_mb)
    results["settings"] = {"seconds": seconds, "readers": readers, "clients": clients, "scale": scale,
                           "kill_scale": kill_scale}
    return results


def report(results: dict) -> str:
    """The results as Markdown, in the order of the parts."""
    s = results["settings"]
    writes: concurrency.Outcome = results["writes"]
    lines = [f"Machine: {os.cpu_count()} cores, {platform.platform()}, Python {platform.python_version()}.", "",
             f"**Writer and readers** ({s['seconds']:g} s, 1 writer, {s['readers']} readers, study dataset):", ""]
    lines += [f"- {line}" for line in concurrency.report(writes, s["seconds"], s["readers"])]
    lines += ["", "| checkpoint after an update | statements | store MB | first ms | then median ms | then max ms "
                  "| new disk KB |", "|---|---:|---:|---:|---:|---:|---:|"]
    for name, c in results["checkpoints"].items():
        lines.append(f"| {name} | {c['statements']:,} | {c['store_mb']:,.1f} | {c['first_ms']:.1f} | "
                     f"{c['median_ms']:.1f} | {c['max_ms']:.1f} | {c['new_kb']:,.1f} |")
    k: loads.KilledLoads = results["kills"]
    lines += ["", f"**kill -9 during `koopgraph load`** (scale {s['kill_scale']}, {k.quads:,} statements, "
                  f"a whole load {k.seconds:.1f} s, into a store that holds 1): {k.runs} runs, {k.cut_off} killed "
                  f"inside the load, {k.partial} partial states, {k.announced} of {k.cut_off} announced by "
                  "the next command.", "", "**Load test**:", ""]
    lines += loadtest.report(results["load_without"], results["load_with"], s["clients"])
    lines += ["", "**Bad files** (`koopgraph load` into a new store; peak memory of the load process):", "",
              "| file | bytes | exit | message | peak MB |", "|---|---:|---:|---|---:|"]
    for b in results["bad"]:
        message = b.message.replace("|", "\\|")[:160]
        lines.append(f"| {b.what} | {b.size:,} | {b.exit_code} | {message} | {b.peak_mb:,.0f} |")
    return "\n".join(lines)


def main(**options) -> str:
    with tempfile.TemporaryDirectory(prefix="koopgraph-reliability-") as folder:
        return report(bench_reliability(Path(folder), say=lambda text: print(text, file=sys.stderr), **options))
