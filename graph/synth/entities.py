"""Territorial bodies, actors and programmes of the synthetic graph, as quads.

Every label is German, carries the word "synthetisch"/"Synthetisch" and the
synthetic key, so no synthetic resource can be mistaken for a real one.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator

import pyoxigraph as ox

from . import vocab as v
from .geo import Gemeinde, Kreis, LandFigures

_G = v.GRAPH_NODE

# Party of the head of administration: (party, weight) by region; draws, not election results.
_PARTIES = {
    "bayern": [("csu", 45), ("freie-waehler", 18), ("spd", 12), ("parteilos", 10), ("lokale-liste", 9),
               ("gruene", 3), ("sonstige", 3)],
    "west": [("cdu", 34), ("spd", 28), ("parteilos", 20), ("gruene", 5), ("freie-waehler", 4), ("fdp", 3),
             ("lokale-liste", 4), ("sonstige", 2)],
    "east": [("cdu", 28), ("parteilos", 34), ("spd", 12), ("die-linke", 7), ("lokale-liste", 9),
             ("freie-waehler", 5), ("fdp", 2), ("sonstige", 3)],
}

# German class names for actor labels ("Synthetisches Jugendamt …").
_ACTOR_NOUNS = {
    "Auslaenderbehoerde": "Synthetische Ausländerbehörde", "Jugendamt": "Synthetisches Jugendamt",
    "Sozialamt": "Synthetisches Sozialamt", "Schulamt": "Synthetisches Schulamt",
    "Gesundheitsamt": "Synthetisches Gesundheitsamt",
    "Integrationsbeauftragte": "Synthetische Integrationsbeauftragte",
    "Bildungsbuero": "Synthetisches Bildungsbüro", "Volkshochschule": "Synthetische Volkshochschule",
    "JobcenterArbeitsagentur": "Synthetisches Jobcenter", "Wohlfahrtsverband": "Synthetischer Wohlfahrtsverband",
    "Glaubensgemeinschaft": "Synthetische Glaubensgemeinschaft", "Verein": "Synthetischer Verein",
    "Migrantenorganisation": "Synthetische Migrantenorganisation", "Kammer": "Synthetische Kammer",
    "Unternehmen": "Synthetisches Unternehmen", "EhrenamtlicherHelferkreis": "Synthetischer Helferkreis",
    "Wohnungsgesellschaft": "Synthetische Wohnungsgesellschaft",
    "Migrationsberatungsstelle": "Synthetische Migrationsberatung",
    "Landesministerium": "Synthetisches Landesministerium",
    "Landesintegrationsbeauftragte": "Synthetische Landesintegrationsbeauftragte",
    "Landkreistag": "Synthetischer Landkreistag", "Staedtetag": "Synthetischer Städtetag",
    "StaedteUndGemeindebund": "Synthetischer Städte- und Gemeindebund",
    "Landtagsabgeordnete": "Synthetische Landtagsabgeordnete",
}


def label(node: ox.NamedNode, text: str) -> ox.Quad:
    return ox.Quad(node, v.LABEL, ox.Literal(text, language="de"), _G)


def integer(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=v.XSD_INTEGER)


def land_node(land: LandFigures) -> ox.NamedNode:
    return v.synth(f"land/{land.slug}")


def kreis_node(kreis: Kreis) -> ox.NamedNode:
    return v.synth(f"kreis/{kreis.key}") if not kreis.kreisfrei else v.synth(f"kommune/{kreis.key}000")


def gemeinde_node(gemeinde: Gemeinde) -> ox.NamedNode:
    return v.synth(f"kommune/{gemeinde.ags}")


def bund_quads(bund: ox.NamedNode) -> Iterator[ox.Quad]:
    yield ox.Quad(bund, v.RDF_TYPE, v.BUND, _G)
    yield label(bund, "Bund (synthetisch)")


_ENGLISH_NAMES = {"bayern": "Bavaria", "hessen": "Hesse", "niedersachsen": "Lower Saxony",
                  "mecklenburg-vorpommern": "Mecklenburg-Western Pomerania",
                  "nordrhein-westfalen": "North Rhine-Westphalia", "rheinland-pfalz": "Rhineland-Palatinate",
                  "sachsen": "Saxony", "sachsen-anhalt": "Saxony-Anhalt", "thueringen": "Thuringia"}


def land_quads(land: LandFigures, bund: ox.NamedNode) -> Iterator[ox.Quad]:
    node = land_node(land)
    yield ox.Quad(node, v.RDF_TYPE, v.LAND, _G)
    yield label(node, f"{land.name} (synthetisch)")
    english = _ENGLISH_NAMES.get(land.slug, land.name)
    yield ox.Quad(node, v.LABEL, ox.Literal(f"{english} (synthetic)", language="en"), _G)
    yield ox.Quad(node, v.POPULATION, integer(land.population), _G)
    yield ox.Quad(node, v.IN_FEDERATION, bund, _G)


class KommuneProfile:
    """Draws the Anhang I columns of one Kommune: shares, classes, parties."""

    def __init__(self, land: LandFigures, rng: random.Random) -> None:
        self.land = land
        self.rng = rng
        region = "bayern" if land.slug == "bayern" else "east" if land.east else "west"
        self.parties = _PARTIES[region]
        self.source = ox.Literal(v.SYNTHETIC_SOURCE)

    def quads(self, node: ox.NamedNode, population: int, rurality: ox.NamedNode,
              socio: ox.NamedNode) -> Iterator[ox.Quad]:
        yield ox.Quad(node, v.SECTION, self.source, _G)
        yield ox.Quad(node, v.POPULATION, integer(population), _G)
        yield ox.Quad(node, v.FOREIGN_SHARE, self._foreign_share(population), _G)
        yield ox.Quad(node, v.RURALITY, rurality, _G)
        yield ox.Quad(node, v.SOCIO_ECONOMIC, socio, _G)
        yield ox.Quad(node, v.HEAD_PARTY, self._party(), _G)
        majority = {self._party() for _ in range(2 if self.rng.random() < 0.15 else 1)}
        for party in sorted(majority, key=str):
            yield ox.Quad(node, v.COUNCIL_MAJORITY, party, _G)

    def _foreign_share(self, population: int) -> ox.Literal:
        # bigger places have more foreign residents; spread ±50 % around the Land's mean
        size_factor = (max(population, 100) / 20_000) ** 0.18
        share = self.land.foreign_share * size_factor * math.exp(self.rng.gauss(0.0, 0.45))
        return ox.Literal(f"{min(max(share, 0.2), 60.0):.1f}", datatype=v.XSD_DECIMAL)

    def _party(self) -> ox.NamedNode:
        names = [p for p, _ in self.parties]
        weights = [w for _, w in self.parties]
        return v.party(self.rng.choices(names, weights)[0])

    def kreis_classes(self, kreisfrei: bool) -> tuple[ox.NamedNode, ox.NamedNode]:
        """Rurality and socio-economic class of a Kreis (kreisfreie Städte: not rural)."""
        if kreisfrei:
            rurality = v.RURALITY_CLASSES[0]
        else:
            rurality = self.rng.choices(v.RURALITY_CLASSES, [15, 40, 45])[0]
        poorer = 0.65 if self.land.east else 0.4
        socio = v.SOCIO_CLASSES[1] if self.rng.random() < poorer else v.SOCIO_CLASSES[0]
        return rurality, socio


def actor_quads(node: ox.NamedNode, cls: ox.NamedNode, text: str) -> Iterator[ox.Quad]:
    yield ox.Quad(node, v.RDF_TYPE, cls, _G)
    yield label(node, text)


def actor_label(cls: ox.NamedNode, key: str, land: LandFigures) -> str:
    return f"{_ACTOR_NOUNS[cls.value.rsplit('#', 1)[1]]} {key} ({land.name})"


def programme_quads(node: ox.NamedNode, text: str, funder: ox.NamedNode, level: ox.NamedNode,
                    land: ox.NamedNode | None) -> Iterator[ox.Quad]:
    yield ox.Quad(node, v.RDF_TYPE, v.FOERDERPROGRAMM, _G)
    yield label(node, text)
    yield ox.Quad(node, v.FUNDER_LEVEL, level, _G)
    yield ox.Quad(node, v.SECTION, ox.Literal(v.SYNTHETIC_SOURCE), _G)
    yield ox.Quad(node, v.FUNDED_BY, funder, _G)
    if land is not None:
        yield ox.Quad(node, v.APPLIES_IN_LAND, land, _G)
