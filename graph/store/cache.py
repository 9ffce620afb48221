"""Values computed from a store's data, kept while that data stays the same.

The key is the store's data generation (:attr:`koopgraph.graph.store.Store.generation`)
plus the caller's own key; the first write through the store makes everything kept
stale. A remote SPARQL endpoint can change through others, which the generation
cannot see: for such stores nothing is kept. Used for the analysis results
(:class:`koopgraph.graph.network.cache.NetworkCache`) and for the aggregated and
the large network views of /netzwerk.

>>> from koopgraph.graph.store import open_store
>>> store = open_store("memory", empty=True)
>>> cache = GenerationCache(store)
>>> cache.kept("n", lambda: len(store)), cache.kept("n", lambda: -1)
(0, 0)
>>> store.update("INSERT DATA { GRAPH <urn:x:g> { <urn:x:a> <urn:x:p> 1 } }")
>>> cache.kept("n", lambda: len(store))
1
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

from . import plain


class GenerationCache:
    """Values of ``store``'s current data under a key; at most ``size`` entries (least recent go first)."""

    def __init__(self, store, size: int = 32) -> None:
        self.store = store
        self.size = size
        self.hits = self.misses = self.waits = 0
        self._generation = -1
        self._entries: OrderedDict[Hashable, object] = OrderedDict()
        self._computing: dict[tuple, tuple[threading.Thread, threading.Event]] = {}  # (generation, key) -> who, done
        self._lock = threading.Lock()

    def kept(self, key: Hashable, compute: Callable[[], object]):
        """The value under ``key`` for the store's current data, computed (outside the lock) if not kept.
        One thread computes a key at a time: another asking meanwhile waits for that value instead of
        computing it too (a visitor's first /analyse while the server's warming computed it: both
        computed, 1.7 s instead of the rest of the one computation)."""
        if self.store.remote:  # others may write: nothing is kept
            return compute()
        generation = self.store.generation
        found, running = self._look_up(key, generation)
        while running is not None:
            with self._lock:
                self.waits += 1
            running.wait()
            found, running = self._look_up(key, generation)
        if found is not _MISSING:
            return found
        try:
            value = compute()
            with self._lock:
                if generation == self._generation:  # not if the data changed while computing
                    self._entries[key] = value
                    while len(self._entries) > self.size:
                        self._entries.popitem(last=False)
        finally:
            with self._lock:
                who, done = self._computing.get((generation, key), (None, None))
                if who is threading.current_thread():
                    del self._computing[(generation, key)]
                    done.set()
        return value

    def _look_up(self, key: Hashable, generation: int) -> tuple[object, threading.Event | None]:
        """(the kept value or _MISSING, None), or (_MISSING, the event another thread computing it sets);
        if neither, this thread is recorded as computing it (unless it already is: a computation asking for
        its own key computes it again rather than waiting for itself)."""
        with self._lock:
            if generation > self._generation:
                self._entries.clear()
                self._generation = generation
            if key in self._entries:
                self.hits += 1
                self._entries.move_to_end(key)
                return self._entries[key], None
            who, done = self._computing.get((generation, key), (None, None))
            if who is not None and who is not threading.current_thread():
                return _MISSING, done
            self.misses += 1
            if who is None:
                self._computing[(generation, key)] = (threading.current_thread(), threading.Event())
            return _MISSING, None

    def computed_elsewhere(self, key: Hashable) -> bool:
        """Is another thread computing the value under ``key`` for the store's current data right now?"""
        with self._lock:
            who, _ = self._computing.get((self.store.generation, key), (None, None))
            return who is not None and who is not threading.current_thread()

    def has(self, key: Hashable) -> bool:
        """Is a value for the store's current data kept under ``key``?"""
        with self._lock:
            return self._generation == self.store.generation and key in self._entries


_MISSING = object()


class KeptAnswer:
    """A query answer read once: its rows (SELECT) or its boolean (ASK), for iterating again."""

    def __init__(self, result=None, **fields) -> None:
        if result is not None:  # else ``fields`` as read back from disk (:func:`.plain.decode_answer`)
            fields = {"type": result.type, "askAnswer": result.askAnswer if result.type == "ASK" else None,
                      "vars": list(result.vars or ()) if result.type == "SELECT" else [],
                      "rows": list(result) if result.type == "SELECT" else []}
        self.type, self.askAnswer, self.vars, self.rows = (fields["type"], fields["askAnswer"], fields["vars"],
                                                           fields["rows"])

    def __iter__(self):
        return iter(self.rows)


class KeptAnswers:
    """``store``'s query answers (SELECT and ASK, not graphs), kept in ``cache`` per data generation,
    and with ``on_disk`` (a :class:`.kept.KeptOnDisk`) also per data version across restarts.

    For pages that ask the same queries again and again: a list and its facet counts while a
    reader pages, sorts and comes back, and the first of them after a restart.
    """

    def __init__(self, store, cache: GenerationCache, on_disk=None) -> None:
        self.store = store
        self.cache = cache
        self.on_disk = on_disk
        self.kind = store.kind

    def query(self, sparql: str, bindings=None) -> KeptAnswer:
        key = ("answer", sparql, tuple(sorted((bindings or {}).items())))
        return self.cache.kept(key, lambda: self._answer(key, sparql, bindings))

    def _answer(self, key: tuple, sparql: str, bindings) -> KeptAnswer:
        def compute():
            return KeptAnswer(self.store.query(sparql, bindings))

        if self.on_disk is None:
            return compute()
        name = "answer-" + hashlib.sha256(repr(key).encode("utf-8")).hexdigest()[:32]
        return self.on_disk.kept(name, compute, plain.encode_answer,
                                 lambda kept: KeptAnswer(**plain.decode_answer(kept)))
