"""`koopgraph bench-sparql` (issue 16): its query mix runs, and its report puts the ratios side by side.

The benchmark itself starts three servers on the study with the base layer and takes minutes; it is a
command, not a test. Here: every query of the mix is valid and answered by koopgraph's own store (so the
mix does not rot when the catalogue changes), and the report marks what misses the targets.
"""

from __future__ import annotations

from koopgraph.graph.bench.sparql_mix import sparql_mix
from koopgraph.graph.sparql.questions import catalogue
from koopgraph.graph.store import open_store
from koopgraph.web.bench.sparql_engines import report


def test_every_query_of_the_mix_is_answered_by_the_study_store():
    store = open_store("memory")
    mix = sparql_mix()
    assert {q.name for q in mix} >= set(catalogue())  # every catalogue question is in the mix
    assert {q.kind for q in mix} >= {"lookup", "join", "aggregate", "path", "construct", "catalogue"}
    for query in mix:
        answer = store.query(query.sparql)
        if query.graph_form:
            assert len(answer.graph) > 0, query.name  # a CONSTRUCT gives triples
    store.close()


def _timing(p50: float, rows: int = 3) -> dict:
    return {"p50_ms": p50, "p95_ms": p50 * 2, "status": [200], "rows": rows}


def test_the_report_gives_ratios_and_marks_what_misses_the_targets():
    result = {"quads": 10, "rounds": 2,
              "first": {"koopgraph": {"listening_s": 1.0, "first_query_s": 0.7, "status": 200},
                        "oxigraph": {"listening_s": 0.1, "first_query_s": 0.01, "status": 200}},
              "queries": [{"query": "schnell", "kind": "lookup",
                           "engines": {"koopgraph": _timing(3.0), "oxigraph": _timing(2.0)}},
                          {"query": "langsam", "kind": "path",
                           "engines": {"koopgraph": _timing(9.0), "oxigraph": _timing(2.0, rows=4)}}]}
    text = report(result)
    assert "| koopgraph | 1.00 | 0.700 | **no** |" in text and "| oxigraph | 0.10 | 0.010 | yes |" in text
    assert "| schnell | lookup | 3.0 / 6.0 | 2.0 / 4.0 | 1.50 | 3 |" in text
    assert "| langsam | path | 9.0 / 18.0 | 2.0 / 4.0 | **4.50** | **3 / 4** |" in text  # rows differ: marked
    assert "geometric mean 2.60" in text and "1 of 2 queries within 2×" in text  # √(1.5·4.5) = 2.598
