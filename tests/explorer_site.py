"""The explorer's shared site for the browser tests: the study dataset, the base layer and
tests/data/xss.trig in one store, loaded by the real CLI, and the network the ontology's rule expects."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from koopgraph.graph.namespaces import KG
from koopgraph.graph.store import open_store
from rdflib import URIRef

BASE_LAYER_GRAPHS = {"https://w3id.org/koopgraph/graph/gebiet", "https://w3id.org/koopgraph/graph/gebiet-abgeleitet"}


def koopgraph(*args: str) -> None:
    script = Path(sys.executable).parent / "koopgraph"
    subprocess.run([str(script), *args], check=True, capture_output=True, text=True)


def expected_network(store_dir: str) -> dict:
    """Browsing edges by the ontology's rule, computed from the triples: every property with a
    kg:edgeGroup; a kreisangehörige Kommune's kg:inLand is drawn via its county instead. /netzwerk shows
    the study's network: places only the official base layer names (a unit of it that no other graph
    names) are left out."""
    store = open_store(store_dir)
    try:
        quads = list(store.dataset.quads((None, None, None, None)))
    finally:
        store.close()
    triples = [(s, p, o) for s, p, o, _ in quads]
    named = {n for s, _, o, g in quads if str(getattr(g, "identifier", g)) not in BASE_LAYER_GRAPHS for n in (s, o)}
    groups = {s: str(o) for s, p, o in triples if p == KG.edgeGroup}
    in_county = {s for s, p, _ in triples if p == KG.inCounty}
    base_only = {s for s, p, _ in triples if p == KG.unitKind} - named
    edges = {(s, p, o) for s, p, o in triples
             if p in groups and isinstance(o, URIRef) and not (p == KG.inLand and s in in_county)
             and s not in base_only and o not in base_only}
    neighbours = {}
    for s, p, o in edges:
        neighbours.setdefault(s, set()).add(o)
        neighbours.setdefault(o, set()).add(s)
    return {"edges": edges, "groups": groups, "nodes": {n for s, _, o in edges for n in (s, o)},
            "neighbours": neighbours}
