"""SHACL validation with pySHACL against the shapes in ontology/, in plain words."""

from __future__ import annotations

from dataclasses import dataclass, field

import pyshacl
from koopgraph.ontology import ontology_files, shape_files
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS, SH

from .namespaces import PREFIXES

_UNION = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"


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


def validate_graph(data: Graph) -> ValidationReport:
    """Validate ``data`` against koopgraph's shapes, with the ontology mixed in.

    The ontology goes into the data graph itself (not only pySHACL's
    ``ont_graph``, which copies class definitions only): SPARQL constraints
    such as "every cooperation has its derived edge" read the edge rules there.
    """
    combined = Graph()
    combined += data
    combined += load_turtle(ontology_files())
    _, report_graph, _ = pyshacl.validate(
        combined, shacl_graph=load_turtle(shape_files()),
        allow_warnings=True, allow_infos=True, advanced=True)
    return ValidationReport(sorted(_findings(report_graph, combined), key=_order))


def validate_store(store) -> ValidationReport:
    """Validate everything the store holds (the union of its graphs)."""
    return validate_graph(store.query(_UNION).graph)


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
