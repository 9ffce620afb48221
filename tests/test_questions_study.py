"""Each catalogue question's answer on the study dataset against values derived independently.

Expected values come from the Anhang I table (tests/data/anhang-i.txt, read by the dataset
tests' own parser), from the dataset's source tables in data/build/*.csv read with the csv
module, and for labels and derived edges from the shipped files read with rdflib — never from
the SPARQL under test. The questions run on the embedded store through the catalogue
machinery (the same path as `koopgraph query --question`).
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from decimal import ROUND_HALF_UP, Decimal

import pytest
from koopgraph.graph.sparql.query import query
from koopgraph.graph.sparql.questions import bound_query, catalogue, resolve
from koopgraph.graph.store import open_store
from rdflib import URIRef
from rdflib.namespace import RDFS
from study import (
    REPO,
    clean_name,
    german_int,
    party_tokens,
    read_annex,
    study_graph,
    unbreak,
)

BUILD = REPO / "data" / "build"
ID = "https://w3id.org/koopgraph/id/"
KONZEPT = ID + "konzept/"
TYPE_LABEL = {"kreisfreie Stadt": "kreisfreie Stadt", "Landkreis": "Landkreis",
              "kreisangehörige Kommune": "kreisangehörige Kommune"}
RURALITY = {"nicht": "nicht ländlich", "eher": "eher ländlich", "sehr": "sehr ländlich"}
DIRECTION = {"zum-fall": "Fall wird unterstützt", "vom-fall": "Fall unterstützt die andere Seite",
             "": "Zusammenarbeit"}


@pytest.fixture(scope="module")
def study(tmp_path_factory):
    """An embedded store with the shipped study dataset (read-only in these tests)."""
    store = open_store(str(tmp_path_factory.mktemp("study") / "store"))
    yield store
    store.close()


@pytest.fixture(scope="module")
def graph():
    """All shipped data and the ontology, read with rdflib directly."""
    return study_graph()


def ask(store, name: str, **params) -> list[dict[str, str]]:
    question = catalogue()[name]
    result = query(store, bound_query(question, resolve(store, question, params)))
    if result.type == "CONSTRUCT":
        return [{"s": str(s), "p": str(p), "o": str(o)} for s, p, o in result.graph]
    return [{str(k): str(v) for k, v in row.asdict().items()} for row in result]


def label(graph, iri: str) -> str:
    return str(next(o for o in graph.objects(URIRef(iri), RDFS.label) if o.language == "de"))


def rows_of(file: str) -> list[dict[str, str]]:
    with open(BUILD / file, encoding="utf-8") as stream:
        return list(csv.DictReader(stream))


def cooperations(kind: str) -> list[dict[str, str]]:
    return [r for r in rows_of("faelle.csv") if r["kind"] == "kooperation" and r["value"] == kind]


@pytest.fixture(scope="module")
def annex():
    rows = read_annex()
    assert len(rows) == 92
    return rows


def test_the_catalogue_covers_at_least_20_questions():
    assert len(catalogue()) >= 20


# --- structure (Anhang I) ---------------------------------------------------------------------

def members_by_county(annex) -> dict[str, list[tuple[str, int]]]:
    """County key -> (name, population) of its sampled municipalities: the county is the first five digits
    of the official key in abgleich.csv (Gemeinde or Gemeindeverband), the figures are Anhang I's."""
    population = {clean_name(r.name): german_int(r.population) for r in annex}
    members = defaultdict(list)
    for row in rows_of("abgleich.csv"):
        if row["ebene"] != "kreis":
            members[row["schluessel"][:5]].append((row["name"], population[row["name"]]))
    return members


def test_kreisangehoerige_kommunen_of_every_landkreis(study, annex):
    for county, members in members_by_county(annex).items():
        answer = ask(study, "kreisangehoerige-kommunen-eines-landkreises", landkreis=f"{ID}kreis/{county}")
        expected = sorted(members, key=lambda m: -m[1])
        assert [(r["name"], int(r["einwohner"])) for r in answer] == expected, county


@pytest.mark.parametrize("threshold", [None, 6000, 9000])
def test_landkreise_with_only_small_municipalities(study, annex, graph, threshold):
    limit = threshold or 10000
    expected = {county for county, members in members_by_county(annex).items()
                if all(p < limit for _, p in members)}
    params = {"schwelle": str(threshold)} if threshold else {}
    answer = ask(study, "landkreise-nur-mit-kleinen-kommunen", **params)
    assert {r["landkreis"].rsplit("/", 1)[1] for r in answer} == expected
    assert expected  # the study has such counties at each of these thresholds


def test_municipalities_of_each_land(study, annex):
    for land in sorted({unbreak(r.land) for r in annex}):
        expected = {(clean_name(r.name), TYPE_LABEL[r.type], german_int(r.population))
                    for r in annex if unbreak(r.land) == land}
        answer = ask(study, "kommunen-eines-landes", land=land)
        assert {(r["name"], r["typ"], int(r["einwohner"])) for r in answer} == expected, land


def test_counts_by_land_and_type(study, annex):
    expected = Counter((unbreak(r.land), TYPE_LABEL[r.type]) for r in annex)
    answer = ask(study, "kommunen-nach-land-und-typ")
    assert {(r["landName"], r["typ"]): int(r["anzahl"]) for r in answer} == expected


@pytest.mark.parametrize("printed", ["Landkreis", "kreisfreie Stadt"])
def test_largest_municipalities_of_a_type(study, annex, printed):
    expected = [clean_name(r.name) for r in sorted((r for r in annex if r.type == printed),
                                                  key=lambda r: -german_int(r.population))]
    slug = {"Landkreis": "landkreis", "kreisfreie Stadt": "kreisfreie-stadt"}[printed]
    assert [r["name"] for r in ask(study, "groesste-kommunen-eines-typs", kommunaltyp=slug)] == expected
    assert len(ask(study, "groesste-kommunen-eines-typs")) == 92


def test_foreign_share_by_rurality_and_socio_economic_situation(study, annex):
    groups = defaultdict(list)
    for r in annex:
        if r.foreign_share != "n/a":
            groups[(RURALITY[r.rurality], r.socio)].append(Decimal(r.foreign_share.replace(",", ".")))
    answer = {(r["laendlichkeit"], r["lage"]): r for r in ask(study, "auslaenderanteil-nach-laendlichkeit-und-lage")}
    assert set(answer) == set(groups)
    for key, shares in groups.items():
        mean = (sum(shares) / len(shares)).quantize(Decimal("0.01"), ROUND_HALF_UP)
        row = answer[key]
        assert int(row["kommunen"]) == len(shares)
        assert Decimal(row["mittel"]) == mean, key
        assert (Decimal(row["kleinster"]), Decimal(row["groesster"])) == (min(shares), max(shares))


def test_municipalities_by_rurality_and_situation(study, annex):
    expected = Counter((RURALITY[r.rurality], r.socio) for r in annex)
    answer = ask(study, "kommunen-nach-laendlichkeit-und-lage")
    assert {(r["laendlichkeit"], r["lage"]): int(r["kommunen"]) for r in answer} == expected
    # in the order of the study's scale (§2.3.2), not alphabetically (eher, nicht, sehr)
    assert list(dict.fromkeys(r["laendlichkeit"] for r in answer)) == ["nicht ländlich", "eher ländlich", "sehr ländlich"]
    in_bayern = ask(study, "kommunen-nach-laendlichkeit-und-lage", land="Bayern")
    assert sum(int(r["kommunen"]) for r in in_bayern) == sum(1 for r in annex if unbreak(r.land) == "Bayern")


def test_parties_of_mayors_and_county_heads(study, annex):
    expected = Counter((TYPE_LABEL[r.type], token) for r in annex for token in party_tokens(r.head_party))
    answer = ask(study, "parteien-der-verwaltungsspitzen")
    assert sum(int(r["kommunen"]) for r in answer) == sum(expected.values())
    assert {(r["typ"], r["partei"]): int(r["kommunen"]) for r in answer if r["partei"] == "CDU"} == \
        {k: v for k, v in expected.items() if k[1] == "CDU"}


def test_council_majorities_by_land(study, annex):
    expected = Counter((unbreak(r.land), token) for r in annex for token in party_tokens(r.council))
    answer = ask(study, "mehrheiten-im-rat")
    assert sum(int(r["kommunen"]) for r in answer) == sum(expected.values())
    bayern = {r["partei"]: int(r["kommunen"]) for r in ask(study, "mehrheiten-im-rat", land="Bayern")}
    assert bayern["CSU"] == expected[("Bayern", "CSU")]


# --- programmes -------------------------------------------------------------------------------

def eligible(graph, programme: str) -> set[str]:
    """Municipalities with a kg:eligibleFor edge to the programme, read with rdflib."""
    kg_eligible = URIRef("https://w3id.org/koopgraph/ontology#eligibleFor")
    return {label(graph, str(s)) for s in graph.subjects(kg_eligible, URIRef(ID + "programm/" + programme))}


def test_programmes_open_in_each_land(study, graph, annex):
    programmes = rows_of("programme.csv")
    for land_row in rows_of("laender.csv"):
        expected = {p["label_de"] for p in programmes if p["land"] in ("", land_row["slug"])}
        answer = ask(study, "foerderprogramme-eines-landes", land=land_row["slug"])
        assert {r["name"] for r in answer} == expected, land_row["slug"]
        in_land = {clean_name(r.name) for r in annex if unbreak(r.land) == land_row["name_de"]}
        for row in answer:
            slug = row["programm"].rsplit("/", 1)[1]
            listed = set(filter(None, row.get("antragsberechtigt", "").split(", ")))
            assert listed == eligible(graph, slug) & in_land, (land_row["slug"], slug)


def test_eligible_municipalities_of_each_programme(study, graph):
    for programme in rows_of("programme.csv"):
        answer = ask(study, "antragsberechtigte-kommunen-eines-programms", programm=programme["slug"])
        assert {r["name"] for r in answer} == eligible(graph, programme["slug"]), programme["slug"]


def test_programmes_by_level(study, graph):
    answer = {r["programm"].rsplit("/", 1)[1]: r for r in ask(study, "foerderprogramme-nach-ebene")}
    programmes = rows_of("programme.csv")
    assert set(answer) == {p["slug"] for p in programmes}
    for p in programmes:
        assert int(answer[p["slug"]]["antragsberechtigte"]) == len(eligible(graph, p["slug"]))
        if not p["funder_level"]:  # the study names no funder ("Bildung integriert")
            assert "ebene" not in answer[p["slug"]]
            continue
        level = KONZEPT + ("foerdergeber/" if p["funder_level"] == "stiftung" else "ebene/") + p["funder_level"]
        assert answer[p["slug"]]["ebene"] == label(graph, level)


def test_programmes_named_by_the_cases(study):
    named = {(r["case"], r["value"]) for r in rows_of("faelle.csv") if r["kind"] == "programm"}
    answer = ask(study, "programme-in-den-faellen")
    programmes = {(r["fall"].rsplit("/", 1)[1], r["wert"]) for r in answer if r["aussage"] == "Förderprogramm"}
    labels = {p["slug"]: p["label_de"] for p in rows_of("programme.csv")}
    assert programmes == {(case, labels[slug]) for case, slug in named}


# --- relations: county–municipality, inter-municipal, scaling-up, actors ---------------------

def test_support_between_county_and_municipalities(study, graph):
    cases = defaultdict(set)
    for r in cooperations("landkreis-kommune"):
        for task in (r["tasks"].split("|") if r["tasks"] else [""]):
            name = label(graph, KONZEPT + "aufgabe/" + task) if task else "(ohne Aufgabe)"
            cases[(name, DIRECTION[r["direction"]])].add(r["case"])
    answer = ask(study, "unterstuetzung-zwischen-landkreis-und-kommunen")
    assert {(r["aufgabe"], r["richtung"]): int(r["faelle"]) for r in answer} == \
        {k: len(v) for k, v in cases.items()}


def test_inter_municipal_exchange_and_cooperation(study, graph):
    kinds = ("austausch-im-kreis", "austausch-landesweit", "kooperation-im-kreis", "kooperation-regional")
    cases = defaultdict(set)
    for kind in kinds:
        for r in cooperations(kind):
            cases[(label(graph, KONZEPT + "kooperationsart/" + kind), r["printed_type"].lower())].add(r["case"])
    answer = ask(study, "interkommunaler-austausch-und-kooperation")
    assert {(r["art"], r["typ"].lower()): int(r["faelle"]) for r in answer} == {k: len(v) for k, v in cases.items()}


def test_channels_of_influence_on_land_and_bund(study, graph):
    cases = defaultdict(set)
    for r in cooperations("einflussnahme"):
        if r["channel"] and r["level"]:
            cases[(label(graph, KONZEPT + "einflusskanal/" + r["channel"]),
                   label(graph, KONZEPT + "ebene/" + r["level"]))].add(r["case"])
    answer = ask(study, "einflusskanaele-auf-land-und-bund")
    assert {(r["kanal"], r["zielebene"]): int(r["faelle"]) for r in answer} == {k: len(v) for k, v in cases.items()}
    bund = ask(study, "einflusskanaele-auf-land-und-bund", ebene="bund")
    assert sum(int(r["faelle"]) for r in bund) == sum(len(v) for (_, level), v in cases.items() if level == "Bund")


def test_contacts_on_other_levels(study):
    cases = defaultdict(set)
    for r in cooperations("einflussnahme"):
        if r["counterpart"]:
            cases[r["counterpart"]].add(r["case"])
    answer = ask(study, "ansprechpartner-auf-anderen-ebenen")
    assert {r["akteur"].rsplit("/", 1)[1]: int(r["faelle"]) for r in answer} == {k: len(v) for k, v in cases.items()}


def test_actors_the_cases_work_with(study):
    cases = defaultdict(set)
    for r in cooperations("akteurskooperation"):
        cases[r["counterpart"]].add(r["case"])
    answer = ask(study, "akteure-der-faelle")
    assert {r["akteur"].rsplit("/", 1)[1]: int(r["faelle"]) for r in answer} == {k: len(v) for k, v in cases.items()}


def test_network_of_influence_paths(study):
    expected = {(r["case"], r["channel"]) for r in cooperations("einflussnahme") if r["channel"]}
    answer = ask(study, "wege-nach-oben-als-netzwerk")
    via = {(t["s"].rsplit("/", 1)[1], t["o"].rsplit("/", 1)[1]) for t in answer if t["p"].endswith("#influencesVia")}
    assert via == expected
    bund = ask(study, "wege-nach-oben-als-netzwerk", ebene="bund")
    assert {t["o"] for t in bund if t["p"].endswith("#addressesLevel")} == {KONZEPT + "ebene/bund"}


def test_network_of_county_relations(study, graph):
    derived = {(str(s), str(p), str(o)) for p in (URIRef("https://w3id.org/koopgraph/ontology#supports"),
                                                   URIRef("https://w3id.org/koopgraph/ontology#collaboratesWith"))
               for s, o in graph.subject_objects(p)}
    answer = ask(study, "kreis-kommune-beziehungen-als-netzwerk")
    assert derived
    assert {(t["s"], t["p"], t["o"]) for t in answer if not t["p"].endswith(("#type", "label"))} == derived


# --- typologies and findings -------------------------------------------------------------------

def coded(scheme: str) -> list[dict[str, str]]:
    return [r for r in rows_of("faelle.csv") if r["kind"] == "merkmal" and r["value"].startswith(scheme + "/")]


def test_management_types_by_type_of_municipality(study, graph):
    cases = defaultdict(set)
    for r in coded("managementtyp"):
        cases[(label(graph, KONZEPT + r["value"]), r["printed_type"].lower())].add(r["case"])
    answer = ask(study, "managementtypen-nach-kommunaltyp")
    assert {(r["managementtyp"], r["typ"].lower()): int(r["faelle"]) for r in answer} == \
        {k: len(v) for k, v in cases.items()}


def test_typologies_of_the_cases(study, graph):
    cases = defaultdict(set)
    for scheme in ("wandel", "nachhaltigkeit", "stadt-land", "integrationskonzept", "schwerpunkt", "migrationserfahrung"):
        for r in coded(scheme):
            cases[label(graph, KONZEPT + r["value"])].add(r["case"])
    answer = ask(study, "typologien-der-faelle")
    assert {r["auspraegung"]: int(r["faelle"]) for r in answer} == {k: len(v) for k, v in cases.items()}


@pytest.mark.parametrize("municipality_type", ["landkreis", "kreisfreie-stadt", "alle"])
def test_findings_of_the_study(study, municipality_type):
    expected = {(r["label_de"], Decimal(r["value"])) for r in rows_of("befunde.csv") if r["type"] == municipality_type}
    answer = ask(study, "befunde-der-studie", kommunaltyp=municipality_type)
    assert {(r["aussage"], Decimal(r["wert"])) for r in answer} == expected
    assert len(answer) == len(expected) > 0


def test_a_question_from_the_command_line(annex, tmp_path):
    from click.testing import CliRunner
    from koopgraph.web.cli import main

    done = CliRunner().invoke(main, ["query", "--store", str(tmp_path / "s"), "--format", "csv", "--question",
                                     "kreisangehoerige-kommunen-eines-landkreises", "--param", "landkreis=Kyffhäuserkreis"])
    assert done.exit_code == 0, done.output
    lines = done.output.strip().splitlines()[1:]  # a new store gets the study dataset, as users get it
    assert sorted(line.split(",")[1] for line in lines) == sorted(n for n, _ in members_by_county(annex)["16065"])  # Kyffhäuserkreis


@pytest.fixture(scope="module")
def page_client(study):
    from koopgraph.web.app import create_app

    # the time limit far above any question's run: it is tested in test_sparql_safety.py, and a query of
    # a few seconds went over the default 10 s when other test runs loaded the cores
    app = create_app(study, {"query_workers": 2, "query_timeout": 60.0})
    yield app.test_client()
    app.koopgraph_services.close()


# The study dates no relation: the questions about dates are asked of imported data in tests/test_time.py.
@pytest.mark.parametrize("name", sorted(n for n, q in catalogue().items()
                                        if not any(p.type.name == "datum" for p in q.parameters)))
def test_every_question_runs_from_its_page_like_in_python(study, page_client, name):
    from koopgraph.graph.sparql.questions import allowed_values

    question = catalogue()[name]
    params = {}
    for parameter in (p for p in question.parameters if not p.optional):  # a value with a non-empty answer
        params[parameter.name] = next(v.slug for v in allowed_values(study, parameter)
                                      if ask(study, name, **{**params, parameter.name: v.slug}))
    page = page_client.get(f"/abfragen/{name}", query_string={**params, "frage": "1"},
                           headers={"Accept": "application/json"})
    assert page.status_code == 200, page.get_data(as_text=True)
    results = page.get_json()["results"]
    expected = ask(study, name, **params)
    assert len(results["results"]["bindings"]) == len(expected) > 0
    html = page_client.get(f"/abfragen/{name}", query_string={**params, "frage": "1"})
    assert html.status_code == 200 and question.title_de.split(",")[0] in html.get_data(as_text=True)
