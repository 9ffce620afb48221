"""The embedded Oxigraph store on disk (the default backend), used through oxrdflib."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox
from oxrdflib import OxigraphStore
from rdflib import Dataset, URIRef
from rdflib.query import Result

from ..bind import has_dataset_clause
from ..errors import StoreError, StoreInUse
from ..formats import RdfFormat
from .base import Store, ox_result
from .checkpoints import Held, WriterLock, make_checkpoint, server_note, sweep, write_server_note
from .files import LINE_FORMATS, MAX_LINE_BYTES, has_bom, without_bom
from .journal import begin_load, finish_load, recover_interrupted_load


class OxigraphBackend(Store):
    """The embedded Oxigraph store on disk, used through oxrdflib.

    Opening it takes the store's writer lock and first undoes a load that was cut off
    (see :mod:`.journal`; ``notices`` then says so). ``created`` tells whether the
    directory was new or empty.
    """

    kind = "oxigraph"

    def __init__(self, path: str) -> None:
        try:
            self._writer = WriterLock(path)
        except OSError as e:
            raise _in_use(path) from e
        undone = recover_interrupted_load(path)
        self.created = not Path(path).exists() or not any(Path(path).iterdir())
        Path(path).mkdir(parents=True, exist_ok=True)
        super().__init__(self._open(path), path)
        self.notices += [undone] if undone else []
        self._checkpoint: tuple[int, Path] | None = None  # (generation, checkpoint of it)
        self._checkpointing = threading.Lock()

    def _open(self, path: str) -> Dataset:
        try:
            self.ox = ox.Store(path)
        except OSError as e:
            self._writer.release()
            if "lock" in str(e).lower():
                raise _in_use(path) from e
            raise StoreError(f"cannot open the store at {path}: {e}") from e
        return Dataset(store=OxigraphStore(store=self.ox), default_union=True)

    @contextmanager
    def all_or_nothing(self, what: str):
        """Hold while a load writes ``what``: if it fails or is killed, the store is as before it."""
        new_store = self.created and self.is_empty()
        begin_load(self.ox, self.location, what, new_store=new_store)
        try:
            with self._writing():
                yield
                self.ox.flush()
        except BaseException:
            self._undo_load()
            raise
        finish_load(self.location)
        self.created = False

    def _undo_load(self) -> None:
        """Put back the store as it was before the load, now (the next opener would otherwise)."""
        self.ox = self.dataset = None
        gc.collect()  # rdflib's objects hold the handle in cycles; RocksDB closes with the last one
        recover_interrupted_load(self.location)
        Path(self.location).mkdir(parents=True, exist_ok=True)
        self.dataset = self._open(self.location)

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
    def serving(self, url: str):
        """Make the first checkpoint (so other commands can read the store at once) and say who holds it."""
        self.checkpoint()
        note = write_server_note(self.location, url)
        try:
            yield
        finally:
            note.unlink(missing_ok=True)

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
        if fmt.ox_format in LINE_FORMATS and not _mentions_blank_nodes(path):
            for chunk in _line_blocks(path, _BULK_CHUNK_BYTES):
                self.ox.bulk_load(chunk, format=fmt.ox_format, to_graph=target)
        elif has_bom(path):
            with without_bom(path) as stream:
                self.ox.bulk_load(stream, format=fmt.ox_format, to_graph=target)
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
        with self._checkpointing:
            sweep(self.location)  # those still read go at the next start
        self._writer.release()

class CheckpointView(OxigraphBackend):
    """A checkpoint of the embedded store (see :mod:`.checkpoints`), opened read-only and held until closed."""

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

    def _update(self, sparql: str) -> None:
        raise StoreError("this is a read-only checkpoint of the store",
                         hint="Write through the process that holds the store (e.g. its /sparql endpoint).")

    def close(self) -> None:
        self.ox = self.dataset = None
        self._held.release()


def _in_use(path: str) -> StoreInUse:
    note = server_note(path)
    if note is None:
        return StoreInUse(f"the store {path} is in use by another process",
                          hint="Stop it (e.g. `koopgraph serve`) or give another --store.")
    sparql = note["url"].rstrip("/") + "/sparql"
    return StoreInUse(f"the store {path} is in use by koopgraph serve at {note['url']} (process {note['pid']})",
                      hint=f"Stop the server first, or send updates to {sparql} with its admin token.")


_BULK_CHUNK_BYTES = 6 << 20  # ~50k lines; measured at M: 50k lines 6.3 s, 100k 6.4 s, 200k 7.2 s, 400k 7.9 s


def _line_blocks(path: Path, size: int) -> Iterator[bytes]:
    """The file in blocks of about ``size`` bytes that end at a line end (N-Triples / N-Quads
    statements are one line each). Reading blocks, not lines, keeps Python out of the way of the
    bulk loader: 3-7 % faster at M than joining 50,000 lines. A line over MAX_LINE_BYTES (checked
    before loading, see :func:`.files.refuse_long_lines`) stops it rather than filling memory."""
    rest = b""
    with without_bom(path) as stream:
        while block := stream.read(size):
            block = rest + block
            cut = block.rfind(b"\n") + 1
            rest = block[cut:]
            if len(rest) > MAX_LINE_BYTES:
                raise ValueError(f"{path}: a line is longer than {MAX_LINE_BYTES} bytes")
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
