"""A catalogue question's answer for people: German column headers, labels (linked) instead of IRIs,
numbers as numbers. The answer page's table and its CSV file are both made from it; the JSON twin keeps
the SPARQL results as they are, for scripts."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from koopgraph.graph.labels import labels_of
from rdflib import XSD, URIRef

from ..tables import Table
from .common import resource_href

# The catalogue's result variables (graph/sparql/questions/*.rq) → the German header of their column.
COLUMN_TITLES = {
    "aenderung": "Änderung", "beziehung": "Beziehung", "name": "Name", "beginn": "Beginn", "ende": "Ende",
    "akteur": "Akteur", "faelle": "Fälle", "ebene": "Ebene", "kommune": "Kommune", "landName": "Land",
    "typ": "Typ", "laendlichkeit": "Ländlichkeit", "lage": "Sozioökonomische Lage", "kommunen": "Kommunen",
    "mittel": "Mittlerer Ausländeranteil (%)", "kleinster": "Kleinster Ausländeranteil (%)",
    "groesster": "Größter Ausländeranteil (%)", "antragsberechtigt": "Antragsberechtigt", "befund": "Befund", "aussage": "Aussage", "wert": "Wert",
    "einheit": "Einheit", "grundgesamtheit": "Grundgesamtheit", "abschnitt": "Abschnitt",
    "kanal": "Einflusskanal", "zielebene": "Zielebene", "programm": "Förderprogramm",
    "foerdergeber": "Fördergeber", "anzahl": "Anzahl", "antragsberechtigte": "Antragsberechtigte Kommunen",
    "einwohner": "Einwohner", "art": "Art", "auslaenderanteil": "Ausländeranteil (%)",
    "landkreis": "Landkreis", "groesste": "Einwohner der größten Kommune", "managementtyp": "Managementtyp",
    "partei": "Partei", "fall": "Fall", "aussageart": "Aussageart", "auspraegung": "Ausprägung",
    "aufgabe": "Aufgabe", "richtung": "Richtung", "antwort": "Antwort",
    "s": "Subjekt", "p": "Eigenschaft", "o": "Objekt",
}
NUMBER_TYPES = {str(XSD.integer): int, str(XSD.int): int, str(XSD.long): int, str(XSD.nonNegativeInteger): int,
                str(XSD.decimal): Decimal, str(XSD.double): float, str(XSD.float): float}


@dataclass(frozen=True)
class Column:
    key: str
    title: str
    linked: bool = False     # its cells are {"label", "href", "iri"}


@dataclass(frozen=True)
class ReadableAnswer:
    name: str
    columns: list[Column]
    rows: list[dict]

    def table(self) -> Table:
        """The CSV table: a linked column gives its label, and its IRI in a column beside it."""
        columns, rows = [], []
        for c in self.columns:
            columns += [(c.key, c.title), (c.key + " (IRI)", c.title + " (IRI)")] if c.linked else [(c.key, c.title)]
        for row in self.rows:
            flat = dict(row)
            for c in self.columns:
                if c.linked and row.get(c.key):
                    flat[c.key], flat[c.key + " (IRI)"] = row[c.key]["label"], row[c.key]["iri"]
            rows.append(flat)
        return Table(self.name, columns, rows)


# Columns a bar chart of a distribution shows, in this order of preference (counts before averages)
CHART_COLUMNS = ("anzahl", "kommunen", "faelle", "antragsberechtigte", "mittel")
MOST_BARS = 40   # a longer answer is a list to read, not a distribution to see at a glance


@dataclass(frozen=True)
class Distribution:
    """An answer as bars: one per row, labelled by its other cells."""
    title: str
    bars: list[tuple[str, int | float | Decimal]]

    @property
    def largest(self) -> float:
        return max((float(value) for _, value in self.bars), default=0.0)


def distribution(answer: ReadableAnswer) -> Distribution | None:
    """The answer as a distribution to chart, if it is one: 2–40 rows, a count (or mean) column whose
    cells are all numbers, and label columns beside it."""
    if not 2 <= len(answer.rows) <= MOST_BARS:
        return None
    keys = [c.key for c in answer.columns]
    counted = next((k for k in CHART_COLUMNS if k in keys and all(_is_number(r.get(k)) for r in answer.rows)), None)
    labels = [c.key for c in answer.columns if c.key != counted and not any(_is_number(r.get(c.key)) for r in answer.rows)]
    if counted is None or not labels:
        return None
    bars = [(" · ".join(_label(r.get(k)) for k in labels if r.get(k) is not None), r[counted]) for r in answer.rows]
    return Distribution(column_title(counted), bars)


def _is_number(value) -> bool:
    return isinstance(value, (int, float, Decimal)) and not isinstance(value, bool)


def _label(cell) -> str:
    return cell["label"] if isinstance(cell, dict) else str(cell)


def column_title(variable: str) -> str:
    return COLUMN_TITLES.get(variable, variable[:1].upper() + variable[1:])


def readable_answer(store, name: str, results: dict) -> ReadableAnswer:
    """SPARQL JSON ``results`` as a table to read. An IRI column followed by ``?name`` (the catalogue's
    way to give an IRI its label) becomes one linked column with that name."""
    if "boolean" in results:   # an ASK question
        return ReadableAnswer(name, [Column("antwort", "Antwort")], [{"antwort": results["boolean"]}])
    names, bindings = results["head"]["vars"], results["results"]["bindings"]
    iri_columns = [n for n in names if any(row.get(n, {}).get("type") == "uri" for row in bindings)]
    named_by = {n: "name" for i, n in enumerate(names) if n in iri_columns and names[i + 1:i + 2] == ["name"]}
    labels = labels_of(store, [URIRef(row[n]["value"]) for row in bindings for n in iri_columns
                               if n not in named_by and row.get(n, {}).get("type") == "uri"])
    columns = [Column(n, column_title(n), n in iri_columns) for n in names if "name" not in named_by.values()
               or n != "name"]
    rows = []
    for row in bindings:
        out = {}
        for c in columns:
            cell = row.get(c.key)
            if c.linked and cell and cell["type"] == "uri":
                label = row[named_by[c.key]]["value"] if c.key in named_by and named_by[c.key] in row \
                    else labels(URIRef(cell["value"]))
                out[c.key] = {"label": label, "iri": cell["value"], "href": resource_href(cell["value"])}
            else:
                out[c.key] = cell_value(cell)
        rows.append(out)
    return ReadableAnswer(name, columns, rows)


def cell_value(cell: dict | None):
    """A SPARQL JSON cell as a plain value: a number for numeric literals, else its text."""
    if cell is None:
        return None
    kind = NUMBER_TYPES.get(cell.get("datatype", ""))
    if kind is not None:
        try:
            return kind(cell["value"])
        except (ValueError, ArithmeticError):
            return cell["value"]
    return cell["value"]


def with_study_columns(answer: ReadableAnswer | None, question, comparisons) -> ReadableAnswer | None:
    """The answer with the study's printed total and its section beside each row a study link names
    (see :mod:`koopgraph.graph.explore.study_totals`); unchanged without comparisons."""
    if answer is None or not comparisons:
        return answer
    by_finding = {c.finding.rsplit("/", 1)[-1]: c for c in comparisons}
    rows = []
    for row in answer.rows:
        link = next((link for link in question.study_links if link.names(row.get)), None)
        told = by_finding.get(link.finding) if link else None
        rows.append({**row, "studie": told.study if told else None,
                     "studie_abschnitt": told.section if told else None})
    columns = [*answer.columns, Column("studie", "Laut Studie (Kommunen)"),
               Column("studie_abschnitt", "Abschnitt der Studie")]
    return ReadableAnswer(answer.name, columns, rows)
