"""Where the Länder lie: a map-like placement of Germany's 16 Länder as cluster nodes.

Readers of a Germany view look for Bayern in the south-east and Schleswig-Holstein at the
top, so the Länder clusters of /netzwerk are placed at about their geographic centre
(longitude, latitude in degrees, rounded), not where a spring layout happens to put them.
The Stadtstaaten sit where they are; a Land around or beside one is nudged a little
(Brandenburg east of Berlin, Niedersachsen south-east of Bremen) so both stay visible.
Labels are matched without a parenthesised suffix, so "Bayern (synthetisch)" is Bayern.
"""

from __future__ import annotations

import math
import re

from ..bind import with_value_lists

CENTRES = {   # Land: (longitude E, latitude N)
    "Schleswig-Holstein": (9.7, 54.3), "Hamburg": (10.0, 53.55), "Mecklenburg-Vorpommern": (12.6, 53.8),
    "Bremen": (8.6, 53.2), "Niedersachsen": (9.9, 52.6), "Berlin": (13.4, 52.5),
    "Brandenburg": (14.3, 52.05), "Sachsen-Anhalt": (11.4, 51.85), "Nordrhein-Westfalen": (7.5, 51.5),
    "Sachsen": (13.3, 51.0), "Thüringen": (11.0, 50.85), "Hessen": (9.0, 50.6),
    "Rheinland-Pfalz": (7.6, 50.1), "Saarland": (6.9, 49.4), "Bayern": (11.6, 48.9),
    "Baden-Württemberg": (9.0, 48.5),
}
_MIDDLE = (10.45, 51.15)
_UNITS_PER_DEGREE = 1000 / 3.85   # Germany's 7.7 degrees of latitude span about ±1000 units


def land_name(label: str) -> str:
    """The Land's name without a parenthesised suffix: "Bayern (synthetisch)" -> "Bayern"."""
    return re.sub(r"\s*\(.*\)\s*$", "", label).strip()


def map_positions(labels: dict) -> dict | None:
    """Positions (x right, y down, vis-network units) for {key: Land label}, or None unless every
    label names a different one of the 16 Länder."""
    names = {key: land_name(label) for key, label in labels.items()}
    if not names or any(n not in CENTRES for n in names.values()) or len(set(names.values())) < len(names):
        return None
    return {key: project(*CENTRES[n]) for key, n in names.items()}


def project(longitude: float, latitude: float) -> tuple[float, float]:
    """x right, y down (vis-network units) of a point: an equirectangular projection around Germany's
    middle, a degree of longitude shortened to its length there."""
    squeeze = math.cos(math.radians(_MIDDLE[1]))
    return (round((longitude - _MIDDLE[0]) * squeeze * _UNITS_PER_DEGREE, 1),
            round((_MIDDLE[1] - latitude) * _UNITS_PER_DEGREE, 1))


# bound: ?place (a list of IRIs) — the seat's point of each place that has one (base layer, GeoSPARQL)
SEATS = """PREFIX geo: <http://www.opengis.net/ont/geosparql#>
SELECT ?place ?wkt WHERE { ?place geo:hasGeometry/geo:asWKT ?wkt }"""
POINT = re.compile(r"POINT\s*\(\s*(-?[\d.]+)\s+(-?[\d.]+)\s*\)", re.IGNORECASE)


# bound: ?place (a list of IRIs) — the seats of the Gemeinden of each Kreis or Gemeindeverband (the
# table gives neither a seat)
MEMBER_SEATS = """PREFIX geo: <http://www.opengis.net/ont/geosparql#>
PREFIX kg: <https://w3id.org/koopgraph/ontology#>
SELECT ?place ?wkt WHERE { ?member kg:inCounty|kg:inAssociation ?place ; geo:hasGeometry/geo:asWKT ?wkt }"""


def seat_positions(store, places) -> dict:
    """{place: (x, y)} for the places whose seat the store knows (``POINT(lon lat)``), projected; a
    Kreis or Verband without a seat of its own at the mean of its Gemeinden's seats (derived: its middle)."""
    places = list(places)
    if not places:
        return {}
    found = {place: project(*points[0]) for place, points in _points(store, SEATS, places).items()}
    kreise = [p for p in places if p not in found]
    for place, points in (_points(store, MEMBER_SEATS, kreise) if kreise else {}).items():
        found[place] = project(sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))
    return found


def _points(store, sparql: str, places: list) -> dict:
    """{place: [(lon, lat), …]} from a query binding ?place and ?wkt."""
    points: dict = {}
    for row in store.query(with_value_lists(sparql, {"place": places})):
        point = POINT.search(str(row.wkt))
        if point:
            points.setdefault(row.place, []).append((float(point[1]), float(point[2])))
    return points
