"""The SPARQL of the networkx projection's node facts (the edges: :mod:`koopgraph.graph.relations`)."""

from __future__ import annotations

from ..namespaces import sparql_prologue

NODE_FACTS = sparql_prologue() + """
# Long format: one row per (node, attribute, value). Concepts (rurality, situation, a case's
# printed municipality type) are given as IRIs; their labels are facts of their own.
SELECT ?node ?key ?value WHERE {
  { ?node rdfs:label ?value . BIND("label" AS ?key) }
  UNION { ?node skos:prefLabel ?value . BIND("pref_label" AS ?key) }
  UNION { ?node a ?value . BIND("rdf_type" AS ?key) }
  UNION { ?node skos:inScheme ?value . BIND("scheme" AS ?key) }
  UNION { ?node kg:level|kg:funderLevel ?value . BIND("level_concept" AS ?key) }
  UNION { ?node kg:inLand ?value . BIND("land" AS ?key) }
  UNION { ?node kg:inCounty ?value . BIND("county" AS ?key) }
  UNION { ?node kg:population ?value . BIND("population" AS ?key) }
  UNION { ?node kg:foreignShare ?value . BIND("foreign_share" AS ?key) }
  UNION { ?node kg:rurality ?value . BIND("rurality" AS ?key) }
  UNION { ?node kg:socioEconomicSituation ?value . BIND("socioeconomic" AS ?key) }
  UNION { ?node kg:printedType/kg:correspondingClass ?value . BIND("municipality_type" AS ?key) }
}
"""
