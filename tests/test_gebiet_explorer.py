"""The explorer on a new store with the study and the official base layer (issue 13)."""

from __future__ import annotations

import re

import pytest
from koopgraph.graph.store import open_store
from koopgraph.web.app import create_app
from study import read_annex, unbreak
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
    kind = {"63": "Stadt", "64": "kreisangehörige Gemeinde"}[row["textkennzeichen"]]   # its Textkennzeichen
    assert re.search(r"Gebietsart\s*</dt>\s*<dd>[^<]*" + kind, card), card[:600]


# --- /kommunen covers all of Germany: the facet "in der Studie" and the search ------------------------------

def places_of_the_table() -> dict[str, str]:
    """Every Kommune of the table (Kreis, real Verband, Gemeinde without the gemeindefreie Gebiete) by the key
    of its place, with its Land key: a kreisfreie Stadt's Gemeinde row is the same place as its Kreis row."""
    rows = official_rows()
    city_counties = {key_of(r) for r in rows if r["satzart"] == "40" and r["textkennzeichen"] in ("41", "42")}
    places = {}
    for r in rows:
        kept = (r["satzart"] == "40" or (r["satzart"] == "50" and r["textkennzeichen"] != "50")
                or (r["satzart"] == "60" and r["textkennzeichen"] not in ("65", "66")))
        if kept:
            key = key_of(r)[:5] if key_of(r)[:5] in city_counties else key_of(r)
            places[key] = r["land"]
    return places


def study_facet(client, query: str = "") -> dict[str, int]:
    data = client.get("/kommunen.json" + query).get_json()
    return {v["label"]: v["count"] for f in data["facets"] if f["key"] == "studie" for v in f["values"]}


def test_the_study_facet_counts_all_of_germany_from_the_table(client):
    places, annex = places_of_the_table(), read_annex()
    assert study_facet(client) == {"ja": len(annex), "nein": len(places) - len(annex)}
    bayern = [key for key, land in places.items() if land == "09"]
    in_study = [row for row in annex if unbreak(row.land) == "Bayern"]
    assert study_facet(client, "?land=Bayern") == {"ja": len(in_study), "nein": len(bayern) - len(in_study)}
    data = client.get("/kommunen.json?land=Bayern&studie=nein&sortierung=amtlich&richtung=ab").get_json()
    assert data["total"] == len(bayern) - len(in_study)
    biggest = max((r for r in official_rows() if r["satzart"] == "60" and r["land"] == "09"), key=population)
    assert data["rows"][0]["amtlich"] == population(biggest)        # München, summed Kreise rank below


def test_the_search_finds_places_by_name_ags_ars_and_postcode(client):
    gemeinde = next(r for r in official_rows() if r["satzart"] == "60" and r["gemeindename"] == "Altshausen")
    ars = key_of(gemeinde)
    for text in (ars, ars[:5] + ars[9:], "Altshausen"):
        rows = client.get("/kommunen.json", query_string={"suche": text}).get_json()["rows"]
        assert [row["iri"] for row in rows] == [ID + "gemeinde/" + ars], text
    same_postcode = {key_of(r) for r in official_rows() if r["satzart"] == "60" and r["postleitzahl"] == gemeinde["postleitzahl"]}
    rows = client.get("/kommunen.json", query_string={"suche": gemeinde["postleitzahl"]}).get_json()["rows"]
    assert {row["iri"].rsplit("/", 1)[1] for row in rows} == same_postcode and ars in same_postcode
    named = {key_of(r) for r in official_rows() if r["satzart"] in ("40", "60")
             and r["gemeindename"].split(",")[0] == "Ravensburg"}
    rows = client.get("/kommunen.json?suche=Ravensburg").get_json()["rows"]
    assert {row["iri"].rsplit("/", 1)[1] for row in rows} == named and len(named) == 2
    assert client.get("/kommunen.json?suche=Nirgendwo").get_json()["total"] == 0


# --- facets of the official figures: population 31.12.2019, kind of unit, degree of urbanisation -------

SAARLAND = "10"
# the table's ranges, written here from the facet's labels (lower bound inclusive)
RANGES = [(0, "unter 5.000"), (5000, "5.000 bis unter 10.000"), (10000, "10.000 bis unter 20.000"),
          (20000, "20.000 bis unter 50.000"), (50000, "50.000 bis unter 100.000"),
          (100000, "100.000 bis unter 250.000"), (250000, "250.000 und mehr")]


def facet_of(data: dict, key: str) -> dict[str, int]:
    return {v["label"]: v["count"] for f in data["facets"] if f["key"] == key for v in f["values"]}


def test_the_official_facets_count_the_tables_gemeinden(client):
    """Saarland: every Gemeinde is verbandsfrei; its Kommunen are the table's Gemeinde rows (satzart
    60) less the gemeindefreie Gebiete (65, 66): 52 of 53, and its 6 Kreise. DEGURBA is the Gemeinden's;
    a Kreis's population is the sum of its Gemeinden's (the table gives Kreise none)."""
    from collections import Counter
    gemeinden = [r for r in official_rows()
                 if r["satzart"] == "60" and r["land"] == SAARLAND and r["textkennzeichen"] not in ("65", "66")]
    assert len(gemeinden) == 52
    data = client.get("/kommunen.json?land=Saarland").get_json()
    kreise = Counter()
    for r in official_rows():
        if r["satzart"] == "60" and r["land"] == SAARLAND:
            kreise[r["land"] + r["rb"] + r["kreis"]] += population(r)
    assert len(kreise) == 6
    people = [population(r) for r in gemeinden] + list(kreise.values())
    ranged = Counter(max((b, label) for b, label in RANGES if n >= b)[1] for n in people)
    assert facet_of(data, "einwohner-amtlich") == ranged
    assert facet_of(data, "verstaedterung") == Counter(r["verstaedterungbezeichnung"] for r in gemeinden)
    towns = client.get("/kommunen.json?land=Saarland&gebietsart=Stadt&seite=alle").get_json()
    expected = {key_of(r) for r in gemeinden if r["textkennzeichen"] == "63"}   # 63: Stadt
    assert {row["iri"].rsplit("/", 1)[1] for row in towns["rows"]} == expected
    dense = client.get("/kommunen?land=Saarland&verstaedterung=dicht+besiedelt&einwohner-amtlich=100.000+bis+unter+250.000")
    assert dense.status_code == 200 and "Saarbrücken" in dense.get_data(as_text=True)


def test_the_list_names_each_places_official_kind_as_the_table_codes_it(client):
    """LK Ravensburg, all of it: the column "Gebietsart (amtlich)" gives each Verband and Gemeinde the kind
    of its Textkennzeichen (a verbandsfreie Gemeinde's own Verband row, code 50, adds "verbandsfrei"),
    where the study's "Typ" says "kreisangehörige Kommune" for all of them; in the page and the CSV too."""
    labels = {"50": "verbandsfreie Gemeinde (Verbandsebene)", "54": "Verwaltungsgemeinschaft",
              "56": "Verwaltungsverband", "60": "Markt", "63": "Stadt", "64": "kreisangehörige Gemeinde", "67": "Große Kreisstadt"}
    rows = [r for r in official_rows() if r["satzart"] in ("50", "60") and key_of(r).startswith(RAVENSBURG)]
    expected = {}
    for r in rows:
        if r["satzart"] == "60":
            expected.setdefault(key_of(r), set()).add(labels[r["textkennzeichen"]])
        elif r["textkennzeichen"] == "50":   # the Verband row of a verbandsfreie Gemeinde: one Gemeinde under it
            gemeinde = next(key_of(g) for g in rows if g["satzart"] == "60" and key_of(g).startswith(key_of(r)))
            expected.setdefault(gemeinde, set()).add(labels["50"])
        else:
            expected.setdefault(key_of(r), set()).add(labels[r["textkennzeichen"]])
    data = client.get("/kommunen.json", query_string={"land": "Baden-Württemberg", "seite": "alle"}).get_json()
    listed = {row["iri"].rsplit("/", 1)[1]: {k["label"] for k in row["gebietsart"]} for row in data["rows"]
              if row["iri"].rsplit("/", 1)[1].startswith(RAVENSBURG) and len(row["iri"].rsplit("/", 1)[1]) > 5}
    assert listed == expected
    assert any(c["key"] == "gebietsart" for c in data["columns"])
    csv_text = client.get("/kommunen.csv", query_string={"suche": "Aulendorf"}).get_data(as_text=True)
    assert "Gebietsart (amtlich)" in csv_text and "Stadt, verbandsfreie Gemeinde (Verbandsebene)" in csv_text


# --- the start page does not pass Gemeinden and Verbände off as one number of municipalities -------------

def test_the_start_page_counts_gemeinden_and_gemeindeverbaende_apart_as_in_the_table(client):
    """11.897 "kreisangehörige Kommunen" read as Germany's municipalities; the directory has 10,794
    political Gemeinden (Satzart 60 without the gemeindefreie Gebiete, Textkennzeichen 65/66) and 1,210
    Gemeindeverbände (Satzart 50 without the verbandsfreie Gemeinden' rows, Textkennzeichen 50)."""
    rows = official_rows()
    gemeinden = [r for r in rows if r["satzart"] == "60" and r["textkennzeichen"] not in ("65", "66")]
    verbaende = [r for r in rows if r["satzart"] == "50" and r["textkennzeichen"] != "50"]
    kreisfrei = [r for r in gemeinden if r["textkennzeichen"] in ("61", "62")]  # kreisfreie Stadt, Stadtkreis
    classes = client.get("/index.json").get_json()["classes"]
    counts = {c["iri"].rsplit("#", 1)[1]: c["count"] for c in classes}
    assert counts["Gemeinde"] == len(gemeinden) and counts["Gemeindeverband"] == len(verbaende)
    assert counts["KreisangehoerigeKommune"] == len(gemeinden) - len(kreisfrei) + len(verbaende)
    assert [c["label"].replace("\u00ad", "") for c in classes if c["iri"].endswith("#KreisangehoerigeKommune")] == \
        ["kreisangehörige Kommunen: Gemeinden und Gemeindeverbände"]
    page = client.get("/").get_data(as_text=True).replace("\u00ad", "").replace("&shy;", "")
    assert "Gemeindeverbände (amtlich)" in page
