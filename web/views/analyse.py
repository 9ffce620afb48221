"""The analysis JSON API: measures per node, communities, ranking, scaling-up paths,
county profiles, structure vs. position, and the network as a download.

Query parameters (German, like /netzwerk): ``beziehung`` relation groups and
``knoten`` node kinds (repeatable or comma-separated), ``gerichtet=1``,
``gewicht`` (relations|tasks), ``metrik`` (repeatable), ``top``, ``seed``.
Bad values answer 400 with the allowed ones (ArgumentError, mapped in app.py).
Projections, measures and county profiles come from the app's NetworkCache, kept
until the store's data changes; the answers of the page and of most JSON routes are also kept
per request (route and arguments) and data version, in memory and on disk beside an embedded
store (:func:`kept_answer`), so that a restart answers them without reading the network again.
"""

from __future__ import annotations

import hashlib
import json

from flask import Blueprint, Response, current_app, jsonify, render_template, request
from koopgraph.graph.errors import ArgumentError
from koopgraph.graph.namespaces import ID
from koopgraph.graph.network.export import NETWORK_FORMATS, write_network
from koopgraph.graph.network.metrics import (
    METRIC_MEANINGS,
    METRICS,
    AnalysisOptions,
    choose_metrics,
)
from koopgraph.graph.network.paths import PATH_RELATIONS
from koopgraph.graph.network.position import (
    NUMERIC_DEFAULT,
    STRUCTURE_ATTRIBUTES,
    chart_series,
)
from koopgraph.graph.network.projection import WEIGHTS, Projection, choose
from koopgraph.graph.relations import NODE_KINDS, RELATION_GROUPS, RELATION_MEANINGS
from werkzeug.exceptions import ServiceUnavailable

from ..http import choice_arg, int_arg, wants_json
from ..services import PREPARE_RETRY_AFTER, services
from ..style import measures
from ..tables import Table, csv_response, wants_csv

blueprint = Blueprint("analyse", __name__)
MAX_TOP = 1000
ANALYSIS_BEING_COMPUTED = ("Die Analyse wird berechnet: nach dem Start oder einer Änderung der Daten rechnet der Server "
                           "sie einmal. Die Seite lädt sich in einigen Sekunden von selbst neu.")


@blueprint.app_context_processor
def _analysis_choices() -> dict:
    """The measures /netzwerk offers for node size and colour (no directed-only ones: its network is undirected)."""
    shown = [m for m in METRICS.values() if not m.directed_only]
    return {"analysis_metrics": {"numeric": [m for m in shown if not m.categorical],
                                 "categorical": [m for m in shown if m.categorical]}}


def cache():
    """The app's cache of projections and measures over its store."""
    return services().network


def kept_answer(route: str, compute, tell_if_computed_elsewhere: bool = False) -> dict:
    """The answer of ``route`` to this request's arguments as plain JSON values, kept per data version
    (``Services.kept_plain``: in memory, and on disk beside an embedded store). A restart's first
    /analyse then reads ~50 kB instead of reading the network, projecting it and measuring betweenness
    again (~3 s with the base layer on a busy 2-core machine). The computed answer goes through JSON
    too, so that a computed and a kept answer are the same values (lists, not tuples)."""
    arguments = sorted(request.args.items(multi=True))
    name = "analyse-" + hashlib.sha256(repr((route, arguments)).encode("utf-8")).hexdigest()[:32]
    if tell_if_computed_elsewhere and services().answers.computed_elsewhere((name,)):
        # the page, while the server's warming (or another visitor) computes it: "wird berechnet", the
        # page reloads itself, instead of a visitor waiting for it (a new store at scale M: 17.9 s)
        raise ServiceUnavailable(description=ANALYSIS_BEING_COMPUTED, retry_after=PREPARE_RETRY_AFTER)
    # in the order computed (Flask's JSON sorts keys, the page shows them in order: paths to Land, then Bund)
    return services().kept_plain(name, lambda: json.loads(current_app.json.dumps(compute(), sort_keys=False)),
                                 _answer_object)


def _answer_object(value) -> dict:
    """A kept answer as read from disk, if it is a JSON object (what every route keeps); else TypeError."""
    if not isinstance(value, dict) or not all(isinstance(key, str) for key in value):
        raise TypeError(f"expected a JSON object, found {type(value).__name__}")
    return value


def listed(name: str) -> list[str] | None:
    """A repeatable or comma-separated parameter; None when absent."""
    values = [v for item in request.args.getlist(name) for v in item.split(",") if v.strip()]
    return values or None


def chosen_projection(isolated: bool = False, default_relations=tuple(RELATION_GROUPS)) -> Projection:
    weight = choice_arg("gewicht", WEIGHTS, "relations", what="weight")
    relations = listed("beziehung")
    return Projection(choose(relations, RELATION_GROUPS, "relation group") if relations else default_relations,
                      choose(listed("knoten"), NODE_KINDS, "node kind"),
                      request.args.get("gerichtet") in ("1", "true", "ja"), weight, isolated)


def options() -> AnalysisOptions:
    return AnalysisOptions(seed=int_arg("seed", 42, low=1, high=2**31))


@blueprint.route("/analyse/metriken.json")
def metrics_json():
    """One row per node: node, label and each chosen measure (default degree), ranked by the first."""
    def compute():
        projection = chosen_projection()
        graph = cache().project(projection)
        table = cache().metric_table(projection, choose_metrics(listed("metrik") or []), options())
        top = int_arg("top", None, low=1, high=MAX_TOP)
        return dict(columns=table.columns, rows=table.rows[:top] if top else table.rows,
                    metrics=[described(r) for r in table.results], projection=graph.graph,
                    nodes=graph.number_of_nodes(), edges=graph.number_of_edges())

    return jsonify(kept_answer("metriken", compute))


def ranking(top: int):
    """The request's one measure (``metrik``, default betweenness), its projection and network, and the
    ``top`` nodes by it (the request's ``top`` overrides)."""
    name = choose_metrics(listed("metrik") or ["betweenness"])[0]
    projection = chosen_projection()
    graph = cache().project(projection)
    return name, projection, graph, cache().metric_table(projection, [name], options(), top=int_arg("top", top, low=1, high=MAX_TOP))


@blueprint.route("/analyse/rangliste.json")
@blueprint.route("/analyse/rangliste.csv", endpoint="ranking_csv")
def ranking_json():
    """The ``top`` (default 20) nodes by one measure (default betweenness), with kind and Land; as CSV
    with ``.csv`` or ``?format=csv``."""
    name, projection, graph, table = ranking(top=20)
    rows = [{**row, "kind": graph.nodes[row["node"]].get("kind"), "land": graph.nodes[row["node"]].get("land")}
            for row in table.rows]
    metric = described(table.results[0])
    if wants_csv():
        columns = [("rank", "Rang"), ("label", "Knoten"), ("kind", "Art"), ("land", "Land"),
                   (name, metric["title_de"]), ("node", "IRI")]
        return csv_response(Table(f"rangliste-{name}", columns,
                                  [{**row, "rank": i} for i, row in enumerate(rows, start=1)]))
    return jsonify(metric=metric, rows=rows)


@blueprint.route("/analyse/gemeinschaften.json")
def communities_json():
    """Louvain communities (largest first) with their members, and the modularity."""
    def compute():
        projection = chosen_projection()
        graph = cache().project(projection)
        result = cache().metric(projection, "community", options())
        parts: dict[int, list] = {}
        for node, index in result.values.items():
            parts.setdefault(index, []).append({"node": node, "label": graph.nodes[node].get("label", node)})
        communities = [{"community": i, "size": len(parts[i]),
                        "members": sorted(parts[i], key=lambda m: m["label"])} for i in sorted(parts)]
        return dict(metric=described(result), communities=communities)

    return jsonify(kept_answer("gemeinschaften", compute))


@blueprint.route("/analyse/pfade.json")
def paths_json():
    """Every shortest scaling-up path from ``kommune`` (IRI or label, also a case) to Land and Bund."""
    start = request.args.get("kommune", "").strip()
    if not start:
        raise ArgumentError("give the municipality or case as ?kommune=IRI-or-label", argument="kommune")
    relations = listed("beziehung")
    groups = choose(relations, RELATION_GROUPS, "relation group") if relations else PATH_RELATIONS
    return jsonify(cache().scaling_up_paths(start, groups).as_dict())


@blueprint.route("/analyse/kreisprofile.json")
def profiles_json():
    """Each Landkreis with members, tasks, exchange formats and density."""
    return jsonify(kept_answer("kreisprofile", lambda: dict(profiles=[p.as_dict() for p in cache().county_profiles()])))


@blueprint.route("/analyse/struktur-position.json")
def position_json():
    """Measures of municipalities by rurality, socio-economic situation and type: table and chart data."""
    def compute():
        names = choose_metrics(listed("metrik") or list(NUMERIC_DEFAULT))
        rows = cache().structure_vs_position(chosen_projection(isolated=True), names, options())
        charts = [chart_series(rows, attribute, name) for attribute in STRUCTURE_ATTRIBUTES for name in names]
        return dict(rows=rows, charts=charts, metrics=names)

    return jsonify(kept_answer("struktur-position", compute))


@blueprint.route("/analyse/netzwerk.<fmt>")
def network_download(fmt: str):
    """The projected network as GraphML, GEXF, node-link JSON or CSV edge list."""
    if fmt not in NETWORK_FORMATS:
        raise ArgumentError(f"unknown network format {fmt!r}", argument="format", value=fmt,
                            hint="Use one of: " + ", ".join(NETWORK_FORMATS) + ".")
    graph = cache().project(chosen_projection())
    return Response(write_network(graph, fmt), content_type=NETWORK_FORMATS[fmt] + "; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="koopgraph-netzwerk.{fmt}"'})


@blueprint.route("/analyse/ansicht.json")
def view_looks_json():
    """How /netzwerk shows measures: node sizes by ``groesse``, colours by ``farbe`` (a measure or
    ``community``/``component``), each colour's legend, and every node ranked by the size measure
    (else the colour measure)."""
    return jsonify(kept_answer("ansicht", view_looks))


def view_looks() -> dict:
    projection = chosen_projection()
    size, colour = view_measure("groesse", numeric=True), view_measure("farbe", numeric=False)
    graph = cache().project(projection)
    results = {name: cache().metric(projection, name, options()) for name in (size, colour) if name}
    categorical = bool(colour) and METRICS[colour].categorical
    looks = measures.node_looks(graph, results[size].values if size else None,
                                     results[colour].values if colour else None, categorical)
    ranked = size or (colour if not categorical else None)
    table = cache().metric_table(projection, [ranked], options()) if ranked else None
    return dict(nodes=graph.number_of_nodes(), edges=graph.number_of_edges(), looks=looks,
                size=measure_summary(results.get(size)), colour=colour_summary(results.get(colour), categorical),
                ranking={"metric": described(table.results[0]), "rows": table.rows} if table else None,
                unmeasured=measures.vis_colour(measures.UNMEASURED, measures.UNMEASURED_BORDER))


def view_measure(name: str, numeric: bool) -> str | None:
    """The measure the network view asks for in ``name``; None for none. 400 for one it cannot show."""
    value = request.args.get(name, "").strip()
    if not value:
        return None
    metric = METRICS.get(value)
    if metric is None or metric.directed_only or (numeric and metric.categorical):
        allowed = [m.name for m in METRICS.values() if not m.directed_only and not (numeric and m.categorical)]
        raise ArgumentError(f"{name}={value!r} cannot be shown in the network view", argument=name, value=value,
                             hint="Use one of: " + ", ".join(allowed) + ".")
    return value


def measure_summary(result) -> dict | None:
    if result is None:
        return None
    low, high = min(result.values.values(), default=0), max(result.values.values(), default=0)
    return {**described(result), "low": low, "high": high, "range": measures.range_label(low, high)}


def colour_summary(result, categorical: bool) -> dict | None:
    summary = measure_summary(result)
    if summary is not None:
        summary["legend"] = measures.group_legend(result.values, result.name) if categorical \
            else measures.colour_legend(summary["low"], summary["high"])
        summary["categorical"] = categorical
        if categorical:
            summary["groups"] = measures.GROUP_NOUNS[result.name][1]
    return summary


@blueprint.route("/analyse/metriken/liste.json")
def metric_list_json():
    """The measures this API knows, with German and English titles."""
    return jsonify(metrics=[{"name": m.name, "title_de": m.title_de, "title_en": m.title_en,
                             "directed_only": m.directed_only, "categorical": m.categorical}
                            for m in METRICS.values()])


def described(result) -> dict:
    metric = METRICS[result.name]
    return {"name": result.name, "title_de": metric.title_de, "title_en": metric.title_en,
            "meaning_de": METRIC_MEANINGS.get(result.name, ""),
            "algorithm": result.algorithm, "parameters": result.parameters}


@blueprint.route("/analyse")
@blueprint.route("/analyse.json", endpoint="page_json")   # own endpoint: url_for builds the page
def page():
    """Ranking, structure vs. position (table and chart), county profiles, scaling-up paths of one start."""
    data = kept_answer("seite", page_data, tell_if_computed_elsewhere=not wants_json())
    if wants_json():
        return jsonify(data)
    start, name = request.args.get("kommune", "").strip(), data["metric"]["name"]
    charts = {a: chart_series(data["position"], a, name) for a in STRUCTURE_ATTRIBUTES}
    return render_template("analyse.html", data=data, charts=charts, titles=STRUCTURE_ATTRIBUTES,
                           metrics=METRICS, metric=name, groups=RELATION_GROUPS, meanings=RELATION_MEANINGS, start=start,
                           query=request.query_string.decode("ascii", "replace"), href=resource_href)


def page_data() -> dict:
    """What /analyse shows (and /analyse.json gives) for this request's arguments."""
    name, projection, graph, ranked = ranking(top=15)
    position = cache().structure_vs_position(chosen_projection(isolated=True), [name], options())
    start = request.args.get("kommune", "").strip()
    return {"metric": described(ranked.results[0]), "relations": list(projection.relations),
            "nodes": graph.number_of_nodes(), "edges": graph.number_of_edges(), "ranking": ranked.rows,
            "position": position, "profiles": [p.as_dict() for p in cache().county_profiles()],
            "paths": cache().scaling_up_paths(start).as_dict() if start else None}


def resource_href(iri: str) -> str | None:
    """The explorer's page for one of koopgraph's own resources, else None."""
    return "/id/" + iri[len(str(ID)):] if iri.startswith(str(ID)) else None
