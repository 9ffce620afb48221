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

from ..bind import with_value_lists

# bound: ?s — the sections the resource itself states, per graph
OWN_SECTIONS = """
SELECT ?g ?section WHERE { GRAPH ?g { ?s <https://w3id.org/koopgraph/ontology#section> ?section } }"""
# bound: ?s — the sections of the resources that point at it, per graph
# (EXISTS: a class of Germany-scale data has 100,000 referrers; from the listed ones it is 500x faster)
REFERRER_SECTIONS = """
SELECT DISTINCT ?x ?g ?section WHERE {
  GRAPH ?g { ?x <https://w3id.org/koopgraph/ontology#section> ?section FILTER EXISTS { ?x ?p ?s } }
}"""
# the properties of derived browsing edges
DERIVED_PROPERTIES = "SELECT DISTINCT ?p WHERE { ?p <https://w3id.org/koopgraph/ontology#derivedFromKind> ?kind }"
# bound: ?g (a list) — what each named graph says about its origin
GRAPH_SOURCES = """
SELECT ?g ?section ?source WHERE {
  { ?g <https://w3id.org/koopgraph/ontology#section> ?section }
  UNION { ?g <http://purl.org/dc/terms/source> ?source }
}"""


# bound: one end, the other as a list — one row per derived edge, its source nodes and sections
# joined (a derived edge of Germany-scale data, a channel addressing the Land level, rests on 10,000
# cooperations). The patterns of netview.EDGE_SOURCES, the edge itself first: Oxigraph joins in
# this order, and from the bound edge it is 25x faster than from the rules.
EDGE_SOURCE_LISTS = """
PREFIX kg: <https://w3id.org/koopgraph/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?s ?p ?o (GROUP_CONCAT(DISTINCT STR(?source); separator=" ") AS ?sources)
       (GROUP_CONCAT(DISTINCT STR(?section); separator="\\n") AS ?sections) WHERE {
  ?s ?p ?o .
  ?p kg:edgeSubjectRole ?sr ; kg:edgeObjectRole ?or ; kg:derivedFromKind ?kind .
  ?source ?or ?o ; ?sr ?s .
  ?source (kg:cooperationKind|kg:statementKind)/skos:broader* ?kind ; kg:section ?section .
} GROUP BY ?s ?p ?o"""
VIA_SHOWN = 12  # source nodes listed per statement; the others are counted

# Own data (koopgraph import) names the row each resource came from and the file of its graph.
# bound: ?x (a list) — the row of each imported resource, with the file(s) of its graph
ROWS = """
PREFIX kg: <https://w3id.org/koopgraph/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?x ?g ?sheet ?row ?file WHERE {
  GRAPH ?g { ?x kg:sourceSheet ?sheet ; kg:sourceRow ?row }
  OPTIONAL { GRAPH ?g { ?g prov:wasGeneratedBy/prov:used/kg:fileName ?file } }
}"""
# bound: one end, the other as a list — the imported relations a derived edge comes from
OWN_EDGE_SOURCES = """
PREFIX kg: <https://w3id.org/koopgraph/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?s ?p ?o ?source WHERE {
  ?s ?p ?o .
  ?p kg:edgeSubjectRole ?sr ; kg:edgeObjectRole ?or ; kg:derivedFromKind ?kind .
  ?source ?or ?o ; ?sr ?s ; kg:sourceRow ?row ; kg:cooperationKind/skos:broader* ?kind .
}"""


def row_texts(store, nodes) -> dict:
    """Imported resource → ["Eigene Daten: partner.xlsx, Beziehungen Zeile 7"] (empty for the study's)."""
    found: dict = defaultdict(list)
    nodes = sorted(set(nodes))
    for start in range(0, len(nodes), 500):
        for row in store.query(with_value_lists(ROWS, {"x": nodes[start:start + 500]})):
            where = f"{row.sheet} Zeile {row.row}"
            found[row.x].append(f"Eigene Daten: {row.file}, {where}" if row.file is not None else f"Eigene Daten: {where}")
    return {x: sorted(set(texts)) for x, texts in found.items()}


def _own_derived(store, bindings: dict, other_end: str, edges: set) -> dict[tuple, Source]:
    """Like :func:`_derived`, for edges derived from imported relations: their rows as sources."""
    if not edges:
        return {}
    sparql = with_value_lists(OWN_EDGE_SOURCES, {"p": sorted({p for p, _ in edges}),
                                                 other_end: sorted({o for _, o in edges})})
    via: dict = defaultdict(set)
    for row in store.query(sparql, bindings):
        via[(row.p, row[other_end])].add(row.source)
    texts = row_texts(store, {v for nodes in via.values() for v in nodes})
    return {key: Source(sorted({t for v in nodes for t in texts.get(v, [])}), sorted(nodes)[:VIA_SHOWN],
                        max(len(nodes) - VIA_SHOWN, 0)) for key, nodes in via.items()}


@dataclass
class Source:
    sections: list[str] = field(default_factory=list)
    via: list[URIRef] = field(default_factory=list)      # source nodes of a derived edge (the first VIA_SHOWN)
    via_more: int = 0                                    # how many more there are


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
    # Only for the statements shown: a concept of Germany-scale data has 100,000 incoming ones.
    derived = {row.p for row in store.query(DERIVED_PROPERTIES)}
    derived_out = _derived(store, {"s": iri}, "o", {(row.p, row.o) for row in out_rows if row.p in derived})
    derived_in = _derived(store, {"o": iri}, "s", {(row.p, row.x) for row in in_rows if row.p in derived})
    derived_out.update(_own_derived(store, {"s": iri}, "o",
                                    {(row.p, row.o) for row in out_rows if row.p in derived} - set(derived_out)))
    derived_in.update(_own_derived(store, {"o": iri}, "s",
                                   {(row.p, row.x) for row in in_rows if row.p in derived} - set(derived_in)))
    rows = row_texts(store, [iri, *{row.x for row in in_rows}])
    own = defaultdict(list)
    for row in store.query(OWN_SECTIONS, {"s": iri}):
        own[row.g].append(str(row.section))
    referrers = defaultdict(list)
    shown_referrers = sorted({row.x for row in in_rows})
    if shown_referrers:
        for row in store.query(with_value_lists(REFERRER_SECTIONS, {"x": shown_referrers}), {"s": iri}):
            referrers[(row.x, row.g)].append(str(row.section))
    origins = graph_origins(store, {row.g for row in out_rows} | {row.g for row in in_rows})
    sources = {}
    for row in out_rows:
        sources[("out", row.p, row.o, row.g)] = derived_out.get((row.p, row.o)) or \
            Source(sorted(own.get(row.g) or rows.get(iri) or _single(origins[row.g].sections)))
    for row in in_rows:
        sources[("in", row.p, row.x, row.g)] = derived_in.get((row.p, row.x)) or \
            Source(sorted(referrers.get((row.x, row.g)) or rows.get(row.x) or _single(origins[row.g].sections)))
    return sources


def _single(sections: list[str]) -> list[str]:
    """A graph's section stands for each of its statements only when it names just one."""
    return sections if len(sections) == 1 else []


def _derived(store, bindings: dict, other_end: str, edges: set) -> dict[tuple, Source]:
    """(property, other end) → the source nodes (by IRI) and sections of the derived edges at one
    end, for ``edges`` (property, other end) whose other end is bound to ``other_end`` ("s" or "o")."""
    found: dict[tuple, Source] = {}
    if not edges:
        return found
    sparql = with_value_lists(EDGE_SOURCE_LISTS, {"p": sorted({p for p, _ in edges}),
                                                  other_end: sorted({o for _, o in edges})})
    for row in store.query(sparql, bindings):
        via = sorted(str(row.sources).split())
        sections = sorted(set(str(row.sections).split("\n")) - {""})
        found[(row.p, row[other_end])] = Source(sections, [URIRef(v) for v in via[:VIA_SHOWN]],
                                                max(len(via) - VIA_SHOWN, 0))
    return found
