"""Benchmark: what the killable query workers cost per query, side by side with direct evaluation.

Run ``python -m koopgraph.graph.bench.workers [--triples N] [--repeat R]``. For each
backend and query it prints the median milliseconds per query evaluated in-process
(:func:`koopgraph.graph.sparql.query.query` plus serialisation) and through the endpoint's
:class:`~koopgraph.graph.sparql.engine.QueryEngine` (a worker process), and their ratio.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time

import pyoxigraph as ox

from ..sparql.engine import QueryEngine
from ..sparql.execution import QueryRequest
from ..sparql.query import query
from ..sparql.results import render
from ..store import open_store

QUERIES = {
    "ASK {}": "ASK {}",
    "one row": "SELECT ?o WHERE { <urn:x-bench:s0> <urn:x-bench:p> ?o }",
    "1000 rows": "SELECT ?s ?o WHERE { ?s <urn:x-bench:p> ?o } LIMIT 1000",
    "COUNT all": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
}


def synthetic_quads(triples: int):
    graph = ox.NamedNode("urn:x-bench:graph")
    predicate = ox.NamedNode("urn:x-bench:p")
    return [ox.Quad(ox.NamedNode(f"urn:x-bench:s{i}"), predicate, ox.Literal(str(i)), graph)
            for i in range(triples)]


def paired_median_ms(direct, worker, repeat: int) -> tuple[float, float]:
    """Median ms of each; runs alternate so that load from elsewhere hits both alike."""
    direct(), worker()  # warm up (workers start, views open)
    times: dict = {direct: [], worker: []}
    for _ in range(repeat):
        for run in (direct, worker):
            started = time.perf_counter()
            run()
            times[run].append((time.perf_counter() - started) * 1000)
    return statistics.median(times[direct]), statistics.median(times[worker])


def bench_backend(spec: str, triples: int, repeat: int) -> list[tuple[str, float, float]]:
    store = open_store(spec, empty=True)
    store.write_quads(synthetic_quads(triples))
    store.flush()  # as after `koopgraph load`, which closes (and so flushes) the store
    engine = QueryEngine(store, timeout=60, row_cap=None, workers=1)
    rows = []
    try:
        for name, sparql in QUERIES.items():
            rows.append((name, *paired_median_ms(lambda: render(query(store, sparql), "json"),
                                                 lambda: engine.query(QueryRequest(sparql)), repeat)))
    finally:
        engine.close()
        store.close()
    return rows


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args(argv)
    print(f"{args.triples} triples, median of {args.repeat} runs, ms per query")
    print(f"{'backend':<9} {'query':<10} {'direct':>8} {'worker':>8} {'ratio':>6} {'overhead':>9}")
    with tempfile.TemporaryDirectory() as directory:
        for backend, spec in (("oxigraph", directory + "/store"), ("memory", "memory")):
            for name, direct, worker in bench_backend(spec, args.triples, args.repeat):
                print(f"{backend:<9} {name:<10} {direct:8.2f} {worker:8.2f} {worker / direct:6.2f} "
                      f"{worker - direct:+9.2f}")


if __name__ == "__main__":
    main()
