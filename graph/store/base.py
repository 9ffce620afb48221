"""The interface every backend implements, and the registry that picks a backend for a store spec.

A backend evaluates a (checked) query over a chosen dataset and gives lazy
:class:`~koopgraph.graph.store.solutions.Solutions`, runs updates, writes parsed files,
dumps, and says how a query worker opens a view of its own (:class:`ViewRecipe`). Backends
register themselves (as rdflib's ``plugin.register`` does) with the store specs they accept;
:func:`koopgraph.graph.store.open_store` asks the registry. Nothing outside this room asks
which backend it holds: it asks the store.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Iterable, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import rdflib.plugins.sparql
from rdflib import Dataset, URIRef
from rdflib.query import Result
from rdflib.term import Node

from ..bind import with_values
from ..errors import QueryError, StoreError
from ..formats import RdfFormat
from .files import without_bom
from .solutions import Solutions

_COUNT_ALL = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
_GRAPH_SIZES = """
SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g
"""


@dataclass(frozen=True)
class QueryDataset:
    """The graphs a query reads: IRIs of the graphs merged into its default graph, and its named graphs.

    Always graphs of the store itself: no backend fetches a graph by its IRI.
    """

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


@dataclass(frozen=True)
class ViewRecipe:
    """What a query worker process needs to open its own view of a store (sent to it pickled)."""

    kind: str
    location: str
    nquads: bytes = b""


class Store:
    """Base of the backends: evaluate, query, update, write parsed files, dump.

    ``generation`` counts the writes made through this object (``update``,
    ``write_file``, ``write_quads``), so results computed from the data can be
    cached under it. It goes up when a write has finished, failed or not.
    ``data_version`` names the data across restarts (see :mod:`.kept`); None
    where nothing is kept on disk (memory, remote, checkpoint views). A
    ``remote`` store lives behind an HTTP endpoint: it needs the network, is
    queried in place rather than by worker processes, and can change through
    others, which the generation cannot see.
    """

    kind = "abstract"
    remote = False
    catch_all = False  # accepts any spec that no other backend accepts (a directory path)
    loads_while_checking = False  # an empty store may be bulk-loaded while the files are checked

    def __init__(self, dataset: Dataset, location: str) -> None:
        self.dataset = dataset
        self.location = location
        self.is_new = False  # set by the opener: a new local store gets the study dataset
        self.generation = 0
        self.data_version: str | None = None
        self.side_folder: Path | None = None  # where results kept on disk live (with data_version)
        self._generation_lock = threading.Lock()
        self.notices: list[str] = []  # what a person should know about opening it (e.g. a load undone)

    def checkpoint(self):
        """A read-only copy of the current data for readers in other processes; None if they need none."""
        return None

    @contextmanager
    def all_or_nothing(self, what: str):
        """Hold while a load writes ``what`` (checked already); the embedded store undoes it if cut off."""
        yield

    @contextmanager
    def serving(self, url: str, endpoint: str):
        """Held while a server answers for this store at ``url``, SPARQL at ``endpoint`` (the embedded
        store tells other processes)."""
        yield

    @classmethod
    def accepts(cls, spec: str) -> bool:
        """Whether ``spec`` (a path, ``memory``, a URL) names a store of this backend."""
        raise NotImplementedError

    @classmethod
    def open(cls, spec: str, update_endpoint: str | None = None) -> Store:
        """The store that ``spec`` names; raises StoreError."""
        raise NotImplementedError

    @classmethod
    def open_latest_checkpoint(cls, spec: str, in_use: StoreError) -> Store:
        """A read-only copy of a store that another process holds (``in_use`` says who), if there is one."""
        raise in_use

    @classmethod
    def open_view(cls, recipe: ViewRecipe) -> Store:
        """A query worker's own read-only view, from :meth:`view_recipe`."""
        raise StoreError(f"a {cls.kind} store is queried in place, not by query workers")

    def view_recipe(self) -> ViewRecipe:
        """How a query worker opens a view of this store's current data."""
        raise StoreError(f"a {self.kind} store is queried in place, not by query workers")

    @contextmanager
    def _writing(self):
        try:
            yield
        finally:
            with self._generation_lock:  # += is not atomic across threads
                self.generation += 1

    def evaluate(self, sparql: str, dataset: QueryDataset | None = None, *, base: str | None = None,
                 timeout: float | None = None) -> Solutions:
        """Evaluate a query as given (no safety checks here): lazy solutions.

        ``dataset`` None reads the union of all graphs; else exactly the dataset's graphs
        (the query's own FROM / FROM NAMED are overridden). ``base`` resolves relative IRIs;
        ``timeout`` bounds a remote endpoint's answer. Raises QuerySyntaxError, StoreError.
        """
        raise NotImplementedError

    def query(self, sparql: str, bindings: Mapping[str, Node] | None = None) -> Result:
        """Run trusted SPARQL over the union of all graphs (no safety checks here).

        ``bindings`` become a VALUES block opening the WHERE group (see :mod:`koopgraph.graph.bind`).
        Trusted texts choose graphs with GRAPH, never with FROM (which the union overrides).
        """
        return self.evaluate(with_values(sparql, bindings or {})).as_result()

    def update(self, sparql: str, *, base: str | None = None) -> None:
        """Run a SPARQL update as given (no safety checks here)."""
        with self._writing():
            self._update(sparql, base)

    def _update(self, sparql: str, base: str | None) -> None:
        raise NotImplementedError

    def flush(self) -> None:
        """Write buffered data to disk (views opened from flushed files read faster)."""

    def graph_sizes(self) -> dict[URIRef, int]:
        """Triples per named graph."""
        return {row.g: int(row.n) for row in self.query(_GRAPH_SIZES)}

    def graph_names(self) -> set[str]:
        """IRIs of the named graphs that hold triples."""
        return {str(g) for g in self.graph_sizes()}

    def __len__(self) -> int:
        return int(next(iter(self.query(_COUNT_ALL))).n)

    def write_file(self, path: Path, fmt: RdfFormat, graph: URIRef) -> None:
        """Write an already checked file; default-graph triples go to ``graph``."""
        with self._writing():
            self._write_file(path, fmt, graph)

    def _write_file(self, path: Path, fmt: RdfFormat, graph: URIRef) -> None:
        self._write_quads(_parse_quads(path, fmt, graph))

    def write_files(self, files: Iterable[tuple[Path, RdfFormat, URIRef]]) -> None:
        """Write already checked files (path, format, graph for its default-graph triples) as one write."""
        with self._writing():
            self._write_files(list(files))

    def _write_files(self, files: list[tuple[Path, RdfFormat, URIRef]]) -> None:
        for path, fmt, graph in files:
            self._write_file(path, fmt, graph)

    def write_quads(self, quads: Iterable[ox.Quad]) -> None:
        """Add quads to the store."""
        with self._writing():
            self._write_quads(quads)

    def _write_quads(self, quads: Iterable[ox.Quad]) -> None:
        raise NotImplementedError

    def add_graph(self, blocks: Iterable[bytes], graph: URIRef) -> None:
        """Add blocks of N-Triples to ``graph`` in one transaction where the backend has them (all or nothing)."""
        with self._writing():
            self._add_graph(blocks, graph)

    def _add_graph(self, blocks: Iterable[bytes], graph: URIRef) -> None:
        target = ox.NamedNode(graph)
        self._write_quads([ox.Quad(t.subject, t.predicate, t.object, target)
                           for t in ox.parse(b"".join(blocks), format=ox.RdfFormat.N_TRIPLES)])

    def dump(self, out: io.BufferedIOBase, fmt: RdfFormat, graph: URIRef | None = None) -> None:
        """Serialise the whole store (dataset formats) or one graph to ``out``."""
        source = self.dataset if graph is None else self.dataset.graph(graph)
        out.write(source.serialize(format=fmt.rdflib_name, encoding="utf-8"))

    def default_graph_problem(self) -> str | None:
        """Why queries over the default graph would miss data of the named graphs; None if they would not."""
        return None

    def is_empty(self) -> bool:
        return not bool(self.query("ASK { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"))

    def close(self) -> None:
        self.dataset.close()


_REGISTRY: dict[str, type[Store]] = {}


def register(backend: type[Store]) -> type[Store]:
    """Make ``backend`` available to :func:`backend_for` and :func:`open_view` under its ``kind``."""
    _REGISTRY[backend.kind] = backend
    return backend


def backend_for(spec: str) -> type[Store]:
    """The registered backend that accepts the store spec ``spec``; a catch-all one only if no other does."""
    accepting = sorted((b for b in _REGISTRY.values() if b.accepts(spec)), key=lambda b: b.catch_all)
    if accepting:
        return accepting[0]
    raise StoreError(f"no store backend accepts {spec!r}", hint="Give a directory, 'memory' or an http(s) URL.")


def open_view(recipe: ViewRecipe) -> Store:
    """A query worker's own view of the store that ``recipe`` describes."""
    return _REGISTRY[recipe.kind].open_view(recipe)


def never_fetch_graphs() -> None:
    """Make rdflib's own SPARQL engine, wherever a library still uses it, never fetch FROM/USING graphs.

    rdflib parses the IRI of every USING graph (and of every FROM graph it
    does not hold) as a URL or file unless this process-wide flag is off.
    """
    rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False


def _parse_quads(path: Path, fmt: RdfFormat, graph: URIRef) -> list[ox.Quad]:
    target = ox.NamedNode(graph)
    quads = []
    with without_bom(path) as stream:
        for q in ox.parse(stream, format=fmt.ox_format):
            if isinstance(q.graph_name, ox.DefaultGraph):
                q = ox.Quad(q.subject, q.predicate, q.object, target)
            quads.append(q)
    return quads
