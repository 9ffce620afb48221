"""/netzwerk at Germany scale: cluster views, and the whole network kept and placed once.

A store with more Kommunen than the ``network_cluster_above`` setting starts /netzwerk as
clusters — Germany's Länder; a click opens a Land's Kreise, then a Landkreis's Gemeinden —
counted by SPARQL GROUP BY (:mod:`koopgraph.graph.netview.clusters`) and served by
/netzwerk/gruppen.json. A filtered view of such a store (e.g. a whole Land) is cut from the whole
network, which is read once per data generation and placed by the nested layout
(:mod:`koopgraph.graph.netview.large`) instead of a spring layout of every node. Everything is kept
in the app's services (web/services.py) until the data changes.
The page (web/static/netzwerk-gross.js) draws views of more than a few thousand nodes
with sigma.js (WebGL), smaller ones with vis-network, always with physics off.
"""

from __future__ import annotations

from flask import Blueprint, request

from ..http import iri_value
from ..services import services
from ..style import network as network_style
from .common import resource_href
from .netzwerk_ansicht import current_view, facet_labels, query_key

blueprint = Blueprint("netzwerk_gross", __name__)


@blueprint.route("/netzwerk/gruppen.json")
def clusters_json():
    """Clusters with member counts, aggregated edges and server positions; ``gruppe`` opens a Land or a
    Landkreis (an IRI), none gives Germany's Länder."""
    text = request.args.get("gruppe", "")
    view, path = services().clusters(iri_value(text, "gruppe") if text else None)
    data = view.as_json()
    for node in data["nodes"]:
        node["href"] = resource_href(node["id"])
    data["path"] = [{"id": str(iri), "label": label, "href": resource_href(iri)} for iri, label in path]
    data["counts"] = {"nodes": len(data["nodes"]), "edges": len(data["edges"]),
                      "kommunen": sum(n["members"] for n in data["nodes"])}
    return data


@blueprint.route("/netzwerk/gross.json")
def large_view_json():
    """The view /netzwerk.json gives for the same query string, in columns for the WebGL renderer:
    node and edge lists of plain values (an edge names its ends by node index), looks by index."""
    return services().large.kept(("columns", query_key()), _columns)  # the same view again: no filtering, no copying


def _columns() -> dict:
    view, options = current_view()
    order = list(view.nodes)
    index = {iri: i for i, iri in enumerate(order)}
    types = sorted({view.nodes[iri].type for iri in order}, key=lambda t: (t is None, str(t)))
    type_index = {t: i for i, t in enumerate(types)}
    groups = {g: i for i, g in enumerate(network_style.EDGE_LOOKS)}  # netview.relation_group: unknown ones are "other"
    nodes = [view.nodes[iri] for iri in order]
    return {
        "nodes": {"id": [str(iri) for iri in order], "label": [n.label for n in nodes],
                  "x": [n.x for n in nodes], "y": [n.y for n in nodes], "look": [type_index[n.type] for n in nodes]},
        "edges": {"source": [index[e.source] for e in view.edges], "target": [index[e.target] for e in view.edges],
                  "group": [groups[e.group] for e in view.edges]},
        "looks": {"nodes": [{"label": network_style.node_look(t).label, "color": network_style.node_look(t).color,
                             "size": network_style.node_look(t).size} for t in types],
                  "edges": [{"group": g, "label": look.label, "color": look.color} for g, look in
                            network_style.EDGE_LOOKS.items()]},
        "counts": {"nodes": len(order), "edges": len(view.edges)},
        "facets": facet_labels(options),
    }
