"""Error pages: browsers get the German HTML page with the site's navigation, whatever their
Accept header ranks first for werkzeug; SPARQL clients get plain text, scripts JSON."""

from __future__ import annotations

import pytest

# The Accept headers these browsers send on navigation (as of 2024/2025 releases)
BROWSERS = {
    "chromium": "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,image/apng,*/*;q=0.8,"
                "application/signed-exchange;v=b3;q=0.7",
    "firefox": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "firefox-115": "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8",
    "safari": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
}
MISSING = ["/gibt-es-nicht", "/abfragen/keine-solche-frage", "/kommunen?land=Atlantis", "/kommunen?seite=null"]


@pytest.mark.parametrize("browser", BROWSERS)
@pytest.mark.parametrize("path", MISSING)
def test_browsers_get_the_german_error_page(parity_client, browser, path):
    response = parity_client.get(path, headers={"Accept": BROWSERS[browser]})
    assert response.status_code in (400, 404)
    assert response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert '<nav id="hauptnavigation" aria-label="Hauptnavigation">' in page and '<html lang="de">' in page
    assert ("Nicht gefunden" if response.status_code == 404 else "Ungültige Anfrage") in page
    assert "The requested URL was not found" not in page        # werkzeug's English stock text


@pytest.mark.parametrize("accept", ["application/sparql-results+json", "text/csv",
                                    "application/sparql-results+xml, text/turtle;q=0.5"])
def test_sparql_clients_get_plain_text_and_scripts_json(parity_client, accept):
    response = parity_client.get("/gibt-es-nicht", headers={"Accept": accept})
    assert response.status_code == 404 and response.mimetype == "text/plain"
    assert response.get_data(as_text=True).startswith("404 Not Found")
    as_json = parity_client.get("/gibt-es-nicht", headers={"Accept": "application/json"})
    assert as_json.mimetype == "application/json" and as_json.get_json()["status"] == 404


def test_chromium_shows_the_german_error_page(live_server, browser_page):
    server = live_server("memory")
    for path, status, title in [("/gibt-es-nicht", 404, "404 – Nicht gefunden"),
                                ("/kommunen?seite=null", 400, "400 – Ungültige Anfrage")]:
        response = browser_page.goto(server.url + path)
        assert response.status == status
        assert response.headers["content-type"].startswith("text/html")
        assert browser_page.inner_text("h1") == title
        assert browser_page.locator("nav[aria-label=Hauptnavigation] a").count() >= 5
