"""SHACL validation with pySHACL: the shipped data conforms, broken fixtures do not.

Data are validated the way the store holds them: the union of the named graphs plus the ontology
(which the loader puts in graph/ontologie), with the ontology also given as ont_graph.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pyshacl
import pytest
from rdflib import Dataset, Graph, Namespace, URIRef
from rdflib.namespace import SH
from study import ontology_graph, study_graph

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "data"
KG = Namespace("https://w3id.org/koopgraph/ontology#")
KGSH = Namespace("https://w3id.org/koopgraph/shapes#")
ID = "https://w3id.org/koopgraph/id/"
CONFLICTING_CASES = {8, 24, 30, 65, 79}  # see test_dataset_faelle.CONFLICTS for the lines in the study


def trig_union(*paths: Path) -> Graph:
    union = Graph()
    for path in paths:
        ds = Dataset()
        ds.parse(path, format="trig")
        for s, p, o, _ in ds.quads((None, None, None, None)):
            union.add((s, p, o))
    return union


def validate(data: Graph) -> list[dict]:
    ontology = ontology_graph(shapes=False)
    _, report, _ = pyshacl.validate(data + ontology, shacl_graph=ontology_graph(shapes=True), ont_graph=ontology,
                                    advanced=True, allow_warnings=True, allow_infos=True)
    return [{"severity": report.value(r, SH.resultSeverity), "focus": report.value(r, SH.focusNode),
             "path": report.value(r, SH.resultPath), "shape": report.value(r, SH.sourceShape),
             "messages": {str(m) for m in report.objects(r, SH.resultMessage)}}
            for r in report.subjects(SH.resultSeverity, None)]


# The base layer's triples about the study's places, and all of one Land (Thüringen: Landkreise,
# kreisfreie Städte, Verwaltungsgemeinschaften, erfüllende Gemeinden, Städte and Gemeinden) to exercise its
# shapes; pySHACL would need ~10 minutes for all 205k triples (`koopgraph validate` does that).
BASE_LAYER_SAMPLE = """PREFIX kg: <https://w3id.org/koopgraph/ontology#>
CONSTRUCT { ?s ?p ?o } WHERE {
  { ?s a kg:Studienkommune } UNION { ?s kg:inLand <https://w3id.org/koopgraph/id/land/thueringen> }
  UNION { { ?place a kg:Studienkommune } UNION { ?place kg:inLand <https://w3id.org/koopgraph/id/land/thueringen> }
          ?place <http://www.opengis.net/ont/geosparql#hasGeometry>|kg:inAssociation|kg:inDistrict ?s }
  UNION { ?s kg:landKey ?key }
  GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), "https://w3id.org/koopgraph/graph/gebiet")) }"""


def base_layer_sample() -> Graph:
    store = ox.Store()
    for path in [REPO / "data" / "kommunen.trig", *sorted((REPO / "data" / "gebiet").glob("*.trig"))]:
        store.bulk_load(path=str(path), format=ox.RdfFormat.TRIG)
    triples = store.query(BASE_LAYER_SAMPLE, use_default_graph_as_union=True)
    return Graph().parse(data=triples.serialize(format=ox.RdfFormat.N_TRIPLES).decode(), format="nt")


@pytest.fixture(scope="session")
def shipped_report() -> list[dict]:
    """The shipped data's report, computed once: the tests only read it."""
    return validate(trig_union(*sorted((REPO / "data").glob("*.trig"))) + base_layer_sample())


def test_shipped_data_has_no_violation(shipped_report):
    violations = [r for r in shipped_report if r["severity"] == SH.Violation]
    assert violations == []


def test_the_sample_holds_the_base_layer_of_a_whole_land():
    sample = base_layer_sample()
    gemeinden = set(sample.subjects(KG.ars, None))
    assert len(gemeinden) > 600 and len(set(sample.subjects(KG.associationKey, None))) > 80


def test_case_type_conflicts_are_exactly_five_warnings(shipped_report):
    warnings = [r for r in shipped_report if r["severity"] == SH.Warning]
    assert {str(r["focus"]) for r in warnings} == {f"{ID}fall/{n}" for n in CONFLICTING_CASES}
    assert len(warnings) == len(CONFLICTING_CASES)
    assert all(r["path"] == KG.printedType and r["messages"] for r in warnings)


# fixture -> (focus node, result path or source shape) pairs that must be reported as violations
BROKEN = {
    "broken-kommune-zahlen.trig": [("kreisfreie-stadt/teststadt", KG.population),
                                   ("kreisfreie-stadt/teststadt", KG.foreignShare)],
    "broken-kommune-ohne-kreis.trig": [("kommune/testdorf", KG.inCounty)],
    "broken-kreis-anderes-land.trig": [("kommune/testdorf", KGSH.KreisangehoerigeKommune)],
    "broken-fremder-begriff.trig": [("kreisfreie-stadt/teststadt", KG.rurality),
                                    ("kreisfreie-stadt/teststadt", KG.headParty)],
    "broken-befund.trig": [("befund/prozent", KGSH.BefundProzent), ("grundgesamtheit/test", KGSH.Grundgesamtheit)],
    "broken-kooperation.trig": [("kooperation/test-1", KGSH.KooperationEinfluss),
                                ("kooperation/test-2", KGSH.KooperationAufgabe)],
    "broken-anonymitaet.trig": [("fall/7", KGSH.Fall), ("fall/7", KG.caseNumber)],
    "broken-kante-fehlt.trig": [("fall/14", KGSH.Fall)],
    "broken-programm.trig": [("programm/test", KG.fundedBy), ("programm/test", KGSH.Foerderprogramm)],
}


@pytest.mark.parametrize("fixture", sorted(BROKEN))
def test_broken_fixture_reports_its_violations(fixture):
    report = validate(trig_union(FIXTURES / fixture))
    found = {(str(r["focus"])[len(ID):], r["path"] if r["path"] is not None else r["shape"])
             for r in report if r["severity"] == SH.Violation}
    expected = {(focus, URIRef(where)) for focus, where in BROKEN[fixture]}
    assert expected <= found, f"missing {expected - found}; reported {found}"
    assert all(r["messages"] for r in report), "every result needs a plain-language message"


def test_every_broken_fixture_is_listed():
    assert {p.name for p in FIXTURES.glob("broken-*.trig")} == set(BROKEN)


def test_a_split_variable_outside_its_scheme_is_a_violation():
    """kg:splitBy names a concept of the scheme aufteilung (issue 16): a unit concept in its place is reported."""
    data = study_graph("befunde", ontology=False)
    part = URIRef(ID + "befund/kanal-abgeordnete-union")
    assert data.value(part, KG.splitBy) == URIRef(ID + "konzept/aufteilung/partei")
    assert not [r for r in validate(data) if r["severity"] == SH.Violation]
    data.set((part, KG.splitBy, URIRef(ID + "konzept/einheit/anzahl")))
    found = [r for r in validate(data) if r["severity"] == SH.Violation]
    assert [str(r["focus"]) for r in found] == [str(part)]
    assert "The split variable comes from the scheme aufteilung." in found[0]["messages"]
