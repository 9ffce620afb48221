"""Derive the simple browsing edges from Kooperation and Fallmerkmal nodes.

The rule is data in the ontology: an edge property ``p`` with ``kg:derivedFromKind K``,
``kg:edgeSubjectRole rs`` and ``kg:edgeObjectRole ro`` yields ``s p o`` for every source node whose
kind (``kg:cooperationKind`` or ``kg:statementKind``) is ``K`` or narrower and that has ``rs s`` and
``ro o``. ontology/README.md gives the same rule as a SPARQL query.
"""

from __future__ import annotations

from rdflib import Graph
from rdflib.namespace import SKOS

from common import KG

KIND_PROPERTIES = (KG.cooperationKind, KG.statementKind)


def edge_rules(ontology: Graph):
    """(property, kinds, subject role, object role) for every derived browsing edge and each of its
    subject roles (kg:case for the study's cases, kg:fromParty for own data)."""
    for prop in sorted(set(ontology.subjects(KG.edgeSubjectRole, None))):
        kind = ontology.value(prop, KG.derivedFromKind)
        kinds = set(ontology.transitive_subjects(SKOS.broader, kind))  # includes kind itself
        for subject_role in sorted(ontology.objects(prop, KG.edgeSubjectRole)):
            yield prop, kinds, subject_role, ontology.value(prop, KG.edgeObjectRole)


def materialise_edges(data: Graph, ontology: Graph) -> set[tuple]:
    """All edges the rules derive from the source nodes in ``data``."""
    edges = set()
    for prop, kinds, subject_role, object_role in edge_rules(ontology):
        for kind_property in KIND_PROPERTIES:
            for source, kind in data.subject_objects(kind_property):
                if kind not in kinds:
                    continue
                for s in data.objects(source, subject_role):
                    for o in data.objects(source, object_role):
                        edges.add((s, prop, o))
    return edges
