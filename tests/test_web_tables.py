"""Tables people take away (issue 15): every list and answer as a CSV file for German spreadsheets.

The files are read back with Python's csv module as Excel-de reads them (UTF-8 with BOM, ``;``,
decimal comma) and compared with Anhang I (tests/data/anhang-i.txt, the tests' own parser), with the
shipped data read by plain rdflib, and with each page's JSON twin.
"""

from __future__ import annotations

from collections import Counter

import csv
import io
import re
from decimal import Decimal

import pytest
from koopgraph.graph.explore import listing
from koopgraph.graph.store import open_store
from koopgraph.web.app import create_app
from koopgraph.web.tables import Table, cell_text
from rdflib import RDF
from study import KG, clean_name, german_int, read_annex, study_graph, unbreak


@pytest.fixture(scope="module")
def client():
    store = open_store("memory")        # the study dataset without the base layer
    app = create_app(store)
    yield app.test_client()
    app.koopgraph_services.close()


@pytest.fixture(scope="module")
def annex():
    return read_annex()


def read_csv(response) -> list[dict]:
    """The file as German Excel opens it: checked for the BOM, then split at ``;``."""
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.mimetype == "text/csv" and response.mimetype_params["charset"] == "utf-8"
    assert "attachment" in response.headers["Content-Disposition"]
    body = response.get_data()
    assert body.startswith(b"\xef\xbb\xbf"), "no byte order mark: Excel would read the umlauts as ANSI"
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"), newline=""), delimiter=";"))


def german_decimal(text: str) -> Decimal:
    assert re.fullmatch(r"-?\d+(,\d+)?", text), f"not a German decimal: {text!r}"
    return Decimal(text.replace(",", "."))


def test_municipalities_csv_is_the_annex(client, annex):
    rows = read_csv(client.get("/kommunen.csv"))
    assert list(rows[0])[:6] == ["Kommune", "Land", "Typ", "Einwohner (Studie, 12/2017)", "Einwohner (31.12.2019)", "Ausländeranteil (%)"]
    by_name = {row["Kommune"]: row for row in rows}
    assert len(rows) == len(by_name) == len(annex) == 92
    for printed in annex:
        row = by_name[clean_name(printed.name)]
        assert row["Land"] == unbreak(printed.land) and row["Typ"] == printed.type
        assert int(row["Einwohner (Studie, 12/2017)"]) == german_int(printed.population)
        if printed.foreign_share not in ("n/a", ""):
            assert german_decimal(row["Ausländeranteil (%)"]) == german_decimal(printed.foreign_share)
        assert row["IRI"].startswith("https://w3id.org/koopgraph/id/")


def test_municipalities_csv_keeps_the_facets_and_every_page(client, annex, monkeypatch):
    monkeypatch.setattr(listing, "PAGE_SIZE", 10)       # the 92 Kommunen now fill ten pages
    hessen = sorted(clean_name(r.name) for r in annex if unbreak(r.land) == "Hessen")
    assert [r["Kommune"] for r in read_csv(client.get("/kommunen.csv?land=Hessen"))] == hessen
    assert len(client.get("/kommunen.json").get_json()["rows"]) == 10
    everything = read_csv(client.get("/kommunen?format=csv&seite=3"))
    assert len(everything) == 92
    twin = client.get("/kommunen.json?seite=alle").get_json()["rows"]
    assert [r["name"] for r in twin] == [r["Kommune"] for r in everything]
    assert [r["iri"] for r in twin] == [r["IRI"] for r in everything]


def test_findings_csv_holds_every_finding_with_its_value(client):
    graph = study_graph(ontology=False)
    expected = {str(f): Decimal(str(graph.value(f, KG.value))) for f in graph.subjects(RDF.type, KG.Befund)}
    rows = read_csv(client.get("/befunde.csv"))
    assert {row["IRI"]: german_decimal(row["Wert laut Studie"]) for row in rows} == expected
    twin = client.get("/befunde.json").get_json()["findings"]
    assert [r["label"] for r in twin] == [r["Befund"] for r in rows]
    assert all(r["Abschnitt"].startswith("§") for r in rows)


def test_question_answer_csv_is_its_json_twin_with_labels_and_german_headers(client, annex):
    path = "/abfragen/kommunen-eines-landes"
    rows = read_csv(client.get(path + ".csv?land=hessen"))
    hessen = {clean_name(r.name): r for r in annex if unbreak(r.land) == "Hessen"}
    assert list(rows[0]) == ["Kommune", "Kommune (IRI)", "Typ", "Einwohner", "Ausländeranteil (%)"]
    assert sorted(r["Kommune"] for r in rows) == sorted(hessen)
    for row in rows:
        printed = hessen[row["Kommune"]]
        assert int(row["Einwohner"]) == german_int(printed.population)
        assert german_decimal(row["Ausländeranteil (%)"]) == german_decimal(printed.foreign_share)
    results = client.get(path + ".json?land=hessen&frage=1").get_json()["results"]
    twin = [{n: cell["value"] for n, cell in row.items()} for row in results["results"]["bindings"]]
    assert [(r["kommune"], r["name"], r["typ"]) for r in twin] == [
        (r["Kommune (IRI)"], r["Kommune"], r["Typ"]) for r in rows]
    assert read_csv(client.get(path + "?land=hessen&format=csv")) == rows


def test_question_answer_page_shows_labels_links_and_german_numbers(client, annex):
    html = client.get("/abfragen/kommunen-eines-landes?land=hessen&frage=1").get_data(as_text=True)
    table = html[html.index('class="antwort-tabelle"'):html.index("</table>", html.index('class="antwort-tabelle"'))]
    assert re.findall(r"<th scope=\"col\">([^<]+)</th>", table) == ["Kommune", "Typ", "Einwohner", "Ausländeranteil (%)"]
    cells = re.findall(r'<td><a href="(/id/[^"]+)">([^<]+)</a></td>\s*<td>([^<]+)</td>\s*<td class="num">([^<]+)</td>'
                       r'\s*<td class="num">([^<]+)</td>', table)
    hessen = {clean_name(r.name): r for r in annex if unbreak(r.land) == "Hessen"}
    assert sorted(c[1] for c in cells) == sorted(hessen)
    for href, name, kind, population, share in cells:
        printed = hessen[name]
        assert kind == printed.type and client.get(href).status_code == 200
        assert population == f"{german_int(printed.population):,}".replace(",", ".")      # 246.165
        assert german_decimal(share) == german_decimal(printed.foreign_share)           # 11,07
    assert "https://w3id.org" not in table


def chart_of(html: str) -> list[tuple[str, str, float]]:
    """(label, printed number, bar width in %) of each bar of an answer page's chart."""
    if 'class="antwort-diagramm"' not in html:
        return []
    figure = html.split('class="antwort-diagramm"', 1)[1].split("</figure>", 1)[0]
    return [(label, number, float(width)) for label, width, number in re.findall(
        r'<th scope="row">([^<]+)</th>\s*<td class="bar-cell"><svg[^>]*><rect[^>]*width="([\d.]+)"></rect></svg>'
        r'<span class="bar-text">([^<]+)</span>', figure)]


def test_a_distribution_answer_has_a_chart_of_its_rows_and_a_list_answer_none(client, annex):
    """Kommunen nach Land und Typ: one bar per (Land, Typ) row, its number the annex's count, its
    width that count over the largest; a list of places (no count column) gets no chart."""
    html = client.get("/abfragen/kommunen-nach-land-und-typ?frage=1").get_data(as_text=True)
    expected = Counter((unbreak(r.land), r.type) for r in annex)
    bars = chart_of(html)
    assert {label: int(number) for label, number, _ in bars} == {f"{land} · {kind}": n for (land, kind), n in expected.items()}
    largest = max(expected.values())
    assert all(abs(width - round(100 * int(number) / largest, 1)) < 0.05 for _, number, width in bars)
    assert chart_of(client.get("/abfragen/kommunen-eines-landes?land=hessen&frage=1").get_data(as_text=True)) == []


def test_every_column_of_the_catalogue_has_a_german_header(client):
    from koopgraph.graph.sparql.questions import catalogue
    from koopgraph.web.views.answers import COLUMN_TITLES

    from rdflib.plugins.sparql import prepareQuery

    variables = set()
    for question in catalogue().values():     # the projected variables, by rdflib's SPARQL parser
        algebra = prepareQuery(question.sparql).algebra
        variables |= {str(v) for v in algebra["PV"]} if algebra.name == "SelectQuery" else set()
    assert len(variables) > 30
    assert sorted(variables - set(COLUMN_TITLES)) == []


def test_question_csv_without_its_required_value_is_a_clear_400(client):
    response = client.get("/abfragen/kommunen-eines-landes.csv")
    assert response.status_code == 400 and "land" in response.get_data(as_text=True)


def test_ranking_csv_is_its_json_twin(client):
    query = "metrik=degree&top=1000"
    rows = read_csv(client.get("/analyse/rangliste.csv?" + query))
    twin = client.get("/analyse/rangliste.json?" + query).get_json()
    title = twin["metric"]["title_de"]
    assert list(rows[0]) == ["Rang", "Knoten", "Art", "Land", title, "IRI"]
    assert [r["IRI"] for r in rows] == [r["node"] for r in twin["rows"]]
    assert [float(german_decimal(r[title])) for r in rows] == pytest.approx([r["degree"] for r in twin["rows"]])
    assert [int(r["Rang"]) for r in rows] == list(range(1, len(rows) + 1))


@pytest.mark.parametrize("page,link", [
    ("/kommunen?land=Hessen", "/kommunen.csv?land=Hessen"),
    ("/befunde", "/befunde.csv"),
    ("/abfragen/kommunen-eines-landes?land=hessen&frage=1", "/abfragen/kommunen-eines-landes.csv?land=hessen&amp;frage=1"),
    ("/analyse", "/analyse/rangliste.csv?top=1000"),
])
def test_every_list_has_an_als_csv_button_that_downloads(client, page, link):
    html = client.get(page).get_data(as_text=True)
    found = re.search(r'<a class="button" href="([^"]+)" download>Als CSV</a>', html)
    assert found and found[1] == link
    assert read_csv(client.get(found[1].replace("&amp;", "&")))


def test_text_cells_that_spreadsheets_would_run_are_quoted_as_text():
    table = Table("t", [("a", "A"), ("n", "N")], [{"a": "=HYPERLINK(\"http://x\")", "n": -3.5},
                                                   {"a": "@SUM(A1)", "n": -2}, {"a": "Bad Düben", "n": 0.1}])
    assert [cell_text(r["a"]) for r in table.rows] == ["'=HYPERLINK(\"http://x\")", "'@SUM(A1)", "Bad Düben"]
    assert [cell_text(r["n"]) for r in table.rows] == ["-3,5", "-2", "0,1"]
    assert cell_text(True) == "ja" and cell_text(None) == "" and cell_text([{"label": "CDU"}, {"label": "SPD"}]) == "CDU, SPD"
