"""A query's answer as every backend gives it: lazy rows or triples, or a boolean.

Each backend turns its engine's answer into :class:`Solutions` — the embedded and in-memory
stores from pyoxigraph directly, a remote endpoint by parsing the response with pyoxigraph's
result parsers — so terms are converted in one place (:func:`koopgraph.graph.store.terms.to_rdflib`)
and every caller sees the same terms whatever the backend.

>>> import pyoxigraph as ox
>>> store = ox.Store()
>>> answer = Solutions.of_ox(store.query("SELECT ?n WHERE { VALUES ?n { 1 2 } }"))
>>> answer.type, [row[answer.vars[0]].toPython() for row in answer.items]
('SELECT', [1, 2])
>>> bool(Solutions.of_ox(store.query("ASK {}")).as_result())
True
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import Graph, Variable
from rdflib.query import Result

from .terms import to_rdflib


@dataclass
class Solutions:
    """Rows (binding dicts) or triples, produced lazily; or a boolean. ``type``: SELECT, ASK or CONSTRUCT."""

    type: str
    items: Iterator = iter(())
    vars: list[Variable] | None = None
    boolean: bool | None = None

    @classmethod
    def of_ox(cls, answer) -> Solutions:
        """The solutions of a pyoxigraph answer (QueryBoolean, QuerySolutions or triples)."""
        if isinstance(answer, ox.QueryBoolean):
            return cls("ASK", boolean=bool(answer))
        if isinstance(answer, ox.QuerySolutions):
            names = [Variable(v.value) for v in answer.variables]
            rows = ({name: to_rdflib(value) for name, value in zip(names, row) if value is not None}
                    for row in answer)
            return cls("SELECT", rows, names)
        return cls("CONSTRUCT", ((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object))
                                 for t in answer))

    def as_result(self) -> Result:
        """An rdflib Result; rows stay lazy, a graph is collected."""
        result = Result(self.type)
        if self.type == "ASK":
            result.askAnswer = self.boolean
        elif self.type == "SELECT":
            result.vars = self.vars
            result.bindings = self.items
        else:
            result.graph = Graph()
            result.graph += self.items
        return result
