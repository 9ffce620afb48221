"""One benchmark configuration in its own process: load, run the query mix, write JSON.

``python -m koopgraph.graph.bench.child TASK.json RESULT.json``. Each
configuration runs in a fresh interpreter so that load times, caches and the
memory high-water mark belong to it alone. Peak memory is the RSS high-water
mark (``VmHWM``) minus the RSS after all imports, with the mark reset
(``/proc/self/clear_refs``) just before loading.
"""

from __future__ import annotations

import json
import signal
import sys
import time
from pathlib import Path

import pyoxigraph as ox

from ..errors import KoopgraphError, QueryTimeout, StoreError
from ..formats import rdf_format_for
from ..store import open_store
from ..store.load import ONTOLOGY_GRAPH, load_files
from ..synth.vocab import SYNTH_GRAPH_IRI
from .canon import canonical_ox, canonical_rdflib, digest
from .timing import summary


class KoopgraphRunner:
    """A store opened through koopgraph's store layer (memory, embedded Oxigraph, endpoint)."""

    def __init__(self, spec: str, update_endpoint: str | None = None, dataset_graphs: tuple[str, ...] = ()) -> None:
        self.store = open_store(spec, update_endpoint=update_endpoint, empty=True)
        if self.store.remote:
            self._prepare_endpoint(dataset_graphs)

    def _prepare_endpoint(self, dataset_graphs: tuple[str, ...]) -> None:
        """Refuse (touching nothing) an endpoint with other data; clear an earlier run's graphs."""
        ours = {SYNTH_GRAPH_IRI, str(ONTOLOGY_GRAPH), *dataset_graphs}
        others = [str(g) for g in self.store.graph_sizes() if str(g) not in ours]
        if others:
            raise StoreError(f"the endpoint {self.store.location} holds other data (e.g. <{others[0]}>)",
                             hint="Benchmark against an empty endpoint, or the answers cannot agree.")
        for graph in sorted(ours):
            self.store.update(f"DROP SILENT GRAPH <{graph}>")
        if not self.store.is_empty():
            raise StoreError(f"the endpoint {self.store.location} holds triples in its default graph",
                             hint="Benchmark against an empty endpoint, or the answers cannot agree.")

    def load(self, path: Path, ontology: list[Path], dataset: list[Path]) -> None:
        load_files(self.store, [path], graph=SYNTH_GRAPH_IRI)
        load_files(self.store, ontology, graph=str(ONTOLOGY_GRAPH))
        if dataset:  # --on-base-layer: the shipped study and base layer, each TriG file in its graphs
            load_files(self.store, dataset)

    def size(self) -> int:
        return len(self.store)

    def run(self, sparql: str):
        result = self.store.query(sparql)
        if result.type == "SELECT":
            return "SELECT", [str(v) for v in result.vars], list(result)
        if result.type == "ASK":
            return "ASK", [], bool(result.askAnswer)
        return "CONSTRUCT", [], list(result.graph)

    def canonical(self, answer) -> list[tuple[str, ...]]:
        return _canonical(answer, canonical_rdflib)

    def close(self) -> None:
        self.store.close()


class PyoxigraphRunner:
    """pyoxigraph used directly: the upper bound for the embedded store."""

    def __init__(self, directory: str, union: bool = True) -> None:
        self.store = ox.Store(directory)
        self.union = union

    def load(self, path: Path, ontology: list[Path], dataset: list[Path]) -> None:
        self.store.bulk_load(path=str(path), format=rdf_format_for(path).ox_format,
                             to_graph=ox.NamedNode(SYNTH_GRAPH_IRI))
        for file in ontology:
            self.store.bulk_load(path=str(file), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(ONTOLOGY_GRAPH))
        for file in dataset:
            self.store.bulk_load(path=str(file), format=ox.RdfFormat.TRIG)

    def size(self) -> int:
        return len(self.store)

    def run(self, sparql: str):
        answer = self.store.query(sparql, use_default_graph_as_union=self.union)
        if isinstance(answer, ox.QuerySolutions):
            return "SELECT", [v.value for v in answer.variables], [tuple(s) for s in answer]
        if isinstance(answer, ox.QueryBoolean):
            return "ASK", [], bool(answer)
        return "CONSTRUCT", [], [(t.subject, t.predicate, t.object) for t in answer]

    def canonical(self, answer) -> list[tuple[str, ...]]:
        return _canonical(answer, canonical_ox)

    def close(self) -> None:
        self.store.flush()


def _canonical(answer, term) -> list[tuple[str, ...]]:
    form, names, rows = answer
    if form == "ASK":
        return [(str(rows),)]
    if form == "CONSTRUCT":
        return [tuple(term(t) for t in triple) for triple in rows]
    order = sorted(range(len(names)), key=lambda i: names[i])
    return [tuple(term(row[i]) for i in order) for row in rows]


def make_runner(config: str, spec: str | None, workdir: str, update_endpoint: str | None = None,
                dataset_graphs: tuple[str, ...] = ()):
    """The runner for a configuration name (see :data:`koopgraph.graph.bench.run.CONFIGS`)."""
    if config == "memory":
        return KoopgraphRunner("memory")
    if config == "oxigraph":
        return KoopgraphRunner(str(Path(workdir) / "oxigraph"))
    if config == "pyoxigraph":
        return PyoxigraphRunner(str(Path(workdir) / "pyoxigraph"))
    if config == "pyoxigraph-default-graph":
        return PyoxigraphRunner(str(Path(workdir) / "pyoxigraph-default-graph"), union=False)
    return KoopgraphRunner(spec or config, update_endpoint, dataset_graphs)


def _status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def _reset_peak() -> None:
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass  # then the peak includes the interpreter's own start-up, which is small


def _on_alarm(signum, frame):
    raise QueryTimeout("the query ran past the benchmark's time limit")


def run_all(runner, texts: list[str]) -> list:
    """One mix entry may be several queries (e.g. one per facet): run them all, in order."""
    return [runner.run(text) for text in texts]


def canonical_all(runner, answers: list) -> list[tuple[str, ...]]:
    return [(str(i), *row) for i, answer in enumerate(answers) for row in runner.canonical(answer)]


def time_query(runner, sparql: str | list[str], repeat: int, budget_s: float, timeout_s: float) -> dict:
    """Cold time, then warm runs until ``repeat`` are done or ``budget_s`` is spent (at least one)."""
    signal.signal(signal.SIGALRM, _on_alarm)
    times, answer = [], None
    spent = 0.0
    while len(times) < repeat + 1 and (len(times) < 2 or spent < budget_s):
        signal.setitimer(signal.ITIMER_REAL, timeout_s)
        start = time.perf_counter()
        try:
            answer = run_all(runner, [sparql] if isinstance(sparql, str) else sparql)
        except QueryTimeout:
            return {"status": "timeout", "cold_ms": None, "times_ms": []}
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        elapsed = time.perf_counter() - start
        times.append(elapsed * 1000)
        spent += elapsed
    rows = canonical_all(runner, answer)
    return {"status": "ok", "rows": len(rows), "digest": digest(rows), **summary(times)}


def run_task(task: dict) -> dict:
    baseline_kb = _status_kb("VmRSS")
    runner = make_runner(task["config"], task.get("spec"), task["workdir"], task.get("update_endpoint"),
                         tuple(task.get("dataset_graphs", ())))
    _reset_peak()
    start = time.perf_counter()
    runner.load(Path(task["file"]), [Path(f) for f in task["ontology"]],
                [Path(f) for f in task.get("dataset", [])])
    seconds = time.perf_counter() - start
    triples = runner.size()
    load_peak_kb = _status_kb("VmHWM") - baseline_kb
    queries = {}
    for q in task["queries"]:
        print(f"  {task['config']}: {q['name']}", file=sys.stderr, flush=True)
        queries[q["name"]] = time_query(runner, q["sparql"], task["repeat"], task["budget_s"], task["timeout_s"])
    result = {"load": {"seconds": seconds, "triples": triples, "peak_mb": load_peak_kb / 1024,
                       "baseline_mb": baseline_kb / 1024},
              "peak_mb_with_queries": (_status_kb("VmHWM") - baseline_kb) / 1024, "queries": queries}
    runner.close()
    return result


def main(argv: list[str]) -> int:
    task = json.loads(Path(argv[0]).read_text(encoding="utf-8"))
    try:
        result = run_task(task)
    except KoopgraphError as e:  # a user error (e.g. a busy endpoint): the parent reports it
        result = {"error": str(e)}
    Path(argv[1]).write_text(json.dumps(result), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
