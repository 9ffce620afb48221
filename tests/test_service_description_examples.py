"""The catalogue's questions as example queries in the Service Description (issue 16), each run on the endpoint.

The examples are read from the description as a client reads them (rdflib over the Turtle of
``GET /sparql``), sent back to ``/sparql`` through the SPARQL protocol, and must answer with rows.
Which questions must be listed is read from the ``.rq`` files here, not from the catalogue code.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Graph, Namespace, URIRef
from rdflib.namespace import SH

QUESTIONS = Path(__file__).resolve().parents[1] / "graph" / "sparql" / "questions"
SCHEMA = Namespace("https://schema.org/")
ENDPOINT = URIRef("http://127.0.0.1:8000/sparql")   # the default --host and --port


@pytest.fixture(scope="module")
def description(study_client) -> Graph:
    answer = study_client.get("/sparql", headers={"Accept": "text/turtle"})
    return Graph().parse(io.BytesIO(answer.data), format="turtle")


def expected_examples() -> set[str]:
    """Questions without a required parameter, or with example values for them."""
    names = set()
    for path in QUESTIONS.glob("*.rq"):
        header = [line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("#")]
        required = [line for line in header if line.startswith("# param:") and not line.rstrip().endswith("optional")]
        if not required or any(line.startswith("# beispiel:") for line in header):
            names.add(path.stem)
    return names


def examples(description: Graph) -> dict[URIRef, str]:
    return {e: str(description.value(e, SH.select) or description.value(e, SH.construct) or description.value(e, SH.ask))
            for e in description.subjects(RDF.type, SH.SPARQLExecutable)}


def test_every_runnable_question_is_an_example_with_label_page_and_target(study_client, description):
    found = examples(description)
    pages = {str(description.value(e, SCHEMA.url)) for e in found}
    assert {p.rsplit("/", 1)[-1] for p in pages} == expected_examples()
    assert len(found) == len(expected_examples()) >= 20
    for example in found:
        assert (example, SCHEMA.target, ENDPOINT) in description
        assert {label.language for label in description.objects(example, RDFS.label)} == {"de", "en"}
        page = str(description.value(example, SCHEMA.url))
        assert page.startswith("http://127.0.0.1:8000/abfragen/")
        assert study_client.get(page.removeprefix("http://127.0.0.1:8000")).status_code == 200


def test_each_example_runs_on_the_endpoint_and_returns_rows(study_client, description):
    assert examples(description)
    for example, sparql in examples(description).items():
        construct = (example, RDF.type, SH.SPARQLConstructExecutable) in description
        accept = "application/n-triples" if construct else "application/sparql-results+json"
        answer = study_client.post("/sparql", data={"query": sparql}, headers={"Accept": accept})
        assert answer.status_code == 200, (example, answer.get_data(as_text=True)[:300])
        if construct:
            assert re.search(r"^<", answer.get_data(as_text=True), re.M), example
        else:
            body = json.loads(answer.data)
            assert body.get("boolean") is True or body["results"]["bindings"], example
