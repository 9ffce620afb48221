"""The anonymity check (issue 14, "Beyond the anchors"): `koopgraph import --anonymised [--k] [--strict]`
and `koopgraph anonymity-check` over the study's cases.

Expected counts come from the vendored official table (data/build/amtlich/gv-auszug-2019-12-31.csv,
Destatis GV-ISys 31.12.2019) read by the small reader below, not from the code under test.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from pathlib import Path

import pytest
from conftest import dump
from click.testing import CliRunner
from koopgraph.graph.errors import ImportFailed
from koopgraph.graph.imports.anonymity import study_case_exposures
from koopgraph.graph.imports.run import import_files
from koopgraph.graph.imports.template import write_template
from koopgraph.graph.namespaces import ID, KG
from koopgraph.graph.store import open_store
from koopgraph.web.cli import main

GV = Path(__file__).resolve().parents[1] / "data" / "build" / "amtlich" / "gv-auszug-2019-12-31.csv"
SACHSEN, HESSEN = "14", "06"
KREISFREI, LANDKREIS = {"41", "42"}, {"43", "44", "45"}
GEMEINDE_KINDS = {"60", "63", "64", "67"}   # Markt, Stadt, Gemeinde, große Kreisstadt (not gemeindefrei)
SCALING_OUT = "Zusammenarbeit mit Akteuren vor Ort (Scaling-out)"


def official_places() -> list[dict]:
    """Every kreisfreie Stadt, Landkreis and kreisangehörige Gemeinde: type, Land key, Kreis key,
    name, population (a Kreis: the sum of its Gemeinden)."""
    with GV.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    kreise = {r["land"] + r["rb"] + r["kreis"]: r for r in rows if r["satzart"] == "40"}
    people = Counter()
    for r in rows:
        if r["satzart"] == "60" and r["bevoelkerung"]:
            people[r["land"] + r["rb"] + r["kreis"]] += int(r["bevoelkerung"].replace(" ", ""))
    places = [{"type": "kfs" if k["textkennzeichen"] in KREISFREI else "lk", "land": k["land"], "kreis": key,
               "name": k["gemeindename"].split(",")[0], "population": people[key]}
              for key, k in kreise.items()]
    places += [{"type": "kak", "land": r["land"], "kreis": r["land"] + r["rb"] + r["kreis"],
                "name": r["gemeindename"].split(",")[0], "population": int(r["bevoelkerung"].replace(" ", ""))}
               for r in rows if r["satzart"] == "60" and r["textkennzeichen"] in GEMEINDE_KINDS
               and kreise[r["land"] + r["rb"] + r["kreis"]]["textkennzeichen"] in LANDKREIS]
    return places


@pytest.fixture(scope="module")
def places():
    return official_places()


@pytest.fixture
def store():
    handle = open_store("memory")
    yield handle
    handle.close()


def workbook(path: Path, actors, relations=()) -> Path:
    # Akteure: ID, Name, Art, Ort oder AGS, Ebene, Website, Notiz, Kommunaltyp, Größenklasse
    write_template(path, {n: row for n, row in enumerate(actors, start=2)},
                   {n: row for n, row in enumerate(relations, start=2)})
    return path


UNIQUE = ["F1", "Fall A", "Fall", "Sachsen", "", "", "", "kreisfreie Stadt", ""]
SHARED = ["F2", "Fall B", "Fall", "", "", "", "", "Landkreis", "100.000 bis unter 500.000 Einwohner"]
# case B is tied to Hessen only by the Land programme it uses
SHARED_RELATION = ["F2", "WIR-Programm (Hessen)", SCALING_OUT, "", "", "", "2018", "", "", ""]


def test_a_case_few_places_share_is_reported_with_the_facts_that_narrow_it(store, places, tmp_path):
    result = import_files(store, [workbook(tmp_path / "faelle.xlsx", [UNIQUE, SHARED], [SHARED_RELATION])],
                          dry_run=True, anonymised=True)
    kfs = [p for p in places if p["type"] == "kfs"]
    in_sachsen = sorted(p["name"] for p in kfs if p["land"] == SACHSEN)
    assert len(in_sachsen) < 5
    assert result.anonymity.cases == 2
    [exposed] = result.anonymity.exposures
    assert (exposed.label, exposed.row, exposed.count) == ("Fall A", 2, len(in_sachsen))
    assert exposed.steps == [("kreisfreie Stadt", len(kfs)), ("Sitz im Land Sachsen", len(in_sachsen))]
    assert exposed.remaining == in_sachsen


def test_a_case_shared_by_k_places_passes_and_strict_writes_it(store, places, tmp_path):
    hessen = [p for p in places if p["type"] == "lk" and p["land"] == HESSEN and 100_000 <= p["population"] < 500_000]
    assert len(hessen) >= 5
    path = workbook(tmp_path / "faelle.xlsx", [SHARED], [SHARED_RELATION])
    result = import_files(store, [path], anonymised=True, strict=True, k=len(hessen))
    assert result.written and result.anonymity.exposures == []
    # one more than share it: reported, and the steps count type, size class, then the programme's Land
    result = import_files(store, [path], anonymised=True, k=len(hessen) + 1, dry_run=True, name="x")
    [exposed] = result.anonymity.exposures
    landkreise = [p for p in places if p["type"] == "lk"]
    sized = [p for p in landkreise if 100_000 <= p["population"] < 500_000]
    assert [count for _, count in exposed.steps] == [len(landkreise), len(sized), len(hessen)]
    assert exposed.steps[-1][0] == "Land Hessen (über Landesprogramm)"


def test_strict_refuses_and_leaves_the_store_as_it_was(store, tmp_path):
    path = workbook(tmp_path / "faelle.xlsx", [UNIQUE, SHARED], [SHARED_RELATION])
    before = dump(store)
    with pytest.raises(ImportFailed) as refused:
        import_files(store, [path], anonymised=True, strict=True)
    assert [(p.sheet, p.row, p.column, p.value) for p in refused.value.problems] == [("Akteure", 2, "Art", "Fall A")]
    assert "Sitz im Land Sachsen" in str(refused.value) and "Nichts wurde geschrieben" in str(refused.value)
    assert dump(store) == before


def test_the_command_line_reports_and_refuses_in_german(tmp_path):
    path = workbook(tmp_path / "faelle.xlsx", [UNIQUE, SHARED], [SHARED_RELATION])
    args = ["import", "--store", "memory", "--anonymised", str(path)]
    shown = CliRunner().invoke(main, args)
    assert shown.exit_code == 0, shown.output
    assert "Anonymität: 2 Fälle geprüft, 1 teilen weniger als 5 reale Orte." in shown.output
    assert "Fall »Fall A« (Akteure Zeile 2)" in shown.output
    refused = CliRunner().invoke(main, args + ["--strict"])
    assert refused.exit_code == 1 and "Blatt Akteure, Zeile 2, Spalte Art: »Fall A«" in refused.output
    assert "Traceback" not in refused.output


def test_case_facts_belong_to_cases_only(store, tmp_path):
    verein = ["V", "Verein", "Verein", "", "", "", "", "Landkreis", ""]
    with pytest.raises(ImportFailed) as refused:
        import_files(store, [workbook(tmp_path / "v.xlsx", [verein])], dry_run=True)
    assert [(p.row, p.column) for p in refused.value.problems] == [(2, "Kommunaltyp")]


def test_the_studys_cases_each_share_their_type_with_all_places_of_it(store, places):
    cases, exposures = study_case_exposures(store)
    assert (cases, exposures) == (81, [])
    counts = Counter(p["type"] for p in places)
    every = {e.case: e for e in study_case_exposures(store, k=10**9)[1]}
    assert len(every) == 81
    names = {ID["konzept/kommunaltyp/kreisfreie-stadt"]: "kfs", ID["konzept/kommunaltyp/landkreis"]: "lk",
             ID["konzept/kommunaltyp/kreisangehoerige-kommune"]: "kak"}
    for row in store.query("SELECT ?case ?type WHERE { ?case ?printed ?type }", {"printed": KG.printedType}):
        if row.case in every:
            assert every[row.case].count >= counts[names[row.type]]
    assert min(e.count for e in every.values()) == counts["kfs"]


def test_the_import_page_checks_when_asked_and_refuses_when_strict(tmp_path):
    import re

    from koopgraph.web.app import create_app
    store = open_store("memory")
    client = create_app(store, {"editor_token": "t"}).test_client()

    def csrf():
        return re.search(r'name="csrf" value="([^"]+)"', client.get("/import").get_data(as_text=True)).group(1)
    assert client.post("/import/anmelden", data={"csrf": csrf(), "name": "Forscherin", "token": "t"}).status_code == 303
    data = workbook(tmp_path / "faelle.xlsx", [UNIQUE, SHARED], [SHARED_RELATION]).read_bytes()

    def upload(**flags):
        return client.post("/import/pruefen", content_type="multipart/form-data",
                           data={"csrf": csrf(), "graph": "faelle", **flags, "datei": (io.BytesIO(data), "faelle.xlsx")})
    plain = upload().get_data(as_text=True)
    assert 'name="anonymisiert"' in plain and "Anonymität:" not in plain
    checked = upload(anonymisiert="1").get_data(as_text=True)
    assert "Anonymität: 2 Fälle geprüft, 1 teilen weniger als 5 reale Orte." in checked
    assert "Fall »Fall A« (Akteure Zeile 2) – nur 3 Orte" in checked
    before = dump(store)
    refused = upload(streng="1")
    assert refused.status_code == 422 and "Zeile 2, Spalte Art" in refused.get_data(as_text=True)
    assert dump(store) == before


def test_a_land_programme_attached_to_a_study_case_would_expose_it(store, places):
    """Why the study's data attach nothing Land-related to a case (issue 13, correction 7): one Land
    programme on a kreisfreie Stadt's case leaves the few kreisfreie Städte of that Land."""
    from koopgraph.graph.imports.anonymity import exposed_cases
    from koopgraph.graph.imports.diff import graph_triples
    from koopgraph.graph.namespaces import GRAPH
    triples = graph_triples(store, GRAPH["faelle"])
    city = next(s for s, p, o in sorted(triples) if p == KG.printedType and o == ID["konzept/kommunaltyp/kreisfreie-stadt"]
                and sum(1 for t in triples if t[0] == s and t[1] == KG.printedType) == 1)
    programme = ID["programm/integrationskoordinatoren-sachsen"]
    cases, exposures = exposed_cases(store, triples | {(city, KG.usesProgramme, programme)})
    in_sachsen = sorted(p["name"] for p in places if p["type"] == "kfs" and p["land"] == SACHSEN)
    assert cases == 81 and [(e.case, e.count, e.remaining) for e in exposures] == [(city, len(in_sachsen), in_sachsen)]
    assert exposures[0].steps[-1] == ("Land Sachsen (über Landesprogramm)", len(in_sachsen))


def test_cases_round_trip_through_the_exported_workbook(store, tmp_path):
    from koopgraph.graph.imports.diff import graph_triples
    from koopgraph.graph.imports.export import export_template
    from koopgraph.graph.imports.run import graph_for
    import_files(store, [workbook(tmp_path / "faelle.xlsx", [UNIQUE, SHARED], [SHARED_RELATION])], name="f")
    first = graph_triples(store, graph_for("f"))
    case = next(s for s, p, o in first if p == KG.sizeClass)
    assert (case, KG.printedType, ID["konzept/kommunaltyp/landkreis"]) in first
    exported = tmp_path / "export.xlsx"
    assert export_template(store, "f", exported) == (2, 1)
    result = import_files(store, [exported], name="f", replace=True)
    assert result.difference.counts()["changed"] == {"Akteure": 0, "Beziehungen": 0}
    assert {t for t in graph_triples(store, graph_for("f")) if t[1] in (KG.printedType, KG.sizeClass)} == \
        {t for t in first if t[1] in (KG.printedType, KG.sizeClass)}


def test_a_case_sited_in_a_named_place_is_that_place(store, tmp_path):
    named = ["F3", "Fall C", "Fall", "Aulendorf", "", "", "", "kreisangehörige Kommune", "5.000 bis unter 20.000 Einwohner"]
    result = import_files(store, [workbook(tmp_path / "c.xlsx", [named])], dry_run=True, anonymised=True)
    [exposed] = result.anonymity.exposures
    assert exposed.count == 1 and exposed.remaining == ["Aulendorf"]
    assert exposed.steps[-1] == ("Sitz in Aulendorf (genannter Ort)", 1)
