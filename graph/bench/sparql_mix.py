"""The query mix of the SPARQL engine benchmark (``koopgraph bench-sparql``) over the study data.

What an analyst sends to /sparql: lookups of one resource, joins, aggregates over the whole
store, property paths, a CONSTRUCT, and every question of the catalogue
(:mod:`koopgraph.graph.sparql.questions`). A question's required parameters are bound to
places and a programme the study names (:data:`CATALOGUE_VALUES`) as a VALUES block, the way
the explorer binds them; each text is complete SPARQL with its prefixes, so every engine runs
the very same text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from ..namespaces import sparql_prologue
from ..sparql.questions import bound_query, catalogue

_ID = "https://w3id.org/koopgraph/id/"
# Values of the catalogue's required parameters: Ostholstein (a Landkreis with two study
# municipalities, Anhang I), Schleswig-Holstein, the Bildungskoordinatoren programme (the one most
# study municipalities are eligible for) and days within the study's field period (2018/2019).
CATALOGUE_VALUES = {
    "landkreis": URIRef(_ID + "kreis/01055"),
    "land": URIRef(_ID + "land/schleswig-holstein"),
    "programm": URIRef(_ID + "programm/bildungskoordinatoren-fuer-neuzugewanderte"),
    "stichtag": Literal("2019-01-01", datatype=XSD.date),
    "von": Literal("2018-01-01", datatype=XSD.date),
    "bis": Literal("2019-12-31", datatype=XSD.date),
}

# Everything said about one municipality (its resource page): Aulendorf, a study municipality.
LOOKUP_RESOURCE = f"SELECT ?p ?o WHERE {{ <{_ID}gemeinde/084360008008> ?p ?o }}"
# A place by its German name: the literal must carry its language tag.
LOOKUP_LABEL = 'SELECT ?ort WHERE { ?ort rdfs:label "Kiel"@de }'
# Is a municipality in the store at all?
LOOKUP_ASK = f"ASK {{ <{_ID}gemeinde/084360008008> a ?typ }}"
# The study municipalities with Kreis and Land labels (three joined resources).
JOIN_KOMMUNE_KREIS_LAND = """
SELECT ?kommune ?name ?kreisName ?landName WHERE {
  ?kommune a kg:Studienkommune ; rdfs:label ?name ; kg:inLand ?land .
  OPTIONAL { ?kommune kg:inCounty ?kreis . ?kreis rdfs:label ?kreisName FILTER(lang(?kreisName) = "de") }
  ?land rdfs:label ?landName
  FILTER(lang(?name) = "de" && lang(?landName) = "de")
} ORDER BY ?landName ?name"""
# Resources per class over the whole store (all graphs).
AGGREGATE_CLASSES = "SELECT ?klasse (COUNT(?s) AS ?n) WHERE { ?s a ?klasse } GROUP BY ?klasse ORDER BY DESC(?n)"
# Places per Land of the official base layer, with the mean population.
AGGREGATE_PLACES_PER_LAND = """
SELECT ?land (COUNT(?ort) AS ?orte) (AVG(?einwohner) AS ?mittel) WHERE {
  ?ort kg:inLand ?land . OPTIONAL { ?ort kg:population ?einwohner }
} GROUP BY ?land ORDER BY DESC(?orte)"""
# Municipalities of any subclass of kg:Kommune (the subclass pitfall of the Einstieg page).
PATH_SUBCLASS = """
SELECT (COUNT(DISTINCT ?k) AS ?n) WHERE { ?k a/rdfs:subClassOf* kg:Kommune }"""
# Kreis and Land of every place in one Land, through a sequence path.
PATH_SEQUENCE = f"""
SELECT ?ort ?land WHERE {{ ?ort kg:inCounty/kg:inLand ?land FILTER(?land = <{_ID}land/saarland>) }}"""
# A resource as RDF (the CONSTRUCT form).
CONSTRUCT_RESOURCE = f"""
CONSTRUCT {{ ?s ?p ?o }} WHERE {{ VALUES ?s {{ <{_ID}kreis/01055> }} ?s ?p ?o }}"""

OWN_QUERIES = {
    "lookup: resource": ("lookup", LOOKUP_RESOURCE), "lookup: label": ("lookup", LOOKUP_LABEL),
    "lookup: ASK": ("lookup", LOOKUP_ASK), "join: Kommune/Kreis/Land": ("join", JOIN_KOMMUNE_KREIS_LAND),
    "aggregate: classes": ("aggregate", AGGREGATE_CLASSES),
    "aggregate: places per Land": ("aggregate", AGGREGATE_PLACES_PER_LAND),
    "path: subClassOf*": ("path", PATH_SUBCLASS), "path: inCounty/inLand": ("path", PATH_SEQUENCE),
    "construct: resource": ("construct", CONSTRUCT_RESOURCE),
}


@dataclass(frozen=True)
class MixQuery:
    name: str
    kind: str  # lookup, join, aggregate, path, construct, catalogue
    sparql: str

    @property
    def graph_form(self) -> bool:
        """A CONSTRUCT, answered as RDF rather than a results table."""
        return re.search(r"(?m)^CONSTRUCT\b", self.sparql) is not None


def sparql_mix() -> list[MixQuery]:
    """The whole mix, own queries first, then the catalogue in file-name order."""
    prologue = sparql_prologue()
    mix = [MixQuery(name, kind, prologue + text) for name, (kind, text) in OWN_QUERIES.items()]
    for name, question in catalogue().items():
        terms = {p.name: CATALOGUE_VALUES[p.type.name if p.type.name in CATALOGUE_VALUES else p.name]
                 for p in question.parameters if not p.optional}
        mix.append(MixQuery(name, "catalogue", bound_query(question, terms)))
    return mix
