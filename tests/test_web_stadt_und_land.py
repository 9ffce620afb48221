"""/stadt-und-land: the study's 92 by rurality (checked against Anhang I, read by the tests' own
parser), all Gemeinden of Germany by degree of urbanisation (checked against the vendored Destatis
table, read by the tests' own reader), the study's findings on rural places, and a study-only store."""

from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from statistics import median

import pytest
from koopgraph.graph.store import open_store
from koopgraph.web.app import create_app
from stores import copy_store
from study import german_int, read_annex
from test_gebiet import official_rows, population

RURALITY = {"nicht": "nicht ländlich", "eher": "eher ländlich", "sehr": "sehr ländlich"}
NOT_A_GEMEINDE = ("65", "66")   # gemeindefreie Gebiete, inhabited or not


@pytest.fixture(scope="module")
def client(_shipped_template, tmp_path_factory):
    store = open_store(copy_store(_shipped_template, tmp_path_factory.mktemp("stadt-land") / "store"))
    app = create_app(store)
    yield app.test_client()
    app.koopgraph_services.close()
    store.close()


@pytest.fixture(scope="module")
def page(client) -> dict:
    response = client.get("/stadt-und-land.json")
    assert response.status_code == 200
    return response.get_json()


def share(text: str) -> float:
    return float(text.replace(",", "."))


def test_the_studys_places_by_rurality_are_the_annex_figures(page):
    groups = defaultdict(list)
    for row in read_annex():
        groups[RURALITY[row.rurality]].append(row)
    shown = {row["klasse"]: row for row in page["studie"]}
    assert list(shown) == ["nicht ländlich", "eher ländlich", "sehr ländlich"]
    for label, rows in groups.items():
        people = [german_int(r.population) for r in rows]
        known = [r for r in rows if r.foreign_share != "n/a"]   # the annex prints no share for some places
        weighted = (sum(german_int(r.population) * share(r.foreign_share) for r in known)
                    / sum(german_int(r.population) for r in known))
        got = shown[label]
        assert got["kommunen"] == len(rows)
        assert got["einwohner"] == sum(people)
        assert got["einwohner_median"] == median(people)
        assert got["auslaenderanteil_median"] == pytest.approx(median(share(r.foreign_share) for r in known), abs=0.005)
        assert got["auslaenderanteil_gewichtet"] == pytest.approx(weighted, abs=0.005)
        assert got["mit_auslaenderanteil"] == len(known)
        assert got["gute_lage"] == sum(1 for r in rows if r.socio == "gut")


def test_germany_by_degree_of_urbanisation_is_the_official_tables(page):
    gemeinden = [r for r in official_rows() if r["satzart"] == "60" and r["textkennzeichen"] not in NOT_A_GEMEINDE]
    places = Counter(r["verstaedterungbezeichnung"] for r in gemeinden)
    people = Counter()
    for r in gemeinden:
        people[r["verstaedterungbezeichnung"]] += population(r)
    shown = {row["klasse"]: row for row in page["amtlich"]}
    assert {k: v["kommunen"] for k, v in shown.items()} == places
    assert {k: v["einwohner"] for k, v in shown.items()} == people
    everyone = sum(people.values())
    assert {k: v["einwohneranteil"] for k, v in shown.items()} == {
        k: round(100 * n / everyone, 1) for k, n in people.items()}


def test_the_page_lists_the_studys_findings_on_rural_places_with_their_sections(client, page):
    found = {(f["abschnitt"], f["wert"]) for f in page["befunde"]}
    assert ("§5.3.1.1", 12) in found   # "sehr ländliche Kommunen mit Konzept" (§5.3.1.1 of the study)
    assert all("ländlich" in f["befund"] for f in page["befunde"])
    text = client.get("/stadt-und-land").get_data(as_text=True)
    assert text.count('href="/befunde#') >= 2 * len(page["befunde"])   # the finding and its section
    assert "Berechnet" in text and "Anhang I" in text and "Destatis" in text   # sources, derived marked


def test_it_is_linked_from_the_start_page_and_the_navigation_and_comes_as_csv(client):
    start = client.get("/").get_data(as_text=True)
    assert start.count('href="/stadt-und-land"') >= 2
    response = client.get("/stadt-und-land.csv")
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")), delimiter=";"))
    assert rows[0][:3] == ["Quelle", "Klasse", "Kommunen"] and len(rows) == 1 + 3 + 3


def test_without_the_base_layer_the_page_says_so():
    store = open_store("memory")   # the study and the base layer's slice about its places only
    try:
        text = create_app(store).test_client().get("/stadt-und-land").get_data(as_text=True)
    finally:
        store.close()
    assert "92 Kommunen der Studie" in text
