"""A remote SPARQL 1.1 endpoint as a store, and the one HTTP client that talks to such endpoints.

Queries go by URL-encoded POST — the one way every engine answers (Virtuoso 7.2 never answers
a direct POST of ``application/sparql-query``) — with a query's dataset as the protocol's
``default-graph-uri`` / ``named-graph-uri`` parameters, which override the query's own FROM /
FROM NAMED; updates go by direct POST. Answers are parsed with pyoxigraph's result and RDF
parsers, so terms are converted as for the local backends.

An answer is complete or an error, never silently cut (:mod:`.completeness`); a dump pages
through each graph (:mod:`.paging`); an endpoint whose default graph is not the union of its
named graphs is named with the setting that fixes it (:meth:`EndpointBackend.default_graph_problem`).
"""

from __future__ import annotations

import io
import json
import re
import socket
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import Dataset, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLUpdateStore

from ..bind import query_form
from ..errors import QueryError, QueryTimeout, StoreError
from ..formats import RdfFormat
from .base import QueryDataset, Store, register
from .completeness import RowCap
from .solutions import Solutions

ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.8"
# What each query form is asked for in: Virtuoso answers in the first type it can write, whatever the form
# (a CONSTRUCT as a SPARQL JSON table of ?s ?p ?o, a SELECT as an RDF graph of the result set).
ACCEPT_FOR = {"SELECT": "application/sparql-results+json", "ASK": "application/sparql-results+json",
              "CONSTRUCT": "application/n-triples, text/turtle;q=0.9",
              "DESCRIBE": "application/n-triples, text/turtle;q=0.9"}
DEFAULT_TIMEOUT = 60
FORM = "application/x-www-form-urlencoded"
# True when a triple of a named graph (one without blank nodes, which cannot be matched again) is
# missing from the default graph: the endpoint's default graph is not the union of its named graphs.
DEFAULT_GRAPH_IS_NOT_UNION = """
ASK {
  { SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } FILTER(!isBlank(?s) && !isBlank(?o)) } LIMIT 1 }
  FILTER NOT EXISTS { ?s ?p ?o }
}"""
UNION_SETTINGS = ("Oxigraph: start it as `oxigraph serve --union-default-graph`; Fuseki: `tdb2:unionDefaultGraph "
                  "true` in the dataset's assembler; Virtuoso: the default graph is the union unless a query names one.")
_BNODE_LABEL = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*(?<!\.)")
# Virtuoso answers ASK as a SELECT of this one variable, 1 or 0, in every result format.
VIRTUOSO_ASK = "__ASK_RETVAL"


@dataclass(frozen=True)
class Answer:
    """An endpoint's HTTP answer: media type, body and the headers that matter here."""

    media_type: str
    body: bytes
    headers: dict[str, str]


def post_sparql(url: str, text: str, content_type: str, *, params: list[tuple[str, str]] = (),
                timeout: float | None = DEFAULT_TIMEOUT, accept: str = ACCEPT) -> Answer:
    """POST a query or update to ``url``: URL-encoded (``content_type`` FORM, ``text`` the
    encoded fields) or direct (``text`` the SPARQL, ``params`` in the URL).

    Raises QueryTimeout after ``timeout`` seconds, QueryError when the endpoint refuses the
    text (400), StoreError when it fails otherwise or cannot be reached.
    """
    if params:
        url += ("&" if "?" in url else "?") + urllib.parse.urlencode(params)
    request = urllib.request.Request(url, data=text.encode("utf-8"), method="POST",
                                     headers={"Content-Type": content_type, "Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return Answer(response.headers.get_content_type(), response.read(),
                          {k.lower(): v for k, v in response.headers.items()})
    except (TimeoutError, socket.timeout) as e:
        raise QueryTimeout(f"the SPARQL endpoint {url} did not answer within {timeout:g} s",
                           hint="Narrow the query down or add a LIMIT.") from e
    except urllib.error.HTTPError as e:
        detail = e.read().decode("utf-8", "replace").strip()[:500]
        if e.code == 400:
            raise QueryError(f"the SPARQL endpoint {url} answered 400: {detail}") from e
        raise StoreError(f"the SPARQL endpoint {url} answered {e.code}: {detail}") from e
    except OSError as e:
        raise StoreError(f"the SPARQL endpoint {url} cannot be reached: {e}",
                         hint="Check the URL and that the server is running.") from e


def parse_answer(media_type: str, body: bytes) -> Solutions:
    """The solutions in an endpoint's answer: SPARQL results, or RDF for CONSTRUCT / DESCRIBE.

    Rows and triples are read at once (the body is in memory anyway), so they can be counted.
    """
    results = ox.QueryResultsFormat.from_media_type(media_type)
    if results is not None:
        try:
            solutions = Solutions.of_ox(ox.parse_query_results(body, results)).collected()
        except SyntaxError as e:
            if results != ox.QueryResultsFormat.JSON or "bnode" not in str(e):
                raise StoreError(f"the SPARQL endpoint's answer cannot be read: {e}") from e
            solutions = Solutions.of_ox(ox.parse_query_results(_valid_bnodes(body), results)).collected()
        return _virtuoso_ask(solutions) or solutions
    rdf = ox.RdfFormat.from_media_type(media_type)
    if rdf is None:
        raise StoreError(f"the SPARQL endpoint answered in {media_type}, which koopgraph cannot read")
    return Solutions("CONSTRUCT", [ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(body, format=rdf)])


def _valid_bnodes(body: bytes) -> bytes:
    """SPARQL JSON results with every blank node label made a valid one (the same label, the same node).

    Virtuoso labels blank nodes ``nodeID://b10001``, which pyoxigraph refuses.
    """
    document = json.loads(body)
    for row in document.get("results", {}).get("bindings", []):
        for cell in row.values():
            if cell.get("type") == "bnode" and not _BNODE_LABEL.fullmatch(cell["value"]):
                cell["value"] = "x" + cell["value"].encode("utf-8").hex()
    return json.dumps(document).encode("utf-8")


def _virtuoso_ask(solutions: Solutions) -> Solutions | None:
    """The boolean of Virtuoso's ASK answer (a SELECT of ``__ASK_RETVAL``); None for other answers."""
    if solutions.type != "SELECT" or solutions.variables != [VIRTUOSO_ASK]:
        return None
    values = [row[0] for row in solutions.native]
    return Solutions("ASK", boolean=any(v is not None and v.value not in ("0", "false") for v in values))


@register
class EndpointBackend(Store):
    """A remote SPARQL 1.1 query (and update) endpoint: specs that are http(s) URLs."""

    kind = "sparql"
    remote = True

    def __init__(self, query_url: str, update_url: str | None = None) -> None:
        sparql_store = SPARQLUpdateStore(query_endpoint=query_url, update_endpoint=update_url or query_url)
        super().__init__(Dataset(store=sparql_store, default_union=True), query_url)
        self.update_location = update_url or query_url
        self.timeout = DEFAULT_TIMEOUT
        self.row_cap = RowCap(query_url, self._probe)

    @classmethod
    def accepts(cls, spec: str) -> bool:
        return spec.startswith(("http://", "https://"))

    @classmethod
    def open(cls, spec: str, update_endpoint: str | None = None) -> Store:
        return cls(spec, update_endpoint)

    def evaluate(self, sparql: str, dataset: QueryDataset | None = None, *, base: str | None = None,
                 timeout: float | None = None) -> Solutions:
        """The complete answer; AnswerCut when the endpoint cut it at its row cap."""
        solutions, answer = self.evaluate_page(sparql, dataset, base=base, timeout=timeout)
        self.row_cap.refuse_cut(solutions, answer.headers)
        return solutions

    def evaluate_page(self, sparql: str, dataset: QueryDataset | None = None, *, base: str | None = None,
                      timeout: float | None = None) -> tuple[Solutions, Answer]:
        """The answer as the endpoint gave it (perhaps cut) and its HTTP answer."""
        fields = [("query", f"BASE {URIRef(base).n3()}\n{sparql}" if base else sparql)]
        if dataset is not None:
            fields += [("default-graph-uri", g) for g in dataset.default_graphs]
            fields += [("named-graph-uri", g) for g in dataset.named_graphs]
        answer = post_sparql(self.location, urllib.parse.urlencode(fields), FORM, timeout=timeout or self.timeout,
                             accept=ACCEPT_FOR.get(query_form(sparql), ACCEPT))
        return parse_answer(answer.media_type, answer.body), answer

    def _probe(self, sparql: str) -> tuple[int, dict[str, str]]:
        solutions, answer = self.evaluate_page(sparql)
        return len(solutions.native), answer.headers

    def default_graph_problem(self) -> str | None:
        if not self.evaluate(DEFAULT_GRAPH_IS_NOT_UNION).boolean:
            return None
        return (f"the default graph of the SPARQL endpoint {self.location} is not the union of its named graphs: "
                "koopgraph keeps every file in a named graph, so queries without GRAPH would not see them. "
                + UNION_SETTINGS)

    def _update(self, sparql: str, base: str | None) -> None:
        text = f"BASE {URIRef(base).n3()}\n{sparql}" if base else sparql
        post_sparql(self.update_location, text, "application/sparql-update", timeout=self.timeout)

    def dump(self, out, fmt: RdfFormat, graph: URIRef | None = None) -> None:
        """Every quad, fetched page by page (see :mod:`.paging`); StoreError if any is missing."""
        from .paging import all_quads

        copy = ox.Store()
        copy.extend(all_quads(self, None if graph is None else str(graph)))
        if graph is None:
            copy.dump(out, format=fmt.ox_format)
        else:
            copy.dump(out, format=fmt.ox_format, from_graph=ox.NamedNode(graph))

    def _write_quads(self, quads: Iterable[ox.Quad]) -> None:
        # One request: endpoints apply a single update atomically.
        body = io.BytesIO()
        ox.serialize(quads, body, format=ox.RdfFormat.N_QUADS)
        self._update(insert_update(body.getvalue().decode("utf-8")), None)


def insert_update(nquads: str) -> str:
    """One update adding the quads of ``nquads``, one GRAPH block per graph.

    INSERT DATA where it can; quads with blank nodes go as ``INSERT { … } WHERE {}`` (one
    solution, so each label stands for one new node), since Virtuoso refuses blank nodes in
    INSERT DATA ("not allowed in a constant clause").
    """
    by_graph: dict[str, list[str]] = {}
    blank = False
    for quad in ox.parse(nquads, format=ox.RdfFormat.N_QUADS):
        blank = blank or isinstance(quad.subject, ox.BlankNode) or isinstance(quad.object, ox.BlankNode)
        by_graph.setdefault(str(quad.graph_name), []).append(f"{quad.subject} {quad.predicate} {quad.object} .")
    blocks = "\n".join(f"GRAPH {g} {{\n" + "\n".join(ts) + "\n}" for g, ts in by_graph.items())
    return f"INSERT {{\n{blocks}\n}} WHERE {{}}" if blank else f"INSERT DATA {{\n{blocks}\n}}"
