"""What the tests read from the study and the shipped files, independently of koopgraph's code.

- Anhang I: ``tests/data/anhang-i.txt`` (the annex table rows copied verbatim) read by a parser
  written for the tests — not by the build script in data/build/.
- The shipped dataset and ontology read with rdflib directly (``study_graph``, ``ontology_graph``).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

from koopgraph.ontology import ontology_files, shape_files
from rdflib import Dataset, Graph, Namespace

REPO = Path(__file__).resolve().parents[1]
ANNEX = REPO / "tests" / "data" / "anhang-i.txt"
KG = Namespace("https://w3id.org/koopgraph/ontology#")
ID = "https://w3id.org/koopgraph/id/"

# The three typos the issue lists, and Malente, whose printed "(V)" is not part of the official name
# (issue 13, correction 5); everything else is only line breaks inside the printed names.
TYPOS = {"Elbtalae": "Elbtalaue", "Kusel-Altenglang": "Kusel-Altenglan", "Bad-Düben": "Bad Düben",
         "Malente (V)": "Malente"}


class AnnexRow(NamedTuple):
    name: str
    land: str
    type: str
    population: str
    foreign_share: str
    rurality: str
    socio: str
    head_party: str
    council: str


def unbreak(text: str) -> str:
    """Undo the line breaks of the printed table: 'Oden- wald' -> 'Odenwald', 'Baden- W' -> 'Baden-W'."""
    text = re.sub(r"(\w)- (\w)", lambda m: m[1] + ("" if m[2].islower() else "-") + m[2], text)
    return text.replace("/ ", "/")


def read_annex(path: Path = ANNEX) -> list[AnnexRow]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        cells = line.split("\t")
        if len(cells) != 9 or cells[0] == "Kommune":
            continue
        rows.append(AnnexRow(*[c.strip() for c in cells]))
    return rows


def clean_name(printed: str) -> str:
    name = unbreak(printed)
    return TYPOS.get(name, name)


def german_int(text: str) -> int:
    assert re.fullmatch(r"\d{1,3}(\.\d{3})*|\d+", text), text
    return int(text.replace(".", ""))


def party_tokens(cell: str) -> list[str]:
    cell = re.sub(r"\s*\(.*\)$", "", cell)
    return [t.strip() for t in re.split(r"[,/]", cell)]


def ontology_graph(shapes: bool = False) -> Graph:
    """The ontology's Turtle files: the SHACL shapes, or everything else."""
    graph = Graph()
    for path in shape_files() if shapes else ontology_files():
        graph.parse(path, format="turtle")
    return graph


def study_graph(*parts: str, ontology: bool = True) -> Graph:
    """Union of the named graphs in data/<part>.trig (all if none given), plus the ontology."""
    union = Graph()
    for path in sorted((REPO / "data").glob("*.trig")):
        if not parts or path.stem in parts:
            dataset = Dataset()
            dataset.parse(path, format="trig")
            for s, p, o, _ in dataset.quads((None, None, None, None)):
                union.add((s, p, o))
    if ontology:
        union += ontology_graph()
    return union
