"""The ontology: every term labelled and defined in German and English, edge groups and the README
table agree, and the shapes' allowed-concept lists match the SKOS schemes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH, SKOS
from study import ontology_graph

REPO = Path(__file__).resolve().parents[1]
KG = Namespace("https://w3id.org/koopgraph/ontology#")
GROUPS = {"county-municipality", "inter-municipal", "scaling-up", "programme", "membership", "other"}
TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)





@pytest.fixture
def onto() -> Graph:
    return ontology_graph(shapes=False)


@pytest.fixture
def shapes() -> Graph:
    return ontology_graph(shapes=True)


def terms(onto: Graph) -> set:
    return {s for t in TERM_TYPES for s in onto.subjects(RDF.type, t) if str(s).startswith(str(KG))}


@pytest.mark.parametrize("prop", [RDFS.label, SKOS.definition], ids=["label", "definition"])
def test_every_class_and_property_has_german_and_english(onto, prop):
    missing = [t for t in terms(onto) if {l.language for l in onto.objects(t, prop)} != {"de", "en"}]
    assert len(terms(onto)) > 100
    assert missing == []


def test_every_concept_and_scheme_is_labelled_and_defined(onto):
    nodes = set(onto.subjects(RDF.type, SKOS.Concept)) | set(onto.subjects(RDF.type, SKOS.ConceptScheme))
    bad = [n for n in nodes for p in (RDFS.label, SKOS.prefLabel, SKOS.definition)
           if sorted(l.language for l in onto.objects(n, p)) != ["de", "en"]]
    assert bad == []


def test_edge_groups_are_the_six_allowed_and_only_on_properties(onto):
    annotated = dict(onto.subject_objects(KG.edgeGroup))
    assert {str(g) for g in annotated.values()} == GROUPS
    for prop in annotated:
        assert prop == URIRef("http://www.w3.org/ns/org#subOrganizationOf") or \
            (prop, RDF.type, OWL.ObjectProperty) in onto, prop


def test_readme_edge_table_matches_the_ontology(onto):
    text = (REPO / "ontology" / "README.md").read_text(encoding="utf-8")
    table = dict(re.findall(r"^\| `((?:kg|org):\w+)` \| ([a-z-]+) \|", text, flags=re.M))
    expected = {onto.namespace_manager.normalizeUri(p): str(g) for p, g in onto.subject_objects(KG.edgeGroup)}
    assert table == expected


def test_derived_edges_name_existing_roles_and_kinds(onto):
    for prop in set(onto.subjects(KG.edgeSubjectRole, None)):
        for role in (*onto.objects(prop, KG.edgeSubjectRole), onto.value(prop, KG.edgeObjectRole)):
            assert (role, RDF.type, OWL.ObjectProperty) in onto, (prop, role)
        assert (onto.value(prop, KG.derivedFromKind), RDF.type, SKOS.Concept) in onto, prop


def test_allowed_concept_lists_match_the_schemes(onto, shapes):
    """Each named shape's sh:in list is exactly the members of one concept scheme."""
    checked = 0
    for shape, members in shapes.subject_objects(SH["in"]):
        if not isinstance(shape, URIRef):  # inline lists (e.g. the two target levels) are deliberate subsets
            continue
        values = set(shapes.items(members))
        common = set.intersection(*(set(onto.objects(v, SKOS.inScheme)) for v in values))
        assert any(set(onto.subjects(SKOS.inScheme, scheme)) == values for scheme in common), shape
        checked += 1
    assert checked == 10


def test_every_kg_class_in_the_data_has_a_shape(onto, shapes):
    used = set()
    for path in sorted((REPO / "data").glob("*.trig")):
        ds = Dataset()
        ds.parse(path, format="trig")
        used |= {o for _, p, o, _ in ds.quads((None, RDF.type, None, None)) if str(o).startswith(str(KG))}
    targeted = set(shapes.objects(None, SH.targetClass))
    unshaped = [c for c in used if not (set(onto.transitive_objects(c, RDFS.subClassOf)) & targeted)]
    assert unshaped == []


def test_shape_targets_are_declared_classes(onto, shapes):
    for cls in set(shapes.objects(None, SH.targetClass)):
        if str(cls).startswith(str(KG)):
            assert (cls, RDF.type, OWL.Class) in onto, cls


def test_every_edge_that_starts_at_the_case_also_starts_at_the_from_party(onto):
    """Own data has no case: its "Von" side (kg:fromParty) must give the same edges as the case does in
    cooperation relations (eigene-daten.ttl); statements about cases (kg:Fallmerkmal) stay the study's."""
    cooperation_kinds = set(onto.subjects(SKOS.inScheme, URIRef("https://w3id.org/koopgraph/id/konzept/kooperationsart")))
    from_case = {p for p in onto.subjects(KG.edgeSubjectRole, KG.case)
                 if onto.value(p, KG.derivedFromKind) in cooperation_kinds}
    assert len(from_case) == 6
    assert from_case == set(onto.subjects(KG.edgeSubjectRole, KG.fromParty))


def test_start_and_end_take_a_day_a_month_or_a_year(onto):
    XSD = "http://www.w3.org/2001/XMLSchema#"
    for prop in (KG.startDate, KG.endDate):
        datatype = onto.value(prop, RDFS.range)
        union = onto.value(onto.value(datatype, OWL.equivalentClass), OWL.unionOf)
        assert set(onto.items(union)) == {URIRef(XSD + n) for n in ("date", "gYearMonth", "gYear")}, prop
