"""Provenance, labels and reproducibility of the shipped dataset, and the build script's errors."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

REPO = Path(__file__).resolve().parents[1]
BUILD = REPO / "data" / "build" / "build.py"
KG = Namespace("https://w3id.org/koopgraph/ontology#")
GRAPH = Namespace("https://w3id.org/koopgraph/graph/")
ID = Namespace("https://w3id.org/koopgraph/id/")
PROV = Namespace("http://www.w3.org/ns/prov#")
VOID = Namespace("http://rdfs.org/ns/void#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
AUTHORS = ["Schammann", "Bendel", "Müller", "Ziegler", "Wittchen"]


def trig_files() -> list[Path]:
    return sorted((REPO / "data").glob("*.trig"))


def base_layer_files() -> list[Path]:
    """The official base layer (data/gebiet/), read with pyoxigraph: rdflib takes ~1 min for its 205k triples."""
    return sorted((REPO / "data" / "gebiet").glob("*.trig"))


def base_layer_sizes() -> dict[URIRef, int]:
    sizes: dict[URIRef, int] = {}
    for path in base_layer_files():
        for quad in ox.parse(path=str(path), format=ox.RdfFormat.TRIG):
            name = URIRef(quad.graph_name.value)
            sizes[name] = sizes.get(name, 0) + 1
    return sizes


def named_graphs() -> dict[URIRef, Graph]:
    """Every named graph of the shipped files, read with rdflib's Dataset."""
    graphs: dict[URIRef, Graph] = {}
    for path in trig_files():
        ds = Dataset()
        ds.parse(path, format="trig")
        for s, p, o, g in ds.quads((None, None, None, None)):
            graphs.setdefault(g, Graph()).add((s, p, o))
    return graphs


def ontology() -> Graph:
    g = Graph()
    for path in sorted((REPO / "ontology").glob("*.ttl")):
        if "shape" not in path.name:
            g.parse(path, format="turtle")
    return g


@pytest.fixture
def graphs() -> dict[URIRef, Graph]:
    return named_graphs()


@pytest.fixture
def description(graphs) -> Graph:
    return graphs[GRAPH["datensatz"]]


def test_each_file_holds_one_named_graph_and_nothing_in_the_default_graph():
    for path in trig_files():
        ds = Dataset()
        ds.parse(path, format="trig")
        names = {g for _, _, _, g in ds.quads((None, None, None, None))}
        assert names == {GRAPH[path.stem]}, path.name
    for path in base_layer_files():
        names = {q.graph_name.value for q in ox.parse(path=str(path), format=ox.RdfFormat.TRIG)}
        assert names == {str(GRAPH[path.stem])}, path.name


OFFICIAL = {ID["quelle/gemeindeverzeichnis-2019"], ID["quelle/kreise-2018"]}


def test_every_named_graph_has_provenance_and_its_true_size(graphs, description):
    sizes = {name: len(graph) for name, graph in graphs.items()} | base_layer_sizes()
    assert set(base_layer_sizes()) == {GRAPH["gebiet"], GRAPH["gebiet-abgeleitet"]}
    for name, size in sizes.items():
        sources = set(description.objects(name, DCTERMS.source))
        assert (name, RDF.type, VOID.Dataset) in description, name
        assert ID["quelle/zwei-welten"] in sources or sources <= OFFICIAL, name
        assert sources and set(description.objects(name, PROV.wasDerivedFrom)) >= sources, name
        assert (name, PROV.wasGeneratedBy, ID["aktivitaet/build"]) in description, name
        assert description.value(name, VOID.triples) == Literal(size, datatype=XSD.integer), name
        assert (ID["datensatz"], VOID.subset, name) in description


def test_the_base_layer_carries_its_licences_and_attribution(description):
    for name in (GRAPH["gebiet"], GRAPH["gebiet-abgeleitet"]):
        assert URIRef("https://www.govdata.de/dl-de/by-2-0") in set(description.objects(name, DCTERMS.license))
        rights = {str(r) for r in description.objects(name, DCTERMS.rights)}
        assert any("Statistisches Bundesamt (Destatis)" in r and "31.12.2019" in r and "geändert" in r for r in rights)
    top = " ".join(str(r) for r in description.objects(ID["datensatz"], DCTERMS.rights))
    assert "Destatis" in top and "dl-de/by-2-0" in top  # shown on the start page


def test_ontology_graph_and_total_are_counted(graphs, description):
    assert description.value(GRAPH["ontologie"], VOID.triples).toPython() == len(ontology())
    total = sum(len(g) for g in graphs.values()) + sum(base_layer_sizes().values())
    assert description.value(ID["datensatz"], VOID.triples).toPython() == total


def test_dataset_description_cites_the_study(description):
    study = ID["quelle/zwei-welten"]
    citation = str(description.value(study, DCTERMS.bibliographicCitation))
    assert all(name in citation for name in AUTHORS)
    assert "978-3-939574-57-6" in citation and "Robert Bosch Stiftung" in citation and "2020" in citation
    assert description.value(ID["datensatz"], DCTERMS.license) is not None
    assert {l.language for l in description.objects(ID["datensatz"], DCTERMS.rights)} == {"de", "en"}
    assert description.value(ID["datensatz"], DCTERMS.issued).datatype == XSD.date


def test_derived_eligibility_is_marked_and_reproducible(graphs, description):
    derived = graphs[GRAPH["programme-abgeleitet"]]
    assert (GRAPH["programme-abgeleitet"], PROV.wasDerivedFrom, GRAPH["programme"]) in description
    rule = description.value(GRAPH["programme-abgeleitet"], KG.derivationRule)
    query = str(derived.value(rule, KG.ruleQuery))
    inputs = Graph()
    for part in ("kommunen", "struktur", "programme"):
        inputs += graphs[GRAPH[part]]
    inputs += derived.triples((rule, None, None))
    recomputed = set(inputs.query(query))
    assert recomputed == set(derived.triples((None, KG.eligibleFor, None)))
    assert len(recomputed) > 0
    assert {p for _, p, _ in derived} - {KG.eligibleFor} == set(derived.predicates(rule))


def test_every_node_has_one_label_per_language_and_a_german_one(graphs):
    union = Graph()
    for graph in graphs.values():
        union += graph
    bad = []
    for node in set(union.subjects(RDFS.label, None)):
        languages = [l.language for l in union.objects(node, RDFS.label)]
        if "de" not in languages or len(languages) != len(set(languages)):
            bad.append(node)
    assert bad == []


def test_every_resource_has_a_declared_type(graphs):
    union = Graph()
    for graph in graphs.values():
        union += graph
    onto = ontology()
    known_vocabularies = ("http://www.w3.org/ns/", "http://www.w3.org/2004/02/skos/core#",
                          "http://rdfs.org/ns/void#", "http://purl.org/")
    untyped, undeclared = [], []
    for node in set(union.subjects()):
        types = set(union.objects(node, RDF.type)) | set(onto.objects(node, RDF.type))
        is_alias = set(union.predicates(node)) == {KG.aliasOf}  # an alias names another resource
        if str(node).startswith(str(ID)) and not types and not is_alias:
            untyped.append(node)
        for t in types:
            if str(t).startswith(str(KG)) and (t, RDF.type, OWL.Class) not in onto:
                undeclared.append(t)
            elif not str(t).startswith((str(KG), *known_vocabularies)):
                undeclared.append(t)
    # types may sit in another graph than the node's other triples (eligibleFor subjects, concepts)
    assert untyped == [] and undeclared == []


def test_every_kg_term_used_in_the_data_is_declared(graphs):
    onto = ontology()
    declared = set(onto.subjects(RDF.type, None))
    used = set()
    for graph in graphs.values():
        for triple in graph:
            used |= {t for t in triple if isinstance(t, URIRef) and str(t).startswith(str(KG))}
    assert used - declared == set()


# --- the build script ------------------------------------------------------------------------------

def run_build(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(BUILD), *args], capture_output=True, text=True, timeout=300)


def test_rebuild_reproduces_the_committed_files(tmp_path):
    result = run_build("--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    built = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*.trig"))
    shipped = [*trig_files(), *base_layer_files(), *sorted((REPO / "data" / "gebiet" / "studie").glob("*.trig"))]
    assert built == sorted(str(p.relative_to(REPO / "data")) for p in shipped)
    for path in shipped:
        assert (tmp_path / path.relative_to(REPO / "data")).read_bytes() == path.read_bytes(), path.name


BAD_INPUT = [
    ("anhang-i.csv", ",10214,", ",10.214x,", "anhang-i.csv, line 7, column 'population'"),
    ("anhang-i.csv", "Aulendorf,aulendorf,baden-wuerttemberg", "Aulendorf,aulendorf,atlantis",
     "anhang-i.csv, line 7, column 'land'"),
    ("abgleich.csv", ",gemeinde,084360008008,", ",gemeinde,092790134134,", "abgleich.csv, line 7, column 'schluessel'"),
    ("abgleich.csv", "troestau,Tröstau,bayern,gemeindeverband,094795444,ebene,",
     "troestau,Tröstau,bayern,gemeindeverband,094795444,,", "abgleich.csv, line 17, column 'abwaegung'"),
    ("amtlich/gv-auszug-2019-12-31.csv", "Aulendorf, Stadt", "Aulendorf, Stadr", "SHA256SUMS, line 1"),
    ("faelle.csv", "managementtyp/typ-1,", "managementtyp/typ-9,", "faelle.csv, line 2, column 'value'"),
    ("befunde.csv", "§2.4.1,92,anzahl", "§2.4.1,92,stueck", "befunde.csv, line 2, column 'unit'"),
]


@pytest.mark.parametrize("table,old,new,where", BAD_INPUT, ids=[f"{b[0]}:{b[3].split()[-1]}" for b in BAD_INPUT])
def test_bad_input_names_file_line_and_column_and_writes_nothing(tmp_path, table, old, new, where):
    sources = tmp_path / "sources"
    shutil.copytree(REPO / "data" / "build", sources, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    text = (sources / table).read_text(encoding="utf-8")
    assert old in text
    (sources / table).write_text(text.replace(old, new, 1), encoding="utf-8")
    out = tmp_path / "out"
    result = run_build("--sources", str(sources), "--out", str(out))
    assert result.returncode == 1
    assert where in result.stderr, result.stderr
    assert not out.exists()


# --- own words -------------------------------------------------------------------------------------

STUDY_TEXT = Path(os.environ.get("KOOPGRAPH_STUDY_TEXT", REPO.parent / "shared" / "seed" /
                                 "zwei-welten-integrationspolitik-in-stadt-und-land.txt"))
RUN = 7  # words in a row that would indicate a copied sentence


def word_runs(text: str, n: int = RUN) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


def is_name(g: Graph, subject, predicate) -> bool:
    """Proper names may repeat the study: its own title and authors, and programme names."""
    return subject == ID["quelle/zwei-welten"] or \
        (predicate == RDFS.label and (subject, RDF.type, KG.Foerderprogramm) in g)


@pytest.mark.skipif(not STUDY_TEXT.is_file(), reason="study text not available")
def test_no_text_of_the_study_is_copied(graphs):
    study_runs = word_runs(STUDY_TEXT.read_text(encoding="utf-8"))
    texts = {str(o) for g in [*graphs.values(), ontology()] for s, p, o in g
             if isinstance(o, Literal) and isinstance(o.value, str) and not is_name(g, s, p)}
    copied = {" ".join(run) for text in texts for run in word_runs(text) & study_runs}
    assert copied == set()
