"""The endpoint's own result writers against pyoxigraph's: the same rows, read back by pyoxigraph's parser.

koopgraph writes the first rows of an answer itself (pyoxigraph writes only whole answers); every
format must read back to exactly what pyoxigraph's own serialiser gives for the same query.
"""

from __future__ import annotations

from collections import Counter

import pyoxigraph as ox
import pytest
from koopgraph.graph.sparql.writers import GRAPH_FORMATS, write_answer
from koopgraph.graph.store import Solutions
from koopgraph.graph.store.load import study_dataset_files

QUERIES = [
    "SELECT ?s ?p ?o WHERE { ?s ?p ?o }",  # every kind of term: IRIs, blank nodes, typed and tagged literals
    "SELECT ?k ?share WHERE { ?k a ?t OPTIONAL { ?k <https://w3id.org/koopgraph/ontology#foreignShare> ?share } }",
    "SELECT (COUNT(*) AS ?n) (SAMPLE(?o) AS ?any) WHERE { ?s ?p ?o } GROUP BY ?p",
    'SELECT ?x WHERE { VALUES ?x { "tab\\there" "quote\\"d, and\\nnew line" "<&>"@de-DE } }',
]
FORMATS = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
           "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}


@pytest.fixture(scope="module")
def study():
    store = ox.Store()
    for path, graph in study_dataset_files():
        fmt = ox.RdfFormat.TRIG if path.suffix == ".trig" else ox.RdfFormat.TURTLE
        store.load(path=str(path), format=fmt, to_graph=ox.NamedNode(graph) if graph else None)
    return store


def rows(body: bytes, fmt) -> Counter | bool:
    """The rows of a result document as a multiset (two evaluations may list them in other orders)."""
    answer = ox.parse_query_results(body, fmt)
    return Counter(tuple(row) for row in answer) if isinstance(answer, ox.QuerySolutions) else bool(answer)


@pytest.mark.parametrize("name", sorted(FORMATS))
@pytest.mark.parametrize("query", QUERIES)
def test_rows_read_back_as_pyoxigraph_writes_them(study, name, query):
    fmt = FORMATS[name]
    ours = write_answer(Solutions.of_ox(study.query(query, use_default_graph_as_union=True)), name).body
    theirs = study.query(query, use_default_graph_as_union=True).serialize(format=fmt)
    if name == "csv":  # CSV keeps only lexical forms: compare the lines
        assert Counter(ours.decode().split("\r\n")) == Counter(theirs.decode().split("\r\n"))
    else:
        assert rows(ours, fmt) == rows(theirs, fmt) != []


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_ask(study, name):
    for query in ("ASK { ?s ?p ?o }", "ASK { <urn:x:none> ?p ?o }"):
        ours = write_answer(Solutions.of_ox(study.query(query)), name).body
        assert ours.strip() == study.query(query).serialize(format=FORMATS[name]).strip()


def test_a_cut_answer_holds_the_first_rows_in_the_engines_order(study):
    query = "SELECT ?s ?o WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?o } ORDER BY ?o"
    written = write_answer(Solutions.of_ox(study.query(query, use_default_graph_as_union=True)), "json", cap=100)
    expected = study.query(query + " LIMIT 100", use_default_graph_as_union=True).serialize(
        format=ox.QueryResultsFormat.JSON)
    assert written.cut and written.rows == 100
    assert rows(written.body, ox.QueryResultsFormat.JSON) == rows(expected, ox.QueryResultsFormat.JSON)


@pytest.mark.parametrize("name", sorted(GRAPH_FORMATS))
def test_graphs_are_pyoxigraphs_own(study, name):
    query = "CONSTRUCT WHERE { ?s <https://w3id.org/koopgraph/ontology#inLand> ?o }"
    written = write_answer(Solutions.of_ox(study.query(query, use_default_graph_as_union=True)), name)
    back = {ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(written.body, format=GRAPH_FORMATS[name])}
    assert back == set(study.query(query, use_default_graph_as_union=True)) and written.rows == len(back)
