"""The reviewed match of the study's 92 municipalities to official units (abgleich.csv).

Each row names the official level and key of one Anhang I municipality and flags what needed
judgement. The build checks every row against the directory, so the table cannot drift:

* the key exists on that level, lies in the study's Land, and fits the study's type (kreisfreie
  Stadt: a Kreis row 41/42; Landkreis: 43/44/45; kreisangehörige Kommune: a Gemeinde or a real
  Gemeindeverband inside one of the study's Landkreise of the same Land, §2.3.1);
* every judgement the data call for is flagged and explained: ``name`` where the official short name
  differs from the study's, ``ebene`` where a unit of the same name exists on another level of the
  same county, ``gleichnamig`` where one exists elsewhere, ``gebietsaenderung`` where the official
  population of 31.12.2019 differs from the study's 12/2017 figure by more than 5 %.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from amtlich import KREISFREI, Directory, Place
from common import TableError, Row, read_table

FILE = "abgleich.csv"
COLUMNS = ["slug", "name", "land", "ebene", "schluessel", "abwaegung", "hinweis_de", "hinweis_en"]
LEVELS = {"kreis": ("kreis", 5), "gemeindeverband": ("verband", 9), "gemeinde": ("gemeinde", 12)}
FLAGS = {"name", "ebene", "gleichnamig", "gebietsaenderung"}
TOLERANCE = 0.05   # share by which 2019 and 12/2017 populations may differ without a flag
STUDY_LEVEL_KINDS = {"kreisfreie-stadt": ("kreis", KREISFREI), "landkreis": ("kreis", {"43", "44", "45"}),
                     "kreisangehoerige-kommune": (None, None)}


@dataclass(frozen=True)
class Match:
    slug: str
    place: Place
    flags: frozenset
    note_de: str
    note_en: str


def comparable_name(name: str) -> str:
    """A name reduced for comparison: no suffix, no addition in brackets or after a slash, no spaces or dots.

    >>> comparable_name("Lübben (Spreewald) / Lubin (Błota), Stadt")
    'lübben'
    >>> comparable_name("Wunsiedel i.Fichtelgebirge") == comparable_name("Wunsiedel i. Fichtelgebirge")
    True
    """
    name = re.split(r"[,/(]", name)[0]
    return re.sub(r"[\s.]", "", name).lower()


def read_matches(src: Path, directory: Directory, annex: list[Row], land_keys: dict[str, str],
                 population_of) -> dict[str, Match]:
    """slug -> Match for all 92 rows of Anhang I; TableError naming row and column on any mismatch.

    ``land_keys`` maps a Land slug to its two-digit key; ``population_of(place)`` gives the official
    2019 population of a place (a Gemeinde's own, a Verband's or Kreis's sum).
    """
    by_slug = {row["slug"]: row for row in annex}
    homonyms = _names_index(directory)
    matches: dict[str, Match] = {}
    for row in read_table(src / FILE, COLUMNS):
        study = by_slug.get(row["slug"])
        if study is None:
            raise row.error(f"{row['slug']!r} is not a municipality of Anhang I", "slug")
        if row["slug"] in matches:
            raise row.error(f"{row['slug']!r} is matched twice", "slug")
        if (row["name"], row["land"]) != (study["name"], study["land"]):
            raise row.error(f"name and Land must be those of Anhang I: {study['name']}, {study['land']}", "name")
        place = _place(row, directory, study, land_keys)
        flags = frozenset(row.split("abwaegung"))
        _check_flags(row, flags, _needed_flags(place, study, homonyms, population_of))
        matches[row["slug"]] = Match(row["slug"], place, flags, row["hinweis_de"], row["hinweis_en"])
    missing = sorted(set(by_slug) - set(matches))
    if missing:
        raise TableError(f"no match for {', '.join(missing)}", file=src / FILE)
    _check_counties(src, matches, by_slug)
    return matches


def _place(row: Row, directory: Directory, study: Row, land_keys: dict[str, str]) -> Place:
    level, width = LEVELS[row.choice("ebene", LEVELS)]
    key = row["schluessel"]
    if not re.fullmatch(rf"\d{{{width}}}", key):
        raise row.error(f"a {row['ebene']} key has {width} digits", "schluessel")
    place = directory.place(key)
    if place is None or place.level != level:
        raise row.error(f"{key} is no {row['ebene']} of the directory", "schluessel")
    if key[:2] != land_keys[study.choice("land", land_keys)]:
        raise row.error(f"{key} lies in Land {key[:2]}, the study says {study['land']}", "schluessel")
    wanted_level, kinds = STUDY_LEVEL_KINDS[study["type"]]
    if wanted_level is None and (place.level == "kreis" or place.county is None):
        raise row.error("a kreisangehörige Kommune is a Gemeinde or Gemeindeverband in a Kreis", "ebene")
    if wanted_level is not None and not set(place.kinds) & kinds:
        raise row.error(f"{key} is a Kreis of kind {place.kinds[0]}, not a {study['type']}", "schluessel")
    return place


def _names_index(directory: Directory) -> dict[str, list[Place]]:
    index = defaultdict(list)
    for place in directory.places.values():
        if place.level in ("kreis", "verband", "gemeinde"):
            index[comparable_name(place.short_name)].append(place)
    return index


def _needed_flags(place: Place, study: Row, homonyms, population_of) -> set[str]:
    needed = set()
    if comparable_name(place.short_name) != comparable_name(study["name"]):
        needed.add("name")
    county = place.keys.get("countyKey") or place.county
    for other in homonyms.get(comparable_name(study["name"]), []):
        if other is not place:
            needed.add("ebene" if county in (other.county, other.keys.get("countyKey")) else "gleichnamig")
    official, printed = population_of(place), study.integer("population", minimum=1)
    if abs(official - printed) > TOLERANCE * printed:
        needed.add("gebietsaenderung")
    return needed


def _check_flags(row: Row, flags: frozenset, needed: set[str]) -> None:
    unknown = flags - FLAGS
    if unknown:
        raise row.error(f"unknown flag(s) {', '.join(sorted(unknown))}; use {', '.join(sorted(FLAGS))}", "abwaegung")
    if needed - flags:
        raise row.error(f"this match needs the flag(s) {', '.join(sorted(needed - flags))} and a note", "abwaegung")
    if flags and not (row["hinweis_de"] and row["hinweis_en"]):
        raise row.error("a flagged match needs a note in German and English", "hinweis_de")


def _check_counties(src: Path, matches: dict[str, Match], by_slug: dict[str, Row]) -> None:
    """§2.3.1: every kreisangehörige Kommune lies in one of the study's Landkreise."""
    sampled = {m.place.keys["countyKey"] for m in matches.values() if by_slug[m.slug]["type"] == "landkreis"}
    for match in matches.values():
        if by_slug[match.slug]["type"] == "kreisangehoerige-kommune" and match.place.county not in sampled:
            raise TableError(f"{match.slug} lies in Kreis {match.place.county}, not in a Landkreis of the study",
                             file=src / FILE)
