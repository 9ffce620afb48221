"""The one export schema of every network koopgraph writes, and its writers (GraphML, GEXF, JSON, CSV).

Every export — ``koopgraph network``, ``/analyse/netzwerk.<fmt>`` and the view of ``/netzwerk``
(``/netzwerk.graphml``) — is a networkx graph whose nodes and edges carry the attributes below,
built by :func:`node_attributes` and :func:`edge_attributes`. Chosen for Gephi, yEd and networkx
users: a readable German label under the plain key (what a partition or a label column shows),
the IRI under ``<key>_iri`` (for joining with the RDF), numbers as numbers.

Node (its id is the resource's IRI)
    ``label``; ``kind`` (a key of :data:`koopgraph.graph.relations.NODE_KINDS`); ``type`` and
    ``type_iri`` (the most specific koopgraph class, for a concept its scheme); ``level``
    (-1 EU, 0 Bund, 1 Land, 1.5 channel, 2 Kreis, 3 Gemeinde); ``land``/``land_iri``,
    ``county``/``county_iri``, ``rurality``/``rurality_iri``, ``socioeconomic``/``socioeconomic_iri``,
    ``municipality_type``/``municipality_type_iri`` (a case's printed type of municipality);
    ``population`` (int), ``foreign_share`` (float).
Edge
    ``group`` (a kg:edgeGroup value) and ``group_label``; ``label`` (the properties' labels) and
    ``predicates`` (their IRIs); ``relations`` (the kg:Kooperation or case statements it is
    derived from), ``kinds``, ``tasks``, ``sources`` (sections of the study), ``graphs``;
    ``relation_count``, ``task_count`` and ``weight``.

A fact with several values is one string, sorted and joined with :data:`LIST_SEPARATOR` ``|``
(which cannot occur in an IRI, RFC 3987); a label list is in the order of its IRI list. An
unknown fact is an absent key, never None, so GraphML, GEXF and node-link JSON hold the values
as they are. Every format is written by networkx's own writer (CSV by the csv module), so
networkx's readers give back the same nodes, edges and attributes; the CSV edge list has a
header row (``source``, ``target``, then the edge attributes) and holds no node attributes.

>>> split_list("a|b")
['a', 'b']
>>> joined(["b", None, "a", "b"])
'a|b'
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable

from rdflib import Literal

from ..errors import KoopgraphError
from ..relations import RELATION_GROUPS

NETWORK_FORMATS = {
    "graphml": "application/graphml+xml",
    "gexf": "application/gexf+xml",
    "json": "application/json",
    "csv": "text/csv",
}
EXTENSIONS = {".graphml": "graphml", ".gexf": "gexf", ".json": "json", ".csv": "csv"}
CSV_FIRST_COLUMNS = ("source", "target", "weight", "group")
LIST_SEPARATOR = "|"
# Node facts that are resources: label under the key, IRI under key + "_iri".
RESOURCE_FACTS = ("land", "county", "rurality", "socioeconomic", "municipality_type")
NUMBER_FACTS = ("population", "foreign_share")


def split_list(value: str | None) -> list[str]:
    """The values of a ``|``-joined attribute (empty list for None or "")."""
    return value.split(LIST_SEPARATOR) if value else []


def joined(values: Iterable[str | None]) -> str:
    """Distinct non-empty values, sorted, joined with ``|``."""
    return LIST_SEPARATOR.join(sorted({v for v in values if v}))


def python_value(term):
    """str/int/float/bool for a term (decimals become float: GraphML has no decimal)."""
    if isinstance(term, Literal):
        value = term.toPython()
        if isinstance(value, bool | int | float | str):
            return value
        try:
            return float(value)
        except (TypeError, ValueError):
            return str(term)
    return str(term)


def node_attributes(node: str, context) -> dict:
    """The schema's attributes of ``node``; ``context`` is a projection's NodeContext."""
    shown_as = context.node_class(node)
    attributes = {"label": context.label(node), "kind": shown_as.kind if shown_as else "sonstige"}
    type_iri = context.type_iri(node)
    if type_iri:
        attributes.update(type=context.label(type_iri), type_iri=type_iri)
    level = context.level(node, shown_as)
    if level is not None:
        attributes["level"] = float(level)
    for key in RESOURCE_FACTS:
        iris = context.resources(node, key)
        if iris:
            attributes[key] = LIST_SEPARATOR.join(context.label(iri) for iri in iris)
            attributes[key + "_iri"] = LIST_SEPARATOR.join(iris)
    for key in NUMBER_FACTS:
        value = context.first(node, key)
        if value is not None:
            attributes[key] = python_value(value)
    return attributes


def edge_attributes(records, projection, context) -> dict:
    """The schema's attributes of one edge from its browsing-edge records (see EdgeRecord)."""
    relations = {r.relation or f"{r.s} {r.p} {r.o}" for r in records}
    tasks = {r.task for r in records if r.task}
    predicates = sorted({r.p for r in records})
    group = joined(r.group for r in records)
    attributes = {
        "group": group,
        "group_label": LIST_SEPARATOR.join(RELATION_GROUPS.get(g, g) for g in split_list(group)),
        "label": LIST_SEPARATOR.join(context.label(p) for p in predicates),
        "predicates": LIST_SEPARATOR.join(predicates),
        "kinds": joined(r.kind for r in records),
        "relations": joined(r.relation for r in records),
        "tasks": joined(tasks),
        "sources": joined(r.source for r in records),
        "graphs": joined(r.graph for r in records),
        "relation_count": len(relations),
        "task_count": len(tasks),
    }
    attributes = {k: v for k, v in attributes.items() if v != ""}
    # A relation without named tasks still counts once, so no edge weighs 0.
    attributes["weight"] = len(relations) if projection.weight == "relations" else max(1, len(tasks))
    return attributes


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
