"""The RDF dataset a SPARQL Protocol request names, for queries and updates.

A query's dataset comes from ``default-graph-uri`` / ``named-graph-uri``
(overriding the query's own FROM / FROM NAMED); an update's from
``using-graph-uri`` / ``using-named-graph-uri``, which become USING / USING
NAMED clauses of each DELETE/INSERT ... WHERE operation of the checked text
(:mod:`koopgraph.graph.sparql.safety`). The graphs are always the store's own,
never fetched.

>>> dataset = ProtocolDataset(default_graphs=("http://x/g",))
>>> with_using("INSERT { ?s a <http://x/C> } WHERE { ?s ?p ?o }", dataset)
'INSERT { ?s a <http://x/C> } USING <http://x/g> WHERE { ?s ?p ?o }'
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import URIRef

from ..errors import QueryError
from ..store import QueryDataset
from .tokens import Source, tokens_of


@dataclass(frozen=True)
class ProtocolDataset(QueryDataset):
    """Graph IRIs a request names for the default graph and as named graphs."""

    def clauses(self, default: str = "USING", named: str = "USING NAMED") -> str:
        """The dataset as SPARQL clauses, e.g. ``USING <g> USING NAMED <h>``."""
        parts = [f"{default} {URIRef(g).n3()}" for g in self.default_graphs]
        parts += [f"{named} {URIRef(g).n3()}" for g in self.named_graphs]
        return " ".join(parts)


def with_using(update: str, dataset: ProtocolDataset) -> str:
    """The checked ``update`` with the protocol dataset as USING clauses before each operation's WHERE.

    Raises QueryError when an operation already has USING or WITH (the
    protocol forbids both at once).
    """
    if not dataset:
        return update
    positions = _modify_where_positions(update)
    clauses = dataset.clauses()
    rewritten = update
    for at in reversed(positions):
        rewritten = f"{rewritten[:at]}{clauses} {rewritten[at:]}"
    return rewritten


def _modify_where_positions(update: str) -> list[int]:
    """Offsets of the WHERE keywords that end DELETE/INSERT templates (not DELETE WHERE)."""
    depth, previous, positions = 0, None, []
    for token in tokens_of(update, Source(update)):
        if token.terminal == "punct" and token.text in "{}":
            depth += 1 if token.text == "{" else -1
            previous = "}"
        elif token.terminal == "word" and depth == 0:
            word = token.text.upper()
            if word in ("USING", "WITH"):
                raise QueryError("the update names its dataset with USING or WITH and the request with "
                                 "using-graph-uri / using-named-graph-uri; give only one of them",
                                 hint="Drop the protocol parameters or the clauses in the update.")
            if word == "WHERE" and previous != "DELETE":
                positions.append(token.start)
            previous = word
    return positions
