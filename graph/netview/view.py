"""The nodes and edges of a network view, as plain data: from the browsing edges, with filters.

A view is built from the dataset's browsing edges (one direct edge per relation,
see :data:`koopgraph.graph.relations.BROWSING_EDGES`), then the facts of its nodes (type, Land, rurality, …) are
fetched, filters applied and, where needed, positions computed (:mod:`.layout`).
No Flask here: the web layer turns a :class:`View` into vis-network data.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from rdflib import URIRef

from ..bind import with_value_lists
from ..labels import labels_of
from ..namespaces import KG
from ..relations import (
    BROWSING_EDGES,
    EDGE_SOURCES,
    MUNICIPALITY_CLASSES,
    class_ancestors,
    network_edge_rows,
    node_class,
    node_level,
    relation_group,
)

# bound: ?n (a list) — the facts a view shows and filters on
NODE_FACTS = """
PREFIX kg: <https://w3id.org/koopgraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?n ?type ?scheme ?level ?land ?county ?rurality ?situation ?printed WHERE {
  OPTIONAL { ?n a ?type }
  OPTIONAL { ?n skos:inScheme ?scheme }
  OPTIONAL { ?n kg:level|kg:funderLevel ?level }
  OPTIONAL { ?n kg:inLand ?land }
  OPTIONAL { ?n kg:inCounty ?county }
  OPTIONAL { ?n kg:rurality ?rurality }
  OPTIONAL { ?n kg:socioEconomicSituation ?situation }
  OPTIONAL { ?n kg:printedType/kg:correspondingClass ?printed }
}"""

FILTER_FACETS = ("land", "typ", "rurality", "situation")


@dataclass
class Node:
    iri: URIRef
    label: str = ""
    type: URIRef | None = None          # the class it is shown as (relations.NODE_CLASSES), or None
    level: float | None = None          # row in the levels layout: -1 EU, 0 Bund … 3 Gemeinden
    facets: dict[str, set] = field(default_factory=dict)   # land, typ, rurality, situation → values
    county: URIRef | None = None
    x: float | None = None
    y: float | None = None


@dataclass(frozen=True)
class Edge:
    source: URIRef
    target: URIRef
    relation: URIRef              # the browsing-edge property
    group: str                    # its kg:edgeGroup
    graph: URIRef                 # the named graph stating it
    via: tuple = ()               # the cooperation / case-attribute nodes it is derived from
    sections: tuple = ()          # the sections of the study those nodes cite

    @property
    def key(self) -> str:
        return f"{self.source}|{self.relation}|{self.target}"


@dataclass
class View:
    nodes: dict[URIRef, Node]
    edges: list[Edge]
    labels: dict[URIRef, str] = field(default_factory=dict)   # labels of facet values
    positions: str | None = None     # None, "force" or "levels": who placed the nodes


@dataclass(frozen=True)
class ViewFilter:
    """What a view is narrowed to; an empty set means no restriction."""

    relations: frozenset[str] = frozenset()
    land: frozenset[URIRef] = frozenset()
    typ: frozenset[URIRef] = frozenset()
    rurality: frozenset[URIRef] = frozenset()
    situation: frozenset[URIRef] = frozenset()

    def allowed(self, facet: str) -> frozenset[URIRef]:
        return getattr(self, facet)

    @property
    def active_facets(self) -> list[str]:
        return [f for f in FILTER_FACETS if self.allowed(f)]


def browsing_edges(store, bindings: dict | None = None, study: bool = False) -> list[Edge]:
    """The browsing edges (``bindings`` may pin ?s or ?o), each once, with where it comes from;
    ``study``: only the study's network and anyone's own data (:func:`koopgraph.graph.relations.network_edge_rows`)."""
    sources: dict[tuple, tuple[list, list]] = {}
    for row in store.query(EDGE_SOURCES, bindings):
        via, sections = sources.setdefault((row.s, row.p, row.o), ([], []))
        via.append(row.source)
        if row.section is not None:
            sections.append(str(row.section))
    edges: dict[tuple, Edge] = {}
    for row in (network_edge_rows(store) if study else store.query(BROWSING_EDGES, bindings)):
        triple = (row.s, row.p, row.o)
        if triple not in edges and isinstance(row.o, URIRef):
            via, sections = sources.get(triple, ((), ()))
            edges[triple] = Edge(row.s, row.o, row.p, relation_group(row.group), row.g,
                                 tuple(dict.fromkeys(via)), tuple(sorted(set(sections))))
    return list(edges.values())


def nodes_with_facts(store, iris: Iterable[URIRef]) -> tuple[dict[URIRef, Node], dict[URIRef, str]]:
    """A Node with label, type, level and facets for each IRI; and labels of the facet values."""
    nodes = {iri: Node(iri) for iri in iris if isinstance(iri, URIRef)}
    types: dict[URIRef, set] = {iri: set() for iri in nodes}
    levels: dict[URIRef, set] = {iri: set() for iri in nodes}
    order = list(nodes)
    ancestors = class_ancestors(store)
    for start in range(0, len(order), 1000):
        for row in store.query(with_value_lists(NODE_FACTS, {"n": order[start:start + 1000]})):
            _add_facts(nodes[row.n], types[row.n], levels[row.n], row, ancestors)
    for iri, node in nodes.items():
        _classify(node, types[iri], levels[iri])
    values = {v for node in nodes.values() for found in node.facets.values() for v in found}
    labels = labels_of(store, list(nodes) + list(values))
    for node in nodes.values():
        node.label = labels(node.iri)
    return nodes, {v: labels(v) for v in values}


def _add_facts(node: Node, types: set, levels: set, row, ancestors: dict) -> None:
    if row.type is not None:
        types.update({row.type} | ancestors.get(row.type, set()))
    if row.scheme is not None:
        types.add(row.scheme)
    if row.level is not None:
        levels.add(row.level)
    for facet, value in (("land", row.land), ("rurality", row.rurality), ("situation", row.situation),
                         ("typ", row.printed)):
        if value is not None:
            node.facets.setdefault(facet, set()).add(value)
    if row.county is not None:
        node.county = row.county


def _classify(node: Node, types: set, levels: set) -> None:
    shown_as = node_class(types)
    node.type = shown_as.iri if shown_as else None
    node.level = node_level(shown_as, node.iri, levels)
    if node.type in MUNICIPALITY_CLASSES:
        node.facets["typ"] = {node.type}
    if node.type == KG.Land:
        node.facets["land"] = {node.iri}


def full_view(store) -> View:
    """Every browsing edge of the store with its nodes."""
    edges = browsing_edges(store)
    nodes, labels = nodes_with_facts(store, {e.source for e in edges} | {e.target for e in edges})
    return View(nodes, edges, labels)


def only_graph(view: View, graph: URIRef) -> View:
    """The edges one named graph states (an import's, ``?graph=`` on /netzwerk) and the nodes they link."""
    edges = [e for e in view.edges if e.graph == graph]
    keep = {e.source for e in edges} | {e.target for e in edges}
    return replace(view, nodes={iri: n for iri, n in view.nodes.items() if iri in keep}, edges=edges)


def apply_filter(view: View, selection: ViewFilter) -> View:
    """The part of ``view`` that ``selection`` keeps.

    Edges of unselected relation groups go. A node with a value for a filtered facet stays
    if one of its values is selected; a node without (the Bund, a programme, an actor) stays
    if a kept edge links it to a node that was selected by its facets.
    """
    edges = [e for e in view.edges if not selection.relations or e.group in selection.relations]
    active = selection.active_facets
    if not active:
        keep = {e.source for e in edges} | {e.target for e in edges}
    else:
        keep = _kept_by_facets(view, edges, selection, active)
    return replace(view, nodes={iri: n for iri, n in view.nodes.items() if iri in keep},
                   edges=[e for e in edges if e.source in keep and e.target in keep])


def _kept_by_facets(view: View, edges: list[Edge], selection: ViewFilter, active: list[str]) -> set:
    anchors, neutral = set(), set()
    for iri, node in view.nodes.items():
        valued = [f for f in active if node.facets.get(f)]
        if not valued:
            neutral.add(iri)
        elif all(node.facets[f] & selection.allowed(f) for f in valued):
            anchors.add(iri)
    keep = set(anchors)
    for e in edges:
        if e.source in anchors and e.target in neutral:
            keep.add(e.target)
        elif e.target in anchors and e.source in neutral:
            keep.add(e.source)
    return keep


def facet_options(view: View) -> dict[str, list[tuple[URIRef, str]]]:
    """For each filter facet, the values the view's nodes have, with labels, sorted by label."""
    options: dict[str, set] = {f: set() for f in FILTER_FACETS}
    for node in view.nodes.values():
        for facet, values in node.facets.items():
            options[facet].update(values)
    return {f: sorted(((v, view.labels.get(v, str(v))) for v in values), key=lambda item: item[1].lower())
            for f, values in options.items()}


# The places that only the official base layer names (koopgraph.graph.relations.network_edge_rows):
# the study's network leaves them out, /netzwerk?basis=1 shows them.
def study_view(store) -> View:
    """The study's network: the full view without the places that only the base layer knows (their
    edges are never read, and only the facts of the remaining ~200 nodes)."""
    edges = browsing_edges(store, study=True)
    nodes, labels = nodes_with_facts(store, {e.source for e in edges} | {e.target for e in edges})
    return View(nodes, edges, labels)
