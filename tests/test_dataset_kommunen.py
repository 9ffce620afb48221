"""Anhang I and the territorial structure against the shipped data.

Expected values come from tests/data/anhang-i.txt (the annex table rows copied verbatim) read by a
parser written here - not by the build script - and the dataset is read with rdflib directly.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, SKOS
from study import (
    AnnexRow,
    clean_name,
    german_int,
    party_tokens,
    read_annex,
    study_graph,
    unbreak,
)

KG = Namespace("https://w3id.org/koopgraph/ontology#")
KONZEPT = "https://w3id.org/koopgraph/id/konzept/"

TYPE_CLASS = {"kreisfreie Stadt": KG.KreisfreieStadt, "Landkreis": KG.Landkreis,
              "kreisangehörige Kommune": KG.KreisangehoerigeKommune}
RURALITY = {"nicht": "laendlichkeit/nicht-laendlich", "eher": "laendlichkeit/eher-laendlich",
            "sehr": "laendlichkeit/sehr-laendlich"}
SOCIO = {"gut": "soziooekonomische-lage/gut", "weniger gut": "soziooekonomische-lage/weniger-gut"}


@pytest.fixture
def annex() -> list[AnnexRow]:
    rows = read_annex()
    assert len(rows) == 92, "the annex table has 92 rows"
    return rows


@pytest.fixture
def data() -> Graph:
    return study_graph("kommunen", "struktur")


def classes_of(g: Graph, node) -> set:
    """Every class of ``node``, superclasses included."""
    return {c for t in g.objects(node, RDF.type) for c in g.transitive_objects(t, RDFS.subClassOf)}


def municipality(g: Graph, name: str) -> URIRef:
    """The one node labelled ``name``@de that is a kg:Kommune (by class hierarchy)."""
    found = [s for s in g.subjects(RDFS.label, Literal(name, lang="de")) if KG.Kommune in classes_of(g, s)]
    assert len(found) == 1, f"{name!r}: {found}"
    return found[0]


def concept_labels(g: Graph, concept) -> set[str]:
    return {str(l) for p in (SKOS.prefLabel, SKOS.altLabel, SKOS.hiddenLabel) for l in g.objects(concept, p)}


def check_name(g, node, row):
    return str(g.value(node, RDFS.label)) == clean_name(row.name)


def check_land(g, node, row):
    land = g.value(node, KG.inLand)
    return Literal(unbreak(row.land), lang="de") in set(g.objects(land, RDFS.label))


def check_type(g, node, row):
    return TYPE_CLASS[row.type] in classes_of(g, node) and KG.Studienkommune in classes_of(g, node)


def check_population(g, node, row):
    values = list(g.objects(node, KG.population))
    return len(values) == 1 and values[0].toPython() == german_int(row.population)


def check_foreign_share(g, node, row):
    values = list(g.objects(node, KG.foreignShare))
    if row.foreign_share == "n/a":
        return values == []
    return len(values) == 1 and Decimal(str(values[0])) == Decimal(row.foreign_share.replace(",", "."))


def check_rurality(g, node, row):
    return set(g.objects(node, KG.rurality)) == {URIRef(KONZEPT + RURALITY[row.rurality])}


def check_socio(g, node, row):
    return set(g.objects(node, KG.socioEconomicSituation)) == {URIRef(KONZEPT + SOCIO[row.socio])}


def check_head_party(g, node, row):
    values = list(g.objects(node, KG.headParty))
    return len(values) == 1 and row.head_party in concept_labels(g, values[0])


def check_council(g, node, row):
    values = list(g.objects(node, KG.councilMajority))
    tokens = party_tokens(row.council)
    matched = [[v for v in values if t in concept_labels(g, v)] for t in tokens]
    return len(values) == len(tokens) and all(len(m) == 1 for m in matched) and \
        len({m[0] for m in matched}) == len(tokens)


COLUMNS = [check_name, check_land, check_type, check_population, check_foreign_share, check_rurality,
           check_socio, check_head_party, check_council]


@pytest.mark.parametrize("check", COLUMNS, ids=[c.__name__[6:] for c in COLUMNS])
def test_every_annex_value_is_in_the_data(annex, data, check):
    wrong = [row.name for row in annex if not check(data, municipality(data, clean_name(row.name)), row)]
    assert wrong == [], f"{check.__name__} differs for {wrong}"


def test_no_other_municipalities(annex, data):
    nodes = {s for s in data.subjects(RDF.type, None) if classes_of(data, s) & set(TYPE_CLASS.values())}
    assert len(nodes) == len(annex)
    assert set(data.subjects(RDF.type, KG.Studienkommune)) == nodes


@pytest.mark.parametrize("printed_type", sorted(TYPE_CLASS))
def test_count_by_type(annex, data, printed_type):
    expected = sum(1 for row in annex if row.type == printed_type)
    found = {s for s in data.subjects(RDF.type, None) if TYPE_CLASS[printed_type] in classes_of(data, s)}
    assert len(found) == expected
    assert expected in (23, 24, 45)


def german_label(g: Graph, node) -> str:
    return str(next(label for label in g.objects(node, RDFS.label) if label.language == "de"))


def test_count_by_land(annex, data):
    expected = Counter(unbreak(row.land) for row in annex)
    found = Counter(german_label(data, data.value(s, KG.inLand)) for s in set(data.subjects(KG.inLand, None)))
    assert found == expected
    assert len(expected) == 12


@pytest.mark.parametrize("printed,clean", [("Neckar-Oden- wald-Kreis", "Neckar-Odenwald-Kreis"),
                                           ("Fronten- hausen", "Frontenhausen"),
                                           ("Kyffhäuser- kreis", "Kyffhäuserkreis"),
                                           ("Dessau- Roßlau", "Dessau-Roßlau"),
                                           ("Bad Sooden- Allendorf", "Bad Sooden-Allendorf"),
                                           ("Büsum- Wesselburen", "Büsum-Wesselburen"),
                                           ("Elbtalae", "Elbtalaue"), ("Kusel- Altenglang", "Kusel-Altenglan"),
                                           ("Bad-Düben", "Bad Düben"), ("Malente (V)", "Malente")])
def test_corrected_names_keep_the_printed_form(data, printed, clean):
    node = municipality(data, clean)
    assert Literal(printed, lang="de") in set(data.objects(node, SKOS.hiddenLabel))


# --- the Länder as the study sees them (struktur); Kreis membership is tested in test_gebiet.py ---------

def test_sixteen_laender_twelve_sampled(annex, data):
    laender = set(data.subjects(RDF.type, KG.Land))
    assert len(laender) == 16
    assert len(set(data.subjects(RDF.type, KG.Bund))) == 1
    assert {german_label(data, land) for land in laender} >= {unbreak(r.land) for r in annex}
    not_sampled = {german_label(data, land) for land in laender if data.value(land, RDFS.comment) is not None}
    assert not_sampled == {"Berlin", "Bremen", "Hamburg", "Saarland"}  # §2.3.1


def test_no_county_membership_is_credited_to_the_study(data):
    assert set(data.subject_objects(KG.inCounty)) == set()
