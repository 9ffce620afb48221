"""The question catalogue's machinery: headers, typed parameters, the CLI and the web form.

Runs on the parity fixture (its Landkreise, Kommunen and populations); the
answers of the study questions themselves are checked in test_questions_study.py.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from conftest import DATA, http
from koopgraph.graph.errors import QueryError
from koopgraph.graph.sparql.questions import PARAMETER_TYPES, catalogue, parse_question
from koopgraph.web.cli import main

KREIS_QUESTION = "kreisangehoerige-kommunen-eines-landkreises"


@pytest.fixture
def parity_store(tmp_path):
    store = str(tmp_path / "store")
    done = CliRunner().invoke(main, ["load", "--store", store, "--empty", str(DATA / "parity.trig")])
    assert done.exit_code == 0, done.output
    return store


def ask(store, *args):
    return CliRunner().invoke(main, ["query", "--store", store, "--format", "csv", "--question", *args])


@pytest.mark.parametrize("name", sorted(catalogue()))
def test_every_question_has_german_and_english_titles_and_known_parameter_types(name):
    question = catalogue()[name]
    assert question.title_de and question.title_en and question.description
    assert question.title_de != question.title_en
    assert all(p.type.name in PARAMETER_TYPES for p in question.parameters)
    assert all(f"?{p.name}" in question.sparql for p in question.parameters)


def test_a_header_error_names_the_file_and_line():
    with pytest.raises(QueryError, match=r"questions/x.rq line 2"):
        parse_question("x", "# title_de: a\n# not a header line\nSELECT * {}")
    with pytest.raises(QueryError, match="bad parameter line"):
        parse_question("x", "# title_de: a\n# title_en: b\n# description: c\n# param: k | nosuchtype | K\nASK {}")


def test_the_cli_asks_a_question_by_label_slug_or_iri(parity_store):
    by_label = ask(parity_store, KREIS_QUESTION, "--param", "landkreis=Kreis Eins")
    by_slug = ask(parity_store, KREIS_QUESTION, "--param", "landkreis=k1")
    by_iri = ask(parity_store, KREIS_QUESTION, "--param", "landkreis=https://w3id.org/koopgraph/id/landkreis/k1")
    assert by_label.exit_code == by_slug.exit_code == by_iri.exit_code == 0, by_label.output
    assert by_label.output == by_slug.output == by_iri.output
    rows = by_label.output.strip().splitlines()[1:]
    # parity.trig: Ixdorf (5264) and Ypsstadt (10214) are in Kreis Eins, the larger first
    assert [r.split(",")[1:] for r in rows] == [["Ypsstadt", "10214"], ["Ixdorf", "5264"]]


@pytest.mark.parametrize("args, message", [
    ([KREIS_QUESTION, "--param", "landkreis=Kreis Drei"], "is not a known Landkreis"),
    ([KREIS_QUESTION, "--param", "land=Land A"], "has no parameter 'land'"),
    ([KREIS_QUESTION], "needs a value for landkreis"),
    ([KREIS_QUESTION, "--param", "landkreis"], "is not KEY=VALUE"),
    (["keine-solche-frage"], "no question 'keine-solche-frage'"),
])
def test_unknown_parameters_and_values_are_one_line_errors(parity_store, args, message):
    done = ask(parity_store, *args)
    assert done.exit_code == 1
    assert message in done.output and "Traceback" not in done.output


def test_the_catalogue_is_listed_on_the_command_line():
    done = CliRunner().invoke(main, ["query", "--question", "list"])
    assert done.exit_code == 0
    assert all(name in done.output for name in catalogue())


def test_the_web_form_and_its_json_twin(parity_server):
    server = parity_server("oxigraph")
    listing = http(server.port, "GET", "/abfragen", headers={"Accept": "application/json"}).json()
    assert [q["name"] for q in listing["questions"]] == list(catalogue())
    page = http(server.port, "GET", f"/abfragen/{KREIS_QUESTION}")
    assert page.status == 200 and "Kreis Eins" in page.text and "Kreis Zwei" in page.text
    answer = http(server.port, "GET", f"/abfragen/{KREIS_QUESTION}?landkreis=k2&frage=1",
                  headers={"Accept": "application/json"}).json()
    assert [b["name"]["value"] for b in answer["results"]["results"]["bindings"]] == ["Zettheim"]
    html = http(server.port, "GET", f"/abfragen/{KREIS_QUESTION}?landkreis=k2&frage=1")
    assert "Zettheim" in html.text and "Im Editor öffnen" in html.text
    bad = http(server.port, "GET", f"/abfragen/{KREIS_QUESTION}?landkreis=k9&frage=1",
               headers={"Accept": "application/json"})
    assert bad.status == 400 and "not a known Landkreis" in bad.json()["message"]
    assert http(server.port, "GET", "/abfragen/keine-solche-frage").status == 404
