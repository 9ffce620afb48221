"""Places of the official base layer: their IRIs from official keys, and finding them by key or name.

The base layer (data/gebiet/, issue 13) gives every unit of the Destatis Gemeindeverzeichnis
31.12.2019 one IRI built from its key; the study's 92 municipalities are the same resources. A place
that is several units at once (a kreisfreie Stadt is Kreis, Verband and Gemeinde; a verbandsfreie
Gemeinde is Verband and Gemeinde) has the IRI of its highest level, and the key IRIs of its other
levels are aliases (``kg:aliasOf``). Importers and views should resolve references with
:func:`find_places`, not by building IRIs, so that aliases and names work too.

>>> str(place_iri("08436"))
'https://w3id.org/koopgraph/id/kreis/08436'
>>> str(place_iri("084360008008"))
'https://w3id.org/koopgraph/id/gemeinde/084360008008'
"""

from __future__ import annotations

import re

from rdflib import Literal, URIRef

from .bind import with_value_lists
from .errors import KoopgraphError
from .namespaces import ID

# key length -> IRI folder of the unit that key names on its own level
FOLDER_BY_LENGTH = {3: "regierungsbezirk", 5: "kreis", 9: "gemeindeverband", 12: "gemeinde"}

PREFIX = """PREFIX kg: <https://w3id.org/koopgraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
# bound: ?key (a list of literals) — places carrying one of the keys (AGS, ARS, Verband, Kreis, Bezirk,
# Land) or, for five digits, the postcode of their seat
PLACES_BY_KEY = PREFIX + """SELECT DISTINCT ?place WHERE {
  VALUES ?property { kg:ags kg:ars kg:associationKey kg:countyKey kg:districtKey kg:landKey kg:postcode }
  ?place ?property ?key .
} ORDER BY ?place"""
# bound: ?name (a list of literals) — places named so (label, official name, other or hidden label)
PLACES_BY_NAME = PREFIX + """SELECT DISTINCT ?place WHERE {
  ?place rdfs:label|kg:officialName|skos:altLabel|skos:hiddenLabel ?name .
  { ?place kg:officialName ?official } UNION { ?place a kg:Studienkommune }
} ORDER BY ?place"""


def place_iri(key: str) -> URIRef:
    """The IRI built from an official key of 3, 5, 9 or 12 digits (may be an alias, see module doc)."""
    digits = key.strip()
    if not digits.isdigit() or len(digits) not in FOLDER_BY_LENGTH:
        raise KoopgraphError(f"{key!r} is not an official key of 3, 5, 9 or 12 digits",
                             hint="Give a Kreis key (5), Verband key (9) or ARS (12); find AGS (8) with find_places.")
    return ID[f"{FOLDER_BY_LENGTH[len(digits)]}/{digits}"]


def find_places(store, text: str) -> list[URIRef]:
    """The places a key, postcode or exact name denotes, e.g. "08436008", "084360008008", "88326",
    "Aulendorf" or "Aulendorf, Stadt" (several for a shared name or postcode; [] if none).

    Digits are read as keys (AGS 8, ARS 12, Verband 9, Kreis 5, Bezirk 3, Land 2 digits) and, with
    five digits, also as a postcode; anything else as an exact German name.
    """
    wanted = re.sub(r"\s+", "", text) if re.fullmatch(r"[\d\s]+", text.strip()) else text.strip()
    if not wanted:
        return []
    if wanted.isdigit():
        query, values = PLACES_BY_KEY, {"key": [Literal(wanted)]}
    else:
        query, values = PLACES_BY_NAME, {"name": [Literal(wanted, lang="de"), Literal(wanted)]}
    return [row.place for row in store.query(with_value_lists(query, values))]


# bound: ?text — places whose name starts with the text, ignoring case (a scan of every name: only
# when no exact name or key matched)
PLACES_BY_NAME_START = PREFIX + """SELECT DISTINCT ?place WHERE {
  ?place kg:officialName|rdfs:label ?name .
  FILTER(STRSTARTS(LCASE(STR(?name)), LCASE(STR(?text))))
  { ?place kg:officialName ?official } UNION { ?place a kg:Studienkommune }
} ORDER BY ?place LIMIT 1000"""


def search_places(store, text: str) -> list[URIRef]:
    """What a search box finds: :func:`find_places`, else the places whose name starts with ``text``
    ("ravens" finds Landkreis and Stadt Ravensburg and Ravenstein); at most 1,000."""
    found = find_places(store, text)
    if found or len(text.strip()) < 2 or text.strip().isdigit():
        return found
    return [row.place for row in store.query(PLACES_BY_NAME_START, {"text": Literal(text.strip())})]


# bound: ?alias — the one IRI the data use for a place whose other IRI (an alias) was asked for
ALIAS_TARGET = PREFIX + "SELECT ?target WHERE { ?alias kg:aliasOf ?target } LIMIT 1"


def alias_target(store, iri: URIRef) -> URIRef | None:
    """The IRI an alias stands for (e.g. the study's former id/landkreis/ravensburg -> id/kreis/08436), else None."""
    rows = list(store.query(ALIAS_TARGET, {"alias": iri}))
    return rows[0].target if rows else None


# The base layer's graphs. A place only they name (no study fact, no relation of anyone's own data)
# is left out of the study's network and its analyses: its only edges are administrative memberships.
BASE_LAYER_GRAPHS = frozenset({URIRef("https://w3id.org/koopgraph/graph/gebiet"),
                               URIRef("https://w3id.org/koopgraph/graph/gebiet-abgeleitet")})
NAMED_GRAPHS = "SELECT ?g WHERE { GRAPH ?g { } }"
# bound: ?g (a list of graphs) — every IRI they name as subject or object
NAMED_IN = "SELECT DISTINCT ?node WHERE { GRAPH ?g { { ?node ?p ?x } UNION { ?x ?p ?node } } FILTER(isIRI(?node)) }"


def named_beyond_base_layer(store) -> tuple[list[URIRef], set[URIRef]] | None:
    """The base layer's graphs in the store and the IRIs that a graph besides them names: the study's
    places, actors, concepts, and every place anyone's own data relates to (the ~12,500 units only the
    base layer names are not); None when the store holds no base layer (everything counts)."""
    graphs = [row[0] for row in store.query(NAMED_GRAPHS)]
    base = [g for g in graphs if g in BASE_LAYER_GRAPHS]
    if not base:
        return None
    others = [g for g in graphs if g not in BASE_LAYER_GRAPHS]
    return base, {row[0] for row in store.query(with_value_lists(NAMED_IN, {"g": others}))}
