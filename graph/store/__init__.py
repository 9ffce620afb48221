"""The store room: one backend interface, a registry, and three backends chosen by a store spec.

- a directory path: the embedded Oxigraph store on disk (:mod:`.oxigraph`);
- ``memory``: Oxigraph in memory (:mod:`.memory`);
- an ``http(s)://`` URL: a SPARQL 1.1 endpoint (:mod:`.endpoint`, the one HTTP client).

Every backend answers queries over the union of all named graphs by default, evaluates a
query over a chosen dataset (:class:`QueryDataset`) as lazy :class:`Solutions`, runs updates
and tells a query worker how to open a view of its own (:class:`ViewRecipe`); see
:mod:`.base` for the interface and the registry.

>>> store = open_store("memory", empty=True)
>>> store.kind, len(store)
('memory', 0)

The room also holds loading (``load``), the term conversion between pyoxigraph and rdflib
(``terms``), caches keyed by the store's data generation (``cache``) and source tables read
row by row with file, line and column for errors (``tables``, used by data/build and imports).
It may import the ground floor of :mod:`koopgraph.graph` (errors, formats, settings, bind) and
:mod:`koopgraph.ontology` (which files to load), nothing above it.
"""

from __future__ import annotations

from ..errors import StoreError, StoreInUse
from ..settings import default_store_path
from .base import QueryDataset, Store, ViewRecipe, backend_for, never_fetch_graphs, open_view, register
from .endpoint import EndpointBackend
from .load import load_study_dataset
from .memory import MemoryBackend
from .oxigraph import OxigraphBackend
from .solutions import Solutions


def open_store(spec: str | None = None, *, update_endpoint: str | None = None,
               empty: bool = False, read_only: bool = False) -> Store:
    """Open the store that ``spec`` names; a new local store gets the study dataset.

    ``spec`` is a directory (default: the user data dir), ``memory`` or an
    http(s) URL. ``empty=True`` keeps a new store empty. A new embedded store also gets the
    official base layer (data/gebiet/, ~205k triples); a ``memory`` store, meant for tests and
    small files, gets the study alone (tests stay small and fast). ``read_only=True``: if
    another process (a server) holds the embedded store, read its latest checkpoint instead
    (``store.notices`` says so). Raises StoreError.
    """
    spec = spec or default_store_path()
    backend = backend_for(spec)
    if update_endpoint and not backend.remote:
        raise StoreError("--update-endpoint only applies to a remote SPARQL store",
                         hint="Give an http(s):// URL as --store, or drop --update-endpoint.")
    never_fetch_graphs()
    try:
        store = backend.open(spec, update_endpoint)
    except StoreInUse as e:
        if not read_only:
            raise
        return backend.open_latest_checkpoint(spec, e)
    if store.is_new and not empty:
        load_study_dataset(store, base_layer=store.kind != "memory")
    return store


__all__ = ["EndpointBackend", "MemoryBackend", "OxigraphBackend", "QueryDataset", "Solutions", "Store",
           "ViewRecipe", "backend_for", "never_fetch_graphs", "open_store", "open_view", "register"]
