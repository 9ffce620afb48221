"""The administrative skeleton of synthetic Germany: Länder, Kreise, Gemeinden.

Counts per Land follow the Destatis Gemeindeverzeichnis (GV-ISys, Gebietsstand
31.12.2023); populations per Land are Destatis figures for 31.12.2022 (rounded
to thousands); foreign shares per Land are rounded Ausländerzentralregister /
Destatis values. Everything below a Land — names, sizes, attributes — is drawn
at random (seeded), so no synthetic Kreis or Gemeinde stands for a real one.

>>> sum(land.gemeinden for land in LAENDER), sum(land.landkreise for land in LAENDER)
(10756, 294)
>>> sum(land.kreisfreie_staedte for land in LAENDER)
106
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field


@dataclass(frozen=True)
class LandFigures:
    """One Land's official counts and size; ``gemeinden`` includes the kreisfreie Städte."""

    code: str  # first two digits of the Amtlicher Gemeindeschlüssel
    slug: str
    name: str
    landkreise: int
    kreisfreie_staedte: int
    gemeinden: int
    population: int
    foreign_share: float  # per cent
    east: bool


LAENDER: tuple[LandFigures, ...] = (
    LandFigures("01", "schleswig-holstein", "Schleswig-Holstein", 11, 4, 1104, 2_953_000, 10.4, False),
    LandFigures("02", "hamburg", "Hamburg", 0, 1, 1, 1_892_000, 18.6, False),
    LandFigures("03", "niedersachsen", "Niedersachsen", 37, 8, 941, 8_140_000, 11.9, False),
    LandFigures("04", "bremen", "Bremen", 0, 2, 2, 684_000, 20.5, False),
    LandFigures("05", "nordrhein-westfalen", "Nordrhein-Westfalen", 31, 22, 396, 18_139_000, 15.9, False),
    LandFigures("06", "hessen", "Hessen", 21, 5, 421, 6_391_000, 18.9, False),
    LandFigures("07", "rheinland-pfalz", "Rheinland-Pfalz", 24, 12, 2301, 4_159_000, 13.3, False),
    LandFigures("08", "baden-wuerttemberg", "Baden-Württemberg", 35, 9, 1101, 11_280_000, 18.2, False),
    LandFigures("09", "bayern", "Bayern", 71, 25, 2056, 13_369_000, 15.4, False),
    LandFigures("10", "saarland", "Saarland", 6, 0, 52, 993_000, 14.3, False),
    LandFigures("11", "berlin", "Berlin", 0, 1, 1, 3_755_000, 22.5, True),
    LandFigures("12", "brandenburg", "Brandenburg", 14, 4, 413, 2_573_000, 6.6, True),
    LandFigures("13", "mecklenburg-vorpommern", "Mecklenburg-Vorpommern", 6, 2, 726, 1_628_000, 6.2, True),
    LandFigures("14", "sachsen", "Sachsen", 10, 3, 418, 4_086_000, 6.5, True),
    LandFigures("15", "sachsen-anhalt", "Sachsen-Anhalt", 11, 3, 218, 2_187_000, 6.6, True),
    LandFigures("16", "thueringen", "Thüringen", 17, 5, 605, 2_127_000, 6.4, True),
)

LAND_BY_SLUG = {land.slug: land for land in LAENDER}

# Share of a Land's people living in its kreisfreie Städte (Stadtstaaten: all of them).
_CITY_SHARE = 0.3
# Spread of log-populations of Gemeinden within a Land (a few hundred to ~100,000 people).
_GEMEINDE_SIGMA = 1.25


@dataclass
class Gemeinde:
    """A kreisangehörige Gemeinde or Stadt; ``stadt`` if it holds town rights."""

    ags: str
    number: int
    population: int
    stadt: bool


@dataclass
class Kreis:
    """A Landkreis with its Gemeinden, or (``kreisfrei``) a kreisfreie Stadt."""

    key: str  # five digits: Land code + three
    kreisfrei: bool
    population: int = 0
    gemeinden: list[Gemeinde] = field(default_factory=list)


@dataclass
class LandLayout:
    figures: LandFigures
    kreise: list[Kreis]

    @property
    def landkreise(self) -> list[Kreis]:
        return [k for k in self.kreise if not k.kreisfrei]

    @property
    def cities(self) -> list[Kreis]:
        return [k for k in self.kreise if k.kreisfrei]


def germany(seed: int, laender: tuple[LandFigures, ...] = LAENDER) -> list[LandLayout]:
    """The synthetic Länder with their Kreise and Gemeinden; same seed, same layout."""
    return [land_layout(land, random.Random(f"{seed}-{land.code}")) for land in laender]


def land_layout(land: LandFigures, rng: random.Random) -> LandLayout:
    """Split one Land into kreisfreie Städte and Landkreise with Gemeinden of log-normal size."""
    kreisangehoerige = land.gemeinden - land.kreisfreie_staedte
    city_people = land.population if land.landkreise == 0 else int(land.population * _CITY_SHARE)
    cities = [Kreis(f"{land.code}{i + 1:03d}", True, population=p)
              for i, p in enumerate(_split(city_people, land.kreisfreie_staedte, 0.8, rng))]
    sizes = _members_per_kreis(kreisangehoerige, land.landkreise, rng)
    people = _split(land.population - city_people, kreisangehoerige, _GEMEINDE_SIGMA, rng)
    landkreise, start = [], 0
    for i, size in enumerate(sizes):
        kreis = Kreis(f"{land.code}{len(cities) + i + 1:03d}", False)
        for j, population in enumerate(people[start:start + size]):
            kreis.gemeinden.append(Gemeinde(f"{kreis.key}{j + 1:03d}", j + 1, population,
                                            stadt=population > 10_000 or rng.random() < 0.05))
        kreis.population = sum(g.population for g in kreis.gemeinden)
        landkreise.append(kreis)
        start += size
    return LandLayout(land, cities + landkreise)


def _members_per_kreis(total: int, kreise: int, rng: random.Random) -> list[int]:
    """``total`` Gemeinden over ``kreise`` Landkreise, each at least one, uneven like real ones."""
    if kreise == 0:
        return []
    weights = [rng.gammavariate(4.0, 1.0) for _ in range(kreise)]
    spare = total - kreise
    sizes = [1 + int(spare * w / sum(weights)) for w in weights]
    for i in range(total - sum(sizes)):  # hand out what rounding left over
        sizes[i % kreise] += 1
    return sizes


def _split(people: int, parts: int, sigma: float, rng: random.Random) -> list[int]:
    """``people`` over ``parts`` units with log-normal weights, each unit at least 50."""
    if parts == 0:
        return []
    weights = [math.exp(rng.gauss(0.0, sigma)) for _ in range(parts)]
    scale = people / sum(weights)
    return [max(50, round(w * scale)) for w in weights]
