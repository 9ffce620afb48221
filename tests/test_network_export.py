"""One export schema: /netzwerk.graphml, /analyse/netzwerk.graphml and `koopgraph network --format graphml`
read back with networkx carry the same attribute keys in the same forms, on the shipped study dataset."""

from __future__ import annotations

import io
from pathlib import Path

import networkx as nx
import pytest
from conftest import copy_store
from click.testing import CliRunner
from koopgraph.graph.store import open_store
from koopgraph.graph.store.load import load_files
from koopgraph.web.app import create_app
from koopgraph.web.cli import main
from rdflib import RDFS, Dataset, URIRef
from study import study_graph

KG = "https://w3id.org/koopgraph/ontology#"


@pytest.fixture(scope="module")
def exports(tmp_path_factory, _shipped_template):
    """The three exports of the whole network, each read by networkx, keyed by where they come from."""
    folder = tmp_path_factory.mktemp("study") / "store"
    copy_store(_shipped_template, folder)   # a new store: the study dataset and the base layer
    store = open_store(str(folder))
    app = create_app(store)
    client = app.test_client()
    graphs = {"/netzwerk.graphml": client.get("/netzwerk.graphml"),
              "/analyse/netzwerk.graphml?gerichtet=1": client.get("/analyse/netzwerk.graphml?gerichtet=1")}
    graphs = {name: nx.read_graphml(io.BytesIO(answer.data)) for name, answer in graphs.items()
              if answer.status_code == 200}
    app.koopgraph_services.close()
    store.close()
    done = CliRunner().invoke(main, ["network", "--store", str(folder), "--directed", "--format", "graphml"])
    assert done.exit_code == 0, done.output
    graphs["koopgraph network"] = nx.read_graphml(io.BytesIO(done.stdout_bytes))
    assert len(graphs) == 3
    return graphs


def node_keys(graph) -> set[str]:
    return {key for _, data in graph.nodes(data=True) for key in data}


def edge_keys(graph) -> set[str]:
    return {key for *_, data in graph.edges(data=True) for key in data if key != "id"}


def value_forms(graph, items) -> dict[str, set[str]]:
    """Per attribute: the Python types of its values and whether they are IRIs."""
    forms: dict[str, set[str]] = {}
    for data in items:
        for key, value in data.items():
            form = type(value).__name__ + (" IRI" if str(value).startswith(("http://", "https://")) else "")
            forms.setdefault(key, set()).add(form)
    return forms


def test_every_export_has_the_same_attribute_keys(exports):
    view, analysis, cli = exports.values()
    assert node_keys(view) == node_keys(analysis) == node_keys(cli)
    assert edge_keys(view) == edge_keys(analysis) == edge_keys(cli)
    assert {"label", "kind", "type", "type_iri", "land", "land_iri", "rurality", "rurality_iri"} <= node_keys(view)
    assert {"group", "group_label", "predicates", "sources", "weight"} <= edge_keys(view)


def test_every_export_gives_the_same_value_forms(exports):
    forms = [(value_forms(g, (d for _, d in g.nodes(data=True))), value_forms(g, (d for *_, d in g.edges(data=True))))
             for g in exports.values()]
    assert forms[0] == forms[1] == forms[2]
    nodes, edges = forms[0]
    assert nodes["land"] == {"str"} and nodes["land_iri"] == {"str IRI"}   # a label, and the IRI beside it
    assert nodes["type"] == {"str"} and nodes["population"] == {"int"} and nodes["level"] == {"float"}
    assert edges["predicates"] == {"str IRI"} and edges["weight"] == {"int"}


def test_a_node_is_the_same_in_every_export(exports):
    view, analysis, cli = exports.values()
    shared = set(view) & set(analysis) & set(cli)
    assert len(shared) > 150
    for node in shared:
        assert view.nodes[node] == analysis.nodes[node] == cli.nodes[node], node


def test_an_edge_drawn_once_is_the_same_in_every_export(exports):
    """/netzwerk draws one edge per property; a directed projection merges those between the same
    two nodes into one. Where only one property links them, all three give the same attributes."""
    view, analysis, cli = exports.values()
    single = [(u, v, d) for u, v, d in view.edges(data=True) if view.number_of_edges(u, v) == 1]
    assert len(single) > 100
    for u, v, data in single:
        data = {k: value for k, value in data.items() if k != "id"}
        assert data == analysis.edges[u, v] == cli.edges[u, v], (u, v)


def test_labels_and_iris_are_the_data_s_own(exports):
    """The Land of every municipality: its IRI as the data states it, its German label beside it
    (read from the shipped files with rdflib, not through koopgraph)."""
    data = study_graph()
    view = exports["/netzwerk.graphml"]
    checked = 0
    for node, attributes in view.nodes(data=True):
        land = data.value(URIRef(node), URIRef(KG + "inLand"))
        if land is not None and "land_iri" in attributes:
            german = {str(label) for label in data.objects(land, RDFS.label) if label.language == "de"}
            assert attributes["land_iri"] == str(land) and attributes["land"] in german
            checked += 1
    assert checked > 50


TESTKREIS = Path(__file__).parent / "data" / "kreis-mit-kommunen.trig"


@pytest.fixture
def study_client():
    """The study dataset without the base layer (loads in seconds) and a made-up county with two members."""
    store = open_store("memory")
    load_files(store, [str(TESTKREIS)])
    app = create_app(store)
    yield app.test_client()
    app.koopgraph_services.close()
    store.close()


def test_a_posted_selection_exports_exactly_those_nodes_and_edges(study_client):
    """What a reader has on screen (a county and its kreisangehörige Kommunen, read with rdflib from the
    fixture) comes back as GraphML with just those nodes and edges, in the schema of the whole view."""
    fixture = Dataset()
    fixture.parse(TESTKREIS, format="trig")
    county = URIRef("https://w3id.org/koopgraph/id/kreis/testkreis")
    in_county = URIRef(KG + "inCounty")
    members = {m for m, _, _, _ in fixture.quads((None, in_county, county, None))}
    assert len(members) == 2
    answer = study_client.post("/netzwerk.graphml", data={
        "knoten": [str(county), *map(str, members)],
        "kante": [f"{m}|{in_county}|{county}" for m in members]})
    assert answer.status_code == 200 and answer.headers["Content-Disposition"].startswith("attachment")
    graph = nx.read_graphml(io.BytesIO(answer.data))
    assert set(graph.nodes) == {str(county), *map(str, members)}
    assert {(u, v) for u, v in graph.edges()} == {(str(m), str(county)) for m in members}
    whole = nx.read_graphml(io.BytesIO(study_client.get("/netzwerk.graphml?basis=1").data))
    assert node_keys(graph) <= node_keys(whole) and edge_keys(graph) <= edge_keys(whole)


@pytest.mark.parametrize("form,named", [({"knoten": "https://example.org/nirgends"}, "kein Knoten"),
                                        ({"knoten": "https://w3id.org/koopgraph/id/bund",
                                          "kante": "https://example.org/a|https://example.org/p|https://example.org/b"},
                                         "keine Kante")])
def test_a_selection_with_unknown_parts_is_400_naming_them(study_client, form, named):
    answer = study_client.post("/netzwerk.graphml", data=form, headers={"Accept": "text/html"})
    assert answer.status_code == 400
    assert named in answer.get_data(as_text=True)


def test_the_levels_layout_names_its_rows_top_down(study_client):
    """/netzwerk draws the row names of the levels layout beside the rows: Bund above the Länder above
    the Kreise above the kreisangehörige Kommunen, each name at the height of its top node."""
    view = study_client.get("/netzwerk.json?layout=ebenen").get_json()
    rows = {row["name"]: row["y"] for row in view["rows"]}
    order = ["Bund", "Länder", "Kreise und kreisfreie Städte", "Kreisangehörige Kommunen"]
    assert [rows[name] for name in order] == sorted(rows[name] for name in order)
    bund = next(n for n in view["nodes"] if n["id"] == "https://w3id.org/koopgraph/id/bund")
    assert rows["Bund"] == bund["y"]
    assert study_client.get("/netzwerk.json").get_json()["rows"] == []       # forces: no rows
