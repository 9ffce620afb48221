"""Real SPARQL servers for the tests: `oxigraph serve` (PyPI) and OpenLink Virtuoso (Debian).

Each runs in its own process on a free loopback port with a temporary database and is
stopped after the test; its output is printed when the test fails.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

# the servers live in the package: the SPARQL benchmark starts the same ones
from koopgraph.web.bench.servers import OxigraphServer, VirtuosoServer  # noqa: F401


def console_script() -> str:
    """The installed `koopgraph` script beside this Python."""
    import sys

    beside_python = Path(sys.executable).parent / "koopgraph"
    return str(beside_python) if beside_python.exists() else shutil.which("koopgraph")


def koopgraph(*args: str, cwd: Path | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run the `koopgraph` console script; its exit code, stdout and stderr."""
    return subprocess.run([console_script(), *args], capture_output=True, text=True, cwd=cwd, timeout=timeout)


def emptied(store):
    """``store`` (a Virtuoso endpoint) without any graph it shows (Virtuoso's own are hidden)."""
    for graph in store.graph_names():
        store.update(f"DROP SILENT GRAPH <{graph}>")
    return store
