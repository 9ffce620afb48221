"""The synthetic Germany graph: deterministic, the official counts per Land, clearly synthetic."""

from __future__ import annotations

import hashlib
from importlib import resources

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from koopgraph.graph.synth import write_synthetic
from koopgraph.web.cli import main

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
          ?land a kg:Land ; rdfs:label ?label . BIND(STRBEFORE(?label, " (synthetisch)") AS ?name)
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


# The browsing edge the ontology derives from each cooperation kind (ontology/eigenschaften-kanten.ttl,
# kg:derivedFromKind with kg:edgeSubjectRole / kg:edgeObjectRole).
EDGE_OF_KIND = {"landkreis-kommune": "supports", "austausch": "exchangesWith",
                "weiterfuehrende-kooperation": "cooperatesWith", "einflussnahme": "contacts",
                "akteurskooperation": "worksWithActor"}


def test_relations_of_every_kind_with_their_browsing_edge(scale_s):
    store, _ = scale_s
    totals = {r["kind"].value.rsplit("/", 1)[1]: int(r["n"].value) for r in select(store, """
        SELECT ?kind (COUNT(?coop) AS ?n) WHERE { ?coop a kg:Kooperation ; kg:cooperationKind ?kind }
        GROUP BY ?kind""")}
    assert set(totals) == set(EDGE_OF_KIND)
    for kind, edge in EDGE_OF_KIND.items():
        drawn = select(store, f"""
            SELECT (COUNT(DISTINCT ?coop) AS ?n) WHERE {{
              VALUES (?subjectRole ?objectRole) {{ (kg:supportingParty kg:supportedParty)
                                                  (kg:hasParticipant kg:counterparty) }}
              ?coop kg:cooperationKind <https://w3id.org/koopgraph/id/konzept/kooperationsart/{kind}> ;
                    ?subjectRole ?s ; ?objectRole ?o .
              ?s kg:{edge} ?o .
            }}""")
        assert int(drawn[0]["n"].value) == totals[kind] > 0, kind


def test_everything_is_in_its_own_graph_under_synthetic_iris(scale_s):
    store, triples = scale_s
    assert {g.value for g in store.named_graphs()} == {SYNTH_GRAPH}
    assert len(store) == triples
    foreign = select(store, 'SELECT ?s WHERE { ?s ?p ?o FILTER(!STRSTARTS(STR(?s), '
                            '"https://w3id.org/koopgraph/id/synth/")) } LIMIT 1')
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
