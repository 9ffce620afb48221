"""The explorer on a new store with the study and the official base layer (issue 13)."""

from __future__ import annotations

import pytest
from koopgraph.graph.store import open_store
from koopgraph.web.app import create_app

ID = "https://w3id.org/koopgraph/id/"


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    store = open_store(str(tmp_path_factory.mktemp("gebiet-web") / "store"))
    yield create_app(store).test_client()
    store.close()


def test_netzwerk_starts_with_the_studys_network_not_the_base_layer(client):
    page = client.get("/netzwerk").get_data(as_text=True)
    assert "netzwerk-gross.js" not in page
    data = client.get("/netzwerk.json").get_json()
    ids = {n["id"] for n in data["nodes"]}
    assert ID + "kreis/16065" in ids and any(i.startswith(ID + "fall/") for i in ids)  # Kyffhäuserkreis, cases
    assert ID + "kreis/16064" not in ids                                # Unstrut-Hainich-Kreis: base layer only
    assert len([i for i in ids if i.startswith((ID + "gemeinde/", ID + "gemeindeverband/", ID + "kreis/"))]) == 92  # the study's places


def test_basis_1_shows_the_base_layer_at_germany_scale(client):
    assert "netzwerk-gross.js" in client.get("/netzwerk?basis=1").get_data(as_text=True)


def test_a_former_iri_redirects_and_a_gemeinde_page_shows_its_official_figures(client):
    assert client.get("/id/kommune/aulendorf").headers["Location"] == "/id/gemeinde/084360008008"
    page = client.get("/id/gemeinde/084360008008").get_data(as_text=True)
    assert "Aulendorf, Stadt" in page and "10130" in page.replace(".", "").replace("\u202f", "")
