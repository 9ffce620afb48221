"""The anonymity check: how many real places share what a case record says that points to a place.

A *case record* is a resource of class kg:Fall — in an import an Akteure row of Art »Fall«, in the
study one of its 81 cases. The facts that point to a place are its type (kg:printedType), its size
class (kg:sizeClass), the Land or Kreis it is located in (kg:locatedIn) and the Länder of what it is
linked to: places, own actors located somewhere, Land programmes (kg:appliesInLand). Each case is
counted against every kreisfreie Stadt, Landkreis and kreisangehörige Gemeinde of the official base
layer (:mod:`.places`); a case that fewer than k places share is reported with the count after each
fact, so a person sees which fact narrows it down. A case located in a named Gemeinde or kreisfreie
Stadt is that place: one.

Links to places in several Länder are read as "one of these Länder" (a case may work across a
border); several printed types (the study prints five cases with two) as "one of these types".
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import URIRef
from rdflib.namespace import RDF, RDFS

from ..bind import with_value_lists
from ..namespaces import GRAPH, KG
from .diff import graph_triples
from .problems import CellProblem
from .places import LANDKREIS, BaseLayer, Place, base_layer
from .vocabulary import ACTORS, code_lists, ontology

DEFAULT_K = 5
# bound: ?x (a list) — the Land each of these resources (programmes) applies in
PROGRAMME_LAENDER = """PREFIX kg: <https://w3id.org/koopgraph/ontology#>
SELECT ?x ?land WHERE { ?x kg:appliesInLand ?land }"""


@dataclass(frozen=True)
class Fact:
    text: str              # in German, e.g. "Land Sachsen (über »WIR-Programm«)"
    places: frozenset      # IRIs of the places that fit it


@dataclass
class Exposure:
    """A case, its facts with the count of places left after each, and the places that remain."""

    case: URIRef
    label: str
    row: int | None = None                       # the case's row in the sheet Akteure (imports)
    steps: list = field(default_factory=list)    # (fact text, places left)
    remaining: list = field(default_factory=list)  # labels of the places left (few)

    @property
    def count(self) -> int:
        return self.steps[-1][1] if self.steps else 0

    def narrowing(self) -> str:
        return " → ".join(f"{text} ({count})" for text, count in self.steps)


def exposed_cases(store, triples, k: int = DEFAULT_K) -> tuple[int, list[Exposure]]:
    """(cases checked, the cases fewer than ``k`` real places share) among ``triples``."""
    layer = base_layer()
    facts = defaultdict(lambda: defaultdict(set))
    pointing = defaultdict(set)       # object -> subjects (relations and statements about a case)
    for s, p, o in triples:
        facts[s][p].add(o)
        pointing[o].add(s)
    cases = sorted(s for s, f in facts.items() if KG.Fall in f[RDF.type])
    programmes = _programme_laender(store, {o for s, p, o in triples if isinstance(o, URIRef)})
    exposures = []
    for case in cases:
        exposure = check_case(case, facts, pointing, layer, programmes)
        if exposure.count < k:
            exposures.append(exposure)
    return len(cases), exposures


def check_case(case: URIRef, facts, pointing, layer: BaseLayer, programmes: dict) -> Exposure:
    """The count of places left after each fact about ``case`` (in the order type, size, Land, Kreis)."""
    label = next((str(o) for o in facts[case].get(RDFS.label, ())
                  if getattr(o, "language", None) == "de"), str(case).rsplit("/", 1)[-1])
    row = next(iter(facts[case].get(KG.sourceRow, ())), None)
    exposure = Exposure(case, label, int(row) if row is not None else None)
    left = {p.iri for p in layer.municipalities()}
    for fact in case_facts(case, facts, pointing, layer, programmes):
        left &= fact.places
        exposure.steps.append((fact.text, len(left)))
    if not exposure.steps:
        exposure.steps.append(("keine Angabe zum Ort", len(left)))
    if len(left) < 10:
        exposure.remaining = sorted(layer.places[i].label for i in left)
    return exposure


def case_facts(case: URIRef, facts, pointing, layer: BaseLayer, programmes: dict) -> list[Fact]:
    """What ``case`` says that points to a place, each with the places that fit it."""
    own = facts[case]
    municipalities = layer.municipalities()
    out = []
    types = own.get(KG.printedType, set())
    if types:
        names = " oder ".join(sorted(code_lists()["kommunaltyp"].label_of(t) for t in types))
        out.append(Fact(names, frozenset(p.iri for p in municipalities if p.type in types)))
    for size in own.get(KG.sizeClass, set()):
        low, below = size_bounds(size)
        fits = frozenset(p.iri for p in municipalities
                         if p.population is not None and p.population >= low and (below is None or p.population < below))
        out.append(Fact(code_lists()["groessenklasse"].label_of(size), fits))
    for place in own.get(KG.locatedIn, set()):
        out += _located(place, layer, municipalities)
    laender = _linked_laender(case, facts, pointing, layer, programmes)
    if laender:
        text = " oder ".join(sorted(f"Land {layer.name(land)} (über {', '.join(sorted(why))})"
                                    for land, why in laender.items()))
        out.append(Fact(text, frozenset(p.iri for p in municipalities if p.land in laender)))
    return out


def _located(place: URIRef, layer: BaseLayer, municipalities: list[Place]) -> list[Fact]:
    if place in layer.laender:
        return [Fact(f"Sitz im Land {layer.name(place)}", frozenset(p.iri for p in municipalities if p.land == place))]
    found = layer.places.get(place)
    if found is None:
        return []
    if found.type == LANDKREIS:
        return [Fact(f"Sitz im Kreis {found.label}",
                     frozenset(p.iri for p in municipalities if place in (p.iri, p.county)))]
    if found.type is not None:
        return [Fact(f"Sitz in {found.label} (genannter Ort)", frozenset({place}))]
    return [Fact(f"Sitz im Land {layer.name(found.land)} (über {found.label})",
                 frozenset(p.iri for p in municipalities if p.land == found.land))]


def _linked_laender(case: URIRef, facts, pointing, layer: BaseLayer, programmes: dict) -> dict:
    """Land -> what links the case to it: places, own actors' seats and Land programmes the case or a
    relation or statement about it points to."""
    nodes = {case} | pointing.get(case, set())
    linked = {o for n in nodes for p, objects in facts[n].items() if p not in (RDF.type, KG.locatedIn)
              for o in objects if isinstance(o, URIRef) and o != case}
    linked |= {seat for o in linked for seat in facts[o].get(KG.locatedIn, ())}
    laender = defaultdict(set)
    for o in linked:
        if o in layer.laender:
            laender[o].add(f"»{layer.name(o)}«")
        elif o in layer.places:
            laender[layer.places[o].land].add(f"»{layer.places[o].label}«")
        for land in programmes.get(o, ()):
            laender[land].add("Landesprogramm")
    return laender


def _programme_laender(store, iris: set) -> dict:
    found = defaultdict(set)
    if iris:
        for row in store.query(with_value_lists(PROGRAMME_LAENDER, {"x": sorted(iris)})):
            found[row.x].add(row.land)
    return found


def exposure_problem(exposure: Exposure, file: str, k: int) -> CellProblem:
    """An exposed case as a problem of its row (``--strict`` refuses the import with these)."""
    remaining = f": {', '.join(exposure.remaining)}" if exposure.remaining else ""
    return CellProblem(file, ACTORS, exposure.row, "Art", exposure.label,
                       f"ein Fall, den mindestens {k} reale Orte teilen – nur {exposure.count}{remaining}",
                       f"eingrenzend: {exposure.narrowing()}; Angaben vergröbern oder weglassen")


def size_bounds(size: URIRef) -> tuple[int, int | None]:
    """(from, below) of a size class, from the ontology (below None: open upwards)."""
    onto = ontology()
    low = onto.value(size, KG.populationFrom)
    below = onto.value(size, KG.populationBelow)
    return (int(low) if low is not None else 0), (int(below) if below is not None else None)


def study_case_exposures(store, k: int = DEFAULT_K) -> tuple[int, list[Exposure]]:
    """The same check over the study's cases (graph faelle) in ``store``."""
    return exposed_cases(store, graph_triples(store, GRAPH["faelle"]), k)
