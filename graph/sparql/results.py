"""SPARQL results as text: a readable table, CSV, TSV, JSON, XML, RDF formats.

SELECT and ASK results use the SPARQL 1.1 result formats (JSON, XML, CSV,
TSV); CONSTRUCT and DESCRIBE results use the RDF formats.
"""

from __future__ import annotations

from rdflib import Graph
from rdflib.query import Result

from ..errors import KoopgraphError
from ..formats import format_by_name
from ..namespaces import bind_prefixes

TABULAR_FORMATS = ("table", "csv", "tsv", "json", "xml")
GRAPH_FORMATS = ("turtle", "ntriples", "jsonld", "xml", "trig")
CLI_FORMATS = ("table", "csv", "tsv", "json", "xml", "turtle", "ntriples", "jsonld")


def render(result: Result, fmt: str = "table") -> bytes:
    """The result in ``fmt``; a graph result shown as ``table`` comes out as Turtle."""
    if result.type in ("CONSTRUCT", "DESCRIBE"):
        return _render_graph(result.graph, "turtle" if fmt == "table" else fmt)
    if fmt not in TABULAR_FORMATS:
        raise KoopgraphError(f"a {result.type} result cannot be written as {fmt}",
                             hint="Use one of: " + ", ".join(TABULAR_FORMATS) + ".")
    if fmt == "table":
        return text_table(result).encode("utf-8")
    if fmt == "tsv":
        return tsv(result).encode("utf-8")
    if result.type == "ASK" and fmt == "csv":
        return ("true" if result.askAnswer else "false").encode() + b"\n"
    return result.serialize(format=fmt, encoding="utf-8")


def _render_graph(graph: Graph, fmt: str) -> bytes:
    if fmt not in GRAPH_FORMATS:
        raise KoopgraphError(f"a graph result cannot be written as {fmt}",
                             hint="Use one of: " + ", ".join(GRAPH_FORMATS) + ".")
    bind_prefixes(graph)
    return graph.serialize(format=format_by_name(fmt).rdflib_name, encoding="utf-8")


def tsv(result: Result) -> str:
    """SPARQL 1.1 TSV: a header of ?variables, then terms in Turtle syntax.

    rdflib reads TSV results but has no writer for them.
    """
    if result.type == "ASK":
        return ("true" if result.askAnswer else "false") + "\n"
    lines = ["\t".join("?" + str(v) for v in result.vars)]
    for row in result:
        cells = []
        for value in row:
            cells.append("" if value is None else value.n3().replace("\t", "\\t").replace("\n", "\\n"))
        lines.append("\t".join(cells))
    return "\n".join(lines) + "\n"


def text_table(result: Result, max_width: int = 60) -> str:
    """A plain-text table for people; long values are shortened with '…'."""
    if result.type == "ASK":
        return ("ja (true)" if result.askAnswer else "nein (false)") + "\n"
    header = [str(v) for v in result.vars]
    rows = [[_cell(value, max_width) for value in row] for row in result]
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(header)]

    def line(cells):
        return "  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()

    out = [line(header), line(["-" * w for w in widths])] + [line(r) for r in rows]
    out.append(f"({len(rows)} {'row' if len(rows) == 1 else 'rows'})")
    return "\n".join(out) + "\n"


def _cell(value, max_width: int) -> str:
    text = "" if value is None else str(value).replace("\n", " ")
    return text if len(text) <= max_width else text[: max_width - 1] + "…"
