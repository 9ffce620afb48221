"""NetworkCache: results kept while the store's data stays the same, recomputed after any write."""

from __future__ import annotations

import networkx as nx
import pytest
from conftest import NETZ
from koopgraph.graph.network.cache import NetworkCache
from koopgraph.graph.network.metrics import AnalysisOptions
from koopgraph.graph.network.projection import Projection, project
from koopgraph.graph.store import open_store
from koopgraph.graph.store.load import load_files
from koopgraph.web.app import create_app

KM = "https://w3id.org/koopgraph/id/kommune/"
# Ixdorf now also exchanges with Wehbach: one more inter-municipal edge (both are in the fixture).
NEW_EXCHANGE = f"""PREFIX kg: <https://w3id.org/koopgraph/ontology#>
INSERT DATA {{ GRAPH <https://example.org/graph/neu> {{ <{KM}x> kg:exchangesWith <{KM}w> }} }}"""
TOKEN = "cache-test-token"


@pytest.fixture
def store(netz_store):
    return netz_store


def same_network(a, b) -> bool:
    return (dict(a.nodes(data=True)) == dict(b.nodes(data=True))
            and {frozenset(e): d for *e, d in a.edges(data=True)} == {frozenset(e): d for *e, d in b.edges(data=True)})


def test_a_kept_projection_is_the_one_project_builds_and_is_reused(store):
    cache = NetworkCache(store)
    for projection in [Projection(), Projection(relations=("scaling-up", "membership"), directed=True),
                       Projection(isolated=True, weight="tasks")]:
        kept = cache.project(projection)
        assert same_network(kept, project(store, projection)) and kept.is_directed() == projection.directed
        assert cache.project(projection) is kept


def test_a_write_through_the_store_is_seen_by_the_next_request(store):
    cache = NetworkCache(store)
    projection = Projection(relations=("inter-municipal",))
    before = cache.project(projection)
    degree = cache.metric(projection, "degree").values
    assert not before.has_edge(KM + "x", KM + "w")
    store.update(NEW_EXCHANGE)
    after = cache.project(projection)
    assert after.has_edge(KM + "x", KM + "w") and same_network(after, project(store, projection))
    assert cache.metric(projection, "degree").values == dict(after.degree()) != degree
    assert cache.metric(projection, "degree").values[KM + "x"] == degree[KM + "x"] + 1


def test_measures_are_kept_per_projection_and_options(store):
    cache = NetworkCache(store)
    projection = Projection()
    first = cache.metric(projection, "community", AnalysisOptions(seed=1))
    assert cache.metric(projection, "community", AnalysisOptions(seed=1)) is first
    other = cache.metric(projection, "community", AnalysisOptions(seed=2))
    assert other is not first and other.parameters["seed"] == 2
    assert cache.metric(Projection(relations=("membership",)), "community", AnalysisOptions(seed=1)) is not first
    expected = nx.community.louvain_communities(project(store, projection), weight="weight", seed=1)
    assert {frozenset(n for n, c in first.values.items() if c == i) for i in set(first.values.values())} == \
        {frozenset(c) for c in expected}


def test_kept_graphs_cannot_be_changed_by_a_caller(store):
    graph = NetworkCache(store).project(Projection())
    with pytest.raises(nx.NetworkXError):
        graph.add_edge(KM + "x", KM + "w")


def test_the_least_recently_used_entry_goes_first(store):
    cache = NetworkCache(store, size=3)  # the network data and two projections
    a, b = Projection(relations=("membership",)), Projection(relations=("scaling-up",))
    kept_a, kept_b = cache.project(a), cache.project(b)
    assert cache.project(a) is kept_a  # a is now used more recently than b
    cache.project(Projection(relations=("programme",)))  # each projection uses the data: b goes
    assert cache.project(a) is kept_a
    misses = cache.misses
    assert cache.project(b) is not kept_b and same_network(cache.project(b), kept_b)
    assert cache.misses == misses + 1  # only b was computed again, from the kept data


def test_a_value_computed_while_the_data_changed_is_not_kept(store):
    cache = NetworkCache(store)
    computed = []

    def compute_during_a_write():
        computed.append(len(computed))
        store.update(NEW_EXCHANGE)
        cache.project(Projection())  # another request, already on the new data
        return computed[-1]

    assert cache._kept(("probe",), compute_during_a_write) == 0
    assert cache._kept(("probe",), lambda: "fresh") == "fresh"


def test_a_remote_store_is_asked_again_every_time(oxigraph_server):
    """Others can write to an endpoint: nothing is kept, so their change is seen at once."""
    remote = open_store(oxigraph_server + "/query", update_endpoint=oxigraph_server + "/update", empty=True)
    load_files(remote, [NETZ])
    cache = NetworkCache(remote)
    projection = Projection(relations=("inter-municipal",))
    assert not cache.project(projection).has_edge(KM + "x", KM + "w")
    other_client = open_store(oxigraph_server + "/query", update_endpoint=oxigraph_server + "/update", empty=True)
    other_client.update(NEW_EXCHANGE)
    assert remote.generation == 1  # only its own load; the other client's update is invisible to it
    assert cache.project(projection).has_edge(KM + "x", KM + "w")
    assert cache.hits == 0


def test_the_analysis_api_answers_as_kept_until_an_update_through_the_endpoint(store):
    """The second request is answered from the kept answer (web/views/analyse.py kept_answer): the
    network is neither projected nor looked up again; an update makes the next answer new."""
    app = create_app(store, {"admin_token": TOKEN})
    client = app.test_client()
    cache = app.koopgraph_services.network
    url = "/analyse/metriken.json?beziehung=inter-municipal&metrik=degree"
    before = {row["node"]: row["degree"] for row in client.get(url).get_json()["rows"]}
    looked_up = (cache.hits, cache.misses)
    assert looked_up[1] > 0                                   # the first answer projected the network
    assert {row["node"]: row["degree"] for row in client.get(url).get_json()["rows"]} == before
    assert (cache.hits, cache.misses) == looked_up
    answer = client.post("/sparql", data=NEW_EXCHANGE, headers={"Content-Type": "application/sparql-update",
                                                                "Authorization": f"Bearer {TOKEN}"})
    assert answer.status_code == 204
    after = {row["node"]: row["degree"] for row in client.get(url).get_json()["rows"]}
    assert after[KM + "x"] == before[KM + "x"] + 1 and after[KM + "w"] == before.get(KM + "w", 0) + 1
