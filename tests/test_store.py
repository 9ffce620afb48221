"""The store layer: specs, persistence, the union default graph, dumps."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest
from conftest import DATA, free_port
from koopgraph.graph.errors import QueryError, StoreError
from koopgraph.graph.formats import format_by_name
from koopgraph.graph.store import open_store
from koopgraph.graph.store.load import load_files, study_dataset_files
from rdflib import Dataset, URIRef

FIXTURE = DATA / "parity.trig"


def fixture_dataset() -> Dataset:
    dataset = Dataset()
    dataset.parse(FIXTURE, format="trig")
    return dataset


def test_default_graph_is_the_union_of_named_graphs(any_store):
    load_files(any_store, [FIXTURE])
    expected = len(set(fixture_dataset().quads((None, None, None, None))))
    assert len(any_store) == expected
    plain = any_store.query("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")
    assert int(next(iter(plain)).n) == expected


def test_graph_sizes_count_each_named_graph(any_store):
    load_files(any_store, [FIXTURE])
    reference = fixture_dataset()
    expected = {URIRef(g.identifier): len(g) for g in reference.graphs() if len(g)}
    assert any_store.graph_sizes() == expected


@pytest.mark.parametrize("fmt", ["trig", "nquads"])
def test_dump_round_trips_through_rdflib(any_store, fmt):
    load_files(any_store, [FIXTURE])
    out = io.BytesIO()
    any_store.dump(out, format_by_name(fmt))
    again = Dataset()
    again.parse(data=out.getvalue(), format=format_by_name(fmt).rdflib_name)
    assert len(set(again.quads((None, None, None, None)))) == len(any_store)


def test_the_embedded_store_persists(tmp_path):
    path = str(tmp_path / "store")
    store = open_store(path, empty=True)
    load_files(store, [FIXTURE])
    count = len(store)
    store.close()
    again = open_store(path)  # not new any more: nothing is added
    assert again.kind == "oxigraph" and len(again) == count
    again.close()


def test_a_new_store_gets_the_study_dataset_unless_empty(tmp_path):
    files = study_dataset_files()
    assert files, "the study dataset is shipped in data/ and ontology/"
    store = open_store(str(tmp_path / "new"))
    graphs = set(store.graph_sizes())
    assert URIRef("https://w3id.org/koopgraph/graph/ontologie") in graphs
    assert URIRef("https://w3id.org/koopgraph/graph/kommunen") in graphs
    store.close()
    empty = open_store(str(tmp_path / "empty"), empty=True)
    assert len(empty) == 0
    empty.close()


def test_a_store_in_use_is_a_clear_error(tmp_path):
    path = str(tmp_path / "store")
    store = open_store(path, empty=True)
    code = f"from koopgraph.graph.store import open_store; open_store({path!r}, empty=True)"
    child = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    store.close()
    assert "StoreInUse" in child.stderr and "in use by another process" in child.stderr


def test_bad_specs_are_clear_errors(tmp_path):
    a_file = tmp_path / "file.txt"
    a_file.write_text("x")
    with pytest.raises(StoreError, match="not a directory"):
        open_store(str(a_file))
    with pytest.raises(StoreError, match="update-endpoint"):
        open_store("memory", update_endpoint="http://127.0.0.1:1/update")


def test_an_unreachable_endpoint_is_a_clear_error():
    from koopgraph.graph.store import open_store as opener

    store = opener("http://127.0.0.1:9/sparql", empty=True)
    with pytest.raises(StoreError, match="cannot be reached"):
        store.query("ASK {}")


def test_endpoint_errors_carry_the_servers_message(oxigraph_server):
    store = open_store(oxigraph_server + "/query", update_endpoint=oxigraph_server + "/update")
    with pytest.raises(QueryError, match="answered 400: error at 1:"):  # the user's query: a 400, not a 502
        store.query("SELECT * WHERE { ?s ?p }")
    with pytest.raises(StoreError, match="cannot be reached"):
        open_store(f"http://127.0.0.1:{free_port()}/query").query("ASK {}")


def test_bindings_prebind_variables(any_store):
    load_files(any_store, [FIXTURE])
    land = URIRef("https://w3id.org/koopgraph/id/land/a")
    rows = any_store.query("SELECT ?k WHERE { ?k <https://w3id.org/koopgraph/ontology#inLand> ?land }",
                           {"land": land})
    assert len(list(rows)) == 5  # 2 Landkreise + 3 Kommunen in the fixture


def test_the_documented_python_entry_points():
    from koopgraph.graph import open_store as opener
    from koopgraph.graph import query

    store = opener("memory")
    rows = list(query(store, "SELECT ?land WHERE { ?land a <https://w3id.org/koopgraph/ontology#Land> }"))
    assert len(rows) == 16  # all Länder of the Bund
