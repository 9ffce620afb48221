"""The page benchmark (not a test): the explorer's pages timed through a real waitress server.

Every page is requested once (cold: what it costs before the server's caches hold it), then
``rounds`` times more; median, p95 (nearest rank, :mod:`koopgraph.graph.bench.timing`) and
maximum of those, and p95 against the 300 ms budget, side by side in one run. ``koopgraph
bench-pages`` times the pages of any store here in-process; ``koopgraph bench --http``
(:mod:`.synthetic`) times the synthetic graph's pages through ``koopgraph serve``, with the same
:func:`time_page`. Only loopback addresses are ever contacted.
"""

from __future__ import annotations

import statistics
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from urllib.parse import quote, urlencode

import waitress
from koopgraph.graph.bench.timing import percentile
from koopgraph.graph.labels import labels_of
from koopgraph.graph.namespaces import KG

from ..app import create_app
from ..views.common import resource_href

BUDGET_MS = 300.0

# bound: nothing — one municipality within a county and its Land, to fill the page addresses
SAMPLE_RESOURCES = """
PREFIX kg: <https://w3id.org/koopgraph/ontology#>
SELECT ?k ?land ?county WHERE { ?k kg:inCounty ?county ; kg:inLand ?land } ORDER BY ?k LIMIT 1"""

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
    """One page: its status and size, the first (cold) request and the warm ones after it (ms)."""

    name: str
    path: str
    status: int
    size: int
    first_ms: float
    times_ms: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.times_ms)

    @property
    def p95(self) -> float:
        return percentile(self.times_ms, 95)

    @property
    def ratio(self) -> float:
        """p95 as a fraction of the budget: below 1.0 is within it."""
        return self.p95 / BUDGET_MS

    def as_dict(self) -> dict:
        return {"path": self.path, "status": self.status, "bytes": self.size, "cold_ms": self.first_ms,
                "median_ms": self.median, "p95_ms": self.p95, "max_ms": max(self.times_ms),
                "repetitions": len(self.times_ms)}


def http_get(url: str, timeout: float = 120) -> tuple[int, int]:
    """Status and body size of a GET (error statuses are answers too)."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, len(response.read())
    except urllib.error.HTTPError as e:
        return e.code, len(e.read())


def time_page(base: str, name: str, path: str, rounds: int) -> PageTiming:
    """One cold request, then ``rounds`` warm ones; a path with ``{n}`` asks for page 1, 2, … in turn."""
    times, status, size = [], 0, 0
    for n in range(1, rounds + 2):
        start = time.perf_counter()
        status, size = http_get(base + path.replace("{n}", str(n)))
        times.append((time.perf_counter() - start) * 1000)
    return PageTiming(name, path, status, size, times[0], times[1:])


def study_pages(store) -> list[tuple[str, str]]:
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
                  ("Kommunen in der Studie", "/kommunen?studie=ja"),
                  ("Kommunen Suche", "/kommunen?" + urlencode({"suche": labels_of(store, [row.k])(row.k)})),
                  ("Ressource", resource_href(row.k)), ("Ressource Turtle", resource_href(row.k) + ".ttl"),
                  ("Ressource Kreis", resource_href(row.county)),
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
    app = create_app(store)
    server = waitress.create_server(app, host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.effective_port}"
    try:
        return [time_page(base, name, path, rounds) for name, path in (pages or study_pages(store))]
    finally:
        server.task_dispatcher.shutdown()   # let the worker threads finish before the socket goes
        server.close()
        thread.join(timeout=5)
        app.koopgraph_services.close()


def report(timings: list[PageTiming]) -> str:
    """A table: page, status, first request, median, p95, max (ms) and p95 / budget."""
    width = max(len(t.name) for t in timings)
    lines = [f"{'Seite':<{width}}  Status  Erste ms  Median ms  p95 ms  Max ms  p95/Budget({BUDGET_MS:.0f} ms)"]
    for t in timings:
        lines.append(f"{t.name:<{width}}  {t.status:>6}  {t.first_ms:>8.1f}  {t.median:>9.1f}  {t.p95:>6.1f}"
                     f"  {max(t.times_ms):>6.1f}  {t.ratio:>6.2f}")
    worst = max(timings, key=lambda t: t.ratio)
    lines.append(f"slowest p95: {worst.name} {worst.p95:.1f} ms = {worst.ratio:.2f} × budget; "
                 f"{sum(t.ratio < 1 for t in timings)}/{len(timings)} pages within budget; "
                 "p95 = nearest rank of the warm requests")
    return "\n".join(lines)
