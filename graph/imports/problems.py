"""One problem with one cell of a spreadsheet, said so a person can fix it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CellProblem:
    """Where (file, sheet, row, column), what was found, what is expected, and a suggestion.

    >>> str(CellProblem("p.xlsx", "Beziehungen", 7, "Art", "Austaush", "eine Kooperationsart",
    ...                 "meinten Sie »interkommunaler Austausch«?"))
    'p.xlsx, Blatt Beziehungen, Zeile 7, Spalte Art: »Austaush« – erwartet: eine Kooperationsart; meinten Sie »interkommunaler Austausch«?'
    """

    file: str
    sheet: str | None
    row: int | None
    column: str | None
    value: str | None
    expected: str
    suggestion: str | None = None

    def __str__(self) -> str:
        where = [self.file]
        if self.sheet:
            where.append(f"Blatt {self.sheet}")
        if self.row:
            where.append(f"Zeile {self.row}")
        if self.column:
            where.append(f"Spalte {self.column}")
        text = ", ".join(where) + ": "
        if self.value not in (None, ""):
            text += f"»{_short(self.value)}« – "
        text += f"erwartet: {self.expected}"
        if self.suggestion:
            text += f"; {self.suggestion}"
        return text


def _short(value: str, limit: int = 80) -> str:
    return value if len(value) <= limit else value[:limit - 1] + "…"
