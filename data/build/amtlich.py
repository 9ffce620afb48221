"""The vendored official tables (amtlich/): Destatis Gemeindeverzeichnis 31.12.2019 and the Kreise
with their NUTS-3 codes (31.12.2018), checked against SHA256SUMS and read into places.

A *place* is one real territorial unit. The directory lists some places on several levels: a
kreisfreie Stadt has a Kreis row, a Verband row (Textkennzeichen 50) and a Gemeinde row; a
verbandsfreie Gemeinde has a Verband row (50) and a Gemeinde row. Those rows become one place with
the IRI of its highest level; every other row is a place of its own.
"""

from __future__ import annotations

import csv
import hashlib
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from common import ID, TableError, Row

FOLDER = "amtlich"
GV_FILE, KREISE_FILE, SUMS_FILE = "gv-auszug-2019-12-31.csv", "kreise-2018-12-31.csv", "SHA256SUMS"
GV_COLUMNS = ["satzart", "textkennzeichen", "land", "rb", "kreis", "vb", "gemeinde", "gemeindename", "flaeche",
              "bevoelkerung", "jekm2", "postleitzahl", "laengengrad", "breitengrad", "verstaedterungschluessel"]
KREISE_COLUMNS = ["AGS", "type", "name", "NUTS3", "population"]
KREISFREI = {"41", "42"}
KIND_CODES = {"40": {"41", "42", "43", "44", "45"}, "50": {"50", "51", "52", "53", "54", "55", "56", "58"},
              "60": {"60", "61", "62", "63", "64", "65", "66", "67"}}
# Germany's extent, generously: a seat outside it (one row says "0") counts as missing.
LON, LAT = (Decimal("5.5"), Decimal("15.5")), (Decimal("47"), Decimal("55.5"))


@dataclass
class Figures:
    """What the directory gives for a Gemeinde row (31.12.2019)."""

    population: int
    area: Decimal
    density: int
    postcode: str | None
    point: tuple[str, str] | None     # (longitude, latitude) as written, decimal point
    degurba: str                      # "01", "02" or "03"


@dataclass
class Place:
    """One real unit: its IRI, keys, names and kinds of all its rows, its parents and figures."""

    iri: object
    level: str                        # land, bezirk, kreis, verband, gemeinde
    land: str                         # two-digit Land key
    line: int                         # first row in the directory
    keys: dict = field(default_factory=dict)      # property name (kg:…) -> key string
    names: list = field(default_factory=list)
    kinds: list = field(default_factory=list)     # Textkennzeichen or district kind slug
    district: str | None = None       # three-digit key of its Regierungsbezirk (Kreise)
    county: str | None = None         # five-digit key of its Kreis (Verbände, kreisangehörige Gemeinden)
    association: str | None = None    # nine-digit key of its real Verband (Gemeinden)
    figures: Figures | None = None
    nuts3: str | None = None
    population_2018: int | None = None   # Kreise: from the 2018 table, for a cross-check

    @property
    def short_name(self) -> str:
        """The usable name: the official name of the lowest row without its suffix ("Aulendorf, Stadt")."""
        name = self.names[-1]
        name = name[len("früher: "):] if name.startswith("früher: ") else name
        return name.split(",")[0].strip()

    def add_name(self, name: str) -> None:
        if name not in self.names:
            self.names.append(name)


@dataclass
class Directory:
    places: dict                      # IRI -> Place, in directory order
    by_key: dict                      # any official key (2/3/5/9/12 digits) -> Place
    laender: dict                     # two-digit key -> Place
    aliases: dict                     # alias IRI -> IRI of the place

    def place(self, key: str) -> Place | None:
        return self.by_key.get(key)


def verify_checksums(folder: Path) -> None:
    """Refuse tables that differ from the checksums they were vendored with."""
    sums = folder / SUMS_FILE
    if not sums.is_file():
        raise TableError("checksum file not found", file=sums)
    for number, line in enumerate(sums.read_text(encoding="utf-8").splitlines(), start=1):
        digest, name = line.split(maxsplit=1)
        path = folder / name.lstrip("*")
        if not path.is_file():
            raise TableError(f"{name} is listed but missing", file=sums, line=number)
        if hashlib.sha256(path.read_bytes()).hexdigest() != digest:
            raise TableError(f"{name} does not match its SHA-256 checksum; restore the vendored file",
                             file=sums, line=number)


def read_csv(path: Path, columns: list[str], delimiter: str = ",") -> list[Row]:
    if not path.is_file():
        raise TableError("official table not found", file=path)
    with open(path, encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f, delimiter=delimiter)
        missing = [c for c in columns if c not in (reader.fieldnames or [])]
        if missing:
            raise TableError(f"missing column(s) {', '.join(missing)}", file=path, line=1)
        return [Row(path, reader.line_num, {k: (v or "") for k, v in values.items()}) for values in reader]


def read_directory(src: Path, land_slugs: dict[str, str]) -> Directory:
    """Places of the vendored directory; ``land_slugs`` maps a Land's official name to its slug."""
    folder = src / FOLDER
    verify_checksums(folder)
    rows = read_csv(folder / GV_FILE, GV_COLUMNS)
    builder = _Builder(land_slugs)
    for row in rows:
        builder.add(row)
    directory = builder.finish()
    _add_nuts3(directory, read_csv(folder / KREISE_FILE, KREISE_COLUMNS, delimiter=";"))
    return directory


class _Builder:
    """Turns directory rows into places, merging the rows of one place."""

    def __init__(self, land_slugs: dict[str, str]):
        self.land_slugs = land_slugs
        self.places: dict = {}
        self.by_key: dict = {}
        self.laender: dict = {}
        self.aliases: dict = {}

    def add(self, row: Row) -> None:
        kind = row["satzart"]
        handler = {"10": self._land, "20": self._district, "30": None, "40": self._county,
                   "50": self._association, "60": self._municipality}
        if kind not in handler:
            raise row.error(f"unknown record type {kind!r}", "satzart")
        if handler[kind] is not None:  # 30: planning regions of Baden-Württemberg, not a level of the hierarchy
            handler[kind](row)

    def finish(self) -> Directory:
        return Directory(self.places, self.by_key, self.laender, self.aliases)

    def _new(self, row: Row, iri, level: str, key: str, key_property: str) -> Place:
        if key in self.by_key:
            raise row.error(f"key {key} appears twice", "gemeindename")
        place = Place(iri, level, row["land"], row.line)
        place.keys[key_property] = key
        place.add_name(row["gemeindename"])
        self.places[iri] = place
        self.by_key[key] = place
        return place

    def _land(self, row: Row) -> None:
        name = row["gemeindename"]
        if name not in self.land_slugs:
            raise row.error(f"Land {name!r} is not in laender.csv", "gemeindename")
        place = self._new(row, ID[f"land/{self.land_slugs[name]}"], "land", _digits(row, "land", 2), "landKey")
        self.laender[row["land"]] = place
        self.aliases[ID[f"land/{row['land']}"]] = place.iri

    def _district(self, row: Row) -> None:
        key = _digits(row, "land", 2) + _digits(row, "rb", 1)
        place = self._new(row, ID[f"regierungsbezirk/{key}"], "bezirk", key, "districtKey")
        place.kinds.append(_district_kind(row["gemeindename"]))

    def _county(self, row: Row) -> None:
        key = _digits(row, "land", 2) + _digits(row, "rb", 1) + _digits(row, "kreis", 2)
        kind = row.choice("textkennzeichen", KIND_CODES["40"])
        place = self._new(row, ID[f"kreis/{key}"], "kreis", key, "countyKey")
        place.kinds.append(kind)
        if key[:3] in self.by_key:
            place.district = key[:3]

    def _association(self, row: Row) -> None:
        county = _digits(row, "land", 2) + _digits(row, "rb", 1) + _digits(row, "kreis", 2)
        key = county + _digits(row, "vb", 4)
        kind = row.choice("textkennzeichen", KIND_CODES["50"])
        if kind == "50":  # a placeholder row: the place is its Gemeinde (or the kreisfreie Stadt)
            self.by_key[key] = None  # filled in by the Gemeinde row
            return
        place = self._new(row, ID[f"gemeindeverband/{key}"], "verband", key, "associationKey")
        place.kinds.append(kind)
        place.county = county if county in self.by_key else None

    def _municipality(self, row: Row) -> None:
        association = _digits(row, "land", 2) + _digits(row, "rb", 1) + _digits(row, "kreis", 2) + \
            _digits(row, "vb", 4)
        ars = association + _digits(row, "gemeinde", 3)
        ags = ars[:5] + ars[9:]
        kind = row.choice("textkennzeichen", KIND_CODES["60"])
        county = self.by_key.get(ars[:5])
        if kind in {"61", "62"}:
            place = self._merge_into_county(row, county, ars)
        else:
            place = self._gemeinde(row, ars, association, county)
        place.kinds.append(kind)
        place.keys["ags"], place.keys["ars"] = ags, ars
        self.by_key[ags] = self.by_key[ars] = place
        place.figures = _figures(row, kind)

    def _merge_into_county(self, row: Row, county: Place | None, ars: str) -> Place:
        if county is None or not set(county.kinds) & KREISFREI:
            raise row.error("a kreisfreie Stadt needs its Kreis row (41/42) before it", "textkennzeichen")
        county.kinds.append("50")
        county.add_name(row["gemeindename"])
        county.keys["associationKey"] = ars[:9]
        self.by_key[ars[:9]] = county
        self.aliases[ID[f"gemeindeverband/{ars[:9]}"]] = county.iri
        self.aliases[ID[f"gemeinde/{ars}"]] = county.iri
        return county

    def _gemeinde(self, row: Row, ars: str, association: str, county: Place | None) -> Place:
        verband = self.by_key.get(association, "missing")
        if verband == "missing":
            raise row.error(f"no Gemeindeverband row {association} before this Gemeinde", "vb")
        place = Place(ID[f"gemeinde/{ars}"], "gemeinde", row["land"], row.line)
        place.add_name(row["gemeindename"])
        self.places[place.iri] = place
        if verband is None:  # verbandsfrei: the Verband row (50) is this same place
            place.kinds.append("50")
            place.keys["associationKey"] = association
            self.by_key[association] = place
            self.aliases[ID[f"gemeindeverband/{association}"]] = place.iri
        else:
            place.association = association
        place.county = county.keys["countyKey"] if county is not None else None
        return place


def _digits(row: Row, column: str, width: int) -> str:
    if not re.fullmatch(rf"\d{{{width}}}", row[column]):
        raise row.error(f"{row[column]!r} is not a key of {width} digit(s)", column)
    return row[column]


def _district_kind(name: str) -> str:
    if name.startswith("früher: "):
        return "frueherer-bezirk"
    return "statistische-region" if name.startswith("Statistische Region") else "regierungsbezirk"


def _number(row: Row, column: str) -> int:
    text = row[column].replace(" ", "")
    if not text.isdigit():
        raise row.error(f"{row[column]!r} is not a whole number", column)
    return int(text)


def _figures(row: Row, kind: str) -> Figures:
    area = row["flaeche"].strip()
    if not re.fullmatch(r"\d+\.\d\d", area):
        raise row.error(f"{row['flaeche']!r} is not an area like 53.02", "flaeche")
    postcode = row["postleitzahl"] or None
    if postcode is not None and not re.fullmatch(r"\d{5}", postcode):
        raise row.error(f"{postcode!r} is not a five-digit postcode", "postleitzahl")
    degurba = row.choice("verstaedterungschluessel", {"01", "02", "03"})
    point = _point(row)
    if (point is None or postcode is None) and kind not in {"65", "66"}:
        raise row.error("a Gemeinde needs a postcode and the coordinates of its seat", "laengengrad")
    return Figures(_number(row, "bevoelkerung"), Decimal(area), _number(row, "jekm2"), postcode, point, degurba)


def _point(row: Row) -> tuple[str, str] | None:
    lon, lat = row["laengengrad"].replace(",", "."), row["breitengrad"].replace(",", ".")
    if not lon or not lat:
        return None
    for text, column in ((lon, "laengengrad"), (lat, "breitengrad")):
        if not re.fullmatch(r"\d+(\.\d+)?", text):
            raise row.error(f"{row[column]!r} is not a coordinate like 9,43751", column)
    if not (LON[0] <= Decimal(lon) <= LON[1] and LAT[0] <= Decimal(lat) <= LAT[1]):
        return None
    return lon, lat


def _add_nuts3(directory: Directory, rows: list[Row]) -> None:
    """NUTS-3 codes from the 2018 table; it must list exactly the 2019 Kreise."""
    counties = {p.keys["countyKey"]: p for p in directory.places.values() if p.level == "kreis"}
    seen = set()
    for row in rows:
        key = row["AGS"]
        if key not in counties:
            raise row.error(f"Kreis {key} is not in the 2019 directory", "AGS")
        if not re.fullmatch(r"DE[0-9A-G][0-9A-Z][0-9A-Z]", row["NUTS3"]):
            raise row.error(f"{row['NUTS3']!r} is not a German NUTS-3 code", "NUTS3")
        counties[key].nuts3 = row["NUTS3"]
        counties[key].population_2018 = row.integer("population", minimum=1)
        seen.add(key)
    missing = sorted(set(counties) - seen)
    if missing:
        raise TableError(f"no NUTS-3 code for Kreis {', '.join(missing)}", file=rows[0].file)


def summed_figures(directory: Directory) -> dict:
    """IRI -> (population, area) summed over the Gemeinden and gemeindefreie Gebiete of every higher
    unit that has no figures of its own (real Verbände, Landkreise, Bezirke, Länder, the Bund)."""
    sums: dict = {}

    def add(iri, figures: Figures) -> None:
        population, area = sums.get(iri, (0, Decimal(0)))
        sums[iri] = (population + figures.population, area + figures.area)

    for place in directory.places.values():
        if place.figures is None:
            continue
        parents = [directory.place(key) for key in (place.association, place.county, place.land)
                   if key is not None]
        county = directory.place(place.keys["ars"][:5])
        if county is not None and county.district is not None and county is not place:
            parents.append(directory.place(county.district))
        elif place.level == "kreis" and place.district is not None:
            parents.append(directory.place(place.district))
        for parent in parents:
            add(parent.iri, place.figures)
        add(ID["bund"], place.figures)
    return sums


def official_population(directory: Directory, sums: dict):
    """A function giving a place's 2019 population: its own figure, else the sum of its Gemeinden."""
    def population_of(place: Place) -> int:
        return place.figures.population if place.figures is not None else sums[place.iri][0]
    return population_of
