"""The dataset's classes, properties and German names, for the workbench's autocompletion.

All lists come from the store itself (terms declared in the ontology and
terms in use, labels), never from an outside service.

>>> from koopgraph.graph.store import open_store
>>> store = open_store("memory", empty=True)
>>> store.update("INSERT DATA { GRAPH <urn:x:g> { <urn:x:a> a <urn:x:C> ; <urn:x:p> 1 } }")
>>> dataset_vocabulary(store)
{'classes': ['urn:x:C'], 'properties': ['http://www.w3.org/1999/02/22-rdf-syntax-ns#type', 'urn:x:p']}
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ..namespaces import dataset_prefixes

# Classes: declared (OWL, RDFS, SKOS concept schemes aside) or used as a type.
CLASSES = """
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?term WHERE {
  { ?term a owl:Class } UNION { ?term a rdfs:Class } UNION { ?instance a ?term }
  FILTER(isIRI(?term))
} ORDER BY ?term
"""

# Properties: declared in the ontology or used in a statement.
PROPERTIES = """
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
SELECT DISTINCT ?term WHERE {
  { ?term a owl:ObjectProperty } UNION { ?term a owl:DatatypeProperty }
  UNION { ?term a rdf:Property } UNION { ?subject ?term ?object }
  FILTER(isIRI(?term))
} ORDER BY ?term
"""


def dataset_vocabulary(store) -> dict[str, list[str]]:
    """IRIs of the store's classes and properties, sorted."""
    return {"classes": [str(row.term) for row in store.query(CLASSES)],
            "properties": [str(row.term) for row in store.query(PROPERTIES)]}


# German names of the store's resources: labels and preferred labels of IRIs.
GERMAN_NAMES = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?term ?name WHERE {
  { ?term rdfs:label ?name } UNION { ?term skos:prefLabel ?name }
  FILTER(isIRI(?term) && langMatches(lang(?name), "de"))
}"""
_LOCAL_NAME = re.compile(r"[\w][\w.-]*(?<!\.)")


@dataclass(frozen=True)
class Name:
    """A resource under one of its German names, with its prefixed name where the data's prefixes give one."""

    label: str
    iri: str
    curie: str | None
    prefix: str | None


def name_index(store) -> list[tuple[str, Name]]:
    """Every German name of the store's IRIs, by its case-folded text, sorted (for :func:`names_like`)."""
    prefixes = sorted(dataset_prefixes().items(), key=lambda item: -len(item[1]))
    index = []
    for row in store.query(GERMAN_NAMES):
        iri, label = str(row.term), str(row.name)
        prefix = next((p for p, ns in prefixes if iri.startswith(ns) and _LOCAL_NAME.fullmatch(iri[len(ns):])), None)
        curie = f"{prefix}:{iri[len(dataset_prefixes()[prefix]):]}" if prefix else None
        index.append((label.casefold(), Name(label, iri, curie, prefix)))
    index.sort(key=lambda item: (item[0], item[1].iri))
    return index


def names_like(index: list[tuple[str, Name]], text: str, limit: int = 20) -> list[Name]:
    """Names that start with ``text`` (case ignored), then names that contain it; at most ``limit``.

    >>> index = [("aulendorf", Name("Aulendorf", "urn:a", None, None)), ("bad aulendorf", Name("Bad Aulendorf", "urn:b", None, None))]
    >>> [n.label for n in names_like(index, "Aulend")]
    ['Aulendorf', 'Bad Aulendorf']
    """
    wanted = text.strip().casefold()
    if not wanted:
        return []
    start = bisect.bisect_left(index, (wanted,))
    found = []
    for key, name in index[start:]:
        if not key.startswith(wanted) or len(found) >= limit:
            break
        found.append(name)
    seen = {n.iri for n in found}
    for key, name in index:
        if len(found) >= limit:
            break
        if wanted in key and name.iri not in seen:
            found.append(name)
            seen.add(name.iri)
    return found
