"""A query's answer as every backend gives it: lazy rows or triples of pyoxigraph terms, or a boolean.

Each backend turns its engine's answer into :class:`Solutions` — the embedded and in-memory
stores from pyoxigraph directly, a remote endpoint by parsing the response with pyoxigraph's
result parsers — so every caller sees the same terms whatever the backend. The rows stay
pyoxigraph's (the endpoint writes them out as they are, :mod:`koopgraph.graph.sparql.writers`);
:attr:`Solutions.items` and :meth:`Solutions.as_result` give rdflib terms, converted in one
place (:func:`koopgraph.graph.store.terms.to_rdflib`).

>>> import pyoxigraph as ox
>>> store = ox.Store()
>>> answer = Solutions.of_ox(store.query("SELECT ?n WHERE { VALUES ?n { 1 2 } }"))
>>> answer.type, answer.variables, [row[answer.vars[0]].toPython() for row in answer.items]
('SELECT', ['n'], [1, 2])
>>> bool(Solutions.of_ox(store.query("ASK {}")).as_result())
True
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import Graph, Variable
from rdflib.query import Result

from .terms import to_rdflib


@dataclass
class Solutions:
    """An answer: ``type`` SELECT, ASK or CONSTRUCT.

    ``native`` holds the rows (pyoxigraph ``QuerySolution`` objects or tuples, a term or None
    per variable, in the order of ``variables``) or the triples (``pyoxigraph.Triple``), read
    once unless :meth:`collected`; ``boolean`` the answer of an ASK.
    """

    type: str
    native: Iterable = ()
    variables: list[str] = field(default_factory=list)
    boolean: bool | None = None

    @classmethod
    def of_ox(cls, answer) -> Solutions:
        """The solutions of a pyoxigraph answer (QueryBoolean, QuerySolutions or triples)."""
        if isinstance(answer, ox.QueryBoolean):
            return cls("ASK", boolean=bool(answer))
        if isinstance(answer, ox.QuerySolutions):
            return cls("SELECT", answer, [v.value for v in answer.variables])
        return cls("CONSTRUCT", answer)

    @property
    def vars(self) -> list[Variable]:
        """The variables as rdflib Variables."""
        return [Variable(v) for v in self.variables]

    @property
    def items(self) -> Iterator:
        """The rows as rdflib dicts (unbound variables left out), or the triples as rdflib tuples."""
        if self.type == "SELECT":
            names = self.vars
            return ({name: to_rdflib(value) for name, value in zip(names, row) if value is not None}
                    for row in self.native)
        return ((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)) for t in self.native)

    def collected(self) -> Solutions:
        """The same answer with its rows or triples read into a list (to count them, or read them twice)."""
        if self.type != "ASK" and not isinstance(self.native, list):
            self.native = list(self.native)
        return self

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
