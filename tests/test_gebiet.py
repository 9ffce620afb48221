"""The official base layer against the vendored Destatis table, and the 92 matches against Anhang I.

Expected values come from data/build/amtlich/gv-auszug-2019-12-31.csv read by a reader written here
(not the build's), and from tests/data/anhang-i.txt read by tests/study.py. The shipped TriG files are
loaded into an in-memory Oxigraph store with pyoxigraph directly and asked with SPARQL.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
from study import clean_name, german_int, read_annex, unbreak

REPO = Path(__file__).resolve().parents[1]
GV = REPO / "data" / "build" / "amtlich" / "gv-auszug-2019-12-31.csv"
KG = "https://w3id.org/koopgraph/ontology#"
ID = "https://w3id.org/koopgraph/id/"
PREFIX = f"PREFIX kg: <{KG}>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
STUDY_TYPES = {"kreisfreie Stadt": {"41", "42"}, "Landkreis": {"43", "44", "45"}}
# Names the study writes differently from the directory (checked by hand, reasons in abgleich.csv).
NAME_DIFFERENCES = {"Halle an der Saale": "Halle (Saale), Stadt",
                    "Lutherstadt Wittenberg": "Wittenberg, Lutherstadt"}
# Places whose 2019 population differs by more than 5 % from the study's 12/2017 figure.
TERRITORIAL_CHANGES = {"Artern/Unstrut", "Bad Frankenhausen"}


# --- a reader of the vendored table, written for the tests ------------------------------------------

def official_rows() -> list[dict]:
    with open(GV, encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def key_of(row: dict) -> str:
    """The key of a row on its own level: Land 2, Bezirk 3, Kreis 5, Verband 9, Gemeinde 12 digits."""
    parts = {"10": ("land",), "20": ("land", "rb"), "40": ("land", "rb", "kreis"),
             "50": ("land", "rb", "kreis", "vb"), "60": ("land", "rb", "kreis", "vb", "gemeinde")}
    return "".join(row[column] for column in parts[row["satzart"]])


def population(row: dict) -> int:
    return int(row["bevoelkerung"].replace(" ", "") or 0)


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    return official_rows()


@pytest.fixture(scope="module")
def store() -> ox.Store:
    """Every shipped graph and the ontology, as the loader would put them, in an in-memory store."""
    store = ox.Store()
    for path in sorted((REPO / "data").glob("*.trig")) + sorted((REPO / "data" / "gebiet").glob("*.trig")):
        store.bulk_load(path=str(path), format=ox.RdfFormat.TRIG)
    for path in sorted((REPO / "ontology").glob("*.ttl")):
        if "shape" not in path.name:
            store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE,
                            to_graph=ox.NamedNode("https://w3id.org/koopgraph/graph/ontologie"))
    return store


def select(store: ox.Store, sparql: str) -> list[dict]:
    result = store.query(PREFIX + sparql, use_default_graph_as_union=True)
    return [{str(v)[1:]: s[v].value for v in result.variables if s[v] is not None} for s in result]


# --- counts ------------------------------------------------------------------------------------------

COUNTED = {"Kreise": ("40", "countyKey"), "Gemeindeverbände": ("50", "associationKey"), "Gemeinden": ("60", "ars")}


@pytest.mark.parametrize("level", sorted(COUNTED))
def test_counts_per_land_equal_the_reference_table(rows, store, level):
    record, key = COUNTED[level]
    expected = Counter(row["land"] for row in rows if row["satzart"] == record)
    found = select(store, f"""SELECT ?land (COUNT(DISTINCT ?key) AS ?n) WHERE {{
        ?x kg:{key} ?key ; kg:inLand/kg:landKey ?land }} GROUP BY ?land""")
    assert {r["land"]: int(r["n"]) for r in found} == dict(expected)
    assert sum(expected.values()) == {"Kreise": 401, "Gemeindeverbände": 4606, "Gemeinden": 11004}[level]


def test_every_land_and_district_of_the_table_is_there(rows, store):
    keys = {r["key"] for r in select(store, "SELECT ?key WHERE { { ?x kg:landKey ?key } UNION { ?x kg:districtKey ?key } }")}
    assert keys == {key_of(row) for row in rows if row["satzart"] in ("10", "20")}


def test_total_population_is_germanys(rows, store):
    expected = sum(population(row) for row in rows if row["satzart"] == "60")
    (found,) = select(store, "SELECT (SUM(?p) AS ?n) WHERE { ?x kg:officialPopulation ?p }")
    (bund,) = select(store, f"SELECT ?n WHERE {{ <{ID}bund> kg:summedPopulation ?n }}")
    assert int(found["n"]) == int(bund["n"]) == expected == 83_166_711


def test_kreis_sums_equal_the_sums_of_their_gemeinden_in_the_table(rows, store):
    expected = Counter()
    for row in rows:
        if row["satzart"] == "60":
            expected[row["land"] + row["rb"] + row["kreis"]] += population(row)
    found = select(store, "SELECT ?key ?n WHERE { ?x kg:countyKey ?key . "
                          "{ ?x kg:summedPopulation ?n } UNION { ?x kg:officialPopulation ?n } }")
    counties = {key_of(row) for row in rows if row["satzart"] == "40"}
    assert {r["key"]: int(r["n"]) for r in found} == {key: expected[key] for key in counties}


def test_each_gemeinde_has_its_official_figures(rows, store):
    by_ars = {key_of(row): row for row in rows if row["satzart"] == "60"}
    found = select(store, """SELECT ?ars ?p ?plz ?wkt WHERE { ?x kg:ars ?ars ; kg:officialPopulation ?p .
        OPTIONAL { ?x kg:postcode ?plz } OPTIONAL { ?x <http://www.opengis.net/ont/geosparql#hasGeometry>/
        <http://www.opengis.net/ont/geosparql#asWKT> ?wkt } }""")
    assert len(found) == len(by_ars)
    for r in found:
        row = by_ars[r["ars"]]
        assert int(r["p"]) == population(row)
        assert r.get("plz", "") == row["postleitzahl"]
        if "wkt" in r:
            lon, lat = row["laengengrad"].replace(",", "."), row["breitengrad"].replace(",", ".")
            assert r["wkt"] == f"POINT({lon} {lat})"


def test_short_names_drop_the_suffix(store):
    (row,) = select(store, f"SELECT ?name ?label WHERE {{ <{ID}gemeinde/084360008008> kg:officialName ?name ; "
                           "rdfs:label ?label }")
    assert (row["name"], row["label"]) == ("Aulendorf, Stadt", "Aulendorf")


# --- the 92 matches ----------------------------------------------------------------------------------

def comparable(name: str) -> str:
    return re.sub(r"[\s.]", "", re.split(r"[,/(]", name)[0]).lower()


@pytest.fixture(scope="module")
def matched(store) -> dict[str, str]:
    """Anhang I's cleaned name -> the key the study place's IRI is built from."""
    found = select(store, "SELECT ?x ?name WHERE { ?x a kg:Studienkommune ; rdfs:label ?name }")
    assert len(found) == 92
    return {r["name"]: r["x"].rsplit("/", 1)[1] for r in found}


def test_each_of_the_92_is_its_official_unit(rows, matched):
    by_key = {key_of(row): row for row in rows if row["satzart"] in ("40", "50", "60")}
    laender = {row["land"]: row["gemeindename"] for row in rows if row["satzart"] == "10"}
    wrong = []
    for annex_row in read_annex():
        name = clean_name(annex_row.name)
        row = by_key[matched[name]]
        official = row["gemeindename"]
        same_name = comparable(official) == comparable(name) or NAME_DIFFERENCES.get(name) == official
        level_fits = row["textkennzeichen"] in STUDY_TYPES.get(annex_row.type, set()) if annex_row.type in \
            STUDY_TYPES else row["satzart"] in ("50", "60") and row["textkennzeichen"] != "50"
        if not (same_name and laender[row["land"]] == unbreak(annex_row.land) and level_fits):
            wrong.append((name, official))
    assert wrong == []


def test_official_population_is_close_to_the_studys_except_where_the_territory_changed(rows, matched):
    sums = Counter()
    for row in rows:
        if row["satzart"] == "60":
            for key in {key_of(row), key_of(row)[:9], key_of(row)[:5]}:
                sums[key] += population(row)
    far = {clean_name(r.name) for r in read_annex()
           if abs(sums[matched[clean_name(r.name)]] - german_int(r.population)) > 0.05 * german_int(r.population)}
    assert far == TERRITORIAL_CHANGES


def test_every_kreisangehoerige_kommune_lies_in_a_sampled_landkreis_of_its_land(store, matched):
    annex = read_annex()
    counties = {matched[clean_name(r.name)] for r in annex if r.type == "Landkreis"}
    members = [matched[clean_name(r.name)] for r in annex if r.type == "kreisangehörige Kommune"]
    found = {r["x"].rsplit("/", 1)[1]: r["county"] for r in select(store, """SELECT ?x ?county WHERE {
        ?x a kg:Studienkommune , kg:KreisangehoerigeKommune ; kg:inCounty/kg:countyKey ?county }""")}
    assert set(found) == set(members) and len(members) == 45
    assert all(found[key] == key[:5] and found[key] in counties for key in members)
    sizes = Counter(found.values())
    assert set(sizes.values()) <= {1, 2} and 2 * len(counties) - sum(sizes.values()) == 3  # §2.3.1, §2.4.1


@pytest.mark.parametrize("kommune,landkreis", [("Aulendorf", "Ravensburg"), ("Vogt", "Ravensburg"),
                                               ("Obrigheim", "Neckar-Odenwald-Kreis"),
                                               ("Schefflenz", "Neckar-Odenwald-Kreis")])
def test_examples_from_the_issue(store, kommune, landkreis):
    found = select(store, f"""SELECT ?county WHERE {{ ?x a kg:Studienkommune ; rdfs:label "{kommune}"@de ;
        kg:inCounty ?c . ?c rdfs:label ?county }}""")
    assert [r["county"] for r in found] == [landkreis]


def test_county_membership_comes_from_the_official_graph(store):
    graphs = select(store, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?x kg:inCounty ?c } }")
    assert [r["g"] for r in graphs] == ["https://w3id.org/koopgraph/graph/gebiet"]
    sources = select(store, "SELECT ?s WHERE { <https://w3id.org/koopgraph/graph/gebiet> "
                            "<http://purl.org/dc/terms/source> ?s }")
    assert {r["s"] for r in sources} == {ID + "quelle/gemeindeverzeichnis-2019", ID + "quelle/kreise-2018"}


def test_the_former_study_iris_are_aliases_of_the_places(store, matched):
    aliases = select(store, """SELECT ?old ?new WHERE { ?old kg:aliasOf ?new . ?new a kg:Studienkommune
        FILTER(REGEX(STR(?old), "/id/(kommune|landkreis|kreisfreie-stadt)/")) }""")
    assert len(aliases) == 92 and len({r["new"] for r in aliases}) == 92
    assert ID + "landkreis/ravensburg" in {r["old"] for r in aliases}
    stray = select(store, "SELECT ?old WHERE { ?old kg:aliasOf ?new ; ?p ?o FILTER(?p != kg:aliasOf) }")
    assert stray == []


def test_one_resource_per_place_and_no_triple_in_two_graphs(store):
    twice = select(store, """SELECT ?ars (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x kg:ars ?ars }
        GROUP BY ?ars HAVING (COUNT(DISTINCT ?x) > 1)""")
    assert twice == []
    repeated = select(store, """SELECT ?s ?p ?o WHERE { GRAPH ?a { ?s ?p ?o } GRAPH ?b { ?s ?p ?o }
        FILTER(STR(?a) < STR(?b)) } LIMIT 5""")
    assert repeated == []


def test_study_figures_stay_beside_the_official_ones(store):
    (row,) = select(store, f"SELECT ?study ?official WHERE {{ <{ID}gemeinde/084360008008> kg:population ?study ; "
                           "kg:officialPopulation ?official }")
    assert (int(row["study"]), int(row["official"])) == (10214, 10130)
