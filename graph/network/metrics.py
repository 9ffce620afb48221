"""Network measures per node, computed by networkx on a projected network.

Each measure is a :class:`Metric` in :data:`METRICS`: a name for the command
line, German and English titles, and a function returning a
:class:`MetricResult` — the value per node plus the algorithm and parameters
used, so results can be reported and written back with provenance.

Shortest paths count hops (edge weights are not distances); weights
(``weight`` on the edges) enter PageRank, eigenvector centrality and Louvain.

>>> import networkx as nx
>>> run_metric("degree", nx.path_graph(["a", "b", "c"])).values
{'a': 1, 'b': 2, 'c': 1}
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..errors import KoopgraphError, NotFound


@dataclass(frozen=True)
class AnalysisOptions:
    """Parameters the measures take; all are reported with the results."""

    seed: int = 42
    betweenness_exact_limit: int = 2000  # above this many nodes betweenness is sampled
    betweenness_samples: int = 500
    resolution: float = 1.0  # Louvain
    alpha: float = 0.85  # PageRank


@dataclass
class MetricResult:
    name: str
    values: dict
    algorithm: str
    parameters: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Metric:
    name: str
    title_de: str
    title_en: str
    compute: Callable
    directed_only: bool = False
    categorical: bool = False  # a numbering (component, community), ranked ascending


def _degree(graph, options):
    return dict(graph.degree()), "networkx.Graph.degree", {}


def _in_degree(graph, options):
    return dict(graph.in_degree()), "networkx.DiGraph.in_degree", {}


def _out_degree(graph, options):
    return dict(graph.out_degree()), "networkx.DiGraph.out_degree", {}


def _betweenness(graph, options):
    import networkx as nx

    n = graph.number_of_nodes()
    k = min(options.betweenness_samples, n) if n > options.betweenness_exact_limit else None
    parameters = {"normalized": True, "k": k, "seed": options.seed if k else None, "exact": k is None}
    values = nx.betweenness_centrality(graph, k=k, normalized=True, seed=options.seed if k else None)
    return values, "networkx.betweenness_centrality", parameters


def _closeness(graph, options):
    import networkx as nx

    return nx.closeness_centrality(graph), "networkx.closeness_centrality", {"wf_improved": True}


def _pagerank(graph, options):
    import networkx as nx

    values = nx.pagerank(graph, alpha=options.alpha, weight="weight")
    return values, "networkx.pagerank", {"alpha": options.alpha, "weight": "weight"}


def _eigenvector(graph, options):
    import networkx as nx

    try:
        values = nx.eigenvector_centrality(graph, max_iter=1000, weight="weight")
    except nx.PowerIterationFailedConvergence as e:
        raise KoopgraphError("eigenvector centrality did not converge on this network",
                             hint="Use --metric pagerank instead.") from e
    return values, "networkx.eigenvector_centrality", {"max_iter": 1000, "weight": "weight"}


def _clustering(graph, options):
    import networkx as nx

    return nx.clustering(graph), "networkx.clustering", {}


def _component(graph, options):
    import networkx as nx

    parts = nx.weakly_connected_components(graph) if graph.is_directed() else nx.connected_components(graph)
    name = "weakly_connected_components" if graph.is_directed() else "connected_components"
    return numbered(parts), f"networkx.{name}", {"numbering": "by size, largest = 0"}


def _community(graph, options):
    import networkx as nx

    undirected = graph.to_undirected(as_view=True) if graph.is_directed() else graph
    parts = nx.community.louvain_communities(undirected, weight="weight", resolution=options.resolution,
                                             seed=options.seed)
    parameters = {"weight": "weight", "resolution": options.resolution, "seed": options.seed,
                  "modularity": round(nx.community.modularity(undirected, parts, weight="weight"), 6),
                  "numbering": "by size, largest = 0"}
    return numbered(parts), "networkx.community.louvain_communities", parameters


def numbered(parts) -> dict:
    """node -> index of its part, parts ordered by size (largest 0), then smallest member."""
    ordered = sorted((sorted(map(str, p)) for p in parts), key=lambda p: (-len(p), p[0]))
    return {node: i for i, part in enumerate(ordered) for node in part}


def neighbours(graph, node):
    """Neighbours regardless of direction."""
    if graph.is_directed():
        return set(graph.predecessors(node)) | set(graph.successors(node))
    return set(graph.neighbors(node))


def _broker(attribute: str):
    def compute(graph, options):
        values = {}
        for node in graph:
            places = {graph.nodes[m].get(attribute) for m in neighbours(graph, node)}
            values[node] = len(places - {None})
        return values, "koopgraph.broker", {"attribute": attribute,
                                            "definition": f"distinct {attribute} values among neighbours"}
    return compute


METRICS: dict[str, Metric] = {m.name: m for m in [
    Metric("degree", "Grad", "degree", _degree),
    Metric("in-degree", "Eingangsgrad", "in-degree", _in_degree, directed_only=True),
    Metric("out-degree", "Ausgangsgrad", "out-degree", _out_degree, directed_only=True),
    Metric("betweenness", "Zwischenzentralität", "betweenness centrality", _betweenness),
    Metric("closeness", "Nähezentralität", "closeness centrality", _closeness),
    Metric("pagerank", "PageRank", "PageRank", _pagerank),
    Metric("eigenvector", "Eigenvektorzentralität", "eigenvector centrality", _eigenvector),
    Metric("clustering", "Clusterkoeffizient", "clustering coefficient", _clustering),
    Metric("component", "Komponente", "connected component", _component, categorical=True),
    Metric("community", "Gemeinschaft (Louvain)", "community (Louvain)", _community, categorical=True),
    Metric("broker-kreise", "Vermittlung zwischen Kreisen", "broker between counties", _broker("county")),
    Metric("broker-laender", "Vermittlung zwischen Ländern", "broker between Länder", _broker("land")),
]}


# What each measure says about a node of this network, in one plain German sentence (for /analyse).
METRIC_MEANINGS: dict[str, str] = {
    "degree": "Mit wie vielen anderen Knoten ein Knoten direkt verbunden ist.",
    "in-degree": "Wie viele Kanten auf einen Knoten zulaufen (etwa Einflusswege, die bei ihm ankommen).",
    "out-degree": "Wie viele Kanten von einem Knoten ausgehen.",
    "betweenness": "Wie oft ein Knoten auf den kürzesten Wegen zwischen anderen liegt – ein hoher Wert heißt: "
                   "Viele Verbindungen laufen über ihn, er könnte vermitteln.",
    "closeness": "Wie nah ein Knoten im Mittel allen anderen ist, die er erreichen kann.",
    "pagerank": "Wie stark ein Knoten mit anderen gut verbundenen Knoten verbunden ist.",
    "eigenvector": "Wie zentral die Nachbarn eines Knotens selbst sind.",
    "clustering": "Wie viele der Nachbarn eines Knotens auch untereinander verbunden sind.",
    "component": "Zu welchem zusammenhängenden Teil des Netzes ein Knoten gehört (Nummer des Teils).",
    "community": "Zu welcher Gruppe dicht miteinander verbundener Knoten ein Knoten gehört (Louvain-Verfahren).",
    "broker-kreise": "Mit wie vielen verschiedenen Landkreisen die Nachbarn eines Knotens verbunden sind.",
    "broker-laender": "Mit wie vielen verschiedenen Ländern die Nachbarn eines Knotens verbunden sind.",
}


def choose_metrics(names) -> list[str]:
    """Validate metric names; KoopgraphError names the unknown one and lists the known."""
    names = list(names) or ["degree"]
    unknown = [n for n in names if n not in METRICS]
    if unknown:
        raise KoopgraphError(f"unknown metric: {', '.join(unknown)}", hint="Choose from: " + ", ".join(METRICS) + ".")
    return list(dict.fromkeys(names))


def run_metric(name: str, graph, options: AnalysisOptions = AnalysisOptions()) -> MetricResult:
    """One measure on ``graph``; KoopgraphError for an unknown name or a directed-only one."""
    metric = METRICS[choose_metrics([name])[0]]
    if metric.directed_only and not graph.is_directed():
        raise KoopgraphError(f"{name} needs a directed network", hint="Add --directed.")
    values, algorithm, parameters = metric.compute(graph, options)
    return MetricResult(name, values, algorithm, parameters)


def ego_network(graph, node: str, radius: int = 1):
    """The subgraph of all nodes within ``radius`` hops of ``node`` (direction ignored)."""
    import networkx as nx

    if node not in graph:
        raise NotFound(f"<{node}> is not a node of this network",
                       hint="Check the IRI, or choose relation groups that include it.")
    return nx.ego_graph(graph, node, radius=radius, undirected=True)


@dataclass
class MetricTable:
    """One row per node: ``node`` (IRI), ``label`` and one column per measure."""

    results: list[MetricResult]
    rows: list[dict]

    @property
    def columns(self) -> list[str]:
        return ["node", "label", *(r.name for r in self.results)]


MetricRunner = Callable[[str, object, AnalysisOptions], MetricResult]


def metric_table(graph, names, options: AnalysisOptions = AnalysisOptions(), top: int | None = None,
                 run: MetricRunner = run_metric) -> MetricTable:
    """The chosen measures for every node, ranked by the first (highest first), cut to ``top``.

    ``run`` computes one measure, as :func:`run_metric` does (a cache can answer instead).
    """
    results = [run(name, graph, options) for name in choose_metrics(names)]
    rows = [{"node": node, "label": graph.nodes[node].get("label", node),
             **{r.name: r.values.get(node) for r in results}} for node in graph]
    first = results[0]
    sign = 1 if METRICS[first.name].categorical else -1
    rows.sort(key=lambda row: (sign * row[first.name], row["label"], row["node"]))
    return MetricTable(results, rows[:top] if top else rows)
