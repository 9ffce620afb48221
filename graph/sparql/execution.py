"""One endpoint query, start to end: check, evaluate, cap the rows, serialise.

This is what a query worker process runs (see :mod:`koopgraph.graph.sparql.workers`)
on its own view of the store; for a remote endpoint the server runs it with
an HTTP timeout instead. Checks are those of :func:`koopgraph.graph.sparql.query.query`
(no SERVICE, FROM only for graphs the store holds); a protocol dataset
(``default-graph-uri`` / ``named-graph-uri``) names the store's graphs and is
never fetched — a graph the store lacks is empty.

>>> from koopgraph.graph.store import open_store
>>> store = open_store("memory", empty=True)
>>> answer = execute(store, QueryRequest("SELECT ?x WHERE { VALUES ?x { 1 2 3 } }", row_cap=2))
>>> answer.form, answer.media_type, answer.rows, answer.cut
('SELECT', 'application/sparql-results+json', 2, True)
"""

from __future__ import annotations

import socket
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from io import BytesIO
from itertools import islice

import pyoxigraph as ox
from rdflib import Graph, URIRef, Variable
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.query import Result

from ..errors import QuerySyntaxError, QueryTimeout, StoreError
from ..store.terms import to_rdflib
from .dataset_clause import ProtocolDataset
from .query import dataset_clause_graphs, parse_query, refuse_remote_access
from .results import render

GRAPH_FORMS = ("CONSTRUCT", "DESCRIBE")
_TABULAR = [("application/sparql-results+json", "json"), ("application/sparql-results+xml", "xml"),
            ("application/json", "json"), ("application/xml", "xml")]
# Media types each query form can be answered in, with koopgraph's format names; first is preferred.
MEDIA_TYPES: dict[str, list[tuple[str, str]]] = {
    "SELECT": _TABULAR[:2] + [("text/csv", "csv"), ("text/tab-separated-values", "tsv")] + _TABULAR[2:],
    "ASK": _TABULAR,
    "CONSTRUCT": [("text/turtle", "turtle"), ("application/n-triples", "ntriples"),
                  ("application/ld+json", "jsonld"), ("application/rdf+xml", "xml")],
}
MEDIA_TYPES["DESCRIBE"] = MEDIA_TYPES["CONSTRUCT"]
_REMOTE_ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9"


@dataclass(frozen=True)
class QueryRequest:
    """A query as the endpoint received it; ``media_types`` maps each query form to the negotiated type."""

    sparql: str
    dataset: ProtocolDataset = ProtocolDataset()
    media_types: Mapping[str, str | None] = field(
        default_factory=lambda: {form: offers[0][0] for form, offers in MEDIA_TYPES.items()})
    row_cap: int | None = None
    base: str | None = None  # resolves relative IRIs: the endpoint's URL


@dataclass(frozen=True)
class QueryAnswer:
    """The serialised answer; ``media_type`` None means the client accepts no format of this form."""

    form: str
    media_type: str | None
    body: bytes = b""
    rows: int = 0
    cut: bool = False


def execute(store, request: QueryRequest, *, timeout: float | None = None) -> QueryAnswer:
    """Check and run ``request`` on ``store``; ``timeout`` bounds a remote endpoint's answer."""
    tree = parse_query(request.sparql)
    refuse_remote_access(tree, store)
    form = tree[1].name.removesuffix("Query").upper()
    media_type = request.media_types.get(form)
    fmt = dict(MEDIA_TYPES[form]).get(media_type)
    if fmt is None:
        return QueryAnswer(form, None)
    if store.kind == "oxigraph":
        result = _oxigraph_result(store, request, tree)
    elif store.kind == "sparql":
        result = _remote_result(store, request, tree, timeout)
    else:
        result = _rdflib_result(store, request, tree)
    result, rows, cut = capped(result, request.row_cap)
    return QueryAnswer(form, media_type, render(result, fmt), rows, cut)


def _oxigraph_result(store, request: QueryRequest, tree) -> Solutions:
    dataset = request.dataset
    if dataset:
        options = {"default_graph": [ox.NamedNode(g) for g in dataset.default_graphs],
                   "named_graphs": [ox.NamedNode(g) for g in dataset.named_graphs]}
    elif dataset_clause_graphs(tree):
        options = {}  # the query's FROM / FROM NAMED; the union flag would override them
    else:
        options = {"use_default_graph_as_union": True}
    options["base_iri"] = request.base
    try:
        return _ox_solutions(store.ox.query(request.sparql, **options))
    except SyntaxError as e:
        raise QuerySyntaxError(f"Oxigraph cannot parse the query: {e}") from e
    except OSError as e:
        raise StoreError(f"reading the store failed: {e}") from e


@dataclass
class Solutions:
    """A result before it is capped: rows (binding dicts) or triples, produced lazily; or a boolean."""

    type: str
    items: Iterator = iter(())
    vars: list[Variable] | None = None
    boolean: bool | None = None

    @classmethod
    def of_rdflib(cls, result: Result) -> Solutions:
        if result.type == "ASK":
            return cls("ASK", boolean=bool(result.askAnswer))
        if result.type == "SELECT":
            rows = ({v: value for v, value in zip(result.vars, row) if value is not None} for row in result)
            return cls("SELECT", rows, list(result.vars))
        return cls(result.type, iter(result.graph))


def _ox_solutions(answer) -> Solutions:
    if isinstance(answer, ox.QueryBoolean):
        return Solutions("ASK", boolean=bool(answer))
    if isinstance(answer, ox.QuerySolutions):
        names = [Variable(v.value) for v in answer.variables]
        rows = ({name: to_rdflib(value) for name, value in zip(names, row) if value is not None} for row in answer)
        return Solutions("SELECT", rows, names)
    return Solutions("CONSTRUCT", ((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object))
                                   for t in answer))


def _rdflib_result(store, request: QueryRequest, tree) -> Solutions:
    query = translateQuery(tree, base=request.base)
    dataset = request.dataset
    if dataset:
        query.algebra["datasetClause"] = (
            [CompValue("DatasetClause", default=URIRef(g)) for g in dataset.default_graphs]
            + [CompValue("DatasetClause", named=URIRef(g)) for g in dataset.named_graphs])
    return Solutions.of_rdflib(store.dataset.query(query))


def _remote_result(store, request: QueryRequest, tree, timeout: float | None) -> Solutions:
    # Oxigraph's server ignores FROM under --union-default-graph but honours the protocol's dataset.
    dataset = request.dataset or _query_dataset(tree)
    params = [("default-graph-uri", g) for g in dataset.default_graphs]
    params += [("named-graph-uri", g) for g in dataset.named_graphs]
    url = store.location + ("?" + urllib.parse.urlencode(params) if params else "")
    http = urllib.request.Request(url, data=request.sparql.encode("utf-8"), method="POST", headers={
        "Content-Type": "application/sparql-query", "Accept": _REMOTE_ACCEPT})
    try:
        with urllib.request.urlopen(http, timeout=timeout) as response:
            body = response.read()
            return Solutions.of_rdflib(Result.parse(BytesIO(body),
                                                    content_type=response.headers.get_content_type()))
    except (TimeoutError, socket.timeout) as e:
        raise QueryTimeout(f"the SPARQL endpoint {store.location} did not answer within {timeout:g} s",
                           hint="Narrow the query down or add a LIMIT.") from e
    except urllib.error.HTTPError as e:
        detail = e.read().decode("utf-8", "replace").strip()[:500]
        raise StoreError(f"the SPARQL endpoint {store.location} answered {e.code}: {detail}") from e
    except OSError as e:
        raise StoreError(f"the SPARQL endpoint {store.location} cannot be reached: {e}") from e


def _query_dataset(tree) -> ProtocolDataset:
    clauses = tree[1]["datasetClause"] if "datasetClause" in tree[1] else []
    return ProtocolDataset(tuple(str(c["default"]) for c in clauses if "default" in c),
                           tuple(str(c["named"]) for c in clauses if "named" in c))


def capped(solutions: Solutions, cap: int | None) -> tuple[Result, int, bool]:
    """An rdflib Result of the first ``cap`` rows (or triples), how many, and whether more were cut."""
    result = Result(solutions.type)
    if solutions.type == "ASK":
        result.askAnswer = solutions.boolean
        return result, 0, False
    items = list(islice(solutions.items, None if cap is None else cap + 1))
    cut = cap is not None and len(items) > cap
    if cut:
        items = items[:cap]
    if solutions.type == "SELECT":
        result.vars = solutions.vars
        result.bindings = items
    else:
        result.graph = Graph()
        result.graph += items
    return result, len(items), cut
