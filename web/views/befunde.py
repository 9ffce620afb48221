"""/befunde: the study's aggregate findings by section, each with the graph's own count beside it."""

from __future__ import annotations

import re
from itertools import groupby

from flask import Blueprint
from koopgraph.graph.explore.findings import findings

from ..services import services
from ..tables import Table
from .common import answer, page_route, store

blueprint = Blueprint("befunde", __name__)


# the CSV file's columns: (key of a finding's flat row, German header)
TABLE_COLUMNS = [("section", "Abschnitt"), ("label", "Befund"), ("text", "Erläuterung"),
                 ("population", "Grundgesamtheit"), ("size", "Größe der Grundgesamtheit"),
                 ("municipality_type", "Kommunaltyp"), ("value", "Wert laut Studie"), ("unit", "Einheit"),
                 ("graph_count", "Anzahl im Graphen"), ("graph_value", "Wert im Graphen"),
                 ("agrees", "stimmt überein"), ("note", "Hinweis"), ("part_of", "Teil von"), ("iri", "IRI")]


@page_route(blueprint, "/befunde", table=True)
def study_findings():
    # kept per data generation: each of the 256 findings with a count query asks the store (p95 ~350 ms)
    items, labels = services().answers.kept(("befunde",), lambda: findings(store()))
    sections = [(section, list(group)) for section, group in groupby(items, key=lambda f: f.section)]
    data = {"findings": [_finding_json(f, labels) for f in items]}
    compared = [f for f in items if f.agrees is not None]
    return answer("befunde.html", data, sections=sections, labels=labels, compared=len(compared),
                  agreeing=sum(1 for f in compared if f.agrees), section_anchor=section_anchor,
                  chapters=[(chapter, list(group)) for chapter, group in groupby(sections, key=lambda s: chapter_of(s[0]))],
                  table=lambda: Table("befunde", TABLE_COLUMNS, [_flat(f) for f in data["findings"]]))


def section_anchor(section: str) -> str:
    """The id of a section's heading: '§2.3.1' → 'abschnitt-2-3-1' (ids stay ASCII for every browser)."""
    digits = re.findall(r"[0-9A-Za-z]+", section or "")
    return "abschnitt-" + ("-".join(digits) if digits else "ohne")


def chapter_of(section: str) -> str:
    """The chapter a section belongs to, for the table of contents: '§4.1.1.2' → 'Kapitel 4'."""
    found = re.match(r"§?\s*(\d+)", section or "")
    return f"Kapitel {found[1]}" if found else "ohne Abschnitt"


def _flat(finding: dict) -> dict:
    """A finding's JSON as one spreadsheet row."""
    graph = finding["graph"] or {}
    population = finding["population"] or {}
    return {**finding, "population": population.get("label"), "size": population.get("size"),
            "graph_count": graph.get("count"), "graph_value": graph.get("value"), "agrees": graph.get("agrees")}


def _finding_json(f, labels) -> dict:
    return {
        "iri": str(f.iri), "label": f.label, "text": f.text, "section": f.section,
        "value": float(f.value), "unit": labels(f.unit) if f.unit else None,
        "population": {"iri": str(f.population), "label": labels(f.population), "size": f.size}
        if f.population else None,
        "municipality_type": labels(f.type) if f.type else None,
        "concepts": [{"iri": str(c), "label": labels(c)} for c in f.concepts],
        "note": f.note,
        "part_of": {"iri": str(f.part_of), "label": labels(f.part_of)} if f.part_of else None,
        "graph": None if f.graph is None else {
            "count": f.graph.count, "error": f.graph.error,
            "value": float(f.graph_value) if f.graph_value is not None else None, "agrees": f.agrees,
            "query": f.query},
    }
