"""What the page of a place of the official base layer shows beyond its statements (issue 13).

A Kreis (or a Gemeindeverband) lists its Gemeindeverbände and Gemeinden as tables (name, kind,
population 31.12.2019, AGS/ARS); a place shows where it belongs (Verband, Kreis, Land) and its key
figures (population, area, density, degree of urbanisation) with the source named. The figures of a
Gemeinde are the directory's own; those of a Verband or Kreis are sums of its Gemeinden (graph
``gebiet-abgeleitet``) and say so. Returns plain values, never HTML.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Literal, URIRef

from ..bind import with_value_lists
from ..labels import labels_of
from ..namespaces import ID

PREFIX = """PREFIX kg: <https://w3id.org/koopgraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
# The directory the official figures come from (data/build/amtlich/QUELLEN.md): the base layer's
# population, area, density and DEGURBA are written from this table alone, its sums derived from it.
FIGURES_SOURCE = ID["quelle/gemeindeverzeichnis-2019"]

# bound: ?parent — the units under a Kreis or a Verband, with their figures. A Gemeinde (or
# gemeindefreies Gebiet) has an ARS, a Verband only its Verband key (a verbandsfreie Gemeinde has both);
# no class path here: following rdfs:subClassOf* for every member cost Oxigraph a second per page
MEMBERS = PREFIX + """SELECT ?unit ?ars ?associationKey ?ags ?population ?summed ?association WHERE {
  VALUES ?link { kg:inCounty kg:inAssociation }
  ?unit ?link ?parent .
  OPTIONAL { ?unit kg:ars ?ars } OPTIONAL { ?unit kg:associationKey ?associationKey }
  OPTIONAL { ?unit kg:ags ?ags } OPTIONAL { ?unit kg:officialPopulation ?population }
  OPTIONAL { ?unit kg:summedPopulation ?summed } OPTIONAL { ?unit kg:inAssociation ?association }
}"""
# bound: ?unit (a list) — the kinds of the listed units (a unit on two levels has two)
KINDS = PREFIX + "SELECT ?unit ?kind WHERE { ?unit kg:unitKind ?kind }"

# bound: ?place — where a place belongs and its figures, official or summed (?derived)
PROFILE = PREFIX + """SELECT ?association ?county ?land ?ags ?ars ?nuts ?postcode ?population ?area ?density
       ?degurba ?derived WHERE {
  OPTIONAL { ?place kg:inAssociation ?association }
  OPTIONAL { ?place kg:inCounty ?county }
  OPTIONAL { ?place kg:inLand ?land }
  OPTIONAL { ?place kg:ags ?ags } OPTIONAL { ?place kg:ars ?ars } OPTIONAL { ?place kg:nuts3 ?nuts }
  OPTIONAL { ?place kg:postcode ?postcode }
  OPTIONAL { ?place kg:populationDensity ?density } OPTIONAL { ?place kg:degreeOfUrbanisation ?degurba }
  OPTIONAL { ?place kg:officialPopulation ?official } OPTIONAL { ?place kg:officialArea ?officialArea }
  OPTIONAL { ?place kg:summedPopulation ?summed } OPTIONAL { ?place kg:summedArea ?summedArea }
  BIND(COALESCE(?official, ?summed) AS ?population)
  BIND(COALESCE(?officialArea, ?summedArea) AS ?area)
  BIND(!BOUND(?official) && BOUND(?summed) AS ?derived)
} LIMIT 1"""
# bound: ?source — how the source of the figures names itself
SOURCE_LABEL = PREFIX + """SELECT ?label ?date WHERE {
  ?source rdfs:label ?label . OPTIONAL { ?source <http://purl.org/dc/terms/date> ?date }
  FILTER(LANG(?label) = "de" || LANG(?label) = "") } LIMIT 1"""


@dataclass
class Unit:
    """One row of a member table."""

    iri: URIRef
    name: str
    kinds: list[str]
    key: str                      # ARS of a Gemeinde, Verband key (9 digits) of a Verband
    ags: str | None
    population: int | None
    association: tuple[URIRef, str] | None = None   # a Gemeinde's Verband (None: verbandsfrei)


@dataclass
class Members:
    """The Gemeindeverbände and Gemeinden under a Kreis or Verband, each by name."""

    verbaende: list[Unit] = field(default_factory=list)
    gemeinden: list[Unit] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.verbaende or self.gemeinden)

    @property
    def population(self) -> int:
        """The Gemeinden's population summed (a Verband's is the sum of its own Gemeinden)."""
        return sum(u.population or 0 for u in self.gemeinden)


def members(store, parent: URIRef) -> Members:
    """The Gemeindeverbände and Gemeinden of ``parent`` (a Kreis or Verband); empty for anything else."""
    rows = list(store.query(MEMBERS, {"parent": parent}))
    units = [row.unit for row in rows]
    kinds: dict[URIRef, list] = {}
    if units:
        for row in store.query(with_value_lists(KINDS, {"unit": units})):
            kinds.setdefault(row.unit, []).append(row.kind)
    labels = labels_of(store, [*units, *(r.association for r in rows if r.association is not None),
                               *(k for found in kinds.values() for k in found)])
    found = Members()
    for row in rows:
        is_verband = row.ars is None and row.associationKey is not None
        unit = Unit(row.unit, labels(row.unit), sorted(labels(k) for k in kinds.get(row.unit, [])),
                    _text(row.associationKey if is_verband else row.ars) or "", _text(row.ags),
                    _number(row.summed if is_verband else row.population),
                    (row.association, labels(row.association)) if row.association is not None else None)
        (found.verbaende if is_verband else found.gemeinden).append(unit)
    for table in (found.verbaende, found.gemeinden):
        table.sort(key=lambda u: (u.name.casefold(), u.key))
    return found


@dataclass
class Figure:
    title: str
    value: object
    unit: str = ""


@dataclass
class Profile:
    """Where a place belongs and its key figures, with the source of the figures."""

    belongs: list[tuple[str, URIRef | None, str]]  # (role, IRI, label): Verband, Kreis, Land
    keys: list[Figure]                         # AGS, ARS, NUTS-3, postcode of the seat
    figures: list[Figure]                      # population, area, density, DEGURBA
    derived: bool                              # figures are sums of the Gemeinden
    source: str                                # e.g. "Gemeindeverzeichnis … Gebietsstand 31.12.2019"
    source_iri: URIRef = FIGURES_SOURCE

    def __bool__(self) -> bool:
        return bool(self.figures or self.keys)


def profile(store, place: URIRef) -> Profile:
    """Verband, Kreis and Land of ``place`` and its figures of 31.12.2019 (empty if it has none)."""
    row = next(iter(store.query(PROFILE, {"place": place})), None)
    if row is None:
        return Profile([], [], [], False, "")
    roles = [("Gemeindeverband", row.association), ("Kreis", row.county), ("Land", row.land)]
    kinds = [r.kind for r in store.query(with_value_lists(KINDS, {"unit": [place]}))]
    labels = labels_of(store, [term for _, term in roles if term is not None] + kinds
                       + ([row.degurba] if row.degurba is not None else []))
    belongs = [(role, term, labels(term)) for role, term in roles if term is not None]
    if row.ars is not None and row.association is None and row.county is not None:
        belongs.insert(0, ("Gemeindeverband", None, "verbandsfrei"))   # kreisangehörig, in no Verband
    if kinds:   # as the directory codes it: Stadt, Markt, Verwaltungsgemeinschaft … (a Gemeinde may have two)
        belongs.insert(0, ("Gebietsart", None, ", ".join(sorted(labels(k) for k in kinds))))
    keys = [Figure(title, _text(value)) for title, value in
            [("AGS", row.ags), ("ARS", row.ars), ("NUTS-3", row.nuts), ("Postleitzahl des Sitzes", row.postcode)]
            if value is not None]
    figures = [Figure(title, value.toPython(), unit) for title, value, unit in
               [("Einwohner", row.population, ""), ("Fläche", row.area, "km²"),
                ("Einwohner je km²", row.density, "")] if value is not None]
    if row.degurba is not None:
        figures.append(Figure("Verstädterungsgrad (DEGURBA)", labels(row.degurba)))
    derived = bool(row.derived is not None and row.derived.toPython())
    return Profile(belongs, keys, figures, derived, source_label(store) if figures else "")


def source_label(store) -> str:
    """The name of the directory the figures come from, as the dataset description gives it."""
    row = next(iter(store.query(SOURCE_LABEL, {"source": FIGURES_SOURCE})), None)
    return str(row.label) if row is not None else str(FIGURES_SOURCE)


def _text(term) -> str | None:
    return str(term) if term is not None else None


def _number(term) -> int | None:
    return int(term.toPython()) if isinstance(term, Literal) else None
