"""Scaling-up paths: how a municipality or case reaches the Land and the Bund level.

The paths run over the directed projection of the chosen relation groups
(default: scaling-up and membership), so they follow the channels the study
codes (case -> channel -> level) and the administrative ladder (Kommune ->
Landkreis/Land -> Bund). A target at the Land level is a kg:Land or the level
concept ``ebene/land``; at the Bund level a kg:Bund or ``ebene/bund``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from rdflib import URIRef

from ..errors import KoopgraphError, NotFound
from ..namespaces import ID, sparql_prologue
from .export import split_list
from .projection import Projection, project

PATH_RELATIONS = ("scaling-up", "membership")
LEVELS = {
    "land": ("land", str(ID["konzept/ebene/land"])),
    "bund": ("bund", str(ID["konzept/ebene/bund"])),
}
RELATIONS_OF_START = sparql_prologue() + """
# The n-ary relations the start node takes part in, with their source sections.
SELECT DISTINCT ?relation ?source WHERE {
  ?relation a kg:Kooperation ; ?role ?start .
  OPTIONAL { ?relation kg:section ?source }
}
"""


@dataclass
class PathStep:
    source: str
    target: str
    source_label: str
    target_label: str
    group: list[str]
    predicates: list[str]
    relations: list[str]
    sources: list[str]
    graphs: list[str]


@dataclass
class ScalingPath:
    level: str
    target: str
    target_label: str
    steps: list[PathStep]
    # some step is administrative membership alone (Kommune in its Kreis, Kreis in its Land): the path
    # shows where a place belongs, not a channel of influence the study found
    administrative: bool = False

    @property
    def length(self) -> int:
        return len(self.steps)


@dataclass
class ScalingPaths:
    start: str
    start_label: str
    relations: tuple[str, ...]
    paths: dict[str, list[ScalingPath]] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return asdict(self)


def find_node(graph, name: str) -> str:
    """The node whose IRI or label (case-insensitive) is ``name``; NotFound otherwise."""
    if name in graph:
        return name
    matches = sorted(n for n, label in graph.nodes(data="label") if str(label).casefold() == name.casefold())
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise KoopgraphError(f"{len(matches)} nodes are labelled {name!r}: {', '.join(matches)}",
                             hint="Give the IRI instead.")
    raise NotFound(f"no node {name!r} in this network",
                   hint="Give the IRI or the exact label of a municipality or case; see `koopgraph analyze`.")


def path_projection(relations: tuple[str, ...] = PATH_RELATIONS) -> Projection:
    """The directed network the paths run on."""
    return Projection(relations=relations, directed=True)


def scaling_up_paths(store, start: str, relations: tuple[str, ...] = PATH_RELATIONS, graph=None,
                     whole=None) -> ScalingPaths:
    """Every shortest path from ``start`` (IRI or label) to the Land and to the Bund level.

    ``graph``: the store's :func:`path_projection` for ``relations`` if already built; ``whole``: a
    projection of every relation group, where a start without edges of ``relations`` is found (it
    then has no paths, which is an answer, not an error).
    """
    graph = graph if graph is not None else project(store, path_projection(relations))
    try:
        node = find_node(graph, start)
    except NotFound:
        whole = whole if whole is not None else project(store, Projection())
        node = find_node(whole, start)
        return ScalingPaths(node, whole.nodes[node].get("label", node), relations,
                            {level: [] for level in LEVELS})
    own = own_relations(store, node)
    result = ScalingPaths(node, graph.nodes[node].get("label", node), relations)
    for level in LEVELS:
        result.paths[level] = shortest_paths_to_level(graph, node, level, own)
    return result


def is_level(graph, node: str, level: str) -> bool:
    kind, concept = LEVELS[level]
    return node == concept or graph.nodes[node].get("kind") == kind


def shortest_paths_to_level(graph, start: str, level: str, own: dict[str, list[str]]) -> list[ScalingPath]:
    """All shortest paths from ``start`` to the nearest nodes of ``level``."""
    import networkx as nx

    distances = nx.single_source_shortest_path_length(graph, start)
    reached = {n: d for n, d in distances.items() if d > 0 and is_level(graph, n, level)}
    if not reached:
        return []
    nearest = min(reached.values())
    paths = []
    for target in sorted(n for n, d in reached.items() if d == nearest):
        for nodes in sorted(nx.all_shortest_paths(graph, start, target)):
            steps = [path_step(graph, a, b, own) for a, b in zip(nodes, nodes[1:])]
            administrative = any("scaling-up" not in step.group for step in steps)
            paths.append(ScalingPath(level, target, graph.nodes[target].get("label", target), steps, administrative))
    return paths


def path_step(graph, a: str, b: str, own: dict[str, list[str]]) -> PathStep:
    """One edge of a path; where the start node's own relations back it, only those are listed."""
    data = graph.edges[a, b]
    relations = split_list(data.get("relations"))
    mine = [r for r in relations if r in own]
    if mine:
        relations, sources = mine, sorted({s for r in mine for s in own[r]})
    else:
        sources = split_list(data.get("sources"))
    return PathStep(a, b, graph.nodes[a].get("label", a), graph.nodes[b].get("label", b),
                    split_list(data.get("group")), split_list(data.get("predicates")), relations, sources,
                    split_list(data.get("graphs")))


def own_relations(store, node: str) -> dict[str, list[str]]:
    """relation IRI -> its source sections, for the relations ``node`` takes part in."""
    own: dict[str, list[str]] = {}
    for relation, source in store.query(RELATIONS_OF_START, {"start": URIRef(node)}):
        own.setdefault(str(relation), [])
        if source is not None:
            own[str(relation)].append(str(source))
    return own
