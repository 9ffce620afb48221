"""Shared fixtures: stores of every backend and real servers (koopgraph, Oxigraph, Virtuoso). The process
and HTTP helpers behind them are in processes.py, the store helpers (copies, dumps, comparisons) in
stores.py, the Chromium pages in browser.py; all re-exported here for the tests."""

from __future__ import annotations

import logging
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest
from browser import browser_page, screenshot, wait_until  # noqa: F401  (fixtures; tests import wait_until from here)
from koopgraph.graph.store import open_store
from processes import Listener, LiveServer, free_port, http, wait_for_http  # noqa: F401  (tests import them from here)
from stores import comparable, copy_store, dump, insert_data_for, made_once  # noqa: F401  (tests import them from here)

DATA = Path(__file__).parent / "data"
BACKENDS = ["memory", "oxigraph", "sparql"]


@pytest.fixture
def oxigraph_server(request):
    """A real `oxigraph serve` (PyPI package oxigraph) on a free loopback port.

    Returns the base URL; queries go to /query, updates to /update.
    """
    binary = shutil.which("oxigraph")
    if binary is None:
        pytest.fail("the `oxigraph` server is not installed (pip install oxigraph)")
    port = free_port()
    process = subprocess.Popen([binary, "serve", "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    wait_for_http(base + "/query?query=ASK%7B%7D", process)
    yield base
    process.terminate()
    try:
        output = process.communicate(timeout=5)[0]
    except subprocess.TimeoutExpired:
        process.kill()
        output = process.communicate()[0]
    if request.node.rep_call.failed if hasattr(request.node, "rep_call") else False:
        print("oxigraph server output:\n", output)


def pytest_addoption(parser):
    parser.addoption("--slow", action="store_true", default=False,
                     help="also run the tests marked slow (pySHACL over the synthetic scale S: ~15 min)")


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: takes minutes; runs only with --slow")


def pytest_collection_modifyitems(config, items):
    if config.getoption("--slow"):
        return
    skip = pytest.mark.skip(reason="slow: run with --slow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, "rep_" + report.when, report)
    return report


def make_store(backend: str, tmp_path: Path, request):
    """An empty store of the given backend (the server fixture is started on demand)."""
    if backend == "memory":
        return open_store("memory", empty=True)
    if backend == "oxigraph":
        return open_store(str(tmp_path / "store"), empty=True)
    base = request.getfixturevalue("oxigraph_server")
    return open_store(base + "/query", update_endpoint=base + "/update", empty=True)


@pytest.fixture(params=BACKENDS)
def any_store(request, tmp_path):
    """An empty store of each backend in turn."""
    store = make_store(request.param, tmp_path, request)
    yield store
    if store.dataset is not None:
        store.close()


@pytest.fixture
def stores(request, tmp_path):
    """One empty store of every backend, by kind."""
    made = {b: make_store(b, tmp_path, request) for b in BACKENDS}
    yield made
    for store in made.values():
        if store.dataset is not None:
            store.close()


# --- a real koopgraph server (a real Chromium: browser.py) -------------------------------------------

@pytest.fixture
def live_server(request):
    """Start servers with ``live_server(store_spec, *options)``; output printed if the test fails."""
    started = []

    def start(store: str = "memory", *extra: str, env: dict | None = None) -> LiveServer:
        server = LiveServer(store, *extra, env=env)
        started.append(server)
        return server

    yield start
    for server in started:
        output = server.stop()
        if getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed:
            print(f"--- output of koopgraph serve on port {server.port} ---\n{output}")



# --- the SPARQL endpoint (issue 5): servers on the parity fixture, plain HTTP ---------------

ADMIN_TOKEN = "test-admin-token"


@pytest.fixture
def parity_server(live_server, tmp_path):
    """``parity_server(backend, *options)``: `koopgraph serve` on the parity fixture, with the admin token.

    ``oxigraph``: an embedded store filled by `koopgraph load`; ``memory``: filled by an
    authorised INSERT DATA. ``token=None`` starts the server without an admin token.
    """
    def start(backend: str, *options: str, token: str | None = ADMIN_TOKEN):
        auth = ("--admin-token", token) if token else ()
        if backend == "oxigraph":
            store = tmp_path / f"store-{len(list(tmp_path.glob('store-*')))}"
            subprocess.run([_console_script(), "load", "--store", str(store), "--empty", str(DATA / "parity.trig")],
                           check=True, capture_output=True)
            return live_server(str(store), *auth, *options)
        server = live_server("memory", "--empty", "--admin-token", token or ADMIN_TOKEN, *options)
        answer = http(server.port, "POST", "/sparql", insert_data_for(DATA / "parity.trig"),
                      {"Content-Type": "application/sparql-update", "Authorization": f"Bearer {token or ADMIN_TOKEN}"})
        assert answer.status == 204, answer.text
        if token is None:
            pytest.fail("a memory store can only be filled through an admin token; use oxigraph")
        return server

    return start


def _console_script() -> str:
    import sys

    beside_python = Path(sys.executable).parent / "koopgraph"
    return str(beside_python) if beside_python.exists() else shutil.which("koopgraph")


# --- web explorer (issue 4): apps around small stores ------------------------------------------

@pytest.fixture
def parity_store():
    """A memory store holding only tests/data/parity.trig."""
    from koopgraph.graph.store.load import load_files

    store = open_store("memory", empty=True)
    load_files(store, [DATA / "parity.trig"])
    return store


@pytest.fixture
def parity_client(parity_store):
    """A Flask test client of the explorer around ``parity_store``."""
    from koopgraph.web.app import create_app

    return create_app(parity_store).test_client()


# --- Germany scale (issue 7): the tiny synthetic graph in an embedded store ----------------------

@pytest.fixture(scope="module")
def synthetic_xs(tmp_path_factory):
    """(N-Quads file, store directory) of the XS synthetic graph (Hamburg, Bremen, Saarland) with the
    ontology, loaded once per module; the store is closed, so a server may open it."""
    from koopgraph.graph.store.load import ONTOLOGY_GRAPH, load_files
    from koopgraph.graph.synth.generate import write_synthetic
    from koopgraph.ontology import ontology_files

    folder = tmp_path_factory.mktemp("synthetic-xs")
    path = folder / "xs.nq"
    write_synthetic(path, "XS", 5)
    store = open_store(str(folder / "store"), empty=True)
    load_files(store, [path])
    load_files(store, ontology_files(), graph=str(ONTOLOGY_GRAPH))
    store.close()
    return path, folder / "store"


# --- the invented network of the analysis tests ------------------------------------------------

NETZ = DATA / "analysis" / "netz.trig"


@pytest.fixture
def netz_store():
    """An in-memory store holding only tests/data/analysis/netz.trig (see tests/data/README.md)."""
    from koopgraph.graph.store.load import load_files

    store = open_store("memory", empty=True)
    load_files(store, [NETZ])
    yield store
    store.close()


# --- a listener that counts connections (issue 11: queries never reach the network) -------------

@pytest.fixture
def listener():
    """A listener proven to count: the test's own control connection is seen, then the count restarts."""
    probe = Listener()
    socket.create_connection(("127.0.0.1", probe.port), timeout=2).close()
    deadline = time.monotonic() + 2
    while probe.connections == 0 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert probe.connections == 1, "the listener does not see connections"
    probe.connections = 0
    yield probe
    probe.close()


# --- a real Virtuoso (issue 16): one server per test session, Debian's default limits ----------

@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory):
    """A Virtuoso 7 server with a new database and Debian's row cap (10,000); updates allowed on /sparql."""
    from engines import VirtuosoServer

    server = VirtuosoServer(tmp_path_factory.mktemp("virtuoso"), row_cap=10_000)
    yield server
    server.stop()


@pytest.fixture
def virtuoso_store(virtuoso_server):
    """The Virtuoso server as a koopgraph store, emptied of every graph but Virtuoso's own."""
    from engines import emptied

    store = emptied(open_store(virtuoso_server.url, update_endpoint=virtuoso_server.url, empty=True))
    yield store
    store.close()


@pytest.fixture(scope="session")
def explorer(tmp_path_factory, _shipped_template):
    """A store with the study dataset, the base layer and tests/data/xss.trig, loaded by the real CLI, and
    its server: one for the session (a new store with the base layer takes a minute to load and prepare;
    the tests only read)."""
    store_dir = copy_store(_shipped_template, tmp_path_factory.mktemp("explorer") / "store")
    from explorer_site import expected_network, koopgraph

    koopgraph("load", "--store", store_dir, str(DATA / "xss.trig"))
    expected = expected_network(store_dir)
    server = LiveServer(store_dir)
    yield server, expected
    print(server.stop())


@pytest.fixture(scope="session")
def _shipped_template(tmp_path_factory) -> Path:
    """A new embedded store as `open_store` makes it (study, base layer, ontology), made once per run (shared
    by the xdist workers), with the network views `koopgraph serve` prepares kept beside it (as a server's
    first start leaves them)."""
    def make(path: Path) -> None:
        from koopgraph.web.app import create_app

        store = open_store(str(path))
        try:
            app = create_app(store)
            app.koopgraph_services.prepare()
            app.koopgraph_services.close()
        finally:
            store.close()

    return made_once(tmp_path_factory, "shipped", make)


@pytest.fixture
def shipped_store_dir(_shipped_template, tmp_path) -> str:
    """A folder holding a copy of a new embedded store with the shipped data: what `open_store(folder)`
    would load (~220k triples) and serve would prepare, copied instead of made again for every test."""
    return copy_store(_shipped_template, tmp_path / "store")


@pytest.fixture(scope="session")
def _study_template(tmp_path_factory) -> Path:
    """An embedded store with the study dataset, the base layer's slice about the study's places and the
    ontology (what a `memory` store holds), made once: for the tests of the server's machinery (limits,
    concurrency, headers) that a new store with the whole base layer (~220k triples, a minute to load
    and prepare on a busy machine) would only slow down."""
    def make(path: Path) -> None:
        from koopgraph.graph.store.load import load_study_dataset

        store = open_store(str(path), empty=True)
        try:
            load_study_dataset(store, base_layer=False)
        finally:
            store.close()

    return made_once(tmp_path_factory, "study", make)


@pytest.fixture
def study_store(_study_template, tmp_path):
    """``study_store(name)``: the folder of a new copy of the embedded study store (see _study_template)."""
    def copy(name: str = "store") -> str:
        path = tmp_path / name
        shutil.copytree(_study_template, path)
        return str(path)

    return copy


@pytest.fixture(scope="module")
def study_client():
    """A Flask test client of the app around a memory store with the study dataset (what `open_store("memory")`
    holds), one per test module: for tests that only read."""
    from koopgraph.web.app import create_app

    app = create_app(open_store("memory"))
    yield app.test_client()
    app.koopgraph_services.close()


@pytest.fixture
def study_store_path(study_store) -> Path:
    """The folder of a new copy of the embedded study store, as a Path (tests write to it)."""
    return Path(study_store())


@pytest.fixture
def synthetic_store(synthetic_xs, tmp_path) -> Path:
    """A copy of the XS synthetic store of its own (tests write to it; Germany scale once the threshold is 0)."""
    path = tmp_path / "store"
    shutil.copytree(synthetic_xs[1], path)
    return path


@pytest.fixture
def kept_log():
    """The log lines about kept results (the koopgraph logger may not propagate to pytest's)."""
    lines = []
    handler = logging.Handler()
    handler.emit = lambda record: lines.append(record.getMessage())
    log = logging.getLogger("koopgraph.kept")
    log.addHandler(handler)
    yield lines
    log.removeHandler(handler)
