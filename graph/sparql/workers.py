"""A pool of query worker processes that can be killed when a query runs too long.

Neither pyoxigraph nor rdflib can be interrupted inside a running query, so
queries run in separate processes: a query that outlives its time limit is
stopped by killing its worker, which is then replaced; the server itself and
the other workers keep answering. Each worker holds its own view of the store
(see :meth:`koopgraph.graph.store.Store.view_recipe`): the embedded Oxigraph store opened
read-only beside the server's read-write handle, or a copy of an in-memory store.
Views are re-opened when the store's data generation (``Store.generation``) has
moved on since they were opened, i.e. after any write through the store.

Workers are started from a ``forkserver`` (a clean single-threaded process),
never forked from the multi-threaded web server.
"""

from __future__ import annotations

import logging
import multiprocessing
import queue
import threading
import time
import traceback
from contextlib import contextmanager

from ..errors import KoopgraphError, QueryTimeout, StoreError
from ..store import Store, ViewRecipe, never_fetch_graphs, open_view
from .execution import QueryAnswer, QueryRequest, execute
from .sandbox import describe, enter_network_sandbox

_START_METHOD = "forkserver"
log = logging.getLogger("koopgraph")


def worker_main(connection) -> None:
    """A worker's loop: ("open", recipe) replaces its view, ("query", request, timeout) answers.

    First of all the worker gives up the network (:mod:`koopgraph.graph.sparql.sandbox`); an
    "open" is answered with the reason why it could not, or None.
    """
    no_wall = enter_network_sandbox()
    never_fetch_graphs()
    view = None
    while True:
        try:
            message = connection.recv()
        except (EOFError, OSError):
            return  # the server has gone
        try:
            if message[0] == "open":
                if view is not None:
                    view.close()
                view = open_view(message[1])
                connection.send(("ok", no_wall))
            else:
                connection.send(("answer", execute(view, message[1])))
        except KoopgraphError as e:
            connection.send(("error", e))
        except Exception:  # a bug, not a user error: the server reports it as one
            connection.send(("crash", traceback.format_exc()))


class Worker:
    """One worker process and the server's end of its pipe."""

    def __init__(self, context) -> None:
        self.connection, child = context.Pipe()
        self.process = context.Process(target=worker_main, args=(child,), daemon=True,
                                       name="koopgraph-query-worker")
        self.process.start()
        child.close()
        self.generation = None

    def call(self, message, timeout: float | None):
        """Send ``message``; the reply, or None if none came within ``timeout`` seconds."""
        self.connection.send(message)
        if not self.connection.poll(timeout):
            return None
        return self.connection.recv()

    def kill(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.connection.close()


class WorkerPool:
    """``size`` query workers over one store; ``run`` answers a query or stops it at its limit."""

    def __init__(self, store: Store, size: int) -> None:
        self.store = store
        self.size = size
        self._context = multiprocessing.get_context(_START_METHOD)
        self._context.set_forkserver_preload(["koopgraph.graph.sparql.workers"])
        self._idle: queue.Queue[Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._recipe: tuple[int, ViewRecipe] | None = None  # (store generation, recipe)
        self._all: set[Worker] = set()
        self._walls_told: set[str | None] = set()
        for _ in range(size):
            self._add_worker()

    @contextmanager
    def changing_data(self):
        """Hold while the store is written: no view opens meanwhile.

        The write moves the store's generation on, so every view re-opens before its next query.
        """
        with self._lock:
            yield

    def run(self, request: QueryRequest, timeout: float) -> QueryAnswer:
        """Answer ``request`` in a worker; QueryTimeout if it runs longer than ``timeout`` seconds."""
        worker = self._take(timeout)
        try:
            self._open_current(worker)
            started = time.monotonic()
            reply = worker.call(("query", request), timeout)
        except (EOFError, OSError) as e:
            self._replace(worker)
            raise StoreError("the query worker stopped unexpectedly; the query was not answered") from e
        if reply is None:
            self._replace(worker)
            raise QueryTimeout(f"the query was stopped after {time.monotonic() - started:.1f} s "
                               f"(time limit {timeout:g} s)",
                               hint="Narrow it down (more specific patterns, a LIMIT) and try again.")
        self._idle.put(worker)
        return _unpack(reply)

    def _take(self, timeout: float) -> Worker:
        try:
            return self._idle.get(timeout=timeout)
        except queue.Empty:
            raise QueryTimeout(f"all {self.size} query workers stayed busy for {timeout:g} s",
                               hint="Try again shortly.") from None

    def _open_current(self, worker: Worker) -> None:
        with self._lock:  # no update runs while a view opens
            generation = self.store.generation
            if worker.generation == generation:
                return
            if self._recipe is None or self._recipe[0] != generation:
                self._recipe = (generation, self.store.view_recipe())
            no_wall = _unpack(worker.call(("open", self._recipe[1]), None))
            worker.generation = generation
            if no_wall not in self._walls_told:  # one log line per distinct state, not per worker
                self._walls_told.add(no_wall)
                log.log(logging.INFO if no_wall is None else logging.WARNING, describe(no_wall, "the query workers"))

    def _add_worker(self) -> None:
        worker = Worker(self._context)
        self._all.add(worker)
        self._idle.put(worker)

    def _replace(self, worker: Worker) -> None:
        worker.kill()
        self._all.discard(worker)
        self._add_worker()

    def close(self) -> None:
        for worker in list(self._all):
            worker.kill()
        self._all.clear()


def _unpack(reply):
    kind, value = reply
    if kind == "error":
        raise value
    if kind == "crash":
        raise RuntimeError(f"a query worker failed:\n{value}")
    return value
