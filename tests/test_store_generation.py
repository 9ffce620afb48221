"""Store.generation: every write through the store moves it on, reads do not; query workers follow it."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
from conftest import DATA, make_store
from koopgraph.graph.errors import KoopgraphError, QueryError, QuerySyntaxError
from koopgraph.graph.formats import rdf_format_for
from koopgraph.graph.sparql.engine import QueryEngine
from koopgraph.graph.sparql.execution import QueryRequest
from koopgraph.graph.store.load import load_files
from rdflib import URIRef

ASK_A = "ASK { <urn:x-test:a> ?p ?o }"
QUAD_A = ox.Quad(ox.NamedNode("urn:x-test:a"), ox.NamedNode("urn:x-test:p"), ox.Literal("1"),
                 ox.NamedNode("urn:x-test:g"))


def test_each_write_moves_the_generation_on_and_reads_do_not(any_store):
    seen = [any_store.generation]

    def moved_on() -> bool:
        seen.append(any_store.generation)
        return seen[-1] > seen[-2]

    assert not any_store.query(ASK_A).askAnswer and len(any_store) == 0 and not moved_on()
    any_store.update("INSERT DATA { GRAPH <urn:x-test:g> { <urn:x-test:b> <urn:x-test:p> 2 } }")
    assert moved_on()
    any_store.write_quads([QUAD_A])
    assert moved_on() and any_store.query(ASK_A).askAnswer
    good = DATA / "bad-and-good" / "good.ttl"
    any_store.write_file(good, rdf_format_for(good), URIRef("urn:x-test:good"))
    assert moved_on()
    load_files(any_store, [DATA / "bad-and-good" / "other.ttl"])
    assert moved_on()
    any_store.graph_sizes()
    assert not moved_on()


# What each backend raises for an update it cannot parse: the local stores name line and column; the
# endpoint's client knows only that the server answered 400.
UNPARSABLE_UPDATE = {"memory": QuerySyntaxError, "oxigraph": QuerySyntaxError, "sparql": QueryError}


def test_a_failed_write_moves_the_generation_on_too(any_store):
    """A remote endpoint may have applied part of it; nothing cached before it may be trusted."""
    before = any_store.generation
    with pytest.raises(UNPARSABLE_UPDATE[any_store.kind]):
        any_store.update("INSERT DATA { <urn:x-test:a> <urn:x-test:p> }")
    assert any_store.generation == before + 1 and len(any_store) == 0


@pytest.mark.parametrize("backend", ["memory", "oxigraph"])
def test_workers_see_writes_made_through_the_store_itself(backend, tmp_path, request):
    """Not only updates through the engine: any write through the store re-opens the workers' views."""
    store = make_store(backend, tmp_path, request)
    engine = QueryEngine(store, timeout=10, row_cap=None, workers=2)
    ask = QueryRequest(ASK_A)
    try:
        assert [json.loads(engine.query(ask).body)["boolean"] for _ in range(2)] == [False, False]
        store.write_quads([QUAD_A])
        assert all(json.loads(engine.query(ask).body)["boolean"] for _ in range(4))
    finally:
        engine.close()
        store.close()


def test_a_write_refused_before_it_reaches_the_store_does_not_count(any_store):
    from koopgraph.graph.sparql.query import update

    before = any_store.generation
    with pytest.raises(KoopgraphError):
        update(any_store, "LOAD <http://example.org/x>")
    assert any_store.generation == before
