"""SPARQLWrapper, the common Python client, against a running `koopgraph serve`.

Expected answers come from pyoxigraph evaluating the fixture file directly.
"""

from __future__ import annotations

import pytest
from conftest import ADMIN_TOKEN
from rdflib import Graph, URIRef
from SPARQLWrapper import JSON, POST, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed
from test_sparql_endpoint import POPULATION, expected_rows


@pytest.fixture
def wrapper(parity_server):
    server = parity_server("oxigraph")
    return SPARQLWrapper(server.url + "/sparql")


@pytest.mark.parametrize("method", ["GET", POST])
def test_select_as_json(wrapper, method):
    wrapper.setMethod(method)
    wrapper.setQuery(POPULATION)
    wrapper.setReturnFormat(JSON)
    bindings = wrapper.query().convert()["results"]["bindings"]
    assert {(b["k"]["value"], b["n"]["value"]) for b in bindings} == expected_rows(POPULATION)


def test_ask_as_xml_and_construct_as_turtle(wrapper):
    wrapper.setQuery("ASK { ?k <https://w3id.org/koopgraph/ontology#population> 5264 }")
    wrapper.setReturnFormat(JSON)
    assert wrapper.query().convert()["boolean"] is True
    wrapper.setReturnFormat(XML)
    wrapper.setQuery("ASK { ?k <https://w3id.org/koopgraph/ontology#population> 5265 }")
    document = wrapper.query().convert()
    assert document.getElementsByTagName("boolean")[0].firstChild.data == "false"
    wrapper.setQuery(POPULATION.replace("SELECT ?k ?n", "CONSTRUCT { ?k <urn:x-test:n> ?n }"))
    wrapper.setReturnFormat(TURTLE)
    graph = Graph().parse(data=wrapper.query().convert(), format="turtle")
    assert {(str(s), str(o)) for s, _, o in graph} == expected_rows(POPULATION)


def test_a_bad_query_raises_the_clients_own_error(wrapper):
    wrapper.setQuery("SELECT * WHERE { ?s ?p }")
    wrapper.setReturnFormat(JSON)
    with pytest.raises(QueryBadFormed):
        wrapper.query()


def test_an_update_with_the_admin_token(wrapper):
    wrapper.setMethod(POST)
    wrapper.addCustomHttpHeader("Authorization", f"Bearer {ADMIN_TOKEN}")
    wrapper.setQuery("INSERT DATA { GRAPH <urn:x-test:g> { <urn:x-test:a> <urn:x-test:p> 1 } }")
    wrapper.query()
    wrapper.setQuery("SELECT ?g WHERE { GRAPH ?g { <urn:x-test:a> ?p ?o } }")
    wrapper.setReturnFormat(JSON)
    bindings = wrapper.query().convert()["results"]["bindings"]
    assert [URIRef(b["g"]["value"]) for b in bindings] == [URIRef("urn:x-test:g")]
