"""Every page family answers as HTML and as its JSON twin; bad parameters are clear 400s."""

from __future__ import annotations

import pytest

PAGES = ["/", "/kommunen", "/netzwerk", "/befunde"]
TWINS = {"/": "/index.json", "/kommunen": "/kommunen.json", "/netzwerk": "/netzwerk.json",
         "/befunde": "/befunde.json"}


@pytest.mark.parametrize("path", PAGES)
def test_each_page_has_html_and_a_json_twin(parity_client, path):
    html = parity_client.get(path)
    assert html.status_code == 200 and html.mimetype == "text/html"
    assert "Content-Security-Policy" in html.headers
    by_suffix = parity_client.get(TWINS[path])
    by_header = parity_client.get(path, headers={"Accept": "application/json"})
    assert by_suffix.mimetype == by_header.mimetype == "application/json"
    assert by_suffix.get_json() == by_header.get_json()


@pytest.mark.parametrize("path,message", [
    ("/netzwerk.json?layout=kreis", "unknown layout"),
    ("/netzwerk.json?beziehung=freundschaft", "unknown beziehung"),
    ("/netzwerk.json?land=Atlantis", "is not a value of this network"),
    ("/netzwerk/nachbarn.json?iri=kein%20iri", "not a valid absolute IRI"),
    ("/netzwerk/nachbarn.json?iri=https://x/y&offset=-1", "not negative"),
    ("/kommunen.json?sortierung=lieblingsfarbe", "cannot sort by"),
    ("/kommunen.json?land=Atlantis", "matches no municipality"),
    ("/kommunen.json?seite=null", "whole number"),
])
def test_bad_parameters_are_400_with_a_message(parity_client, path, message):
    response = parity_client.get(path)
    assert response.status_code == 400
    assert message in response.get_json()["message"]


def test_error_pages_escape_what_they_echo(parity_client):
    response = parity_client.get("/kommunen?land=<script>alert(1)</script>")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)" in page


@pytest.mark.parametrize("path", ["/netzwerk/nachbarn.json?iri=https://w3id.org/koopgraph/id/nirgendwo",
                                  "/netzwerk/ego.json?iri=https://w3id.org/koopgraph/id/nirgendwo"])
def test_neighbours_of_an_unknown_iri_are_404(parity_client, path):
    assert parity_client.get(path).status_code == 404
