"""What the start page says about the store: the dataset description, its graphs and counts per class."""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Literal, URIRef

from ..bind import with_value_lists
from ..labels import best_label, labels_of
from ..namespaces import KG
from ..territory import BASE_LAYER_GRAPHS

# The classes the start page counts, in display order, with their German plural.
COUNTED_CLASSES = {
    KG.Land: "Länder", KG.Landkreis: "Landkreise", KG.KreisfreieStadt: "kreisfreie Städte",
    KG.KreisangehoerigeKommune: "kreisangehörige Kommunen", KG.Akteur: "Akteure und Akteursgruppen",
    KG.Foerderprogramm: "Förderprogramme", KG.Fall: "Interviewfälle (anonym)",
    KG.Kooperation: "Kooperations\u00adbeziehungen", KG.Befund: "Befunde der Studie",
}
# Where the store holds the official base layer, its kreisangehörige Kommunen are Gemeinden and Gemeinde-
# verbände (Amt, Samtgemeinde, Verwaltungsgemeinschaft …) together: the start page says so and counts both
# apart, so that no reader takes 11.897 for the number of Germany's municipalities.
OFFICIAL_CLASSES = {KG.Gemeinde: "Gemeinden (amtlich, mit kreisfreien Städten)",
                    KG.Gemeindeverband: "Gemeinde\u00adverbände (amtlich)"}
WITH_OFFICIAL_LABELS = {KG.KreisangehoerigeKommune: "kreisangehörige Kommunen: Gemeinden und Gemeinde\u00adverbände"}

# bound: ?class (a list)
CLASS_COUNTS = """
SELECT ?class (COUNT(DISTINCT ?x) AS ?n) WHERE {
  ?x a/<http://www.w3.org/2000/01/rdf-schema#subClassOf>* ?class
} GROUP BY ?class"""

# The description of the whole dataset (VoID or DCAT; not a subset of another) and of its source.
DATASET_DESCRIPTION = """
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX void: <http://rdfs.org/ns/void#>
PREFIX dcat: <http://www.w3.org/ns/dcat#>
SELECT ?d ?p ?o ?citation WHERE {
  { ?d a void:Dataset } UNION { ?d a dcat:Dataset }
  FILTER NOT EXISTS { ?super void:subset ?d }
  ?d ?p ?o
  VALUES ?p { dcterms:title dcterms:description dcterms:source dcterms:license dcterms:rights dcterms:issued }
  OPTIONAL { ?o dcterms:bibliographicCitation ?citation }
} ORDER BY ?d"""


@dataclass
class Overview:
    dataset: URIRef | None = None
    about: dict[str, str] = field(default_factory=dict)   # title, description, source, license, rights, issued
    classes: list[tuple[URIRef, str, int]] = field(default_factory=list)
    graphs: list[tuple[URIRef, str, int]] = field(default_factory=list)

    @property
    def triples(self) -> int:
        return sum(n for _, _, n in self.graphs)


def overview(store) -> Overview:
    """The dataset description, counts per class and triples per named graph."""
    result = Overview()
    result.dataset, result.about = dataset_description(store)
    counts = class_counts(store)
    sizes = store.graph_sizes()
    labels = labels_of(store, list(sizes))
    result.classes = [(c, plural, counts[c]) for c, plural in counted_classes(bool(BASE_LAYER_GRAPHS & set(sizes)))
                      if counts.get(c)]
    result.graphs = sorted(((g, labels(g), n) for g, n in sizes.items()), key=lambda item: item[1].lower())
    return result


def dataset_description(store) -> tuple[URIRef | None, dict[str, str]]:
    """The first top-level dataset and its description, one text per field (German preferred)."""
    dataset, values = None, {}
    for row in store.query(DATASET_DESCRIPTION):
        if dataset not in (None, row.d):
            break
        dataset = row.d
        key = str(row.p).rsplit("/", 1)[1]
        values.setdefault(key, []).append(row.citation if row.citation is not None else row.o)
    labels = labels_of(store, [v for found in values.values() for v in found])
    about = {}
    for key, found in values.items():
        literals = [v for v in found if isinstance(v, Literal)]
        about[key] = best_label(literals) if literals else labels(found[0])
    return dataset, about


def counted_classes(official: bool) -> list[tuple[URIRef, str]]:
    """The start page's classes in display order with their plural; with the ``official`` base layer the
    kreisangehörige Kommunen say what they are, followed by the Gemeinden and Gemeindeverbände apart."""
    if not official:
        return list(COUNTED_CLASSES.items())
    shown = []
    for c, plural in COUNTED_CLASSES.items():
        shown.append((c, WITH_OFFICIAL_LABELS.get(c, plural)))
        if c == KG.KreisangehoerigeKommune:
            shown.extend(OFFICIAL_CLASSES.items())
    return shown


def class_counts(store) -> dict[URIRef, int]:
    """Instances of each counted class, subclasses included."""
    rows = store.query(with_value_lists(CLASS_COUNTS, {"class": [*COUNTED_CLASSES, *OFFICIAL_CLASSES]}))
    return {row["class"]: int(row.n) for row in rows}


# The study's places (92 Kommunen of its sample), wherever the base layer adds the official rest.
STUDY_PLACES_COUNT = "SELECT (COUNT(DISTINCT ?n) AS ?n) WHERE { ?n a <https://w3id.org/koopgraph/ontology#Studienkommune> }"


def study_places_count(store) -> int:
    """How many of the study's sample places the store holds (0 without the study's data)."""
    return next((int(row.n) for row in store.query(STUDY_PLACES_COUNT)), 0)
