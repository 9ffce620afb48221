"""/befunde (issue 15): a table of contents by the study's sections, every finding linkable by an anchor, and
a filter box (befunde.js, CSP-strict) — the page's structure over Flask's client, the box in a real Chromium.
Expected sections and findings come from the shipped data read by plain rdflib."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from koopgraph.graph.store import open_store
from koopgraph.web.app import create_app
from rdflib import RDF
from study import KG, study_graph


@pytest.fixture(scope="module")
def findings_in_data() -> dict[str, str]:
    """Each finding's anchor (the IRI's last segment) → its section (kg:section), by rdflib."""
    graph = study_graph(ontology=False)
    return {str(f).rsplit("/", 1)[-1]: str(graph.value(f, KG.section) or "")
            for f in graph.subjects(RDF.type, KG.Befund)}


@pytest.fixture(scope="module")
def page():
    app = create_app(open_store("memory"))
    yield app.test_client().get("/befunde")
    app.koopgraph_services.close()


def test_a_part_says_which_finding_it_is_part_of(page):
    """Issue 16: a "– davon" part links the finding it splits (kg:parentFinding, read here from the source
    table data/build/befunde.csv: column parent, else headline), in the page and in its JSON twin."""
    import csv
    from study import REPO
    with open(REPO / "data" / "build" / "befunde.csv", encoding="utf-8") as f:
        wholes = {r["slug"]: r["parent"] or r["headline"] for r in csv.DictReader(f)}
    wholes = {part: whole for part, whole in wholes.items() if part != whole}
    html = page.get_data(as_text=True)
    for part, whole in wholes.items():
        row = re.search(rf'<tr id="{part}" class="finding">(.*?)</tr>', html, re.S)[1]
        assert f'Teil von: <a href="#{whole}">' in row, part
    app = create_app(open_store("memory"))
    data = app.test_client().get("/befunde.json").get_json()
    app.koopgraph_services.close()
    found = {f["iri"].rsplit("/", 1)[-1]: (f["part_of"] or {}).get("iri", "").rsplit("/", 1)[-1]
             for f in data["findings"]}
    assert {p: w for p, w in found.items() if w} == wholes and len(wholes) >= 100


class Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids, self.scripts = set(), []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "script":
            self.scripts.append(attrs.get("src"))


def test_the_contents_list_every_section_and_lead_to_it(page, findings_in_data):
    html = page.get_data(as_text=True)
    toc = html[html.index('class="findings-toc"'):html.index("</details>", html.index('class="findings-toc"'))]
    entries = re.findall(r'<a href="#([^"]+)">([^<]+)</a>\s*<span class="muted">\((\d+)\)</span>', toc)
    sections = {}
    for section in findings_in_data.values():
        sections[section] = sections.get(section, 0) + 1
    assert sorted((title, int(n)) for _, title, n in entries) == sorted(sections.items())
    ids = Ids()
    ids.feed(html)
    assert {anchor for anchor, _, _ in entries} <= ids.ids
    assert len({anchor for anchor, _, _ in entries}) == len(entries)


def test_every_finding_has_its_anchor_and_a_link_to_it(page, findings_in_data):
    html = page.get_data(as_text=True)
    ids = Ids()
    ids.feed(html)
    assert set(findings_in_data) <= ids.ids
    for anchor in findings_in_data:
        assert f'<a class="permalink" href="#{anchor}"' in html


def test_the_filter_box_is_hidden_without_script_and_the_script_is_no_inline_one(page):
    html = page.get_data(as_text=True)
    assert re.search(r'<p class="findings-filter" id="befunde-filter-feld" hidden>', html)
    ids = Ids()
    ids.feed(html)
    assert None not in ids.scripts and "/static/befunde.js" in ids.scripts
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]


def visible_findings(browser) -> list[str]:
    return browser.evaluate("Array.from(document.querySelectorAll('tr.finding'))"
                            ".filter(r => r.offsetParent !== null).map(r => r.id)")


def test_the_filter_box_keeps_the_findings_that_hold_every_word(live_server, browser_page, findings_in_data, screenshot):
    server = live_server("memory")
    browser = browser_page
    browser.goto(server.url + "/befunde")
    assert browser.locator("#befunde-filter").is_visible()
    assert sorted(visible_findings(browser)) == sorted(findings_in_data)
    graph = study_graph(ontology=False)
    landkreis = sorted(a for a in findings_in_data if "Landkreis" in " ".join(
        str(o) for f in graph.subjects(RDF.type, KG.Befund) if str(f).endswith("/" + a)
        for o in graph.objects(f, None)))      # not exact: the row also shows labels of linked things
    browser.fill("#befunde-filter", "§2.3.1")
    shown = visible_findings(browser)
    assert sorted(shown) == sorted(a for a, s in findings_in_data.items() if s.startswith("§2.3.1"))
    assert browser.locator("#befunde-filter-anzahl").text_content() == f"{len(shown)} von {len(findings_in_data)} Befunden"
    assert "#filter=" in browser.url
    browser.fill("#befunde-filter", "§2.3.1 keinwortdasvorkommt")
    assert visible_findings(browser) == [] and browser.locator(".findings-section:visible").count() == 0
    browser.goto(server.url + "/befunde#filter=Landkreis")
    assert browser.input_value("#befunde-filter") == "Landkreis"
    assert set(landkreis) <= set(visible_findings(browser)) < set(findings_in_data)
    browser.set_viewport_size({"width": 1400, "height": 900})
    browser.goto(server.url + "/befunde")
    screenshot(browser, "befunde-desktop")
    browser.set_viewport_size({"width": 390, "height": 844})
    browser.goto("about:blank")
    browser.goto(server.url + "/befunde#filter=Landkreis")
    assert browser.evaluate("document.getElementById('befunde-inhalt').open") is False   # the box comes first
    assert browser.input_value("#befunde-filter") == "Landkreis"       # a linked filter, on a new load
    assert set(landkreis) <= set(visible_findings(browser)) < set(findings_in_data)
    screenshot(browser, "befunde-telefon")
    assert browser.evaluate("document.documentElement.scrollWidth") <= 390
    assert not browser.console_errors
