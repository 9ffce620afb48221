"""The explorer's pages on the study dataset, checked against Anhang I and against plain rdflib.

Expected values come from the annex table (tests/data/anhang-i.txt, read by the dataset tests'
own parser) or from the store's triples read with rdflib — never from the explorer's queries.
"""

from __future__ import annotations

import html
import io
from collections import Counter

import networkx as nx
import pytest
from koopgraph.graph.explore.facets import POPULATION_RANGES
from koopgraph.graph.namespaces import ID, KG
from koopgraph.graph.store import open_store
from koopgraph.web.app import create_app
from rdflib import RDF, URIRef
from study import clean_name, german_int, read_annex, unbreak

RURALITY = {"nicht": "nicht ländlich", "eher": "eher ländlich", "sehr": "sehr ländlich"}


@pytest.fixture(scope="module")
def study_store():
    """A memory store with the shipped study dataset; read-only here, so one per module."""
    return open_store("memory")


@pytest.fixture(scope="module")
def study_client(study_store):
    return create_app(study_store).test_client()


@pytest.fixture(scope="module")
def annex():
    return read_annex()


def facet(data: dict, key: str) -> dict[str, int]:
    return {v["label"]: v["count"] for f in data["facets"] if f["key"] == key for v in f["values"]}


def test_facet_counts_are_the_annex_counts(study_client, annex):
    data = study_client.get("/kommunen.json").get_json()
    assert data["total"] == len(annex) == 92
    assert facet(data, "land") == Counter(unbreak(row.land) for row in annex)
    assert facet(data, "typ") == Counter(row.type for row in annex)     # 23 / 24 / 45
    assert facet(data, "laendlichkeit") == Counter(RURALITY[row.rurality] for row in annex)
    assert facet(data, "lage") == Counter(row.socio for row in annex)
    ranges = Counter(max((b, label) for b, label in POPULATION_RANGES if german_int(row.population) >= b)[1]
                     for row in annex)
    assert facet(data, "einwohner") == ranges


def test_a_facet_counts_under_the_other_facets_filters(study_client, annex):
    data = study_client.get("/kommunen.json?land=Bayern").get_json()
    in_bavaria = [row for row in annex if unbreak(row.land) == "Bayern"]
    assert data["total"] == len(in_bavaria)
    assert facet(data, "typ") == Counter(row.type for row in in_bavaria)
    assert facet(data, "land") == Counter(unbreak(row.land) for row in annex)   # its own filter left out
    both = study_client.get("/kommunen.json?land=Bayern&typ=kreisangeh%C3%B6rige+Kommune").get_json()
    assert {row["name"] for row in both["rows"]} == \
        {clean_name(row.name) for row in in_bavaria if row.type == "kreisangehörige Kommune"}


def test_the_list_sorts_by_population(study_client, annex):
    data = study_client.get("/kommunen.json?sortierung=einwohner&richtung=ab").get_json()
    by_size = sorted(annex, key=lambda row: -german_int(row.population))
    assert [row["name"] for row in data["rows"]] == [clean_name(row.name) for row in by_size]
    assert data["rows"][0]["einwohner"] == german_int(by_size[0].population)


def test_sorting_and_filters_live_in_the_links(study_client):
    page = html.unescape(study_client.get("/kommunen?land=Bayern").get_data(as_text=True))
    assert 'href="/kommunen?land=Bayern&sortierung=einwohner&richtung=auf"' in page
    assert 'href="/kommunen"' in page                                   # reset
    assert '/netzwerk?land=Bayern' in page


def test_a_resource_page_shows_every_annex_column(study_client, annex):
    row = next(r for r in annex if clean_name(r.name) == "Kyffhäuserkreis")
    moved = study_client.get("/id/landkreis/kyffhaeuserkreis")  # the study's former IRI, now an alias
    assert (moved.status_code, moved.headers["Location"]) == (301, "/id/kreis/16065")
    page = html.unescape(study_client.get("/id/kreis/16065").get_data(as_text=True))
    for text in ("Kyffhäuserkreis", unbreak(row.land), row.population, row.foreign_share,
                 RURALITY[row.rurality], row.socio, "Anhang I"):
        assert text in page, text


def test_findings_show_the_study_value_and_the_graph_count(study_client, study_store):
    store = study_store
    findings = {s for s in store.dataset.subjects(RDF.type, KG.Befund)}
    data = study_client.get("/befunde.json").get_json()["findings"]
    assert {URIRef(f["iri"]) for f in data} == findings
    counted = [f for f in data if f["graph"] is not None]
    assert counted
    for finding in counted:
        query = str(store.dataset.value(URIRef(finding["iri"]), KG.graphCountQuery))
        expected = int(next(iter(store.dataset.query(query)))[0])     # rdflib runs the text itself
        assert finding["graph"]["count"] == expected, finding["iri"]
        value = store.dataset.value(URIRef(finding["iri"]), KG.value)
        assert finding["value"] == float(value.toPython())
    page = study_client.get("/befunde").get_data(as_text=True)
    assert "§4.1.1.1" in page and "Zählabfrage" in page


def test_the_network_json_holds_every_browsing_edge(study_client, study_store):
    store = study_store
    triples = list(store.dataset.triples((None, None, None)))
    grouped = {s for s, p, _ in triples if p == KG.edgeGroup}
    in_county = {s for s, p, _ in triples if p == KG.inCounty}
    edges = {(str(s), str(o)) for s, p, o in triples
             if p in grouped and isinstance(o, URIRef) and not (p == KG.inLand and s in in_county)}
    data = study_client.get("/netzwerk.json").get_json()
    assert {(e["from"], e["to"]) for e in data["edges"]} == edges
    assert {n["id"] for n in data["nodes"]} == {n for e in edges for n in e}
    assert data["counts"] == {"nodes": len(data["nodes"]), "edges": len(data["edges"])}


def test_a_land_filter_keeps_that_land_and_what_hangs_on_it(study_client):
    data = study_client.get("/netzwerk.json?land=Th%C3%BCringen").get_json()
    land = str(ID) + "land/thueringen"
    lands = {value for n in data["nodes"] for value in n["facets"].get("land", [])}
    assert lands == {land}
    assert str(ID) + "kreis/16065" in {n["id"] for n in data["nodes"]}  # the Kyffhäuserkreis
    assert "Thüringen" in data["facets"]["land"] and "Bayern" in data["facets"]["land"]


def test_neighbours_come_grouped_by_relation_with_counts(study_client, study_store):
    store = study_store
    county = URIRef(str(ID) + "kreis/16065")  # the Kyffhäuserkreis
    members = set(store.dataset.subjects(KG.inCounty, county))
    programmes = set(store.dataset.objects(county, KG.eligibleFor))
    data = study_client.get(f"/netzwerk/nachbarn.json?iri={county}&anzahl=1").get_json()
    groups = {g["key"]: g for g in data["groups"]}
    assert groups["membership"]["total"] == len(members) + 1          # its municipalities and its Land
    assert groups["membership"]["more"] == groups["membership"]["total"] - 1
    assert groups["programme"]["total"] == len(programmes)
    assert all(len(g["nodes"]) <= 1 for g in groups.values())


def test_graphml_export_is_the_current_view(study_client):
    view = study_client.get("/netzwerk.json?beziehung=scaling-up").get_json()
    response = study_client.get("/netzwerk.graphml?beziehung=scaling-up")
    assert response.mimetype == "application/graphml+xml"
    graph = nx.read_graphml(io.BytesIO(response.data))
    assert set(graph.nodes) == {n["id"] for n in view["nodes"]}
    assert graph.number_of_edges() == len(view["edges"])
    assert {d["group"] for _, _, d in graph.edges(data=True)} == {"scaling-up"}


def test_the_start_page_counts(study_client, study_store, annex):
    data = study_client.get("/index.json").get_json()
    counts = {c["label"]: c["count"] for c in data["classes"]}
    types = Counter(row.type for row in annex)
    assert counts["Landkreise"] == types["Landkreis"] and counts["kreisfreie Städte"] == types["kreisfreie Stadt"]
    by_class = {c["iri"]: c["count"] for c in data["classes"]}
    assert by_class["https://w3id.org/koopgraph/ontology#KreisangehoerigeKommune"] == types["kreisangehörige Kommune"]
    assert counts["Länder"] == 16
    assert data["triples"] == len(study_store)
    assert "Zwei Welten" in data["about"]["source"]


def test_a_case_page_is_titled_in_german_only_with_the_english_label_among_the_statements(study_client):
    """The dataset labels case 28 "Fall #28"@de and "Case #28"@en (data/build/faelle.py); the German page's
    head shows the German one only, the English one stays in the statements."""
    page = study_client.get("/id/fall/28").get_data(as_text=True)
    head, statements = page.split('class="page-head"', 1)[1].split("</header>", 1)
    assert "Fall #28" in head and "Case #28" not in head
    assert "Case #28" in statements


def test_a_network_answer_pauses_the_garbage_collector_only_while_it_is_built(study_client):
    """/netzwerk.json builds its vis data with Python's cyclic collector paused (graph/collector.py); once
    answered, the collector runs again, also when the answer was an error."""
    import gc

    assert gc.isenabled()
    assert study_client.get("/netzwerk.json?layout=ebenen&beziehung=inter-municipal").status_code == 200
    assert gc.isenabled()
    assert study_client.get("/netzwerk.json?beziehung=gibt-es-nicht").status_code == 400
    assert gc.isenabled()
