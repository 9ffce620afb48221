"""The explorer on a new store with the study and the official base layer (issue 13)."""

from __future__ import annotations

import re

import pytest
from koopgraph.graph.store import open_store
from koopgraph.web.app import create_app
from test_gebiet import key_of, official_rows, population

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


# --- a Landkreis page lists its Verbände and Gemeinden; a Gemeinde page names where it belongs -------------

RAVENSBURG = "08436"


def ravensburg_rows() -> tuple[list[dict], list[dict]]:
    """Verbände (without the verbandsfreie Gemeinden' rows) and Gemeinden of LK Ravensburg, from the table."""
    rows = [row for row in official_rows() if row["satzart"] in ("50", "60") and key_of(row).startswith(RAVENSBURG)]
    return ([row for row in rows if row["satzart"] == "50" and row["textkennzeichen"] != "50"],
            [row for row in rows if row["satzart"] == "60"])


def table_of(page: str, heading_id: str) -> str:
    return page.split(f'id="{heading_id}"')[1].split("</table>")[0]


def test_the_landkreis_page_lists_its_verbaende_and_gemeinden_as_tables(client):
    verbaende, gemeinden = ravensburg_rows()
    page = client.get(f"/id/kreis/{RAVENSBURG}").get_data(as_text=True)
    assert f"Gemeindeverbände ({len(verbaende)})" in page and f"Gemeinden ({len(gemeinden)})" in page
    verband_table, gemeinde_table = table_of(page, "gemeindeverbaende"), table_of(page, "kommunen-des-kreises")
    assert set(re.findall(r"<code>(\d{9})</code>", verband_table)) == {key_of(r) for r in verbaende}
    assert set(re.findall(r"<code>(\d{12})</code>", gemeinde_table)) == {key_of(r) for r in gemeinden}
    assert set(re.findall(r"<code>(\d{8})</code>", gemeinde_table)) == {key_of(r)[:5] + key_of(r)[9:] for r in gemeinden}
    linked = re.findall(r'<th scope="row"><a href="/id/gemeinde/(\d{12})">', gemeinde_table)
    assert sorted(linked) == sorted(key_of(r) for r in gemeinden)
    total = sum(population(r) for r in gemeinden)
    assert f"Zusammen {total:,}".replace(",", ".") in page


def test_the_landkreis_page_json_gives_each_gemeindes_official_population(client):
    verbaende, gemeinden = ravensburg_rows()
    members = client.get(f"/id/kreis/{RAVENSBURG}.json").get_json()["members"]
    assert {u["key"]: u["population"] for u in members["gemeinden"]} == {key_of(r): population(r) for r in gemeinden}
    sums = {key_of(v): sum(population(g) for g in gemeinden if key_of(g)[:9] == key_of(v)) for v in verbaende}
    assert {u["key"]: u["population"] for u in members["verbaende"]} == sums


@pytest.mark.parametrize("name", ["Altshausen", "Aulendorf, Stadt"])
def test_a_gemeinde_page_names_its_verband_kreis_land_and_figures_with_the_source(client, name):
    row = next(r for r in official_rows() if r["gemeindename"] == name and r["satzart"] == "60")
    names = {key_of(r): r["gemeindename"] for r in official_rows() if r["satzart"] in ("10", "40", "50")}
    page = client.get(f"/id/gemeinde/{key_of(row)}").get_data(as_text=True)
    card = page.split('id="steckbrief"')[1].split("</section>")[0]
    verband = names[key_of(row)[:9]] if names.get(key_of(row)[:9]) != name else "verbandsfrei"
    assert verband in card and names[key_of(row)[:5]] in card and names[key_of(row)[:2]] in card
    figures = re.sub(r"<[^>]+>", " ", card)
    for value in (f"{population(row):,}".replace(",", "."), row["flaeche"].strip().replace(".", ","),
                  row["jekm2"].strip(), row["verstaedterungbezeichnung"], row["postleitzahl"]):
        assert value in figures, value
    assert "GV-ISys" in card and "31.12.2019" in card
