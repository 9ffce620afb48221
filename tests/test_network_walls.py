"""Queries and updates never reach the network: the text check, and the wall behind it.

A real TCP listener on a free loopback port counts every connection. Each trick below —
codepoint escapes (\\u, \\U) in keywords, IRIs and prefixed names, comments, strings holding
} or #, keywords run together, BASE, relative IRIs resolved against the endpoint's URL,
PREFIX declared twice — is sent to a real `koopgraph serve` over HTTP (queries without and
updates with the admin token) and to the real CLI; the listener must see no connection.
Then the second wall alone: with the text check switched off in the process that
evaluates (a query worker; the server's request threads for updates), still no connection
where the OS gives the process a network namespace — and one with the wall switched off
too, which proves that the listener would have seen it.
"""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import time
import types
from urllib.parse import urlencode

import pytest
from click.testing import CliRunner
from conftest import ADMIN_TOKEN, DATA, LiveServer, free_port, http, wait_for_http
from koopgraph.web.cli import main

AUTH = {"Authorization": f"Bearer {ADMIN_TOKEN}"}


def query_tricks(port: int) -> dict[str, str]:
    """Queries that would make Oxigraph connect to 127.0.0.1:``port`` if they were run as sent."""
    url = f"http://127.0.0.1:{port}/x"
    host = f"127.0.0.1:{port}"
    pattern = "{ ?s ?p ?o }"
    return {
        "plain SERVICE": f"SELECT * WHERE {{ SERVICE <{url}> {pattern} }}",
        "SERVICE SILENT, lower case": f"select * where {{ service silent <{url}> {pattern} }}",
        "issue 11: \\u eats a quote for rdflib": (
            'SELECT * WHERE { BIND("A\\u00000022 AS ?x) } #" AS ?x) SERVICE <' + url + "> { ?s ?p ?o } }"),
        "\\u inside the keyword": f"SELECT * WHERE {{ SERV\\u0049CE <{url}> {pattern} }}",
        "\\U inside the keyword": f"SELECT * WHERE {{ \\U00000053ERVICE <{url}> {pattern} }}",
        "\\u inside the IRI": f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/\\u0078> {pattern} }}",
        "\\u for the IRI's brackets": f"SELECT * WHERE {{ SERVICE \\u003C{url}\\u003E {pattern} }}",
        "prefixed name": f"PREFIX e: <http://{host}/> SELECT * WHERE {{ SERVICE e:x {pattern} }}",
        "\\u inside the prefixed name": f"PREFIX e: <http://{host}/> SELECT * WHERE {{ SERVICE e\\u003Ax {pattern} }}",
        "PREFIX declared twice": (f"PREFIX e: <http://example.org/> PREFIX e: <http://{host}/> "
                                  f"SELECT * WHERE {{ SERVICE e:x {pattern} }}"),
        "keyword run into a prefixed name": f"PREFIX : <http://{host}/> SELECT * WHERE {{ SERVICE:x {pattern} }}",
        "keyword run into an IRI": f"SELECT * WHERE {{ ?s ?p ?o SERVICE<{url}>{pattern} }}",
        "keyword after a number": f"SELECT * WHERE {{ ?s ?p 1SERVICE<{url}>{pattern} }}",
        "BASE and a relative IRI": f"BASE <http://{host}/> SELECT * WHERE {{ SERVICE <x> {pattern} }}",
        "relative to the endpoint's URL": f"SELECT * WHERE {{ SERVICE <//{host}/x> {pattern} }}",
        "a } in a comment": f"SELECT * WHERE {{ # }}\n SERVICE <{url}> {pattern} }}",
        "strings holding } and #": f'SELECT * WHERE {{ BIND("}}#" AS ?a) BIND(\'\'\'"}}\'\'\' AS ?b) SERVICE <{url}> {pattern} }}',
        "FROM": f"SELECT * FROM <{url}> WHERE {pattern}",
        "FROM NAMED": f"SELECT * FROM NAMED <{url}> WHERE {{ GRAPH ?g {pattern} }}",
        "FROM by a prefixed name": f"PREFIX e: <http://{host}/> SELECT * FROM e:x WHERE {pattern}",
        "FROM relative to BASE": f"BASE <http://{host}/> SELECT * FROM <x> WHERE {pattern}",
        "FROM run into ASK": f"ASKFROM<{url}>{{}}",
    }


def update_tricks(port: int) -> dict[str, str]:
    """Updates that would make Oxigraph connect to 127.0.0.1:``port`` if they were run as sent."""
    url = f"http://127.0.0.1:{port}/x"
    host = f"127.0.0.1:{port}"
    copy = "INSERT { GRAPH <urn:x-test:copy> { ?s ?p ?o } }"
    return {
        "LOAD": f"LOAD <{url}>",
        "LOAD SILENT INTO GRAPH": f"load silent <{url}> into graph <urn:x-test:g>",
        "\\u inside LOAD": f"L\\u004FAD <{url}>",
        "issue 11: \\u eats a quote for rdflib": (
            'INSERT DATA { <urn:x-test:a> <urn:x-test:b> "A\\u00000022 } #" } ; LOAD <' + url + ">"),
        "LOAD by a prefixed name": f"PREFIX e: <http://{host}/> LOAD e:x",
        "LOAD relative to BASE": f"BASE <http://{host}/> LOAD <x>",
        "LOAD as a second operation": f"INSERT DATA {{ <urn:x-test:a> <urn:x-test:b> 1 }} ; LOAD <{url}>",
        "LOAD after a comment": f"# LOAD nothing\nLOAD <{url}>",
        "SERVICE in WHERE": f"{copy} WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        "USING": f"{copy} USING <{url}> WHERE {{ ?s ?p ?o }}",
        "USING NAMED": f"{copy} USING NAMED <{url}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        "WITH": f"WITH <{url}> DELETE {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o }}",
        "USING by a prefixed name": f"PREFIX e: <http://{host}/> {copy} USING e:x WHERE {{ ?s ?p ?o }}",
    }


def settle(listener) -> int:
    time.sleep(0.3)  # a connection attempt in flight would have arrived by now
    return listener.connections


def test_the_endpoint_refuses_every_trick_and_connects_nowhere(parity_server, listener):
    server = parity_server("oxigraph")
    for name, text in query_tricks(listener.port).items():
        answer = http(server.port, "POST", "/sparql", text, {"Content-Type": "application/sparql-query"})
        assert answer.status == 400, (name, answer.status, answer.text)
        assert settle(listener) == 0, name
    for name, text in update_tricks(listener.port).items():
        answer = http(server.port, "POST", "/sparql", text, {"Content-Type": "application/sparql-update", **AUTH})
        assert answer.status == 400, (name, answer.status, answer.text)
        assert settle(listener) == 0, name
    everything = "SELECT * WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"
    for parameter in ("default-graph-uri", "named-graph-uri"):  # the store's own graph of that name: empty
        path = "/sparql?" + urlencode({"query": everything, parameter: listener.url})
        answer = http(server.port, "GET", path, headers={"Accept": "application/sparql-results+json"})
        assert answer.status == 200 and answer.json()["results"]["bindings"] == [], parameter
    copy = "INSERT { GRAPH <urn:x-test:copy> { ?s ?p ?o } } WHERE { ?s ?p ?o }"
    path = "/sparql?" + urlencode({"using-graph-uri": listener.url})
    assert http(server.port, "POST", path, copy, {"Content-Type": "application/sparql-update", **AUTH}).status == 204
    assert settle(listener) == 0
    output = server.stop()
    assert "network wall:" in output and "Traceback" not in output


def test_the_cli_refuses_every_trick_and_connects_nowhere(tmp_path, listener):
    store = str(tmp_path / "store")
    runner = CliRunner()
    assert runner.invoke(main, ["load", "--store", store, "--empty", str(DATA / "parity.trig")]).exit_code == 0
    for name, text in query_tricks(listener.port).items():
        done = runner.invoke(main, ["query", "--store", store, text])
        assert done.exit_code == 1 and "Error:" in done.output and "Traceback" not in done.output, (name, done.output)
        assert settle(listener) == 0, name
    done = subprocess.run([sys.executable, "-m", "koopgraph.web.cli", "query", "--store", store,
                           query_tricks(listener.port)["issue 11: \\u eats a quote for rdflib"]],
                          capture_output=True, text=True)
    assert done.returncode == 1 and "SERVICE is refused" in done.stderr
    assert settle(listener) == 0


# --- the second wall alone: the check switched off where the text is evaluated -----------------

def _unchecked_worker(connection, wall: bool) -> None:
    """A query worker whose text check lets everything through (and, for the control, no wall)."""
    from koopgraph.graph.sparql import execution, workers

    execution.check_query = lambda sparql, store, base=None: types.SimpleNamespace(
        text=sparql, form="SELECT", dataset=None, located=lambda e: e)
    if not wall:
        workers.enter_network_sandbox = lambda: "switched off for the control run"
    workers.worker_main(connection)


def _service_through_a_worker(listener, wall: bool):
    from koopgraph.graph.sparql.execution import QueryRequest
    from koopgraph.graph.store import open_store

    store = open_store("memory", empty=True)
    store.update("INSERT DATA { <urn:x-test:a> <urn:x-test:b> 1 }")
    context = multiprocessing.get_context("fork")
    ours, theirs = context.Pipe()
    worker = context.Process(target=_unchecked_worker, args=(theirs, wall), daemon=True)
    worker.start()
    try:
        ours.send(("open", store.view_recipe()))
        opened = ours.recv()
        ours.send(("query", QueryRequest(f"SELECT * WHERE {{ ?s ?p ?o SERVICE <{listener.url}> {{ ?a ?b ?c }} }}")))
        assert ours.poll(30), "the worker did not answer"
        return opened, ours.recv()
    finally:
        worker.kill()
        worker.join()


def test_a_query_worker_has_no_network_even_without_the_text_check(listener):
    opened, reply = _service_through_a_worker(listener, wall=True)
    if opened[1] is not None:
        pytest.skip(f"this OS gives the worker no network namespace: {opened[1]}")
    assert reply[0] == "error" and "unreachable" in str(reply[1]), reply
    assert settle(listener) == 0
    _service_through_a_worker(listener, wall=False)  # the control: without the wall it connects
    assert settle(listener) >= 1


LAUNCHER = """
import sys, types
from koopgraph.graph.sparql import engine
from koopgraph.web import serve
engine.check_update = lambda sparql, store, base=None: types.SimpleNamespace(text=sparql, located=lambda e: e)
if sys.argv[1] == "no-wall":
    serve.enter_network_sandbox = lambda: "switched off for the control run"
from koopgraph.web.cli import main
main(sys.argv[2:])
"""


def _load_through_an_unchecked_server(tmp_path, listener, wall: str) -> tuple[int, str]:
    script = tmp_path / "unchecked_serve.py"
    script.write_text(LAUNCHER, encoding="utf-8")
    port = free_port()
    process = subprocess.Popen([sys.executable, str(script), wall, "serve", "--store", "memory", "--empty",
                                "--host", "127.0.0.1", "--port", str(port), "--admin-token", ADMIN_TOKEN],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    server = LiveServer.__new__(LiveServer)
    server.port, server.url, server.process = port, f"http://127.0.0.1:{port}", process
    try:
        wait_for_http(server.url + "/", process, seconds=60)
        answer = http(port, "POST", "/sparql", f"LOAD <{listener.url}>",
                      {"Content-Type": "application/sparql-update", **AUTH})
        return answer.status, settle(listener)
    finally:
        output = server.stop()
        print(output)


def test_the_server_process_has_no_network_even_without_the_text_check(tmp_path, listener, capsys):
    if os.geteuid() != 0:
        pytest.skip("an unprivileged server process has threads before it can leave the network")
    status, connections = _load_through_an_unchecked_server(tmp_path, listener, "wall")
    assert "network wall: the server's request threads" in capsys.readouterr().out
    assert status == 502 and connections == 0
    _load_through_an_unchecked_server(tmp_path, listener, "no-wall")  # the control: it connects
    assert settle(listener) >= 1


def test_a_remote_store_gets_the_same_text_check(oxigraph_server, listener):
    """With --store http://… the server needs the network; the text check alone keeps the tricks out."""
    from koopgraph.graph.errors import QueryError, QueryRefused
    from koopgraph.graph.sparql.dataset_clause import ProtocolDataset
    from koopgraph.graph.sparql.engine import QueryEngine
    from koopgraph.graph.sparql.execution import QueryRequest
    from koopgraph.graph.store import open_store

    store = open_store(oxigraph_server + "/query", update_endpoint=oxigraph_server + "/update", empty=True)
    engine = QueryEngine(store, timeout=10, row_cap=None, workers=1)
    for name, text in query_tricks(listener.port).items():
        with pytest.raises(QueryError):
            engine.query(QueryRequest(text, base="http://127.0.0.1:8000/sparql"))
        assert settle(listener) == 0, name
    for name, text in update_tricks(listener.port).items():
        with pytest.raises(QueryError):
            engine.update(text)
        assert settle(listener) == 0, name
    with pytest.raises(QueryRefused, match="holds no graph"):  # a remote engine might fetch it: refused
        engine.query(QueryRequest("ASK {}", ProtocolDataset((listener.url,))))
    assert settle(listener) == 0
