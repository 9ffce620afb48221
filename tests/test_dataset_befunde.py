"""Aggregate findings: every one complete, and where the graph can count the same thing, the graph's
count (from the Anhang I data) equals the study's figure."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import RDF, RDFS
from study import study_graph

REPO = Path(__file__).resolve().parents[1]
KG = Namespace("https://w3id.org/koopgraph/ontology#")


@pytest.fixture
def data() -> Graph:
    return study_graph()


def test_every_finding_is_complete(data):
    findings = set(data.subjects(RDF.type, KG.Befund))
    assert len(findings) > 100
    for f in findings:
        assert data.value(f, KG.value) is not None, f
        assert data.value(f, KG.unit) is not None, f
        assert (data.value(f, KG.basePopulation), RDF.type, KG.Grundgesamtheit) in data, f
        assert data.value(f, KG.municipalityType) is not None, f
        assert re.fullmatch(r"§\d+(\.\d+)*", str(data.value(f, KG.section))), f
        assert {l.language for l in data.objects(f, RDFS.label)} == {"de", "en"}, f


def test_graph_counts_agree_with_the_study(data):
    """Each kg:graphCountQuery yields one ?count equal to the finding's value or the population's size."""
    checked = []
    for node, query in data.subject_objects(KG.graphCountQuery):
        result = data.query(str(query))
        assert [str(v) for v in result.vars] == ["count"], node
        (count,) = [row[0].toPython() for row in result]
        expected = data.value(node, KG.value) if (node, RDF.type, KG.Befund) in data else data.value(node, KG.size)
        checked.append((str(node).rsplit("/", 1)[-1], count, expected.toPython()))
    assert checked and all(count == expected for _, count, expected in checked), checked


@pytest.mark.parametrize("channel", ["wahlkreisabgeordnete", "kommunale-spitzenverbaende", "landkreis-bezirk",
                                     "behoerden"])
def test_each_scaling_up_channel_has_findings(data, channel):
    iri = f"https://w3id.org/koopgraph/id/konzept/einflusskanal/{channel}"
    findings = [f for f in data.subjects(KG.channel, None) if str(data.value(f, KG.channel)) == iri
                and (f, RDF.type, KG.Befund) in data]
    assert findings, channel


def test_no_influence_at_all_is_a_finding(data):
    absent = [f for f in data.subjects(RDF.type, KG.Befund) if str(f).endswith("/keine-einflussnahme")]
    assert len(absent) == 1 and data.value(absent[0], KG.value).toPython() == 12


QB = Namespace("http://purl.org/linked-data/cube#")


def dimensions_of_findings(data: Graph) -> list:
    """The dimension properties of the findings' Data Cube structure, as the graph declares them."""
    dataset = next(data.objects(next(iter(data.subjects(RDF.type, KG.Befund))), QB.dataSet))
    structure = data.value(dataset, QB.structure)
    return [d for component in data.objects(structure, QB.component) for d in data.objects(component, QB.dimension)]


def test_no_two_findings_share_every_dimension(data):
    """Issue 16: 150 findings in 53 groups agreed in population, type and section; the headline finding
    tells a count over all types from its split by type, and every finding has one value per dimension."""
    dimensions = dimensions_of_findings(data)
    assert {KG.headlineFinding, KG.parentFinding} <= set(dimensions) and len(dimensions) == 5
    keys = {}
    for finding in data.subjects(RDF.type, KG.Befund):
        values = [list(data.objects(finding, d)) for d in dimensions]
        assert all(len(v) == 1 for v in values), (finding, values)
        key = tuple(v[0] for v in values)
        assert key not in keys, f"{finding} and {keys.get(key)} share every dimension"
        keys[key] = finding


def test_a_split_by_type_adds_up_to_its_headline_finding(data):
    """Where the study splits a count into the three types, the parts add up to the headline's figure (the
    headline names itself, the parts name it): the findings linked as parts are parts of it."""
    anzahl = URIRef("https://w3id.org/koopgraph/id/konzept/einheit/anzahl")
    parts: dict = {}
    for finding, headline in data.subject_objects(KG.headlineFinding):
        if finding != headline:
            assert data.value(headline, KG.headlineFinding) == headline, headline
            parts.setdefault(headline, []).append(finding)
    checked = 0
    for headline, split in parts.items():
        types = {data.value(f, KG.municipalityType) for f in split}
        if len(split) == 3 and len(types) == 3 and data.value(headline, KG.unit) == anzahl:
            if any(data.value(f, KG.inconsistencyNote) for f in [headline, *split]):
                continue  # the study's figures do not add up there, and the data say so
            assert sum(data.value(f, KG.value).toPython() for f in split) == data.value(headline, KG.value).toPython(), headline
            checked += 1
    assert checked >= 5


BEFUND = "https://w3id.org/koopgraph/id/befund/"
ANZAHL = URIRef("https://w3id.org/koopgraph/id/konzept/einheit/anzahl")
# Splits by a variable other than type that the study presents as complete (every part printed), so that
# the parts must add up to the whole: parent -> parts, with the section that prints them.
COMPLETE_SPLITS = {
    "keine-einflussnahme": ["keine-einflussnahme-unter-10000", "keine-einflussnahme-10000-20000",
                            "keine-einflussnahme-unter-50000"],                                  # §4.3.1, size
    "kanal-abgeordnete": ["kanal-abgeordnete-beide-ebenen", "kanal-abgeordnete-eine-ebene"],      # §4.3.2.1, level
    "kanal-behoerden-bund": ["kanal-bundesbehoerden-landkreise", "kanal-bundesbehoerden-kreisfreie",
                             "kanal-bundesbehoerden-kreisangehoerige"],                          # §4.3.2.4
    "neuetablierung-kreisangehoerige": ["neuetablierung-kreisangehoerige-gut",
                                        "neuetablierung-kreisangehoerige-weniger-gut"],          # §3.2.2, situation
    "neuetablierung-kreisfreie": ["neuetablierung-kreisfreie-gut", "neuetablierung-kreisfreie-weniger-gut"],
    "keine-anpassung": ["keine-anpassung-laendlich-weniger-gut", "keine-anpassung-sehr-laendlich-gut"],  # §3.2.1
    "im-kreis-aeussernd": ["im-kreis-austausch", "im-kreis-kein-austausch"],                      # §4.2.1
    "erfahrung-als-rahmen": ["erfahrung-positiv", "erfahrung-negativ", "erfahrung-unsicher"],     # §6.2.2
}


def test_each_davon_part_names_the_finding_it_is_part_of(data):
    """Issue 16: a "– davon" part by rurality, size, party or level named only itself as headline, so only
    its label told it from its whole. Now every finding has one parent finding that exists; a part's
    parent is another finding, never more than its count, and following parents ends at a finding that
    names itself."""
    findings = set(data.subjects(RDF.type, KG.Befund))
    parts = 0
    for finding in findings:
        parents = list(data.objects(finding, KG.parentFinding))
        assert len(parents) == 1 and parents[0] in findings, (finding, parents)
        label = str(next(l for l in data.objects(finding, RDFS.label) if l.language == "de"))
        if " – davon " in label:
            parts += 1
            assert parents[0] != finding, f"{finding} ({label}) names no finding it is part of"
        if parents[0] != finding and {data.value(f, KG.unit) for f in (finding, parents[0])} == {ANZAHL}:
            assert data.value(finding, KG.value).toPython() <= data.value(parents[0], KG.value).toPython(), finding
        seen = [finding]
        while data.value(seen[-1], KG.parentFinding) != seen[-1]:
            seen.append(data.value(seen[-1], KG.parentFinding))
            assert len(seen) < 6, f"parent findings of {finding} run in a circle: {seen}"
    assert parts >= 60


@pytest.mark.parametrize("whole", sorted(COMPLETE_SPLITS))
def test_a_complete_split_by_another_variable_adds_up_to_its_parent(data, whole):
    parent = URIRef(BEFUND + whole)
    split = [URIRef(BEFUND + part) for part in COMPLETE_SPLITS[whole]]
    assert all(data.value(part, KG.parentFinding) == parent for part in split), whole
    assert sum(data.value(part, KG.value).toPython() for part in split) == data.value(parent, KG.value).toPython()


AUFTEILUNG = "https://w3id.org/koopgraph/id/konzept/aufteilung/"
# what the German label of a part says when it splits by this variable (the label is written apart from the
# split_by column, so the two check each other)
SAID_IN_LABEL = {"laendlichkeit": r"ländlich", "lage": r"Lage", "einwohnerzahl": r"Einwohner",
                 "partei": r"Union|SPD", "zielebene": r"[Ee]bene|Land|Bund",
                 "laendlichkeit-und-lage": r"ländlich.*Lage", "region": r"ostdeutsch"}


def test_each_part_says_which_variable_splits_its_parent(data):
    """A part (parent finding another one) names one split variable of the scheme aufteilung, a whole none;
    a split by type differs from its parent in type, and the other variables show in the part's label."""
    split = 0
    for finding in data.subjects(RDF.type, KG.Befund):
        parent, variables = data.value(finding, KG.parentFinding), list(data.objects(finding, KG.splitBy))
        if parent == finding:
            assert variables == [], finding
            continue
        split += 1
        assert len(variables) == 1 and str(variables[0]).startswith(AUFTEILUNG), (finding, variables)
        variable = str(variables[0])[len(AUFTEILUNG):]
        if variable == "kommunaltyp":
            assert data.value(finding, KG.municipalityType) != data.value(parent, KG.municipalityType), finding
        elif variable in SAID_IN_LABEL:
            label = str(next(l for l in data.objects(finding, RDFS.label) if l.language == "de"))
            assert re.search(SAID_IN_LABEL[variable], label.split("–")[-1]), (finding, variable, label)
    assert split >= 140
