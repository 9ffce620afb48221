"""Plain URLs for tools that cannot set headers, and downloads that are whole or say they are cut (issue 16).

`pandas.read_csv(url)` sends no Accept header: `?format=csv` must give CSV. A download cut at the
server's cap said so only in a header; now the file name and its first line say it too.
Expected rows come from pyoxigraph over the fixture file.
"""

from __future__ import annotations

import csv
import io
import json
import urllib.request
from urllib.parse import urlencode

import pyoxigraph as ox
import pytest
from test_sparql_endpoint import POPULATION, expected_rows

ALL = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
CONSTRUCT = "CONSTRUCT WHERE { ?s ?p ?o }"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """`koopgraph serve` on the parity fixture with a row cap of 5 and a download cap of 20."""
    from conftest import DATA, LiveServer
    from engines import koopgraph

    store = tmp_path_factory.mktemp("downloads") / "store"
    assert koopgraph("load", "--store", str(store), "--empty", str(DATA / "parity.trig")).returncode == 0
    live = LiveServer(str(store), "--row-cap", "5", "--download-row-cap", "20")
    yield live
    print(live.stop()[-2000:])


def get(url: str) -> tuple[bytes, dict]:
    """A GET as pandas.read_csv(url) sends it: urllib's defaults, no Accept header."""
    with urllib.request.urlopen(url, timeout=60) as response:
        return response.read(), dict(response.headers)


def test_format_csv_in_a_plain_url_reads_with_the_csv_module(server):
    body, headers = get(f"{server.url}/sparql?" + urlencode({"query": POPULATION, "format": "csv"}))
    assert headers["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8"))))
    assert {(r["k"], r["n"]) for r in rows} == expected_rows(POPULATION)


@pytest.mark.parametrize("fmt, parse", [
    ("tsv", lambda b: ox.parse_query_results(b, ox.QueryResultsFormat.TSV)),
    ("json", lambda b: ox.parse_query_results(b, ox.QueryResultsFormat.JSON)),
    ("xml", lambda b: ox.parse_query_results(b, ox.QueryResultsFormat.XML)),
])
def test_every_results_format_by_name(server, fmt, parse):
    body, _ = get(f"{server.url}/sparql?" + urlencode({"query": POPULATION, "format": fmt}))
    assert {tuple(t.value for t in row) for row in parse(body)} == expected_rows(POPULATION)


@pytest.mark.parametrize("fmt, rdf", [("turtle", ox.RdfFormat.TURTLE), ("ntriples", ox.RdfFormat.N_TRIPLES),
                                      ("jsonld", ox.RdfFormat.JSON_LD), ("xml", ox.RdfFormat.RDF_XML)])
def test_graph_formats_by_name(server, fmt, rdf):
    query = "CONSTRUCT { ?k <urn:x:n> ?n } WHERE { ?k <https://w3id.org/koopgraph/ontology#population> ?n }"
    body, _ = get(f"{server.url}/sparql?" + urlencode({"query": query, "output": fmt}))  # Fuseki's name
    assert {(q.subject.value, q.object.value) for q in ox.parse(body, format=rdf)} == expected_rows(POPULATION)


def test_a_format_the_form_cannot_take_is_406_naming_both(server):
    with pytest.raises(urllib.error.HTTPError) as refused:
        get(f"{server.url}/sparql?" + urlencode({"query": CONSTRUCT, "format": "csv"}))
    assert refused.value.code == 406 and "format=csv" in refused.value.read().decode()


def test_a_plain_url_cut_at_the_row_cap_says_so_in_its_first_line(server):
    body, headers = get(f"{server.url}/sparql?" + urlencode({"query": ALL, "format": "csv"}))
    first, rest = body.decode("utf-8").split("\n", 1)
    assert first.startswith("# GEKÜRZT: nur die ersten 5 Zeilen") and "CUT: only the first 5 rows" in first
    assert headers["X-Koopgraph-Row-Cap"] == "5" and len(list(csv.reader(io.StringIO(rest)))) == 6


@pytest.mark.parametrize("fmt, note_of", [
    ("csv", lambda body: body.decode().split("\n")[0]),
    ("json", lambda body: json.loads(body)["koopgraph_note"]),
    ("turtle", lambda body: body.decode().split("\n")[0]),
])
def test_a_download_has_its_own_cap_and_says_in_name_and_first_line_that_it_is_cut(server, fmt, note_of):
    query = CONSTRUCT if fmt == "turtle" else ALL
    request = urllib.request.Request(f"{server.url}/sparql", method="POST",
                                     data=urlencode({"query": query, "format": fmt, "download": "1"}).encode())
    with urllib.request.urlopen(request, timeout=60) as response:
        body, headers = response.read(), response.headers
    assert headers["X-Koopgraph-Row-Cap"] == "20"  # the download cap, not the row cap of 5
    assert 'filename="abfrage-gekuerzt-20-zeilen.' in headers["Content-Disposition"]
    assert "nur die ersten 20 Zeilen" in note_of(body) and "--download-row-cap" in note_of(body)
    if fmt == "turtle":
        assert len(list(ox.parse(body, format=ox.RdfFormat.TURTLE))) == 20  # the note is a comment


def test_a_whole_download_has_no_note(server):
    request = urllib.request.Request(f"{server.url}/sparql", method="POST",
                                     data=urlencode({"query": POPULATION, "format": "csv", "download": "1"}).encode())
    with urllib.request.urlopen(request, timeout=60) as response:
        body, headers = response.read(), response.headers
    assert headers["Content-Disposition"] == 'attachment; filename="abfrage.csv"'
    assert body.decode().startswith("k,n") and "X-Koopgraph-Row-Cap" not in headers
