"""What the app's views share: the query engine, its admission gate and the caches, built once in create_app and closed
on shutdown (``app.koopgraph_services.close()``, called by serve.py and by tests).

Every cache is keyed by the store's data generation, so a write through the store empties it. The
expensive views of Germany scale (the study's network, the whole placed network, cluster views) are
also kept on disk beside an embedded store, per data version (:mod:`koopgraph.graph.store.kept`),
so a restart reads them instead of laying out Germany again; so are /kommunen's list and facet answers
(``KeptAnswers`` with ``on_disk``, web/views/browse.py) and the start page (``kept_plain``).
Views reach the services through :func:`services`; nothing here knows a URL.
"""

from __future__ import annotations

import hashlib
import logging
import math
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any

from flask import current_app
from koopgraph.graph.explore.overview import dataset_description
from koopgraph.graph.netview import kept as plain
from koopgraph.graph.netview.clusters import cluster_view, kommunen_count
from koopgraph.graph.netview.large import nested_positions
from koopgraph.graph.netview.view import View, full_view, study_view
from koopgraph.graph.network.cache import NetworkCache
from koopgraph.graph.sparql.engine import QueryEngine
from koopgraph.graph.store.cache import GenerationCache
from werkzeug.exceptions import ServiceUnavailable
from koopgraph.graph.store.kept import KeptOnDisk

from .admission import Admission, TokenLockout


log = logging.getLogger("koopgraph")

# what prepare() computes, and what a page asking for it meanwhile is told
PREPARED = {("study",), ("clusters", None), ("whole",)}
BEING_COMPUTED = ("Das Netzwerk wird berechnet: nach dem Start oder einer Änderung der Daten legt der Server "
                  "es einmal an. Bitte laden Sie die Seite in einigen Sekunden neu.")
PREPARE_RETRY_AFTER = 5

STUDY_PLACES_EXIST = "ASK { ?n a <https://w3id.org/koopgraph/ontology#Studienkommune> }"


class Services:
    """The query engine and the caches of one app around ``store``."""

    def __init__(self, store, settings: Mapping[str, Any]) -> None:
        self.store = store
        self.settings = settings
        # worker processes start with the first query
        self.engine = QueryEngine(store, timeout=settings["query_timeout"], row_cap=settings["row_cap"],
                                  workers=settings["query_workers"], memory_mb=settings["query_memory_mb"],
                                  download_row_cap=settings["download_row_cap"])
        # the gate in front of the query workers (see koopgraph.web.admission)
        self.admission = Admission(capacity=settings["query_workers"] + settings["query_queue"],
                                   per_client=settings["query_per_client"],
                                   retry_after=math.ceil(settings["query_timeout"]))
        self.token_lockout = TokenLockout()                # wrong admin tokens per address
        self.network = NetworkCache(store)                 # projections, measures, county profiles
        self.answers = GenerationCache(store, size=512)    # /kommunen: list pages and facet counts
        self.large = GenerationCache(store, size=64)       # Germany scale: clusters, the whole network
        self.bodies = GenerationCache(store, size=4)       # Germany scale: a whole Land's vis JSON (~20 MB)
        self.on_disk = KeptOnDisk(store)                   # Germany scale: what `large` keeps, across restarts
        self._preparing: threading.Thread | None = None    # prepare() in the background (serve)

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
        return self._prepared(("study",), lambda: self.on_disk.kept(
            "study-network", lambda: study_view(self.store), plain.encode_view, plain.decode_view))

    def small_network(self) -> View:
        """Below Germany scale: the whole network (unplaced), kept per data generation and on disk (a store of
        the study alone laid it out again on every /netzwerk.json: ~3 s each on a busy machine)."""
        return self.large.kept(("small",), lambda: self.on_disk.kept(
            "small-network", lambda: full_view(self.store), plain.encode_view, plain.decode_view))

    def whole_network(self) -> tuple[View, dict]:
        """The whole network and its nested positions, computed once per data generation.

        The view is shared between requests: callers copy nodes before changing them
        (:func:`koopgraph.graph.netview.large.place_nested` does).
        """
        def compute():
            full = full_view(self.store)
            return full, nested_positions(full)

        return self._prepared(("whole",), lambda: self.on_disk.kept(
            "whole-network", compute, plain.encode_placed, plain.decode_placed))

    def clusters(self, group):
        """The cluster view of ``group`` (a Land or Landkreis IRI; None: Germany's Länder) and its trail."""
        name = "clusters-" + (hashlib.sha256(str(group).encode()).hexdigest()[:24] if group else "germany")
        return self._prepared(("clusters", group), lambda: self.on_disk.kept(
            name, lambda: cluster_view(self.store, group), plain.encode_clusters, plain.decode_clusters))

    def kept_plain(self, name: str, compute: Callable[[], object], check: Callable[[object], object]):
        """A page's plain JSON data, kept per data generation in memory and per data version on disk;
        ``check`` returns a value read from disk if it has the right shape, and raises otherwise."""
        return self.answers.kept((name,), lambda: self.on_disk.kept(name, compute, lambda value: value, check))

    def prepare(self, say: Callable[[str], None] = lambda text: None) -> bool:
        """At Germany scale, have Germany's clusters and the whole placed network now (computed: with the
        base layer ~25 s on a busy 2-core machine; or read as kept on disk for this data version: ~2 s),
        so that no visitor of /netzwerk waits for them later; whether the store is large."""
        if not self.is_large():
            self.small_network()
            return False
        if self.holds_study():  # /netzwerk starts with the study's network: have it ready too
            self.study_network()
        say("koopgraph: Germany scale: preparing the whole network for /netzwerk (or reading it as kept) …")
        self.clusters(None)
        self.whole_network()
        return True

    def prepare_in_background(self, say: Callable[[str], None] = lambda text: None,
                              warm: Callable[[], None] = lambda: None) -> threading.Thread:
        """Run :meth:`prepare` in a thread of its own, so that the server answers at once; until it has
        computed a view, the pages that need it answer 503 "wird berechnet" instead of computing it too.
        Then ``warm`` (serve asks the first pages once, so that their answers are kept before a visitor comes)."""
        def run():
            started = time.perf_counter()
            try:
                if self.prepare(say):
                    say(f"koopgraph: the whole network is ready ({time.perf_counter() - started:.1f} s)")
                warm()
            except Exception as e:  # noqa: BLE001 — a page that needs the view computes it and shows the error
                log.warning("koopgraph: preparing the network failed (%s); pages compute it when asked", e)

        self._preparing = threading.Thread(target=run, name="koopgraph-prepare", daemon=True)
        self._preparing.start()
        return self._preparing

    def refuse_until_prepared(self) -> None:
        """503 "wird berechnet" while the background preparation runs; nothing once it is done (or none runs)."""
        if self._preparing is not None and self._preparing.is_alive():
            raise ServiceUnavailable(description=BEING_COMPUTED, retry_after=PREPARE_RETRY_AFTER)

    def _prepared(self, key: tuple, compute: Callable[[], object]):
        """The value under ``key`` in ``large``; 503 while the background preparation has yet to compute it."""
        preparing = self._preparing
        if (preparing is not None and preparing.is_alive() and threading.current_thread() is not preparing
                and key in PREPARED and not self.large.has(key)):
            raise ServiceUnavailable(description=BEING_COMPUTED, retry_after=PREPARE_RETRY_AFTER)
        return self.large.kept(key, compute)

    def close(self) -> None:
        """Stop the query engine's worker processes (the store is closed by whoever opened it)."""
        self.engine.close()


def services() -> Services:
    """The services of the app handling the current request."""
    return current_app.koopgraph_services
