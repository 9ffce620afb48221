"""Tables people take away: every list and answer of the explorer as a CSV file for German spreadsheets.

The file is written for German Excel and LibreOffice, where a double-click must open it right:
``;`` between cells and a decimal comma (the de-DE list and decimal separators; a comma-separated
file lands in one column there and ``11.92`` turns into a date), UTF-8 with a byte order mark (else
Excel reads ANSI and mangles umlauts), CRLF line ends (RFC 4180), a German header row. Destatis'
GENESIS tables are written the same way. Scripts read the page's JSON twin, or
``pandas.read_csv(url, sep=";", decimal=",")``. Python's csv module does the quoting; hand-written
here are only the number format and the guard against cells that spreadsheets run as formulas.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from flask import Response, request

BYTE_ORDER_MARK = "\ufeff"
# A text cell starting with one of these is a formula to Excel and LibreOffice (OWASP "CSV injection"):
# labels come from imported data, so such a cell gets a leading apostrophe, which shows it as text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Table:
    """What a page lists, for the CSV file: ``columns`` are (key, German header); each row maps keys to
    plain values (text, numbers, None, a {"label": …} dict or a list of either)."""
    name: str
    columns: Sequence[tuple[str, str]]
    rows: Sequence[Mapping]


def wants_csv() -> bool:
    """True when the client asked for the CSV file: a ``.csv`` suffix or ``?format=csv``."""
    return request.path.endswith(".csv") or request.args.get("format") == "csv"


def csv_href(path: str, query: str = "") -> str:
    """The CSV twin of a page: ``/kommunen?land=Hessen`` → ``/kommunen.csv?land=Hessen``."""
    return path.rstrip("/") + ".csv" + ("?" + query if query else "")


def csv_response(table: Table) -> Response:
    """``table`` as a CSV download named after the table."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([german_header(title) for _, title in table.columns])
    for row in table.rows:
        writer.writerow([cell_text(row.get(key)) for key, _ in table.columns])
    response = Response(BYTE_ORDER_MARK + out.getvalue(), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{table.name}.csv"'
    response.vary.add("Accept")
    return response


def german_header(title: str) -> str:
    return title.replace("\u00ad", "")   # soft hyphens break long headers on the page, not in a file


def cell_text(value) -> str:
    """One cell as a German spreadsheet reads it: 11,92 and 10214; ja/nein; labels, not link data."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (float, Decimal)):
        return german_decimal(value)
    if isinstance(value, Mapping):
        return cell_text(value.get("label", value.get("value")))
    if isinstance(value, (list, tuple)):
        return ", ".join(cell_text(v) for v in value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def german_decimal(number: float | Decimal) -> str:
    """A decimal with a comma and no digit grouping (a grouping dot would be read as a decimal point
    by scripts and, with some values, as a date by Excel): 11.92 → '11,92', 4.0 → '4'."""
    if isinstance(number, float) and number.is_integer() and abs(number) < 1e15:
        return str(int(number))
    text = format(number, "f") if isinstance(number, Decimal) else repr(number)
    return text.replace(".", ",")

