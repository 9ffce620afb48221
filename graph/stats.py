"""Store statistics: triples per named graph, instances per class, property use."""

from __future__ import annotations

from dataclasses import dataclass

INSTANCES_PER_CLASS = """
SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?class }
GROUP BY ?class ORDER BY DESC(?n) ?class LIMIT TOP_N
"""
PROPERTY_USE = """
SELECT ?property (COUNT(*) AS ?n) WHERE { ?s ?property ?o }
GROUP BY ?property ORDER BY DESC(?n) ?property LIMIT TOP_N
"""


@dataclass
class StoreStats:
    graphs: list[tuple[str, int]]
    classes: list[tuple[str, int]]
    properties: list[tuple[str, int]]

    @property
    def total(self) -> int:
        return sum(n for _, n in self.graphs)


def store_stats(store, top: int = 20) -> StoreStats:
    """Triples per named graph, the ``top`` classes and properties by use."""
    def counted(sparql):
        return [(str(a), int(n)) for a, n in store.query(sparql.replace("TOP_N", str(int(top))))]

    return StoreStats(
        graphs=sorted((str(g), n) for g, n in store.graph_sizes().items()),
        classes=counted(INSTANCES_PER_CLASS),
        properties=counted(PROPERTY_USE),
    )


def stats_text(stats: StoreStats) -> str:
    """The statistics as plain text for the command line."""
    out = [f"{stats.total} triples in {len(stats.graphs)} named graphs", ""]
    for title, rows in (("Triples per named graph", stats.graphs),
                        ("Instances per class", stats.classes),
                        ("Most used properties", stats.properties)):
        out.append(title + ":")
        out += [f"  {n:>9}  {name}" for name, n in rows] or ["  (none)"]
        out.append("")
    return "\n".join(out)
