"""Loading every RDF format into every backend, all or nothing, with precise errors."""

from __future__ import annotations

import pytest
from conftest import DATA, comparable
from koopgraph.graph.errors import KoopgraphError, LoadError
from koopgraph.graph.store.load import graph_for_file, load_files
from rdflib import Dataset, Graph, URIRef

SOURCE = DATA / "parity.trig"
# file extension -> rdflib serializer; written by rdflib, read back by koopgraph
GRAPH_FORMATS = {"ttl": "turtle", "nt": "nt", "rdf": "xml", "jsonld": "json-ld"}
DATASET_FORMATS = {"trig": "trig", "nq": "nquads"}


def quads(store):
    """Every statement of the store with its graph, as a set."""
    return {tuple(row) for row in store.query("SELECT ?g ?s ?p ?o { GRAPH ?g { ?s ?p ?o } }")}


def reference_dataset() -> Dataset:
    dataset = Dataset()
    dataset.parse(SOURCE, format="trig")
    return dataset


@pytest.mark.parametrize("ext", sorted(GRAPH_FORMATS))
def test_graph_formats_load_into_the_files_graph(any_store, tmp_path, ext):
    union = Graph()
    for triple in reference_dataset().triples((None, None, None, None)):
        union.add(triple[:3])
    path = tmp_path / f"kommunen.{ext}"
    union.serialize(path, format=GRAPH_FORMATS[ext])
    loaded = load_files(any_store, [path])
    graph = graph_for_file(path)
    assert loaded[0].triples == len(union)
    assert {(g, s, p, comparable(o)) for g, s, p, o in quads(any_store)} == \
        {(graph, s, p, comparable(o)) for s, p, o in union}


@pytest.mark.parametrize("ext", sorted(DATASET_FORMATS))
def test_dataset_formats_keep_their_named_graphs(any_store, tmp_path, ext):
    path = tmp_path / f"kommunen.{ext}"
    reference = reference_dataset()
    reference.serialize(path, format=DATASET_FORMATS[ext])
    load_files(any_store, [path])
    expected = {(g, s, p, comparable(o)) for s, p, o, g in reference.quads((None, None, None, None))}
    assert len(expected) > 20
    assert {(g, s, p, comparable(o)) for g, s, p, o in quads(any_store)} == expected


def test_graph_option_names_the_target_graph(any_store):
    load_files(any_store, [DATA / "bad-and-good" / "good.ttl"], graph="https://example.org/g/mine")
    assert set(any_store.graph_sizes()) == {URIRef("https://example.org/g/mine")}


def test_format_option_overrides_the_extension(any_store, tmp_path):
    path = tmp_path / "data.txt"
    path.write_text((DATA / "bad-and-good" / "good.ttl").read_text())
    with pytest.raises(KoopgraphError, match="--format"):
        load_files(any_store, [path])
    assert load_files(any_store, [path], fmt="turtle")[0].triples == 3


def column_of(path, line, text):
    """1-based column where ``text`` first occurs on ``line`` of the file."""
    return path.read_text().splitlines()[line - 1].index(text) + 1


# where each broken file goes wrong: the line, and the text the parser stops at
BROKEN = [("bad.ttl", 5, "<https://example.org/kommune/f>"),  # missing dot on line 4
          ("bad.nt", 2, '"200'),                               # unterminated string
          ("bad.rdf", 4, "kg:populaton>"),                     # mismatched XML end tag
          ("bad.jsonld", 3, None)]                             # trailing comma


@pytest.mark.parametrize("name, line, near", BROKEN)
def test_a_bad_file_changes_nothing_and_names_file_and_line(any_store, name, line, near):
    folder = DATA / "bad-and-good"
    column = column_of(folder / name, line, near) if near else None
    load_files(any_store, [folder / "good.ttl"])
    before = quads(any_store)
    with pytest.raises(LoadError) as caught:
        load_files(any_store, [folder / "other.ttl", folder / name])
    error = caught.value
    assert error.file.endswith(name) and error.line == line
    if column is not None:
        assert error.column == column
    assert f"{name}:{line}" in str(error)
    assert quads(any_store) == before


def test_a_missing_file_is_a_clear_error(any_store, tmp_path):
    with pytest.raises(LoadError, match="no such file"):
        load_files(any_store, [tmp_path / "nowhere.ttl"])


@pytest.mark.parametrize("name, line, near", BROKEN)
def test_an_empty_embedded_store_loaded_while_checking_stays_empty_on_a_bad_file(tmp_path, name, line, near):
    """An empty embedded store is loaded while the files are parsed; a bad file empties it again."""
    from koopgraph.graph.store import open_store

    folder = DATA / "bad-and-good"
    store = open_store(str(tmp_path / "store"), empty=True)
    try:
        with pytest.raises(LoadError) as caught:
            load_files(store, [folder / "other.ttl", folder / "good.ttl", folder / name])
        assert caught.value.file.endswith(name) and caught.value.line == line
        if near is not None:
            assert caught.value.column == column_of(folder / name, line, near)
        assert store.is_empty() and len(store) == 0
        loaded = load_files(store, [folder / "good.ttl"])  # and a good one still loads, counted
        assert len(store) == loaded[0].triples == 3
    finally:
        store.close()


def test_small_files_loaded_together_keep_apart_what_each_file_says(tmp_path):
    """An empty embedded store loads small files in one bulk call (issue 17): blank nodes of two files
    stay two (RDF: a blank node label is local to its document), anonymous ones too, and each file's
    triples land in its own graph."""
    from koopgraph.graph.store import open_store

    first, second = tmp_path / "eins.ttl", tmp_path / "zwei.ttl"
    first.write_text('_:b <urn:x:name> "eins" . [] <urn:x:name> "anonym" .\n<urn:x:a> <urn:x:p> 1 .\n')
    second.write_text('_:b <urn:x:name> "zwei" . [] <urn:x:name> "anonym" .\n<urn:x:a> <urn:x:p> 2 .\n')
    store = open_store(str(tmp_path / "store"), empty=True)
    try:
        load_files(store, [first, second])
        nodes = store.query("SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { GRAPH ?g { ?s <urn:x:name> ?o } }")
        assert int(next(iter(nodes))[0]) == 4
        per_graph = {(str(r.g), int(r.o)) for r in store.query("SELECT ?g ?o WHERE { GRAPH ?g { <urn:x:a> <urn:x:p> ?o } }")}
        assert per_graph == {(str(graph_for_file(first)), 1), (str(graph_for_file(second)), 2)}
    finally:
        store.close()
