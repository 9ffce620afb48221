"""The real places of the official base layer, as ``koopgraph synth --on-base-layer`` needs them.

Read from the shipped TriG of the base layer (data/gebiet/gebiet.trig, graph ``gebiet``), not from
the Destatis table it is built from: the TriG is what every new store loads, so its IRIs are the
ones a synthetic relation must point to (one resource per real place, the highest level's IRI, the
other levels' keys as aliases — rules that live only in data/build, which is neither shipped nor
importable), and it is on every user's machine, where the vendored table (data/build/amtlich/) is
not. synth may import only the ground floor, so the file is found through the package's resources
like the store room does (``koopgraph.graph.store.load.BASE_LAYER_FOLDER``).

Only keys and kinds are read (kg:landKey, kg:countyKey, kg:ars, kg:inCounty, kg:unitKind): the
study's graph ``kommunen`` states the type and label of its 92 places instead of the base layer, the
keys are always in ``gebiet``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import pyoxigraph as ox

from ..errors import KoopgraphError
from .geo import LAENDER, LandFigures
from .vocab import CONCEPT, kg

BASE_LAYER_FILE = ("gebiet", "gebiet.trig")  # under the package koopgraph.data

_LAND_KEY, _COUNTY_KEY, _ARS = kg("landKey"), kg("countyKey"), kg("ars")
_IN_COUNTY, _UNIT_KIND = kg("inCounty"), kg("unitKind")
_WANTED = {_LAND_KEY, _COUNTY_KEY, _ARS, _IN_COUNTY, _UNIT_KIND}
_KIND = CONCEPT + "gebietsart/"
# Textkennzeichen (scheme gebietsart): kreisfreie Stadt, Stadtkreis; Kreis, Landkreis, Regionalverband;
# gemeindefreies Gebiet (bewohnt, unbewohnt) — no one there to cooperate
KREISFREI, LANDKREIS, GEMEINDEFREI = {"41", "42"}, {"43", "44", "45"}, {"65", "66"}


@dataclass
class RealKreis:
    """A Landkreis with its Gemeinden, or (``kreisfrei``) a kreisfreie Stadt (Kreis and Gemeinde in one)."""

    iri: ox.NamedNode
    key: str  # AGS of the Kreis, five digits
    kreisfrei: bool
    gemeinden: list[ox.NamedNode] = field(default_factory=list)  # by ARS


@dataclass
class RealLand:
    figures: LandFigures  # name and code (the synthetic mode's table; the base layer has the same codes)
    iri: ox.NamedNode
    kreise: list[RealKreis]  # by key

    @property
    def landkreise(self) -> list[RealKreis]:
        return [k for k in self.kreise if not k.kreisfrei]


def base_layer_path() -> Path:
    return Path(str(resources.files("koopgraph.data").joinpath(*BASE_LAYER_FILE)))


def read_base_layer(path: Path | None = None) -> list[RealLand]:
    """The 16 Länder with their Kreise and Gemeinden (not the gemeindefreie Gebiete), sorted by key."""
    path = path or base_layer_path()
    facts: dict[ox.NamedNode, dict] = defaultdict(lambda: defaultdict(set))
    try:
        for quad in ox.parse(path=str(path), format=ox.RdfFormat.TRIG):
            if quad.predicate in _WANTED:
                facts[quad.subject][quad.predicate].add(quad.object)
    except (OSError, SyntaxError, ValueError) as e:
        raise KoopgraphError(f"cannot read the base layer {path}: {e}",
                             hint="Reinstall koopgraph; the shipped data/gebiet/ is incomplete.") from e
    laender = _assemble(facts)
    if len(laender) != len(LAENDER) or not all(land.kreise for land in laender):
        raise KoopgraphError(f"the base layer {path} lacks Länder or Kreise",
                             hint="Reinstall koopgraph; the shipped data/gebiet/ is incomplete.")
    return laender


def _one(values: set) -> str | None:
    return next(iter(values)).value if values else None


def _kinds(about: dict) -> set[str]:
    return {k.value.removeprefix(_KIND) for k in about[_UNIT_KIND]}


def _assemble(facts: dict) -> list[RealLand]:
    land_iris = {_one(about[_LAND_KEY]): node for node, about in facts.items() if about[_LAND_KEY]}
    kreise = {}
    for node, about in facts.items():
        key, kinds = _one(about[_COUNTY_KEY]), _kinds(about)
        if key and kinds & (KREISFREI | LANDKREIS):
            kreise[node] = RealKreis(node, key, bool(kinds & KREISFREI))
    for node, about in sorted(facts.items(), key=lambda item: _one(item[1][_ARS]) or ""):
        county = _one(about[_IN_COUNTY])
        if about[_ARS] and county and not _kinds(about) & GEMEINDEFREI:
            kreise[ox.NamedNode(county)].gemeinden.append(node)
    by_land = defaultdict(list)
    for kreis in sorted(kreise.values(), key=lambda k: k.key):
        by_land[kreis.key[:2]].append(kreis)
    return [RealLand(figures, land_iris[figures.code], by_land[figures.code])
            for figures in LAENDER if figures.code in land_iris]
