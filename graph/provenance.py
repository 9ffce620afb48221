"""Where a statement comes from: the section of the study and, for derived edges, the source node.

The dataset records sources at three grains (ontology/README.md): a derived browsing edge has a
source node (a cooperation or case attribute) with ``kg:section``; most resources carry their own
``kg:section`` in the graph that describes them; and every named graph states its sections and
source in the dataset description. A statement gets the finest of these that exists (a graph's
sections only if there is just one: a list of twelve sections says nothing about one statement).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import URIRef

from .netview import EDGE_SOURCES
from .values import with_value_lists

# bound: ?s — the sections the resource itself states, per graph
OWN_SECTIONS = """
SELECT ?g ?section WHERE { GRAPH ?g { ?s <https://w3id.org/koopgraph/ontology#section> ?section } }"""
# bound: ?s — the sections of the resources that point at it, per graph
REFERRER_SECTIONS = """
SELECT DISTINCT ?x ?g ?section WHERE {
  GRAPH ?g { ?x ?p ?s . ?x <https://w3id.org/koopgraph/ontology#section> ?section }
}"""
# bound: ?g (a list) — what each named graph says about its origin
GRAPH_SOURCES = """
SELECT ?g ?section ?source WHERE {
  { ?g <https://w3id.org/koopgraph/ontology#section> ?section }
  UNION { ?g <http://purl.org/dc/terms/source> ?source }
}"""


@dataclass
class Source:
    sections: list[str] = field(default_factory=list)
    via: list[URIRef] = field(default_factory=list)      # source nodes of a derived edge


@dataclass
class GraphOrigin:
    sections: list[str] = field(default_factory=list)
    sources: list[URIRef] = field(default_factory=list)


def graph_origins(store, graphs) -> dict[URIRef, GraphOrigin]:
    """For each named graph: the sections and sources its description names."""
    origins = {g: GraphOrigin() for g in graphs}
    if origins:
        for row in store.query(with_value_lists(GRAPH_SOURCES, {"g": list(origins)})):
            if row.section is not None:
                origins[row.g].sections.append(str(row.section))
            if row.source is not None:
                origins[row.g].sources.append(row.source)
    for origin in origins.values():
        origin.sections.sort()
    return origins


def statement_sources(store, iri: URIRef, out_rows, in_rows) -> dict[tuple, Source]:
    """(direction, property, other end, graph) → Source, for the statements about ``iri``."""
    derived_out, derived_in = _derived(store, {"s": iri}), _derived(store, {"o": iri})
    own = defaultdict(list)
    for row in store.query(OWN_SECTIONS, {"s": iri}):
        own[row.g].append(str(row.section))
    referrers = defaultdict(list)
    for row in store.query(REFERRER_SECTIONS, {"s": iri}):
        referrers[(row.x, row.g)].append(str(row.section))
    origins = graph_origins(store, {row.g for row in out_rows} | {row.g for row in in_rows})
    sources = {}
    for row in out_rows:
        sources[("out", row.p, row.o, row.g)] = derived_out.get((row.p, row.o)) or \
            Source(sorted(own.get(row.g) or _single(origins[row.g].sections)))
    for row in in_rows:
        sources[("in", row.p, row.x, row.g)] = derived_in.get((row.p, row.x)) or \
            Source(sorted(referrers.get((row.x, row.g)) or _single(origins[row.g].sections)))
    return sources


def _single(sections: list[str]) -> list[str]:
    """A graph's section stands for each of its statements only when it names just one."""
    return sections if len(sections) == 1 else []


def _derived(store, bindings: dict) -> dict[tuple, Source]:
    """(property, other end) → the source nodes and sections of the derived edges at one end."""
    found: dict[tuple, Source] = {}
    fixed = next(iter(bindings))
    for row in store.query(EDGE_SOURCES, bindings):
        other = row.o if fixed == "s" else row.s
        source = found.setdefault((row.p, other), Source())
        if str(row.section) not in source.sections:
            source.sections.append(str(row.section))
        if row.source not in source.via:
            source.via.append(row.source)
    return found
