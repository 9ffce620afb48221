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
from pathlib import Path
from typing import Any

from flask import current_app
from koopgraph.graph.collector import collector_paused
from koopgraph.graph.explore.overview import dataset_description
from koopgraph.graph.netview import kept as plain
from koopgraph.graph.netview import prepared
from koopgraph.graph.netview.clusters import cluster_view, kommunen_count
from koopgraph.graph.netview.large import nested_positions
from koopgraph.graph.netview.view import View, full_view, study_view
from koopgraph.graph.network.cache import NetworkCache
from koopgraph.graph.sparql.engine import QueryEngine
from koopgraph.graph.store.cache import GenerationCache
from koopgraph.graph.store.kept import KeptOnDisk
from werkzeug.exceptions import ServiceUnavailable

from .admission import Admission, TokenLockout

log = logging.getLogger("koopgraph")

# what prepare() computes, and what a page asking for it meanwhile is told
PREPARED = {("study",), ("clusters", None), ("whole",)}
BEING_COMPUTED = ("Das Netzwerk wird berechnet: nach dem Start oder einer Änderung der Daten legt der Server "
                  "es einmal an. Bitte laden Sie die Seite in einigen Sekunden neu.")
PREPARE_RETRY_AFTER = 5

WEB_CODE = Path(__file__).resolve().parent  # its .py files build the answers kept_plain and kept_body keep

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
        self.pages = GenerationCache(store, size=256)      # resource pages' data (see views.resource.page_data)
        self.large = GenerationCache(store, size=64)       # Germany scale: clusters, the whole network
        self.bodies = GenerationCache(store, size=4)       # Germany scale: a whole Land's vis JSON (~20 MB)
        self.views = GenerationCache(store, size=64)       # the study's network: /netzwerk.json per query (~0.2 MB)
        self.on_disk = KeptOnDisk(store)                   # Germany scale: what `large` keeps, across restarts
        # the answers the web's code builds (pages' data, /netzwerk.json): kept for that code too
        self.answers_on_disk = KeptOnDisk(store, also=WEB_CODE)
        self._preparing: threading.Thread | None = None    # prepare() in the background (serve)
        self._ready = threading.Event()                    # set once prepare() is done (kept on disk or computed)
        self.closing = threading.Event()                   # set by close(): the warming of pages stops
        self._whole = threading.Lock()                     # whole_network(): one reader or computer at a time

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
            prepared.STUDY, lambda: study_view(self.store), plain.encode_view, plain.decode_view))

    def small_network(self) -> View:
        """Below Germany scale: the whole network (unplaced), kept per data generation and on disk (a store of
        the study alone laid it out again on every /netzwerk.json: ~3 s each on a busy machine)."""
        return self.large.kept(("small",), lambda: self.on_disk.kept(
            prepared.SMALL, lambda: full_view(self.store), plain.encode_view, plain.decode_view))

    def whole_network(self) -> tuple[View, dict]:
        """The whole network and its nested positions, computed once per data generation.

        The view is shared between requests: callers copy nodes before changing them
        (:func:`koopgraph.graph.netview.large.place_nested` does). One caller at a time computes or reads
        it (~10 MB kept on disk: ~1.4 s to read); the others wait for it instead of doing it again.
        """
        def compute():
            full = full_view(self.store)
            return full, nested_positions(full)

        self._refuse_while_preparing(("whole",))
        with self._whole, collector_paused():   # 12,649 nodes and 20,664 edges read back: 0.25 -> 0.1 s
            return self.large.kept(("whole",), lambda: self.on_disk.kept(
                prepared.WHOLE, compute, plain.encode_placed, plain.decode_placed))

    def clusters(self, group):
        """The cluster view of ``group`` (a Land or Landkreis IRI; None: Germany's Länder) and its trail."""
        name = "clusters-" + hashlib.sha256(str(group).encode()).hexdigest()[:24] if group else prepared.GERMANY
        return self._prepared(("clusters", group), lambda: self.on_disk.kept(
            name, lambda: cluster_view(self.store, group), plain.encode_clusters, plain.decode_clusters))

    def kept_plain(self, name: str, compute: Callable[[], object], check: Callable[[object], object]):
        """A page's plain JSON data, kept per data generation in memory and per data version on disk;
        ``check`` returns a value read from disk if it has the right shape, and raises otherwise."""
        return self.answers.kept((name,), lambda: self.answers_on_disk.kept(name, compute, lambda value: value, check))

    def kept_body(self, key: tuple, compute: Callable[[], bytes], on_disk: bool, large: bool) -> bytes:
        """A serialised JSON answer under ``key``, kept per data generation in memory (``bodies`` at Germany
        scale, else ``views``) and, if ``on_disk``, per data version on disk: the views /netzwerk opens with,
        so that a restart neither places the network nor builds its vis data again (the first
        /netzwerk.json after a restart took 0.26-0.7 s, with ``basis=1`` 11-18 s, ``koopgraph bench-start``)."""
        cache = self.bodies if large else self.views
        if not on_disk:
            return cache.kept(key, compute)
        name = "netzwerk-" + hashlib.sha256(repr(key).encode("utf-8")).hexdigest()[:32]
        return cache.kept(key, lambda: self.answers_on_disk.kept(name, compute, lambda body: body, _json_body,
                                                                 raw=True))

    def prepare(self, say: Callable[[str], None] = lambda text: None) -> bool:
        """At Germany scale, have Germany's clusters and the whole placed network now, so that no visitor
        of /netzwerk waits for them later (computed: with the base layer ~25 s on a busy 2-core machine);
        whether the store is large. The whole network kept on disk for this data version is only looked
        at here (its header), not read: the first request that needs it reads it (~1.4 s for 10 MB)."""
        if not self.is_large():
            self.small_network()
            return False
        if self.holds_study():  # /netzwerk starts with the study's network: have it ready too
            self.study_network()
        self.clusters(None)
        if not self.on_disk.holds(prepared.WHOLE):
            say("koopgraph: Germany scale: preparing the whole network for /netzwerk …")
            self.whole_network()
        return True

    def views_to_prepare(self) -> list[str]:
        """The names of the views :meth:`prepare` has (computed or kept on disk)."""
        if not self.is_large():
            return [prepared.SMALL]
        return [prepared.STUDY] * self.holds_study() + [prepared.GERMANY, prepared.WHOLE]

    def prepare_in_background(self, say: Callable[[str], None] = lambda text: None,
                              warm: Callable[[], None] = lambda: None, in_child: bool = False) -> threading.Thread:
        """Run :meth:`prepare` in a thread of its own, so that the server answers at once; until it has
        computed a view, the pages that need it answer 503 "wird berechnet" instead of computing it too.
        Then the server is ready (``/bereit``), and the thread goes on with ``warm`` (serve asks the first
        pages once, so that their answers are kept before a visitor comes). A whole network kept on disk
        is not read here: reading it holds the GIL ~1.4 s, which made every first page meanwhile wait
        (measured: /netzwerk.json 1.2–2 s instead of ~0.15 s); the request that needs it reads it.

        With ``in_child`` (serve, on an embedded store) the views not yet kept are computed by a child
        process of low priority (:mod:`koopgraph.graph.netview.prepared`), so that the computation does
        not hold this process's GIL while requests wait; if that fails, this thread computes them."""
        def run():
            started = time.perf_counter()
            try:
                if in_child:
                    missing = [name for name in self.views_to_prepare() if not self.on_disk.holds(name)]
                    if missing:
                        say("koopgraph: preparing the network for /netzwerk in a child process …")
                        prepared.prepare_in_child(self.store, missing)
                self.prepare(say)
                self._ready.set()
                say(f"koopgraph: ready ({time.perf_counter() - started:.1f} s after the start of the preparation)")
                warm()
            except Exception as e:  # noqa: BLE001 — a page that needs the view computes it and shows the error
                log.warning("koopgraph: preparing the network failed (%s); pages compute it when asked", e)
            finally:
                self._ready.set()

        self._ready.clear()
        self._preparing = threading.Thread(target=run, name="koopgraph-prepare", daemon=True)
        self._preparing.start()
        return self._preparing

    def refuse_until_prepared(self) -> None:
        """503 "wird berechnet" while the background preparation has yet to compute the views (or to find
        them kept on disk) or the query workers are starting; nothing once both are done (or none runs)."""
        if (self._preparing is not None and not self._ready.is_set()) or self.engine.starting():
            raise ServiceUnavailable(description=BEING_COMPUTED, retry_after=PREPARE_RETRY_AFTER)

    def _prepared(self, key: tuple, compute: Callable[[], object]):
        """The value under ``key`` in ``large``; 503 while the background preparation has yet to compute it."""
        self._refuse_while_preparing(key)
        return self.large.kept(key, compute)

    def _refuse_while_preparing(self, key: tuple) -> None:
        preparing = self._preparing
        if (preparing is not None and not self._ready.is_set() and threading.current_thread() is not preparing
                and key in PREPARED and not self.large.has(key)):
            raise ServiceUnavailable(description=BEING_COMPUTED, retry_after=PREPARE_RETRY_AFTER)

    def close(self) -> None:
        """Stop the warming of pages and the query engine's worker processes (the store is closed by whoever
        opened it; a page still computing then answers 503)."""
        self.closing.set()
        self.engine.close()


def _json_body(body: bytes) -> bytes:
    """A kept body as read from disk (its checksum matched), if it is a serialised JSON object; else ValueError."""
    if not (body.startswith(b"{") and body.rstrip().endswith(b"}")):
        raise ValueError("not a serialised JSON object")
    return body


def services() -> Services:
    """The services of the app handling the current request."""
    return current_app.koopgraph_services
