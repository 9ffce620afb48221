"""Every "Als Daten" link of a resource page answers in its format, for /id/… and /ressource?iri=… pages,
and /ressource has its .json twin."""

from __future__ import annotations

import html
import re

import pytest

MEDIA = {"Turtle": "text/turtle", "JSON-LD": "application/ld+json", "N-Triples": "application/n-triples",
         "RDF/XML": "application/rdf+xml", "JSON": "application/json"}
PAGES = ["/ressource?iri=https%3A%2F%2Fw3id.org%2Fkoopgraph%2Fontology%23Landkreis",
         "/ressource?iri=http%3A%2F%2Fwww.w3.org%2F2004%2F02%2Fskos%2Fcore%23Concept",
         "/id/land/bayern"]


@pytest.mark.parametrize("path", PAGES)
def test_every_data_link_answers_in_its_format(study_client, path):
    page = study_client.get(path).get_data(as_text=True)
    block = re.search(r'<p class="downloads">(.*?)</p>', page, re.S).group(1)
    links = {text: html.unescape(href) for href, text in re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', block)}
    assert set(links) == set(MEDIA)
    for text, href in links.items():
        response = study_client.get(href)
        assert response.status_code == 200, (href, response.status_code)
        assert response.mimetype == MEDIA[text], href


def test_ressource_has_a_json_twin(study_client):
    iri = "https://w3id.org/koopgraph/ontology#Landkreis"
    by_suffix = study_client.get("/ressource.json", query_string={"iri": iri})
    by_header = study_client.get("/ressource", query_string={"iri": iri}, headers={"Accept": "application/json"})
    assert by_suffix.mimetype == "application/json"
    assert by_suffix.get_json() == by_header.get_json()
    assert by_suffix.get_json()["resource"]["iri"] == iri
