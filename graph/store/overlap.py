"""Bulk-load blocks of N-Triples while the next block is still being written.

pyoxigraph's ``bulk_load`` releases the GIL while it parses, sorts and ingests a block (measured:
Python code ran on alongside it), so the text of the next block can be produced in Python on one
core while Oxigraph loads the last one on the other. Without this, writing the text (~2 CPU s for
the 504,511 triples of 50,000 imported relations) and loading it (~6 CPU s) added up.

>>> loaded = []
>>> load_overlapped(loaded.append, iter([b"a", b"b"]))
>>> loaded
[b'a', b'b']
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from queue import Queue

_DONE = None


def load_overlapped(load: Callable[[bytes], object], blocks: Iterable[bytes]) -> None:
    """Call ``load`` on each of ``blocks`` in a second thread, in order, while the next is produced.

    Raises what ``load`` or the production of ``blocks`` raised (the first of them); either way the
    loading thread has ended when this returns, so the caller can undo the load safely.
    """
    waiting: Queue = Queue(maxsize=1)   # one block waits while one loads: the memory of two blocks
    failures: list[BaseException] = []

    def loader() -> None:
        try:
            while (block := waiting.get()) is not _DONE:
                load(block)
        except BaseException as e:   # handed to the caller's thread, which raises it
            failures.append(e)
            while waiting.get() is not _DONE:   # let the producer finish putting
                pass

    thread = threading.Thread(target=loader, name="koopgraph-bulk-load", daemon=True)
    thread.start()
    try:
        for block in blocks:
            if failures:
                break
            waiting.put(block)
    finally:
        waiting.put(_DONE)
        thread.join()
    if failures:
        raise failures[0]
