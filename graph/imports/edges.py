"""The browsing edges the ontology derives from kg:Kooperation nodes (the rule of ontology/README.md).

An edge property with ``kg:derivedFromKind K``, ``kg:edgeSubjectRole rs`` and ``kg:edgeObjectRole ro``
gives ``s p o`` for every node of kind K (or narrower) with ``rs s`` and ``ro o``. The study's build
(data/build/edges.py) applies the same rule; here it runs over the triples of one import.
"""

from __future__ import annotations

from collections import defaultdict
from functools import lru_cache

from rdflib.namespace import SKOS

from ..namespaces import KG
from .vocabulary import ontology


@lru_cache(maxsize=1)
def edge_rules() -> tuple:
    """(property, kinds, subject role, object role) for each derived edge and each of its subject roles."""
    onto = ontology()
    rules = []
    for prop in sorted(set(onto.subjects(KG.edgeSubjectRole, None))):
        kinds = frozenset(onto.transitive_subjects(SKOS.broader, onto.value(prop, KG.derivedFromKind)))
        for subject_role in sorted(onto.objects(prop, KG.edgeSubjectRole)):
            rules.append((prop, kinds, subject_role, onto.value(prop, KG.edgeObjectRole)))
    return tuple(rules)


def derive_edges(triples: set) -> set:
    """The edges the rules derive from the kg:Kooperation nodes among ``triples``."""
    by_node: dict = defaultdict(lambda: defaultdict(list))
    for s, p, o in triples:
        by_node[s][p].append(o)
    edges = set()
    for node, facts in by_node.items():
        for kind in facts.get(KG.cooperationKind, ()):
            for prop, kinds, subject_role, object_role in edge_rules():
                if kind in kinds:
                    edges.update((s, prop, o) for s in facts.get(subject_role, ()) for o in facts.get(object_role, ()))
    return edges
