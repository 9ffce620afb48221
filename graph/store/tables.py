"""Source tables read row by row, every value with its file, line and column for error messages.

The dataset build (``data/build``) reads its CSV tables here, and an import of spreadsheets uses
the same :class:`Row`: a bad cell raises :class:`~koopgraph.graph.errors.TableError` naming file
(and sheet), line and column.

>>> row = Row("kommunen.csv", 7, {"population": "10.214x"})
>>> row.integer("population")
Traceback (most recent call last):
...
koopgraph.graph.errors.TableError: kommunen.csv, line 7, column 'population': '10.214x' is not a whole number
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from rdflib import Literal
from rdflib.namespace import XSD

from ..errors import TableError


@dataclass(frozen=True)
class Row:
    """One data row of a source table, with its file and line for error messages."""

    file: Path
    line: int
    values: dict

    def __getitem__(self, column: str) -> str:
        return self.values[column]

    def error(self, message: str, column: str | None = None) -> TableError:
        return TableError(message, file=self.file, line=self.line, column=column)

    def integer(self, column: str, *, minimum: int | None = None) -> int:
        text = self[column]
        if not re.fullmatch(r"-?\d+", text):
            raise self.error(f"{text!r} is not a whole number", column)
        if minimum is not None and int(text) < minimum:
            raise self.error(f"{text} is below the smallest allowed value {minimum}", column)
        return int(text)

    def decimal(self, column: str, *, low: Decimal | None = None, high: Decimal | None = None) -> Literal:
        text = self[column]
        try:
            value = Decimal(text)
        except InvalidOperation as e:
            raise self.error(f"{text!r} is not a decimal number (use a point: 12.5)", column) from e
        if not re.fullmatch(r"-?\d+(\.\d+)?", text):
            raise self.error(f"{text!r} is not a plain decimal number", column)
        if (low is not None and value < low) or (high is not None and value > high):
            raise self.error(f"{text} lies outside {low}..{high}", column)
        return Literal(text, datatype=XSD.decimal)

    def choice(self, column: str, allowed) -> str:
        if self[column] not in allowed:
            raise self.error(f"{self[column]!r} is not one of {', '.join(sorted(allowed))}", column)
        return self[column]

    def split(self, column: str) -> list[str]:
        return [part for part in self[column].split("|") if part]


def read_table(path: Path, columns: list[str]) -> list[Row]:
    """Read a UTF-8 CSV source table; every named column must be present and no cell may be missing."""
    if not path.is_file():
        raise TableError("source table not found", file=path)
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        missing = [c for c in columns if c not in (reader.fieldnames or [])]
        if missing:
            raise TableError(f"missing column(s) {', '.join(missing)}", file=path, line=1)
        rows = []
        for values in reader:
            line = reader.line_num
            if None in values or any(v is None for v in values.values()):
                raise TableError("wrong number of cells", file=path, line=line)
            rows.append(Row(path, line, {k: v.strip() for k, v in values.items()}))
    return rows
