"""The corrections of issue 13, part C, each checked against the shipped data (read with rdflib)."""

from __future__ import annotations

import re
from collections import Counter

from rdflib import Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, SKOS
from study import read_annex, study_graph, unbreak

KG = Namespace("https://w3id.org/koopgraph/ontology#")
ID = "https://w3id.org/koopgraph/id/"
KONZEPT = ID + "konzept/"
TYPE_WORDS = {"kreisangehörige": "kreisangehoerige-kommune", "kreisfreie": "kreisfreie-stadt", "Landkreise": "landkreis"}


# 1. the stable cases of §3.3.2 are no longer filed under §3.3.1
def test_sustainability_codes_sit_in_their_own_section():
    data = study_graph("faelle", ontology=False)
    sections = {"stabil": set(), "instabil": set()}
    for statement, value in data.subject_objects(KG.codedValue):
        kind = str(value)[len(KONZEPT + "nachhaltigkeit/"):] if str(value).startswith(KONZEPT + "nachhaltigkeit/") else None
        if kind in sections:
            sections[kind].add(str(data.value(statement, KG.section)))
    assert sections == {"stabil": {"§3.3.2"}, "instabil": {"§3.3.1"}}


# 2. one rule for "davon" findings; counts are not shares
def findings():
    data = study_graph("befunde", ontology=False)
    for node in data.subjects(RDF.type, KG.Befund):
        label = next(str(l) for l in data.objects(node, RDFS.label) if l.language == "de")
        yield data, node, label


def test_no_count_is_called_a_share():
    wrong = [label for data, node, label in findings()
             if data.value(node, KG.unit) == URIRef(KONZEPT + "einheit/anzahl")
             and (label.startswith("Anteil") or any(str(l).startswith("share") for l in data.objects(node, RDFS.label)))]
    assert wrong == []


def test_the_words_before_davon_name_the_base_population():
    wrong = []
    for data, node, label in findings():
        if " – davon " not in label:
            continue
        before = label.split(" – davon ")[0]
        population_type = str(data.value(data.value(node, KG.basePopulation), KG.municipalityType)).rsplit("/", 1)[1]
        named = {key for word, key in TYPE_WORDS.items() if re.search(rf"\b{word}\b", before)}
        if named and population_type not in named:
            wrong.append(label)
    assert wrong == []
    assert not any("nicht so zwei" in label for _, _, label in findings())


def test_rounding_mismatches_carry_a_note():
    data = study_graph("befunde", ontology=False)
    for slug in ("fusion-prozent", "kanal-spitzenverbaende-kreisangehoerige-prozent"):
        assert data.value(URIRef(ID + "befund/" + slug), KG.inconsistencyNote) is not None, slug


# 3. no count query that counts the project's own concepts
def test_count_queries_count_municipalities_of_the_study_not_concepts():
    data = study_graph("befunde", ontology=False)
    queries = [str(q) for q in data.objects(None, KG.graphCountQuery)]
    assert queries and not any("skos:inScheme" in q for q in queries)
    assert all("kg:Studienkommune" in q or "?l a kg:Land" in q for q in queries)


# 4. derived eligibility says so; "Bildung integriert" gets no funder the study does not name
def test_derived_eligibility_is_labelled_derived_wherever_it_is_shown():
    from koopgraph.graph.explore.facets import FACET_BY_KEY

    onto = study_graph("programme", ontology=True)
    assert all("abgeleitet" in str(l) or "derived" in str(l) for l in onto.objects(KG.eligibleFor, RDFS.label))
    assert "abgeleitet" in FACET_BY_KEY["programm"].title
    rule = study_graph("programme-abgeleitet", ontology=False)
    comment = " ".join(str(c) for c in rule.objects(URIRef(ID + "regel/antragsberechtigung"), RDFS.comment))
    assert "alle sechs" in comment and "all six" in comment


def test_programmes_carry_only_what_the_study_says():
    data = study_graph("programme", ontology=False)
    assert data.value(URIRef(ID + "programm/bildung-integriert"), KG.fundedBy) is None
    nrw = " ".join(str(c) for c in data.objects(URIRef(ID + "programm/kommunale-integrationszentren-nrw"), RDFS.comment))
    assert "Kreisen" not in nrw and "counties" not in nrw


# 6. the project's own codes are marked as such
def test_own_interpretive_codes_are_labelled_as_such():
    onto = study_graph("befunde", ontology=True)
    codes = set(onto.subjects(SKOS.inScheme, URIRef(KONZEPT + "kodierung")))
    assert len(codes) == 11
    assert all(any("Projekts" in str(n) for n in onto.objects(c, SKOS.scopeNote)) for c in codes)


# 7. anonymity: a warning on every case, and nothing tied to a Land attached to one
YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")


def allowed_year(text: str, match: re.Match) -> bool:
    """The study's reference period (2015, 2015/16) and decades ("1990er", "1990s") point to no particular Land."""
    return match.group() == "2015" or text[match.end():].startswith(("er", "s "))


def test_every_case_carries_the_anonymity_warning():
    data = study_graph("faelle", ontology=False)
    cases = set(data.subjects(RDF.type, KG.Fall))
    assert len(cases) == 81
    assert all({l.language for l in data.objects(c, KG.anonymityNote)} == {"de", "en"} for c in cases)


def test_no_land_correlated_fact_is_attached_to_a_case():
    cases = study_graph("faelle", ontology=False)
    context = study_graph("programme", "struktur", ontology=False)
    land_programmes = set(context.subjects(KG.appliesInLand, None))
    laender = set(context.subjects(RDF.type, KG.Land))
    objects = {o for _, _, o in cases if isinstance(o, URIRef)}
    assert objects & (land_programmes | laender) == set()
    dated = [str(o) for _, p, o in cases if isinstance(o, Literal) and p != KG.anonymityNote
             and any(not allowed_year(str(o), m) for m in YEAR.finditer(str(o)))]
    assert dated == []


# 8. the sampling design as data on the dataset description
def test_sampling_design_is_on_the_dataset_description():
    data = study_graph("datensatz", ontology=False)
    design = data.value(URIRef(ID + "datensatz"), KG.samplingDesign)
    numbers = {p: data.value(design, p).toPython() for p in (KG.plannedSize, KG.realisedSize, KG.interviewCount)}
    assert numbers == {KG.plannedSize: 96, KG.realisedSize: 92, KG.interviewCount: 182}
    strata = list(data.objects(design, KG.stratum))
    assert sum(data.value(s, KG.realisedSize).toPython() for s in strata) == len(read_annex())
    assert sum(data.value(s, KG.plannedSize).toPython() for s in strata) == 96
    struktur = study_graph("struktur", ontology=False)
    sampled = {str(label) for land in data.objects(design, KG.sampledLand)
               for label in struktur.objects(land, RDFS.label) if label.language == "de"}
    assert sampled == {unbreak(r.land) for r in read_annex()} and len(sampled) == 12
    assert Counter(r.type for r in read_annex()) == Counter(
        {"kreisfreie Stadt": 23, "Landkreis": 24, "kreisangehörige Kommune": 45})
