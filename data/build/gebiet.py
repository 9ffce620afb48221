"""The official base layer: every place of the Gemeindeverzeichnis 31.12.2019 (graph gebiet) and the
population and area of the higher units as sums of their Gemeinden (graph gebiet-abgeleitet).

The study's 92 municipalities are the same resources (see abgleich.py). For them the base layer
leaves the German label to the study's graph (kommunen) and adds the official short name as
skos:altLabel where it differs; triples the study's graph already states are not repeated, so that no
triple is in two graphs.
"""

from __future__ import annotations

from decimal import Decimal

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD

from amtlich import KREISFREI, Directory, Figures, Place
from common import ID, KG, KONZEPT, TableError, Ontology

GEO = Namespace("http://www.opengis.net/ont/geosparql#")
SF = Namespace("http://www.opengis.net/ont/sf#")
BUND = ID["bund"]
DEGURBA = {"01": "dicht-besiedelt", "02": "mittlere-besiedlungsdichte", "03": "gering-besiedelt"}
TOLERANCE_2018 = Decimal("0.06")  # Kreis populations of 2019 and 2018 must agree this closely


def geometry_iri(place: Place) -> URIRef:
    """The point of a place's seat: id/geometrie/<the key its IRI is built from>."""
    return ID[f"geometrie/{str(place.iri).rsplit('/', 1)[1]}"]


def build_gebiet(directory: Directory, study: Graph, onto: Ontology, sums: dict) -> tuple[Graph, Graph]:
    """(gebiet, gebiet-abgeleitet); ``study`` is the kommunen graph, whose triples are not repeated."""
    classes = _classes_by_kind(onto)
    labels = {s: str(o) for s, o in study.subject_objects(RDFS.label) if o.language == "de"}
    lands = {key: place.iri for key, place in directory.laender.items()}
    g = Graph()
    for place in directory.places.values():
        _add_place(g, place, labels, classes, lands)
    for alias, iri in directory.aliases.items():
        g.add((alias, KG.aliasOf, iri))
    g -= study
    _check_against_2018(directory, sums)
    return g, _derived(directory, sums)


def _classes_by_kind(onto: Ontology) -> dict[str, URIRef]:
    """Textkennzeichen or district kind -> class, from kg:unitClass in the scheme gebietsart."""
    found = {}
    for concept, cls in onto.graph.subject_objects(KG.unitClass):
        if (concept, SKOS.inScheme, KONZEPT["gebietsart"]) in onto.graph:
            found[str(concept).rsplit("/", 1)[1]] = cls
    return found


def _add_place(g: Graph, place: Place, labels: dict, classes: dict, lands: dict) -> None:
    node = place.iri
    for name in place.names:
        g.add((node, KG.officialName, Literal(name)))
    for key_property, key in place.keys.items():
        g.add((node, KG[key_property], Literal(key)))
    if place.level == "land":
        g.add((node, KG.inFederation, BUND))
        return
    g.add((node, RDF.type, _class_of(place, classes)))
    _add_name(g, node, place.short_name, labels)
    for kind in place.kinds:
        g.add((node, KG.unitKind, KONZEPT[f"gebietsart/{kind}"]))
    g.add((node, KG.inLand, lands[place.land]))
    for parent, prop in ((place.district, KG.inDistrict), (place.county, KG.inCounty),
                         (place.association, KG.inAssociation)):
        if parent is not None:
            g.add((node, prop, ID[f"{_FOLDER[len(parent)]}/{parent}"]))
    if place.nuts3:
        g.add((node, KG.nuts3, Literal(place.nuts3)))
    if place.figures is not None:
        _add_figures(g, place, place.figures)


_FOLDER = {3: "regierungsbezirk", 5: "kreis", 9: "gemeindeverband"}


def _class_of(place: Place, classes: dict) -> URIRef:
    found = [classes[kind] for kind in place.kinds if kind in classes]
    if not found:
        raise TableError(f"no class for the kinds {place.kinds} of {place.iri}", file="amtlich/", line=place.line)
    return found[-1]  # the lowest row's kind is the most specific


def _add_name(g: Graph, node: URIRef, short: str, labels: dict) -> None:
    if node not in labels:
        g.add((node, RDFS.label, Literal(short, lang="de")))
    elif labels[node] != short:
        g.add((node, SKOS.altLabel, Literal(short, lang="de")))


def _add_figures(g: Graph, place: Place, figures: Figures) -> None:
    node = place.iri
    g.add((node, KG.officialPopulation, Literal(figures.population, datatype=XSD.integer)))
    g.add((node, KG.officialArea, Literal(str(figures.area), datatype=XSD.decimal)))
    g.add((node, KG.populationDensity, Literal(figures.density, datatype=XSD.integer)))
    g.add((node, KG.degreeOfUrbanisation, KONZEPT[f"verstaedterung/{DEGURBA[figures.degurba]}"]))
    if figures.postcode:
        g.add((node, KG.postcode, Literal(figures.postcode)))
    if figures.point:
        point = geometry_iri(place)
        g.add((node, GEO.hasGeometry, point))
        g.add((point, RDF.type, SF.Point))
        lon, lat = figures.point
        g.add((point, GEO.asWKT, Literal(f"POINT({lon} {lat})", datatype=GEO.wktLiteral)))


def _derived(directory: Directory, sums: dict) -> Graph:
    g = Graph()
    for iri, (population, area) in sums.items():
        g.add((iri, KG.summedPopulation, Literal(population, datatype=XSD.integer)))
        g.add((iri, KG.summedArea, Literal(str(area), datatype=XSD.decimal)))
    return g


def _check_against_2018(directory: Directory, sums: dict) -> None:
    """The one-year-older Kreis table must tell nearly the same story (same Kreise, close populations)."""
    for place in directory.places.values():
        if place.level != "kreis":
            continue
        now = place.figures.population if set(place.kinds) & KREISFREI else sums[place.iri][0]
        if abs(now - place.population_2018) > TOLERANCE_2018 * place.population_2018:
            raise TableError(f"Kreis {place.keys['countyKey']} has {now} inhabitants in 2019 but "
                             f"{place.population_2018} in 2018", file="amtlich/kreise-2018-12-31.csv")

