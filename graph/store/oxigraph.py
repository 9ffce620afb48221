"""The embedded Oxigraph store on disk (the default backend), used through pyoxigraph and oxrdflib.

Beside the store directory, ``<store>.checkpoints/`` holds the writer lock, the read-only
checkpoints that query workers and other commands read (:mod:`.checkpoints`) and the
journal of a pending load (:mod:`.journal`).
"""

from __future__ import annotations

import datetime
import gc
import re
import threading
from collections.abc import Iterable
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox
from oxrdflib import OxigraphStore
from rdflib import Dataset, URIRef

from ..errors import QuerySyntaxError, StoreClosed, StoreError, StoreInUse
from ..formats import RdfFormat
from .base import QueryDataset, Store, ViewRecipe, _parse_quads, register
from .checkpoints import Held, WriterLock, make_checkpoint, server_note, side_dir, sweep, write_server_note
from .files import LINE_FORMATS, has_bom, line_blocks, mentions_blank_nodes, without_bom
from .journal import begin_load, finish_load, recover_interrupted_load
from .overlap import load_overlapped
from .kept import data_version, renew_data_version
from .solutions import Solutions

# pyoxigraph's SyntaxError reads "error at LINE:COLUMN: expected ..."
_POSITION = re.compile(r"^error at (\d+):(\d+): ")
_ONE_CALL_BYTES = 1 << 20  # files up to this size are bulk-loaded together (see _write_files)
_BULK_CHUNK_BYTES = 6 << 20  # ~50k lines; measured at M: 50k lines 6.3 s, 100k 6.4 s, 200k 7.2 s, 400k 7.9 s


class ClosedStore:
    """What a closed backend holds instead of its pyoxigraph store: every use says the store is closed
    (a page still computing when the server stops answers 503, instead of logging an AttributeError)."""

    def __getattr__(self, name: str):
        raise StoreClosed("the store is closed: the server is stopping", hint="ask again once it runs")


@register
class OxigraphBackend(Store):
    """The embedded Oxigraph store on disk: every spec that is not claimed by another backend.

    Opening it takes the store's writer lock and first undoes a load that was cut off
    (see :mod:`.journal`; ``notices`` then says so).
    """

    kind = "oxigraph"
    catch_all = True
    loads_while_checking = True

    def __init__(self, path: str) -> None:
        try:
            self._writer = WriterLock(path)
        except OSError as e:
            raise _in_use(path) from e
        undone = recover_interrupted_load(path)
        is_new = not Path(path).exists() or not any(Path(path).iterdir())
        Path(path).mkdir(parents=True, exist_ok=True)
        super().__init__(self._open(path), path)
        self.is_new = is_new
        self.notices += [undone] if undone else []
        self._checkpoint: tuple[int, Path] | None = None  # (generation, checkpoint of it)
        self._checkpointing = threading.Lock()
        self.side_folder = side_dir(path)
        self.data_version = (None if undone else data_version(self.side_folder)) or renew_data_version(self.side_folder)

    def _open(self, path: str) -> Dataset:
        try:
            self.ox = ox.Store(path)
        except OSError as e:
            self._writer.release()
            if "lock" in str(e).lower():
                raise _in_use(path) from e
            raise StoreError(f"cannot open the store at {path}: {e}") from e
        return Dataset(store=OxigraphStore(store=self.ox), default_union=True)

    @classmethod
    def accepts(cls, spec: str) -> bool:
        return True

    @classmethod
    def open(cls, spec: str, update_endpoint: str | None = None) -> Store:
        path = Path(spec).expanduser()
        if path.exists() and not path.is_dir():
            raise StoreError(f"the store {path} is a file, not a directory",
                             hint="Give a directory, 'memory' or an http(s) URL as --store.")
        return cls(str(path))

    @classmethod
    def open_latest_checkpoint(cls, spec: str, in_use: StoreError) -> Store:
        return CheckpointView.latest(Path(spec).expanduser(), in_use)

    @classmethod
    def open_view(cls, recipe: ViewRecipe) -> Store:
        return CheckpointView.at(recipe.location)

    def view_recipe(self) -> ViewRecipe:
        """A worker's view is a checkpoint of the current data, never the live store (see :mod:`.checkpoints`)."""
        return ViewRecipe(self.kind, str(self.checkpoint()))

    def checkpoint(self) -> Path:
        """A read-only checkpoint of the current data (see :mod:`.checkpoints`), made once per generation.

        Older checkpoints that nobody reads any more are removed on the way.
        """
        with self._checkpointing:
            generation = self.generation  # before the backup: a write meanwhile makes the next call back up again
            if self._checkpoint is None or self._checkpoint[0] != generation:
                try:
                    self._checkpoint = (generation, make_checkpoint(self.ox, self.location))
                except OSError as e:
                    raise StoreError(f"cannot make a checkpoint of the store {self.location}: {e}",
                                     hint="Check the free disk space beside the store.") from e
            sweep(self.location, keep=self._checkpoint[1])
            return self._checkpoint[1]

    @contextmanager
    def serving(self, url: str, endpoint: str):
        """Make the first checkpoint (so other commands can read the store at once) and say who holds it."""
        self.checkpoint()
        note = write_server_note(self.location, url, endpoint)
        try:
            yield
        finally:
            note.unlink(missing_ok=True)

    @contextmanager
    def all_or_nothing(self, what: str):
        """Hold while a load writes ``what``: if it fails or is killed, the store is as before it."""
        begin_load(self.ox, self.location, what, new_store=self.is_new and self.is_empty())
        try:
            with self._writing():
                yield
                self.ox.flush()
        except BaseException:
            self._undo_load()
            raise
        finish_load(self.location)
        self.is_new = False

    def _undo_load(self) -> None:
        """Put back the store as it was before the load, now (the next opener would otherwise)."""
        self.ox = self.dataset = None
        gc.collect()  # rdflib's objects hold the handle in cycles; RocksDB closes with the last one
        recover_interrupted_load(self.location)
        Path(self.location).mkdir(parents=True, exist_ok=True)
        self.dataset = self._open(self.location)

    @contextmanager
    def _writing(self):
        # a new data version before the data change (see .kept): results kept on disk go stale first
        if self.side_folder is not None:  # not a checkpoint view (read-only)
            self.data_version = renew_data_version(self.side_folder)
        with super()._writing():
            yield

    def evaluate(self, sparql: str, dataset: QueryDataset | None = None, *, base: str | None = None,
                 timeout: float | None = None) -> Solutions:
        if dataset is None:
            options = {"use_default_graph_as_union": True}
        else:  # overrides the query's own FROM / FROM NAMED
            options = {"default_graph": [ox.NamedNode(g) for g in dataset.default_graphs],
                       "named_graphs": [ox.NamedNode(g) for g in dataset.named_graphs]}
        try:
            return Solutions.of_ox(self.ox.query(sparql, base_iri=base, **options))
        except SyntaxError as e:
            raise oxigraph_syntax_error(e, "query") from e
        except OSError as e:
            raise StoreError(f"reading the store failed: {e}") from e

    def _update(self, sparql: str, base: str | None) -> None:
        try:
            self.ox.update(sparql, base_iri=base)
        except SyntaxError as e:
            raise oxigraph_syntax_error(e, "update") from e
        except OSError as e:
            raise StoreError(f"the update failed: {e}") from e

    def flush(self) -> None:
        self.ox.flush()

    def graph_names(self) -> set[str]:
        return {g.value for g in self.ox.named_graphs() if isinstance(g, ox.NamedNode)}

    def _write_file(self, path: Path, fmt: RdfFormat, graph: URIRef) -> None:
        # The bulk loader is ~10x faster than adding triples through rdflib. On one call it
        # buffers ~1 KB per triple (measured: 937 MB peak for 0.95M quads); line-based files
        # without blank nodes go in chunks instead: ~0.2 KB per triple, same speed or faster.
        # (Each bulk_load call renames blank nodes, so files that have them are loaded whole.)
        target = ox.NamedNode(graph)
        if fmt.ox_format in LINE_FORMATS and not mentions_blank_nodes(path):
            for chunk in line_blocks(path, _BULK_CHUNK_BYTES):
                self.ox.bulk_load(chunk, format=fmt.ox_format, to_graph=target)
        elif has_bom(path):
            with without_bom(path) as stream:
                self.ox.bulk_load(stream, format=fmt.ox_format, to_graph=target)
        else:
            self.ox.bulk_load(path=str(path), format=fmt.ox_format, to_graph=target)

    def _write_files(self, files: list[tuple[Path, RdfFormat, URIRef]]) -> None:
        # Each bulk load call costs ~0.12 s however small its file (measured on the shipped dataset:
        # 23 small files 2.9 s of a 10 s first start): the small files go in one call. Only files
        # without labelled blank nodes: one call would merge a _:b of one file with a _:b of another.
        small = [(path, fmt, graph) for path, fmt, graph in files
                 if path.stat().st_size <= _ONE_CALL_BYTES and not mentions_blank_nodes(path)]
        if len(small) > 1:
            self.ox.bulk_extend(q for path, fmt, graph in small for q in _parse_quads(path, fmt, graph))
        for path, fmt, graph in files:
            if len(small) <= 1 or (path, fmt, graph) not in small:
                self._write_file(path, fmt, graph)

    def _write_quads(self, quads: Iterable[ox.Quad]) -> None:
        self.ox.extend(quads)

    def add_graph(self, blocks: Iterable[bytes], graph: URIRef) -> None:
        """Add blocks of N-Triples (no blank nodes: each bulk_load call renames them) to ``graph`` all or
        nothing: bulk-loaded under the load journal (checkpoint before, put back if the load fails or
        the process is killed), as ``koopgraph load`` does; each block loads while the next is written.

        ``Store.load`` is one transaction but took 78 s and 979 MiB max RSS for the 504,500 triples
        of 50,000 imported relations; the bulk loader took 15 s and 628 MiB in one call, 18 s and
        214 MiB in blocks (2 busy cores, the 100 MB of N-Triples included)."""
        target = ox.NamedNode(graph)

        def load(block: bytes) -> None:
            self.ox.bulk_load(block, format=ox.RdfFormat.N_TRIPLES, to_graph=target)
        try:
            with self.all_or_nothing(f"koopgraph import into <{graph}>"):
                load_overlapped(load, blocks)
        except OSError as e:
            raise StoreError(f"writing the graph <{graph}> failed ({e}); nothing of it was written",
                             hint="Check the free disk space beside the store, then import again.") from e

    def _add_graph(self, blocks: Iterable[bytes], graph: URIRef) -> None:
        # load (unlike bulk_load) is one transaction; parsing in Rust beats converting terms in Python
        self.ox.load(b"".join(blocks), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(graph))

    def dump(self, out, fmt: RdfFormat, graph: URIRef | None = None) -> None:
        if graph is None:
            self.ox.dump(out, format=fmt.ox_format)
        else:
            self.ox.dump(out, format=fmt.ox_format, from_graph=ox.NamedNode(graph))

    def close(self) -> None:
        self.ox.flush()
        self.ox = ClosedStore()
        self.dataset = None
        with self._checkpointing:
            sweep(self.location)  # those still read go at the next start
        self._writer.release()


class CheckpointView(OxigraphBackend):
    """A checkpoint of the embedded store (see :mod:`.checkpoints`), opened read-only and held until closed:
    a query worker's view, or what ``koopgraph query`` reads of a store that a server holds."""

    def __init__(self, held: Held) -> None:
        self._held = held
        self.ox = ox.Store.read_only(str(held.path))
        Store.__init__(self, Dataset(store=OxigraphStore(store=self.ox), default_union=True), str(held.path))

    @classmethod
    def at(cls, path: str) -> CheckpointView:
        held = Held.hold(Path(path))
        if held is None:
            raise StoreError(f"the checkpoint {path} of the store is gone", hint="Try again.")
        return cls(held)

    @classmethod
    def latest(cls, path: Path, in_use: StoreError) -> CheckpointView:
        """The newest checkpoint of the store at ``path``, which another process holds (``in_use``)."""
        note = server_note(path)
        url = note["endpoint"] if note else None
        held = Held.newest(path)
        if held is None:
            raise StoreInUse(f"{in_use.message}, and it has no checkpoint to read",
                             hint=f"Give --store {url} to ask the server, or stop it." if url else in_use.hint)
        view = cls(held)
        made = held.path.with_name(held.path.name + ".lock").stat().st_mtime
        view.notices.append(f"Note: {in_use.message}; reading its latest checkpoint (data as of "
                            f"{_local_time(made)}) read-only"
                            + (f"; --store {url} asks the server itself." if url else "."))
        return view

    def _update(self, sparql: str, base: str | None) -> None:
        raise StoreError("this is a read-only checkpoint of the store",
                         hint="Write through the process that holds the store (e.g. its SPARQL endpoint).")

    def close(self) -> None:
        self.ox = self.dataset = None
        self._held.release()


def _local_time(timestamp: float) -> str:
    return f"{datetime.datetime.fromtimestamp(timestamp):%Y-%m-%d %H:%M:%S}"


def _in_use(path: str) -> StoreInUse:
    note = server_note(path)
    if note is None:
        return StoreInUse(f"the store {path} is in use by another process",
                          hint="Stop it (e.g. `koopgraph serve`) or give another --store.")
    sparql = note["endpoint"]
    return StoreInUse(f"the store {path} is in use by koopgraph serve at {note['url']} (process {note['pid']})",
                      hint=f"Stop the server first, or send updates to {sparql} with its admin token.")


def oxigraph_syntax_error(error: SyntaxError, what: str) -> QuerySyntaxError:
    """A QuerySyntaxError naming the line and column that pyoxigraph reports."""
    message = str(error)
    position = _POSITION.match(message)
    if position is None:
        return QuerySyntaxError(f"not a valid SPARQL {what}: {message}")
    return QuerySyntaxError(f"not a valid SPARQL {what}: {message[position.end():]}",
                            line=int(position.group(1)), column=int(position.group(2)),
                            hint="Check it against SPARQL 1.1 syntax.")
