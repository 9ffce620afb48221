"""Anonymised cases, coded statements and browsing edges in the shipped data.

The case numbers printed with two different types are stated here with the lines of the study's
plain text where each type is printed. If that text is available (KOOPGRAPH_STUDY_TEXT, or
../shared/seed/ next to the repository) the citation list is also derived from it independently.
"""

from __future__ import annotations

import csv
import os
import re
from collections import defaultdict, deque
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS
from study import study_graph

REPO = Path(__file__).resolve().parents[1]
KG = Namespace("https://w3id.org/koopgraph/ontology#")
ID = "https://w3id.org/koopgraph/id/"
TYPE = {"Kreisfreie Stadt": "kreisfreie-stadt", "Kreisfreie Kommune": "kreisfreie-stadt",
        "Landkreis": "landkreis", "Kreisangehörige Kommune": "kreisangehoerige-kommune"}
# case -> printed type -> lines of the study text where the case is cited with that type
CONFLICTS = {
    8: {"Kreisangehörige Kommune": [442, 480, 1149], "Kreisfreie Stadt": [1360]},
    24: {"Kreisangehörige Kommune": [882], "Kreisfreie Stadt": [1498, 1543, 1776, 1820]},
    30: {"Kreisangehörige Kommune": [432], "Landkreis": [959]},
    65: {"Landkreis": [697, 764, 1419, 1573], "Kreisangehörige Kommune": [1490]},
    79: {"Kreisfreie Stadt": [842, 1163, 1372], "Kreisangehörige Kommune": [1399]},
}
ALLOWED_GROUPS = {"county-municipality", "inter-municipal", "scaling-up", "programme", "membership", "other"}
STUDY_TEXT = Path(os.environ.get("KOOPGRAPH_STUDY_TEXT", REPO.parent / "shared" / "seed" /
                                 "zwei-welten-integrationspolitik-in-stadt-und-land.txt"))
CITATION = re.compile(r"(Kreisfreie Stadt|Kreisangehörige Kommune|Landkreis|Kreisfreie Kommune|Kommune),?\s*#(\d+)")


@pytest.fixture
def data() -> Graph:
    return study_graph()


def case_iri(n: int) -> URIRef:
    return URIRef(f"{ID}fall/{n}")


def concept(key: str) -> URIRef:
    return URIRef(f"{ID}konzept/{key}")


def is_kommune(g: Graph, node) -> bool:
    return any(KG.Kommune in set(g.transitive_objects(t, RDFS.subClassOf)) for t in g.objects(node, RDF.type))


def readme_queries() -> list[str]:
    text = (REPO / "ontology" / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sparql\n(.*?)```", text, flags=re.S)


# --- anonymity -----------------------------------------------------------------------------------

def ancestors(g: Graph, targets: set) -> set:
    """All nodes from which some target can be reached along triples (subject -> object)."""
    incoming = defaultdict(set)
    for s, _, o in g:
        if isinstance(o, URIRef):
            incoming[o].add(s)
    seen, queue = set(targets), deque(targets)
    while queue:
        for s in incoming[queue.popleft()] - seen:
            seen.add(s)
            queue.append(s)
    return seen


def test_no_triple_path_between_a_case_and_a_named_municipality(data):
    cases = set(data.subjects(RDF.type, KG.Fall))
    kommunen = {s for s in set(data.subjects(RDF.type, None)) if is_kommune(data, s)}
    assert len(cases) > 0 and len(kommunen) == 92
    # No node (a case, a statement about a case, or anything else) reaches both a case and a Kommune,
    # so neither is reachable from the other and nothing states a link between them.
    both = ancestors(data, cases) & ancestors(data, kommunen)
    assert both == set()


def test_no_place_name_in_what_is_said_about_cases(data):
    names = set()
    for s in set(data.subjects(RDF.type, None)):
        if is_kommune(data, s) or (s, RDF.type, KG.Land) in data:
            names |= {str(label) for label in data.objects(s, RDFS.label)}
    case_graph = study_graph("faelle", ontology=False)
    texts = [str(o) for _, _, o in case_graph if isinstance(o, Literal)]
    hits = {n for n in names for t in texts if re.search(rf"(?<!\w){re.escape(n)}(?!\w)", t)}
    assert hits == set()


# --- the types the report prints -------------------------------------------------------------------

def test_case_type_conflicts_are_exactly_the_five(data):
    found = {int(data.value(c, KG.caseNumber)): set(data.objects(c, KG.printedType))
             for c in set(data.subjects(RDF.type, KG.Fall)) if len(set(data.objects(c, KG.printedType))) > 1}
    expected = {n: {concept(f"kommunaltyp/{TYPE[t]}") for t in types} for n, types in CONFLICTS.items()}
    assert found == expected


def study_citations() -> dict[int, dict[str, list[int]]]:
    cites: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for number, line in enumerate(STUDY_TEXT.read_text(encoding="utf-8").splitlines(), start=1):
        for m in CITATION.finditer(line):
            cites[int(m[2])][m[1]].append(number)
    return cites


@pytest.mark.skipif(not STUDY_TEXT.is_file(), reason="study text not available")
def test_cases_and_conflicts_match_the_study_text(data):
    cites = study_citations()
    derived = {n: {t: lines for t, lines in types.items()} for n, types in cites.items()
               if len({TYPE[t] for t in types if t in TYPE}) > 1}
    assert derived == CONFLICTS
    printed = {n: {concept(f"kommunaltyp/{TYPE[t]}") for t in types if t in TYPE} for n, types in cites.items()}
    in_data = {int(data.value(c, KG.caseNumber)): set(data.objects(c, KG.printedType))
               for c in set(data.subjects(RDF.type, KG.Fall))}
    assert in_data == printed
    assert 78 <= len(in_data) <= 84  # "about 80 distinct case numbers are cited"


@pytest.mark.skipif(not STUDY_TEXT.is_file(), reason="study text not available")
def test_coding_table_rows_point_at_real_citations():
    cites = study_citations()
    at_line = {(n, line): t for n, types in cites.items() for t, lines in types.items() for line in lines}
    with open(REPO / "data" / "build" / "faelle.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    wrong = [r for r in rows if at_line.get((int(r["case"]), int(r["line"]))) not in
             ({r["printed_type"]} if r["printed_type"] else {"Kommune"})]
    assert wrong == []
    assert {(int(r["case"]), int(r["line"])) for r in rows} == set(at_line)


# --- browsing edges ----------------------------------------------------------------------------------

def test_browsing_edge_query_of_the_readme(data):
    edge_query = readme_queries()[0]
    rows = list(data.query(edge_query))
    groups = {str(group) for _, _, _, group in rows}
    assert groups == ALLOWED_GROUPS
    annotated = {p for p, _ in data.subject_objects(KG.edgeGroup)}
    used = {p for p in set(data.predicates()) if (p, RDFS.subPropertyOf, KG.browsingEdge) in data}
    assert used <= annotated
    assert len(rows) == sum(1 for p in annotated for _ in data.triples((None, p, None)))


def test_every_derived_edge_has_a_source_and_section(data):
    provenance = readme_queries()[1]
    sourced = {(s, p, o) for s, p, o, _, section in data.query(provenance)
               if re.fullmatch(r"§\d+(\.\d+)*", str(section))}
    derived_props = set(data.subjects(KG.edgeSubjectRole, None))
    derived = {(s, p, o) for p in derived_props for s, _, o in data.triples((None, p, None))}
    assert derived and derived == sourced


def test_every_scaling_up_statement_gives_a_path_to_its_level(data):
    influence = concept("kooperationsart/einflussnahme")
    levels = set()
    for k in set(data.subjects(KG.cooperationKind, influence)) & set(data.subjects(RDF.type, KG.Kooperation)):
        case, channel, level = (data.value(k, p) for p in (KG.case, KG.channel, KG.targetLevel))
        assert (case, KG.influencesVia, channel) in data
        assert (channel, KG.addressesLevel, level) in data
        levels.add(level)
    assert levels == {concept("ebene/land"), concept("ebene/bund")}


def test_county_relations_point_to_the_unnamed_county_side(data):
    county_kind = concept("kooperationsart/landkreis-kommune")
    groups = {URIRef(f"{ID}akteursgruppe/landkreise"), URIRef(f"{ID}akteursgruppe/kreisangehoerige-kommunen")}
    for k in set(data.subjects(KG.cooperationKind, county_kind)):
        sides = set(data.objects(k, KG.counterparty)) | set(data.objects(k, KG.supportingParty)) | \
            set(data.objects(k, KG.supportedParty))
        assert sides - {data.value(k, KG.case)} <= groups
