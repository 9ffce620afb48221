"""One endpoint query, start to end: check, evaluate, cap the rows, write (:mod:`.writers`).

This is what a query worker process runs (see :mod:`koopgraph.graph.sparql.workers`)
on its own view of the store; for a remote endpoint the server runs it with
an HTTP timeout instead. The check is that of :func:`koopgraph.graph.sparql.query.query`
(:mod:`koopgraph.graph.sparql.safety`: no SERVICE, FROM only for graphs the store holds,
and the checked text is what runs); a protocol dataset (``default-graph-uri`` /
``named-graph-uri``) names the store's graphs and is never fetched — a graph a local
store lacks is empty.

>>> from koopgraph.graph.store import open_store
>>> store = open_store("memory", empty=True)
>>> answer = execute(store, QueryRequest("SELECT ?x WHERE { VALUES ?x { 1 2 3 } }", row_cap=2))
>>> answer.form, answer.media_type, answer.rows, answer.cut
('SELECT', 'application/sparql-results+json', 2, True)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ..errors import QuerySyntaxError, StoreError
from .dataset_clause import ProtocolDataset
from .safety import check_query, refuse_absent_protocol_graphs
from .writers import write_answer

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


@dataclass(frozen=True)
class QueryRequest:
    """A query as the endpoint received it; ``media_types`` maps each query form to the negotiated type."""

    sparql: str
    dataset: ProtocolDataset = ProtocolDataset()
    media_types: Mapping[str, str | None] = field(
        default_factory=lambda: {form: offers[0][0] for form, offers in MEDIA_TYPES.items()})
    row_cap: int | None = None
    base: str | None = None  # resolves relative IRIs: the endpoint's URL
    download: bool = False  # the engine then applies its (larger) download row cap


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
    checked = check_query(request.sparql, store, base=request.base)
    media_type = request.media_types.get(checked.form)
    fmt = dict(MEDIA_TYPES[checked.form]).get(media_type)
    if fmt is None:
        return QueryAnswer(checked.form, None)
    if request.dataset:
        refuse_absent_protocol_graphs(request.dataset, store)
    try:
        solutions = store.evaluate(checked.text, request.dataset or checked.dataset, timeout=timeout)
        written = write_answer(solutions, fmt, request.row_cap)
    except QuerySyntaxError as e:
        raise checked.located(e) from e
    except OSError as e:  # answers are read lazily: the store fails while they are read
        raise StoreError(f"evaluating the query failed: {e}") from e
    return QueryAnswer(checked.form, media_type, written.body, written.rows, written.cut)
