"""The analysis JSON API (/analyse/…), through Flask's test client on the invented fixture."""

from __future__ import annotations

import io

import networkx as nx
import pytest
from koopgraph.web.app import create_app

ID = "https://w3id.org/koopgraph/id/"


@pytest.fixture
def client(netz_store):
    return create_app(netz_store).test_client()


def exported(client, query="") -> nx.Graph:
    answer = client.get("/analyse/netzwerk.graphml" + query)
    assert answer.status_code == 200 and answer.headers["Content-Type"].startswith("application/graphml+xml")
    return nx.read_graphml(io.BytesIO(answer.data))


def test_metrics_per_node_equal_networkx_on_the_download(client):
    graph = exported(client, "?beziehung=membership,inter-municipal")
    data = client.get("/analyse/metriken.json?beziehung=membership&beziehung=inter-municipal"
                      "&metrik=closeness&metrik=pagerank").get_json()
    assert data["columns"] == ["node", "label", "closeness", "pagerank"]
    assert (data["nodes"], data["edges"]) == (graph.number_of_nodes(), graph.number_of_edges())
    closeness, pagerank = nx.closeness_centrality(graph), nx.pagerank(graph, weight="weight")
    for row in data["rows"]:
        assert row["closeness"] == pytest.approx(closeness[row["node"]])
        assert row["pagerank"] == pytest.approx(pagerank[row["node"]])


def test_ranking_returns_the_top_nodes_by_betweenness(client):
    graph = exported(client)
    betweenness = nx.betweenness_centrality(graph)
    expected = sorted(graph, key=lambda n: (-betweenness[n], graph.nodes[n]["label"]))[:3]
    data = client.get("/analyse/rangliste.json?top=3").get_json()
    assert [r["node"] for r in data["rows"]] == expected
    assert data["metric"]["parameters"]["exact"] is True


def test_communities_cover_every_node_once(client):
    graph = exported(client)
    data = client.get("/analyse/gemeinschaften.json?seed=5").get_json()
    members = [m["node"] for c in data["communities"] for m in c["members"]]
    assert sorted(members) == sorted(graph)
    assert {frozenset(m["node"] for m in c["members"]) for c in data["communities"]} == {
        frozenset(c) for c in nx.community.louvain_communities(graph, weight="weight", seed=5)}
    assert data["metric"]["parameters"]["seed"] == 5


def test_paths_for_a_case(client):
    data = client.get("/analyse/pfade.json", query_string={"kommune": "Fall #7"}).get_json()
    assert data["start"] == ID + "fall/7"
    assert sorted(p["steps"][0]["target_label"] for p in data["paths"]["bund"]) == [
        "Kommunale Spitzenverbände", "Wahlkreisabgeordnete"]
    assert [p["steps"][-1]["target_label"] for p in data["paths"]["land"]] == ["Land (Ebene)"]


def test_county_profiles_and_structure_vs_position(client):
    profiles = client.get("/analyse/kreisprofile.json").get_json()["profiles"]
    assert [p["label"] for p in profiles] == ["Kreis Drei", "Kreis Eins", "Kreis Zwei"]
    position = client.get("/analyse/struktur-position.json?metrik=degree").get_json()
    kinds = next(c for c in position["charts"] if c["attribute"] == "kind")
    assert dict(zip(kinds["labels"], kinds["n"])) == {"Landkreis": 3, "kreisangehörige Kommune": 5,
                                                      "kreisfreie Stadt": 1}


@pytest.mark.parametrize("url, status, text", [
    ("/analyse/metriken.json?metrik=wichtigkeit", 400, "unknown metric: wichtigkeit"),
    ("/analyse/metriken.json?beziehung=freundschaft", 400, "unknown relation group: freundschaft"),
    ("/analyse/metriken.json?top=0", 400, "top must be a whole number"),
    ("/analyse/metriken.json?gewicht=euro", 400, "unknown weight"),
    ("/analyse/pfade.json", 400, "?kommune="),
    ("/analyse/pfade.json?kommune=Nirgendwo", 404, "no node 'Nirgendwo'"),
    ("/analyse/ansicht.json?groesse=community", 400, "groesse='community' cannot be shown"),
    ("/analyse/ansicht.json?farbe=in-degree", 400, "farbe='in-degree' cannot be shown"),
    ("/analyse/ansicht.json?farbe=wichtigkeit", 400, "Use one of: degree, betweenness"),
])
def test_bad_parameters_answer_with_a_clear_json_error(client, url, status, text):
    answer = client.get(url)
    assert answer.status_code == status and text in answer.get_json()["message"]


@pytest.mark.parametrize("fmt, reader", [("gexf", nx.read_gexf), ("graphml", nx.read_graphml)])
def test_downloads_for_gephi(client, fmt, reader):
    answer = client.get(f"/analyse/netzwerk.{fmt}?beziehung=scaling-up")
    assert "attachment" in answer.headers["Content-Disposition"]
    assert reader(io.BytesIO(answer.data)).number_of_edges() == 7  # tests/data/README.md: 7 scaling-up edges


def test_the_network_view_sizes_nodes_by_the_measure_and_ranks_them(client):
    graph = exported(client, "?beziehung=inter-municipal&beziehung=county-municipality")
    data = client.get("/analyse/ansicht.json?beziehung=inter-municipal&beziehung=county-municipality"
                      "&groesse=closeness").get_json()
    closeness = nx.closeness_centrality(graph)
    size = {look["id"]: look["size"] for look in data["looks"]}
    assert set(size) == set(graph) and data["colour"] is None
    assert sorted(graph, key=lambda n: (size[n], n)) == sorted(graph, key=lambda n: (closeness[n], n))
    assert [row["node"] for row in data["ranking"]["rows"]] == \
        sorted(graph, key=lambda n: (-closeness[n], graph.nodes[n]["label"], n))
    assert data["size"]["high"] == pytest.approx(max(closeness.values()))


def test_the_network_view_colours_each_component_apart(client):
    graph = exported(client, "?beziehung=inter-municipal")
    data = client.get("/analyse/ansicht.json?beziehung=inter-municipal&farbe=component").get_json()
    by_colour: dict[str, set] = {}
    for look in data["looks"]:
        assert "size" not in look
        by_colour.setdefault(look["color"]["background"], set()).add(look["id"])
    assert {frozenset(p) for p in by_colour.values()} == {frozenset(c) for c in nx.connected_components(graph)}
    assert [entry["size"] for entry in data["colour"]["legend"]] == \
        sorted((len(c) for c in nx.connected_components(graph)), reverse=True)
    assert data["colour"]["groups"] == "Komponenten" and data["ranking"] is None


def test_paths_of_a_place_without_edges_of_the_chosen_groups_are_empty_not_404(client):
    """Ixdorf has no scaling-up edge of its own (tests/data/README.md): no paths, answered 200."""
    answer = client.get("/analyse/pfade.json?kommune=Ixdorf&beziehung=scaling-up")
    assert answer.status_code == 200
    assert answer.get_json()["paths"] == {"land": [], "bund": []}
    default = client.get("/analyse/pfade.json?kommune=Ixdorf").get_json()
    assert [p["administrative"] for p in default["paths"]["bund"]] == [True]
    case = client.get("/analyse/pfade.json?kommune=Fall%20%237&beziehung=scaling-up").get_json()
    assert case["paths"]["land"] and not any(p["administrative"] for p in case["paths"]["land"])
    assert client.get("/analyse/pfade.json?kommune=Nirgendwo").status_code == 404
