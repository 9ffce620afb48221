"""The one table of the network's vocabulary: relation groups, node classes and kinds, browsing edges.

What /netzwerk draws (:mod:`koopgraph.graph.netview`), the networkx projection
(:mod:`koopgraph.graph.network`) and every export read the network through this module:

- :data:`RELATION_GROUPS`: the values of ``kg:edgeGroup`` in legend order, with German labels;
- :data:`NODE_CLASSES`: the classes (and concept schemes) a node is shown as, first match wins,
  each with its coarse *kind* (what a projection filters on) and its administrative level;
- the SPARQL that reads browsing edges, where they come from, and the class tree.

The rules themselves live in the ontology (ontology/README.md, "Browsing edges"); this module
names the groups and classes the code distinguishes.

>>> relation_group("scaling-up"), relation_group("something-new")
('scaling-up', 'other')
>>> node_class({KG.Landkreis, KG.Gebietskoerperschaft}).kind
'landkreis'
>>> node_class(set()) is None
True
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import URIRef
from rdflib.namespace import SKOS

from .bind import with_value_lists
from .namespaces import ID, KG, sparql_prologue
from .territory import named_beyond_base_layer

# The relation groups in legend order; the keys are the values of kg:edgeGroup. The labels are German;
# where the study uses an English term ("scaling-up", §4.3) it follows in brackets.
RELATION_GROUPS: dict[str, str] = {
    "county-municipality": "Landkreis – Kommune",
    "inter-municipal": "Interkommunal",
    "scaling-up": "Einflussnahme nach oben („Scaling-up“)",
    "programme": "Förderprogramm",
    "membership": "Zugehörigkeit (Verwaltung)",
    "other": "Sonstige",
}
# What each group means, for legends and explanations (plain German, one sentence).
RELATION_MEANINGS: dict[str, str] = {
    "county-municipality": "Zusammenarbeit oder Unterstützung zwischen einem Landkreis und einer kreisangehörigen "
                           "Kommune, wie die Studie sie für die anonymisierten Fälle beschreibt (§4.1).",
    "inter-municipal": "Austausch oder Kooperation zwischen Kommunen (§4.2).",
    "scaling-up": "Wege, auf denen Kommunen Einfluss auf Land und Bund nehmen: über Abgeordnete, Spitzenverbände, "
                  "den Landkreis oder Behörden (§4.3).",
    "programme": "Förderprogramme: wer sie gibt, wo sie gelten, wer sie nutzt; die Antragsberechtigung ist aus "
                 "einer Regel abgeleitet, nicht beobachtet.",
    "membership": "Verwaltungsgliederung: eine Kommune liegt in ihrem Landkreis, ein Kreis in seinem Land – "
                  "keine Zusammenarbeit.",
    "other": "Weitere Beziehungen, etwa zu Akteuren, mit denen die Fälle zusammenarbeiten.",
}
OTHER_GROUP = "other"

CHANNEL_SCHEME = ID["konzept/einflusskanal"]
LEVEL_SCHEME = ID["konzept/ebene"]


@dataclass(frozen=True)
class NodeClass:
    """A class (or the scheme of a concept) a node is shown as."""

    iri: URIRef
    kind: str                   # the coarse kind a projection chooses nodes by
    level: float | None = None  # row in the levels layout: -1 EU, 0 Bund, 1 Land, 2 Kreis, 3 Gemeinde


# First match wins: a node is shown as the first of these among its classes (with their
# superclasses) and the schemes of a concept. Channels sit between the Land and the Kreise.
NODE_CLASSES: tuple[NodeClass, ...] = (
    NodeClass(KG.Bund, "bund", 0), NodeClass(KG.EuropaeischeUnion, "eu", -1), NodeClass(KG.Land, "land", 1),
    NodeClass(KG.Landkreis, "landkreis", 2), NodeClass(KG.KreisfreieStadt, "kreisfreie-stadt", 2),
    NodeClass(KG.KreisangehoerigeKommune, "kommune", 3), NodeClass(KG.Foerderprogramm, "programm"),
    NodeClass(KG.Fall, "fall"), NodeClass(KG.Kooperation, "kooperation"),
    NodeClass(KG.AkteurAndererEbenen, "akteur"), NodeClass(KG.VerwaltungsinternerAkteur, "akteur"),
    NodeClass(KG.VerwaltungsexternerAkteur, "akteur"), NodeClass(KG.Akteursgruppe, "akteur"),
    NodeClass(KG.Akteur, "akteur"), NodeClass(CHANNEL_SCHEME, "konzept", 1.5), NodeClass(LEVEL_SCHEME, "konzept"),
    NodeClass(SKOS.Concept, "konzept"),
)
OTHER_KIND = "sonstige"
NODE_KINDS: tuple[str, ...] = tuple(dict.fromkeys(c.kind for c in NODE_CLASSES)) + (OTHER_KIND,)
MUNICIPALITY_KINDS = ("landkreis", "kreisfreie-stadt", "kommune")
MUNICIPALITY_CLASSES = tuple(c.iri for c in NODE_CLASSES if c.kind in MUNICIPALITY_KINDS)
# The level concepts (values of kg:level and kg:funderLevel, and the target levels themselves).
LEVEL_OF_CONCEPT = {ID["konzept/ebene/eu"]: -1, ID["konzept/ebene/bund"]: 0, ID["konzept/ebene/land"]: 1,
                    ID["konzept/ebene/kreis"]: 2, ID["konzept/ebene/gemeinde"]: 3}


def relation_group(group) -> str:
    """The relation group of a kg:edgeGroup value (unknown values count as "other")."""
    return str(group) if str(group) in RELATION_GROUPS else OTHER_GROUP


def node_class(types: Iterable[URIRef]) -> NodeClass | None:
    """The first of :data:`NODE_CLASSES` among ``types`` (a node's classes, their superclasses and,
    for a concept, its schemes); None if none is."""
    found = {URIRef(str(t)) for t in types}
    return next((c for c in NODE_CLASSES if c.iri in found), None)


def node_level(shown_as: NodeClass | None, iri: URIRef, level_concepts: Iterable[URIRef] = ()) -> float | None:
    """The node's administrative level: its class's, else the highest of its level concepts."""
    if shown_as is not None and shown_as.level is not None:
        return shown_as.level
    known = [LEVEL_OF_CONCEPT[c] for c in {*level_concepts, iri} if c in LEVEL_OF_CONCEPT]
    return min(known) if known else None


# --- the SPARQL that reads the network (ontology/README.md, "Browsing edges") ---------------------

BROWSING_EDGES = sparql_prologue() + """
# One row per browsing edge ?s -?p-> ?o: a triple whose property carries a kg:edgeGroup,
# with the named graph ?g that states it. The explorer's view and the analysis share it.
# kg:inLand of a kreisangehörige Kommune is left out: its Land is one step further along
# kg:inCounty, and both would add a triangle per municipality (and a shortcut to the Land).
SELECT DISTINCT ?s ?p ?o ?group ?g WHERE {
  ?p kg:edgeGroup ?group .
  GRAPH ?g { ?s ?p ?o }
  FILTER(isIRI(?o))
  FILTER(?p != kg:inLand || NOT EXISTS { ?s kg:inCounty ?county })
}
"""

EDGE_SOURCES = sparql_prologue() + """
# Where each derived edge ?s -?p-> ?o comes from: the kg:Kooperation or case statement ?source
# whose kind is the property's kg:derivedFromKind (or a narrower one) and whose roles name ?s
# and ?o; with the source's own kind, its tasks and the study section it cites, one row per task.
# (A separate query: joined with BROWSING_EDGES in one OPTIONAL, rdflib's in-memory engine
# is some 20 times slower.)
SELECT DISTINCT ?s ?p ?o ?source ?kind ?task ?section WHERE {
  ?p kg:edgeSubjectRole ?subjectRole ; kg:edgeObjectRole ?objectRole ; kg:derivedFromKind ?derivedKind .
  ?source ?subjectRole ?s ; ?objectRole ?o ; kg:cooperationKind|kg:statementKind ?kind .
  ?kind skos:broader* ?derivedKind .
  OPTIONAL { ?source kg:task ?task }
  OPTIONAL { ?source kg:section ?section }
}
"""


def network_edge_rows(store, scope=None) -> list:
    """The BROWSING_EDGES rows of the study's network and anyone's own data: the edges of every graph
    besides the official base layer's, and the base layer's memberships between places that another
    graph names too (a study place in its Landkreis). Asked for the named subjects only, so that the
    ~25,000 memberships of places only the base layer knows are never read (they made the first
    /analyse on a store with the base layer take ~15 s). ``scope``: what
    :func:`koopgraph.graph.territory.named_beyond_base_layer` gave, if the caller has it already."""
    scope = scope or named_beyond_base_layer(store)
    if scope is None:
        return list(store.query(BROWSING_EDGES))
    base, named = scope
    subjects, rows = sorted(named), []
    for start in range(0, len(subjects), 1000):   # (binding ?g too made Oxigraph 30x slower)
        chunk = with_value_lists(BROWSING_EDGES, {"s": subjects[start:start + 1000]})
        rows += [row for row in store.query(chunk) if row["g"] not in base or row["o"] in named]
    return rows


SUBCLASSES = sparql_prologue() + """
# Every (class, superclass) pair, to find what a node is shown as and its most specific type.
SELECT DISTINCT ?sub ?super WHERE { ?sub rdfs:subClassOf+ ?super . FILTER(isIRI(?super)) }
"""


def class_ancestors(store) -> dict[URIRef, set[URIRef]]:
    """class IRI -> all its superclasses (transitively)."""
    ancestors: dict[URIRef, set[URIRef]] = {}
    for sub, sup in store.query(SUBCLASSES):
        ancestors.setdefault(sub, set()).add(sup)
    return ancestors
