"""/netzwerk for large networks in a real Chromium against a real `koopgraph serve` on the XS synthetic
graph (made "large" by --network-cluster-above 0): Länder as clusters, a click opens a Land into its
Kreise and a Landkreis into its Gemeinden, every node of a Land, the WebGL renderer. Expected counts
come from the N-Quads file (and Destatis figures where stated)."""

from __future__ import annotations

from collections import Counter

import pyoxigraph as ox

KG = "https://w3id.org/koopgraph/ontology#"
READY = "document.getElementById('netz-gross') && document.getElementById('netz-gross').dataset.ready === 'true'"


def ready_at(level: str) -> str:
    return f"{READY} && document.getElementById('netz-gross').dataset.ebene === '{level}'"


def click_node(page, node_id: str) -> None:
    point = page.evaluate("(id) => window.netzwerkGross.pagePoint(id)", node_id)
    page.mouse.click(point["x"], point["y"])


def statements(path, predicate: str) -> dict:
    return {q.subject.value: q.object.value for q in ox.parse(path=str(path)) if q.predicate.value == predicate}


def test_clusters_open_on_click_down_to_the_gemeinden(live_server, browser_page, screenshot, synthetic_xs):
    path, store = synthetic_xs
    land_of, kreis_of = statements(path, KG + "inLand"), statements(path, KG + "inCounty")
    server = live_server(str(store), "--network-cluster-above", "0")
    page = browser_page
    page.goto(server.url + "/netzwerk")
    page.wait_until(ready_at("land"))
    nodes = page.evaluate("window.netzwerkGross.nodes()")
    assert sorted(n["members"] for n in nodes) == sorted(Counter(land_of.values()).values()) == [1, 2, 58]
    assert page.evaluate("document.getElementById('netz-gross').dataset.renderer") == "vis"
    assert page.evaluate("document.getElementById('network').hidden")  # the small view's canvas stays out
    saarland = next(n for n in nodes if n["label"].startswith("Saarland (synthetisch)"))
    screenshot(page, "netzwerk-gross-laender")

    click_node(page, saarland["id"])
    page.wait_until(ready_at("kreis"))
    kreise = page.evaluate("window.netzwerkGross.nodes()")
    assert len(kreise) == 6  # Destatis: the Saarland's six Landkreise
    assert "gruppe=" in page.url and "Saarland (synthetisch)" in page.inner_text("#netz-pfad")
    screenshot(page, "netzwerk-gross-saarland")

    kreis = max(kreise, key=lambda n: n["members"])
    click_node(page, kreis["id"])
    page.wait_until(ready_at("gemeinde"))
    gemeinden = {n["id"] for n in page.evaluate("window.netzwerkGross.nodes()")}
    assert gemeinden == {g for g, k in kreis_of.items() if k == kreis["id"]}

    page.get_by_role("button", name="Alle Knoten von Saarland (synthetisch) zeigen").click()
    page.wait_until(ready_at("alle"))
    assert "land=Saarland" in page.url
    shown = page.evaluate("window.netzwerkGross.nodes().map((n) => n.id)")
    assert set(land for k, land in land_of.items() if k in shown) == {saarland["id"]}
    assert not page.console_errors


def test_the_webgl_renderer_draws_a_whole_land_and_answers_a_click(live_server, browser_page, screenshot,
                                                                    synthetic_xs):
    _, store = synthetic_xs
    server = live_server(str(store), "--network-cluster-above", "0")
    page = browser_page
    page.goto(server.url + "/netzwerk?land=Saarland%20(synthetisch)&darstellung=webgl")
    page.wait_until(ready_at("alle"))
    assert page.evaluate("document.getElementById('netz-gross').dataset.renderer") == "sigma"
    assert page.evaluate("document.querySelectorAll('#netz-gross canvas').length") >= 2  # sigma's WebGL layers
    count = page.evaluate("window.netzwerkGross.nodes().length")
    assert str(count) in page.inner_text("#netz-status").replace(".", "")
    node = page.evaluate("window.netzwerkGross.nodes().find((n) => n.label.includes('Landkreis'))")
    click_node(page, node["id"])
    page.wait_until("!document.getElementById('netz-gross-info').hidden")
    assert node["label"] in page.inner_text("#netz-gross-info")
    screenshot(page, "netzwerk-gross-webgl")
    assert not page.console_errors
