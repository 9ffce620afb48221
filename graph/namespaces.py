"""The namespaces koopgraph's data uses, with their usual prefixes."""

from __future__ import annotations

from rdflib import Namespace

KG = Namespace("https://w3id.org/koopgraph/ontology#")
ID = Namespace("https://w3id.org/koopgraph/id/")
GRAPH = Namespace("https://w3id.org/koopgraph/graph/")

PREFIXES: dict[str, str] = {
    "kg": str(KG),
    "kgid": str(ID),
    "kggraph": str(GRAPH),
    "kgm": "https://w3id.org/koopgraph/metrik#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "void": "http://rdfs.org/ns/void#",
    "dcat": "http://www.w3.org/ns/dcat#",
    "qb": "http://purl.org/linked-data/cube#",
    "sh": "http://www.w3.org/ns/shacl#",
}


def sparql_prologue() -> str:
    """PREFIX declarations for all of :data:`PREFIXES`, to put before a query."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


def bind_prefixes(graph) -> None:
    """Bind the usual prefixes on an rdflib graph before it is serialised."""
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True)
