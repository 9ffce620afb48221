"""The real places a case could be: every kreisfreie Stadt, Landkreis and kreisangehörige Gemeinde of
the official base layer (data/gebiet/, Destatis 31.12.2019) with its Land, Kreis and population.

Read from the shipped base-layer files, not from the store: a ``memory`` store holds only the slice
about the study's places, and an anonymity set must be counted over all of Germany in every store.
A kreisangehörige Kommune is counted as a Gemeinde in a Landkreis (Markt, Stadt, Gemeinde, große
Kreisstadt; gemeindefreie Gebiete are nobody's municipality); counting the Gemeindeverbände too would
make a case look more anonymous than the smallest unit it could be.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from rdflib import URIRef

from ..namespaces import ID

KREISFREIE_STADT, LANDKREIS, KREISANGEHOERIGE_KOMMUNE = (
    ID["konzept/kommunaltyp/kreisfreie-stadt"], ID["konzept/kommunaltyp/landkreis"],
    ID["konzept/kommunaltyp/kreisangehoerige-kommune"])
# Textkennzeichen (kg:unitKind, scheme gebietsart) -> type of municipality of the study (§2.3.1)
TYPE_BY_KIND = {"41": KREISFREIE_STADT, "42": KREISFREIE_STADT, "43": LANDKREIS, "44": LANDKREIS, "45": LANDKREIS,
                "60": KREISANGEHOERIGE_KOMMUNE, "63": KREISANGEHOERIGE_KOMMUNE, "64": KREISANGEHOERIGE_KOMMUNE,
                "67": KREISANGEHOERIGE_KOMMUNE}

# every unit with its Land, Kreis, kinds, label and population (own figure for a Gemeinde or a
# kreisfreie Stadt, the derived sum for a Landkreis)
UNITS = """PREFIX kg: <https://w3id.org/koopgraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?unit ?land ?county ?kind ?label ?population WHERE {
  ?unit kg:inLand ?land ; kg:unitKind ?kind .
  OPTIONAL { ?unit kg:inCounty ?county }
  OPTIONAL { ?unit rdfs:label ?label }
  OPTIONAL { ?unit kg:officialPopulation ?own }
  OPTIONAL { ?unit kg:summedPopulation ?summed }
  BIND(COALESCE(?own, ?summed) AS ?population)
}"""
LAENDER = """PREFIX kg: <https://w3id.org/koopgraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?land ?label WHERE { ?land a kg:Land ; rdfs:label ?label . FILTER(LANG(?label) = "de") }"""


@dataclass(frozen=True)
class Place:
    iri: URIRef
    label: str
    type: URIRef | None          # kommunaltyp concept, None for units that are no municipality of the study
    land: URIRef
    county: URIRef | None        # the Landkreis (or the kreisfreie Stadt itself is its own Kreis: None)
    population: int | None


@dataclass(frozen=True)
class BaseLayer:
    places: dict                 # IRI -> Place, every unit (also Verbände, Bezirke)
    laender: dict                # Land IRI -> German name

    def municipalities(self) -> list[Place]:
        """The places a case could be (a type of the study)."""
        return [p for p in self.places.values() if p.type is not None]

    def name(self, iri) -> str:
        if iri in self.laender:
            return self.laender[iri]
        return self.places[iri].label if iri in self.places else str(iri)


@lru_cache(maxsize=1)
def base_layer() -> BaseLayer:
    """The base layer's places, read once per process from data/gebiet/*.trig (~5 s)."""
    import pyoxigraph as ox

    store = ox.Store()
    data = resources.files("koopgraph.data")
    # the base layer leaves out what graph kommunen says of the study's places (label, Land) and
    # graph struktur holds the Länder's names: both complete the picture
    files = [f for f in sorted((data / "gebiet").iterdir(), key=str) if f.name.endswith(".trig")]
    for f in [*files, data / "kommunen.trig", data / "struktur.trig"]:
        store.bulk_load(path=Path(str(f)), format=ox.RdfFormat.TRIG)
    kinds: dict = {}
    rows: dict = {}
    for row in store.query(UNITS, use_default_graph_as_union=True):
        iri = URIRef(row["unit"].value)
        kinds.setdefault(iri, set()).add(row["kind"].value.rsplit("/", 1)[-1])
        rows[iri] = (row["label"].value if row["label"] else str(iri), URIRef(row["land"].value),
                     URIRef(row["county"].value) if row["county"] else None,
                     int(row["population"].value) if row["population"] else None)
    types = {iri: _type_of(found) for iri, found in kinds.items()}
    places = {}
    for iri, (label, land, county, population) in rows.items():
        place_type = types[iri]
        # a Gemeinde is kreisangehörig only inside a Landkreis (those of a kreisfreie Stadt are the city)
        if place_type == KREISANGEHOERIGE_KOMMUNE and types.get(county) != LANDKREIS:
            place_type = None
        places[iri] = Place(iri, label, place_type, land, county, population)
    laender = {URIRef(r["land"].value): r["label"].value for r in store.query(LAENDER, use_default_graph_as_union=True)}
    return BaseLayer(places, laender)


def _type_of(kinds: set) -> URIRef | None:
    """A place listed on several levels (a kreisfreie Stadt is also Verband 50 and Gemeinde 61) has
    the type of its highest level."""
    for kind in sorted(kinds):   # "4x" (Kreis) sorts before "5x"/"6x"
        if kind in TYPE_BY_KIND:
            return TYPE_BY_KIND[kind]
    return None
