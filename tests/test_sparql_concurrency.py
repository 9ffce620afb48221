"""First visitors at once (issue 11, blocker 3): nothing parses SPARQL with rdflib's
thread-unsafe parser on a request thread any more, so simultaneous first requests to a fresh
`koopgraph serve` — /befunde, /sparql queries and updates — all succeed, and stay so.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from conftest import ADMIN_TOKEN, http

QUERY = {"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"}
UPDATE = {"Content-Type": "application/sparql-update", "Authorization": f"Bearer {ADMIN_TOKEN}"}


def insert(i: int) -> str:
    return f"INSERT DATA {{ GRAPH <urn:x-test:g{i}> {{ <urn:x-test:a> <urn:x-test:n> {i} }} }}"


def test_simultaneous_first_requests_all_succeed(live_server, study_store):
    # a new store: the study; 8 queries from one address are more than --query-per-client allows by default
    server = live_server(study_store(), "--admin-token", ADMIN_TOKEN, "--threads", "8",
                         "--query-per-client", "8")
    requests = ([("GET", "/befunde", None, {})] * 8 + [("POST", "/sparql", "ASK { ?s ?p ?o }", QUERY)] * 8
                + [("POST", "/sparql", insert(i), UPDATE) for i in range(4)])
    start = threading.Barrier(len(requests))

    def send(method, path, body, headers):
        start.wait()  # all at once, as the first requests this server sees
        return http(server.port, method, path, body, headers)

    with ThreadPoolExecutor(len(requests)) as pool:
        answers = list(pool.map(lambda r: send(*r), requests))
    assert [a.status for a in answers] == [200] * 16 + [204] * 4, [(a.status, a.text[:200]) for a in answers]
    for i in range(4):  # each update took effect, whole
        ask = http(server.port, "POST", "/sparql", f"ASK {{ GRAPH <urn:x-test:g{i}> {{ ?s ?p {i} }} }}", QUERY)
        assert ask.json()["boolean"] is True
    assert http(server.port, "GET", "/befunde").status == 200
    assert "Traceback" not in server.stop()
