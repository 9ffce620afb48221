"""A benchmark (not a test) of the explorer's page response times, through a real waitress server.

Every page is requested ``rounds`` times after one warm-up request; the report gives the warm-up
(first) time, median, p95 and maximum per page and the ratio of p95 to the budget (300 ms), side by
side in one run. The first request shows what a page costs before the server's caches hold it.
"""

from __future__ import annotations

import statistics
import threading
import time
from dataclasses import dataclass
from urllib.parse import quote, urlencode

import waitress
from koopgraph.graph.bench.http import http_get
from koopgraph.graph.labels import labels_of
from koopgraph.graph.namespaces import KG

from ..app import create_app
from ..views.common import resource_href

BUDGET_MS = 300.0

# bound: nothing — one municipality within a county and its Land, to fill the page addresses
SAMPLE_RESOURCES = """
PREFIX kg: <https://w3id.org/koopgraph/ontology#>
SELECT ?k ?land WHERE { ?k kg:inCounty ?county ; kg:inLand ?land } ORDER BY ?k LIMIT 1"""

# bound: nothing — one interview case with a scaling-up edge, whose paths the analysis pages show
SAMPLE_CASE = """
PREFIX kg: <https://w3id.org/koopgraph/ontology#>
SELECT ?fall WHERE { ?fall a kg:Fall ; ?p ?channel . ?p kg:edgeGroup "scaling-up" } ORDER BY ?fall LIMIT 1"""

# The analysis pages (issue 6): the page, its JSON and the API the network view calls.
ANALYSIS_PAGES = [
    ("Analyse", "/analyse"), ("Analyse JSON", "/analyse.json"),
    ("Kennzahl Grad", "/analyse/metriken.json?metrik=degree"),
    ("Kennzahl Zwischenzentralität", "/analyse/metriken.json?metrik=betweenness"),
    ("Gemeinschaften Einfluss", "/analyse/metriken.json?metrik=community&beziehung=scaling-up"),
    ("Gemeinschaften JSON", "/analyse/gemeinschaften.json"), ("Rangliste JSON", "/analyse/rangliste.json"),
    ("Kreisprofile JSON", "/analyse/kreisprofile.json"),
    ("Struktur-Position JSON", "/analyse/struktur-position.json"),
    ("Analysenetz GraphML", "/analyse/netzwerk.graphml"),
]


@dataclass
class PageTiming:
    name: str
    path: str
    status: int
    times_ms: list[float]
    first_ms: float

    @property
    def median(self) -> float:
        return statistics.median(self.times_ms)

    @property
    def p95(self) -> float:
        ordered = sorted(self.times_ms)
        return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]

    @property
    def ratio(self) -> float:
        """p95 as a fraction of the budget: below 1.0 is within it."""
        return self.p95 / BUDGET_MS


def sample_pages(store) -> list[tuple[str, str]]:
    """The pages to time: every page family and its JSON twin, with addresses from the store."""
    pages = [("Start", "/"), ("Start JSON", "/index.json"), ("Kommunen", "/kommunen"),
             ("Kommunen JSON", "/kommunen.json"), ("Netzwerk", "/netzwerk"), ("Netzwerk JSON", "/netzwerk.json"),
             ("Netzwerk Ebenen", "/netzwerk.json?layout=ebenen"), ("Netzwerk GraphML", "/netzwerk.graphml"),
             ("Befunde", "/befunde"), ("Befunde JSON", "/befunde.json"),
             ("Klasse Landkreis", resource_href(KG.Landkreis)), *ANALYSIS_PAGES]
    row = next(iter(store.query(SAMPLE_RESOURCES)), None)
    if row is not None:
        land = labels_of(store, [row.land])(row.land)
        pages += [("Kommunen gefiltert", "/kommunen?" + urlencode({"land": land, "sortierung": "einwohner"})),
                  ("Netzwerk gefiltert", "/netzwerk.json?" + urlencode({"land": land})),
                  ("Ressource", resource_href(row.k)), ("Ressource Turtle", resource_href(row.k) + ".ttl"),
                  ("Ressource Land", resource_href(row.land)),
                  ("Nachbarn", "/netzwerk/nachbarn.json?iri=" + quote(str(row.land), safe="")),
                  ("Ego-Netzwerk", "/netzwerk/ego.json?iri=" + quote(str(row.k), safe="")),
                  ("Wege nach oben Kommune", "/analyse/pfade.json?" + urlencode({"kommune": str(row.k)}))]
    case = next(iter(store.query(SAMPLE_CASE)), None)
    if case is not None:
        pages += [("Analyse mit Wegen", "/analyse?" + urlencode({"kommune": str(case.fall)})),
                  ("Wege nach oben Fall", "/analyse/pfade.json?" + urlencode({"kommune": str(case.fall)}))]
    return pages


def bench_pages(store, *, rounds: int = 30, pages: list[tuple[str, str]] | None = None) -> list[PageTiming]:
    """Time every page ``rounds`` times through a waitress server on a free loopback port."""
    server = waitress.create_server(create_app(store), host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.effective_port}"
    try:
        return [_time_page(base, name, path, rounds) for name, path in (pages or sample_pages(store))]
    finally:
        server.task_dispatcher.shutdown()   # let the worker threads finish before the socket goes
        server.close()
        thread.join(timeout=5)


def _time_page(base: str, name: str, path: str, rounds: int) -> PageTiming:
    start = time.perf_counter()
    http_get(base + path, timeout=60)
    first = (time.perf_counter() - start) * 1000
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        status, _ = http_get(base + path, timeout=60)
        times.append((time.perf_counter() - start) * 1000)
    return PageTiming(name, path, status, times, first)


def report(timings: list[PageTiming]) -> str:
    """A table: page, status, first request, median, p95, max (ms) and p95 / budget."""
    width = max(len(t.name) for t in timings)
    lines = [f"{'Seite':<{width}}  Status  Erste ms  Median ms  p95 ms  Max ms  p95/Budget({BUDGET_MS:.0f} ms)"]
    for t in timings:
        lines.append(f"{t.name:<{width}}  {t.status:>6}  {t.first_ms:>8.1f}  {t.median:>9.1f}  {t.p95:>6.1f}"
                     f"  {max(t.times_ms):>6.1f}  {t.ratio:>6.2f}")
    worst = max(timings, key=lambda t: t.ratio)
    lines.append(f"slowest p95: {worst.name} {worst.p95:.1f} ms = {worst.ratio:.2f} × budget; "
                 f"{sum(t.ratio < 1 for t in timings)}/{len(timings)} pages within budget")
    return "\n".join(lines)
