"""Measures in the explorer: /netzwerk nodes sized and coloured by a measure and by community, the
ranking beside the graph and the scaling-up paths, in real headless Chromium against `koopgraph serve`.

Expected values are networkx's own, computed here on the network the server exports
(/analyse/netzwerk.graphml); the fixture's known paths are listed in tests/data/README.md.
"""

from __future__ import annotations

import io
import subprocess
import sys
import urllib.request
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import networkx as nx
from conftest import DATA
from koopgraph.web.style.measures import SEQUENTIAL

NETZ = DATA / "analysis" / "netz.trig"
HOSTILE_LABEL = DATA / "analysis" / "boeses-label.ttl"
READY = "document.getElementById('network').dataset.ready === 'true'"
MEASURED = "document.getElementById('analyse').dataset.zustand === 'fertig'"


def served(tmp_path, live_server, *files: Path):
    store = str(tmp_path / "store")
    subprocess.run([str(Path(sys.executable).parent / "koopgraph"), "load", "--store", store, "--empty",
                    *map(str, files)], check=True, capture_output=True)
    return live_server(store)


def exported_network(server, query: str = "") -> nx.Graph:
    with urllib.request.urlopen(server.url + "/analyse/netzwerk.graphml" + query) as answer:
        return nx.read_graphml(io.BytesIO(answer.read()))


def node_looks(page) -> dict[str, tuple[str, float]]:
    """node id -> (fill colour, size) as vis-network holds them."""
    return {n["id"]: (n["fill"], n["size"]) for n in page.evaluate(
        "window.nodes.get().map(n => ({id: n.id, size: n.size,"
        " fill: n.color && n.color.background ? n.color.background : n.color}))")}


def choose(page, select: str, value: str) -> None:
    page.select_option(select, value)
    page.wait_until(f"{MEASURED} && document.getElementById('analyse').dataset"
                    f".{'groesse' if 'groesse' in select else 'farbe'} === '{value}'")


def test_node_size_and_colour_follow_networkx_degree(tmp_path, live_server, browser_page, screenshot):
    server = served(tmp_path, live_server, NETZ)
    graph = exported_network(server)
    page = browser_page
    page.goto(server.url + "/netzwerk")
    page.wait_until(READY)
    assert set(page.evaluate("window.nodes.getIds()")) == set(graph)  # the view shows the measured network
    before = node_looks(page)
    choose(page, "#analyse-groesse", "degree")
    choose(page, "#analyse-farbe", "degree")
    looks, degree = node_looks(page), dict(graph.degree())
    low, high = min(degree.values()), max(degree.values())
    for a in graph:
        for b in graph:
            if degree[a] > degree[b]:
                assert looks[a][1] > looks[b][1], (a, b)  # larger degree, larger node
                assert SEQUENTIAL.index(looks[a][0]) >= SEQUENTIAL.index(looks[b][0])  # and no lighter colour
    assert {looks[n][0] for n in graph if degree[n] == high} == {SEQUENTIAL[-1]}
    assert {looks[n][0] for n in graph if degree[n] == low} == {SEQUENTIAL[0]}
    top = sorted(graph, key=lambda n: (-degree[n], graph.nodes[n]["label"]))[:10]
    ranking = page.locator("#analyse-rangliste li button")
    assert [ranking.nth(i).inner_text() for i in range(ranking.count())] == [graph.nodes[n]["label"] for n in top]
    screenshot(page, "netzwerk-analyse-grad")

    ranking.first.click()  # a ranking entry selects its node and opens the side panel
    page.wait_until("!document.getElementById('panel').hidden")
    assert page.locator("#panel-title").inner_text() == graph.nodes[top[0]]["label"]
    page.select_option("#analyse-groesse", "")
    page.select_option("#analyse-farbe", "")
    page.wait_until("document.getElementById('analyse-ergebnis').hidden")
    assert node_looks(page) == before  # the type looks are back
    assert not page.console_errors


def test_community_colours_are_networkx_louvain_communities(tmp_path, live_server, browser_page, screenshot):
    server = served(tmp_path, live_server, NETZ)
    graph = exported_network(server)
    page = browser_page
    page.goto(server.url + "/netzwerk?farbe=community")  # the state from the URL
    page.wait_until(f"{READY} && {MEASURED}")
    looks = node_looks(page)
    by_colour: dict[str, set] = {}
    for node in graph:
        by_colour.setdefault(looks[node][0], set()).add(node)
    expected = nx.community.louvain_communities(graph, weight="weight", seed=42)
    assert {frozenset(part) for part in by_colour.values()} == {frozenset(part) for part in expected}
    legend = page.locator("#analyse-legende ul.gruppen li")
    assert legend.count() == len(expected)
    size = max(len(part) for part in expected)
    largest = {frozenset(part) for part in expected if len(part) == size}  # the legend lists largest first
    legend.first.locator("button").click()
    page.wait_until(f"window.network.getSelectedNodes().length === {size}")
    assert frozenset(page.evaluate("window.network.getSelectedNodes()")) in largest
    screenshot(page, "netzwerk-analyse-gemeinschaften")
    assert not page.console_errors


def test_scaling_up_paths_of_a_case_are_listed_and_selected(tmp_path, live_server, browser_page, screenshot):
    server = served(tmp_path, live_server, NETZ, HOSTILE_LABEL)
    page = browser_page
    page.goto(server.url + "/netzwerk?groesse=betweenness")
    page.wait_until(f"{READY} && {MEASURED}")
    page.fill("#analyse-start", "Fall #7")
    page.click("#analyse-wege button[type=submit]")
    page.wait_until("document.getElementById('analyse').dataset.wegKnoten > 0")
    paths = page.locator("#analyse-wegliste ol.wege")
    land, bund = paths.nth(0).locator("li button"), paths.nth(1).locator("li button")
    assert [land.nth(i).inner_text() for i in range(land.count())] == [
        "Fall #7 → Kommunale Spitzenverbände → Land (Ebene)"]
    assert sorted(bund.nth(i).inner_text() for i in range(bund.count())) == [
        "Fall #7 → Kommunale Spitzenverbände → Bund (Ebene)", "Fall #7 → Wahlkreisabgeordnete → Bund (Ebene)"]
    on_paths = {"fall/7", "konzept/einflusskanal/kommunale-spitzenverbaende", "konzept/einflusskanal/wahlkreisabgeordnete",
                "konzept/ebene/land", "konzept/ebene/bund"}
    selected = page.evaluate("window.network.getSelectedNodes()")
    assert {iri.removeprefix("https://w3id.org/koopgraph/id/") for iri in selected} == on_paths
    state = parse_qs(urlsplit(page.url).query)
    assert state["wege"] == ["Fall #7"] and state["groesse"] == ["betweenness"]
    screenshot(page, "netzwerk-analyse-wege")

    page.reload()  # the shared address shows the same paths
    page.wait_until("document.getElementById('analyse').dataset.wegKnoten > 0")
    assert set(page.evaluate("window.network.getSelectedNodes()")) == set(selected)
    assert page.evaluate("window.hacked") is None  # the hostile label in the ranking stayed text
    assert not page.console_errors


def test_a_municipalitys_path_runs_over_edges_the_view_draws(tmp_path, live_server, browser_page):
    """View and analysis share one projection: Ixdorf's path upward uses only drawn edges."""
    server = served(tmp_path, live_server, NETZ)
    page = browser_page
    page.goto(server.url + "/netzwerk?wege=Ixdorf")
    page.wait_until(f"{READY} && document.getElementById('analyse').dataset.wegKnoten > 0")
    assert page.locator("#analyse-wegliste ol.wege").nth(1).inner_text().startswith(
        "Ixdorf → Kreis Eins → Land A → Bund")
    selected = set(page.evaluate("window.network.getSelectedNodes()"))
    assert {"https://w3id.org/koopgraph/id/kommune/x", "https://w3id.org/koopgraph/id/landkreis/k1"} <= selected
    extra = page.evaluate("window.edges.get().filter(e => String(e.id).startsWith('analyse-weg|')).length")
    assert extra == 0  # no step needed an edge of its own
    page.click("#analyse-wege-schliessen")
    page.wait_until("document.getElementById('analyse-ergebnis').hidden")
    assert page.evaluate("window.edges.get().filter(e => String(e.id).startsWith('analyse-weg|')).length") == 0
    assert "wege" not in parse_qs(urlsplit(page.url).query)
    assert not page.console_errors


def test_changing_the_relations_measures_the_new_network(tmp_path, live_server, browser_page):
    server = served(tmp_path, live_server, NETZ)
    page = browser_page
    page.goto(server.url + "/netzwerk?farbe=degree")
    page.wait_until(f"{READY} && {MEASURED}")
    page.uncheck("#netz-filter input[name=beziehung][value=scaling-up]")
    page.wait_until(f"{READY} && {MEASURED} && !window.nodes.get().some(n => n.label === 'Fall #7')")
    page.wait_until("window.nodes.get().every(n => n.color && n.color.background)")  # measured looks again
    groups = parse_qs(urlsplit(page.url).query)["beziehung"]
    assert "scaling-up" not in groups and parse_qs(urlsplit(page.url).query)["farbe"] == ["degree"]
    graph = exported_network(server, "?" + "&".join(f"beziehung={g}" for g in groups))
    looks, degree = node_looks(page), dict(graph.degree())
    shown = set(looks) & set(graph)
    assert len(shown) >= 15
    assert {looks[n][0] for n in shown if degree[n] == max(degree.values())} == {SEQUENTIAL[-1]}
    assert {looks[n][0] for n in shown if degree[n] == min(degree.values())} == {SEQUENTIAL[0]}
    assert not page.console_errors


def test_paths_follow_the_ticked_relations_and_membership_is_no_influence(tmp_path, live_server, browser_page):
    """With only scaling-up ticked, Ixdorf (a named place: no channel of its own) has no way up; with
    membership too, its way through Kreis and Land is marked as administrative, not as influence."""
    server = served(tmp_path, live_server, NETZ)
    page = browser_page
    asked = []
    page.on("request", lambda r: "/analyse/pfade.json" in r.url and asked.append(parse_qs(urlsplit(r.url).query)))
    page.goto(server.url + "/netzwerk?beziehung=scaling-up&wege=Ixdorf")
    page.wait_until(READY)
    page.wait_until("document.getElementById('analyse').dataset.wegKnoten === '0'")
    assert asked[-1]["beziehung"] == ["scaling-up"]
    box = page.locator("#analyse-wegliste")
    assert box.locator("ol.wege").count() == 0
    assert "nennen die Daten keinen Einflussweg" in box.inner_text()
    assert box.locator("a[href='/ueber-die-daten']").count() == 1

    page.goto(server.url + "/netzwerk?wege=Ixdorf")
    page.wait_until(f"{READY} && document.getElementById('analyse').dataset.wegKnoten > 0")
    assert sorted(asked[-1]["beziehung"]) == ["membership", "scaling-up"]
    item = box.locator("ol.wege li").first
    assert "verwaltung" in item.get_attribute("class")
    assert "kein Einflussweg" in item.inner_text()
    assert not page.console_errors
