"""The browsing edges the ontology derives from kg:Kooperation nodes (the rule of ontology/README.md).

An edge property with ``kg:derivedFromKind K``, ``kg:edgeSubjectRole rs`` and ``kg:edgeObjectRole ro``
gives ``s p o`` for every node of kind K (or narrower) with ``rs s`` and ``ro o``. The study's build
(data/build/edges.py) applies the same rule; here it runs on each relation of an import as it is built.
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


KIND = KG.cooperationKind


@lru_cache(maxsize=1)
def rules_by_kind() -> dict:
    """Kind -> ((property, subject role, object role), …): one dictionary lookup per relation."""
    by_kind: dict = defaultdict(list)
    for prop, kinds, subject_role, object_role in edge_rules():
        for kind in kinds:
            by_kind[kind].append((prop, subject_role, object_role))
    return {kind: tuple(rules) for kind, rules in by_kind.items()}


def edges_of(facts: dict) -> set:
    """The edges the rules derive from one kg:Kooperation node, given its facts (predicate -> objects).

    The import derives them row by row as it builds each node: grouping 500,000 triples by subject
    afterwards took seconds."""
    rules = rules_by_kind()
    return {(s, prop, o) for kind in facts.get(KIND, ()) for prop, subject_role, object_role in rules.get(kind, ())
            for s in facts.get(subject_role, ()) for o in facts.get(object_role, ())}
