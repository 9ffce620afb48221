"""The chunked bulk load of the embedded store (a measured fix from the benchmark) changes no data."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from koopgraph.graph.store import open_store
from koopgraph.graph.store import oxigraph as store_module
from koopgraph.graph.store.load import load_files

GRAPH = "http://example.org/g"


def quads_of(handle):
    return {(q.subject, q.predicate, q.object, q.graph_name) for q in handle.ox}


@pytest.fixture
def tiny_chunks(monkeypatch):
    monkeypatch.setattr(store_module, "_BULK_CHUNK_BYTES", 40)  # shorter than a line: blocks end mid-line


def test_chunked_load_equals_the_file(tmp_path, tiny_chunks):
    path = tmp_path / "data.nt"
    lines = [f'<http://example.org/s{i}> <http://example.org/p> "{i}" .' for i in range(7)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    handle = open_store(str(tmp_path / "store"), empty=True)
    load_files(handle, [path], graph=GRAPH)
    expected = {(q.subject, q.predicate, q.object, ox.NamedNode(GRAPH))
                for q in ox.parse(path=str(path), format=ox.RdfFormat.N_TRIPLES)}
    assert quads_of(handle) == expected and len(expected) == 7
    handle.close()


def test_a_blank_node_across_chunks_stays_one_node(tmp_path, tiny_chunks):
    path = tmp_path / "blank.nt"
    path.write_text('_:x <http://example.org/p> "1" .\n<http://example.org/a> <http://example.org/p> "2" .\n'
                    '<http://example.org/b> <http://example.org/p> "3" .\n_:x <http://example.org/q> "4" .\n',
                    encoding="utf-8")
    handle = open_store(str(tmp_path / "store"), empty=True)
    load_files(handle, [path], graph=GRAPH)
    blank_subjects = {q.subject for q in handle.ox if isinstance(q.subject, ox.BlankNode)}
    assert len(blank_subjects) == 1
    handle.close()


def test_a_file_without_a_final_line_end_loads_its_last_statement(tmp_path, tiny_chunks):
    path = tmp_path / "open-end.nq"
    lines = [f'<http://example.org/s{i}> <http://example.org/p> "{i}" <http://example.org/g{i % 2}> .'
             for i in range(5)]
    path.write_text("\n".join(lines), encoding="utf-8")   # no "\n" after the last one
    handle = open_store(str(tmp_path / "store"), empty=True)
    load_files(handle, [path])
    expected = {(q.subject, q.predicate, q.object, q.graph_name)
                for q in ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS)}
    assert quads_of(handle) == expected and len(expected) == 5
    handle.close()
