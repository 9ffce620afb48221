"""/stadt-und-land: the study's title question — town and country compared, every figure with its source."""

from __future__ import annotations

from flask import Blueprint
from koopgraph.graph.explore.town_country import rural_findings, town_and_country

from ..tables import Table
from .befunde import section_anchor
from .common import answer, page_route, store

blueprint = Blueprint("stadt_und_land", __name__)

# the CSV file: one row per rurality class of the study, then one per official degree of urbanisation
TABLE_COLUMNS = [("quelle", "Quelle"), ("klasse", "Klasse"), ("kommunen", "Kommunen"),
                 ("einwohner", "Einwohner zusammen"), ("einwohner_median", "Einwohner (Median)"),
                 ("auslaenderanteil_median", "Ausländeranteil, Median (%)"),
                 ("auslaenderanteil_gewichtet", "Ausländeranteil, nach Einwohnern gewichtet (%)"),
                 ("mit_auslaenderanteil", "Kommunen mit Ausländeranteil in Anhang I"),
                 ("gute_lage", "in guter sozioökonomischer Lage"),
                 ("einwohneranteil", "Anteil an den Einwohnern (%)")]
STUDY_SOURCE = "Studie, Anhang I (12/2017); Mediane und Anteile von koopgraph berechnet"
OFFICIAL_SOURCE = "Destatis, Gemeindeverzeichnis 31.12.2019; Anteile von koopgraph berechnet"


@page_route(blueprint, "/stadt-und-land", table=True)
def town_and_country_page():
    compared = town_and_country(store())
    found = rural_findings(store())
    data = {"studie": [_study_row(c) for c in compared.study],
            "amtlich": [_official_row(c) for c in compared.official],
            "befunde": [{"iri": str(f.iri), "abschnitt": f.section, "wert": _number(f.value), "befund": f.label}
                        for f in found]}
    return answer("stadt_und_land.html", data, compared=compared, findings=found, section_anchor=section_anchor,
                  table=lambda: Table("stadt-und-land", TABLE_COLUMNS, data["studie"] + data["amtlich"]))


def _study_row(c) -> dict:
    return {"quelle": STUDY_SOURCE, "klasse": c.label, "iri": str(c.rurality), "kommunen": c.places,
            "einwohner": c.population, "einwohner_median": c.median_population,
            "auslaenderanteil_median": c.median_foreign_share, "auslaenderanteil_gewichtet": c.weighted_foreign_share,
            "mit_auslaenderanteil": c.with_foreign_share, "gute_lage": c.good_situation, "einwohneranteil": None}


def _official_row(c) -> dict:
    return {"quelle": OFFICIAL_SOURCE, "klasse": c.label, "iri": str(c.degurba), "kommunen": c.places,
            "einwohner": c.population, "einwohner_median": None, "auslaenderanteil_median": None,
            "auslaenderanteil_gewichtet": None, "gute_lage": None, "einwohneranteil": c.population_share}


def _number(value):
    """A printed figure as a JSON number: 12, 43.5."""
    return int(value) if value == int(value) else float(value)
