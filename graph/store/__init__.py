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

from pathlib import Path

from ..errors import StoreError
from ..settings import default_store_path
from .base import Store, never_fetch_graphs, ox_result
from .endpoint import EndpointBackend
from .load import load_study_dataset
from .memory import MemoryBackend
from .oxigraph import OxigraphBackend


def open_store(spec: str | None = None, *, update_endpoint: str | None = None,
               empty: bool = False) -> Store:
    """Open the store that ``spec`` names; a new local store gets the study dataset.

    ``spec`` is a directory (default: the user data dir), ``memory`` or an
    http(s) URL. ``empty=True`` keeps a new store empty. A new embedded store also gets the
    official base layer (data/gebiet/, ~205k triples); a ``memory`` store, meant for tests and
    small files, gets the study alone (the base layer would take ~30 s and ~400 MB in rdflib).
    Raises StoreError.
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
        load_study_dataset(store, base_layer=store.kind != "memory")
    return store


__all__ = ["EndpointBackend", "MemoryBackend", "OxigraphBackend", "Store", "never_fetch_graphs",
           "open_store", "ox_result"]
