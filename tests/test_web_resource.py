"""Resource pages: HTML with every statement and its graph, the JSON twin, Linked Data formats."""

from __future__ import annotations

import html

import pytest
from koopgraph.graph.namespaces import ID
from rdflib import Graph, URIRef

IXDORF = URIRef(str(ID) + "kommune/x")
RDF_FORMATS = [  # (Accept header, suffix, rdflib parser)
    ("text/turtle", ".ttl", "turtle"),
    ("application/ld+json", ".jsonld", "json-ld"),
    ("application/n-triples", ".nt", "nt"),
    ("application/rdf+xml", ".rdf", "xml"),
]


def statements_about(store, iri):
    """Every (s, p, o) with ``iri`` as subject or object, straight from the store's dataset."""
    out = {(iri, p, o) for _, p, o, _ in store.dataset.quads((iri, None, None, None))}
    incoming = {(s, p, iri) for s, p, _, _ in store.dataset.quads((None, None, iri, None))}
    return out | incoming


def test_the_page_shows_every_statement_and_its_graph(parity_client, parity_store):
    response = parity_client.get("/id/kommune/x")
    assert response.status_code == 200
    page = html.unescape(response.get_data(as_text=True))
    assert "<h1>Ixdorf</h1>" in page
    for quad in parity_store.dataset.quads((IXDORF, None, None, None)):
        graph = quad[3].identifier if hasattr(quad[3], "identifier") else quad[3]
        assert str(graph) in page
    assert "Ypsstadt" in page and "Kreis Eins" in page      # labels of related resources
    assert 'href="/id/kommune/y"' in page                  # linked
    assert "12,44" in page                                  # German decimal comma


def test_incoming_statements_are_listed(parity_client):
    page = parity_client.get("/id/landkreis/k1").get_data(as_text=True)
    assert "Verweise auf" in page
    for name in ("Ixdorf", "Ypsstadt"):
        assert name in page


@pytest.mark.parametrize("accept,suffix,parser", RDF_FORMATS)
def test_linked_data_formats_hold_the_statements(parity_client, parity_store, accept, suffix, parser):
    expected = statements_about(parity_store, IXDORF)
    by_header = parity_client.get("/id/kommune/x", headers={"Accept": accept})
    by_suffix = parity_client.get("/id/kommune/x" + suffix)
    for response in (by_header, by_suffix):
        assert response.status_code == 200
        assert response.mimetype == accept
        graph = Graph().parse(data=response.get_data(), format=parser)
        assert set(graph) == expected
    assert "Accept" in by_header.vary


def test_the_json_twin_has_labels_and_graphs(parity_client):
    for response in (parity_client.get("/id/kommune/x.json"),
                     parity_client.get("/id/kommune/x", headers={"Accept": "application/json"})):
        assert response.mimetype == "application/json"
        data = response.get_json()["resource"]
        assert data["label"] == "Ixdorf"
        groups = {g["property"]["iri"]: g for g in data["out"]}
        county = groups["https://w3id.org/koopgraph/ontology#inCounty"]["statements"][0]
        assert county["other"] == {"iri": str(ID) + "landkreis/k1", "label": "Kreis Eins",
                                   "href": "/id/landkreis/k1"}
        assert county["graph"]["iri"] == "https://example.org/graph/struktur"


def test_browsers_get_html_and_unknown_types_get_406(parity_client):
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    assert parity_client.get("/id/kommune/x", headers={"Accept": browser}).mimetype == "text/html"
    assert parity_client.get("/id/kommune/x", headers={"Accept": "*/*"}).mimetype == "text/html"
    assert parity_client.get("/id/kommune/x", headers={"Accept": "image/png"}).status_code == 406


def test_unknown_resources_are_404_and_bad_iris_400(parity_client):
    assert parity_client.get("/id/kommune/nirgendwo").status_code == 404
    assert parity_client.get("/id/kommune/nirgendwo.ttl").status_code == 404
    response = parity_client.get("/ressource?iri=<script>", headers={"Accept": "application/json"})
    assert response.status_code == 400 and "not a valid absolute IRI" in response.get_json()["message"]


def test_other_iris_have_pages_too(parity_client):
    response = parity_client.get("/ressource?iri=https://w3id.org/koopgraph/ontology%23KreisangehoerigeKommune")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert all(name in page for name in ("Ixdorf", "Ypsstadt", "Zettheim"))  # its instances, by rdf:type
