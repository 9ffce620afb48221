"""Complete answers from remote endpoints, or a loud error: export, query, the default graph (issue 16).

`koopgraph export --store http://…/sparql` used to write 10,000 of the study's 10,213 quads with
exit 0 (the server's row cap), and `koopgraph query` was cut the same way without a word.
Expected data come from the embedded store's own export of the same dataset.
"""

from __future__ import annotations

import csv
import io
import shutil

import pytest
from conftest import DATA, LiveServer
from engines import OxigraphServer, koopgraph
from rdflib import Dataset
from rdflib.compare import to_isomorphic


def graphs_of(path) -> dict:
    """Named graph IRI -> its canonical (isomorphic) form, from an N-Quads file."""
    dataset = Dataset()
    dataset.parse(path, format="nquads")
    return {str(g.identifier): to_isomorphic(g) for g in dataset.graphs() if len(g)}


@pytest.fixture(scope="module")
def study_server(tmp_path_factory, _study_template):
    """`koopgraph serve` on an embedded store with the study dataset (without the whole base layer: its
    220k quads only made the paging slow), default row cap; its export first."""
    folder = tmp_path_factory.mktemp("study-server")
    shutil.copytree(_study_template, folder / "store")
    done = koopgraph("export", "--store", str(folder / "store"), "-o", str(folder / "embedded.nq"))
    assert done.returncode == 0, done.stderr
    server = LiveServer(str(folder / "store"))
    yield server, folder
    print(server.stop()[-2000:])


def test_export_from_a_koopgraph_server_equals_the_embedded_export(study_server, tmp_path):
    server, folder = study_server
    embedded = graphs_of(folder / "embedded.nq")
    quads = sum(len(g) for g in embedded.values())
    assert quads > 10_000, "the study dataset is longer than the server's default row cap"
    done = koopgraph("export", "--store", server.url + "/sparql", "-o", str(tmp_path / "remote.nq"))
    assert done.returncode == 0, done.stderr
    remote = graphs_of(tmp_path / "remote.nq")
    assert set(remote) == set(embedded)
    for name, graph in embedded.items():
        assert remote[name] == graph, f"graph {name}: {len(remote[name])} of {len(graph)} triples"


def test_query_cut_by_the_servers_row_cap_is_an_error_naming_the_cap(study_server):
    server, _ = study_server
    done = koopgraph("query", "--store", server.url + "/sparql", "--format", "csv", "SELECT * WHERE { ?s ?p ?o }")
    assert done.returncode == 1
    assert "10,000 rows" in done.stderr and "row cap" in done.stderr
    assert done.stdout == "", "no part of the answer is written"
    whole = koopgraph("query", "--store", server.url + "/sparql", "--format", "csv",
                      "SELECT * WHERE { ?s ?p ?o } LIMIT 10000")
    assert whole.returncode == 0, whole.stderr
    assert len(list(csv.reader(io.StringIO(whole.stdout)))) == 10_001  # header and 10,000 rows: as many as the cap is no cut


def test_a_cap_that_no_header_announces_is_found_by_a_probe(study_server):
    """Virtuoso cuts a CONSTRUCT without a header; the probe must find such a cap. Here the koopgraph
    server's cap, with the headers that would announce it left out of what the client sees."""
    from koopgraph.graph.errors import AnswerCut
    from koopgraph.graph.store import open_store

    server, _ = study_server
    store = open_store(server.url + "/sparql")
    with pytest.raises(AnswerCut, match="10,000 rows"):
        store.query("CONSTRUCT WHERE { ?s ?p ?o }")
    unannounced = store.row_cap.probe
    store.row_cap.probe = lambda sparql: (unannounced(sparql)[0], {})
    store.row_cap.refuse_cut_count(9_999, {}, "CONSTRUCT")  # the probe gets 10,000 rows: 9,999 is whole
    assert store.row_cap.cap is None
    with pytest.raises(AnswerCut, match="at most 10,000 rows per answer, and this answer has 10,000"):
        store.row_cap.refuse_cut_count(10_000, {}, "CONSTRUCT")  # asked 10,001, got 10,000
    assert store.row_cap.cap == 10_000


def test_an_endpoint_whose_default_graph_is_not_the_union_is_named(tmp_path):
    plain, union = OxigraphServer(union=False), OxigraphServer(union=True)
    try:
        for server, warned in ((plain, True), (union, False)):
            remote = ["--store", server.query_url, "--update-endpoint", server.update_url]
            load = koopgraph("load", *remote, str(DATA / "parity.trig"))
            assert load.returncode == 0, load.stderr
            count = koopgraph("query", *remote, "--format", "csv", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
            assert count.returncode == 0, count.stderr
            for done in (load, count):
                assert ("not the union of its named graphs" in done.stderr) is warned, done.stderr
                assert ("--union-default-graph" in done.stderr) is warned
        assert count.stdout.split()[1] != "0"  # the union server sees the loaded triples
    finally:
        print(plain.stop()[-1000:], union.stop()[-1000:])
