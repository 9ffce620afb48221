"""The synthetic Germany graph: deterministic, the official counts per Land, clearly synthetic."""

from __future__ import annotations

import hashlib
from importlib import resources

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from koopgraph.graph.store.terms import to_rdflib
from koopgraph.graph.synth.generate import write_synthetic
from koopgraph.graph.validate import validate_graph
from koopgraph.ontology import ontology_files
from koopgraph.web.cli import main
from rdflib import Graph

SYNTH_GRAPH = "https://w3id.org/koopgraph/graph/synthetisch"
KG = "https://w3id.org/koopgraph/ontology#"
PREFIXES = f"PREFIX kg: <{KG}>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"

# Destatis, Gemeindeverzeichnis (GV-ISys), Gebietsstand 31.12.2023: Landkreise (incl. Region
# Hannover, Städteregion Aachen, Regionalverband Saarbrücken), kreisfreie Städte (incl. Berlin,
# Hamburg, Bremen, Bremerhaven) and Gemeinden (incl. the kreisfreie Städte) per Land.
DESTATIS_2023 = {
    "Schleswig-Holstein": (11, 4, 1104), "Hamburg": (0, 1, 1), "Niedersachsen": (37, 8, 941),
    "Bremen": (0, 2, 2), "Nordrhein-Westfalen": (31, 22, 396), "Hessen": (21, 5, 421),
    "Rheinland-Pfalz": (24, 12, 2301), "Baden-Württemberg": (35, 9, 1101), "Bayern": (71, 25, 2056),
    "Saarland": (6, 0, 52), "Berlin": (0, 1, 1), "Brandenburg": (14, 4, 413),
    "Mecklenburg-Vorpommern": (6, 2, 726), "Sachsen": (10, 3, 418), "Sachsen-Anhalt": (11, 3, 218),
    "Thüringen": (17, 5, 605),
}


def sha256(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def scale_s(tmp_path_factory):
    """Scale S in a pyoxigraph store (read only by the tests below)."""
    path = tmp_path_factory.mktemp("synth") / "s.nq"
    triples = write_synthetic(path, "S", 7)
    store = ox.Store()
    store.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)
    return store, triples


def select(store, sparql):
    return list(store.query(PREFIXES + sparql, use_default_graph_as_union=True))


def test_same_seed_same_bytes_other_seed_other_bytes(tmp_path):
    first, again, other = tmp_path / "a.nq", tmp_path / "b.nq", tmp_path / "c.nq"
    write_synthetic(first, "XS", 3)
    write_synthetic(again, "XS", 3)
    write_synthetic(other, "XS", 4)
    assert sha256(first) == sha256(again)
    assert sha256(first) != sha256(other)


@pytest.mark.parametrize("suffix,fmt", [(".nq", ox.RdfFormat.N_QUADS), (".trig", ox.RdfFormat.TRIG),
                                        (".nt", ox.RdfFormat.N_TRIPLES), (".ttl", ox.RdfFormat.TURTLE)])
def test_the_format_follows_the_extension(tmp_path, suffix, fmt):
    path = tmp_path / f"xs{suffix}"
    triples = write_synthetic(path, "XS", 1)
    parsed = list(ox.parse(path=str(path), format=fmt))
    assert len(parsed) == triples
    if fmt.supports_datasets:
        assert {q.graph_name.value for q in parsed} == {SYNTH_GRAPH}


def test_counts_per_land_match_destatis(scale_s):
    store, _ = scale_s
    rows = select(store, """
        SELECT ?name (SUM(?lk) AS ?landkreise) (SUM(?kfs) AS ?staedte) (SUM(?gem) AS ?gemeinden) WHERE {
          ?land a kg:Land ; rdfs:label ?label . FILTER(LANG(?label) = "de")
          BIND(STRBEFORE(?label, " (synthetisch)") AS ?name)
          ?k kg:inLand ?land ; a ?type .
          BIND(IF(?type = kg:Landkreis, 1, 0) AS ?lk)
          BIND(IF(?type = kg:KreisfreieStadt, 1, 0) AS ?kfs)
          BIND(IF(?type != kg:Landkreis, 1, 0) AS ?gem)
        } GROUP BY ?name""")
    counted = {r["name"].value: (int(r["landkreise"].value), int(r["staedte"].value), int(r["gemeinden"].value))
               for r in rows}
    assert counted == DESTATIS_2023
    totals = [sum(column) for column in zip(*counted.values())]
    assert totals[0] == 294 and totals[1] == 106


def test_every_gemeinde_lies_in_a_landkreis_of_its_own_land(scale_s):
    store, _ = scale_s
    wrong = select(store, """
        SELECT ?g WHERE {
          VALUES ?type { kg:KreisangehoerigeGemeinde kg:KreisangehoerigeStadt }
          ?g a ?type ; kg:inLand ?land .
          FILTER NOT EXISTS { ?g kg:inCounty ?kreis . ?kreis a kg:Landkreis ; kg:inLand ?land }
        }""")
    assert wrong == []


def test_at_least_five_relations_per_municipality(scale_s):
    store, _ = scale_s
    rows = select(store, """
        SELECT ?k (COUNT(DISTINCT ?coop) AS ?n) WHERE {
          ?k kg:inLand ?land . ?coop ?role ?k . ?coop a kg:Kooperation
        } GROUP BY ?k""")  # a Kommune without any relation would be missing: hence the row count
    assert len(rows) == sum(lk + g for lk, _, g in DESTATIS_2023.values())
    assert min(int(r["n"].value) for r in rows) >= 5


def ontology_graph() -> Graph:
    graph = Graph()
    for path in ontology_files():
        graph.parse(path, format="turtle")
    return graph


def test_every_relation_has_the_edges_the_ontology_derives(scale_s):
    """The ontology's rules (kg:derivedFromKind, kg:edgeSubjectRole, kg:edgeObjectRole, narrower kinds
    included) decide which browsing edge each kg:Kooperation needs; the subject role kg:case (an
    anonymised case in the study) is played by the named synthetic Kommune (kg:hasParticipant)."""
    store, _ = scale_s
    rules = ontology_graph().query("""
        PREFIX kg: <https://w3id.org/koopgraph/ontology#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?edge ?kind ?subjectRole ?objectRole WHERE {
          ?edge kg:derivedFromKind ?top ; kg:edgeSubjectRole ?sr ; kg:edgeObjectRole ?objectRole .
          ?kind skos:broader* ?top .
          BIND(IF(?sr = kg:case, kg:hasParticipant, ?sr) AS ?subjectRole) }""")
    checked, kinds = 0, set()
    for edge, kind, subject_role, object_role in rules:
        pairs = select(store, f"""
            SELECT ?s ?o (EXISTS {{ ?s <{edge}> ?o }} AS ?drawn) WHERE {{
              ?coop kg:cooperationKind <{kind}> ; <{subject_role}> ?s ; <{object_role}> ?o }}""")
        missing = [(r["s"].value, r["o"].value) for r in pairs if r["drawn"].value != "true"]
        assert missing == [], f"{edge} missing for {len(missing)} relations of kind {kind}"
        checked += len(pairs)
        kinds.update([kind.rsplit("/", 1)[1]] if pairs else [])
    assert {"landkreis-kommune", "austausch-im-kreis", "austausch-ueber-kreisgrenzen", "kooperation-im-kreis",
            "einflussnahme", "akteurskooperation"} <= kinds
    coops = int(select(store, "SELECT (COUNT(*) AS ?n) WHERE { ?c a kg:Kooperation }")[0]["n"].value)
    assert checked >= coops > 0


@pytest.mark.parametrize("scale", ["XS", pytest.param("S", marks=pytest.mark.slow)])
def test_conforms_to_the_shapes(tmp_path, scale):
    """pySHACL with koopgraph's shapes over a whole synthetic graph: XS by default (~15 s), S with
    ``--slow`` (~0.6M triples, some 15 minutes)."""
    path = tmp_path / "synth.nq"
    write_synthetic(path, scale, 7)
    graph = Graph()
    for quad in ox.parse(path=str(path), format=ox.RdfFormat.N_QUADS):
        graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    report = validate_graph(graph)
    assert [f.sentence() for f in report.findings] == []


def test_everything_is_in_its_own_graph_under_synthetic_iris(scale_s):
    store, triples = scale_s
    assert {g.value for g in store.named_graphs()} == {SYNTH_GRAPH}
    assert len(store) == triples
    # only the channel → level edges start at the ontology's channel concepts (kg:addressesLevel)
    foreign = select(store, 'SELECT ?s WHERE { ?s ?p ?o FILTER(!STRSTARTS(STR(?s), '
                            '"https://w3id.org/koopgraph/id/synth/") && ?p != kg:addressesLevel) } LIMIT 1')
    assert foreign == []


def test_every_label_says_synthetic(scale_s):
    store, _ = scale_s
    labels = select(store, "SELECT ?label WHERE { ?s rdfs:label ?label }")
    assert len(labels) > 11_000
    german = [r["label"] for r in labels if r["label"].language == "de"]
    english = [r["label"] for r in labels if r["label"].language == "en"]
    assert len(german) + len(english) == len(labels)
    assert [x.value for x in german if "synthetisch" not in x.value.lower()] == []
    assert [x.value for x in english if "synthetic" not in x.value.lower()] == []


def test_the_dataset_description_says_synthetic_and_counts_right(scale_s):
    store, triples = scale_s
    rows = select(store, """
        SELECT ?description ?triples WHERE {
          ?d a <http://rdfs.org/ns/void#Dataset> ; <http://purl.org/dc/terms/description> ?description ;
             <http://rdfs.org/ns/void#triples> ?triples }""")
    assert len(rows) == 1
    assert "Synthetische" in rows[0]["description"].value
    assert int(rows[0]["triples"].value) == triples


def test_populations_are_skewed_like_real_gemeinden(scale_s):
    """Log-normal: the mean Gemeinde is much bigger than the median one, as in Destatis data."""
    store, _ = scale_s
    sizes = sorted(int(r["p"].value) for r in select(store, """
        SELECT ?p WHERE { ?g kg:inCounty ?k ; kg:population ?p }"""))
    median, mean = sizes[len(sizes) // 2], sum(sizes) / len(sizes)
    assert mean > 2 * median and sizes[0] >= 50 and sizes[-1] > 50_000


def test_never_part_of_the_study_dataset():
    shipped = [f.name for f in resources.files("koopgraph.data").iterdir()]
    assert not any("synth" in name for name in shipped)


def test_synth_command_writes_and_explains_triple_formats(tmp_path):
    runner = CliRunner()
    result = runner.invoke(main, ["synth", "--scale", "XS", "--seed", "2", "-o", str(tmp_path / "x.ttl")])
    assert result.exit_code == 0, result.output
    assert f"--graph {SYNTH_GRAPH}" in result.output
    bad = runner.invoke(main, ["synth", "-o", str(tmp_path / "missing" / "x.nq")])
    assert bad.exit_code == 1 and "cannot write" in bad.output
    assert not (tmp_path / "missing").exists()
