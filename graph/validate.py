"""SHACL validation with pySHACL against the shapes in ontology/, in plain words.

Two profiles: the **core** profile (``koopgraph-shapes-kern.ttl``) is what every data set meets — known
terms, valid dates, kinds and roles that fit, references that resolve; the **study** profile (the other
shape files: Anhang I columns, a section on every statement) applies to the study's named graphs only.
A batch about to be added (a load, an import) is checked with the core profile together with what the
store holds about the resources it mentions, and only findings about the batch are reported.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
from dataclasses import dataclass, field

import pyoxigraph as ox
from koopgraph.ontology import PROFILES, ontology_files, shape_files
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS, SH

from .bind import with_value_lists
from .namespaces import GRAPH, PREFIXES

_UNION = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
CORE, STUDY = PROFILES
OWN_DATA_GRAPHS = str(GRAPH) + "eigene/"   # the graphs `koopgraph import` writes
# the study's named graphs: those the dataset description lists as its parts (but the ontology)
STUDY_GRAPHS = """
SELECT ?g WHERE {
  GRAPH <https://w3id.org/koopgraph/graph/datensatz> { ?g <http://purl.org/dc/terms/isPartOf> <https://w3id.org/koopgraph/id/datensatz> }
  FILTER(?g != <https://w3id.org/koopgraph/graph/ontologie>)
}"""
# bound: ?g
GRAPH_TRIPLES = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"
# The core profile's two checks over every triple, run by Oxigraph (as SHACL-SPARQL constraints
# pySHACL's rdflib engine needs 9 s and 4 s for the study's 14,000 triples; Oxigraph milliseconds).
# A property in the kg: namespace that the ontology does not define (kg:worksWithAktor).
UNKNOWN_PROPERTIES = """
PREFIX owl: <http://www.w3.org/2002/07/owl#>
SELECT DISTINCT ?focus ?path ?value WHERE {
  { SELECT DISTINCT ?path WHERE { ?s ?path ?o } }
  FILTER(STRSTARTS(STR(?path), "https://w3id.org/koopgraph/ontology#"))
  FILTER NOT EXISTS { ?path a owl:ObjectProperty } FILTER NOT EXISTS { ?path a owl:DatatypeProperty }
  FILTER NOT EXISTS { ?path a owl:AnnotationProperty }
  ?focus ?path ?o . BIND(?path AS ?value)
}"""
# A reference into the dataset's IRIs (id/…) that nothing describes (kommune/aulendrof for Aulendorf).
DANGLING_REFERENCES = """
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?focus ?path ?value WHERE {
  ?focus ?path ?value . ?path a owl:ObjectProperty .
  FILTER(isIRI(?value) && STRSTARTS(STR(?value), "https://w3id.org/koopgraph/id/"))
  FILTER NOT EXISTS { ?value a ?anyType } FILTER NOT EXISTS { ?value rdfs:label ?anyLabel }
}"""
CORE_CHECKS = [
    (UNKNOWN_PROPERTIES, "Unbekannte Eigenschaft im kg:-Namensraum: die Ontologie kennt sie nicht (Tippfehler?)."),
    (DANGLING_REFERENCES, "Verweis ins Leere: über diese Adresse steht nichts in den Daten (Tippfehler in der IRI?)."),
]
# bound: ?x (a list) — what the store says about the resources a batch mentions: their types and labels,
# enough for sh:class and for the references-resolve check
CONTEXT = """CONSTRUCT { ?x a ?type . ?x <http://www.w3.org/2000/01/rdf-schema#label> ?label } WHERE {
  { ?x a ?type } UNION { ?x <http://www.w3.org/2000/01/rdf-schema#label> ?label }
}"""


@dataclass(frozen=True)
class Finding:
    """One validation result, said in words a person can act on."""

    severity: str  # "Violation", "Warning" or "Info"
    focus: str
    focus_label: str | None
    path: str | None
    message: str
    value: str | None

    def sentence(self) -> str:
        who = f"{self.focus_label!r} ({self.focus})" if self.focus_label else self.focus
        parts = [f"{self.severity}: {who}"]
        if self.path:
            parts.append(f"property {self.path}")
        parts.append(self.message)
        if self.value is not None:
            parts.append(f"found {self.value!r}")
        return " — ".join(parts)


@dataclass
class ValidationReport:
    findings: list[Finding] = field(default_factory=list)

    @property
    def violations(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "Violation"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity != "Violation"]

    @property
    def conforms(self) -> bool:
        return not self.violations


def load_turtle(paths) -> Graph:
    graph = Graph()
    for path in paths:
        graph.parse(path, format="turtle")
    return graph


def validate_graph(data: Graph, profiles=PROFILES) -> ValidationReport:
    """Validate ``data`` against the shapes of ``profiles``, with the ontology mixed in.

    The ontology goes into the data graph itself (not only pySHACL's
    ``ont_graph``, which copies class definitions only): SPARQL constraints
    such as "every cooperation has its derived edge" read the edge rules there.
    """
    import pyshacl  # ~0.3 s to import: only a validation needs it, not every command that names PROFILES

    combined = Graph()
    combined += data
    combined += load_turtle(ontology_files())
    with quiet_literal_warnings():
        _, report_graph, _ = pyshacl.validate(
            combined, shacl_graph=load_turtle(shape_files(profiles)),
            allow_warnings=True, allow_infos=True, advanced=True)
    findings = list(_findings(report_graph, combined))
    if CORE in profiles:
        findings += core_query_findings(combined)
    return ValidationReport(sorted(findings, key=_order))


def core_query_findings(data: Graph) -> list[Finding]:
    """The findings of CORE_CHECKS over ``data`` (ontology included), run by an in-memory Oxigraph."""
    store = ox.Store()
    store.load(data.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    found = []
    for sparql, message in CORE_CHECKS:
        for focus, path, value in store.query(sparql):
            focus_iri = URIRef(focus.value)
            found.append(Finding("Violation", str(focus_iri), _label(data, focus_iri), _short(URIRef(path.value)),
                                 message, value.value))
    return found


@contextmanager
def quiet_literal_warnings():
    """rdflib logs a traceback for every ill-typed literal ("2023-13-45"^^xsd:date) it meets; the
    shapes report those as findings a person can act on, so the log stays quiet meanwhile."""
    logger = logging.getLogger("rdflib.term")
    level = logger.level
    logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        logger.setLevel(level)


def validate_store(store, profiles=PROFILES) -> ValidationReport:
    """The core profile over everything the store holds, the study profile over the study's graphs."""
    findings = []
    if CORE in profiles:
        findings += validate_graph(store.query(_UNION).graph, (CORE,)).findings
    study = study_graphs(store)
    if STUDY in profiles and study:
        data = Graph()
        for g in study:
            data += store.query(GRAPH_TRIPLES, {"g": g}).graph
        findings += validate_graph(data, (STUDY,)).findings
    return ValidationReport(sorted(set(findings), key=_order))


def study_graphs(store) -> list[URIRef]:
    """The named graphs of the study dataset that ``store`` holds: those its description lists, or
    without a description (a file checked alone) every graph named under graph/ but own data."""
    listed = sorted(row.g for row in store.query(STUDY_GRAPHS))
    if listed:
        return listed
    return sorted(g for g in store.graph_sizes() if str(g).startswith(str(GRAPH))
                  and not str(g).startswith(OWN_DATA_GRAPHS) and g != GRAPH.ontologie)


def validate_addition(store, addition: Graph) -> ValidationReport:
    """The core profile over ``addition`` as it would stand in ``store``: with the types and labels the
    store holds for every resource the addition mentions; findings about the addition only."""
    mentioned = sorted({t for triple in addition for t in triple if isinstance(t, URIRef)})
    data = Graph()
    data += addition
    for start in range(0, len(mentioned), 2000):
        data += store.query(with_value_lists(CONTEXT, {"x": mentioned[start:start + 2000]})).graph
    own_terms = {str(t) for triple in addition for t in triple if isinstance(t, URIRef)}
    report = validate_graph(data, (CORE,))
    return ValidationReport([f for f in report.findings if f.focus in own_terms])


def _order(f: Finding):
    return (f.severity != "Violation", f.focus, f.path or "", f.message)


def _findings(report: Graph, data: Graph):
    for result in report.subjects(SH.resultSeverity, None):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        value = report.value(result, SH.value)
        yield Finding(
            severity=str(report.value(result, SH.resultSeverity)).rsplit("#", 1)[-1],
            focus=str(focus),
            focus_label=_label(data, focus),
            path=_short(path) if isinstance(path, URIRef) else None,
            message=_message(report, result),
            value=str(value) if value is not None else None,
        )


def _message(report: Graph, result) -> str:
    messages = list(report.objects(result, SH.resultMessage))
    # pySHACL drops the language of a SPARQL constraint's messages; the copy of the constraint in the
    # report still has them
    messages += list(report.objects(report.value(result, SH.sourceConstraint), SH.message))
    german = [m for m in messages if isinstance(m, Literal) and m.language == "de"]
    chosen = (german or messages or ["does not conform to its shape"])[0]
    return str(chosen)


def _label(data: Graph, node) -> str | None:
    labels = list(data.objects(node, RDFS.label))
    german = [lbl for lbl in labels if getattr(lbl, "language", None) == "de"]
    return str((german or labels)[0]) if labels else None


def _short(iri: URIRef) -> str:
    for prefix, ns in PREFIXES.items():
        if str(iri).startswith(ns):
            return f"{prefix}:{str(iri)[len(ns):]}"
    return f"<{iri}>"
