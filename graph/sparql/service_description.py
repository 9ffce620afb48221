"""A SPARQL 1.1 Service Description of koopgraph's endpoint.

https://www.w3.org/TR/sparql11-service-description/ — what the endpoint
speaks (query, update if allowed), its result formats, and its dataset: the
union of all named graphs as default graph (sd:UnionDefaultGraph), each named graph with its size.

>>> from koopgraph.graph.store import open_store
>>> graph = service_description(open_store("memory", empty=True), "http://localhost/sparql", updates=False)
>>> (URIRef("http://localhost/sparql"), SD.endpoint, URIRef("http://localhost/sparql")) in graph
True
"""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, VOID

from ..namespaces import bind_prefixes

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
RESULT_FORMATS = ["SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                  "Turtle", "N-Triples", "JSON-LD", "RDF_XML"]


def service_description(store, endpoint: str, *, updates: bool) -> Graph:
    """The description of the endpoint at ``endpoint`` over ``store``; ``updates`` if allowed."""
    graph = Graph()
    bind_prefixes(graph)
    graph.bind("sd", SD)
    service = URIRef(endpoint)
    graph.add((service, RDF.type, SD.Service))
    graph.add((service, SD.endpoint, service))
    graph.add((service, DCTERMS.title, Literal("koopgraph SPARQL-Endpunkt", lang="de")))
    graph.add((service, DCTERMS.title, Literal("koopgraph SPARQL endpoint", lang="en")))
    graph.add((service, SD.supportedLanguage, SD.SPARQL11Query))
    if updates:
        graph.add((service, SD.supportedLanguage, SD.SPARQL11Update))
    graph.add((service, SD.feature, SD.UnionDefaultGraph))
    for name in RESULT_FORMATS:
        graph.add((service, SD.resultFormat, FORMATS[name]))
    _add_dataset(graph, service, store.graph_sizes())
    return graph


def _add_dataset(graph: Graph, service: URIRef, sizes: dict) -> None:
    dataset, default = BNode(), BNode()
    graph.add((service, SD.defaultDataset, dataset))
    graph.add((dataset, RDF.type, SD.Dataset))
    graph.add((dataset, SD.defaultGraph, default))
    graph.add((default, RDF.type, SD.Graph))
    for name, triples in sorted(sizes.items()):
        named, described = BNode(), BNode()
        graph.add((dataset, SD.namedGraph, named))
        graph.add((named, RDF.type, SD.NamedGraph))
        graph.add((named, SD.name, name))
        graph.add((named, SD.graph, described))
        graph.add((described, RDF.type, SD.Graph))
        graph.add((described, VOID.triples, Literal(triples)))
