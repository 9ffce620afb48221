"""The nodes and edges of a network view, as plain data: from the browsing edges, with filters.

A view is built from the dataset's browsing edges (one direct edge per relation,
see ``EDGE_QUERY``), then the facts of its nodes (type, Land, rurality, …) are
fetched, filters applied and, where needed, positions computed (netlayout).
No Flask here: the web layer turns a :class:`View` into vis-network data.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from rdflib import URIRef

from .labels import labels_of
from .namespaces import KG
from .values import with_value_lists

# --- the vocabulary this module depends on (follows ontology/README.md) --------------------------

# Every browsing edge: ?a ?b, the ?relation that makes it (a property or a relation kind), the
# qualified relation node ?via it comes from (if any) and the named graph ?g stating it.
EDGE_QUERY = """
PREFIX kg: <https://w3id.org/koopgraph/ontology#>
SELECT ?a ?b ?relation ?via ?g WHERE {
  { GRAPH ?g { ?a ?relation ?b } VALUES ?relation { kg:inCounty kg:partOf kg:cooperatesWith } }
  UNION
  { GRAPH ?g { ?a kg:inLand ?b } FILTER NOT EXISTS { ?a kg:inCounty ?county } BIND(kg:inLand AS ?relation) }
  UNION
  { GRAPH ?g { ?via a kg:Kooperation ; kg:participant ?a, ?b } FILTER(STR(?a) < STR(?b))
    BIND(kg:Kooperation AS ?relation) }
}"""

# bound: ?n (a list) — the facts a view shows and filters on
NODE_FACTS = """
PREFIX kg: <https://w3id.org/koopgraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?n ?class ?land ?county ?rurality ?situation WHERE {
  OPTIONAL { ?n a/rdfs:subClassOf* ?class }
  OPTIONAL { ?n kg:inLand ?land }
  OPTIONAL { ?n kg:inCounty ?county }
  OPTIONAL { ?n kg:rurality ?rurality }
  OPTIONAL { ?n kg:socioEconomicSituation ?situation }
}"""

# The classes a node is shown as, most specific first, with their administrative level.
NODE_CLASSES: list[tuple[URIRef, int | None]] = [
    (KG.Bund, 0),
    (KG.Land, 1),
    (KG.Landkreis, 2),
    (KG.KreisfreieStadt, 2),
    (KG.KreisangehoerigeKommune, 3),
    (KG.Foerderprogramm, None),
    (KG.Fall, None),
    (KG.Akteur, None),
]
MUNICIPALITY_CLASSES = [KG.Landkreis, KG.KreisfreieStadt, KG.KreisangehoerigeKommune]

# The relation groups of the explorer, in legend order, and the relations in each.
# The keys are the values of kg:edgeGroup in the ontology.
RELATION_GROUPS: dict[str, str] = {
    "county-municipality": "Landkreis – Kommune",
    "inter-municipal": "Interkommunal",
    "scaling-up": "Scaling-up (Land, Bund)",
    "programme": "Förderprogramm",
    "membership": "Zugehörigkeit",
    "other": "Sonstige",
}
GROUP_OF_RELATION: dict[URIRef, str] = {
    KG.inCounty: "membership",
    KG.inLand: "membership",
    KG.partOf: "membership",
    KG.cooperatesWith: "inter-municipal",
    KG.Kooperation: "inter-municipal",
}

# -------------------------------------------------------------------------------------------------

FILTER_FACETS = ("land", "typ", "rurality", "situation")


def relation_group(relation: URIRef | None) -> str:
    """The explorer's relation group of a browsing edge's relation."""
    return GROUP_OF_RELATION.get(relation, "other")


def node_class(classes: Iterable[URIRef]) -> tuple[URIRef | None, int | None]:
    """The class a node is shown as (first of NODE_CLASSES it has) and its administrative level."""
    found = set(classes)
    for cls, level in NODE_CLASSES:
        if cls in found:
            return cls, level
    return None, None


@dataclass
class Node:
    iri: URIRef
    label: str = ""
    type: URIRef | None = None          # one of NODE_CLASSES, or None
    level: int | None = None            # 0 Bund … 3 kreisangehörige Kommune
    facets: dict[str, URIRef] = field(default_factory=dict)   # land, typ, rurality, situation
    county: URIRef | None = None
    x: float | None = None
    y: float | None = None


@dataclass(frozen=True)
class Edge:
    source: URIRef
    target: URIRef
    relation: URIRef
    group: str
    via: URIRef | None
    graph: URIRef

    @property
    def key(self) -> str:
        return "|".join(str(t) for t in (self.source, self.relation, self.target, self.via or ""))


@dataclass
class View:
    nodes: dict[URIRef, Node]
    edges: list[Edge]
    labels: dict[URIRef, str] = field(default_factory=dict)   # labels of facet values
    positions: str | None = None     # None, "force" or "levels": who placed the nodes
    truncated: int = 0               # nodes left out because the view was too large


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


def browsing_edges(store, bindings: dict | None = None) -> list[Edge]:
    """All browsing edges (``bindings`` may pin ?a or ?b)."""
    edges = []
    for row in store.query(EDGE_QUERY, bindings):
        edges.append(Edge(row.a, row.b, row.relation, relation_group(row.relation), row.via, row.g))
    return edges


def nodes_with_facts(store, iris: Iterable[URIRef]) -> tuple[dict[URIRef, Node], dict[URIRef, str]]:
    """A Node with label, class, level and facets for each IRI; and labels of the facet values."""
    nodes = {iri: Node(iri) for iri in iris if isinstance(iri, URIRef)}
    classes: dict[URIRef, set] = {iri: set() for iri in nodes}
    for start in range(0, len(nodes), 1000):
        chunk = list(nodes)[start:start + 1000]
        for row in store.query(with_value_lists(NODE_FACTS, {"n": chunk})):
            _add_fact(nodes[row.n], classes[row.n], row)
    for iri, node in nodes.items():
        node.type, node.level = node_class(classes[iri])
        if node.type in MUNICIPALITY_CLASSES:
            node.facets["typ"] = node.type
        if node.type == KG.Land:
            node.facets["land"] = iri
    values = {v for node in nodes.values() for v in node.facets.values()}
    labels = labels_of(store, list(nodes) + list(values))
    for node in nodes.values():
        node.label = labels(node.iri)
    return nodes, {v: labels(v) for v in values}


def _add_fact(node: Node, classes: set, row) -> None:
    if row["class"] is not None:
        classes.add(row["class"])
    for facet in ("land", "rurality", "situation"):
        if row[facet] is not None:
            node.facets[facet] = row[facet]
    if row.county is not None:
        node.county = row.county


def full_view(store) -> View:
    """Every browsing edge of the store with its nodes."""
    edges = browsing_edges(store)
    nodes, labels = nodes_with_facts(store, {e.source for e in edges} | {e.target for e in edges})
    return View(nodes, edges, labels)


def apply_filter(view: View, selection: ViewFilter) -> View:
    """The part of ``view`` that ``selection`` keeps.

    Edges of unselected relation groups go. A node with a value for a filtered facet stays
    if the value is selected; a node without one (the Bund, a programme, an actor) stays
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
        valued = [f for f in active if f in node.facets]
        if not valued:
            neutral.add(iri)
        elif all(node.facets[f] in selection.allowed(f) for f in valued):
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
        for facet, value in node.facets.items():
            options[facet].add(value)
    return {f: sorted(((v, view.labels.get(v, str(v))) for v in values), key=lambda item: item[1].lower())
            for f, values in options.items()}


@dataclass
class NeighbourGroup:
    """The neighbours of a node over one relation group: a page of them and how many there are."""

    key: str
    label: str
    total: int
    offset: int
    nodes: list[Node]
    edges: list[Edge]

    @property
    def more(self) -> int:
        return max(0, self.total - self.offset - len(self.nodes))


@dataclass
class Neighbourhood:
    center: Node
    groups: list[NeighbourGroup]


def neighbours(store, iri: URIRef, *, per_group: int = 10, group: str | None = None,
               offset: int = 0) -> Neighbourhood:
    """The neighbours of ``iri`` grouped by relation group, ``per_group`` of each from ``offset``."""
    edges = browsing_edges(store, {"a": iri}) + browsing_edges(store, {"b": iri})
    by_group: dict[str, dict[URIRef, list[Edge]]] = {}
    for e in edges:
        other = e.target if e.source == iri else e.source
        if group is None or e.group == group:
            by_group.setdefault(e.group, {}).setdefault(other, []).append(e)
    nodes, _ = nodes_with_facts(store, {iri} | {o for others in by_group.values() for o in others})
    groups = []
    for key in RELATION_GROUPS:
        others = by_group.get(key)
        if others:
            ordered = sorted(others, key=lambda o: nodes[o].label.lower())
            page = ordered[offset:offset + per_group]
            groups.append(NeighbourGroup(key, RELATION_GROUPS[key], len(ordered), offset,
                                         [nodes[o] for o in page], [e for o in page for e in others[o]]))
    if iri not in nodes:
        nodes.update(nodes_with_facts(store, [iri])[0])
    return Neighbourhood(nodes[iri], groups)


def ego_view(store, iri: URIRef, *, per_group: int = 12) -> View:
    """A small view around ``iri``: it and up to ``per_group`` neighbours per relation group."""
    hood = neighbours(store, iri, per_group=per_group)
    nodes = {iri: hood.center}
    edges: list[Edge] = []
    for g in hood.groups:
        nodes.update((n.iri, n) for n in g.nodes)
        edges.extend(g.edges)
    return View(nodes, edges)


def with_neighbours(store, view: View, centers: Iterable[URIRef], *, per_group: int = 10) -> View:
    """``view`` plus the first ``per_group`` neighbours per relation group of each center."""
    nodes, edges = dict(view.nodes), list(view.edges)
    seen = {e.key for e in edges}
    for center in centers:
        hood = neighbours(store, center, per_group=per_group)
        nodes.setdefault(center, hood.center)
        for group in hood.groups:
            for node in group.nodes:
                nodes.setdefault(node.iri, node)
            edges.extend(e for e in group.edges if e.key not in seen)
            seen.update(e.key for e in group.edges)
    return replace(view, nodes=nodes, edges=edges)


def to_networkx(view: View):
    """The view as a networkx MultiDiGraph with GraphML-safe attributes (strings and numbers)."""
    import networkx as nx

    graph = nx.MultiDiGraph()
    for node in view.nodes.values():
        attributes = {"label": node.label, "type": str(node.type or ""), "level": node.level}
        for facet, value in node.facets.items():
            attributes[facet] = str(value)
            attributes[facet + "_label"] = view.labels.get(value, str(value))
        graph.add_node(str(node.iri), **{k: v for k, v in attributes.items() if v is not None})
    for e in view.edges:
        graph.add_edge(str(e.source), str(e.target), key=e.key, relation=str(e.relation), group=e.group,
                       via=str(e.via or ""), graph=str(e.graph))
    return graph


def graphml(view: View) -> bytes:
    """The view as GraphML (for Gephi, yEd, networkx)."""
    import io

    import networkx as nx

    out = io.BytesIO()
    nx.write_graphml(to_networkx(view), out, encoding="utf-8")
    return out.getvalue()
