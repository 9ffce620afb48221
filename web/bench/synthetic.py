"""``koopgraph bench --http``: the explorer's pages on the synthetic graph, through ``koopgraph serve``.

The store is loaded through koopgraph (synthetic file plus ontology), served by waitress
in its own process on a free loopback port, and every page is timed by the page benchmark's
:func:`~.pages.time_page` (one cold request, ``repeat`` warm ones, p95 by nearest rank); the
report gives status, size, cold time and warm median / p95 per page, and with ``browser`` the
browser timings of /netzwerk (:mod:`.browser`). Only loopback addresses are ever contacted.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

import click
from koopgraph.graph.bench.queries import bench_parameters
from koopgraph.graph.bench.run import synthetic_file
from koopgraph.graph.errors import StoreError
from koopgraph.graph.store import open_store
from koopgraph.graph.store.load import ONTOLOGY_GRAPH, load_files
from koopgraph.graph.synth.vocab import SYNTH_GRAPH_IRI
from koopgraph.ontology import ontology_files

from .pages import BUDGET_MS, http_get, time_page

_SITE = "https://w3id.org/koopgraph"


# bound: ?land — one resource of each kind the explorer has a page for (in the benchmark's Land)
SAMPLE_RESOURCES = """
PREFIX kg: <https://w3id.org/koopgraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?kind (MIN(STR(?r)) AS ?iri) WHERE {
  { ?r a kg:Landkreis ; kg:inLand ?land BIND("landkreis" AS ?kind) }
  UNION { ?r a kg:KreisfreieStadt ; kg:inLand ?land BIND("kreisfreie_stadt" AS ?kind) }
  UNION { ?r a kg:Bund BIND("bund" AS ?kind) }
  UNION { ?r a kg:Foerderprogramm BIND("programm" AS ?kind) }
  UNION { ?k kg:inLand ?land ; kg:worksWithActor ?r BIND("akteur" AS ?kind) }
  UNION { ?r kg:cooperationKind ?kindConcept BIND("kooperation" AS ?kind) }
  UNION { ?x kg:cooperationKind ?r BIND("konzept" AS ?kind) }
  UNION { ?land rdfs:label ?r FILTER(LANG(?r) = "de") BIND("land_label" AS ?kind) }
} GROUP BY ?kind"""


def explorer_pages(parameters: dict, samples: dict | None = None) -> list[tuple[str, str]]:
    """(name, path) of the pages measured: lists with facets and paging, a resource page of every
    kind, the network views. A path with ``{n}`` asks for another page on every request (1, 2, …)."""
    samples = samples or {}
    land, kommune = str(parameters["land"]), str(parameters["kommune"])
    quoted_land = urllib.parse.quote(land, safe="")
    pages = [("kommunen", "/kommunen"),
             ("kommunen_seiten", "/kommunen?seite={n}"),
             ("kommunen_land", f"/kommunen?land={quoted_land}"),
             ("kommunen_land_json", f"/kommunen.json?land={quoted_land}"),
             ("kommunen_land_seiten", f"/kommunen?land={quoted_land}&seite={{n}}"),
             ("kommunen_land_typ", f"/kommunen?land={quoted_land}&typ=Landkreis"),
             ("resource_kommune", _page_of(kommune)), ("resource_land", _page_of(land)),
             ("resource_ontology_class", _page_of("https://w3id.org/koopgraph/ontology#Kooperation"))]
    if "land_label" in samples:
        label = urllib.parse.quote(samples.pop("land_label"), safe="")
        pages.insert(3, ("kommunen_land_label", f"/kommunen?land={label}"))
    pages += [(f"resource_{kind}", _page_of(iri)) for kind, iri in sorted(samples.items())]
    pages += [("netzwerk_gruppen_json", "/netzwerk/gruppen.json"),
              ("netzwerk_gruppen_land_json", f"/netzwerk/gruppen.json?gruppe={quoted_land}"),
              ("netzwerk_land_gross_json", f"/netzwerk/gross.json?land={quoted_land}"),
              ("netzwerk_land_json", f"/netzwerk.json?land={quoted_land}")]
    return pages


def _page_of(iri: str) -> str:
    if iri.startswith(_SITE + "/id/"):
        return iri.removeprefix(_SITE)
    return "/ressource?iri=" + urllib.parse.quote(iri, safe="")


def sample_resources(directory: Path, land) -> dict[str, str]:
    """Kind → an IRI of that kind in the store at ``directory`` (see SAMPLE_RESOURCES)."""
    store = open_store(str(directory), empty=True)
    try:
        return {str(row.kind): str(row.iri) for row in store.query(SAMPLE_RESOURCES, {"land": land})}
    finally:
        store.close()


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


def start_server(directory: Path, *options: str, seconds: float = 900) -> tuple[subprocess.Popen, str]:
    """``koopgraph serve`` on the store, once it answers HTTP (at Germany scale it first places the whole
    network: ~17 s at M); raises StoreError if it does not start."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    process = subprocess.Popen([sys.executable, "-m", "koopgraph.web.cli", "serve", "--store", str(directory),
                                "--host", "127.0.0.1", "--port", str(port), *options],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise StoreError(f"koopgraph serve stopped at once: {process.stderr.read()[-500:]}")
        try:
            http_get(url + "/")
            return process, url
        except OSError:
            time.sleep(0.2)
    process.terminate()
    raise StoreError(f"koopgraph serve did not answer within {seconds:g} s")


def http_section(file: Path, ontology: list[Path], pages, repeat: int, progress=lambda text: None,
                 land=None, browser: bool = False) -> dict:
    """Load, serve and time every page; the report's ``http`` section. ``pages`` is a list of (name,
    path) or a function of the sample resources of ``land`` giving one; ``browser`` adds the
    browser timings of /netzwerk (:mod:`.browser`), the study network on a second server."""
    with tempfile.TemporaryDirectory(prefix="koopgraph-bench-http-") as folder:
        directory = Path(folder) / "store"
        progress("http: loading the store for koopgraph serve …")
        triples = prepare_store(file, ontology, directory)
        samples = sample_resources(directory, land) if land is not None else {}
        land_label = samples.get("land_label")
        pages = pages(dict(samples)) if callable(pages) else pages
        # clusters on /netzwerk at any scale (at M the default threshold is passed anyway), so a tiny
        # scale exercises the same views
        process, url = start_server(directory, "--network-cluster-above", "0")
        try:
            result = {}
            for name, path in pages:
                progress(f"http: {path}")
                result[name] = time_page(url, name, path, repeat).as_dict()
            section = {"triples": triples, "repeat": repeat, "target_p95_ms": BUDGET_MS, "pages": result}
            if browser:
                section["browser"] = _browser(Path(folder), url, land_label or str(land), progress)
        finally:
            process.terminate()
            process.wait(timeout=30)
    return section


def synthetic_pages_section(scale: str, seed: int, cache_dir: Path | None, repeat: int, browser: bool,
                            progress=lambda text: click.echo(text, err=True)) -> dict:
    """``koopgraph bench --http``: the pages of the (cached) synthetic graph of ``scale`` and ``seed``."""
    parameters = bench_parameters(scale, seed)
    file, _ = synthetic_file(scale, seed, cache_dir)
    return http_section(file, ontology_files(), lambda samples: explorer_pages(parameters, samples), repeat,
                        progress, land=parameters["land"], browser=browser)


def _browser(folder: Path, large_url: str, land_label: str, progress) -> dict:
    from .browser import browser_section

    study = folder / "studie"
    open_store(str(study)).close()  # a new store gets the study dataset
    process, study_url = start_server(study)
    try:
        return browser_section(study_url, large_url, land_label, progress)
    finally:
        process.terminate()
        process.wait(timeout=30)


def http_markdown(section: dict) -> str:
    lines = [f"Pages over HTTP (`koopgraph serve`, embedded store with {section['triples']:,} triples, "
             f"{section['repeat']} warm requests each):", "",
             "| Page | status | KB | cold ms | median ms | p95 ms | p95 < 300 ms |", "|---|---:|---:|---:|---:|---:|---|"]
    for name, page in section["pages"].items():
        ok = "yes" if page["status"] == 200 and page["p95_ms"] < section["target_p95_ms"] else "**no**"
        lines.append(f"| {name} `{_short(page['path'])}` | {page['status']} | {page['bytes'] / 1024:,.1f} | "
                     f"{page['cold_ms']:,.1f} | {page['median_ms']:,.1f} | {page['p95_ms']:,.1f} | {ok} |")
    text = "\n".join(lines) + "\n"
    if "browser" in section:
        from .browser import browser_markdown

        text += "\n" + browser_markdown(section["browser"])
    return text


def _short(path: str) -> str:
    """The path with the synthetic IRIs' common part left out, for the table."""
    return urllib.parse.unquote(path).replace(_SITE + "/id/synth/", "…/").replace(_SITE, "…")[:70]
