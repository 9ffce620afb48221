"""The /analyse page in a real headless Chromium against `koopgraph serve` on the invented fixture."""

from __future__ import annotations

import io
import subprocess
import sys
import urllib.request
from pathlib import Path

import networkx as nx
from conftest import DATA

NETZ = DATA / "analysis" / "netz.trig"
HOSTILE_LABEL = DATA / "analysis" / "boeses-label.ttl"


def loaded_store(tmp_path) -> str:
    store = str(tmp_path / "store")
    script = Path(sys.executable).parent / "koopgraph"
    subprocess.run([str(script), "load", "--store", store, "--empty", str(NETZ), str(HOSTILE_LABEL)], check=True,
                   capture_output=True)
    return store


def highest_degree_labels(url: str) -> set[str]:
    with urllib.request.urlopen(url + "/analyse/netzwerk.graphml") as response:
        graph = nx.read_graphml(io.BytesIO(response.read()))
    top = max(degree for _, degree in graph.degree())
    return {graph.nodes[node]["label"] for node, degree in graph.degree() if degree == top}


def test_analysis_page_shows_ranking_chart_paths_and_profiles(tmp_path, live_server, browser_page, screenshot):
    server = live_server(loaded_store(tmp_path))
    page = browser_page
    page.goto(server.url + "/analyse?metrik=degree&kommune=Fall+%237")
    rows = page.locator("#rangliste tbody tr")
    assert rows.count() == 15
    # degree ranking: the top node is one with the highest degree as networkx counts it on the export
    assert rows.nth(0).locator("td").nth(1).inner_text() in highest_degree_labels(server.url)
    assert page.locator("figure.bars").count() == 3 and page.locator("figure.bars rect").count() >= 7
    assert "Fall #7 → Kommunale Spitzenverbände → Land (Ebene)" in page.locator("ol.paths").first.inner_text()
    assert page.locator("table.profiles tbody tr").count() == 3
    page.get_by_role("combobox", name="Kennzahl").select_option("betweenness")
    page.get_by_role("button", name="Anzeigen").click()
    page.wait_for_url("**metrik=betweenness**")
    assert "Zwischenzentralität" in page.locator("h2").first.inner_text()
    screenshot(page, "analyse")
    assert page.evaluate("window.hacked") is None  # the hostile label was shown as text
    assert not page.console_errors
