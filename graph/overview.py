"""What the start page says about the store: the dataset description, its graphs and counts per class."""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import URIRef
from rdflib.term import Node

from .labels import labels_of
from .namespaces import KG
from .values import with_value_lists

# The classes the start page counts, in display order.
COUNTED_CLASSES = [KG.Land, KG.Landkreis, KG.KreisfreieStadt, KG.KreisangehoerigeKommune, KG.Akteur,
                   KG.Foerderprogramm, KG.Fall, KG.Kooperation, KG.Befund]

# bound: ?class (a list)
CLASS_COUNTS = """
SELECT ?class (COUNT(DISTINCT ?x) AS ?n) WHERE {
  ?x a/<http://www.w3.org/2000/01/rdf-schema#subClassOf>* ?class
} GROUP BY ?class"""

# Dataset descriptions (VoID or DCAT) and what they say; a subset is described under its superset.
DATASET_DESCRIPTION = """
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX void: <http://rdfs.org/ns/void#>
PREFIX dcat: <http://www.w3.org/ns/dcat#>
SELECT ?d ?p ?o WHERE {
  { ?d a void:Dataset } UNION { ?d a dcat:Dataset }
  FILTER NOT EXISTS { ?super void:subset ?d }
  ?d ?p ?o
  VALUES ?p { dcterms:title dcterms:description dcterms:source dcterms:bibliographicCitation
              dcterms:license dcterms:rights dcterms:issued dcterms:created dcterms:modified dcterms:publisher
              dcterms:creator }
}"""


@dataclass
class Overview:
    dataset: URIRef | None = None
    about: dict[str, list[Node]] = field(default_factory=dict)   # dcterms local name → values
    classes: list[tuple[URIRef, str, int]] = field(default_factory=list)
    graphs: list[tuple[URIRef, str, int]] = field(default_factory=list)
    labels: dict = field(default_factory=dict)

    @property
    def triples(self) -> int:
        return sum(n for _, _, n in self.graphs)


def overview(store) -> Overview:
    """The dataset description, counts per class and triples per named graph."""
    result = Overview()
    for row in store.query(DATASET_DESCRIPTION):
        if result.dataset in (None, row.d):
            result.dataset = row.d
            result.about.setdefault(str(row.p).rsplit("/", 1)[1], []).append(row.o)
    counts = class_counts(store)
    sizes = store.graph_sizes()
    labels = labels_of(store, list(counts) + list(sizes)
                       + [v for values in result.about.values() for v in values])
    result.classes = [(c, labels(c), counts.get(c, 0)) for c in COUNTED_CLASSES if counts.get(c)]
    result.graphs = sorted(((g, labels(g), n) for g, n in sizes.items()), key=lambda item: item[1].lower())
    result.labels = {t: labels(t) for values in result.about.values() for t in values}
    return result


def class_counts(store) -> dict[URIRef, int]:
    """Instances of each counted class, subclasses included."""
    rows = store.query(with_value_lists(CLASS_COUNTS, {"class": COUNTED_CLASSES}))
    return {row["class"]: int(row.n) for row in rows}
