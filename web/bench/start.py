"""The start benchmark (not a test): from ``koopgraph serve`` to answered pages, new store and restart.

Each row starts a real ``koopgraph serve`` process on the same store folder and times, from the
moment the process is started: the first answered request (``/``), the first answer of the
network's data (``/netzwerk.json``, 503 "wird berechnet" while it is prepared in the background),
and readiness (``/bereit``: every view prepared after the start); then the first request of a few
pages once ready. Rows: a new store (the study dataset and the official base layer are loaded
first), a restart (the views read as kept on disk, :mod:`koopgraph.graph.store.kept`), and a
restart with the kept results removed (what every restart cost before they were kept).
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from koopgraph.graph.store.checkpoints import side_dir
from koopgraph.graph.store.kept import KEPT_FOLDER

from .loads import koopgraph

PAGES_AFTER_READY = ("/netzwerk.json", "/netzwerk/gruppen.json", "/kommunen")
LIMIT_S = 900


def status_of(url: str) -> int:
    """The HTTP status of a GET (error statuses are answers too); raises OSError if nobody answers."""
    try:
        with urllib.request.urlopen(url, timeout=LIMIT_S) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as e:
        e.read()
        return e.code


def _until(url: str, process: subprocess.Popen, started: float, wanted=lambda status: True) -> tuple[float, int]:
    """Seconds from ``started`` until a GET of ``url`` gives a status ``wanted`` accepts, and that status."""
    while time.monotonic() - started < LIMIT_S:
        if process.poll() is not None:
            raise RuntimeError(f"koopgraph serve stopped (exit {process.returncode})")
        try:
            status = status_of(url)
            if wanted(status):
                return time.monotonic() - started, status
        except OSError:
            pass
        time.sleep(0.05)
    raise RuntimeError(f"no answer from {url} within {LIMIT_S} s")


def time_start(store: Path, log) -> dict:
    """Start ``koopgraph serve`` on ``store``, time it as the module says, stop it."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    started = time.monotonic()
    process = subprocess.Popen(koopgraph("serve", "--store", str(store), "--port", str(port)),
                               stdout=log, stderr=subprocess.STDOUT)
    try:
        first, _ = _until(base + "/", process, started)
        network, network_status = _until(base + "/netzwerk.json", process, started)
        ready, _ = _until(base + "/bereit", process, started, lambda status: status == 200)
        pages = {}
        for path in PAGES_AFTER_READY:
            begun = time.monotonic()
            status = status_of(base + path)
            pages[path] = (round((time.monotonic() - begun) * 1000), status)
    finally:
        process.terminate()
        process.wait(60)
    return {"first_answer_s": round(first, 1), "network_s": round(network, 1), "network_status": network_status,
            "ready_s": round(ready, 1), "pages_ms": pages}


def bench_start(progress=lambda text: None) -> dict:
    """The three rows, on one new store in a temporary folder."""
    with tempfile.TemporaryDirectory(prefix="koopgraph-bench-start-") as folder:
        store = Path(folder) / "store"
        with open(Path(folder) / "serve.log", "ab") as log:
            rows = {}
            progress("start: new store (study + base layer) …")
            rows["new store (study + base layer)"] = time_start(store, log)
            progress("start: restart …")
            rows["restart (kept on disk)"] = time_start(store, log)
            shutil.rmtree(side_dir(store) / KEPT_FOLDER, ignore_errors=True)
            progress("start: restart without kept results …")
            rows["restart, kept results removed"] = time_start(store, log)
    return rows


def report(rows: dict) -> str:
    """A Markdown table of the rows, side by side."""
    head = ["start", "first answer `/` s", "first `/netzwerk.json` s (status)", "ready `/bereit` s",
            *(f"then `{path}` ms" for path in PAGES_AFTER_READY)]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for name, row in rows.items():
        cells = [name, f"{row['first_answer_s']:.1f}", f"{row['network_s']:.1f} ({row['network_status']})",
                 f"{row['ready_s']:.1f}", *(f"{ms:,} ({status})" if status != 200 else f"{ms:,}"
                                            for ms, status in row["pages_ms"].values())]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)
