"""Backpressure on /sparql (issue 11, item 7): a bounded queue, a limit per client, pages apart.

Runaway queries used to hold the web server's threads while they waited for a worker, so
the explorer's pages waited behind them. Now /sparql admits at most workers + queue queries
(with threads of its own) and at most --query-per-client from one address; the rest is
refused at once with Retry-After. Clients are told apart by their loopback source address
(127.0.0.x all reach a server on 127.0.0.1).
"""

from __future__ import annotations

import http.client
import threading
import time
from urllib.parse import urlencode

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n1 ?o . ?p ?q ?r }"


def get(port: int, path: str, client: str, timeout: float = 90):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout, source_address=(client, 0))
    try:
        connection.request("GET", path, headers={"Accept": "application/sparql-results+json"})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def query_path(sparql: str) -> str:
    return "/sparql?" + urlencode({"query": sparql})


def admit_runaway(port: int, client: str, answers: list) -> None:
    """Send a runaway query from ``client`` and return once it holds the client's one place.

    A second query of the client is then refused with 429. The probe itself may get in first,
    and the runaway be refused: then it is sent again.
    """
    def run_away():
        try:
            answer = get(port, query_path(RUNAWAY), client)
        except OSError:
            return  # the server stops at the end of the test, before the runaway's time limit
        if answer[0] != 429:
            answers.append(answer)

    runaway = None
    for _ in range(100):
        if runaway is None or not runaway.is_alive():  # not sent yet, or refused because a probe got in first
            runaway = threading.Thread(target=run_away, daemon=True)
            runaway.start()
            time.sleep(0.2)
        if get(port, query_path("ASK {}"), client)[0] == 429:
            return
    raise AssertionError(f"the runaway of {client} was never admitted (no 429 for a second query)")


def test_a_full_queue_refuses_with_retry_after_while_pages_answer(live_server, study_store):
    server = live_server(study_store(), "--query-workers", "1", "--query-queue", "1", "--query-per-client", "1",
                         "--threads", "1", "--query-timeout", "60")
    answers = []
    admit_runaway(server.port, "127.0.0.2", answers)  # running in the one worker
    admit_runaway(server.port, "127.0.0.3", answers)  # waiting in the queue of one
    status, headers, body = get(server.port, query_path("ASK {}"), "127.0.0.4")
    assert status == 503 and int(headers["Retry-After"]) > 0, body
    status, headers, body = get(server.port, query_path("ASK {}"), "127.0.0.2")
    assert status == 429 and int(headers["Retry-After"]) > 0, body
    for path in ("/kommunen", "/", "/id/bund.json"):  # the one page thread is free for pages
        status, _, body = get(server.port, path, "127.0.0.5", timeout=30)
        assert status == 200, (path, body[:300])
    assert not answers  # both runaways are still inside: nothing above waited for them
