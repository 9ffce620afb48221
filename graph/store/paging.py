"""Every quad of a remote endpoint, page by page: an export that is complete or an error.

An endpoint may cut any one answer at its row cap (koopgraph's /sparql at 10,000 rows,
Virtuoso at its ResultSetMaxRows), so each named graph is read in pages, each page starting
where the rows received so far end — so a page cut short by a cap that was not announced
costs a request, not triples. The pages first come in the endpoint's own order: cheap, and
the same on every request in the stores tried (Oxigraph, Virtuoso), though no standard
promises it; the distinct quads received are then counted against the endpoint's own COUNT,
and only a graph that falls short is read again in a stable order (ORDER BY subject,
predicate, object), which costs a sort of the whole graph per page (2 s per page of the
205,000-triple base layer in-process, so that its 21 pages ran into the 10 s query limit).
"""

from __future__ import annotations

from collections.abc import Iterator

import pyoxigraph as ox
from rdflib import URIRef

from ..bind import with_values
from ..errors import StoreError
from .completeness import announced_cap

PAGE_ROWS = 10_000
# A graph's triples in the endpoint's own order (tried first) ...
GRAPH_AS_STORED = "SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"
# ... or in an order that is the same on every request ...
GRAPH_IN_ORDER = "SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?s ?p ?o"
# ... and one page of them. The order is a subquery's, so that Virtuoso pages past its MaxSortedTopRows
# (10,000: it refuses a sorted OFFSET beyond) as its manual advises; the pages are then counted.
GRAPH_PAGE = "SELECT ?s ?p ?o WHERE {{ {{ {ordered} }} }} LIMIT {limit} OFFSET {offset}"


def all_quads(store, graph: str | None = None) -> Iterator[ox.Quad]:
    """The quads of every named graph of ``store`` (an EndpointBackend), or of ``graph``.

    Raises StoreError naming the graph when the endpoint gives fewer triples than it counts.
    """
    sizes = {str(g): n for g, n in store.graph_sizes().items()}
    if graph is not None:
        sizes = {graph: sizes.get(graph, 0)}
    for name, count in sorted(sizes.items()):
        yield from graph_quads(store, name, count)


def graph_quads(store, graph: str, count: int) -> list[ox.Quad]:
    """The ``count`` quads of one named graph: pages in the endpoint's order, else in a stable order."""
    quads = _paged(store, graph, count, GRAPH_AS_STORED)
    if len(quads) != count:  # pages that overlapped (an order not kept) left others out
        quads = _paged(store, graph, count, GRAPH_IN_ORDER)
    if len(quads) != count:
        raise StoreError(f"the SPARQL endpoint {store.location} gave {len(quads):,} of the {count:,} triples of "
                         f"the graph <{graph}>; nothing was exported",
                         hint="Check the endpoint's limits on result rows and on OFFSET "
                         "(Virtuoso: ResultSetMaxRows and MaxSortedTopRows in virtuoso.ini).")
    return list(quads)


def _paged(store, graph: str, count: int, in_order: str) -> dict[ox.Quad, None]:
    """The distinct quads of ``graph`` read in pages of ``in_order`` (in the order received)."""
    target, page, fetched = ox.NamedNode(graph), PAGE_ROWS, 0
    ordered = with_values(in_order, {"g": URIRef(graph)})
    seen: dict[ox.Quad, None] = {}
    while fetched < count:
        solutions, answer = store.evaluate_page(GRAPH_PAGE.format(ordered=ordered, limit=page, offset=fetched))
        rows = solutions.native
        if announced_cap(answer.headers) is not None:
            page = min(page, len(rows))  # smaller pages from now on: each page then comes whole
        if not rows:
            break
        for row in rows:
            seen[ox.Quad(row[0], row[1], row[2], target)] = None
        fetched += len(rows)
    return seen
