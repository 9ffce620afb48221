"""RDF -> networkx: the cooperation network as a graph for analysis and export.

A :class:`Projection` chooses relation groups, node kinds, direction and
weight. Node ids are the resources' IRIs; nodes and edges carry the one export
schema of :mod:`koopgraph.graph.network.export` (label, kind, type, level, Land,
county and municipality facts; group, predicates, relations, tasks, sources,
graphs, weight). Relation groups and node kinds come from
:mod:`koopgraph.graph.relations`. As in rdflib's ``extras/external_graph_libs.py``
the attribute functions are parameters, and networkx is imported where it is used.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass

from rdflib import URIRef

from ..bind import with_value_lists
from ..errors import ArgumentError
from ..labels import best_label, local_name
from ..namespaces import KG
from ..relations import (
    EDGE_SOURCES,
    MUNICIPALITY_KINDS,
    NODE_KINDS,
    OTHER_KIND,
    RELATION_GROUPS,
    NodeClass,
    class_ancestors,
    network_edge_rows,
    node_class,
    node_level,
    relation_group,
)
from ..territory import named_beyond_base_layer
from .export import LIST_SEPARATOR, edge_attributes, node_attributes
from .queries import NODE_FACTS

WEIGHTS = ("relations", "tasks")


@dataclass(frozen=True)
class Projection:
    """Which part of the data becomes the network, and how."""

    relations: tuple[str, ...] = tuple(RELATION_GROUPS)
    node_kinds: tuple[str, ...] = NODE_KINDS
    directed: bool = False
    weight: str = "relations"
    isolated: bool = False  # also municipalities (of the chosen kinds) without any chosen edge

    def describe(self) -> dict[str, str | bool]:
        """The choice as flat values (for graph attributes and provenance)."""
        values = {("edge_weight" if k == "weight" else k): v for k, v in asdict(self).items()}
        values["relations"] = LIST_SEPARATOR.join(self.relations)
        values["node_kinds"] = LIST_SEPARATOR.join(self.node_kinds)
        return values


@dataclass(frozen=True)
class EdgeRecord:
    """One row of the browsing-edge query (terms as strings, None if unbound)."""

    s: str
    p: str
    o: str
    group: str
    relation: str | None = None
    kind: str | None = None
    task: str | None = None
    source: str | None = None
    graph: str | None = None


def choose(text: str | Iterable[str] | None, allowed: Iterable[str], what: str) -> tuple[str, ...]:
    """Parse a comma-separated choice such as ``scaling-up,membership``.

    Raises ArgumentError naming the unknown value and the allowed ones.
    """
    if text is None:
        return tuple(allowed)
    items = [t.strip() for t in (text.split(",") if isinstance(text, str) else text) if t.strip()]
    unknown = [t for t in items if t not in allowed]
    if unknown or not items:
        raise ArgumentError(f"unknown {what}: {', '.join(unknown) or '(none given)'}", argument=what,
                            hint=f"Choose from: {', '.join(allowed)}.")
    return tuple(dict.fromkeys(items))


def edge_records(store, scope=None) -> list[EdgeRecord]:
    """The browsing edges of the study's network and anyone's own data (not the memberships of the places
    only the base layer knows), one record per (edge, relation, task)."""
    details: dict[tuple, list[dict]] = defaultdict(list)
    for row in store.query(EDGE_SOURCES):
        key = (str(row["s"]), str(row["p"]), str(row["o"]))
        details[key].append({"relation": _text(row["source"]), "kind": _text(row["kind"]),
                             "task": _text(row["task"]), "source": _text(row["section"])})
    records = []
    for row in network_edge_rows(store, scope):
        if row["s"] == row["o"] or not isinstance(row["o"], URIRef):
            continue
        key = (str(row["s"]), str(row["p"]), str(row["o"]))
        base = {"s": key[0], "p": key[1], "o": key[2], "group": relation_group(row["group"]), "graph": _text(row["g"])}
        records += [EdgeRecord(**base, **extra) for extra in details.get(key, [{}])]
    return records


def _text(term) -> str | None:
    return None if term is None else str(term)


def node_facts(store, scope=None) -> dict[str, dict[str, list]]:
    """node IRI -> attribute key -> list of rdflib terms (labels, types, facts), of every node but the
    places only the base layer knows (a graph besides the base layer's names the node); ``scope`` as
    for :func:`koopgraph.graph.relations.network_edge_rows`."""
    facts: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    scope = scope or named_beyond_base_layer(store)
    if scope is None:
        queries = [NODE_FACTS]
    else:
        nodes = sorted(scope[1])
        queries = [with_value_lists(NODE_FACTS, {"node": nodes[i:i + 1000]}) for i in range(0, len(nodes), 1000)]
    for query in queries:
        for node, key, value in store.query(query):
            if isinstance(node, URIRef):
                facts[str(node)][str(key)].append(value)
    return facts


class NodeContext:
    """What the attribute functions may look up: all node facts and the class tree."""

    def __init__(self, facts: dict[str, dict[str, list]], ancestors: dict[str, set[str]]) -> None:
        self.facts = facts
        self.ancestors = ancestors
        self._classes: dict[str, NodeClass | None] = {}

    def types(self, node: str) -> list[str]:
        return self.resources(node, "rdf_type")

    def resources(self, node: str, key: str) -> list[str]:
        """The node's IRIs for ``key`` (a class, a Land, a concept …), sorted."""
        return sorted(str(t) for t in self.facts.get(node, {}).get(key, []) if isinstance(t, URIRef))

    def node_class(self, node: str) -> NodeClass | None:
        """What the node is shown as (:func:`koopgraph.graph.relations.node_class`), looked up once."""
        if node not in self._classes:
            classes = set(self.types(node)) | set(self.resources(node, "scheme"))
            for t in self.types(node):
                classes |= self.ancestors.get(t, set())
            self._classes[node] = node_class(URIRef(c) for c in classes)
        return self._classes[node]

    def kind(self, node: str) -> str:
        """The node's kind (see :data:`koopgraph.graph.relations.NODE_KINDS`) from its classes."""
        shown_as = self.node_class(node)
        return shown_as.kind if shown_as else OTHER_KIND

    def type_iri(self, node: str) -> str | None:
        """The node's most specific koopgraph class; for a concept its scheme (einflusskanal, ebene …)."""
        schemes = self.resources(node, "scheme") if self.kind(node) == "konzept" else []
        return schemes[0] if schemes else self.most_specific_type(node)

    def most_specific_type(self, node: str) -> str | None:
        """The node's koopgraph class that no other of its classes specialises."""
        types = self.types(node)
        own = [t for t in types if t.startswith(str(KG))] or types
        leaves = [t for t in own if not any(t in self.ancestors.get(o, set()) for o in own)]
        return leaves[0] if leaves else None

    def level(self, node: str, shown_as: NodeClass | None) -> float | None:
        """The node's administrative level (:func:`koopgraph.graph.relations.node_level`)."""
        return node_level(shown_as, URIRef(node), [URIRef(c) for c in self.resources(node, "level_concept")])

    def label(self, node: str) -> str:
        """German label, else English, else one without language, else the IRI's end (rdfs:label
        before skos:prefLabel)."""
        facts = self.facts.get(node, {})
        return best_label(facts.get("label", [])) or best_label(facts.get("pref_label", [])) or local_name(node)

    def iri(self, node: str, key: str) -> str | None:
        """The node's first IRI for ``key`` (its Land, its county …), or None."""
        found = self.resources(node, key)
        return found[0] if found else None

    def first(self, node: str, key: str):
        """The node's first value for ``key`` (an RDF term), or None."""
        values = sorted(self.facts.get(node, {}).get(key, []))
        return values[0] if values else None


NodeAttributes = Callable[[str, NodeContext], dict]
EdgeAttributes = Callable[[list[EdgeRecord], Projection, NodeContext], dict]


@dataclass(frozen=True)
class NetworkData:
    """What every projection is built from: the browsing-edge records and the node facts.

    Read once (four queries) and reused for several projections or county profiles. The places that
    only the official base layer knows (some 12,500 units of the Gemeindeverzeichnis without a study
    fact or a relation of anyone's own data) are left out, as /netzwerk leaves them out: their only
    edges are administrative memberships, and measures over them would describe the map, not cooperation.
    """

    records: tuple[EdgeRecord, ...]
    context: NodeContext

    @classmethod
    def read(cls, store) -> NetworkData:
        ancestors = {str(c): {str(a) for a in above} for c, above in class_ancestors(store).items()}
        scope = named_beyond_base_layer(store)   # asked once for the edges and the facts
        return cls(tuple(edge_records(store, scope)), NodeContext(node_facts(store, scope), ancestors))


def project(store, projection: Projection = Projection(), *, node_attributes: NodeAttributes = node_attributes,
            edge_attributes: EdgeAttributes = edge_attributes, data: NetworkData | None = None):
    """The networkx Graph (or DiGraph if ``projection.directed``) of the store's network.

    Edges of the chosen relation groups between nodes of the chosen kinds;
    several relations between two nodes become one edge with a weight.
    ``data``: the store's :class:`NetworkData` if already read (``store`` is then not asked).
    """
    data = data or NetworkData.read(store)
    context = data.context
    pairs = edges_by_pair(data.records, projection, context)
    nodes = {n for pair in pairs for n in pair}
    if projection.isolated:
        wanted = set(MUNICIPALITY_KINDS) & set(projection.node_kinds)
        nodes |= {n for n in context.facts if context.facts[n].get("rdf_type") and context.kind(n) in wanted}
    return network_graph(nodes, pairs, projection, context, node_attributes, edge_attributes)


def network_graph(nodes: Iterable[str], pairs: dict[tuple[str, str], list[EdgeRecord]], projection: Projection,
                  context: NodeContext, node_attributes: NodeAttributes = node_attributes,
                  edge_attributes: EdgeAttributes = edge_attributes):
    """The networkx graph of ``nodes`` and the edges of ``pairs`` (see :func:`edges_by_pair`),
    with the attributes of the export schema and ``projection`` described as graph attributes."""
    import networkx as nx

    graph = nx.DiGraph() if projection.directed else nx.Graph()
    graph.graph.update(projection.describe())
    for node in sorted(nodes):
        graph.add_node(node, **node_attributes(node, context))
    for (s, o), records in sorted(pairs.items()):
        graph.add_edge(s, o, **edge_attributes(records, projection, context))
    return graph


def edges_by_pair(records: Iterable[EdgeRecord], projection: Projection,
                  context: NodeContext) -> dict[tuple[str, str], list]:
    """The chosen edge records grouped by node pair (ordered pair if directed)."""
    pairs: dict[tuple[str, str], list[EdgeRecord]] = defaultdict(list)
    for record in records:
        if record.group not in projection.relations:
            continue
        if not {context.kind(record.s), context.kind(record.o)} <= set(projection.node_kinds):
            continue
        pair = (record.s, record.o) if projection.directed else tuple(sorted((record.s, record.o)))
        pairs[pair].append(record)
    return pairs
