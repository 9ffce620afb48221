"""Write a projected network as GraphML, GEXF (Gephi), node-link JSON or a CSV edge list.

Every format is written by networkx's own writer (CSV by the csv module), so
networkx's readers — ``read_graphml``, ``read_gexf``, ``node_link_graph`` —
give back the same nodes, edges and attributes. Attribute values are already
scalars (see :mod:`koopgraph.graph.network.projection`); list values stay ``|``-joined.
The CSV edge list has a header row (``source``, ``target``, then the edge
attributes) and holds no node attributes.
"""

from __future__ import annotations

import csv
import io
import json

from ..errors import KoopgraphError

NETWORK_FORMATS = {
    "graphml": "application/graphml+xml",
    "gexf": "application/gexf+xml",
    "json": "application/json",
    "csv": "text/csv",
}
EXTENSIONS = {".graphml": "graphml", ".gexf": "gexf", ".json": "json", ".csv": "csv"}
CSV_FIRST_COLUMNS = ("source", "target", "weight", "group")


def network_format(fmt: str | None, filename: str | None = None) -> str:
    """The export format asked for, else from the file's extension, else GraphML."""
    if fmt is None and filename:
        fmt = next((name for ext, name in EXTENSIONS.items() if filename.lower().endswith(ext)), None)
    fmt = fmt or "graphml"
    if fmt not in NETWORK_FORMATS:
        raise KoopgraphError(f"unknown network format {fmt!r}", hint="Use one of: " + ", ".join(NETWORK_FORMATS) + ".")
    return fmt


def write_network(graph, fmt: str) -> bytes:
    """The network as bytes in ``fmt`` (graphml, gexf, json or csv)."""
    writer = {"graphml": graphml, "gexf": gexf, "json": node_link_json, "csv": csv_edge_list}[network_format(fmt)]
    return writer(graph)


def graphml(graph) -> bytes:
    import networkx as nx

    out = io.BytesIO()
    nx.write_graphml(graph, out, encoding="utf-8")
    return out.getvalue()


def gexf(graph) -> bytes:
    import networkx as nx

    out = io.BytesIO()
    # GEXF has no graph-level attributes; networkx keeps only the mode.
    nx.write_gexf(graph, out, encoding="utf-8")
    return out.getvalue()


def node_link_json(graph) -> bytes:
    import networkx as nx

    data = nx.node_link_data(graph, edges="edges")
    return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")


def csv_edge_list(graph) -> bytes:
    keys = sorted({key for _, _, data in graph.edges(data=True) for key in data} - set(CSV_FIRST_COLUMNS))
    columns = [*CSV_FIRST_COLUMNS, *keys]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for source, target, data in graph.edges(data=True):
        writer.writerow({"source": source, "target": target, **data})
    return out.getvalue().encode("utf-8")
