"""Every facet value link of /kommunen answers, on the memory store and the embedded Oxigraph store,
with the municipalities the link promises — also combined with a second facet.

Expected sets come from the shipped TriG files read with plain rdflib (tests/study.py), not from the
explorer's SPARQL; population ranges are read from the link's own label ("5.000 bis unter 10.000").
"""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from koopgraph.graph.store import open_store
from koopgraph.graph.store.load import load_study_dataset
from koopgraph.web.app import create_app
from rdflib import RDF, RDFS, Dataset, URIRef
from study import KG, REPO, study_graph

FACET_PROPERTY = {"land": KG.inLand, "laendlichkeit": KG.rurality, "lage": KG.socioEconomicSituation,
                  "partei": KG.headParty, "mehrheit": KG.councilMajority, "programm": KG.eligibleFor,
                  "gebietsart": KG.unitKind, "verstaedterung": KG.degreeOfUrbanisation}
LINK = re.compile(r'<a href="(/kommunen\?[^"]*)"[^>]*>\s*<span class="facet-label">([^<]*)</span>'
                  r'<span class="count">(\d+)</span>')


@pytest.fixture(scope="module")
def truth():
    """The study's triples (with the ontology) and the base layer's slice about its places (which the
    store holds too: the Kreise of its kreisangehörige Kommunen) read by rdflib, and the municipalities."""
    graph = study_graph()
    for path in sorted((REPO / "data" / "gebiet" / "studie").glob("*.trig")):
        slice_of_base_layer = Dataset()
        slice_of_base_layer.parse(path, format="trig")
        for s, p, o, _ in slice_of_base_layer.quads((None, None, None, None)):
            graph.add((s, p, o))
    subclasses = {KG.Kommune} | set(graph.transitive_subjects(RDFS.subClassOf, KG.Kommune))
    municipalities = {s for c in subclasses for s in graph.subjects(RDF.type, c)}
    return graph, municipalities


@pytest.fixture(scope="module", params=["memory", "oxigraph"])
def client(request, tmp_path_factory):
    spec = "memory" if request.param == "memory" else str(tmp_path_factory.mktemp("store") / "s")
    store = open_store(spec, empty=True)
    load_study_dataset(store, base_layer=False)    # the study alone on both backends: the truth is its files
    app = create_app(store)
    yield app.test_client()
    app.koopgraph_services.close()
    if store.dataset is not None:
        store.close()


def population_range(label: str) -> tuple[int, float]:
    """(low, high) from a range label such as '5.000 bis unter 10.000', 'unter 5.000', '250.000 und mehr'."""
    numbers = [int(n.replace(".", "")) for n in re.findall(r"\d[\d.]*", label)]
    if label.startswith("unter"):
        return 0, numbers[0]
    if "und mehr" in label:
        return numbers[0], float("inf")
    return numbers[0], numbers[1]


def members(truth, key: str, value: str) -> set[URIRef]:
    """The municipalities that have facet ``key`` = ``value`` (an IRI, or a population range label)."""
    graph, municipalities = truth
    if key in ("einwohner", "einwohner-amtlich"):
        low, high = population_range(value)
        if key == "einwohner":   # the study's figure
            counted = {k: graph.value(k, KG.population) for k in municipalities}   # the slice's Kreise have none
        else:                    # the official one; a Kreis's is the sum of its Gemeinden
            counted = {k: graph.value(k, KG.officialPopulation) or graph.value(k, KG.summedPopulation)
                       for k in municipalities}
        return {k for k, n in counted.items() if n is not None and low <= int(n) < high}
    if key == "studie":
        sampled = {k for k in municipalities if (k, RDF.type, KG.Studienkommune) in graph}
        return sampled if value == "ja" else municipalities - sampled
    if key == "typ":
        classes = {URIRef(value)} | set(graph.transitive_subjects(RDFS.subClassOf, URIRef(value)))
        return {k for k in municipalities if set(graph.objects(k, RDF.type)) & classes}
    return {k for k in municipalities if (k, FACET_PROPERTY[key], URIRef(value)) in graph}


def facet_links(client, query: str) -> list[tuple[str, str, int]]:
    """(href, label, count) of every facet value link on /kommunen?query."""
    page = client.get("/kommunen" + ("?" + query if query else ""))
    assert page.status_code == 200, page.get_data(as_text=True)[:500]
    facets = page.get_data(as_text=True).split('<aside class="facets"', 1)[1].split("</aside>", 1)[0]
    return [(html.unescape(href), html.unescape(label), int(count)) for href, label, count in LINK.findall(facets)]


def value_of(client, key: str, label: str) -> str:
    """The facet value (IRI, or the range label) the page's JSON gives for ``label``."""
    data = client.get("/kommunen.json").get_json()
    return next(v["value"] for f in data["facets"] if f["key"] == key for v in f["values"] if v["label"] == label)


def expected_for(client, truth, href: str) -> set[URIRef]:
    graph, municipalities = truth
    by_key: dict[str, set] = {}
    for key, label in parse_qsl(urlsplit(href).query):   # values of one facet: either; facets: all
        by_key.setdefault(key, set()).update(members(truth, key, value_of(client, key, label)))
    chosen = set(municipalities)
    for found in by_key.values():
        chosen &= found
    return chosen


def listed(client, href: str) -> tuple[int, set[URIRef]]:
    response = client.get(href.replace("/kommunen", "/kommunen.json", 1))
    assert response.status_code == 200, (href, response.get_json())
    data = response.get_json()
    return data["total"], {URIRef(row["iri"]) for row in data["rows"]}


@pytest.mark.parametrize("start", ["", "einwohner=unter+5.000", "land=Bayern"])
def test_every_facet_link_lists_what_it_promises(client, truth, start):
    links = facet_links(client, start)
    keys = {key for href, _, _ in links for key, _ in parse_qsl(urlsplit(href).query)}
    assert keys >= {"studie", "land", "typ", "laendlichkeit", "lage", "einwohner", "einwohner-amtlich",
                    "gebietsart", "verstaedterung"}
    for href, label, count in links:
        total, rows = listed(client, href)
        expected = expected_for(client, truth, href)
        assert total == len(expected), (href, total, len(expected))
        assert rows == expected, href
        added = set(parse_qsl(urlsplit(href).query)) - set(parse_qsl(start))
        if added and not {key for key, _ in added} & {key for key, _ in parse_qsl(start)}:
            assert count == total, (href, count, total)   # a value of a facet not yet chosen: its count


def test_the_search_finds_a_study_place_by_postcode_ags_and_name_start_on_both_backends(client):
    from test_gebiet import key_of, official_rows
    aulendorf = next(r for r in official_rows() if r["satzart"] == "60" and r["gemeindename"] == "Aulendorf, Stadt")
    ars = key_of(aulendorf)
    for text in (aulendorf["postleitzahl"], ars[:5] + ars[9:], "aulend"):
        total, rows = listed(client, "/kommunen?" + urlencode({"suche": text}))
        assert (total, rows) == (1, {URIRef("https://w3id.org/koopgraph/id/gemeinde/" + ars)}), text
    assert listed(client, "/kommunen?suche=Nirgendwo") == (0, set())


def test_scales_are_listed_in_their_order_not_alphabetically(client):
    """Ländlichkeit as the study scales it (§2.3.2: nicht, eher, sehr ländlich; it read eher, nicht, sehr) and
    the degree of urbanisation from dense to thin (DEGURBA's order: 1 dicht, 2 mittel, 3 gering)."""
    facets = {f["key"]: [v["label"] for v in f["values"]] for f in client.get("/kommunen.json").get_json()["facets"]}
    assert facets["laendlichkeit"] == ["nicht ländlich", "eher ländlich", "sehr ländlich"]
    assert facets["verstaedterung"] == ["dicht besiedelt", "mittlere Besiedlungsdichte", "gering besiedelt"]
