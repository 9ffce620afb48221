"""What the app's views share: the query engine, its admission gate and the caches, built once in create_app and closed
on shutdown (``app.koopgraph_services.close()``, called by serve.py and by tests).

Every cache is keyed by the store's data generation, so a write through the store empties it.
Views reach the services through :func:`services`; nothing here knows a URL.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

from flask import current_app
from koopgraph.graph.explore.overview import dataset_description
from koopgraph.graph.netview.clusters import cluster_view, kommunen_count
from koopgraph.graph.netview.large import nested_positions
from koopgraph.graph.netview.view import View, full_view, study_view
from koopgraph.graph.network.cache import NetworkCache
from koopgraph.graph.sparql.engine import QueryEngine
from koopgraph.graph.store.cache import GenerationCache

from .admission import Admission, TokenLockout


STUDY_PLACES_EXIST = "ASK { ?n a <https://w3id.org/koopgraph/ontology#Studienkommune> }"


class Services:
    """The query engine and the caches of one app around ``store``."""

    def __init__(self, store, settings: Mapping[str, Any]) -> None:
        self.store = store
        self.settings = settings
        # worker processes start with the first query
        self.engine = QueryEngine(store, timeout=settings["query_timeout"], row_cap=settings["row_cap"],
                                  workers=settings["query_workers"], memory_mb=settings["query_memory_mb"])
        # the gate in front of the query workers (see koopgraph.web.admission)
        self.admission = Admission(capacity=settings["query_workers"] + settings["query_queue"],
                                   per_client=settings["query_per_client"],
                                   retry_after=math.ceil(settings["query_timeout"]))
        self.token_lockout = TokenLockout()                # wrong admin tokens per address
        self.network = NetworkCache(store)                 # projections, measures, county profiles
        self.answers = GenerationCache(store, size=512)    # /kommunen: list pages and facet counts
        self.large = GenerationCache(store, size=64)       # Germany scale: clusters, the whole network
        self.bodies = GenerationCache(store, size=4)       # Germany scale: a whole Land's vis JSON (~20 MB)

    def about(self) -> dict[str, str]:
        """The dataset's description (title, source, licence …), read once per data generation: every
        page's footer and every export names the source."""
        return self.answers.kept(("about",), lambda: dataset_description(self.store)[1])

    def is_large(self) -> bool:
        """Does the store hold more Kommunen than the setting ``network_cluster_above``?"""
        counted = self.large.kept(("kommunen",), lambda: kommunen_count(self.store))
        return counted > self.settings["network_cluster_above"]

    def holds_study(self) -> bool:
        """Does the store hold the study's places (kg:Studienkommune)?"""
        return self.large.kept(("study?",), lambda: bool(self.store.query(STUDY_PLACES_EXIST).askAnswer))

    def study_network(self) -> View:
        """The study's network (without the places only the base layer knows), kept per data generation."""
        return self.large.kept(("study",), lambda: study_view(self.store))

    def whole_network(self) -> tuple[View, dict]:
        """The whole network and its nested positions, computed once per data generation.

        The view is shared between requests: callers copy nodes before changing them
        (:func:`koopgraph.graph.netview.large.place_nested` does).
        """
        def compute():
            full = full_view(self.store)
            return full, nested_positions(full)

        return self.large.kept(("whole",), compute)

    def clusters(self, group):
        """The cluster view of ``group`` (a Land or Landkreis IRI; None: Germany's Länder) and its trail."""
        return self.large.kept(("clusters", group), lambda: cluster_view(self.store, group))

    def prepare(self, say: Callable[[str], None] = lambda text: None) -> bool:
        """At Germany scale, compute Germany's clusters and the whole placed network now (at M about
        2 s and 15 s), so that no visitor of /netzwerk waits for them and no page is slowed by them
        later; whether the store is large."""
        if not self.is_large():
            return False
        if self.holds_study():  # /netzwerk starts with the study's network: have it ready too
            self.study_network()
        say("koopgraph: Germany scale: placing the whole network for /netzwerk once …")
        self.clusters(None)
        self.whole_network()
        return True

    def close(self) -> None:
        """Stop the query engine's worker processes (the store is closed by whoever opened it)."""
        self.engine.close()


def services() -> Services:
    """The services of the app handling the current request."""
    return current_app.koopgraph_services
