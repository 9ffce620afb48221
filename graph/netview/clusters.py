"""Aggregated network views for Germany or a whole Land: Länder or Kreise as cluster nodes.

Germany: one cluster per Land. A Land: one per Landkreis and kreisfreie Stadt (a
Gemeinde counts for its Landkreis). A Landkreis expands into its Gemeinden. Every
cluster carries how many Kommunen it holds; an aggregated edge carries how many
browsing edges of each group (``kg:edgeGroup``, membership left out) run between
the members of two clusters. Positions come from the server — Länder where they
lie on the map, other clusters by a seeded spring layout — so the browser can draw
with physics off. Counting is done by SPARQL GROUP BY in the store, never by
loading the edges into Python.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import URIRef

from ..errors import NotFound
from ..labels import labels_of
from .geo import map_positions

PROLOGUE = """PREFIX kg: <https://w3id.org/koopgraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""

# The cluster {c} of a Kommune {k} ({x}: a helper): its Land; or, within the bound Land ?land, its
# Landkreis or itself; or, within the bound Landkreis ?kreis, itself.
_BY_LAND = "{k} kg:inLand {c} ."
_BY_KREIS = "{k} kg:inLand ?land . OPTIONAL { {k} kg:inCounty {x} } BIND(COALESCE({x}, {k}) AS {c})"
_BY_MEMBER = "{k} kg:inCounty ?kreis . BIND({k} AS {c})"

_CLUSTERS = PROLOGUE + """SELECT ?c (SAMPLE(?name) AS ?label) (COUNT(DISTINCT ?k) AS ?members) WHERE {
  CLUSTER
  OPTIONAL { ?c rdfs:label ?name FILTER(LANG(?name) = "de") }
} GROUP BY ?c"""

_EDGES = PROLOGUE + """SELECT ?a ?b ?group (COUNT(*) AS ?n) WHERE {
  ?p kg:edgeGroup ?group FILTER(?group != "membership")
  ?s ?p ?o .
  FROM_CLUSTER
  TO_CLUSTER
  FILTER(?a != ?b)
} GROUP BY ?a ?b ?group"""

LEVELS = {"land": _BY_LAND, "kreis": _BY_KREIS, "gemeinde": _BY_MEMBER}

# How many Kommunen the store holds (a network with more starts aggregated on /netzwerk).
KOMMUNEN_COUNT = PROLOGUE + "SELECT (COUNT(DISTINCT ?k) AS ?n) WHERE { ?k kg:inLand ?land }"
# bound: ?group — what a cluster opens into: a Land's Kreise, or a Landkreis's Gemeinden (with its Land)
GROUP_KIND = PROLOGUE + """SELECT ?level ?land WHERE {
  { ?group a kg:Land BIND("kreis" AS ?level) BIND(?group AS ?land) }
  UNION { ?group a kg:Landkreis ; kg:inLand ?land BIND("gemeinde" AS ?level) }
} ORDER BY ?level ?land LIMIT 1"""


@dataclass
class Cluster:
    iri: URIRef
    label: str
    members: int
    x: float = 0.0
    y: float = 0.0


@dataclass
class AggregatedView:
    level: str
    clusters: dict[URIRef, Cluster] = field(default_factory=dict)
    edges: dict[tuple[URIRef, URIRef], dict[str, int]] = field(default_factory=dict)  # (a, b) -> group -> n

    def as_json(self) -> dict:
        """Nodes and edges for the browser (vis-network / sigma style), positions included."""
        nodes = [{"id": str(c.iri), "label": c.label, "members": c.members, "x": c.x, "y": c.y,
                  "opens": self.level != "gemeinde" and (self.level == "land" or c.members > 1)}
                 for c in self.clusters.values()]
        edges = [{"from": str(a), "to": str(b), "groups": groups, "count": sum(groups.values())}
                 for (a, b), groups in self.edges.items()]
        return {"level": self.level, "nodes": nodes, "edges": edges}


def _cluster_pattern(level: str, node: str = "?k", cluster: str = "?c") -> str:
    """The level's cluster pattern for ``node`` (?k, ?s or ?o), binding ``cluster``."""
    pattern = LEVELS[level].replace("{k}", node).replace("{c}", cluster)
    return pattern.replace("{x}", f"?helper_{node[1:]}")


def aggregated_view(store, level: str, bindings: dict | None = None) -> AggregatedView:
    """Clusters at ``level`` ("land" for Germany; "kreis" with ``{"land": IRI}``; "gemeinde" with
    ``{"kreis": IRI}``) and the aggregated browsing edges between them, placed by a spring layout."""
    bindings = bindings or {}
    view = AggregatedView(level)
    for row in store.query(_CLUSTERS.replace("CLUSTER", _cluster_pattern(level)), bindings):
        view.clusters[row.c] = Cluster(row.c, str(row.label or row.c), int(row.members))
    edges_query = (_EDGES.replace("FROM_CLUSTER", _cluster_pattern(level, "?s", "?a"))
                   .replace("TO_CLUSTER", _cluster_pattern(level, "?o", "?b")))  # both ends in ?land / ?kreis
    for row in store.query(edges_query, bindings):
        view.edges.setdefault((row.a, row.b), {})[str(row.group)] = int(row.n)
    place_clusters(view)
    return view


WEAK_TIES_UP_TO = 400


def place_clusters(view: AggregatedView, seed: int = 7) -> None:
    """Länder where they lie on the map (:mod:`.geo`); other clusters by a seeded spring layout
    weighted by edge counts; both scaled to about ±1000 (vis-network units)."""
    import networkx as nx

    on_map = map_positions({iri: c.label for iri, c in view.clusters.items()}) if view.level == "land" else None
    if on_map:
        for iri, (x, y) in on_map.items():
            view.clusters[iri].x, view.clusters[iri].y = x, y
        return

    graph = nx.Graph()
    graph.add_nodes_from(view.clusters)
    for (a, b), groups in view.edges.items():
        weight = graph.get_edge_data(a, b, {"weight": 0})["weight"] + sum(groups.values())
        graph.add_edge(a, b, weight=weight)
    if not graph:
        return
    if len(graph) <= WEAK_TIES_UP_TO:  # a weak tie between all: clusters without edges stay near the rest
        weak = 0.02 * min((w for _, _, w in graph.edges(data="weight")), default=1)
        graph.add_edges_from((a, b, {"weight": weak}) for a, b in nx.non_edges(graph))
    positions = nx.spring_layout(graph, seed=seed, weight="weight", scale=1000)
    for iri, (x, y) in positions.items():
        view.clusters[iri].x, view.clusters[iri].y = round(float(x), 1), round(float(y), 1)


def kommunen_count(store) -> int:
    """How many Kommunen (anything with a kg:inLand) the store holds."""
    return int(next(iter(store.query(KOMMUNEN_COUNT))).n)


def cluster_view(store, group: URIRef | None = None) -> tuple[AggregatedView, list[tuple[URIRef, str]]]:
    """Germany's Länder (``group`` None), a Land's Kreise or a Landkreis's Gemeinden as clusters, and
    the path down to ``group`` as (IRI, label) pairs; NotFound if ``group`` is neither Land nor Landkreis."""
    if group is None:
        return aggregated_view(store, "land"), []
    found = list(store.query(GROUP_KIND, {"group": group}))
    if not found:
        raise NotFound(f"<{group}> is neither a Land nor a Landkreis",
                       hint="Open a Land or a Landkreis of the network, or start from /netzwerk.")
    level, land = str(found[0].level), found[0].land
    path = [land] if level == "kreis" else [land, group]
    labels = labels_of(store, path)
    view = aggregated_view(store, level, {"land": land} if level == "kreis" else {"kreis": group})
    return view, [(iri, labels(iri)) for iri in path]
