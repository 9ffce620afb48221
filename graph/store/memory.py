"""rdflib's in-memory Dataset, for tests and small files."""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import Dataset, URIRef

from .base import Store, never_fetch_graphs
from .terms import to_rdflib


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
