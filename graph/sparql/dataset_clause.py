"""The RDF dataset a SPARQL Protocol request names, for queries and updates.

A query's dataset comes from ``default-graph-uri`` / ``named-graph-uri``
(overriding the query's own FROM / FROM NAMED); an update's from
``using-graph-uri`` / ``using-named-graph-uri``, which become USING / USING
NAMED clauses of each DELETE/INSERT ... WHERE operation. The graphs are always
the store's own, never fetched.

>>> dataset = ProtocolDataset(default_graphs=("http://x/g",))
>>> with_using("INSERT { ?s a <http://x/C> } WHERE { ?s ?p ?o }", dataset)
'INSERT { ?s a <http://x/C> } USING <http://x/g> WHERE { ?s ?p ?o }'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import URIRef

from ..errors import QueryError
from .query import parse_update, walk_tree

# strings, IRIs and comments are skipped; braces and the keywords WHERE/DELETE are found
_TOKEN = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''
    r"|<[^<>\"{}|^`\\\s]*>|#[^\n]*|(?P<brace>[{}])"
    r"|(?P<word>(?<![?$:\w])(?i:WHERE|DELETE|INSERT|DATA)\b(?!:))"
)


@dataclass(frozen=True)
class ProtocolDataset:
    """Graph IRIs a request names for the default graph and as named graphs."""

    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for iri in self.default_graphs + self.named_graphs:
            try:
                ox.NamedNode(iri)
            except ValueError as e:
                raise QueryError(f"{iri!r} is not an absolute IRI and cannot name a graph: {e}") from e

    def __bool__(self) -> bool:
        return bool(self.default_graphs or self.named_graphs)

    def clauses(self, default: str = "USING", named: str = "USING NAMED") -> str:
        """The dataset as SPARQL clauses, e.g. ``USING <g> USING NAMED <h>``."""
        parts = [f"{default} {URIRef(g).n3()}" for g in self.default_graphs]
        parts += [f"{named} {URIRef(g).n3()}" for g in self.named_graphs]
        return " ".join(parts)


def modify_operations(tree) -> list:
    """The DELETE/INSERT ... WHERE operations of a parsed update request."""
    return [node for node in walk_tree(tree) if node.name == "Modify"]


def with_using(update: str, dataset: ProtocolDataset) -> str:
    """``update`` with the protocol dataset as USING clauses before each operation's WHERE.

    Raises QueryError when an operation already has USING or WITH (the
    protocol forbids both at once).
    """
    if not dataset:
        return update
    operations = modify_operations(parse_update(update))
    if any("using" in op or "withClause" in op for op in operations):
        raise QueryError("the update names its dataset with USING or WITH and the request with "
                         "using-graph-uri / using-named-graph-uri; give only one of them",
                         hint="Drop the protocol parameters or the clauses in the update.")
    clauses = dataset.clauses()
    positions = _modify_where_positions(update)
    rewritten = update
    for at in reversed(positions):
        rewritten = f"{rewritten[:at]}{clauses} {rewritten[at:]}"
    expected = len(dataset.default_graphs) + len(dataset.named_graphs)
    done = modify_operations(parse_update(rewritten))
    if len(positions) != len(operations) or any(len(op["using"] if "using" in op else []) != expected
                                                 for op in done):
        raise QueryError("cannot apply using-graph-uri / using-named-graph-uri to this update",
                         hint="Write USING clauses into the update instead.")
    return rewritten


def _modify_where_positions(update: str) -> list[int]:
    """Offsets of the WHERE keywords that end DELETE/INSERT templates (not DELETE WHERE)."""
    depth, previous, positions = 0, None, []
    for match in _TOKEN.finditer(update):
        if match.group("brace"):
            depth += 1 if match.group("brace") == "{" else -1
            previous = "}"
        elif match.group("word") and depth == 0:
            word = match.group("word").upper()
            if word == "WHERE" and previous != "DELETE":
                positions.append(match.start())
            previous = word
    return positions
