"""One store interface over rdflib, with three backends chosen by a store spec.

- a directory path: rdflib on the embedded Oxigraph store (oxrdflib), on disk;
- ``memory``: rdflib's in-memory Dataset;
- an ``http(s)://`` URL: a SPARQL 1.1 endpoint through rdflib's SPARQLUpdateStore.

Every backend answers queries over the union of all named graphs by default.

>>> store = open_store("memory", empty=True)
>>> store.kind, len(store)
('memory', 0)
"""

from __future__ import annotations

import io
import threading
import urllib.error
import urllib.request
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox
import rdflib.plugins.sparql
from oxrdflib import OxigraphStore
from rdflib import Dataset, Graph, URIRef, Variable
from rdflib.plugins.stores.sparqlstore import SPARQLUpdateStore
from rdflib.query import Result
from rdflib.term import Node

from .errors import StoreError
from .formats import RdfFormat
from .load import load_study_dataset
from .settings import default_store_path
from .sparqltext import has_dataset_clause, with_values
from .terms import to_rdflib

_RESULT_TYPES = "application/sparql-results+json, application/n-triples;q=0.9"
_ALL_QUADS = "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"
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

    def dump(self, out: io.BufferedIOBase, fmt: RdfFormat, graph: URIRef | None = None) -> None:
        """Serialise the whole store (dataset formats) or one graph to ``out``."""
        source = self.dataset if graph is None else self.dataset.graph(graph)
        out.write(source.serialize(format=fmt.rdflib_name, encoding="utf-8"))

    def is_empty(self) -> bool:
        return not bool(self.query("ASK { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"))

    def close(self) -> None:
        self.dataset.close()


class OxigraphBackend(Store):
    """The embedded Oxigraph store on disk, used through oxrdflib."""

    kind = "oxigraph"

    def __init__(self, path: str) -> None:
        try:
            self.ox = ox.Store(path)
        except OSError as e:
            raise StoreError(
                f"cannot open the store at {path}: {e}",
                hint="Is another koopgraph process (e.g. `koopgraph serve`) using it? "
                "Stop it or give another --store.",
            ) from e
        dataset = Dataset(store=OxigraphStore(store=self.ox), default_union=True)
        super().__init__(dataset, path)

    def _run(self, sparql: str) -> Result:
        # pyoxigraph directly (not oxrdflib's query) so that terms are converted
        # the same way as on the other backends (simple literals without xsd:string).
        # The union flag would override the query's own FROM / FROM NAMED.
        return ox_result(self.ox.query(sparql, use_default_graph_as_union=not has_dataset_clause(sparql)))

    def _update(self, sparql: str) -> None:
        # oxrdflib refuses updates on a union-default Dataset; Oxigraph runs them itself.
        self.ox.update(sparql)

    def _write_file(self, path: Path, fmt: RdfFormat, graph: URIRef) -> None:
        # The bulk loader is ~10x faster than adding triples through rdflib. On one call it
        # buffers ~1 KB per triple (measured: 937 MB peak for 0.95M quads); line-based files
        # without blank nodes go in chunks instead: ~0.2 KB per triple, same speed or faster.
        # (Each bulk_load call renames blank nodes, so files that have them are loaded whole.)
        target = ox.NamedNode(graph)
        if fmt.ox_format in _LINE_FORMATS and not _mentions_blank_nodes(path):
            for chunk in _line_blocks(path, _BULK_CHUNK_BYTES):
                self.ox.bulk_load(chunk, format=fmt.ox_format, to_graph=target)
        else:
            self.ox.bulk_load(path=str(path), format=fmt.ox_format, to_graph=target)

    def _write_quads(self, quads: Iterable[ox.Quad]) -> None:
        self.ox.extend(quads)

    def dump(self, out, fmt: RdfFormat, graph: URIRef | None = None) -> None:
        if graph is None:
            self.ox.dump(out, format=fmt.ox_format)
        else:
            self.ox.dump(out, format=fmt.ox_format, from_graph=ox.NamedNode(graph))

    def close(self) -> None:
        self.ox.flush()
        del self.ox
        self.dataset = None


class MemoryBackend(Store):
    """rdflib's in-memory Dataset, for tests and small files."""

    kind = "memory"

    def __init__(self) -> None:
        never_fetch_graphs()
        super().__init__(Dataset(default_union=True), "memory")

    def _write_quads(self, quads: Iterable[ox.Quad]) -> None:
        contexts: dict[URIRef, object] = {}

        def context(name):
            if name not in contexts:
                contexts[name] = self.dataset.graph(URIRef(name.value))
            return contexts[name]

        self.dataset.addN(
            (to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object), context(q.graph_name))
            for q in quads
        )


class EndpointBackend(Store):
    """A remote SPARQL 1.1 query (and update) endpoint."""

    kind = "sparql"

    def __init__(self, query_url: str, update_url: str | None = None) -> None:
        sparql_store = SPARQLUpdateStore(query_endpoint=query_url, update_endpoint=update_url or query_url)
        super().__init__(Dataset(store=sparql_store, default_union=True), query_url)
        self.update_location = update_url or query_url
        self.timeout = 60

    def _run(self, sparql: str) -> Result:
        content_type, body = self._post(self.location, sparql, "application/sparql-query")
        return Result.parse(io.BytesIO(body), content_type=content_type)

    def _update(self, sparql: str) -> None:
        self._post(self.update_location, sparql, "application/sparql-update")

    def _post(self, url: str, sparql: str, content_type: str) -> tuple[str, bytes]:
        # Direct POST (no URL length limit); rdflib's connector hides the server's error text.
        request = urllib.request.Request(url, data=sparql.encode("utf-8"), method="POST",
                                         headers={"Content-Type": content_type, "Accept": _RESULT_TYPES})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.headers.get_content_type(), response.read()
        except urllib.error.HTTPError as e:
            detail = e.read().decode("utf-8", "replace").strip()[:500]
            raise StoreError(f"the SPARQL endpoint {url} answered {e.code}: {detail}") from e
        except OSError as e:
            raise StoreError(f"the SPARQL endpoint {url} cannot be reached: {e}",
                             hint="Check the URL and that the server is running.") from e

    def dump(self, out, fmt: RdfFormat, graph: URIRef | None = None) -> None:
        # Serialising a Dataset over SPARQLStore would list union triples twice.
        copy = Dataset()
        rows = self.query(_ALL_QUADS, {"g": graph} if graph is not None else None)
        for g, s, p, o in rows:
            copy.graph(g).add((s, p, o))
        source = copy if graph is None else copy.graph(graph)
        out.write(source.serialize(format=fmt.rdflib_name, encoding="utf-8"))

    def _write_quads(self, quads: Iterable[ox.Quad]) -> None:
        # One INSERT DATA request: endpoints apply a single update atomically.
        body = io.BytesIO()
        ox.serialize(quads, body, format=ox.RdfFormat.N_QUADS)
        self._update(_insert_data(body.getvalue().decode("utf-8")))


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


_LINE_FORMATS = (ox.RdfFormat.N_QUADS, ox.RdfFormat.N_TRIPLES)
_BULK_CHUNK_BYTES = 6 << 20  # ~50k lines; measured at M: 50k lines 6.3 s, 100k 6.4 s, 200k 7.2 s, 400k 7.9 s


def _line_blocks(path: Path, size: int) -> Iterator[bytes]:
    """The file in blocks of about ``size`` bytes that end at a line end (N-Triples / N-Quads
    statements are one line each). Reading blocks, not lines, keeps Python out of the way of the
    bulk loader: 3-7 % faster at M than joining 50,000 lines."""
    rest = b""
    with open(path, "rb") as stream:
        while block := stream.read(size):
            block = rest + block
            cut = block.rfind(b"\n") + 1
            rest = block[cut:]
            if cut:
                yield block[:cut]
    if rest:
        yield rest


def _mentions_blank_nodes(path: Path) -> bool:
    """True if ``_:`` occurs anywhere (conservative: also inside literals)."""
    tail = b""
    with open(path, "rb") as stream:
        while block := stream.read(1 << 23):
            if b"_:" in tail + block[:1] or b"_:" in block:
                return True
            tail = block[-1:]
    return False


def _insert_data(nquads: str) -> str:
    """INSERT DATA with one GRAPH block per graph, from N-Quads lines."""
    by_graph: dict[str, list[str]] = {}
    for quad in ox.parse(nquads, format=ox.RdfFormat.N_QUADS):
        triple = f"{quad.subject} {quad.predicate} {quad.object} ."
        by_graph.setdefault(str(quad.graph_name), []).append(triple)
    blocks = [f"GRAPH {g} {{\n" + "\n".join(ts) + "\n}" for g, ts in by_graph.items()]
    return "INSERT DATA {\n" + "\n".join(blocks) + "\n}"


def _parse_quads(path: Path, fmt: RdfFormat, graph: URIRef) -> list[ox.Quad]:
    target = ox.NamedNode(graph)
    quads = []
    for q in ox.parse(path=str(path), format=fmt.ox_format):
        if isinstance(q.graph_name, ox.DefaultGraph):
            q = ox.Quad(q.subject, q.predicate, q.object, target)
        quads.append(q)
    return quads


def open_store(spec: str | None = None, *, update_endpoint: str | None = None,
               empty: bool = False) -> Store:
    """Open the store that ``spec`` names; a new local store gets the study dataset.

    ``spec`` is a directory (default: the user data dir), ``memory`` or an
    http(s) URL. ``empty=True`` keeps a new store empty. Raises StoreError.
    """
    spec = spec or default_store_path()
    if spec.startswith(("http://", "https://")):
        return EndpointBackend(spec, update_endpoint)
    if update_endpoint:
        raise StoreError("--update-endpoint only applies to a remote SPARQL store",
                         hint="Give an http(s):// URL as --store, or drop --update-endpoint.")
    if spec == "memory":
        store: Store = MemoryBackend()
        is_new = True
    else:
        path = Path(spec).expanduser()
        if path.exists() and not path.is_dir():
            raise StoreError(f"the store {path} is a file, not a directory",
                             hint="Give a directory, 'memory' or an http(s) URL as --store.")
        is_new = not path.exists() or not any(path.iterdir())
        path.mkdir(parents=True, exist_ok=True)
        store = OxigraphBackend(str(path))
    if is_new and not empty:
        load_study_dataset(store)
    return store


__all__ = ["Store", "open_store"]
