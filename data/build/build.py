"""Build the koopgraph study dataset: data/build/*.csv -> data/*.trig (one named graph per file).

Run from the repository root:

    python data/build/build.py                      # writes data/*.trig
    python data/build/build.py --out /tmp/check     # writes elsewhere, e.g. to compare

Output is deterministic (sorted, fixed layout). Bad input stops the build with a message naming the
file, line and column, exit code 1, and nothing is written.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rdflib import RDF, BNode, Graph, URIRef

from abgleich import read_matches
from amtlich import official_population, read_directory, summed_figures
from befunde import build_befunde, check_count_queries
from common import GRAPH, Ontology, TableError
from datensatz import build_datensatz
from faelle import build_faelle
from gebiet import build_gebiet
from kommunen import build_kommunen, build_struktur, check_annex, read_sources
from programme import build_akteure, build_eligibility, build_programme
from trig import trig_text

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
PARTS = ["kommunen", "struktur", "akteure", "programme", "programme-abgeleitet", "faelle", "befunde"]


def build_places(sources: Path, onto: Ontology) -> dict[str, Graph]:
    """The study's municipalities and Länder and the official base layer, keyed by part name."""
    annex, laender = read_sources(sources)
    check_annex(annex, laender)
    directory = read_directory(sources, {row["name_de"]: row["slug"] for row in laender})
    land_keys = {str(place.iri).rsplit("/", 1)[1]: key for key, place in directory.laender.items()}
    sums = summed_figures(directory)
    matches = read_matches(sources, directory, annex, land_keys, official_population(directory, sums))
    kommunen = build_kommunen(annex, laender, matches, onto)
    gebiet, summed = build_gebiet(directory, kommunen, onto, sums)
    return {"kommunen": kommunen, "struktur": build_struktur(annex, laender), "gebiet": gebiet,
            "gebiet-abgeleitet": summed}


def build_graphs(sources: Path, ontology_dir: Path) -> dict[str, Graph]:
    """All named graphs of the dataset, keyed by part name (including datensatz)."""
    onto = Ontology(ontology_dir)
    places = build_places(sources, onto)
    kommunen, struktur = places["kommunen"], places["struktur"]
    akteure, actors = build_akteure(sources, onto)
    programme, covered = build_programme(sources, onto, actors)
    derived = build_eligibility(covered, kommunen, struktur, programme)
    faelle = build_faelle(sources, onto, actors, akteure + programme)
    befunde = build_befunde(sources, onto)
    graphs = dict(zip(PARTS, [kommunen, struktur, akteure, programme, derived, faelle, befunde]))
    graphs.update({part: places[part] for part in ("gebiet", "gebiet-abgeleitet")})
    union = onto.graph + kommunen + struktur + akteure + programme + derived + faelle + befunde
    check_count_queries(befunde, union)
    graphs["datensatz"] = build_datensatz(sources, graphs, len(onto.graph))
    return graphs


BASE_LAYER = ("gebiet", "gebiet-abgeleitet")  # written to data/gebiet/, loaded unless a store is study-only


def file_name(part: str) -> str:
    """Where a part's TriG file goes, relative to data/."""
    return f"gebiet/{part}.trig" if part in BASE_LAYER else f"{part}.trig"


def render(graphs: dict[str, Graph]) -> dict[str, str]:
    """File name (relative to data/) -> TriG text for every graph, and the base layer's study slice."""
    texts = {file_name(part): trig_text(GRAPH[part], graph) for part, graph in graphs.items()}
    places = {s for part in ("kommunen", "struktur") for s in graphs[part].subjects() if isinstance(s, URIRef)}
    for part in BASE_LAYER:
        texts[f"gebiet/{SLICE_FOLDER}/{part}.trig"] = trig_text(GRAPH[part], study_slice(graphs[part], places))
    return texts


SLICE_FOLDER = "studie"  # data/gebiet/studie/: what a study-only (memory) store loads of the base layer


def study_slice(layer: Graph, places: set) -> Graph:
    """What ``layer`` says about the study's places and everything above them (Verband, Kreis, Bezirk,
    Land, Bund, seats): the hierarchy and figures a study-only store needs so that its places are
    whole (a kreisangehörige Kommune in its Landkreis). Types are not followed, nor a Gemeindeverband that
    is no study place (it would be a 93rd Kommune in a study-only store's lists)."""
    in_association = URIRef("https://w3id.org/koopgraph/ontology#inAssociation")
    slice_, seen, todo = Graph(), set(), list(places)
    while todo:
        subject = todo.pop()
        if subject in seen:
            continue
        seen.add(subject)
        for predicate, value in layer.predicate_objects(subject):
            if predicate == in_association and value not in places:
                continue
            slice_.add((subject, predicate, value))
            if predicate != RDF.type and isinstance(value, (URIRef, BNode)):
                todo.append(value)
    return slice_


def write_all(texts: dict[str, str], out: Path) -> None:
    for name, text in sorted(texts.items()):
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_text(text, encoding="utf-8", newline="\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build data/*.trig from the tables in data/build/.")
    parser.add_argument("--sources", type=Path, default=HERE, help="folder with the source tables")
    parser.add_argument("--ontology", type=Path, default=REPO / "ontology", help="folder with ontology/*.ttl")
    parser.add_argument("--out", type=Path, default=REPO / "data", help="folder to write the TriG files to")
    args = parser.parse_args(argv)
    try:
        texts = render(build_graphs(args.sources, args.ontology))
    except TableError as e:
        print(f"build failed: {e}", file=sys.stderr)
        return 1
    write_all(texts, args.out)
    for name, text in sorted(texts.items()):
        print(f"{name:34} {text.count(chr(10)):>7} lines")
    return 0


if __name__ == "__main__":
    sys.exit(main())
