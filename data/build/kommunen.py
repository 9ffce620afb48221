"""The 92 municipalities of Anhang I (graph kommunen) and the territorial structure (graph struktur)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD

from common import ID, KG, KONZEPT, TYPE_CLASS, TYPE_FOLDER, Ontology, Row, TableError, add_labels, read_table

ANNEX_COLUMNS = ["name_printed", "name", "slug", "land", "type", "population", "foreign_share", "rurality",
                 "socio", "head_party", "council_majority", "council_note", "council_note_en"]
LAND_COLUMNS = ["slug", "name_de", "name_en", "printed_forms"]
STRUCTURE_COLUMNS = ["kommune", "landkreis", "subtype", "note"]
BUND = ID["bund"]
STRUCTURE_FILE = "struktur.csv"
NOT_SAMPLED = ("Stadtstaat bzw. Saarland; in der Studie nicht untersucht (§2.3.1).",
               "City state or Saarland; not sampled by the study (§2.3.1).")


def municipality_iri(type_key: str, slug: str) -> URIRef:
    """IRI of a municipality from its Anhang I type and slug, e.g. id/landkreis/ravensburg."""
    return ID[f"{TYPE_FOLDER[type_key]}/{slug}"]


def read_sources(src: Path):
    """The three tables behind kommunen and struktur."""
    return (read_table(src / "anhang-i.csv", ANNEX_COLUMNS), read_table(src / "laender.csv", LAND_COLUMNS),
            read_table(src / STRUCTURE_FILE, STRUCTURE_COLUMNS))


def build_struktur_and_kommunen(src: Path, onto: Ontology) -> tuple[Graph, Graph]:
    """Return (kommunen, struktur) graphs; raise TableError naming file and line on bad input."""
    annex, laender, structure = read_sources(src)
    land_slugs = {row["slug"] for row in laender}
    by_slug = _index_annex(annex)
    subtypes = _subtypes(structure, by_slug, onto)
    kommunen = Graph()
    for row in annex:
        _add_municipality(kommunen, row, land_slugs, subtypes, onto)
    struktur = Graph()
    _add_federation(struktur, laender, annex, onto)
    for row in structure:
        _add_county_membership(struktur, row, by_slug)
    return kommunen, struktur


def _index_annex(annex: list[Row]) -> dict[str, Row]:
    by_slug: dict[str, Row] = {}
    for row in annex:
        row.choice("type", TYPE_FOLDER)
        if row["slug"] in by_slug:
            raise row.error(f"slug {row['slug']!r} is used twice", "slug")
        by_slug[row["slug"]] = row
    return by_slug


def _subtypes(structure: list[Row], by_slug: dict[str, Row], onto: Ontology) -> dict[str, URIRef]:
    subtypes = {}
    for row in structure:
        if row["kommune"] not in by_slug or by_slug[row["kommune"]]["type"] != "kreisangehoerige-kommune":
            raise row.error(f"{row['kommune']!r} is not a kreisangehörige Kommune of Anhang I", "kommune")
        if row["kommune"] in subtypes:
            raise row.error(f"{row['kommune']!r} is assigned twice", "kommune")
        subtypes[row["kommune"]] = onto.kg_class(row["subtype"], row, "subtype", within=KG.KreisangehoerigeKommune)
    missing = [s for s, r in by_slug.items() if r["type"] == "kreisangehoerige-kommune" and s not in subtypes]
    if missing:
        raise TableError(f"no county and subtype given for {', '.join(sorted(missing))}", file=STRUCTURE_FILE)
    return subtypes


def _add_municipality(g: Graph, row: Row, land_slugs, subtypes, onto: Ontology) -> None:
    node = municipality_iri(row["type"], row["slug"])
    g.add((node, RDF.type, subtypes.get(row["slug"], TYPE_CLASS[row["type"]])))
    g.add((node, RDFS.label, Literal(row["name"], lang="de")))
    if row["name_printed"] != row["name"]:
        g.add((node, SKOS.hiddenLabel, Literal(row["name_printed"], lang="de")))
    g.add((node, KG.inLand, ID[f"land/{row.choice('land', land_slugs)}"]))
    g.add((node, KG.population, Literal(row.integer("population", minimum=1), datatype=XSD.integer)))
    if row["foreign_share"]:  # "n/a" in the annex: no triple at all, not zero
        g.add((node, KG.foreignShare, row.decimal("foreign_share", low=Decimal(0), high=Decimal(100))))
    g.add((node, KG.rurality, onto.concept(f"laendlichkeit/{row['rurality']}", row, "rurality", "laendlichkeit")))
    g.add((node, KG.socioEconomicSituation,
           onto.concept(f"soziooekonomische-lage/{row['socio']}", row, "socio", "soziooekonomische-lage")))
    g.add((node, KG.headParty, onto.concept(f"partei/{row['head_party']}", row, "head_party", "partei")))
    parties = row.split("council_majority")
    if not parties:
        raise row.error("no party given", "council_majority")
    for party in parties:
        g.add((node, KG.councilMajority, onto.concept(f"partei/{party}", row, "council_majority", "partei")))
    if row["council_note"]:
        add_labels(g, node, row["council_note"], row["council_note_en"], KG.councilMajorityNote)
    g.add((node, KG.section, Literal("Anhang I")))


def _add_federation(g: Graph, laender: list[Row], annex: list[Row], onto: Ontology) -> None:
    g.add((BUND, RDF.type, KG.Bund))
    add_labels(g, BUND, "Bundesrepublik Deutschland", "Federal Republic of Germany")
    g.add((BUND, KG.level, KONZEPT["ebene/bund"]))
    sampled = {row["land"] for row in annex}
    for row in laender:
        land = ID[f"land/{row['slug']}"]
        g.add((land, RDF.type, KG.Land))
        add_labels(g, land, row["name_de"], row["name_en"])
        for printed in row.split("printed_forms"):
            g.add((land, SKOS.hiddenLabel, Literal(printed, lang="de")))
        g.add((land, KG.inFederation, BUND))
        g.add((land, KG.level, KONZEPT["ebene/land"]))
        if row["slug"] not in sampled:
            add_labels(g, land, *NOT_SAMPLED, prop=RDFS.comment)


def _add_county_membership(g: Graph, row: Row, by_slug: dict[str, Row]) -> None:
    county = by_slug.get(row["landkreis"])
    if county is None or county["type"] != "landkreis":
        raise row.error(f"{row['landkreis']!r} is not a Landkreis of Anhang I", "landkreis")
    if county["land"] != by_slug[row["kommune"]]["land"]:
        raise row.error(f"{row['landkreis']!r} lies in {county['land']}, "
                        f"but {row['kommune']!r} in {by_slug[row['kommune']]['land']}", "landkreis")
    g.add((municipality_iri("kreisangehoerige-kommune", row["kommune"]), KG.inCounty,
           municipality_iri("landkreis", row["landkreis"])))
