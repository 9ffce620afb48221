"""Measures, scaling-up paths, county profiles, structure vs. position, write-back.

Expected measures are networkx's own results on the network as exported and
read back (GraphML); paths and profiles are the known answers of the invented
fixture listed in tests/data/README.md.
"""

from __future__ import annotations

import io
import json
from statistics import mean

import networkx as nx
import pytest
from click.testing import CliRunner
from conftest import NETZ
from koopgraph.graph.errors import NotFound
from koopgraph.graph.network.export import write_network
from koopgraph.graph.network.metrics import (
    AnalysisOptions,
    ego_network,
    metric_table,
    run_metric,
)
from koopgraph.graph.network.paths import scaling_up_paths
from koopgraph.graph.network.position import structure_vs_position
from koopgraph.graph.network.profiles import county_profiles
from koopgraph.graph.network.projection import Projection, project
from koopgraph.graph.store.load import load_files
from koopgraph.web.cli import main

ID = "https://w3id.org/koopgraph/id/"


@pytest.fixture
def netz_dir(tmp_path):
    """An embedded store on disk holding the fixture (for the CLI)."""
    store = str(tmp_path / "store")
    done = CliRunner().invoke(main, ["load", "--store", store, "--empty", str(NETZ)])
    assert done.exit_code == 0, done.output
    return store


def cli(*args):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def exported(store_dir, *options):
    """The network as `koopgraph network` writes it, read back by networkx."""
    done = CliRunner().invoke(main, ["network", "--store", store_dir, "--format", "graphml", *options])
    assert done.exit_code == 0, done.output
    return nx.read_graphml(io.BytesIO(done.stdout_bytes))


def analyzed(store_dir, *options) -> dict:
    done = CliRunner().invoke(main, ["analyze", "--store", store_dir, "--format", "json", *options])
    assert done.exit_code == 0, done.output
    return json.loads(done.stdout)


EXPECTED = {
    "degree": lambda g: dict(g.degree()),
    "betweenness": nx.betweenness_centrality,
    "closeness": nx.closeness_centrality,
    "pagerank": lambda g: nx.pagerank(g, weight="weight"),
    "eigenvector": lambda g: nx.eigenvector_centrality(g, max_iter=1000, weight="weight"),
    "clustering": nx.clustering,
}


@pytest.mark.parametrize("metric", sorted(EXPECTED))
def test_measures_equal_networkx_on_the_exported_network(netz_dir, metric):
    graph = exported(netz_dir)
    expected = EXPECTED[metric](graph)
    rows = analyzed(netz_dir, "--metric", metric)["rows"]
    assert {row["node"] for row in rows} == set(graph)
    for row in rows:
        assert row[metric] == pytest.approx(expected[row["node"]], abs=1e-9)
        assert row["label"] == graph.nodes[row["node"]]["label"]


def test_directed_degrees_equal_networkx(netz_dir):
    graph = exported(netz_dir, "--directed")
    rows = analyzed(netz_dir, "--directed", "--metric", "in-degree", "--metric", "out-degree")["rows"]
    assert {r["node"]: (r["in-degree"], r["out-degree"]) for r in rows} == {
        n: (graph.in_degree(n), graph.out_degree(n)) for n in graph}


def test_components_and_louvain_communities_equal_networkx(netz_dir):
    graph = exported(netz_dir, "--relations", "inter-municipal,scaling-up")
    rows = analyzed(netz_dir, "--relations", "inter-municipal,scaling-up", "--metric", "component",
                    "--metric", "community", "--seed", "7")["rows"]

    def partition(column):
        parts: dict[int, set] = {}
        for row in rows:
            parts.setdefault(row[column], set()).add(row["node"])
        return {frozenset(p) for p in parts.values()}

    assert partition("component") == {frozenset(c) for c in nx.connected_components(graph)}
    assert partition("community") == {frozenset(c) for c in nx.community.louvain_communities(graph, seed=7)}


def test_broker_scores_count_distinct_counties_and_laender_of_neighbours(netz_dir):
    graph = exported(netz_dir)
    rows = analyzed(netz_dir, "--metric", "broker-kreise", "--metric", "broker-laender")["rows"]
    for row in rows:
        neighbours = [graph.nodes[m] for m in graph.neighbors(row["node"])]
        assert row["broker-kreise"] == len({n["county"] for n in neighbours if "county" in n})
        assert row["broker-laender"] == len({n["land"] for n in neighbours if "land" in n})
    ixdorf = next(r for r in rows if r["label"] == "Ixdorf")
    assert ixdorf["broker-kreise"] == 2  # Kreis Eins (own county, Ypsstadt) and Kreis Zwei (Zettheim)


def test_ranking_is_by_the_first_measure_and_top_cuts(netz_dir):
    rows = analyzed(netz_dir, "--metric", "betweenness", "--metric", "degree", "--top", "3")["rows"]
    everything = analyzed(netz_dir, "--metric", "betweenness")["rows"]
    assert [r["node"] for r in rows] == [r["node"] for r in sorted(
        everything, key=lambda r: (-r["betweenness"], r["label"]))][:3]


def test_betweenness_is_sampled_above_the_threshold_with_k_and_seed_reported():
    graph = nx.les_miserables_graph()
    options = AnalysisOptions(seed=3, betweenness_exact_limit=20, betweenness_samples=10)
    result = run_metric("betweenness", graph, options)
    assert result.parameters["k"] == 10 and result.parameters["seed"] == 3 and not result.parameters["exact"]
    assert result.values == nx.betweenness_centrality(graph, k=10, seed=3)
    exact = run_metric("betweenness", graph, AnalysisOptions(betweenness_exact_limit=1000))
    assert exact.parameters["exact"] and exact.values == pytest.approx(nx.betweenness_centrality(graph))


def test_ego_network_equals_networkx(netz_dir):
    graph = exported(netz_dir)
    ego = ego_network(graph, ID + "kommune/x", radius=2)
    assert set(ego) == set(nx.ego_graph(graph, ID + "kommune/x", radius=2))
    back = exported(netz_dir, "--ego", "Ixdorf", "--radius", "2")
    assert set(back) == set(ego) and set(map(frozenset, back.edges)) == set(map(frozenset, ego.edges))
    with pytest.raises(NotFound):
        ego_network(graph, ID + "nirgendwo")


def test_unknown_metric_and_relation_group_exit_1_with_the_choices(netz_dir):
    for args, text in ((["analyze", "--metric", "zentralitaet"], "unknown metric: zentralitaet"),
                       (["network", "--relations", "freundschaft"], "unknown relation group: freundschaft"),
                       (["analyze", "--metric", "in-degree"], "needs a directed network")):
        done = CliRunner().invoke(main, [*args, "--store", netz_dir])
        assert done.exit_code == 1 and text in done.output and "Traceback" not in done.output


# --- scaling-up paths: the fixture's known answers (tests/data/README.md) ------------------------

def path_labels(paths):
    return sorted(tuple([p.steps[0].source_label] + [s.target_label for s in p.steps]) for p in paths)




def test_paths_of_a_case_run_through_its_channels(netz_store):
    result = scaling_up_paths(netz_store, "Fall #7")
    assert path_labels(result.paths["land"]) == [("Fall #7", "Kommunale Spitzenverbände", "Land (Ebene)")]
    assert path_labels(result.paths["bund"]) == [("Fall #7", "Kommunale Spitzenverbände", "Bund (Ebene)"),
                                                 ("Fall #7", "Wahlkreisabgeordnete", "Bund (Ebene)")]
    via_deputies = next(p for p in result.paths["bund"] if p.steps[0].target_label == "Wahlkreisabgeordnete")
    assert [s.relations for s in via_deputies.steps] == [[ID + "test-kooperation/7"]] * 2
    assert [s.sources for s in via_deputies.steps] == [["§9.6"], ["§9.6"]]


def test_a_case_without_a_channel_to_the_bund_has_no_bund_path(netz_store):
    result = scaling_up_paths(netz_store, ID + "fall/8")
    assert path_labels(result.paths["land"]) == [("Fall #8", "Landkreis oder Bezirk", "Land (Ebene)")]
    assert result.paths["bund"] == []


def test_paths_of_a_municipality_follow_membership(netz_store):
    result = scaling_up_paths(netz_store, "Ixdorf")
    # through the Kreis: the direct kg:inLand of a municipality in a Kreis is not an edge
    assert path_labels(result.paths["land"]) == [("Ixdorf", "Kreis Eins", "Land A")]
    assert path_labels(result.paths["bund"]) == [("Ixdorf", "Kreis Eins", "Land A", "Bund")]
    assert result.paths["bund"][0].steps[0].predicates == ["https://w3id.org/koopgraph/ontology#inCounty"]


def test_paths_of_an_unknown_start_is_not_found(netz_store):
    with pytest.raises(NotFound, match="Nirgendwo"):
        scaling_up_paths(netz_store, "Nirgendwo")


def test_paths_command_lists_paths_and_says_when_there_is_none(netz_dir):
    done = cli("paths", "--store", netz_dir, "Fall #8")
    assert "Fall #8 → Landkreis oder Bezirk → Land (Ebene)" in done.output and "No path to the Bund level." in done.output
    data = json.loads(cli("paths", "--store", netz_dir, "--format", "json", "Fall #7").output)
    assert len(data["paths"]["bund"]) == 2 and data["start"] == ID + "fall/7"


# --- county profiles ------------------------------------------------------------------------------

def test_county_profiles_match_the_fixture(netz_store):
    profiles = {p.label: p for p in county_profiles(netz_store)}
    assert list(profiles) == ["Kreis Drei", "Kreis Eins", "Kreis Zwei"]
    eins = profiles["Kreis Eins"]
    assert [m["label"] for m in eins.members] == ["Ixdorf", "Vauheim", "Ypsstadt"]
    assert eins.tasks == {"Beratung": 2, "Finanzierung": 1}
    assert [e["relation"] for e in eins.exchange_formats] == [ID + "test-kooperation/4"]
    # edges among {Kreis Eins, Ixdorf, Ypsstadt, Vauheim}: K1–X, K1–Y, X–Y: 3 of 6 pairs
    by_hand = nx.Graph([("K1", "X"), ("K1", "Y"), ("X", "Y")])
    by_hand.add_node("V")
    assert eins.edges == 3 and eins.density == pytest.approx(nx.density(by_hand)) == 0.5
    zwei = profiles["Kreis Zwei"]
    assert zwei.tasks == {"Austauschformat": 1, "Koordination": 1} and zwei.density == 1.0
    assert [e["relation"] for e in zwei.exchange_formats] == [ID + "test-kooperation/3"]
    drei = profiles["Kreis Drei"]
    assert [m["label"] for m in drei.members] == ["Wehbach"] and drei.edges == 0 and drei.tasks == {}


def test_profiles_command_json(netz_dir):
    data = json.loads(cli("profiles", "--store", netz_dir, "--format", "json").output)
    assert [p["label"] for p in data] == ["Kreis Drei", "Kreis Eins", "Kreis Zwei"]


# --- structure vs. position -----------------------------------------------------------------------

def test_structure_vs_position_means_equal_a_grouping_by_hand(netz_store):
    graph = project(netz_store, Projection(isolated=True))
    back = nx.read_graphml(io.BytesIO(write_network(graph, "graphml")))
    degree, closeness = dict(back.degree()), nx.closeness_centrality(back)
    rows = structure_vs_position(graph, ("degree", "closeness"))
    municipalities = [n for n, k in back.nodes(data="kind") if k in ("landkreis", "kreisfreie-stadt", "kommune")]
    assert ID + "kommune/v" in municipalities
    for row in rows:
        key = {"rurality": "rurality", "socioeconomic": "socioeconomic"}.get(row["attribute"])
        if key is None:
            continue
        members = [n for n in municipalities if back.nodes[n].get(key, "unbekannt") == row["value"]]
        assert row["n"] == len(members)
        assert row["degree_mean"] == pytest.approx(mean(degree[m] for m in members), abs=1e-6)
        assert row["closeness_mean"] == pytest.approx(mean(closeness[m] for m in members), abs=1e-6)
    kinds = {r["value"]: r["n"] for r in rows if r["attribute"] == "kind"}
    assert kinds == {"Landkreis": 3, "kreisfreie Stadt": 1, "kreisangehörige Kommune": 5}


def test_structure_vs_position_lists_rurality_and_types_in_the_order_of_their_scale():
    """Rurality as the study scales it (nicht, eher, sehr ländlich: §2.3.2), not alphabetically (eher, nicht,
    sehr); the types in the study's order."""
    from koopgraph.graph.store import open_store

    graph = project(open_store("memory"), Projection(isolated=True))
    rows = structure_vs_position(graph, ("degree",))
    assert [r["value"] for r in rows if r["attribute"] == "rurality"] == ["nicht ländlich", "eher ländlich", "sehr ländlich"]
    assert [r["value"] for r in rows if r["attribute"] == "kind"] == ["kreisfreie Stadt", "Landkreis", "kreisangehörige Kommune"]


# --- write-back -----------------------------------------------------------------------------------

METRIC_VALUES = """
PREFIX kgm: <https://w3id.org/koopgraph/metrik#>
SELECT ?node ?value WHERE { GRAPH <https://w3id.org/koopgraph/graph/metriken> { ?node kgm:betweenness ?value } }
"""
PROVENANCE = """
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX kgm: <https://w3id.org/koopgraph/metrik#>
SELECT ?run ?started ?version ?algorithm WHERE { GRAPH <https://w3id.org/koopgraph/graph/metriken> {
  <https://w3id.org/koopgraph/graph/metriken> prov:wasGeneratedBy ?run .
  ?run a prov:Activity ; prov:startedAtTime ?started ; prov:wasAssociatedWith ?agent .
  ?agent kgm:version ?version .
  kgm:betweenness kgm:algorithm ?algorithm ; prov:wasGeneratedBy ?run .
} }
"""


def test_write_back_puts_measures_and_provenance_into_their_graph(any_store):
    from datetime import datetime, timezone

    from koopgraph.graph.network.writeback import (
        METRICS_GRAPH,
        metrics_rdf,
        replace_metrics_graph,
    )

    load_files(any_store, [NETZ])
    before = {g: n for g, n in any_store.graph_sizes().items()}
    graph = project(any_store)
    table = metric_table(graph, ["betweenness", "degree"])
    for _ in range(2):  # a second run replaces the first
        replace_metrics_graph(any_store, metrics_rdf(graph, table, datetime.now(timezone.utc)))
    stored = {str(node): value.toPython() for node, value in any_store.query(METRIC_VALUES)}
    assert stored == pytest.approx(nx.betweenness_centrality(graph))
    runs = list(any_store.query(PROVENANCE))
    assert len(runs) == 1 and str(runs[0].version) == nx.__version__
    assert str(runs[0].algorithm) == "networkx.betweenness_centrality"
    after = any_store.graph_sizes()
    assert {g: n for g, n in after.items() if g != METRICS_GRAPH} == before


def test_failed_analysis_leaves_the_metrics_graph_as_it_was(netz_dir):
    from koopgraph.graph.store import open_store

    assert cli("analyze", "--store", netz_dir, "--metric", "degree", "--write-back").exit_code == 0
    store = open_store(netz_dir)
    first = sorted(map(tuple, store.query("SELECT * WHERE { GRAPH <https://w3id.org/koopgraph/graph/metriken> "
                                          "{ ?s ?p ?o } }")))
    store.close()
    done = CliRunner().invoke(main, ["analyze", "--store", netz_dir, "--metric", "degree", "--metric", "in-degree",
                                     "--write-back"])
    assert done.exit_code == 1
    store = open_store(netz_dir)
    again = sorted(map(tuple, store.query("SELECT * WHERE { GRAPH <https://w3id.org/koopgraph/graph/metriken> "
                                          "{ ?s ?p ?o } }")))
    store.close()
    assert first == again and len(first) > 0


def test_sampling_never_asks_for_more_nodes_than_the_graph_has():
    graph = nx.karate_club_graph()
    result = run_metric("betweenness", graph, AnalysisOptions(betweenness_exact_limit=0, betweenness_samples=500))
    assert result.parameters["k"] == graph.number_of_nodes()
    assert result.values == pytest.approx(nx.betweenness_centrality(graph))
