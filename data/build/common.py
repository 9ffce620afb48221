"""Shared pieces of the dataset build: namespaces, source tables, ontology look-ups, errors."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS, XSD

KG = Namespace("https://w3id.org/koopgraph/ontology#")
ID = Namespace("https://w3id.org/koopgraph/id/")
GRAPH = Namespace("https://w3id.org/koopgraph/graph/")
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


class BuildError(Exception):
    """Bad input in a source table: names the file, the line and the column."""

    def __init__(self, message: str, *, file: Path | str, line: int | None = None,
                 column: str | None = None):
        self.file, self.line, self.column = str(file), line, column
        where = self.file + (f", line {line}" if line else "") + (f", column {column!r}" if column else "")
        super().__init__(f"{where}: {message}")


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


@dataclass(frozen=True)
class Row:
    """One data row of a source table, with its file and line for error messages."""

    file: Path
    line: int
    values: dict

    def __getitem__(self, column: str) -> str:
        return self.values[column]

    def error(self, message: str, column: str | None = None) -> BuildError:
        return BuildError(message, file=self.file, line=self.line, column=column)

    def integer(self, column: str, *, minimum: int | None = None) -> int:
        text = self[column]
        if not re.fullmatch(r"-?\d+", text):
            raise self.error(f"{text!r} is not a whole number", column)
        if minimum is not None and int(text) < minimum:
            raise self.error(f"{text} is below the smallest allowed value {minimum}", column)
        return int(text)

    def decimal(self, column: str, *, low: Decimal | None = None, high: Decimal | None = None) -> Literal:
        text = self[column]
        try:
            value = Decimal(text)
        except InvalidOperation as e:
            raise self.error(f"{text!r} is not a decimal number (use a point: 12.5)", column) from e
        if not re.fullmatch(r"-?\d+(\.\d+)?", text):
            raise self.error(f"{text!r} is not a plain decimal number", column)
        if (low is not None and value < low) or (high is not None and value > high):
            raise self.error(f"{text} lies outside {low}..{high}", column)
        return Literal(text, datatype=XSD.decimal)

    def choice(self, column: str, allowed) -> str:
        if self[column] not in allowed:
            raise self.error(f"{self[column]!r} is not one of {', '.join(sorted(allowed))}", column)
        return self[column]

    def split(self, column: str) -> list[str]:
        return [part for part in self[column].split("|") if part]


def read_table(path: Path, columns: list[str]) -> list[Row]:
    """Read a UTF-8 CSV source table; every named column must be present and no cell may be missing."""
    if not path.is_file():
        raise BuildError("source table not found", file=path)
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        missing = [c for c in columns if c not in (reader.fieldnames or [])]
        if missing:
            raise BuildError(f"missing column(s) {', '.join(missing)}", file=path, line=1)
        rows = []
        for values in reader:
            line = reader.line_num
            if None in values or any(v is None for v in values.values()):
                raise BuildError("wrong number of cells", file=path, line=line)
            rows.append(Row(path, line, {k: v.strip() for k, v in values.items()}))
    return rows


class Ontology:
    """The Turtle ontology (no shapes), used to check that every class and concept a table names exists."""

    def __init__(self, folder: Path):
        self.graph = Graph()
        files = sorted(p for p in folder.glob("*.ttl") if "shape" not in p.name)
        if not files:
            raise BuildError("no ontology files found", file=folder)
        for path in files:
            self.graph.parse(path, format="turtle")
        self.files = files

    def concept(self, key: str, row: Row, column: str, scheme: str | None = None) -> URIRef:
        """The concept ``<scheme>/<value>`` named in a cell; BuildError if unknown or in the wrong scheme."""
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
