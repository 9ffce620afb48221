"""/netzwerk's map layout (layout=karte): places at their seat, Kreise at the middle of their
Gemeinden, everything without a place — the anonymised cases above all — beside the map.

Expected geography comes from the shipped base layer's slice read with rdflib (the seats'
WKT points), not from koopgraph's queries."""

from __future__ import annotations

import re
from itertools import combinations

import pytest
from koopgraph.graph.namespaces import KG
from koopgraph.graph.store import open_store
from koopgraph.web.app import create_app
from rdflib import Dataset, Namespace, URIRef
from stores import copy_store
from study import REPO

GEO = Namespace("http://www.opengis.net/ont/geosparql#")


@pytest.fixture(scope="module")
def view(_shipped_template, tmp_path_factory):
    """The map of a new store as the README's first command makes it (study and the whole base layer)."""
    store = open_store(copy_store(_shipped_template, tmp_path_factory.mktemp("karte") / "store"))
    app = create_app(store)
    data = app.test_client().get("/netzwerk.json?layout=karte").get_json()
    app.koopgraph_services.close()
    store.close()
    return data


@pytest.fixture(scope="module")
def seats() -> dict[str, tuple[float, float]]:
    """(longitude, latitude) of every seat in the base layer's slice about the study's places."""
    data = Dataset(default_union=True)
    for path in (REPO / "data" / "gebiet" / "studie").glob("*.trig"):
        data.parse(path, format="trig")
    found = {}
    for place, geometry in data.subject_objects(GEO.hasGeometry, unique=True):
        for wkt in data.objects(geometry, GEO.asWKT):
            lon, lat = re.findall(r"-?\d+(?:\.\d+)?", str(wkt))
            found[str(place)] = (float(lon), float(lat))
    return found


def test_places_stand_where_their_seats_are_relative_to_each_other(view, seats):
    placed = {n["id"]: (n["x"], n["y"]) for n in view["nodes"] if n["id"] in seats}
    assert view["positions"] == "map" and len(placed) > 40   # the seats of kreisfreie Städte and Gemeinden
    for a, b in combinations(placed, 2):
        (lon_a, lat_a), (lon_b, lat_b) = seats[a], seats[b]
        if abs(lat_a - lat_b) > 0.01:            # north is up
            assert (placed[a][1] < placed[b][1]) == (lat_a > lat_b), (a, b)
        if abs(lon_a - lon_b) > 0.01:            # east is right
            assert (placed[a][0] > placed[b][0]) == (lon_a > lon_b), (a, b)


def test_no_case_stands_on_the_map(view, seats):
    nodes = view["nodes"]
    east_of_every_place = max(n["x"] for n in nodes if n["id"] in seats)
    cases = [n for n in nodes if n.get("type") == str(KG.Fall) or n["label"].startswith("Fall #")]
    assert cases and all(n["x"] > east_of_every_place for n in cases)


def test_every_node_has_a_position_and_the_page_offers_the_layout(view):
    assert all(n.get("x") is not None and n.get("y") is not None for n in view["nodes"])
    store = open_store("memory")
    page = create_app(store).test_client().get("/netzwerk?layout=karte").get_data(as_text=True)
    assert 'value="karte" checked' in page and "Sitz ihrer Verwaltung" in page


def test_every_place_of_the_study_stands_on_the_map(view, seats):
    """The study's 92 are seats or have Gemeinden with seats (Landkreise and Verbände at their middle):
    none is left in the columns beside the map."""
    on_map = max(x for n in view["nodes"] if n["id"] in seats for x in [n["x"]])
    places = [n for n in view["nodes"] if n["id"].startswith(("https://w3id.org/koopgraph/id/kreis/",
                                                                 "https://w3id.org/koopgraph/id/gemeinde/",
                                                                 "https://w3id.org/koopgraph/id/gemeindeverband/"))]
    assert len(places) == 92
    assert all(n["x"] <= on_map for n in places), [n["label"] for n in places if n["x"] > on_map]
