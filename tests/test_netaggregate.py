"""Aggregated network views (Länder / Kreise as clusters) on the synthetic graph, checked against
counts made in Python from the triples themselves."""

from __future__ import annotations

from collections import Counter

import pyoxigraph as ox
import pytest
from koopgraph.graph.netview.clusters import aggregated_view
from koopgraph.graph.store import open_store
from koopgraph.ontology import ontology_files
from rdflib import Graph, URIRef

KG = "https://w3id.org/koopgraph/ontology#"
SAARLAND = URIRef("https://w3id.org/koopgraph/id/synth/land/saarland")


@pytest.fixture(scope="module")
def xs(synthetic_xs):
    path, directory = synthetic_xs
    store = open_store(str(directory))
    triples = [(q.subject.value, q.predicate.value, q.object.value) for q in ox.parse(path=str(path))
               if not isinstance(q.object, ox.Literal)]
    yield store, triples
    store.close()


def browsing_predicates() -> dict[str, str]:
    """Edge property -> group, read from the ontology files (not through the code under test)."""
    graph = Graph()
    for f in ontology_files():
        graph.parse(str(f), format="turtle")
    return {str(p): str(g) for p, g in graph.subject_objects(URIRef(KG + "edgeGroup")) if str(g) != "membership"}


def expected_edges(triples, cluster_of) -> Counter:
    groups = browsing_predicates()
    counts = Counter()
    for s, p, o in triples:
        if p in groups and s in cluster_of and o in cluster_of and cluster_of[s] != cluster_of[o]:
            counts[(cluster_of[s], cluster_of[o], groups[p])] += 1
    return counts


def test_germany_has_one_cluster_per_land_with_its_kommunen(xs):
    store, triples = xs
    land_of = {s: o for s, p, o in triples if p == KG + "inLand"}
    view = aggregated_view(store, "land")
    assert {str(c): v.members for c, v in view.clusters.items()} == dict(Counter(land_of.values()))
    # Destatis (31.12.2023): Saarland 6 Landkreise + 52 Gemeinden, Bremen 2 and Hamburg 1 kreisfreie Städte
    assert sorted(v.members for v in view.clusters.values()) == [1, 2, 58]
    got = Counter({(str(a), str(b), g): n for (a, b), groups in view.edges.items() for g, n in groups.items()})
    assert got == expected_edges(triples, land_of) and got


def test_a_land_has_one_cluster_per_kreis_and_positions(xs):
    store, triples = xs
    kreis_of = {s: o for s, p, o in triples if p == KG + "inCounty"}
    in_saarland = {s for s, p, o in triples if p == KG + "inLand" and o == str(SAARLAND)}
    cluster_of = {k: kreis_of.get(k, k) for k in in_saarland}
    view = aggregated_view(store, "kreis", {"land": SAARLAND})
    assert len(view.clusters) == 6  # the Saarland's Landkreise (Destatis), no kreisfreie Stadt
    assert sum(c.members for c in view.clusters.values()) == 58
    got = Counter({(str(a), str(b), g): n for (a, b), groups in view.edges.items() for g, n in groups.items()})
    assert got == expected_edges(triples, cluster_of)
    nodes = view.as_json()["nodes"]
    assert len({(n["x"], n["y"]) for n in nodes}) == len(nodes)  # placed, no two on one spot
    assert all(abs(n["x"]) <= 1000 and abs(n["y"]) <= 1000 for n in nodes)
