"""Limits of the query workers (issue 11, item 6): memory per worker; no worker outlives its server.

An ORDER BY over a cartesian product must hold every row before the first is sorted:
on the parity fixture (38 statements) five patterns make 38**5 ≈ 79 million rows,
gigabytes, far over the limit the test sets.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

import pytest
from conftest import DATA, http, make_store
from koopgraph.graph.store.load import load_files
from koopgraph.web.app import create_app

SORTED_PRODUCT = ("SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n ?o } "
                  "ORDER BY ?c ?f ?i ?l ?o")
LIMIT_MB = 300


@pytest.fixture
def limited_client(request, tmp_path):
    store = make_store("oxigraph", tmp_path, request)
    load_files(store, [DATA / "parity.trig"])
    assert len(store) ** 5 * 50 > 10 * LIMIT_MB << 20  # the sorted rows need far more than the limit
    app = create_app(store, {"query_workers": 1, "query_memory_mb": LIMIT_MB, "query_timeout": 60})
    yield app.test_client()
    app.koopgraph_services.close()
    store.close()


def test_a_query_over_the_memory_limit_is_503_naming_it_and_its_worker_is_replaced(limited_client):
    answer = limited_client.post("/sparql", data={"query": SORTED_PRODUCT}, headers={"Accept": "text/csv"})
    assert answer.status_code == 503, answer.text
    assert f"{LIMIT_MB} MB" in answer.text and "--query-memory-mb" in answer.text
    assert int(answer.headers["Retry-After"]) > 0
    after = limited_client.post("/sparql", data={"query": "ASK { ?s ?p ?o }"})  # the one worker was replaced
    assert after.status_code == 200 and after.json["boolean"] is True


def descendants(pid: int) -> set[int]:
    """Every process below ``pid`` (from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


@pytest.mark.parametrize("stop", [signal.SIGKILL, signal.SIGTERM])
def test_no_query_worker_outlives_its_server(live_server, stop, study_store):
    """A worker busy with a runaway query used to run on, orphaned, after the server was killed."""
    server = live_server(study_store(), "--query-timeout", "600")
    threading.Thread(target=lambda: _quietly(server.port, RUNAWAY), daemon=True).start()
    below = descendants(server.process.pid)
    for _ in range(100):  # until a worker is busy with the runaway
        if any(_cpu_seconds(pid) > 0.5 for pid in below):
            break
        time.sleep(0.1)
        below = descendants(server.process.pid)
    assert below, "the server started no worker processes"
    server.process.send_signal(stop)
    server.process.wait(30)
    for _ in range(100):
        alive = {pid for pid in below if _running(pid)}
        if not alive:
            break
        time.sleep(0.1)
    assert not alive, f"processes of the server still run after it ended: {alive}"


RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n1 ?o . ?p ?q ?r }"


def _quietly(port: int, sparql: str) -> None:
    try:
        http(port, "GET", "/sparql?" + urlencode({"query": sparql}), timeout=60)
    except OSError:
        pass  # the server is killed under it


def _cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has ended; only its exit status waits to be collected
