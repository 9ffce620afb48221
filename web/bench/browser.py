"""Browser timings of /netzwerk: how long until a network is drawn, and until a click is answered.

Headless Debian Chromium through Playwright (the test extra: ``pip install koopgraph[test]``),
against a running ``koopgraph serve``. For each view the page is loaded twice (the first load
may compute and cache on the server, the second shows what a reader meets afterwards); "drawn"
is the moment the page marks its canvas ready (vis-network: ``#network[data-ready=true]``;
large networks: ``#netz-gross[data-ready=true]``), "answered" the moment after a real mouse
click on a node that the page shows its answer (the side panel, the opened cluster, the node's
link). Only loopback addresses are contacted: every other request is aborted.
"""

from __future__ import annotations

import time
from urllib.parse import quote, urlsplit

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
LIMIT_S = 300.0

# Each predicate is asked right after navigation commits, while the new document may not have the element
# yet (or is a 503 page that reloads itself): a missing element means "not yet", never an error.
SMALL_READY = "(() => { const b = document.getElementById('network'); return !!b && b.dataset.ready === 'true'; })()"
LARGE_READY = "(() => { const b = document.getElementById('netz-gross'); return !!b && b.dataset.ready === 'true'; })()"
PANEL_SHOWN = """(() => { const p = document.getElementById('panel'), f = document.getElementById('panel-facts');
  return !!p && !!f && !p.hidden && f.children.length > 0; })()"""
# the position on the page of the vis-network node ``id`` (netzwerk.js keeps window.network)
SMALL_POINT = """(id) => { const p = window.network.canvasToDOM(window.network.getPositions([id])[id]);
  const r = document.getElementById('network').getBoundingClientRect(); return {x: r.left + p.x, y: r.top + p.y}; }"""


def _wait(page, predicate: str, seconds: float = LIMIT_S) -> float:
    """Poll ``predicate`` (through evaluate: the page's CSP forbids eval) until true; the time it took."""
    start = time.perf_counter()
    while not page.evaluate(predicate):
        if time.perf_counter() - start > seconds:
            raise TimeoutError(f"not within {seconds:g} s: {predicate}")
        time.sleep(0.02)
    return (time.perf_counter() - start) * 1000


def _load(page, url: str, ready: str) -> float:
    start = time.perf_counter()
    page.goto(url, wait_until="commit")
    _wait(page, ready)
    return (time.perf_counter() - start) * 1000


def study_view(page, base: str) -> dict:
    """The study dataset's whole network (vis-network); a click on a Kommune opens the side panel."""
    timings = {"first_ms": _load(page, base + "/netzwerk", SMALL_READY), "drawn_ms": _load(page, base + "/netzwerk", SMALL_READY)}
    node = page.evaluate("window.nodes.get().find((n) => n.kind && n.kind.includes('Kommune')) || window.nodes.get()[0]")
    point = page.evaluate(SMALL_POINT, node["id"])
    start = time.perf_counter()
    page.mouse.click(point["x"], point["y"])
    _wait(page, PANEL_SHOWN)
    timings["click_answered_ms"] = (time.perf_counter() - start) * 1000
    timings["nodes"] = page.evaluate("window.nodes.length")
    return timings


def large_view(page, base: str, path: str, answered: str, pick: str) -> dict:
    """A view of a large network (clusters or every node); a click on the node ``pick`` chooses."""
    timings = {"first_ms": _load(page, base + path, LARGE_READY), "drawn_ms": _load(page, base + path, LARGE_READY)}
    timings["renderer"] = page.evaluate("document.getElementById('netz-gross').dataset.renderer")
    timings["nodes"] = page.evaluate("window.netzwerkGross.nodes().length")
    node = page.evaluate(pick)
    point = page.evaluate("(id) => window.netzwerkGross.pagePoint(id)", node)
    start = time.perf_counter()
    page.mouse.click(point["x"], point["y"])
    _wait(page, answered)
    timings["click_answered_ms"] = (time.perf_counter() - start) * 1000
    return timings


BIGGEST_CLUSTER = "window.netzwerkGross.nodes().reduce((a, b) => (b.members > a.members ? b : a)).id"
OPENED = "(() => { const b = document.getElementById('netz-gross'); return !!b && b.dataset.ebene === 'kreis' && b.dataset.ready === 'true'; })()"
FIRST_NODE = "window.netzwerkGross.nodes()[0].id"
INFO_SHOWN = "(() => { const b = document.getElementById('netz-gross-info'); return !!b && !b.hidden; })()"


def browser_section(study_url: str | None, large_url: str, land_label: str, progress=lambda text: None) -> dict:
    """Timings of the study network (if ``study_url``), Germany as Länder clusters and one whole Land."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return {"error": "Playwright is not installed (pip install koopgraph[test])"}
    result = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.route("**/*", _only_loopback)
            if study_url:
                progress("browser: the study network …")
                result["studie"] = study_view(page, study_url)
            progress("browser: Germany as Länder clusters …")
            result["deutschland_gruppen"] = large_view(page, large_url, "/netzwerk", OPENED, BIGGEST_CLUSTER)
            progress("browser: one whole Land, every node …")
            result["land_alle_knoten"] = large_view(page, large_url, "/netzwerk?land=" + quote(land_label),
                                                    INFO_SHOWN, FIRST_NODE)
        finally:
            browser.close()
    return result


def _only_loopback(route) -> None:
    host = urlsplit(route.request.url).hostname
    if route.request.url.startswith(("data:", "blob:")) or host in ("127.0.0.1", "localhost"):
        route.continue_()
    else:
        route.abort()


def browser_markdown(section: dict) -> str:
    if "error" in section:
        return f"Browser timings: not measured ({section['error']}).\n"
    lines = ["Browser timings (headless Chromium, /netzwerk; first load, then a second load, then a click on a node):",
             "", "| View | renderer | nodes | first load ms | drawn ms | click answered ms |", "|---|---|---:|---:|---:|---:|"]
    for name, t in section.items():
        lines.append(f"| {name} | {t.get('renderer', 'vis')} | {t['nodes']:,} | {t['first_ms']:,.0f} | "
                     f"{t['drawn_ms']:,.0f} | {t['click_answered_ms']:,.0f} |")
    return "\n".join(lines) + "\n"
