"""The question catalogue in the explorer, on the study dataset: menus that answer, German tables,
downloads. Expected values come from the shipped TriG files read with rdflib (tests/study.py)."""

from __future__ import annotations

import html
import re

import pytest
from koopgraph.graph.sparql.questions import catalogue

OPTION = re.compile(r'<option value="([^"]*)"[^>]*>([^<]*)</option>')


def menu(page: str, name: str) -> dict[str, str]:
    """value -> text of the options of the form's select ``name`` (without the empty one)."""
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', page, re.S).group(1)
    return {html.unescape(v): html.unescape(t) for v, t in OPTION.findall(select) if v}


TYPED = [(q.name, p.name) for q in catalogue().values() for p in q.parameters if p.type.scheme
         and p.type.scheme.endswith("/kommunaltyp")]


# A kreisfreie Stadt belongs to no Landkreis, so no case of that type has county relations (§4.1).
EMPTY_BY_DESIGN = {("unterstuetzung-zwischen-landkreis-und-kommunen", "kreisfreie Stadt")}


@pytest.mark.parametrize("name,parameter", TYPED)
def test_every_municipality_type_in_a_menu_answers(study_client, name, parameter):
    page = study_client.get(f"/abfragen/{name}").get_data(as_text=True)
    options = menu(page, parameter)
    assert len(options) >= 3
    for value, text in options.items():
        answer = study_client.get(f"/abfragen/{name}", query_string={parameter: value, "frage": "1"},
                                  headers={"Accept": "application/json"}).get_json()
        rows = answer["results"]["results"]["bindings"]
        assert bool(rows) != ((name, text) in EMPTY_BY_DESIGN), f"{name}: {text} gives {len(rows)} rows"


def test_only_findings_offer_alle_typen_beside_alle(study_client):
    offering = {name for name, parameter in TYPED
                if "alle Typen" in menu(study_client.get(f"/abfragen/{name}").get_data(as_text=True),
                                        parameter).values()}
    assert offering == {"befunde-der-studie"}


@pytest.mark.parametrize("name", ["", *catalogue()])
def test_the_catalogue_and_every_question_have_a_json_twin(study_client, name):
    path = "/abfragen" + (f"/{name}" if name else "")
    by_suffix = study_client.get(path + ".json")
    by_header = study_client.get(path, headers={"Accept": "application/json"})
    assert by_suffix.status_code == by_header.status_code == 200
    assert by_suffix.mimetype == "application/json"
    assert by_suffix.get_json() == by_header.get_json()
