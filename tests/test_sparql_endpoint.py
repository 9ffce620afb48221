"""The /sparql endpoint in a Flask test client: negotiation, errors, service description, answers.

Expected answers come from pyoxigraph evaluating the fixture file directly,
expected media types from the SPARQL 1.1 Protocol and the Accept header's q-values.
"""

from __future__ import annotations

import io
import json
from urllib.parse import urlencode

import pyoxigraph as ox
import pytest
from conftest import DATA, make_store
from koopgraph.graph.sparql.engine import QueryEngine
from koopgraph.graph.sparql.execution import QueryRequest
from koopgraph.graph.store.load import load_files
from koopgraph.web.app import create_app
from rdflib import Graph, Namespace, URIRef

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FIXTURE = DATA / "parity.trig"
POPULATION = "SELECT ?k ?n WHERE { ?k <https://w3id.org/koopgraph/ontology#population> ?n }"


def expected_rows(sparql: str) -> set[tuple[str, ...]]:
    """The query's answer from pyoxigraph over the fixture file (union default graph)."""
    store = ox.Store()
    store.load(path=str(FIXTURE), format=ox.RdfFormat.TRIG)
    answer = store.query(sparql, use_default_graph_as_union=True)
    return {tuple(str(term.value) for term in row) for row in answer}


@pytest.fixture(params=["memory", "oxigraph"])
def client(request, tmp_path):
    """A test client of an app around a store holding the parity fixture; its workers stop afterwards."""
    store = make_store(request.param, tmp_path, request)
    load_files(store, [FIXTURE])
    app = create_app(store, {"admin_token": "t", "query_workers": 2})
    yield app.test_client()
    app.koopgraph_services.close()
    store.close()


def rows_of(body: bytes) -> set[tuple[str, ...]]:
    data = json.loads(body)
    names = data["head"]["vars"]
    return {tuple(b[n]["value"] for n in names) for b in data["results"]["bindings"]}


def test_get_form_post_and_direct_post_give_the_same_answer(client):
    expected = expected_rows(POPULATION)
    assert len(expected) == 4
    by_get = client.get("/sparql?" + urlencode({"query": POPULATION}))
    by_form = client.post("/sparql", data={"query": POPULATION})
    by_direct = client.post("/sparql", data=POPULATION, content_type="application/sparql-query")
    for answer in (by_get, by_form, by_direct):
        assert answer.status_code == 200 and answer.mimetype == "application/sparql-results+json"
        assert rows_of(answer.data) == expected


@pytest.mark.parametrize("accept, media_type", [
    ("text/csv;q=0.5, application/sparql-results+xml", "application/sparql-results+xml"),
    ("application/sparql-results+xml;q=0.4, text/tab-separated-values;q=0.8", "text/tab-separated-values"),
    ("text/*", "text/csv"),
    ("application/json", "application/json"),
    ("*/*", "application/sparql-results+json"),
])
def test_select_results_follow_the_q_values(client, accept, media_type):
    answer = client.get("/sparql", query_string={"query": POPULATION}, headers={"Accept": accept})
    assert answer.status_code == 200 and answer.mimetype == media_type
    assert "Accept" in answer.headers["Vary"]
    if media_type.endswith(("xml", "json", "values")):
        fmt = ox.QueryResultsFormat.from_media_type(media_type.replace("application/json",
                                                                      "application/sparql-results+json"))
        parsed = ox.parse_query_results(answer.data, fmt)
        assert {tuple(str(t.value) for t in row) for row in parsed} == expected_rows(POPULATION)


@pytest.mark.parametrize("accept, fmt", [("text/turtle", ox.RdfFormat.TURTLE),
                                         ("application/n-triples;q=0.9, text/turtle;q=0.1", ox.RdfFormat.N_TRIPLES),
                                         ("application/ld+json", ox.RdfFormat.JSON_LD),
                                         ("application/rdf+xml", ox.RdfFormat.RDF_XML)])
def test_construct_results_in_each_rdf_format(client, accept, fmt):
    construct = POPULATION.replace("SELECT ?k ?n", "CONSTRUCT { ?k <urn:x-test:n> ?n }")
    answer = client.post("/sparql", data=construct, content_type="application/sparql-query",
                         headers={"Accept": accept})
    assert answer.status_code == 200 and answer.mimetype == fmt.media_type
    triples = {(t.subject.value, t.object.value) for t in ox.parse(answer.data, format=fmt)}
    assert triples == expected_rows(POPULATION)


@pytest.mark.parametrize("query, accept", [(POPULATION, "text/html"), ("ASK {}", "text/csv"),
                                           ("CONSTRUCT WHERE { ?s ?p ?o }", "application/sparql-results+json")])
def test_406_when_no_format_of_the_query_form_is_acceptable(client, query, accept):
    answer = client.get("/sparql", query_string={"query": query}, headers={"Accept": accept})
    assert answer.status_code == 406
    assert "is available as" in answer.get_data(as_text=True)


def test_a_syntax_error_is_400_naming_line_and_column(client):
    query = "SELECT ?s\nWHERE {\n  ?s ?p ?o .\n  FILTER(\n}"
    answer = client.post("/sparql", data=query, content_type="application/sparql-query",
                         headers={"Accept": "application/json"})
    assert answer.status_code == 400
    message = answer.get_json()["message"]
    assert "line " in message and "column " in message and "SPARQL" in message


@pytest.mark.parametrize("method, kwargs, status", [
    ("post", {"data": "ASK {}", "content_type": "text/plain"}, 415),
    ("post", {"data": "ASK {}".encode("utf-16"), "content_type": "application/sparql-query; charset=UTF-16"}, 415),
    ("post", {"data": b"ASK { \xff }", "content_type": "application/sparql-query"}, 400),
    ("post", {"data": "query=ASK%20%7B%7D"}, 415),
    ("get", {"query_string": "query=ASK%20%7B%7D&query=ASK%20%7B%7D"}, 400),
    ("get", {"query_string": "update=CLEAR%20ALL"}, 400),
    ("post", {"data": {"query": "ASK {}", "update": "CLEAR ALL"}}, 400),
    ("get", {"query_string": {"query": "ASK {}", "default-graph-uri": "not an iri"}}, 400),
])
def test_protocol_violations(client, method, kwargs, status):
    answer = getattr(client, method)("/sparql", **kwargs)
    assert answer.status_code == status, answer.get_data(as_text=True)


def test_other_methods_are_405_with_allow(client):
    answer = client.put("/sparql", data="ASK {}")
    assert answer.status_code == 405
    assert {"GET", "POST"} <= {m.strip() for m in answer.headers["Allow"].split(",")}


@pytest.mark.parametrize("accept, rdflib_format", [(None, "turtle"), ("application/rdf+xml", "xml"),
                                                   ("text/turtle;q=0.2, application/ld+json", "json-ld")])
def test_service_description_by_negotiation(client, accept, rdflib_format):
    answer = client.get("/sparql", headers={"Accept": accept} if accept else {})
    assert answer.status_code == 200
    graph = Graph().parse(io.BytesIO(answer.data), format=rdflib_format)
    endpoint = URIRef("http://127.0.0.1:8000/sparql")  # from the default --host and --port, not the Host header
    assert (endpoint, SD.endpoint, endpoint) in graph
    assert (endpoint, SD.supportedLanguage, SD.SPARQL11Update) in graph  # the app has a token
    names = {str(n) for n in graph.objects(None, SD.name)}
    assert names == {"https://example.org/graph/struktur", "https://example.org/graph/zahlen",
                     "https://example.org/graph/kooperation"}


def test_a_browser_asking_for_the_endpoint_gets_the_workbench(client):
    answer = client.get("/sparql", headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert answer.status_code == 303 and answer.headers["Location"].endswith("/abfragen")
    assert client.get("/sparql", headers={"Accept": "image/png"}).status_code == 406


def test_sparql_clients_get_errors_as_plain_text(client):
    answer = client.get("/sparql", query_string={"query": "ASK {"},
                        headers={"Accept": "application/sparql-results+json,*/*;q=0.9"})
    assert answer.status_code == 400 and answer.mimetype == "text/plain"
    assert answer.get_data(as_text=True).startswith("400 Bad Request: ")


def test_protocol_dataset_overrides_from(client):
    query = ("SELECT ?k FROM <https://example.org/graph/struktur> WHERE "
             "{ ?k <https://w3id.org/koopgraph/ontology#population> ?n }")
    assert rows_of(client.get("/sparql", query_string={"query": query}).data) == set()
    chosen = client.get("/sparql", query_string={"query": query,
                                                 "default-graph-uri": "https://example.org/graph/zahlen"})
    assert rows_of(chosen.data) == {(k,) for k, _ in expected_rows(POPULATION)}


@pytest.mark.parametrize("backend", ["memory", "oxigraph"])
def test_workers_see_updates_made_after_they_opened_the_store(backend, tmp_path, request):
    store = make_store(backend, tmp_path, request)
    engine = QueryEngine(store, timeout=10, row_cap=None, workers=2)
    ask = QueryRequest("ASK { <urn:x-test:a> ?p ?o }")
    try:
        assert engine.query(ask).body == engine.query(ask).body  # both workers have opened their view
        assert json.loads(engine.query(ask).body)["boolean"] is False
        engine.update("INSERT DATA { GRAPH <urn:x-test:g> { <urn:x-test:a> <urn:x-test:p> 1 } }")
        assert all(json.loads(engine.query(ask).body)["boolean"] for _ in range(4))
    finally:
        engine.close()
        store.close()


FROM_QUERIES = {
    "population": POPULATION.replace("WHERE", "FROM <https://example.org/graph/zahlen> WHERE"),
    "labels": "SELECT ?s FROM <https://example.org/graph/zahlen> WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l }",
    "named": "SELECT ?g FROM NAMED <https://example.org/graph/zahlen> WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }",
}


def check_from_answers(run):
    assert run(FROM_QUERIES["population"]) == expected_rows(POPULATION)
    assert run(FROM_QUERIES["labels"]) == set()
    assert run(FROM_QUERIES["named"]) == {("https://example.org/graph/zahlen",)}


def test_from_and_from_named_choose_graphs_at_the_endpoint_on_every_backend(any_store):
    load_files(any_store, [FIXTURE])
    engine = QueryEngine(any_store, timeout=10, row_cap=None, workers=1)
    try:
        check_from_answers(lambda sparql: rows_of(engine.query(QueryRequest(sparql)).body))
    finally:
        engine.close()


@pytest.mark.parametrize("backend", ["memory", "oxigraph"])
def test_from_and_from_named_choose_graphs_in_python(backend, tmp_path, request):
    """koopgraph.graph.sparql.query.query() honours the query's own dataset (the embedded store too)."""
    from koopgraph.graph.sparql.query import query

    store = make_store(backend, tmp_path, request)
    load_files(store, [FIXTURE])
    check_from_answers(lambda sparql: {tuple(str(t) for t in row) for row in query(store, sparql)})
    store.close()
