"""A network view as a networkx graph and as GraphML, in the one export schema.

The view's nodes and edges get exactly the attributes every other export has
(:mod:`koopgraph.graph.network.export`), looked up in the store's
:class:`~koopgraph.graph.network.projection.NetworkData` — the records and node facts the
analysis projects. As drawn, the graph is directed (subject -> object) with one edge per
drawn edge: a MultiDiGraph whose edge keys are the properties' IRIs.
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import URIRef

from ..errors import ArgumentError
from ..network import export as network_export
from ..network.projection import EdgeRecord, NetworkData, Projection
from ..relations import RELATION_GROUPS
from .view import Edge, Node, View


def to_networkx(view: View, data: NetworkData):
    """The view as a networkx MultiDiGraph with the export schema's attributes."""
    import networkx as nx

    records: dict[tuple[str, str, str], list[EdgeRecord]] = {}
    for record in data.records:
        records.setdefault((record.s, record.p, record.o), []).append(record)
    groups = {e.group for e in view.edges}
    projection = Projection(relations=tuple(g for g in RELATION_GROUPS if g in groups), directed=True)
    graph = nx.MultiDiGraph()
    graph.graph.update(projection.describe())
    for iri in sorted(view.nodes):
        graph.add_node(str(iri), **network_export.node_attributes(str(iri), data.context))
    for e in view.edges:
        triple = (str(e.source), str(e.relation), str(e.target))
        found = records.get(triple) or [EdgeRecord(*triple, group=e.group, graph=str(e.graph))]
        graph.add_edge(triple[0], triple[2], key=triple[1],
                       **network_export.edge_attributes(found, projection, data.context))
    return graph


def graphml(view: View, data: NetworkData) -> bytes:
    """The view as GraphML (for Gephi, yEd, networkx)."""
    return network_export.graphml(to_networkx(view, data))


def chosen_view(data: NetworkData, nodes: Iterable[str], edges: Iterable[str]) -> View:
    """The view of exactly ``nodes`` (IRIs) and ``edges`` (keys ``subject|property|object``) of the
    store's network — what a reader has on screen. An unknown node or edge is an ArgumentError."""
    records: dict[str, EdgeRecord] = {}
    for record in data.records:
        records.setdefault(f"{record.s}|{record.p}|{record.o}", record)
    known = set(data.context.facts) | {n for r in data.records for n in (r.s, r.o)}
    chosen = {}
    for iri in nodes:
        if iri not in known:
            raise ArgumentError(f"{iri!r} ist kein Knoten dieses Netzwerks", argument="knoten", value=iri)
        chosen[URIRef(iri)] = Node(URIRef(iri))
    drawn = []
    for key in dict.fromkeys(edges):
        record = records.get(key)
        if record is None or URIRef(record.s) not in chosen or URIRef(record.o) not in chosen:
            raise ArgumentError(f"{key!r} ist keine Kante zwischen den gewählten Knoten", argument="kante", value=key)
        drawn.append(Edge(URIRef(record.s), URIRef(record.o), URIRef(record.p), record.group,
                          URIRef(record.graph) if record.graph else URIRef("urn:x-koopgraph:ohne-graph")))
    return View(chosen, drawn)
