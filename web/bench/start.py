"""The start benchmark (not a test): from ``koopgraph serve`` to answered pages, new store and restart.

Each row starts a real ``koopgraph serve`` process on a store folder and times, from the moment the
process is started: the first answered request (``/``), the first answer of the network's data
(``/netzwerk.json``, 503 "wird berechnet" while it is prepared in the background), and readiness
(``/bereit``: every view prepared after the start, the first pages asked once); then the first
request of a few pages once ready. While the server prepares, a probe page (:data:`PROBE`) is asked
again and again: its median time then, against its median once ready, is the slowdown of other
requests by the work in the background.

Rows, side by side in one run: the study dataset alone (loaded beforehand: a new embedded store
always gets the base layer), the study with the official base layer (a new store: ``serve`` loads
it), each restarted (the views read as kept on disk, :mod:`koopgraph.graph.store.kept`), a restart
with the kept results removed (what every restart cost before they were kept), and with ``scale``
a synthetic store of that scale (loaded beforehand with ``koopgraph load``; the load is timed too).
"""

from __future__ import annotations

import shutil
import socket
import statistics
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
PROBE = "/kommunen?seite=2"  # a page that needs no network view: does the preparation slow it down?
PROBES_WHEN_READY = 15
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


def timed_get(url: str) -> tuple[float, int]:
    """Seconds and status of one GET."""
    begun = time.monotonic()
    status = status_of(url)
    return time.monotonic() - begun, status


def _until(url: str, process: subprocess.Popen, started: float, wanted=lambda status: True,
           probe: list | None = None) -> tuple[float, int]:
    """Seconds from ``started`` until a GET of ``url`` gives a status ``wanted`` accepts, and that status;
    meanwhile (once the server answers) the seconds of each GET of :data:`PROBE` go to ``probe``."""
    base = url.split("/", 3)[:3]
    while time.monotonic() - started < LIMIT_S:
        if process.poll() is not None:
            raise RuntimeError(f"koopgraph serve stopped (exit {process.returncode})")
        try:
            status = status_of(url)
            if wanted(status):
                return time.monotonic() - started, status
            if probe is not None:
                seconds, probed = timed_get("/".join(base) + PROBE)
                if probed == 200:
                    probe.append(seconds)
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
    during: list[float] = []
    try:
        first, _ = _until(base + "/", process, started)
        network, network_status = _until(base + "/netzwerk.json", process, started)
        ready, _ = _until(base + "/bereit", process, started, lambda status: status == 200, probe=during)
        pages = {}
        for path in PAGES_AFTER_READY:
            seconds, status = timed_get(base + path)
            pages[path] = (round(seconds * 1000), status)
        after = [timed_get(base + PROBE)[0] for _ in range(PROBES_WHEN_READY)]
    finally:
        process.terminate()
        process.wait(60)
    return {"first_answer_s": round(first, 1), "network_s": round(network, 1), "network_status": network_status,
            "ready_s": round(ready, 1), "pages_ms": pages, "probe_during_ms": _median_ms(during),
            "probe_ready_ms": _median_ms(after), "probes_during": len(during)}


def _median_ms(seconds: list[float]) -> float | None:
    return round(statistics.median(seconds) * 1000, 1) if seconds else None


def load_beforehand(store: Path, study_only: bool = False, file: Path | None = None) -> float:
    """Seconds to fill ``store`` before its first start: the study alone, or ``file`` (koopgraph load)."""
    begun = time.monotonic()
    if study_only:  # no command loads the study alone: a new embedded store always gets the base layer
        script = ("import sys; from koopgraph.graph.store import open_store; "
                  "from koopgraph.graph.store.load import load_study_dataset; "
                  "s = open_store(sys.argv[1], empty=True); load_study_dataset(s, base_layer=False); s.close()")
        subprocess.run([koopgraph()[0], "-c", script, str(store)], check=True)
    else:
        subprocess.run(koopgraph("load", "--store", str(store), "--empty", str(file)), check=True,
                       capture_output=True)
    return round(time.monotonic() - begun, 1)


def bench_start(progress=lambda text: None, scale: str | None = None, seed: int = 1) -> dict:
    """The rows, each store in a temporary folder."""
    rows = {}
    with tempfile.TemporaryDirectory(prefix="koopgraph-bench-start-") as folder:
        with open(Path(folder) / "serve.log", "ab") as log:
            study = Path(folder) / "studie"
            progress("start: study alone (loaded beforehand) …")
            loaded = load_beforehand(study, study_only=True)
            rows[f"study alone: first start (load before: {loaded} s)"] = time_start(study, log)
            rows["study alone: restart"] = time_start(study, log)
            store = Path(folder) / "store"
            progress("start: new store (study + base layer) …")
            rows["study + base layer: new store"] = time_start(store, log)
            progress("start: restart …")
            rows["study + base layer: restart (kept on disk)"] = time_start(store, log)
            shutil.rmtree(side_dir(store) / KEPT_FOLDER, ignore_errors=True)
            progress("start: restart without kept results …")
            rows["study + base layer: restart, kept removed"] = time_start(store, log)
            if scale:
                rows.update(_scale_rows(Path(folder), scale, seed, log, progress))
    return rows


def _scale_rows(folder: Path, scale: str, seed: int, log, progress) -> dict:
    from koopgraph.graph.bench.run import synthetic_file

    file, _ = synthetic_file(scale, seed, None)
    store = folder / f"synth-{scale}"
    progress(f"start: scale {scale} (koopgraph load first) …")
    loaded = load_beforehand(store, file=file)
    rows = {f"scale {scale}: first start (load before: {loaded} s)": time_start(store, log)}
    progress(f"start: scale {scale} restart …")
    rows[f"scale {scale}: restart"] = time_start(store, log)
    return rows


def report(rows: dict) -> str:
    """A Markdown table of the rows, side by side."""
    head = ["start", "first answer `/` s", "first `/netzwerk.json` s (status)", "ready `/bereit` s",
            *(f"then `{path}` ms" for path in PAGES_AFTER_READY),
            f"`{PROBE}` ms while preparing / ready (n)", "slowdown"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for name, row in rows.items():
        during, ready = row["probe_during_ms"], row["probe_ready_ms"]
        slowdown = f"{during / ready:.1f}×" if during and ready else "–"
        cells = [name, f"{row['first_answer_s']:.1f}", f"{row['network_s']:.1f} ({row['network_status']})",
                 f"{row['ready_s']:.1f}", *(f"{ms:,} ({status})" if status != 200 else f"{ms:,}"
                                            for ms, status in row["pages_ms"].values()),
                 f"{during if during else '–'} / {ready} ({row['probes_during']})", slowdown]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)
