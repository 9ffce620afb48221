"""Projections, measures and county profiles of one store, kept while its data stays the same.

Building a projection reads the whole network (three queries and a pass in
Python, some 150–300 ms on the study dataset); every analysis request needs
one or two. :class:`NetworkCache` keeps them under the store's data
generation (:attr:`koopgraph.graph.store.Store.generation`) and the request's
options (projection, measure, analysis options), so a request after the first
costs only the lookup; the first write through the store empties the cache.

A remote SPARQL endpoint can change through others, which the generation
cannot see: for such stores nothing is kept and every call computes afresh.

Cached graphs are frozen (:func:`networkx.freeze`): a caller that tries to add
or remove a node or edge gets an error instead of changing what others see.

>>> from koopgraph.graph.store import open_store
>>> store = open_store("memory", empty=True)
>>> cache = NetworkCache(store)
>>> before = cache.project(Projection())
>>> cache.project(Projection()) is before
True
>>> store.update("INSERT DATA { GRAPH <urn:x:g> { <urn:x:a> <urn:x:p> 1 } }")
>>> cache.project(Projection()) is before
False
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

from ..store.cache import GenerationCache
from .metrics import AnalysisOptions, MetricResult, metric_table, run_metric
from .paths import PATH_RELATIONS, ScalingPaths, path_projection, scaling_up_paths
from .position import NUMERIC_DEFAULT, structure_vs_position
from .profiles import CountyProfile, county_profiles
from .projection import NetworkData, Projection, project

DEFAULT_SIZE = 64  # entries; a projection of the study dataset holds some 200 nodes and 340 edges


class NetworkCache:
    """Analysis results of ``store``, each kept under (data generation, its options).

    ``size`` bounds the number of entries (least recently used go first).
    ``hits`` and ``misses`` count lookups, for tests and benchmarks.
    """

    def __init__(self, store, size: int = DEFAULT_SIZE) -> None:
        self.store = store
        self._values = GenerationCache(store, size)

    @property
    def hits(self) -> int:
        return self._values.hits

    @property
    def misses(self) -> int:
        return self._values.misses

    def data(self) -> NetworkData:
        """The store's edge records and node facts."""
        return self._kept(("data",), lambda: NetworkData.read(self.store))

    def project(self, projection: Projection = Projection()):
        """The frozen networkx graph of ``projection`` (see :func:`koopgraph.graph.network.projection.project`)."""
        import networkx as nx

        return self._kept(("projection", projection),
                          lambda: nx.freeze(project(self.store, projection, data=self.data())))

    def metric(self, projection: Projection, name: str, options: AnalysisOptions = AnalysisOptions()) -> MetricResult:
        """One measure on the projection (see :func:`koopgraph.graph.network.metrics.run_metric`)."""
        return self._kept(("metric", projection, name, options),
                          lambda: run_metric(name, self.project(projection), options))

    def metric_table(self, projection: Projection, names, options: AnalysisOptions = AnalysisOptions(),
                     top: int | None = None):
        """The ranked table of measures (see :func:`koopgraph.graph.network.metrics.metric_table`)."""
        return metric_table(self.project(projection), names, options, top, run=self._runner(projection))

    def structure_vs_position(self, projection: Projection, metrics=NUMERIC_DEFAULT,
                              options: AnalysisOptions = AnalysisOptions()) -> list[dict]:
        """Measures by structural group (see :mod:`koopgraph.graph.network.position`)."""
        return structure_vs_position(self.project(projection), metrics, options, run=self._runner(projection))

    def county_profiles(self) -> list[CountyProfile]:
        """Every Landkreis's profile (see :mod:`koopgraph.graph.network.profiles`)."""
        return self._kept(("profiles",), lambda: county_profiles(self.store, data=self.data()))

    def scaling_up_paths(self, start: str, relations: tuple[str, ...] = PATH_RELATIONS) -> ScalingPaths:
        """The paths from ``start`` upward, on the cached directed projection (the paths are not kept)."""
        graph = self.project(path_projection(relations))
        return scaling_up_paths(self.store, start, relations, graph=graph, whole=self.project(Projection()))

    def _runner(self, projection: Projection):
        return lambda name, graph, options: self.metric(projection, name, options)

    def _kept(self, key: Hashable, compute: Callable):
        """The value under ``key`` for the store's current data, computed if not kept (outside the
        lock: two first requests for the same key may both compute it; the answers are equal)."""
        return self._values.kept(key, compute)
