"""The views a server prepares at Germany scale, computed in a child process of low priority.

Laying out the whole network is Python from end to end (~25 s of CPU with the base layer): in a
thread of the server it holds the GIL, and every other request waits for its turn (measured: a
list page 4.6× slower at scale M). A child process (``nice`` 10) has a GIL of its own, and the OS
gives the server's requests the cores first. It reads a checkpoint of the store (as the query
workers do), writes what it computed as kept results of the data version it was started for
(:mod:`koopgraph.graph.store.kept`), and ends; the server then reads them as after a restart. A
write meanwhile renews the data version: the child then keeps nothing (``KeptOnDisk`` checks the
version before writing), and the server computes the views itself.

The names of the kept views live here, for the server and the child alike.
"""

from __future__ import annotations

import gc
import logging
import os
import subprocess
import sys
from pathlib import Path

from ..store.kept import KeptOnDisk, data_version
from . import kept as plain

STUDY = "study-network"
GERMANY = "clusters-germany"
WHOLE = "whole-network"
SMALL = "small-network"
CHILD_NICENESS = 10

log = logging.getLogger("koopgraph")


class _CheckpointWithVersion:
    """A checkpoint of the store, kept under the data version it was made of (``KeptOnDisk``'s store).

    The version is read from the side folder at every look: once a write has renewed it, the
    child's results are not kept (they would describe data that is gone)."""

    def __init__(self, view, side_folder: Path, version: str) -> None:
        self.view, self.side_folder, self._version = view, side_folder, version

    @property
    def data_version(self) -> str | None:
        return self._version if data_version(self.side_folder) == self._version else None


def views_to_keep(store, names: list[str]) -> None:
    """Compute the views ``names`` of ``store`` (a checkpoint view) unless kept, and keep them."""
    from .clusters import cluster_view
    from .large import nested_positions
    from .view import full_view, study_view

    def whole():
        full = full_view(store.view)
        return full, nested_positions(full)

    recipes = {STUDY: (lambda: study_view(store.view), plain.encode_view, plain.decode_view),
               SMALL: (lambda: full_view(store.view), plain.encode_view, plain.decode_view),
               GERMANY: (lambda: cluster_view(store.view, None), plain.encode_clusters, plain.decode_clusters),
               WHOLE: (whole, plain.encode_placed, plain.decode_placed)}
    on_disk = KeptOnDisk(store)
    for name in names:
        compute, encode, decode = recipes[name]
        if not on_disk.holds(name):
            on_disk.kept(name, compute, encode, decode)


def prepare_in_child(store, names: list[str], timeout: float = 3600) -> bool:
    """Have the views ``names`` of the embedded ``store`` kept on disk, computed by a child process of
    low priority; whether it succeeded (else the caller computes them itself)."""
    version = store.data_version
    if version is None or not names:
        return False
    checkpoint = store.checkpoint()
    command = [sys.executable, "-m", __name__, str(checkpoint), str(store.side_folder), version, *names]
    try:
        done = subprocess.run(command, timeout=timeout, capture_output=True, text=True)
    except (OSError, subprocess.TimeoutExpired) as e:
        log.warning("koopgraph: preparing the network in a child process failed (%s)", e)
        return False
    if done.returncode != 0:
        log.warning("koopgraph: preparing the network in a child process failed: %s",
                    (done.stderr.strip().splitlines() or ["no message"])[-1])
    return done.returncode == 0 and store.data_version == version


def main(arguments: list[str]) -> int:
    """The child: lower its own priority first (no preexec_fn: the server's process has threads). It computes,
    keeps and ends, so Python's cyclic garbage collector stays off: its full collections walked every node,
    edge and term built so far (the whole network of Germany: 2.44 -> 2.05 s)."""
    os.nice(CHILD_NICENESS)
    gc.disable()
    from ..store import ViewRecipe, open_view

    checkpoint, side_folder, version, *names = arguments
    view = open_view(ViewRecipe("oxigraph", checkpoint))
    try:
        views_to_keep(_CheckpointWithVersion(view, Path(side_folder), version), names)
    finally:
        view.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
