"""The 92 municipalities of Anhang I (graph kommunen) and the Bund and Länder as the study sees them
(graph struktur). Each municipality is the resource of its official unit (abgleich.py); its former
IRI (id/<type>/<slug>) stays as an alias. Kreis membership and hierarchy come from the base layer."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD

from common import ID, KG, KONZEPT, TYPE_CLASS, TYPE_FOLDER, Ontology, Row, add_labels, read_table

ANNEX_COLUMNS = ["name_printed", "name", "slug", "land", "type", "population", "foreign_share", "rurality",
                 "socio", "head_party", "council_majority", "council_note", "council_note_en"]
LAND_COLUMNS = ["slug", "name_de", "name_en", "printed_forms"]
BUND = ID["bund"]
NOT_SAMPLED = ("Stadtstaat bzw. Saarland; in der Studie nicht untersucht (§2.3.1).",
               "City state or Saarland; not sampled by the study (§2.3.1).")


def former_iri(type_key: str, slug: str) -> URIRef:
    """The IRI a municipality had before the base layer, e.g. id/landkreis/ravensburg (now an alias)."""
    return ID[f"{TYPE_FOLDER[type_key]}/{slug}"]


def read_sources(src: Path) -> tuple[list[Row], list[Row]]:
    """Anhang I and the Länder."""
    return read_table(src / "anhang-i.csv", ANNEX_COLUMNS), read_table(src / "laender.csv", LAND_COLUMNS)


def check_annex(annex: list[Row], laender: list[Row]) -> None:
    seen, land_slugs = set(), {row["slug"] for row in laender}
    for row in annex:
        row.choice("type", TYPE_FOLDER)
        row.choice("land", land_slugs)
        row.integer("population", minimum=1)
        if row["slug"] in seen:
            raise row.error(f"slug {row['slug']!r} is used twice", "slug")
        seen.add(row["slug"])


def build_kommunen(annex: list[Row], laender: list[Row], matches: dict, onto: Ontology) -> Graph:
    """The kommunen graph: every column of Anhang I on the resource of the matched official unit."""
    land_slugs = {row["slug"] for row in laender}
    g = Graph()
    for row in annex:
        match = matches[row["slug"]]
        _add_municipality(g, match.place.iri, row, land_slugs, onto)
        g.add((former_iri(row["type"], row["slug"]), KG.aliasOf, match.place.iri))
        if match.note_de:
            add_labels(g, match.place.iri, match.note_de, match.note_en, KG.matchNote)
    return g


def build_struktur(annex: list[Row], laender: list[Row]) -> Graph:
    """The struktur graph: the Bund and the 16 Länder with the study's names and sampling (§2.3.1)."""
    g = Graph()
    _add_federation(g, laender, annex)
    return g


def _add_municipality(g: Graph, node: URIRef, row: Row, land_slugs, onto: Ontology) -> None:
    g.add((node, RDF.type, TYPE_CLASS[row["type"]]))
    g.add((node, RDF.type, KG.Studienkommune))
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


def _add_federation(g: Graph, laender: list[Row], annex: list[Row]) -> None:
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
        g.add((land, KG.level, KONZEPT["ebene/land"]))
        if row["slug"] not in sampled:
            add_labels(g, land, *NOT_SAMPLED, prop=RDFS.comment)
