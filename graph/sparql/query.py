"""Safe SPARQL execution: the documented entry point for Python users.

Queries never reach out to the network or the file system: the text is checked and
made unambiguous first (:mod:`koopgraph.graph.sparql.safety`) — SERVICE and LOAD are
refused, FROM / FROM NAMED may only name graphs the store already holds (they are
evaluated locally, never fetched) — and the checked text is what runs. The endpoint
(:mod:`koopgraph.graph.sparql.execution`) takes the same path.

>>> from koopgraph.graph.store import open_store
>>> store = open_store("memory", empty=True)
>>> query(store, "ASK { ?s ?p ?o }").askAnswer
False
>>> query(store, "SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
Traceback (most recent call last):
koopgraph.graph.errors.QueryRefused: line 1, column 12: SERVICE is refused: ...
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from rdflib.query import Result
from rdflib.term import Node

from ..bind import with_values
from ..errors import QuerySyntaxError
from .safety import check_query, check_update


def query(store, sparql: str, *, bindings: Mapping[str, Node] | None = None) -> Result:
    """Run a read-only SPARQL 1.1 query over ``store`` after the safety checks.

    ``bindings`` pre-binds variables (``{"land": URIRef(...)}``), so values are
    never pasted into query text. Raises QuerySyntaxError (with line and column)
    or QueryRefused. The endpoint adds a time limit and a row cap on top
    (:mod:`koopgraph.graph.sparql.engine`).

    >>> from rdflib import Literal
    >>> from koopgraph.graph.store import open_store
    >>> [int(row.n) for row in query(open_store("memory", empty=True),
    ...                              "SELECT ?n WHERE { BIND(?x + 1 AS ?n) }", bindings={"x": Literal(41)})]
    [42]
    """
    checked = check_query(with_values(sparql, bindings or {}), store)
    try:
        return store.evaluate(checked.text, checked.dataset).as_result()
    except QuerySyntaxError as e:
        raise checked.located(e) from e


def update(store, sparql: str, *, base: str | None = None) -> None:
    """Run a SPARQL 1.1 update after the safety checks (LOAD and SERVICE refused).

    USING, USING NAMED and WITH must name graphs the store holds.
    """
    checked = check_update(sparql, store, base=base)
    try:
        store.update(checked.text)
    except QuerySyntaxError as e:
        raise checked.located(e) from e


def read_query_argument(text: str) -> str:
    """QUERY on the command line is SPARQL text or the path of a ``.rq`` file."""
    if text.strip().endswith(".rq") and "\n" not in text.strip():
        path = Path(text.strip())
        if not path.is_file():
            raise QuerySyntaxError(f"{path}: no such query file", hint="Check the path.")
        return path.read_text(encoding="utf-8")
    return text


__all__ = ["query", "read_query_argument", "update"]
