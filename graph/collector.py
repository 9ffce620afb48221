"""Python's cyclic garbage collector paused while a large result is built.

Each of its full collections walks every object alive; while hundreds of thousands of terms, triples or
dicts are built in one go (an import of 50,000 rows, the network of Germany as vis data), those passes took
a third to a half of the time. What is built there makes no garbage that only the collector frees.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager


@contextmanager
def collector_paused():
    """The collector off inside, on again afterwards (whatever happened), unless it was off before.

    Process-wide: in a server a second thread's pause ends with the first, and what any thread makes
    meanwhile is collected once it is on again. Usable as a decorator (``@collector_paused()``)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()
