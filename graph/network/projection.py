"""RDF -> networkx: the cooperation network as a graph for analysis and export.

A :class:`Projection` chooses relation groups, node kinds, direction and
weight. Node ids are the resources' IRIs. Every node carries ``label``,
``type`` (the most specific class's local name), ``kind``, ``land`` and the
municipality facts; every edge its ``group``, ``predicates``, ``kinds``,
``relations``, ``tasks``, ``sources`` and ``graphs`` and a ``weight``.

Attribute values are only str, int, float or bool and never None (an unknown
fact is an absent key), so GraphML, GEXF and node-link JSON hold them as they
are. Several values are one string joined with :data:`LIST_SEPARATOR` ``|``,
which cannot occur in an IRI (RFC 3987) or a section number; split them with
:func:`split_list`. As in rdflib's ``extras/external_graph_libs.py`` the
attribute functions are parameters, and networkx is imported where it is used.

>>> split_list("a|b")
['a', 'b']
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass

from rdflib import Literal, URIRef
from rdflib.namespace import SKOS

from ..errors import KoopgraphError
from ..namespaces import KG
from .queries import BROWSING_EDGES, EDGE_RELATIONS, NODE_FACTS, SUBCLASSES

RELATION_GROUPS = ("county-municipality", "inter-municipal", "scaling-up", "programme", "membership", "other")
# Most specific first: a node's kind is the first whose class it is an instance of.
KIND_CLASSES = (
    ("fall", KG.Fall), ("programm", KG.Foerderprogramm), ("kooperation", KG.Kooperation),
    ("bund", KG.Bund), ("land", KG.Land), ("landkreis", KG.Landkreis),
    ("kreisfreie-stadt", KG.KreisfreieStadt), ("kommune", KG.KreisangehoerigeKommune),
    ("akteur", KG.Akteur), ("eu", KG.EuropaeischeUnion), ("konzept", SKOS.Concept),
)
NODE_KINDS = tuple(kind for kind, _ in KIND_CLASSES) + ("sonstige",)
MUNICIPALITY_KINDS = ("landkreis", "kreisfreie-stadt", "kommune")
WEIGHTS = ("relations", "tasks")
LIST_SEPARATOR = "|"
LABEL_LANGUAGES = ("de", "", "en")


@dataclass(frozen=True)
class Projection:
    """Which part of the data becomes the network, and how."""

    relations: tuple[str, ...] = RELATION_GROUPS
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


def split_list(value: str | None) -> list[str]:
    """The values of a ``|``-joined attribute (empty list for None or "")."""
    return value.split(LIST_SEPARATOR) if value else []


def joined(values: Iterable[str | None]) -> str:
    """Distinct non-empty values, sorted, joined with ``|``."""
    return LIST_SEPARATOR.join(sorted({v for v in values if v}))


def choose(text: str | Iterable[str] | None, allowed: tuple[str, ...], what: str) -> tuple[str, ...]:
    """Parse a comma-separated choice such as ``scaling-up,membership``.

    Raises KoopgraphError naming the unknown value and the allowed ones.
    """
    if text is None:
        return allowed
    items = [t.strip() for t in (text.split(",") if isinstance(text, str) else text) if t.strip()]
    unknown = [t for t in items if t not in allowed]
    if unknown or not items:
        raise KoopgraphError(f"unknown {what}: {', '.join(unknown) or '(none given)'}",
                             hint=f"Choose from: {', '.join(allowed)}.")
    return tuple(dict.fromkeys(items))


def edge_records(store) -> list[EdgeRecord]:
    """All browsing edges of the store, one record per (edge, relation, task)."""
    details: dict[tuple, list[dict]] = defaultdict(list)
    for row in store.query(EDGE_RELATIONS):
        key = (str(row["s"]), str(row["p"]), str(row["o"]))
        details[key].append({name: _text(row[name]) for name in ("relation", "kind", "task", "source")})
    records = []
    for row in store.query(BROWSING_EDGES):
        if row["s"] == row["o"] or not isinstance(row["o"], URIRef):
            continue
        key = (str(row["s"]), str(row["p"]), str(row["o"]))
        base = {"s": key[0], "p": key[1], "o": key[2], "group": str(row["group"]), "graph": _text(row["g"])}
        records += [EdgeRecord(**base, **extra) for extra in details.get(key, [{}])]
    return records


def _text(term) -> str | None:
    return None if term is None else str(term)


def node_facts(store) -> dict[str, dict[str, list]]:
    """node IRI -> attribute key -> list of rdflib terms (labels, types, facts)."""
    facts: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for node, key, value in store.query(NODE_FACTS):
        if isinstance(node, URIRef):
            facts[str(node)][str(key)].append(value)
    return facts


def class_ancestors(store) -> dict[str, set[str]]:
    """class IRI -> all its superclasses (transitively)."""
    ancestors: dict[str, set[str]] = defaultdict(set)
    for sub, sup in store.query(SUBCLASSES):
        ancestors[str(sub)].add(str(sup))
    return ancestors


class NodeContext:
    """What the node attribute function may look up: all facts and the class tree."""

    def __init__(self, facts: dict[str, dict[str, list]], ancestors: dict[str, set[str]]) -> None:
        self.facts = facts
        self.ancestors = ancestors

    def types(self, node: str) -> list[str]:
        return sorted(str(t) for t in self.facts.get(node, {}).get("rdf_type", []))

    def kind(self, node: str) -> str:
        """The node's kind (see :data:`NODE_KINDS`) from its classes."""
        classes = set()
        for t in self.types(node):
            classes |= {t} | self.ancestors.get(t, set())
        return next((kind for kind, cls in KIND_CLASSES if str(cls) in classes), "sonstige")

    def most_specific_type(self, node: str) -> str | None:
        """The node's koopgraph class that no other of its classes specialises."""
        types = self.types(node)
        own = [t for t in types if t.startswith(str(KG))] or types
        leaves = [t for t in own if not any(t in self.ancestors.get(o, set()) for o in own)]
        return leaves[0] if leaves else None

    def label(self, node: str) -> str:
        """German label, else one without language, else English, else any, else the IRI's end."""
        labels = self.facts.get(node, {}).get("label", [])
        for language in LABEL_LANGUAGES:
            for label in sorted(labels):
                if (label.language or "") == language:
                    return str(label)
        return str(sorted(labels)[0]) if labels else local_name(node)

    def first(self, node: str, key: str):
        """The node's first value for ``key`` as a Python value, or None."""
        values = sorted(self.facts.get(node, {}).get(key, []))
        return python_value(values[0]) if values else None


def local_name(iri: str) -> str:
    """The part after the last ``#`` or ``/``.

    >>> local_name("https://w3id.org/koopgraph/ontology#Landkreis")
    'Landkreis'
    """
    return iri.rstrip("/").rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def python_value(term):
    """str/int/float/bool for a term (decimals become float: GraphML has no decimal)."""
    if isinstance(term, Literal):
        value = term.toPython()
        if isinstance(value, bool | int | float | str):
            return value
        try:
            return float(value)
        except (TypeError, ValueError):
            return str(term)
    return str(term)


def default_node_attributes(node: str, context: NodeContext) -> dict:
    """label, type, kind, land, county (IRIs and labels) and municipality facts."""
    kind = context.kind(node)
    attributes = {"label": context.label(node), "kind": kind}
    # A concept's type is its scheme (einflusskanal, ebene …) rather than skos:Concept.
    specific = context.first(node, "scheme") if kind == "konzept" else None
    specific = specific or context.most_specific_type(node)
    if specific:
        attributes["type"] = local_name(specific)
    place = {"land": node if kind == "land" else context.first(node, "land"),
             "county": node if kind in ("landkreis", "kreisfreie-stadt") else context.first(node, "county")}
    for key, iri in place.items():
        if iri:
            attributes[key] = iri
            attributes[key + "_label"] = context.label(iri)
    for key in ("population", "foreign_share", "rurality", "socioeconomic"):
        value = context.first(node, key)
        if value is not None:
            attributes[key] = value
    return attributes


def default_edge_attributes(records: list[EdgeRecord], projection: Projection) -> dict:
    """Joined groups, predicates, kinds, relations, tasks, sources, graphs; counts; weight."""
    relations = {r.relation or f"{r.s} {r.p} {r.o}" for r in records}
    tasks = {r.task for r in records if r.task}
    attributes = {
        "group": joined(r.group for r in records),
        "predicates": joined(r.p for r in records),
        "kinds": joined(r.kind for r in records),
        "relations": joined(r.relation for r in records),
        "tasks": joined(tasks),
        "sources": joined(r.source for r in records),
        "graphs": joined(r.graph for r in records),
        "relation_count": len(relations),
        "task_count": len(tasks),
    }
    attributes = {k: v for k, v in attributes.items() if v != ""}
    # A relation without named tasks still counts once, so no edge weighs 0.
    attributes["weight"] = len(relations) if projection.weight == "relations" else max(1, len(tasks))
    return attributes


NodeAttributes = Callable[[str, NodeContext], dict]
EdgeAttributes = Callable[[list[EdgeRecord], Projection], dict]


@dataclass(frozen=True)
class NetworkData:
    """What every projection is built from: the browsing-edge records and the node facts.

    Read once (three queries) and reused for several projections or county profiles.
    """

    records: tuple[EdgeRecord, ...]
    context: NodeContext

    @classmethod
    def read(cls, store) -> NetworkData:
        return cls(tuple(edge_records(store)), NodeContext(node_facts(store), class_ancestors(store)))


def project(store, projection: Projection = Projection(), *,
            node_attributes: NodeAttributes = default_node_attributes,
            edge_attributes: EdgeAttributes = default_edge_attributes, data: NetworkData | None = None):
    """The networkx Graph (or DiGraph if ``projection.directed``) of the store's network.

    Edges of the chosen relation groups between nodes of the chosen kinds;
    several relations between two nodes become one edge with a weight.
    ``data``: the store's :class:`NetworkData` if already read (``store`` is then not asked).
    """
    import networkx as nx

    data = data or NetworkData.read(store)
    context = data.context
    graph = nx.DiGraph() if projection.directed else nx.Graph()
    graph.graph.update(projection.describe())
    pairs = edges_by_pair(data.records, projection, context)
    nodes = {n for pair in pairs for n in pair}
    if projection.isolated:
        wanted = set(MUNICIPALITY_KINDS) & set(projection.node_kinds)
        nodes |= {n for n in context.facts if context.facts[n].get("rdf_type") and context.kind(n) in wanted}
    for node in sorted(nodes):
        graph.add_node(node, **node_attributes(node, context))
    for (s, o), records in sorted(pairs.items()):
        graph.add_edge(s, o, **edge_attributes(records, projection))
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
