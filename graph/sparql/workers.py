"""A pool of query worker processes that can be killed when a query runs too long or too big.

Neither pyoxigraph nor rdflib can be interrupted inside a running query, so
queries run in separate processes: a query that outlives its time limit is
stopped by killing its worker, which is then replaced; the server itself and
the other workers keep answering. A worker may use at most ``memory_mb`` of
memory (``RLIMIT_DATA``: an allocation beyond it fails, which stops pyoxigraph
with an abort and rdflib with a MemoryError); a worker that failed in any way
is replaced, never asked again.

Each worker holds its own view of the store (see
:meth:`koopgraph.graph.store.Store.view_recipe`): for the embedded Oxigraph store a
read-only checkpoint of the current data generation (never the live store, which the
server writes: see :mod:`koopgraph.graph.store.checkpoints`), for an in-memory store a
copy. Views are re-opened when the store's data generation (``Store.generation``) has
moved on since they were opened, i.e. after any write through the store. Workers give up
the network first of all (:mod:`koopgraph.graph.sparql.sandbox`).

Workers are started from a ``forkserver`` (a clean single-threaded process),
never forked from the multi-threaded web server.
"""

from __future__ import annotations

import ctypes
import logging
import os
import queue
import resource
import signal
import threading
import time
import traceback
from contextlib import contextmanager
from multiprocessing import forkserver

from ..errors import KoopgraphError, QueryError, QueryMemoryExceeded, QueryTimeout, StoreError
from ..store import Store, ViewRecipe, never_fetch_graphs, open_view
from .execution import QueryAnswer, QueryRequest, execute
from .forkserver import worker_context
from .sandbox import describe, enter_network_sandbox

# Workers yield the CPU to the server process, so the explorer's pages stay quick while
# queries run (on 2 cores two runaway queries would otherwise take half of it each).
QUERY_WORKER_NICENESS = 10
_PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
_OPEN_SECONDS = 120  # opening a checkpoint takes milliseconds; a worker silent this long is stuck
log = logging.getLogger("koopgraph")


def die_with_parent() -> None:
    """Ask Linux to kill this process when its parent (the forkserver) ends.

    The forkserver ends when the last holder of its "alive" pipe does: the server, however it
    ends (kill -9 too) — once workers let go of their inherited copy, which multiprocessing keeps
    open in every child so that it could start processes of its own (workers never do). Without
    this a worker busy with a runaway query would run on, orphaned, until the query ends — maybe
    never. The standard library has no prctl, hence ctypes; elsewhere than Linux nothing happens.
    """
    alive = getattr(forkserver._forkserver, "_forkserver_alive_fd", None)
    if alive is not None:
        os.close(alive)
        forkserver._forkserver._forkserver_alive_fd = None
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if os.getppid() == 1:  # the parent ended before the request was made
        os._exit(1)


def worker_main(connection, memory_mb: int | None = None) -> None:
    """A worker's loop: ("open", recipe) replaces its view, ("query", request) answers.

    First of all the worker gives up the network (:mod:`koopgraph.graph.sparql.sandbox`); an
    "open" is answered with the reason why it could not, or None.
    """
    die_with_parent()
    no_wall = enter_network_sandbox()
    if memory_mb:
        limit = memory_mb << 20
        resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))
    never_fetch_graphs()
    view = None
    while True:
        try:
            message = connection.recv()
        except (EOFError, OSError):
            return  # the server has gone
        try:
            if message[0] == "open":
                if view is None:
                    # niced once its first view is open: opening is the server's start-up, not a query, and at
                    # niceness 10 on a busy machine it took seconds (3.3 s measured), all of it the first query's wait
                    view = open_view(message[1])
                    os.nice(QUERY_WORKER_NICENESS)
                else:
                    view.close()
                    view = open_view(message[1])
                connection.send(("ok", no_wall))
            else:
                connection.send(("answer", execute(view, message[1])))
        except KoopgraphError as e:
            connection.send(("error", e))
        except MemoryError:
            connection.send(("memory", None))
            os._exit(1)  # the pool replaces this worker; nothing is left to trust in it
        except Exception:  # a bug, not a user error: the server reports it as one
            connection.send(("crash", traceback.format_exc()))


class Worker:
    """One worker process and the server's end of its pipe."""

    def __init__(self, context, memory_mb: int | None) -> None:
        self.connection, child = context.Pipe()
        self.process = context.Process(target=worker_main, args=(child, memory_mb), daemon=True,
                                       name="koopgraph-query-worker")
        self.process.start()
        child.close()
        self.generation = None

    def call(self, message, timeout: float | None):
        """Send ``message``; the reply, or None if none came within ``timeout`` seconds.

        Raises EOFError or OSError if the worker died.
        """
        self.connection.send(message)
        if not self.connection.poll(timeout):
            return None
        return self.connection.recv()

    def exit_code(self) -> int | None:
        """The exit code of a worker that has stopped (negative: the signal), None if it runs."""
        self.process.join(1)
        return self.process.exitcode

    def kill(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.connection.close()


class WorkerPool:
    """``size`` query workers over one store; ``run`` answers a query or stops it at its limits.

    ``memory_mb`` is the most memory one worker may use (None: no limit).
    """

    def __init__(self, store: Store, size: int, memory_mb: int | None = None) -> None:
        self.store = store
        self.size = size
        self.memory_mb = memory_mb
        self._context = worker_context()
        self._idle: queue.Queue[Worker] = queue.Queue()
        self._lock = threading.Lock()
        self._recipe: tuple[int, ViewRecipe] | None = None  # (store generation, recipe)
        self._all: set[Worker] = set()
        self._walls_told: set[str | None] = set()
        self.replaced = 0  # workers replaced after a timeout or a failure
        self._closed = False
        for _ in range(size):
            self._add_worker()

    def open_views(self) -> None:
        """Have every idle worker open the current view now (the server's start), not with its first query."""
        idle = []
        try:
            while True:
                idle.append(self._idle.get_nowait())
        except queue.Empty:
            pass
        for worker in idle:
            try:
                self._open_current(worker)
            except (EOFError, OSError, KoopgraphError):
                self._replace(worker)  # its successor opens its view with its first query
            else:
                self._idle.put(worker)

    @contextmanager
    def changing_data(self):
        """Hold while the store is written: no view opens meanwhile.

        The write moves the store's generation on, so every view re-opens before its next query.
        """
        with self._lock:
            yield

    def run(self, request: QueryRequest, timeout: float) -> QueryAnswer:
        """Answer ``request`` in a worker.

        Raises QueryTimeout past ``timeout`` seconds, QueryMemoryExceeded past the memory limit;
        a worker that failed in any way is replaced.
        """
        worker = self._take(timeout)
        healthy = False
        try:
            self._open_current(worker)
            started = time.monotonic()
            reply = worker.call(("query", request), timeout)
            if reply is None:
                raise QueryTimeout(f"the query was stopped after {time.monotonic() - started:.1f} s "
                                   f"(time limit {timeout:g} s)",
                                   hint="Narrow it down (more specific patterns, a LIMIT) and try again.")
            healthy = reply[0] == "answer" or (reply[0] == "error" and isinstance(reply[1], QueryError))
            return _unpack(reply, self.memory_mb)
        except (EOFError, OSError) as e:
            raise self._failure(worker) from e
        finally:
            if healthy:
                self._idle.put(worker)
            else:
                self._replace(worker)

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
            reply = worker.call(("open", self._recipe[1]), _OPEN_SECONDS)
            if reply is None:
                raise StoreError(f"a query worker did not open the store within {_OPEN_SECONDS} s",
                                 hint="Try again.")
            no_wall = _unpack(reply, self.memory_mb)
            worker.generation = generation
            if no_wall not in self._walls_told:  # one log line per distinct state, not per worker
                self._walls_told.add(no_wall)
                log.log(logging.INFO if no_wall is None else logging.WARNING, describe(no_wall, "the query workers"))

    def _failure(self, worker: Worker) -> KoopgraphError:
        """Why ``worker`` stopped without answering."""
        code = worker.exit_code()
        if code == -signal.SIGABRT:  # pyoxigraph aborts when an allocation fails at the limit
            return memory_exceeded(self.memory_mb)
        log.warning("a query worker stopped unexpectedly (exit code %s)", code)
        return StoreError(f"the query worker stopped unexpectedly (exit code {code}); "
                          "the query was not answered", hint="Try again.")

    def _add_worker(self) -> None:
        if self._closed:   # a replacement asked for while the pool closes would outlive the server
            return
        worker = Worker(self._context, self.memory_mb)
        self._all.add(worker)
        self._idle.put(worker)

    def _replace(self, worker: Worker) -> None:
        worker.kill()
        self._all.discard(worker)
        self.replaced += 1
        self._add_worker()

    def close(self) -> None:
        self._closed = True
        for worker in list(self._all):
            worker.kill()
        self._all.clear()


def memory_exceeded(memory_mb: int | None) -> QueryMemoryExceeded:
    return QueryMemoryExceeded(f"the query needed more than the {memory_mb} MB of memory a query worker "
                               "may use (--query-memory-mb), and was stopped",
                               hint="Narrow it down (more specific patterns, a LIMIT, no ORDER BY over "
                               "large results) and try again.")


def _unpack(reply, memory_mb: int | None):
    kind, value = reply
    if kind == "error":
        raise value
    if kind == "memory":
        raise memory_exceeded(memory_mb)
    if kind == "crash":
        raise RuntimeError(f"a query worker failed:\n{value}")
    return value
