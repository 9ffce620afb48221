"""A second real SPARQL engine: OpenLink Virtuoso 7 (Debian), with its default limits (issue 16).

The study dataset goes in through koopgraph's store layer; what comes out must equal what the
embedded store gives. Virtuoso cuts answers at 10,000 rows (ResultSetMaxRows) — a SELECT with a
header, a CONSTRUCT without one — and refuses a sorted OFFSET past 10,000 (MaxSortedTopRows).
"""

from __future__ import annotations

import pytest
from engines import emptied, koopgraph
from koopgraph.graph.store import open_store
from koopgraph.graph.store.load import load_study_dataset
from rdflib import Graph, URIRef
from rdflib.compare import to_isomorphic
from test_remote_complete import graphs_of


@pytest.fixture(scope="module")
def study_in_virtuoso(virtuoso_server, tmp_path_factory):
    """The Virtuoso server holding the study dataset, and the embedded store's export of it.

    Without the official base layer: its 7.6 MB in one INSERT DATA (one update, so that a load stays
    all-or-nothing) pass Virtuoso's 10 MB string limit (HT057); the in-memory store holds the same.
    """
    store = emptied(open_store(virtuoso_server.url, update_endpoint=virtuoso_server.url, empty=True))
    load_study_dataset(store, base_layer=False)
    store.close()
    folder = tmp_path_factory.mktemp("embedded")
    done = koopgraph("export", "--store", "memory", "-o", str(folder / "embedded.nq"))
    assert done.returncode == 0, done.stderr
    return virtuoso_server.url, folder / "embedded.nq"


def test_export_from_virtuoso_equals_the_embedded_export(study_in_virtuoso, tmp_path):
    url, embedded_file = study_in_virtuoso
    done = koopgraph("export", "--store", url, "-o", str(tmp_path / "virtuoso.nq"))
    assert done.returncode == 0, done.stderr
    assert "Warning" not in done.stderr  # Virtuoso's default graph is the union of its graphs
    embedded, exported = graphs_of(embedded_file), graphs_of(tmp_path / "virtuoso.nq")
    assert sum(len(g) for g in embedded.values()) > 10_000  # more than one page, past the sorted-OFFSET limit
    assert set(exported) == set(embedded)
    for name, graph in embedded.items():
        graph, points = geometry_apart(graph)
        virtuoso_graph, virtuoso_points = geometry_apart(exported[name])
        assert virtuoso_graph == graph, f"graph {name}: {len(virtuoso_graph)} of {len(graph)} triples"
        # Documented deviation: Virtuoso keeps a geo:wktLiteral as its own virtrdf:Geometry, coordinates in
        # single precision ("POINT(9.43751 54.78252)" comes back as "POINT(9.4375095367432 54.782520294189)")
        assert {s for s, _ in virtuoso_points} == {s for s, _ in points}
        assert all(dt == VIRTRDF_GEOMETRY for _, (dt, _) in virtuoso_points)
        coordinates = {s: xy for s, (_, xy) in points}
        for subject, (_, xy) in virtuoso_points:
            assert all(abs(a - b) < 1e-5 for a, b in zip(xy, coordinates[subject])), subject


WKT = URIRef("http://www.opengis.net/ont/geosparql#asWKT")
VIRTRDF_GEOMETRY = URIRef("http://www.openlinksw.com/schemas/virtrdf#Geometry")


def geometry_apart(graph):
    """The graph without its geo:asWKT triples, and those as (subject, (datatype, point coordinates))."""
    rest, points = Graph(), []
    for s, p, o in graph:
        if p == WKT:
            numbers = tuple(float(x) for x in str(o).strip().removeprefix("POINT(").rstrip(")").split())
            points.append((s, (o.datatype, numbers)))
        else:
            rest.add((s, p, o))
    return to_isomorphic(rest), points


@pytest.mark.parametrize("query", ["SELECT * WHERE { ?s ?p ?o }", "CONSTRUCT WHERE { ?s ?p ?o }"])
def test_an_answer_cut_by_virtuoso_is_an_error(study_in_virtuoso, query):
    """A SELECT is cut with an X-SPARQL-MaxRows header, a CONSTRUCT silently: both must fail."""
    url, _ = study_in_virtuoso
    done = koopgraph("query", "--store", url, "--format", "ntriples" if "CONSTRUCT" in query else "csv", query)
    assert done.returncode == 1 and done.stdout == ""
    assert "10,000 rows" in done.stderr


def test_ask_select_and_construct_read_as_from_the_embedded_store(study_in_virtuoso, tmp_path):
    url, _ = study_in_virtuoso
    local = str(tmp_path / "store")
    for query, fmt in [("ASK { ?k a <https://w3id.org/koopgraph/ontology#Landkreis> }", "json"),
                       ("ASK { ?k a <https://w3id.org/koopgraph/ontology#Nothing> }", "json"),
                       ("SELECT ?k ?n WHERE { ?k <https://w3id.org/koopgraph/ontology#population> ?n } ORDER BY ?k",
                        "csv"),
                       ("CONSTRUCT { ?k <urn:x:n> ?n } WHERE { ?k <https://w3id.org/koopgraph/ontology#population> ?n }",
                        "ntriples")]:
        remote, embedded = koopgraph("query", "--store", url, "--format", fmt, query), \
            koopgraph("query", "--store", local, "--format", fmt, query)
        assert remote.returncode == 0 and embedded.returncode == 0, remote.stderr + embedded.stderr
        if fmt == "ntriples":
            assert sorted(remote.stdout.splitlines()) == sorted(embedded.stdout.splitlines()) != []
        else:
            assert remote.stdout == embedded.stdout
