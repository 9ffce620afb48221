"""Write network measures back as RDF, into their own named graph with PROV-O provenance.

The graph ``…/graph/metriken`` holds one triple per node and measure
(``<node> kgm:betweenness 0.25``), a description of each measure property
(labels, networkx algorithm, parameters as JSON) and the run that made them
(a prov:Activity with start and end time, the projection and networkx's
version). Every run replaces the whole graph in one update: all or nothing.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone

from rdflib import OWL, RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.namespace import PROV

from ..namespaces import ID, PREFIXES
from ..store.load import GRAPH_BASE

METRICS_GRAPH = URIRef(GRAPH_BASE + "metriken")
KGM = Namespace(PREFIXES["kgm"])
NETWORKX = URIRef("https://networkx.org/")


def metrics_rdf(graph, table, started: datetime, ended: datetime | None = None) -> Graph:
    """The triples for ``table`` (a MetricTable over ``graph``) and their provenance."""
    import networkx as nx

    ended = ended or datetime.now(timezone.utc)
    run = ID["analyse/" + started.strftime("%Y%m%dT%H%M%S%fZ")]
    out = Graph()
    out.add((METRICS_GRAPH, RDF.type, PROV.Entity))
    out.add((METRICS_GRAPH, PROV.wasGeneratedBy, run))
    out.add((run, RDF.type, PROV.Activity))
    out.add((run, RDFS.label, Literal(f"Netzwerkanalyse {started:%Y-%m-%d %H:%M} UTC", lang="de")))
    out.add((run, PROV.startedAtTime, Literal(started, datatype=XSD.dateTime)))
    out.add((run, PROV.endedAtTime, Literal(ended, datatype=XSD.dateTime)))
    out.add((run, PROV.wasAssociatedWith, NETWORKX))
    out.add((NETWORKX, RDF.type, PROV.SoftwareAgent))
    out.add((NETWORKX, RDFS.label, Literal(f"networkx {nx.__version__}")))
    out.add((NETWORKX, KGM.version, Literal(nx.__version__)))
    for key, value in graph.graph.items():
        out.add((run, KGM[camel(key)], Literal(value)))
    out.add((run, KGM.nodeCount, Literal(graph.number_of_nodes())))
    out.add((run, KGM.edgeCount, Literal(graph.number_of_edges())))
    for result in table.results:
        describe_metric(out, result, run)
        prop = KGM[camel(result.name)]
        for node, value in result.values.items():
            out.add((URIRef(node), prop, Literal(value, datatype=XSD.integer if isinstance(value, int) else XSD.double)))
    return out


def describe_metric(out: Graph, result, run: URIRef) -> None:
    from .metrics import METRICS

    metric = METRICS[result.name]
    prop = KGM[camel(result.name)]
    out.add((prop, RDF.type, OWL.DatatypeProperty))
    out.add((prop, RDFS.label, Literal(metric.title_de, lang="de")))
    out.add((prop, RDFS.label, Literal(metric.title_en, lang="en")))
    out.add((prop, KGM.algorithm, Literal(result.algorithm)))
    out.add((prop, KGM.parameters, Literal(json.dumps(result.parameters, sort_keys=True))))
    out.add((prop, PROV.wasGeneratedBy, run))


def camel(name: str) -> str:
    """``broker-kreise`` -> ``brokerKreise`` (a local name for the property).

    >>> camel("in-degree"), camel("node_kinds")
    ('inDegree', 'nodeKinds')
    """
    head, *rest = name.replace("_", "-").split("-")
    return head + "".join(part.capitalize() for part in rest)


def replace_metrics_graph(store, triples: Graph) -> int:
    """Replace the metrics graph with ``triples`` in one SPARQL update; returns their number."""
    body = triples.serialize(format="nt", encoding="utf-8").decode("utf-8")
    store.update(f"DROP SILENT GRAPH <{METRICS_GRAPH}> ;\n"
                 f"INSERT DATA {{ GRAPH <{METRICS_GRAPH}> {{\n{body}\n}} }}")
    return len(triples)
