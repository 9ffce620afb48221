"""Stadt und Land vergleichen: the study's title question, answered from the graph.

Three views, each from its own source:
- the study's 92 municipalities by the study's rurality (Anhang I, figures of 12/2017): how many,
  how large, how high their share of foreign nationals, how many in a good socio-economic situation;
- what the study itself found about rural places (its findings whose breakdown is a rurality class);
- all of Germany by the official degree of urbanisation (DEGURBA, Destatis 31.12.2019), Gemeinden
  and their people, and how the study's rurality and DEGURBA meet for the study's Gemeinden.

Averages and shares are computed here from the graph's figures (the study prints none of them per
class): the page says so beside them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from statistics import median

from rdflib import URIRef

from ..labels import labels_of
from ..namespaces import KG
from .findings import findings

PROLOGUE = "PREFIX kg: <https://w3id.org/koopgraph/ontology#>\n"
# the study's municipalities with the Anhang I figures the comparison uses (one row per place: the
# properties are functional; ?type is the main class of the study's three types)
STUDY_PLACES = PROLOGUE + """SELECT ?k ?rurality ?population ?share ?situation ?type ?degurba WHERE {
  ?k a kg:Studienkommune ; kg:rurality ?rurality .
  OPTIONAL { ?k kg:population ?population }
  OPTIONAL { ?k kg:foreignShare ?share }
  OPTIONAL { ?k kg:socioEconomicSituation ?situation }
  OPTIONAL { VALUES ?type { kg:KreisfreieStadt kg:Landkreis kg:KreisangehoerigeKommune } ?k a ?type }
  OPTIONAL { ?k kg:degreeOfUrbanisation ?degurba }
}"""
# every Gemeinde of the base layer (the places with a degree of urbanisation: Kreise have none; the
# gemeindefreie Gebiete, kinds 65 and 66, left out) and its official population, summed per degree
OFFICIAL_BY_DEGURBA = PROLOGUE + """SELECT ?degurba (COUNT(?g) AS ?places) (SUM(?people) AS ?population) WHERE {
  { SELECT DISTINCT ?g ?degurba ?people WHERE {
      ?g kg:degreeOfUrbanisation ?degurba ; kg:officialPopulation ?people .
      FILTER NOT EXISTS { VALUES ?free { <https://w3id.org/koopgraph/id/konzept/gebietsart/65>
                                         <https://w3id.org/koopgraph/id/konzept/gebietsart/66> }
                          ?g kg:unitKind ?free } } }
} GROUP BY ?degurba"""

RURALITY_ORDER = ["nicht-laendlich", "eher-laendlich", "sehr-laendlich"]
DEGURBA_ORDER = ["dicht-besiedelt", "mittlere-besiedlungsdichte", "gering-besiedelt"]
GOOD_SITUATION = "gut"
STUDY_TYPES = (KG.KreisfreieStadt, KG.Landkreis, KG.KreisangehoerigeKommune)


@dataclass
class RuralityClass:
    """The study's municipalities of one rurality class, with figures computed from Anhang I."""
    rurality: URIRef
    label: str
    places: int = 0
    by_type: dict[URIRef, int] = field(default_factory=dict)
    median_population: float | None = None
    population: int = 0
    median_foreign_share: float | None = None
    weighted_foreign_share: float | None = None   # foreign nationals / inhabitants of the class, in %
    with_foreign_share: int = 0   # places for which Anhang I prints a share (it prints "n/a" for 26)
    good_situation: int = 0
    by_degurba: dict[URIRef, int] = field(default_factory=dict)

    @property
    def good_share(self) -> float | None:
        return round(100 * self.good_situation / self.places, 1) if self.places else None


@dataclass
class DegurbaClass:
    """All Gemeinden of Germany with one degree of urbanisation (official, 31.12.2019)."""
    degurba: URIRef
    label: str
    places: int
    population: int
    population_share: float   # of all inhabitants of the Gemeinden with a degree, in %


@dataclass
class TownAndCountry:
    study: list[RuralityClass]
    official: list[DegurbaClass]
    type_labels: dict[URIRef, str]
    degurba_labels: dict[URIRef, str]


def town_and_country(store) -> TownAndCountry:
    """The comparison as the page shows it (every figure from the store)."""
    rows = list(store.query(STUDY_PLACES))
    official = list(store.query(OFFICIAL_BY_DEGURBA))
    degurbas = sorted({r.degurba for r in official} | {r.degurba for r in rows if r.degurba is not None},
                      key=lambda d: _rank(d, DEGURBA_ORDER))
    labels = labels_of(store, [*{r.rurality for r in rows}, *degurbas, *STUDY_TYPES])
    return TownAndCountry(study=_study_classes(rows, labels), official=_official_classes(official, labels),
                          type_labels={t: labels(t) for t in STUDY_TYPES},
                          degurba_labels={d: labels(d) for d in degurbas})


def _rank(iri: URIRef, order: list[str]) -> int:
    slug = str(iri).rsplit("/", 1)[-1]
    return order.index(slug) if slug in order else len(order)


def _study_classes(rows, labels) -> list[RuralityClass]:
    classes: dict[URIRef, RuralityClass] = {}
    members: dict[URIRef, list] = {}
    for row in rows:
        group = classes.setdefault(row.rurality, RuralityClass(row.rurality, labels(row.rurality)))
        members.setdefault(row.rurality, []).append(row)
        group.places += 1
        if row.type is not None:
            group.by_type[row.type] = group.by_type.get(row.type, 0) + 1
        if row.degurba is not None:
            group.by_degurba[row.degurba] = group.by_degurba.get(row.degurba, 0) + 1
        if row.situation is not None and str(row.situation).rsplit("/", 1)[-1] == GOOD_SITUATION:
            group.good_situation += 1
    for rurality, group in classes.items():
        _add_figures(group, members[rurality])
    return sorted(classes.values(), key=lambda c: _rank(c.rurality, RURALITY_ORDER))


def _add_figures(group: RuralityClass, rows) -> None:
    """Median population, median and population-weighted share of foreign nationals of a class."""
    sized = [(int(r.population), float(r.share)) for r in rows if r.population is not None and r.share is not None]
    populations = [int(r.population) for r in rows if r.population is not None]
    group.population = sum(populations)
    group.median_population = median(populations) if populations else None
    group.with_foreign_share = len(sized)
    if sized:
        group.median_foreign_share = round(median(share for _, share in sized), 2)
        people = sum(n for n, _ in sized)
        group.weighted_foreign_share = round(sum(n * share for n, share in sized) / people, 2)


def _official_classes(rows, labels) -> list[DegurbaClass]:
    everyone = sum(int(r.population) for r in rows)
    found = [DegurbaClass(r.degurba, labels(r.degurba), int(r.places), int(r.population),
                          round(100 * int(r.population) / everyone, 1) if everyone else 0.0) for r in rows]
    return sorted(found, key=lambda c: _rank(c.degurba, DEGURBA_ORDER))


def rural_findings(store) -> list:
    """The study's printed findings that break a count down by rurality ("… – davon sehr ländlich"):
    what the study itself says about town and country, with its sections."""
    items, _ = findings(store, count=False)
    return [f for f in items if "ländlich" in f.label]
