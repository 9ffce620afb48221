"""The German import template as an XLSX workbook, written from the ontology (openpyxl).

Sheets "Anleitung" (how to fill it in), "Akteure", "Beziehungen" and a hidden "Listen" with one column
per code list; every coded column offers its list as a drop-down (data validation). The same writer
fills the workbook with the rows of an imported graph (``koopgraph export --template``).
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from .vocabulary import ACTORS, LIST_SEPARATOR, RELATIONS, SHEETS, TEMPLATE_VERSION, code_lists

LISTS = "Listen"
HEADER_FILL = PatternFill("solid", fgColor="DDE7F0")
INSTRUCTIONS = [
    f"koopgraph – Vorlage für eigene Akteure und Beziehungen (Version {TEMPLATE_VERSION})",
    "",
    "Blatt »Akteure«: eine Zeile je Akteur, den es im Speicher noch nicht gibt (Verein, Amt, Träger …).",
    "  ID: ein Kurzzeichen, mit dem »Beziehungen« auf die Zeile verweist. Art und Ebene aus der Liste.",
    "  Ort oder AGS: Name der Gemeinde oder des Kreises (»Landkreis Ravensburg«) oder der amtliche Schlüssel.",
    "Blatt »Beziehungen«: eine Zeile je Beziehung von »Von« an »An«.",
    "  Von / An: eine ID aus »Akteure«, der Name einer Kommune oder eines bekannten Akteurs, eine AGS oder IRI.",
    "  Art aus der Liste. Bei »Landkreis – kreisangehörige Kommune« unterstützt Von An bei den Aufgaben;",
    "  nur mit Aufgabe »Austauschformat« arbeiten beide ohne Richtung zusammen.",
    "  Einflussnahme: Kanal und Zielebene (Land oder Bund) ausfüllen; An (der kontaktierte Akteur) darf fehlen.",
    f"  Mehrere Aufgaben in einer Zelle mit »{LIST_SEPARATOR}« trennen.",
    "  Beginn / Ende: 15.03.2021, 03/2021 oder 2021 – so genau, wie bekannt. Ende leer: besteht fort.",
    "Keine Formeln und keine verbundenen Zellen; Blatt- und Spaltennamen nicht ändern.",
    "Einlesen: koopgraph import DATEI --graph NAME  (oder im Browser unter /import).",
]


def write_template(path: Path, actors: dict[int, list] | None = None, relations: dict[int, list] | None = None,
                   note: str | None = None) -> None:
    """Write the template to ``path``; with rows (row number → cell values), the filled workbook of an
    export; ``note`` goes above the instructions (e.g. that an example's data are invented)."""
    book = Workbook()
    guide = book.active
    guide.title = "Anleitung"
    for line in ([note, ""] if note else []) + INSTRUCTIONS:
        guide.append([line])
    guide["A1"].font = Font(bold=True, size=13)
    guide.column_dimensions["A"].width = 110
    ranges = _list_ranges()
    for name, rows in ((ACTORS, actors or {}), (RELATIONS, relations or {})):
        _write_sheet(book, name, rows, ranges)
    _write_lists(book)
    book.active = 2  # open on Beziehungen
    book.save(path)


def _list_ranges() -> dict[str, str]:
    """Code list name → the cells of the hidden sheet that hold it (one column per list)."""
    ranges = {}
    for index, (name, codes) in enumerate(sorted(code_lists().items()), start=1):
        letter = get_column_letter(index)
        ranges[name] = f"{LISTS}!${letter}$2:${letter}${len(codes.codes) + 1}"
    return ranges


def _write_lists(book) -> None:
    """The hidden sheet of code lists, one column per list with the German labels."""
    sheet = book.create_sheet(LISTS)
    for index, (name, codes) in enumerate(sorted(code_lists().items()), start=1):
        sheet.cell(row=1, column=index, value=name)
        for row, label in enumerate(codes.labels(), start=2):
            sheet.cell(row=row, column=index, value=label)
    sheet.sheet_state = "hidden"


def _write_sheet(book, name: str, rows: dict[int, list], ranges: dict[str, str]) -> None:
    sheet = book.create_sheet(name)
    columns = SHEETS[name]
    sheet.append([c.name for c in columns])
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index)
        cell.font, cell.fill = Font(bold=True), HEADER_FILL
        cell.alignment = Alignment(vertical="top")
        cell.comment = Comment(column.help + (" – Pflichtfeld" if column.required else ""), "koopgraph")
        sheet.column_dimensions[get_column_letter(index)].width = column.width
        if column.codes:
            _drop_down(sheet, index, column, ranges[column.codes])
    for number, row in sorted(rows.items()):   # each row where it was read: rows are sources
        for index, value in enumerate(row, start=1):
            if value not in (None, ""):
                sheet.cell(row=number, column=index, value=value)
    sheet.freeze_panes = "A2"


def _drop_down(sheet, index: int, column, cell_range: str) -> None:
    letter = get_column_letter(index)
    # a cell with several values ("Beratung; Koordination") is not one list entry: offer the list, allow more
    validation = DataValidation(type="list", formula1=f"={cell_range}", allow_blank=True,
                                showErrorMessage=not column.multiple)
    validation.error = "Bitte einen Wert aus der Liste wählen."
    validation.errorTitle = column.name
    validation.prompt = column.help
    validation.promptTitle = column.name
    validation.add(f"{letter}2:{letter}5000")
    sheet.add_data_validation(validation)
