"""The start page: what the dataset is, where it comes from, counts and ways in."""

from __future__ import annotations

from flask import Blueprint, jsonify
from koopgraph.graph.explore import facets
from koopgraph.graph.explore.overview import Overview, class_counts, overview, study_places_count
from koopgraph.graph.namespaces import ID, KG
from rdflib import URIRef

from ..services import services
from .common import answer, page_route, store

blueprint = Blueprint("start", __name__)


@page_route(blueprint, "/")
def start():
    # counting Germany's places and graphs takes seconds: kept per data version, in memory and on disk
    data = services().kept_plain("start-page", start_data, check=lambda kept: overview_of(kept) and kept)
    return answer("start.html", data, overview=overview_of(data))


def start_data() -> dict:
    """The start page's facts as plain JSON values."""
    about = overview(store())
    entry = facets.facet_counts(store(), {}, keys=["land", "typ"])
    return {
        "dataset": str(about.dataset) if about.dataset else None,
        "about": about.about,
        "classes": [{"iri": str(c), "label": label, "count": n} for c, label, n in about.classes],
        "graphs": [{"iri": str(g), "label": label, "triples": n} for g, label, n in about.graphs],
        "triples": about.triples,
        "entry_points": {fc.facet.key: [{"label": v.label, "count": v.count} for v in fc.values] for fc in entry},
    }


def overview_of(data: dict) -> Overview:
    """The Overview that ``data`` (from :func:`start_data`) describes; raises on values of the wrong type."""
    def counted(rows, count):
        return [(URIRef(_text(r["iri"])), _text(r["label"]), _count(r[count])) for r in rows]

    about = {_text(k): _text(v) for k, v in data["about"].items()}
    for values in data["entry_points"].values():
        [(_text(v["label"]), _count(v["count"])) for v in values]
    dataset = data["dataset"]
    return Overview(URIRef(_text(dataset)) if dataset is not None else None, about,
                    counted(data["classes"], "count"), counted(data["graphs"], "triples"))


def _text(value) -> str:
    if not isinstance(value, str):  # a Literal too, before it went through JSON
        raise TypeError(f"expected a string, found {value!r}")
    return value


def _count(value) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"expected a count, found {value!r}")
    return value


@blueprint.get("/bereit")
def ready():
    """Readiness for operators and tests: 200 once the views computed after the start are ready (at
    Germany scale, see ``Services.prepare_in_background``), else 503 with Retry-After."""
    services().refuse_until_prepared()
    return jsonify(bereit=True)


# The rule that derives eligibility for the coordination programmes (data/README.md, §3.2.1.2).
ELIGIBILITY_RULE = ID["regel/antragsberechtigung"]


@page_route(blueprint, "/ueber-die-daten")
def about_the_data():
    """What the data can and cannot tell, in plain German, with the counts it rests on."""
    counts = class_counts(store())
    data = {
        "cases": counts.get(KG.Fall, 0),
        "cooperations": counts.get(KG.Kooperation, 0),
        "places": study_places_count(store()),
        "eligibility_rule": str(ELIGIBILITY_RULE),
    }
    return answer("ueber_die_daten.html", data)
