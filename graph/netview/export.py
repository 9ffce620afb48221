"""A network view as a networkx graph and as GraphML (for Gephi, yEd and networkx itself)."""

from __future__ import annotations

from ..network import export as network_export
from .view import View


def to_networkx(view: View):
    """The view as a networkx MultiDiGraph with GraphML-safe attributes (strings and numbers)."""
    import networkx as nx

    graph = nx.MultiDiGraph()
    for node in view.nodes.values():
        attributes = {"label": node.label, "type": str(node.type or ""), "level": node.level}
        for facet, values in node.facets.items():   # several values are joined with " | "
            attributes[facet] = " | ".join(sorted(str(v) for v in values))
            attributes[facet + "_label"] = " | ".join(sorted(view.labels.get(v, str(v)) for v in values))
        graph.add_node(str(node.iri), **{k: v for k, v in attributes.items() if v is not None})
    for e in view.edges:
        graph.add_edge(str(e.source), str(e.target), key=e.key, relation=str(e.relation), group=e.group,
                       graph=str(e.graph), via=" | ".join(str(v) for v in e.via), section=" | ".join(e.sections))
    return graph


def graphml(view: View) -> bytes:
    """The view as GraphML (for Gephi, yEd, networkx)."""
    return network_export.graphml(to_networkx(view))
