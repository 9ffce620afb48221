"""The store room: one interface over rdflib, with three backends chosen by a store spec.

- a directory path: rdflib on the embedded Oxigraph store (oxrdflib), on disk;
- ``memory``: rdflib's in-memory Dataset;
- an ``http(s)://`` URL: a SPARQL 1.1 endpoint through rdflib's SPARQLUpdateStore.

Every backend answers queries over the union of all named graphs by default.

>>> store = open_store("memory", empty=True)
>>> store.kind, len(store)
('memory', 0)

The room also holds loading (``load``), the term conversion between pyoxigraph and rdflib
(``terms``) and caches keyed by the store's data generation (``cache``). It may import the
ground floor of :mod:`koopgraph.graph` (errors, formats, settings, bind), nothing above it.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from ..errors import StoreError, StoreInUse
from ..settings import default_store_path
from .base import Store, never_fetch_graphs, ox_result
from .checkpoints import Held, server_note
from .endpoint import EndpointBackend
from .load import load_study_dataset
from .memory import MemoryBackend
from .oxigraph import CheckpointView, OxigraphBackend


def open_store(spec: str | None = None, *, update_endpoint: str | None = None,
               empty: bool = False, read_only: bool = False) -> Store:
    """Open the store that ``spec`` names; a new local store gets the study dataset.

    ``spec`` is a directory (default: the user data dir), ``memory`` or an
    http(s) URL. ``empty=True`` keeps a new store empty. ``read_only=True``: if
    another process (a server) holds the embedded store, read its latest
    checkpoint instead (``store.notices`` says so). Raises StoreError.
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
        try:
            store = OxigraphBackend(str(path))
        except StoreInUse as e:
            if not read_only:
                raise
            return latest_checkpoint(path, e)
        is_new = store.created
    if is_new and not empty:
        load_study_dataset(store)
    return store


def latest_checkpoint(path: Path, in_use: StoreInUse) -> Store:
    """The newest checkpoint of the store at ``path``, which another process holds, read-only."""
    note = server_note(path)
    url = f"{note['url'].rstrip('/')}/sparql" if note else None
    held = Held.newest(path)
    if held is None:
        raise StoreInUse(f"{in_use.message}, and it has no checkpoint to read",
                         hint=f"Give --store {url} to ask the server, or stop it." if url else in_use.hint)
    view = CheckpointView(held)
    made = datetime.datetime.fromtimestamp(held.path.with_name(held.path.name + ".lock").stat().st_mtime)
    view.notices.append(f"Note: {in_use.message}; reading its latest checkpoint (data as of "
                        f"{made:%Y-%m-%d %H:%M:%S}) read-only" + (f"; --store {url} asks the server itself."
                                                                  if url else "."))
    return view


__all__ = ["EndpointBackend", "MemoryBackend", "OxigraphBackend", "Store", "never_fetch_graphs",
           "open_store", "ox_result"]
