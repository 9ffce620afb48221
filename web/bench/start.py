"""The start benchmark (not a test): from ``koopgraph serve`` to answered pages, new store and restart.

Each row starts a real ``koopgraph serve`` process on a store folder and times, from the moment the
process is started: the first answered request (``/``), readiness (``/bereit``: every view the server
prepares is computed or kept on disk for this data version) and "all pages warm" (once ready, the
first request of each page of :data:`PAGES_AFTER_READY`, one after another; the slowest is shown; a page
that said 503 "wird berechnet" (/analyse while the warming computes it) is asked again until it answers).
Beside each wall time stand the CPU seconds the server (and its query workers) had used by then:
on a 2-core machine that others share, wall seconds are mostly waiting for a core. While the server
prepares, a probe page (:data:`PROBE`) is asked again and again: its median time then, against its
median once ready, is the slowdown of other requests by the work in the background.

Rows, side by side in one run: the study dataset alone (loaded beforehand: a new embedded store
always gets the base layer), the study with the official base layer (a new store: ``serve`` loads
it), each restarted (the views read as kept on disk, :mod:`koopgraph.graph.store.kept`), a restart
with the kept results removed (what every restart cost before they were kept), and a synthetic
store of ``scale`` (M by default; loaded beforehand with ``koopgraph load``, the load timed too).
"""

from __future__ import annotations

import os
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

# every page a visitor opens first, asked once each after /bereit: "all pages warm" is when the last answers
PAGES_AFTER_READY = ("/", "/kommunen", "/netzwerk", "/netzwerk.json", "/netzwerk/gruppen.json",
                     "/netzwerk.json?basis=1", "/analyse", "/befunde", "/abfragen", "/ueber-die-daten")
PROBE = "/kommunen?seite=2"  # a page that needs no network view: does the preparation slow it down?
PROBES_WHEN_READY = 15
LIMIT_S = 900
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


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


def cpu_seconds(pid: int) -> float | None:
    """CPU seconds (user + system) the process ``pid``, its ended children (the child that lays out the
    network) and its living descendants (the query workers' forkserver) have used so far, from /proc
    (Linux); None elsewhere. It includes serving the probe requests. Wall seconds on a machine that
    others share are mostly waiting for a core: this is what the start itself costs."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return None
    # utime, stime, cutime, cstime (fields 14–17 of stat): its own and that of children it waited for
    own = sum(int(field) for field in fields[11:15]) / CLOCK_TICKS
    return own + sum(cpu_seconds(int(child)) or 0 for child in children)


def _until(url: str, process: subprocess.Popen, started: float, wanted=lambda status: True,
           probe: list | None = None) -> tuple[float, int, float | None]:
    """Seconds from ``started`` until a GET of ``url`` gives a status ``wanted`` accepts, that status and
    the server's CPU seconds then; meanwhile (once the server answers) the seconds of each GET of
    :data:`PROBE` go to ``probe``."""
    base = url.split("/", 3)[:3]
    while time.monotonic() - started < LIMIT_S:
        if process.poll() is not None:
            raise RuntimeError(f"koopgraph serve stopped (exit {process.returncode})")
        try:
            status = status_of(url)
            if wanted(status):
                return time.monotonic() - started, status, cpu_seconds(process.pid)
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
        first, _, first_cpu = _until(base + "/", process, started)
        ready, _, ready_cpu = _until(base + "/bereit", process, started, lambda status: status == 200, probe=during)
        pages = {}
        for path in PAGES_AFTER_READY:
            seconds, status = timed_get(base + path)
            pages[path] = (round(seconds * 1000), status)
        for path in [path for path, (_, status) in pages.items() if status == 503]:  # told "wird berechnet"
            _until(base + path, process, started, lambda status: status != 503)
        warm, warm_cpu = time.monotonic() - started, cpu_seconds(process.pid)
        after = [timed_get(base + PROBE)[0] for _ in range(PROBES_WHEN_READY)]
    finally:
        process.terminate()
        process.wait(60)
    return {"first_answer_s": round(first, 1), "first_cpu_s": first_cpu, "ready_s": round(ready, 1),
            "ready_cpu_s": ready_cpu, "warm_s": round(warm, 1), "warm_cpu_s": warm_cpu, "pages_ms": pages,
            "probe_during_ms": _median_ms(during), "probe_ready_ms": _median_ms(after), "probes_during": len(during)}


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


def bench_start(progress=lambda text: None, scale: str | None = "M", seed: int = 1) -> dict:
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


def report(rows: dict, load: str = "") -> str:
    """A Markdown table of the rows, side by side: wall seconds (CPU seconds of the server) from the start."""
    head = ["start", "first answer `/` s (CPU)", "ready `/bereit` s (CPU)", "all pages warm s (CPU)",
            "slowest first page after ready ms", f"`{PROBE}` ms while preparing / ready (n)", "slowdown"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for name, row in rows.items():
        during, ready = row["probe_during_ms"], row["probe_ready_ms"]
        slowdown = f"{during / ready:.1f}×" if during and ready else "–"
        path, (ms, status) = max(row["pages_ms"].items(), key=lambda item: item[1][0])
        cells = [name, _with_cpu(row, "first"), _with_cpu(row, "ready"), _with_cpu(row, "warm"),
                 f"{ms:,} `{path}`" + (f" ({status})" if status != 200 else ""),
                 f"{during if during else '–'} / {ready} ({row['probes_during']})", slowdown]
        lines.append("| " + " | ".join(cells) + " |")
    pages = ", ".join(f"`{p}`" for p in PAGES_AFTER_READY)
    lines.append(f"\nAll pages warm: after ready, the first request of each of {pages}; one that said 503 "
                 f"(\"wird berechnet\") asked again until it answers. {load}".rstrip())
    return "\n".join(lines + ["", *page_table(rows)])


def page_table(rows: dict) -> list[str]:
    """Each page's first request after ready (ms; its status if not 200), a row per start."""
    lines = ["| start | " + " | ".join(f"`{path}`" for path in PAGES_AFTER_READY) + " |",
             "|" + "---|" * (len(PAGES_AFTER_READY) + 1)]
    for name, row in rows.items():
        cells = [f"{ms:,}" + (f" ({status})" if status != 200 else "") for ms, status in row["pages_ms"].values()]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return lines


def _with_cpu(row: dict, moment: str) -> str:
    wall = row["first_answer_s" if moment == "first" else f"{moment}_s"]
    cpu = row[f"{moment}_cpu_s"]
    return f"{wall:.1f}" + (f" ({cpu:.1f})" if cpu is not None else "")
