"""The query workers' forkserver (:mod:`.workers`), startable before anything heavy is imported.

Workers are forked from a forkserver that has imported the worker module once (rdflib and
pyoxigraph, ~0.45 s on a quiet machine, 1–1.5 s on a busy one). Started with the pool, after the
app was made, those imports kept the first query after a start waiting; started first of all
(``koopgraph serve``: :mod:`koopgraph.web.launch`), they run beside the server's own start-up on the
other core. This module imports only the standard library, so that starting it costs nothing.
"""

from __future__ import annotations

import multiprocessing
from multiprocessing import forkserver

START_METHOD = "forkserver"
WORKER_MODULE = "koopgraph.graph.sparql.workers"


def worker_context():
    """The workers' start method, its forkserver preloading the worker module."""
    context = multiprocessing.get_context(START_METHOD)
    context.set_forkserver_preload([WORKER_MODULE])
    return context


def start_forkserver() -> None:
    """Start the forkserver now (it goes on importing in the background); a pool made later uses it."""
    worker_context()
    forkserver.ensure_running()
