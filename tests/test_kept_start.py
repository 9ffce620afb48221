"""Issue 17, a restart in seconds: the server is ready as soon as what it prepares is kept on disk
(the 10 MB whole network is read when first asked, or after the server is ready), and /analyse's
answers are kept on disk per data version like the network views: a restart computes none of them
again (counted by wrapping what computes: the network's read from the store, the measures, the
county profiles), a write makes them stale, a damaged file is ignored with one log line."""

from __future__ import annotations

import shutil
import threading

import pytest
from counting import counting
from koopgraph.graph.netview import kept as plain
from koopgraph.graph.network import cache as network_cache
from koopgraph.graph.network.projection import NetworkData
from koopgraph.graph.store import open_store
from koopgraph.graph.store.kept import KEPT_FOLDER
from koopgraph.web.app import create_app

SAARLAND = "https://w3id.org/koopgraph/id/synth/land/saarland"
WHOLE_NETWORK = f"/netzwerk.json?land={SAARLAND}&layout=kraft"   # a Land's places: the whole network's positions
ANALYSIS_PAGES = ("/analyse", "/analyse.json?metrik=degree", "/analyse/metriken.json?metrik=betweenness",
                  "/analyse/kreisprofile.json", "/analyse/gemeinschaften.json?seed=3",
                  "/analyse/struktur-position.json", "/analyse/ansicht.json?groesse=degree&farbe=community")


@pytest.fixture
def decoded(monkeypatch):
    """How often the whole network was read back from disk."""
    counted = []
    decode = plain.decode_placed
    monkeypatch.setattr(plain, "decode_placed", lambda value: counted.append(1) or decode(value))
    return counted


@pytest.fixture
def analysed(monkeypatch):
    """How often the analysis read the network from the store, measured it or profiled its counties."""
    counted = {"read": 0, "metric": 0, "profiles": 0}

    monkeypatch.setattr(NetworkData, "read", classmethod(counting(counted, "read", NetworkData.read.__func__)))
    monkeypatch.setattr(network_cache, "run_metric", counting(counted, "metric", network_cache.run_metric))
    monkeypatch.setattr(network_cache, "county_profiles", counting(counted, "profiles", network_cache.county_profiles))
    return counted


def served(path, ask, settings=None):
    """Open the store as `koopgraph serve` does, ``ask(app)``, close."""
    store = open_store(str(path))
    app = create_app(store, settings or {})
    try:
        return ask(app)
    finally:
        app.koopgraph_services.close()
        store.close()


def test_a_restart_is_ready_before_it_reads_the_whole_network_and_reads_it_when_asked(synthetic_store, decoded):
    large = {"network_cluster_above": 0}
    first = served(synthetic_store, lambda app: app.koopgraph_services.prepare()
                   and app.test_client().get(WHOLE_NETWORK).get_json(), large)

    def restart(app):
        assert app.koopgraph_services.prepare()
        assert decoded == []                                   # ready without reading 10 MB
        return app.test_client().get(WHOLE_NETWORK).get_json()

    assert served(synthetic_store, restart, large) == first
    assert decoded == [1]                                      # read once, when first asked


def test_bereit_says_ready_before_the_first_pages_are_warmed(synthetic_store):
    served(synthetic_store, lambda app: app.koopgraph_services.prepare(), {"network_cluster_above": 0})
    release = threading.Event()

    def restart(app):
        client = app.test_client()
        preparing = app.koopgraph_services.prepare_in_background(warm=lambda: release.wait(60))
        try:
            for _ in range(600):                               # ready from the kept files, while warming waits
                if client.get("/bereit").status_code == 200:
                    break
                threading.Event().wait(0.05)
            assert client.get("/bereit").status_code == 200 and preparing.is_alive()
            assert client.get(WHOLE_NETWORK).status_code == 200
        finally:
            release.set()
            preparing.join(60)

    served(synthetic_store, restart, {"network_cluster_above": 0})


def test_bereit_waits_for_the_query_workers_that_serve_starts_beside_the_pages(study_store_path, monkeypatch):
    """serve starts the query workers in a thread while it begins to listen (pages answer at once);
    /bereit says ready only once they are up, so that a first query then needs no start."""
    from koopgraph.graph.sparql.workers import WorkerPool

    opening, release = threading.Event(), threading.Event()
    real_open = WorkerPool.open_views

    def slow_open(pool):
        opening.set()
        release.wait(60)
        return real_open(pool)

    monkeypatch.setattr(WorkerPool, "open_views", slow_open)

    def start(app):
        client, engine = app.test_client(), app.koopgraph_services.engine
        starting = threading.Thread(target=engine.start, daemon=True)
        starting.start()
        assert opening.wait(60)
        assert client.get("/bereit").status_code == 503 and client.get("/").status_code == 200
        release.set()
        starting.join(60)
        assert client.get("/bereit").status_code == 200

    served(study_store_path, start)


def test_a_server_stopped_while_its_workers_start_leaves_no_worker_behind(study_store_path, monkeypatch):
    """close() during start(): the start finishes (its workers open their views, one fails and asks
    for a replacement), then every worker is stopped; none is started after the close (before, a
    replacement outlived the server and held its output: a CI run hung in the network-wall test)."""
    from koopgraph.graph.sparql.workers import WorkerPool

    opening, release = threading.Event(), threading.Event()
    real_open, started = WorkerPool.open_views, []

    def slow_open(pool):
        opening.set()
        release.wait(60)
        pool._replace(next(iter(pool._all)))        # as when a worker's open fails
        started.extend(pool._all)
        return real_open(pool)

    monkeypatch.setattr(WorkerPool, "open_views", slow_open)

    def start_then_close(app):
        engine = app.koopgraph_services.engine
        starting = threading.Thread(target=engine.start, daemon=True)
        starting.start()
        assert opening.wait(60)
        closing = threading.Thread(target=engine.close, daemon=True)
        closing.start()
        threading.Event().wait(0.5)
        release.set()
        closing.join(90)
        starting.join(90)
        assert not closing.is_alive() and started
        for worker in started:
            worker.process.join(10)
            assert not worker.process.is_alive()

    served(study_store_path, start_then_close)


def analysis_answers(app) -> list:
    client = app.test_client()
    return [client.get(page).get_data(as_text=True) for page in ANALYSIS_PAGES]


def test_a_restart_answers_the_analysis_pages_as_kept_without_computing_them(study_store_path, analysed):
    first = served(study_store_path, analysis_answers)
    assert analysed["read"] == 1 and analysed["metric"] > 0 and analysed["profiles"] == 1
    before = dict(analysed)
    assert served(study_store_path, analysis_answers) == first
    assert analysed == before                                  # nothing read, measured or profiled again


def test_a_write_makes_the_kept_analysis_stale(study_store_path, analysed):
    first = served(study_store_path, analysis_answers)
    store = open_store(str(study_store_path))
    store.update("INSERT DATA { GRAPH <urn:x:g> { <urn:x:a> <urn:x:p> 1 } }")
    store.close()
    assert served(study_store_path, analysis_answers) == first      # the same network: the same answers …
    assert analysed["read"] == 2 and analysed["profiles"] == 2  # … computed again for the new data
    assert served(study_store_path, analysis_answers) == first
    assert analysed["read"] == 2 and analysed["profiles"] == 2  # and kept for it


def test_a_damaged_kept_analysis_is_ignored_with_a_log_line_and_computed_again(study_store_path, analysed, kept_log):
    ask = lambda app: app.test_client().get("/analyse/kreisprofile.json").get_json()   # noqa: E731
    first = served(study_store_path, ask)
    [kept] = [path for path in (study_store_path.parent / "store.checkpoints" / KEPT_FOLDER).rglob("analyse-*.json")]
    kept.write_bytes(kept.read_bytes()[:-20])                  # cut short, as by a full disk
    assert served(study_store_path, ask) == first
    assert analysed["profiles"] == 2
    assert len(kept_log) == 1 and "damaged" in kept_log[0]


def test_the_server_has_the_network_laid_out_by_a_child_process_and_computes_nothing_itself(synthetic_store,
                                                                                               monkeypatch):
    from koopgraph.web import services as services_module

    large = {"network_cluster_above": 0}
    computed_here = served(synthetic_store, lambda app: app.koopgraph_services.prepare()
                           and app.test_client().get(WHOLE_NETWORK).get_json(), large)
    shutil.rmtree(synthetic_store.parent / "store.checkpoints" / KEPT_FOLDER)
    counted = []
    for name in ("full_view", "cluster_view", "study_view"):
        compute = getattr(services_module, name)
        monkeypatch.setattr(services_module, name, lambda *a, compute=compute: counted.append(1) or compute(*a))

    def in_child(app):
        preparing = app.koopgraph_services.prepare_in_background(in_child=True)
        preparing.join(300)
        assert not preparing.is_alive() and app.test_client().get("/bereit").status_code == 200
        return app.test_client().get(WHOLE_NETWORK).get_json()

    # the same network and places; the order of nodes and edges follows set order, which differs between processes
    assert in_order(served(synthetic_store, in_child, large)) == in_order(computed_here)
    assert counted == []                                       # laid out by the child, read here


def in_order(answer: dict) -> dict:
    return {**answer, "nodes": sorted(answer["nodes"], key=lambda node: node["id"]),
            "edges": sorted(answer["edges"], key=lambda edge: edge["id"])}


def test_a_first_analyse_while_the_warming_computes_it_is_told_so_and_then_gets_that_answer(study_store_path,
                                                                                              monkeypatch):
    """serve's warm step asks /analyse once after ready (a new store: ~5 s with the base layer, 17.9 s at M);
    a visitor asking meanwhile is told "wird berechnet" (503, the page reloads itself after Retry-After) instead
    of waiting for it, or computing it beside it (at first both computed it: the visitor's first /analyse
    1.7 s; then the visitor waited for it); once it is computed, the visitor gets that answer, computed once."""
    from koopgraph.web.serve import warm_pages

    profiling, release, counted = threading.Event(), threading.Event(), []
    profiles = network_cache.county_profiles

    def slow_profiles(*args, **kwargs):
        counted.append(1)
        profiling.set()
        release.wait(60)
        return profiles(*args, **kwargs)

    monkeypatch.setattr(network_cache, "county_profiles", slow_profiles)

    def warm_and_visit(app):
        warming = threading.Thread(target=warm_pages, args=(app,), daemon=True)
        warming.start()
        assert profiling.wait(120)                             # the warming computes /analyse
        meanwhile = app.test_client().get("/analyse", headers={"Accept": "text/html"})
        release.set()
        warming.join(120)
        return meanwhile, app.test_client().get("/analyse", headers={"Accept": "text/html"})

    meanwhile, answer = served(study_store_path, warm_and_visit)
    assert meanwhile.status_code == 503 and meanwhile.headers["Retry-After"].isdigit()
    assert "wird berechnet" in meanwhile.get_data(as_text=True)
    assert answer.status_code == 200 and "Kreisprofile" in answer.get_data(as_text=True)
    assert counted == [1]


def test_a_failed_computation_lets_the_waiting_thread_compute_it_itself():
    """The waiting of one thread for another's computation (GenerationCache) never outlasts a failure."""
    from koopgraph.graph.store.cache import GenerationCache

    store = open_store("memory", empty=True)
    cache, computing, release = GenerationCache(store), threading.Event(), threading.Event()

    def failing():
        computing.set()
        release.wait(60)
        raise ValueError("the query failed")

    def first():
        with pytest.raises(ValueError):
            cache.kept("n", failing)

    failed = threading.Thread(target=first, daemon=True)
    failed.start()
    assert computing.wait(60)
    answers = []
    waiting = threading.Thread(target=lambda: answers.append(cache.kept("n", lambda: 42)), daemon=True)
    waiting.start()
    for _ in range(200):
        if cache.waits:
            break
        threading.Event().wait(0.05)
    assert cache.waits == 1
    release.set()
    waiting.join(60)
    failed.join(60)
    assert answers == [42] and cache.kept("n", lambda: -1) == 42
