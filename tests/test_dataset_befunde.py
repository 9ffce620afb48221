"""Aggregate findings: every one complete, and where the graph can count the same thing, the graph's
count (from the Anhang I data) equals the study's figure."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph, Namespace
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
