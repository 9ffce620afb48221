"""The benchmark's fixed query mix over the synthetic graph.

Each query is a named constant; its parameters (a municipality, a Land) are
bound as VALUES blocks by :func:`bound_queries`, so every configuration runs
the very same text. The facet counts are the explorer's own queries
(:mod:`koopgraph.graph.explore.facets`, those of /kommunen?land=…), run in order.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rdflib import Literal, URIRef
from rdflib.term import Node

from ..bind import with_values
from ..explore.facets import facet_count_queries
from ..namespaces import sparql_prologue
from ..synth.baselayer import read_base_layer
from ..synth.entities import gemeinde_node, land_node
from ..synth.generate import scale_by_name
from ..synth.geo import LAENDER, germany

_EDGES = ("kg:supports kg:collaboratesWith kg:exchangesWith kg:cooperatesWith kg:influencesVia "
          "kg:contacts kg:worksWithActor kg:eligibleFor kg:usesProgramme")

# All statements about one municipality (its resource page).
POINT_LOOKUP = "SELECT ?p ?o WHERE { ?kommune ?p ?o }"

# Partners one browsing edge away, in either direction, with their Kreis and Land.
ONE_HOP_PARTNERS = f"""
SELECT ?partner ?edge ?label ?kreisLabel ?landLabel WHERE {{
  VALUES ?edge {{ {_EDGES} }}
  {{ ?kommune ?edge ?partner }} UNION {{ ?partner ?edge ?kommune }}
  ?partner rdfs:label ?label .
  OPTIONAL {{ ?partner kg:inCounty ?kreis . ?kreis rdfs:label ?kreisLabel }}
  OPTIONAL {{ ?partner kg:inLand ?land . ?land rdfs:label ?landLabel }}
}}"""

# Cooperation relations with a member of each Landkreis, grouped by Kreis and Land.
GROUP_BY_KREIS_LAND = """
SELECT ?land ?kreis (COUNT(DISTINCT ?kooperation) AS ?relations) (COUNT(DISTINCT ?gemeinde) AS ?gemeinden)
WHERE {
  ?gemeinde kg:inCounty ?kreis .
  ?kreis kg:inLand ?land .
  ?kooperation ?role ?gemeinde .
  ?kooperation a kg:Kooperation .
} GROUP BY ?land ?kreis"""

# Municipalities per Land and party of the head, and how many have a high foreign share (OPTIONAL).
# COALESCE: engines differ on MAX over a group with unbound values (Oxigraph: unbound, rdflib: skips).
OPTIONAL_GROUP_BY = """
SELECT ?land ?party (COUNT(?kommune) AS ?kommunen) (COUNT(?share) AS ?highShare)
       (MAX(COALESCE(?share, 0)) AS ?maxShare)
WHERE {
  ?kommune kg:inLand ?land ; kg:headParty ?party .
  OPTIONAL { ?kommune kg:foreignShare ?share FILTER(?share > 20) }
} GROUP BY ?land ?party"""

# Towns whose label matches a text and whose population lies in a range.
TEXT_AND_RANGE = """
SELECT ?kommune ?label ?population WHERE {
  ?kommune kg:population ?population ; rdfs:label ?label .
  FILTER(?population >= 5000 && ?population <= 20000 && CONTAINS(LCASE(?label), ?text))
}"""

# Everything below one Land along the administrative hierarchy (property path).
HIERARCHY_PATH = """
SELECT ?kommune WHERE { ?kommune (kg:inCounty|kg:inLand)+ ?land }"""

# The two-hop ego network of one municipality over the browsing edges.
TWO_HOP_EGO = f"""
CONSTRUCT {{ ?a ?e ?b }} WHERE {{
  VALUES ?e1 {{ {_EDGES} }}
  VALUES ?e {{ {_EDGES} }}
  {{ ?kommune ?e1 ?n }} UNION {{ ?n ?e1 ?kommune }}
  {{ ?n ?e ?b BIND(?n AS ?a) }} UNION {{ ?a ?e ?n BIND(?n AS ?b) }}
}}"""

@dataclass(frozen=True)
class BenchQuery:
    name: str
    sparql: str | None  # None: the texts come from ``explorer`` (several queries, run in order)
    interactive: bool  # a page waits for it: p95 target 100 ms at M
    parameters: tuple[str, ...]
    explorer: Callable[[dict[str, Node]], list[str]] | None = None


def explorer_facet_counts(values: dict[str, Node]) -> list[str]:
    """The explorer's own facet-count queries (:mod:`koopgraph.graph.explore.facets`) for /kommunen?land=…"""
    return facet_count_queries({"land": [values["land"]]})


QUERY_MIX = (
    BenchQuery("point_lookup", POINT_LOOKUP, True, ("kommune",)),
    BenchQuery("one_hop_partners", ONE_HOP_PARTNERS, True, ("kommune",)),
    BenchQuery("group_by_kreis_land", GROUP_BY_KREIS_LAND, False, ()),
    BenchQuery("optional_group_by", OPTIONAL_GROUP_BY, False, ()),
    BenchQuery("text_and_range", TEXT_AND_RANGE, False, ("text",)),
    BenchQuery("hierarchy_path", HIERARCHY_PATH, False, ("land",)),
    BenchQuery("two_hop_ego", TWO_HOP_EGO, False, ("kommune",)),
    BenchQuery("facet_counts", None, True, ("land",), explorer_facet_counts),
)


def bench_parameters(scale_name: str, seed: int, on_base_layer: bool = False) -> dict[str, Node]:
    """The Land with the most Gemeinden in this scale, the first Gemeinde of its first Landkreis,
    and a text that the labels of that Land's kreisangehörige Städte contain (on the base layer:
    real places; the text is one that study places with a population of 12/2017 contain)."""
    scale = scale_by_name(scale_name)
    if on_base_layer:
        return _base_layer_parameters(scale)
    laender = tuple(l for l in LAENDER if not scale.laender or l.slug in scale.laender)
    layout = max(germany(seed, laender), key=lambda lay: lay.figures.gemeinden)
    first = layout.landkreise[0].gemeinden[0]
    return {"land": URIRef(land_node(layout.figures).value), "kommune": URIRef(gemeinde_node(first).value),
            "text": Literal(f"stadt {layout.figures.code}")}


def _base_layer_parameters(scale) -> dict[str, Node]:
    chosen = [land for land in read_base_layer() if not scale.laender or land.figures.slug in scale.laender]
    land = max(chosen, key=lambda l: sum(len(k.gemeinden) for k in l.kreise))
    return {"land": URIRef(land.iri.value), "kommune": URIRef(land.landkreise[0].gemeinden[0].value),
            "text": Literal("bad")}


def bound_queries(scale_name: str, seed: int, on_base_layer: bool = False) -> list[dict]:
    """Name, final SPARQL text and interactivity of each query in the mix."""
    values = bench_parameters(scale_name, seed, on_base_layer)
    return [{"name": q.name, "interactive": q.interactive, "sparql": _texts(q, values)} for q in QUERY_MIX]


def _texts(query: BenchQuery, values: dict[str, Node]) -> str | list[str]:
    if query.explorer is not None:
        return query.explorer(values)  # complete queries with their own prologue
    return sparql_prologue() + with_values(query.sparql, {p: values[p] for p in query.parameters})
