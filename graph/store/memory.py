"""An in-memory store: Oxigraph without a directory, for tests, small files and notebooks.

The same engine as the embedded store on disk, so a query means the same on both; the
data are gone when the store is closed. Query workers get a copy as N-Quads.
"""

from __future__ import annotations

import pyoxigraph as ox
from oxrdflib import OxigraphStore
from rdflib import Dataset

from .base import Store, ViewRecipe, register
from .oxigraph import OxigraphBackend


@register
class MemoryBackend(OxigraphBackend):
    """Oxigraph in memory (spec ``memory``)."""

    kind = "memory"
    catch_all = False
    loads_while_checking = False

    def __init__(self) -> None:
        self.ox = ox.Store()
        Store.__init__(self, Dataset(store=OxigraphStore(store=self.ox), default_union=True), "memory")

    @classmethod
    def accepts(cls, spec: str) -> bool:
        return spec == "memory"

    @classmethod
    def open(cls, spec: str, update_endpoint: str | None = None) -> Store:
        store = cls()
        store.is_new = True
        return store

    @classmethod
    def open_view(cls, recipe: ViewRecipe) -> Store:
        view = cls()
        # parse + extend keeps blank node labels (load and bulk_load rename them), so a worker
        # names blank nodes as the server's store does
        view.ox.extend(ox.parse(recipe.nquads, format=ox.RdfFormat.N_QUADS))
        return view

    def view_recipe(self) -> ViewRecipe:
        return ViewRecipe(self.kind, self.location, self.ox.dump(format=ox.RdfFormat.N_QUADS))

    def flush(self) -> None:
        """Nothing to write: the data live in memory."""

    # Nothing on disk: no checkpoints for other processes, no journal (a load that is cut off
    # dies with the process and its data), no note for other commands.
    checkpoint = Store.checkpoint
    all_or_nothing = Store.all_or_nothing
    add_graph = Store.add_graph   # one transaction (Store.load): no journal here to undo a bulk load
    serving = Store.serving

    def close(self) -> None:
        self.dataset = None
        self.ox = None
