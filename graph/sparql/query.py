"""Safe SPARQL execution: the documented entry point for Python users.

Queries never reach out to the network or the file system: ``SERVICE`` is
refused, and ``FROM``/``FROM NAMED`` may only name graphs the store already
holds (they are evaluated locally, never fetched). ``LOAD`` updates are refused.

>>> from koopgraph.graph.store import open_store
>>> store = open_store("memory", empty=True)
>>> query(store, "ASK { ?s ?p ?o }").askAnswer
False
>>> query(store, "SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
Traceback (most recent call last):
koopgraph.graph.errors.QueryRefused: SERVICE <http://example.org/sparql> is refused: ...
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path

from pyparsing import ParseException
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.query import Result
from rdflib.term import Node, URIRef

from ..errors import QueryRefused, QuerySyntaxError
from ..store import never_fetch_graphs

_NO_REMOTE = "koopgraph never fetches data from the network or the file system"


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
    tree = parse_query(sparql)
    refuse_remote_access(tree, store)
    return store.query(sparql, bindings)


def update(store, sparql: str) -> None:
    """Run a SPARQL 1.1 update after refusing ``LOAD`` and ``SERVICE``.

    USING / USING NAMED graphs are the store's own (rdflib would otherwise
    fetch their IRIs, see :func:`never_fetch_graphs`).
    """
    tree = parse_update(sparql)
    for node in walk_tree(tree):
        if node.name == "Load":
            raise QueryRefused(f"LOAD <{node['iri']}> is refused: {_NO_REMOTE}",
                               hint="Load files with `koopgraph load FILE` instead.")
    _refuse_service(tree)
    never_fetch_graphs()
    store.update(sparql)


def parse_query(sparql: str):
    """The rdflib parse tree of a query; QuerySyntaxError names line and column."""
    try:
        return parseQuery(sparql)
    except ParseException as e:
        raise QuerySyntaxError(f"not a valid SPARQL query ({e.msg}, near {_near(e)!r})",
                               line=e.lineno, column=e.col,
                               hint="Check the query against SPARQL 1.1 syntax.") from e


def parse_update(sparql: str):
    """The rdflib parse tree of an update; QuerySyntaxError names line and column."""
    try:
        return parseUpdate(sparql)
    except ParseException as e:
        raise QuerySyntaxError(f"not a valid SPARQL update ({e.msg}, near {_near(e)!r})",
                               line=e.lineno, column=e.col) from e


def _near(error: ParseException) -> str:
    return error.line.strip()[:60]


def query_form(sparql: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE.

    >>> query_form("PREFIX a: <http://a/> ASK { ?s a:p ?o }")
    'ASK'
    """
    return parse_query(sparql)[1].name.replace("Query", "").upper()


def refuse_remote_access(tree, store) -> None:
    """Refuse SERVICE anywhere, and FROM / FROM NAMED of graphs the store lacks."""
    _refuse_service(tree)
    named = dataset_clause_graphs(tree)
    if named:
        known = set(store.graph_sizes())
        missing = [g for g in named if g not in known]
        if missing:
            raise QueryRefused(
                f"FROM <{missing[0]}> is refused: this store holds no graph of that name, "
                f"and {_NO_REMOTE}",
                hint="Name one of the store's graphs (see `koopgraph stats`) or load the data first.")


def dataset_clause_graphs(tree) -> list[URIRef]:
    """The graph IRIs of a query's FROM and FROM NAMED clauses."""
    clauses = tree[1]["datasetClause"] if "datasetClause" in tree[1] else []
    return [c["default"] if "default" in c else c["named"] for c in clauses]


def _refuse_service(tree) -> None:
    for node in walk_tree(tree):
        if node.name == "ServiceGraphPattern":
            raise QueryRefused(f"SERVICE {node['term'].n3()} is refused: {_NO_REMOTE}",
                               hint="Query this endpoint's own data only.")


def walk_tree(node) -> Iterator[CompValue]:
    if isinstance(node, CompValue):
        yield node
        for value in node.values():
            yield from walk_tree(value)
    elif isinstance(node, (list, tuple)) or type(node).__name__ == "ParseResults":
        for item in node:
            yield from walk_tree(item)


def read_query_argument(text: str) -> str:
    """QUERY on the command line is SPARQL text or the path of a ``.rq`` file."""
    if text.strip().endswith(".rq") and "\n" not in text.strip():
        path = Path(text.strip())
        if not path.is_file():
            raise QuerySyntaxError(f"{path}: no such query file", hint="Check the path.")
        return path.read_text(encoding="utf-8")
    return text
