"""The engine behind the SPARQL endpoint: safe queries under a time limit, and updates.

Local stores answer queries in killable worker processes (see
:mod:`koopgraph.graph.sparql.workers`); a remote endpoint is asked with an HTTP
timeout. Updates run in the server process, which holds the store
read-write, and make the workers re-open their views (for the embedded store:
a new checkpoint of the data, see :mod:`koopgraph.graph.store.checkpoints`).

>>> from koopgraph.graph.store import open_store
>>> engine = QueryEngine(open_store("memory", empty=True), timeout=10, row_cap=100, workers=1)
>>> engine.update("INSERT DATA { GRAPH <http://x/g> { <http://x/a> <http://x/p> 1 } }")
>>> import json
>>> json.loads(engine.query(QueryRequest("ASK { <http://x/a> ?p 1 }")).body)["boolean"]
True
>>> engine.close()
"""

from __future__ import annotations

import threading
from contextlib import nullcontext
from dataclasses import replace

from ..errors import QuerySyntaxError
from ..store import Store
from .dataset_clause import ProtocolDataset, with_using
from .execution import QueryAnswer, QueryRequest, execute
from .safety import check_update, refuse_absent_protocol_graphs
from .workers import WorkerPool


class QueryEngine:
    """Runs endpoint queries and updates over ``store``.

    ``timeout`` is the time limit per query in seconds, ``row_cap`` the most
    rows (or triples) an answer carries (``download_row_cap`` for a download),
    ``workers`` the number of query worker processes (started on the first query),
    ``memory_mb`` the most memory each of them may use (None: no limit).
    """

    def __init__(self, store: Store, *, timeout: float, row_cap: int | None, workers: int,
                 memory_mb: int | None = None, download_row_cap: int | None = None) -> None:
        self.store = store
        self.timeout = timeout
        self.row_cap = row_cap
        self.download_row_cap = download_row_cap or row_cap
        self.workers = workers
        self.memory_mb = memory_mb
        self._pool: WorkerPool | None = None
        self._starting = threading.Lock()
        self._closed = False  # a start() still on its way (serve starts in a thread) starts nothing then
        self._start_begun = False
        self._started = threading.Event()   # set once start() has the workers up with their views open

    def query(self, request: QueryRequest) -> QueryAnswer:
        """The answer to ``request``; raises QueryTimeout when it is stopped at the limit."""
        request = replace(request, row_cap=self.download_row_cap if request.download else self.row_cap)
        if self.store.remote:
            return execute(self.store, request, timeout=self.timeout)
        return self._worker_pool().run(request, self.timeout)

    def start(self) -> None:
        """Start the query workers, each with its view open, now rather than with the first query (a server
        does while it begins to listen: see :meth:`starting`)."""
        self._start_begun = True
        try:
            if not self.store.remote:
                pool = self._worker_pool(unless_closed=True)
                if pool is not None:
                    pool.open_views()
        finally:
            self._started.set()

    def starting(self) -> bool:
        """True while a :meth:`start` is on its way (a query now waits for the workers)."""
        return self._start_begun and not self._started.is_set()

    def _worker_pool(self, unless_closed: bool = False) -> WorkerPool | None:
        with self._starting:
            if self._pool is None and not (unless_closed and self._closed):
                self._pool = WorkerPool(self.store, self.workers, self.memory_mb)
            return self._pool

    def update(self, sparql: str, dataset: ProtocolDataset = ProtocolDataset(),
               base: str | None = None) -> None:
        """Run an update; ``dataset`` holds the protocol's using-graph-uri parameters.

        ``base`` resolves relative IRIs (the endpoint's URL). The update is checked
        (:mod:`koopgraph.graph.sparql.safety`: LOAD and SERVICE refused, USING and WITH
        only of graphs the store holds) and the checked text is what runs.
        """
        checked = check_update(sparql, self.store, base=base)
        refuse_absent_protocol_graphs(dataset, self.store)
        text = with_using(checked.text, dataset)
        with self._pool.changing_data() if self._pool else nullcontext():
            try:
                self.store.update(text)  # one transaction: readers see the data before it or after it
            except QuerySyntaxError as e:
                raise (e if dataset else checked.located(e)) from e
            self.store.checkpoint()  # now, so that other processes (koopgraph query) read the new data too

    def close(self) -> None:
        """Stop the query workers: after a start still on its way has finished (`serve` starts them in a
        thread; a server stopped meanwhile must not leave workers that the start was opening behind)."""
        with self._starting:
            self._closed = True
        if self._start_begun:
            self._started.wait(60)
        with self._starting:
            if self._pool is not None:
                self._pool.close()
                self._pool = None
