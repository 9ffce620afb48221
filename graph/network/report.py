"""Rows of analysis results as a plain-text table, CSV or JSON."""

from __future__ import annotations

import csv
import io
import json

from ..errors import KoopgraphError

ROW_FORMATS = ("table", "csv", "json")


def render_rows(columns: list[str], rows: list[dict], fmt: str = "table", extra: dict | None = None) -> str:
    """``rows`` (dicts) in ``fmt``; JSON wraps them as ``{"columns", "rows", **extra}``."""
    if fmt == "table":
        return plain_table(columns, rows)
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return out.getvalue()
    if fmt == "json":
        return json.dumps({"columns": columns, "rows": rows, **(extra or {})}, ensure_ascii=False, indent=1) + "\n"
    raise KoopgraphError(f"unknown format {fmt!r}", hint="Use one of: " + ", ".join(ROW_FORMATS) + ".")


def cell(value, width: int = 60) -> str:
    """A value for people: floats with 6 significant digits, long text shortened with '…'."""
    if value is None:
        return ""
    text = f"{value:.6g}" if isinstance(value, float) else str(value)
    return text if len(text) <= width else text[: width - 1] + "…"


def plain_table(columns: list[str], rows: list[dict]) -> str:
    """Left-aligned columns under a header and a rule, then the row count.

    >>> print(plain_table(["a", "b"], [{"a": "x", "b": 0.5}]), end="")
    a  b
    -  ---
    x  0.5
    (1 row)
    """
    cells = [[cell(row.get(c)) for c in columns] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]

    def line(values):
        return "  ".join(v.ljust(w) for v, w in zip(values, widths)).rstrip()

    out = [line(columns), line(["-" * w for w in widths]), *(line(r) for r in cells)]
    out.append(f"({len(rows)} {'row' if len(rows) == 1 else 'rows'})")
    return "\n".join(out) + "\n"
