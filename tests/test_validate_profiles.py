"""The two validation profiles: the core profile every data set meets, the study profile for the study's
graphs only; `koopgraph load` checks the core profile (warnings, or refuses with --strict)."""

from __future__ import annotations


import pytest
from conftest import dump
from click.testing import CliRunner
from koopgraph.graph.errors import ValidationFailed
from koopgraph.graph.store import open_store
from koopgraph.graph.store.load import load_checked
from koopgraph.graph.validate import CORE, STUDY, validate_addition, validate_store
from koopgraph.web.cli import main
from rdflib import Graph

PREFIXES = """@prefix kg: <https://w3id.org/koopgraph/ontology#> .
@prefix rv: <https://w3id.org/koopgraph/id/eigene/rv/> .
@prefix gemeinde: <https://w3id.org/koopgraph/id/gemeinde/> .  # official IRIs (ARS), Gemeindeverzeichnis 31.12.2019
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix ka: <https://w3id.org/koopgraph/id/konzept/kooperationsart/> .
"""
# An own partner, as the county coordinator would write it by hand (correct).
OWN = PREFIXES + """
rv:verein a kg:Verein ; rdfs:label "Freundeskreis Asyl Aulendorf"@de ;
    kg:locatedIn gemeinde:084360008008 ; kg:startDate "2016"^^xsd:gYear .
rv:k1 a kg:Kooperation ; kg:cooperationKind ka:akteurskooperation ;
    kg:fromParty gemeinde:084360008008 ; kg:counterparty rv:verein ;
    kg:startDate "2016-03"^^xsd:gYearMonth ; kg:endDate "2016"^^xsd:gYear .
"""
# Each broken variant: (what is changed, the replacement, the message it must give, the value named)
BROKEN = {
    "unknown class": ("a kg:Verein", "a kg:Verien", "Unbekannte Klasse", "ontology#Verien"),
    "unknown property": ("kg:counterparty rv:verein", "kg:worksWithAktor rv:verein",
                         "Unbekannte Eigenschaft", "ontology#worksWithAktor"),
    "dangling reference": ("kg:fromParty gemeinde:084360008008", "kg:fromParty gemeinde:084360008080",
                           "Verweis ins Leere", "gemeinde/084360008080"),
    "invalid date": ('"2016"^^xsd:gYear .', '"2023-13-45"^^xsd:date .', "gültiges Datum", "2023-13-45"),
    "end before start": ('kg:endDate "2016"^^xsd:gYear', 'kg:endDate "2015-12-31"^^xsd:date',
                         "Ende liegt vor dem Beginn", "2015-12-31"),
    "support outside county relations": ("kg:counterparty rv:verein", "kg:supportingParty rv:verein",
                                         "Unterstützende und unterstützte Seite", None),
}


@pytest.fixture
def study_store():
    return open_store("memory")


def graph_of(text: str) -> Graph:
    return Graph().parse(data=text, format="turtle")


def test_the_study_meets_both_profiles(study_store):
    assert validate_store(study_store, (CORE,)).findings == []
    study = validate_store(study_store, (STUDY,))
    assert study.violations == [] and len(study.warnings) == 5   # the five cases printed with two types


def test_own_data_meets_the_core_profile_and_is_not_held_to_the_study_profile(study_store, tmp_path):
    """A Kommune of own data has no Landkreis and no study section: the study profile, which would
    demand them, applies to the study's graphs only."""
    path = tmp_path / "eigene.ttl"
    path.write_text(OWN + 'rv:kommune a kg:KreisangehoerigeGemeinde ; rdfs:label "Eigene Gemeinde"@de .\n')
    loaded, report = load_checked(study_store, [path], graph="https://w3id.org/koopgraph/graph/eigene/rv")
    assert report.findings == [] and loaded[0].triples == 12
    assert validate_store(study_store).violations == []
    only_core = graph_of(path.read_text())
    from koopgraph.graph.validate import validate_graph
    assert any("kg:inCounty" in f.message for f in validate_graph(only_core, (STUDY,)).violations)


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_each_broken_variant_gives_its_finding(study_store, case):
    old, new, message, value = BROKEN[case]
    assert old in OWN
    report = validate_addition(study_store, graph_of(OWN.replace(old, new)))
    matching = [f for f in report.violations if message in f.message]
    assert matching, [f.sentence() for f in report.findings]
    if value is not None:
        assert any(f.value and f.value.endswith(value) for f in matching)
    assert validate_addition(study_store, graph_of(OWN)).findings == []


def test_partial_dates_count_as_their_whole_period(study_store):
    """Start 2016-03 and end 2016 overlap (the end is 31 Dec 2016); start 2017 after end 2016-12 does not."""
    fine = OWN.replace('"2016-03"^^xsd:gYearMonth ; kg:endDate "2016"^^xsd:gYear', '"2016"^^xsd:gYear ; kg:endDate "2016-01"^^xsd:gYearMonth')
    assert validate_addition(study_store, graph_of(fine)).findings == []
    late = OWN.replace('"2016-03"^^xsd:gYearMonth', '"2017"^^xsd:gYear')
    assert [f.value for f in validate_addition(study_store, graph_of(late)).violations] == ["2016"]


def test_strict_load_refuses_and_writes_nothing(tmp_path, shipped_store_dir):
    store = open_store(shipped_store_dir)
    path = tmp_path / "tippfehler.ttl"
    path.write_text(OWN.replace("a kg:Verein", "a kg:Verien"))
    before = dump(store)
    with pytest.raises(ValidationFailed, match="Kernprofil"):
        load_checked(store, [path], strict=True)
    assert dump(store) == before
    store.close()


def test_load_command_warns_by_default_and_refuses_with_strict(tmp_path, shipped_store_dir):
    path = tmp_path / "tippfehler.ttl"
    path.write_text(OWN.replace("kg:fromParty gemeinde:084360008008", "kg:fromParty gemeinde:084360008080"))
    runner = CliRunner()
    store = shipped_store_dir
    strict = runner.invoke(main, ["load", "--store", store, "--strict", str(path)])
    assert strict.exit_code == 1 and "Verweis ins Leere" in strict.output and "Traceback" not in strict.output
    loose = runner.invoke(main, ["load", "--store", store, str(path)])
    assert loose.exit_code == 0, loose.output
    assert "Warnung (Kernprofil)" in loose.output and "gemeinde/084360008080" in loose.output
    assert "10 statements loaded" in loose.output
