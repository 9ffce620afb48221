"""A small, deterministic TriG writer: sorted subjects, predicates and objects, fixed prefixes.

rdflib's own serialiser is fine but may change its layout between versions; the dataset is
committed and checked byte for byte, so the layout is fixed here.
"""

from __future__ import annotations

import re

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

PREFIXES: list[tuple[str, str]] = [
    ("kg", "https://w3id.org/koopgraph/ontology#"),
    ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
    ("skos", "http://www.w3.org/2004/02/skos/core#"),
    ("org", "http://www.w3.org/ns/org#"),
    ("prov", "http://www.w3.org/ns/prov#"),
    ("dcterms", "http://purl.org/dc/terms/"),
    ("dcat", "http://www.w3.org/ns/dcat#"),
    ("void", "http://rdfs.org/ns/void#"),
    ("qb", "http://purl.org/linked-data/cube#"),
    ("kggraph", "https://w3id.org/koopgraph/graph/"),
    ("kgid", "https://w3id.org/koopgraph/id/"),
    ("land", "https://w3id.org/koopgraph/id/land/"),
    ("landkreis", "https://w3id.org/koopgraph/id/landkreis/"),
    ("kfs", "https://w3id.org/koopgraph/id/kreisfreie-stadt/"),
    ("kommune", "https://w3id.org/koopgraph/id/kommune/"),
    ("gemeinde", "https://w3id.org/koopgraph/id/gemeinde/"),
    ("verband", "https://w3id.org/koopgraph/id/gemeindeverband/"),
    ("kreis", "https://w3id.org/koopgraph/id/kreis/"),
    ("bezirk", "https://w3id.org/koopgraph/id/regierungsbezirk/"),
    ("geometrie", "https://w3id.org/koopgraph/id/geometrie/"),
    ("geo", "http://www.opengis.net/ont/geosparql#"),
    ("sf", "http://www.opengis.net/ont/sf#"),
    ("fall", "https://w3id.org/koopgraph/id/fall/"),
    ("merkmal", "https://w3id.org/koopgraph/id/merkmal/"),
    ("koop", "https://w3id.org/koopgraph/id/kooperation/"),
    ("programm", "https://w3id.org/koopgraph/id/programm/"),
    ("akteur", "https://w3id.org/koopgraph/id/akteur/"),
    ("gruppe", "https://w3id.org/koopgraph/id/akteursgruppe/"),
    ("befund", "https://w3id.org/koopgraph/id/befund/"),
    ("gg", "https://w3id.org/koopgraph/id/grundgesamtheit/"),
    ("k", "https://w3id.org/koopgraph/id/konzept/"),
]
# Concepts are IRIs .../konzept/<scheme>/<value>; each scheme gets its own prefix when written.
_CONCEPT_BASE = "https://w3id.org/koopgraph/id/konzept/"
_LOCAL = re.compile(r"[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?")
_PLAIN = {XSD.integer: re.compile(r"[+-]?\d+"), XSD.decimal: re.compile(r"[+-]?\d*\.\d+"),
          XSD.boolean: re.compile(r"true|false")}


def _prefixes_for(graph: Graph) -> list[tuple[str, str]]:
    schemes = {str(t)[len(_CONCEPT_BASE):].split("/")[0] for t in _terms(graph)
               if isinstance(t, URIRef) and str(t).startswith(_CONCEPT_BASE) and
               "/" in str(t)[len(_CONCEPT_BASE):]}
    return PREFIXES + [(s, f"{_CONCEPT_BASE}{s}/") for s in sorted(schemes)]


def _terms(graph: Graph):
    for triple in graph:
        yield from triple


class _Writer:
    """Renders terms with the given prefixes and remembers which prefixes were used."""

    def __init__(self, prefixes: list[tuple[str, str]]):
        self.prefixes = sorted(prefixes, key=lambda p: -len(p[1]))  # longest namespace first
        self.order = [p for p, _ in prefixes]
        self.used: set[str] = set()
        self.cache: dict = {}

    def iri(self, term: URIRef) -> str:
        if term == RDF.type:
            return "a"
        if term not in self.cache:
            self.cache[term] = self._compact(str(term))
        text, prefix = self.cache[term]
        if prefix:
            self.used.add(prefix)
        return text

    def _compact(self, text: str) -> tuple[str, str | None]:
        for prefix, ns in self.prefixes:
            if text.startswith(ns) and _LOCAL.fullmatch(text[len(ns):]):
                return f"{prefix}:{text[len(ns):]}", prefix
        return f"<{text}>", None

    def literal(self, lit: Literal) -> str:
        text = str(lit)
        if lit.datatype in _PLAIN and _PLAIN[lit.datatype].fullmatch(text):
            return text
        if "\n" in text:
            body = '"""' + text.replace("\\", "\\\\").replace('"', '\\"') + '"""'
        else:
            body = '"' + (text.replace("\\", "\\\\").replace('"', '\\"')
                          .replace("\r", "\\r").replace("\t", "\\t")) + '"'
        if lit.language:
            return f"{body}@{lit.language}"
        if lit.datatype and lit.datatype != XSD.string:
            return f"{body}^^{self.iri(lit.datatype)}"
        return body

    def term(self, term) -> str:
        if isinstance(term, Literal):
            return self.literal(term)
        if isinstance(term, URIRef):
            return self.iri(term)
        raise TypeError(f"blank nodes are not written by this writer: {term!r}")


def trig_text(graph_name: URIRef, graph: Graph) -> str:
    """The TriG document for one named graph, byte-stable for the same set of triples."""
    writer = _Writer(_prefixes_for(graph))
    body = [f"{writer.iri(graph_name)} {{"]
    for subject in sorted(set(graph.subjects()), key=writer.term):
        body.append("")
        body += _subject_block(graph, subject, writer)
    body += ["", "}", ""]
    head = [f"@prefix {p}: <{ns}> ." for p, ns in _prefixes_for(graph) if p in writer.used]
    return "\n".join(head + [""] + body)


def _subject_block(graph: Graph, subject, writer: _Writer) -> list[str]:
    predicates = sorted(set(graph.predicates(subject)),
                        key=lambda p: (p != RDF.type, p != RDFS.label, writer.iri(p)))
    out = []
    for i, predicate in enumerate(predicates):
        objects = sorted(writer.term(o) for o in graph.objects(subject, predicate))
        lead = f"{writer.term(subject)} " if i == 0 else "    "
        end = " ." if i == len(predicates) - 1 else " ;"
        out.append(f"{lead}{writer.iri(predicate)} {' , '.join(objects)}{end}")
    return out

