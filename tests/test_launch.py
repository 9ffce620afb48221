"""The `koopgraph` entry point starts the query workers' forkserver first of all for `serve` on an
embedded store (the first query after a start waited ~0.6 s for its imports), and only then."""

from __future__ import annotations

import pytest
from koopgraph.web.launch import serves_an_embedded_store


@pytest.mark.parametrize("arguments", [["serve"], ["serve", "--store", "/var/lib/koopgraph"], ["--debug", "serve"],
                                       ["serve", "--port", "8001"]])
def test_serve_on_an_embedded_store_starts_the_forkserver_first(arguments):
    assert serves_an_embedded_store(arguments)


@pytest.mark.parametrize("arguments", [[], ["load", "x.ttl"], ["query", "ASK {}"], ["--debug", "bench-sparql"],
                                       ["serve", "--store", "http://127.0.0.1:7878/query"],
                                       ["serve", "--store=https://example.org/sparql"]])
def test_other_commands_and_a_remote_store_do_not(arguments):
    assert not serves_an_embedded_store(arguments)
