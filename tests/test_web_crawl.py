"""A crawl of the explorer from ``/`` (issue 15): every same-origin link of every HTML page, and each
page's ``.json`` twin, answers below 400 — on the study dataset in a memory store, over Flask's test client."""

from __future__ import annotations

import re
from collections import Counter, deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

ORIGIN = "http://localhost"
MAX_PAGES = 800   # BFS from / reaches every page family first; the whole site is ~3,000 (see the report)
# not crawled: the query form posts, the login, and the big views that only repeat what /netzwerk draws
SKIPPED = ("/sparql", "/import")
# lists whose filtered, sorted and paged variants are fetched but not followed further: their links are
# the unfiltered page's (the facet combinations alone are thousands; tests/test_web_facets.py checks them)
VARIANTS = ("/kommunen", "/netzwerk")
DOWNLOADS = (".ttl", ".jsonld", ".nt", ".rdf", ".graphml", ".gexf")
SAMPLE = 10
# pages that are tools or files rather than a view of data: no JSON twin is promised for them
NO_TWIN = ("/static/", "/abfragen/einstieg", "/ueber-die-daten")


class Links(HTMLParser):
    """The href and src of every element, as the page gives them."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.found.append(value)


def same_origin(base: str, href: str) -> str | None:
    """``href`` as a path with query on this server, or None for other hosts and schemes."""
    url = urldefrag(urljoin(base, href))[0]
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}" != ORIGIN:
        return None
    return parts.path + ("?" + parts.query if parts.query else "")


def json_twin(target: str) -> str | None:
    path, _, query = target.partition("?")
    if path.startswith(NO_TWIN) or path.endswith((".json", ".csv", ".graphml", ".gexf", ".svg", ".png", ".ttl")):
        return None
    twin = ("/index" if path == "/" else path.rstrip("/")) + ".json"
    return twin + ("?" + query if query else "")


def sampled(target: str, seen_kinds: Counter) -> bool:
    """True for every page, and for the first SAMPLE of each kind of repetition: a resource in each RDF
    format (600 resources × 4 formats), a list's variants (/netzwerk?fokus=… of every resource)."""
    path, _, query = target.partition("?")
    suffix = next((s for s in DOWNLOADS if path.endswith(s)), None) or ("format" if "format=" in query else None)
    kind = (path.split("/")[1], suffix) if suffix else (path, "variant") if query and path in VARIANTS else None
    if kind is None:
        return True
    seen_kinds[kind] += 1
    return seen_kinds[kind] <= SAMPLE


def crawl(client) -> tuple[dict[str, int], dict[str, str]]:
    """Status per visited target, and the page each target was first linked from."""
    status: dict[str, int] = {}
    seen_kinds: Counter = Counter()
    linked_from = {"/": "(start)"}
    queue = deque(["/"])
    while queue and len(status) < MAX_PAGES:
        target = queue.popleft()
        response = client.get(target, headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
        status[target] = response.status_code
        found = []
        variant = "?" in target and target.split("?")[0] in VARIANTS
        if response.mimetype == "text/html" and response.status_code < 400 and not variant:
            parser = Links()
            parser.feed(response.get_data(as_text=True))
            found = [t for href in parser.found if (t := same_origin(ORIGIN + target, href))]
            found += [twin] if (twin := json_twin(target)) else []
        for link in found:
            if link not in linked_from and not link.startswith(SKIPPED) and sampled(link, seen_kinds):
                linked_from[link] = target
                queue.append(link)
    return status, linked_from


def test_every_link_from_the_start_page_answers(study_client):
    status, linked_from = crawl(study_client)
    broken = [f"{code} {target}  (linked from {linked_from[target]})" for target, code in status.items() if code >= 400]
    assert len(status) > 150, f"the crawl saw only {len(status)} pages"
    assert not broken, f"{len(broken)} of {len(status)} links are broken:\n" + "\n".join(broken)


# --- what the crawl found -----------------------------------------------------------------------

def test_a_property_the_store_only_uses_has_a_page(study_client):
    """/id/datensatz links dcterms:title; the store says nothing about it, but uses it (was 404)."""
    from rdflib import DCTERMS, URIRef
    from study import study_graph
    assert not list(study_graph().triples((DCTERMS.title, None, None)))   # described nowhere in the data
    page = study_client.get("/ressource", query_string={"iri": str(DCTERMS.title)})
    assert page.status_code == 200 and "als Eigenschaft" in page.get_data(as_text=True)
    assert study_client.get("/ressource", query_string={"iri": str(DCTERMS.title), "format": "ttl"}).status_code == 200
    unknown = study_client.get("/ressource", query_string={"iri": str(URIRef("http://example.org/nie-verwendet"))})
    assert unknown.status_code == 404


def test_a_term_that_a_blank_node_points_to_has_a_page(study_client):
    """kg:unit is the object of an OWL restriction (a blank node): its sources were asked with the blank
    node in a VALUES block, a SPARQL syntax error (was 400 'expected UNDEF')."""
    from rdflib import BNode
    from study import KG, study_graph

    assert any(isinstance(s, BNode) for s in study_graph().subjects(None, KG.unit))
    page = study_client.get("/ressource.json", query_string={"iri": str(KG.unit)})
    assert page.status_code == 200, page.get_json()
    assert any(s["other"].get("bnode") for g in page.get_json()["resource"]["incoming"] for s in g["statements"])


def test_the_catalogue_links_the_question_pages_not_their_files(study_client):
    """The catalogue, a question's form, its "Fragenkatalog" and "Im Editor öffnen" lead to pages (they
    led to the JSON twins: url_for built the twin's rule, registered first)."""
    html = study_client.get("/abfragen").get_data(as_text=True)
    links = re.findall(r'href="(/abfragen/[^"/]+)"', html)
    assert len(links) > 20 and not [link for link in links if link.endswith((".csv", ".json"))]
    question = study_client.get("/abfragen/kommunen-eines-landes?land=hessen&frage=1").get_data(as_text=True)
    assert 'action="/abfragen/kommunen-eines-landes"' in question
    assert 'href="/abfragen#katalog"' in question and 'href="/abfragen#query=' in question
    assert study_client.get("/abfragen.json").get_json()["questions"][0]["url"].rsplit("/", 1)[-1].count(".") == 0
