"""The namespaces koopgraph's data uses, with their usual prefixes."""

from __future__ import annotations

import functools
import re
from importlib import resources

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


# Vocabularies people often write a prefix for without declaring it (suggested in error messages).
WELL_KNOWN: dict[str, str] = {
    "foaf": "http://xmlns.com/foaf/0.1/",
    "schema": "https://schema.org/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dct": "http://purl.org/dc/terms/",
    "geo": "http://www.opengis.net/ont/geosparql#",
    "wgs84": "http://www.w3.org/2003/01/geo/wgs84_pos#",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "sd": "http://www.w3.org/ns/sparql-service-description#",
}
_PREFIX_LINE = re.compile(r"^@prefix ([A-Za-z][\w.-]*)?: <([^>]*)> \.$", re.MULTILINE)


@functools.cache
def dataset_prefixes() -> dict[str, str]:
    """The prefixes the shipped data are written with (``land:``, ``kommune:``, ``kommunaltyp:`` …),
    read from the ``@prefix`` lines of its TriG files, after :data:`PREFIXES`.

    >>> dataset_prefixes()["land"]
    'https://w3id.org/koopgraph/id/land/'
    """
    found = dict(PREFIXES)
    files = [f for f in resources.files("koopgraph.data").iterdir() if f.name.endswith(".trig")]
    for folder in (f for f in resources.files("koopgraph.data").iterdir() if f.is_dir()):
        files += [f for f in folder.iterdir() if f.name.endswith(".trig")]
    for file in sorted(files, key=lambda f: f.name):
        with file.open(encoding="utf-8") as text:
            head = text.read(20_000)  # the prologue; files of the base layer are megabytes long
        for prefix, iri in _PREFIX_LINE.findall(head):
            found.setdefault(prefix, iri)
    return found


def sparql_prologue() -> str:
    """PREFIX declarations for all of :data:`PREFIXES`, to put before a query."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


def bind_prefixes(graph) -> None:
    """Bind the usual prefixes on an rdflib graph before it is serialised."""
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True)
