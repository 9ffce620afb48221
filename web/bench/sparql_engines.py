"""``koopgraph bench-sparql``: koopgraph's /sparql beside `oxigraph serve` and Virtuoso, same data, one run.

A new embedded store gets the study dataset and the official base layer; its N-Quads export is
loaded into `oxigraph serve` (PyPI, ``oxigraph load`` into its own folder, served with
``--union-default-graph``) and into Virtuoso 7 (Debian, its bulk loader: the base layer is too
big for one update). Each server runs in its own process on a loopback port. Then:

- first query after start (koopgraph and Oxigraph, each started again on its loaded store): from
  the process start until the port takes connections, then the time of the first query of the
  mix — what a visitor meets right after a restart;
- the mix (:mod:`koopgraph.graph.bench.sparql_mix`) in ``rounds`` rounds, each query asked of
  every engine in turn (the order of the engines rotates each round), so that all sides share
  the machine's load; the first round is the warm-up, p50 and p95 (nearest rank) over the others.
  Every query is a GET with ``query=`` and an Accept header for its form; the rows each engine
  answered are compared, so a fast wrong answer shows.

koopgraph's query workers run at niceness 10 (they yield to its pages); on a machine busy with other
work they then get a smaller share of it than a server at niceness 0. So Oxigraph runs twice, as is
and at niceness 10, and koopgraph's ratio is given against both.
"""

from __future__ import annotations

import json
import math
import shutil
import socket
import statistics
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from koopgraph.graph.bench.sparql_mix import MixQuery, sparql_mix
from koopgraph.graph.bench.timing import percentile
from koopgraph.graph.sparql.workers import QUERY_WORKER_NICENESS

from .loads import koopgraph
from .servers import VirtuosoServer, free_port, oxigraph_command, stop

NICED = f"oxigraph nice {QUERY_WORKER_NICENESS}"
# (engine, compared with) for the ratio columns
RATIOS = [("koopgraph", "oxigraph"), ("koopgraph", NICED), ("virtuoso", "oxigraph")]
SELECT_TYPE, GRAPH_TYPE = "application/sparql-results+json", "application/n-triples"
TARGET_RATIO, TARGET_FIRST_S = 2.0, 0.5
_START_S = 300


def ask(url: str, query: MixQuery) -> tuple[float, int, int | None]:
    """Seconds, HTTP status and rows (bindings, triples; 1 for ASK) of one GET of ``query``."""
    request = urllib.request.Request(url + "?" + urllib.parse.urlencode({"query": query.sparql}),
                                     headers={"Accept": GRAPH_TYPE if query.graph_form else SELECT_TYPE})
    begun = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=_START_S) as response:
            body, status = response.read(), response.status
    except urllib.error.HTTPError as e:
        e.read()
        return time.perf_counter() - begun, e.code, None
    return time.perf_counter() - begun, status, _rows(body, query.graph_form)


def _rows(body: bytes, graph_form: bool) -> int | None:
    if graph_form:
        return sum(1 for line in body.splitlines() if line.strip())
    answer = json.loads(body)
    return 1 if "boolean" in answer else len(answer["results"]["bindings"])


def first_query(command: list[str], port: int, url: str, query: MixQuery, log) -> dict:
    """Start ``command``, wait until ``port`` takes connections, time the first ``query``; stop it."""
    started = time.monotonic()
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    try:
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"{command[0]} stopped at once (exit {process.returncode})")
            if time.monotonic() - started > _START_S:
                raise RuntimeError(f"{command[0]} did not listen within {_START_S} s")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.02)
        listening = time.monotonic() - started
        seconds, status, _ = ask(url, query)
        return {"listening_s": round(listening, 2), "first_query_s": round(seconds, 3), "status": status}
    finally:
        stop(process)


def koopgraph_command(store: Path, port: int) -> list[str]:
    return koopgraph("serve", "--store", str(store), "--host", "127.0.0.1", "--port", str(port))


def wait_answering(url: str, query: MixQuery) -> None:
    deadline = time.monotonic() + _START_S
    while time.monotonic() < deadline:
        try:
            if ask(url, query)[1] == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer within {_START_S} s")


def wait_ready(url: str) -> None:
    """Wait until koopgraph's /bereit answers 200 (503 while it prepares)."""
    deadline = time.monotonic() + _START_S
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=_START_S) as response:
                if response.status == 200:
                    return
        except OSError:  # 503 (an HTTPError) while preparing
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not say ready within {_START_S} s")


def time_mix(engines: dict[str, str], mix: list[MixQuery], rounds: int, progress) -> dict:
    """Per query and engine: the seconds of every round, the statuses and the rows of the last answer."""
    runs = {q.name: {e: {"seconds": [], "status": set(), "rows": None} for e in engines} for q in mix}
    names = list(engines)
    for number in range(rounds + 1):  # round 0 warms up
        progress(f"sparql: round {number} of {rounds}")
        order = names[number % len(names):] + names[:number % len(names)]
        for query in mix:
            for engine in order:
                seconds, status, rows = ask(engines[engine], query)
                run = runs[query.name][engine]
                run["status"].add(status)
                run["rows"] = rows
                if number:
                    run["seconds"].append(seconds)
    return runs


def summarise(runs: dict, mix: list[MixQuery]) -> list[dict]:
    """One row per query: kind, p50/p95 ms per engine, statuses and rows."""
    rows = []
    for query in mix:
        row = {"query": query.name, "kind": query.kind, "engines": {}}
        for engine, run in runs[query.name].items():
            ms = [s * 1000 for s in run["seconds"]]
            row["engines"][engine] = {"p50_ms": round(statistics.median(ms), 2), "p95_ms": round(percentile(ms, 95), 2),
                                      "status": sorted(run["status"]), "rows": run["rows"]}
        rows.append(row)
    return rows


def bench_sparql(rounds: int = 20, virtuoso: bool = True, progress=lambda text: None) -> dict:
    """The whole benchmark (see the module); the report as a dict."""
    mix = sparql_mix()
    with tempfile.TemporaryDirectory(prefix="koopgraph-bench-sparql-") as name:
        folder = Path(name)
        with open(folder / "servers.log", "ab") as log:
            store, quads = prepare_stores(folder, progress)
            progress("sparql: first query after start …")
            first = {"koopgraph": _first_koopgraph(store, mix[0], log),
                     "oxigraph": _first_oxigraph(folder / "oxigraph", mix[0], log)}
            with running_engines(folder, store, virtuoso, log, progress) as engines:
                for url in engines.values():
                    wait_answering(url, mix[0])
                # koopgraph prepares the network for /netzwerk in the background after a start (or reads it
                # as kept): its CPU would count against the first rounds, so the mix waits until it is done
                wait_ready(engines["koopgraph"].removesuffix("/sparql") + "/bereit")
                runs = time_mix(engines, mix, rounds, progress)
    return {"quads": quads, "rounds": rounds, "first": first, "queries": summarise(runs, mix)}


def prepare_stores(folder: Path, progress) -> tuple[Path, int]:
    """A new koopgraph store (study + base layer), its N-Quads export, that loaded into Oxigraph's folder."""
    store, export = folder / "koopgraph", folder / "alles.nq"
    progress("sparql: a new koopgraph store (study + base layer) and its export …")
    subprocess.run(koopgraph("export", "--store", str(store), "-o", str(export)), check=True, capture_output=True)
    progress("sparql: oxigraph load …")
    subprocess.run([oxigraph_command(0)[0], "load", "--location", str(folder / "oxigraph"), "--file", str(export)],
                   check=True, capture_output=True)
    with open(export, "rb") as lines:
        quads = sum(1 for line in lines if line.strip())
    return store, quads


def _first_koopgraph(store: Path, query: MixQuery, log) -> dict:
    port = free_port()
    return first_query(koopgraph_command(store, port), port, f"http://127.0.0.1:{port}/sparql", query, log)


def _first_oxigraph(location: Path, query: MixQuery, log) -> dict:
    port = free_port()
    return first_query(oxigraph_command(port, location=location), port, f"http://127.0.0.1:{port}/query", query, log)


@contextmanager
def running_engines(folder: Path, store: Path, virtuoso: bool, log, progress):
    """koopgraph serve, oxigraph serve and (if asked) Virtuoso on their loaded data: name → query URL."""
    started, engines = [], {}
    try:
        port = free_port()
        started.append(subprocess.Popen(koopgraph_command(store, port), stdout=log, stderr=subprocess.STDOUT))
        engines["koopgraph"] = f"http://127.0.0.1:{port}/sparql"
        port = free_port()
        started.append(subprocess.Popen(oxigraph_command(port, location=folder / "oxigraph"), stdout=log,
                                        stderr=subprocess.STDOUT))
        engines["oxigraph"] = f"http://127.0.0.1:{port}/query"
        # koopgraph's query workers run at niceness 10 (they yield to its pages): on a machine busy with
        # other work they get a smaller share than a server at 0, so the same server at 10 is the like for like
        port, niced = free_port(), folder / "oxigraph-nice"
        shutil.copytree(folder / "oxigraph", niced)
        started.append(subprocess.Popen(["nice", "-n", str(QUERY_WORKER_NICENESS),
                                         *oxigraph_command(port, location=niced)], stdout=log, stderr=subprocess.STDOUT))
        engines[NICED] = f"http://127.0.0.1:{port}/query"
        if virtuoso:
            progress("sparql: Virtuoso, bulk load …")
            server = VirtuosoServer(folder / "virtuoso", log=log)
            started.append(server.process)
            server.bulk_load(folder / "alles.nq")
            engines["virtuoso"] = server.url
        yield engines
    finally:
        for process in started:
            stop(process)


def _ratio(row: dict, engine: str, other: str, key: str) -> float | None:
    mine, theirs = row["engines"].get(engine), row["engines"].get(other)
    if mine is None or theirs is None or mine["status"] != [200] or theirs["status"] != [200]:
        return None
    return mine[key] / theirs[key]


def report(result: dict) -> str:
    """The Markdown tables: first query after start, then p50/p95 per query with ratios of p50."""
    engines = list(result["queries"][0]["engines"])
    pairs = [(a, b) for a, b in RATIOS if a in engines and b in engines]
    lines = [f"Same data in every engine: {result['quads']:,} quads (study + base layer); "
             f"{result['rounds']} rounds after one warm-up, engines in turn.", "",
             "| start | listening s | first query s | < 0.5 s | first answer after process start s |",
             "|---|---:|---:|---|---:|"]
    for engine, first in result["first"].items():
        ok = "yes" if first["status"] == 200 and first["first_query_s"] < TARGET_FIRST_S else "**no**"
        whole = first["listening_s"] + first["first_query_s"]
        lines.append(f"| {engine} | {first['listening_s']:.2f} | {first['first_query_s']:.3f} | {ok} | {whole:.2f} |")
    head = ["query", "kind"] + [f"{e} p50 / p95 ms" for e in engines] + [f"{a} ÷ {b}" for a, b in pairs] + ["rows"]
    lines += ["", "| " + " | ".join(head) + " |", "|---|---|" + "---:|" * (len(head) - 3) + "---|"]
    ratios: dict[tuple, list[float]] = {pair: [] for pair in pairs}
    for row in result["queries"]:
        cells = [row["query"], row["kind"]] + [_timing_cell(row["engines"][e]) for e in engines]
        for pair in pairs:
            ratio = _ratio(row, *pair, "p50_ms")
            if ratio is not None:
                ratios[pair].append(ratio)
            cells.append("–" if ratio is None else (f"{ratio:.2f}" if ratio <= TARGET_RATIO else f"**{ratio:.2f}**"))
        counts = [row["engines"][e]["rows"] for e in engines]
        cells.append(str(counts[0]) if len(set(counts)) == 1 else "**" + " / ".join(map(str, counts)) + "**")
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    for (a, b), values in ratios.items():
        within = sum(1 for r in values if r <= TARGET_RATIO)
        lines.append(f"- {a} ÷ {b} (p50): geometric mean {_geomean(values):.2f}, median "
                     f"{statistics.median(values):.2f}, {within} of {len(values)} queries within {TARGET_RATIO:g}×.")
    return "\n".join(lines)


def _timing_cell(timing: dict) -> str:
    if timing["status"] != [200]:
        return "status " + "/".join(map(str, timing["status"]))
    return f"{timing['p50_ms']:,.1f} / {timing['p95_ms']:,.1f}"


def _geomean(values: list[float]) -> float:
    return math.exp(sum(math.log(v) for v in values) / len(values)) if values else float("nan")
