"""Page response times over HTTP: a real ``koopgraph serve`` on a store holding the synthetic graph.

The store is loaded through koopgraph (synthetic file plus ontology), served by
waitress in its own process on a free loopback port, and every page is requested
``repeat`` times in a row by one client; the report gives status, size, cold time
and warm median / p95 per page. Only loopback addresses are ever contacted.
"""

from __future__ import annotations

import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from .errors import StoreError
from .load import ONTOLOGY_GRAPH, load_files
from .store import open_store
from .synth_vocab import SYNTH_GRAPH_IRI

_SITE = "https://w3id.org/koopgraph"
TARGET_PAGE_P95_MS = 300.0


def explorer_pages(parameters: dict) -> list[tuple[str, str]]:
    """(name, path) of the pages measured: lists with facets and the resource pages of the mix."""
    land, kommune = str(parameters["land"]), str(parameters["kommune"])
    quoted_land = urllib.parse.quote(land, safe="")
    return [("kommunen", "/kommunen"),
            ("kommunen_land", f"/kommunen?land={quoted_land}"),
            ("kommunen_land_json", f"/kommunen.json?land={quoted_land}"),
            ("resource_kommune", kommune.removeprefix(_SITE)),
            ("resource_land", land.removeprefix(_SITE)),
            ("netzwerk_land_json", f"/netzwerk.json?land={quoted_land}")]


def prepare_store(file: Path, ontology: list[Path], directory: Path) -> int:
    """An embedded store in ``directory`` with the synthetic graph and the ontology; its size."""
    store = open_store(str(directory), empty=True)
    try:
        load_files(store, [file], graph=SYNTH_GRAPH_IRI)
        load_files(store, ontology, graph=str(ONTOLOGY_GRAPH))
        return len(store)
    finally:
        store.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(directory: Path, seconds: float = 120) -> tuple[subprocess.Popen, str]:
    """``koopgraph serve`` on the store, once it answers HTTP; raises StoreError if it does not start."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    process = subprocess.Popen([sys.executable, "-m", "koopgraph.web.cli", "serve", "--store", str(directory),
                                "--host", "127.0.0.1", "--port", str(port)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise StoreError(f"koopgraph serve stopped at once: {process.stderr.read()[-500:]}")
        try:
            _get(url + "/")
            return process, url
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise StoreError(f"koopgraph serve did not answer within {seconds:g} s")


def _get(url: str) -> tuple[int, int]:
    """Status and body size of a GET (error statuses are answers too)."""
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            return response.status, len(response.read())
    except urllib.error.HTTPError as e:
        return e.code, len(e.read())


def time_page(url: str, repeat: int) -> dict:
    times, status, size = [], None, None
    for _ in range(repeat + 1):
        start = time.perf_counter()
        status, size = _get(url)
        times.append((time.perf_counter() - start) * 1000)
    warm = sorted(times[1:])
    p95 = warm[max(1, -(-len(warm) * 95 // 100)) - 1]
    return {"status": status, "bytes": size, "cold_ms": times[0], "median_ms": statistics.median(warm),
            "p95_ms": p95, "repetitions": len(warm)}


def http_section(file: Path, ontology: list[Path], pages: list[tuple[str, str]], repeat: int,
                 progress=lambda text: None) -> dict:
    """Load, serve and time every page; the report's ``http`` section."""
    with tempfile.TemporaryDirectory(prefix="koopgraph-bench-http-") as folder:
        directory = Path(folder) / "store"
        progress("http: loading the store for koopgraph serve …")
        triples = prepare_store(file, ontology, directory)
        process, url = start_server(directory)
        try:
            result = {}
            for name, path in pages:
                progress(f"http: {path}")
                result[name] = {"path": path, **time_page(url + path, repeat)}
        finally:
            process.terminate()
            process.wait(timeout=30)
    return {"triples": triples, "repeat": repeat, "target_p95_ms": TARGET_PAGE_P95_MS, "pages": result}


def http_markdown(section: dict) -> str:
    lines = [f"Pages over HTTP (`koopgraph serve`, embedded store with {section['triples']:,} triples, "
             f"{section['repeat']} warm requests each):", "",
             "| Page | status | KB | cold ms | median ms | p95 ms | p95 < 300 ms |", "|---|---:|---:|---:|---:|---:|---|"]
    for name, page in section["pages"].items():
        ok = "yes" if page["status"] == 200 and page["p95_ms"] < section["target_p95_ms"] else "**no**"
        lines.append(f"| {name} `{page['path'][:60]}` | {page['status']} | {page['bytes'] / 1024:,.1f} | "
                     f"{page['cold_ms']:,.1f} | {page['median_ms']:,.1f} | {page['p95_ms']:,.1f} | {ok} |")
    return "\n".join(lines) + "\n"
