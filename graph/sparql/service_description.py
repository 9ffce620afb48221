"""A SPARQL 1.1 Service Description of koopgraph's endpoint.

https://www.w3.org/TR/sparql11-service-description/ — what the endpoint
speaks (query, update if allowed), its result formats, and its dataset: the
union of all named graphs as default graph (sd:UnionDefaultGraph), each named graph with its size,
and on the default graph its VoID class and property partitions (entities per class, triples per
property), so that a tool sees what the data hold before it asks; the limits a query meets are
stated in a sentence (no common vocabulary names them). The catalogue's questions are listed as example
queries the way SIB's SPARQL examples (UniProt, Bgee, …) list theirs: each a ``sh:SPARQLExecutable`` with
its text in ``sh:select``/``sh:construct``/``sh:ask``, ``rdfs:label``, ``rdfs:comment``, ``schema:target``
the endpoint and ``schema:url`` its page in the explorer; a question that needs values is listed with its
example values bound (``# beispiel:``), one without them (the two about dated relations, which the shipped
study data do not have) is left out.

>>> from koopgraph.graph.store import open_store
>>> graph = service_description(open_store("memory", empty=True), "http://localhost/sparql", updates=False)
>>> (URIRef("http://localhost/sparql"), SD.endpoint, URIRef("http://localhost/sparql")) in graph
True
"""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SH, VOID

from ..errors import QueryError
from ..namespaces import bind_prefixes
from .questions import catalogue, example_query
from .safety import check_query

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS = Namespace("http://www.w3.org/ns/formats/")
SCHEMA = Namespace("https://schema.org/")
# the SHACL class and property of an example's text, by query form
EXECUTABLES = {"SELECT": (SH.SPARQLSelectExecutable, SH.select), "CONSTRUCT": (SH.SPARQLConstructExecutable, SH.construct),
               "ASK": (SH.SPARQLAskExecutable, SH.ask)}
RESULT_FORMATS = ["SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                  "Turtle", "N-Triples", "JSON-LD", "RDF_XML"]


# Entities per class and triples per property of the default graph (the union), for the VoID partitions.
CLASS_PARTITIONS = "SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class"
PROPERTY_PARTITIONS = "SELECT ?property (COUNT(*) AS ?n) WHERE { ?s ?property ?o } GROUP BY ?property"


def service_description(store, endpoint: str, *, updates: bool, limits: dict | None = None,
                        question_pages: str | None = None) -> Graph:
    """The description of the endpoint at ``endpoint`` over ``store``; ``updates`` if allowed.

    ``limits``: ``query_timeout`` (seconds), ``row_cap`` and ``download_row_cap`` (rows), said in words;
    ``question_pages``: the URL the catalogue's question pages start with (``…/abfragen/``).
    """
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
    if limits:
        _add_limits(graph, service, limits)
    default = _add_dataset(graph, service, store.graph_sizes())
    _add_partitions(graph, default, store)
    _add_examples(graph, service, store, question_pages)
    return graph


def _add_examples(graph: Graph, service: URIRef, store, question_pages: str | None) -> None:
    graph.bind("sh", SH)
    graph.bind("schema", SCHEMA)
    for question in catalogue().values():
        if not question.runs_as_example:
            continue
        try:
            sparql = example_query(store, question)
        except QueryError:   # a store without the example's values (not the study data): no example to give
            continue
        kind, text_property = EXECUTABLES[check_query(sparql, store).form]
        example = URIRef(f"{service}#beispiel-{question.name}")
        for type_ in (SH.SPARQLExecutable, kind):
            graph.add((example, RDF.type, type_))
        graph.add((example, text_property, Literal(sparql)))
        graph.add((example, RDFS.label, Literal(question.title_de, lang="de")))
        graph.add((example, RDFS.label, Literal(question.title_en, lang="en")))
        graph.add((example, RDFS.comment, Literal(question.description, lang="de")))
        graph.add((example, SCHEMA.target, service))
        if question_pages:
            graph.add((example, SCHEMA.url, URIRef(question_pages + question.name)))


def _add_limits(graph: Graph, service: URIRef, limits: dict) -> None:
    timeout, rows, download = limits["query_timeout"], limits["row_cap"], limits["download_row_cap"]
    graph.add((service, DCTERMS.description, Literal(
        f"Nur lesend. Eine Abfrage darf höchstens {timeout:g} s laufen; eine Antwort hat höchstens {rows} Zeilen "
        f"(ein Download mit download=1 höchstens {download}), eine gekürzte sagt es im Kopf X-Koopgraph-Row-Cap.",
        lang="de")))
    graph.add((service, DCTERMS.description, Literal(
        f"Read-only. A query may run at most {timeout:g} s; an answer has at most {rows} rows (a download with "
        f"download=1 at most {download}); a cut answer says so in the header X-Koopgraph-Row-Cap.", lang="en")))


def _add_partitions(graph: Graph, default: BNode, store) -> None:
    for row in store.query(CLASS_PARTITIONS):
        partition = BNode()
        graph.add((default, VOID.classPartition, partition))
        graph.add((partition, VOID["class"], row[0]))
        graph.add((partition, VOID.entities, Literal(int(row[1]))))
    for row in store.query(PROPERTY_PARTITIONS):
        partition = BNode()
        graph.add((default, VOID.propertyPartition, partition))
        graph.add((partition, VOID.property, row[0]))
        graph.add((partition, VOID.triples, Literal(int(row[1]))))


def _add_dataset(graph: Graph, service: URIRef, sizes: dict) -> BNode:
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
    return default
