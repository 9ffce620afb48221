"""What reading a sheet's rows shares: the result being built, problems, codes, references, IRIs."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from rapidfuzz import process
from rdflib import Literal, URIRef
from rdflib.namespace import RDFS

from ..namespaces import KG
from . import cells
from .problems import CellProblem
from .references import Resolver, Unresolved
from .sheets import Sheet
from .vocabulary import ACTORS, RELATIONS, SHEETS, code_lists


@dataclass
class Built:
    """The triples of an import, and what was read."""

    triples: set = field(default_factory=set)
    actors: set = field(default_factory=set)        # IRIs of the actors
    relations: set = field(default_factory=set)     # IRIs of the relations
    rows: int = 0
    problems: list = field(default_factory=list)
    records: dict = field(default_factory=dict)     # actor or relation IRI -> (sheet, label): a new graph's difference


class Builder:
    def __init__(self, store, base: str):
        self.store, self.base = store, base
        self.codes = code_lists()
        self.out = Built()
        self._literals: dict = {}
        self._periods: dict = {}
        self._seen: dict = {}   # relation IRI -> how many rows gave it

    def problem(self, sheet: Sheet, row: int | None, column: str | None, value, expected: str,
                suggestion: str | None = None) -> None:
        self.out.problems.append(CellProblem(sheet.file, sheet.name, row, column,
                                             None if value is None else cells.text(value), expected, suggestion))

    def add(self, s, p, o) -> None:
        self.out.triples.add((s, p, o))

    def literal(self, text: str, lang: str | None = None) -> Literal:
        """The same Literal object for the same text (sheet names, labels repeat across 50,000 rows)."""
        key = (text, lang)
        if key not in self._literals:
            self._literals[key] = Literal(text, lang=lang)
        return self._literals[key]

    def period(self, value) -> Literal:
        """``cells.period(value)`` worked out once per distinct cell (dates repeat across 50,000 rows)."""
        key = (type(value), value)
        if key not in self._periods:
            try:
                self._periods[key] = (cells.period(value), None)
            except ValueError as e:
                self._periods[key] = (None, str(e))
        found, refusal = self._periods[key]
        if refusal is not None:
            raise ValueError(refusal)
        return found

    def numbered(self, node: URIRef) -> URIRef:
        """``node``, or for the n-th relation with the same ends, kind and start ``node-n``.

        Counted, not searched: appending "-2" until the IRI was free cost n² for n equal rows."""
        self._seen[node] = seen = self._seen.get(node, 0) + 1
        return node if seen == 1 else URIRef(f"{node}-{seen}")

    def actor_iri(self, own_id: str) -> URIRef:
        return URIRef(f"{self.base}akteur/{slug(own_id)}")


def template_name(sheet: Sheet) -> str:
    """The template sheet ``sheet`` stands for: by its name, or (a lone CSV file) by its header."""
    if sheet.template is None:   # asked once per row: worked out once per sheet
        header = {cells.text(h) for h in sheet.rows[0]}
        exact = next((n for n in SHEETS if n.casefold() == sheet.name.casefold()), None)
        sheet.template = exact or (RELATIONS if "Von" in header else ACTORS)
    return sheet.template


SOURCE_SHEET, SOURCE_ROW, COMMENT = KG.sourceSheet, KG.sourceRow, RDFS.comment   # looked up once


def source(builder: Builder, node: URIRef, sheet: Sheet, number: int, row: dict) -> None:
    builder.add(node, SOURCE_SHEET, builder.literal(template_name(sheet)))
    builder.add(node, SOURCE_ROW, Literal(number))
    if note := cells.text(row.get("Notiz")):
        builder.add(node, COMMENT, builder.literal(note, "de"))


def code(builder: Builder, sheet, number, row, column: str, codes: str, expected: str):
    text = cells.text(row.get(column))
    if not text:
        return None
    code = builder.codes[codes].find(text)
    if code is None:
        close = process.extract(text, builder.codes[codes].labels(), limit=2, score_cutoff=60)
        builder.problem(sheet, number, column, text, expected,
                        "meinten Sie " + " oder ".join(f"»{c[0]}«" for c in close) + "?" if close else None)
        return None
    return code.iri


def reference(builder: Builder, sheet, number, row, column: str, resolver: Resolver):
    text = cells.text(row.get(column))
    if not text:
        return None
    found = resolver[text]
    if isinstance(found, Unresolved):
        builder.problem(sheet, number, column, text, found.expected, found.suggestion)
        return None
    return found


def relation_iri(base: str, von, an, kind, start) -> URIRef:
    key = "|".join(str(x) for x in (von, an, kind, start))
    return URIRef(f"{base}beziehung/{hashlib.sha256(key.encode()).hexdigest()[:12]}")


def slug(text: str) -> str:
    out = text.lower()
    for umlaut, plain in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        out = out.replace(umlaut, plain)
    return "".join(ch if ch.isalnum() and ch.isascii() else "-" for ch in out).strip("-") or "x"
