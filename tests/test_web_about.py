"""What the data can and cannot tell (issue 15): the page /ueber-die-daten, the links to it from the start
page, every named place and the empty county profiles, and the skip link and one <h1> on every page.

Counts come from the study's annex (read by tests/study.py) and the shipped files read with rdflib.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from koopgraph.graph.store import open_store
from koopgraph.graph.store.load import load_files
from koopgraph.web.app import create_app
from rdflib import RDF, Dataset, URIRef
from study import KG, read_annex, study_graph

PLACES = (KG.Landkreis, KG.KreisfreieStadt, KG.KreisangehoerigeKommune)


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    store = open_store("memory")        # the study dataset without the base layer (loads in seconds)
    app = create_app(store)
    yield app.test_client()
    app.koopgraph_services.close()
    store.close()


def test_the_page_explains_with_the_counts_of_the_data(client):
    data = study_graph(ontology=False)
    page = client.get("/ueber-die-daten")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    for heading in ("Die Fälle sind anonym", "Abgeleitet ist nicht berichtet", "eigenen Daten eines Kreises"):
        assert heading in text
    twin = client.get("/ueber-die-daten.json").get_json()
    assert twin["places"] == len(read_annex())
    assert twin["cases"] == len(set(data.subjects(RDF.type, KG.Fall)))
    assert twin["cooperations"] == len(set(data.subjects(RDF.type, KG.Kooperation)))
    assert f"die {twin['cases']} Fälle" in text
    assert client.get(twin["eligibility_rule"].replace("https://w3id.org/koopgraph/id/", "/id/")).status_code == 200


def test_the_start_page_and_every_named_place_link_to_it(client):
    assert 'href="/ueber-die-daten"' in client.get("/").get_data(as_text=True).split("<footer")[0]
    data = study_graph()     # with the ontology: places are typed by subclasses too
    places = {row.x for row in data.query(
        "SELECT DISTINCT ?x WHERE { VALUES ?cls { %s } ?x a/rdfs:subClassOf* ?cls }" % " ".join(c.n3() for c in PLACES))}
    assert len(places) == len(read_annex())
    for place in places:
        page = client.get(str(place).replace("https://w3id.org/koopgraph/id/", "/id/")).get_data(as_text=True)
        assert 'href="/ueber-die-daten#faelle"' in page, place
    other = client.get("/id/bund").get_data(as_text=True)
    assert "Was hier fehlt" not in other


def test_empty_county_profiles_say_why_instead_of_a_density_of_zero(client):
    profiles = client.get("/analyse/kreisprofile.json").get_json()["profiles"]
    assert profiles and not any(p["reported"] for p in profiles)      # the study names no case's county
    table = client.get("/analyse").get_data(as_text=True).split('<table class="profiles">')[1].split("</table>")[0]
    rows = re.findall(r"<tr>(.*?)</tr>", table, flags=re.S)[1:]
    assert len(rows) == len(profiles)
    assert all("Keine Kooperationen berichtet" in row and "0.00" not in row and "0,00" not in row for row in rows)


PAGES = ["/", "/kommunen", "/netzwerk", "/import", "/abfragen", "/befunde", "/analyse", "/ueber-die-daten",
         "/id/kreis/16065", "/ressource?iri=https%3A%2F%2Fexample.org%2Fnichts", "/gibt-es-nicht"]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_has_a_skip_link_to_its_content_and_one_h1(client, path):
    text = client.get(path, headers={"Accept": "text/html"}).get_data(as_text=True)
    assert re.search(r'<a class="skip-link" href="#inhalt">', text)
    assert text.index('class="skip-link"') < text.index("<header")          # the first thing a keyboard reaches
    assert len(re.findall(r'id="inhalt"', text)) == 1
    assert len(re.findall(r"<h1[ >]", text)) == 1



TESTKREIS = Path(__file__).parent / "data" / "kreis-mit-kommunen.trig"


def test_a_landkreis_page_names_its_kommunen_under_a_heading():
    """A Landkreis lists the Kommunen whose kg:inCounty names it (read with rdflib from the fixture),
    linked, under a heading; a county without members shows no such list."""
    fixture = Dataset()
    fixture.parse(TESTKREIS, format="trig")
    county = URIRef("https://w3id.org/koopgraph/id/kreis/testkreis")
    members = {str(m) for m, _, _, _ in fixture.quads((None, KG.inCounty, county, None))}
    store = open_store("memory")
    load_files(store, [str(TESTKREIS)])
    app = create_app(store)
    try:
        page = app.test_client().get("/id/kreis/testkreis").get_data(as_text=True)
        section = page.split('id="kommunen-des-kreises"')[1].split("</table>")[0]
        assert f"Gemeinden ({len(members)})" in section
        linked = set(re.findall(r'href="/id/([^"]+)"', section))
        assert linked == {m.replace("https://w3id.org/koopgraph/id/", "") for m in members}
        assert re.findall(r">([^<]+)</a></th>", section) == ["Testdorf", "Teststadt"]
        assert 'id="kommunen-des-kreises"' not in app.test_client().get("/id/bund").get_data(as_text=True)
    finally:
        app.koopgraph_services.close()
        store.close()


def test_the_kommunen_pager_shows_the_first_the_last_and_three_pages_around_this_one(monkeypatch):
    """With the base layer /kommunen has 123 pages: one link each overflowed a phone by 5,000 px."""
    from koopgraph.graph.explore import listing

    monkeypatch.setattr(listing, "PAGE_SIZE", 5)
    store = open_store("memory")
    app = create_app(store)
    try:
        total = int(re.search(r"(\d+) Kommunen", app.test_client().get("/kommunen").get_data(as_text=True))[1])
        assert total >= len(read_annex())           # the study's places and the Kreise of its Gemeinden
        html = app.test_client().get("/kommunen?seite=10").get_data(as_text=True)
        nav = html.split('<nav class="pages"')[1].split("</nav>")[0]
        last = str(-(-total // 5))
        assert re.findall(r">(\d+|…)<", nav) == ["1", "…", "7", "8", "9", "10", "11", "12", "13", "…", last]
        assert re.findall(r'aria-current="page">(\d+)', nav) == ["10"]
        assert f"{total} Kommunen, 46–50 gezeigt" in html
    finally:
        app.koopgraph_services.close()
        store.close()
