"""The store interface every backend implements: query, update, write parsed files, dump."""

from __future__ import annotations

import io
import threading
from collections.abc import Iterable, Mapping
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox
import rdflib.plugins.sparql
from rdflib import Dataset, Graph, URIRef, Variable
from rdflib.query import Result
from rdflib.term import Node

from ..bind import with_values
from ..formats import RdfFormat
from .terms import to_rdflib

_COUNT_ALL = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
_GRAPH_SIZES = """
SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g
"""


class Store:
    """Base of the three backends: query, update, write parsed files, dump.

    ``generation`` counts the writes made through this object (``update``,
    ``write_file``, ``write_quads``), so results computed from the data can be
    cached under it. It goes up when a write has finished, failed or not; a
    remote endpoint can also change through others, which this count cannot see.
    """

    kind = "abstract"

    def __init__(self, dataset: Dataset, location: str) -> None:
        self.dataset = dataset
        self.location = location
        self.generation = 0
        self._generation_lock = threading.Lock()

    @contextmanager
    def _writing(self):
        try:
            yield
        finally:
            with self._generation_lock:  # += is not atomic across threads
                self.generation += 1

    def query(self, sparql: str, bindings: Mapping[str, Node] | None = None) -> Result:
        """Run trusted SPARQL over the union of all graphs (no safety checks here).

        ``bindings`` become a VALUES block opening the WHERE group (see sparqltext).
        """
        return self._run(with_values(sparql, bindings or {}))

    def _run(self, sparql: str) -> Result:
        return self.dataset.query(sparql)

    def update(self, sparql: str) -> None:
        """Run a trusted SPARQL update."""
        with self._writing():
            self._update(sparql)

    def _update(self, sparql: str) -> None:
        self.dataset.update(sparql)

    def graph_sizes(self) -> dict[URIRef, int]:
        """Triples per named graph."""
        return {row.g: int(row.n) for row in self.query(_GRAPH_SIZES)}

    def __len__(self) -> int:
        return int(next(iter(self.query(_COUNT_ALL))).n)

    def write_file(self, path: Path, fmt: RdfFormat, graph: URIRef) -> None:
        """Write an already checked file; default-graph triples go to ``graph``."""
        with self._writing():
            self._write_file(path, fmt, graph)

    def _write_file(self, path: Path, fmt: RdfFormat, graph: URIRef) -> None:
        self._write_quads(_parse_quads(path, fmt, graph))

    def write_quads(self, quads: Iterable[ox.Quad]) -> None:
        """Add quads to the store."""
        with self._writing():
            self._write_quads(quads)

    def _write_quads(self, quads: Iterable[ox.Quad]) -> None:
        raise NotImplementedError

    def add_graph(self, ntriples: bytes, graph: URIRef) -> None:
        """Add N-Triples to ``graph`` in one transaction where the backend has them (all or nothing)."""
        with self._writing():
            self._add_graph(ntriples, graph)

    def _add_graph(self, ntriples: bytes, graph: URIRef) -> None:
        target = ox.NamedNode(graph)
        self._write_quads([ox.Quad(t.subject, t.predicate, t.object, target)
                           for t in ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES)])

    def dump(self, out: io.BufferedIOBase, fmt: RdfFormat, graph: URIRef | None = None) -> None:
        """Serialise the whole store (dataset formats) or one graph to ``out``."""
        source = self.dataset if graph is None else self.dataset.graph(graph)
        out.write(source.serialize(format=fmt.rdflib_name, encoding="utf-8"))

    def is_empty(self) -> bool:
        return not bool(self.query("ASK { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"))

    def close(self) -> None:
        self.dataset.close()

def never_fetch_graphs() -> None:
    """Make rdflib's SPARQL engine use local graphs for FROM and USING, never fetch them.

    rdflib parses the IRI of every USING graph (and of every FROM graph it
    does not hold) as a URL or file unless this process-wide flag is off.
    """
    rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False


def ox_result(answer) -> Result:
    """An rdflib Result for a pyoxigraph query answer; rows converted lazily."""
    if isinstance(answer, ox.QueryBoolean):
        result = Result("ASK")
        result.askAnswer = bool(answer)
    elif isinstance(answer, ox.QuerySolutions):
        result = Result("SELECT")
        result.vars = [Variable(v.value) for v in answer.variables]
        names = result.vars
        result.bindings = ({name: to_rdflib(value) for name, value in zip(names, row) if value is not None}
                           for row in answer)
    else:
        result = Result("CONSTRUCT")
        result.graph = Graph()
        result.graph += ((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)) for t in answer)
    return result


def _parse_quads(path: Path, fmt: RdfFormat, graph: URIRef) -> list[ox.Quad]:
    target = ox.NamedNode(graph)
    quads = []
    for q in ox.parse(path=str(path), format=fmt.ox_format):
        if isinstance(q.graph_name, ox.DefaultGraph):
            q = ox.Quad(q.subject, q.predicate, q.object, target)
        quads.append(q)
    return quads
