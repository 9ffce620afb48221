"""Anonymised cases and their coded statements (graph faelle), from faelle.csv.

A case (id/fall/N) is only ever linked to concepts, programmes, actors, actor groups, channels and
levels - never to a named municipality. Direct browsing edges are derived from the Kooperation and
Fallmerkmal nodes with the rules the ontology states on each edge property (see edges.py).
"""

from __future__ import annotations

import re
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from common import ID, KG, KONZEPT, Ontology, Row, add_labels, read_table
from edges import materialise_edges

COLUMNS = ["case", "line", "printed_type", "section", "kind", "value", "counterpart", "tasks", "direction",
           "channel", "level", "absent", "note_de", "note_en"]
PRINTED_TYPE = {"Kreisfreie Stadt": "kreisfreie-stadt", "Kreisfreie Kommune": "kreisfreie-stadt",
                "Landkreis": "landkreis", "Kreisangehörige Kommune": "kreisangehoerige-kommune", "": None}
# statement kind (scheme aussageart) for each scheme a Fallmerkmal value can come from
STATEMENT_KIND = {"managementtyp": "managementtyp", "wandel": "wandel", "nachhaltigkeit": "nachhaltigkeit",
                  "adressat": "adressat", "schwerpunkt": "schwerpunkt", "integrationskonzept": "integrationskonzept",
                  "migrationserfahrung": "migrationserfahrung", "stadt-land": "stadt-land",
                  "kodierung": "weitere-kodierung", "ebene": "foerderebene", "kooperationsart": "kooperation-verneint"}
# the county-side counterpart a case of each printed type has in a county-municipality relation
COUNTY_COUNTERPART = {"kreisangehoerige-kommune": "landkreise", "landkreis": "kreisangehoerige-kommunen"}
SECTION = re.compile(r"§\d+(\.\d+)*")
# On every case (issue 13, correction 7): the printed numbers are kept as the study's citation keys, but
# they follow the order of the Länder, so nothing tied to a Land may be attached to a case.
ANONYMITY_NOTE = (
    "Die Fallnummern der Studie sind nicht zufällig: sie folgen der Reihenfolge der Länder in Anhang I. Ordnen Sie "
    "einem Fall daher nichts zu, was mit einem Land zusammenhängt – keinen Ort, kein Landesprogramm, kein Datum – "
    "und führen Sie Fälle nicht zusammen, um sie zu entschlüsseln.",
    "The study's case numbers are not random: they follow the order of the Länder in Anhang I. So attach nothing "
    "tied to a Land to a case – no place, no Land programme, no date – and do not combine cases to decode them.")


def case_iri(number: int) -> URIRef:
    return ID[f"fall/{number}"]


def build_faelle(src: Path, onto: Ontology, actors: dict[str, URIRef], context: Graph) -> Graph:
    """Cases, coded statements and their derived browsing edges.

    ``context`` holds the actors and programmes (for checks and labels).
    """
    rows = read_table(src / "faelle.csv", COLUMNS)
    g = Graph()
    printed: dict[int, set[URIRef]] = {}
    counter: dict[int, int] = {}
    for row in rows:
        number = row.integer("case", minimum=1)
        if number > 92:
            raise row.error("case numbers run from 1 to 92", "case")
        row.integer("line", minimum=1)
        if not SECTION.fullmatch(row["section"]):
            raise row.error(f"{row['section']!r} is not a section like §4.1.1", "section")
        counter[number] = counter.get(number, 0) + 1
        type_concept = _printed_type(row)
        printed.setdefault(number, set())
        if type_concept is not None:
            printed[number].add(type_concept)
        statement = _add_statement(g, row, number, counter[number], onto, actors, context)
        _add_citation(g, statement, row, number, type_concept)
    for number, types in printed.items():
        _add_case(g, number, types)
    for triple in materialise_edges(g, onto.graph):
        g.add(triple)
    return g


def _printed_type(row: Row) -> URIRef | None:
    key = PRINTED_TYPE.get(row.choice("printed_type", PRINTED_TYPE))
    return KONZEPT[f"kommunaltyp/{key}"] if key else None


def _add_case(g: Graph, number: int, types: set[URIRef]) -> None:
    node = case_iri(number)
    g.add((node, RDF.type, KG.Fall))
    add_labels(g, node, f"Fall #{number}", f"Case #{number}")
    g.add((node, KG.caseNumber, Literal(number, datatype=XSD.integer)))
    add_labels(g, node, *ANONYMITY_NOTE, prop=KG.anonymityNote)
    for concept in types:
        g.add((node, KG.printedType, concept))
    if len(types) > 1:
        add_labels(g, node, "Der Bericht druckt für diese Fallnummer verschiedene Kommunaltypen; alle sind angegeben.",
                   "The report prints different types of municipality for this case number; all are given.",
                   RDFS.comment)


def _add_citation(g: Graph, node: URIRef, row: Row, number: int, type_concept) -> None:
    g.add((node, KG.case, case_iri(number)))
    g.add((node, KG.section, Literal(row["section"])))
    if type_concept is not None:
        g.add((node, KG.printedType, type_concept))
        g.add((node, KG.printedTypeLabel, Literal(row["printed_type"])))
    add_labels(g, node, row["note_de"], row["note_en"], RDFS.comment)


def _add_statement(g, row: Row, number: int, seq: int, onto, actors, context) -> URIRef:
    kind = row.choice("kind", {"merkmal", "programm", "kooperation"})
    if kind != "kooperation":
        for column in ("counterpart", "tasks", "direction", "channel", "level"):
            if row[column]:
                raise row.error(f"only cooperations have a {column}", column)
    if kind == "merkmal":
        return _add_attribute(g, row, number, seq, onto)
    if kind == "programm":
        return _add_programme_use(g, row, number, seq, context)
    return _add_cooperation(g, row, number, seq, onto, actors, context)


def _add_attribute(g: Graph, row: Row, number: int, seq: int, onto: Ontology) -> URIRef:
    scheme = row["value"].split("/")[0]
    if scheme not in STATEMENT_KIND:
        raise row.error(f"values from scheme {scheme!r} cannot be coded as a Fallmerkmal", "value")
    value = onto.concept(row["value"], row, "value", "foerdergeber" if scheme == "ebene" else scheme)
    absent = row.choice("absent", {"", "ja"}) == "ja"
    if (scheme == "kooperationsart") != absent:
        raise row.error("a cooperation kind is coded only as absent (absent=ja), and only it", "absent")
    node = ID[f"merkmal/fall-{number}-{seq}"]
    g.add((node, RDF.type, KG.Fallmerkmal))
    g.add((node, KG.statementKind, KONZEPT[f"aussageart/{STATEMENT_KIND[scheme]}"]))
    g.add((node, KG.codedValue, value))
    if absent:
        g.add((node, KG.reportedAbsent, Literal(True)))
    de, en = onto.label(value, "de"), onto.label(value, "en")
    prefix = ("nicht – ", "not – ") if absent else ("", "")
    add_labels(g, node, f"Fall #{number}: {prefix[0]}{de}", f"Case #{number}: {prefix[1]}{en}")
    return node


def _add_programme_use(g: Graph, row: Row, number: int, seq: int, context: Graph) -> URIRef:
    programme = ID[f"programm/{row['value']}"]
    if (programme, RDF.type, KG.Foerderprogramm) not in context:
        raise row.error(f"{row['value']!r} is not a programme of programme.csv", "value")
    node = ID[f"merkmal/fall-{number}-{seq}"]
    g.add((node, RDF.type, KG.Fallmerkmal))
    g.add((node, KG.statementKind, KONZEPT["aussageart/foerderprogramm"]))
    g.add((node, KG.codedValue, programme))
    add_labels(g, node, f"Fall #{number}: nutzt {label_in(context, programme, 'de')}",
               f"Case #{number}: uses {label_in(context, programme, 'en')}")
    return node


def _add_cooperation(g: Graph, row: Row, number: int, seq: int, onto: Ontology, actors, context) -> URIRef:
    kind = onto.concept(f"kooperationsart/{row['value']}", row, "value", "kooperationsart")
    node = ID[f"kooperation/fall-{number}-{seq}"]
    g.add((node, RDF.type, KG.Kooperation))
    g.add((node, KG.cooperationKind, kind))
    counterpart = _counterpart(row, actors)
    if row["value"] == "landkreis-kommune":
        _add_county_roles(g, node, row, number, counterpart, onto)
    else:
        for column in ("tasks", "direction"):
            if row[column]:
                raise row.error(f"{column} belongs to county–municipality relations only", column)
        if counterpart is not None:
            g.add((node, KG.counterparty, counterpart))
    _add_influence(g, node, row, onto)
    if row["value"] != "einflussnahme" and counterpart is None:
        raise row.error("this cooperation needs a counterpart", "counterpart")
    add_labels(g, node, *_cooperation_labels(onto, number, kind, counterpart, row, context))
    return node


def _counterpart(row: Row, actors) -> URIRef | None:
    if not row["counterpart"]:
        return None
    if row["counterpart"] not in actors:
        raise row.error(f"{row['counterpart']!r} is not an actor of akteure.csv", "counterpart")
    return actors[row["counterpart"]]


def _add_county_roles(g: Graph, node, row: Row, number: int, counterpart, onto: Ontology) -> None:
    expected = COUNTY_COUNTERPART.get(PRINTED_TYPE.get(row["printed_type"]))
    if counterpart is None or expected is None or not str(counterpart).endswith(f"/{expected}"):
        raise row.error(f"a county–municipality relation of a {row['printed_type'] or 'untyped'} case "
                        f"needs the counterpart {expected!r}", "counterpart")
    for task in row.split("tasks"):
        g.add((node, KG.task, onto.concept(f"aufgabe/{task}", row, "tasks", "aufgabe")))
    direction = row.choice("direction", {"", "zum-fall", "vom-fall"})
    case = case_iri(number)
    if direction == "zum-fall":
        g.add((node, KG.supportingParty, counterpart))
        g.add((node, KG.supportedParty, case))
    elif direction == "vom-fall":
        g.add((node, KG.supportingParty, case))
        g.add((node, KG.supportedParty, counterpart))
    else:
        g.add((node, KG.counterparty, counterpart))


def _add_influence(g: Graph, node, row: Row, onto: Ontology) -> None:
    is_influence = row["value"] == "einflussnahme"
    if is_influence != bool(row["channel"] and row["level"]):
        raise row.error("scaling-up (einflussnahme) needs a channel and a level, other kinds neither", "channel")
    if is_influence:
        g.add((node, KG.channel, onto.concept(f"einflusskanal/{row['channel']}", row, "channel", "einflusskanal")))
        level = row.choice("level", {"land", "bund"})
        g.add((node, KG.targetLevel, KONZEPT[f"ebene/{level}"]))


def _cooperation_labels(onto: Ontology, number: int, kind, counterpart, row: Row, context) -> tuple[str, str]:
    if row["value"] == "einflussnahme":
        channel, level = KONZEPT[f"einflusskanal/{row['channel']}"], KONZEPT[f"ebene/{row['level']}"]
        return (f"Fall #{number}: Einfluss über {onto.label(channel, 'de')} auf {onto.label(level, 'de')}",
                f"Case #{number}: influence via {onto.label(channel, 'en')} on {onto.label(level, 'en')}")
    other_de, other_en = label_in(context, counterpart, "de"), label_in(context, counterpart, "en")
    return (f"Fall #{number}: {onto.label(kind, 'de')} – {other_de}",
            f"Case #{number}: {onto.label(kind, 'en')} – {other_en}")


def label_in(graph: Graph, node: URIRef, lang: str) -> str:
    """The rdfs:label of ``node`` in ``lang`` (every actor and programme has one in de and en)."""
    return next(str(label) for label in graph.objects(node, RDFS.label) if label.language == lang)
