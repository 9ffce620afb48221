"""One row of the sheet "Beziehungen" -> a qualified kg:Kooperation node.

Roles as in the study (ontology/README.md, "Own data"): "Von" is kg:fromParty and "An" kg:counterparty;
in a county–municipality relation with a task other than the exchange format, "Von" supports "An"
(kg:supportingParty, kg:supportedParty). Scaling-up needs a channel and a target level, "An" is then
the actor contacted (optional); tasks belong to county–municipality relations only.
"""

from __future__ import annotations

from collections import defaultdict

from rdflib import Literal
from rdflib.namespace import RDF, RDFS

from ..namespaces import ID, KG
from . import cells
from .edges import edges_of
from .rows import Builder, code, reference, relation_iri, source
from .vocabulary import RELATIONS

INFLUENCE = ID["konzept/kooperationsart/einflussnahme"]
COUNTY = ID["konzept/kooperationsart/landkreis-kommune"]
EXCHANGE_FORMAT = ID["konzept/aufgabe/austauschformat"]
# the predicates, looked up once (an rdflib Namespace makes a new URIRef on every attribute access)
TYPE, KOOPERATION, KIND, TASK, CHANNEL, LEVEL = RDF.type, KG.Kooperation, KG.cooperationKind, KG.task, KG.channel, KG.targetLevel
START, END, EVIDENCE, LABEL = KG.startDate, KG.endDate, KG.evidence, RDFS.label
FROM, TO, SUPPORTING, SUPPORTED = KG.fromParty, KG.counterparty, KG.supportingParty, KG.supportedParty


def relation(builder: Builder, sheet, number: int, row: dict, resolver, labels: dict) -> None:
    kind = code(builder, sheet, number, row, "Art", "kooperationsart", "eine Beziehungsart der Liste")
    for column in ("Von", "Art") + (("An",) if kind != INFLUENCE else ()):
        if not cells.text(row.get(column)):
            builder.problem(sheet, number, column, None, f"ein Eintrag in der Spalte {column}")
    von = reference(builder, sheet, number, row, "Von", resolver)
    an = reference(builder, sheet, number, row, "An", resolver)
    if von is not None and von == an:
        builder.problem(sheet, number, "An", cells.text(row.get("An")), "eine andere Seite als Von")
    tasks = _tasks(builder, sheet, number, row, kind)
    influence = _influence(builder, sheet, number, row, kind)
    start, end = _period(builder, sheet, number, row)
    if None in (von, kind) or (an is None and kind != INFLUENCE) or len(builder.out.problems):
        return
    node = builder.numbered(relation_iri(builder.base, von, an, kind, start))
    builder.out.relations.add(node)
    supports = kind == COUNTY and any(t != EXCHANGE_FORMAT for t in tasks)
    roles = (SUPPORTING, SUPPORTED) if supports else (FROM, TO)
    evidence = cells.text(row.get("Beleg"))
    label = _label(builder, kind, von, an, labels) + _period_text(start, end)
    builder.out.records[node] = (RELATIONS, label)
    triples = [(TYPE, KOOPERATION), (KIND, kind), (roles[0], von), (roles[1], an),
               *((TASK, t) for t in tasks), *influence, (START, start), (END, end),
               (EVIDENCE, builder.literal(evidence) if evidence else None), (LABEL, Literal(label, lang="de"))]
    facts = defaultdict(list)
    for p, o in triples:
        if o is not None:
            builder.add(node, p, o)
            facts[p].append(o)
    for edge in edges_of(facts):
        builder.add(*edge)
    source(builder, node, sheet, number, row)


def _tasks(builder: Builder, sheet, number: int, row: dict, kind) -> list:
    found = []
    for text in cells.values(row.get("Aufgaben")):
        task = builder.codes["aufgabe"].find(text)
        if task is None:
            code(builder, sheet, number, {"Aufgaben": text}, "Aufgaben", "aufgabe", "Aufgaben der Liste, mit ; getrennt")
        else:
            found.append(task.iri)
    if found and kind is not None and kind != COUNTY:
        builder.problem(sheet, number, "Aufgaben", cells.text(row.get("Aufgaben")),
                        "Aufgaben nur bei der Art »Landkreis – kreisangehörige Kommune«", "Spalte leeren oder Art ändern")
    return found


def _influence(builder: Builder, sheet, number: int, row: dict, kind) -> list:
    channel = code(builder, sheet, number, row, "Kanal", "einflusskanal", "ein Einflusskanal der Liste")
    level = code(builder, sheet, number, row, "Zielebene", "zielebene", "Land oder Bund")
    if kind == INFLUENCE:
        for column, value in (("Kanal", channel), ("Zielebene", level)):
            if value is None and not cells.text(row.get(column)):
                builder.problem(sheet, number, column, None, f"bei Einflussnahme ein Eintrag in {column}")
        return [(CHANNEL, channel), (LEVEL, level)]
    for column in ("Kanal", "Zielebene"):
        if kind is not None and cells.text(row.get(column)):
            builder.problem(sheet, number, column, cells.text(row.get(column)),
                            f"{column} nur bei der Art »Einflussnahme auf Land und Bund (Scaling-up)«")
    return []


def _period(builder: Builder, sheet, number: int, row: dict):
    found = {}
    for column in ("Beginn", "Ende"):
        value = row.get(column)
        if cells.text(value):
            try:
                found[column] = builder.period(value)
            except ValueError as e:
                builder.problem(sheet, number, column, cells.text(value), cells.DATE_FORMS, str(e))
    start, end = found.get("Beginn"), found.get("Ende")
    if start is not None and end is not None and cells.last_day(end) < cells.first_day(start):
        builder.problem(sheet, number, "Ende", cells.text(row.get("Ende")),
                        f"ein Ende nicht vor dem Beginn ({cells.text(row.get('Beginn'))})")
    return start, end


def _label(builder: Builder, kind, von, an, labels: dict) -> str:
    kind_label = builder.codes["kooperationsart"].label_of(kind)
    return f"{labels.get(von, von)} – {kind_label}" + (f" – {labels.get(an, an)}" if an is not None else "")


def _period_text(start, end) -> str:
    """The period as a reader sees it on every page that names the relation: " (2016–2020)", " (seit 03/2018)"."""
    def shown(literal) -> str:
        text = str(literal)
        return f"{text[8:10]}.{text[5:7]}.{text[:4]}" if len(text) == 10 else (f"{text[5:7]}/{text[:4]}" if len(text) == 7 else text)
    if start is None and end is None:
        return ""
    if end is None:
        return f" (seit {shown(start)})"
    if start is None:
        return f" (bis {shown(end)})"
    return f" ({shown(start)}–{shown(end)})"
