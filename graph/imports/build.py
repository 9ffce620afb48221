"""The rows of the template's sheets -> the study's model: actors, kg:Kooperation nodes, browsing edges.

Every cell is checked; all problems are collected (file, sheet, row, column, value, what is expected,
a suggestion) and nothing is built if there is one. Resource IRIs live under
``id/eigene/<graph>/``: ``akteur/<ID>`` for the Akteure sheet, ``beziehung/<hash>`` for a relation
(a hash of its ends, kind and start, so a re-import keeps the IRI of an unchanged relation).
"""

from __future__ import annotations

from rapidfuzz import process
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from ..labels import labels_of
from ..namespaces import KG
from . import cells
from .references import Resolver
from .relations import relation
from .rows import Builder, Built, code, reference, source, template_name
from .sheets import Sheet
from .vocabulary import ACTORS, RELATIONS, SHEETS


def build(store, sheets: list[Sheet], base: str) -> Built:
    """Build the import under the IRI prefix ``base``; the problems are in the result."""
    builder = Builder(store, base)
    found = _find_sheets(builder, sheets)
    tables = {name: _table(builder, sheet) for name, sheet in found.items()}
    own_ids, own_names = _own_actors(builder, found.get(ACTORS), tables.get(ACTORS, []))
    resolver = Resolver(store, own_ids, own_names)
    texts = [r.get("Von") for _, r in tables.get(RELATIONS, [])] + [r.get("An") for _, r in tables.get(RELATIONS, [])]
    resolver.resolve_all(cells.text(t) for t in texts + [r.get("Ort oder AGS") for _, r in tables.get(ACTORS, [])])
    if ACTORS in found:
        for number, row in tables[ACTORS]:
            _actor(builder, found[ACTORS], number, row, resolver)
    if RELATIONS in found:
        labels = _labels(store, builder, tables[RELATIONS], resolver, own_names)
        for number, row in tables[RELATIONS]:
            relation(builder, found[RELATIONS], number, row, resolver, labels)
    builder.out.rows = sum(len(rows) for rows in tables.values())
    return builder.out


IGNORED_SHEETS = {"Anleitung", "Listen"}   # the template's own help and code lists


def _find_sheets(builder: Builder, sheets: list[Sheet]) -> dict[str, Sheet]:
    """The template's sheets by name; a single CSV is recognised by its header."""
    found = {}
    for sheet in sheets:
        name = next((n for n in SHEETS if n.casefold() == sheet.name.casefold()), None)
        if name is None and len(sheets) == 1 and sheet.rows:
            header = {cells.text(h) for h in sheet.rows[0]}
            name = RELATIONS if {"Von", "Art"} <= header else ACTORS if {"ID", "Name"} <= header else None
        if name is not None:
            found[name] = sheet
        elif sheet.name not in IGNORED_SHEETS and any(cells.text(v) for r in sheet.rows[:2] for v in r):
            close = process.extractOne(sheet.name, list(SHEETS), score_cutoff=40)
            builder.problem(sheet, None, None, sheet.name, "nur die Blätter der Vorlage: " + ", ".join(SHEETS),
                            f"meinten Sie »{close[0]}«? Blattnamen nicht ändern" if close else "Blatt löschen oder umbenennen")
    if RELATIONS not in found and ACTORS not in found:
        names = [s.name for s in sheets]
        close = process.extractOne(RELATIONS, names) if names else None
        suggestion = f"meinten Sie »{close[0]}«? Blätter heißen wie in der Vorlage" if close else None
        first = sheets[0] if sheets else Sheet("?", "?")
        builder.problem(Sheet(first.file, ""), None, None, ", ".join(names) or None,
                        "ein Blatt »Beziehungen« (und »Akteure«) wie in der Vorlage", suggestion)
    return found


def _table(builder: Builder, sheet: Sheet) -> list[tuple[int, dict]]:
    """(row number, column → value) for the data rows of a sheet whose header is the template's."""
    if not sheet.rows or not any(cells.text(v) for v in sheet.rows[0]):
        builder.problem(sheet, 1, None, None, "eine Kopfzeile mit den Spalten der Vorlage in Zeile 1")
        return []
    header = [cells.text(h) for h in sheet.rows[0]]
    columns = {c.name: c for c in SHEETS[template_name(sheet)]}
    unknown = [h for h in header if h and h not in columns]
    for h in unknown:
        close = process.extractOne(h, [c for c in columns if c not in header])
        builder.problem(sheet, 1, h, h, "eine Spalte der Vorlage: " + ", ".join(columns),
                        f"meinten Sie »{close[0]}«?" if close else None)
    for name, column in columns.items():
        if column.required and name not in header:
            builder.problem(sheet, 1, name, None, f"die Spalte »{name}«")
    _cell_problems(builder, sheet, header)
    rows = []
    for index, values in enumerate(sheet.rows[1:], start=2):
        row = {h: v for h, v in zip(header, values) if h in columns}
        if any(cells.text(v) for v in row.values()):
            rows.append((index, row))
    return rows


def _cell_problems(builder: Builder, sheet: Sheet, header: list[str]) -> None:
    def column(c):
        return header[c - 1] if 0 < c <= len(header) and header[c - 1] else f"Nr. {c}"
    for (r, c), formula in sorted(sheet.formulas.items()):
        builder.problem(sheet, r, column(c), formula if str(formula).startswith("=") else "=" + str(formula),
                        "ein Wert, keine Formel", "Formel durch ihren Wert ersetzen (Inhalte einfügen → nur Werte)")
    for r, c in sorted(sheet.merged):
        if (r, c - 1) not in sheet.merged and (r - 1, c) not in sheet.merged:
            builder.problem(sheet, r, column(c), None, "einzelne Zellen, keine verbundenen",
                            "Zellverbund aufheben und den Wert in jede Zeile schreiben")


def _own_actors(builder: Builder, sheet: Sheet | None, rows) -> tuple[dict, dict]:
    ids, names, first_row = {}, {}, {}
    for number, row in rows:
        own_id = cells.text(row.get("ID"))
        if own_id in first_row:
            builder.problem(sheet, number, "ID", own_id, "eine eindeutige ID",
                            f"dieselbe ID steht schon in Zeile {first_row[own_id]}")
            continue
        if own_id:
            first_row[own_id] = number
            ids[own_id] = builder.actor_iri(own_id)
            if cells.text(row.get("Name")):
                names[cells.text(row.get("Name"))] = ids[own_id]
    return ids, names


def _actor(builder: Builder, sheet: Sheet, number: int, row: dict, resolver: Resolver) -> None:
    own_id, name = cells.text(row.get("ID")), cells.text(row.get("Name"))
    for column, value in (("ID", own_id), ("Name", name), ("Art", cells.text(row.get("Art")))):
        if not value:
            builder.problem(sheet, number, column, None, f"ein Eintrag in der Pflichtspalte {column}")
    kind = code(builder, sheet, number, row, "Art", "akteursart", "eine Akteursart der Liste")
    level = code(builder, sheet, number, row, "Ebene", "ebene", "eine Ebene der Liste")
    place = reference(builder, sheet, number, row, "Ort oder AGS", resolver)
    case_facts = _case_facts(builder, sheet, number, row, kind)
    website = cells.text(row.get("Website"))
    if website and not website.startswith(("http://", "https://")):
        builder.problem(sheet, number, "Website", website, "eine Webadresse, die mit https:// beginnt")
    if not (own_id and name and kind):
        return
    actor = builder.actor_iri(own_id)
    builder.out.actors.add(actor)
    builder.out.records[actor] = (ACTORS, name)
    for p, o in ((RDF.type, kind), (RDFS.label, Literal(name, lang="de")), (KG.level, level), (KG.locatedIn, place),
                 (KG.website, Literal(website, datatype=XSD.anyURI) if website else None), *case_facts):
        if o is not None:
            builder.add(actor, p, o)
    source(builder, actor, sheet, number, row)


CASE_COLUMNS = (("Kommunaltyp", "kommunaltyp", KG.printedType, "einen Kommunaltyp der Liste"),
                ("Größenklasse", "groessenklasse", KG.sizeClass, "eine Größenklasse der Liste"))


def _case_facts(builder: Builder, sheet: Sheet, number: int, row: dict, kind) -> list:
    """Type and size class of an anonymised case (Art "Fall"); on any other actor they are an error."""
    facts = []
    for column, codes, prop, expected in CASE_COLUMNS:
        value = code(builder, sheet, number, row, column, codes, expected)
        if value is not None and kind is not None and kind != KG.Fall:
            builder.problem(sheet, number, column, cells.text(row.get(column)), "einen Eintrag nur bei Art »Fall«",
                            "Zelle leeren oder als Art »Fall« angeben")
        facts.append((prop, value))
    return facts


def _labels(store, builder: Builder, rows, resolver: Resolver, own_names: dict) -> dict:
    """German labels of every resource a relation names (for the relations' own labels)."""
    own = {iri: name for name, iri in own_names.items()}
    iris = {resolver.found.get(cells.text(r.get(c))) for _, r in rows for c in ("Von", "An")}
    iris = {i for i in iris if isinstance(i, URIRef) and i not in own}
    found = labels_of(store, sorted(iris)) if iris else None
    return {**{i: found(i) for i in iris}, **own}


