"""/netzwerk at Germany scale: cluster views, and the whole network kept and placed once.

A store with more Kommunen than the ``network_cluster_above`` setting starts /netzwerk as
clusters — Germany's Länder; a click opens a Land's Kreise, then a Landkreis's Gemeinden —
counted by SPARQL GROUP BY (graph/netaggregate.py) and served by /netzwerk/gruppen.json.
A filtered view of such a store (e.g. a whole Land) is cut from the whole network, which
is read once per data generation and placed by the nested layout (graph/netlarge.py)
instead of a spring layout of every node. Everything is kept in a GenerationCache.
The page (web/static/netzwerk-gross.js) draws views of more than a few thousand nodes
with sigma.js (WebGL), smaller ones with vis-network, always with physics off.
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, request
from koopgraph.graph.netview import large as netlarge
from koopgraph.graph.netview import view as netview
from koopgraph.graph.netview.clusters import cluster_view, kommunen_count
from koopgraph.graph.store.cache import GenerationCache

from ..style import network as style
from .common import resource_href, store

blueprint = Blueprint("netzwerk_gross", __name__)
CACHE_KEY = "koopgraph.netzwerk_gross"
BODIES_KEY = "koopgraph.netzwerk_gross.bodies"


@blueprint.record_once
def _keep_a_cache(state) -> None:
    store = state.app.config["KOOPGRAPH_STORE"]
    state.app.extensions[CACHE_KEY] = GenerationCache(store, size=64)
    state.app.extensions[BODIES_KEY] = GenerationCache(store, size=4)  # a whole Land's vis JSON is ~20 MB


def cache() -> GenerationCache:
    return current_app.extensions[CACHE_KEY]


def query_key() -> tuple:
    """The request's query string as a key: the same arguments in any order give the same view."""
    return tuple(sorted(request.args.items(multi=True)))


def kept_json(name: str, compute) -> Response:
    """A JSON response whose serialised body is kept per query string until the data changes."""
    body = current_app.extensions[BODIES_KEY].kept((name, query_key()),
                                                   lambda: current_app.json.dumps(compute()))
    return Response(body, mimetype="application/json")


def is_large() -> bool:
    """Does the store hold more Kommunen than the setting ``network_cluster_above``?"""
    above = current_app.config["KOOPGRAPH_SETTINGS"]["network_cluster_above"]
    return cache().kept(("kommunen",), lambda: kommunen_count(store())) > above


def holds_study() -> bool:
    """Does the store hold the study's places (kg:Studienkommune)?"""
    return cache().kept(("study?",), lambda: bool(store().query(STUDY_PLACES_EXIST).askAnswer))


def study_network() -> netview.View:
    """The study's network (without the places only the base layer knows), kept per data generation."""
    return cache().kept(("study",), lambda: netview.study_view(store()))


STUDY_PLACES_EXIST = "ASK { ?n a <https://w3id.org/koopgraph/ontology#Studienkommune> }"


def whole_network() -> tuple[netview.View, dict]:
    """The whole network and its nested positions, computed once per data generation.

    The view is shared between requests: callers copy nodes before changing them
    (:func:`koopgraph.graph.netview.large.place_nested` does).
    """
    def compute():
        full = netview.full_view(store())
        return full, netlarge.nested_positions(full)

    return cache().kept(("whole",), compute)


def prepare(app, say=lambda text: None) -> bool:
    """At Germany scale, compute Germany's clusters and the whole placed network now (at M about 2 s and
    15 s), so that no visitor of /netzwerk waits for them and no page is slowed by them later; whether
    the store is large."""
    with app.app_context():
        if not is_large():
            return False
        if holds_study():  # /netzwerk starts with the study's network: have it ready too
            study_network()
        say("koopgraph: Germany scale: placing the whole network for /netzwerk once …")
        cache().kept(("clusters", None), lambda: cluster_view(store(), None))
        whole_network()
        return True


@blueprint.route("/netzwerk/gruppen.json")
def clusters_json():
    """Clusters with member counts, aggregated edges and server positions; ``gruppe`` opens a Land or a
    Landkreis (an IRI), none gives Germany's Länder."""
    from .netzwerk import iri_value

    text = request.args.get("gruppe", "")
    group = iri_value(text) if text else None
    view, path = cache().kept(("clusters", group), lambda: cluster_view(store(), group))
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
    return cache().kept(("columns", query_key()), _columns)  # the same view again: no filtering, no copying


def _columns() -> dict:
    from .netzwerk import FACET_PARAMS, current_view

    view, options = current_view()
    order = list(view.nodes)
    index = {iri: i for i, iri in enumerate(order)}
    types = sorted({view.nodes[iri].type for iri in order}, key=lambda t: (t is None, str(t)))
    type_index = {t: i for i, t in enumerate(types)}
    groups = {g: i for i, g in enumerate(style.EDGE_LOOKS)}  # netview.relation_group: unknown ones are "other"
    nodes = [view.nodes[iri] for iri in order]
    return {
        "nodes": {"id": [str(iri) for iri in order], "label": [n.label for n in nodes],
                  "x": [n.x for n in nodes], "y": [n.y for n in nodes], "look": [type_index[n.type] for n in nodes]},
        "edges": {"source": [index[e.source] for e in view.edges], "target": [index[e.target] for e in view.edges],
                  "group": [groups[e.group] for e in view.edges]},
        "looks": {"nodes": [{"label": style.node_look(t).label, "color": style.node_look(t).color,
                             "size": style.node_look(t).size} for t in types],
                  "edges": [{"group": g, "label": look.label, "color": look.color} for g, look in
                            style.EDGE_LOOKS.items()]},
        "counts": {"nodes": len(order), "edges": len(view.edges)},
        "facets": {param: [label for _, label in options[facet]] for param, facet in FACET_PARAMS.items()},
    }
