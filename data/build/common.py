"""Shared pieces of the dataset build: namespaces, ontology look-ups (source tables are read by
:mod:`koopgraph.graph.store.tables`)."""

from __future__ import annotations

import re
from pathlib import Path

from koopgraph.graph.errors import TableError
from koopgraph.graph.namespaces import GRAPH, ID, KG  # noqa: F401 (the build's modules import them from here)
from koopgraph.graph.store.tables import Row, read_table  # noqa: F401 (the build's modules import them from here)
from koopgraph.ontology import is_shapes_file
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

KONZEPT = Namespace("https://w3id.org/koopgraph/id/konzept/")
ORG = Namespace("http://www.w3.org/ns/org#")
PROV = Namespace("http://www.w3.org/ns/prov#")
QB = Namespace("http://purl.org/linked-data/cube#")
VOID = Namespace("http://rdfs.org/ns/void#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCTERMS = Namespace("http://purl.org/dc/terms/")

# IRI folder for each of the study's municipality types (column "Kommunaltyp" of Anhang I).
TYPE_FOLDER = {"kreisfreie-stadt": "kreisfreie-stadt", "landkreis": "landkreis",
               "kreisangehoerige-kommune": "kommune"}
TYPE_CLASS = {"kreisfreie-stadt": KG.KreisfreieStadt, "landkreis": KG.Landkreis,
              "kreisangehoerige-kommune": KG.KreisangehoerigeKommune}


def slugify(text: str) -> str:
    """Readable ASCII slug: lower case, umlauts transliterated, hyphens.

    >>> slugify("Lüchow (Wendland)")
    'luechow-wendland'
    >>> slugify("Dessau-Roßlau")
    'dessau-rosslau'
    """
    text = text.lower()
    for umlaut, plain in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(umlaut, plain)
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


class Ontology:
    """The Turtle ontology (no shapes), used to check that every class and concept a table names exists."""

    def __init__(self, folder: Path):
        self.graph = Graph()
        files = sorted(p for p in folder.glob("*.ttl") if not is_shapes_file(p))
        if not files:
            raise TableError("no ontology files found", file=folder)
        for path in files:
            self.graph.parse(path, format="turtle")
        self.files = files

    def concept(self, key: str, row: Row, column: str, scheme: str | None = None) -> URIRef:
        """The concept ``<scheme>/<value>`` named in a cell; TableError if unknown or in the wrong scheme."""
        iri = KONZEPT[key]
        if (iri, RDF.type, SKOS.Concept) not in self.graph:
            raise row.error(f"{key!r} is not a concept of the ontology", column)
        if scheme and (iri, SKOS.inScheme, KONZEPT[scheme]) not in self.graph:
            raise row.error(f"{key!r} is not in the scheme {scheme!r}", column)
        return iri

    def kg_class(self, name: str, row: Row, column: str, within: URIRef | None = None) -> URIRef:
        """The class ``kg:<name>``; with ``within``, it must be that class or one of its subclasses."""
        iri = KG[name]
        if (iri, RDF.type, OWL.Class) not in self.graph:
            raise row.error(f"kg:{name} is not a class of the ontology", column)
        if within is not None and within not in self.graph.transitive_objects(iri, RDFS.subClassOf):
            raise row.error(f"kg:{name} is not a kind of {within.n3(self.graph.namespace_manager)}", column)
        return iri

    def label(self, iri: URIRef, lang: str) -> str:
        for value in self.graph.objects(iri, RDFS.label):
            if value.language == lang:
                return str(value)
        raise KeyError(f"{iri} has no rdfs:label@{lang}")


def add_labels(graph: Graph, node: URIRef, de: str, en: str | None = None, prop=RDFS.label) -> None:
    """Attach a German and (if given) an English literal of ``prop`` to ``node``."""
    graph.add((node, prop, Literal(de, lang="de")))
    if en:
        graph.add((node, prop, Literal(en, lang="en")))
