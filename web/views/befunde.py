"""/befunde: the study's aggregate findings by section, each with the graph's own count beside it."""

from __future__ import annotations

from itertools import groupby

from flask import Blueprint
from koopgraph.graph.explore.findings import findings

from .common import answer, page_route, store

blueprint = Blueprint("befunde", __name__)


@page_route(blueprint, "/befunde")
def study_findings():
    items, labels = findings(store())
    sections = [(section, list(group)) for section, group in groupby(items, key=lambda f: f.section)]
    data = {"findings": [_finding_json(f, labels) for f in items]}
    compared = [f for f in items if f.agrees is not None]
    return answer("befunde.html", data, sections=sections, labels=labels, compared=len(compared),
                  agreeing=sum(1 for f in compared if f.agrees))


def _finding_json(f, labels) -> dict:
    return {
        "iri": str(f.iri), "label": f.label, "text": f.text, "section": f.section,
        "value": float(f.value), "unit": labels(f.unit) if f.unit else None,
        "population": {"iri": str(f.population), "label": labels(f.population), "size": f.size}
        if f.population else None,
        "municipality_type": labels(f.type) if f.type else None,
        "concepts": [{"iri": str(c), "label": labels(c)} for c in f.concepts],
        "note": f.note,
        "graph": None if f.graph is None else {
            "count": f.graph.count, "error": f.graph.error,
            "value": float(f.graph_value) if f.graph_value is not None else None, "agrees": f.agrees,
            "query": f.query},
    }
