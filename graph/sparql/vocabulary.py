"""The dataset's classes and properties, for the workbench's autocompletion.

Both lists come from the store itself (terms declared in the ontology and
terms in use), never from an outside service.

>>> from koopgraph.graph.store import open_store
>>> store = open_store("memory", empty=True)
>>> store.update("INSERT DATA { GRAPH <urn:x:g> { <urn:x:a> a <urn:x:C> ; <urn:x:p> 1 } }")
>>> dataset_vocabulary(store)
{'classes': ['urn:x:C'], 'properties': ['http://www.w3.org/1999/02/22-rdf-syntax-ns#type', 'urn:x:p']}
"""

from __future__ import annotations

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
