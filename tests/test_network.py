"""The networkx projection and its exports, on the invented fixture tests/data/analysis/netz.trig."""

from __future__ import annotations

import csv
import io
import json

import networkx as nx
import pytest
from conftest import NETZ
from koopgraph.graph.errors import KoopgraphError
from koopgraph.graph.network.export import NETWORK_FORMATS, split_list, write_network
from koopgraph.graph.network.projection import Projection, choose, project
from koopgraph.graph.relations import RELATION_GROUPS
from koopgraph.graph.store import open_store
from koopgraph.graph.store.load import load_files
from rdflib import RDFS, Dataset, Literal, Namespace

KG = Namespace("https://w3id.org/koopgraph/ontology#")
ID = Namespace("https://w3id.org/koopgraph/id/")




def fixture_edges(groups=RELATION_GROUPS) -> dict[frozenset, set[str]]:
    """Expected undirected edges read from the fixture with rdflib's Python API (no SPARQL):
    every triple whose property carries a kg:edgeGroup, by node pair -> groups — except
    kg:inLand of a municipality that has a kg:inCounty (its Land is reached through the Kreis)."""
    data = Dataset()
    data.parse(NETZ, format="trig")
    group_of = {p: str(g) for p, _, g, _ in data.quads((None, KG.edgeGroup, None, None))}
    in_county = {s for s, _, _, _ in data.quads((None, KG.inCounty, None, None))}
    pairs: dict[frozenset, set[str]] = {}
    for s, p, o, _ in data.quads((None, None, None, None)):
        if p == KG.inLand and s in in_county:
            continue
        if p in group_of and group_of[p] in groups and s != o:
            pairs.setdefault(frozenset((str(s), str(o))), set()).add(group_of[p])
    return pairs


def test_default_projection_has_the_fixture_edges_with_their_groups(netz_store):
    graph = project(netz_store)
    expected = fixture_edges()
    assert {frozenset(e) for e in graph.edges} == set(expected)
    for pair, groups in expected.items():
        assert set(split_list(graph.edges[tuple(pair)]["group"])) == groups
    assert (graph.number_of_nodes(), graph.number_of_edges()) == (21, 25)  # tests/data/README.md


@pytest.mark.parametrize("groups", [("scaling-up",), ("membership", "inter-municipal"), ("programme", "other")])
def test_relation_groups_choose_the_edges(netz_store, groups):
    graph = project(netz_store, Projection(relations=groups))
    assert {frozenset(e) for e in graph.edges} == set(fixture_edges(groups))


def test_several_relations_between_two_nodes_are_one_weighted_edge(netz_store):
    graph = project(netz_store)
    x, k1 = str(ID["kommune/x"]), str(ID["landkreis/k1"])
    edge = graph.edges[x, k1]
    assert edge["weight"] == 2 and edge["relation_count"] == 2  # kg:inCounty and kg:supports
    assert split_list(edge["predicates"]) == [str(KG.inCounty), str(KG.supports)]
    assert split_list(edge["sources"]) == ["§9.1"]
    assert split_list(edge["tasks"]) == [str(ID["konzept/aufgabe/beratung"]), str(ID["konzept/aufgabe/finanzierung"])]
    by_tasks = project(netz_store, Projection(weight="tasks"))
    assert by_tasks.edges[x, k1]["weight"] == 2 and by_tasks.edges[x, str(ID["kommune/y"])]["weight"] == 1


def test_directed_projection_keeps_subject_to_object(netz_store):
    graph = project(netz_store, Projection(directed=True))
    x, k1 = str(ID["kommune/x"]), str(ID["landkreis/k1"])
    assert graph.is_directed()
    assert graph.edges[k1, x]["predicates"] == str(KG.supports)
    assert graph.edges[x, k1]["predicates"] == str(KG.inCounty)


def test_node_kinds_limit_the_nodes(netz_store):
    graph = project(netz_store, Projection(node_kinds=("kommune", "kreisfreie-stadt")))
    assert {graph.nodes[n]["kind"] for n in graph} == {"kommune", "kreisfreie-stadt"}
    assert {frozenset(e) for e in graph.edges} == {
        frozenset((str(ID["kommune/x"]), str(ID["kommune/y"]))), frozenset((str(ID["kommune/x"]), str(ID["kommune/z"]))),
        frozenset((str(ID["kommune/w"]), str(ID["kommune/s"])))}


def test_isolated_adds_municipalities_without_edges(netz_store):
    plain = project(netz_store, Projection(relations=("inter-municipal",)))
    with_isolated = project(netz_store, Projection(relations=("inter-municipal",), isolated=True))
    data = Dataset()
    data.parse(NETZ, format="trig")
    municipality_classes = {KG.Landkreis, KG.KreisfreieStadt, KG.KreisangehoerigeGemeinde, KG.KreisangehoerigeStadt,
                            KG.Samtgemeinde}
    municipalities = {str(s) for s, _, o, _ in data.quads((None, None, None, None)) if o in municipality_classes}
    assert set(with_isolated) == set(plain) | municipalities
    assert str(ID["kommune/v"]) in with_isolated and with_isolated.degree(str(ID["kommune/v"])) == 0


def test_nodes_carry_label_type_kind_land_and_municipality_facts(netz_store):
    node = project(netz_store).nodes[str(ID["kommune/x"])]
    data = Dataset(default_union=True)
    data.parse(NETZ, format="trig")
    x = ID["kommune/x"]
    assert node["label"] == "Ixdorf"
    # the fixture has no ontology: a class without a label is named by its IRI's end
    assert node["type"] == "KreisangehoerigeGemeinde" and node["type_iri"] == str(KG.KreisangehoerigeGemeinde)
    assert node["kind"] == "kommune" and node["level"] == 3.0
    for key, prop in (("land", KG.inLand), ("county", KG.inCounty)):
        place = data.value(x, prop)
        assert node[key + "_iri"] == str(place)
        assert node[key] == next(str(label) for label in data.objects(place, RDFS.label) if label.language == "de")
    assert node["population"] == data.value(x, KG.population).toPython()
    assert node["foreign_share"] == float(data.value(x, KG.foreignShare).toPython())
    assert node["rurality"] == "sehr ländlich" and node["socioeconomic"] == "gut"
    assert all(value is not None for value in node.values())


def test_labels_prefer_german(netz_store):
    assert project(netz_store).nodes[str(ID["land/b"])]["label"] == "Land B"


def edge_set(graph):
    return set(graph.edges) if graph.is_directed() else {frozenset(e) for e in graph.edges}


def read_back(fmt: str, data: bytes, directed: bool):
    if fmt == "graphml":
        return nx.read_graphml(io.BytesIO(data))
    if fmt == "gexf":
        graph = nx.read_gexf(io.BytesIO(data))
        for _, _, attributes in graph.edges(data=True):
            del attributes["id"]  # GEXF's own edge id, added by the reader
        return graph
    if fmt == "json":
        return nx.node_link_graph(json.loads(data), edges="edges")
    graph = nx.DiGraph() if directed else nx.Graph()
    for row in csv.DictReader(io.StringIO(data.decode("utf-8"))):
        graph.add_edge(row.pop("source"), row.pop("target"), **{k: v for k, v in row.items() if v != ""})
    return graph


@pytest.mark.parametrize("directed", [False, True], ids=["undirected", "directed"])
@pytest.mark.parametrize("fmt", sorted(NETWORK_FORMATS))
def test_exports_read_back_by_networkx_with_the_same_nodes_edges_and_attributes(netz_store, fmt, directed):
    graph = project(netz_store, Projection(directed=directed))
    back = read_back(fmt, write_network(graph, fmt), directed)
    assert back.is_directed() == directed
    assert edge_set(back) == edge_set(graph)
    if fmt == "csv":  # an edge list: node attributes are not part of it, values come back as text
        for u, v, attributes in graph.edges(data=True):
            assert back.edges[u, v] == {k: str(value) for k, value in attributes.items()}
        return
    assert dict(back.nodes(data=True)) == dict(graph.nodes(data=True))
    for u, v, attributes in graph.edges(data=True):
        assert back.edges[u, v] == attributes


def test_a_label_with_markup_survives_the_exports(tmp_path):
    store = open_store("memory", empty=True)
    load_files(store, [NETZ])
    x = ID["kommune/x"]
    store.dataset.graph(ID["test"]).add((x, KG.inLand, ID["land/a"]))
    store.dataset.graph(ID["test"]).add((x, Namespace("http://www.w3.org/2000/01/rdf-schema#").label,
                                         Literal('<b>"Ix" & dorf</b>', lang="de")))
    graph = project(store)
    label = graph.nodes[str(x)]["label"]
    for fmt in ("graphml", "gexf", "json"):
        assert read_back(fmt, write_network(graph, fmt), False).nodes[str(x)]["label"] == label


def test_unknown_relation_group_is_a_clear_error():
    with pytest.raises(KoopgraphError, match="unknown relation group: Austausch.*Choose from: county-municipality"):
        choose("Austausch,membership", RELATION_GROUPS, "relation group")


def test_a_concept_node_is_typed_by_its_scheme(netz_store):
    graph = project(netz_store)
    assert graph.nodes[str(ID["konzept/einflusskanal/wahlkreisabgeordnete"])]["type"] == "einflusskanal"
    assert graph.nodes[str(ID["konzept/ebene/land"])]["type"] == "Concept"  # no scheme in the fixture
