"""A remote SPARQL 1.1 endpoint as a store, and the one HTTP client that talks to such endpoints.

Queries and updates go by direct POST (no URL length limit); a query's dataset goes as the
protocol's ``default-graph-uri`` / ``named-graph-uri`` parameters, which override the query's
own FROM / FROM NAMED. Answers are parsed with pyoxigraph's result and RDF parsers, so terms
are converted as for the local backends.
"""

from __future__ import annotations

import io
import socket
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import Dataset, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLUpdateStore

from ..errors import QueryError, QueryTimeout, StoreError
from ..formats import RdfFormat
from .base import QueryDataset, Store, register
from .solutions import Solutions

ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.8"
_ALL_QUADS = "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"
DEFAULT_TIMEOUT = 60


def post_sparql(url: str, text: str, content_type: str, *, params: list[tuple[str, str]] = (),
                timeout: float | None = DEFAULT_TIMEOUT) -> tuple[str, bytes]:
    """POST a query or update to ``url``; the answer's media type and body.

    Raises QueryTimeout after ``timeout`` seconds, QueryError when the endpoint refuses the
    text (400), StoreError when it fails otherwise or cannot be reached.
    """
    if params:
        url += ("&" if "?" in url else "?") + urllib.parse.urlencode(params)
    request = urllib.request.Request(url, data=text.encode("utf-8"), method="POST",
                                     headers={"Content-Type": content_type, "Accept": ACCEPT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.headers.get_content_type(), response.read()
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
    """The solutions in an endpoint's answer: SPARQL results, or RDF for CONSTRUCT / DESCRIBE."""
    results = ox.QueryResultsFormat.from_media_type(media_type)
    if results is not None:
        return Solutions.of_ox(ox.parse_query_results(body, results))
    rdf = ox.RdfFormat.from_media_type(media_type)
    if rdf is None:
        raise StoreError(f"the SPARQL endpoint answered in {media_type}, which koopgraph cannot read")
    return Solutions.of_ox(ox.parse(body, format=rdf))


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

    @classmethod
    def accepts(cls, spec: str) -> bool:
        return spec.startswith(("http://", "https://"))

    @classmethod
    def open(cls, spec: str, update_endpoint: str | None = None) -> Store:
        return cls(spec, update_endpoint)

    def evaluate(self, sparql: str, dataset: QueryDataset | None = None, *, base: str | None = None,
                 timeout: float | None = None) -> Solutions:
        params = []
        if dataset is not None:
            params = [("default-graph-uri", g) for g in dataset.default_graphs]
            params += [("named-graph-uri", g) for g in dataset.named_graphs]
        text = f"BASE {URIRef(base).n3()}\n{sparql}" if base else sparql
        media_type, body = post_sparql(self.location, text, "application/sparql-query", params=params,
                                       timeout=timeout or self.timeout)
        return parse_answer(media_type, body)

    def _update(self, sparql: str, base: str | None) -> None:
        text = f"BASE {URIRef(base).n3()}\n{sparql}" if base else sparql
        post_sparql(self.update_location, text, "application/sparql-update", timeout=self.timeout)

    def dump(self, out, fmt: RdfFormat, graph: URIRef | None = None) -> None:
        # Serialising a Dataset over SPARQLStore would list union triples twice.
        copy = Dataset()
        rows = self.query(_ALL_QUADS, {"g": graph} if graph is not None else None)
        for g, s, p, o in rows:
            copy.graph(g).add((s, p, o))
        source = copy if graph is None else copy.graph(graph)
        out.write(source.serialize(format=fmt.rdflib_name, encoding="utf-8"))

    def _write_quads(self, quads: Iterable[ox.Quad]) -> None:
        # One INSERT DATA request: endpoints apply a single update atomically.
        body = io.BytesIO()
        ox.serialize(quads, body, format=ox.RdfFormat.N_QUADS)
        self._update(_insert_data(body.getvalue().decode("utf-8")), None)


def _insert_data(nquads: str) -> str:
    """INSERT DATA with one GRAPH block per graph, from N-Quads lines."""
    by_graph: dict[str, list[str]] = {}
    for quad in ox.parse(nquads, format=ox.RdfFormat.N_QUADS):
        triple = f"{quad.subject} {quad.predicate} {quad.object} ."
        by_graph.setdefault(str(quad.graph_name), []).append(triple)
    blocks = [f"GRAPH {g} {{\n" + "\n".join(ts) + "\n}" for g, ts in by_graph.items()]
    return "INSERT DATA {\n" + "\n".join(blocks) + "\n}"
