"""The network view /netzwerk, its JSON (the current view), GraphML export and neighbour expansion.

The view's state lives in the query string: ``beziehung`` (relation groups), ``land``, ``typ``,
``laendlichkeit``, ``lage`` (labels or IRIs, repeatable), ``layout`` (kraft|ebenen|karte), ``fokus``
and ``erweitert`` (IRIs). The page's script sends the same query string here.

With the official base layer loaded the store holds all of Germany's places; /netzwerk still shows
the study's network first (the base layer's other places left out), and ``basis=1`` switches to the
whole base layer at Germany scale (Länder, then Kreise, then Gemeinden as clusters).
"""

from __future__ import annotations

from flask import Blueprint, Response, g, render_template, request
from koopgraph.graph.labels import labels_of
from koopgraph.graph.netview import export as view_export
from koopgraph.graph.netview import neighbours, timeline
from koopgraph.graph.netview.layout import level_rows
from koopgraph.graph.relations import RELATION_GROUPS

from ..http import choice_arg, int_arg, iri_arg, wants_json
from ..services import services
from ..style import network as network_style
from .common import jsonable, resource_href, store
from .netzwerk_ansicht import (
    LAYOUTS,
    current_view,
    day_arg,
    facet_choices,
    facet_labels,
    germany_scale,
    kept_json,
    layout,
    relation_groups,
)

blueprint = Blueprint("netzwerk", __name__)

MAX_PER_GROUP = 200


@blueprint.route("/netzwerk")
def page():
    """The page shell; its script loads the data from /netzwerk.json with the same query string."""
    if wants_json():
        return view_json()
    html = render_template("netzwerk.html", facets=facet_choices(), selected_groups=relation_groups(),
                           layouts=LAYOUTS, layout=layout(), legend=network_style.legend(), gross=germany_scale(),
                           graph=request.args.get("graph"), stand=day_arg("stand") or "",
                           vergleich=day_arg("vergleich") or "")
    response = Response(html, content_type="text/html; charset=utf-8")
    response.vary.add("Accept")
    return response


@blueprint.route("/netzwerk.json")
def view_json():
    """The current view as vis-network data (nodes, edges, options) plus legend and counts; the serialised
    answer is kept per query string (at Germany scale a whole Land is ~20 MB), the views /netzwerk opens
    with also on disk, for the next start."""
    large = germany_scale()
    return kept_json("vis" if large else "studie", _view_data, large)


def _view_data() -> dict:
    view, options = current_view()
    network = network_style.to_pyvis(view, _relation_labels(view.edges))
    _add_hrefs(network.nodes)
    looks = g.get("time_looks")
    if looks is not None:   # "vergleichen mit": each edge in the look of its change
        for edge in network.edges:
            look = looks.get(edge["id"], "geblieben")
            edge.update(color=timeline.LOOKS[look], dashes=look == "geendet", title=f"{edge['title']} ({look})")
    return {   # plain data already: no jsonable() pass over thousands of dicts
        "zeit": {"stand": day_arg("stand"), "vergleich": day_arg("vergleich"),
                 "zaehlung": timeline.look_counts(looks) if looks is not None else None},
        "nodes": network.nodes, "edges": network.edges, "options": network.options,
        "positions": view.positions, "layout": layout(), "legend": network_style.legend(view),
        "rows": level_rows(view),
        "counts": {"nodes": len(view.nodes), "edges": len(view.edges)}, "facets": facet_labels(options),
        "graphml": "/netzwerk.graphml?" + request.query_string.decode("ascii", "replace"),
    }


@blueprint.route("/netzwerk.graphml", methods=["GET", "POST"])
def view_graphml():
    """The current view as GraphML, as a download; POSTed ``knoten`` (IRIs) and ``kante`` (edge keys):
    exactly those, i.e. what the reader has on screen."""
    data = services().network.data()
    if request.method == "POST":
        view = view_export.chosen_view(data, request.form.getlist("knoten"), request.form.getlist("kante"))
    else:
        view = current_view()[0]
    body = view_export.graphml(view, data)
    return Response(body, content_type="application/graphml+xml; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="koopgraph-netzwerk.graphml"'})


@blueprint.route("/netzwerk/nachbarn.json")
def neighbours_json():
    """A node's neighbours grouped by relation, a page per group (``gruppe``, ``offset``, ``anzahl``)."""
    group = choice_arg("gruppe", RELATION_GROUPS, None, what="relation group")
    hood = neighbours.neighbours(store(), iri_arg("iri"), group=group, offset=int_arg("offset", 0),
                                 per_group=min(int_arg("anzahl", 10), MAX_PER_GROUP))
    labels = {}
    for group_ in hood.groups:
        labels.update((n.iri, n.label) for n in group_.nodes)
    relation_labels = _relation_labels([e for group_ in hood.groups for e in group_.edges])
    return jsonable({
        "center": {"iri": str(hood.center.iri), "label": hood.center.label,
                   "href": resource_href(hood.center.iri)},
        "groups": [{"key": g.key, "label": g.label, "total": g.total, "offset": g.offset, "more": g.more,
                    "nodes": [{"id": str(n.iri), "href": resource_href(n.iri), "json": json_href(str(n.iri)),
                               **network_style.vis_node(n, hood.labels)} for n in g.nodes],
                    "edges": [network_style.vis_edge(e, relation_labels) for e in g.edges]}
                   for g in hood.groups],
    })


@blueprint.route("/netzwerk/ego.json")
def ego_json():
    """A small network around one resource (for resource pages)."""
    view = neighbours.ego_view(store(), iri_arg("iri"))
    network = network_style.to_pyvis(view, _relation_labels(view.edges))
    _add_hrefs(network.nodes)
    return {"nodes": network.nodes, "edges": network.edges, "options": network.options}


def _add_hrefs(vis_nodes: list[dict]) -> None:
    """Each node's resource page and the JSON twin of that page (for the side panel)."""
    for node in vis_nodes:
        node["href"] = resource_href(node["id"])
        node["json"] = json_href(node["id"])


def json_href(iri: str) -> str:
    href = resource_href(iri)
    return href + ("&format=json" if "?" in href else ".json")


def _relation_labels(edges) -> dict:
    labels = labels_of(store(), {e.relation for e in edges})
    return {e.relation: labels(e.relation) for e in edges}
