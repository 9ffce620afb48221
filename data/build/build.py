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

from rdflib import Graph

from befunde import build_befunde, check_count_queries
from common import GRAPH, Ontology, TableError
from datensatz import build_datensatz
from faelle import build_faelle
from kommunen import build_struktur_and_kommunen
from programme import build_akteure, build_eligibility, build_programme
from trig import trig_text

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
PARTS = ["kommunen", "struktur", "akteure", "programme", "programme-abgeleitet", "faelle", "befunde"]


def build_graphs(sources: Path, ontology_dir: Path) -> dict[str, Graph]:
    """All named graphs of the dataset, keyed by part name (including datensatz)."""
    onto = Ontology(ontology_dir)
    kommunen, struktur = build_struktur_and_kommunen(sources, onto)
    akteure, actors = build_akteure(sources, onto)
    programme, covered = build_programme(sources, onto, actors)
    derived = build_eligibility(covered, kommunen, struktur, programme)
    faelle = build_faelle(sources, onto, actors, akteure + programme)
    befunde = build_befunde(sources, onto)
    graphs = dict(zip(PARTS, [kommunen, struktur, akteure, programme, derived, faelle, befunde]))
    union = onto.graph + kommunen + struktur + akteure + programme + derived + faelle + befunde
    check_count_queries(befunde, union)
    graphs["datensatz"] = build_datensatz(sources, graphs, len(onto.graph))
    return graphs


def render(graphs: dict[str, Graph]) -> dict[str, str]:
    """File name -> TriG text for every graph."""
    return {f"{part}.trig": trig_text(GRAPH[part], graph) for part, graph in graphs.items()}


def write_all(texts: dict[str, str], out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name, text in sorted(texts.items()):
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
        print(f"{name:28} {text.count(chr(10)):>6} lines")
    return 0


if __name__ == "__main__":
    sys.exit(main())
