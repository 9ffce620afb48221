"""The start page: what the dataset is, where it comes from, counts and ways in."""

from __future__ import annotations

from flask import Blueprint
from koopgraph.graph.explore import facets
from koopgraph.graph.explore.overview import class_counts, overview, study_places_count
from koopgraph.graph.namespaces import ID, KG

from .common import answer, page_route, store

blueprint = Blueprint("start", __name__)


@page_route(blueprint, "/")
def start():
    about = overview(store())
    entry = facets.facet_counts(store(), {}, keys=["land", "typ"])
    data = {
        "dataset": str(about.dataset) if about.dataset else None,
        "about": about.about,
        "classes": [{"iri": str(c), "label": label, "count": n} for c, label, n in about.classes],
        "graphs": [{"iri": str(g), "label": label, "triples": n} for g, label, n in about.graphs],
        "triples": about.triples,
        "entry_points": {fc.facet.key: [{"label": v.label, "count": v.count} for v in fc.values] for fc in entry},
    }
    return answer("start.html", data, overview=about)


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
