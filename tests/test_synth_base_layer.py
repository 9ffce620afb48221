"""``koopgraph synth --on-base-layer``: synthetic relations on the real places of the base layer.

Expected places and memberships come from the vendored Destatis table
(data/build/amtlich/gv-auszug-2019-12-31.csv) read by a reader written here, the IRIs by the rule
documented in data/README.md (Kreis: id/kreis/<AGS 5>, Gemeinde: id/gemeinde/<ARS 12>), the numbers of
relations per place from the scale table in README.md. The generated file is loaded beside the shipped
base layer and the study into an Oxigraph store and asked with SPARQL.
"""

from __future__ import annotations

import csv
import hashlib
from collections import Counter, defaultdict
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from koopgraph.graph.bench.report import markdown
from koopgraph.graph.bench.run import BenchOptions, dataset_files, run_benchmark
from koopgraph.graph.bind import with_value_lists
from koopgraph.graph.store import open_store
from koopgraph.graph.store.load import load_study_dataset
from koopgraph.graph.store.terms import to_rdflib
from koopgraph.graph.synth.generate import write_synthetic
from koopgraph.graph.validate import CONTEXT, validate_addition, validate_graph
from koopgraph.ontology import ontology_files
from koopgraph.web.cli import main
from rdflib import Graph, URIRef

REPO = Path(__file__).resolve().parents[1]
GV = REPO / "data" / "build" / "amtlich" / "gv-auszug-2019-12-31.csv"
ID = "https://w3id.org/koopgraph/id/"
KG = "https://w3id.org/koopgraph/ontology#"
SYNTH_GRAPH = "https://w3id.org/koopgraph/graph/synthetisch"
PREFIXES = f"PREFIX kg: <{KG}>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
KIND = ID + "konzept/kooperationsart/"
EXCHANGE_KINDS = {"austausch-im-kreis", "austausch-ueber-kreisgrenzen", "kooperation-im-kreis",
                  "kooperation-ueber-kreisgrenzen"}
# README.md, "Synthetic relations on the real map": relations a place starts, per scale
# (exchanges of a Gemeinde, exchanges of a Kreis, influence, actor cooperations; local actors per Kreis)
PER_PLACE = {"XS": (2, 3, 1, 1, 4), "S": (2, 3, 1, 1, 6), "M": (3, 8, 2, 3, 24), "L": (32, 80, 30, 35, 240)}
XS_LAENDER = {"02", "04", "10"}  # Hamburg, Bremen, Saarland
# the browsing edges a relation draws from its subject (ontology, eigenschaften-kanten.ttl)
EDGES = {KG + e for e in ("supports", "exchangesWith", "cooperatesWith", "influencesVia", "contacts",
                          "worksWithActor", "eligibleFor")}


# --- the vendored table, read here ------------------------------------------------------------------

def official_places(laender: set[str] | None = None) -> tuple[dict, dict]:
    """({Kreis IRI: kreisfrei?}, {Gemeinde IRI: its Kreis IRI}) of the kreisangehörige Gemeinden
    (gemeindefreie Gebiete, Textkennzeichen 65/66, left out; a kreisfreie Stadt is its Kreis)."""
    kreise, gemeinden = {}, {}
    with open(GV, encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            if laender and row["land"] not in laender:
                continue
            kreis = ID + "kreis/" + row["land"] + row["rb"] + row["kreis"]
            if row["satzart"] == "40":
                kreise[kreis] = row["textkennzeichen"] in {"41", "42"}
            elif row["satzart"] == "60" and row["textkennzeichen"] not in {"65", "66"}:
                ars = row["land"] + row["rb"] + row["kreis"] + row["vb"] + row["gemeinde"]
                gemeinden[ID + "gemeinde/" + ars] = kreis
    return kreise, {gemeinde: kreis for gemeinde, kreis in gemeinden.items() if not kreise[kreis]}


def expected_started(scale: str, laender: set[str] | None) -> dict[str, Counter]:
    """Relations each place starts, by group (exchange, influence, actor, county), as documented."""
    g_exchanges, k_exchanges, influences, actor_links, actors = PER_PLACE[scale]
    kreise, gemeinden = official_places(laender)
    land_of = lambda iri: iri.rsplit("/", 1)[1][:2]  # noqa: E731 — first two digits of the key
    cities = [k for k, kreisfrei in kreise.items() if kreisfrei]
    members, in_land = defaultdict(list), Counter(land_of(g) for g in gemeinden)
    for gemeinde, kreis in gemeinden.items():
        members[kreis].append(gemeinde)
    started = {}
    for kreis in kreise:  # partners: the other Kreise of its Land, then kreisfreie Städte anywhere
        pool = {k for k in kreise if land_of(k) == land_of(kreis)} | set(cities)
        started[kreis] = Counter(exchange=min(k_exchanges, len(pool) - 1), influence=influences,
                                 actor=min(actor_links, actors), county=len(members[kreis]))
    for gemeinde in gemeinden:  # partners: its Kreis, then the Land's kreisangehörige Gemeinden
        started[gemeinde] = Counter(exchange=min(g_exchanges, in_land[land_of(gemeinde)] - 1),
                                    influence=influences, actor=min(actor_links, actors))
    return {place: +counts for place, counts in started.items()}


# --- the store ----------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def stores(tmp_path_factory):
    """{scale: (store with the shipped data and the synthetic file, the file)} for XS and S."""
    folder = tmp_path_factory.mktemp("synth-base")
    found = {}
    for scale in ("XS", "S"):
        path = folder / f"{scale}.nq"
        write_synthetic(path, scale, 5, on_base_layer=True)
        store = ox.Store()
        for data in sorted((REPO / "data").glob("*.trig")) + sorted((REPO / "data" / "gebiet").glob("*.trig")):
            store.bulk_load(path=str(data), format=ox.RdfFormat.TRIG)
        store.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)
        found[scale] = store, path
    return found


def select(store, sparql: str) -> list[dict]:
    result = store.query(PREFIXES + sparql, use_default_graph_as_union=True)
    return [{str(v)[1:]: s[v].value for v in result.variables if s[v] is not None} for s in result]


def synthetic_iris(store) -> set[str]:
    rows = select(store, f"""SELECT DISTINCT ?x WHERE {{ GRAPH <{SYNTH_GRAPH}> {{ {{ ?x ?p ?o }} UNION {{ ?s ?x ?o }}
        UNION {{ ?s ?p ?x }} }} FILTER(isIRI(?x)) }}""")
    return {r["x"] for r in rows}


# --- the tests ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("scale", ["XS", "S"])
def test_every_real_iri_is_a_place_of_the_base_layer(stores, scale):
    store, _ = stores[scale]
    real = {x for x in synthetic_iris(store) if x.startswith(ID) and not x.startswith((ID + "synth/", ID + "konzept/"))}
    in_base_layer = {r["x"] for r in select(store, """SELECT DISTINCT ?x WHERE {
        GRAPH <https://w3id.org/koopgraph/graph/gebiet> { { ?x ?p ?o } UNION { ?s ?p ?x } }
        FILTER NOT EXISTS { ?x kg:aliasOf ?other } }""")}
    assert real and real - in_base_layer == set()
    kreise, gemeinden = official_places(XS_LAENDER if scale == "XS" else None)
    laender = {r["land"] for r in select(store, "SELECT ?land WHERE { ?land kg:landKey ?key }")}
    places = set(kreise) | set(gemeinden)
    assert real - places - laender == {ID + "bund"}  # the funder of the Bund programme
    assert places - real == set()  # every Kreis and Gemeinde has relations


@pytest.mark.parametrize("scale", ["XS", "S"])
def test_relations_per_place_as_documented(stores, scale):
    store, _ = stores[scale]
    rows = select(store, f"""SELECT ?place ?kind (COUNT(?c) AS ?n) WHERE {{ GRAPH <{SYNTH_GRAPH}> {{
        ?c a kg:Kooperation ; kg:cooperationKind ?kind ; kg:hasParticipant|kg:supportingParty ?place }}
        }} GROUP BY ?place ?kind""")
    group = {"landkreis-kommune": "county", "einflussnahme": "influence", "akteurskooperation": "actor",
             **{kind: "exchange" for kind in EXCHANGE_KINDS}}
    started = defaultdict(Counter)
    for row in rows:
        started[row["place"]][group[row["kind"].removeprefix(KIND)]] += int(row["n"])
    assert dict(started) == expected_started(scale, XS_LAENDER if scale == "XS" else None)


def test_each_landkreis_supports_exactly_its_own_gemeinden(stores):
    store, _ = stores["S"]
    rows = select(store, f"""SELECT ?kreis ?gemeinde WHERE {{ GRAPH <{SYNTH_GRAPH}> {{
        ?c kg:cooperationKind <{KIND}landkreis-kommune> ;
           kg:supportingParty ?kreis ; kg:supportedParty ?gemeinde }} }}""")
    pairs = Counter((r["kreis"], r["gemeinde"]) for r in rows)
    _, gemeinden = official_places()
    assert pairs == Counter((kreis, gemeinde) for gemeinde, kreis in gemeinden.items())


def test_in_kreis_kinds_stay_in_the_kreis_and_across_kinds_cross_it(stores):
    """The kind of an exchange agrees with the real Kreise of its two places (kg:inCounty of the base
    layer; a Kreis or kreisfreie Stadt is its own Kreis)."""
    store, _ = stores["S"]
    kinds = " ".join(f"<{KIND}{kind}>" for kind in sorted(EXCHANGE_KINDS))
    rows = select(store, f"""SELECT ?kind ?a ?b WHERE {{ VALUES ?kind {{ {kinds} }} GRAPH <{SYNTH_GRAPH}> {{
        ?c kg:cooperationKind ?kind ; kg:hasParticipant ?a ; kg:counterparty ?b }} }}""")
    _, gemeinden = official_places()
    kreis_of = lambda place: gemeinden.get(place, place)  # noqa: E731
    wrong = [r for r in rows if (kreis_of(r["a"]) == kreis_of(r["b"])) != r["kind"].endswith("im-kreis")]
    assert len(rows) > 20_000 and wrong == []


def test_real_places_get_only_the_browsing_edges(stores):
    """No synthetic name, type, figure or membership of a real place: those are the base layer's."""
    store, _ = stores["S"]
    rows = select(store, f"""SELECT DISTINCT ?p WHERE {{ GRAPH <{SYNTH_GRAPH}> {{ ?s ?p ?o }}
        FILTER(STRSTARTS(STR(?s), "{ID}") && !STRSTARTS(STR(?s), "{ID}synth/")
               && !STRSTARTS(STR(?s), "{ID}konzept/")) }}""")
    assert {r["p"] for r in rows} == EDGES


def test_no_case_of_the_study_is_touched(stores):
    """Nothing synthetic names a case, its coded statements or cooperations (graph faelle; the
    channel concepts whose kg:addressesLevel both graphs state are no case)."""
    store, _ = stores["S"]
    cases = {r["x"] for r in select(store, f"""SELECT DISTINCT ?x WHERE {{
        GRAPH <https://w3id.org/koopgraph/graph/faelle> {{ ?x ?p ?o }}
        FILTER(!STRSTARTS(STR(?x), "{ID}konzept/")) }}""")}
    assert len([c for c in cases if "/fall/" in c]) == 81 and synthetic_iris(store) & cases == set()


def test_everything_synthetic_says_so(stores):
    store, path = stores["S"]
    in_graph = sum(1 for _ in store.quads_for_pattern(None, None, None, ox.NamedNode(SYNTH_GRAPH)))
    assert in_graph == sum(1 for _ in ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS))
    new = select(store, f"""SELECT DISTINCT ?s WHERE {{ GRAPH <{SYNTH_GRAPH}> {{ ?s a ?type }} }}""")
    assert new and [r["s"] for r in new if not r["s"].startswith(ID + "synth/amtlich/")] == []
    labels = select(store, f"SELECT ?label WHERE {{ GRAPH <{SYNTH_GRAPH}> {{ ?s rdfs:label ?label }} }}")
    assert len(labels) > 50_000 and [r for r in labels if "ynthet" not in r["label"]] == []
    described = select(store, f"""SELECT ?triples WHERE {{ GRAPH <{SYNTH_GRAPH}> {{
        ?d <http://rdfs.org/ns/void#triples> ?triples ; rdfs:label ?title }}
        FILTER(CONTAINS(?title, "amtlichen Gebietsgliederung")) }}""")
    assert [int(r["triples"]) for r in described] == [in_graph]


def test_same_seed_same_bytes(tmp_path):
    first, again, other, plain = (tmp_path / f"{n}.nq" for n in ("a", "b", "c", "d"))
    write_synthetic(first, "XS", 3, on_base_layer=True)
    write_synthetic(again, "XS", 3, on_base_layer=True)
    write_synthetic(other, "XS", 4, on_base_layer=True)
    write_synthetic(plain, "XS", 3)
    digests = [hashlib.sha256(p.read_bytes()).hexdigest() for p in (first, again, other, plain)]
    assert digests[0] == digests[1] and len(set(digests)) == 3


def _graph_of(path: Path) -> Graph:
    graph = Graph()
    for quad in ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS):
        graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    return graph


def _with_what_the_store_says(store, addition: Graph) -> Graph:
    """``addition`` and everything the store says about the dataset's resources it reaches (its places,
    their Kreise, Länder, seats …), then the types and labels of what those point to."""
    data, seen = Graph(), set()
    data += addition
    frontier = {t for triple in addition for t in triple if isinstance(t, URIRef)}
    while todo := sorted(x for x in frontier - seen if x.startswith(ID) and not x.startswith(ID + "synth/")):
        seen.update(todo)
        about = store.query(with_value_lists("CONSTRUCT { ?x ?p ?o } WHERE { ?x ?p ?o }", {"x": todo})).graph
        data += about
        frontier = {o for o in about.objects() if isinstance(o, URIRef)}
    pointed = sorted({o for o in data.objects() if isinstance(o, URIRef)})
    data += store.query(with_value_lists(CONTEXT, {"x": pointed})).graph
    return data


def test_the_combination_conforms_to_the_shapes(tmp_path):
    """Scale XS beside the study and the whole base layer: the core profile as a load checks it
    (validate_addition), and every profile over the file with all the store says about its places;
    an endpoint that is no place of the base layer is caught."""
    path = tmp_path / "xs.nq"
    write_synthetic(path, "XS", 7, on_base_layer=True)
    store = open_store("memory", empty=True)
    load_study_dataset(store, base_layer=True)
    addition = _graph_of(path)
    assert [f.sentence() for f in validate_addition(store, addition).findings] == []
    assert [f.sentence() for f in validate_graph(_with_what_the_store_says(store, addition)).findings] == []
    real = URIRef(ID + "gemeinde/100410100100")  # Saarbrücken
    assert (None, None, real) in addition
    broken = Graph()
    for s, p, o in addition:
        broken.add((s, p, URIRef(ID + "gemeinde/100419999999") if o == real else o))
    assert any("100419999999" in f.sentence() for f in validate_addition(store, broken).findings)


def test_synth_command_on_the_base_layer(tmp_path):
    out = tmp_path / "x.trig"
    result = CliRunner().invoke(main, ["synth", "--on-base-layer", "--scale", "XS", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "on the official base layer" in result.output
    graphs = {q.graph_name.value for q in ox.parse(path=str(out), format=ox.RdfFormat.TRIG)}
    assert graphs == {SYNTH_GRAPH}


def test_bench_runs_on_the_base_layer(tmp_path):
    """``koopgraph bench --on-base-layer``: the synthetic file beside the shipped study and base layer;
    the Landkreise with relations are the real ones of the XS Länder (only Saarland has Landkreise)."""
    report = run_benchmark(BenchOptions(scale="XS", configs=("pyoxigraph",), repeat=1, budget_s=0.1,
                                        cache_dir=tmp_path, on_base_layer=True))
    assert report["errors"] == {} and report["on_base_layer"]
    shipped = sum(1 for f in dataset_files(True) for _ in ox.parse(path=str(f), format=ox.RdfFormat.TRIG))
    ontology = sum(1 for f in ontology_files() for _ in ox.parse(path=str(f), format=ox.RdfFormat.TURTLE))
    assert report["load"]["pyoxigraph"]["triples"] == report["file_triples"] + shipped + ontology
    kreise, _ = official_places(XS_LAENDER)
    rows = {q["name"]: q["rows"]["pyoxigraph"] for q in report["queries"]}
    assert rows["group_by_kreis_land"] == sum(1 for kreisfrei in kreise.values() if not kreisfrei) == 6
    assert "on the base layer" in markdown(report)


def test_bench_pages_refuse_the_base_layer_mode(tmp_path):
    result = CliRunner().invoke(main, ["bench", "--on-base-layer", "--only-http", "--cache-dir", str(tmp_path)])
    assert result.exit_code == 1 and "--http times the pages of the purely synthetic graph only" in result.output
