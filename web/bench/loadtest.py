"""A load test of a running ``koopgraph serve``: many clients on pages and queries, with and without runaways.

``clients`` clients, each on its own loopback address (127.0.0.10, .11, …: the server tells
clients apart by address), ask one request after another for ``seconds``: an explorer page
or a small SPARQL query, drawn from a fixed mix with a seeded random generator. With
``runaways``, one more client (127.0.0.250) sends one query per second that cannot finish
(a COUNT over a six-fold cartesian product), each stopped at the server's time limit.

For each kind of request the report gives answers per second, p50 / p95 / p99 latency,
errors (5xx other than a refusal, or no answer) and refusals (429, or 503 with Retry-After
before the query ran).
"""

from __future__ import annotations

import http.client
import random
import statistics
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

KG = "PREFIX kg: <https://w3id.org/koopgraph/ontology#>\n"
PAGES = ["/", "/kommunen", "/kommunen?land=Bayern", "/kommunen?land=Th%C3%BCringen&typ=Landkreis",
         "/kommunen.json?sortierung=einwohner", "/id/landkreis/dithmarschen", "/id/kommune/aulendorf",
         "/id/bund", "/befunde", "/abfragen"]
QUERIES = [
    "ASK { ?s ?p ?o }",
    KG + "SELECT ?k WHERE { ?k a kg:Landkreis } ORDER BY ?k LIMIT 10",
    KG + "SELECT ?k ?l WHERE { ?k kg:inLand ?l } LIMIT 20",
    "SELECT ?c (COUNT(*) AS ?n) WHERE { ?s a ?c } GROUP BY ?c ORDER BY DESC(?n) LIMIT 5",
    "SELECT ?p ?o WHERE { <https://w3id.org/koopgraph/id/landkreis/dithmarschen> ?p ?o }",
]
QUERY_SHARE = 0.3
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n1 ?o . ?p ?q ?r }"
RUNAWAY_CLIENT = "127.0.0.250"


@dataclass
class Exchange:
    kind: str  # page, query or runaway
    status: int
    seconds: float
    refused: bool = False


@dataclass
class LoadResult:
    seconds: float
    exchanges: list[Exchange] = field(default_factory=list)

    def of(self, kind: str) -> list[Exchange]:
        return [e for e in self.exchanges if e.kind == kind]

    def summary(self, kind: str) -> dict:
        done = self.of(kind)
        answered = sorted(e.seconds * 1000 for e in done if not e.refused and e.status < 500)
        return {"requests": len(done), "per_second": len(answered) / self.seconds,
                "p50": _percentile(answered, 50), "p95": _percentile(answered, 95),
                "p99": _percentile(answered, 99),
                "errors": sum(e.status >= 500 and not e.refused and not _stopped(e) for e in done),
                "stopped": sum(_stopped(e) for e in done), "refused": sum(e.refused for e in done)}


def _stopped(exchange: Exchange) -> bool:
    # A runaway answered 503 at its time limit was run and stopped, as it should be: not an error.
    return exchange.kind == "runaway" and exchange.status == 503 and not exchange.refused


def _percentile(values: list[float], pct: int) -> float:
    if not values:
        return float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[pct - 1] if len(values) > 1 else values[0]


def run(base_url: str, *, clients: int, seconds: float, runaways: bool, seed: int = 1) -> LoadResult:
    """Load the server at ``base_url``; one runaway query a second if ``runaways``."""
    result = LoadResult(seconds)
    deadline = time.monotonic() + seconds
    threads = [threading.Thread(target=_client, args=(base_url, f"127.0.0.{10 + i}", deadline,
                                                      random.Random(seed * 1000 + i), result.exchanges),
                                daemon=True) for i in range(clients)]
    if runaways:
        threads.append(threading.Thread(target=_runaways, args=(base_url, deadline, result.exchanges),
                                        daemon=True))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 120)
    return result


def _client(base_url: str, address: str, deadline: float, rng: random.Random, exchanges: list) -> None:
    while time.monotonic() < deadline:
        if rng.random() < QUERY_SHARE:
            exchanges.append(_ask(base_url, address, "query", rng.choice(QUERIES)))
        else:
            exchanges.append(_ask(base_url, address, "page", rng.choice(PAGES)))


def _runaways(base_url: str, deadline: float, exchanges: list) -> None:
    sent = []
    while time.monotonic() < deadline:
        thread = threading.Thread(target=lambda: exchanges.append(
            _ask(base_url, RUNAWAY_CLIENT, "runaway", RUNAWAY)), daemon=True)
        thread.start()
        sent.append(thread)
        time.sleep(1)
    for thread in sent:
        thread.join(120)


def _ask(base_url: str, address: str, kind: str, what: str) -> Exchange:
    path = what if kind == "page" else "/sparql?" + urlencode({"query": what})
    parts = urlsplit(base_url)
    started = time.monotonic()
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=120, source_address=(address, 0))
    try:
        connection.request("GET", path, headers={
            "Accept": "text/html" if kind == "page" else "application/sparql-results+json"})
        response = connection.getresponse()
        body = response.read()
        refused = response.status == 429 or (response.status == 503 and b"try again shortly" in body.lower())
        return Exchange(kind, response.status, time.monotonic() - started, refused)
    except OSError:
        return Exchange(kind, 599, time.monotonic() - started)
    finally:
        connection.close()


def _ms(value: float) -> str:
    return "—" if value != value else f"{value:,.0f}"  # NaN: nothing was answered


def report(without: LoadResult, with_runaways: LoadResult, clients: int) -> list[str]:
    """The two runs side by side, as a Markdown table and a verdict on the targets."""
    lines = [f"| run ({clients} clients × {without.seconds:g} s) | kind | requests | answered/s | p50 ms | "
             "p95 ms | p99 ms | errors | refused | stopped at the limit |",
             "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for name, result in (("without runaways", without), ("1 runaway/s", with_runaways)):
        for kind in ("page", "query", "runaway"):
            s = result.summary(kind)
            if s["requests"]:
                times = " | ".join(_ms(s[p]) for p in ("p50", "p95", "p99"))
                lines.append(f"| {name} | {kind} | {s['requests']:,} | {s['per_second']:.1f} | {times} | "
                             f"{s['errors']} | {s['refused']} | {s['stopped']} |")
    base, loaded = without.summary("page"), with_runaways.summary("page")
    errors = sum(without.summary(k)["errors"] for k in ("page", "query"))
    benign_refused = sum(with_runaways.summary(k)["refused"] for k in ("page", "query"))
    ratio = loaded["p95"] / base["p95"] if base["p95"] else float("nan")
    lines += ["", f"Targets: errors without runaways {errors} (target 0); pages p95 with runaways "
                  f"{ratio:.2f}× the run without (target ≤ 2×); requests other than runaways refused "
                  f"{benign_refused} (target 0)."]
    return lines
