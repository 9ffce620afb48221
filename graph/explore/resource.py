"""Everything the store says about one resource: labels, types, statements out and in, sources.

Statements are grouped by property; each keeps the named graph it is stated in, so
a page can show where a fact comes from. Incoming statements are capped per
property (a Land has thousands of municipalities at Germany scale).

>>> from koopgraph.graph.store import open_store
>>> describe(open_store("memory", empty=True), URIRef("https://w3id.org/koopgraph/id/nichts"))
Traceback (most recent call last):
koopgraph.graph.errors.NotFound: the store says nothing about <https://w3id.org/koopgraph/id/nichts>. ...
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.term import Node

from ..errors import NotFound
from ..labels import LabelIndex, labels_of
from ..namespaces import bind_prefixes
from .provenance import graph_origins, statement_sources

# bound: ?s
STATEMENTS_OUT = "SELECT ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?p ?o LIMIT 5000"
# bound: ?s, ?p — the incoming statements of one property, in the store's own order (sorted in
# Python: Oxigraph's ORDER BY over thousands of IRIs costs more than the rest of the page)
STATEMENTS_IN = "SELECT ?x ?p ?g WHERE { GRAPH ?g { ?x ?p ?s } } LIMIT LIMIT_ROWS"
# bound: ?s — how many incoming statements each property has, beyond the shown ones
INCOMING_COUNTS = "SELECT ?p (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?x ?p ?s } } GROUP BY ?p"
# bound: ?s — is the IRI a property of some statement (rdfs:label, dcterms:source … need no description)
USED_AS_PROPERTY = "SELECT ?x WHERE { ?x ?s ?y } LIMIT 1"
# bound: ?s
TRIPLES_OUT = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
# bound: ?s
TRIPLES_IN = "CONSTRUCT { ?x ?p ?s } WHERE { ?x ?p ?s }"
# bound: ?g (a list) — what each named graph says about its own origin
GRAPH_SOURCES = """
SELECT ?g ?source WHERE {
  ?g <http://purl.org/dc/terms/source>|<http://www.w3.org/ns/prov#wasDerivedFrom> ?source
}"""

INCOMING_SHOWN_PER_PROPERTY = 50
# A property with at most this many incoming statements shows the first ones by IRI; one with more
# (rdf:type of kg:Kooperation at Germany scale: 100,000) shows the first the store finds.
INCOMING_SORTED_UP_TO = 5000


@dataclass(frozen=True)
class Shown:
    """An RDF term with the text to show for it."""

    term: Node
    label: str

    @property
    def is_iri(self) -> bool:
        return isinstance(self.term, URIRef)

    @property
    def is_literal(self) -> bool:
        return isinstance(self.term, Literal)


@dataclass(frozen=True)
class Statement:
    """One statement seen from the described resource: the other end, its graph and its sources."""

    other: Shown
    graph: Shown
    sections: tuple[str, ...] = ()     # sections of the study it rests on
    via: tuple[Shown, ...] = ()        # the nodes a derived edge comes from (the first ones)
    via_more: int = 0                  # how many more it comes from


@dataclass(frozen=True)
class GraphInfo:
    """A named graph the statements come from, with the sections and sources it names."""

    graph: Shown
    sections: tuple[str, ...]
    sources: tuple[Shown, ...]


@dataclass
class PropertyGroup:
    """The statements of one property in one direction ("out" or "in")."""

    property: Shown
    direction: str
    statements: list[Statement] = field(default_factory=list)
    total: int = 0

    @property
    def more(self) -> int:
        """How many statements were left out of the page."""
        return self.total - len(self.statements)


@dataclass
class Description:
    iri: URIRef
    label: str
    labels: list[Literal]
    types: list[Shown]
    out: list[PropertyGroup]
    incoming: list[PropertyGroup]
    graphs: list[GraphInfo]
    property_only: bool = False     # the store uses the IRI as a property and says nothing else of it


def describe(store, iri: URIRef) -> Description:
    """What ``store`` states about ``iri``, with the source of each statement; NotFound if nothing."""
    out_rows = list(store.query(STATEMENTS_OUT, {"s": iri}))
    totals = {row.p: int(row.n) for row in store.query(INCOMING_COUNTS, {"s": iri})}
    in_rows = incoming_shown(store, iri, totals)
    if not out_rows and not in_rows:
        if not used_as_property(store, iri):
            raise NotFound(f"the store says nothing about <{iri}>",
                           hint="Check the address, or browse from the start page.")
        return Description(iri, labels_of(store, [iri])(iri), [], [], [], [], [], property_only=True)
    sources = statement_sources(store, iri, out_rows, in_rows)
    origins = graph_origins(store, {row.g for row in out_rows} | {row.g for row in in_rows})
    extra = [v for src in sources.values() for v in src.via] + [s for o in origins.values() for s in o.sources]
    labels = labels_of(store, [*_terms_to_label(iri, out_rows, in_rows, origins), *extra])
    shown = _shower(labels)

    def statements(direction, rows):
        for p, other, g in rows:
            src = sources[(direction, p, other, g)]
            yield p, Statement(shown(other), shown(g), tuple(src.sections), tuple(shown(v) for v in src.via),
                               src.via_more)

    return Description(
        iri=iri, label=labels(iri), labels=labels.all_labels(iri),
        types=[shown(row.o) for row in out_rows if row.p == RDF.type],
        out=_group(statements("out", ((r.p, r.o, r.g) for r in out_rows)), "out", shown, {}),
        incoming=_group(statements("in", ((r.p, r.x, r.g) for r in in_rows)), "in", shown, totals),
        graphs=[GraphInfo(shown(g), tuple(o.sections), tuple(shown(s) for s in o.sources))
                for g, o in sorted(origins.items())],
    )


def used_as_property(store, iri: URIRef) -> bool:
    return bool(list(store.query(USED_AS_PROPERTY, {"s": iri})))


def incoming_shown(store, iri: URIRef, totals: dict) -> list:
    """The incoming statements a page shows: per property (``totals``: property → count), the first
    INCOMING_SHOWN_PER_PROPERTY by subject IRI, sorted by property and subject."""
    shown = []
    for prop in sorted(totals):
        limit = totals[prop] if totals[prop] <= INCOMING_SORTED_UP_TO else INCOMING_SHOWN_PER_PROPERTY
        sparql = STATEMENTS_IN.replace("LIMIT_ROWS", str(limit))
        rows = sorted(store.query(sparql, {"s": iri, "p": prop}), key=lambda r: (not isinstance(r.x, BNode), str(r.x)))
        shown += rows[:INCOMING_SHOWN_PER_PROPERTY]
    return shown


def _terms_to_label(iri, out_rows, in_rows, graph_iris) -> Iterable[Node]:
    yield iri
    yield from graph_iris
    for row in out_rows:
        yield row.p
        yield row.o
    for row in in_rows:
        yield row.p
        yield row.x


def _shower(labels: LabelIndex):
    def shown(term: Node) -> Shown:
        return Shown(term, labels(term))
    return shown


def _group(statements, direction: str, shown, totals: dict) -> list[PropertyGroup]:
    groups: dict[URIRef, PropertyGroup] = {}
    for prop, statement in statements:
        group = groups.get(prop)
        if group is None:
            group = groups[prop] = PropertyGroup(shown(prop), direction, total=totals.get(prop, 0))
        if direction == "out" or len(group.statements) < INCOMING_SHOWN_PER_PROPERTY:
            group.statements.append(statement)
    for group in groups.values():
        group.total = max(group.total, len(group.statements))
    return sorted(groups.values(), key=lambda g: (g.property.term != RDF.type, g.property.label.lower()))


def resource_graph(store, iri: URIRef) -> Graph:
    """The statements about ``iri`` (out and in) as an rdflib Graph; NotFound if none."""
    graph = Graph()
    bind_prefixes(graph)
    for sparql in (TRIPLES_OUT, TRIPLES_IN):
        for triple in store.query(sparql, {"s": iri}):
            graph.add(triple)
    if len(graph) == 0 and not used_as_property(store, iri):   # a property alone: an empty document
        raise NotFound(f"the store says nothing about <{iri}>", hint="Check the address.")
    return graph


# Is ?iri a named place (a Kommune of any kind: Landkreis, kreisfreie Stadt, kreisangehörige Kommune)?
# bound: ?iri
IS_NAMED_PLACE = """
PREFIX kg: <https://w3id.org/koopgraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
ASK { ?iri a/rdfs:subClassOf* kg:Kommune }"""


def is_named_place(store, iri: URIRef) -> bool:
    """Is ``iri`` a Kommune? Its page says that the study reports cooperations only for anonymised cases."""
    return bool(store.query(IS_NAMED_PLACE, {"iri": iri}).askAnswer)
