"""The W3C SPARQL 1.1 Protocol tests, run against a real `koopgraph serve`.

Each test of tests/data/sparql11-protocol/manifest.ttl (read with rdflib) gets
its own embedded store, preloaded through the real CLI (`koopgraph load
--graph`) with the graphs its ut:graphData names, and its own server with an
admin token (the manifest's updates need one). Requests go out as the manifest
writes them (path prefix /sparql/ rewritten to /sparql); status, format and
boolean are checked against the manifest, answers parsed with pyoxigraph.
"""

from __future__ import annotations

import csv
import http.client
import io
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pyoxigraph as ox
import pytest
from conftest import DATA
from rdflib import RDF, RDFS, Graph, Namespace
from rdflib.collection import Collection
from test_cli import console_script

SUITE = DATA / "sparql11-protocol"
TOKEN = "protocol-runner-token"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")
RESULT_FORMATS = {"application/sparql-results+json": ox.QueryResultsFormat.JSON,
                  "application/sparql-results+xml": ox.QueryResultsFormat.XML,
                  "text/tab-separated-values": ox.QueryResultsFormat.TSV}
RDF_MEDIA_TYPES = {"application/rdf+xml", "text/turtle", "application/n-triples"}  # the manifest's list (RDFa aside)


@dataclass
class ProtocolRequest:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    status_classes: set[int]
    expected_format: str | None
    expected_boolean: bool | None


@dataclass
class ProtocolTest:
    name: str
    title: str
    graphs: list[tuple[Path, str]] = field(default_factory=list)
    requests: list[ProtocolRequest] = field(default_factory=list)


def read_manifest() -> list[ProtocolTest]:
    """The manifest's tests in order, with their graph data and requests."""
    graph = Graph().parse(SUITE / "manifest.ttl")
    manifest = next(graph.subjects(RDF.type, MF.Manifest))
    tests = []
    for entry in Collection(graph, graph.value(manifest, MF.entries)):
        test = ProtocolTest(str(entry).rsplit("#", 1)[1], str(graph.value(entry, MF.name)))
        for data in graph.objects(entry, UT.graphData):
            file = SUITE / Path(urlsplit(str(graph.value(data, UT.graph))).path).name
            test.graphs.append((file, str(graph.value(data, RDFS.label))))
        connection = graph.value(entry, MF.action)
        test.requests = [_request(graph, r) for r in Collection(graph, graph.value(connection, HT.requests))]
        tests.append(test)
    return tests


def _request(graph: Graph, node) -> ProtocolRequest:
    headers = {}
    if graph.value(node, HT.headers) is not None:
        for header in Collection(graph, graph.value(node, HT.headers)):
            headers[str(graph.value(header, HT.fieldName))] = str(graph.value(header, HT.fieldValue))
    body = graph.value(node, HT.body)
    data = None
    if body is not None:
        encoding = str(graph.value(body, CNT.characterEncoding) or "UTF-8")
        data = str(graph.value(body, CNT.chars)).encode(encoding)
    response = graph.value(node, HT.resp)
    statuses = {int(str(s).rsplit("StatusCode", 1)[1][0]) for s in graph.objects(response, MF.expectedStatus)}
    boolean = graph.value(response, MF.expectedBoolean)
    return ProtocolRequest(str(graph.value(node, HT.methodName)), str(graph.value(node, HT.absolutePath)),
                           headers, data, statuses, _optional_str(graph.value(response, MF.expectedFormat)),
                           None if boolean is None else boolean.toPython())


def _optional_str(value):
    return None if value is None else str(value)


TESTS = read_manifest()


def test_the_manifest_holds_34_tests_as_its_readme_says():
    assert len(TESTS) == 34
    assert sum(1 for t in TESTS if t.name.startswith("bad_")) == 14


@pytest.fixture(scope="module")
def preloaded_stores(tmp_path_factory):
    """Template stores per set of graph data, filled through `koopgraph load --graph`."""
    made: dict[tuple, Path] = {}

    def template(graphs: list[tuple[Path, str]]) -> Path:
        key = tuple(sorted((str(f), g) for f, g in graphs))
        if key not in made:
            path = tmp_path_factory.mktemp("protocol-store") / "store"
            subprocess.run([console_script(), "query", "--store", str(path), "--empty", "ASK {}"], check=True,
                           capture_output=True)
            for file, name in graphs:
                subprocess.run([console_script(), "load", "--store", str(path), "--empty", "--graph", name, str(file)],
                               check=True, capture_output=True)
            made[key] = path
        return made[key]

    return template


def send(server, request: ProtocolRequest) -> tuple[int, str, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    path = "/sparql" + request.path.removeprefix("/sparql/")
    headers = {**request.headers, "Authorization": f"Bearer {TOKEN}"}
    connection.request(request.method, path, body=request.body, headers=headers)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, response.headers.get_content_type(), body


def check_format(expected: str, content_type: str, body: bytes):
    """The answer parsed in its declared format; the boolean for ASK answers."""
    if expected == "RDF":
        assert content_type in RDF_MEDIA_TYPES, content_type
        list(ox.parse(body, format=ox.RdfFormat.from_media_type(content_type)))
        return None
    if content_type == "text/csv":
        assert expected == "tabular", "CSV cannot carry a boolean"
        assert next(csv.reader(io.StringIO(body.decode("utf-8"))))
        return None
    assert content_type in RESULT_FORMATS, content_type
    answer = ox.parse_query_results(body, RESULT_FORMATS[content_type])
    if expected == "boolean":
        assert isinstance(answer, ox.QueryBoolean), f"not a boolean answer: {body[:200]!r}"
        return bool(answer)
    assert isinstance(answer, ox.QuerySolutions), f"not a tabular answer: {body[:200]!r}"
    list(answer)
    return None


@pytest.mark.parametrize("test", TESTS, ids=lambda t: t.name)
def test_w3c_protocol(test, preloaded_stores, live_server, tmp_path):
    store = tmp_path / "store"
    shutil.copytree(preloaded_stores(test.graphs), store)
    server = live_server(str(store), "--admin-token", TOKEN)
    for number, request in enumerate(test.requests, 1):
        status, content_type, body = send(server, request)
        where = f"{test.title} (request {number}: {request.method} {request.path[:80]})"
        assert status // 100 in request.status_classes, f"{where}: status {status}: {body[:300]!r}"
        if request.expected_format:
            boolean = check_format(request.expected_format, content_type, body)
            if request.expected_boolean is not None:
                assert boolean is request.expected_boolean, f"{where}: answered {boolean}"
