"""The network view /netzwerk, its JSON (the current view), GraphML export and neighbour expansion.

The view's state lives in the query string: ``beziehung`` (relation groups), ``land``, ``typ``,
``laendlichkeit``, ``lage`` (labels or IRIs, repeatable), ``layout`` (kraft|ebenen), ``fokus``
and ``erweitert`` (IRIs). The page's script sends the same query string here.
"""

from __future__ import annotations

import pyoxigraph as ox
import re

from flask import Blueprint, Response, g, render_template, request
from koopgraph.graph.labels import labels_of
from koopgraph.graph.netview import export as netexport
from koopgraph.graph.netview import large as netlarge
from koopgraph.graph.netview import layout as netlayout
from koopgraph.graph.netview import neighbours as neighbours
from koopgraph.graph.netview import timeline
from koopgraph.graph.netview import view as netview
from rdflib import URIRef
from werkzeug.exceptions import BadRequest

from ..http import wants_json
from ..style import network as style
from . import netzwerk_gross
from .common import jsonable, resource_href, store

blueprint = Blueprint("netzwerk", __name__)

FACET_PARAMS = {"land": "land", "typ": "typ", "laendlichkeit": "rurality", "lage": "situation"}
FACET_TITLES = {"land": "Land", "typ": "Kommunaltyp", "laendlichkeit": "Ländlichkeit",
                "lage": "Sozioökonomische Lage"}
LAYOUTS = {"kraft": "Kräfte", "ebenen": "Verwaltungsebenen"}
MAX_PER_GROUP = 200
NO_RELATION = "keine"  # every relation group switched off


@blueprint.route("/netzwerk")
def page():
    """The page shell; its script loads the data from /netzwerk.json with the same query string."""
    if wants_json():
        return view_json()
    html = render_template("netzwerk.html", facets=_facet_choices(), selected_groups=_relation_groups(),
                           layouts=LAYOUTS, layout=_layout(), legend=style.legend(),
                           gross=netzwerk_gross.is_large(), graph=request.args.get("graph"),
                           stand=_day("stand") or "", vergleich=_day("vergleich") or "")
    response = Response(html, content_type="text/html; charset=utf-8")
    response.vary.add("Accept")
    return response


@blueprint.route("/netzwerk.json")
def view_json():
    """The current view as vis-network data (nodes, edges, options) plus legend and counts; at
    Germany scale (a whole Land is ~20 MB) the serialised answer is kept per query string."""
    if netzwerk_gross.is_large():
        return netzwerk_gross.kept_json("vis", _view_data)
    return _view_data()


def _view_data() -> dict:
    view, options = current_view()
    network = style.to_pyvis(view, _relation_labels(view.edges))
    _add_hrefs(network.nodes)
    looks = g.get("time_looks")
    if looks is not None:   # "vergleichen mit": each edge in the look of its change
        for edge in network.edges:
            look = looks.get(edge["id"], "geblieben")
            edge.update(color=timeline.LOOKS[look], dashes=look == "geendet", title=f"{edge['title']} ({look})")
    return {   # plain data already: no jsonable() pass over thousands of dicts
        "zeit": {"stand": _day("stand"), "vergleich": _day("vergleich"),
                 "zaehlung": timeline.look_counts(looks) if looks is not None else None},
        "nodes": network.nodes, "edges": network.edges, "options": network.options,
        "positions": view.positions, "layout": _layout(), "legend": style.legend(),
        "counts": {"nodes": len(view.nodes), "edges": len(view.edges)},
        "facets": {param: [label for _, label in options[facet]] for param, facet in FACET_PARAMS.items()},
        "graphml": "/netzwerk.graphml?" + request.query_string.decode("ascii", "replace"),
    }


@blueprint.route("/netzwerk.graphml")
def view_graphml():
    """The current view as GraphML, as a download."""
    body = netexport.graphml(current_view()[0])
    return Response(body, content_type="application/graphml+xml; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="koopgraph-netzwerk.graphml"'})


@blueprint.route("/netzwerk/nachbarn.json")
def neighbours_json():
    """A node's neighbours grouped by relation, a page per group (``gruppe``, ``offset``, ``anzahl``)."""
    group = request.args.get("gruppe") or None
    if group is not None and group not in netview.RELATION_GROUPS:
        raise BadRequest(f"unknown relation group {group!r}; use one of {', '.join(netview.RELATION_GROUPS)}")
    hood = neighbours.neighbours(store(), iri_arg("iri"), group=group, offset=int_arg("offset", 0),
                              per_group=min(int_arg("anzahl", 10), MAX_PER_GROUP))
    labels = {}
    for g in hood.groups:
        labels.update((n.iri, n.label) for n in g.nodes)
    relation_labels = _relation_labels([e for g in hood.groups for e in g.edges])
    return jsonable({
        "center": {"iri": str(hood.center.iri), "label": hood.center.label,
                   "href": resource_href(hood.center.iri)},
        "groups": [{"key": g.key, "label": g.label, "total": g.total, "offset": g.offset, "more": g.more,
                    "nodes": [{"id": str(n.iri), "href": resource_href(n.iri), "json": json_href(str(n.iri)),
                               **style.vis_node(n, hood.labels)} for n in g.nodes],
                    "edges": [style.vis_edge(e, relation_labels) for e in g.edges]}
                   for g in hood.groups],
    })


@blueprint.route("/netzwerk/ego.json")
def ego_json():
    """A small network around one resource (for resource pages)."""
    view = neighbours.ego_view(store(), iri_arg("iri"))
    network = style.to_pyvis(view, _relation_labels(view.edges))
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


def current_view() -> tuple[netview.View, dict]:
    """The view the query string describes (filtered, expanded, placed) and the full view's facet values."""
    large = netzwerk_gross.is_large()   # a whole Land or Germany: kept once, nested positions
    full, positions = netzwerk_gross.whole_network() if large else (netview.full_view(store()), None)
    if request.args.get("graph"):   # one import's graph (/import opens its result so)
        full = netview.only_graph(full, iri_value(request.args["graph"]))
    options = netview.facet_options(full)
    view = netview.apply_filter(full, view_filter(options))
    view = _at_time(view)
    expanded = [iri_value(v) for v in request.args.getlist("erweitert")]
    if expanded:
        view = neighbours.with_neighbours(store(), view, expanded)
    if large and _layout() == "kraft":
        return netlarge.place_nested(view, positions), options
    return netlayout.place(netlarge.detached(view) if large else view, _layout(), whole=full), options


def _at_time(view):
    """"Stand am" (only what held that day) and "vergleichen mit" (begun, ended, stayed up to a second day)."""
    day, other = _day("stand"), _day("vergleich")
    if not (day or other):
        return view
    periods = timeline.edge_periods(store())
    if day and other:
        view, g.time_looks = timeline.compare_days(view, periods, day, other)
        return view
    return timeline.on_day(view, periods, day or other)


def _day(name: str) -> str | None:
    value = request.args.get(name, "")
    if value and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise BadRequest(f"{name}={value!r} is not a day; use YYYY-MM-DD")
    return value or None


def _relation_groups() -> frozenset[str]:
    groups = frozenset(request.args.getlist("beziehung"))
    unknown = groups - set(netview.RELATION_GROUPS) - {NO_RELATION}
    if unknown:
        raise BadRequest(f"unknown beziehung {sorted(unknown)}; use {', '.join(netview.RELATION_GROUPS)}")
    return groups


def view_filter(options: dict) -> netview.ViewFilter:
    """The filter the query string asks for; unknown values are a 400 naming the allowed ones."""
    chosen = {facet: frozenset(_facet_value(param, value, options[facet])
                               for value in request.args.getlist(param))
              for param, facet in FACET_PARAMS.items()}
    return netview.ViewFilter(relations=_relation_groups(), **chosen)


def _facet_value(param: str, value: str, allowed: list) -> URIRef:
    for iri, label in allowed:
        if value in (str(iri), label) or value.casefold() == label.casefold():
            return iri
    names = ", ".join(label for _, label in allowed) or "none in this view"
    raise BadRequest(f"{param}={value!r} is not a value of this network; use one of: {names}")


def _facet_choices() -> list[dict]:
    """The filter selects with the values the URL chose; the script adds the others from the JSON."""
    return [{"param": param, "title": FACET_TITLES[param], "chosen": request.args.getlist(param)}
            for param in FACET_PARAMS]


def _layout() -> str:
    layout = request.args.get("layout", "kraft")
    if layout not in LAYOUTS:
        raise BadRequest(f"unknown layout {layout!r}; use one of {', '.join(LAYOUTS)}")
    return layout


def _relation_labels(edges) -> dict:
    labels = labels_of(store(), {e.relation for e in edges})
    return {e.relation: labels(e.relation) for e in edges}


def iri_arg(name: str) -> URIRef:
    return iri_value(request.args.get(name, ""))


def iri_value(text: str) -> URIRef:
    try:
        ox.NamedNode(text)
    except ValueError as e:
        raise BadRequest(f"{text!r} is not a valid absolute IRI") from e
    return URIRef(text)


def int_arg(name: str, default: int) -> int:
    try:
        value = int(request.args.get(name, default))
    except ValueError as e:
        raise BadRequest(f"{name} must be a whole number") from e
    if value < 0:
        raise BadRequest(f"{name} must not be negative")
    return value
