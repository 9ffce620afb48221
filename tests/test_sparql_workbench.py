"""The workbench /abfragen in real headless Chromium against a real `koopgraph serve`.

Nothing may leave the server (the browser_page fixture aborts and reports any
request to another host) and the console stays free of errors. Expected answers
come from pyoxigraph evaluating the fixture file directly.
"""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
from conftest import DATA
from test_sparql_endpoint import FIXTURE, expected_rows

PARTICIPANTS = """PREFIX kg: <https://w3id.org/koopgraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
CONSTRUCT { ?a kg:participant ?b . ?a a ?t . ?b a ?u . ?b rdfs:label ?l }
WHERE { ?a kg:participant ?b . OPTIONAL { ?a a ?t } OPTIONAL { ?b a ?u } OPTIONAL { ?b rdfs:label ?l } }"""
POPULATION = """PREFIX kg: <https://w3id.org/koopgraph/ontology#>
SELECT ?k ?n WHERE { ?k kg:population ?n }"""


def network_nodes(construct: str) -> int:
    """Nodes the Netzwerk view should draw: IRIs linked by a non-type, non-literal statement."""
    store = ox.Store()
    store.load(path=str(FIXTURE), format=ox.RdfFormat.TRIG)
    nodes = set()
    for t in store.query(construct, use_default_graph_as_union=True):
        if not isinstance(t.object, ox.Literal) and t.predicate.value.endswith("#type") is False:
            nodes |= {t.subject.value, t.object.value}
    return len(nodes)


@pytest.fixture
def workbench(parity_server, browser_page, request):
    """The workbench page, loaded; console errors other than the missing favicon fail the test."""
    server = parity_server("oxigraph")
    page = browser_page
    page.real_errors = []
    page.on("console", lambda m: m.type == "error" and not m.location.get("url", "").endswith("/favicon.ico")
            and page.real_errors.append(m.text))
    page.on("pageerror", lambda e: page.real_errors.append(str(e)))
    page.goto(server.url + "/abfragen")
    page.wait_until("window.koopgraphYasgui !== undefined")
    page.server = server
    yield page
    assert page.real_errors == []


def run(page, query: str) -> None:
    page.evaluate("q => window.koopgraphYasgui.getTab().getYasqe().setValue(q)", query)
    page.click(".yasqe_queryButton")
    page.wait_for_selector(".yasr_response_chip")


def test_a_select_shows_its_rows_in_the_table(workbench, screenshot):
    run(workbench, POPULATION)
    rows = workbench.locator(".yasr .dataTable tbody tr")
    rows.first.wait_for()
    assert rows.count() == len(expected_rows(POPULATION)) == 4
    assert "4 Ergebnisse" in workbench.inner_text(".yasr_response_chip")   # YASGUI's words in German
    screenshot(workbench, "abfragen-tabelle")


def test_the_netzwerk_view_draws_a_construct(workbench, screenshot):
    run(workbench, PARTICIPANTS)
    workbench.click(".select_netzwerk")
    canvas = workbench.locator(".kg-netzwerk canvas")
    canvas.wait_for()
    assert int(workbench.get_attribute(".kg-netzwerk", "data-nodes")) == network_nodes(PARTICIPANTS)
    legend = workbench.inner_text(".kg-legend")
    assert "kg:Kooperation" in legend and "kg:Landkreis" in legend
    workbench.wait_for_timeout(1500)  # let the layout settle for the picture
    screenshot(workbench, "abfragen-netzwerk")


def test_pivot_and_diagramm_views(workbench):
    run(workbench, POPULATION)
    workbench.click(".select_pivot")
    workbench.locator(".kg-pivot .pvtTable").wait_for()
    assert "Gesamt" in workbench.inner_text(".kg-pivot")  # the German locale is active
    workbench.click(".select_diagramm")
    workbench.locator(".kg-diagramm canvas").wait_for()
    values = workbench.evaluate("() => Chart.getChart(document.querySelector('.kg-diagramm canvas')).data.datasets[0].data")
    assert sorted(values) == sorted(float(n) for _, n in expected_rows(POPULATION))


@pytest.mark.parametrize("kind, check", [
    ("csv", lambda text: len(text.strip().splitlines()) == 5),
    ("tsv", lambda text: text.startswith("?k\t?n")),
    ("json", lambda text: len(json.loads(text)["results"]["bindings"]) == 4),
])
def test_downloads(workbench, kind, check):
    run(workbench, POPULATION)
    with workbench.expect_download() as download:
        workbench.click(f"[data-download={kind}]")
    assert check(open(download.value.path(), encoding="utf-8").read())


def test_turtle_download_of_a_construct(workbench):
    run(workbench, PARTICIPANTS)
    with workbench.expect_download() as download:
        workbench.click("[data-download=turtle]")
    triples = list(ox.parse(path=download.value.path(), format=ox.RdfFormat.TURTLE))
    store = ox.Store()
    store.load(path=str(FIXTURE), format=ox.RdfFormat.TRIG)
    assert len(triples) == len(list(store.query(PARTICIPANTS, use_default_graph_as_union=True)))


def test_a_permalink_reopens_and_runs_the_query(workbench, browser_page):
    run(workbench, POPULATION)
    workbench.click("#permalink-knopf")
    link = workbench.input_value("#permalink")
    assert link.startswith(workbench.server.url + "/abfragen#")
    workbench.evaluate("() => localStorage.clear()")
    workbench.goto("about:blank")
    workbench.goto(link)
    workbench.wait_for_selector(".yasr_response_chip")
    assert "kg:population" in workbench.evaluate("() => window.koopgraphYasgui.getTab().getYasqe().getValue()")


def test_the_row_cap_note_shows(parity_server, browser_page):
    server = parity_server("oxigraph", "--row-cap", "3")
    browser_page.goto(server.url + "/abfragen")
    browser_page.wait_until("window.koopgraphYasgui !== undefined")
    run(browser_page, "SELECT * WHERE { ?s ?p ?o }")
    browser_page.locator("#abfrage-hinweis").wait_for(state="visible")
    assert "nach 3 Zeilen abgeschnitten" in browser_page.inner_text("#abfrage-hinweis")


def test_autocompletion_data_comes_from_the_store(parity_server):
    from conftest import http

    server = parity_server("oxigraph")
    vocabulary = http(server.port, "GET", "/abfragen/vokabular.json").json()
    store = ox.Store()
    store.load(path=str(DATA / "parity.trig"), format=ox.RdfFormat.TRIG)
    used = {q.object.value for q in store.quads_for_pattern(None, ox.NamedNode(
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), None)}
    assert set(vocabulary["classes"]) == used
    assert set(vocabulary["properties"]) == {q.predicate.value for q in store}
    prefixes = http(server.port, "GET", "/abfragen/praefixe.json").json()
    assert prefixes["kg"] == "https://w3id.org/koopgraph/ontology#"


# --- issue 16: errors marked in the editor, names completed, downloads that say they are cut ------

def test_a_syntax_error_is_marked_at_its_place_in_german(workbench, screenshot):
    text = "SELECT ?name WHERE {\n  ?person foaf:name ?name\n}"
    workbench.evaluate("q => window.koopgraphYasgui.getTab().getYasqe().setValue(q)", text)
    workbench.click(".yasqe_queryButton")
    box = workbench.locator(".abfrage-fehler")
    box.wait_for()
    line, column = 2, text.split("\n")[1].index("foaf:name") + 1
    assert box.inner_text().startswith(f"Zeile {line}, Spalte {column}: Präfix »foaf:« ist nicht definiert")
    assert workbench.inner_text(".abfrage-fehlerstelle") == "foaf:name"
    screenshot(workbench, "abfragen-fehler")
    workbench.evaluate("() => window.koopgraphYasgui.getTab().getYasqe().setValue('ASK {}')")
    assert workbench.locator(".abfrage-fehler").count() == 0  # an edit clears the mark
    workbench.real_errors.remove("Failed to load resource: the server responded with a status of 400 (BAD REQUEST)")


def test_a_german_name_completes_to_the_prefixed_name_and_its_prefix(live_server, browser_page, screenshot):
    server = live_server("memory")  # the study dataset
    page = browser_page
    page.goto(server.url + "/abfragen")
    page.wait_until("window.koopgraphYasgui !== undefined")
    page.evaluate("() => { const y = window.koopgraphYasgui.getTab().getYasqe();"
                  " y.setValue('SELECT ?p ?o WHERE {\\n  Aulend'); y.focus();"
                  " y.setCursor({line: 1, ch: 8}); }")
    page.keyboard.press("Control+Space")
    # Aulendorf's official IRI: its Amtlicher Regionalschlüssel 084360008008 (Destatis, Gemeindeverzeichnis)
    hint = page.locator(".CodeMirror-hint", has_text="Aulendorf — gemeinde:084360008008")
    hint.wait_for()
    screenshot(page, "abfragen-namen")
    hint.click()
    text = page.evaluate("() => window.koopgraphYasgui.getTab().getYasqe().getValue()")
    assert "gemeinde:084360008008" in text and "PREFIX gemeinde: <https://w3id.org/koopgraph/id/gemeinde/>" in text


def test_a_download_cut_at_its_cap_says_so_in_name_and_first_line(parity_server, browser_page):
    server = parity_server("oxigraph", "--download-row-cap", "3")
    browser_page.goto(server.url + "/abfragen")
    browser_page.wait_until("window.koopgraphYasgui !== undefined")
    run(browser_page, "SELECT * WHERE { ?s ?p ?o }")
    with browser_page.expect_download() as download:
        browser_page.click("[data-download=csv]")
    assert download.value.suggested_filename == "abfrage-gekuerzt-3-zeilen.csv"
    lines = open(download.value.path(), encoding="utf-8").read().splitlines()
    assert lines[0].startswith("# GEKÜRZT: nur die ersten 3 Zeilen") and len(lines) == 5


WORDS = """SELECT ?word WHERE { VALUES ?word { "Table" "Query" "Response" } }"""


def test_yasguis_own_words_are_german_and_the_answers_words_stay_as_they_are(workbench):
    """YASGUI writes "Query", "Table", "Response", "N results in S seconds" (it has no translation
    setting); the workbench shows them in German. An answer whose cells say "Table" keeps them."""
    run(workbench, WORDS)
    workbench.wait_for_selector(".yasr .dataTable tbody tr")
    header = workbench.text_content(".yasr_header")
    assert "Tabelle" in header and "Antwort" in header and "Table" not in header and "Response" not in header
    assert workbench.text_content(".yasr_response_chip").strip().startswith("3 Ergebnisse in ")
    assert "Abfrage" in workbench.text_content(".yasgui .tabsList")
    assert workbench.get_attribute(".yasqe_queryButton", "title") == "Abfrage ausführen"
    cells = workbench.locator(".yasr .dataTable tbody td").all_text_contents()
    assert {"Table", "Query", "Response"} <= {c.strip().strip('"') for c in cells}
