"""The SPARQL the networkx projection reads: edges, node facts, class hierarchy.

Kept apart from :mod:`network` so the vocabulary-bound part is one short file.
"""

from __future__ import annotations

from ..namespaces import sparql_prologue

BROWSING_EDGES = sparql_prologue() + """
# One row per browsing edge ?s -?p-> ?o: a triple whose property carries a kg:edgeGroup,
# with the named graph ?g that states it. The explorer's view and the analysis share it.
# kg:inLand of a kreisangehörige Kommune is left out: its Land is one step further along
# kg:inCounty, and both would add a triangle per municipality (and a shortcut to the Land).
SELECT DISTINCT ?s ?p ?o ?group ?g WHERE {
  ?p kg:edgeGroup ?group .
  GRAPH ?g { ?s ?p ?o }
  FILTER(isIRI(?o))
  FILTER(?p != kg:inLand || NOT EXISTS { ?s kg:inCounty ?county })
}
"""

EDGE_RELATIONS = sparql_prologue() + """
# The n-ary kg:Kooperation each derived edge ?s -?p-> ?o comes from: the property
# names the subject and object roles and the kind (or a broader one); with the
# relation's own kind, tasks and source section, one row per task.
# (A separate query: joined with BROWSING_EDGES in one OPTIONAL, rdflib's
# in-memory engine is some 20 times slower.)
SELECT DISTINCT ?s ?p ?o ?relation ?kind ?task ?source WHERE {
  ?p kg:edgeSubjectRole ?subjectRole ; kg:edgeObjectRole ?objectRole ; kg:derivedFromKind ?derivedKind .
  ?relation ?subjectRole ?s ; ?objectRole ?o ; kg:cooperationKind ?kind .
  ?kind skos:broader* ?derivedKind .
  OPTIONAL { ?relation kg:task ?task }
  OPTIONAL { ?relation kg:section ?source }
}
"""

NODE_FACTS = sparql_prologue() + """
# Long format: one row per (node, attribute, value); concept values as labels.
SELECT ?node ?key ?value WHERE {
  { ?node rdfs:label ?value . BIND("label" AS ?key) }
  UNION { ?node a ?value . BIND("rdf_type" AS ?key) }
  UNION { ?node skos:inScheme ?value . BIND("scheme" AS ?key) }
  UNION { ?node kg:inLand ?value . BIND("land" AS ?key) }
  UNION { ?node kg:inCounty ?value . BIND("county" AS ?key) }
  UNION { ?node kg:population ?value . BIND("population" AS ?key) }
  UNION { ?node kg:foreignShare ?value . BIND("foreign_share" AS ?key) }
  UNION { ?node kg:rurality/skos:prefLabel ?value . BIND("rurality" AS ?key) }
  UNION { ?node kg:socioEconomicSituation/skos:prefLabel ?value . BIND("socioeconomic" AS ?key) }
}
"""

SUBCLASSES = sparql_prologue() + """
# Every (class, superclass) pair, to find a node's most specific type and kind.
SELECT DISTINCT ?sub ?super WHERE { ?sub rdfs:subClassOf+ ?super . FILTER(isIRI(?super)) }
"""
