"""The explorer in a real headless Chromium against a real `koopgraph serve` on the study dataset.

Expected numbers are derived from the store's triples with plain rdflib (not through the explorer's
SPARQL), before the server takes the store (tests/explorer_site.py; the store and server are shared by
the session: the ``explorer`` fixture in conftest.py). Every test fails on a console error or a
request to another host (the ``browser_page`` fixture).
"""

from __future__ import annotations

import networkx as nx
import pytest
from koopgraph.graph.namespaces import ID
from rdflib import URIRef

KYFFHAEUSER = str(ID) + "kreis/16065"  # the Kyffhäuserkreis (its former IRI id/landkreis/kyffhaeuserkreis is an alias)
XSS = str(ID) + "kommune/xss-test"
XSS_LABEL = "<img src=x onerror=\"window.__xss = 'label'\">"


def open_network(page, server, query: str = "") -> None:
    page.goto(server.url + "/netzwerk" + query)
    page.wait_for_selector("#network[data-ready=true]", timeout=20000)


def visible(page, what: str) -> set[str]:
    return set(page.evaluate(f"window.{what}.getIds()"))


def test_the_network_shows_every_browsing_edge_and_filters_change_them(explorer, browser_page, screenshot):
    server, expected = explorer
    page = browser_page
    open_network(page, server)
    assert visible(page, "nodes") == {str(n) for n in expected["nodes"]}
    assert page.evaluate("window.edges.length") == len(expected["edges"])
    assert page.evaluate("typeof window.network.getSelectedNodes") == "function"   # pyvis's globals
    screenshot(page, "netzwerk")

    page.uncheck("input[name=beziehung][value=membership]")
    others = sum(1 for _, p, _ in expected["edges"] if expected["groups"][p] != "membership")
    page.wait_until(f"() => window.edges.length === {others}")
    edge_groups = set(page.evaluate("window.edges.get().map(e => e.group)"))
    assert "membership" not in edge_groups and edge_groups
    assert "beziehung=" in page.url and "membership" not in page.url.split("beziehung=", 1)[1]
    assert not page.console_errors


def test_search_selects_kyffhaeuserkreis_and_the_panel_shows_its_facts(explorer, browser_page, screenshot):
    server, _ = explorer
    page = browser_page
    open_network(page, server)
    page.fill("#suche", "Kyffhäuserkreis")
    page.press("#suche", "Enter")
    page.wait_until("() => window.network.getSelectedNodes().length === 1")
    assert page.evaluate("window.network.getSelectedNodes()") == [KYFFHAEUSER]
    page.wait_for_selector("#panel:not([hidden]) #panel-facts dd")
    assert page.text_content("#panel-title") == "Kyffhäuserkreis"
    assert "Thüringen" in page.text_content("#panel-facts")
    assert page.get_attribute("#panel-link", "href") == "/id/kreis/16065"
    assert "fokus=" in page.url
    screenshot(page, "netzwerk-suche")
    assert not page.console_errors


def test_search_by_official_key_selects_the_place_and_an_unshown_place_says_so(explorer, browser_page):
    """"16065" is the Kyffhäuserkreis's official Kreis key; 27498 the postcode of Helgoland (ARS
    010560025025), a Gemeinde with no data beyond the official base layer, so not a node here."""
    server, expected = explorer
    assert URIRef(str(ID) + "gemeinde/010560025025") not in expected["nodes"]
    page = browser_page
    open_network(page, server)
    page.fill("#suche", "16065")
    page.press("#suche", "Enter")
    page.wait_until("() => window.network.getSelectedNodes().length === 1")
    assert page.evaluate("window.network.getSelectedNodes()") == [KYFFHAEUSER]

    page.fill("#suche", "27498")
    page.press("#suche", "Enter")
    page.wait_for_selector("#netz-status.error a")
    assert page.get_attribute("#netz-status a", "href") == "/id/gemeinde/010560025025"
    assert "Helgoland" in page.text_content("#netz-status")
    assert "kein Knoten" in page.text_content("#netz-status")
    assert not page.console_errors


def test_clicking_a_node_opens_its_panel_and_expanding_adds_its_neighbours(explorer, browser_page):
    server, expected = explorer
    page = browser_page
    open_network(page, server, "?land=Th%C3%BCringen&beziehung=membership")
    before = visible(page, "nodes")
    point = page.evaluate(f"""(() => {{
        const p = window.network.getPositions(['{KYFFHAEUSER}'])['{KYFFHAEUSER}'];
        const dom = window.network.canvasToDOM(p);
        const box = document.getElementById('network').getBoundingClientRect();
        return [box.left + dom.x, box.top + dom.y]; }})()""")
    page.mouse.click(*point)
    page.wait_for_selector("#panel:not([hidden])")
    assert page.text_content("#panel-title") == "Kyffhäuserkreis"

    page.click("#panel-expand")
    page.wait_for_selector("#panel-neighbours li")
    wanted = {str(n) for n in expected["neighbours"][URIRef(KYFFHAEUSER)]}
    page.wait_until(f"() => window.nodes.length > {len(before)}")
    after = visible(page, "nodes")
    assert wanted <= after and wanted - before       # the programme it is eligible for was not shown
    assert "erweitert=" in page.url
    assert not page.console_errors


def test_labels_are_text_everywhere_and_never_run(explorer, browser_page, screenshot):
    server, _ = explorer
    page = browser_page
    page.on("dialog", lambda dialog: pytest.fail(f"a dialog opened: {dialog.message}"))
    page.goto(server.url + "/id/kommune/xss-test")
    assert page.text_content("h1") == XSS_LABEL
    page.wait_for_selector("#ego-network canvas")
    page.goto(server.url + "/kommunen?land=Th%C3%BCringen")
    assert XSS_LABEL in page.text_content("table.municipalities")
    open_network(page, server, "?land=Th%C3%BCringen&fokus=" + XSS.replace(":", "%3A"))
    page.wait_for_selector("#panel:not([hidden]) #panel-facts dd")
    assert page.text_content("#panel-title") == XSS_LABEL
    assert page.evaluate(f"window.nodes.get('{XSS}').title").startswith(XSS_LABEL)
    point = page.evaluate(f"""(() => {{
        const dom = window.network.canvasToDOM(window.network.getPositions(['{XSS}'])['{XSS}']);
        const box = document.getElementById('network').getBoundingClientRect();
        return [box.left + dom.x, box.top + dom.y]; }})()""")
    page.mouse.move(point[0] - 30, point[1] - 30)
    page.mouse.move(*point, steps=5)
    tooltip = page.wait_for_selector("div.vis-tooltip", state="visible")
    assert tooltip.text_content().startswith(XSS_LABEL)
    # text, not markup: innerText turns the line breaks into <br>, and nothing else becomes an element
    assert tooltip.evaluate("t => t.querySelectorAll(':not(br)').length") == 0
    assert page.evaluate("window.__xss") is None
    assert page.locator("img[src=x], svg[onload]").count() == 0
    screenshot(page, "netzwerk-xss")
    assert not page.console_errors


def test_levels_layout_and_exports(explorer, browser_page, tmp_path):
    server, expected = explorer
    page = browser_page
    open_network(page, server, "?layout=ebenen")
    bund, land = str(ID) + "bund", str(ID) + "land/thueringen"
    y = page.evaluate(f"window.network.getPositions(['{bund}', '{land}', '{KYFFHAEUSER}'])")
    assert y[bund]["y"] < y[land]["y"] < y[KYFFHAEUSER]["y"]
    assert page.evaluate("window.network.physics.options.enabled") is False

    with page.expect_download() as png:
        page.click("#export-png")
    assert png.value.path().read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with page.expect_download() as graphml:
        page.click("#export-graphml")
    graph = nx.read_graphml(graphml.value.path())
    assert set(graph.nodes) == {str(n) for n in expected["nodes"]}
    assert graph.number_of_edges() == len(expected["edges"])
    assert not page.console_errors


@pytest.mark.parametrize("path,name", [("/", "start"), ("/kommunen?land=Th%C3%BCringen", "kommunen"),
                                       ("/id/kreis/16065", "ressource"), ("/befunde", "befunde")])
def test_main_pages_load_cleanly(explorer, browser_page, screenshot, path, name):
    server, _ = explorer
    page = browser_page
    response = page.goto(server.url + path)
    assert response.status == 200
    assert "default-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_load_state("networkidle")
    screenshot(page, name)
    assert not page.console_errors


def test_a_resource_page_shows_the_properties_rdf_names_only_on_request(explorer, browser_page):
    server, _ = explorer
    page = browser_page
    page.goto(server.url + "/id/kreis/16065")
    first = page.locator("table.statements .curie").first
    assert not first.is_visible()
    page.check("#rdf-namen")
    assert first.is_visible() and ":" in first.text_content()
    assert not page.console_errors


def test_a_printed_resource_page_has_its_statements_and_sources_without_navigation(explorer, browser_page):
    server, _ = explorer
    page = browser_page
    page.goto(server.url + "/id/kreis/16065")
    page.emulate_media(media="print")
    assert not page.locator("header.site").is_visible() and not page.locator(".downloads").is_visible()
    assert page.locator("table.statements").first.is_visible()
    assert page.locator("table.statements .curie").first.is_visible()   # on paper, with the RDF names
    assert not page.console_errors
