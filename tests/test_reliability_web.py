"""The web server's smaller failures of issue 11, each through a real `koopgraph serve`.

Request bodies over --max-request-kb, /id/ addresses that are no IRIs, HEAD on /sparql, the
Host header, guessing the admin token, CORS for notebooks, and the command line beside a
running server.
"""

from __future__ import annotations

import logging
import socket
import subprocess
from urllib.parse import urlencode

from conftest import ADMIN_TOKEN, http
from koopgraph.graph.store import open_store
from koopgraph.web.app import create_app
from rdflib import Graph, Namespace, URIRef

from test_reliability_loads import COUNT, koopgraph

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
ASK = "/sparql?" + urlencode({"query": "ASK { ?s ?p ?o }"})


def test_a_chunked_body_over_the_limit_is_refused_before_it_is_all_sent(live_server, study_store):
    """waitress used to buffer a chunked body of up to 1 GiB before the app could say 413."""
    server = live_server(study_store(), "--max-request-kb", "64")
    with socket.create_connection(("127.0.0.1", server.port), timeout=60) as connection:
        connection.sendall(b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
                           b"Transfer-Encoding: chunked\r\n\r\n")
        chunk = b"#" * (16 << 10)
        for _ in range(8):  # 128 KiB, twice the limit; the closing 0-chunk is never sent
            connection.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        answer = connection.recv(200)
    assert answer.startswith(b"HTTP/1.1 413"), answer


def test_addresses_that_are_no_iris_are_404_with_the_german_page(live_server, study_store):
    server = live_server(study_store())
    for path in ("/id/%FF%FE", "/id/a%5Cb", "/id/a%20b", "/id/a%5Cb.ttl"):
        answer = http(server.port, "GET", path, headers={"Accept": "text/html"})
        assert answer.status == 404, (path, answer.text[:500])
        assert '<html lang="de">' in answer.text and "Nicht gefunden" in answer.text


def test_head_on_sparql_answers_like_get_without_a_body(live_server, study_store):
    server = live_server(study_store())
    got = http(server.port, "GET", ASK)
    head = http(server.port, "HEAD", ASK)
    assert (head.status, head.headers["Content-Type"]) == (got.status, got.headers["Content-Type"]) == \
        (200, "application/sparql-results+json; charset=utf-8")
    assert head.body == b"" and got.json()["boolean"] is True


def test_a_forged_host_header_is_never_reflected(live_server, study_store):
    server = live_server(study_store())
    forged = {"Host": "angreifer.example"}
    page = http(server.port, "GET", "/abfragen", headers={**forged, "Accept": "text/html"})
    assert page.status == 200 and "angreifer" not in page.text and f"{server.url}/sparql" in page.text
    listing = http(server.port, "GET", "/abfragen", headers={**forged, "Accept": "application/json"}).json()
    assert listing["endpoint"] == f"{server.url}/sparql" and "angreifer" not in str(listing)
    described = http(server.port, "GET", "/sparql", headers={**forged, "Accept": "text/turtle"})
    assert "angreifer" not in described.text
    endpoint = URIRef(f"{server.url}/sparql")
    assert (endpoint, SD.endpoint, endpoint) in Graph().parse(data=described.text, format="turtle")


def test_the_configured_base_url_names_the_endpoint(live_server, study_store):
    server = live_server(study_store(), "--base-url", "https://koopgraph.example.org/")
    described = http(server.port, "GET", "/sparql", headers={"Accept": "text/turtle", "Host": "angreifer.example"})
    endpoint = URIRef("https://koopgraph.example.org/sparql")
    assert (endpoint, SD.endpoint, endpoint) in Graph().parse(data=described.text, format="turtle")


def test_guessing_the_admin_token_is_locked_out_with_a_log_line(live_server, study_store):
    server = live_server(study_store(), "--admin-token", ADMIN_TOKEN)
    update = "INSERT DATA { GRAPH <urn:x-test:g> { <urn:x-test:s> <urn:x-test:p> 1 } }"

    def send(token: str, client: str = "127.0.0.1") -> tuple[int, dict]:
        import http.client as hc

        connection = hc.HTTPConnection("127.0.0.1", server.port, timeout=60, source_address=(client, 0))
        connection.request("POST", "/sparql", body=update, headers={
            "Content-Type": "application/sparql-update", "Authorization": f"Bearer {token}"})
        response = connection.getresponse()
        response.read()
        connection.close()
        return response.status, dict(response.getheaders())

    statuses = [send(f"guess-{i}")[0] for i in range(40)]
    assert statuses.count(401) == 10 and statuses[10:] == [429] * 30, statuses
    status, headers = send(ADMIN_TOKEN)  # the right token too, or the lock-out would tell a guesser it hit
    assert status == 429 and int(headers["Retry-After"]) > 0
    assert send(ADMIN_TOKEN, client="127.0.0.2")[0] == 204  # other addresses are not locked out
    log = server.stop()
    assert log.count("admin token: 10 wrong attempts from 127.0.0.1") == 1, log


def test_cors_is_off_unless_an_origin_is_configured(live_server, study_store):
    notebook = "http://127.0.0.1:8888"
    preflight = {"Origin": notebook, "Access-Control-Request-Method": "POST",
                 "Access-Control-Request-Headers": "content-type"}
    closed = live_server(study_store("closed"))
    assert "Access-Control-Allow-Origin" not in http(closed.port, "GET", ASK, headers={"Origin": notebook}).headers
    server = live_server(study_store("open"), "--cors-origin", notebook)
    answer = http(server.port, "OPTIONS", "/sparql", headers=preflight)
    assert answer.status in (200, 204) and answer.headers["Access-Control-Allow-Origin"] == notebook
    assert "POST" in answer.headers["Access-Control-Allow-Methods"]
    assert "content-type" in answer.headers["Access-Control-Allow-Headers"].lower()
    query = http(server.port, "POST", "/sparql", "ASK {}", {"Origin": notebook,
                                                            "Content-Type": "application/sparql-query"})
    assert query.status == 200 and query.headers["Access-Control-Allow-Origin"] == notebook
    other = http(server.port, "GET", ASK, headers={"Origin": "http://elsewhere.example"})
    assert "Access-Control-Allow-Origin" not in other.headers


def test_the_command_line_reads_a_served_store_and_says_how(live_server, study_store, tmp_path):
    store = study_store()
    server = live_server(store, "--admin-token", ADMIN_TOKEN)
    insert = "INSERT DATA { GRAPH <urn:x-test:g> { <urn:x-test:s> <urn:x-test:p> 1 } }"
    before = subprocess.run(koopgraph("query", "--store", store, "--format", "csv", COUNT),
                            capture_output=True, text=True)
    assert before.returncode == 0, before.stderr
    assert f"in use by koopgraph serve at {server.url}/" in before.stderr and "checkpoint" in before.stderr
    assert f"--store {server.url}/sparql" in before.stderr
    answer = http(server.port, "POST", "/sparql", insert, {"Content-Type": "application/sparql-update",
                                                           "Authorization": f"Bearer {ADMIN_TOKEN}"})
    assert answer.status == 204
    after = subprocess.run(koopgraph("query", "--store", store, "--format", "csv", COUNT),
                           capture_output=True, text=True, check=True)
    assert int(after.stdout.splitlines()[1]) == int(before.stdout.splitlines()[1]) + 1  # the update is seen
    stats = subprocess.run(koopgraph("stats", "--store", store), capture_output=True, text=True)
    assert stats.returncode == 0 and "urn:x-test:g" in stats.stdout
    load = subprocess.run(koopgraph("load", "--store", store, str(tmp_path / "none.ttl")),
                          capture_output=True, text=True)
    assert load.returncode == 1 and f"in use by koopgraph serve at {server.url}/" in load.stderr
    assert f"{server.url}/sparql" in load.stderr and "Traceback" not in load.stderr


def test_a_page_asked_after_the_store_closed_says_503_without_a_traceback(study_store, caplog):
    """CI once stopped a server while its warming thread still asked /befunde: the closed store raised an
    AttributeError, logged with its traceback; now it is a StoreClosed, one log line, 503."""
    store = open_store(study_store())
    app = create_app(store, {})
    app.koopgraph_services.close()
    store.close()
    with caplog.at_level(logging.INFO):
        answer = app.test_client().get("/befunde", headers={"Accept": "text/html"})
    assert answer.status_code == 503, answer.text[:300]
    assert not [r for r in caplog.records if r.exc_info], [r.getMessage() for r in caplog.records]
