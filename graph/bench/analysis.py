"""Benchmark: exact vs. sampled betweenness side by side, to justify the sampling threshold.

Run ``python -m koopgraph.graph.bench.analysis [N …]``: for each size a seeded
Barabási–Albert graph, the time of exact and of sampled (k=min(500, n)) betweenness in
the same run, their ratio, and how many of the exact top 10 the sample finds.
"""

from __future__ import annotations

import sys
import time

from ..network.metrics import AnalysisOptions, run_metric


def compare_betweenness(n: int, seed: int = 1) -> dict:
    """Times (s) of exact and sampled betweenness on one graph of ``n`` nodes, and top-10 overlap."""
    import networkx as nx

    graph = nx.relabel_nodes(nx.barabasi_albert_graph(n, 2, seed=seed), str)
    timings, tops = {}, {}
    for mode, limit in (("exact", 10**12), ("sampled", 0)):
        started = time.perf_counter()
        values = run_metric("betweenness", graph, AnalysisOptions(betweenness_exact_limit=limit)).values
        timings[mode] = time.perf_counter() - started
        tops[mode] = set(sorted(values, key=values.get, reverse=True)[:10])
    return {"n": n, **timings, "ratio": timings["exact"] / timings["sampled"],
            "top10_overlap": len(tops["exact"] & tops["sampled"])}


def main(sizes: list[int]) -> None:
    for n in sizes:
        r = compare_betweenness(n)
        print(f"n={r['n']:>6}: exact {r['exact']:7.2f} s   sampled (k=min(500, n)) {r['sampled']:7.2f} s   "
              f"ratio {r['ratio']:5.1f}x   top-10 overlap {r['top10_overlap']}/10")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [500, 2000, 5000])
