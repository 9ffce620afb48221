"""A node's neighbours in the network, grouped by relation group, a page at a time; ego views."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from rdflib import URIRef

from ..errors import NotFound
from ..relations import RELATION_GROUPS
from .view import Edge, Node, View, browsing_edges, nodes_with_facts

# bound: ?s — does the store mention the IRI at all?
MENTIONED = "ASK WHERE { { ?s ?p ?o } UNION { ?x ?q ?s } }"


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
    labels: dict = field(default_factory=dict)    # labels of the nodes' facet values


def neighbours(store, iri: URIRef, *, per_group: int = 10, group: str | None = None,
               offset: int = 0) -> Neighbourhood:
    """The neighbours of ``iri`` grouped by relation group, ``per_group`` of each from ``offset``.

    Raises NotFound when the store says nothing about ``iri``.
    """
    edges = browsing_edges(store, {"s": iri}) + browsing_edges(store, {"o": iri})
    if not edges and not store.query(MENTIONED, {"s": iri}).askAnswer:
        raise NotFound(f"the store says nothing about <{iri}>", hint="Check the IRI.")
    by_group: dict[str, dict[URIRef, list[Edge]]] = {}
    for e in edges:
        other = e.target if e.source == iri else e.source
        if group is None or e.group == group:
            by_group.setdefault(e.group, {}).setdefault(other, []).append(e)
    nodes, labels = nodes_with_facts(store, {iri} | {o for others in by_group.values() for o in others})
    groups = []
    for key in RELATION_GROUPS:
        others = by_group.get(key)
        if others:
            ordered = sorted(others, key=lambda o: nodes[o].label.lower())
            page = ordered[offset:offset + per_group]
            groups.append(NeighbourGroup(key, RELATION_GROUPS[key], len(ordered), offset,
                                         [nodes[o] for o in page], [e for o in page for e in others[o]]))
    return Neighbourhood(nodes[iri], groups, labels)


def ego_view(store, iri: URIRef, *, per_group: int = 12) -> View:
    """A small view around ``iri``: it and up to ``per_group`` neighbours per relation group."""
    hood = neighbours(store, iri, per_group=per_group)
    nodes = {iri: hood.center}
    edges: list[Edge] = []
    for g in hood.groups:
        nodes.update((n.iri, n) for n in g.nodes)
        edges.extend(g.edges)
    return View(nodes, edges, hood.labels)


def with_neighbours(store, view: View, centers: Iterable[URIRef], *, per_group: int = 10) -> View:
    """``view`` plus the first ``per_group`` neighbours per relation group of each center."""
    nodes, edges, labels = dict(view.nodes), list(view.edges), dict(view.labels)
    seen = {e.key for e in edges}
    for center in centers:
        hood = neighbours(store, center, per_group=per_group)
        labels.update(hood.labels)
        nodes.setdefault(center, hood.center)
        for group in hood.groups:
            for node in group.nodes:
                nodes.setdefault(node.iri, node)
            edges.extend(e for e in group.edges if e.key not in seen)
            seen.update(e.key for e in group.edges)
    return replace(view, nodes=nodes, edges=edges, labels=labels)
