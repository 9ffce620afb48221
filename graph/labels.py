"""Human labels for RDF terms: German first, then English, then any, then the IRI's last part.

>>> from rdflib import Literal, URIRef
>>> best_label([Literal("State A", lang="en"), Literal("Land A", lang="de")])
'Land A'
>>> local_name(URIRef("https://w3id.org/koopgraph/ontology#inCounty"))
'inCounty'
>>> local_name(URIRef("https://w3id.org/koopgraph/id/kommune/obrigheim"))
'obrigheim'
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import Literal, URIRef
from rdflib.term import Node

from .bind import with_value_lists

LANGUAGE_ORDER = ("de", "en", "")

# The properties a label may come from, as a SPARQL property path.
LABEL_PATH = ("<http://www.w3.org/2000/01/rdf-schema#label>"
              "|<http://www.w3.org/2004/02/skos/core#prefLabel>"
              "|<http://purl.org/dc/terms/title>")


def language_rank(label: Literal) -> int:
    """0 for German, 1 for English, 2 for no language tag, 3 for others."""
    lang = (label.language or "").lower().split("-")[0]
    return LANGUAGE_ORDER.index(lang) if lang in LANGUAGE_ORDER else len(LANGUAGE_ORDER)


def best_label(labels: Iterable[Literal]) -> str | None:
    """The label to show: German before English before untagged; ties broken alphabetically."""
    ranked = sorted(labels, key=lambda label: (language_rank(label), str(label)))
    return str(ranked[0]) if ranked else None


def local_name(term: Node) -> str:
    """The part of an IRI after its last '#' or '/', for terms without a label."""
    text = str(term).rstrip("/")
    for separator in ("#", "/"):
        if separator in text:
            text = text.rsplit(separator, 1)[1]
            break
    return text or str(term)


_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_DCT = "http://purl.org/dc/terms/"
_PROV = "http://www.w3.org/ns/prov#"
# German names for the W3C terms the data uses, which have no label in the store.
STANDARD_LABELS = {URIRef(iri): label for iri, label in [
    (_RDF + "type", "Typ"), (_RDFS + "label", "Bezeichnung"), (_RDFS + "comment", "Kommentar"),
    (_RDFS + "subClassOf", "Unterklasse von"), (_RDFS + "subPropertyOf", "Untereigenschaft von"),
    (_RDFS + "domain", "Definitionsbereich"), (_RDFS + "range", "Wertebereich"),
    (_SKOS + "prefLabel", "Bezeichnung"), (_SKOS + "altLabel", "weitere Bezeichnung"),
    (_SKOS + "hiddenLabel", "gedruckte Schreibweise"), (_SKOS + "definition", "Definition"),
    (_SKOS + "inScheme", "im Begriffsschema"), (_SKOS + "broader", "Oberbegriff"),
    (_SKOS + "narrower", "Unterbegriff"), (_SKOS + "topConceptOf", "Spitzenbegriff von"),
    (_SKOS + "hasTopConcept", "Spitzenbegriff"), (_SKOS + "notation", "Kürzel"),
    (_DCT + "title", "Titel"), (_DCT + "description", "Beschreibung"), (_DCT + "source", "Quelle"),
    (_DCT + "isPartOf", "Teil von"), (_DCT + "license", "Lizenz"), (_DCT + "rights", "Rechte"),
    (_DCT + "issued", "veröffentlicht"), (_DCT + "creator", "Urheber"), (_DCT + "publisher", "Herausgeber"),
    (_DCT + "conformsTo", "folgt"), (_DCT + "bibliographicCitation", "Zitierweise"),
    (_DCT + "identifier", "Kennung"), (_PROV + "wasDerivedFrom", "abgeleitet aus"),
    (_PROV + "wasGeneratedBy", "erzeugt durch"), (_PROV + "used", "verwendet"),
    (_PROV + "endedAtTime", "beendet"), ("http://rdfs.org/ns/void#triples", "Tripel"),
    ("http://rdfs.org/ns/void#subset", "Teildatensatz"), ("http://purl.org/linked-data/cube#dataSet", "Datensatz"),
    ("http://www.w3.org/ns/org#subOrganizationOf", "gehört zu"),
]}


def label_or_name(labels: Iterable[Literal], term: Node) -> str:
    """The best label, else a German name for a W3C term, else a literal's text or the IRI's last part."""
    found = best_label(labels)
    if found is not None:
        return found
    if term in STANDARD_LABELS:
        return STANDARD_LABELS[term]
    return str(term) if not isinstance(term, URIRef) else local_name(term)


LABELS_OF_TERMS = f"SELECT ?x ?label WHERE {{ ?x {LABEL_PATH} ?label }}"  # bound: ?x (a list)
_CHUNK = 1000


class LabelIndex:
    """Labels of many terms, collected from (term, label) query rows."""

    def __init__(self, rows: Iterable[tuple[Node, Literal]] = ()) -> None:
        self._labels: dict[Node, list[Literal]] = {}
        for term, label in rows:
            self.add(term, label)

    def add(self, term: Node, label: Literal | None) -> None:
        if label is not None:
            self._labels.setdefault(term, []).append(label)

    def __call__(self, term: Node) -> str:
        return label_or_name(self._labels.get(term, ()), term)

    def all_labels(self, term: Node) -> list[Literal]:
        return list(self._labels.get(term, ()))


def labels_of(store, terms: Iterable[Node]) -> LabelIndex:
    """The labels of ``terms`` (IRIs; other terms are skipped), queried in chunks."""
    iris = sorted({t for t in terms if isinstance(t, URIRef)})
    index = LabelIndex()
    for start in range(0, len(iris), _CHUNK):
        sparql = with_value_lists(LABELS_OF_TERMS, {"x": iris[start:start + _CHUNK]})
        for row in store.query(sparql):
            index.add(row.x, row.label)
    return index
