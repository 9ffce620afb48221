"""The network view a /netzwerk query string describes: its filters, layout and expanded nodes.

Shared by /netzwerk (netzwerk.py) and its Germany-scale views (netzwerk_gross.py), so that
neither imports the other. With the official base layer loaded the store holds all of Germany's
places; /netzwerk still shows the study's network first (the base layer's other places left out),
and ``basis=1`` switches to the whole store at Germany scale. ``FACET_PARAMS`` is the one table of the view's filter facets:
the page's form, /netzwerk.json's ``facets`` (which the scripts read) and /kommunen's link
to the network all come from it.
"""

from __future__ import annotations

import re

from flask import Response, current_app, g, request
from koopgraph.graph.collector import collector_paused
from koopgraph.graph.errors import ArgumentError
from koopgraph.graph.netview import neighbours, timeline
from koopgraph.graph.netview.geo import seat_positions
from koopgraph.graph.netview.large import detached, place_nested
from koopgraph.graph.netview.layout import place
from koopgraph.graph.netview.view import (
    View,
    ViewFilter,
    apply_filter,
    facet_options,
    only_graph,
)
from koopgraph.graph.relations import RELATION_GROUPS
from rdflib import URIRef

from ..http import choice_arg, iri_value
from ..services import services
from .common import store

# query parameter -> (facet of koopgraph.graph.netview.view.ViewFilter, title of the filter)
FACET_PARAMS = {"land": ("land", "Land"), "typ": ("typ", "Kommunaltyp"),
                "laendlichkeit": ("rurality", "Ländlichkeit"), "lage": ("situation", "Sozioökonomische Lage")}
LAYOUTS = {"kraft": "Kräfte", "ebenen": "Verwaltungsebenen", "karte": "Karte (Sitz der Verwaltung)"}
NO_RELATION = "keine"  # every relation group switched off


def germany_scale() -> bool:
    """Show the whole store at Germany scale? Not when it holds the study and ``basis=1`` is not asked:
    then the study's network comes first, however many places the official base layer adds."""
    if not services().is_large():
        return False
    return request.args.get("basis") == "1" or not services().holds_study()


def current_view() -> tuple[View, dict]:
    """The view the query string describes (filtered, expanded, placed) and the full view's facet values."""
    large = germany_scale()   # a whole Land or Germany: kept once, nested positions
    if large:
        full, positions = services().whole_network()
    else:
        full, positions = (services().study_network() if services().is_large() else services().small_network()), None
    if request.args.get("graph"):   # one import's graph (/import opens its result so)
        full = only_graph(full, iri_value(request.args["graph"], "graph"))
    options = facet_options(full)
    view = at_time(apply_filter(full, view_filter(options)))
    expanded = [iri_value(v, "erweitert") for v in request.args.getlist("erweitert")]
    if expanded:
        view = neighbours.with_neighbours(store(), view, expanded)
    if large and layout() == "kraft":
        return place_nested(view, positions), options
    seats = seat_positions(store(), view.nodes) if layout() == "karte" else None
    return place(detached(view), layout(), whole=full, seats=seats), options   # the kept view is every request's: place a copy


def at_time(view: View) -> View:
    """"Stand am" (only what held that day) and "vergleichen mit" (begun, ended, stayed up to a second
    day; the looks are kept in ``g.time_looks`` for the JSON)."""
    day, other = day_arg("stand"), day_arg("vergleich")
    if not (day or other):
        return view
    periods = timeline.edge_periods(store())
    if day and other:
        view, g.time_looks = timeline.compare_days(view, periods, day, other)
        return view
    return timeline.on_day(view, periods, day or other)


def day_arg(name: str) -> str | None:
    """A day from the query string as YYYY-MM-DD (what <input type=date> sends); ArgumentError otherwise."""
    value = request.args.get(name, "")
    if value and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ArgumentError(f"{name}={value!r} is not a day", argument=name, value=value, hint="Use YYYY-MM-DD.")
    return value or None


def facet_labels(options: dict) -> dict[str, list[str]]:
    """For each facet parameter, the labels of the values the full view has (the page fills its selects)."""
    return {param: [label for _, label in options[facet]] for param, (facet, _) in FACET_PARAMS.items()}


def facet_choices() -> list[dict]:
    """The filter selects with the values the URL chose; the script adds the others from the JSON."""
    return [{"param": param, "title": title, "chosen": request.args.getlist(param)}
            for param, (_, title) in FACET_PARAMS.items()]


def relation_groups() -> frozenset[str]:
    """The relation groups ``beziehung`` chooses (none: all)."""
    groups = frozenset(request.args.getlist("beziehung"))
    unknown = groups - set(RELATION_GROUPS) - {NO_RELATION}
    if unknown:
        raise ArgumentError(f"unknown beziehung {sorted(unknown)}", argument="beziehung",
                            hint="Use " + ", ".join(RELATION_GROUPS) + ".")
    return groups


def view_filter(options: dict) -> ViewFilter:
    """The filter the query string asks for; unknown values are a 400 naming the allowed ones."""
    chosen = {facet: frozenset(_facet_value(param, value, options[facet]) for value in request.args.getlist(param))
              for param, (facet, _) in FACET_PARAMS.items()}
    return ViewFilter(relations=relation_groups(), **chosen)


def _facet_value(param: str, value: str, allowed: list) -> URIRef:
    for iri, label in allowed:
        if value in (str(iri), label) or value.casefold() == label.casefold():
            return iri
    names = ", ".join(label for _, label in allowed) or "none in this view"
    raise ArgumentError(f"{param}={value!r} is not a value of this network", argument=param, value=value,
                        hint=f"Use one of: {names}.")


def layout() -> str:
    return choice_arg("layout", LAYOUTS, "kraft")


def query_key() -> tuple:
    """The request's query string as a key: the same arguments in any order give the same view."""
    return tuple(sorted(request.args.items(multi=True)))


# a view asked with no other argument than these is one /netzwerk opens with: its answer is kept on disk too (the
# others only in memory: every filter and expansion a crawler tries would fill the disk, a whole Land's ~20 MB)
FIRST_VIEW_ARGS = {"layout": set(LAYOUTS), "basis": {"1"}}


def kept_json(name: str, compute, large: bool) -> Response:
    """A JSON response whose serialised body is kept per query string until the data changes (on disk too
    for the views /netzwerk opens with, :data:`FIRST_VIEW_ARGS`)."""
    first_view = all(len(request.args.getlist(arg)) == 1 and value in FIRST_VIEW_ARGS.get(arg, ())
                     for arg, value in request.args.items())
    body = services().kept_body((name, query_key()), lambda: _serialised(compute), on_disk=first_view, large=large)
    return Response(body, mimetype="application/json")


@collector_paused()   # Germany's whole network is ~200,000 dicts of vis data: its first answer 0.9 -> 0.4 s
def _serialised(compute) -> bytes:
    return current_app.json.dumps(compute()).encode("utf-8")
