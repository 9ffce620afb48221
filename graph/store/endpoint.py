"""A remote SPARQL 1.1 query (and update) endpoint."""

from __future__ import annotations

import io
import urllib.error
import urllib.request
from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import Dataset, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLUpdateStore
from rdflib.query import Result

from ..errors import StoreError
from ..formats import RdfFormat
from .base import Store

_RESULT_TYPES = "application/sparql-results+json, application/n-triples;q=0.9"
_ALL_QUADS = "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"


class EndpointBackend(Store):
    """A remote SPARQL 1.1 query (and update) endpoint."""

    kind = "sparql"

    def __init__(self, query_url: str, update_url: str | None = None) -> None:
        sparql_store = SPARQLUpdateStore(query_endpoint=query_url, update_endpoint=update_url or query_url)
        super().__init__(Dataset(store=sparql_store, default_union=True), query_url)
        self.update_location = update_url or query_url
        self.timeout = 60

    def _run(self, sparql: str) -> Result:
        content_type, body = self._post(self.location, sparql, "application/sparql-query")
        return Result.parse(io.BytesIO(body), content_type=content_type)

    def _update(self, sparql: str) -> None:
        self._post(self.update_location, sparql, "application/sparql-update")

    def _post(self, url: str, sparql: str, content_type: str) -> tuple[str, bytes]:
        # Direct POST (no URL length limit); rdflib's connector hides the server's error text.
        request = urllib.request.Request(url, data=sparql.encode("utf-8"), method="POST",
                                         headers={"Content-Type": content_type, "Accept": _RESULT_TYPES})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.headers.get_content_type(), response.read()
        except urllib.error.HTTPError as e:
            detail = e.read().decode("utf-8", "replace").strip()[:500]
            raise StoreError(f"the SPARQL endpoint {url} answered {e.code}: {detail}") from e
        except OSError as e:
            raise StoreError(f"the SPARQL endpoint {url} cannot be reached: {e}",
                             hint="Check the URL and that the server is running.") from e

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
        self._update(_insert_data(body.getvalue().decode("utf-8")))

def _insert_data(nquads: str) -> str:
    """INSERT DATA with one GRAPH block per graph, from N-Quads lines."""
    by_graph: dict[str, list[str]] = {}
    for quad in ox.parse(nquads, format=ox.RdfFormat.N_QUADS):
        triple = f"{quad.subject} {quad.predicate} {quad.object} ."
        by_graph.setdefault(str(quad.graph_name), []).append(triple)
    blocks = [f"GRAPH {g} {{\n" + "\n".join(ts) + "\n}" for g, ts in by_graph.items()]
    return "INSERT DATA {\n" + "\n".join(blocks) + "\n}"
