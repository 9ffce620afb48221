"""Issue 17: while the server computes the network after a start, its pages answer 503 "wird berechnet"
with Retry-After; the browser then asks again by itself (an error page reloads, /netzwerk's data is
fetched again) and shows the network once it is ready, without the visitor reloading.

The app runs in a real waitress server in this process, so that the computation can be held back
(a wrapped cluster_view waits for an event) and released while Chromium waits."""

from __future__ import annotations

import shutil
import threading

import pytest
import waitress
from koopgraph.graph.store import open_store
from koopgraph.web import services as services_module
from koopgraph.web.app import create_app

from conftest import free_port, wait_until


@pytest.fixture
def held_server(synthetic_xs, tmp_path, monkeypatch):
    """(base URL, release event, preparing thread) of a server whose cluster views wait for ``release``."""
    release = threading.Event()
    compute = services_module.cluster_view

    def held_cluster_view(store, group):
        assert release.wait(120)
        return compute(store, group)

    monkeypatch.setattr(services_module, "cluster_view", held_cluster_view)
    shutil.copytree(synthetic_xs[1], tmp_path / "store")
    store = open_store(str(tmp_path / "store"))
    app = create_app(store, {"network_cluster_above": 0})
    port = free_port()
    server = waitress.create_server(app, host="127.0.0.1", port=port, threads=4)
    serving = threading.Thread(target=server.run, daemon=True)
    serving.start()
    preparing = app.koopgraph_services.prepare_in_background()
    try:
        yield f"http://127.0.0.1:{port}", release, preparing
    finally:
        release.set()
        preparing.join(60)
        server.close()
        app.koopgraph_services.close()
        store.close()


def script_errors(page) -> list[str]:
    """The console errors besides Chromium's own line for each 503 answer (which this test asks for)."""
    return [text for text in page.console_errors if "status of 503" not in text]


def test_a_page_that_is_being_computed_loads_itself_again_when_it_is_ready(held_server, browser_page):
    base, release, preparing = held_server
    response = browser_page.goto(f"{base}/bereit")   # an HTML 503 page for a browser
    assert response.status == 503
    assert "wird berechnet" in browser_page.inner_text("main")
    assert browser_page.inner_text("#neu-laden").startswith("Die Seite lädt sich in")
    with browser_page.expect_navigation(timeout=30_000):   # after the Retry-After countdown
        release.set()
        preparing.join(60)
    assert '"bereit":true' in browser_page.evaluate("document.body.innerText").replace(" ", "")
    assert script_errors(browser_page) == [] and browser_page.foreign_requests == []


def test_the_network_page_asks_again_for_its_data_and_draws_it(held_server, browser_page):
    base, release, preparing = held_server
    browser_page.goto(f"{base}/netzwerk")
    wait_until(browser_page, "document.getElementById('netz-status').textContent.includes('wird berechnet')")
    assert "Neuer Versuch in" in browser_page.inner_text("#netz-status")
    release.set()
    preparing.join(60)
    wait_until(browser_page, "!document.getElementById('netz-status').textContent.includes('wird berechnet')",
               seconds=30)
    assert not browser_page.evaluate("document.getElementById('netz-status').classList.contains('error')")
    assert script_errors(browser_page) == [] and browser_page.foreign_requests == []
