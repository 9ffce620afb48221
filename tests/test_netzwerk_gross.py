"""/netzwerk for large networks, server side: cluster views, the columns for the WebGL renderer and the
nested positions, on the XS synthetic graph; expected values counted from the N-Quads file itself
(and Destatis figures where stated), not through the code under test."""

from __future__ import annotations

import math
from collections import Counter, defaultdict

import pyoxigraph as ox
import pytest
from koopgraph.graph.netview import large as netlarge
from koopgraph.graph.netview import view as netview
from koopgraph.graph.netview.clusters import cluster_view, kommunen_count
from koopgraph.graph.store import open_store
from koopgraph.web.app import create_app
from rdflib import URIRef

KG = "https://w3id.org/koopgraph/ontology#"
SAARLAND = "https://w3id.org/koopgraph/id/synth/land/saarland"


@pytest.fixture(scope="module")
def facts(synthetic_xs):
    """(s, p, o) of the file's statements between IRIs, and the statements per predicate."""
    path, _ = synthetic_xs
    triples = [(q.subject.value, q.predicate.value, q.object.value) for q in ox.parse(path=str(path))
               if isinstance(q.object, ox.NamedNode)]
    by_predicate = defaultdict(dict)
    for s, p, o in triples:
        by_predicate[p][s] = o
    return triples, by_predicate


@pytest.fixture(scope="module")
def store(synthetic_xs):
    store = open_store(str(synthetic_xs[1]))
    yield store
    store.close()


def client(store, above: int = 0):
    return create_app(store, {"network_cluster_above": above}).test_client()


def test_a_network_with_more_kommunen_than_the_setting_starts_as_clusters(store, facts):
    kommunen = len(facts[1][KG + "inLand"])
    assert kommunen_count(store) == kommunen
    assert b'data-gross="ja"' in client(store, kommunen - 1).get("/netzwerk").data
    page = client(store, kommunen).get("/netzwerk").data
    assert b'data-gross="ja"' not in page and b"netzwerk-gross.js" not in page


def test_germany_shows_one_cluster_per_land_with_its_kommunen(store, facts):
    land_of = facts[1][KG + "inLand"]
    data = client(store).get("/netzwerk/gruppen.json").get_json()
    assert data["level"] == "land" and data["path"] == []
    assert {n["id"]: n["members"] for n in data["nodes"]} == dict(Counter(land_of.values()))
    assert all(n["opens"] for n in data["nodes"])
    assert data["counts"]["kommunen"] == len(land_of)


def test_a_land_opens_into_its_kreise_and_a_landkreis_into_its_gemeinden(store, facts):
    land_of, kreis_of = facts[1][KG + "inLand"], facts[1][KG + "inCounty"]
    app = client(store)
    land = app.get("/netzwerk/gruppen.json", query_string={"gruppe": SAARLAND}).get_json()
    assert [p["label"] for p in land["path"]] == ["Saarland (synthetisch)"]
    assert len(land["nodes"]) == 6  # Destatis: the Saarland has 6 Landkreise and no kreisfreie Stadt
    assert sum(n["members"] for n in land["nodes"]) == Counter(land_of.values())[SAARLAND] == 58
    kreis = max(land["nodes"], key=lambda n: n["members"])
    assert kreis["opens"]
    gemeinden = app.get("/netzwerk/gruppen.json", query_string={"gruppe": kreis["id"]}).get_json()
    assert gemeinden["level"] == "gemeinde" and [p["id"] for p in gemeinden["path"]] == [SAARLAND, kreis["id"]]
    assert {n["id"] for n in gemeinden["nodes"]} == {g for g, k in kreis_of.items() if k == kreis["id"]}
    assert len(gemeinden["nodes"]) == kreis["members"] - 1  # the Kreis counts itself among its members
    assert not any(n["opens"] for n in gemeinden["nodes"])


def test_a_cluster_that_is_neither_land_nor_landkreis_is_not_found(store, facts):
    gemeinde = next(iter(facts[1][KG + "inCounty"]))
    answer = client(store).get("/netzwerk/gruppen.json", query_string={"gruppe": gemeinde})
    assert answer.status_code == 404 and "neither a Land nor a Landkreis" in answer.get_json()["message"]
    assert client(store).get("/netzwerk/gruppen.json?gruppe=nicht%20absolut").status_code == 400


def test_the_columns_for_webgl_hold_the_view_of_netzwerk_json(store):
    app = client(store)
    query = {"land": "Saarland (synthetisch)"}
    full = app.get("/netzwerk.json", query_string=query).get_json()
    columns = app.get("/netzwerk/gross.json", query_string=query).get_json()
    nodes = columns["nodes"]
    assert set(nodes["id"]) == {n["id"] for n in full["nodes"]}
    assert columns["counts"] == full["counts"] and len(columns["edges"]["source"]) == len(full["edges"])
    ends = Counter((nodes["id"][s], nodes["id"][t]) for s, t in zip(columns["edges"]["source"], columns["edges"]["target"]))
    assert ends == Counter((e["from"], e["to"]) for e in full["edges"])
    positions = {(x, y) for x, y in zip(nodes["x"], nodes["y"])}
    assert None not in nodes["x"] and len(positions) == len(nodes["id"])
    looks = columns["looks"]["nodes"]
    assert {looks[i]["label"] for i in nodes["look"]} >= {"Landkreis", "Kreisangehörige Kommune", "Land"}


def test_nested_positions_place_every_node_and_keep_gemeinden_by_their_kreis(store, facts):
    kreis_of = facts[1][KG + "inCounty"]
    view = netview.full_view(store)
    positions = netlarge.nested_positions(view)
    assert set(positions) == set(view.nodes)
    assert len({(round(x, 1), round(y, 1)) for x, y in positions.values()}) == len(positions)
    members = defaultdict(list)
    for gemeinde, kreis in kreis_of.items():
        members[kreis].append(positions[URIRef(gemeinde)])
    for kreis, places in members.items():
        centre = (sum(x for x, _ in places) / len(places), sum(y for _, y in places) / len(places))
        own = math.dist(centre, positions[URIRef(kreis)])
        others = [math.dist(centre, positions[URIRef(k)]) for k in members if k != kreis]
        assert own < min(others), kreis


def test_placing_a_view_leaves_the_shared_view_as_it_was(store):
    view = netview.full_view(store)
    positions = netlarge.nested_positions(view)
    placed = netlarge.place_nested(view, positions)
    assert all(node.x is None for node in view.nodes.values())
    assert all(node.x is not None for node in placed.nodes.values()) and placed.positions == "nested"


def test_cluster_view_of_germany_has_no_path(store):
    view, path = cluster_view(store)
    assert path == [] and view.level == "land"


def test_the_kept_vis_json_of_a_large_view_follows_a_write(synthetic_xs):
    from koopgraph.graph.store.load import ONTOLOGY_GRAPH, load_files
    from koopgraph.ontology import ontology_files

    memory = open_store("memory", empty=True)
    load_files(memory, [synthetic_xs[0]])
    load_files(memory, ontology_files(), graph=str(ONTOLOGY_GRAPH))
    app = client(memory)
    first = app.get(f"/netzwerk.json?land={SAARLAND}&layout=kraft")
    again = app.get(f"/netzwerk.json?layout=kraft&land={SAARLAND}")
    assert first.mimetype == "application/json" and first.data == again.data
    new = "https://example.org/neue-gemeinde"
    assert new not in {n["id"] for n in first.get_json()["nodes"]}
    memory.update(f"INSERT DATA {{ GRAPH <urn:x:neu> {{ <{new}> <{KG}inLand> <{SAARLAND}> ; "
                  f"<http://www.w3.org/2000/01/rdf-schema#label> \"Neue Gemeinde\" }} }}")
    after = app.get(f"/netzwerk.json?land={SAARLAND}&layout=kraft").get_json()
    assert new in {n["id"] for n in after["nodes"]}


def test_prepare_computes_the_clusters_and_the_whole_network_before_the_first_visit(store):
    app = create_app(store, {"network_cluster_above": 0})
    services = app.koopgraph_services
    assert services.prepare()
    kept = services.large
    misses = kept.misses
    # the whole network kept on disk by an earlier test's prepare is not read by prepare (issue 17): it is
    # read by the first visit that needs it, computed by none
    on_disk = not kept.has(("whole",)) and services.on_disk.holds("whole-network")
    computed = services.on_disk.computed
    app.test_client().get("/netzwerk/gruppen.json")
    app.test_client().get(f"/netzwerk/gross.json?land={SAARLAND}")
    assert kept.misses == misses + 1 + on_disk   # only the Land's columns; the clusters and the network were kept
    assert services.on_disk.computed == computed


def test_prepare_of_a_small_network_lays_it_out_without_clusters_or_nesting(store):
    app = create_app(store, {"network_cluster_above": 10**6})
    services = app.koopgraph_services
    assert not services.prepare()
    assert services.large.has(("small",))               # the network /netzwerk.json asks for first (issue 17)
    assert not services.large.has(("whole",)) and not services.large.has(("clusters", None))


def test_the_levels_layout_leaves_the_shared_study_network_as_it_was():
    """With the base layer, /netzwerk shows the study's network, kept once for every request; the levels
    layout placed that shared view, so every later force view came with level positions (the CI failure
    of test_browser_netzwerk_lesen after test_browser_explorer's levels test)."""
    study = open_store("memory")
    try:
        app = create_app(study, {"network_cluster_above": 0})   # large: the study's network is shared
        web = app.test_client()
        before = web.get("/netzwerk.json").get_json()
        assert web.get("/netzwerk.json?layout=ebenen").get_json()["positions"] == "levels"
        after = web.get("/netzwerk.json").get_json()
        assert after["positions"] == before["positions"] != "levels"
        assert [n.get("x") for n in after["nodes"]] == [n.get("x") for n in before["nodes"]]
        app.koopgraph_services.close()
    finally:
        study.close()
