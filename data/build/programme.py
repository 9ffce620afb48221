"""Actors (graph akteure), funding programmes (graph programme) and derived eligibility
(graph programme-abgeleitet, produced by running the documented rule query)."""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from common import ID, KG, ORG, Ontology, Row, add_labels, read_table

ACTOR_COLUMNS = ["slug", "class", "actor_kind", "parent", "level", "label_de", "label_en",
                 "comment_de", "comment_en"]
PROGRAMME_COLUMNS = ["slug", "label_de", "label_en", "funder_level", "funder", "land", "sections", "rule",
                     "comment_de", "comment_en"]
RULE = ID["regel/antragsberechtigung"]
RULE_QUERY = """PREFIX kg: <https://w3id.org/koopgraph/ontology#>
CONSTRUCT { ?kommune kg:eligibleFor ?programm }
WHERE {
  ?regel a kg:Ableitungsregel ;
         kg:coversProgramme ?programm ;
         kg:appliesToApplicantType ?typ .
  ?kommune a kg:Studienkommune , ?typ .
  OPTIONAL { ?programm kg:appliesInLand ?land }
  FILTER (!BOUND(?land) || EXISTS { ?kommune kg:inLand ?land })
}"""
RULE_TEXT = (
    "Die Studie nennt sechs Koordinierungsprogramme und stellt fest, dass bei vielen Förderungen nur "
    "Landkreise und kreisfreie Städte antragsberechtigt sind; kreisangehörige Kommunen kommen nur über "
    "ihren Landkreis an Mittel (§3.2.1.2). Regel: Landkreise und kreisfreie Städte gelten für diese "
    "Programme als antragsberechtigt, bei Landesprogrammen nur im eigenen Land. Die Studie sagt das für eine "
    "Vielzahl der Förderungen, nicht für jedes Programm einzeln: die Regel dehnt es auf alle sechs aus. Jede "
    "Kante ist abgeleitet, nicht gedruckt; fehlende Kanten bedeuten nicht, dass ein Antrag ausgeschlossen war.",
    "The study names six coordination programmes and states that for many grants only counties and "
    "county-free cities may apply, while municipalities within counties get money only through their "
    "county (§3.2.1.2). Rule: counties and county-free cities count as eligible for these programmes, "
    "for Land programmes only within their own Land. The study says this of many grants, not programme by "
    "programme: the rule extends it to all six. Every edge is derived, not printed; a missing edge does not "
    "mean an application was impossible.")

def actor_iri(slug: str, class_name: str) -> URIRef:
    folder = "akteursgruppe" if class_name == "Akteursgruppe" else "akteur"
    return ID[f"{folder}/{slug}"]

def build_akteure(src: Path, onto: Ontology) -> tuple[Graph, dict[str, URIRef]]:
    """Return the akteure graph and a map slug -> IRI for use by the case tables."""
    rows = read_table(src / "akteure.csv", ACTOR_COLUMNS)
    iris = {row["slug"]: actor_iri(row["slug"], row["class"]) for row in rows}
    g = Graph()
    for row in rows:
        _add_actor(g, row, iris, onto)
    return g, iris

def _add_actor(g: Graph, row: Row, iris: dict[str, URIRef], onto: Ontology) -> None:
    node = iris[row["slug"]]
    g.add((node, RDF.type, onto.kg_class(row["class"], row, "class")))
    add_labels(g, node, row["label_de"], row["label_en"])
    add_labels(g, node, row["comment_de"], row["comment_en"], RDFS.comment)
    if row["class"] == "Akteursgruppe":
        if not row["actor_kind"]:
            raise row.error("an Akteursgruppe needs an actor_kind", "actor_kind")
        g.add((node, KG.actorKind, onto.kg_class(row["actor_kind"], row, "actor_kind")))
    if row["parent"]:
        if row["parent"] not in iris:
            raise row.error(f"unknown parent {row['parent']!r}", "parent")
        g.add((node, ORG.subOrganizationOf, iris[row["parent"]]))
    if row["level"]:
        g.add((node, KG.level, onto.concept(f"ebene/{row['level']}", row, "level", "ebene")))

def build_programme(src: Path, onto: Ontology, actors: dict[str, URIRef]) -> tuple[Graph, list[URIRef]]:
    """Return the programme graph and the programmes the eligibility rule covers."""
    g, covered = Graph(), []
    for row in read_table(src / "programme.csv", PROGRAMME_COLUMNS):
        node = ID[f"programm/{row['slug']}"]
        g.add((node, RDF.type, KG.Foerderprogramm))
        add_labels(g, node, row["label_de"], row["label_en"])
        add_labels(g, node, row["comment_de"], row["comment_en"], RDFS.comment)
        level = row["funder_level"]
        if level or row["funder"]:  # both empty: the study names no funder (e.g. "Bildung integriert")
            key = f"foerdergeber/{level}" if level == "stiftung" else f"ebene/{level}"
            g.add((node, KG.funderLevel, onto.concept(key, row, "funder_level", "foerdergeber")))
            g.add((node, KG.fundedBy, _funder(row, actors)))
        _add_programme_land(g, node, row)
        for section in row.split("sections"):
            g.add((node, KG.section, Literal(section)))
        if row.choice("rule", {"ja", "nein"}) == "ja":
            covered.append(node)
    return g, covered

def _funder(row: Row, actors: dict[str, URIRef]) -> URIRef:
    folder, _, slug = row["funder"].partition("/")
    if row["funder"] == "bund":
        return ID["bund"]
    if folder == "land" and slug:
        return ID[f"land/{slug}"]
    if folder in ("akteur", "akteursgruppe") and slug in actors and str(actors[slug]).endswith(row["funder"]):
        return actors[slug]
    raise row.error(f"unknown funder {row['funder']!r} (use bund, land/<slug> or akteur…/<slug>)", "funder")

def _add_programme_land(g: Graph, node: URIRef, row: Row) -> None:
    if row["funder_level"] == "land":
        if not row["land"] or row["funder"] != f"land/{row['land']}":
            raise row.error("a Land programme needs its Land, funded by that Land", "land")
        g.add((node, KG.appliesInLand, ID[f"land/{row['land']}"]))
    elif row["land"]:
        raise row.error("only Land programmes are restricted to a Land", "land")

def build_eligibility(covered: list[URIRef], *sources: Graph) -> Graph:
    """The rule as data plus the triples its CONSTRUCT query yields over ``sources``."""
    g = Graph()
    g.add((RULE, RDF.type, KG.Ableitungsregel))
    add_labels(g, RULE, "Regel zur Antragsberechtigung", "eligibility rule")
    add_labels(g, RULE, *RULE_TEXT, prop=RDFS.comment)
    g.add((RULE, KG.section, Literal("§3.2.1.2")))
    for cls in (KG.Landkreis, KG.KreisfreieStadt):
        g.add((RULE, KG.appliesToApplicantType, cls))
    for programme in covered:
        g.add((RULE, KG.coversProgramme, programme))
    g.add((RULE, KG.ruleQuery, Literal(RULE_QUERY)))
    union = Graph()
    for part in (*sources, g):
        union += part
    for triple in union.query(RULE_QUERY):
        g.add(triple)
    return g
